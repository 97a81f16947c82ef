//! The Schannel package (`schannel.h`): package names, protocol bits, credential structures
//! (`SCHANNEL_CRED`, `SCH_CREDENTIALS`), control tokens, TLS alert numbers and the
//! Schannel-specific context and credential attributes.
#![allow(
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    clippy::upper_case_acronyms
)]

use core::ffi::c_void;

use super::win32::{
    BOOL, BYTE, DWORD, GUID, LPSTR, LPWSTR, PBYTE, PUNICODE_STRING, UNICODE_STRING, WCHAR, WORD,
};
use super::wincrypt::{ALG_ID, HCERTSTORE, HCRYPTPROV, PCCERT_CONTEXT, PCERT_NAME_BLOB};

// ---- package names -------------------------------------------------------------------------
// The C header gets UNISP_NAME_A/_W, SCHANNEL_NAME_A/_W, DEFAULT_TLS_SSP_NAME_A/_W, ... as
// string macros from cbindgen.toml (`_W` as `u"..."`). These are for Rust code.

/// `UNISP_NAME`: the package name most callers pass to `AcquireCredentialsHandle`.
/// cbindgen:ignore
pub const UNISP_NAME: &str = "Microsoft Unified Security Protocol Provider";
/// `SCHANNEL_NAME`: the second accepted package name.
/// cbindgen:ignore
pub const SCHANNEL_NAME: &str = "Schannel";
/// `DEFAULT_TLS_SSP_NAME`.
/// cbindgen:ignore
pub const DEFAULT_TLS_SSP_NAME: &str = "Default TLS SSP";
/// Package comment reported for `UNISP_NAME` (same string, as on Windows).
/// cbindgen:ignore
pub const UNISP_COMMENT: &str = "Microsoft Unified Security Protocol Provider";
/// Package comment reported for `SCHANNEL_NAME`.
/// cbindgen:ignore
pub const SCHANNEL_COMMENT: &str = "Schannel Security Package";

/// `wRPCID` of the Schannel package.
pub const UNISP_RPC_ID: WORD = 14;

// ---- Schannel context / credential attributes ----------------------------------------------

pub const SECPKG_ATTR_ISSUER_LIST: DWORD = 0x50;
pub const SECPKG_ATTR_REMOTE_CRED: DWORD = 0x51;
pub const SECPKG_ATTR_LOCAL_CRED: DWORD = 0x52;
pub const SECPKG_ATTR_REMOTE_CERT_CONTEXT: DWORD = 0x53;
pub const SECPKG_ATTR_LOCAL_CERT_CONTEXT: DWORD = 0x54;
pub const SECPKG_ATTR_ROOT_STORE: DWORD = 0x55;
pub const SECPKG_ATTR_SUPPORTED_ALGS: DWORD = 0x56;
pub const SECPKG_ATTR_CIPHER_STRENGTHS: DWORD = 0x57;
pub const SECPKG_ATTR_SUPPORTED_PROTOCOLS: DWORD = 0x58;
pub const SECPKG_ATTR_ISSUER_LIST_EX: DWORD = 0x59;
pub const SECPKG_ATTR_CONNECTION_INFO: DWORD = 0x5A;
pub const SECPKG_ATTR_EAP_KEY_BLOCK: DWORD = 0x5B;
pub const SECPKG_ATTR_MAPPED_CRED_ATTR: DWORD = 0x5C;
pub const SECPKG_ATTR_SESSION_INFO: DWORD = 0x5D;
pub const SECPKG_ATTR_APP_DATA: DWORD = 0x5E;
pub const SECPKG_ATTR_REMOTE_CERTIFICATES: DWORD = 0x5F;
pub const SECPKG_ATTR_CLIENT_CERT_POLICY: DWORD = 0x60;
pub const SECPKG_ATTR_CC_POLICY_RESULT: DWORD = 0x61;
pub const SECPKG_ATTR_USE_NCRYPT: DWORD = 0x62;
pub const SECPKG_ATTR_LOCAL_CERT_INFO: DWORD = 0x63;
pub const SECPKG_ATTR_CIPHER_INFO: DWORD = 0x64;
pub const SECPKG_ATTR_EAP_PRF_INFO: DWORD = 0x65;
pub const SECPKG_ATTR_SUPPORTED_SIGNATURES: DWORD = 0x66;
pub const SECPKG_ATTR_REMOTE_CERT_CHAIN: DWORD = 0x67;
pub const SECPKG_ATTR_UI_INFO: DWORD = 0x68;
pub const SECPKG_ATTR_EARLY_START: DWORD = 0x69;
pub const SECPKG_ATTR_KEYING_MATERIAL_INFO: DWORD = 0x6A;
pub const SECPKG_ATTR_KEYING_MATERIAL: DWORD = 0x6B;
pub const SECPKG_ATTR_SRTP_PARAMETERS: DWORD = 0x6C;
pub const SECPKG_ATTR_TOKEN_BINDING: DWORD = 0x6D;
pub const SECPKG_ATTR_CONNECTION_INFO_EX: DWORD = 0x6E;
pub const SECPKG_ATTR_KEYING_MATERIAL_TOKEN_BINDING: DWORD = 0x6F;
pub const SECPKG_ATTR_KEYING_MATERIAL_INPROC: DWORD = 0x70;
pub const SECPKG_ATTR_CERT_CHECK_RESULT: DWORD = 0x71;
pub const SECPKG_ATTR_CERT_CHECK_RESULT_INPROC: DWORD = 0x72;
pub const SECPKG_ATTR_SESSION_TICKET_KEYS: DWORD = 0x73;
pub const SECPKG_ATTR_SERIALIZED_REMOTE_CERT_CONTEXT_INPROC: DWORD = 0x74;
pub const SECPKG_ATTR_SERIALIZED_REMOTE_CERT_CONTEXT: DWORD = 0x75;

