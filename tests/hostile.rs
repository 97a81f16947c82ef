//! Hostile peers: inputs the fuzz targets found or the hostile-peer suite (issue 10) names,
//! replayed through the exported functions.

mod common;

use common::*;
use schannel_shim::abi::*;

/// Records of a flight: (content type, length) of each.
fn records(bytes: &[u8]) -> Vec<(u8, usize)> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while rest.len() >= 5 {
        let len = u16::from_be_bytes([rest[3], rest[4]]) as usize;
        out.push((rest[0], len));
        rest = &rest[(5 + len).min(rest.len())..];
    }
    out
}

/// A TLS 1.2 client's whole flight from another connection (ClientHello, then ClientKeyExchange,
/// CCS and a Finished under keys this server never had), the first input of the
/// handshake_server fuzz target's crash: the server fails with one fatal alert and a clear
/// status. Before the fix, fetching the alert made rustls deframe the failed record again and
/// send a second fatal alert, which its debug assertions turn into a panic
/// (SEC_E_INTERNAL_ERROR; `cargo test` without --release shows it).
#[test]
fn replayed_tls12_flight_fails_with_one_alert() {
    let (mut c, mut s) = pair("ecdsa", TLS12.0, TLS12.1);
    let first = c.step_with(None);
    s.inbox.extend_from_slice(&first.token);
    let mut flight = first.token.clone();
    let sh = s.step();
    c.inbox.extend_from_slice(&sh.token);
    let second = c.step();
    assert_eq!(second.status, SEC_I_CONTINUE_NEEDED);
    flight.extend_from_slice(&second.token);

    let mut other = Peer::new(Role::Server, server_cred("ecdsa", TLS12.1, 0));
    other.flags |= ASC_REQ_EXTENDED_ERROR;
    other.inbox = flight;
    let mut last = None;
    for _ in 0..4 {
        let st = other.step();
        if st.status != SEC_I_CONTINUE_NEEDED {
            last = Some(st);
            break;
        }
    }
    let st = last.expect("the replayed flight fails");
    assert_ne!(st.status, SEC_E_INTERNAL_ERROR, "a peer's input is never an internal error");
    assert!(st.status < 0, "failure, got {:#x}", st.status);
    let alert = if st.token.is_empty() {
        other.last_alert.clone()
    } else {
        st.token.clone()
    };
    let recs = records(&alert);
    assert_eq!(recs.len(), 1, "exactly one alert record: {alert:02x?}");
    assert_eq!(recs[0].0, 21, "an alert record");
}
