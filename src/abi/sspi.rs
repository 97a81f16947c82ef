//! The SSPI surface (`sspi.h`): handles, buffers, request/return flags, attribute ids, package
//! info, the context-attribute structures every security package shares, and the
//! `SecurityFunctionTableA/W` dispatch table returned by `InitSecurityInterfaceA/W`.
#![allow(
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    clippy::upper_case_acronyms
)]

use core::ffi::c_void;

use super::win32::{BOOLEAN, CHAR, HANDLE, LONG, ULONG, ULONG_PTR, USHORT, WCHAR};
use super::winerror::SECURITY_STATUS;

// ---- character and handle types ------------------------------------------------------------

/// `SEC_WCHAR`: a UTF-16 code unit (`WCHAR`).
pub type SEC_WCHAR = WCHAR;
/// `SEC_CHAR`: `char`; the `A` functions of this package take UTF-8.
pub type SEC_CHAR = CHAR;

/// `SecHandle`: an opaque pair the package fills in; never dereferenced by the caller.
/// `SecInvalidateHandle` sets both fields to `(ULONG_PTR)-1`.
///
/// <https://learn.microsoft.com/windows/win32/secauthn/sechandle>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SecHandle {
    pub dwLower: ULONG_PTR,
    pub dwUpper: ULONG_PTR,
}
pub type PSecHandle = *mut SecHandle;
/// `CredHandle`: a credential handle (`SecHandle`).
///
/// <https://learn.microsoft.com/windows/win32/secauthn/credhandle>
pub type CredHandle = SecHandle;
pub type PCredHandle = *mut SecHandle;
/// `CtxtHandle`: a security context handle (`SecHandle`).
///
/// <https://learn.microsoft.com/windows/win32/secauthn/ctxthandle>
pub type CtxtHandle = SecHandle;
pub type PCtxtHandle = *mut SecHandle;

/// `SEC_DELETED_HANDLE` (`(ULONG_PTR)-2`), a handle value some packages use for a deleted
/// context. The C header defines it as a macro.
/// cbindgen:ignore
pub const SEC_DELETED_HANDLE: ULONG_PTR = usize::MAX - 1;
/// The value `SecInvalidateHandle` stores in both fields (`(ULONG_PTR)-1`).
/// cbindgen:ignore
pub const SEC_INVALID_HANDLE_VALUE: ULONG_PTR = usize::MAX;

/// `SECURITY_INTEGER` / `TimeStamp`: a 64-bit count of 100-ns intervals since 1601 (as
/// `LARGE_INTEGER`), split in two halves. Declared as the plain two-field struct of `sspi.h`
/// (4-byte aligned); it never appears inside another structure at an offset where the
/// `LARGE_INTEGER` 8-byte alignment would change the layout.
///
/// <https://learn.microsoft.com/windows/win32/secauthn/timestamp>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SECURITY_INTEGER {
    pub LowPart: ULONG,
    pub HighPart: LONG,
}
pub type PSECURITY_INTEGER = *mut SECURITY_INTEGER;
pub type TimeStamp = SECURITY_INTEGER;
pub type PTimeStamp = *mut SECURITY_INTEGER;

// ---- buffers -------------------------------------------------------------------------------

/// `SecBuffer`: one buffer of a `SecBufferDesc`.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secbuffer>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecBuffer {
    /// Size of the buffer, in bytes.
    pub cbBuffer: ULONG,
    /// `SECBUFFER_*` type, possibly or-ed with `SECBUFFER_ATTRMASK` bits.
    pub BufferType: ULONG,
    pub pvBuffer: *mut c_void,
}
pub type PSecBuffer = *mut SecBuffer;

/// `SecBufferDesc`: an array of `SecBuffer`s.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secbufferdesc>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecBufferDesc {
    /// `SECBUFFER_VERSION`.
    pub ulVersion: ULONG,
    pub cBuffers: ULONG,
    pub pBuffers: PSecBuffer,
}
pub type PSecBufferDesc = *mut SecBufferDesc;

pub const SECBUFFER_VERSION: ULONG = 0;

pub const SECBUFFER_EMPTY: ULONG = 0;
pub const SECBUFFER_DATA: ULONG = 1;
pub const SECBUFFER_TOKEN: ULONG = 2;
pub const SECBUFFER_PKG_PARAMS: ULONG = 3;
pub const SECBUFFER_MISSING: ULONG = 4;
pub const SECBUFFER_EXTRA: ULONG = 5;
pub const SECBUFFER_STREAM_TRAILER: ULONG = 6;
pub const SECBUFFER_STREAM_HEADER: ULONG = 7;
pub const SECBUFFER_NEGOTIATION_INFO: ULONG = 8;
pub const SECBUFFER_PADDING: ULONG = 9;
pub const SECBUFFER_STREAM: ULONG = 10;
pub const SECBUFFER_MECHLIST: ULONG = 11;
pub const SECBUFFER_MECHLIST_SIGNATURE: ULONG = 12;
pub const SECBUFFER_TARGET: ULONG = 13;
pub const SECBUFFER_CHANNEL_BINDINGS: ULONG = 14;
pub const SECBUFFER_CHANGE_PASS_RESPONSE: ULONG = 15;
pub const SECBUFFER_TARGET_HOST: ULONG = 16;
pub const SECBUFFER_ALERT: ULONG = 17;
pub const SECBUFFER_APPLICATION_PROTOCOLS: ULONG = 18;
pub const SECBUFFER_SRTP_PROTECTION_PROFILES: ULONG = 19;
pub const SECBUFFER_SRTP_MASTER_KEY_IDENTIFIER: ULONG = 20;
pub const SECBUFFER_TOKEN_BINDING: ULONG = 21;
pub const SECBUFFER_PRESHARED_KEY: ULONG = 22;
pub const SECBUFFER_PRESHARED_KEY_IDENTITY: ULONG = 23;
pub const SECBUFFER_DTLS_MTU: ULONG = 24;
pub const SECBUFFER_SEND_GENERIC_TLS_EXTENSION: ULONG = 25;
pub const SECBUFFER_SUBSCRIBE_GENERIC_TLS_EXTENSION: ULONG = 26;
pub const SECBUFFER_FLAGS: ULONG = 27;
pub const SECBUFFER_TRAFFIC_SECRETS: ULONG = 28;
pub const SECBUFFER_CERTIFICATE_REQUEST_CONTEXT: ULONG = 29;

/// Attribute bits of `BufferType`; mask them off (`BufferType & ~SECBUFFER_ATTRMASK`) before
/// comparing the type.
pub const SECBUFFER_ATTRMASK: ULONG = 0xF000_0000u32;
pub const SECBUFFER_READONLY: ULONG = 0x8000_0000u32;
pub const SECBUFFER_READONLY_WITH_CHECKSUM: ULONG = 0x1000_0000;
pub const SECBUFFER_RESERVED: ULONG = 0x6000_0000;

// ---- package capabilities ------------------------------------------------------------------

pub const SECPKG_FLAG_INTEGRITY: ULONG = 0x0000_0001;
pub const SECPKG_FLAG_PRIVACY: ULONG = 0x0000_0002;
pub const SECPKG_FLAG_TOKEN_ONLY: ULONG = 0x0000_0004;
pub const SECPKG_FLAG_DATAGRAM: ULONG = 0x0000_0008;
pub const SECPKG_FLAG_CONNECTION: ULONG = 0x0000_0010;
pub const SECPKG_FLAG_MULTI_REQUIRED: ULONG = 0x0000_0020;
pub const SECPKG_FLAG_CLIENT_ONLY: ULONG = 0x0000_0040;
pub const SECPKG_FLAG_EXTENDED_ERROR: ULONG = 0x0000_0080;
pub const SECPKG_FLAG_IMPERSONATION: ULONG = 0x0000_0100;
pub const SECPKG_FLAG_ACCEPT_WIN32_NAME: ULONG = 0x0000_0200;
pub const SECPKG_FLAG_STREAM: ULONG = 0x0000_0400;
pub const SECPKG_FLAG_NEGOTIABLE: ULONG = 0x0000_0800;
pub const SECPKG_FLAG_GSS_COMPATIBLE: ULONG = 0x0000_1000;
pub const SECPKG_FLAG_LOGON: ULONG = 0x0000_2000;
pub const SECPKG_FLAG_ASCII_BUFFERS: ULONG = 0x0000_4000;
pub const SECPKG_FLAG_FRAGMENT: ULONG = 0x0000_8000;
pub const SECPKG_FLAG_MUTUAL_AUTH: ULONG = 0x0001_0000;
pub const SECPKG_FLAG_DELEGATION: ULONG = 0x0002_0000;
pub const SECPKG_FLAG_READONLY_WITH_CHECKSUM: ULONG = 0x0004_0000;
pub const SECPKG_FLAG_RESTRICTED_TOKENS: ULONG = 0x0008_0000;
pub const SECPKG_FLAG_NEGO_EXTENDER: ULONG = 0x0010_0000;
pub const SECPKG_FLAG_NEGOTIABLE2: ULONG = 0x0020_0000;
pub const SECPKG_FLAG_APPCONTAINER_PASSTHROUGH: ULONG = 0x0040_0000;
pub const SECPKG_FLAG_APPCONTAINER_CHECKS: ULONG = 0x0080_0000;
pub const SECPKG_FLAG_CREDENTIAL_ISOLATION_ENABLED: ULONG = 0x0100_0000;
pub const SECPKG_FLAG_APPLY_LOOPBACK: ULONG = 0x0200_0000;

