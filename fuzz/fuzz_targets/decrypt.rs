//! DecryptMessage (and the SEC_I_RENEGOTIATE follow-up) after a real handshake, over a
//! stream of real records the peer sealed, mutated by a small script.
//!
//! Input: [versions] then ops until the input ends:
//!   0 n      the client seals n bytes (n = next byte) into a record appended to the stream
//!   1 n ..   n raw bytes appended
//!   2 hi lo x   stream byte at (hi,lo) mod length XORed with x
//!   3        the client asks for a KeyUpdate (TLS 1.3 redo: ISC with no event pending)
//!   4 n      n bytes of the stream dropped from its end (a truncated record)
//!   other    the next byte is a chunk size for the server's reads (0 = all at once)
//! Then the server reads the stream in those chunks the way an application does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use schannel_shim::abi::*;
use schannel_shim_fuzz::harness::{handshake, pki, Input, Peer, Versions};

fuzz_target!(
    init: {
        pki();
    },
    |data: &[u8]| {
        let mut input = Input(data);
        let versions = Versions::from_byte(input.byte());
        let mut client = Peer::new(false, versions);
        let mut server = Peer::new(true, versions);
        assert!(handshake(&mut client, &mut server, |_, _| {}), "real handshake");
        // Tickets and leftovers the server sent are not this target's subject.
        client.inbox.clear();
        let mut stream = server.inbox.split_off(0);
        let mut chunk = 0usize;
        let mut ops = 0;
        while !input.is_empty() && ops < 64 {
            ops += 1;
            match input.byte() {
                0 => {
                    let n = input.byte() as usize;
                    let plain: Vec<u8> = (0..n).map(|i| i as u8).collect();
                    if let Some(r) = client.encrypt(&plain) {
                        stream.extend(r);
                    }
                }
                1 => {
                    let n = input.byte() as usize;
                    stream.extend_from_slice(input.take(n));
                }
                2 => {
                    let at = input.u16() as usize;
                    let x = input.byte();
                    if !stream.is_empty() {
                        let i = at % stream.len();
                        stream[i] ^= x;
                    }
                }
                3 => {
                    let (_, token) = client.step();
                    stream.extend(token);
                }
                4 => {
                    let n = (input.byte() as usize).min(stream.len());
                    stream.truncate(stream.len() - n);
                }
                _ => chunk = input.byte() as usize,
            }
        }
        let mut pos = 0;
        let mut calls = 0;
        while pos < stream.len() && calls < 4096 {
            let n = if chunk == 0 { stream.len() - pos } else { chunk.min(stream.len() - pos) };
            server.inbox.extend_from_slice(&stream[pos..pos + n]);
            pos += n;
            while !server.inbox.is_empty() && calls < 4096 {
                calls += 1;
                let (s, _) = server.decrypt_one();
                match s {
                    SEC_E_OK => {}
                    SEC_I_RENEGOTIATE => {
                        let _ = server.step();
                    }
                    SEC_E_INCOMPLETE_MESSAGE => break,
                    SEC_I_CONTEXT_EXPIRED => return,
                    // Fatal and latched: the next call must say the same.
                    e => {
                        let (again, _) = server.decrypt_one();
                        assert_eq!(again, e, "a fatal DecryptMessage status is latched");
                        return;
                    }
                }
            }
        }
    }
);
