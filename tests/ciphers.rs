//! Restricting bulk ciphers the Windows ways: `TLS_PARAMETERS.pDisabledCrypto` (SCH_CREDENTIALS),
//! `palgSupportedAlgs` and the cipher strengths (SCHANNEL_CRED). Observed through CIPHER_INFO.

mod common;

use std::ffi::c_void;

use common::*;
use schannel_shim::abi::*;
use schannel_shim::exports::crypt32::CertFreeCertificateContext;

/// A server credential from SCH_CREDENTIALS with one disabled-crypto entry.
fn server_disabling(
    alg: &'static str,
    min: u32,
    max: u32,
    protocols_disabled: u32,
) -> Result<CredHandle, SECURITY_STATUS> {
    sch_server(protocols_disabled, Some((alg, min, max)))
}

fn negotiated_suite(server: CredHandle, client: CredHandle) -> u32 {
    let mut s = Peer::new(Role::Server, server);
    let mut c = Peer::new(Role::Client, client);
    handshake(&mut c, &mut s);
    let info: SecPkgContext_CipherInfo = c.query(SECPKG_ATTR_CIPHER_INFO).unwrap();
    info.dwCipherSuite
}

// CONTRACT §3
#[test]
fn disabled_aes_leaves_chacha20() {
    let server = server_disabling("AES", 0, 0, 0).unwrap();
    assert_eq!(
        negotiated_suite(server, client_cred(TLS13.0, 0)),
        0x1303,
        "TLS_CHACHA20_POLY1305_SHA256"
    );
}

// CONTRACT §3
#[test]
fn bit_lengths_bound_what_stays_enabled() {
    // AES disabled outside 256..256: AES-256 stays, AES-128 goes.
    let server = server_disabling("AES", 256, 256, 0).unwrap();
    assert_eq!(
        negotiated_suite(server, client_cred(TLS13.0, 0)),
        0x1302,
        "TLS_AES_256_GCM_SHA384"
    );
}

// CONTRACT §3, §9
#[test]
fn no_cipher_left_is_an_algorithm_mismatch() {
    // Disabling ChaCha20 alone leaves AES; a strength no suite has leaves nothing.
    let err = server_disabling("CHACHA20_POLY1305", 0, 0, !SP_PROT_TLS1_3_SERVER).map(|_| ());
    assert!(err.is_ok(), "AES remains");
    pki();
    let mut certs = [cert("ecdsa")];
    let mut c = schannel_cred(TLS12.1, 0, &mut certs);
    c.dwMinimumCipherStrength = 512;
    assert_eq!(
        acquire(SECPKG_CRED_INBOUND, &mut c as *mut _ as *mut c_void).err(),
        Some(SEC_E_ALGORITHM_MISMATCH)
    );
    unsafe { CertFreeCertificateContext(certs[0]) };
}

// CONTRACT §3
#[test]
fn supported_algs_and_strengths_restrict_schannel_cred() {
    let mut algs = [CALG_AES_128];
    let mut c = schannel_cred(TLS12.0, 0, &mut []);
    c.cSupportedAlgs = 1;
    c.palgSupportedAlgs = algs.as_mut_ptr();
    let client = acquire(SECPKG_CRED_OUTBOUND, &mut c as *mut _ as *mut c_void).unwrap();
    let server = server_cred("ecdsa", TLS12.1, 0);
    assert_eq!(
        negotiated_suite(server, client),
        0xC02B,
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
    );
    let mut c = schannel_cred(TLS12.0, 0, &mut []);
    c.dwMinimumCipherStrength = 256;
    c.dwMaximumCipherStrength = 256;
    let client = acquire(SECPKG_CRED_OUTBOUND, &mut c as *mut _ as *mut c_void).unwrap();
    let server = server_cred("ecdsa", TLS12.1, 0);
    let suite = negotiated_suite(server, client);
    assert!(
        suite == 0xC02C || suite == 0xCCA9,
        "a 256-bit suite: {suite:#x}"
    );
}

fn strengths(cred: &CredHandle) -> (u32, u32) {
    let mut cs = SecPkgCred_CipherStrengths {
        dwMinimumCipherStrength: 0,
        dwMaximumCipherStrength: 0,
    };
    let mut h = *cred;
    let status = unsafe {
        schannel_shim::exports::sspi::QueryCredentialsAttributesA(
            &mut h,
            SECPKG_ATTR_CIPHER_STRENGTHS,
            &mut cs as *mut _ as *mut c_void,
        )
    };
    assert_eq!(status, SEC_E_OK);
    (cs.dwMinimumCipherStrength, cs.dwMaximumCipherStrength)
}

// CONTRACT §3, §10
#[test]
fn cipher_strengths_report_what_the_credential_allows() {
    let c = client_cred(TLS13.0, 0);
    assert_eq!(strengths(&c), (128, 256), "unrestricted: AES-128 .. 256");
    let mut algs = [CALG_AES_128];
    let mut c = schannel_cred(TLS12.0, 0, &mut []);
    c.cSupportedAlgs = 1;
    c.palgSupportedAlgs = algs.as_mut_ptr();
    let client = acquire(SECPKG_CRED_OUTBOUND, &mut c as *mut _ as *mut c_void).unwrap();
    assert_eq!(strengths(&client), (128, 128), "only CALG_AES_128");
    let server = server_disabling("AES", 256, 256, 0).unwrap();
    assert_eq!(strengths(&server), (256, 256), "AES-256 and ChaCha20 left");
}
