//! The ABI layer matches the Windows SDK: x64 sizes/offsets of the structures C callers build
//! or read (reference/wine-conformance.md §4.8), and constants whose SDK definitions are
//! expressions (recomputed here from their parts, the way the SDK headers compute them).
#![allow(non_snake_case)]

use core::mem::{align_of, offset_of, size_of};

use schannel_shim::abi::*;

// CONTRACT §1
#[test]
fn base_widths_are_windows_widths() {
    assert_eq!(size_of::<ULONG>(), 4);
    assert_eq!(size_of::<DWORD>(), 4);
    assert_eq!(size_of::<LONG>(), 4);
    assert_eq!(size_of::<SECURITY_STATUS>(), 4);
    assert_eq!(size_of::<WCHAR>(), 2);
    assert_eq!(size_of::<SEC_WCHAR>(), 2);
    assert_eq!(size_of::<ULONG_PTR>(), size_of::<*mut u8>());
    assert_eq!(size_of::<ALG_ID>(), 4);
    assert_eq!(size_of::<BOOL>(), 4);
    assert_eq!(size_of::<BOOLEAN>(), 1);
}

#[cfg(target_pointer_width = "64")]
// CONTRACT §1
#[test]
fn sspi_layouts_x64() {
    assert_eq!(size_of::<SecHandle>(), 16);
    assert_eq!(size_of::<CredHandle>(), 16);
    assert_eq!(size_of::<CtxtHandle>(), 16);
    assert_eq!(size_of::<TimeStamp>(), 8);
    assert_eq!(size_of::<SecBuffer>(), 16);
    assert_eq!(offset_of!(SecBuffer, pvBuffer), 8);
    assert_eq!(size_of::<SecBufferDesc>(), 16);
    assert_eq!(offset_of!(SecBufferDesc, pBuffers), 8);
    assert_eq!(size_of::<SecPkgInfoA>(), 32);
    assert_eq!(size_of::<SecPkgInfoW>(), 32);
    assert_eq!(size_of::<SecPkgContext_StreamSizes>(), 20);
    assert_eq!(size_of::<SecPkgContext_KeyInfoA>(), 32);
    assert_eq!(size_of::<SecPkgContext_ApplicationProtocol>(), 264);
    assert_eq!(size_of::<SEC_APPLICATION_PROTOCOL_LIST>(), 8);
    assert_eq!(offset_of!(SEC_APPLICATION_PROTOCOL_LIST, ProtocolList), 6);
    assert_eq!(size_of::<SEC_CHANNEL_BINDINGS>(), 32);
    assert_eq!(size_of::<SecPkgContext_Bindings>(), 16);
    assert_eq!(size_of::<SecurityFunctionTableA>(), 8 + 31 * 8);
    assert_eq!(size_of::<SecurityFunctionTableW>(), 8 + 31 * 8);
    assert_eq!(offset_of!(SecurityFunctionTableA, Reserved3), 8 + 17 * 8);
    assert_eq!(offset_of!(SecurityFunctionTableA, Reserved4), 8 + 18 * 8);
    assert_eq!(
        offset_of!(SecurityFunctionTableA, EncryptMessage),
        8 + 24 * 8
    );
    assert_eq!(
        offset_of!(SecurityFunctionTableW, QueryCredentialsAttributesExW),
        8 + 30 * 8
    );
}

#[cfg(target_pointer_width = "64")]
// CONTRACT §1
#[test]
fn schannel_layouts_x64() {
    assert_eq!(size_of::<SCHANNEL_CRED>(), 80);
    assert_eq!(offset_of!(SCHANNEL_CRED, grbitEnabledProtocols), 56);
    assert_eq!(offset_of!(SCHANNEL_CRED, dwFlags), 72);
    assert_eq!(size_of::<SCH_CREDENTIALS>(), 72);
    assert_eq!(offset_of!(SCH_CREDENTIALS, pTlsParameters), 64);
    assert_eq!(size_of::<TLS_PARAMETERS>(), 40);
    assert_eq!(size_of::<CRYPTO_SETTINGS>(), 48);
    assert_eq!(size_of::<UNICODE_STRING>(), 16);
    assert_eq!(size_of::<SecPkgContext_ConnectionInfo>(), 28);
    assert_eq!(size_of::<SecPkgContext_CipherInfo>(), 680);
    assert_eq!(offset_of!(SecPkgContext_CipherInfo, dwKeyType), 676);
    assert_eq!(size_of::<SecPkgContext_SessionInfo>(), 40);
    assert_eq!(size_of::<SecPkgCred_SupportedAlgs>(), 16);
    assert_eq!(size_of::<SCHANNEL_ALERT_TOKEN>(), 12);
    assert_eq!(size_of::<SCHANNEL_SESSION_TOKEN>(), 8);
}

