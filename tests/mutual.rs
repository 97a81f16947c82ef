//! Client certificates: a server that asks (ASC_REQ_MUTUAL_AUTH) and one that does not, a
//! client with and without a certificate, SEC_I_INCOMPLETE_CREDENTIALS, ISSUER_LIST_EX, the CA
//! names from hRootStore, and which private keys can serve as identities.

mod common;

use std::process::Command;
use std::ptr::null_mut;

use common::*;
use schannel_shim::abi::*;
use schannel_shim::exports::crypt32::*;

fn der_of(pem_name: &str) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(["x509", "-outform", "DER", "-in"])
        .arg(pki().join(pem_name))
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
}

/// A memory store holding the test CA, for the credential's hRootStore.
fn ca_store() -> HCERTSTORE {
    let store = unsafe { CertOpenStore(CERT_STORE_PROV_MEMORY as _, 0, 0, 0, std::ptr::null()) };
    assert!(!store.is_null());
    let ca = der_of("ca.pem");
    let ok = unsafe {
        CertAddEncodedCertificateToStore(
            store,
            X509_ASN_ENCODING,
            ca.as_ptr(),
            ca.len() as u32,
            CERT_STORE_ADD_ALWAYS,
            null_mut(),
        )
    };
    assert_eq!(ok, TRUE);
    store
}

fn server(versions: u32, root_store: HCERTSTORE) -> Peer {
    pki();
    let mut certs = [cert("ecdsa")];
    let mut c = AuthData::new(versions, 0, &mut certs);
    c.set_root_store(root_store);
    let h = c.acquire(SECPKG_CRED_INBOUND).unwrap();
    unsafe { CertFreeCertificateContext(certs[0]) };
    let mut p = Peer::new(Role::Server, h);
    p.flags |= ASC_REQ_MUTUAL_AUTH;
    p
}

fn client_with_cert(versions: u32, name: &str) -> Peer {
    let mut certs = [cert(name)];
    let h = AuthData::new(versions, 0, &mut certs)
        .acquire(SECPKG_CRED_OUTBOUND)
        .unwrap();
    unsafe { CertFreeCertificateContext(certs[0]) };
    Peer::new(Role::Client, h)
}

fn remote_cert_der(p: &mut Peer) -> Result<Vec<u8>, SECURITY_STATUS> {
    let cert: PCCERT_CONTEXT = p.query(SECPKG_ATTR_REMOTE_CERT_CONTEXT)?;
    let der = unsafe {
        std::slice::from_raw_parts((*cert).pbCertEncoded, (*cert).cbCertEncoded as usize)
    }
    .to_vec();
    unsafe { CertFreeCertificateContext(cert) };
    Ok(der)
}

// CONTRACT §4, §10
#[test]
fn mutual_tls_presents_the_client_certificate_to_the_server() {
    for versions in [TLS12, TLS13] {
        let mut s = server(versions.1, null_mut());
        let mut c = client_with_cert(versions.0, "rsa");
        c.flags |= ISC_REQ_USE_SUPPLIED_CREDS;
        handshake(&mut c, &mut s);
        assert_eq!(
            remote_cert_der(&mut s).unwrap(),
            der_of("rsa.pem"),
            "the server sees the client's certificate"
        );
        let local: PCCERT_CONTEXT = c.query(SECPKG_ATTR_LOCAL_CERT_CONTEXT).unwrap();
        unsafe { CertFreeCertificateContext(local) };
        drain(&mut c, &mut s);
        s.inbox = c.encrypt(b"authenticated").unwrap();
        assert_eq!(drain(&mut s, &mut c), b"authenticated");
    }
}

