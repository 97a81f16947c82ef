//! When a TLS 1.3 server sends NewSessionTickets (issue "Hostile peers" defect 6): after every
//! full and every resumed handshake, its tickets (rustls sends two) in one record, to every
//! client that offers psk_dhe_ke; none when the credential has SCH_CRED_DISABLE_RECONNECTS
//! (tests-c/test_session.c) or the client offers no psk_dhe_ke (RFC 8446 §4.2.9: rustls then
//! sends none). The client sees one SEC_I_RENEGOTIATE per ticket record (CONTRACT §7).

mod common;

use common::*;
use schannel_shim::abi::*;

/// The SEC_I_RENEGOTIATE records the client reads after the handshake, answered as Windows
/// code answers them.
fn ticket_records(c: &mut Peer) -> usize {
    let mut n = 0;
    while !c.inbox.is_empty() {
        let (status, _, _) = c.decrypt_one();
        assert!(
            matches!(status, SEC_I_RENEGOTIATE | SEC_E_OK),
            "{status:#x}"
        );
        if status == SEC_I_RENEGOTIATE {
            n += 1;
            assert!(c.renegotiate_followup().is_empty());
        }
    }
    n
}

// CONTRACT §7
#[test]
fn tickets_follow_every_full_and_resumed_tls13_handshake() {
    let cc = client_cred(TLS13.0, 0);
    let sc = server_cred("ecdsa", TLS13.1, 0);
    for round in 0..3 {
        let mut c = Peer::new(Role::Client, cc);
        let mut s = Peer::new(Role::Server, sc);
        handshake(&mut c, &mut s);
        assert_eq!(
            ticket_records(&mut c),
            1,
            "round {round}: one record of tickets"
        );
        let info: SecPkgContext_SessionInfo = c.query(SECPKG_ATTR_SESSION_INFO).unwrap();
        let resumed = info.dwFlags & SSL_SESSION_RECONNECT != 0;
        assert_eq!(resumed, round > 0, "round {round}");
        // The credentials outlive the peers; the contexts go with them.
        c.cred = CredHandle {
            dwLower: 0,
            dwUpper: 0,
        };
        s.cred = c.cred;
    }
}
