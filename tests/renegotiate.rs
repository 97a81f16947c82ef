//! SEC_I_RENEGOTIATE end to end on the in-memory pair: KeyUpdates both ways, the application's
//! "redo" on either side, what is refused, and a soak with random splitting and coalescing.

mod common;

use common::*;
use schannel_shim::abi::*;

fn connected(versions: (u32, u32)) -> (Peer, Peer) {
    let (mut c, mut s) = pair("ecdsa", versions.0, versions.1);
    handshake(&mut c, &mut s);
    drain(&mut c, &mut s);
    (c, s)
}

// CONTRACT §7
#[test]
fn server_redo_is_answered_by_the_client() {
    let (mut c, mut s) = connected(TLS13);
    let redo = s.step_with(Some(&[]));
    assert_eq!(redo.status, SEC_I_CONTINUE_NEEDED);
    c.inbox.extend_from_slice(&redo.token);
    c.inbox
        .extend_from_slice(&s.encrypt(b"server, new keys").unwrap());
    let (st, _, _) = c.decrypt_one();
    assert_eq!(
        st, SEC_I_RENEGOTIATE,
        "the server's KeyUpdate(update_requested)"
    );
    let reply = c.renegotiate_followup();
    assert!(!reply.is_empty());
    assert_eq!(drain(&mut c, &mut s), b"server, new keys");
    s.inbox.extend_from_slice(&reply);
    let (st, _, _) = s.decrypt_one();
    assert_eq!(
        st, SEC_I_RENEGOTIATE,
        "the client's answer completes the redo"
    );
    assert!(s.renegotiate_followup().is_empty());
    s.inbox = c.encrypt(b"client, new keys").unwrap();
    assert_eq!(drain(&mut s, &mut c), b"client, new keys");
}

// CONTRACT §7
#[test]
fn follow_up_accepts_null_input_and_zero_byte_token() {
    let (mut c, mut s) = connected(TLS13);
    c.inbox = s.step_with(Some(&[])).token;
    assert_eq!(c.decrypt_one().0, SEC_I_RENEGOTIATE);
    // A zero-byte TOKEN (webcli) ...
    let st = c.step_with(Some(&[]));
    assert_eq!(st.status, SEC_E_OK);
    assert!(!st.token.is_empty(), "the owed reply");
    s.inbox = st.token;
    assert_eq!(s.decrypt_one().0, SEC_I_RENEGOTIATE);
    // ... and no input at all (Qt).
    let mut out = [SecBuffer {
        cbBuffer: 0,
        BufferType: SECBUFFER_TOKEN,
        pvBuffer: std::ptr::null_mut(),
    }];
    let mut od = desc(&mut out);
    let mut attrs = 0;
    let status = unsafe {
        schannel_shim::exports::sspi::AcceptSecurityContext(
            &mut s.cred,
            &mut s.ctx,
            std::ptr::null_mut(),
            ASC_FLAGS,
            0,
            std::ptr::null_mut(),
            &mut od,
            &mut attrs,
            std::ptr::null_mut(),
        )
    };
    assert_eq!(status, SEC_E_OK);
    assert!(take_token(&out[0]).is_empty());
    exchange_both(&mut c, &mut s);
}

fn exchange_both(c: &mut Peer, s: &mut Peer) {
    s.inbox = c.encrypt(b"ping").unwrap();
    assert_eq!(drain(s, c), b"ping");
    c.inbox = s.encrypt(b"pong").unwrap();
    assert_eq!(drain(c, s), b"pong");
}

// CONTRACT §7
#[test]
fn redo_with_other_credentials_or_mutual_auth_is_refused() {
    let (mut c, mut s) = connected(TLS13);
    let mut other = client_cred(TLS13.0, 0);
    let own = std::mem::replace(&mut c.cred, other);
    assert_eq!(c.step_with(Some(&[])).status, SEC_E_UNSUPPORTED_FUNCTION);
    other = std::mem::replace(&mut c.cred, own);
    unsafe { schannel_shim::exports::sspi::FreeCredentialsHandle(&mut other) };
    s.flags |= ASC_REQ_MUTUAL_AUTH;
    assert_eq!(s.step_with(Some(&[])).status, SEC_E_UNSUPPORTED_FUNCTION);
    s.flags &= !ASC_REQ_MUTUAL_AUTH;
    exchange_both(&mut c, &mut s);
}

/// xorshift64*: deterministic, so a failure can be replayed from the seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One side of the soak: what it has put on the wire, and checksums of what it sent and got.
#[derive(Default)]
struct Tally {
    wire: Vec<u8>,
    sent: u64,
    received: u64,
    redos: u32,
}

fn checksum(acc: u64, data: &[u8]) -> u64 {
    data.iter()
        .fold(acc, |a, &b| a.wrapping_mul(31).wrapping_add(b as u64))
}

/// Decrypts what has arrived; SEC_I_RENEGOTIATE gets the follow-up, whose token goes on the wire.
fn pump(p: &mut Peer, t: &mut Tally) {
    loop {
        if p.inbox.is_empty() {
            return;
        }
        let (st, plain, _) = p.decrypt_one();
        match st {
            SEC_E_OK => t.received = checksum(t.received, &plain),
            SEC_I_RENEGOTIATE => {
                let token = p.renegotiate_followup();
                t.wire.extend_from_slice(&token);
            }
            SEC_E_INCOMPLETE_MESSAGE => return,
            other => panic!("DecryptMessage {other:#x}"),
        }
    }
}

/// Moves `n` bytes from `from`'s wire into `peer`'s inbox and lets `peer` (tallied in `to`)
/// process them.
fn deliver(from: &mut Tally, peer: &mut Peer, to: &mut Tally, n: usize) {
    peer.inbox.extend(from.wire.drain(..n));
    pump(peer, to);
}

// CONTRACT §7
#[test]
fn soak_of_redos_and_data_with_random_splitting() {
    let (mut c, mut s) = connected(TLS13);
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let (mut tc, mut ts) = (Tally::default(), Tally::default());
    for step in 0..4000 {
        let who = rng.below(2) == 0;
        let (p, t) = if who {
            (&mut c, &mut tc)
        } else {
            (&mut s, &mut ts)
        };
        match rng.below(10) {
            0 => {
                let r = p.step_with(Some(&[]));
                assert_eq!(r.status, SEC_I_CONTINUE_NEEDED, "redo at step {step}");
                t.wire.extend_from_slice(&r.token);
                t.redos += 1;
            }
            _ => {
                let len = rng.below(3000) as usize;
                let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                t.wire.extend_from_slice(&p.encrypt(&data).unwrap());
                t.sent = checksum(t.sent, &data);
            }
        }
        // Deliver a random prefix of each wire, splitting and coalescing records at random.
        let n = rng.below(tc.wire.len() as u64 + 1) as usize;
        deliver(&mut tc, &mut s, &mut ts, n);
        let n = rng.below(ts.wire.len() as u64 + 1) as usize;
        deliver(&mut ts, &mut c, &mut tc, n);
    }
    // Flush everything still in flight.
    for _ in 0..8 {
        let n = tc.wire.len();
        deliver(&mut tc, &mut s, &mut ts, n);
        let n = ts.wire.len();
        deliver(&mut ts, &mut c, &mut tc, n);
    }
    assert!(
        tc.redos > 100 && ts.redos > 100,
        "both sides redid many times"
    );
    assert_eq!(tc.sent, ts.received, "client → server, byte for byte");
    assert_eq!(ts.sent, tc.received, "server → client, byte for byte");
    assert!(c.inbox.is_empty() && s.inbox.is_empty());
}