pub const RCRED_STATUS_NOCRED: DWORD = 0;
pub const RCRED_CRED_EXISTS: DWORD = 1;
pub const RCRED_STATUS_UNKNOWN_ISSUER: DWORD = 2;
pub const LCRED_STATUS_NOCRED: DWORD = 0;
pub const LCRED_CRED_EXISTS: DWORD = 1;
pub const LCRED_STATUS_UNKNOWN_ISSUER: DWORD = 2;

// ---- attribute structures ------------------------------------------------------------------

/// `SecPkgCred_SupportedAlgs` (`QueryCredentialsAttributes(SECPKG_ATTR_SUPPORTED_ALGS)`);
/// `palgSupportedAlgs` is freed with `FreeContextBuffer`.
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-secpkgcred_supportedalgs>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgCred_SupportedAlgs {
    pub cSupportedAlgs: DWORD,
    pub palgSupportedAlgs: *mut ALG_ID,
}
pub type PSecPkgCred_SupportedAlgs = *mut SecPkgCred_SupportedAlgs;

/// `SecPkgCred_CipherStrengths` (`SECPKG_ATTR_CIPHER_STRENGTHS`).
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-secpkgcred_cipherstrengths>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SecPkgCred_CipherStrengths {
    pub dwMinimumCipherStrength: DWORD,
    pub dwMaximumCipherStrength: DWORD,
}
pub type PSecPkgCred_CipherStrengths = *mut SecPkgCred_CipherStrengths;

/// `SecPkgCred_SupportedProtocols` (`SECPKG_ATTR_SUPPORTED_PROTOCOLS`): `SP_PROT_*` bits.
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-secpkgcred_supportedprotocols>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SecPkgCred_SupportedProtocols {
    pub grbitProtocol: DWORD,
}
pub type PSecPkgCred_SupportedProtocols = *mut SecPkgCred_SupportedProtocols;

/// `SecPkgCred_ClientCertPolicy` (`SetCredentialsAttributes(SECPKG_ATTR_CLIENT_CERT_POLICY)`).
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-secpkgcred_clientcertpolicy>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgCred_ClientCertPolicy {
    pub dwFlags: DWORD,
    pub guidPolicyId: GUID,
    pub dwCertFlags: DWORD,
    pub dwUrlRetrievalTimeout: DWORD,
    pub fCheckRevocationFreshnessTime: BOOL,
    pub dwRevocationFreshnessTime: DWORD,
    pub fOmitUsageCheck: BOOL,
    pub pwszSslCtlStoreName: LPWSTR,
    pub pwszSslCtlIdentifier: LPWSTR,
}
pub type PSecPkgCred_ClientCertPolicy = *mut SecPkgCred_ClientCertPolicy;

/// `SecPkgContext_IssuerListInfoEx` (`SECPKG_ATTR_ISSUER_LIST_EX`): the DER-encoded
/// distinguished names from the server's CertificateRequest; `aIssuers` is freed with
/// `FreeContextBuffer`.
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-secpkgcontext_issuerlistinfoex>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_IssuerListInfoEx {
    pub aIssuers: PCERT_NAME_BLOB,
    pub cIssuers: DWORD,
}
pub type PSecPkgContext_IssuerListInfoEx = *mut SecPkgContext_IssuerListInfoEx;

/// `SecPkgContext_ConnectionInfo` (`SECPKG_ATTR_CONNECTION_INFO`).
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-secpkgcontext_connectioninfo>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SecPkgContext_ConnectionInfo {
    /// One `SP_PROT_*` bit.
    pub dwProtocol: DWORD,
    pub aiCipher: ALG_ID,
    pub dwCipherStrength: DWORD,
    pub aiHash: ALG_ID,
    pub dwHashStrength: DWORD,
    pub aiExch: ALG_ID,
    pub dwExchStrength: DWORD,
}
pub type PSecPkgContext_ConnectionInfo = *mut SecPkgContext_ConnectionInfo;

/// Length (in `WCHAR`s) of the string arrays of `SecPkgContext_CipherInfo` and
/// `SecPkgContext_ConnectionInfoEx`.
pub const SZ_ALG_MAX_SIZE: usize = 64;

pub const SECPKGCONTEXT_CONNECTION_INFO_EX_V1: DWORD = 1;

/// `SecPkgContext_ConnectionInfoEx` (`SECPKG_ATTR_CONNECTION_INFO_EX`): CNG algorithm names.
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-secpkgcontext_connectioninfoex>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_ConnectionInfoEx {
    /// `SECPKGCONTEXT_CONNECTION_INFO_EX_V1`.
    pub dwVersion: DWORD,
    pub dwProtocol: DWORD,
    pub szCipher: [WCHAR; SZ_ALG_MAX_SIZE],
    pub dwCipherStrength: DWORD,
    pub szHash: [WCHAR; SZ_ALG_MAX_SIZE],
    pub dwHashStrength: DWORD,
    pub szExchange: [WCHAR; SZ_ALG_MAX_SIZE],
    pub dwExchStrength: DWORD,
}
pub type PSecPkgContext_ConnectionInfoEx = *mut SecPkgContext_ConnectionInfoEx;