#[cfg(target_pointer_width = "64")]
// CONTRACT §1
#[test]
fn wincrypt_layouts_x64() {
    assert_eq!(size_of::<CERT_CONTEXT>(), 40);
    assert_eq!(offset_of!(CERT_CONTEXT, hCertStore), 32);
    assert_eq!(size_of::<CERT_INFO>(), 208);
    assert_eq!(offset_of!(CERT_INFO, NotBefore), 64);
    assert_eq!(offset_of!(CERT_INFO, rgExtension), 200);
    assert_eq!(size_of::<CERT_CHAIN_CONTEXT>(), 72);
    assert_eq!(size_of::<CERT_SIMPLE_CHAIN>(), 40);
    assert_eq!(size_of::<CERT_CHAIN_ELEMENT>(), 56);
    assert_eq!(size_of::<CERT_CHAIN_PARA>(), 32);
    assert_eq!(size_of::<CERT_CHAIN_POLICY_PARA>(), 16);
    assert_eq!(size_of::<CERT_CHAIN_POLICY_STATUS>(), 24);
    assert_eq!(size_of::<SSL_EXTRA_CERT_CHAIN_POLICY_PARA>(), 24);
    assert_eq!(size_of::<CERT_CHAIN_ENGINE_CONFIG>(), 88);
    assert_eq!(align_of::<CERT_CONTEXT>(), 8);
}

// CONTRACT §1, §9
#[test]
fn status_codes() {
    assert_eq!(SEC_E_OK, 0);
    assert_eq!(SEC_E_INVALID_HANDLE as u32, 0x8009_0301);
    assert_eq!(SEC_E_INCOMPLETE_MESSAGE as u32, 0x8009_0318);
    assert_eq!(SEC_I_CONTINUE_NEEDED, 0x0009_0312);
    assert_eq!(SEC_I_RENEGOTIATE, 0x0009_0321);
    assert_eq!(SEC_I_CONTEXT_EXPIRED, 0x0009_0317);
    assert_eq!(SEC_E_CONTEXT_EXPIRED as u32, 0x8009_0317);
    const { assert!(SEC_E_INSUFFICIENT_MEMORY < 0 && SEC_I_INCOMPLETE_CREDENTIALS > 0) };
    assert_eq!(SEC_E_NO_SPM, SEC_E_INTERNAL_ERROR);
    assert_eq!(SEC_E_NOT_SUPPORTED, SEC_E_UNSUPPORTED_FUNCTION);
    assert_eq!(CERT_E_CN_NO_MATCH as u32, 0x800B_010F);
    assert_eq!(CRYPT_E_NOT_FOUND as u32, 0x8009_2004);
    assert_eq!(E_INVALIDARG as u32, 0x8007_0057);
    assert_eq!(NTE_BAD_KEYSET as u32, 0x8009_0016);
    assert_eq!((ERROR_INVALID_PARAMETER, ERROR_MORE_DATA), (87, 234));
}

