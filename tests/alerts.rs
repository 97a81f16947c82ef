//! CONTRACT §6 / issue "Hostile peers" §1: every fatal DecryptMessage error owes the peer the
//! alert RFC 8446 §6.2 / RFC 5246 §7.2 name, and the next ISC/ASC on the context (the
//! application's shutdown path, with or without ApplyControlToken) returns it as its token in
//! place of close_notify. The misbehaving peer is played with a hook that seals raw records; the
//! well-behaved end reads the alert back through its own DecryptMessage.

mod common;

use common::*;
use schannel_shim::abi::*;
use schannel_shim::exports::sspi::{context_for_tests, ApplyControlToken};

const CCS: u8 = 20;
const ALERT: u8 = 21;
const HANDSHAKE: u8 = 22;
const APP_DATA: u8 = 23;

fn alert_seen_by(peer: &Peer) -> Option<(u8, u8)> {
    context_for_tests(&peer.ctx).unwrap().last_alert_for_tests()
}

fn apply_shutdown(p: &mut Peer) {
    let mut word = SCHANNEL_SHUTDOWN.to_le_bytes();
    let mut b = [SecBuffer {
        cbBuffer: 4,
        BufferType: SECBUFFER_TOKEN,
        pvBuffer: word.as_mut_ptr().cast(),
    }];
    let mut d = desc(&mut b);
    assert_eq!(unsafe { ApplyControlToken(&mut p.ctx, &mut d) }, SEC_E_OK);
}

/// The client receives `bad` from the server; it fails with `status`, and its next ISC sends
/// the fatal alert `alert`, which the server reads.
fn answered_with(
    versions: (u32, u32),
    bad: impl Fn(&mut Peer) -> Vec<u8>,
    status: SECURITY_STATUS,
    alert: u32,
    via_shutdown: bool,
) {
    let (mut c, mut s) = connected(versions);
    c.inbox = bad(&mut s);
    assert_eq!(c.decrypt_one().0, status, "status for the broken record");
    if via_shutdown {
        apply_shutdown(&mut c);
    }
    let step = c.step_with(None);
    assert_eq!(
        step.status, SEC_E_OK,
        "the call after the failure sends the alert"
    );
    assert!(!step.token.is_empty(), "an alert record");
    s.inbox = step.token;
    let (got, _, _) = s.decrypt_one();
    assert_eq!(got, schannel_shim::status::from_alert(alert as u8));
    assert_eq!(
        alert_seen_by(&s),
        Some((TLS1_ALERT_FATAL as u8, alert as u8)),
        "the alert the RFC names"
    );
    // The alert is sent once; the failure stays latched.
    let again = c.step_with(None);
    assert_eq!(again.status, status);
    assert!(again.token.is_empty());
    assert_eq!(c.encrypt(b"x").err(), Some(status));
}

// CONTRACT §6
#[test]
fn bad_record_mac() {
    for v in [TLS12, TLS13] {
        for via_shutdown in [false, true] {
            answered_with(
                v,
                |s| {
                    let mut rec = s.encrypt(b"tampered").unwrap();
                    let last = rec.len() - 1;
                    rec[last] ^= 1;
                    rec
                },
                SEC_E_DECRYPT_FAILURE,
                TLS1_ALERT_BAD_RECORD_MAC,
                via_shutdown,
            );
        }
    }
}

// CONTRACT §6
#[test]
fn record_overflow() {
    for v in [TLS12, TLS13] {
        answered_with(
            v,
            |s| raw(s, APP_DATA, &vec![7u8; 16385]),
            SEC_E_ILLEGAL_MESSAGE,
            TLS1_ALERT_RECORD_OVERFLOW,
            false,
        );
    }
    // A header claiming more than any protected record can hold.
    answered_with(
        TLS13,
        |_| vec![23, 3, 3, 0x48, 0x01, 0, 0, 0],
        SEC_E_ILLEGAL_MESSAGE,
        TLS1_ALERT_RECORD_OVERFLOW,
        false,
    );
}

// CONTRACT §6
#[test]
fn unexpected_message() {
    for v in [TLS12, TLS13] {
        // A ChangeCipherSpec after the handshake, and an empty handshake record.
        answered_with(
            v,
            |s| raw(s, CCS, &[1]),
            SEC_E_ILLEGAL_MESSAGE,
            TLS1_ALERT_UNEXPECTED_MESSAGE,
            false,
        );
        answered_with(
            v,
            |s| raw(s, HANDSHAKE, &[]),
            SEC_E_ILLEGAL_MESSAGE,
            TLS1_ALERT_UNEXPECTED_MESSAGE,
            false,
        );
    }
    // TLS 1.3: a handshake message that may not come after the handshake (a ServerHello).
    answered_with(
        TLS13,
        |s| raw(s, HANDSHAKE, &[2, 0, 0, 0]),
        SEC_E_ILLEGAL_MESSAGE,
        TLS1_ALERT_UNEXPECTED_MESSAGE,
        false,
    );
}