pub const SECPKGCONTEXT_CIPHERINFO_V1: DWORD = 1;

/// `SecPkgContext_CipherInfo` (`SECPKG_ATTR_CIPHER_INFO`): wire protocol version, IANA cipher
/// suite id and name, and CNG algorithm names (UTF-16).
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-secpkgcontext_cipherinfo>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_CipherInfo {
    /// `SECPKGCONTEXT_CIPHERINFO_V1`.
    pub dwVersion: DWORD,
    pub dwProtocol: DWORD,
    pub dwCipherSuite: DWORD,
    pub dwBaseCipherSuite: DWORD,
    pub szCipherSuite: [WCHAR; SZ_ALG_MAX_SIZE],
    pub szCipher: [WCHAR; SZ_ALG_MAX_SIZE],
    pub dwCipherLen: DWORD,
    pub dwCipherBlockLen: DWORD,
    pub szHash: [WCHAR; SZ_ALG_MAX_SIZE],
    pub dwHashLen: DWORD,
    pub szExchange: [WCHAR; SZ_ALG_MAX_SIZE],
    pub dwMinExchangeLen: DWORD,
    pub dwMaxExchangeLen: DWORD,
    pub szCertificate: [WCHAR; SZ_ALG_MAX_SIZE],
    pub dwKeyType: DWORD,
}
pub type PSecPkgContext_CipherInfo = *mut SecPkgContext_CipherInfo;

/// `SecPkgContext_EapKeyBlock` (`SECPKG_ATTR_EAP_KEY_BLOCK`).
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-secpkgcontext_eapkeyblock>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_EapKeyBlock {
    pub rgbKeys: [BYTE; 128],
    pub rgbIVs: [BYTE; 64],
}
pub type PSecPkgContext_EapKeyBlock = *mut SecPkgContext_EapKeyBlock;

pub const SSL_SESSION_RECONNECT: DWORD = 1;

/// `SecPkgContext_SessionInfo` (`SECPKG_ATTR_SESSION_INFO`); `dwFlags` has
/// `SSL_SESSION_RECONNECT` when the session was resumed.
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-secpkgcontext_sessioninfo>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SecPkgContext_SessionInfo {
    pub dwFlags: DWORD,
    pub cbSessionId: DWORD,
    pub rgbSessionId: [BYTE; 32],
}
pub type PSecPkgContext_SessionInfo = *mut SecPkgContext_SessionInfo;

/// `SecPkgContext_SupportedSignatures` (`SECPKG_ATTR_SUPPORTED_SIGNATURES`).
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-secpkgcontext_supportedsignatures>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_SupportedSignatures {
    pub cSignatureAndHashAlgorithms: WORD,
    pub pSignatureAndHashAlgorithms: *mut WORD,
}
pub type PSecPkgContext_SupportedSignatures = *mut SecPkgContext_SupportedSignatures;

/// `SecPkgContext_KeyingMaterialInfo` (`SetContextAttributes(SECPKG_ATTR_KEYING_MATERIAL_INFO)`):
/// RFC 5705 exporter label and context.
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-secpkgcontext_keyingmaterialinfo>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_KeyingMaterialInfo {
    pub cbLabel: WORD,
    pub pszLabel: LPSTR,
    pub cbContextValue: WORD,
    pub pbContextValue: PBYTE,
    pub cbKeyingMaterial: DWORD,
}
pub type PSecPkgContext_KeyingMaterialInfo = *mut SecPkgContext_KeyingMaterialInfo;

/// `SecPkgContext_KeyingMaterial` (`SECPKG_ATTR_KEYING_MATERIAL`); `pbKeyingMaterial` is freed
/// with `FreeContextBuffer`.
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-secpkgcontext_keyingmaterial>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SecPkgContext_KeyingMaterial {
    pub cbKeyingMaterial: DWORD,
    pub pbKeyingMaterial: PBYTE,
}
pub type PSecPkgContext_KeyingMaterial = *mut SecPkgContext_KeyingMaterial;

// eTlsSignatureAlgorithm / eTlsHashAlgorithm (TLS 1.2 SignatureAndHashAlgorithm halves).
pub type eTlsSignatureAlgorithm = u32;
pub const TlsSignatureAlgorithm_Anonymous: eTlsSignatureAlgorithm = 0;
pub const TlsSignatureAlgorithm_Rsa: eTlsSignatureAlgorithm = 1;
pub const TlsSignatureAlgorithm_Dsa: eTlsSignatureAlgorithm = 2;
pub const TlsSignatureAlgorithm_Ecdsa: eTlsSignatureAlgorithm = 3;
pub type eTlsHashAlgorithm = u32;
pub const TlsHashAlgorithm_None: eTlsHashAlgorithm = 0;
pub const TlsHashAlgorithm_Md5: eTlsHashAlgorithm = 1;
pub const TlsHashAlgorithm_Sha1: eTlsHashAlgorithm = 2;
pub const TlsHashAlgorithm_Sha224: eTlsHashAlgorithm = 3;
pub const TlsHashAlgorithm_Sha256: eTlsHashAlgorithm = 4;
pub const TlsHashAlgorithm_Sha384: eTlsHashAlgorithm = 5;
pub const TlsHashAlgorithm_Sha512: eTlsHashAlgorithm = 6;

// ---- credential versions and formats -------------------------------------------------------

