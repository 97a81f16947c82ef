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
// CONTRACT §4, §9
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
    assert_ne!(
        st.status, SEC_E_INTERNAL_ERROR,
        "a peer's input is never an internal error"
    );
    assert!(st.status < 0, "failure, got {:#x}", st.status);
    let alert = if st.token.is_empty() {
        other.last_alert.clone()
    } else {
        st.token.clone()
    };
    // The server's own flight, made before the failure, goes first (CONTRACT §4: never an
    // alert in place of a flight); then exactly one alert record.
    let recs = records(&alert);
    let alerts = recs.iter().filter(|r| r.0 == 21).count();
    assert_eq!(alerts, 1, "exactly one alert record: {alert:02x?}");
    assert_eq!(recs.last().map(|r| r.0), Some(21), "the alert comes last");
}

/// Our TLS 1.2-only client's ClientHello with `TLS_FALLBACK_SCSV` appended to its suites, as a
/// client retrying with a lower version sends it (RFC 7507 §4).
fn tls12_hello(with_scsv: bool) -> Vec<u8> {
    let mut c = Peer::new(Role::Client, client_cred(TLS12.0, 0));
    let mut hello = c.step_with(None).token;
    assert_eq!(hello[0], 22);
    if with_scsv {
        let sid = 5 + 4 + 2 + 32;
        let suites = sid + 1 + hello[sid] as usize;
        let n = u16::from_be_bytes([hello[suites], hello[suites + 1]]) as usize;
        hello.splice(suites + 2 + n..suites + 2 + n, [0x56, 0x00]);
        let bump = |b: &mut [u8]| {
            let v = u16::from_be_bytes([b[0], b[1]]) + 2;
            b.copy_from_slice(&v.to_be_bytes());
        };
        bump(&mut hello[suites..suites + 2]);
        bump(&mut hello[3..5]);
        // The handshake length is 24 bits; its top byte stays 0 for a ClientHello this size.
        bump(&mut hello[7..9]);
    }
    hello
}

fn accept_first(server: CredHandle, hello: &[u8]) -> (Step, Vec<u8>) {
    let mut s = Peer::new(Role::Server, server);
    s.flags |= ASC_REQ_EXTENDED_ERROR;
    s.inbox = hello.to_vec();
    let st = s.step();
    let alert = if st.token.is_empty() {
        s.last_alert.clone()
    } else {
        st.token.clone()
    };
    (st, alert)
}

/// Defect 4: TLS_FALLBACK_SCSV in a TLS 1.2 ClientHello to a server that offers TLS 1.3 is a
/// downgraded retry: inappropriate_fallback (86), `SEC_E_ILLEGAL_MESSAGE` (the status for
/// that alert). Without the SCSV, or to a server whose highest version is TLS 1.2, the same
/// hello is answered.
// CONTRACT §4, §9
#[test]
fn fallback_scsv_to_a_tls13_server_is_inappropriate_fallback() {
    let (st, alert) = accept_first(sch_server(0, None).unwrap(), &tls12_hello(true));
    assert_eq!(st.status, SEC_E_ILLEGAL_MESSAGE, "status {:#x}", st.status);
    assert_eq!(
        alert,
        [21, 3, 3, 0, 2, 2, 86],
        "fatal inappropriate_fallback"
    );

    let (st, _) = accept_first(sch_server(0, None).unwrap(), &tls12_hello(false));
    assert_eq!(st.status, SEC_I_CONTINUE_NEEDED, "no SCSV: answered");
    let (st, _) = accept_first(
        sch_server(SP_PROT_TLS1_3, None).unwrap(),
        &tls12_hello(true),
    );
    assert_eq!(
        st.status, SEC_I_CONTINUE_NEEDED,
        "TLS 1.2 is our highest: answered"
    );
}

/// `hello` (one record holding a ClientHello) grown with a padding extension (RFC 7685) to a
/// record payload of exactly `payload` bytes.
fn padded_hello(hello: &[u8], payload: usize) -> Vec<u8> {
    let mut h = hello.to_vec();
    let now = h.len() - 5;
    let pad = payload - now - 4;
    h.extend_from_slice(&[0x00, 0x15]);
    h.extend_from_slice(&(pad as u16).to_be_bytes());
    h.extend(std::iter::repeat_n(0u8, pad));
    let grow = (payload - now) as u32;
    let rec = u16::from_be_bytes([h[3], h[4]]) as u32 + grow;
    h[3..5].copy_from_slice(&(rec as u16).to_be_bytes());
    let hs = u32::from_be_bytes([0, h[6], h[7], h[8]]) + grow;
    h[6..9].copy_from_slice(&hs.to_be_bytes()[1..]);
    // The extensions block's length sits at the end of the fixed part, found by walking it.
    let mut at = 9 + 2 + 32;
    at += 1 + h[at] as usize;
    at += 2 + u16::from_be_bytes([h[at], h[at + 1]]) as usize;
    at += 1 + h[at] as usize;
    let ext = u16::from_be_bytes([h[at], h[at + 1]]) as u32 + grow;
    h[at..at + 2].copy_from_slice(&(ext as u16).to_be_bytes());
    h
}