pub const SECPKG_ID_NONE: USHORT = 0xFFFF;

/// `SecPkgInfoA`: description of a security package (`EnumerateSecurityPackagesA`,
/// `QuerySecurityPackageInfoA`); freed with `FreeContextBuffer`.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkginfoa>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgInfoA {
    /// `SECPKG_FLAG_*`.
    pub fCapabilities: ULONG,
    pub wVersion: USHORT,
    pub wRPCID: USHORT,
    pub cbMaxToken: ULONG,
    pub Name: *mut SEC_CHAR,
    pub Comment: *mut SEC_CHAR,
}
pub type PSecPkgInfoA = *mut SecPkgInfoA;

/// `SecPkgInfoW`: as `SecPkgInfoA` with UTF-16 strings.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkginfow>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgInfoW {
    pub fCapabilities: ULONG,
    pub wVersion: USHORT,
    pub wRPCID: USHORT,
    pub cbMaxToken: ULONG,
    pub Name: *mut SEC_WCHAR,
    pub Comment: *mut SEC_WCHAR,
}
pub type PSecPkgInfoW = *mut SecPkgInfoW;

// ---- data representation, credential use --------------------------------------------------

pub const SECURITY_NATIVE_DREP: ULONG = 0x0000_0010;
pub const SECURITY_NETWORK_DREP: ULONG = 0x0000_0000;

pub const SECPKG_CRED_INBOUND: ULONG = 0x0000_0001;
pub const SECPKG_CRED_OUTBOUND: ULONG = 0x0000_0002;
pub const SECPKG_CRED_BOTH: ULONG = 0x0000_0003;
pub const SECPKG_CRED_DEFAULT: ULONG = 0x0000_0004;
pub const SECPKG_CRED_RESERVED: ULONG = 0xF000_0000u32;
pub const SECPKG_CRED_AUTOLOGON_RESTRICTED: ULONG = 0x0000_0010;
pub const SECPKG_CRED_PROCESS_POLICY_ONLY: ULONG = 0x0000_0020;

// ---- explicit credentials (pAuthData of the NTLM/Kerberos/Negotiate/Digest packages) --------
// Schannel never reads these (it takes SCHANNEL_CRED / SCH_CREDENTIALS); they are here because
// programs that also speak the other SSPI packages (curl's Digest, NTLM and Negotiate code)
// fill them in the same files that use Schannel.

pub const SEC_WINNT_AUTH_IDENTITY_ANSI: ULONG = 0x1;
pub const SEC_WINNT_AUTH_IDENTITY_UNICODE: ULONG = 0x2;
pub const SEC_WINNT_AUTH_IDENTITY_MARSHALLED: ULONG = 0x4;
pub const SEC_WINNT_AUTH_IDENTITY_ONLY: ULONG = 0x8;
/// `SEC_WINNT_AUTH_IDENTITY_EX[A|W].Version`.
pub const SEC_WINNT_AUTH_IDENTITY_VERSION: ULONG = 0x200;
/// `SEC_WINNT_AUTH_IDENTITY_EX2.Version`.
pub const SEC_WINNT_AUTH_IDENTITY_VERSION_2: ULONG = 0x201;
pub const SEC_WINNT_AUTH_IDENTITY_FLAGS_PROCESS_ENCRYPTED: ULONG = 0x10;
pub const SEC_WINNT_AUTH_IDENTITY_FLAGS_SYSTEM_PROTECTED: ULONG = 0x20;
pub const SEC_WINNT_AUTH_IDENTITY_FLAGS_USER_PROTECTED: ULONG = 0x40;
pub const SEC_WINNT_AUTH_IDENTITY_FLAGS_SYSTEM_ENCRYPTED: ULONG = 0x80;
pub const SEC_WINNT_AUTH_IDENTITY_FLAGS_RESERVED: ULONG = 0x1_0000;
pub const SEC_WINNT_AUTH_IDENTITY_FLAGS_NULL_USER: ULONG = 0x2_0000;
pub const SEC_WINNT_AUTH_IDENTITY_FLAGS_NULL_DOMAIN: ULONG = 0x4_0000;
pub const SEC_WINNT_AUTH_IDENTITY_FLAGS_ID_PROVIDER: ULONG = 0x8_0000;

/// `SEC_WINNT_AUTH_IDENTITY_A`: user, domain and password as narrow strings; lengths in
/// characters, without the terminator.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-sec_winnt_auth_identity_a>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SEC_WINNT_AUTH_IDENTITY_A {
    pub User: *mut u8,
    pub UserLength: ULONG,
    pub Domain: *mut u8,
    pub DomainLength: ULONG,
    pub Password: *mut u8,
    pub PasswordLength: ULONG,
    /// `SEC_WINNT_AUTH_IDENTITY_ANSI`.
    pub Flags: ULONG,
}
pub type PSEC_WINNT_AUTH_IDENTITY_A = *mut SEC_WINNT_AUTH_IDENTITY_A;

/// `SEC_WINNT_AUTH_IDENTITY_W`: as `SEC_WINNT_AUTH_IDENTITY_A` with UTF-16 strings.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-sec_winnt_auth_identity_w>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SEC_WINNT_AUTH_IDENTITY_W {
    pub User: *mut u16,
    pub UserLength: ULONG,
    pub Domain: *mut u16,
    pub DomainLength: ULONG,
    pub Password: *mut u16,
    pub PasswordLength: ULONG,
    /// `SEC_WINNT_AUTH_IDENTITY_UNICODE`.
    pub Flags: ULONG,
}
pub type PSEC_WINNT_AUTH_IDENTITY_W = *mut SEC_WINNT_AUTH_IDENTITY_W;

/// `SEC_WINNT_AUTH_IDENTITY_EXA`: versioned identity (`Version` =
/// `SEC_WINNT_AUTH_IDENTITY_VERSION`, `Length` = its size) with a package list.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-sec_winnt_auth_identity_exa>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SEC_WINNT_AUTH_IDENTITY_EXA {
    pub Version: ULONG,
    pub Length: ULONG,
    pub User: *mut u8,
    pub UserLength: ULONG,
    pub Domain: *mut u8,
    pub DomainLength: ULONG,
    pub Password: *mut u8,
    pub PasswordLength: ULONG,
    pub Flags: ULONG,
    pub PackageList: *mut u8,
    pub PackageListLength: ULONG,
}
pub type PSEC_WINNT_AUTH_IDENTITY_EXA = *mut SEC_WINNT_AUTH_IDENTITY_EXA;

/// `SEC_WINNT_AUTH_IDENTITY_EXW`: as `SEC_WINNT_AUTH_IDENTITY_EXA` with UTF-16 strings.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-sec_winnt_auth_identity_exw>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SEC_WINNT_AUTH_IDENTITY_EXW {
    pub Version: ULONG,
    pub Length: ULONG,
    pub User: *mut u16,
    pub UserLength: ULONG,
    pub Domain: *mut u16,
    pub DomainLength: ULONG,
    pub Password: *mut u16,
    pub PasswordLength: ULONG,
    pub Flags: ULONG,
    pub PackageList: *mut u16,
    pub PackageListLength: ULONG,
}
pub type PSEC_WINNT_AUTH_IDENTITY_EXW = *mut SEC_WINNT_AUTH_IDENTITY_EXW;

// ---- InitializeSecurityContext request / return flags -------------------------------------
// (The 64-bit ISC_REQ_MESSAGES etc. do not fit the ULONG `fContextReq` and are left out.)