pub const SCH_CRED_V1: DWORD = 0x0000_0001;
pub const SCH_CRED_V2: DWORD = 0x0000_0002;
pub const SCH_CRED_VERSION: DWORD = 0x0000_0002;
pub const SCH_CRED_V3: DWORD = 0x0000_0003;
pub const SCHANNEL_CRED_VERSION: DWORD = 0x0000_0004;
pub const SCH_CREDENTIALS_VERSION: DWORD = 0x0000_0005;

pub const SCH_CRED_FORMAT_CERT_CONTEXT: DWORD = 0x0000_0000;
pub const SCH_CRED_FORMAT_CERT_HASH: DWORD = 0x0000_0001;
pub const SCH_CRED_FORMAT_CERT_HASH_STORE: DWORD = 0x0000_0002;

pub const SCH_CRED_MAX_STORE_NAME_SIZE: DWORD = 128;
pub const SCH_CRED_MAX_SUPPORTED_ALGS: DWORD = 256;
pub const SCH_CRED_MAX_SUPPORTED_CERTS: DWORD = 100;
pub const SCH_CRED_MAX_SUPPORTED_PARAMETERS: DWORD = 16;
pub const SCH_CRED_MAX_SUPPORTED_ALPN_IDS: DWORD = 16;
pub const SCH_CRED_MAX_SUPPORTED_CRYPTO_SETTINGS: DWORD = 16;
pub const SCH_CRED_MAX_SUPPORTED_CHAINING_MODES: DWORD = 16;
pub const SCH_MAX_EXT_SUBSCRIPTIONS: DWORD = 2;

/// `TLS_PARAMETERS.dwFlags`: the parameters may be ignored if unsupported.
pub const TLS_PARAMS_OPTIONAL: DWORD = 0x0000_0001;

pub const SCH_MACHINE_CERT_HASH: DWORD = 0x0000_0001;

// ---- SCHANNEL_CRED / SCH_CREDENTIALS dwFlags -----------------------------------------------

pub const SCH_CRED_NO_SYSTEM_MAPPER: DWORD = 0x0000_0002;
pub const SCH_CRED_NO_SERVERNAME_CHECK: DWORD = 0x0000_0004;
pub const SCH_CRED_MANUAL_CRED_VALIDATION: DWORD = 0x0000_0008;
pub const SCH_CRED_NO_DEFAULT_CREDS: DWORD = 0x0000_0010;
pub const SCH_CRED_AUTO_CRED_VALIDATION: DWORD = 0x0000_0020;
pub const SCH_CRED_USE_DEFAULT_CREDS: DWORD = 0x0000_0040;
pub const SCH_CRED_DISABLE_RECONNECTS: DWORD = 0x0000_0080;
pub const SCH_CRED_REVOCATION_CHECK_END_CERT: DWORD = 0x0000_0100;
pub const SCH_CRED_REVOCATION_CHECK_CHAIN: DWORD = 0x0000_0200;
pub const SCH_CRED_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT: DWORD = 0x0000_0400;
pub const SCH_CRED_IGNORE_NO_REVOCATION_CHECK: DWORD = 0x0000_0800;
pub const SCH_CRED_IGNORE_REVOCATION_OFFLINE: DWORD = 0x0000_1000;
pub const SCH_CRED_RESTRICTED_ROOTS: DWORD = 0x0000_2000;
pub const SCH_CRED_REVOCATION_CHECK_CACHE_ONLY: DWORD = 0x0000_4000;
pub const SCH_CRED_CACHE_ONLY_URL_RETRIEVAL: DWORD = 0x0000_8000;
pub const SCH_CRED_MEMORY_STORE_CERT: DWORD = 0x0001_0000;
pub const SCH_CRED_CACHE_ONLY_URL_RETRIEVAL_ON_CREATE: DWORD = 0x0002_0000;
pub const SCH_SEND_ROOT_CERT: DWORD = 0x0004_0000;
pub const SCH_CRED_SNI_CREDENTIAL: DWORD = 0x0008_0000;
pub const SCH_CRED_SNI_ENABLE_OCSP: DWORD = 0x0010_0000;
pub const SCH_SEND_AUX_RECORD: DWORD = 0x0020_0000;
pub const SCH_USE_STRONG_CRYPTO: DWORD = 0x0040_0000;
pub const SCH_USE_PRESHAREDKEY_ONLY: DWORD = 0x0080_0000;
pub const SCH_USE_DTLS_ONLY: DWORD = 0x0100_0000;
pub const SCH_ALLOW_NULL_ENCRYPTION: DWORD = 0x0200_0000;

// ---- credential structures -----------------------------------------------------------------

/// `HMAPPER`: certificate mapper (opaque; only `HMAPPER **aphMappers` pointers appear).
pub type HMAPPER = c_void;

/// `SCHANNEL_CRED` (`dwVersion` = `SCHANNEL_CRED_VERSION`): the classic Schannel credential
/// passed as `pAuthData` to `AcquireCredentialsHandle`.
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-schannel_cred>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SCHANNEL_CRED {
    pub dwVersion: DWORD,
    pub cCreds: DWORD,
    pub paCred: *mut PCCERT_CONTEXT,
    pub hRootStore: HCERTSTORE,
    pub cMappers: DWORD,
    pub aphMappers: *mut *mut HMAPPER,
    pub cSupportedAlgs: DWORD,
    pub palgSupportedAlgs: *mut ALG_ID,
    /// `SP_PROT_*` bits; 0 = package default (TLS 1.2). The TLS 1.3 bits are ignored:
    /// Schannel never negotiates TLS 1.3 with a `SCHANNEL_CRED` (use `SCH_CREDENTIALS`).
    pub grbitEnabledProtocols: DWORD,
    pub dwMinimumCipherStrength: DWORD,
    pub dwMaximumCipherStrength: DWORD,
    pub dwSessionLifespan: DWORD,
    /// `SCH_CRED_*` / `SCH_*` flags.
    pub dwFlags: DWORD,
    /// `SCH_CRED_FORMAT_*`.
    pub dwCredFormat: DWORD,
}
pub type PSCHANNEL_CRED = *mut SCHANNEL_CRED;