// CONTRACT §6
#[test]
fn decode_error() {
    for v in [TLS12, TLS13] {
        // An alert of one byte, and a handshake header cut short.
        answered_with(
            v,
            |s| raw(s, ALERT, &[2]),
            SEC_E_ILLEGAL_MESSAGE,
            TLS1_ALERT_DECODE_ERROR,
            false,
        );
        answered_with(
            v,
            |s| raw(s, HANDSHAKE, &[24, 0, 0]),
            SEC_E_ILLEGAL_MESSAGE,
            TLS1_ALERT_DECODE_ERROR,
            false,
        );
    }
    // Bytes that are no TLS record at all.
    answered_with(
        TLS12,
        |_| vec![0xfa; 8],
        SEC_E_ILLEGAL_MESSAGE,
        TLS1_ALERT_DECODE_ERROR,
        false,
    );
}

// CONTRACT §6
#[test]
fn invalid_key_update() {
    // request_update 2: illegal_parameter (RFC 8446 §4.6.3); a two-byte body: decode_error.
    answered_with(
        TLS13,
        |s| raw(s, HANDSHAKE, &[24, 0, 0, 1, 2]),
        SEC_E_ILLEGAL_MESSAGE,
        TLS1_ALERT_ILLEGAL_PARAMETER,
        false,
    );
    answered_with(
        TLS13,
        |s| raw(s, HANDSHAKE, &[24, 0, 0, 2, 0, 0]),
        SEC_E_ILLEGAL_MESSAGE,
        TLS1_ALERT_DECODE_ERROR,
        false,
    );
}

// CONTRACT §6, §9
#[test]
fn a_fatal_alert_from_the_peer_owes_nothing_back() {
    let (mut c, mut s) = connected(TLS13);
    c.inbox = raw(&s, ALERT, &[2, 40]);
    assert_eq!(c.decrypt_one().0, SEC_E_ILLEGAL_MESSAGE);
    // Without ApplyControlToken nothing is owed.
    let step = c.step_with(None);
    assert_eq!(step.status, SEC_E_ILLEGAL_MESSAGE, "the latched failure");
    assert!(step.token.is_empty());
    // With it, the close_notify the application asked for, not an alert of ours.
    apply_shutdown(&mut c);
    let step = c.step_with(None);
    assert_eq!(step.status, SEC_E_OK);
    s.inbox = step.token;
    assert_eq!(s.decrypt_one().0, SEC_I_CONTEXT_EXPIRED);
}

/// A failing handshake call owes its alert too (CONTRACT §4): a zero-length application-data
/// record where the server expects the client's next flight is unexpected_message (sent in
/// plaintext before keys, as rustls writes it); in TLS 1.3 after the ServerHello it is
/// protected, so it fails authentication (bad_record_mac, encrypted).
// CONTRACT §4, §9
#[test]
fn a_record_inside_the_handshake_is_answered_with_its_alert() {
    const UNEXPECTED_PLAIN: [u8; 7] = [21, 3, 3, 0, 2, 2, 10];
    for v in [TLS12, TLS13] {
        // Before the ClientHello.
        let (mut c, mut s) = pair("ecdsa", v.0, v.1);
        s.flags |= ASC_REQ_EXTENDED_ERROR;
        s.inbox = [23, 3, 3, 0, 0].to_vec();
        s.inbox.extend_from_slice(&c.step().token);
        assert_eq!(s.step().status, SEC_E_ILLEGAL_MESSAGE);
        assert_eq!(s.last_alert, UNEXPECTED_PLAIN, "{v:?}: unexpected_message");

        // In place of the client's second flight.
        let (mut c, mut s) = pair("ecdsa", v.0, v.1);
        s.flags |= ASC_REQ_EXTENDED_ERROR;
        s.inbox = c.step().token;
        c.inbox = s.step().token;
        let flight = c.step().token;
        s.inbox = [23, 3, 3, 0, 0].to_vec();
        s.inbox.extend_from_slice(&flight);
        let step = s.step();
        if v == TLS12 {
            assert_eq!(step.status, SEC_E_ILLEGAL_MESSAGE);
            assert_eq!(
                s.last_alert, UNEXPECTED_PLAIN,
                "TLS 1.2: unexpected_message"
            );
        } else {
            assert_eq!(step.status, SEC_E_DECRYPT_FAILURE);
            assert_eq!(s.last_alert[0], 23, "TLS 1.3: a protected alert record");
            assert!(s.last_alert.len() > 7);
        }
        assert!(step.token.is_empty(), "the alert went to the ALERT buffer");
    }
}
