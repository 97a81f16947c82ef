//! Automatic server validation through a handshake, for each generated certificate set: the
//! SECURITY_STATUS the client's InitializeSecurityContext returns (CONTRACT §9).

mod common;

use std::ffi::CString;
use std::sync::OnceLock;

use common::*;
use schannel_shim::abi::*;

/// Trust both test roots (the main CA and the chain3 root) for this process, before the first
/// credential loads the trust store.
fn trust_both_roots() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let dir = pki();
        let mut bundle = read("ca.pem");
        bundle.extend_from_slice(&read("chain3-root.pem"));
        let path = dir.join("validation-bundle.pem");
        std::fs::write(&path, bundle).unwrap();
        std::env::set_var("SSL_CERT_FILE", &path);
    });
}

fn isc_status(server: &str, target: &str) -> SECURITY_STATUS {
    trust_both_roots();
    let mut s = Peer::new(Role::Server, server_cred(server, TLS13.1 | TLS12.1, 0));
    let mut c = Peer::new(Role::Client, client_cred(TLS13.0 | TLS12.0, 0));
    c.target = CString::new(target).unwrap();
    s.inbox = c.step_with(None).token;
    c.inbox = s.step().token;
    let mut st = c.step();
    if st.status == SEC_I_CONTINUE_NEEDED {
        // TLS 1.2 would need another round; both sides offer TLS 1.3 here.
        s.inbox = st.token;
        c.inbox = s.step().token;
        st = c.step();
    }
    st.status
}

// CONTRACT §9
#[test]
fn valid_chain_with_intermediate() {
    assert_eq!(isc_status("chain3-leaf", "localhost"), SEC_E_OK);
}

// CONTRACT §9
#[test]
fn not_yet_valid_is_expired() {
    assert_eq!(isc_status("chain3-future", "localhost"), SEC_E_CERT_EXPIRED);
}

// CONTRACT §9
#[test]
fn ip_san_matches_ip_targets_only() {
    assert_eq!(isc_status("chain3-ip", "127.0.0.1"), SEC_E_OK);
    assert_eq!(isc_status("chain3-ip", "localhost"), SEC_E_WRONG_PRINCIPAL);
}

// CONTRACT §9
#[test]
fn wildcard_covers_one_label() {
    assert_eq!(isc_status("chain3-wild", "a.example.test"), SEC_E_OK);
    assert_eq!(
        isc_status("chain3-wild", "example.test"),
        SEC_E_WRONG_PRINCIPAL
    );
    assert_eq!(
        isc_status("chain3-wild", "a.b.example.test"),
        SEC_E_WRONG_PRINCIPAL
    );
}

// CONTRACT §9
#[test]
fn wrong_eku_is_a_certificate_problem() {
    assert_eq!(isc_status("chain3-client", "localhost"), SEC_E_CERT_UNKNOWN);
}

// CONTRACT §9
#[test]
fn no_san_fails_the_name_check() {
    // webpki matches names only against subjectAltName (no CN fallback): see README.
    assert_eq!(
        isc_status("chain3-nosan", "localhost"),
        SEC_E_WRONG_PRINCIPAL
    );
}

// CONTRACT §9
#[test]
fn self_signed_is_untrusted() {
    trust_both_roots();
    let dir = pki();
    let chain = std::fs::read_to_string(dir.join("chain3-self.pem")).unwrap();
    let key = std::fs::read_to_string(dir.join("chain3-self.key")).unwrap();
    let (chain, key) = (CString::new(chain).unwrap(), CString::new(key).unwrap());
    let ctx = unsafe {
        schannel_shim::exports::crypt32::SchShimCertFromPem(chain.as_ptr(), key.as_ptr())
    };
    assert!(!ctx.is_null());
    let mut certs = [ctx];
    let cred = AuthData::new(TLS13.1, 0, &mut certs)
        .acquire(SECPKG_CRED_INBOUND)
        .unwrap();
    unsafe { schannel_shim::exports::crypt32::CertFreeCertificateContext(ctx) };
    let mut s = Peer::new(Role::Server, cred);
    let mut c = Peer::new(Role::Client, client_cred(TLS13.0, 0));
    s.inbox = c.step_with(None).token;
    c.inbox = s.step().token;
    assert_eq!(c.step().status, SEC_E_UNTRUSTED_ROOT);
}
