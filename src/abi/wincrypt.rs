//! The crypt32 subset (`wincrypt.h`, plus the `wininet.h` `SECURITY_FLAG_IGNORE_*` bits used by
//! the SSL chain policy): certificate contexts and their decoded `CERT_INFO`, blobs, stores,
//! chain building and policy structures, algorithm ids, property ids and flags.
#![allow(
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    clippy::upper_case_acronyms
)]

use core::ffi::c_void;

use super::win32::{
    BOOL, BYTE, DWORD, FILETIME, GUID, LONG, LPCSTR, LPCWSTR, LPSTR, LPWSTR, ULONG_PTR, WCHAR,
};

// ---- handles and scalar types --------------------------------------------------------------

/// `ALG_ID`: a CryptoAPI algorithm identifier (`CALG_*`).
pub type ALG_ID = u32;
/// `HCERTSTORE`: an open certificate store.
pub type HCERTSTORE = *mut c_void;
/// `HCERTCHAINENGINE`: a chain engine (`NULL` = default engine).
pub type HCERTCHAINENGINE = *mut c_void;
pub type HCRYPTMSG = *mut c_void;
pub type HCRYPTPROV = ULONG_PTR;
pub type HCRYPTKEY = ULONG_PTR;
pub type HCRYPTHASH = ULONG_PTR;
pub type HCRYPTPROV_LEGACY = ULONG_PTR;
pub type NCRYPT_KEY_HANDLE = ULONG_PTR;
pub type HCRYPTPROV_OR_NCRYPT_KEY_HANDLE = ULONG_PTR;

// ---- algorithm ids ----------------------------------------------------------------------------
// Every `ALG_CLASS_*`, `ALG_TYPE_*`, `ALG_SID_*` and `CALG_*` of the SDK's wincrypt.h, with its
// value; programs switch on these in cipher-name tables (libhv's lists `CALG_CYLINK_MEK`,
// `CALG_SKIPJACK`, `CALG_KEA_KEYX`), so all of them exist, whether or not anything here
// implements the algorithm.
// <https://learn.microsoft.com/windows/win32/seccrypto/alg-id>

/// `GET_ALG_CLASS(x)` is `x & ALG_CLASS_ALL`.
pub const ALG_CLASS_ANY: ALG_ID = 0;
pub const ALG_CLASS_SIGNATURE: ALG_ID = 1 << 13;
pub const ALG_CLASS_MSG_ENCRYPT: ALG_ID = 2 << 13;
pub const ALG_CLASS_DATA_ENCRYPT: ALG_ID = 3 << 13;
pub const ALG_CLASS_HASH: ALG_ID = 4 << 13;
pub const ALG_CLASS_KEY_EXCHANGE: ALG_ID = 5 << 13;
pub const ALG_CLASS_ALL: ALG_ID = 7 << 13;

pub const ALG_TYPE_ANY: ALG_ID = 0;
pub const ALG_TYPE_DSS: ALG_ID = 1 << 9;
pub const ALG_TYPE_RSA: ALG_ID = 2 << 9;
pub const ALG_TYPE_BLOCK: ALG_ID = 3 << 9;
pub const ALG_TYPE_STREAM: ALG_ID = 4 << 9;
pub const ALG_TYPE_DH: ALG_ID = 5 << 9;
pub const ALG_TYPE_SECURECHANNEL: ALG_ID = 6 << 9;
pub const ALG_TYPE_ECDH: ALG_ID = 7 << 9;
pub const ALG_TYPE_THIRDPARTY: ALG_ID = 8 << 9;

pub const ALG_SID_ANY: ALG_ID = 0;
pub const ALG_SID_THIRDPARTY_ANY: ALG_ID = 0;
// RSA and DSS sub-ids.
pub const ALG_SID_RSA_ANY: ALG_ID = 0;
pub const ALG_SID_RSA_PKCS: ALG_ID = 1;
pub const ALG_SID_RSA_MSATWORK: ALG_ID = 2;
pub const ALG_SID_RSA_ENTRUST: ALG_ID = 3;
pub const ALG_SID_RSA_PGP: ALG_ID = 4;
pub const ALG_SID_DSS_ANY: ALG_ID = 0;
pub const ALG_SID_DSS_PKCS: ALG_ID = 1;
pub const ALG_SID_DSS_DMS: ALG_ID = 2;
pub const ALG_SID_ECDSA: ALG_ID = 3;
// Block cipher sub-ids.
pub const ALG_SID_DES: ALG_ID = 1;
pub const ALG_SID_3DES: ALG_ID = 3;
pub const ALG_SID_DESX: ALG_ID = 4;
pub const ALG_SID_IDEA: ALG_ID = 5;
pub const ALG_SID_CAST: ALG_ID = 6;
pub const ALG_SID_SAFERSK64: ALG_ID = 7;
pub const ALG_SID_SAFERSK128: ALG_ID = 8;
pub const ALG_SID_3DES_112: ALG_ID = 9;
pub const ALG_SID_CYLINK_MEK: ALG_ID = 12;
pub const ALG_SID_RC5: ALG_ID = 13;
pub const ALG_SID_AES_128: ALG_ID = 14;
pub const ALG_SID_AES_192: ALG_ID = 15;
pub const ALG_SID_AES_256: ALG_ID = 16;
pub const ALG_SID_AES: ALG_ID = 17;
// Fortezza sub-ids.
pub const ALG_SID_SKIPJACK: ALG_ID = 10;
pub const ALG_SID_TEK: ALG_ID = 11;
// RC2 and stream cipher sub-ids.
pub const ALG_SID_RC2: ALG_ID = 2;
pub const ALG_SID_RC4: ALG_ID = 1;
pub const ALG_SID_SEAL: ALG_ID = 2;
// Diffie-Hellman sub-ids.
pub const ALG_SID_DH_SANDF: ALG_ID = 1;
pub const ALG_SID_DH_EPHEM: ALG_ID = 2;
pub const ALG_SID_AGREED_KEY_ANY: ALG_ID = 3;
pub const ALG_SID_KEA: ALG_ID = 4;
pub const ALG_SID_ECDH: ALG_ID = 5;
pub const ALG_SID_ECDH_EPHEM: ALG_ID = 6;
// Hash sub-ids.
pub const ALG_SID_MD2: ALG_ID = 1;
pub const ALG_SID_MD4: ALG_ID = 2;
pub const ALG_SID_MD5: ALG_ID = 3;
pub const ALG_SID_SHA: ALG_ID = 4;
pub const ALG_SID_SHA1: ALG_ID = 4;
pub const ALG_SID_MAC: ALG_ID = 5;
pub const ALG_SID_RIPEMD: ALG_ID = 6;
pub const ALG_SID_RIPEMD160: ALG_ID = 7;
pub const ALG_SID_SSL3SHAMD5: ALG_ID = 8;
pub const ALG_SID_HMAC: ALG_ID = 9;
pub const ALG_SID_TLS1PRF: ALG_ID = 10;
pub const ALG_SID_HASH_REPLACE_OWF: ALG_ID = 11;
pub const ALG_SID_SHA_256: ALG_ID = 12;
pub const ALG_SID_SHA_384: ALG_ID = 13;
pub const ALG_SID_SHA_512: ALG_ID = 14;
// Secure channel sub-ids.
pub const ALG_SID_SSL3_MASTER: ALG_ID = 1;
pub const ALG_SID_SCHANNEL_MASTER_HASH: ALG_ID = 2;
pub const ALG_SID_SCHANNEL_MAC_KEY: ALG_ID = 3;
pub const ALG_SID_PCT1_MASTER: ALG_ID = 4;
pub const ALG_SID_SSL2_MASTER: ALG_ID = 5;
pub const ALG_SID_TLS1_MASTER: ALG_ID = 6;
pub const ALG_SID_SCHANNEL_ENC_KEY: ALG_ID = 7;
pub const ALG_SID_ECMQV: ALG_ID = 1;
pub const ALG_SID_EXAMPLE: ALG_ID = 80;

pub const CALG_MD2: ALG_ID = ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_MD2;
pub const CALG_MD4: ALG_ID = ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_MD4;
pub const CALG_MD5: ALG_ID = ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_MD5;
pub const CALG_SHA: ALG_ID = ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_SHA;
pub const CALG_SHA1: ALG_ID = ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_SHA1;
pub const CALG_MAC: ALG_ID = ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_MAC;
pub const CALG_RSA_SIGN: ALG_ID = ALG_CLASS_SIGNATURE | ALG_TYPE_RSA | ALG_SID_RSA_ANY;
pub const CALG_DSS_SIGN: ALG_ID = ALG_CLASS_SIGNATURE | ALG_TYPE_DSS | ALG_SID_DSS_ANY;
pub const CALG_NO_SIGN: ALG_ID = ALG_CLASS_SIGNATURE | ALG_TYPE_ANY | ALG_SID_ANY;
pub const CALG_RSA_KEYX: ALG_ID = ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_RSA | ALG_SID_RSA_ANY;
pub const CALG_DES: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_DES;
pub const CALG_3DES_112: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_3DES_112;
pub const CALG_3DES: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_3DES;
pub const CALG_DESX: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_DESX;
pub const CALG_RC2: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_RC2;
pub const CALG_RC4: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_STREAM | ALG_SID_RC4;
pub const CALG_SEAL: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_STREAM | ALG_SID_SEAL;
pub const CALG_DH_SF: ALG_ID = ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_DH | ALG_SID_DH_SANDF;
pub const CALG_DH_EPHEM: ALG_ID = ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_DH | ALG_SID_DH_EPHEM;
pub const CALG_AGREEDKEY_ANY: ALG_ID =
    ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_DH | ALG_SID_AGREED_KEY_ANY;
pub const CALG_KEA_KEYX: ALG_ID = ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_DH | ALG_SID_KEA;
pub const CALG_HUGHES_MD5: ALG_ID = ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_ANY | ALG_SID_MD5;
pub const CALG_SKIPJACK: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_SKIPJACK;
pub const CALG_TEK: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_TEK;
pub const CALG_CYLINK_MEK: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_CYLINK_MEK;
pub const CALG_SSL3_SHAMD5: ALG_ID = ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_SSL3SHAMD5;
pub const CALG_SSL3_MASTER: ALG_ID =
    ALG_CLASS_MSG_ENCRYPT | ALG_TYPE_SECURECHANNEL | ALG_SID_SSL3_MASTER;
pub const CALG_SCHANNEL_MASTER_HASH: ALG_ID =
    ALG_CLASS_MSG_ENCRYPT | ALG_TYPE_SECURECHANNEL | ALG_SID_SCHANNEL_MASTER_HASH;
pub const CALG_SCHANNEL_MAC_KEY: ALG_ID =
    ALG_CLASS_MSG_ENCRYPT | ALG_TYPE_SECURECHANNEL | ALG_SID_SCHANNEL_MAC_KEY;
pub const CALG_SCHANNEL_ENC_KEY: ALG_ID =
    ALG_CLASS_MSG_ENCRYPT | ALG_TYPE_SECURECHANNEL | ALG_SID_SCHANNEL_ENC_KEY;
pub const CALG_PCT1_MASTER: ALG_ID =
    ALG_CLASS_MSG_ENCRYPT | ALG_TYPE_SECURECHANNEL | ALG_SID_PCT1_MASTER;
pub const CALG_SSL2_MASTER: ALG_ID =
    ALG_CLASS_MSG_ENCRYPT | ALG_TYPE_SECURECHANNEL | ALG_SID_SSL2_MASTER;
pub const CALG_TLS1_MASTER: ALG_ID =
    ALG_CLASS_MSG_ENCRYPT | ALG_TYPE_SECURECHANNEL | ALG_SID_TLS1_MASTER;
pub const CALG_RC5: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_RC5;
pub const CALG_HMAC: ALG_ID = ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_HMAC;
pub const CALG_TLS1PRF: ALG_ID = ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_TLS1PRF;
pub const CALG_HASH_REPLACE_OWF: ALG_ID = ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_HASH_REPLACE_OWF;
pub const CALG_AES_128: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_AES_128;
pub const CALG_AES_192: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_AES_192;
pub const CALG_AES_256: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_AES_256;
pub const CALG_AES: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | ALG_SID_AES;
pub const CALG_SHA_256: ALG_ID = ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_SHA_256;
pub const CALG_SHA_384: ALG_ID = ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_SHA_384;
pub const CALG_SHA_512: ALG_ID = ALG_CLASS_HASH | ALG_TYPE_ANY | ALG_SID_SHA_512;
pub const CALG_ECDH: ALG_ID = ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_DH | ALG_SID_ECDH;
pub const CALG_ECDH_EPHEM: ALG_ID = ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_ECDH | ALG_SID_ECDH_EPHEM;
pub const CALG_ECMQV: ALG_ID = ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_ANY | ALG_SID_ECMQV;
pub const CALG_ECDSA: ALG_ID = ALG_CLASS_SIGNATURE | ALG_TYPE_DSS | ALG_SID_ECDSA;
pub const CALG_NULLCIPHER: ALG_ID = ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_ANY;
pub const CALG_THIRDPARTY_KEY_EXCHANGE: ALG_ID =
    ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_THIRDPARTY | ALG_SID_THIRDPARTY_ANY;
