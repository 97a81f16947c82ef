//! The Windows SDK surface a Schannel program uses, with exact SDK names, values and (x64)
//! layouts: `win32` (base types), `winerror` (status codes), `sspi` (handles, buffers, flags,
//! attributes, function table), `schannel` (credentials, protocols, alerts, Schannel attributes)
//! and `wincrypt` (the crypt32 subset). `use crate::abi::*;` brings in everything.
//!
//! This module is also the source of the C header: cbindgen (configured by `cbindgen.toml`)
//! turns every type here into a `typedef` and every `pub const` into a `#define`. The few names
//! whose C form cbindgen cannot produce (string literals such as `UNISP_NAME_A` and `szOID_*`,
//! `(LPCSTR)n` pointer constants such as `CERT_STORE_PROV_MEMORY`, and the `sspi.h` macros) are
//! written into the header by `cbindgen.toml` and marked `cbindgen:ignore` here.
//!
//! Layout rules: `ULONG`/`DWORD`/`LONG` are 32-bit, `WCHAR` is UTF-16 (`u16`), pointers and
//! `ULONG_PTR` are pointer-sized. Every structure has `const` assertions of its x64 size and
//! field offsets (reference/wine-conformance.md §4.8); the header repeats them as static asserts.

pub mod schannel;
pub mod sspi;
pub mod win32;
pub mod wincrypt;
pub mod winerror;

pub use schannel::*;
pub use sspi::*;
pub use win32::*;
pub use wincrypt::*;
pub use winerror::*;
