//! Chains, policies, system and collection stores, and the string and name helpers of the crypt32
//! subset, through the exported functions (set-up that is not under test goes through the safe
//! `cert::api`), against the `chain3` PKI of tests-c/certs.sh (root →
//! intermediate → leaves with the properties each test needs). Each test fails without the
//! behaviour it names.
//!
//! Process-wide settings made once, before any test runs: `SSL_CERT_FILE` points at a bundle
//! holding only the chain3 root (the "ROOT" store and the default chain engine), and
//! `SCHSHIM_MY_STORE` at a directory with `chain3.p12` (password "test") and a PEM identity for the
//! wildcard leaf (the "MY" store).

use std::ffi::{c_void, CString};
use std::path::PathBuf;
use std::ptr::{null, null_mut};
use std::sync::OnceLock;

use schannel_shim::abi::*;
use schannel_shim::cert::api;
use schannel_shim::cert::store_certificates;
use schannel_shim::exports::crypt32::*;
use schannel_shim::exports::sspi::*;

// ---------------------------------------------------------------------------------------------
// Material

struct Pki {
    dir: PathBuf,
}

/// FNV-1a, to give each version of certs.sh its own PKI directory.
fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn pki() -> &'static Pki {
    static P: OnceLock<Pki> = OnceLock::new();
    P.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let script = root.join("tests-c/certs.sh");
        let hash = fnv(&std::fs::read(&script).expect("certs.sh"));
        let dir = root.join(format!("target/test-pki-chain-{hash:016x}"));
        let ok = std::process::Command::new("bash")
            .arg(&script)
            .arg(&dir)
            .status()
            .expect("run certs.sh")
            .success();
        assert!(ok, "certs.sh failed");
        let bundle = dir.join("roots-chain3.pem");
        std::fs::copy(dir.join("chain3-root.pem"), &bundle).expect("bundle");
        let my = dir.join("my-store");
        let _ = std::fs::remove_dir_all(&my);
        std::fs::create_dir_all(&my).expect("my dir");
        std::fs::copy(dir.join("chain3.p12"), my.join("server.p12")).expect("p12");
        let mut ident = std::fs::read(dir.join("chain3-wild-chain.pem")).expect("wild");
        ident.extend(std::fs::read(dir.join("chain3-wild.key")).expect("wild key"));
        std::fs::write(my.join("wild.pem"), ident).expect("pem identity");
        std::fs::write(my.join("notes.txt"), b"not a certificate").expect("txt");
        std::env::set_var("SSL_CERT_FILE", &bundle);
        std::env::remove_var("SSL_CERT_DIR");
        std::env::set_var("SCHSHIM_MY_STORE", &my);
        std::env::set_var("SCHSHIM_MY_STORE_PASSWORD", "test");
        Pki { dir }
    })
}

