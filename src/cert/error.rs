//! crypt32 reports failure the Win32 way: a FALSE/NULL/0 return plus a per-thread "last error" that the
//! caller reads with `GetLastError`. Windows programs call `GetLastError` right after a failed crypt32
//! call (curl and Qt print it, .NET turns it into an exception), so the value must be per thread and
//! must survive until the caller looks. The safe code returns [`Win32Error`]; only the exports store it.

use std::cell::Cell;

/// A value for `SetLastError`: either a Win32 error (`ERROR_*`) or an HRESULT (`CRYPT_E_*`, `E_*`,
/// `NTE_*`), which crypt32 also reports through the last error, reinterpreted as a DWORD.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Win32Error(pub u32);

/// The SDK declares Win32 errors as DWORD and HRESULTs as LONG; both travel as the same 32 bits.
pub trait LastErrorCode: Copy {
    /// The code's 32 bits as `GetLastError` returns them.
    fn dword(self) -> u32;
}

impl LastErrorCode for u32 {
    fn dword(self) -> u32 {
        self
    }
}

impl LastErrorCode for i32 {
    fn dword(self) -> u32 {
        u32::from_ne_bytes(self.to_ne_bytes())
    }
}

impl Win32Error {
    /// Wraps an SDK constant of either signedness.
    pub fn of(code: impl LastErrorCode) -> Self {
        Win32Error(code.dword())
    }
}

impl std::fmt::Display for Win32Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "win32 error {:#010x}", self.0)
    }
}

impl std::error::Error for Win32Error {}

/// Shorthand for the results of the safe crypt32 code.
pub type CertResult<T> = Result<T, Win32Error>;

thread_local! {
    static LAST_ERROR: Cell<u32> = const { Cell::new(0) };
}

/// Sets the calling thread's last error (the `SetLastError` export and every failing crypt32 export).
pub fn set_last_error(code: u32) {
    LAST_ERROR.with(|c| c.set(code));
}

/// The calling thread's last error (the `GetLastError` export).
pub fn last_error() -> u32 {
    LAST_ERROR.with(|c| c.get())
}
