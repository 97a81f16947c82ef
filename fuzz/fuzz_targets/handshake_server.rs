//! AcceptSecurityContext over hostile ClientHello flights, split across calls.
//!
//! Input: [versions][4 chunk sizes][client bytes]. Seeds: the client's real flights
//! (fuzz/seeds).
#![no_main]

use libfuzzer_sys::fuzz_target;
use schannel_shim_fuzz::harness::{feed_handshake, pki, Input, Peer, Versions};

fuzz_target!(
    init: {
        pki();
    },
    |data: &[u8]| {
        let mut input = Input(data);
        let versions = Versions::from_byte(input.byte());
        let sizes = input.take(4).to_vec();
        let mut server = Peer::new(true, versions);
        feed_handshake(&mut server, input.0, &sizes);
    }
);