// CONTRACT §1
#[test]
fn flags_that_differ_between_isc_and_asc() {
    assert_eq!(ISC_REQ_STREAM, 0x8000);
    assert_eq!(ASC_REQ_STREAM, 0x1_0000);
    assert_eq!(ISC_REQ_EXTENDED_ERROR, 0x4000);
    assert_eq!(ASC_REQ_EXTENDED_ERROR, 0x8000);
    assert_eq!(ISC_REQ_ALLOCATE_MEMORY, ASC_REQ_ALLOCATE_MEMORY);
    assert_eq!(
        ISC_RET_REPLAY_DETECT | ISC_RET_SEQUENCE_DETECT | ISC_RET_CONFIDENTIALITY | ISC_RET_STREAM,
        0x801C
    );
    assert_eq!(
        ASC_RET_REPLAY_DETECT | ASC_RET_SEQUENCE_DETECT | ASC_RET_CONFIDENTIALITY | ASC_RET_STREAM,
        0x1_001C
    );
}

// CONTRACT §1
#[test]
fn derived_protocol_sets() {
    assert_eq!(
        SP_PROT_TLS1_X_CLIENT,
        SP_PROT_TLS1_0_CLIENT
            | SP_PROT_TLS1_1_CLIENT
            | SP_PROT_TLS1_2_CLIENT
            | SP_PROT_TLS1_3_CLIENT
    );
    assert_eq!(
        SP_PROT_TLS1_X_SERVER,
        SP_PROT_TLS1_0_SERVER
            | SP_PROT_TLS1_1_SERVER
            | SP_PROT_TLS1_2_SERVER
            | SP_PROT_TLS1_3_SERVER
    );
    assert_eq!(
        SP_PROT_TLS1_X,
        SP_PROT_TLS1_X_CLIENT | SP_PROT_TLS1_X_SERVER
    );
    assert_eq!(
        SP_PROT_TLS1_1PLUS_CLIENT,
        SP_PROT_TLS1_1_CLIENT | SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT
    );
    assert_eq!(
        SP_PROT_TLS1_2,
        SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_2_SERVER
    );
    assert_eq!(
        SP_PROT_TLS1_3,
        SP_PROT_TLS1_3_CLIENT | SP_PROT_TLS1_3_SERVER
    );
    assert_eq!(
        SP_PROT_DTLS1_X_CLIENT,
        SP_PROT_DTLS1_0_CLIENT | SP_PROT_DTLS1_2_CLIENT
    );
    assert_eq!(
        SP_PROT_DTLS1_X,
        SP_PROT_DTLS1_X_CLIENT | SP_PROT_DTLS1_X_SERVER
    );
    assert_eq!(
        SP_PROT_CLIENTS,
        SP_PROT_PCT1_CLIENT
            | SP_PROT_SSL2_CLIENT
            | SP_PROT_SSL3_CLIENT
            | SP_PROT_UNI_CLIENT
            | SP_PROT_TLS1_CLIENT
    );
    assert_eq!(
        SP_PROT_SERVERS,
        SP_PROT_PCT1_SERVER
            | SP_PROT_SSL2_SERVER
            | SP_PROT_SSL3_SERVER
            | SP_PROT_UNI_SERVER
            | SP_PROT_TLS1_SERVER
    );
    assert_eq!(
        SP_PROT_X_CLIENTS,
        SP_PROT_CLIENTS | SP_PROT_TLS1_X_CLIENT | SP_PROT_DTLS1_X_CLIENT
    );
    assert_eq!(
        SP_PROT_X_SERVERS,
        SP_PROT_SERVERS | SP_PROT_TLS1_X_SERVER | SP_PROT_DTLS1_X_SERVER
    );
    assert_eq!(
        SP_PROT_SSL3TLS1_X_CLIENTS,
        SP_PROT_TLS1_X_CLIENT | SP_PROT_SSL3_CLIENT
    );
}