pub const ISC_REQ_DELEGATE: ULONG = 0x0000_0001;
pub const ISC_REQ_MUTUAL_AUTH: ULONG = 0x0000_0002;
pub const ISC_REQ_REPLAY_DETECT: ULONG = 0x0000_0004;
pub const ISC_REQ_SEQUENCE_DETECT: ULONG = 0x0000_0008;
pub const ISC_REQ_CONFIDENTIALITY: ULONG = 0x0000_0010;
pub const ISC_REQ_USE_SESSION_KEY: ULONG = 0x0000_0020;
pub const ISC_REQ_PROMPT_FOR_CREDS: ULONG = 0x0000_0040;
pub const ISC_REQ_USE_SUPPLIED_CREDS: ULONG = 0x0000_0080;
pub const ISC_REQ_ALLOCATE_MEMORY: ULONG = 0x0000_0100;
pub const ISC_REQ_USE_DCE_STYLE: ULONG = 0x0000_0200;
pub const ISC_REQ_DATAGRAM: ULONG = 0x0000_0400;
pub const ISC_REQ_CONNECTION: ULONG = 0x0000_0800;
pub const ISC_REQ_CALL_LEVEL: ULONG = 0x0000_1000;
pub const ISC_REQ_FRAGMENT_SUPPLIED: ULONG = 0x0000_2000;
pub const ISC_REQ_EXTENDED_ERROR: ULONG = 0x0000_4000;
pub const ISC_REQ_STREAM: ULONG = 0x0000_8000;
pub const ISC_REQ_INTEGRITY: ULONG = 0x0001_0000;
pub const ISC_REQ_IDENTIFY: ULONG = 0x0002_0000;
pub const ISC_REQ_NULL_SESSION: ULONG = 0x0004_0000;
pub const ISC_REQ_MANUAL_CRED_VALIDATION: ULONG = 0x0008_0000;
pub const ISC_REQ_RESERVED1: ULONG = 0x0010_0000;
pub const ISC_REQ_FRAGMENT_TO_FIT: ULONG = 0x0020_0000;
pub const ISC_REQ_FORWARD_CREDENTIALS: ULONG = 0x0040_0000;
pub const ISC_REQ_NO_INTEGRITY: ULONG = 0x0080_0000;
pub const ISC_REQ_USE_HTTP_STYLE: ULONG = 0x0100_0000;
pub const ISC_REQ_UNVERIFIED_TARGET_NAME: ULONG = 0x2000_0000;
pub const ISC_REQ_CONFIDENTIALITY_ONLY: ULONG = 0x4000_0000;

pub const ISC_RET_DELEGATE: ULONG = 0x0000_0001;
pub const ISC_RET_MUTUAL_AUTH: ULONG = 0x0000_0002;
pub const ISC_RET_REPLAY_DETECT: ULONG = 0x0000_0004;
pub const ISC_RET_SEQUENCE_DETECT: ULONG = 0x0000_0008;
pub const ISC_RET_CONFIDENTIALITY: ULONG = 0x0000_0010;
pub const ISC_RET_USE_SESSION_KEY: ULONG = 0x0000_0020;
pub const ISC_RET_USED_COLLECTED_CREDS: ULONG = 0x0000_0040;
pub const ISC_RET_USED_SUPPLIED_CREDS: ULONG = 0x0000_0080;
pub const ISC_RET_ALLOCATED_MEMORY: ULONG = 0x0000_0100;
pub const ISC_RET_USED_DCE_STYLE: ULONG = 0x0000_0200;
pub const ISC_RET_DATAGRAM: ULONG = 0x0000_0400;
pub const ISC_RET_CONNECTION: ULONG = 0x0000_0800;
pub const ISC_RET_INTERMEDIATE_RETURN: ULONG = 0x0000_1000;
pub const ISC_RET_CALL_LEVEL: ULONG = 0x0000_2000;
pub const ISC_RET_EXTENDED_ERROR: ULONG = 0x0000_4000;
pub const ISC_RET_STREAM: ULONG = 0x0000_8000;
pub const ISC_RET_INTEGRITY: ULONG = 0x0001_0000;
pub const ISC_RET_IDENTIFY: ULONG = 0x0002_0000;
pub const ISC_RET_NULL_SESSION: ULONG = 0x0004_0000;
pub const ISC_RET_MANUAL_CRED_VALIDATION: ULONG = 0x0008_0000;
pub const ISC_RET_RESERVED1: ULONG = 0x0010_0000;
pub const ISC_RET_FRAGMENT_ONLY: ULONG = 0x0020_0000;
pub const ISC_RET_FORWARD_CREDENTIALS: ULONG = 0x0040_0000;
pub const ISC_RET_USED_HTTP_STYLE: ULONG = 0x0100_0000;
pub const ISC_RET_NO_ADDITIONAL_TOKEN: ULONG = 0x0200_0000;
pub const ISC_RET_REAUTHENTICATION: ULONG = 0x0800_0000;
pub const ISC_RET_CONFIDENTIALITY_ONLY: ULONG = 0x4000_0000;

// ---- AcceptSecurityContext request / return flags (values differ from ISC_*!) -------------

pub const ASC_REQ_DELEGATE: ULONG = 0x0000_0001;
pub const ASC_REQ_MUTUAL_AUTH: ULONG = 0x0000_0002;
pub const ASC_REQ_REPLAY_DETECT: ULONG = 0x0000_0004;
pub const ASC_REQ_SEQUENCE_DETECT: ULONG = 0x0000_0008;
pub const ASC_REQ_CONFIDENTIALITY: ULONG = 0x0000_0010;
pub const ASC_REQ_USE_SESSION_KEY: ULONG = 0x0000_0020;
pub const ASC_REQ_SESSION_TICKET: ULONG = 0x0000_0040;
pub const ASC_REQ_ALLOCATE_MEMORY: ULONG = 0x0000_0100;
pub const ASC_REQ_USE_DCE_STYLE: ULONG = 0x0000_0200;
pub const ASC_REQ_DATAGRAM: ULONG = 0x0000_0400;
pub const ASC_REQ_CONNECTION: ULONG = 0x0000_0800;
pub const ASC_REQ_CALL_LEVEL: ULONG = 0x0000_1000;
pub const ASC_REQ_FRAGMENT_SUPPLIED: ULONG = 0x0000_2000;
pub const ASC_REQ_EXTENDED_ERROR: ULONG = 0x0000_8000;
pub const ASC_REQ_STREAM: ULONG = 0x0001_0000;
pub const ASC_REQ_INTEGRITY: ULONG = 0x0002_0000;
pub const ASC_REQ_LICENSING: ULONG = 0x0004_0000;
pub const ASC_REQ_IDENTIFY: ULONG = 0x0008_0000;
pub const ASC_REQ_ALLOW_NULL_SESSION: ULONG = 0x0010_0000;
pub const ASC_REQ_ALLOW_NON_USER_LOGONS: ULONG = 0x0020_0000;
pub const ASC_REQ_ALLOW_CONTEXT_REPLAY: ULONG = 0x0040_0000;
pub const ASC_REQ_FRAGMENT_TO_FIT: ULONG = 0x0080_0000;
pub const ASC_REQ_NO_TOKEN: ULONG = 0x0100_0000;
pub const ASC_REQ_PROXY_BINDINGS: ULONG = 0x0400_0000;
pub const ASC_REQ_ALLOW_MISSING_BINDINGS: ULONG = 0x1000_0000;

pub const ASC_RET_DELEGATE: ULONG = 0x0000_0001;
pub const ASC_RET_MUTUAL_AUTH: ULONG = 0x0000_0002;
pub const ASC_RET_REPLAY_DETECT: ULONG = 0x0000_0004;
pub const ASC_RET_SEQUENCE_DETECT: ULONG = 0x0000_0008;
pub const ASC_RET_CONFIDENTIALITY: ULONG = 0x0000_0010;
pub const ASC_RET_USE_SESSION_KEY: ULONG = 0x0000_0020;
pub const ASC_RET_SESSION_TICKET: ULONG = 0x0000_0040;
pub const ASC_RET_ALLOCATED_MEMORY: ULONG = 0x0000_0100;
pub const ASC_RET_USED_DCE_STYLE: ULONG = 0x0000_0200;
pub const ASC_RET_DATAGRAM: ULONG = 0x0000_0400;
pub const ASC_RET_CONNECTION: ULONG = 0x0000_0800;
pub const ASC_RET_CALL_LEVEL: ULONG = 0x0000_2000;
pub const ASC_RET_THIRD_LEG_FAILED: ULONG = 0x0000_4000;
pub const ASC_RET_EXTENDED_ERROR: ULONG = 0x0000_8000;
pub const ASC_RET_STREAM: ULONG = 0x0001_0000;
pub const ASC_RET_INTEGRITY: ULONG = 0x0002_0000;
pub const ASC_RET_LICENSING: ULONG = 0x0004_0000;
pub const ASC_RET_IDENTIFY: ULONG = 0x0008_0000;
pub const ASC_RET_NULL_SESSION: ULONG = 0x0010_0000;
pub const ASC_RET_ALLOW_NON_USER_LOGONS: ULONG = 0x0020_0000;
pub const ASC_RET_ALLOW_CONTEXT_REPLAY: ULONG = 0x0040_0000;
pub const ASC_RET_FRAGMENT_ONLY: ULONG = 0x0080_0000;
pub const ASC_RET_NO_TOKEN: ULONG = 0x0100_0000;
pub const ASC_RET_NO_ADDITIONAL_TOKEN: ULONG = 0x0200_0000;

// ---- EncryptMessage quality of protection --------------------------------------------------

pub const SECQOP_WRAP_NO_ENCRYPT: ULONG = 0x8000_0001u32;
pub const SECQOP_WRAP_OOB_DATA: ULONG = 0x4000_0000;