pub const CALG_THIRDPARTY_SIGNATURE: ALG_ID =
    ALG_CLASS_SIGNATURE | ALG_TYPE_THIRDPARTY | ALG_SID_THIRDPARTY_ANY;
pub const CALG_THIRDPARTY_CIPHER: ALG_ID =
    ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_THIRDPARTY | ALG_SID_THIRDPARTY_ANY;
pub const CALG_THIRDPARTY_HASH: ALG_ID =
    ALG_CLASS_HASH | ALG_TYPE_THIRDPARTY | ALG_SID_THIRDPARTY_ANY;
/// `CRYPT_OID_INFO.Algid` values that are not algorithm ids.
pub const CALG_OID_INFO_CNG_ONLY: ALG_ID = 0xFFFF_FFFF;
pub const CALG_OID_INFO_PARAMETERS: ALG_ID = 0xFFFF_FFFE;

// ---- encoding types ------------------------------------------------------------------------

pub const CRYPT_ASN_ENCODING: DWORD = 0x0000_0001;
pub const CRYPT_NDR_ENCODING: DWORD = 0x0000_0002;
pub const X509_ASN_ENCODING: DWORD = 0x0000_0001;
pub const X509_NDR_ENCODING: DWORD = 0x0000_0002;
pub const PKCS_7_ASN_ENCODING: DWORD = 0x0001_0000;
pub const PKCS_7_NDR_ENCODING: DWORD = 0x0002_0000;

// ---- blobs ---------------------------------------------------------------------------------

/// `CRYPT_INTEGER_BLOB`: a counted byte array. The SDK gives the same structure many names
/// (`CERT_NAME_BLOB`, `CRYPT_DATA_BLOB`, `DATA_BLOB`, ...), declared here as aliases.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-crypt_integer_blob>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CRYPT_INTEGER_BLOB {
    pub cbData: DWORD,
    pub pbData: *mut BYTE,
}
pub type PCRYPT_INTEGER_BLOB = *mut CRYPT_INTEGER_BLOB;
/// `CRYPTOAPI_BLOB` is the SDK's struct tag of this type (`struct _CRYPTOAPI_BLOB`); a Rust-side
/// alias (C code names the type through one of the typedefs below).
/// cbindgen:ignore
pub type CRYPTOAPI_BLOB = CRYPT_INTEGER_BLOB;
pub type CRYPT_UINT_BLOB = CRYPT_INTEGER_BLOB;
pub type PCRYPT_UINT_BLOB = *mut CRYPT_INTEGER_BLOB;
pub type CRYPT_OBJID_BLOB = CRYPT_INTEGER_BLOB;
pub type PCRYPT_OBJID_BLOB = *mut CRYPT_INTEGER_BLOB;
pub type CERT_NAME_BLOB = CRYPT_INTEGER_BLOB;
pub type PCERT_NAME_BLOB = *mut CRYPT_INTEGER_BLOB;
pub type CERT_RDN_VALUE_BLOB = CRYPT_INTEGER_BLOB;
pub type PCERT_RDN_VALUE_BLOB = *mut CRYPT_INTEGER_BLOB;
pub type CERT_BLOB = CRYPT_INTEGER_BLOB;
pub type PCERT_BLOB = *mut CRYPT_INTEGER_BLOB;
pub type CRL_BLOB = CRYPT_INTEGER_BLOB;
pub type PCRL_BLOB = *mut CRYPT_INTEGER_BLOB;
pub type DATA_BLOB = CRYPT_INTEGER_BLOB;
pub type PDATA_BLOB = *mut CRYPT_INTEGER_BLOB;
pub type CRYPT_DATA_BLOB = CRYPT_INTEGER_BLOB;
pub type PCRYPT_DATA_BLOB = *mut CRYPT_INTEGER_BLOB;
pub type CRYPT_HASH_BLOB = CRYPT_INTEGER_BLOB;
pub type PCRYPT_HASH_BLOB = *mut CRYPT_INTEGER_BLOB;
pub type CRYPT_DIGEST_BLOB = CRYPT_INTEGER_BLOB;
pub type PCRYPT_DIGEST_BLOB = *mut CRYPT_INTEGER_BLOB;
pub type CRYPT_DER_BLOB = CRYPT_INTEGER_BLOB;
pub type PCRYPT_DER_BLOB = *mut CRYPT_INTEGER_BLOB;
pub type CRYPT_ATTR_BLOB = CRYPT_INTEGER_BLOB;
pub type PCRYPT_ATTR_BLOB = *mut CRYPT_INTEGER_BLOB;

/// `CRYPT_BIT_BLOB`: a DER BIT STRING (`cUnusedBits` unused bits in the last byte).
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-crypt_bit_blob>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CRYPT_BIT_BLOB {
    pub cbData: DWORD,
    pub pbData: *mut BYTE,
    pub cUnusedBits: DWORD,
}
pub type PCRYPT_BIT_BLOB = *mut CRYPT_BIT_BLOB;
/// Not an SDK name: Rust-only alias kept for code written against an early draft of this module.
/// Use `CRYPT_BIT_BLOB`.
/// cbindgen:ignore
pub type CRYPT_BIT_STRING_BLOB = CRYPT_BIT_BLOB;

/// `CRYPT_ALGORITHM_IDENTIFIER`: an algorithm OID and its DER parameters.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-crypt_algorithm_identifier>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CRYPT_ALGORITHM_IDENTIFIER {
    pub pszObjId: LPSTR,
    pub Parameters: CRYPT_OBJID_BLOB,
}
pub type PCRYPT_ALGORITHM_IDENTIFIER = *mut CRYPT_ALGORITHM_IDENTIFIER;

/// `CERT_PUBLIC_KEY_INFO`: SubjectPublicKeyInfo.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_public_key_info>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_PUBLIC_KEY_INFO {
    pub Algorithm: CRYPT_ALGORITHM_IDENTIFIER,
    pub PublicKey: CRYPT_BIT_BLOB,
}
pub type PCERT_PUBLIC_KEY_INFO = *mut CERT_PUBLIC_KEY_INFO;

/// `CERT_EXTENSION`: one X.509 extension (`Value` is the DER extnValue contents).
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_extension>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_EXTENSION {
    pub pszObjId: LPSTR,
    pub fCritical: BOOL,
    pub Value: CRYPT_OBJID_BLOB,
}
pub type PCERT_EXTENSION = *mut CERT_EXTENSION;
pub type PCCERT_EXTENSION = *const CERT_EXTENSION;

/// `CERT_INFO`: the decoded TBSCertificate; every pointer points into memory owned by the
/// `CERT_CONTEXT`.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_info>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_INFO {
    /// `CERT_V1` / `CERT_V2` / `CERT_V3`.
    pub dwVersion: DWORD,
    /// Little-endian (least significant byte first), as on Windows.
    pub SerialNumber: CRYPT_INTEGER_BLOB,
    pub SignatureAlgorithm: CRYPT_ALGORITHM_IDENTIFIER,
    /// DER-encoded Name.
    pub Issuer: CERT_NAME_BLOB,
    pub NotBefore: FILETIME,
    pub NotAfter: FILETIME,
    /// DER-encoded Name.
    pub Subject: CERT_NAME_BLOB,
    pub SubjectPublicKeyInfo: CERT_PUBLIC_KEY_INFO,
    pub IssuerUniqueId: CRYPT_BIT_BLOB,
    pub SubjectUniqueId: CRYPT_BIT_BLOB,
    pub cExtension: DWORD,
    pub rgExtension: PCERT_EXTENSION,
}
pub type PCERT_INFO = *mut CERT_INFO;

/// `CERT_CONTEXT`: an encoded certificate, its decoded `CERT_INFO` and the store it belongs to.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_context>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_CONTEXT {
    /// `X509_ASN_ENCODING | PKCS_7_ASN_ENCODING`.
    pub dwCertEncodingType: DWORD,
    pub pbCertEncoded: *mut BYTE,
    pub cbCertEncoded: DWORD,
    pub pCertInfo: PCERT_INFO,
    pub hCertStore: HCERTSTORE,
}
pub type PCERT_CONTEXT = *mut CERT_CONTEXT;
pub type PCCERT_CONTEXT = *const CERT_CONTEXT;

pub const CERT_V1: DWORD = 0;
pub const CERT_V2: DWORD = 1;
pub const CERT_V3: DWORD = 2;

// ---- private keys --------------------------------------------------------------------------

/// `CRYPT_KEY_PROV_PARAM`.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-crypt_key_prov_param>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CRYPT_KEY_PROV_PARAM {
    pub dwParam: DWORD,
    pub pbData: *mut BYTE,
    pub cbData: DWORD,
    pub dwFlags: DWORD,
}
pub type PCRYPT_KEY_PROV_PARAM = *mut CRYPT_KEY_PROV_PARAM;

/// `CRYPT_KEY_PROV_INFO` (`CERT_KEY_PROV_INFO_PROP_ID`): where a certificate's private key lives.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-crypt_key_prov_info>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CRYPT_KEY_PROV_INFO {
    pub pwszContainerName: LPWSTR,
    pub pwszProvName: LPWSTR,
    pub dwProvType: DWORD,
    pub dwFlags: DWORD,
    pub cProvParam: DWORD,
    pub rgProvParam: PCRYPT_KEY_PROV_PARAM,
    pub dwKeySpec: DWORD,
}
pub type PCRYPT_KEY_PROV_INFO = *mut CRYPT_KEY_PROV_INFO;

pub const AT_KEYEXCHANGE: DWORD = 1;
pub const AT_SIGNATURE: DWORD = 2;
pub const CERT_NCRYPT_KEY_SPEC: DWORD = 0xFFFF_FFFFu32;

// ---- legacy CryptoAPI providers and hashes (CryptAcquireContext, CryptCreateHash) ------------
// <https://learn.microsoft.com/windows/win32/seccrypto/cryptographic-provider-types>

pub const PROV_RSA_FULL: DWORD = 1;
pub const PROV_RSA_SIG: DWORD = 2;
pub const PROV_DSS: DWORD = 3;
pub const PROV_FORTEZZA: DWORD = 4;
pub const PROV_MS_EXCHANGE: DWORD = 5;
pub const PROV_SSL: DWORD = 6;
pub const PROV_STT_MER: DWORD = 7;
pub const PROV_STT_ACQ: DWORD = 8;
pub const PROV_STT_BRND: DWORD = 9;
pub const PROV_STT_ROOT: DWORD = 10;
pub const PROV_STT_ISS: DWORD = 11;
pub const PROV_RSA_SCHANNEL: DWORD = 12;
pub const PROV_DSS_DH: DWORD = 13;
pub const PROV_EC_ECDSA_SIG: DWORD = 14;
pub const PROV_EC_ECNRA_SIG: DWORD = 15;
pub const PROV_EC_ECDSA_FULL: DWORD = 16;
pub const PROV_EC_ECNRA_FULL: DWORD = 17;
pub const PROV_DH_SCHANNEL: DWORD = 18;
pub const PROV_SPYRUS_LYNKS: DWORD = 20;
pub const PROV_RNG: DWORD = 21;
pub const PROV_INTEL_SEC: DWORD = 22;
pub const PROV_REPLACE_OWF: DWORD = 23;
pub const PROV_RSA_AES: DWORD = 24;

// Provider names (`MS_*_PROV_A/_W`; string macros in the C header).
// <https://learn.microsoft.com/windows/win32/seccrypto/cryptographic-provider-names>
/// cbindgen:ignore
pub const MS_DEF_PROV: &str = "Microsoft Base Cryptographic Provider v1.0";
/// cbindgen:ignore
pub const MS_ENHANCED_PROV: &str = "Microsoft Enhanced Cryptographic Provider v1.0";
/// cbindgen:ignore
pub const MS_STRONG_PROV: &str = "Microsoft Strong Cryptographic Provider";
/// cbindgen:ignore
pub const MS_ENH_RSA_AES_PROV: &str = "Microsoft Enhanced RSA and AES Cryptographic Provider";
/// cbindgen:ignore
pub const MS_ENH_RSA_AES_PROV_XP: &str =
    "Microsoft Enhanced RSA and AES Cryptographic Provider (Prototype)";

// CryptAcquireContext dwFlags.
// <https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-cryptacquirecontexta>
pub const CRYPT_VERIFYCONTEXT: DWORD = 0xF000_0000u32;
pub const CRYPT_NEWKEYSET: DWORD = 0x0000_0008;
pub const CRYPT_DELETEKEYSET: DWORD = 0x0000_0010;
pub const CRYPT_MACHINE_KEYSET: DWORD = 0x0000_0020;
pub const CRYPT_SILENT: DWORD = 0x0000_0040;
pub const CRYPT_DEFAULT_CONTAINER_OPTIONAL: DWORD = 0x0000_0080;

// CryptCreateHash dwFlags and CryptHashData dwFlags.
pub const CRYPT_SECRETDIGEST: DWORD = 0x0000_0001;
pub const CRYPT_USERDATA: DWORD = 0x0000_0001;

