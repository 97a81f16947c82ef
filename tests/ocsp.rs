//! Revocation from stapled OCSP responses (CONTRACT §11): the response the server stapled rides on
//! the server certificate context as `CERT_OCSP_RESPONSE_PROP_ID`, and CertGetCertificateChain
//! reads it for the end certificate when a `CERT_CHAIN_REVOCATION_CHECK_*` flag is given. The
//! responses are made by `openssl ocsp` (tests-c/ocsp_responses.sh) about the chain3 PKI of
//! tests-c/certs.sh; the contexts carry them the way the Schannel layer attaches them
//! (`cert::context_for_chain`).
#![allow(clippy::missing_safety_doc)]

mod common;

use std::path::PathBuf;
use std::ptr::{null, null_mut};
use std::sync::OnceLock;

use rustls::pki_types::CertificateDer;
use schannel_shim::abi::*;
use schannel_shim::cert::{api, context_for_chain};
use schannel_shim::exports::crypt32::*;
use schannel_shim::exports::sspi::*;

/// The responses, made afresh once per test process (they carry the time they were made).
fn responses() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let pki = common::pki();
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dir = root.join("target/test-ocsp");
        let _ = std::fs::remove_dir_all(&dir);
        let ok = std::process::Command::new("bash")
            .arg(root.join("tests-c/ocsp_responses.sh"))
            .arg(pki)
            .arg(&dir)
            .status()
            .expect("run ocsp_responses.sh")
            .success();
        assert!(ok, "ocsp_responses.sh failed");
        dir
    })
}