// ---- ExportSecurityContext flags -----------------------------------------------------------

pub const SECPKG_CONTEXT_EXPORT_RESET_NEW: ULONG = 0x0000_0001;
pub const SECPKG_CONTEXT_EXPORT_DELETE_OLD: ULONG = 0x0000_0002;
pub const SECPKG_CONTEXT_EXPORT_TO_KERNEL: ULONG = 0x0000_0004;

// ---- SecurityFunctionTable versions --------------------------------------------------------

pub const SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION: ULONG = 1;
pub const SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_2: ULONG = 2;
pub const SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_3: ULONG = 3;
pub const SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_4: ULONG = 4;
pub const SECURITY_SUPPORT_PROVIDER_INTERFACE_VERSION_5: ULONG = 5;

// ---- context attributes (QueryContextAttributes ulAttribute) -------------------------------

pub const SECPKG_ATTR_SIZES: ULONG = 0;
pub const SECPKG_ATTR_NAMES: ULONG = 1;
pub const SECPKG_ATTR_LIFESPAN: ULONG = 2;
pub const SECPKG_ATTR_DCE_INFO: ULONG = 3;
pub const SECPKG_ATTR_STREAM_SIZES: ULONG = 4;
pub const SECPKG_ATTR_KEY_INFO: ULONG = 5;
pub const SECPKG_ATTR_AUTHORITY: ULONG = 6;
pub const SECPKG_ATTR_PROTO_INFO: ULONG = 7;
pub const SECPKG_ATTR_PASSWORD_EXPIRY: ULONG = 8;
pub const SECPKG_ATTR_SESSION_KEY: ULONG = 9;
pub const SECPKG_ATTR_PACKAGE_INFO: ULONG = 10;
pub const SECPKG_ATTR_USER_FLAGS: ULONG = 11;
pub const SECPKG_ATTR_NEGOTIATION_INFO: ULONG = 12;
pub const SECPKG_ATTR_NATIVE_NAMES: ULONG = 13;
pub const SECPKG_ATTR_FLAGS: ULONG = 14;
pub const SECPKG_ATTR_USE_VALIDATED: ULONG = 15;
pub const SECPKG_ATTR_CREDENTIAL_NAME: ULONG = 16;
pub const SECPKG_ATTR_TARGET_INFORMATION: ULONG = 17;
pub const SECPKG_ATTR_ACCESS_TOKEN: ULONG = 18;
pub const SECPKG_ATTR_TARGET: ULONG = 19;
pub const SECPKG_ATTR_AUTHENTICATION_ID: ULONG = 20;
pub const SECPKG_ATTR_LOGOFF_TIME: ULONG = 21;
pub const SECPKG_ATTR_NEGO_KEYS: ULONG = 22;
pub const SECPKG_ATTR_PROMPTING_NEEDED: ULONG = 24;
pub const SECPKG_ATTR_UNIQUE_BINDINGS: ULONG = 25;
pub const SECPKG_ATTR_ENDPOINT_BINDINGS: ULONG = 26;
pub const SECPKG_ATTR_CLIENT_SPECIFIED_TARGET: ULONG = 27;
pub const SECPKG_ATTR_LAST_CLIENT_TOKEN_STATUS: ULONG = 30;
pub const SECPKG_ATTR_NEGO_PKG_INFO: ULONG = 31;
pub const SECPKG_ATTR_NEGO_STATUS: ULONG = 32;
pub const SECPKG_ATTR_CONTEXT_DELETED: ULONG = 33;
pub const SECPKG_ATTR_DTLS_MTU: ULONG = 34;
pub const SECPKG_ATTR_APPLICATION_PROTOCOL: ULONG = 35;
pub const SECPKG_ATTR_NEGOTIATED_TLS_EXTENSIONS: ULONG = 36;
pub const SECPKG_ATTR_IS_LOOPBACK: ULONG = 37;
/// Same id as `SECPKG_ATTR_STREAM_SIZES`.
pub const SECPKG_ATTR_DATAGRAM_SIZES: ULONG = 4;
pub const SECPKG_ATTR_SUBJECT_SECURITY_ATTRIBUTES: ULONG = 128;

// ---- credential attributes (QueryCredentialsAttributes ulAttribute) ------------------------

pub const SECPKG_CRED_ATTR_NAMES: ULONG = 1;
pub const SECPKG_CRED_ATTR_SSI_PROVIDER: ULONG = 2;
pub const SECPKG_CRED_ATTR_KDC_PROXY_SETTINGS: ULONG = 3;
pub const SECPKG_CRED_ATTR_CERT: ULONG = 4;
pub const SECPKG_CRED_ATTR_PAC_BYPASS: ULONG = 5;

// ---- SecPkgContext_NegotiationInfo NegotiationState -----------------------------------------

pub const SECPKG_NEGOTIATION_COMPLETE: ULONG = 0;
pub const SECPKG_NEGOTIATION_OPTIMISTIC: ULONG = 1;
pub const SECPKG_NEGOTIATION_IN_PROGRESS: ULONG = 2;
pub const SECPKG_NEGOTIATION_DIRECT: ULONG = 3;
pub const SECPKG_NEGOTIATION_TRY_MULTICRED: ULONG = 4;

// ---- context attribute structures ----------------------------------------------------------

/// `SecPkgContext_Sizes` (`SECPKG_ATTR_SIZES`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_sizes>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SecPkgContext_Sizes {
    pub cbMaxToken: ULONG,
    pub cbMaxSignature: ULONG,
    pub cbBlockSize: ULONG,
    pub cbSecurityTrailer: ULONG,
}
pub type PSecPkgContext_Sizes = *mut SecPkgContext_Sizes;

/// `SecPkgContext_StreamSizes` (`SECPKG_ATTR_STREAM_SIZES`): how to lay out `EncryptMessage`
/// buffers.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_streamsizes>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SecPkgContext_StreamSizes {
    pub cbHeader: ULONG,
    pub cbTrailer: ULONG,
    pub cbMaximumMessage: ULONG,
    pub cBuffers: ULONG,
    pub cbBlockSize: ULONG,
}
pub type PSecPkgContext_StreamSizes = *mut SecPkgContext_StreamSizes;
pub type SecPkgContext_DatagramSizes = SecPkgContext_StreamSizes;
pub type PSecPkgContext_DatagramSizes = *mut SecPkgContext_StreamSizes;

/// `SecPkgContext_NamesA` (`SECPKG_ATTR_NAMES`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_namesa>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_NamesA {
    pub sUserName: *mut SEC_CHAR,
}
pub type PSecPkgContext_NamesA = *mut SecPkgContext_NamesA;

/// `SecPkgContext_NamesW` (`SECPKG_ATTR_NAMES`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_namesw>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_NamesW {
    pub sUserName: *mut SEC_WCHAR,
}
pub type PSecPkgContext_NamesW = *mut SecPkgContext_NamesW;

/// `SecPkgContext_Lifespan` (`SECPKG_ATTR_LIFESPAN`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_lifespan>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SecPkgContext_Lifespan {
    pub tsStart: TimeStamp,
    pub tsExpiry: TimeStamp,
}
pub type PSecPkgContext_Lifespan = *mut SecPkgContext_Lifespan;

/// `SecPkgContext_KeyInfoA` (`SECPKG_ATTR_KEY_INFO`); the two strings are freed with
/// `FreeContextBuffer`.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_keyinfoa>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_KeyInfoA {
    pub sSignatureAlgorithmName: *mut SEC_CHAR,
    pub sEncryptAlgorithmName: *mut SEC_CHAR,
    pub KeySize: ULONG,
    /// `ALG_ID` (`CALG_*`).
    pub SignatureAlgorithm: ULONG,
    /// `ALG_ID` (`CALG_*`).
    pub EncryptAlgorithm: ULONG,
}
pub type PSecPkgContext_KeyInfoA = *mut SecPkgContext_KeyInfoA;

/// `SecPkgContext_KeyInfoW` (`SECPKG_ATTR_KEY_INFO`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_keyinfow>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_KeyInfoW {
    pub sSignatureAlgorithmName: *mut SEC_WCHAR,
    pub sEncryptAlgorithmName: *mut SEC_WCHAR,
    pub KeySize: ULONG,
    pub SignatureAlgorithm: ULONG,
    pub EncryptAlgorithm: ULONG,
}
pub type PSecPkgContext_KeyInfoW = *mut SecPkgContext_KeyInfoW;

/// `SecPkgContext_SessionKey` (`SECPKG_ATTR_SESSION_KEY`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_sessionkey>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_SessionKey {
    pub SessionKeyLength: ULONG,
    pub SessionKey: *mut u8,
}
pub type PSecPkgContext_SessionKey = *mut SecPkgContext_SessionKey;

