//! Issue "Hostile peers" defect 5: large but legal ClientHellos are accepted, as OpenSSL accepts
//! them, up to the documented limit: one handshake message of at most 65535 bytes (rustls's
//! limit, and about what a ClientHello's own length fields allow: its extensions block is at
//! most 65535 bytes); a larger one is refused with an alert (CONTRACT §4, §9).

mod common;

use common::*;
use schannel_shim::abi::*;

/// Rebuilds a one-record ClientHello with `extra_suites` unknown cipher suites added and a
/// padding extension of `pad` bytes, as one handshake message split into records of at most
/// 2^14 bytes.
fn inflate(hello_record: &[u8], extra_suites: usize, pad: usize) -> (Vec<u8>, usize) {
    let msg = &hello_record[5 + 4..];
    let mut i = 2 + 32;
    i += 1 + msg[i] as usize;
    let suites_len = u16::from_be_bytes([msg[i], msg[i + 1]]) as usize;
    let suites = &msg[i + 2..i + 2 + suites_len];
    let after_suites = i + 2 + suites_len;
    let mut j = after_suites;
    j += 1 + msg[j] as usize;
    let ext_len = u16::from_be_bytes([msg[j], msg[j + 1]]) as usize;
    let exts = &msg[j + 2..j + 2 + ext_len];

    let mut body = msg[..i].to_vec();
    let mut new_suites = suites.to_vec();
    for k in 0..extra_suites {
        // Unassigned code points in the private range: ignored by a server.
        new_suites.extend_from_slice(&[0xff, (k % 200) as u8 + 1]);
    }
    body.extend_from_slice(&(new_suites.len() as u16).to_be_bytes());
    body.extend_from_slice(&new_suites);
    body.extend_from_slice(&msg[after_suites..j]);
    let mut new_exts = vec![0x00, 0x15];
    new_exts.extend_from_slice(&(pad as u16).to_be_bytes());
    new_exts.resize(new_exts.len() + pad, 0);
    new_exts.extend_from_slice(exts);
    body.extend_from_slice(&(new_exts.len() as u16).to_be_bytes());
    body.extend_from_slice(&new_exts);

    let mut hs = vec![1u8];
    hs.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    hs.extend_from_slice(&body);
    let mut out = Vec::new();
    for chunk in hs.chunks(16384) {
        out.extend_from_slice(&[22, 3, 1]);
        out.extend_from_slice(&(chunk.len() as u16).to_be_bytes());
        out.extend_from_slice(chunk);
    }
    (out, body.len())
}

// CONTRACT §4
#[test]
fn a_64k_client_hello_over_several_records_completes_the_handshake() {
    for v in [TLS12, TLS13] {
        let (mut c, mut s) = pair("ecdsa", v.0, v.1);
        let (hello, len) = inflate(&c.step().token, 2000, 60000);
        assert!(len > 60000 && len <= 0xffff, "{len}");
        // Delivered as a server reads it: one record and a piece of the next per call.
        let mut sent = 0;
        let mut reply = Vec::new();
        while sent < hello.len() {
            let n = (16384 + 5 + 700).min(hello.len() - sent);
            s.inbox.extend_from_slice(&hello[sent..sent + n]);
            sent += n;
            let step = s.step();
            assert!(
                matches!(
                    step.status,
                    SEC_I_CONTINUE_NEEDED | SEC_E_INCOMPLETE_MESSAGE
                ),
                "{v:?}: {:#x}",
                step.status
            );
            reply.extend_from_slice(&step.token);
        }
        assert!(
            !reply.is_empty(),
            "{v:?}: the server answered the ClientHello"
        );
        assert_eq!(reply[0], 22, "a ServerHello record");
    }
}

// CONTRACT §4, §9
#[test]
fn a_client_hello_over_the_limit_is_refused_with_an_alert() {
    for v in [TLS12, TLS13] {
        let (mut c, mut s) = pair("ecdsa", v.0, v.1);
        s.flags |= ASC_REQ_EXTENDED_ERROR;
        let (hello, len) = inflate(&c.step().token, 8000, 60000);
        assert!(len > 0xffff, "{len}");
        s.inbox = hello;
        let step = s.step();
        assert_eq!(step.status, SEC_E_ILLEGAL_MESSAGE, "{v:?}");
        assert_eq!(s.last_alert.len(), 7, "{v:?}: a plaintext alert");
        assert_eq!(
            s.last_alert,
            [21, 3, 3, 0, 2, 2, TLS1_ALERT_DECODE_ERROR as u8],
            "{v:?}: decode_error"
        );
    }
}