/// `eTlsAlgorithmUsage` (a C enum, 32-bit): which algorithm class a `CRYPTO_SETTINGS` disables.
pub type eTlsAlgorithmUsage = u32;
pub const TlsParametersCngAlgUsageKeyExchange: eTlsAlgorithmUsage = 0;
pub const TlsParametersCngAlgUsageSignature: eTlsAlgorithmUsage = 1;
pub const TlsParametersCngAlgUsageCipher: eTlsAlgorithmUsage = 2;
pub const TlsParametersCngAlgUsageDigest: eTlsAlgorithmUsage = 3;
pub const TlsParametersCngAlgUsageCertSig: eTlsAlgorithmUsage = 4;

/// `CRYPTO_SETTINGS`: one disabled algorithm (CNG id, optional chaining modes, bit lengths).
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-crypto_settings>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CRYPTO_SETTINGS {
    pub eAlgorithmUsage: eTlsAlgorithmUsage,
    pub strCngAlgId: UNICODE_STRING,
    pub cChainingModes: DWORD,
    pub rgstrChainingModes: PUNICODE_STRING,
    pub dwMinBitLength: DWORD,
    pub dwMaxBitLength: DWORD,
}
pub type PCRYPTO_SETTINGS = *mut CRYPTO_SETTINGS;

/// `TLS_PARAMETERS`: restrictions of a `SCH_CREDENTIALS` (ALPN ids, disabled protocols,
/// disabled crypto).
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-tls_parameters>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct TLS_PARAMETERS {
    pub cAlpnIds: DWORD,
    pub rgstrAlpnIds: PUNICODE_STRING,
    /// `SP_PROT_*` bits that must **not** be negotiated (unknown bits may be set).
    pub grbitDisabledProtocols: DWORD,
    pub cDisabledCrypto: DWORD,
    pub pDisabledCrypto: PCRYPTO_SETTINGS,
    /// `TLS_PARAMS_OPTIONAL`.
    pub dwFlags: DWORD,
}
pub type PTLS_PARAMETERS = *mut TLS_PARAMETERS;

/// `SCH_CREDENTIALS` (`dwVersion` = `SCH_CREDENTIALS_VERSION`): the newer credential, with
/// protocol restrictions expressed as `TLS_PARAMETERS`.
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-sch_credentials>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SCH_CREDENTIALS {
    pub dwVersion: DWORD,
    pub dwCredFormat: DWORD,
    pub cCreds: DWORD,
    pub paCred: *mut PCCERT_CONTEXT,
    pub hRootStore: HCERTSTORE,
    pub cMappers: DWORD,
    pub aphMappers: *mut *mut HMAPPER,
    pub dwSessionLifespan: DWORD,
    pub dwFlags: DWORD,
    pub cTlsParameters: DWORD,
    pub pTlsParameters: PTLS_PARAMETERS,
}
pub type PSCH_CREDENTIALS = *mut SCH_CREDENTIALS;

/// `SCHANNEL_CERT_HASH` (`dwCredFormat` = `SCH_CRED_FORMAT_CERT_HASH`).
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-schannel_cert_hash>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SCHANNEL_CERT_HASH {
    pub dwLength: DWORD,
    pub dwFlags: DWORD,
    pub hProv: HCRYPTPROV,
    pub ShaHash: [BYTE; 20],
}
pub type PSCHANNEL_CERT_HASH = *mut SCHANNEL_CERT_HASH;

// ---- protocols (SP_PROT_*) -----------------------------------------------------------------

pub const SP_PROT_NONE: DWORD = 0;
pub const SP_PROT_ALL: DWORD = 0xFFFF_FFFFu32;