/// `SecPkgContext_PackageInfoA` (`SECPKG_ATTR_PACKAGE_INFO`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_packageinfoa>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_PackageInfoA {
    pub PackageInfo: PSecPkgInfoA,
}
pub type PSecPkgContext_PackageInfoA = *mut SecPkgContext_PackageInfoA;

/// `SecPkgContext_PackageInfoW` (`SECPKG_ATTR_PACKAGE_INFO`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_packageinfow>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_PackageInfoW {
    pub PackageInfo: PSecPkgInfoW,
}
pub type PSecPkgContext_PackageInfoW = *mut SecPkgContext_PackageInfoW;

/// `SecPkgContext_NegotiationInfoA` (`SECPKG_ATTR_NEGOTIATION_INFO`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_negotiationinfoa>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_NegotiationInfoA {
    pub PackageInfo: PSecPkgInfoA,
    /// `SECPKG_NEGOTIATION_*`.
    pub NegotiationState: ULONG,
}
pub type PSecPkgContext_NegotiationInfoA = *mut SecPkgContext_NegotiationInfoA;

/// `SecPkgContext_NegotiationInfoW` (`SECPKG_ATTR_NEGOTIATION_INFO`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_negotiationinfow>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_NegotiationInfoW {
    pub PackageInfo: PSecPkgInfoW,
    pub NegotiationState: ULONG,
}
pub type PSecPkgContext_NegotiationInfoW = *mut SecPkgContext_NegotiationInfoW;

/// `SecPkgContext_Flags` (`SECPKG_ATTR_FLAGS`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_flags>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SecPkgContext_Flags {
    pub Flags: ULONG,
}
pub type PSecPkgContext_Flags = *mut SecPkgContext_Flags;

/// `SecPkgCredentials_NamesA` (`SECPKG_CRED_ATTR_NAMES`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcredentials_namesa>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgCredentials_NamesA {
    pub sUserName: *mut SEC_CHAR,
}
pub type PSecPkgCredentials_NamesA = *mut SecPkgCredentials_NamesA;

/// `SecPkgCredentials_NamesW` (`SECPKG_CRED_ATTR_NAMES`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcredentials_namesw>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgCredentials_NamesW {
    pub sUserName: *mut SEC_WCHAR,
}
pub type PSecPkgCredentials_NamesW = *mut SecPkgCredentials_NamesW;

// ---- channel bindings ----------------------------------------------------------------------

/// `SEC_CHANNEL_BINDINGS`: header of a channel-binding blob; the application data follows at
/// `dwApplicationDataOffset` bytes from the start of this structure.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-sec_channel_bindings>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SEC_CHANNEL_BINDINGS {
    pub dwInitiatorAddrType: ULONG,
    pub cbInitiatorLength: ULONG,
    pub dwInitiatorOffset: ULONG,
    pub dwAcceptorAddrType: ULONG,
    pub cbAcceptorLength: ULONG,
    pub dwAcceptorOffset: ULONG,
    pub cbApplicationDataLength: ULONG,
    pub dwApplicationDataOffset: ULONG,
}
pub type PSEC_CHANNEL_BINDINGS = *mut SEC_CHANNEL_BINDINGS;

/// `SecPkgContext_Bindings` (`SECPKG_ATTR_ENDPOINT_BINDINGS` / `SECPKG_ATTR_UNIQUE_BINDINGS`);
/// `Bindings` is one block freed with `FreeContextBuffer`.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_bindings>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_Bindings {
    pub BindingsLength: ULONG,
    pub Bindings: *mut SEC_CHANNEL_BINDINGS,
}
pub type PSecPkgContext_Bindings = *mut SecPkgContext_Bindings;

// ---- ALPN ----------------------------------------------------------------------------------

/// `SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT` (a C enum, 32-bit).
pub type SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT = u32;
pub type PSEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT = *mut SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT;
pub const SecApplicationProtocolNegotiationExt_None: SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT = 0;
pub const SecApplicationProtocolNegotiationExt_NPN: SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT = 1;
pub const SecApplicationProtocolNegotiationExt_ALPN: SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT = 2;

/// `SEC_APPLICATION_PROTOCOL_NEGOTIATION_STATUS` (a C enum, 32-bit).
pub type SEC_APPLICATION_PROTOCOL_NEGOTIATION_STATUS = u32;
pub type PSEC_APPLICATION_PROTOCOL_NEGOTIATION_STATUS =
    *mut SEC_APPLICATION_PROTOCOL_NEGOTIATION_STATUS;
pub const SecApplicationProtocolNegotiationStatus_None:
    SEC_APPLICATION_PROTOCOL_NEGOTIATION_STATUS = 0;
pub const SecApplicationProtocolNegotiationStatus_Success:
    SEC_APPLICATION_PROTOCOL_NEGOTIATION_STATUS = 1;
pub const SecApplicationProtocolNegotiationStatus_SelectedClientOnly:
    SEC_APPLICATION_PROTOCOL_NEGOTIATION_STATUS = 2;

pub const MAX_PROTOCOL_ID_SIZE: usize = 0xFF;

/// `SEC_APPLICATION_PROTOCOL_LIST`: one protocol list inside a `SEC_APPLICATION_PROTOCOLS`
/// (`SECBUFFER_APPLICATION_PROTOCOLS` input buffer). `ProtocolList` holds `ProtocolListSize`
/// bytes of 8-bit length-prefixed names (RFC 7301 wire format); it is declared with
/// `ANYSIZE_ARRAY` (1) elements as in the SDK, so `sizeof` is 8 and the data starts at offset 6.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-sec_application_protocol_list>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SEC_APPLICATION_PROTOCOL_LIST {
    pub ProtoNegoExt: SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT,
    pub ProtocolListSize: USHORT,
    pub ProtocolList: [u8; 1],
}
pub type PSEC_APPLICATION_PROTOCOL_LIST = *mut SEC_APPLICATION_PROTOCOL_LIST;

/// `SEC_APPLICATION_PROTOCOLS`: the content of a `SECBUFFER_APPLICATION_PROTOCOLS` buffer.
/// `ProtocolListsSize` is the byte count of the lists that follow (declared `ANYSIZE_ARRAY`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-sec_application_protocols>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SEC_APPLICATION_PROTOCOLS {
    pub ProtocolListsSize: ULONG,
    pub ProtocolLists: [SEC_APPLICATION_PROTOCOL_LIST; 1],
}
pub type PSEC_APPLICATION_PROTOCOLS = *mut SEC_APPLICATION_PROTOCOLS;

/// `SecPkgContext_ApplicationProtocol` (`SECPKG_ATTR_APPLICATION_PROTOCOL`).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-secpkgcontext_applicationprotocol>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_ApplicationProtocol {
    pub ProtoNegoStatus: SEC_APPLICATION_PROTOCOL_NEGOTIATION_STATUS,
    pub ProtoNegoExt: SEC_APPLICATION_PROTOCOL_NEGOTIATION_EXT,
    pub ProtocolIdSize: u8,
    pub ProtocolId: [u8; MAX_PROTOCOL_ID_SIZE],
}
pub type PSecPkgContext_ApplicationProtocol = *mut SecPkgContext_ApplicationProtocol;

/// `SEC_DTLS_MTU`: content of a `SECBUFFER_DTLS_MTU` buffer.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-sec_dtls_mtu>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SEC_DTLS_MTU {
    pub PathMTU: USHORT,
}
pub type PSEC_DTLS_MTU = *mut SEC_DTLS_MTU;

/// `SEC_FLAGS`: content of a `SECBUFFER_FLAGS` buffer.
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-sec_flags>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SEC_FLAGS {
    pub Flags: u64,
}
pub type PSEC_FLAGS = *mut SEC_FLAGS;

// ---- function pointer types (sspi.h) -------------------------------------------------------

/// `SEC_GET_KEY_FN`: callback argument of `AcquireCredentialsHandle` (unused by Schannel).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/nc-sspi-sec_get_key_fn>
pub type SEC_GET_KEY_FN = Option<
    unsafe extern "C" fn(
        Arg: *mut c_void,
        Principal: *mut c_void,
        KeyVer: ULONG,
        Key: *mut *mut c_void,
        Status: *mut SECURITY_STATUS,
    ),
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-enumeratesecuritypackagesa>
pub type ENUMERATE_SECURITY_PACKAGES_FN_A = Option<
    unsafe extern "C" fn(
        pcPackages: *mut ULONG,
        ppPackageInfo: *mut PSecPkgInfoA,
    ) -> SECURITY_STATUS,