fn response(name: &str) -> Vec<u8> {
    std::fs::read(responses().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The DER certificates of a PEM file of the PKI.
fn ders(name: &str) -> Vec<CertificateDer<'static>> {
    let pem = String::from_utf8(common::read(name)).expect("PEM text");
    pem.split("-----BEGIN CERTIFICATE-----")
        .skip(1)
        .map(|b| {
            let b64: String = b
                .split("-----END CERTIFICATE-----")
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .collect();
            CertificateDer::from(base64(&b64))
        })
        .collect()
}

fn base64(s: &str) -> Vec<u8> {
    let mut size = 0u32;
    let w: Vec<u8> = s.bytes().chain(Some(0)).collect();
    // SAFETY: a NUL-terminated string; size query then a buffer of that size.
    unsafe {
        assert_eq!(
            CryptStringToBinaryA(
                w.as_ptr().cast(),
                0,
                CRYPT_STRING_BASE64,
                null_mut(),
                &mut size,
                null_mut(),
                null_mut()
            ),
            TRUE
        );
        let mut out = vec![0u8; size as usize];
        assert_eq!(
            CryptStringToBinaryA(
                w.as_ptr().cast(),
                0,
                CRYPT_STRING_BASE64,
                out.as_mut_ptr(),
                &mut size,
                null_mut(),
                null_mut()
            ),
            TRUE
        );
        out.truncate(size as usize);
        out
    }
}

/// The server certificate context of chain file `chain` (leaf + intermediate) as a client gets
/// it from SECPKG_ATTR_REMOTE_CERT_CONTEXT after the server stapled `stapled`.
fn server_context(chain: &str, stapled: &[u8]) -> PCCERT_CONTEXT {
    let c = context_for_chain(&ders(chain), stapled);
    assert!(!c.is_null());
    c
}

fn memory_store() -> HCERTSTORE {
    api::open_store(&api::StoreProvider::Id(CERT_STORE_PROV_MEMORY), 0, 0, None)
        .expect("memory store")
}

/// curl's engine: the CA file (here chain3-root) as exclusive roots.
fn engine() -> HCERTCHAINENGINE {
    let roots = memory_store();
    for c in ders("chain3-root.pem") {
        api::add_encoded(
            roots,
            X509_ASN_ENCODING,
            c.as_ref(),
            CERT_STORE_ADD_ALWAYS,
            false,
        )
        .expect("add root");
    }
    // SAFETY: all-zero is a valid configuration.
    let mut cfg: CERT_CHAIN_ENGINE_CONFIG = unsafe { std::mem::zeroed() };
    cfg.cbSize = std::mem::size_of::<CERT_CHAIN_ENGINE_CONFIG>() as u32;
    cfg.hExclusiveRoot = roots;
    cfg.dwExclusiveFlags = CERT_CHAIN_EXCLUSIVE_ENABLE_CA_FLAG;
    let mut engine: HCERTCHAINENGINE = null_mut();
    // SAFETY: valid configuration and out pointer.
    assert_eq!(
        unsafe { CertCreateCertificateChainEngine(&mut cfg, &mut engine) },
        TRUE
    );
    api::close_store(roots, 0).expect("close");
    engine
}

const DAY: u64 = 24 * 3600 * 10_000_000;

fn now() -> u64 {
    schannel_shim::cert::context::now_ticks()
}

/// The per-element error statuses of the chain of `ctx` (leaf first), built with `flags` at
/// `time` (FILETIME ticks; None: now), with `crls` in the additional store, and the SSL policy's
/// dwError for it.
fn check(ctx: PCCERT_CONTEXT, flags: u32, time: Option<u64>, crls: &[&str]) -> (Vec<u32>, u32) {
    let engine = engine();
    // SAFETY: a live context of ours.
    let additional = unsafe { (*ctx).hCertStore };
    for c in crls {
        common::add_crl(additional, &common::read(c));
    }
    let mut server_auth = *b"1.3.6.1.5.5.7.3.1\0";
    let mut ids = [server_auth.as_mut_ptr().cast::<i8>()];
    // SAFETY: all-zero is a valid CERT_CHAIN_PARA.
    let mut cp: CERT_CHAIN_PARA = unsafe { std::mem::zeroed() };
    cp.cbSize = std::mem::size_of::<CERT_CHAIN_PARA>() as u32;
    cp.RequestedUsage.dwType = USAGE_MATCH_TYPE_AND;
    cp.RequestedUsage.Usage.cUsageIdentifier = 1;
    cp.RequestedUsage.Usage.rgpszUsageIdentifier = ids.as_mut_ptr();
    let mut ft = time.map(|t| FILETIME {
        dwLowDateTime: t as u32,
        dwHighDateTime: (t >> 32) as u32,
    });
    let mut chain: PCCERT_CHAIN_CONTEXT = null();
    // SAFETY: arguments as the API describes them.
    let ok = unsafe {
        CertGetCertificateChain(
            engine,
            ctx,
            ft.as_mut().map_or(null_mut(), |t| t as *mut FILETIME),
            additional,
            &mut cp,
            flags,
            null_mut(),
            &mut chain,
        )
    };
    assert_eq!(ok, TRUE);
    // SAFETY: a live chain context: every pointer in it is valid while it lives.
    let per = unsafe {
        let simple = &**(*chain).rgpChain;
        (0..simple.cElement as usize)
            .map(|i| (**simple.rgpElement.add(i)).TrustStatus.dwErrorStatus)
            .collect()
    };
    let mut name: Vec<u16> = "localhost\0".encode_utf16().collect();
    let mut ssl = SSL_EXTRA_CERT_CHAIN_POLICY_PARA {
        cbSize: std::mem::size_of::<SSL_EXTRA_CERT_CHAIN_POLICY_PARA>() as u32,
        dwAuthType: AUTHTYPE_SERVER,
        fdwChecks: 0,
        pwszServerName: name.as_mut_ptr(),
    };
    let mut pp = CERT_CHAIN_POLICY_PARA {
        cbSize: std::mem::size_of::<CERT_CHAIN_POLICY_PARA>() as u32,
        dwFlags: 0,
        pvExtraPolicyPara: (&mut ssl as *mut SSL_EXTRA_CERT_CHAIN_POLICY_PARA).cast(),
    };
    // SAFETY: all-zero is a valid status to fill.
    let mut ps: CERT_CHAIN_POLICY_STATUS = unsafe { std::mem::zeroed() };
    ps.cbSize = std::mem::size_of::<CERT_CHAIN_POLICY_STATUS>() as u32;
    // SAFETY: a live chain and valid structures.
    let ok = unsafe {
        CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL as _, chain, &mut pp, &mut ps)
    };
    assert_eq!(ok, TRUE);
    // SAFETY: the chain and the engine are ours to free.
    unsafe {
        CertFreeCertificateChain(chain);
        CertFreeCertificateChainEngine(engine);
    }
    (per, ps.dwError)
}

