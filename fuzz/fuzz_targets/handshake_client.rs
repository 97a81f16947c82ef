//! InitializeSecurityContext over hostile server flights, split across calls, after a real
//! first call (ClientHello).
//!
//! Input: [versions][4 chunk sizes][server bytes]. Seeds: real servers' flights (fuzz/seeds).
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
        let mut client = Peer::new(false, versions);
        let (status, hello) = client.step();
        assert_eq!(status, schannel_shim::abi::SEC_I_CONTINUE_NEEDED);
        assert!(!hello.is_empty());
        feed_handshake(&mut client, input.0, &sizes);
    }
);