// CryptGetHashParam dwParam.
// <https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-cryptgethashparam>
pub const HP_ALGID: DWORD = 0x0001;
pub const HP_HASHVAL: DWORD = 0x0002;
pub const HP_HASHSIZE: DWORD = 0x0004;
pub const HP_HMAC_INFO: DWORD = 0x0005;
pub const HP_TLS1PRF_LABEL: DWORD = 0x0006;
pub const HP_TLS1PRF_SEED: DWORD = 0x0007;

// CryptAcquireCertificatePrivateKey dwFlags.
pub const CRYPT_ACQUIRE_CACHE_FLAG: DWORD = 0x0000_0001;
pub const CRYPT_ACQUIRE_USE_PROV_INFO_FLAG: DWORD = 0x0000_0002;
pub const CRYPT_ACQUIRE_COMPARE_KEY_FLAG: DWORD = 0x0000_0004;
pub const CRYPT_ACQUIRE_NO_HEALING: DWORD = 0x0000_0008;
pub const CRYPT_ACQUIRE_SILENT_FLAG: DWORD = 0x0000_0040;
pub const CRYPT_ACQUIRE_WINDOW_HANDLE_FLAG: DWORD = 0x0000_0080;
pub const CRYPT_ACQUIRE_NCRYPT_KEY_FLAGS_MASK: DWORD = 0x0007_0000;
pub const CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG: DWORD = 0x0001_0000;
pub const CRYPT_ACQUIRE_PREFER_NCRYPT_KEY_FLAG: DWORD = 0x0002_0000;
pub const CRYPT_ACQUIRE_ONLY_NCRYPT_KEY_FLAG: DWORD = 0x0004_0000;

// PFXImportCertStore dwFlags.
pub const CRYPT_EXPORTABLE: DWORD = 0x0000_0001;
pub const CRYPT_USER_PROTECTED: DWORD = 0x0000_0002;
pub const CRYPT_USER_KEYSET: DWORD = 0x0000_1000;
pub const PKCS12_INCLUDE_EXTENDED_PROPERTIES: DWORD = 0x0000_0010;
pub const PKCS12_IMPORT_SILENT: DWORD = 0x0000_0040;
pub const PKCS12_PREFER_CNG_KSP: DWORD = 0x0000_0100;
pub const PKCS12_ALWAYS_CNG_KSP: DWORD = 0x0000_0200;
pub const PKCS12_ALLOW_OVERWRITE_KEY: DWORD = 0x0000_4000;
pub const PKCS12_NO_PERSIST_KEY: DWORD = 0x0000_8000;
pub const PKCS12_VIRTUAL_ISOLATION_KEY: DWORD = 0x0001_0000;
pub const PKCS12_NAMED_NO_PERSIST_KEY: DWORD = 0x0002_0000;
pub const PKCS12_IMPORT_RESERVED_MASK: DWORD = 0xFFFF_0000u32;

// ---- stores --------------------------------------------------------------------------------
// `CERT_STORE_PROV_*` are `(LPCSTR)n` in wincrypt.h; the C header defines them (and the
// `sz_CERT_STORE_PROV_*` names) as pointer macros from cbindgen.toml. In Rust compare
// `lpszStoreProvider as usize` with these values.

/// cbindgen:ignore
pub const CERT_STORE_PROV_MSG: ULONG_PTR = 1;
/// cbindgen:ignore
pub const CERT_STORE_PROV_MEMORY: ULONG_PTR = 2;
/// cbindgen:ignore
pub const CERT_STORE_PROV_FILE: ULONG_PTR = 3;
/// cbindgen:ignore
pub const CERT_STORE_PROV_REG: ULONG_PTR = 4;
/// cbindgen:ignore
pub const CERT_STORE_PROV_PKCS7: ULONG_PTR = 5;
/// cbindgen:ignore
pub const CERT_STORE_PROV_SERIALIZED: ULONG_PTR = 6;
/// cbindgen:ignore
pub const CERT_STORE_PROV_FILENAME_A: ULONG_PTR = 7;
/// cbindgen:ignore
pub const CERT_STORE_PROV_FILENAME_W: ULONG_PTR = 8;
/// cbindgen:ignore
pub const CERT_STORE_PROV_FILENAME: ULONG_PTR = 8;
/// cbindgen:ignore
pub const CERT_STORE_PROV_SYSTEM_A: ULONG_PTR = 9;
/// cbindgen:ignore
pub const CERT_STORE_PROV_SYSTEM_W: ULONG_PTR = 10;
/// cbindgen:ignore
pub const CERT_STORE_PROV_SYSTEM: ULONG_PTR = 10;
/// cbindgen:ignore
pub const CERT_STORE_PROV_COLLECTION: ULONG_PTR = 11;
/// cbindgen:ignore
pub const CERT_STORE_PROV_SYSTEM_REGISTRY_A: ULONG_PTR = 12;
/// cbindgen:ignore
pub const CERT_STORE_PROV_SYSTEM_REGISTRY_W: ULONG_PTR = 13;
/// cbindgen:ignore
pub const CERT_STORE_PROV_PHYSICAL_W: ULONG_PTR = 14;
/// cbindgen:ignore
pub const CERT_STORE_PROV_SMART_CARD_W: ULONG_PTR = 15;
/// cbindgen:ignore
pub const CERT_STORE_PROV_LDAP_W: ULONG_PTR = 16;
/// cbindgen:ignore
pub const CERT_STORE_PROV_PKCS12: ULONG_PTR = 17;
/// Name forms of the providers (`sz_CERT_STORE_PROV_*`), also accepted by `CertOpenStore`.
/// cbindgen:ignore
pub const sz_CERT_STORE_PROV_MEMORY: &str = "Memory";
/// cbindgen:ignore
pub const sz_CERT_STORE_PROV_FILENAME: &str = "File";
/// cbindgen:ignore
pub const sz_CERT_STORE_PROV_SYSTEM: &str = "System";
/// cbindgen:ignore
pub const sz_CERT_STORE_PROV_PKCS7: &str = "PKCS7";
/// cbindgen:ignore
pub const sz_CERT_STORE_PROV_PKCS12: &str = "PKCS12";
/// cbindgen:ignore
pub const sz_CERT_STORE_PROV_SERIALIZED: &str = "Serialized";
/// cbindgen:ignore
pub const sz_CERT_STORE_PROV_COLLECTION: &str = "Collection";

// CertOpenStore dwFlags.
pub const CERT_STORE_NO_CRYPT_RELEASE_FLAG: DWORD = 0x0000_0001;
pub const CERT_STORE_SET_LOCALIZED_NAME_FLAG: DWORD = 0x0000_0002;
pub const CERT_STORE_DEFER_CLOSE_UNTIL_LAST_FREE_FLAG: DWORD = 0x0000_0004;
pub const CERT_STORE_DELETE_FLAG: DWORD = 0x0000_0010;
pub const CERT_STORE_UNSAFE_PHYSICAL_FLAG: DWORD = 0x0000_0020;
pub const CERT_STORE_SHARE_STORE_FLAG: DWORD = 0x0000_0040;
pub const CERT_STORE_SHARE_CONTEXT_FLAG: DWORD = 0x0000_0080;
pub const CERT_STORE_MANIFOLD_FLAG: DWORD = 0x0000_0100;
pub const CERT_STORE_ENUM_ARCHIVED_FLAG: DWORD = 0x0000_0200;
pub const CERT_STORE_UPDATE_KEYID_FLAG: DWORD = 0x0000_0400;
pub const CERT_STORE_BACKUP_RESTORE_FLAG: DWORD = 0x0000_0800;
pub const CERT_STORE_MAXIMUM_ALLOWED_FLAG: DWORD = 0x0000_1000;
pub const CERT_STORE_CREATE_NEW_FLAG: DWORD = 0x0000_2000;
pub const CERT_STORE_OPEN_EXISTING_FLAG: DWORD = 0x0000_4000;
pub const CERT_STORE_READONLY_FLAG: DWORD = 0x0000_8000;

// System store locations (CertOpenStore(CERT_STORE_PROV_SYSTEM_*) dwFlags).
pub const CERT_SYSTEM_STORE_MASK: DWORD = 0xFFFF_0000u32;
pub const CERT_SYSTEM_STORE_LOCATION_MASK: DWORD = 0x00FF_0000;
pub const CERT_SYSTEM_STORE_LOCATION_SHIFT: DWORD = 16;
pub const CERT_SYSTEM_STORE_CURRENT_USER_ID: DWORD = 1;
pub const CERT_SYSTEM_STORE_LOCAL_MACHINE_ID: DWORD = 2;
pub const CERT_SYSTEM_STORE_CURRENT_SERVICE_ID: DWORD = 4;
pub const CERT_SYSTEM_STORE_SERVICES_ID: DWORD = 5;
pub const CERT_SYSTEM_STORE_USERS_ID: DWORD = 6;
pub const CERT_SYSTEM_STORE_CURRENT_USER_GROUP_POLICY_ID: DWORD = 7;
pub const CERT_SYSTEM_STORE_LOCAL_MACHINE_GROUP_POLICY_ID: DWORD = 8;
pub const CERT_SYSTEM_STORE_LOCAL_MACHINE_ENTERPRISE_ID: DWORD = 9;
pub const CERT_SYSTEM_STORE_CURRENT_USER: DWORD = 0x0001_0000;
pub const CERT_SYSTEM_STORE_LOCAL_MACHINE: DWORD = 0x0002_0000;
pub const CERT_SYSTEM_STORE_CURRENT_SERVICE: DWORD = 0x0004_0000;
pub const CERT_SYSTEM_STORE_SERVICES: DWORD = 0x0005_0000;
pub const CERT_SYSTEM_STORE_USERS: DWORD = 0x0006_0000;
pub const CERT_SYSTEM_STORE_CURRENT_USER_GROUP_POLICY: DWORD = 0x0007_0000;
pub const CERT_SYSTEM_STORE_LOCAL_MACHINE_GROUP_POLICY: DWORD = 0x0008_0000;
pub const CERT_SYSTEM_STORE_LOCAL_MACHINE_ENTERPRISE: DWORD = 0x0009_0000;

// CertAddStoreToCollection dwUpdateFlags (the physical-store flags).
pub const CERT_PHYSICAL_STORE_ADD_ENABLE_FLAG: DWORD = 0x0000_0001;
pub const CERT_PHYSICAL_STORE_OPEN_DISABLE_FLAG: DWORD = 0x0000_0002;
pub const CERT_PHYSICAL_STORE_REMOTE_OPEN_DISABLE_FLAG: DWORD = 0x0000_0004;
pub const CERT_PHYSICAL_STORE_INSERT_COMPUTER_NAME_ENABLE_FLAG: DWORD = 0x0000_0008;

// CertCloseStore dwFlags.
pub const CERT_CLOSE_STORE_FORCE_FLAG: DWORD = 0x0000_0001;
pub const CERT_CLOSE_STORE_CHECK_FLAG: DWORD = 0x0000_0002;

// CertAdd*ToStore dwAddDisposition.
pub const CERT_STORE_ADD_NEW: DWORD = 1;
pub const CERT_STORE_ADD_USE_EXISTING: DWORD = 2;
pub const CERT_STORE_ADD_REPLACE_EXISTING: DWORD = 3;
pub const CERT_STORE_ADD_ALWAYS: DWORD = 4;
pub const CERT_STORE_ADD_REPLACE_EXISTING_INHERIT_PROPERTIES: DWORD = 5;
pub const CERT_STORE_ADD_NEWER: DWORD = 6;
pub const CERT_STORE_ADD_NEWER_INHERIT_PROPERTIES: DWORD = 7;

// ---- CertFindCertificateInStore ------------------------------------------------------------

pub const CERT_COMPARE_SHIFT: DWORD = 16;
pub const CERT_COMPARE_ANY: DWORD = 0;
pub const CERT_COMPARE_SHA1_HASH: DWORD = 1;
pub const CERT_COMPARE_NAME: DWORD = 2;
pub const CERT_COMPARE_ATTR: DWORD = 3;
pub const CERT_COMPARE_MD5_HASH: DWORD = 4;
pub const CERT_COMPARE_PROPERTY: DWORD = 5;
pub const CERT_COMPARE_PUBLIC_KEY: DWORD = 6;
pub const CERT_COMPARE_HASH: DWORD = 1;
pub const CERT_COMPARE_NAME_STR_A: DWORD = 7;
pub const CERT_COMPARE_NAME_STR_W: DWORD = 8;
pub const CERT_COMPARE_KEY_SPEC: DWORD = 9;
pub const CERT_COMPARE_ENHKEY_USAGE: DWORD = 10;
pub const CERT_COMPARE_CTL_USAGE: DWORD = 10;
pub const CERT_COMPARE_SUBJECT_CERT: DWORD = 11;
pub const CERT_COMPARE_ISSUER_OF: DWORD = 12;
pub const CERT_COMPARE_EXISTING: DWORD = 13;
pub const CERT_COMPARE_SIGNATURE_HASH: DWORD = 14;
pub const CERT_COMPARE_KEY_IDENTIFIER: DWORD = 15;
pub const CERT_COMPARE_CERT_ID: DWORD = 16;
pub const CERT_COMPARE_CROSS_CERT_DIST_POINTS: DWORD = 17;
pub const CERT_COMPARE_PUBKEY_MD5_HASH: DWORD = 18;
pub const CERT_COMPARE_SUBJECT_INFO_ACCESS: DWORD = 19;
pub const CERT_COMPARE_HASH_STR: DWORD = 20;
pub const CERT_COMPARE_HAS_PRIVATE_KEY: DWORD = 21;