const END: u32 = CERT_CHAIN_REVOCATION_CHECK_END_CERT;
const EXCLUDE_ROOT: u32 = CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT;
const UNKNOWN: u32 = CERT_TRUST_REVOCATION_STATUS_UNKNOWN;
const OFFLINE: u32 = CERT_TRUST_IS_OFFLINE_REVOCATION;
const REVOKED: u32 = CERT_TRUST_IS_REVOKED;

/// The end certificate's revocation bits for `chain` stapled with `stapled`, checked with
/// CHECK_END_CERT at `time`.
fn leaf_status(chain: &str, stapled: &[u8], time: Option<u64>) -> u32 {
    let ctx = server_context(chain, stapled);
    let (per, _) = check(ctx, END, time, &[]);
    api::free_context(ctx).expect("free");
    per[0] & (UNKNOWN | OFFLINE | REVOKED)
}

fn property(ctx: PCCERT_CONTEXT, id: u32) -> Result<Vec<u8>, u32> {
    let mut size = 0u32;
    // SAFETY: size query with a valid out pointer.
    if unsafe { CertGetCertificateContextProperty(ctx, id, null_mut(), &mut size) } != TRUE {
        return Err(last_error());
    }
    let mut buf = vec![0u8; size as usize];
    // SAFETY: a buffer of `size` bytes.
    let ok =
        unsafe { CertGetCertificateContextProperty(ctx, id, buf.as_mut_ptr().cast(), &mut size) };
    assert_eq!(ok, TRUE);
    buf.truncate(size as usize);
    Ok(buf)
}

fn last_error() -> u32 {
    schannel_shim::cert::last_error()
}

// CONTRACT §11; stapled OCSP (issue 12)
#[test]
fn stapled_response_is_the_ocsp_response_property() {
    let good = response("good.der");
    let ctx = server_context("chain3-leaf-chain.pem", &good);
    assert_eq!(property(ctx, CERT_OCSP_RESPONSE_PROP_ID), Ok(good));
    api::free_context(ctx).expect("free");
    // Nothing stapled: no property, as on Windows.
    let ctx = server_context("chain3-leaf-chain.pem", &[]);
    assert_eq!(
        property(ctx, CERT_OCSP_RESPONSE_PROP_ID),
        Err(CRYPT_E_NOT_FOUND as u32)
    );
    api::free_context(ctx).expect("free");
}

// CONTRACT §11; stapled OCSP (issue 12)
#[test]
fn good_response_from_the_issuer_gives_a_known_status() {
    let ctx = server_context("chain3-leaf-chain.pem", &response("good.der"));
    let (per, policy) = check(ctx, END, None, &[]);
    api::free_context(ctx).expect("free");
    assert_eq!(per, vec![0, 0, 0]);
    assert_eq!(policy, 0);
    assert_eq!(
        leaf_status("chain3-leaf-chain.pem", &response("good-sha256.der"), None),
        0
    );
    assert_eq!(
        leaf_status("chain3-leaf-chain.pem", &response("good-keyid.der"), None),
        0
    );
    // Without a stapled response the CRL path alone answers: unknown.
    assert_eq!(leaf_status("chain3-leaf-chain.pem", &[], None), UNKNOWN);
}

// CONTRACT §11; stapled OCSP (issue 12)
#[test]
fn revoked_response_gives_revoked_and_crypt_e_revoked() {
    let ctx = server_context("chain3-ip-chain.pem", &response("revoked.der"));
    let (per, policy) = check(ctx, END, None, &[]);
    api::free_context(ctx).expect("free");
    assert_eq!(per[0] & (REVOKED | UNKNOWN), REVOKED);
    assert_eq!(policy, CRYPT_E_REVOKED as u32);
    // Not asked for revocation: the response is not read.
    let ctx = server_context("chain3-ip-chain.pem", &response("revoked.der"));
    let (per, _) = check(ctx, 0, None, &[]);
    api::free_context(ctx).expect("free");
    assert_eq!(per[0] & (REVOKED | UNKNOWN), 0);
}