impl Pki {
    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

fn last_error() -> u32 {
    // SAFETY: no arguments.
    unsafe { GetLastError() }
}

fn reset_error() {
    // SAFETY: no pointers involved.
    unsafe { SetLastError(0) };
}

fn hr(code: i32) -> u32 {
    code as u32
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(Some(0)).collect()
}

/// The leaf of a PEM chain file, in a store of its own holding the whole file.
fn pem_context(name: &str) -> PCCERT_CONTEXT {
    api::cert_from_pem(&pki().read(name), None).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

/// A context for one certificate only (its store holds nothing else).
fn lone_context(name: &str) -> PCCERT_CONTEXT {
    let pem = pki().read(name);
    let c = query_pem(&pem);
    assert!(!c.is_null(), "{name}");
    c
}

/// CryptQueryObject on a PEM blob, as curl does for each CA of a CA file.
fn query_pem(pem: &[u8]) -> PCCERT_CONTEXT {
    let blob = CERT_BLOB {
        cbData: pem.len() as u32,
        pbData: pem.as_ptr().cast_mut(),
    };
    let mut content = 0u32;
    let mut ctx: *const c_void = null();
    // SAFETY: the blob describes `pem`; out pointers are valid or NULL.
    let ok = unsafe {
        CryptQueryObject(
            CERT_QUERY_OBJECT_BLOB,
            (&blob as *const CERT_BLOB).cast(),
            CERT_QUERY_CONTENT_FLAG_CERT,
            CERT_QUERY_FORMAT_FLAG_ALL,
            0,
            null_mut(),
            &mut content,
            null_mut(),
            null_mut(),
            null_mut(),
            &mut ctx,
        )
    };
    if ok == TRUE {
        assert_eq!(content, CERT_QUERY_CONTENT_CERT);
    }
    ctx.cast()
}

fn memory_store() -> HCERTSTORE {
    let memory = api::StoreProvider::Id(CERT_STORE_PROV_MEMORY);
    api::open_store(&memory, 0, 0, None).expect("memory store")
}

fn close(s: HCERTSTORE) {
    api::close_store(s, 0).expect("close store");
}

fn free(c: PCCERT_CONTEXT) -> BOOL {
    // SAFETY: the function validates the pointer.
    unsafe { CertFreeCertificateContext(c) }
}

/// A memory store filled the way curl fills its CA store (CryptQueryObject per PEM certificate,
/// CertAddCertificateContextToStore).
fn ca_store(files: &[&str]) -> HCERTSTORE {
    let s = memory_store();
    for f in files {
        let c = lone_context(f);
        api::add_context(s, c, CERT_STORE_ADD_ALWAYS, false).expect("add to the CA store");
        api::free_context(c).expect("free");
    }
    s
}

fn engine_with(exclusive: HCERTSTORE, flags: u32) -> HCERTCHAINENGINE {
    // SAFETY: all-zero is a valid configuration.
    let mut cfg: CERT_CHAIN_ENGINE_CONFIG = unsafe { std::mem::zeroed() };
    cfg.cbSize = std::mem::size_of::<CERT_CHAIN_ENGINE_CONFIG>() as u32;
    cfg.hExclusiveRoot = exclusive;
    cfg.dwExclusiveFlags = flags;
    let mut engine: HCERTCHAINENGINE = null_mut();
    // SAFETY: valid configuration and out pointer.
    let ok = unsafe { CertCreateCertificateChainEngine(&mut cfg, &mut engine) };
    assert_eq!(ok, TRUE, "engine: {:#x}", last_error());
    assert!(!engine.is_null());
    engine
}

/// curl's engine: the CA file's certificates as exclusive roots, CA certificates allowed.
fn curl_engine(files: &[&str]) -> HCERTCHAINENGINE {
    let store = ca_store(files);
    let e = engine_with(store, CERT_CHAIN_EXCLUSIVE_ENABLE_CA_FLAG);
    // The engine keeps its own handle.
    close(store);
    e
}

fn free_engine(e: HCERTCHAINENGINE) {
    api::free_chain_engine(e).expect("free engine");
}

struct Para {
    usage: Option<&'static str>,
    flags: u32,
    time: Option<FILETIME>,
}

const SERVER: Para = Para {
    usage: Some(SERVER_AUTH_OID),
    flags: 0,
    time: None,
};

/// NUL-terminated forms of the OIDs for `rgpszUsageIdentifier`.
const SERVER_AUTH_OID: &str = "1.3.6.1.5.5.7.3.1\0";
const CLIENT_AUTH_OID: &str = "1.3.6.1.5.5.7.3.2\0";

fn get_chain(
    engine: HCERTCHAINENGINE,
    ctx: PCCERT_CONTEXT,
    additional: HCERTSTORE,
    para: &Para,
) -> PCCERT_CHAIN_CONTEXT {
    let mut ids: [LPSTR; 1] = [para
        .usage
        .map_or(null_mut(), |u| u.as_ptr().cast_mut().cast())];
    // SAFETY: all-zero is a valid CERT_CHAIN_PARA.
    let mut cp: CERT_CHAIN_PARA = unsafe { std::mem::zeroed() };
    cp.cbSize = std::mem::size_of::<CERT_CHAIN_PARA>() as u32;
    cp.RequestedUsage.dwType = USAGE_MATCH_TYPE_AND;
    if para.usage.is_some() {
        cp.RequestedUsage.Usage.cUsageIdentifier = 1;
        cp.RequestedUsage.Usage.rgpszUsageIdentifier = ids.as_mut_ptr();
    }
    let mut time = para.time;
    let mut chain: PCCERT_CHAIN_CONTEXT = null();
    // SAFETY: arguments as the API describes them.
    let ok = unsafe {
        CertGetCertificateChain(
            engine,
            ctx,
            time.as_mut().map_or(null_mut(), |t| t as *mut FILETIME),
            additional,
            &mut cp,
            para.flags,
            null_mut(),
            &mut chain,
        )
    };
    assert_eq!(ok, TRUE, "CertGetCertificateChain: {:#x}", last_error());
    assert!(!chain.is_null());
    chain
}

fn free_chain(c: PCCERT_CHAIN_CONTEXT) {
    // SAFETY: the function validates the pointer.
    unsafe { CertFreeCertificateChain(c) };
}

/// (aggregate error, aggregate info, per element (error, info, context)).
fn statuses(chain: PCCERT_CHAIN_CONTEXT) -> (u32, u32, Vec<(u32, u32, PCCERT_CONTEXT)>) {
    // SAFETY: a live chain context of ours; every pointer in it is valid while it lives.
    unsafe {
        let c = &*chain;
        assert_eq!(c.cChain, 1);
        let simple = &**c.rgpChain;
        assert_eq!(
            simple.TrustStatus.dwErrorStatus,
            c.TrustStatus.dwErrorStatus
        );
        let els = (0..simple.cElement as usize)
            .map(|i| {
                let e = &**simple.rgpElement.add(i);
                assert_eq!(e.cbSize as usize, std::mem::size_of::<CERT_CHAIN_ELEMENT>());
                (
                    e.TrustStatus.dwErrorStatus,
                    e.TrustStatus.dwInfoStatus,
                    e.pCertContext,
                )
            })
            .collect();
        (c.TrustStatus.dwErrorStatus, c.TrustStatus.dwInfoStatus, els)
    }
}

fn policy(
    oid: usize,
    chain: PCCERT_CHAIN_CONTEXT,
    name: Option<&str>,
    auth: u32,
    checks: u32,
    flags: u32,
) -> (u32, i32, i32) {
    let mut server = name.map(wide);
    let mut ssl = SSL_EXTRA_CERT_CHAIN_POLICY_PARA {
        cbSize: std::mem::size_of::<SSL_EXTRA_CERT_CHAIN_POLICY_PARA>() as u32,
        dwAuthType: auth,
        fdwChecks: checks,
        pwszServerName: server.as_mut().map_or(null_mut(), |s| s.as_mut_ptr()),
    };
    let mut para = CERT_CHAIN_POLICY_PARA {
        cbSize: std::mem::size_of::<CERT_CHAIN_POLICY_PARA>() as u32,
        dwFlags: flags,
        pvExtraPolicyPara: (&mut ssl as *mut SSL_EXTRA_CERT_CHAIN_POLICY_PARA).cast(),
    };
    let mut st = CERT_CHAIN_POLICY_STATUS {
        cbSize: std::mem::size_of::<CERT_CHAIN_POLICY_STATUS>() as u32,
        dwError: 0xdead,
        lChainIndex: 77,
        lElementIndex: 77,
        pvExtraPolicyStatus: null_mut(),
    };
    // SAFETY: valid structures for the call.
    let ok = unsafe { CertVerifyCertificateChainPolicy(oid as LPCSTR, chain, &mut para, &mut st) };
    assert_eq!(ok, TRUE);
    (st.dwError, st.lChainIndex, st.lElementIndex)
}

fn ssl(chain: PCCERT_CHAIN_CONTEXT, name: &str) -> (u32, i32, i32) {
    policy(
        CERT_CHAIN_POLICY_SSL,
        chain,
        Some(name),
        AUTHTYPE_SERVER,
        0,
        0,
    )
}

const OK: (u32, i32, i32) = (0, -1, -1);

fn context_ref(c: PCCERT_CONTEXT) -> &'static CERT_CONTEXT {
    // SAFETY: a live context of ours (the caller holds a reference).
    unsafe { &*c }
}

// ---------------------------------------------------------------------------------------------
// Chains and policies

// CONTRACT §11
#[test]
fn valid_chain_with_intermediate_from_the_peer_store() {
    let engine = curl_engine(&["chain3-root.pem"]);
    let leaf = pem_context("chain3-leaf-chain.pem");
    let chain = get_chain(engine, leaf, context_ref(leaf).hCertStore, &SERVER);
    let (err, info, els) = statuses(chain);
    assert_eq!(err, CERT_TRUST_NO_ERROR);
    assert_eq!(els.len(), 3, "leaf, intermediate, root");
    assert_eq!(els[0].2, leaf, "the leaf element is the caller's context");
    // The leaf and the intermediate carry an authority key identifier matching their issuer's.
    assert_eq!(
        els[0].1,
        CERT_TRUST_HAS_KEY_MATCH_ISSUER | CERT_TRUST_HAS_PREFERRED_ISSUER
    );
    assert_eq!(
        els[1].1,
        CERT_TRUST_HAS_KEY_MATCH_ISSUER | CERT_TRUST_HAS_PREFERRED_ISSUER
    );
    // The root has no authority key identifier: matched by name, as Windows reports 0x10c.
    assert_eq!(
        els[2].1,
        CERT_TRUST_HAS_NAME_MATCH_ISSUER
            | CERT_TRUST_IS_SELF_SIGNED
            | CERT_TRUST_HAS_PREFERRED_ISSUER
            | CERT_TRUST_IS_FROM_EXCLUSIVE_TRUST_STORE
    );
    assert_eq!(info & 0xf, 0, "the low nibble is per element only");
    assert_ne!(info & CERT_TRUST_HAS_PREFERRED_ISSUER, 0);
    let names: Vec<u8> = els
        .iter()
        .map(|e| {
            let mut buf = [0u8; 64];
            // SAFETY: a live context and a buffer of the given size.
            let n = unsafe {
                CertGetNameStringA(
                    e.2,
                    CERT_NAME_SIMPLE_DISPLAY_TYPE,
                    0,
                    null_mut(),
                    buf.as_mut_ptr().cast(),
                    64,
                )
            };
            buf[n as usize - 2]
        })
        .collect();
    assert_eq!(names, b"tAA", "localhost, ...Intermediate CA, ...Root CA");
    assert_eq!(ssl(chain, "localhost"), OK);
    assert_eq!(ssl(chain, "LocalHost."), OK);
    assert_eq!(ssl(chain, "127.0.0.1"), OK);
    assert_eq!(ssl(chain, "other.example"), (hr(CERT_E_CN_NO_MATCH), 0, 0));
    assert_eq!(
        policy(
            CERT_CHAIN_POLICY_SSL,
            chain,
            Some("other.example"),
            AUTHTYPE_SERVER,
            SECURITY_FLAG_IGNORE_CERT_CN_INVALID,
            0
        ),
        OK
    );
    // A client certificate is not checked against a name; the base policy never is.
    assert_eq!(
        policy(
            CERT_CHAIN_POLICY_SSL,
            chain,
            Some("other"),
            AUTHTYPE_CLIENT,
            0,
            0
        ),
        OK
    );
    assert_eq!(
        policy(
            CERT_CHAIN_POLICY_BASE,
            chain,
            Some("other"),
            AUTHTYPE_SERVER,
            0,
            0
        ),
        OK
    );
    free_chain(chain);
    assert_eq!(free(leaf), TRUE);
    free_engine(engine);
}

// CONTRACT §11
#[test]
fn missing_intermediate_is_a_partial_chain() {
    let engine = curl_engine(&["chain3-root.pem"]);
    let leaf = lone_context("chain3-leaf.pem");
    let chain = get_chain(engine, leaf, null_mut(), &SERVER);
    let (err, _, els) = statuses(chain);
    assert_eq!(err, CERT_TRUST_IS_PARTIAL_CHAIN);
    assert_eq!(els.len(), 1);
    assert_eq!(els[0].0, 0, "the chain, not the element, is partial");
    assert_eq!(ssl(chain, "localhost"), (hr(CERT_E_CHAINING), 0, -1));
    assert_eq!(
        policy(
            CERT_CHAIN_POLICY_SSL,
            chain,
            Some("localhost"),
            AUTHTYPE_SERVER,
            0,
            CERT_CHAIN_POLICY_ALLOW_UNKNOWN_CA_FLAG
        ),
        OK
    );
    free_chain(chain);
    // The intermediate alone, as a CA certificate of the exclusive store, completes it.
    let engine2 = curl_engine(&["chain3-int.pem"]);
    let chain = get_chain(engine2, leaf, null_mut(), &SERVER);
    let (err, info, els) = statuses(chain);
    assert_eq!((err, els.len()), (0, 2));
    assert_ne!(els[1].1 & CERT_TRUST_IS_CA_TRUSTED, 0);
    assert_ne!(info & CERT_TRUST_IS_FROM_EXCLUSIVE_TRUST_STORE, 0);
    free_chain(chain);
    free_engine(engine2);
    // Without CERT_CHAIN_EXCLUSIVE_ENABLE_CA_FLAG only self-signed certificates are anchors.
    let store = ca_store(&["chain3-int.pem"]);
    let engine3 = engine_with(store, 0);
    close(store);
    let chain = get_chain(engine3, leaf, null_mut(), &SERVER);
    assert_eq!(statuses(chain).0, CERT_TRUST_IS_PARTIAL_CHAIN);
    free_chain(chain);
    free_engine(engine3);
    assert_eq!(free(leaf), TRUE);
    free_engine(engine);
}

// CONTRACT §11
#[test]
fn curl_windows7_engine_config_without_exclusive_flags() {
    // curl passes its own `cert_chain_engine_config_win7` (80 bytes: no dwExclusiveFlags).
    let store = ca_store(&["chain3-root.pem"]);
    // SAFETY: all-zero is a valid configuration.
    let mut cfg: CERT_CHAIN_ENGINE_CONFIG = unsafe { std::mem::zeroed() };
    cfg.cbSize = 80;
    cfg.hExclusiveRoot = store;
    // Beyond cbSize: must not be read.
    cfg.dwExclusiveFlags = CERT_CHAIN_EXCLUSIVE_ENABLE_CA_FLAG;
    let mut engine: HCERTCHAINENGINE = null_mut();
    // SAFETY: valid configuration and out pointer.
    assert_eq!(
        unsafe { CertCreateCertificateChainEngine(&mut cfg, &mut engine) },
        TRUE
    );
    close(store);
    let leaf = pem_context("chain3-leaf-chain.pem");
    let chain = get_chain(engine, leaf, context_ref(leaf).hCertStore, &SERVER);
    let (err, info, els) = statuses(chain);
    assert_eq!((err, els.len()), (0, 3));
    assert_ne!(info & CERT_TRUST_IS_FROM_EXCLUSIVE_TRUST_STORE, 0);
    free_chain(chain);
    free_engine(engine);
    // The same engine with only the intermediate: no ENABLE_CA flag was read, so no anchor.
    let store = ca_store(&["chain3-int.pem"]);
    cfg.hExclusiveRoot = store;
    // SAFETY: as above.
    assert_eq!(
        unsafe { CertCreateCertificateChainEngine(&mut cfg, &mut engine) },
        TRUE
    );
    close(store);
    let chain = get_chain(engine, leaf, context_ref(leaf).hCertStore, &SERVER);
    assert_eq!(statuses(chain).0, CERT_TRUST_IS_PARTIAL_CHAIN);
    free_chain(chain);
    free_engine(engine);
    assert_eq!(free(leaf), TRUE);
}

// CONTRACT §11
#[test]
fn unknown_root_is_untrusted() {
    let engine = curl_engine(&["ca.pem"]);
    // The peer sent its whole chain, root included: the root is found but not trusted.
    let pfx = pki().read("chain3.p12");
    let mut blob = CRYPT_DATA_BLOB {
        cbData: pfx.len() as u32,
        pbData: pfx.as_ptr().cast_mut(),
    };
    let pw = wide("test");
    // SAFETY: the blob describes `pfx`; the password is NUL-terminated UTF-16.
    let store = unsafe { PFXImportCertStore(&mut blob, pw.as_ptr(), 0) };
    assert!(!store.is_null());
    // SAFETY: a live store.
    let leaf = unsafe {
        CertFindCertificateInStore(
            store,
            X509_ASN_ENCODING,
            0,
            CERT_FIND_HAS_PRIVATE_KEY,
            null(),
            null(),
        )
    };
    assert!(!leaf.is_null());
    let chain = get_chain(engine, leaf, store, &SERVER);
    let (err, _, els) = statuses(chain);
    assert_eq!(err, CERT_TRUST_IS_UNTRUSTED_ROOT);
    assert_eq!(els.len(), 3);
    assert_eq!(els[2].0, CERT_TRUST_IS_UNTRUSTED_ROOT);
    assert_ne!(els[2].1 & CERT_TRUST_IS_SELF_SIGNED, 0);
    assert_eq!(ssl(chain, "localhost"), (hr(CERT_E_UNTRUSTEDROOT), 0, 2));
    assert_eq!(
        policy(
            CERT_CHAIN_POLICY_SSL,
            chain,
            Some("localhost"),
            AUTHTYPE_SERVER,
            SECURITY_FLAG_IGNORE_UNKNOWN_CA,
            0
        ),
        OK
    );
    // The untrusted root does not hide a name mismatch once ignored.
    assert_eq!(
        policy(
            CERT_CHAIN_POLICY_SSL,
            chain,
            Some("nope"),
            AUTHTYPE_SERVER,
            SECURITY_FLAG_IGNORE_UNKNOWN_CA,
            0
        ),
        (hr(CERT_E_CN_NO_MATCH), 0, 0)
    );
    free_chain(chain);
    // A self-signed leaf is its own untrusted root.
    let me = lone_context("chain3-self.pem");
    let chain = get_chain(engine, me, null_mut(), &SERVER);
    let (err, _, els) = statuses(chain);
    assert_eq!((err, els.len()), (CERT_TRUST_IS_UNTRUSTED_ROOT, 1));
    assert_ne!(els[0].1 & CERT_TRUST_IS_SELF_SIGNED, 0);
    free_chain(chain);
    assert_eq!(free(me), TRUE);
    assert_eq!(free(leaf), TRUE);
    close(store);
    free_engine(engine);
}

// CONTRACT §11
#[test]
fn not_yet_valid_and_expired() {
    let engine = curl_engine(&["chain3-root.pem", "ca.pem"]);
    let future = pem_context("chain3-future-chain.pem");
    let chain = get_chain(engine, future, context_ref(future).hCertStore, &SERVER);
    let (err, _, els) = statuses(chain);
    assert_eq!(err, CERT_TRUST_IS_NOT_TIME_VALID);
    assert_eq!(els[0].0, CERT_TRUST_IS_NOT_TIME_VALID);
    assert_eq!(els[1].0, 0);
    assert_eq!(ssl(chain, "localhost"), (hr(CERT_E_EXPIRED), 0, 0));
    assert_eq!(
        policy(
            CERT_CHAIN_POLICY_SSL,
            chain,
            Some("localhost"),
            AUTHTYPE_SERVER,
            0,
            CERT_CHAIN_POLICY_IGNORE_NOT_TIME_VALID_FLAG
        ),
        OK
    );
    assert_eq!(
        policy(
            CERT_CHAIN_POLICY_SSL,
            chain,
            Some("localhost"),
            AUTHTYPE_SERVER,
            SECURITY_FLAG_IGNORE_CERT_DATE_INVALID,
            0
        ),
        OK
    );
    free_chain(chain);
    // At a time inside its validity (2099-06-01) it is fine, and the CAs (valid for ten years from
    // now) are then the ones out of time.
    let ticks = (4_084_128_000u64 + 11_644_473_600) * 10_000_000;
    let at_2099 = Para {
        usage: SERVER.usage,
        flags: 0,
        time: Some(FILETIME {
            dwLowDateTime: ticks as u32,
            dwHighDateTime: (ticks >> 32) as u32,
        }),
    };
    let chain = get_chain(engine, future, context_ref(future).hCertStore, &at_2099);
    let (_, _, els) = statuses(chain);
    assert_eq!(els[0].0, 0);
    assert_eq!(els[1].0, CERT_TRUST_IS_NOT_TIME_VALID);
    assert_eq!(ssl(chain, "localhost"), (hr(CERT_E_EXPIRED), 0, 1));
    free_chain(chain);
    assert_eq!(free(future), TRUE);

    let expired = pem_context("expired-chain.pem");
    let chain = get_chain(engine, expired, context_ref(expired).hCertStore, &SERVER);
    let (err, _, els) = statuses(chain);
    assert_eq!(err, CERT_TRUST_IS_NOT_TIME_VALID);
    assert_eq!(els.len(), 2);
    assert_eq!(ssl(chain, "localhost"), (hr(CERT_E_EXPIRED), 0, 0));
    free_chain(chain);
    assert_eq!(free(expired), TRUE);
    free_engine(engine);
}

// CONTRACT §11
#[test]
fn ip_san_wildcard_and_common_name_matching() {
    let engine = curl_engine(&["chain3-root.pem"]);
    let check = |file: &str, name: &str, want: (u32, i32, i32)| {
        let c = pem_context(file);
        let chain = get_chain(engine, c, context_ref(c).hCertStore, &SERVER);
        assert_eq!(statuses(chain).0, 0, "{file}");
        assert_eq!(ssl(chain, name), want, "{file} / {name}");
        free_chain(chain);
        assert_eq!(free(c), TRUE);
    };
    let mismatch = (hr(CERT_E_CN_NO_MATCH), 0, 0);
    check("chain3-ip-chain.pem", "127.0.0.1", OK);
    check("chain3-ip-chain.pem", "127.0.0.2", mismatch);
    // The CN is "SchShim IP leaf" and a SAN exists: no DNS name matches.
    check("chain3-ip-chain.pem", "localhost", mismatch);
    check("chain3-wild-chain.pem", "a.example.test", OK);
    check("chain3-wild-chain.pem", "WWW.Example.Test", OK);
    check("chain3-wild-chain.pem", "example.test", mismatch);
    check("chain3-wild-chain.pem", "a.b.example.test", mismatch);
    check("chain3-leaf-chain.pem", "::1", mismatch);
    // No subjectAltName: the common name is used.
    check("chain3-nosan-chain.pem", "localhost", OK);
    check("chain3-nosan-chain.pem", "127.0.0.1", mismatch);
    free_engine(engine);
}

// CONTRACT §11
#[test]
fn wrong_extended_key_usage() {
    let engine = curl_engine(&["chain3-root.pem"]);
    let client = pem_context("chain3-client-chain.pem");
    let store = context_ref(client).hCertStore;
    let chain = get_chain(engine, client, store, &SERVER);
    let (err, _, els) = statuses(chain);
    assert_eq!(err, CERT_TRUST_IS_NOT_VALID_FOR_USAGE);
    assert_eq!(els[0].0, CERT_TRUST_IS_NOT_VALID_FOR_USAGE);
    assert_eq!(ssl(chain, "localhost"), (hr(CERT_E_WRONG_USAGE), 0, 0));
    assert_eq!(
        policy(
            CERT_CHAIN_POLICY_SSL,
            chain,
            Some("localhost"),
            AUTHTYPE_SERVER,
            SECURITY_FLAG_IGNORE_WRONG_USAGE,
            0
        ),
        OK
    );
    assert_eq!(
        policy(
            CERT_CHAIN_POLICY_BASE,
            chain,
            None,
            AUTHTYPE_SERVER,
            0,
            CERT_CHAIN_POLICY_IGNORE_WRONG_USAGE_FLAG
        ),
        OK
    );
    free_chain(chain);
    let as_client = Para {
        usage: Some(CLIENT_AUTH_OID),
        flags: 0,
        time: None,
    };
    let chain = get_chain(engine, client, store, &as_client);
    assert_eq!(statuses(chain).0, 0);
    assert_eq!(
        policy(CERT_CHAIN_POLICY_SSL, chain, None, AUTHTYPE_CLIENT, 0, 0),
        OK
    );
    free_chain(chain);
    let no_usage = Para {
        usage: None,
        flags: 0,
        time: None,
    };
    let chain = get_chain(engine, client, store, &no_usage);
    assert_eq!(statuses(chain).0, 0);
    free_chain(chain);
    assert_eq!(free(client), TRUE);
    free_engine(engine);
}

// CONTRACT §11
#[test]
fn bad_signature_is_detected() {
    let engine = curl_engine(&["chain3-root.pem"]);
    let good = lone_context("chain3-leaf.pem");
    let mut der = {
        let c = context_ref(good);
        // SAFETY: the context's encoded bytes.
        unsafe { std::slice::from_raw_parts(c.pbCertEncoded, c.cbCertEncoded as usize) }.to_vec()
    };
    assert_eq!(free(good), TRUE);
    // The last byte is inside the signature's s value.
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let store = ca_store(&["chain3-int.pem"]);
    let mut tampered: PCCERT_CONTEXT = null();
    // SAFETY: bytes and out pointer valid.
    let ok = unsafe {
        CertAddEncodedCertificateToStore(
            store,
            X509_ASN_ENCODING,
            der.as_ptr(),
            der.len() as u32,
            CERT_STORE_ADD_ALWAYS,
            &mut tampered,
        )
    };
    assert_eq!(ok, TRUE);
    let chain = get_chain(engine, tampered, store, &SERVER);
    let (err, _, els) = statuses(chain);
    assert_eq!(err, CERT_TRUST_IS_NOT_SIGNATURE_VALID);
    assert_eq!(els[0].0, CERT_TRUST_IS_NOT_SIGNATURE_VALID);
    assert_eq!(els.len(), 3, "the issuer is still found by name");
    assert_eq!(ssl(chain, "localhost"), (hr(TRUST_E_CERT_SIGNATURE), 0, 0));
    free_chain(chain);
    assert_eq!(free(tampered), TRUE);
    close(store);
    free_engine(engine);
}

// CONTRACT §11
#[test]
fn revocation_is_unknown_when_asked_for() {
    let engine = curl_engine(&["chain3-root.pem"]);
    let leaf = pem_context("chain3-leaf-chain.pem");
    let store = context_ref(leaf).hCertStore;
    let para = Para {
        usage: SERVER.usage,
        flags: CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT,
        time: None,
    };
    let chain = get_chain(engine, leaf, store, &para);
    let (err, _, els) = statuses(chain);
    assert_eq!(err, CERT_TRUST_REVOCATION_STATUS_UNKNOWN);
    let per: Vec<u32> = els.iter().map(|e| e.0).collect();
    assert_eq!(
        per,
        vec![
            CERT_TRUST_REVOCATION_STATUS_UNKNOWN,
            CERT_TRUST_REVOCATION_STATUS_UNKNOWN,
            0
        ]
    );
    assert_eq!(
        ssl(chain, "localhost"),
        (hr(CRYPT_E_NO_REVOCATION_CHECK), 0, 0)
    );
    assert_eq!(
        policy(
            CERT_CHAIN_POLICY_SSL,
            chain,
            Some("localhost"),
            AUTHTYPE_SERVER,
            SECURITY_FLAG_IGNORE_REVOCATION,
            0
        ),
        OK
    );
    let ignore = CERT_CHAIN_POLICY_IGNORE_END_REV_UNKNOWN_FLAG;
    assert_eq!(
        policy(
            CERT_CHAIN_POLICY_SSL,
            chain,
            Some("localhost"),
            AUTHTYPE_SERVER,
            0,
            ignore
        ),
        (hr(CRYPT_E_NO_REVOCATION_CHECK), 0, 1)
    );
    assert_eq!(
        policy(
            CERT_CHAIN_POLICY_SSL,
            chain,
            Some("localhost"),
            AUTHTYPE_SERVER,
            0,
            CERT_CHAIN_POLICY_IGNORE_ALL_REV_UNKNOWN_FLAGS
        ),
        OK
    );
    free_chain(chain);
    let para = Para {
        flags: CERT_CHAIN_REVOCATION_CHECK_END_CERT,
        ..para
    };
    let chain = get_chain(engine, leaf, store, &para);
    let per: Vec<u32> = statuses(chain).2.iter().map(|e| e.0).collect();
    assert_eq!(per, vec![CERT_TRUST_REVOCATION_STATUS_UNKNOWN, 0, 0]);
    free_chain(chain);
    assert_eq!(free(leaf), TRUE);
    free_engine(engine);
}

// CONTRACT §11
#[test]
fn chain_contexts_are_reference_counted_and_hold_their_certificates() {
    let engine = curl_engine(&["chain3-root.pem"]);
    let leaf = pem_context("chain3-leaf-chain.pem");
    let chain = get_chain(engine, leaf, context_ref(leaf).hCertStore, &SERVER);
    // Everything the caller had can go: the chain keeps its certificates.
    assert_eq!(free(leaf), TRUE);
    free_engine(engine);
    let (_, _, els) = statuses(chain);
    for e in &els {
        let mut buf = [0u16; 80];
        // SAFETY: a live context and a buffer of the given size.
        let n = unsafe {
            CertGetNameStringW(
                e.2,
                CERT_NAME_SIMPLE_DISPLAY_TYPE,
                0,
                null_mut(),
                buf.as_mut_ptr(),
                80,
            )
        };
        assert!(n > 1);
    }
    // SAFETY: a live chain.
    let dup = unsafe { CertDuplicateCertificateChain(chain) };
    assert_eq!(dup, chain);
    free_chain(chain);
    assert_eq!(statuses(dup).2.len(), 3, "one reference left");
    free_chain(dup);
    // Freed: the element contexts are gone with it, and another free is refused, not a crash.
    reset_error();
    free_chain(chain);
    assert_eq!(last_error(), hr(E_INVALIDARG));
    assert_eq!(free(els[0].2), FALSE);
    // SAFETY: the function validates the pointer.
    assert!(unsafe { CertDuplicateCertificateChain(chain) }.is_null());
    let mut st: CERT_CHAIN_POLICY_STATUS = CERT_CHAIN_POLICY_STATUS {
        cbSize: 24,
        dwError: 0,
        lChainIndex: 0,
        lElementIndex: 0,
        pvExtraPolicyStatus: null_mut(),
    };
    // SAFETY: the function validates the chain pointer.
    let ok = unsafe {
        CertVerifyCertificateChainPolicy(
            CERT_CHAIN_POLICY_SSL as LPCSTR,
            chain,
            null_mut(),
            &mut st,
        )
    };
    assert_eq!(ok, FALSE);
}

// CONTRACT §11
#[test]
fn default_engine_uses_the_system_root_store() {
    let _ = pki();
    let leaf = pem_context("chain3-leaf-chain.pem");
    // SSL_CERT_FILE holds the chain3 root only.
    let chain = get_chain(null_mut(), leaf, context_ref(leaf).hCertStore, &SERVER);
    let (err, info, els) = statuses(chain);
    assert_eq!((err, els.len()), (0, 3));
    assert_eq!(info & CERT_TRUST_IS_FROM_EXCLUSIVE_TRUST_STORE, 0);
    assert_eq!(ssl(chain, "localhost"), OK);
    free_chain(chain);
    assert_eq!(free(leaf), TRUE);
    let other = pem_context("unknownca-chain.pem");
    let chain = get_chain(
        HCCE_LOCAL_MACHINE as HCERTCHAINENGINE,
        other,
        context_ref(other).hCertStore,
        &SERVER,
    );
    assert_eq!(statuses(chain).0, CERT_TRUST_IS_UNTRUSTED_ROOT);
    free_chain(chain);
    assert_eq!(free(other), TRUE);
}

// CONTRACT §11
#[test]
fn engine_and_chain_argument_errors() {
    let _ = pki();
    let mut engine: HCERTCHAINENGINE = null_mut();
    // SAFETY: all-zero configuration; cbSize too small.
    let mut cfg: CERT_CHAIN_ENGINE_CONFIG = unsafe { std::mem::zeroed() };
    cfg.cbSize = 16;
    // SAFETY: valid pointers.
    assert_eq!(
        unsafe { CertCreateCertificateChainEngine(&mut cfg, &mut engine) },
        FALSE
    );
    assert_eq!(last_error(), hr(E_INVALIDARG));
    cfg.cbSize = std::mem::size_of::<CERT_CHAIN_ENGINE_CONFIG>() as u32;
    let mut bogus = [0u8; 64];
    cfg.hExclusiveRoot = bogus.as_mut_ptr().cast();
    // SAFETY: valid pointers; the handle is checked.
    assert_eq!(
        unsafe { CertCreateCertificateChainEngine(&mut cfg, &mut engine) },
        FALSE
    );
    assert_eq!(last_error(), hr(E_INVALIDARG));
    // The 64-byte (pre-Windows 7) structure is accepted: system roots.
    cfg.cbSize = 64;
    // SAFETY: valid pointers; hExclusiveRoot lies beyond cbSize and is not read.
    assert_eq!(
        unsafe { CertCreateCertificateChainEngine(&mut cfg, &mut engine) },
        TRUE
    );
    let leaf = pem_context("chain3-leaf-chain.pem");
    let chain = get_chain(engine, leaf, context_ref(leaf).hCertStore, &SERVER);
    assert_eq!(statuses(chain).0, 0);
    free_chain(chain);
    let mut out: PCCERT_CHAIN_CONTEXT = null();
    // SAFETY: NULL para is checked.
    let ok = unsafe {
        CertGetCertificateChain(
            engine,
            leaf,
            null_mut(),
            null_mut(),
            null_mut(),
            0,
            null_mut(),
            &mut out,
        )
    };
    assert_eq!((ok, last_error()), (FALSE, hr(E_INVALIDARG)));
    // SAFETY: all-zero para; a foreign context pointer is checked.
    let mut cp: CERT_CHAIN_PARA = unsafe { std::mem::zeroed() };
    cp.cbSize = std::mem::size_of::<CERT_CHAIN_PARA>() as u32;
    // SAFETY: as above.
    let ok = unsafe {
        CertGetCertificateChain(
            engine,
            bogus.as_ptr().cast(),
            null_mut(),
            null_mut(),
            &mut cp,
            0,
            null_mut(),
            &mut out,
        )
    };
    assert_eq!((ok, last_error(), out), (FALSE, hr(E_INVALIDARG), null()));
    // SAFETY: a NULL out pointer: the chain is built and freed.
    let ok = unsafe {
        CertGetCertificateChain(
            engine,
            leaf,
            null_mut(),
            null_mut(),
            &mut cp,
            0,
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!(ok, TRUE);
    assert_eq!(free(leaf), TRUE);
    free_engine(engine);
    reset_error();
    // SAFETY: the function validates the handle.
    unsafe { CertFreeCertificateChainEngine(engine) };
    assert_eq!(last_error(), hr(E_INVALIDARG), "a freed engine is refused");
    let mut st: CERT_CHAIN_POLICY_STATUS = CERT_CHAIN_POLICY_STATUS {
        cbSize: 24,
        dwError: 0,
        lChainIndex: 0,
        lElementIndex: 0,
        pvExtraPolicyStatus: null_mut(),
    };
    let leaf = pem_context("chain3-leaf-chain.pem");
    let chain = get_chain(null_mut(), leaf, null_mut(), &SERVER);
    // SAFETY: valid chain and status; an unimplemented policy id.
    let ok = unsafe {
        CertVerifyCertificateChainPolicy(
            CERT_CHAIN_POLICY_NT_AUTH as LPCSTR,
            chain,
            null_mut(),
            &mut st,
        )
    };
    assert_eq!((ok, last_error()), (FALSE, hr(E_NOTIMPL)));
    // SAFETY: NULL para is allowed: the base checks only.
    let ok = unsafe {
        CertVerifyCertificateChainPolicy(
            CERT_CHAIN_POLICY_SSL as LPCSTR,
            chain,
            null_mut(),
            &mut st,
        )
    };
    assert_eq!((ok, st.dwError), (TRUE, hr(CERT_E_CHAINING)));
    free_chain(chain);
    assert_eq!(free(leaf), TRUE);
}

// ---------------------------------------------------------------------------------------------
// System and collection stores

fn open_system(name: &str, flags: u32) -> HCERTSTORE {
    let w = wide(name);
    // SAFETY: a provider id and a NUL-terminated UTF-16 name.
    unsafe {
        CertOpenStore(
            CERT_STORE_PROV_SYSTEM_W as LPCSTR,
            0,
            0,
            flags,
            w.as_ptr().cast(),
        )
    }
}

fn thumbprint() -> Vec<u8> {
    let hex = pki().read("chain3-leaf.sha1");
    let mut out = [0u8; 20];
    let mut len = 20u32;
    // SAFETY: the text and its length; out buffer of `len` bytes.
    let ok = unsafe {
        CryptStringToBinaryA(
            hex.as_ptr().cast(),
            hex.len() as u32,
            CRYPT_STRING_HEX,
            out.as_mut_ptr(),
            &mut len,
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!((ok, len), (TRUE, 20));
    out.to_vec()
}

// CONTRACT §11
#[test]
fn my_store_finds_identities_by_subject_and_thumbprint() {
    let _ = pki();
    let my = open_system("MY", CERT_SYSTEM_STORE_CURRENT_USER);
    assert!(!my.is_null());
    let hash = thumbprint();
    let blob = CRYPT_HASH_BLOB {
        cbData: 20,
        pbData: hash.as_ptr().cast_mut(),
    };
    // SAFETY: a live store and a hash blob.
    let by_hash = unsafe {
        CertFindCertificateInStore(
            my,
            X509_ASN_ENCODING,
            0,
            CERT_FIND_HASH,
            (&blob as *const CRYPT_HASH_BLOB).cast(),
            null(),
        )
    };
    assert!(!by_hash.is_null());
    let mut cb = 0u32;
    // SAFETY: size query.
    let has_key = unsafe {
        CertGetCertificateContextProperty(by_hash, CERT_KEY_PROV_INFO_PROP_ID, null_mut(), &mut cb)
    };
    assert_eq!(has_key, TRUE, "the PFX key came with it");
    let subject = CString::new("example.test").unwrap();
    // SAFETY: a live store and a NUL-terminated string.
    let by_subject = unsafe {
        CertFindCertificateInStore(
            my,
            X509_ASN_ENCODING,
            0,
            CERT_FIND_SUBJECT_STR_A,
            subject.as_ptr().cast(),
            null(),
        )
    };
    assert!(!by_subject.is_null(), "the PEM identity");
    // SAFETY: size query.
    let has_key = unsafe {
        CertGetCertificateContextProperty(
            by_subject,
            CERT_KEY_PROV_INFO_PROP_ID,
            null_mut(),
            &mut cb,
        )
    };
    assert_eq!(has_key, TRUE, "the PEM key came with it");
    // Both identities are usable as server credentials.
    for cert in [by_hash, by_subject] {
        // SAFETY: all-zero is a valid SCHANNEL_CRED.
        let mut sc: SCHANNEL_CRED = unsafe { std::mem::zeroed() };
        let mut certs = [cert];
        sc.dwVersion = SCHANNEL_CRED_VERSION;
        sc.cCreds = 1;
        sc.paCred = certs.as_mut_ptr();
        let mut cred = CredHandle {
            dwLower: 0,
            dwUpper: 0,
        };
        let package = CString::new("Microsoft Unified Security Protocol Provider").unwrap();
        // SAFETY: arguments as the API describes them.
        let st = unsafe {
            AcquireCredentialsHandleA(
                null_mut(),
                package.as_ptr().cast_mut(),
                SECPKG_CRED_INBOUND,
                null_mut(),
                (&mut sc as *mut SCHANNEL_CRED).cast(),
                None,
                null_mut(),
                &mut cred,
                null_mut(),
            )
        };
        assert_eq!(st, SEC_E_OK);
        // SAFETY: a credential just acquired.
        assert_eq!(unsafe { FreeCredentialsHandle(&mut cred) }, SEC_E_OK);
        assert_eq!(free(cert), TRUE);
    }
    // The chain certificates are in the store too (the server sends its intermediate).
    let certs = store_certificates(my).expect("live store");
    assert!(
        certs.len() >= 4,
        "leaf, intermediate, root, wildcard leaf: {}",
        certs.len()
    );
    close(my);
    // CertOpenSystemStoreA opens the same store.
    let name = CString::new("My").unwrap();
    // SAFETY: a NUL-terminated name.
    let my = unsafe { CertOpenSystemStoreA(0, name.as_ptr()) };
    assert_eq!(store_certificates(my).map(|c| c.len()), Some(certs.len()));
    close(my);
}

// CONTRACT §11
#[test]
fn system_store_flags_and_names() {
    let _ = pki();
    let root = open_system(
        "Root",
        CERT_SYSTEM_STORE_LOCAL_MACHINE | CERT_STORE_READONLY_FLAG,
    );
    assert!(!root.is_null());
    let certs = store_certificates(root).expect("root");
    assert_eq!(certs.len(), 1, "SSL_CERT_FILE holds the chain3 root");
    let der = &certs[0];
    reset_error();
    // SAFETY: bytes and a live store.
    let ok = unsafe {
        CertAddEncodedCertificateToStore(
            root,
            X509_ASN_ENCODING,
            der.as_ptr(),
            der.len() as u32,
            CERT_STORE_ADD_ALWAYS,
            null_mut(),
        )
    };
    assert_eq!((ok, last_error()), (FALSE, hr(E_ACCESSDENIED)), "read-only");
    close(root);
    let ca = open_system("CA", CERT_SYSTEM_STORE_CURRENT_USER);
    assert_eq!(
        store_certificates(ca).map(|c| c.len()),
        Some(0),
        "no intermediates in the bundle"
    );
    close(ca);
    assert!(open_system("ROOT", 0).is_null(), "no location");
    assert_eq!(last_error(), hr(E_INVALIDARG));
    assert!(open_system(
        "NoSuchStore",
        CERT_SYSTEM_STORE_CURRENT_USER | CERT_STORE_OPEN_EXISTING_FLAG
    )
    .is_null());
    assert_eq!(last_error(), ERROR_FILE_NOT_FOUND);
    let fresh = open_system("NoSuchStore", CERT_SYSTEM_STORE_CURRENT_USER);
    assert_eq!(store_certificates(fresh).map(|c| c.len()), Some(0));
    close(fresh);
    let a = CString::new("ROOT").unwrap();
    // SAFETY: a provider id and a NUL-terminated narrow name.
    let s = unsafe {
        CertOpenStore(
            CERT_STORE_PROV_SYSTEM_A as LPCSTR,
            0,
            0,
            CERT_SYSTEM_STORE_CURRENT_USER,
            a.as_ptr().cast(),
        )
    };
    assert_eq!(store_certificates(s).map(|c| c.len()), Some(1));
    close(s);
    assert_eq!(store_certificates(null_mut()), None);
}

// CONTRACT §11
#[test]
fn collection_stores() {
    let _ = pki();
    let a = ca_store(&["chain3-int.pem"]);
    let b = ca_store(&["chain3-root.pem", "ca.pem"]);
    // SAFETY: a provider id without parameter.
    let coll = unsafe { CertOpenStore(CERT_STORE_PROV_COLLECTION as LPCSTR, 0, 0, 0, null()) };
    assert!(!coll.is_null());
    // SAFETY: live stores.
    unsafe {
        assert_eq!(CertAddStoreToCollection(coll, a, 0, 1), TRUE);
        assert_eq!(
            CertAddStoreToCollection(coll, b, CERT_PHYSICAL_STORE_ADD_ENABLE_FLAG, 2),
            TRUE
        );
        assert_eq!(CertAddStoreToCollection(coll, coll, 0, 0), FALSE);
    }
    assert_eq!(last_error(), hr(E_INVALIDARG));
    // The collection holds its own handles.
    close(a);
    close(b);
    let names: Vec<String> = {
        let mut out = Vec::new();
        let mut prev: PCCERT_CONTEXT = null();
        loop {
            // SAFETY: a live collection; prev is ours.
            let c = unsafe { CertEnumCertificatesInStore(coll, prev) };
            if c.is_null() {
                break;
            }
            let mut buf = [0u8; 64];
            // SAFETY: live context, buffer of the given size.
            let n = unsafe {
                CertGetNameStringA(
                    c,
                    CERT_NAME_SIMPLE_DISPLAY_TYPE,
                    0,
                    null_mut(),
                    buf.as_mut_ptr().cast(),
                    64,
                )
            };
            out.push(String::from_utf8_lossy(&buf[..n as usize - 1]).into_owned());
            prev = c;
        }
        out
    };
    assert_eq!(
        names,
        [
            "SchShim Chain Root CA",
            "SchShim Test CA",
            "SchShim Chain Intermediate CA"
        ],
        "higher priority first"
    );
    assert_eq!(last_error(), hr(CRYPT_E_NOT_FOUND));
    let subject = CString::new("intermediate").unwrap();
    // SAFETY: a live store and a string.
    let found = unsafe {
        CertFindCertificateInStore(
            coll,
            X509_ASN_ENCODING,
            0,
            CERT_FIND_SUBJECT_STR_A,
            subject.as_ptr().cast(),
            null(),
        )
    };
    assert!(!found.is_null());
    // Adding goes to the sibling with CERT_PHYSICAL_STORE_ADD_ENABLE_FLAG.
    let leaf = lone_context("chain3-leaf.pem");
    // SAFETY: live store and context.
    assert_eq!(
        unsafe { CertAddCertificateContextToStore(coll, leaf, CERT_STORE_ADD_NEW, null_mut()) },
        TRUE
    );
    assert_eq!(store_certificates(coll).map(|c| c.len()), Some(4));
    // A collection is usable as the additional store of a chain (as .NET does).
    let engine = curl_engine(&["chain3-root.pem"]);
    let chain = get_chain(engine, leaf, coll, &SERVER);
    assert_eq!(statuses(chain).0, 0);
    free_chain(chain);
    free_engine(engine);
    assert_eq!(free(leaf), TRUE);
    assert_eq!(free(found), TRUE);
    // SAFETY: removal of an unknown sibling is ignored.
    unsafe { CertRemoveStoreFromCollection(coll, null_mut()) };
    close(coll);
    // A collection without an add-enabled sibling refuses additions.
    // SAFETY: a provider name.
    let name = CString::new("Collection").unwrap();
    // SAFETY: a NUL-terminated provider name.
    let empty = unsafe { CertOpenStore(name.as_ptr(), 0, 0, 0, null()) };
    let m = memory_store();
    // SAFETY: live stores.
    assert_eq!(unsafe { CertAddStoreToCollection(empty, m, 0, 0) }, TRUE);
    let leaf = lone_context("chain3-leaf.pem");
    // SAFETY: live store and context.
    assert_eq!(
        unsafe { CertAddCertificateContextToStore(empty, leaf, CERT_STORE_ADD_NEW, null_mut()) },
        FALSE
    );
    assert_eq!(last_error(), hr(E_ACCESSDENIED));
    // SAFETY: a sibling of the collection.
    unsafe { CertRemoveStoreFromCollection(empty, m) };
    assert_eq!(store_certificates(empty).map(|c| c.len()), Some(0));
    assert_eq!(free(leaf), TRUE);
    close(m);
    close(empty);
}

// ---------------------------------------------------------------------------------------------
// Strings, names, times, CryptQueryObject

// CONTRACT §11
#[test]
fn query_object_reads_pem_and_der() {
    let pem = pki().read("chain3-leaf.pem");
    let c = query_pem(&pem);
    assert!(!c.is_null());
    let der = {
        let r = context_ref(c);
        // SAFETY: the context's encoded bytes.
        unsafe { std::slice::from_raw_parts(r.pbCertEncoded, r.cbCertEncoded as usize) }.to_vec()
    };
    assert_eq!(free(c), TRUE);
    let blob = CERT_BLOB {
        cbData: der.len() as u32,
        pbData: der.as_ptr().cast_mut(),
    };
    let (mut enc, mut content, mut format) = (0u32, 0u32, 0u32);
    let mut store: HCERTSTORE = null_mut();
    let mut ctx: *const c_void = null();
    // SAFETY: valid blob and out pointers.
    let ok = unsafe {
        CryptQueryObject(
            CERT_QUERY_OBJECT_BLOB,
            (&blob as *const CERT_BLOB).cast(),
            CERT_QUERY_CONTENT_FLAG_ALL,
            CERT_QUERY_FORMAT_FLAG_ALL,
            0,
            &mut enc,
            &mut content,
            &mut format,
            &mut store,
            null_mut(),
            &mut ctx,
        )
    };
    assert_eq!(ok, TRUE);
    assert_eq!(
        (enc, content, format),
        (
            X509_ASN_ENCODING,
            CERT_QUERY_CONTENT_CERT,
            CERT_QUERY_FORMAT_BINARY
        )
    );
    assert_eq!(store_certificates(store).map(|c| c.len()), Some(1));
    assert_eq!(free(ctx.cast()), TRUE);
    close(store);
    // Not a certificate, or not the expected content: CRYPT_E_NO_MATCH.
    let key = pki().read("chain3-leaf.key");
    assert!(query_pem(&key).is_null());
    assert_eq!(last_error(), hr(CRYPT_E_NO_MATCH));
    // A file, by UTF-16 path.
    let path = wide(pki().dir.join("chain3-root.pem").to_str().unwrap());
    // SAFETY: a NUL-terminated UTF-16 path and out pointers.
    let ok = unsafe {
        CryptQueryObject(
            CERT_QUERY_OBJECT_FILE,
            path.as_ptr().cast(),
            CERT_QUERY_CONTENT_FLAG_CERT,
            CERT_QUERY_FORMAT_FLAG_ALL,
            0,
            null_mut(),
            null_mut(),
            &mut format,
            null_mut(),
            null_mut(),
            &mut ctx,
        )
    };
    assert_eq!((ok, format), (TRUE, CERT_QUERY_FORMAT_BASE64_ENCODED));
    assert_eq!(free(ctx.cast()), TRUE);
    let missing = wide("/nonexistent/file.pem");
    // SAFETY: as above.
    let ok = unsafe {
        CryptQueryObject(
            CERT_QUERY_OBJECT_FILE,
            missing.as_ptr().cast(),
            CERT_QUERY_CONTENT_FLAG_CERT,
            CERT_QUERY_FORMAT_FLAG_ALL,
            0,
            null_mut(),
            null_mut(),
            null_mut(),
            null_mut(),
            null_mut(),
            &mut ctx,
        )
    };
    assert_eq!(
        (ok, last_error(), ctx),
        (FALSE, ERROR_FILE_NOT_FOUND, null())
    );
}

// CONTRACT §11
#[test]
fn string_to_binary_size_protocol() {
    let text = b"  0a,0B-0c\r\n 0d ";
    let mut len = 0u32;
    let (mut skip, mut flags) = (99u32, 99u32);
    // SAFETY: size query with valid pointers.
    let ok = unsafe {
        CryptStringToBinaryA(
            text.as_ptr().cast(),
            text.len() as u32,
            CRYPT_STRING_HEX,
            null_mut(),
            &mut len,
            &mut skip,
            &mut flags,
        )
    };
    assert_eq!((ok, len, skip, flags), (TRUE, 4, 0, CRYPT_STRING_HEX));
    let mut buf = [0xccu8; 4];
    let mut small = 2u32;
    // SAFETY: buffer of `small` bytes.
    let ok = unsafe {
        CryptStringToBinaryA(
            text.as_ptr().cast(),
            text.len() as u32,
            CRYPT_STRING_HEX,
            buf.as_mut_ptr(),
            &mut small,
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!((ok, last_error(), small), (FALSE, ERROR_MORE_DATA, 2));
    assert_eq!(buf, [0x0a, 0x0b, 0xcc, 0xcc]);
    // SAFETY: buffer of `len` bytes.
    let ok = unsafe {
        CryptStringToBinaryA(
            text.as_ptr().cast(),
            text.len() as u32,
            CRYPT_STRING_HEX,
            buf.as_mut_ptr(),
            &mut len,
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!((ok, buf), (TRUE, [0x0a, 0x0b, 0x0c, 0x0d]));
    let odd = wide("0a0");
    let mut n = 8u32;
    // SAFETY: NUL-terminated wide string.
    let ok = unsafe {
        CryptStringToBinaryW(
            odd.as_ptr(),
            0,
            CRYPT_STRING_HEX,
            null_mut(),
            &mut n,
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!((ok, last_error(), n), (FALSE, ERROR_INVALID_DATA, 0));
    // SAFETY: a NULL length pointer is refused.
    let ok = unsafe {
        CryptStringToBinaryW(
            odd.as_ptr(),
            0,
            CRYPT_STRING_HEX,
            null_mut(),
            null_mut(),
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!((ok, last_error()), (FALSE, ERROR_INVALID_PARAMETER));

    // PEM with a header: the DER of the certificate, and the header's offset.
    let mut pem = b"junk\n".to_vec();
    pem.extend(pki().read("chain3-root.pem"));
    let w: Vec<u16> = pem.iter().map(|&b| u16::from(b)).collect();
    let mut size = 0u32;
    // SAFETY: counted wide string; size query.
    let ok = unsafe {
        CryptStringToBinaryW(
            w.as_ptr(),
            w.len() as u32,
            CRYPT_STRING_BASE64HEADER,
            null_mut(),
            &mut size,
            &mut skip,
            &mut flags,
        )
    };
    assert_eq!((ok, skip, flags), (TRUE, 5, CRYPT_STRING_BASE64HEADER));
    let mut der = vec![0u8; size as usize];
    let mut too_small = size - 1;
    // SAFETY: buffer of `too_small` bytes.
    let ok = unsafe {
        CryptStringToBinaryW(
            w.as_ptr(),
            w.len() as u32,
            CRYPT_STRING_BASE64HEADER,
            der.as_mut_ptr(),
            &mut too_small,
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!(
        (ok, last_error(), too_small),
        (FALSE, ERROR_MORE_DATA, size - 1)
    );
    // SAFETY: buffer of `size` bytes.
    let ok = unsafe {
        CryptStringToBinaryW(
            w.as_ptr(),
            w.len() as u32,
            CRYPT_STRING_BASE64HEADER,
            der.as_mut_ptr(),
            &mut size,
            null_mut(),
            null_mut(),
        )
    };
    assert_eq!(ok, TRUE);
    // SAFETY: DER bytes.
    let c =
        unsafe { CertCreateCertificateContext(X509_ASN_ENCODING, der.as_ptr(), der.len() as u32) };
    assert!(!c.is_null());
    assert_eq!(free(c), TRUE);
}

fn name_to_str_a(c: PCCERT_CONTEXT, ty: u32, cap: Option<u32>) -> (u32, String) {
    // SAFETY: a live context.
    let info = unsafe { &*context_ref(c).pCertInfo };
    let mut subject = info.Subject;
    let mut buf = vec![0u8; cap.unwrap_or(0) as usize];
    // SAFETY: the blob of a live context; buffer of `cap` bytes or NULL.
    let n = unsafe {
        CertNameToStrA(
            X509_ASN_ENCODING,
            &mut subject,
            ty,
            if cap.is_some() {
                buf.as_mut_ptr().cast()
            } else {
                null_mut()
            },
            cap.unwrap_or(0),
        )
    };
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    (n, String::from_utf8_lossy(&buf[..end]).into_owned())
}

// CONTRACT §11
#[test]
fn name_to_str_formats_and_sizes() {
    let c = lone_context("chain3-leaf.pem");
    let x500 = "O=schannel-shim tests, CN=localhost";
    assert_eq!(
        name_to_str_a(c, CERT_X500_NAME_STR, None).0,
        x500.len() as u32 + 1
    );
    assert_eq!(
        name_to_str_a(c, CERT_X500_NAME_STR, Some(64)),
        (x500.len() as u32 + 1, x500.to_owned())
    );
    assert_eq!(
        name_to_str_a(c, CERT_SIMPLE_NAME_STR, Some(64)).1,
        "schannel-shim tests, localhost"
    );
    assert_eq!(
        name_to_str_a(
            c,
            CERT_X500_NAME_STR | CERT_NAME_STR_REVERSE_FLAG | CERT_NAME_STR_SEMICOLON_FLAG,
            Some(64)
        )
        .1,
        "CN=localhost; O=schannel-shim tests"
    );
    assert_eq!(
        name_to_str_a(c, CERT_OID_NAME_STR, Some(64)).1,
        "2.5.4.10=schannel-shim tests, 2.5.4.3=localhost"
    );
    // Truncated, NUL-terminated, returns what was written.
    assert_eq!(
        name_to_str_a(c, CERT_X500_NAME_STR, Some(6)),
        (6, "O=sch".to_owned())
    );
    // SAFETY: a live context.
    let info = unsafe { &*context_ref(c).pCertInfo };
    let mut subject = info.Subject;
    let mut w = [0u16; 64];
    // SAFETY: blob and buffer valid.
    let n = unsafe {
        CertNameToStrW(
            X509_ASN_ENCODING,
            &mut subject,
            CERT_X500_NAME_STR,
            w.as_mut_ptr(),
            64,
        )
    };
    assert_eq!(String::from_utf16_lossy(&w[..n as usize - 1]), x500);
    // SAFETY: a NULL blob gives the empty string.
    let n = unsafe {
        CertNameToStrW(
            X509_ASN_ENCODING,
            null_mut(),
            CERT_X500_NAME_STR,
            w.as_mut_ptr(),
            64,
        )
    };
    assert_eq!((n, w[0]), (1, 0));
    // The issuer, through the same call.
    let mut issuer = info.Issuer;
    // SAFETY: blob and buffer valid.
    let n = unsafe {
        CertNameToStrW(
            X509_ASN_ENCODING,
            &mut issuer,
            CERT_SIMPLE_NAME_STR,
            w.as_mut_ptr(),
            64,
        )
    };
    assert_eq!(
        String::from_utf16_lossy(&w[..n as usize - 1]),
        "schannel-shim tests, SchShim Chain Intermediate CA"
    );
    assert_eq!(free(c), TRUE);
}

// CONTRACT §11
#[test]
fn time_validity() {
    let c = lone_context("chain3-future.pem");
    let info = context_ref(c).pCertInfo;
    // SAFETY: NULL time = now; the context's CERT_INFO.
    assert_eq!(unsafe { CertVerifyTimeValidity(null_mut(), info) }, -1);
    // SAFETY: as above.
    let mut inside = unsafe { (*info).NotBefore };
    // SAFETY: the time and CERT_INFO are valid.
    assert_eq!(
        unsafe { CertVerifyTimeValidity(&mut inside, info) },
        0,
        "NotBefore itself is valid"
    );
    // SAFETY: as above.
    let mut after = unsafe { (*info).NotAfter };
    after.dwHighDateTime += 1;
    // SAFETY: as above.
    assert_eq!(unsafe { CertVerifyTimeValidity(&mut after, info) }, 1);
    assert_eq!(free(c), TRUE);
    let expired = lone_context("expired.pem");
    // SAFETY: a live context's CERT_INFO.
    assert_eq!(
        unsafe { CertVerifyTimeValidity(null_mut(), context_ref(expired).pCertInfo) },
        1
    );
    assert_eq!(free(expired), TRUE);
}
