//! schannel-shim: the Windows Schannel SSPI C API over rustls.
//!
//! Layers, outermost first: `exports` (the `extern "C"` functions), `ffi` (what every export shares
//! at the C boundary: the panic boundary and call trace, the one reader of caller strings, arrays
//! and handles, the one out-parameter writer, `malloc`ed memory handed to the caller; `trace`
//! formats the trace), `sspi` (the safe half of the SSPI exports: handle tables, the ISC/ASC state
//! machine, what outcomes write into the caller's buffers, the query values), `buffers` (the only
//! code touching `SecBuffer` arrays), `handles`,
//! `credential`, `context` (handshake driver, record layer, post-handshake events, attributes),
//! `cert` (the crypt32 subset), `status` (the one rustls → `SECURITY_STATUS` map), and `abi` (the
//! `#[repr(C)]` types cbindgen exports).
pub mod abi;
pub mod buffers;
pub mod cert;
pub mod context;
pub mod credential;
pub mod exports;
pub mod ffi;
pub mod handles;
pub mod sspi;
pub mod status;
