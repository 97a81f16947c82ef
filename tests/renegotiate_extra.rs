//! Where the post-handshake record goes after `SEC_I_RENEGOTIATE` (CONTRACT §7 as the README
//! states it): DecryptMessage's `SECBUFFER_EXTRA` starts at the event record itself, never
//! empty, and the follow-up ISC/ASC that is handed those bytes consumes exactly that record and
//! gives the rest back as EXTRA. A caller that gives the follow-up nothing (the SDK sample's
//! handshake loop) and feeds the same EXTRA to DecryptMessage loses nothing either.

mod common;

use common::*;
use schannel_shim::abi::*;

/// A TLS 1.3 pair after the handshake; the client's inbox holds the server's ticket record.
fn tls13_pair_with_ticket() -> (Peer, Peer) {
    let (mut c, mut s) = pair("ecdsa", TLS13.0, TLS13.1);
    handshake(&mut c, &mut s);
    assert!(
        !c.inbox.is_empty(),
        "the server's tickets follow its Finished"
    );
    (c, s)
}

// CONTRACT §7
#[test]
fn a_ticket_as_the_last_record_comes_back_whole_as_extra_and_the_followup_consumes_it() {
    // curl's case: the ticket record alone in the buffer. curl copies EXTRA into a buffer of
    // that size for InitializeSecurityContext; zero bytes would be malloc(0), which its debug
    // build refuses.
    let (mut c, mut s) = tls13_pair_with_ticket();
    let record = first_record_len(&c.inbox);
    assert_eq!(record, c.inbox.len(), "one record of tickets");
    let (status, plain, _) = c.decrypt_one();
    assert_eq!(status, SEC_I_RENEGOTIATE);
    assert!(plain.is_empty());
    assert_eq!(c.inbox.len(), record, "EXTRA is the whole ticket record");
    let followup = c.step();
    assert_eq!(followup.status, SEC_E_OK);
    assert!(followup.token.is_empty(), "nothing owed for a ticket");
    assert_eq!(
        followup.extra, None,
        "the record is consumed, nothing is left"
    );
    assert!(c.inbox.is_empty());
    // The connection goes on.
    let data = s.encrypt(b"after the ticket").unwrap();
    c.inbox.extend_from_slice(&data);
    assert_eq!(
        c.decrypt_one(),
        (SEC_E_OK, b"after the ticket".to_vec(), None)
    );
}

// CONTRACT §7
#[test]
fn records_after_the_event_come_back_from_the_followup_in_order() {
    let (mut c, mut s) = tls13_pair_with_ticket();
    let ticket = first_record_len(&c.inbox);
    // A KeyUpdate asking for ours, then data, all in one read with the ticket.
    let redo = s.step_with(Some(&[]));
    assert_eq!(redo.status, SEC_I_CONTINUE_NEEDED);
    c.inbox.extend_from_slice(&redo.token);
    c.inbox.extend_from_slice(&s.encrypt(b"one").unwrap());
    c.inbox.extend_from_slice(&s.encrypt(b"two").unwrap());
    let total = c.inbox.len();

    assert_eq!(c.decrypt_one().0, SEC_I_RENEGOTIATE);
    assert_eq!(c.inbox.len(), total, "EXTRA starts at the ticket record");
    let f = c.step();
    assert_eq!((f.status, f.extra), (SEC_E_OK, Some(total - ticket)));

    let key_update = first_record_len(&c.inbox);
    assert_eq!(c.decrypt_one().0, SEC_I_RENEGOTIATE);
    let left = c.inbox.len();
    let f = c.step();
    assert_eq!((f.status, f.extra), (SEC_E_OK, Some(left - key_update)));
    assert!(!f.token.is_empty(), "our KeyUpdate reply");
    s.inbox.extend_from_slice(&f.token);

    assert_eq!(c.decrypt_one(), (SEC_E_OK, b"one".to_vec(), None));
    assert_eq!(c.decrypt_one(), (SEC_E_OK, b"two".to_vec(), None));
    assert!(c.inbox.is_empty());
    // The server takes the reply, and both directions work under the new keys.
    assert!(drain(&mut s, &mut c).is_empty());
    c.inbox.extend_from_slice(&s.encrypt(b"three").unwrap());
    assert_eq!(c.decrypt_one(), (SEC_E_OK, b"three".to_vec(), None));
    s.inbox.extend_from_slice(&c.encrypt(b"four").unwrap());
    assert_eq!(s.decrypt_one(), (SEC_E_OK, b"four".to_vec(), None));
}