// CONTRACT §11; stapled OCSP (issue 12)
#[test]
fn unusable_responses_give_unknown() {
    let leaf = "chain3-leaf-chain.pem";
    // The responder does not know the serial.
    assert_eq!(
        leaf_status("chain3-wild-chain.pem", &response("unknown.der"), None),
        UNKNOWN
    );
    // Signed by a CA that did not issue the certificate.
    assert_eq!(
        leaf_status(leaf, &response("wrong-signer.der"), None),
        UNKNOWN
    );
    // A response about another certificate (chain3-ip's good answer is chain3-leaf's).
    assert_eq!(
        leaf_status("chain3-ip-chain.pem", &response("good.der"), None),
        UNKNOWN
    );
    // A delegated responder without the OCSPSigning usage.
    assert_eq!(
        leaf_status(leaf, &response("delegated-noeku.der"), None),
        UNKNOWN
    );
    // Not a successful response.
    assert_eq!(leaf_status(leaf, &response("trylater.der"), None), UNKNOWN);
    // Dated after the check time (a day before it was made).
    assert_eq!(
        leaf_status(leaf, &response("good.der"), Some(now() - DAY)),
        UNKNOWN
    );
    // A good response changed after signing: one byte of its nonce (extension OID, then
    // OCTET STRING { OCTET STRING (16 random bytes) }), which leaves it well-formed.
    let mut forged = response("good.der");
    let nonce_oid = [
        0x06, 0x09, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x02,
    ];
    let at = forged
        .windows(nonce_oid.len())
        .position(|w| w == nonce_oid)
        .expect("openssl puts a nonce in its responses")
        + nonce_oid.len();
    assert_eq!(forged[at..at + 4], [0x04, 0x12, 0x04, 0x10]);
    forged[at + 10] ^= 1;
    assert_eq!(leaf_status(leaf, &forged, None), UNKNOWN);
}

// CONTRACT §11; stapled OCSP (issue 12)
#[test]
fn malformed_stapled_bytes_give_unknown() {
    let good = response("good.der");
    let leaf = "chain3-leaf-chain.pem";
    let mut cases: Vec<Vec<u8>> = vec![
        vec![0],
        vec![0x30],
        vec![0x30, 0x80],
        vec![0x30, 0x03, 0x0a, 0x01, 0x00],
        b"not an OCSP response".to_vec(),
        vec![0xff; 300],
    ];
    for cut in [1, good.len() / 3, good.len() / 2, good.len() - 1] {
        cases.push(good[..cut].to_vec());
    }
    let mut trailing = good.clone();
    trailing.push(0);
    cases.push(trailing);
    for (i, bytes) in cases.iter().enumerate() {
        assert_eq!(leaf_status(leaf, bytes, None), UNKNOWN, "case {i}");
    }
}

// CONTRACT §11; stapled OCSP (issue 12)
#[test]
fn stale_response_gives_unknown_offline() {
    let leaf = "chain3-leaf-chain.pem";
    // nextUpdate one minute after thisUpdate, checked a day later; the 30-day one still holds.
    assert_eq!(
        leaf_status(leaf, &response("stale.der"), Some(now() + DAY)),
        UNKNOWN | OFFLINE
    );
    assert_eq!(
        leaf_status(leaf, &response("good.der"), Some(now() + DAY)),
        0
    );
}

// CONTRACT §11; stapled OCSP (issue 12)
#[test]
fn delegated_responder_is_accepted() {
    let leaf = "chain3-leaf-chain.pem";
    assert_eq!(leaf_status(leaf, &response("delegated.der"), None), 0);
    assert_eq!(
        leaf_status(
            "chain3-ip-chain.pem",
            &response("delegated-revoked.der"),
            None
        ),
        REVOKED
    );
    // The responder certificate is only good while it is valid.
    assert_eq!(
        leaf_status(leaf, &response("delegated.der"), Some(now() + 3700 * DAY)),
        UNKNOWN
    );
}

// CONTRACT §11; stapled OCSP (issue 12)
#[test]
fn crls_and_stapled_responses_combine() {
    // A current CRL knows the leaf: a stale response does not make it unknown.
    let ctx = server_context("chain3-leaf-chain.pem", &response("stale.der"));
    let (per, _) = check(ctx, END, Some(now() + DAY), &["chain3-int.crl"]);
    api::free_context(ctx).expect("free");
    assert_eq!(per[0] & (UNKNOWN | OFFLINE | REVOKED), 0);
    // Revoked by the CRL, whatever the (unusable) response says.
    let ctx = server_context("chain3-ip-chain.pem", &response("good.der"));
    let (per, policy) = check(ctx, END, None, &["chain3-int.crl"]);
    api::free_context(ctx).expect("free");
    assert_eq!(per[0] & (UNKNOWN | OFFLINE | REVOKED), REVOKED);
    assert_eq!(policy, CRYPT_E_REVOKED as u32);
}

