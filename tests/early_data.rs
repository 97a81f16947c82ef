//! Issue "Hostile peers" defect 1: 0-RTT from a client whose early data the server does not
//! accept. A TLS 1.3 ClientHello offers `early_data` (with a PSK the server cannot resume); the
//! early records that follow must be skipped (RFC 8446 §4.2.10), up to one record's worth
//! (rustls's bound when the server allows no early data), in the call that carries the
//! ClientHello or in later ones; past that bound the handshake fails, and the ServerHello
//! flight goes out ahead of the alert, which the client needs it to read (CONTRACT §4).

mod common;

use common::*;
use schannel_shim::abi::*;

fn with_early_data(hello_record: &[u8]) -> Vec<u8> {
    let msg = &hello_record[5 + 4..];
    let mut i = 2 + 32;
    i += 1 + msg[i] as usize;
    i += 2 + u16::from_be_bytes([msg[i], msg[i + 1]]) as usize;
    i += 1 + msg[i] as usize;
    let ext_len = u16::from_be_bytes([msg[i], msg[i + 1]]) as usize;
    let mut exts = msg[i + 2..i + 2 + ext_len].to_vec();
    exts.extend_from_slice(&[0x00, 0x2a, 0, 0]); // early_data
                                                 // pre_shared_key: one unknown identity, one 32-byte binder
    let identity = [0x42u8; 32];
    let mut ids = Vec::new();
    ids.extend_from_slice(&(identity.len() as u16).to_be_bytes());
    ids.extend_from_slice(&identity);
    ids.extend_from_slice(&[0, 0, 0, 1]);
    let mut binders = vec![32u8];
    binders.extend_from_slice(&[0x17; 32]);
    let mut psk = Vec::new();
    psk.extend_from_slice(&(ids.len() as u16).to_be_bytes());
    psk.extend_from_slice(&ids);
    psk.extend_from_slice(&(binders.len() as u16).to_be_bytes());
    psk.extend_from_slice(&binders);
    exts.extend_from_slice(&[0x00, 0x29]);
    exts.extend_from_slice(&(psk.len() as u16).to_be_bytes());
    exts.extend_from_slice(&psk);
    let mut body = msg[..i].to_vec();
    body.extend_from_slice(&(exts.len() as u16).to_be_bytes());
    body.extend_from_slice(&exts);
    let mut hs = vec![1u8];
    hs.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    hs.extend_from_slice(&body);
    let mut out = vec![22, 3, 1];
    out.extend_from_slice(&(hs.len() as u16).to_be_bytes());
    out.extend_from_slice(&hs);
    out
}

fn early_records(sizes: &[usize]) -> Vec<u8> {
    let mut out = Vec::new();
    for &n in sizes {
        out.extend_from_slice(&[23, 3, 3]);
        out.extend_from_slice(&(n as u16).to_be_bytes());
        out.resize(out.len() + n, 0x5a);
    }
    out
}

// CONTRACT §4
#[test]
fn rejected_early_data_is_skipped_in_the_same_call_or_later_ones() {
    for same_call in [true, false] {
        let (mut c, mut s) = pair("ecdsa", TLS13.0, TLS13.1);
        s.flags |= ASC_REQ_EXTENDED_ERROR;
        let hello = with_early_data(&c.step().token);
        let early = early_records(&[100, 3000, 200]);
        s.inbox = hello;
        if same_call {
            s.inbox.extend_from_slice(&early);
        }
        let step = s.step();
        assert_eq!(step.status, SEC_I_CONTINUE_NEEDED, "same call: {same_call}");
        assert_eq!(step.token.first(), Some(&22), "the ServerHello flight");
        assert_eq!(step.extra, None, "the early records are consumed");
        if !same_call {
            s.inbox = early;
            let step = s.step();
            assert_eq!(
                step.status, SEC_I_CONTINUE_NEEDED,
                "skipped in a later call"
            );
            assert!(step.token.is_empty());
            assert_eq!(step.extra, None);
        }
        assert!(s.last_alert.is_empty(), "no alert");
    }
}

// CONTRACT §4, §9
#[test]
fn too_much_rejected_early_data_fails_after_the_flight() {
    let (mut c, mut s) = pair("ecdsa", TLS13.0, TLS13.1);
    s.flags |= ASC_REQ_EXTENDED_ERROR;
    s.inbox = with_early_data(&c.step().token);
    s.inbox
        .extend_from_slice(&early_records(&[100, 16000, 4000]));
    let step = s.step();
    assert_eq!(step.status, SEC_E_DECRYPT_FAILURE);
    let out = &s.last_alert;
    assert_eq!(out.first(), Some(&22), "the ServerHello flight first");
    // Then the records of the flight, the last one the (protected) alert.
    let mut at = 0;
    let mut last = 0;
    while at + 5 <= out.len() {
        last = at;
        at += 5 + u16::from_be_bytes([out[at + 3], out[at + 4]]) as usize;
    }
    assert_eq!(at, out.len(), "whole records");
    assert_eq!(out[last], 23, "a protected alert closes it");
    assert_eq!(out.len() - last, 5 + 2 + 1 + 16, "one alert record");
}