// CONTRACT §7
#[test]
fn a_followup_given_nothing_leaves_the_event_record_for_decrypt_message_to_skip() {
    // The SDK sample: after SEC_I_RENEGOTIATE it keeps DecryptMessage's EXTRA in its read
    // buffer and runs its handshake loop with no input; the next DecryptMessage starts at the
    // already-processed record.
    let (mut c, mut s) = tls13_pair_with_ticket();
    let ticket = first_record_len(&c.inbox);
    c.inbox.extend_from_slice(&s.encrypt(b"kept").unwrap());
    assert_eq!(c.decrypt_one().0, SEC_I_RENEGOTIATE);
    let f = c.step_with(Some(&[]));
    assert_eq!((f.status, f.extra), (SEC_E_OK, None));
    let before = c.inbox.len();
    assert_eq!(
        c.decrypt_one(),
        (SEC_E_OK, Vec::new(), None),
        "the processed record reads as one without data"
    );
    assert_eq!(c.inbox.len(), before - ticket);
    assert_eq!(c.decrypt_one(), (SEC_E_OK, b"kept".to_vec(), None));
}

// CONTRACT §7
#[test]
fn a_caller_that_drops_the_event_record_loses_nothing_after_it() {
    // Only the processed record is skipped: the same header and length on a fresh record (all
    // of these records are the same size) is not enough.
    let (mut c, mut s) = tls13_pair_with_ticket();
    let ticket = first_record_len(&c.inbox);
    assert_eq!(c.decrypt_one().0, SEC_I_RENEGOTIATE);
    let f = c.step_with(Some(&[]));
    assert_eq!(f.status, SEC_E_OK);
    c.inbox.drain(..ticket);
    let a = s.encrypt(b"same size A").unwrap();
    let b = s.encrypt(b"same size B").unwrap();
    assert_eq!(a.len(), b.len());
    c.inbox.extend_from_slice(&a);
    c.inbox.extend_from_slice(&b);
    assert_eq!(c.decrypt_one(), (SEC_E_OK, b"same size A".to_vec(), None));
    assert_eq!(c.decrypt_one(), (SEC_E_OK, b"same size B".to_vec(), None));
}

// CONTRACT §7
#[test]
fn a_server_followup_consumes_the_clients_key_update_and_answers_it() {
    let (mut c, mut s) = tls13_pair_with_ticket();
    drain(&mut c, &mut s);
    let redo = c.step_with(Some(&[]));
    assert_eq!(redo.status, SEC_I_CONTINUE_NEEDED);
    s.inbox.extend_from_slice(&redo.token);
    let record = first_record_len(&s.inbox);
    assert_eq!(s.decrypt_one().0, SEC_I_RENEGOTIATE);
    assert_eq!(s.inbox.len(), record, "EXTRA is the KeyUpdate record");
    let f = s.step();
    assert_eq!((f.status, f.extra), (SEC_E_OK, None));
    assert!(!f.token.is_empty(), "the server's KeyUpdate reply");
    c.inbox.extend_from_slice(&f.token);
    assert_eq!(c.decrypt_one().0, SEC_I_RENEGOTIATE);
    assert_eq!(c.step().status, SEC_E_OK);
    s.inbox.extend_from_slice(&c.encrypt(b"rekeyed").unwrap());
    assert_eq!(s.decrypt_one(), (SEC_E_OK, b"rekeyed".to_vec(), None));
}
