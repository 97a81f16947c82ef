//! rustls's limits, held and reported: a second TLS 1.2 renegotiation request is fatal, a flood
//! of KeyUpdates is bounded. (Peers that do this are played with a test hook that seals raw
//! records; rustls and OpenSSL 3.0 never send a second request.)

mod common;

use common::*;
use schannel_shim::abi::*;

const HANDSHAKE: u8 = 22;
const ALERT: u8 = 21;

// CONTRACT §7
#[test]
fn tls12_hello_request_is_refused_once_then_fatal() {
    let (mut c, mut s) = connected(TLS12);
    let hello_request = [0u8, 0, 0, 0];
    c.inbox = raw(&s, HANDSHAKE, &hello_request);
    c.inbox
        .extend_from_slice(&s.encrypt(b"after the request").unwrap());
    assert_eq!(c.decrypt_one().0, SEC_I_RENEGOTIATE);
    // A write before the follow-up is fine and keeps its order relative to the alert.
    s.inbox = c.encrypt(b"early write").unwrap();
    let alert = c.renegotiate_followup();
    assert!(!alert.is_empty(), "the no_renegotiation warning");
    s.inbox.extend_from_slice(&alert);
    assert_eq!(
        drain(&mut s, &mut c),
        b"early write",
        "the warning alert is absorbed"
    );
    assert_eq!(drain(&mut c, &mut s), b"after the request");
    // The second request is fatal, and stays so.
    c.inbox = raw(&s, HANDSHAKE, &hello_request);
    assert_eq!(c.decrypt_one().0, SEC_E_ILLEGAL_MESSAGE);
    c.inbox = s.encrypt(b"too late").unwrap();
    assert_eq!(c.decrypt_one().0, SEC_E_ILLEGAL_MESSAGE);
    assert_eq!(c.encrypt(b"x").err(), Some(SEC_E_ILLEGAL_MESSAGE));
}

// CONTRACT §7
#[test]
fn tls12_client_hello_after_the_handshake_is_refused_by_the_server() {
    let (mut c, mut s) = connected(TLS12);
    s.inbox = raw(&c, HANDSHAKE, &[1, 0, 0, 2, 3, 3]);
    assert_eq!(s.decrypt_one().0, SEC_I_RENEGOTIATE);
    let alert = s.renegotiate_followup();
    c.inbox = alert;
    assert_eq!(c.decrypt_one().0, SEC_E_OK, "a warning alert is absorbed");
    s.inbox = c.encrypt(b"still connected").unwrap();
    assert_eq!(drain(&mut s, &mut c), b"still connected");
}

// CONTRACT §7, §9
#[test]
fn tls13_renegotiation_messages_and_fatal_alerts_end_the_connection() {
    let (mut c, s) = connected(TLS13);
    c.inbox = raw(&s, HANDSHAKE, &[0, 0, 0, 0]);
    assert_eq!(
        c.decrypt_one().0,
        SEC_E_ILLEGAL_MESSAGE,
        "no HelloRequest in TLS 1.3"
    );
    let (mut c, s) = connected(TLS13);
    c.inbox = raw(&s, ALERT, &[2, 48]);
    assert_eq!(
        c.decrypt_one().0,
        SEC_E_UNTRUSTED_ROOT,
        "fatal unknown_ca maps per the table"
    );
}

// CONTRACT §7
#[test]
fn keyupdate_flood_is_bounded() {
    let (mut c, mut s) = connected(TLS13);
    // 33 KeyUpdates in a row without application data in between: the 33rd is one too many.
    let mut wire = Vec::new();
    for _ in 0..33 {
        let redo = s.step_with(Some(&[]));
        assert_eq!(redo.status, SEC_I_CONTINUE_NEEDED);
        wire.extend_from_slice(&redo.token);
    }
    c.inbox = wire;
    for i in 0..32 {
        assert_eq!(c.decrypt_one().0, SEC_I_RENEGOTIATE, "KeyUpdate {i}");
        let reply = c.renegotiate_followup();
        assert!(!reply.is_empty());
    }
    assert_eq!(c.decrypt_one().0, SEC_E_ILLEGAL_MESSAGE);
}

// CONTRACT §7
#[test]
fn application_data_resets_the_keyupdate_count() {
    let (mut c, mut s) = connected(TLS13);
    for round in 0..3 {
        let mut wire = Vec::new();
        for _ in 0..30 {
            wire.extend_from_slice(&s.step_with(Some(&[])).token);
        }
        wire.extend_from_slice(&s.encrypt(b"data").unwrap());
        c.inbox = wire;
        let mut replies = Vec::new();
        let got = {
            let mut got = Vec::new();
            while !c.inbox.is_empty() {
                let (st, plain, _) = c.decrypt_one();
                match st {
                    SEC_E_OK => got.extend_from_slice(&plain),
                    SEC_I_RENEGOTIATE => replies.extend_from_slice(&c.renegotiate_followup()),
                    other => panic!("round {round}: {other:#x}"),
                }
            }
            got
        };
        assert_eq!(got, b"data");
        // The client's 30 replies are KeyUpdates too: its data resets the server's count.
        replies.extend_from_slice(&c.encrypt(b"ack").unwrap());
        s.inbox = replies;
        assert_eq!(drain(&mut s, &mut c), b"ack");
    }
}