pub const SP_PROT_PCT1_SERVER: DWORD = 0x0000_0001;
pub const SP_PROT_PCT1_CLIENT: DWORD = 0x0000_0002;
pub const SP_PROT_PCT1: DWORD = 0x0000_0003;
pub const SP_PROT_SSL2_SERVER: DWORD = 0x0000_0004;
pub const SP_PROT_SSL2_CLIENT: DWORD = 0x0000_0008;
pub const SP_PROT_SSL2: DWORD = 0x0000_000C;
pub const SP_PROT_SSL3_SERVER: DWORD = 0x0000_0010;
pub const SP_PROT_SSL3_CLIENT: DWORD = 0x0000_0020;
pub const SP_PROT_SSL3: DWORD = 0x0000_0030;
pub const SP_PROT_TLS1_SERVER: DWORD = 0x0000_0040;
pub const SP_PROT_TLS1_CLIENT: DWORD = 0x0000_0080;
pub const SP_PROT_TLS1: DWORD = 0x0000_00C0;
pub const SP_PROT_TLS1_0_SERVER: DWORD = 0x0000_0040;
pub const SP_PROT_TLS1_0_CLIENT: DWORD = 0x0000_0080;
pub const SP_PROT_TLS1_0: DWORD = 0x0000_00C0;
pub const SP_PROT_TLS1_1_SERVER: DWORD = 0x0000_0100;
pub const SP_PROT_TLS1_1_CLIENT: DWORD = 0x0000_0200;
pub const SP_PROT_TLS1_1: DWORD = 0x0000_0300;
pub const SP_PROT_TLS1_2_SERVER: DWORD = 0x0000_0400;
pub const SP_PROT_TLS1_2_CLIENT: DWORD = 0x0000_0800;
pub const SP_PROT_TLS1_2: DWORD = 0x0000_0C00;
pub const SP_PROT_TLS1_3_SERVER: DWORD = 0x0000_1000;
pub const SP_PROT_TLS1_3_CLIENT: DWORD = 0x0000_2000;
pub const SP_PROT_TLS1_3: DWORD = 0x0000_3000;
pub const SP_PROT_DTLS_SERVER: DWORD = 0x0001_0000;
pub const SP_PROT_DTLS_CLIENT: DWORD = 0x0002_0000;
pub const SP_PROT_DTLS: DWORD = 0x0003_0000;
pub const SP_PROT_DTLS1_0_SERVER: DWORD = 0x0001_0000;
pub const SP_PROT_DTLS1_0_CLIENT: DWORD = 0x0002_0000;
pub const SP_PROT_DTLS1_0: DWORD = 0x0003_0000;
pub const SP_PROT_DTLS1_2_SERVER: DWORD = 0x0004_0000;
pub const SP_PROT_DTLS1_2_CLIENT: DWORD = 0x0008_0000;
pub const SP_PROT_DTLS1_2: DWORD = 0x000C_0000;
pub const SP_PROT_DTLS1_X_SERVER: DWORD = 0x0005_0000;
pub const SP_PROT_DTLS1_X_CLIENT: DWORD = 0x000A_0000;
pub const SP_PROT_DTLS1_X: DWORD = 0x000F_0000;
pub const SP_PROT_UNI_SERVER: DWORD = 0x4000_0000;
pub const SP_PROT_UNI_CLIENT: DWORD = 0x8000_0000u32;
pub const SP_PROT_UNI: DWORD = 0xC000_0000u32;

/// `SP_PROT_TLS1_CLIENT | SP_PROT_SSL3_CLIENT`.
pub const SP_PROT_SSL3TLS1_CLIENTS: DWORD = 0x0000_00A0;
pub const SP_PROT_SSL3TLS1_SERVERS: DWORD = 0x0000_0050;
pub const SP_PROT_SSL3TLS1: DWORD = 0x0000_00F0;
/// TLS 1.1 + 1.2 + 1.3.
pub const SP_PROT_TLS1_1PLUS_SERVER: DWORD = 0x0000_1500;
pub const SP_PROT_TLS1_1PLUS_CLIENT: DWORD = 0x0000_2A00;
pub const SP_PROT_TLS1_1PLUS: DWORD = 0x0000_3F00;
pub const SP_PROT_TLS1_3PLUS_SERVER: DWORD = 0x0000_1000;
pub const SP_PROT_TLS1_3PLUS_CLIENT: DWORD = 0x0000_2000;
pub const SP_PROT_TLS1_3PLUS: DWORD = 0x0000_3000;
/// TLS 1.0 + 1.1 + 1.2 + 1.3.
pub const SP_PROT_TLS1_X_SERVER: DWORD = 0x0000_1540;
pub const SP_PROT_TLS1_X_CLIENT: DWORD = 0x0000_2A80;
pub const SP_PROT_TLS1_X: DWORD = 0x0000_3FC0;
pub const SP_PROT_SSL3TLS1_X_CLIENTS: DWORD = 0x0000_2AA0;
pub const SP_PROT_SSL3TLS1_X_SERVERS: DWORD = 0x0000_1550;
pub const SP_PROT_SSL3TLS1_X: DWORD = 0x0000_3FF0;
/// PCT1 | SSL2 | SSL3 | TLS1 | UNI client bits.
pub const SP_PROT_CLIENTS: DWORD = 0x8000_00AAu32;
/// PCT1 | SSL2 | SSL3 | TLS1 | UNI server bits.
pub const SP_PROT_SERVERS: DWORD = 0x4000_0055;
/// `SP_PROT_CLIENTS | SP_PROT_TLS1_X_CLIENT | SP_PROT_DTLS1_X_CLIENT`.
pub const SP_PROT_X_CLIENTS: DWORD = 0x800A_2AAAu32;
/// `SP_PROT_SERVERS | SP_PROT_TLS1_X_SERVER | SP_PROT_DTLS1_X_SERVER`.
pub const SP_PROT_X_SERVERS: DWORD = 0x4005_1555;

// ---- ApplyControlToken tokens --------------------------------------------------------------

pub const SCHANNEL_RENEGOTIATE: DWORD = 0;
pub const SCHANNEL_SHUTDOWN: DWORD = 1;
pub const SCHANNEL_ALERT: DWORD = 2;
pub const SCHANNEL_SESSION: DWORD = 3;

/// `SCHANNEL_ALERT_TOKEN`: `ApplyControlToken` input asking the next ISC/ASC call to emit an
/// alert.
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-schannel_alert_token>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SCHANNEL_ALERT_TOKEN {
    /// `SCHANNEL_ALERT`.
    pub dwTokenType: DWORD,
    /// `TLS1_ALERT_WARNING` or `TLS1_ALERT_FATAL`.
    pub dwAlertType: DWORD,
    /// `TLS1_ALERT_*` description.
    pub dwAlertNumber: DWORD,
}

