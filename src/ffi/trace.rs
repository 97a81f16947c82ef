//! The call trace: `SCHSHIM_TRACE` makes every export log one line per call, with its handles,
//! flags, buffer types and sizes on the way in and out, and the status it returned, so any
//! ported program can be watched without changing it.
//!
//! `SCHSHIM_TRACE=1` (or `stderr`) writes to standard error; any other value is a file, appended
//! to. Unset, empty or `0`: off, and then an export pays one load of a `LazyLock`d flag (the
//! arguments are described only when tracing is on). The trace lives here and at the one
//! boundary function, [`crate::ffi::export`]; no layer below the exports knows of it.

use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::{LazyLock, Mutex};

use crate::abi::*;

enum Sink {
    Stderr,
    File(std::fs::File),
}

static SINK: LazyLock<Option<Mutex<Sink>>> = LazyLock::new(|| {
    let value = std::env::var_os("SCHSHIM_TRACE")?;
    let value = value.to_string_lossy();
    match &*value {
        "" | "0" => None,
        "1" | "stderr" => Some(Mutex::new(Sink::Stderr)),
        path => std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()
            .map(|f| Mutex::new(Sink::File(f))),
    }
});

/// Whether calls are traced (`SCHSHIM_TRACE`, read once per process).
pub fn enabled() -> bool {
    SINK.is_some()
}

/// One argument of an export, as the trace shows it. The pointer kinds are made with `unsafe`
/// constructors: the export vouches that the pointer is NULL or readable for the call.
#[derive(Clone, Copy)]
pub struct Arg(Kind);