// CERT_INFO_*_FLAG: which CERT_INFO field a find/compare looks at.
pub const CERT_INFO_VERSION_FLAG: DWORD = 1;
pub const CERT_INFO_SERIAL_NUMBER_FLAG: DWORD = 2;
pub const CERT_INFO_SIGNATURE_ALGORITHM_FLAG: DWORD = 3;
pub const CERT_INFO_ISSUER_FLAG: DWORD = 4;
pub const CERT_INFO_NOT_BEFORE_FLAG: DWORD = 5;
pub const CERT_INFO_NOT_AFTER_FLAG: DWORD = 6;
pub const CERT_INFO_SUBJECT_FLAG: DWORD = 7;
pub const CERT_INFO_SUBJECT_PUBLIC_KEY_INFO_FLAG: DWORD = 8;
pub const CERT_INFO_ISSUER_UNIQUE_ID_FLAG: DWORD = 9;
pub const CERT_INFO_SUBJECT_UNIQUE_ID_FLAG: DWORD = 10;
pub const CERT_INFO_EXTENSION_FLAG: DWORD = 11;

// CERT_FIND_* = CERT_COMPARE_* << CERT_COMPARE_SHIFT [| CERT_INFO_*_FLAG].
pub const CERT_FIND_ANY: DWORD = 0;
pub const CERT_FIND_SHA1_HASH: DWORD = 0x0001_0000;
pub const CERT_FIND_HASH: DWORD = 0x0001_0000;
pub const CERT_FIND_MD5_HASH: DWORD = 0x0004_0000;
pub const CERT_FIND_SIGNATURE_HASH: DWORD = 0x000E_0000;
pub const CERT_FIND_KEY_IDENTIFIER: DWORD = 0x000F_0000;
pub const CERT_FIND_PROPERTY: DWORD = 0x0005_0000;
pub const CERT_FIND_PUBLIC_KEY: DWORD = 0x0006_0000;
/// `CERT_COMPARE_NAME << 16 | CERT_INFO_SUBJECT_FLAG`.
pub const CERT_FIND_SUBJECT_NAME: DWORD = 0x0002_0007;
/// `CERT_COMPARE_NAME << 16 | CERT_INFO_ISSUER_FLAG`.
pub const CERT_FIND_ISSUER_NAME: DWORD = 0x0002_0004;
pub const CERT_FIND_SUBJECT_ATTR: DWORD = 0x0003_0007;
pub const CERT_FIND_ISSUER_ATTR: DWORD = 0x0003_0004;
/// `CERT_COMPARE_NAME_STR_A << 16 | CERT_INFO_SUBJECT_FLAG`.
pub const CERT_FIND_SUBJECT_STR_A: DWORD = 0x0007_0007;
/// `CERT_COMPARE_NAME_STR_W << 16 | CERT_INFO_SUBJECT_FLAG`.
pub const CERT_FIND_SUBJECT_STR_W: DWORD = 0x0008_0007;
pub const CERT_FIND_SUBJECT_STR: DWORD = 0x0008_0007;
/// `CERT_COMPARE_NAME_STR_A << 16 | CERT_INFO_ISSUER_FLAG`.
pub const CERT_FIND_ISSUER_STR_A: DWORD = 0x0007_0004;
/// `CERT_COMPARE_NAME_STR_W << 16 | CERT_INFO_ISSUER_FLAG`.
pub const CERT_FIND_ISSUER_STR_W: DWORD = 0x0008_0004;
pub const CERT_FIND_ISSUER_STR: DWORD = 0x0008_0004;
pub const CERT_FIND_KEY_SPEC: DWORD = 0x0009_0000;
pub const CERT_FIND_ENHKEY_USAGE: DWORD = 0x000A_0000;
pub const CERT_FIND_CTL_USAGE: DWORD = 0x000A_0000;
pub const CERT_FIND_SUBJECT_CERT: DWORD = 0x000B_0000;
pub const CERT_FIND_ISSUER_OF: DWORD = 0x000C_0000;
pub const CERT_FIND_EXISTING: DWORD = 0x000D_0000;
pub const CERT_FIND_CERT_ID: DWORD = 0x0010_0000;
pub const CERT_FIND_HASH_STR: DWORD = 0x0014_0000;
pub const CERT_FIND_HAS_PRIVATE_KEY: DWORD = 0x0015_0000;

// ---- names ---------------------------------------------------------------------------------

// CertGetNameString dwType.
pub const CERT_NAME_EMAIL_TYPE: DWORD = 1;
pub const CERT_NAME_RDN_TYPE: DWORD = 2;
pub const CERT_NAME_ATTR_TYPE: DWORD = 3;
pub const CERT_NAME_SIMPLE_DISPLAY_TYPE: DWORD = 4;
pub const CERT_NAME_FRIENDLY_DISPLAY_TYPE: DWORD = 5;
pub const CERT_NAME_DNS_TYPE: DWORD = 6;
pub const CERT_NAME_URL_TYPE: DWORD = 7;
pub const CERT_NAME_UPN_TYPE: DWORD = 8;
// CertGetNameString dwFlags.
pub const CERT_NAME_ISSUER_FLAG: DWORD = 0x0000_0001;
pub const CERT_NAME_SEARCH_ALL_NAMES_FLAG: DWORD = 0x0000_0002;
pub const CERT_NAME_DISABLE_IE4_UTF8_FLAG: DWORD = 0x0001_0000;
pub const CERT_NAME_STR_ENABLE_PUNYCODE_FLAG: DWORD = 0x0020_0000;

// CertNameToStr / CertStrToName dwStrType.
pub const CERT_SIMPLE_NAME_STR: DWORD = 1;
pub const CERT_OID_NAME_STR: DWORD = 2;
pub const CERT_X500_NAME_STR: DWORD = 3;
pub const CERT_XML_NAME_STR: DWORD = 4;
pub const CERT_NAME_STR_SEMICOLON_FLAG: DWORD = 0x4000_0000;
pub const CERT_NAME_STR_NO_PLUS_FLAG: DWORD = 0x2000_0000;
pub const CERT_NAME_STR_NO_QUOTING_FLAG: DWORD = 0x1000_0000;
pub const CERT_NAME_STR_CRLF_FLAG: DWORD = 0x0800_0000;
pub const CERT_NAME_STR_COMMA_FLAG: DWORD = 0x0400_0000;
pub const CERT_NAME_STR_REVERSE_FLAG: DWORD = 0x0200_0000;
pub const CERT_NAME_STR_FORWARD_FLAG: DWORD = 0x0100_0000;
pub const CERT_NAME_STR_DISABLE_IE4_UTF8_FLAG: DWORD = 0x0001_0000;
pub const CERT_NAME_STR_ENABLE_T61_UNICODE_FLAG: DWORD = 0x0002_0000;
pub const CERT_NAME_STR_ENABLE_UTF8_UNICODE_FLAG: DWORD = 0x0004_0000;
pub const CERT_NAME_STR_FORCE_UTF8_DIR_STR_FLAG: DWORD = 0x0008_0000;
pub const CERT_NAME_STR_DISABLE_UTF8_DIR_STR_FLAG: DWORD = 0x0010_0000;

// ---- OIDs (the C header gets them as string macros from cbindgen.toml) ---------------------

/// cbindgen:ignore
pub const szOID_COMMON_NAME: &str = "2.5.4.3";
/// cbindgen:ignore
pub const szOID_SUR_NAME: &str = "2.5.4.4";
/// cbindgen:ignore
pub const szOID_DEVICE_SERIAL_NUMBER: &str = "2.5.4.5";
/// cbindgen:ignore
pub const szOID_COUNTRY_NAME: &str = "2.5.4.6";
/// cbindgen:ignore
pub const szOID_LOCALITY_NAME: &str = "2.5.4.7";
/// cbindgen:ignore
pub const szOID_STATE_OR_PROVINCE_NAME: &str = "2.5.4.8";
/// cbindgen:ignore
pub const szOID_STREET_ADDRESS: &str = "2.5.4.9";
/// cbindgen:ignore
pub const szOID_ORGANIZATION_NAME: &str = "2.5.4.10";
/// cbindgen:ignore
pub const szOID_ORGANIZATIONAL_UNIT_NAME: &str = "2.5.4.11";
/// cbindgen:ignore
pub const szOID_TITLE: &str = "2.5.4.12";
/// cbindgen:ignore
pub const szOID_GIVEN_NAME: &str = "2.5.4.42";
/// cbindgen:ignore
pub const szOID_RSA_emailAddr: &str = "1.2.840.113549.1.9.1";
/// cbindgen:ignore
pub const szOID_DOMAIN_COMPONENT: &str = "0.9.2342.19200300.100.1.25";
/// cbindgen:ignore
pub const szOID_PKIX_KP_SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
/// cbindgen:ignore
pub const szOID_PKIX_KP_CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
/// `anyExtendedKeyUsage` (RFC 5280 4.2.1.12).
/// cbindgen:ignore
pub const szOID_ANY_ENHANCED_KEY_USAGE: &str = "2.5.29.37.0";
/// cbindgen:ignore
pub const szOID_SERVER_GATED_CRYPTO: &str = "1.3.6.1.4.1.311.10.3.3";
/// cbindgen:ignore
pub const szOID_SGC_NETSCAPE: &str = "2.16.840.1.113730.4.1";
/// cbindgen:ignore
pub const szOID_SUBJECT_KEY_IDENTIFIER: &str = "2.5.29.14";
/// cbindgen:ignore
pub const szOID_KEY_USAGE: &str = "2.5.29.15";
/// The pre-RFC 3280 subjectAltName OID; decodes like `szOID_SUBJECT_ALT_NAME2`.
/// cbindgen:ignore
pub const szOID_SUBJECT_ALT_NAME: &str = "2.5.29.7";
/// cbindgen:ignore
pub const szOID_ISSUER_ALT_NAME: &str = "2.5.29.8";
/// cbindgen:ignore
pub const szOID_SUBJECT_ALT_NAME2: &str = "2.5.29.17";
/// cbindgen:ignore
pub const szOID_ISSUER_ALT_NAME2: &str = "2.5.29.18";
/// cbindgen:ignore
pub const szOID_BASIC_CONSTRAINTS2: &str = "2.5.29.19";
/// cbindgen:ignore
pub const szOID_CRL_DIST_POINTS: &str = "2.5.29.31";
/// cbindgen:ignore
pub const szOID_AUTHORITY_KEY_IDENTIFIER2: &str = "2.5.29.35";
/// cbindgen:ignore
pub const szOID_ENHANCED_KEY_USAGE: &str = "2.5.29.37";
/// cbindgen:ignore
pub const szOID_AUTHORITY_INFO_ACCESS: &str = "1.3.6.1.5.5.7.1.1";
/// cbindgen:ignore
pub const szOID_RSA_RSA: &str = "1.2.840.113549.1.1.1";
/// cbindgen:ignore
pub const szOID_RSA_MD5RSA: &str = "1.2.840.113549.1.1.4";
/// cbindgen:ignore
pub const szOID_RSA_SHA1RSA: &str = "1.2.840.113549.1.1.5";
/// cbindgen:ignore
pub const szOID_RSA_SSA_PSS: &str = "1.2.840.113549.1.1.10";
/// cbindgen:ignore
pub const szOID_RSA_SHA256RSA: &str = "1.2.840.113549.1.1.11";
/// cbindgen:ignore
pub const szOID_RSA_SHA384RSA: &str = "1.2.840.113549.1.1.12";
/// cbindgen:ignore
pub const szOID_RSA_SHA512RSA: &str = "1.2.840.113549.1.1.13";
/// cbindgen:ignore
pub const szOID_ECC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
/// cbindgen:ignore
pub const szOID_ECC_CURVE_P256: &str = "1.2.840.10045.3.1.7";
/// cbindgen:ignore
pub const szOID_ECC_CURVE_P384: &str = "1.3.132.0.34";
/// cbindgen:ignore
pub const szOID_ECC_CURVE_P521: &str = "1.3.132.0.35";
/// cbindgen:ignore
pub const szOID_ECDSA_SHA256: &str = "1.2.840.10045.4.3.2";
/// cbindgen:ignore
pub const szOID_ECDSA_SHA384: &str = "1.2.840.10045.4.3.3";
/// cbindgen:ignore
pub const szOID_ECDSA_SHA512: &str = "1.2.840.10045.4.3.4";
/// cbindgen:ignore
pub const szOID_OIWSEC_sha1: &str = "1.3.14.3.2.26";
/// cbindgen:ignore
pub const szOID_OIWSEC_sha1RSASign: &str = "1.3.14.3.2.29";
/// cbindgen:ignore
pub const szOID_NIST_sha256: &str = "2.16.840.1.101.3.4.2.1";
/// cbindgen:ignore
pub const szOID_NIST_sha384: &str = "2.16.840.1.101.3.4.2.2";
/// cbindgen:ignore
pub const szOID_NIST_sha512: &str = "2.16.840.1.101.3.4.2.3";