// CONTRACT §11; stapled OCSP (issue 12)
#[test]
fn intermediates_need_a_crl_under_check_chain_exclude_root() {
    // The intermediate has no stapled response: without its issuer's CRL its status is
    // unknown, as on an offline Windows machine; with the root's CRL the whole chain is known.
    let ctx = server_context("chain3-leaf-chain.pem", &response("good.der"));
    let (per, policy) = check(ctx, EXCLUDE_ROOT, None, &[]);
    api::free_context(ctx).expect("free");
    assert_eq!(per, vec![0, UNKNOWN, 0]);
    assert_eq!(policy, CRYPT_E_NO_REVOCATION_CHECK as u32);
    let ctx = server_context("chain3-leaf-chain.pem", &response("good.der"));
    let (per, policy) = check(ctx, EXCLUDE_ROOT, None, &["chain3-root.crl"]);
    api::free_context(ctx).expect("free");
    assert_eq!(per, vec![0, 0, 0]);
    assert_eq!(policy, 0);
}

/// A server credential for chain3-leaf whose certificate context carries `stapled` as
/// CERT_OCSP_RESPONSE_PROP_ID (set with CertSetCertificateContextProperty before
/// AcquireCredentialsHandle), and a client credential validating manually, as curl does.
fn stapling_creds(versions: (u32, u32), stapled: &[u8]) -> (CredHandle, CredHandle) {
    common::pki();
    let leaf = common::cert("chain3-leaf");
    let blob = CRYPT_DATA_BLOB {
        cbData: stapled.len() as u32,
        pbData: stapled.as_ptr().cast_mut(),
    };
    // SAFETY: a live context and a blob describing `stapled`.
    let ok = unsafe {
        CertSetCertificateContextProperty(
            leaf,
            CERT_OCSP_RESPONSE_PROP_ID,
            0,
            (&blob as *const CRYPT_DATA_BLOB).cast(),
        )
    };
    assert_eq!(ok, TRUE);
    assert_eq!(
        property(leaf, CERT_OCSP_RESPONSE_PROP_ID).as_deref(),
        Ok(stapled)
    );
    let mut certs = [leaf];
    let server = common::AuthData::new(versions.1, 0, &mut certs)
        .acquire(SECPKG_CRED_INBOUND)
        .expect("server credential");
    api::free_context(leaf).expect("free");
    let client = common::AuthData::new(versions.0, SCH_CRED_MANUAL_CRED_VALIDATION, &mut [])
        .acquire(SECPKG_CRED_OUTBOUND)
        .expect("client credential");
    (client, server)
}

/// One connection: (the client's REMOTE_CERT_CONTEXT property, its leaf revocation bits under
/// CHECK_END_CERT, whether the session was resumed). The credentials are left alive.
fn connect(client: CredHandle, server: CredHandle) -> (Result<Vec<u8>, u32>, u32, bool) {
    use common::{Peer, Role};
    let mut c = Peer::new(Role::Client, client);
    let mut s = Peer::new(Role::Server, server);
    common::handshake(&mut c, &mut s);
    // TLS 1.3 tickets, for the next connection to resume.
    common::drain(&mut c, &mut s);
    let info: SecPkgContext_SessionInfo = c.query(SECPKG_ATTR_SESSION_INFO).expect("session");
    let remote: PCCERT_CONTEXT = c
        .query(SECPKG_ATTR_REMOTE_CERT_CONTEXT)
        .expect("remote cert");
    let prop = property(remote, CERT_OCSP_RESPONSE_PROP_ID);
    let (per, _) = check(remote, END, None, &[]);
    api::free_context(remote).expect("free");
    // The credentials outlive the peers; the contexts go with them.
    let none = CredHandle {
        dwLower: 0,
        dwUpper: 0,
    };
    c.cred = none;
    s.cred = none;
    (
        prop,
        per[0] & (UNKNOWN | OFFLINE | REVOKED),
        info.dwFlags & SSL_SESSION_RECONNECT != 0,
    )
}