/// Defect 3: a plaintext record longer than 2^14 (a ClientHello record of 2^14 + 1 bytes) is
/// record_overflow (22), `SEC_E_ILLEGAL_MESSAGE`; the same ClientHello in a record of exactly
/// 2^14 bytes is answered.
// CONTRACT §4, §9
#[test]
fn plaintext_record_over_2_14_is_record_overflow() {
    let hello = tls12_hello(false);
    let (st, alert) = accept_first(
        sch_server(0, None).unwrap(),
        &padded_hello(&hello, (1 << 14) + 1),
    );
    assert_eq!(st.status, SEC_E_ILLEGAL_MESSAGE, "status {:#x}", st.status);
    assert_eq!(alert, [21, 3, 3, 0, 2, 2, 22], "fatal record_overflow");

    let (st, _) = accept_first(sch_server(0, None).unwrap(), &padded_hello(&hello, 1 << 14));
    assert_eq!(
        st.status, SEC_I_CONTINUE_NEEDED,
        "2^14 is legal: {:#x}",
        st.status
    );
}

/// `hello` (one record holding a ClientHello) with extension `ty`'s data replaced by `data`,
/// every length fixed up.
fn with_extension(hello: &[u8], ty: u16, data: &[u8]) -> Vec<u8> {
    let mut at = 9 + 2 + 32;
    at += 1 + hello[at] as usize;
    at += 2 + u16::from_be_bytes([hello[at], hello[at + 1]]) as usize;
    at += 1 + hello[at] as usize;
    let fixed = &hello[9..at];
    let mut exts = &hello[at + 2..];
    let mut out_exts = Vec::new();
    while exts.len() >= 4 {
        let t = u16::from_be_bytes([exts[0], exts[1]]);
        let n = u16::from_be_bytes([exts[2], exts[3]]) as usize;
        let body = if t == ty { data } else { &exts[4..4 + n] };
        out_exts.extend_from_slice(&t.to_be_bytes());
        out_exts.extend_from_slice(&(body.len() as u16).to_be_bytes());
        out_exts.extend_from_slice(body);
        exts = &exts[4 + n..];
    }
    let mut body = fixed.to_vec();
    body.extend_from_slice(&(out_exts.len() as u16).to_be_bytes());
    body.extend(out_exts);
    let mut h = vec![22, 3, 1];
    h.extend_from_slice(&((body.len() + 4) as u16).to_be_bytes());
    h.push(1);
    h.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    h.extend(body);
    h
}

fn sigalgs(schemes: &[u16]) -> Vec<u8> {
    let mut v = ((schemes.len() * 2) as u16).to_be_bytes().to_vec();
    for s in schemes {
        v.extend_from_slice(&s.to_be_bytes());
    }
    v
}

/// Defect 2: a TLS 1.2 ClientHello to an ECDSA P-256 server whose signature_algorithms offers
/// only schemes the key cannot sign with (ecdsa_secp384r1_sha384, ecdsa_secp521r1_sha512, or an
/// unknown ECDSA code point 0x0400 beside RSA schemes) is handshake_failure with
/// `SEC_E_ALGORITHM_MISMATCH`, not `SEC_E_INTERNAL_ERROR` without an alert. ring signs P-256
/// with SHA-256 only, so that is the one ECDSA scheme that completes.
// CONTRACT §4, §9
#[test]
fn unsignable_signature_algorithms_are_handshake_failure() {
    let hello = tls12_hello(false);
    for schemes in [&[0x0503u16][..], &[0x0603], &[0x0400, 0x0804, 0x0401]] {
        let h = with_extension(&hello, 0x000d, &sigalgs(schemes));
        let (st, alert) = accept_first(sch_server(SP_PROT_TLS1_3, None).unwrap(), &h);
        assert_eq!(
            st.status, SEC_E_ALGORITHM_MISMATCH,
            "{schemes:04x?}: status {:#x}",
            st.status
        );
        assert_eq!(
            alert,
            [21, 3, 3, 0, 2, 2, 40],
            "{schemes:04x?}: handshake_failure"
        );
    }
    let h = with_extension(&hello, 0x000d, &sigalgs(&[0x0503, 0x0403]));
    let (st, _) = accept_first(sch_server(SP_PROT_TLS1_3, None).unwrap(), &h);
    assert_eq!(
        st.status, SEC_I_CONTINUE_NEEDED,
        "ecdsa_secp256r1_sha256 offered: answered"
    );
}