// ---- certificate properties ----------------------------------------------------------------

pub const CERT_KEY_PROV_HANDLE_PROP_ID: DWORD = 1;
pub const CERT_KEY_PROV_INFO_PROP_ID: DWORD = 2;
pub const CERT_SHA1_HASH_PROP_ID: DWORD = 3;
pub const CERT_MD5_HASH_PROP_ID: DWORD = 4;
pub const CERT_HASH_PROP_ID: DWORD = 3;
pub const CERT_KEY_CONTEXT_PROP_ID: DWORD = 5;
pub const CERT_KEY_SPEC_PROP_ID: DWORD = 6;
pub const CERT_ENHKEY_USAGE_PROP_ID: DWORD = 9;
pub const CERT_FRIENDLY_NAME_PROP_ID: DWORD = 11;
pub const CERT_SIGNATURE_HASH_PROP_ID: DWORD = 15;
pub const CERT_KEY_IDENTIFIER_PROP_ID: DWORD = 20;
pub const CERT_SUBJECT_PUBLIC_KEY_MD5_HASH_PROP_ID: DWORD = 25;
/// The DER `OCSPResponse` Schannel attaches to the server certificate context when the server
/// stapled one (the TLS `status_request` extension).
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certgetcertificatecontextproperty>
pub const CERT_OCSP_RESPONSE_PROP_ID: DWORD = 70;
pub const CERT_NCRYPT_KEY_HANDLE_PROP_ID: DWORD = 78;
pub const CERT_SHA256_HASH_PROP_ID: DWORD = 107;
pub const CERT_FIRST_USER_PROP_ID: DWORD = 0x0000_8000;
pub const CERT_LAST_USER_PROP_ID: DWORD = 0x0000_FFFF;

// ---- CryptStringToBinary / CryptBinaryToString ---------------------------------------------

pub const CRYPT_STRING_BASE64HEADER: DWORD = 0x0000_0000;
pub const CRYPT_STRING_BASE64: DWORD = 0x0000_0001;
pub const CRYPT_STRING_BINARY: DWORD = 0x0000_0002;
pub const CRYPT_STRING_BASE64REQUESTHEADER: DWORD = 0x0000_0003;
pub const CRYPT_STRING_HEX: DWORD = 0x0000_0004;
pub const CRYPT_STRING_HEXASCII: DWORD = 0x0000_0005;
pub const CRYPT_STRING_BASE64_ANY: DWORD = 0x0000_0006;
pub const CRYPT_STRING_ANY: DWORD = 0x0000_0007;
pub const CRYPT_STRING_HEX_ANY: DWORD = 0x0000_0008;
pub const CRYPT_STRING_BASE64X509CRLHEADER: DWORD = 0x0000_0009;
pub const CRYPT_STRING_HEXADDR: DWORD = 0x0000_000A;
pub const CRYPT_STRING_HEXASCIIADDR: DWORD = 0x0000_000B;
pub const CRYPT_STRING_HEXRAW: DWORD = 0x0000_000C;
pub const CRYPT_STRING_BASE64URI: DWORD = 0x0000_000D;
pub const CRYPT_STRING_STRICT: DWORD = 0x2000_0000;
pub const CRYPT_STRING_NOCRLF: DWORD = 0x4000_0000;
pub const CRYPT_STRING_NOCR: DWORD = 0x8000_0000u32;

// ---- CryptQueryObject ----------------------------------------------------------------------

pub const CERT_QUERY_OBJECT_FILE: DWORD = 1;
pub const CERT_QUERY_OBJECT_BLOB: DWORD = 2;
pub const CERT_QUERY_CONTENT_CERT: DWORD = 1;
pub const CERT_QUERY_CONTENT_CTL: DWORD = 2;
pub const CERT_QUERY_CONTENT_CRL: DWORD = 3;
pub const CERT_QUERY_CONTENT_SERIALIZED_STORE: DWORD = 4;
pub const CERT_QUERY_CONTENT_SERIALIZED_CERT: DWORD = 5;
pub const CERT_QUERY_CONTENT_SERIALIZED_CTL: DWORD = 6;
pub const CERT_QUERY_CONTENT_SERIALIZED_CRL: DWORD = 7;
pub const CERT_QUERY_CONTENT_PKCS7_SIGNED: DWORD = 8;
pub const CERT_QUERY_CONTENT_PKCS7_UNSIGNED: DWORD = 9;
pub const CERT_QUERY_CONTENT_PKCS7_SIGNED_EMBED: DWORD = 10;
pub const CERT_QUERY_CONTENT_PKCS10: DWORD = 11;
pub const CERT_QUERY_CONTENT_PFX: DWORD = 12;
pub const CERT_QUERY_CONTENT_CERT_PAIR: DWORD = 13;
pub const CERT_QUERY_CONTENT_PFX_AND_LOAD: DWORD = 14;
pub const CERT_QUERY_CONTENT_FLAG_CERT: DWORD = 1 << 1;
pub const CERT_QUERY_CONTENT_FLAG_CTL: DWORD = 1 << 2;
pub const CERT_QUERY_CONTENT_FLAG_CRL: DWORD = 1 << 3;
pub const CERT_QUERY_CONTENT_FLAG_SERIALIZED_STORE: DWORD = 1 << 4;
pub const CERT_QUERY_CONTENT_FLAG_SERIALIZED_CERT: DWORD = 1 << 5;
pub const CERT_QUERY_CONTENT_FLAG_SERIALIZED_CTL: DWORD = 1 << 6;
pub const CERT_QUERY_CONTENT_FLAG_SERIALIZED_CRL: DWORD = 1 << 7;
pub const CERT_QUERY_CONTENT_FLAG_PKCS7_SIGNED: DWORD = 1 << 8;
pub const CERT_QUERY_CONTENT_FLAG_PKCS7_UNSIGNED: DWORD = 1 << 9;
pub const CERT_QUERY_CONTENT_FLAG_PKCS7_SIGNED_EMBED: DWORD = 1 << 10;
pub const CERT_QUERY_CONTENT_FLAG_PKCS10: DWORD = 1 << 11;
pub const CERT_QUERY_CONTENT_FLAG_PFX: DWORD = 1 << 12;
pub const CERT_QUERY_CONTENT_FLAG_CERT_PAIR: DWORD = 1 << 13;
pub const CERT_QUERY_CONTENT_FLAG_PFX_AND_LOAD: DWORD = 1 << 14;
/// Every `CERT_QUERY_CONTENT_FLAG_*` except `PFX_AND_LOAD`.
pub const CERT_QUERY_CONTENT_FLAG_ALL: DWORD = 0x0000_3FFE;
pub const CERT_QUERY_FORMAT_BINARY: DWORD = 1;
pub const CERT_QUERY_FORMAT_BASE64_ENCODED: DWORD = 2;
pub const CERT_QUERY_FORMAT_ASN_ASCII_HEX_ENCODED: DWORD = 3;
pub const CERT_QUERY_FORMAT_FLAG_BINARY: DWORD = 1 << 1;
pub const CERT_QUERY_FORMAT_FLAG_BASE64_ENCODED: DWORD = 1 << 2;
pub const CERT_QUERY_FORMAT_FLAG_ASN_ASCII_HEX_ENCODED: DWORD = 1 << 3;
pub const CERT_QUERY_FORMAT_FLAG_ALL: DWORD = 14;

// ---- CryptDecodeObjectEx and alternative names ------------------------------------------------

// CryptDecodeObjectEx dwFlags.
// <https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-cryptdecodeobjectex>
pub const CRYPT_DECODE_NOCOPY_FLAG: DWORD = 0x0000_0001;
pub const CRYPT_DECODE_TO_BE_SIGNED_FLAG: DWORD = 0x0000_0002;
pub const CRYPT_DECODE_SHARE_OID_STRING_FLAG: DWORD = 0x0000_0004;
pub const CRYPT_DECODE_NO_SIGNATURE_BYTE_REVERSAL_FLAG: DWORD = 0x0000_0008;
pub const CRYPT_DECODE_ALLOC_FLAG: DWORD = 0x0000_8000;
pub const CRYPT_UNICODE_NAME_DECODE_DISABLE_IE4_UTF8_FLAG: DWORD = 0x0100_0000;
pub const CRYPT_DECODE_ENABLE_PUNYCODE_FLAG: DWORD = 0x0200_0000;
pub const CRYPT_DECODE_ENABLE_UTF8PERCENT_FLAG: DWORD = 0x0400_0000;
pub const CRYPT_DECODE_ENABLE_IA5CONVERSION_FLAG: DWORD =
    CRYPT_DECODE_ENABLE_PUNYCODE_FLAG | CRYPT_DECODE_ENABLE_UTF8PERCENT_FLAG;

/// `PFN_CRYPT_ALLOC`: the allocator `CRYPT_DECODE_PARA` names for `CRYPT_DECODE_ALLOC_FLAG`.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/nc-wincrypt-pfn_crypt_alloc>
pub type PFN_CRYPT_ALLOC = Option<unsafe extern "C" fn(cbSize: usize) -> *mut c_void>;
/// `PFN_CRYPT_FREE`: frees what `PFN_CRYPT_ALLOC` returned.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/nc-wincrypt-pfn_crypt_free>
pub type PFN_CRYPT_FREE = Option<unsafe extern "C" fn(pv: *mut c_void)>;

/// `CRYPT_DECODE_PARA`: the caller's allocator for `CRYPT_DECODE_ALLOC_FLAG` (NULL members, or
/// no structure at all, mean `LocalAlloc`/`LocalFree`).
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-crypt_decode_para>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CRYPT_DECODE_PARA {
    pub cbSize: DWORD,
    pub pfnAlloc: PFN_CRYPT_ALLOC,
    pub pfnFree: PFN_CRYPT_FREE,
}
pub type PCRYPT_DECODE_PARA = *mut CRYPT_DECODE_PARA;

// Predefined structure types (`X509_*`, `(LPCSTR)n` in wincrypt.h; pointer macros in the C
// header): compare `lpszStructType as usize`.
// <https://learn.microsoft.com/windows/win32/seccrypto/constants-for-cryptencodeobject-and-cryptdecodeobject>
/// cbindgen:ignore
pub const X509_CERT: ULONG_PTR = 1;
/// cbindgen:ignore
pub const X509_CERT_TO_BE_SIGNED: ULONG_PTR = 2;
/// cbindgen:ignore
pub const X509_CERT_CRL_TO_BE_SIGNED: ULONG_PTR = 3;
/// cbindgen:ignore
pub const X509_CERT_REQUEST_TO_BE_SIGNED: ULONG_PTR = 4;
/// cbindgen:ignore
pub const X509_EXTENSIONS: ULONG_PTR = 5;
/// cbindgen:ignore
pub const X509_NAME_VALUE: ULONG_PTR = 6;
/// cbindgen:ignore
pub const X509_NAME: ULONG_PTR = 7;
/// cbindgen:ignore
pub const X509_PUBLIC_KEY_INFO: ULONG_PTR = 8;
/// cbindgen:ignore
pub const X509_AUTHORITY_KEY_ID: ULONG_PTR = 9;
/// cbindgen:ignore
pub const X509_KEY_ATTRIBUTES: ULONG_PTR = 10;
/// cbindgen:ignore
pub const X509_KEY_USAGE_RESTRICTION: ULONG_PTR = 11;
/// cbindgen:ignore
pub const X509_ALTERNATE_NAME: ULONG_PTR = 12;
/// cbindgen:ignore
pub const X509_BASIC_CONSTRAINTS: ULONG_PTR = 13;
/// cbindgen:ignore
pub const X509_KEY_USAGE: ULONG_PTR = 14;
/// cbindgen:ignore
pub const X509_BASIC_CONSTRAINTS2: ULONG_PTR = 15;
/// cbindgen:ignore
pub const X509_CERT_POLICIES: ULONG_PTR = 16;
/// cbindgen:ignore
pub const X509_UNICODE_NAME: ULONG_PTR = 20;
/// cbindgen:ignore
pub const X509_OCTET_STRING: ULONG_PTR = 25;
/// cbindgen:ignore
pub const X509_BITS: ULONG_PTR = 26;
/// cbindgen:ignore
pub const X509_INTEGER: ULONG_PTR = 27;
/// cbindgen:ignore
pub const X509_AUTHORITY_KEY_ID2: ULONG_PTR = 31;
/// cbindgen:ignore
pub const X509_AUTHORITY_INFO_ACCESS: ULONG_PTR = 32;
/// cbindgen:ignore
pub const X509_CRL_DIST_POINTS: ULONG_PTR = 35;
/// cbindgen:ignore
pub const X509_ENHANCED_KEY_USAGE: ULONG_PTR = 36;
/// cbindgen:ignore
pub const X509_NAME_CONSTRAINTS: ULONG_PTR = 55;

