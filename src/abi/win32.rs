//! Windows base types (`windef.h`, `winnt.h`, `minwinbase.h`, `ntdef.h`, `guiddef.h`) with their
//! Windows (LLP64) widths: `LONG`/`ULONG`/`DWORD` are 32-bit even on LP64 Linux, `WCHAR` is UTF-16.
#![allow(
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    clippy::upper_case_acronyms
)]

use core::ffi::{c_char, c_void};

// ---- integer types -------------------------------------------------------------------------

pub type BYTE = u8;
pub type UCHAR = u8;
pub type BOOLEAN = u8;
pub type CHAR = c_char;
pub type WORD = u16;
pub type USHORT = u16;
/// UTF-16 code unit. The C header spells it by hand (`cbindgen.toml`): `wchar_t` when the C
/// compiler's `wchar_t` is 16 bits (`-fshort-wchar`), so `L"..."` literals fit as on Windows;
/// otherwise `char16_t` in C++ and `uint16_t` in C. All three are 16-bit code units.
/// cbindgen:ignore
pub type WCHAR = u16;
pub type SHORT = i16;
pub type INT = i32;
pub type UINT = u32;
pub type LONG = i32;
pub type ULONG = u32;
pub type DWORD = u32;
pub type BOOL = i32;
/// mingw-w64 spelling of `BOOL`.
pub type WINBOOL = BOOL;
pub type LONGLONG = i64;
pub type ULONGLONG = u64;
pub type DWORD64 = u64;
pub type INT_PTR = isize;
pub type UINT_PTR = usize;
pub type LONG_PTR = isize;
pub type ULONG_PTR = usize;
pub type DWORD_PTR = usize;
pub type SIZE_T = usize;
pub type HRESULT = i32;

// ---- pointer types -------------------------------------------------------------------------

pub type PVOID = *mut c_void;
pub type LPVOID = *mut c_void;
pub type LPCVOID = *const c_void;
pub type HANDLE = *mut c_void;
pub type PHANDLE = *mut HANDLE;
pub type HWND = *mut c_void;
pub type PBYTE = *mut BYTE;
pub type LPBYTE = *mut BYTE;
pub type PUCHAR = *mut UCHAR;
pub type PBOOLEAN = *mut BOOLEAN;
pub type PWORD = *mut WORD;
pub type PUSHORT = *mut USHORT;
pub type PDWORD = *mut DWORD;
pub type LPDWORD = *mut DWORD;
pub type PULONG = *mut ULONG;
pub type PLONG = *mut LONG;
pub type PBOOL = *mut BOOL;
pub type LPBOOL = *mut BOOL;
pub type PSTR = *mut CHAR;
pub type LPSTR = *mut CHAR;
pub type PCSTR = *const CHAR;
pub type LPCSTR = *const CHAR;
pub type PWSTR = *mut WCHAR;
pub type LPWSTR = *mut WCHAR;
pub type PCWSTR = *const WCHAR;
pub type LPCWSTR = *const WCHAR;
pub type PWCHAR = *mut WCHAR;

// ---- constants -----------------------------------------------------------------------------

/// `TRUE` / `FALSE` are emitted into the C header by `cbindgen.toml` (guarded with `#ifndef`, so
/// they do not clash with other libraries' definitions).
/// cbindgen:ignore
pub const TRUE: BOOL = 1;
/// cbindgen:ignore
pub const FALSE: BOOL = 0;

/// Array bound the SDK uses for variable-length trailing arrays (`ProtocolList[ANYSIZE_ARRAY]`).
pub const ANYSIZE_ARRAY: usize = 1;

// ---- structs -------------------------------------------------------------------------------

/// `FILETIME`: 100-ns intervals since 1601-01-01 UTC, split in two 32-bit halves.
///
/// <https://learn.microsoft.com/windows/win32/api/minwinbase/ns-minwinbase-filetime>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FILETIME {
    pub dwLowDateTime: DWORD,
    pub dwHighDateTime: DWORD,
}
pub type PFILETIME = *mut FILETIME;
pub type LPFILETIME = *mut FILETIME;

/// `UNICODE_STRING`: counted UTF-16 string; `Length`/`MaximumLength` are in **bytes**.
///
/// <https://learn.microsoft.com/windows/win32/api/ntdef/ns-ntdef-_unicode_string>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct UNICODE_STRING {
    pub Length: USHORT,
    pub MaximumLength: USHORT,
    pub Buffer: PWSTR,
}
pub type PUNICODE_STRING = *mut UNICODE_STRING;
pub type PCUNICODE_STRING = *const UNICODE_STRING;

/// `LUID`: locally unique identifier (the `pvLogonId` argument of `AcquireCredentialsHandle`).
///
/// <https://learn.microsoft.com/windows/win32/api/winnt/ns-winnt-luid>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LUID {
    pub LowPart: DWORD,
    pub HighPart: LONG,
}
pub type PLUID = *mut LUID;

/// `GUID`.
///
/// <https://learn.microsoft.com/windows/win32/api/guiddef/ns-guiddef-guid>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GUID {
    pub Data1: u32,
    pub Data2: u16,
    pub Data3: u16,
    pub Data4: [u8; 8],
}

// ---- x64 layout checks ---------------------------------------------------------------------

#[cfg(target_pointer_width = "64")]
const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<FILETIME>() == 8);
    assert!(size_of::<UNICODE_STRING>() == 16);
    assert!(offset_of!(UNICODE_STRING, MaximumLength) == 2);
    assert!(offset_of!(UNICODE_STRING, Buffer) == 8);
    assert!(size_of::<LUID>() == 8);
    assert!(size_of::<GUID>() == 16);
};