// CONTRACT §4
#[test]
fn server_returns_mutual_auth_flag_only_when_asked() {
    let mut s = server(TLS13.1, null_mut());
    let mut c = client_with_cert(TLS13.0, "rsa");
    s.inbox = c.step_with(None).token;
    let r = s.step();
    assert_ne!(r.attrs & ASC_RET_MUTUAL_AUTH, 0);
    // Without the flag the server does not ask, and there is no client certificate to report.
    let mut s = server(TLS13.1, null_mut());
    s.flags &= !ASC_REQ_MUTUAL_AUTH;
    let mut c = client_with_cert(TLS13.0, "rsa");
    handshake(&mut c, &mut s);
    assert_eq!(remote_cert_der(&mut s).err(), Some(SEC_E_NO_CREDENTIALS));
    let list: SecPkgContext_IssuerListInfoEx = c.query(SECPKG_ATTR_ISSUER_LIST_EX).unwrap();
    assert_eq!(list.cIssuers, 0, "no certificate request was seen");
}

// CONTRACT §9
#[test]
fn server_requiring_a_certificate_fails_without_one() {
    for versions in [TLS12, TLS13] {
        let mut s = server(versions.1, null_mut());
        let mut c = Peer::new(Role::Client, client_cred(versions.0, 0));
        c.flags |= ISC_REQ_USE_SUPPLIED_CREDS;
        s.inbox = c.step_with(None).token;
        let mut server_status = SEC_I_CONTINUE_NEEDED;
        for _ in 0..4 {
            let r = s.step();
            c.inbox.extend_from_slice(&r.token);
            server_status = r.status;
            if server_status != SEC_I_CONTINUE_NEEDED {
                break;
            }
            let r = c.step();
            assert!(
                matches!(r.status, SEC_I_CONTINUE_NEEDED | SEC_E_OK),
                "the client continues anonymously: {:#x}",
                r.status
            );
            s.inbox.extend_from_slice(&r.token);
        }
        assert_eq!(server_status, SEC_E_NO_CREDENTIALS, "{versions:?}");
    }
}

// CONTRACT §9, §10
#[test]
fn incomplete_credentials_then_issuer_list_then_anonymous_retry() {
    for versions in [TLS12, TLS13] {
        let roots = ca_store();
        let mut s = server(versions.1, roots);
        let mut c = Peer::new(Role::Client, client_cred(versions.0, 0));
        s.inbox = c.step_with(None).token;
        c.inbox = s.step().token;
        let held = c.inbox.clone();
        let r = c.step_with(None);
        assert_eq!(r.status, SEC_I_INCOMPLETE_CREDENTIALS, "{versions:?}");
        assert!(
            r.token.is_empty() && r.extra.is_none(),
            "nothing sent, nothing reported consumed"
        );
        // The CA names the server sent: the subject of the one certificate in hRootStore.
        let list: SecPkgContext_IssuerListInfoEx = c.query(SECPKG_ATTR_ISSUER_LIST_EX).unwrap();
        assert_eq!(list.cIssuers, 1);
        let name = unsafe {
            std::slice::from_raw_parts((*list.aIssuers).pbData, (*list.aIssuers).cbData as usize)
        }
        .to_vec();
        unsafe { schannel_shim::exports::sspi::FreeContextBuffer(list.aIssuers.cast()) };
        let ca = der_of("ca.pem");
        assert!(
            ca.windows(name.len()).any(|w| w == &name[..]),
            "the issuer name is the CA's subject"
        );
        // curl's answer: the same bytes again, now with USE_SUPPLIED_CREDS; the handshake goes on
        // without a certificate and the server, which requires one, refuses.
        c.flags |= ISC_REQ_USE_SUPPLIED_CREDS;
        let r = c.step_with(Some(&held));
        assert!(
            matches!(r.status, SEC_I_CONTINUE_NEEDED | SEC_E_OK),
            "{:#x}",
            r.status
        );
        s.inbox = r.token;
        let mut st = s.step().status;
        if st == SEC_I_CONTINUE_NEEDED {
            st = s.step().status;
        }
        assert_eq!(st, SEC_E_NO_CREDENTIALS);
        unsafe { CertCloseStore(roots, 0) };
    }
}