// CERT_ALT_NAME_ENTRY.dwAltNameChoice.
// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_alt_name_entry>
pub const CERT_ALT_NAME_OTHER_NAME: DWORD = 1;
pub const CERT_ALT_NAME_RFC822_NAME: DWORD = 2;
pub const CERT_ALT_NAME_DNS_NAME: DWORD = 3;
pub const CERT_ALT_NAME_X400_ADDRESS: DWORD = 4;
pub const CERT_ALT_NAME_DIRECTORY_NAME: DWORD = 5;
pub const CERT_ALT_NAME_EDI_PARTY_NAME: DWORD = 6;
pub const CERT_ALT_NAME_URL: DWORD = 7;
pub const CERT_ALT_NAME_IP_ADDRESS: DWORD = 8;
pub const CERT_ALT_NAME_REGISTERED_ID: DWORD = 9;
pub const CERT_ALT_NAME_ENTRY_ERR_INDEX_MASK: DWORD = 0xff;
pub const CERT_ALT_NAME_ENTRY_ERR_INDEX_SHIFT: DWORD = 16;
pub const CERT_ALT_NAME_VALUE_ERR_INDEX_MASK: DWORD = 0x0000_ffff;
pub const CERT_ALT_NAME_VALUE_ERR_INDEX_SHIFT: DWORD = 0;

/// `CERT_OTHER_NAME`: an otherName alternative name (type OID and the DER of its value).
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_other_name>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_OTHER_NAME {
    pub pszObjId: LPSTR,
    pub Value: CRYPT_OBJID_BLOB,
}
pub type PCERT_OTHER_NAME = *mut CERT_OTHER_NAME;

/// The anonymous union of `CERT_ALT_NAME_ENTRY`, selected by `dwAltNameChoice`.
/// cbindgen:ignore
#[repr(C)]
#[derive(Clone, Copy)]
pub union CERT_ALT_NAME_ENTRY_u {
    pub pOtherName: PCERT_OTHER_NAME,
    pub pwszRfc822Name: LPWSTR,
    pub pwszDNSName: LPWSTR,
    pub DirectoryName: CERT_NAME_BLOB,
    pub pwszURL: LPWSTR,
    pub IPAddress: CRYPT_DATA_BLOB,
    pub pszRegisteredID: LPSTR,
}

/// `CERT_ALT_NAME_ENTRY`: one GeneralName. The SDK's union is anonymous (C code writes
/// `entry->IPAddress`), which cbindgen cannot express: the C header declares this struct by hand
/// (cbindgen.toml `after_includes`); in Rust the union is the member `u`.
///
/// cbindgen:ignore
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_alt_name_entry>
#[repr(C)]
#[derive(Clone, Copy)]
pub struct CERT_ALT_NAME_ENTRY {
    /// `CERT_ALT_NAME_*`.
    pub dwAltNameChoice: DWORD,
    pub u: CERT_ALT_NAME_ENTRY_u,
}
/// cbindgen:ignore
pub type PCERT_ALT_NAME_ENTRY = *mut CERT_ALT_NAME_ENTRY;

/// `CERT_ALT_NAME_INFO`: the decoded subjectAltName / issuerAltName extension.
///
/// cbindgen:ignore
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_alt_name_info>
#[repr(C)]
#[derive(Clone, Copy)]
pub struct CERT_ALT_NAME_INFO {
    pub cAltEntry: DWORD,
    pub rgAltEntry: PCERT_ALT_NAME_ENTRY,
}
/// cbindgen:ignore
pub type PCERT_ALT_NAME_INFO = *mut CERT_ALT_NAME_INFO;

// ---- certificate revocation lists ------------------------------------------------------------

/// `CRL_ENTRY`: one revoked certificate (serial little-endian, as in `CERT_INFO`).
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-crl_entry>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CRL_ENTRY {
    pub SerialNumber: CRYPT_INTEGER_BLOB,
    pub RevocationDate: FILETIME,
    pub cExtension: DWORD,
    pub rgExtension: PCERT_EXTENSION,
}
pub type PCRL_ENTRY = *mut CRL_ENTRY;

/// `CRL_INFO`: the decoded TBSCertList.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-crl_info>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CRL_INFO {
    /// `CRL_V1` / `CRL_V2`.
    pub dwVersion: DWORD,
    pub SignatureAlgorithm: CRYPT_ALGORITHM_IDENTIFIER,
    /// DER-encoded Name.
    pub Issuer: CERT_NAME_BLOB,
    pub ThisUpdate: FILETIME,
    /// Zero when the CRL has none.
    pub NextUpdate: FILETIME,
    pub cCRLEntry: DWORD,
    pub rgCRLEntry: PCRL_ENTRY,
    pub cExtension: DWORD,
    pub rgExtension: PCERT_EXTENSION,
}
pub type PCRL_INFO = *mut CRL_INFO;

pub const CRL_V1: DWORD = 0;
pub const CRL_V2: DWORD = 1;

/// `CRL_CONTEXT`: an encoded CRL, its decoded `CRL_INFO` and its store.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-crl_context>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CRL_CONTEXT {
    pub dwCertEncodingType: DWORD,
    pub pbCrlEncoded: *mut BYTE,
    pub cbCrlEncoded: DWORD,
    pub pCrlInfo: PCRL_INFO,
    pub hCertStore: HCERTSTORE,
}
pub type PCRL_CONTEXT = *mut CRL_CONTEXT;
pub type PCCRL_CONTEXT = *const CRL_CONTEXT;

// ---- chain building ------------------------------------------------------------------------

/// `CERT_TRUST_STATUS`: `CERT_TRUST_*` error and info bits.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_trust_status>
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct CERT_TRUST_STATUS {
    pub dwErrorStatus: DWORD,
    pub dwInfoStatus: DWORD,
}
pub type PCERT_TRUST_STATUS = *mut CERT_TRUST_STATUS;

// dwErrorStatus.
pub const CERT_TRUST_NO_ERROR: DWORD = 0x0000_0000;
pub const CERT_TRUST_IS_NOT_TIME_VALID: DWORD = 0x0000_0001;
pub const CERT_TRUST_IS_NOT_TIME_NESTED: DWORD = 0x0000_0002;
pub const CERT_TRUST_IS_REVOKED: DWORD = 0x0000_0004;
pub const CERT_TRUST_IS_NOT_SIGNATURE_VALID: DWORD = 0x0000_0008;
pub const CERT_TRUST_IS_NOT_VALID_FOR_USAGE: DWORD = 0x0000_0010;
pub const CERT_TRUST_IS_UNTRUSTED_ROOT: DWORD = 0x0000_0020;
pub const CERT_TRUST_REVOCATION_STATUS_UNKNOWN: DWORD = 0x0000_0040;
pub const CERT_TRUST_IS_CYCLIC: DWORD = 0x0000_0080;
pub const CERT_TRUST_INVALID_EXTENSION: DWORD = 0x0000_0100;
pub const CERT_TRUST_INVALID_POLICY_CONSTRAINTS: DWORD = 0x0000_0200;
pub const CERT_TRUST_INVALID_BASIC_CONSTRAINTS: DWORD = 0x0000_0400;
pub const CERT_TRUST_INVALID_NAME_CONSTRAINTS: DWORD = 0x0000_0800;
pub const CERT_TRUST_HAS_NOT_SUPPORTED_NAME_CONSTRAINT: DWORD = 0x0000_1000;
pub const CERT_TRUST_HAS_NOT_DEFINED_NAME_CONSTRAINT: DWORD = 0x0000_2000;
pub const CERT_TRUST_HAS_NOT_PERMITTED_NAME_CONSTRAINT: DWORD = 0x0000_4000;
pub const CERT_TRUST_HAS_EXCLUDED_NAME_CONSTRAINT: DWORD = 0x0000_8000;
pub const CERT_TRUST_IS_PARTIAL_CHAIN: DWORD = 0x0001_0000;
pub const CERT_TRUST_CTL_IS_NOT_TIME_VALID: DWORD = 0x0002_0000;
pub const CERT_TRUST_CTL_IS_NOT_SIGNATURE_VALID: DWORD = 0x0004_0000;
pub const CERT_TRUST_CTL_IS_NOT_VALID_FOR_USAGE: DWORD = 0x0008_0000;
pub const CERT_TRUST_HAS_WEAK_SIGNATURE: DWORD = 0x0010_0000;
pub const CERT_TRUST_IS_OFFLINE_REVOCATION: DWORD = 0x0100_0000;
pub const CERT_TRUST_NO_ISSUANCE_CHAIN_POLICY: DWORD = 0x0200_0000;
pub const CERT_TRUST_IS_EXPLICIT_DISTRUST: DWORD = 0x0400_0000;
pub const CERT_TRUST_HAS_NOT_SUPPORTED_CRITICAL_EXT: DWORD = 0x0800_0000;

// dwInfoStatus.
pub const CERT_TRUST_HAS_EXACT_MATCH_ISSUER: DWORD = 0x0000_0001;
pub const CERT_TRUST_HAS_KEY_MATCH_ISSUER: DWORD = 0x0000_0002;
pub const CERT_TRUST_HAS_NAME_MATCH_ISSUER: DWORD = 0x0000_0004;
pub const CERT_TRUST_IS_SELF_SIGNED: DWORD = 0x0000_0008;
pub const CERT_TRUST_AUTO_UPDATE_CA_REVOCATION: DWORD = 0x0000_0010;
pub const CERT_TRUST_AUTO_UPDATE_END_REVOCATION: DWORD = 0x0000_0020;
pub const CERT_TRUST_NO_OCSP_FAILOVER_TO_CRL: DWORD = 0x0000_0040;
pub const CERT_TRUST_IS_KEY_ROLLOVER: DWORD = 0x0000_0080;
pub const CERT_TRUST_HAS_PREFERRED_ISSUER: DWORD = 0x0000_0100;
pub const CERT_TRUST_HAS_ISSUANCE_CHAIN_POLICY: DWORD = 0x0000_0200;
pub const CERT_TRUST_HAS_VALID_NAME_CONSTRAINTS: DWORD = 0x0000_0400;
pub const CERT_TRUST_IS_PEER_TRUSTED: DWORD = 0x0000_0800;
pub const CERT_TRUST_HAS_CRL_VALIDITY_EXTENDED: DWORD = 0x0000_1000;
pub const CERT_TRUST_IS_FROM_EXCLUSIVE_TRUST_STORE: DWORD = 0x0000_2000;
pub const CERT_TRUST_IS_CA_TRUSTED: DWORD = 0x0000_4000;
pub const CERT_TRUST_IS_COMPLEX_CHAIN: DWORD = 0x0001_0000;

/// `CTL_USAGE` / `CERT_ENHKEY_USAGE`: a list of usage OIDs (EKU).
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-ctl_usage>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CTL_USAGE {
    pub cUsageIdentifier: DWORD,
    pub rgpszUsageIdentifier: *mut LPSTR,
}
pub type PCTL_USAGE = *mut CTL_USAGE;
pub type CERT_ENHKEY_USAGE = CTL_USAGE;
pub type PCERT_ENHKEY_USAGE = *mut CTL_USAGE;
pub type PCCERT_ENHKEY_USAGE = *const CTL_USAGE;

pub const USAGE_MATCH_TYPE_AND: DWORD = 0;
pub const USAGE_MATCH_TYPE_OR: DWORD = 1;

/// `CERT_USAGE_MATCH`: the usages a chain must be valid for.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_usage_match>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_USAGE_MATCH {
    /// `USAGE_MATCH_TYPE_AND` / `USAGE_MATCH_TYPE_OR`.
    pub dwType: DWORD,
    pub Usage: CERT_ENHKEY_USAGE,
}
pub type PCERT_USAGE_MATCH = *mut CERT_USAGE_MATCH;

/// `CERT_CHAIN_PARA`: `CertGetCertificateChain` parameters. This is the SDK's base layout
/// (without the `CERT_CHAIN_PARA_HAS_EXTRA_FIELDS` members); implementations read `cbSize`.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_chain_para>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_CHAIN_PARA {
    pub cbSize: DWORD,
    pub RequestedUsage: CERT_USAGE_MATCH,
}
pub type PCERT_CHAIN_PARA = *mut CERT_CHAIN_PARA;

/// `CERT_REVOCATION_INFO`: per-element revocation result. `pCrlInfo` is a
/// `PCERT_REVOCATION_CRL_INFO` in the SDK (CRLs are not modelled here).
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_revocation_info>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_REVOCATION_INFO {
    pub cbSize: DWORD,
    pub dwRevocationResult: DWORD,
    pub pszRevocationOid: LPCSTR,
    pub pvOidSpecificInfo: *mut c_void,
    pub fHasFreshnessTime: BOOL,
    pub dwFreshnessTime: DWORD,
    pub pCrlInfo: *mut c_void,
}
pub type PCERT_REVOCATION_INFO = *mut CERT_REVOCATION_INFO;

/// `CERT_TRUST_LIST_INFO`: CTL information of a simple chain (CTLs are not modelled here, so the
/// `PCTL_ENTRY` / `PCCTL_CONTEXT` members are untyped).
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_trust_list_info>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_TRUST_LIST_INFO {
    pub cbSize: DWORD,
    pub pCtlEntry: *mut c_void,
    pub pCtlContext: *const c_void,
}
pub type PCERT_TRUST_LIST_INFO = *mut CERT_TRUST_LIST_INFO;