// CONTRACT §1
#[test]
fn cert_find_types_as_wincrypt_computes_them() {
    let shift = CERT_COMPARE_SHIFT;
    assert_eq!(CERT_FIND_ANY, CERT_COMPARE_ANY << shift);
    assert_eq!(CERT_FIND_SHA1_HASH, CERT_COMPARE_SHA1_HASH << shift);
    assert_eq!(CERT_FIND_HASH, CERT_FIND_SHA1_HASH);
    assert_eq!(
        CERT_FIND_SUBJECT_STR_A,
        (CERT_COMPARE_NAME_STR_A << shift) | CERT_INFO_SUBJECT_FLAG
    );
    assert_eq!(
        CERT_FIND_SUBJECT_STR_W,
        (CERT_COMPARE_NAME_STR_W << shift) | CERT_INFO_SUBJECT_FLAG
    );
    assert_eq!(
        CERT_FIND_ISSUER_STR_A,
        (CERT_COMPARE_NAME_STR_A << shift) | CERT_INFO_ISSUER_FLAG
    );
    assert_eq!(
        CERT_FIND_ISSUER_STR_W,
        (CERT_COMPARE_NAME_STR_W << shift) | CERT_INFO_ISSUER_FLAG
    );
    assert_eq!(
        CERT_FIND_SUBJECT_NAME,
        (CERT_COMPARE_NAME << shift) | CERT_INFO_SUBJECT_FLAG
    );
    assert_eq!(
        CERT_FIND_ISSUER_NAME,
        (CERT_COMPARE_NAME << shift) | CERT_INFO_ISSUER_FLAG
    );
    assert_eq!(CERT_FIND_EXISTING, CERT_COMPARE_EXISTING << shift);
    assert_eq!(
        CERT_FIND_HAS_PRIVATE_KEY,
        CERT_COMPARE_HAS_PRIVATE_KEY << shift
    );
    assert_eq!(
        CERT_SYSTEM_STORE_CURRENT_USER,
        CERT_SYSTEM_STORE_CURRENT_USER_ID << CERT_SYSTEM_STORE_LOCATION_SHIFT
    );
    assert_eq!(
        CERT_SYSTEM_STORE_LOCAL_MACHINE,
        CERT_SYSTEM_STORE_LOCAL_MACHINE_ID << CERT_SYSTEM_STORE_LOCATION_SHIFT
    );
}

// CONTRACT §1
#[test]
fn algorithm_ids_as_wincrypt_computes_them() {
    const ALG_CLASS_SIGNATURE: ALG_ID = 1 << 13;
    const ALG_CLASS_DATA_ENCRYPT: ALG_ID = 3 << 13;
    const ALG_CLASS_HASH: ALG_ID = 4 << 13;
    const ALG_CLASS_KEY_EXCHANGE: ALG_ID = 5 << 13;
    const ALG_TYPE_DSS: ALG_ID = 1 << 9;
    const ALG_TYPE_RSA: ALG_ID = 2 << 9;
    const ALG_TYPE_BLOCK: ALG_ID = 3 << 9;
    const ALG_TYPE_STREAM: ALG_ID = 4 << 9;
    const ALG_TYPE_DH: ALG_ID = 5 << 9;
    const ALG_TYPE_ECDH: ALG_ID = 7 << 9;
    assert_eq!(CALG_SHA1, ALG_CLASS_HASH | 4);
    assert_eq!(CALG_SHA_256, ALG_CLASS_HASH | 12);
    assert_eq!(CALG_SHA_384, ALG_CLASS_HASH | 13);
    assert_eq!(CALG_AES_128, ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | 14);
    assert_eq!(CALG_AES_256, ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_BLOCK | 16);
    assert_eq!(CALG_RC4, ALG_CLASS_DATA_ENCRYPT | ALG_TYPE_STREAM | 1);
    assert_eq!(CALG_RSA_SIGN, ALG_CLASS_SIGNATURE | ALG_TYPE_RSA);
    assert_eq!(CALG_ECDSA, ALG_CLASS_SIGNATURE | ALG_TYPE_DSS | 3);
    assert_eq!(CALG_RSA_KEYX, ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_RSA);
    assert_eq!(CALG_DH_EPHEM, ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_DH | 2);
    assert_eq!(CALG_ECDH, ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_DH | 5);
    assert_eq!(CALG_ECDH_EPHEM, ALG_CLASS_KEY_EXCHANGE | ALG_TYPE_ECDH | 6);
}

// CONTRACT §1
#[test]
fn package_names() {
    assert_eq!(UNISP_NAME, "Microsoft Unified Security Protocol Provider");
    assert_eq!(SCHANNEL_NAME, "Schannel");
    assert_eq!(UNISP_RPC_ID, 14);
}