/// `SCHANNEL_SESSION_TOKEN`: `ApplyControlToken` input that enables or disables session
/// reconnects.
///
/// <https://learn.microsoft.com/windows/win32/api/schannel/ns-schannel-schannel_session_token>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SCHANNEL_SESSION_TOKEN {
    /// `SCHANNEL_SESSION`.
    pub dwTokenType: DWORD,
    /// `SSL_SESSION_ENABLE_RECONNECTS` or `SSL_SESSION_DISABLE_RECONNECTS`.
    pub dwFlags: DWORD,
}

pub const SSL_SESSION_ENABLE_RECONNECTS: DWORD = 1;
pub const SSL_SESSION_DISABLE_RECONNECTS: DWORD = 2;

// ---- TLS alerts ----------------------------------------------------------------------------

pub const TLS1_ALERT_WARNING: DWORD = 1;
pub const TLS1_ALERT_FATAL: DWORD = 2;

pub const TLS1_ALERT_CLOSE_NOTIFY: DWORD = 0;
pub const TLS1_ALERT_UNEXPECTED_MESSAGE: DWORD = 10;
pub const TLS1_ALERT_BAD_RECORD_MAC: DWORD = 20;
pub const TLS1_ALERT_DECRYPTION_FAILED: DWORD = 21;
pub const TLS1_ALERT_RECORD_OVERFLOW: DWORD = 22;
pub const TLS1_ALERT_DECOMPRESSION_FAIL: DWORD = 30;
pub const TLS1_ALERT_HANDSHAKE_FAILURE: DWORD = 40;
pub const TLS1_ALERT_BAD_CERTIFICATE: DWORD = 42;
pub const TLS1_ALERT_UNSUPPORTED_CERT: DWORD = 43;
pub const TLS1_ALERT_CERTIFICATE_REVOKED: DWORD = 44;
pub const TLS1_ALERT_CERTIFICATE_EXPIRED: DWORD = 45;
pub const TLS1_ALERT_CERTIFICATE_UNKNOWN: DWORD = 46;
pub const TLS1_ALERT_ILLEGAL_PARAMETER: DWORD = 47;
pub const TLS1_ALERT_UNKNOWN_CA: DWORD = 48;
pub const TLS1_ALERT_ACCESS_DENIED: DWORD = 49;
pub const TLS1_ALERT_DECODE_ERROR: DWORD = 50;
pub const TLS1_ALERT_DECRYPT_ERROR: DWORD = 51;
pub const TLS1_ALERT_EXPORT_RESTRICTION: DWORD = 60;
pub const TLS1_ALERT_PROTOCOL_VERSION: DWORD = 70;
/// (sic: the SDK's spelling.)
pub const TLS1_ALERT_INSUFFIENT_SECURITY: DWORD = 71;
pub const TLS1_ALERT_INTERNAL_ERROR: DWORD = 80;
pub const TLS1_ALERT_USER_CANCELED: DWORD = 90;
pub const TLS1_ALERT_NO_RENEGOTIATION: DWORD = 100;
pub const TLS1_ALERT_UNSUPPORTED_EXT: DWORD = 110;
pub const TLS1_ALERT_UNKNOWN_PSK_IDENTITY: DWORD = 115;
pub const TLS1_ALERT_NO_APP_PROTOCOL: DWORD = 120;

// ---- miscellaneous -------------------------------------------------------------------------

pub const KERN_CONTEXT_CERT_INFO_V1: DWORD = 0;
pub const ENABLE_TLS_CLIENT_EARLY_START: DWORD = 1;

/// Certificate properties reserved for Schannel (`CERT_FIRST_USER_PROP_ID + n`).
pub const CERT_SCHANNEL_IIS_PRIVATE_KEY_PROP_ID: DWORD = 0x8000;
pub const CERT_SCHANNEL_IIS_PASSWORD_PROP_ID: DWORD = 0x8001;
pub const CERT_SCHANNEL_SGC_CERTIFICATE_PROP_ID: DWORD = 0x8002;

// ---- x64 layout checks (reference/wine-conformance.md §4.8) --------------------------------