/// `CERT_CHAIN_ELEMENT`: one certificate of a simple chain with its trust status.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_chain_element>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_CHAIN_ELEMENT {
    pub cbSize: DWORD,
    pub pCertContext: PCCERT_CONTEXT,
    pub TrustStatus: CERT_TRUST_STATUS,
    pub pRevocationInfo: PCERT_REVOCATION_INFO,
    pub pIssuanceUsage: PCERT_ENHKEY_USAGE,
    pub pApplicationUsage: PCERT_ENHKEY_USAGE,
    pub pwszExtendedErrorInfo: LPCWSTR,
}
pub type PCERT_CHAIN_ELEMENT = *mut CERT_CHAIN_ELEMENT;
pub type PCCERT_CHAIN_ELEMENT = *const CERT_CHAIN_ELEMENT;

/// `CERT_SIMPLE_CHAIN`: leaf-to-anchor chain of elements.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_simple_chain>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_SIMPLE_CHAIN {
    pub cbSize: DWORD,
    pub TrustStatus: CERT_TRUST_STATUS,
    pub cElement: DWORD,
    pub rgpElement: *mut PCERT_CHAIN_ELEMENT,
    pub pTrustListInfo: PCERT_TRUST_LIST_INFO,
    pub fHasRevocationFreshnessTime: BOOL,
    pub dwRevocationFreshnessTime: DWORD,
}
pub type PCERT_SIMPLE_CHAIN = *mut CERT_SIMPLE_CHAIN;
pub type PCCERT_SIMPLE_CHAIN = *const CERT_SIMPLE_CHAIN;

/// `CERT_CHAIN_CONTEXT`: the result of `CertGetCertificateChain`, freed with
/// `CertFreeCertificateChain`.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_chain_context>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_CHAIN_CONTEXT {
    pub cbSize: DWORD,
    pub TrustStatus: CERT_TRUST_STATUS,
    pub cChain: DWORD,
    pub rgpChain: *mut PCERT_SIMPLE_CHAIN,
    pub cLowerQualityChainContext: DWORD,
    /// `PCCERT_CHAIN_CONTEXT *` in the SDK.
    pub rgpLowerQualityChainContext: *mut *const CERT_CHAIN_CONTEXT,
    pub fHasRevocationFreshnessTime: BOOL,
    pub dwRevocationFreshnessTime: DWORD,
    pub dwCreateFlags: DWORD,
    pub ChainId: GUID,
}
pub type PCERT_CHAIN_CONTEXT = *mut CERT_CHAIN_CONTEXT;
pub type PCCERT_CHAIN_CONTEXT = *const CERT_CHAIN_CONTEXT;

/// `CERT_CHAIN_ENGINE_CONFIG`: `CertCreateCertificateChainEngine` parameters (full layout,
/// including the Windows 7 `hExclusiveRoot` / `hExclusiveTrustedPeople` and Windows 8
/// `dwExclusiveFlags` members).
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_chain_engine_config>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_CHAIN_ENGINE_CONFIG {
    pub cbSize: DWORD,
    pub hRestrictedRoot: HCERTSTORE,
    pub hRestrictedTrust: HCERTSTORE,
    pub hRestrictedOther: HCERTSTORE,
    pub cAdditionalStore: DWORD,
    pub rghAdditionalStore: *mut HCERTSTORE,
    pub dwFlags: DWORD,
    pub dwUrlRetrievalTimeout: DWORD,
    pub MaximumCachedCertificates: DWORD,
    pub CycleDetectionModulus: DWORD,
    pub hExclusiveRoot: HCERTSTORE,
    pub hExclusiveTrustedPeople: HCERTSTORE,
    pub dwExclusiveFlags: DWORD,
}
pub type PCERT_CHAIN_ENGINE_CONFIG = *mut CERT_CHAIN_ENGINE_CONFIG;

// Predefined chain engines (`HCCE_*`, `(HCERTCHAINENGINE)n` in wincrypt.h; pointer macros in the C
// header): compare `hChainEngine as usize`.
/// cbindgen:ignore
pub const HCCE_CURRENT_USER: ULONG_PTR = 0;
/// cbindgen:ignore
pub const HCCE_LOCAL_MACHINE: ULONG_PTR = 1;
/// cbindgen:ignore
pub const HCCE_SERIAL_LOCAL_MACHINE: ULONG_PTR = 2;

// CERT_CHAIN_ENGINE_CONFIG.dwExclusiveFlags.
pub const CERT_CHAIN_EXCLUSIVE_ENABLE_CA_FLAG: DWORD = 0x0000_0001;

// CertGetCertificateChain / CERT_CHAIN_ENGINE_CONFIG dwFlags.
pub const CERT_CHAIN_CACHE_END_CERT: DWORD = 0x0000_0001;
pub const CERT_CHAIN_THREAD_STORE_SYNC: DWORD = 0x0000_0002;
pub const CERT_CHAIN_CACHE_ONLY_URL_RETRIEVAL: DWORD = 0x0000_0004;
pub const CERT_CHAIN_USE_LOCAL_MACHINE_STORE: DWORD = 0x0000_0008;
pub const CERT_CHAIN_ENABLE_CACHE_AUTO_UPDATE: DWORD = 0x0000_0010;
pub const CERT_CHAIN_ENABLE_SHARE_STORE: DWORD = 0x0000_0020;
pub const CERT_CHAIN_DISABLE_PASS1_QUALITY_FILTERING: DWORD = 0x0000_0040;
pub const CERT_CHAIN_RETURN_LOWER_QUALITY_CONTEXTS: DWORD = 0x0000_0080;
pub const CERT_CHAIN_DISABLE_AUTH_ROOT_AUTO_UPDATE: DWORD = 0x0000_0100;
pub const CERT_CHAIN_TIMESTAMP_TIME: DWORD = 0x0000_0200;
pub const CERT_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT: DWORD = 0x0800_0000;
pub const CERT_CHAIN_REVOCATION_CHECK_END_CERT: DWORD = 0x1000_0000;
pub const CERT_CHAIN_REVOCATION_CHECK_CHAIN: DWORD = 0x2000_0000;
pub const CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT: DWORD = 0x4000_0000;
pub const CERT_CHAIN_REVOCATION_CHECK_CACHE_ONLY: DWORD = 0x8000_0000u32;

// ---- CertFindChainInStore -------------------------------------------------------------------

// dwFindType.
pub const CERT_CHAIN_FIND_BY_ISSUER: DWORD = 1;
// dwFindFlags for CERT_CHAIN_FIND_BY_ISSUER.
// <https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certfindchaininstore>
pub const CERT_CHAIN_FIND_BY_ISSUER_COMPARE_KEY_FLAG: DWORD = 0x0001;
pub const CERT_CHAIN_FIND_BY_ISSUER_COMPLEX_CHAIN_FLAG: DWORD = 0x0002;
pub const CERT_CHAIN_FIND_BY_ISSUER_CACHE_ONLY_URL_FLAG: DWORD = 0x0004;
pub const CERT_CHAIN_FIND_BY_ISSUER_LOCAL_MACHINE_FLAG: DWORD = 0x0008;
pub const CERT_CHAIN_FIND_BY_ISSUER_NO_KEY_FLAG: DWORD = 0x4000;
pub const CERT_CHAIN_FIND_BY_ISSUER_CACHE_ONLY_FLAG: DWORD = 0x8000;

/// `PFN_CERT_CHAIN_FIND_BY_ISSUER_CALLBACK`: the application's filter; a chain is built only for
/// certificates it returns TRUE for.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/nc-wincrypt-pfn_cert_chain_find_by_issuer_callback>
pub type PFN_CERT_CHAIN_FIND_BY_ISSUER_CALLBACK =
    Option<unsafe extern "C" fn(pCert: PCCERT_CONTEXT, pvFindArg: *mut c_void) -> BOOL>;

/// `CERT_CHAIN_FIND_BY_ISSUER_PARA` (also `CERT_CHAIN_FIND_ISSUER_PARA`): the search criteria of
/// `CertFindChainInStore(CERT_CHAIN_FIND_BY_ISSUER)`. The last two members exist only when the
/// application defines `CERT_CHAIN_FIND_BY_ISSUER_PARA_HAS_EXTRA_FIELDS`, so the C header
/// declares the struct by hand (cbindgen.toml `after_includes`) with that `#ifdef`; Rust sees
/// the full layout and the implementation reads the extra members only when `cbSize` covers them.
///
/// cbindgen:ignore
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_chain_find_by_issuer_para>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_CHAIN_FIND_BY_ISSUER_PARA {
    pub cbSize: DWORD,
    pub pszUsageIdentifier: LPCSTR,
    /// `AT_KEYEXCHANGE`, `AT_SIGNATURE`, or 0 for any.
    pub dwKeySpec: DWORD,
    pub dwAcquirePrivateKeyFlags: DWORD,
    pub cIssuer: DWORD,
    pub rgIssuer: *mut CERT_NAME_BLOB,
    pub pfnFindCallback: PFN_CERT_CHAIN_FIND_BY_ISSUER_CALLBACK,
    pub pvFindArg: *mut c_void,
    pub pdwIssuerChainIndex: *mut DWORD,
    pub pdwIssuerElementIndex: *mut DWORD,
}
/// cbindgen:ignore
pub type CERT_CHAIN_FIND_ISSUER_PARA = CERT_CHAIN_FIND_BY_ISSUER_PARA;
/// The size of `CERT_CHAIN_FIND_BY_ISSUER_PARA` without the
/// `CERT_CHAIN_FIND_BY_ISSUER_PARA_HAS_EXTRA_FIELDS` members (what `sizeof` gives most callers).
/// cbindgen:ignore
pub const CERT_CHAIN_FIND_BY_ISSUER_PARA_BASE_SIZE: usize =
    core::mem::offset_of!(CERT_CHAIN_FIND_BY_ISSUER_PARA, pdwIssuerChainIndex);

// ---- CertGetIssuerCertificateFromStore / CertVerifySubjectCertificateContext ----------------
// <https://learn.microsoft.com/windows/win32/api/wincrypt/nf-wincrypt-certgetissuercertificatefromstore>

pub const CERT_STORE_SIGNATURE_FLAG: DWORD = 0x0000_0001;
pub const CERT_STORE_TIME_VALIDITY_FLAG: DWORD = 0x0000_0002;
pub const CERT_STORE_REVOCATION_FLAG: DWORD = 0x0000_0004;
pub const CERT_STORE_BASE_CRL_FLAG: DWORD = 0x0000_0100;
pub const CERT_STORE_DELTA_CRL_FLAG: DWORD = 0x0000_0200;
pub const CERT_STORE_NO_CRL_FLAG: DWORD = 0x0001_0000;
pub const CERT_STORE_NO_ISSUER_FLAG: DWORD = 0x0002_0000;

// ---- chain policy --------------------------------------------------------------------------
// `CERT_CHAIN_POLICY_*` OIDs are `(LPCSTR)n` in wincrypt.h: pointer macros in the C header, plain
// integers here (compare `pszPolicyOID as usize`).

/// cbindgen:ignore
pub const CERT_CHAIN_POLICY_BASE: ULONG_PTR = 1;
/// cbindgen:ignore
pub const CERT_CHAIN_POLICY_AUTHENTICODE: ULONG_PTR = 2;
/// cbindgen:ignore
pub const CERT_CHAIN_POLICY_AUTHENTICODE_TS: ULONG_PTR = 3;
/// cbindgen:ignore
pub const CERT_CHAIN_POLICY_SSL: ULONG_PTR = 4;
/// cbindgen:ignore
pub const CERT_CHAIN_POLICY_BASIC_CONSTRAINTS: ULONG_PTR = 5;
/// cbindgen:ignore
pub const CERT_CHAIN_POLICY_NT_AUTH: ULONG_PTR = 6;
/// cbindgen:ignore
pub const CERT_CHAIN_POLICY_MICROSOFT_ROOT: ULONG_PTR = 7;
/// cbindgen:ignore
pub const CERT_CHAIN_POLICY_EV: ULONG_PTR = 8;
/// cbindgen:ignore
pub const CERT_CHAIN_POLICY_SSL_F12: ULONG_PTR = 9;

/// `CERT_CHAIN_POLICY_PARA`: `CertVerifyCertificateChainPolicy` input.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_chain_policy_para>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_CHAIN_POLICY_PARA {
    pub cbSize: DWORD,
    /// `CERT_CHAIN_POLICY_*_FLAG`.
    pub dwFlags: DWORD,
    /// For `CERT_CHAIN_POLICY_SSL`: a `SSL_EXTRA_CERT_CHAIN_POLICY_PARA *`.
    pub pvExtraPolicyPara: *mut c_void,
}
pub type PCERT_CHAIN_POLICY_PARA = *mut CERT_CHAIN_POLICY_PARA;