#[derive(Clone, Copy)]
enum Kind {
    Handle(&'static str, *const SecHandle),
    OutHandle(&'static str, *const SecHandle),
    Flags(&'static str, u32),
    Desc(&'static str, *const SecBufferDesc),
    Ptr(&'static str, *const std::ffi::c_void),
    Value(&'static str, usize),
    OutFlags(&'static str, *const ULONG),
}

impl Arg {
    /// Flags or a number, shown in hex on the way in.
    pub fn flags(name: &'static str, value: u32) -> Arg {
        Arg(Kind::Flags(name, value))
    }

    /// A pointer shown as an address on the way in (`pAuthData`, a buffer to free).
    pub fn ptr<T>(name: &'static str, p: *const T) -> Arg {
        Arg(Kind::Ptr(name, p.cast()))
    }

    /// A handle passed by value as an integer (`HCRYPTPROV`, `HCRYPTHASH`), in hex on the way in.
    pub fn value(name: &'static str, value: usize) -> Arg {
        Arg(Kind::Value(name, value))
    }

    /// A `CredHandle *` / `CtxtHandle *` the export reads.
    ///
    /// # Safety
    /// `h` is NULL or readable for the whole call.
    pub unsafe fn handle(name: &'static str, h: *const SecHandle) -> Arg {
        Arg(Kind::Handle(name, h))
    }

    /// A handle the export writes (`phNewContext`, `phCredential` of Acquire), read after.
    ///
    /// # Safety
    /// `h` is NULL or readable for the whole call.
    pub unsafe fn out_handle(name: &'static str, h: *const SecHandle) -> Arg {
        Arg(Kind::OutHandle(name, h))
    }

    /// A `SecBufferDesc *`: buffer types and sizes in and out, never the bytes.
    ///
    /// # Safety
    /// `d` is NULL or a descriptor whose `pBuffers` holds `cBuffers` entries, for the call.
    pub unsafe fn desc(name: &'static str, d: *const SecBufferDesc) -> Arg {
        Arg(Kind::Desc(name, d))
    }

    /// A `ULONG *` out-parameter, read after the call.
    ///
    /// # Safety
    /// `p` is NULL or readable once the call has written it.
    pub unsafe fn out_flags(name: &'static str, p: *const ULONG) -> Arg {
        Arg(Kind::OutFlags(name, p))
    }
}

/// Describes the arguments, on the way in (`after` false) or out.
pub fn describe_args(args: &[Arg], after: bool, out: &mut String) {
    for Arg(arg) in args {
        match *arg {
            Kind::Handle(name, h) | Kind::OutHandle(name, h)
                if after == matches!(arg, Kind::OutHandle(..)) =>
            {
                if h.is_null() {
                    let _ = write!(out, " {name}=NULL");
                } else {
                    // SAFETY: non-NULL and readable (`Arg::handle`'s contract).
                    let h = unsafe { h.read() };
                    let _ = write!(out, " {name}={{{:#x},{:#x}}}", h.dwLower, h.dwUpper);
                }
            }
            Kind::Flags(name, v) if !after => {
                let _ = write!(out, " {name}={v:#x}");
            }
            Kind::Desc(name, d) => {
                let _ = write!(out, " {name}=");
                // SAFETY: `Arg::desc`'s contract.
                unsafe { describe_desc(d, out) };
            }
            Kind::Ptr(name, p) if !after => {
                let _ = write!(out, " {name}={p:p}");
            }
            Kind::Value(name, v) if !after => {
                let _ = write!(out, " {name}={v:#x}");
            }
            Kind::OutFlags(name, p) if after && !p.is_null() => {
                // SAFETY: non-NULL, written by the export (`Arg::out_flags`'s contract).
                let _ = write!(out, " {name}={:#x}", unsafe { p.read() });
            }
            _ => {}
        }
    }
}

/// `[TOKEN 517, EMPTY 0]`: at most 16 buffers, types and sizes only.
///
/// # Safety
/// `d` is NULL or a descriptor whose `pBuffers` holds `cBuffers` entries.
unsafe fn describe_desc(d: *const SecBufferDesc, out: &mut String) {
    if d.is_null() {
        out.push_str("NULL");
        return;
    }
    // SAFETY: non-NULL and readable (function contract).
    let d = unsafe { d.read() };
    if d.pBuffers.is_null() {
        let _ = write!(out, "[{} buffers at NULL]", d.cBuffers);
        return;
    }
    out.push('[');
    for i in 0..d.cBuffers.min(16) as usize {
        // SAFETY: i < cBuffers entries (function contract).
        let b = unsafe { d.pBuffers.add(i).read() };
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{} {}", buffer_type_name(b.BufferType), b.cbBuffer);
    }
    if d.cBuffers > 16 {
        out.push_str(", ...");
    }
    out.push(']');
}

/// Writes one finished line.
pub fn emit(line: &str) {
    let Some(sink) = SINK.as_ref() else { return };
    let mut sink = sink.lock().unwrap_or_else(|p| p.into_inner());
    let _ = match &mut *sink {
        Sink::Stderr => writeln!(std::io::stderr(), "{line}"),
        Sink::File(f) => writeln!(f, "{line}"),
    };
}

fn buffer_type_name(ty: u32) -> String {
    let name = match ty & !SECBUFFER_ATTRMASK {
        SECBUFFER_EMPTY => "EMPTY",
        SECBUFFER_DATA => "DATA",
        SECBUFFER_TOKEN => "TOKEN",
        SECBUFFER_EXTRA => "EXTRA",
        SECBUFFER_STREAM_TRAILER => "STREAM_TRAILER",
        SECBUFFER_STREAM_HEADER => "STREAM_HEADER",
        SECBUFFER_MISSING => "MISSING",
        SECBUFFER_ALERT => "ALERT",
        SECBUFFER_APPLICATION_PROTOCOLS => "APPLICATION_PROTOCOLS",
        other => return format!("type{other}"),
    };
    name.to_owned()
}

/// The SDK name of a status, for the trace.
pub fn status_name(s: SECURITY_STATUS) -> &'static str {
    match s {
        SEC_E_OK => "SEC_E_OK",
        SEC_I_CONTINUE_NEEDED => "SEC_I_CONTINUE_NEEDED",
        SEC_I_CONTEXT_EXPIRED => "SEC_I_CONTEXT_EXPIRED",
        SEC_I_RENEGOTIATE => "SEC_I_RENEGOTIATE",
        SEC_I_INCOMPLETE_CREDENTIALS => "SEC_I_INCOMPLETE_CREDENTIALS",
        SEC_E_INCOMPLETE_MESSAGE => "SEC_E_INCOMPLETE_MESSAGE",
        SEC_E_INSUFFICIENT_MEMORY => "SEC_E_INSUFFICIENT_MEMORY",
        SEC_E_INVALID_HANDLE => "SEC_E_INVALID_HANDLE",
        SEC_E_UNSUPPORTED_FUNCTION => "SEC_E_UNSUPPORTED_FUNCTION",
        SEC_E_TARGET_UNKNOWN => "SEC_E_TARGET_UNKNOWN",
        SEC_E_INTERNAL_ERROR => "SEC_E_INTERNAL_ERROR",
        SEC_E_SECPKG_NOT_FOUND => "SEC_E_SECPKG_NOT_FOUND",
        SEC_E_INVALID_TOKEN => "SEC_E_INVALID_TOKEN",
        SEC_E_MESSAGE_ALTERED => "SEC_E_MESSAGE_ALTERED",
        SEC_E_NO_CREDENTIALS => "SEC_E_NO_CREDENTIALS",
        SEC_E_BUFFER_TOO_SMALL => "SEC_E_BUFFER_TOO_SMALL",
        SEC_E_WRONG_PRINCIPAL => "SEC_E_WRONG_PRINCIPAL",
        SEC_E_UNKNOWN_CREDENTIALS => "SEC_E_UNKNOWN_CREDENTIALS",
        SEC_E_UNTRUSTED_ROOT => "SEC_E_UNTRUSTED_ROOT",
        SEC_E_ILLEGAL_MESSAGE => "SEC_E_ILLEGAL_MESSAGE",
        SEC_E_CERT_UNKNOWN => "SEC_E_CERT_UNKNOWN",
        SEC_E_CERT_EXPIRED => "SEC_E_CERT_EXPIRED",
        SEC_E_ENCRYPT_FAILURE => "SEC_E_ENCRYPT_FAILURE",
        SEC_E_DECRYPT_FAILURE => "SEC_E_DECRYPT_FAILURE",
        SEC_E_ALGORITHM_MISMATCH => "SEC_E_ALGORITHM_MISMATCH",
        SEC_E_CONTEXT_EXPIRED => "SEC_E_CONTEXT_EXPIRED",
        SEC_E_APPLICATION_PROTOCOL_MISMATCH => "SEC_E_APPLICATION_PROTOCOL_MISMATCH",
        _ => "status",
    }
}