#[cfg(target_pointer_width = "64")]
const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<SCHANNEL_CRED>() == 80);
    assert!(offset_of!(SCHANNEL_CRED, cCreds) == 4);
    assert!(offset_of!(SCHANNEL_CRED, paCred) == 8);
    assert!(offset_of!(SCHANNEL_CRED, hRootStore) == 16);
    assert!(offset_of!(SCHANNEL_CRED, cMappers) == 24);
    assert!(offset_of!(SCHANNEL_CRED, aphMappers) == 32);
    assert!(offset_of!(SCHANNEL_CRED, cSupportedAlgs) == 40);
    assert!(offset_of!(SCHANNEL_CRED, palgSupportedAlgs) == 48);
    assert!(offset_of!(SCHANNEL_CRED, grbitEnabledProtocols) == 56);
    assert!(offset_of!(SCHANNEL_CRED, dwMinimumCipherStrength) == 60);
    assert!(offset_of!(SCHANNEL_CRED, dwMaximumCipherStrength) == 64);
    assert!(offset_of!(SCHANNEL_CRED, dwSessionLifespan) == 68);
    assert!(offset_of!(SCHANNEL_CRED, dwFlags) == 72);
    assert!(offset_of!(SCHANNEL_CRED, dwCredFormat) == 76);
    assert!(size_of::<SCH_CREDENTIALS>() == 72);
    assert!(offset_of!(SCH_CREDENTIALS, dwCredFormat) == 4);
    assert!(offset_of!(SCH_CREDENTIALS, cCreds) == 8);
    assert!(offset_of!(SCH_CREDENTIALS, paCred) == 16);
    assert!(offset_of!(SCH_CREDENTIALS, hRootStore) == 24);
    assert!(offset_of!(SCH_CREDENTIALS, cMappers) == 32);
    assert!(offset_of!(SCH_CREDENTIALS, aphMappers) == 40);
    assert!(offset_of!(SCH_CREDENTIALS, dwSessionLifespan) == 48);
    assert!(offset_of!(SCH_CREDENTIALS, dwFlags) == 52);
    assert!(offset_of!(SCH_CREDENTIALS, cTlsParameters) == 56);
    assert!(offset_of!(SCH_CREDENTIALS, pTlsParameters) == 64);
    assert!(size_of::<TLS_PARAMETERS>() == 40);
    assert!(offset_of!(TLS_PARAMETERS, rgstrAlpnIds) == 8);
    assert!(offset_of!(TLS_PARAMETERS, grbitDisabledProtocols) == 16);
    assert!(offset_of!(TLS_PARAMETERS, cDisabledCrypto) == 20);
    assert!(offset_of!(TLS_PARAMETERS, pDisabledCrypto) == 24);
    assert!(offset_of!(TLS_PARAMETERS, dwFlags) == 32);
    assert!(size_of::<CRYPTO_SETTINGS>() == 48);
    assert!(offset_of!(CRYPTO_SETTINGS, strCngAlgId) == 8);
    assert!(offset_of!(CRYPTO_SETTINGS, cChainingModes) == 24);
    assert!(offset_of!(CRYPTO_SETTINGS, rgstrChainingModes) == 32);
    assert!(offset_of!(CRYPTO_SETTINGS, dwMinBitLength) == 40);
    assert!(offset_of!(CRYPTO_SETTINGS, dwMaxBitLength) == 44);
    assert!(size_of::<SecPkgContext_ConnectionInfo>() == 28);
    assert!(offset_of!(SecPkgContext_ConnectionInfo, dwExchStrength) == 24);
    assert!(size_of::<SecPkgContext_CipherInfo>() == 680);
    assert!(offset_of!(SecPkgContext_CipherInfo, dwProtocol) == 4);
    assert!(offset_of!(SecPkgContext_CipherInfo, dwCipherSuite) == 8);
    assert!(offset_of!(SecPkgContext_CipherInfo, dwBaseCipherSuite) == 12);
    assert!(offset_of!(SecPkgContext_CipherInfo, szCipherSuite) == 16);
    assert!(offset_of!(SecPkgContext_CipherInfo, szCipher) == 144);
    assert!(offset_of!(SecPkgContext_CipherInfo, dwCipherLen) == 272);
    assert!(offset_of!(SecPkgContext_CipherInfo, dwCipherBlockLen) == 276);
    assert!(offset_of!(SecPkgContext_CipherInfo, szHash) == 280);
    assert!(offset_of!(SecPkgContext_CipherInfo, dwHashLen) == 408);
    assert!(offset_of!(SecPkgContext_CipherInfo, szExchange) == 412);
    assert!(offset_of!(SecPkgContext_CipherInfo, dwMinExchangeLen) == 540);
    assert!(offset_of!(SecPkgContext_CipherInfo, dwMaxExchangeLen) == 544);
    assert!(offset_of!(SecPkgContext_CipherInfo, szCertificate) == 548);
    assert!(offset_of!(SecPkgContext_CipherInfo, dwKeyType) == 676);
    assert!(size_of::<SecPkgContext_ConnectionInfoEx>() == 404);
    assert!(offset_of!(SecPkgContext_ConnectionInfoEx, szCipher) == 8);
    assert!(offset_of!(SecPkgContext_ConnectionInfoEx, dwCipherStrength) == 136);
    assert!(offset_of!(SecPkgContext_ConnectionInfoEx, szHash) == 140);
    assert!(offset_of!(SecPkgContext_ConnectionInfoEx, dwHashStrength) == 268);
    assert!(offset_of!(SecPkgContext_ConnectionInfoEx, szExchange) == 272);
    assert!(offset_of!(SecPkgContext_ConnectionInfoEx, dwExchStrength) == 400);
    assert!(size_of::<SecPkgContext_SessionInfo>() == 40);
    assert!(offset_of!(SecPkgContext_SessionInfo, rgbSessionId) == 8);
    assert!(size_of::<SecPkgContext_IssuerListInfoEx>() == 16);
    assert!(offset_of!(SecPkgContext_IssuerListInfoEx, cIssuers) == 8);
    assert!(size_of::<SecPkgCred_SupportedProtocols>() == 4);
    assert!(size_of::<SecPkgCred_CipherStrengths>() == 8);
    assert!(size_of::<SecPkgCred_SupportedAlgs>() == 16);
    assert!(offset_of!(SecPkgCred_SupportedAlgs, palgSupportedAlgs) == 8);
    assert!(size_of::<SCHANNEL_ALERT_TOKEN>() == 12);
    assert!(size_of::<SCHANNEL_SESSION_TOKEN>() == 8);
    assert!(size_of::<SecPkgContext_KeyingMaterialInfo>() == 40);
    assert!(size_of::<SecPkgContext_SupportedSignatures>() == 16);
};