/// `CERT_CHAIN_POLICY_STATUS`: `CertVerifyCertificateChainPolicy` output; `dwError` is 0 or a
/// `CERT_E_*` / `TRUST_E_*` / `CRYPT_E_*` code.
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-cert_chain_policy_status>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct CERT_CHAIN_POLICY_STATUS {
    pub cbSize: DWORD,
    pub dwError: DWORD,
    pub lChainIndex: LONG,
    pub lElementIndex: LONG,
    pub pvExtraPolicyStatus: *mut c_void,
}
pub type PCERT_CHAIN_POLICY_STATUS = *mut CERT_CHAIN_POLICY_STATUS;

/// `SSL_EXTRA_CERT_CHAIN_POLICY_PARA` (also `HTTPSPolicyCallbackData`): extra input of the SSL
/// chain policy. The SDK's first member is an anonymous union of `cbStruct` and `cbSize`
/// (both DWORD); Rust sees the single field `cbSize`, and the C header declares the struct by
/// hand (cbindgen.toml `after_includes`) with the union, so C code may write either name.
///
/// cbindgen:ignore
///
/// <https://learn.microsoft.com/windows/win32/api/wincrypt/ns-wincrypt-httpspolicycallbackdata>
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SSL_EXTRA_CERT_CHAIN_POLICY_PARA {
    pub cbSize: DWORD,
    /// `AUTHTYPE_CLIENT` / `AUTHTYPE_SERVER`.
    pub dwAuthType: DWORD,
    /// `SECURITY_FLAG_IGNORE_*`.
    pub fdwChecks: DWORD,
    pub pwszServerName: *mut WCHAR,
}
/// cbindgen:ignore
pub type PSSL_EXTRA_CERT_CHAIN_POLICY_PARA = *mut SSL_EXTRA_CERT_CHAIN_POLICY_PARA;
/// cbindgen:ignore
pub type HTTPSPolicyCallbackData = SSL_EXTRA_CERT_CHAIN_POLICY_PARA;
/// cbindgen:ignore
pub type PHTTPSPolicyCallbackData = *mut SSL_EXTRA_CERT_CHAIN_POLICY_PARA;

pub const AUTHTYPE_CLIENT: DWORD = 1;
pub const AUTHTYPE_SERVER: DWORD = 2;

// CERT_CHAIN_POLICY_PARA.dwFlags.
pub const CERT_CHAIN_POLICY_IGNORE_NOT_TIME_VALID_FLAG: DWORD = 0x0000_0001;
pub const CERT_CHAIN_POLICY_IGNORE_CTL_NOT_TIME_VALID_FLAG: DWORD = 0x0000_0002;
pub const CERT_CHAIN_POLICY_IGNORE_NOT_TIME_NESTED_FLAG: DWORD = 0x0000_0004;
pub const CERT_CHAIN_POLICY_IGNORE_ALL_NOT_TIME_VALID_FLAGS: DWORD = 0x0000_0007;
pub const CERT_CHAIN_POLICY_IGNORE_INVALID_BASIC_CONSTRAINTS_FLAG: DWORD = 0x0000_0008;
pub const CERT_CHAIN_POLICY_ALLOW_UNKNOWN_CA_FLAG: DWORD = 0x0000_0010;
pub const CERT_CHAIN_POLICY_IGNORE_WRONG_USAGE_FLAG: DWORD = 0x0000_0020;
pub const CERT_CHAIN_POLICY_IGNORE_INVALID_NAME_FLAG: DWORD = 0x0000_0040;
pub const CERT_CHAIN_POLICY_IGNORE_INVALID_POLICY_FLAG: DWORD = 0x0000_0080;
pub const CERT_CHAIN_POLICY_IGNORE_END_REV_UNKNOWN_FLAG: DWORD = 0x0000_0100;
pub const CERT_CHAIN_POLICY_IGNORE_CTL_SIGNER_REV_UNKNOWN_FLAG: DWORD = 0x0000_0200;
pub const CERT_CHAIN_POLICY_IGNORE_CA_REV_UNKNOWN_FLAG: DWORD = 0x0000_0400;
pub const CERT_CHAIN_POLICY_IGNORE_ROOT_REV_UNKNOWN_FLAG: DWORD = 0x0000_0800;
pub const CERT_CHAIN_POLICY_IGNORE_ALL_REV_UNKNOWN_FLAGS: DWORD = 0x0000_0F00;
pub const CERT_CHAIN_POLICY_IGNORE_PEER_TRUST_FLAG: DWORD = 0x0000_1000;
pub const CERT_CHAIN_POLICY_IGNORE_NOT_SUPPORTED_CRITICAL_EXT_FLAG: DWORD = 0x0000_2000;
pub const CERT_CHAIN_POLICY_TRUST_TESTROOT_FLAG: DWORD = 0x0000_4000;
pub const CERT_CHAIN_POLICY_ALLOW_TESTROOT_FLAG: DWORD = 0x0000_8000;
pub const CERT_CHAIN_POLICY_IGNORE_WEAK_SIGNATURE_FLAG: DWORD = 0x0800_0000;

// SSL_EXTRA_CERT_CHAIN_POLICY_PARA.fdwChecks (wininet.h).
pub const SECURITY_FLAG_IGNORE_REVOCATION: DWORD = 0x0000_0080;
pub const SECURITY_FLAG_IGNORE_UNKNOWN_CA: DWORD = 0x0000_0100;
pub const SECURITY_FLAG_IGNORE_WRONG_USAGE: DWORD = 0x0000_0200;
pub const SECURITY_FLAG_IGNORE_CERT_CN_INVALID: DWORD = 0x0000_1000;
pub const SECURITY_FLAG_IGNORE_CERT_DATE_INVALID: DWORD = 0x0000_2000;

// ---- x64 layout checks ---------------------------------------------------------------------

#[cfg(target_pointer_width = "64")]
const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(size_of::<CRYPT_INTEGER_BLOB>() == 16);
    assert!(offset_of!(CRYPT_INTEGER_BLOB, pbData) == 8);
    assert!(size_of::<CRYPT_BIT_BLOB>() == 24);
    assert!(offset_of!(CRYPT_BIT_BLOB, cUnusedBits) == 16);
    assert!(size_of::<CRYPT_ALGORITHM_IDENTIFIER>() == 24);
    assert!(size_of::<CERT_PUBLIC_KEY_INFO>() == 48);
    assert!(size_of::<CERT_EXTENSION>() == 32);
    assert!(offset_of!(CERT_EXTENSION, fCritical) == 8);
    assert!(offset_of!(CERT_EXTENSION, Value) == 16);
    assert!(size_of::<CERT_INFO>() == 208);
    assert!(offset_of!(CERT_INFO, SerialNumber) == 8);
    assert!(offset_of!(CERT_INFO, SignatureAlgorithm) == 24);
    assert!(offset_of!(CERT_INFO, Issuer) == 48);
    assert!(offset_of!(CERT_INFO, NotBefore) == 64);
    assert!(offset_of!(CERT_INFO, NotAfter) == 72);
    assert!(offset_of!(CERT_INFO, Subject) == 80);
    assert!(offset_of!(CERT_INFO, SubjectPublicKeyInfo) == 96);
    assert!(offset_of!(CERT_INFO, IssuerUniqueId) == 144);
    assert!(offset_of!(CERT_INFO, SubjectUniqueId) == 168);
    assert!(offset_of!(CERT_INFO, cExtension) == 192);
    assert!(offset_of!(CERT_INFO, rgExtension) == 200);
    assert!(size_of::<CERT_CONTEXT>() == 40);
    assert!(offset_of!(CERT_CONTEXT, pbCertEncoded) == 8);
    assert!(offset_of!(CERT_CONTEXT, cbCertEncoded) == 16);
    assert!(offset_of!(CERT_CONTEXT, pCertInfo) == 24);
    assert!(offset_of!(CERT_CONTEXT, hCertStore) == 32);
    assert!(size_of::<CRYPT_KEY_PROV_INFO>() == 48);
    assert!(offset_of!(CRYPT_KEY_PROV_INFO, rgProvParam) == 32);
    assert!(offset_of!(CRYPT_KEY_PROV_INFO, dwKeySpec) == 40);
    assert!(size_of::<CERT_TRUST_STATUS>() == 8);
    assert!(size_of::<CTL_USAGE>() == 16);
    assert!(size_of::<CERT_USAGE_MATCH>() == 24);
    assert!(size_of::<CERT_CHAIN_PARA>() == 32);
    assert!(offset_of!(CERT_CHAIN_PARA, RequestedUsage) == 8);
    assert!(size_of::<CERT_CHAIN_ELEMENT>() == 56);
    assert!(offset_of!(CERT_CHAIN_ELEMENT, pCertContext) == 8);
    assert!(offset_of!(CERT_CHAIN_ELEMENT, TrustStatus) == 16);
    assert!(offset_of!(CERT_CHAIN_ELEMENT, pRevocationInfo) == 24);
    assert!(offset_of!(CERT_CHAIN_ELEMENT, pwszExtendedErrorInfo) == 48);
    assert!(size_of::<CERT_SIMPLE_CHAIN>() == 40);
    assert!(offset_of!(CERT_SIMPLE_CHAIN, cElement) == 12);
    assert!(offset_of!(CERT_SIMPLE_CHAIN, rgpElement) == 16);
    assert!(offset_of!(CERT_SIMPLE_CHAIN, pTrustListInfo) == 24);
    assert!(size_of::<CERT_CHAIN_CONTEXT>() == 72);
    assert!(offset_of!(CERT_CHAIN_CONTEXT, cChain) == 12);
    assert!(offset_of!(CERT_CHAIN_CONTEXT, rgpChain) == 16);
    assert!(offset_of!(CERT_CHAIN_CONTEXT, rgpLowerQualityChainContext) == 32);
    assert!(offset_of!(CERT_CHAIN_CONTEXT, dwCreateFlags) == 48);
    assert!(offset_of!(CERT_CHAIN_CONTEXT, ChainId) == 52);
    assert!(size_of::<CERT_CHAIN_ENGINE_CONFIG>() == 88);
    assert!(offset_of!(CERT_CHAIN_ENGINE_CONFIG, rghAdditionalStore) == 40);
    assert!(offset_of!(CERT_CHAIN_ENGINE_CONFIG, hExclusiveRoot) == 64);
    assert!(offset_of!(CERT_CHAIN_ENGINE_CONFIG, dwExclusiveFlags) == 80);
    assert!(size_of::<CERT_CHAIN_POLICY_PARA>() == 16);
    assert!(size_of::<CERT_CHAIN_POLICY_STATUS>() == 24);
    assert!(offset_of!(CERT_CHAIN_POLICY_STATUS, pvExtraPolicyStatus) == 16);
    assert!(size_of::<SSL_EXTRA_CERT_CHAIN_POLICY_PARA>() == 24);
    assert!(offset_of!(SSL_EXTRA_CERT_CHAIN_POLICY_PARA, pwszServerName) == 16);
    assert!(size_of::<CERT_REVOCATION_INFO>() == 40);
    assert!(size_of::<CRL_ENTRY>() == 40);
    assert!(offset_of!(CRL_ENTRY, RevocationDate) == 16);
    assert!(offset_of!(CRL_ENTRY, rgExtension) == 32);
    assert!(size_of::<CRL_INFO>() == 96);
    assert!(offset_of!(CRL_INFO, Issuer) == 32);
    assert!(offset_of!(CRL_INFO, ThisUpdate) == 48);
    assert!(offset_of!(CRL_INFO, NextUpdate) == 56);
    assert!(offset_of!(CRL_INFO, cCRLEntry) == 64);
    assert!(offset_of!(CRL_INFO, rgCRLEntry) == 72);
    assert!(offset_of!(CRL_INFO, rgExtension) == 88);
    assert!(size_of::<CRL_CONTEXT>() == 40);
    assert!(size_of::<CRYPT_DECODE_PARA>() == 24);
    assert!(offset_of!(CRYPT_DECODE_PARA, pfnAlloc) == 8);
    assert!(size_of::<CERT_OTHER_NAME>() == 24);
    assert!(size_of::<CERT_ALT_NAME_ENTRY>() == 24);
    assert!(offset_of!(CERT_ALT_NAME_ENTRY, u) == 8);
    assert!(size_of::<CERT_ALT_NAME_INFO>() == 16);
    assert!(offset_of!(CERT_ALT_NAME_INFO, rgAltEntry) == 8);
    assert!(size_of::<CERT_CHAIN_FIND_BY_ISSUER_PARA>() == 72);
    assert!(CERT_CHAIN_FIND_BY_ISSUER_PARA_BASE_SIZE == 56);
    assert!(offset_of!(CERT_CHAIN_FIND_BY_ISSUER_PARA, pszUsageIdentifier) == 8);
    assert!(offset_of!(CERT_CHAIN_FIND_BY_ISSUER_PARA, dwKeySpec) == 16);
    assert!(offset_of!(CERT_CHAIN_FIND_BY_ISSUER_PARA, cIssuer) == 24);
    assert!(offset_of!(CERT_CHAIN_FIND_BY_ISSUER_PARA, rgIssuer) == 32);
    assert!(offset_of!(CERT_CHAIN_FIND_BY_ISSUER_PARA, pfnFindCallback) == 40);
    assert!(offset_of!(CERT_CHAIN_FIND_BY_ISSUER_PARA, pvFindArg) == 48);
};