>;
/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-enumeratesecuritypackagesw>
pub type ENUMERATE_SECURITY_PACKAGES_FN_W = Option<
    unsafe extern "C" fn(
        pcPackages: *mut ULONG,
        ppPackageInfo: *mut PSecPkgInfoW,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-querycredentialsattributesa>
pub type QUERY_CREDENTIALS_ATTRIBUTES_FN_A = Option<
    unsafe extern "C" fn(
        phCredential: PCredHandle,
        ulAttribute: ULONG,
        pBuffer: *mut c_void,
    ) -> SECURITY_STATUS,
>;
/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-querycredentialsattributesw>
pub type QUERY_CREDENTIALS_ATTRIBUTES_FN_W = Option<
    unsafe extern "C" fn(
        phCredential: PCredHandle,
        ulAttribute: ULONG,
        pBuffer: *mut c_void,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-acquirecredentialshandlea>
pub type ACQUIRE_CREDENTIALS_HANDLE_FN_A = Option<
    unsafe extern "C" fn(
        pszPrincipal: *mut SEC_CHAR,
        pszPackage: *mut SEC_CHAR,
        fCredentialUse: ULONG,
        pvLogonId: *mut c_void,
        pAuthData: *mut c_void,
        pGetKeyFn: SEC_GET_KEY_FN,
        pvGetKeyArgument: *mut c_void,
        phCredential: PCredHandle,
        ptsExpiry: PTimeStamp,
    ) -> SECURITY_STATUS,
>;
/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-acquirecredentialshandlew>
pub type ACQUIRE_CREDENTIALS_HANDLE_FN_W = Option<
    unsafe extern "C" fn(
        pszPrincipal: *mut SEC_WCHAR,
        pszPackage: *mut SEC_WCHAR,
        fCredentialUse: ULONG,
        pvLogonId: *mut c_void,
        pAuthData: *mut c_void,
        pGetKeyFn: SEC_GET_KEY_FN,
        pvGetKeyArgument: *mut c_void,
        phCredential: PCredHandle,
        ptsExpiry: PTimeStamp,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-freecredentialshandle>
pub type FREE_CREDENTIALS_HANDLE_FN =
    Option<unsafe extern "C" fn(phCredential: PCredHandle) -> SECURITY_STATUS>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-addcredentialsa>
pub type ADD_CREDENTIALS_FN_A = Option<
    unsafe extern "C" fn(
        hCredentials: PCredHandle,
        pszPrincipal: *mut SEC_CHAR,
        pszPackage: *mut SEC_CHAR,
        fCredentialUse: ULONG,
        pAuthData: *mut c_void,
        pGetKeyFn: SEC_GET_KEY_FN,
        pvGetKeyArgument: *mut c_void,
        ptsExpiry: PTimeStamp,
    ) -> SECURITY_STATUS,
>;
/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-addcredentialsw>
pub type ADD_CREDENTIALS_FN_W = Option<
    unsafe extern "C" fn(
        hCredentials: PCredHandle,
        pszPrincipal: *mut SEC_WCHAR,
        pszPackage: *mut SEC_WCHAR,
        fCredentialUse: ULONG,
        pAuthData: *mut c_void,
        pGetKeyFn: SEC_GET_KEY_FN,
        pvGetKeyArgument: *mut c_void,
        ptsExpiry: PTimeStamp,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-initializesecuritycontexta>
pub type INITIALIZE_SECURITY_CONTEXT_FN_A = Option<
    unsafe extern "C" fn(
        phCredential: PCredHandle,
        phContext: PCtxtHandle,
        pszTargetName: *mut SEC_CHAR,
        fContextReq: ULONG,
        Reserved1: ULONG,
        TargetDataRep: ULONG,
        pInput: PSecBufferDesc,
        Reserved2: ULONG,
        phNewContext: PCtxtHandle,
        pOutput: PSecBufferDesc,
        pfContextAttr: *mut ULONG,
        ptsExpiry: PTimeStamp,
    ) -> SECURITY_STATUS,
>;
/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-initializesecuritycontextw>
pub type INITIALIZE_SECURITY_CONTEXT_FN_W = Option<
    unsafe extern "C" fn(
        phCredential: PCredHandle,
        phContext: PCtxtHandle,
        pszTargetName: *mut SEC_WCHAR,
        fContextReq: ULONG,
        Reserved1: ULONG,
        TargetDataRep: ULONG,
        pInput: PSecBufferDesc,
        Reserved2: ULONG,
        phNewContext: PCtxtHandle,
        pOutput: PSecBufferDesc,
        pfContextAttr: *mut ULONG,
        ptsExpiry: PTimeStamp,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-acceptsecuritycontext>
pub type ACCEPT_SECURITY_CONTEXT_FN = Option<
    unsafe extern "C" fn(
        phCredential: PCredHandle,
        phContext: PCtxtHandle,
        pInput: PSecBufferDesc,
        fContextReq: ULONG,
        TargetDataRep: ULONG,
        phNewContext: PCtxtHandle,
        pOutput: PSecBufferDesc,
        pfContextAttr: *mut ULONG,
        ptsExpiry: PTimeStamp,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-completeauthtoken>
pub type COMPLETE_AUTH_TOKEN_FN =
    Option<unsafe extern "C" fn(phContext: PCtxtHandle, pToken: PSecBufferDesc) -> SECURITY_STATUS>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-impersonatesecuritycontext>
pub type IMPERSONATE_SECURITY_CONTEXT_FN =
    Option<unsafe extern "C" fn(phContext: PCtxtHandle) -> SECURITY_STATUS>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-revertsecuritycontext>
pub type REVERT_SECURITY_CONTEXT_FN =
    Option<unsafe extern "C" fn(phContext: PCtxtHandle) -> SECURITY_STATUS>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-querysecuritycontexttoken>
pub type QUERY_SECURITY_CONTEXT_TOKEN_FN =
    Option<unsafe extern "C" fn(phContext: PCtxtHandle, Token: *mut HANDLE) -> SECURITY_STATUS>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-deletesecuritycontext>
pub type DELETE_SECURITY_CONTEXT_FN =
    Option<unsafe extern "C" fn(phContext: PCtxtHandle) -> SECURITY_STATUS>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-applycontroltoken>
pub type APPLY_CONTROL_TOKEN_FN =
    Option<unsafe extern "C" fn(phContext: PCtxtHandle, pInput: PSecBufferDesc) -> SECURITY_STATUS>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-querycontextattributesa>
pub type QUERY_CONTEXT_ATTRIBUTES_FN_A = Option<
    unsafe extern "C" fn(
        phContext: PCtxtHandle,
        ulAttribute: ULONG,
        pBuffer: *mut c_void,
    ) -> SECURITY_STATUS,
>;
/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-querycontextattributesw>
pub type QUERY_CONTEXT_ATTRIBUTES_FN_W = Option<
    unsafe extern "C" fn(
        phContext: PCtxtHandle,
        ulAttribute: ULONG,
        pBuffer: *mut c_void,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-querycontextattributesexa>
pub type QUERY_CONTEXT_ATTRIBUTES_EX_FN_A = Option<
    unsafe extern "C" fn(
        phContext: PCtxtHandle,
        ulAttribute: ULONG,
        pBuffer: *mut c_void,
        cbBuffer: ULONG,
    ) -> SECURITY_STATUS,
>;
/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-querycontextattributesexw>
pub type QUERY_CONTEXT_ATTRIBUTES_EX_FN_W = Option<
    unsafe extern "C" fn(
        phContext: PCtxtHandle,
        ulAttribute: ULONG,
        pBuffer: *mut c_void,
        cbBuffer: ULONG,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-setcontextattributesa>
pub type SET_CONTEXT_ATTRIBUTES_FN_A = Option<
    unsafe extern "C" fn(
        phContext: PCtxtHandle,
        ulAttribute: ULONG,
        pBuffer: *mut c_void,
        cbBuffer: ULONG,
    ) -> SECURITY_STATUS,
>;
/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-setcontextattributesw>
pub type SET_CONTEXT_ATTRIBUTES_FN_W = Option<
    unsafe extern "C" fn(
        phContext: PCtxtHandle,
        ulAttribute: ULONG,
        pBuffer: *mut c_void,
        cbBuffer: ULONG,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-querycredentialsattributesexa>
pub type QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_A = Option<
    unsafe extern "C" fn(
        phCredential: PCredHandle,
        ulAttribute: ULONG,
        pBuffer: *mut c_void,
        cbBuffer: ULONG,
    ) -> SECURITY_STATUS,
>;
/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-querycredentialsattributesexw>
pub type QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_W = Option<
    unsafe extern "C" fn(
        phCredential: PCredHandle,
        ulAttribute: ULONG,
        pBuffer: *mut c_void,
        cbBuffer: ULONG,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-setcredentialsattributesa>
pub type SET_CREDENTIALS_ATTRIBUTES_FN_A = Option<
    unsafe extern "C" fn(
        phCredential: PCredHandle,
        ulAttribute: ULONG,
        pBuffer: *mut c_void,
        cbBuffer: ULONG,
    ) -> SECURITY_STATUS,
>;
/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-setcredentialsattributesw>
pub type SET_CREDENTIALS_ATTRIBUTES_FN_W = Option<
    unsafe extern "C" fn(
        phCredential: PCredHandle,
        ulAttribute: ULONG,
        pBuffer: *mut c_void,
        cbBuffer: ULONG,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-freecontextbuffer>
pub type FREE_CONTEXT_BUFFER_FN =
    Option<unsafe extern "C" fn(pvContextBuffer: *mut c_void) -> SECURITY_STATUS>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-makesignature>
pub type MAKE_SIGNATURE_FN = Option<
    unsafe extern "C" fn(
        phContext: PCtxtHandle,
        fQOP: ULONG,
        pMessage: PSecBufferDesc,
        MessageSeqNo: ULONG,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-verifysignature>
pub type VERIFY_SIGNATURE_FN = Option<
    unsafe extern "C" fn(
        phContext: PCtxtHandle,
        pMessage: PSecBufferDesc,
        MessageSeqNo: ULONG,
        pfQOP: *mut ULONG,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-encryptmessage>
pub type ENCRYPT_MESSAGE_FN = Option<
    unsafe extern "C" fn(
        phContext: PCtxtHandle,
        fQOP: ULONG,
        pMessage: PSecBufferDesc,
        MessageSeqNo: ULONG,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-decryptmessage>
pub type DECRYPT_MESSAGE_FN = Option<
    unsafe extern "C" fn(
        phContext: PCtxtHandle,
        pMessage: PSecBufferDesc,
        MessageSeqNo: ULONG,
        pfQOP: *mut ULONG,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-querysecuritypackageinfoa>
pub type QUERY_SECURITY_PACKAGE_INFO_FN_A = Option<
    unsafe extern "C" fn(
        pszPackageName: *mut SEC_CHAR,
        ppPackageInfo: *mut PSecPkgInfoA,
    ) -> SECURITY_STATUS,
>;
/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-querysecuritypackageinfow>
pub type QUERY_SECURITY_PACKAGE_INFO_FN_W = Option<
    unsafe extern "C" fn(
        pszPackageName: *mut SEC_WCHAR,
        ppPackageInfo: *mut PSecPkgInfoW,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-exportsecuritycontext>
pub type EXPORT_SECURITY_CONTEXT_FN = Option<
    unsafe extern "C" fn(
        phContext: PCtxtHandle,
        fFlags: ULONG,
        pPackedContext: PSecBuffer,
        pToken: *mut *mut c_void,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-importsecuritycontexta>
pub type IMPORT_SECURITY_CONTEXT_FN_A = Option<
    unsafe extern "C" fn(
        pszPackage: *mut SEC_CHAR,
        pPackedContext: PSecBuffer,
        Token: *mut c_void,
        phContext: PCtxtHandle,
    ) -> SECURITY_STATUS,
>;
/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-importsecuritycontextw>
pub type IMPORT_SECURITY_CONTEXT_FN_W = Option<
    unsafe extern "C" fn(
        pszPackage: *mut SEC_WCHAR,
        pPackedContext: PSecBuffer,
        Token: *mut c_void,
        phContext: PCtxtHandle,
    ) -> SECURITY_STATUS,
>;

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-changeaccountpassworda>
pub type CHANGE_PASSWORD_FN_A = Option<
    unsafe extern "C" fn(
        pszPackageName: *mut SEC_CHAR,
        pszDomainName: *mut SEC_CHAR,
        pszAccountName: *mut SEC_CHAR,
        pszOldPassword: *mut SEC_CHAR,
        pszNewPassword: *mut SEC_CHAR,
        bImpersonating: BOOLEAN,
        dwReserved: ULONG,
        pOutput: PSecBufferDesc,
    ) -> SECURITY_STATUS,
>;
/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-changeaccountpasswordw>
pub type CHANGE_PASSWORD_FN_W = Option<
    unsafe extern "C" fn(
        pszPackageName: *mut SEC_WCHAR,
        pszDomainName: *mut SEC_WCHAR,
        pszAccountName: *mut SEC_WCHAR,
        pszOldPassword: *mut SEC_WCHAR,
        pszNewPassword: *mut SEC_WCHAR,
        bImpersonating: BOOLEAN,
        dwReserved: ULONG,
        pOutput: PSecBufferDesc,
    ) -> SECURITY_STATUS,
>;

// ---- dispatch tables -----------------------------------------------------------------------

/// `SecurityFunctionTableA`: the table `InitSecurityInterfaceA` returns. `dwVersion`, then 31
/// pointers in SDK order (256 bytes on x64). `Reserved3`/`Reserved4` alias `EncryptMessage` /
/// `DecryptMessage` as on Windows. (The SDK spells the fifth field `FreeCredentialHandle` and
/// `#define`s that to `FreeCredentialsHandle`; the header keeps both spellings working.)
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-securityfunctiontablea>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecurityFunctionTableA {
    pub dwVersion: ULONG,
    pub EnumerateSecurityPackagesA: ENUMERATE_SECURITY_PACKAGES_FN_A,
    pub QueryCredentialsAttributesA: QUERY_CREDENTIALS_ATTRIBUTES_FN_A,
    pub AcquireCredentialsHandleA: ACQUIRE_CREDENTIALS_HANDLE_FN_A,
    pub FreeCredentialsHandle: FREE_CREDENTIALS_HANDLE_FN,
    pub Reserved2: *mut c_void,
    pub InitializeSecurityContextA: INITIALIZE_SECURITY_CONTEXT_FN_A,
    pub AcceptSecurityContext: ACCEPT_SECURITY_CONTEXT_FN,
    pub CompleteAuthToken: COMPLETE_AUTH_TOKEN_FN,
    pub DeleteSecurityContext: DELETE_SECURITY_CONTEXT_FN,
    pub ApplyControlToken: APPLY_CONTROL_TOKEN_FN,
    pub QueryContextAttributesA: QUERY_CONTEXT_ATTRIBUTES_FN_A,
    pub ImpersonateSecurityContext: IMPERSONATE_SECURITY_CONTEXT_FN,
    pub RevertSecurityContext: REVERT_SECURITY_CONTEXT_FN,
    pub MakeSignature: MAKE_SIGNATURE_FN,
    pub VerifySignature: VERIFY_SIGNATURE_FN,
    pub FreeContextBuffer: FREE_CONTEXT_BUFFER_FN,
    pub QuerySecurityPackageInfoA: QUERY_SECURITY_PACKAGE_INFO_FN_A,
    pub Reserved3: *mut c_void,
    pub Reserved4: *mut c_void,
    pub ExportSecurityContext: EXPORT_SECURITY_CONTEXT_FN,
    pub ImportSecurityContextA: IMPORT_SECURITY_CONTEXT_FN_A,
    pub AddCredentialsA: ADD_CREDENTIALS_FN_A,
    pub Reserved8: *mut c_void,
    pub QuerySecurityContextToken: QUERY_SECURITY_CONTEXT_TOKEN_FN,
    pub EncryptMessage: ENCRYPT_MESSAGE_FN,
    pub DecryptMessage: DECRYPT_MESSAGE_FN,
    pub SetContextAttributesA: SET_CONTEXT_ATTRIBUTES_FN_A,
    pub SetCredentialsAttributesA: SET_CREDENTIALS_ATTRIBUTES_FN_A,
    pub ChangeAccountPasswordA: CHANGE_PASSWORD_FN_A,
    pub QueryContextAttributesExA: QUERY_CONTEXT_ATTRIBUTES_EX_FN_A,
    pub QueryCredentialsAttributesExA: QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_A,
}
pub type PSecurityFunctionTableA = *mut SecurityFunctionTableA;

/// `SecurityFunctionTableW`: the table `InitSecurityInterfaceW` returns (same layout as the A
/// table, UTF-16 entry points).
///
/// <https://learn.microsoft.com/windows/win32/api/sspi/ns-sspi-securityfunctiontablew>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecurityFunctionTableW {
    pub dwVersion: ULONG,
    pub EnumerateSecurityPackagesW: ENUMERATE_SECURITY_PACKAGES_FN_W,
    pub QueryCredentialsAttributesW: QUERY_CREDENTIALS_ATTRIBUTES_FN_W,
    pub AcquireCredentialsHandleW: ACQUIRE_CREDENTIALS_HANDLE_FN_W,
    pub FreeCredentialsHandle: FREE_CREDENTIALS_HANDLE_FN,
    pub Reserved2: *mut c_void,
    pub InitializeSecurityContextW: INITIALIZE_SECURITY_CONTEXT_FN_W,
    pub AcceptSecurityContext: ACCEPT_SECURITY_CONTEXT_FN,
    pub CompleteAuthToken: COMPLETE_AUTH_TOKEN_FN,
    pub DeleteSecurityContext: DELETE_SECURITY_CONTEXT_FN,
    pub ApplyControlToken: APPLY_CONTROL_TOKEN_FN,
    pub QueryContextAttributesW: QUERY_CONTEXT_ATTRIBUTES_FN_W,
    pub ImpersonateSecurityContext: IMPERSONATE_SECURITY_CONTEXT_FN,
    pub RevertSecurityContext: REVERT_SECURITY_CONTEXT_FN,
    pub MakeSignature: MAKE_SIGNATURE_FN,
    pub VerifySignature: VERIFY_SIGNATURE_FN,
    pub FreeContextBuffer: FREE_CONTEXT_BUFFER_FN,
    pub QuerySecurityPackageInfoW: QUERY_SECURITY_PACKAGE_INFO_FN_W,
    pub Reserved3: *mut c_void,
    pub Reserved4: *mut c_void,
    pub ExportSecurityContext: EXPORT_SECURITY_CONTEXT_FN,
    pub ImportSecurityContextW: IMPORT_SECURITY_CONTEXT_FN_W,
    pub AddCredentialsW: ADD_CREDENTIALS_FN_W,
    pub Reserved8: *mut c_void,
    pub QuerySecurityContextToken: QUERY_SECURITY_CONTEXT_TOKEN_FN,
    pub EncryptMessage: ENCRYPT_MESSAGE_FN,
    pub DecryptMessage: DECRYPT_MESSAGE_FN,
    pub SetContextAttributesW: SET_CONTEXT_ATTRIBUTES_FN_W,
    pub SetCredentialsAttributesW: SET_CREDENTIALS_ATTRIBUTES_FN_W,
    pub ChangeAccountPasswordW: CHANGE_PASSWORD_FN_W,
    pub QueryContextAttributesExW: QUERY_CONTEXT_ATTRIBUTES_EX_FN_W,
    pub QueryCredentialsAttributesExW: QUERY_CREDENTIALS_ATTRIBUTES_EX_FN_W,
}
pub type PSecurityFunctionTableW = *mut SecurityFunctionTableW;

// SAFETY: the tables hold only function pointers and `Reserved*` pointers that are never written
// through (they alias functions or are NULL); a table is built once, stored in a static and then
// only read, so moving it to or sharing it between threads is sound.
unsafe impl Send for SecurityFunctionTableA {}
// SAFETY: as above.
unsafe impl Sync for SecurityFunctionTableA {}
// SAFETY: as for `SecurityFunctionTableA`.
unsafe impl Send for SecurityFunctionTableW {}
// SAFETY: as for `SecurityFunctionTableA`.
unsafe impl Sync for SecurityFunctionTableW {}

/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-initsecurityinterfacea>
pub type INIT_SECURITY_INTERFACE_A = Option<unsafe extern "C" fn() -> PSecurityFunctionTableA>;
/// <https://learn.microsoft.com/windows/win32/api/sspi/nf-sspi-initsecurityinterfacew>
pub type INIT_SECURITY_INTERFACE_W = Option<unsafe extern "C" fn() -> PSecurityFunctionTableW>;

// ---- x64 layout checks (reference/wine-conformance.md §4.8) --------------------------------

#[cfg(target_pointer_width = "64")]
const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<SEC_WINNT_AUTH_IDENTITY_W>() == 48);
    assert!(offset_of!(SEC_WINNT_AUTH_IDENTITY_W, Domain) == 16);
    assert!(offset_of!(SEC_WINNT_AUTH_IDENTITY_W, Flags) == 44);
    assert!(size_of::<SEC_WINNT_AUTH_IDENTITY_A>() == 48);
    assert!(size_of::<SEC_WINNT_AUTH_IDENTITY_EXW>() == 72);
    assert!(offset_of!(SEC_WINNT_AUTH_IDENTITY_EXW, User) == 8);
    assert!(offset_of!(SEC_WINNT_AUTH_IDENTITY_EXW, Flags) == 52);
    assert!(offset_of!(SEC_WINNT_AUTH_IDENTITY_EXW, PackageList) == 56);
    assert!(offset_of!(SEC_WINNT_AUTH_IDENTITY_EXW, PackageListLength) == 64);
    assert!(size_of::<SEC_WINNT_AUTH_IDENTITY_EXA>() == 72);
    assert!(size_of::<SecHandle>() == 16);
    assert!(offset_of!(SecHandle, dwUpper) == 8);
    assert!(size_of::<TimeStamp>() == 8);
    assert!(offset_of!(SECURITY_INTEGER, HighPart) == 4);
    assert!(size_of::<SecBuffer>() == 16);
    assert!(offset_of!(SecBuffer, BufferType) == 4);
    assert!(offset_of!(SecBuffer, pvBuffer) == 8);
    assert!(size_of::<SecBufferDesc>() == 16);
    assert!(offset_of!(SecBufferDesc, cBuffers) == 4);
    assert!(offset_of!(SecBufferDesc, pBuffers) == 8);
    assert!(size_of::<SecPkgInfoA>() == 32);
    assert!(offset_of!(SecPkgInfoA, wVersion) == 4);
    assert!(offset_of!(SecPkgInfoA, wRPCID) == 6);
    assert!(offset_of!(SecPkgInfoA, cbMaxToken) == 8);
    assert!(offset_of!(SecPkgInfoA, Name) == 16);
    assert!(offset_of!(SecPkgInfoA, Comment) == 24);
    assert!(size_of::<SecPkgInfoW>() == 32);
    assert!(offset_of!(SecPkgInfoW, Name) == 16);
    assert!(size_of::<SecPkgContext_StreamSizes>() == 20);
    assert!(offset_of!(SecPkgContext_StreamSizes, cbBlockSize) == 16);
    assert!(size_of::<SecPkgContext_Sizes>() == 16);
    assert!(size_of::<SecPkgContext_KeyInfoA>() == 32);
    assert!(offset_of!(SecPkgContext_KeyInfoA, KeySize) == 16);
    assert!(offset_of!(SecPkgContext_KeyInfoA, SignatureAlgorithm) == 20);
    assert!(offset_of!(SecPkgContext_KeyInfoA, EncryptAlgorithm) == 24);
    assert!(size_of::<SecPkgContext_KeyInfoW>() == 32);
    assert!(size_of::<SEC_CHANNEL_BINDINGS>() == 32);
    assert!(offset_of!(SEC_CHANNEL_BINDINGS, dwApplicationDataOffset) == 28);
    assert!(size_of::<SecPkgContext_Bindings>() == 16);
    assert!(offset_of!(SecPkgContext_Bindings, Bindings) == 8);
    assert!(size_of::<SecPkgContext_ApplicationProtocol>() == 264);
    assert!(offset_of!(SecPkgContext_ApplicationProtocol, ProtoNegoExt) == 4);
    assert!(offset_of!(SecPkgContext_ApplicationProtocol, ProtocolIdSize) == 8);
    assert!(offset_of!(SecPkgContext_ApplicationProtocol, ProtocolId) == 9);
    assert!(size_of::<SEC_APPLICATION_PROTOCOL_LIST>() == 8);
    assert!(offset_of!(SEC_APPLICATION_PROTOCOL_LIST, ProtocolListSize) == 4);
    assert!(offset_of!(SEC_APPLICATION_PROTOCOL_LIST, ProtocolList) == 6);
    assert!(size_of::<SEC_APPLICATION_PROTOCOLS>() == 12);
    assert!(offset_of!(SEC_APPLICATION_PROTOCOLS, ProtocolLists) == 4);
    assert!(size_of::<SecPkgContext_NegotiationInfoA>() == 16);
    assert!(size_of::<SecPkgContext_Lifespan>() == 16);
    assert!(size_of::<SecurityFunctionTableA>() == 256);
    assert!(size_of::<SecurityFunctionTableW>() == 256);
    assert!(offset_of!(SecurityFunctionTableA, EnumerateSecurityPackagesA) == 8);
    assert!(offset_of!(SecurityFunctionTableA, FreeCredentialsHandle) == 32);
    assert!(offset_of!(SecurityFunctionTableA, Reserved2) == 40);
    assert!(offset_of!(SecurityFunctionTableA, InitializeSecurityContextA) == 48);
    assert!(offset_of!(SecurityFunctionTableA, FreeContextBuffer) == 128);
    assert!(offset_of!(SecurityFunctionTableA, Reserved3) == 144);
    assert!(offset_of!(SecurityFunctionTableA, Reserved4) == 152);
    assert!(offset_of!(SecurityFunctionTableA, EncryptMessage) == 200);
    assert!(offset_of!(SecurityFunctionTableA, DecryptMessage) == 208);
    assert!(offset_of!(SecurityFunctionTableA, SetContextAttributesA) == 216);
    assert!(offset_of!(SecurityFunctionTableA, SetCredentialsAttributesA) == 224);
    assert!(offset_of!(SecurityFunctionTableA, ChangeAccountPasswordA) == 232);
    assert!(offset_of!(SecurityFunctionTableA, QueryContextAttributesExA) == 240);
    assert!(offset_of!(SecurityFunctionTableA, QueryCredentialsAttributesExA) == 248);
    assert!(offset_of!(SecurityFunctionTableW, EncryptMessage) == 200);
    assert!(offset_of!(SecurityFunctionTableW, QueryCredentialsAttributesExW) == 248);
};