fn free_creds(mut client: CredHandle, mut server: CredHandle) {
    // SAFETY: live credential handles of ours.
    unsafe {
        FreeCredentialsHandle(&mut client);
        FreeCredentialsHandle(&mut server);
    }
}

// CONTRACT §11; stapled OCSP (issue 12)
#[test]
fn a_server_staples_the_response_its_certificate_context_carries() {
    let good = response("good.der");
    for versions in [common::TLS12, common::TLS13] {
        let (client, server) = stapling_creds(versions, &good);
        let (prop, status, resumed) = connect(client, server);
        assert!(!resumed);
        assert_eq!(prop.as_deref(), Ok(&good[..]), "{versions:?}");
        assert_eq!(status, 0, "{versions:?}");
        // A resumed session has no Certificate message and no staple: the context carries the
        // response of the full handshake its session came from.
        let (prop, status, resumed) = connect(client, server);
        assert!(resumed, "{versions:?}");
        assert_eq!(prop.as_deref(), Ok(&good[..]), "{versions:?}");
        assert_eq!(status, 0, "{versions:?}");
        free_creds(client, server);
        // A server that stapled nothing in the full handshake: nothing on resumption either.
        let (client, server) = stapling_creds(versions, &[]);
        assert_eq!(connect(client, server).0, Err(CRYPT_E_NOT_FOUND as u32));
        let (prop, status, resumed) = connect(client, server);
        assert!(resumed, "{versions:?}");
        assert_eq!(prop, Err(CRYPT_E_NOT_FOUND as u32), "{versions:?}");
        assert_eq!(status, UNKNOWN, "{versions:?}");
        free_creds(client, server);
    }
    // A revoked response reaches the client as it is.
    let (client, server) = stapling_creds(common::TLS13, &response("revoked.der"));
    let (prop, _, _) = connect(client, server);
    assert_eq!(prop, Ok(response("revoked.der")));
    free_creds(client, server);
}

// CONTRACT §11; stapled OCSP (issue 12)
#[test]
fn set_property_supports_only_the_ocsp_response() {
    common::pki();
    let leaf = common::cert("chain3-leaf");
    let bytes = [1u8, 2, 3];
    let blob = CRYPT_DATA_BLOB {
        cbData: 3,
        pbData: bytes.as_ptr().cast_mut(),
    };
    let p = (&blob as *const CRYPT_DATA_BLOB).cast();
    // SAFETY: live or bogus contexts (looked up), valid blobs or NULL.
    unsafe {
        assert_eq!(
            CertSetCertificateContextProperty(leaf, CERT_FRIENDLY_NAME_PROP_ID, 0, p),
            FALSE
        );
        assert_eq!(last_error(), E_NOTIMPL as u32);
        assert_eq!(
            CertSetCertificateContextProperty(null(), CERT_OCSP_RESPONSE_PROP_ID, 0, p),
            FALSE
        );
        assert_eq!(last_error(), ERROR_INVALID_PARAMETER);
        let bad = CRYPT_DATA_BLOB {
            cbData: 3,
            pbData: null_mut(),
        };
        let bad_p = (&bad as *const CRYPT_DATA_BLOB).cast();
        assert_eq!(
            CertSetCertificateContextProperty(leaf, CERT_OCSP_RESPONSE_PROP_ID, 0, bad_p),
            FALSE
        );
        assert_eq!(last_error(), ERROR_INVALID_PARAMETER);
        assert_eq!(
            CertSetCertificateContextProperty(leaf, CERT_OCSP_RESPONSE_PROP_ID, 0, p),
            TRUE
        );
        assert_eq!(
            property(leaf, CERT_OCSP_RESPONSE_PROP_ID),
            Ok(bytes.to_vec())
        );
        // NULL removes it.
        assert_eq!(
            CertSetCertificateContextProperty(leaf, CERT_OCSP_RESPONSE_PROP_ID, 0, null()),
            TRUE
        );
        assert_eq!(
            property(leaf, CERT_OCSP_RESPONSE_PROP_ID),
            Err(CRYPT_E_NOT_FOUND as u32)
        );
    }
    api::free_context(leaf).expect("free");
}