/// Makes a self-signed certificate + PKCS#8 key with `openssl req` and the given key options.
fn make_identity(dir: &std::path::Path, name: &str, keyopts: &[&str]) -> (String, String) {
    let key = dir.join(format!("{name}.key"));
    let crt = dir.join(format!("{name}.pem"));
    let mut cmd = Command::new("openssl");
    cmd.args([
        "req",
        "-x509",
        "-new",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost",
        "-keyout",
    ])
    .arg(&key)
    .arg("-out")
    .arg(&crt)
    .args(keyopts);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        std::fs::read_to_string(crt).unwrap(),
        std::fs::read_to_string(key).unwrap(),
    )
}

fn server_cred_from_pem(chain: &str, key: &str) -> Result<CredHandle, SECURITY_STATUS> {
    let chain = std::ffi::CString::new(chain).unwrap();
    let key = std::ffi::CString::new(key).unwrap();
    let ctx = unsafe { SchShimCertFromPem(chain.as_ptr(), key.as_ptr()) };
    if ctx.is_null() {
        // The import itself refuses a key it cannot use.
        return Err(SEC_E_NO_CREDENTIALS);
    }
    let mut certs = [ctx];
    let r = AuthData::new(
        TLS13.1 | TLS12.1,
        SCH_CRED_MANUAL_CRED_VALIDATION,
        &mut certs,
    )
    .acquire(SECPKG_CRED_INBOUND);
    unsafe { CertFreeCertificateContext(ctx) };
    r
}

// CONTRACT §3, §11
#[test]
fn identities_with_every_signing_key_type_and_refusal_of_unusable_keys() {
    pki();
    let dir = std::env::temp_dir().join(format!("schshim-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // RSA keys sign with PKCS#1 v1.5 (TLS 1.2) and PSS (TLS 1.3); the handshakes offer both.
    let kinds: [(&str, &[&str]); 3] = [
        (
            "p384",
            &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
        ),
        ("ed25519", &["-newkey", "ed25519"]),
        ("rsa3072", &["-newkey", "rsa:3072"]),
    ];
    for (name, opts) in kinds {
        let (chain, key) = make_identity(&dir, name, opts);
        let cred = server_cred_from_pem(&chain, &key).unwrap_or_else(|e| panic!("{name}: {e:#x}"));
        let mut s = Peer::new(Role::Server, cred);
        let mut c = Peer::new(
            Role::Client,
            client_cred(TLS13.0 | TLS12.0, SCH_CRED_MANUAL_CRED_VALIDATION),
        );
        handshake(&mut c, &mut s);
        drain(&mut c, &mut s);
        s.inbox = c.encrypt(name.as_bytes()).unwrap();
        assert_eq!(drain(&mut s, &mut c), name.as_bytes());
    }
    // ring cannot sign with P-521, nor load an RSA key whose certificate says id-RSASSA-PSS:
    // such certificates are no usable credential.
    for (name, opts) in [
        (
            "p521",
            ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-521"],
        ),
        (
            "rsapss",
            ["-newkey", "rsa-pss", "-pkeyopt", "rsa_keygen_bits:2048"],
        ),
    ] {
        let (chain, key) = make_identity(&dir, name, &opts);
        assert_eq!(
            server_cred_from_pem(&chain, &key).err(),
            Some(SEC_E_NO_CREDENTIALS),
            "{name}"
        );
    }
    // A key that does not belong to the certificate.
    let (chain, _) = make_identity(
        &dir,
        "mismatch-a",
        &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
    );
    let (_, other_key) = make_identity(
        &dir,
        "mismatch-b",
        &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
    );
    let chain_c = std::ffi::CString::new(chain).unwrap();
    let key_c = std::ffi::CString::new(other_key).unwrap();
    let ctx = unsafe { SchShimCertFromPem(chain_c.as_ptr(), key_c.as_ptr()) };
    if !ctx.is_null() {
        let mut certs = [ctx];
        assert_eq!(
            AuthData::new(TLS13.1, 0, &mut certs)
                .acquire(SECPKG_CRED_INBOUND)
                .err(),
            Some(SEC_E_NO_CREDENTIALS)
        );
        unsafe { CertFreeCertificateContext(ctx) };
    }
    let _ = std::fs::remove_dir_all(&dir);
}
