//! Contenders for bench/run.py: rustls 0.23.46 + ring through its buffered API
//! (`ClientConnection`/`ServerConnection`, `read_tls`/`write_tls` over in-memory `Vec`s), through
//! its unbuffered API (`UnbufferedClientConnection`/`UnbufferedServerConnection`), and the raw
//! AEAD (ring seal + open of 16 KiB in place), the ceiling for bulk throughput.
//!
//!   rustls_bench CONTENDER WORKLOAD
//!
//! CONTENDER: rustls-buf | rustls-unbuf | aead. WORKLOAD: see `main`. Environment: BENCH_CERTS
//! (the PKI from tests-c/certs.sh), BENCH_SCALE (multiplies durations and counts; default 1),
//! BENCH_CLOCK (`wall`: wall time instead of thread CPU time), BENCH_SLICES (slices of a rate
//! measurement, the fastest counts; default 10), BENCH_COUNT (exactly N iterations, for
//! profilers).
//! Prints `workload,contender,value,unit` lines on stdout; diagnostics go to stderr.
//!
//! Every side of a pair is this contender, both in one thread, with the same work as the C
//! contenders (bench/shim_bench.c, bench/openssl_bench.c): see bench/README.md.

use std::io::{Read, Write};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};
use rustls::client::{ClientConnection, Resumption, UnbufferedClientConnection, WebPkiServerVerifier};
use rustls::crypto::{ring as provider, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::server::{NoServerSessionStorage, ServerConnection, UnbufferedServerConnection};
use rustls::unbuffered::{ConnectionState, EncodeError, UnbufferedStatus};
use rustls::{
    ClientConfig, RootCertStore, ServerConfig, SupportedCipherSuite, SupportedProtocolVersion,
};

// ------------------------------------------------------------------------------ parameters

fn scale() -> f64 {
    std::env::var("BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .unwrap_or(1.0)
}

/// Measuring time of one rate measurement (warm-up is a fifth of it on top).
fn duration() -> Duration {
    Duration::from_secs_f64((0.3 * scale()).max(0.002))
}

/// Live pairs for the idle-memory workload.
fn mem_pairs() -> usize {
    ((10_000.0 * scale()) as usize).max(20)
}

fn certs_dir() -> String {
    std::env::var("BENCH_CERTS").unwrap_or_else(|_| "target/bench-certs".into())
}

#[derive(Clone, Copy)]
enum Clock {
    /// The calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID).
    ThreadCpu,
    Wall,
}

impl Clock {
    fn now(self) -> f64 {
        let id = match self {
            Clock::ThreadCpu => libc::CLOCK_THREAD_CPUTIME_ID,
            Clock::Wall => libc::CLOCK_MONOTONIC,
        };
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: a valid clock id and a valid out pointer.
        unsafe { libc::clock_gettime(id, &mut ts) };
        ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
    }
}

/// The clock of single-thread rates: thread CPU time unless BENCH_CLOCK=wall (as
/// bench_common.h). The 2-thread scaling ratios always use wall time.
fn rate_clock() -> Clock {
    match std::env::var("BENCH_CLOCK").as_deref() {
        Ok("wall") => Clock::Wall,
        _ => Clock::ThreadCpu,
    }
}

/// Calls `f` (which returns how many units it did) for `d` of `clock`, after a warm-up of
/// `d`/5, in `slices` equal slices; units per second of the fastest slice (as bench_common.h:
/// other work on a shared machine only ever slows a slice down). The clock is read once per
/// batch of calls, the batch sized in the warm-up to take at least 0.5 ms (reading the thread
/// CPU clock is a system call).
fn rate_on(clock: Clock, d: Duration, slices: u32, mut f: impl FnMut() -> u64) -> f64 {
    let d = d.as_secs_f64();
    let mut batch = 1u64;
    let warm = clock.now();
    loop {
        let b0 = clock.now();
        for _ in 0..batch {
            f();
        }
        let t = clock.now();
        if t - b0 < 0.0005 {
            batch *= 2;
        }
        if t - warm >= d / 5.0 {
            break;
        }
    }
    let mut best = 0f64;
    for _ in 0..slices {
        let start = clock.now();
        let mut units = 0u64;
        loop {
            for _ in 0..batch {
                units += f();
            }
            let e = clock.now() - start;
            if e >= d / slices as f64 {
                best = best.max(units as f64 / e);
                break;
            }
        }
    }
    best
}

/// Slices of a single-thread rate measurement: BENCH_SLICES, default 10.
fn rate_slices() -> u32 {
    std::env::var("BENCH_SLICES")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(10)
}

/// BENCH_COUNT=N (for profilers): exactly N calls, no warm-up, instead of a duration.
fn rate(d: Duration, mut f: impl FnMut() -> u64) -> f64 {
    let count = std::env::var("BENCH_COUNT")
        .ok()
        .and_then(|c| c.parse::<u64>().ok())
        .filter(|&c| c > 0);
    match count {
        Some(n) => {
            let clock = rate_clock();
            let start = clock.now();
            let units: u64 = (0..n).map(|_| f()).sum();
            units as f64 / (clock.now() - start)
        }
        None => rate_on(rate_clock(), d, rate_slices(), f),
    }
}

/// 1 thread, then 2 threads (each with its own state from `make`), for `d` each: the ratio of
/// the 2-thread total rate to the 1-thread rate.
fn scaling<S, M, F>(d: Duration, make: M, work: F) -> f64
where
    M: Fn() -> S + Sync,
    F: Fn(&mut S) -> u64 + Sync,
{
    let one = {
        let mut s = make();
        rate_on(Clock::Wall, d, 1, || work(&mut s))
    };
    let barrier = Barrier::new(2);
    let two: f64 = std::thread::scope(|sc| {
        let hs: Vec<_> = (0..2)
            .map(|_| {
                sc.spawn(|| {
                    let mut s = make();
                    barrier.wait();
                    rate_on(Clock::Wall, d, 1, || work(&mut s))
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).sum()
    });
    two / one
}

/// Resident set size in bytes (/proc/self/statm, second field).
fn rss() -> u64 {
    let s = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: u64 = s.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

// ------------------------------------------------------------------------------ configs

#[derive(Clone, Copy, PartialEq)]
enum Key {
    Ecdsa,
    Rsa,
}

#[derive(Clone, Copy, PartialEq)]
enum Suite {
    Aes256,
    Chacha,
}

#[derive(Clone, Copy)]
struct Setup {
    key: Key,
    tls13: bool,
    resumption: bool,
    suite: Suite,
}

fn suites(tls13: bool, key: Key, suite: Suite) -> Vec<SupportedCipherSuite> {
    use provider::cipher_suite::*;
    vec![match (tls13, key, suite) {
        (true, _, Suite::Aes256) => TLS13_AES_256_GCM_SHA384,
        (true, _, Suite::Chacha) => TLS13_CHACHA20_POLY1305_SHA256,
        (false, Key::Ecdsa, Suite::Aes256) => TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        (false, Key::Ecdsa, Suite::Chacha) => TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        (false, Key::Rsa, Suite::Aes256) => TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        (false, Key::Rsa, Suite::Chacha) => TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    }]
}

fn provider_for(s: &Setup) -> Arc<CryptoProvider> {
    Arc::new(CryptoProvider {
        cipher_suites: suites(s.tls13, s.key, s.suite),
        ..provider::default_provider()
    })
}

fn versions(s: &Setup) -> &'static [&'static SupportedProtocolVersion] {
    static TLS13: [&SupportedProtocolVersion; 1] = [&rustls::version::TLS13];
    static TLS12: [&SupportedProtocolVersion; 1] = [&rustls::version::TLS12];
    if s.tls13 {
        &TLS13
    } else {
        &TLS12
    }
}

fn server_config(s: &Setup) -> Arc<ServerConfig> {
    let dir = certs_dir();
    let name = if s.key == Key::Ecdsa { "ecdsa" } else { "rsa" };
    let chain: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(format!("{dir}/{name}-chain.pem"))
            .expect("chain")
            .map(|c| c.expect("cert"))
            .collect();
    let key = PrivateKeyDer::from_pem_file(format!("{dir}/{name}.key")).expect("key");
    let mut cfg = ServerConfig::builder_with_provider(provider_for(s))
        .with_protocol_versions(versions(s))
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    cfg.ignore_client_order = true;
    if s.resumption {
        cfg.ticketer = provider::Ticketer::new().unwrap();
    } else {
        cfg.session_storage = Arc::new(NoServerSessionStorage {});
        cfg.send_tls13_tickets = 0;
    }
    Arc::new(cfg)
}

fn client_config(s: &Setup) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    for c in CertificateDer::pem_file_iter(format!("{}/ca.pem", certs_dir())).expect("ca") {
        roots.add(c.expect("ca cert")).unwrap();
    }
    let prov = provider_for(s);
    let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), prov.clone())
        .build()
        .unwrap();
    let mut cfg = ClientConfig::builder_with_provider(prov)
        .with_protocol_versions(versions(s))
        .unwrap()
        .with_webpki_verifier(verifier)
        .with_no_client_auth();
    cfg.resumption = if s.resumption {
        Resumption::in_memory_sessions(256)
    } else {
        Resumption::disabled()
    };
    Arc::new(cfg)
}

fn server_name() -> ServerName<'static> {
    ServerName::try_from("localhost").unwrap()
}

struct Configs {
    client: Arc<ClientConfig>,
    server: Arc<ServerConfig>,
}

impl Configs {
    fn new(s: &Setup) -> Configs {
        Configs {
            client: client_config(s),
            server: server_config(s),
        }
    }
}

const CHECK_SUITES: bool = true;

fn expect_suite(got: Option<SupportedCipherSuite>, s: &Setup) {
    if CHECK_SUITES {
        let want = suites(s.tls13, s.key, s.suite)[0];
        assert_eq!(got.map(|g| g.suite()), Some(want.suite()), "negotiated suite");
    }
}

// ------------------------------------------------------------------------------ buffered

/// Moves everything `from` wants to send into `to`, through one in-memory `Vec`.
fn transfer(
    from: &mut impl std::ops::DerefMut<Target = rustls::ConnectionCommon<impl Sized>>,
    to: &mut impl std::ops::DerefMut<Target = rustls::ConnectionCommon<impl Sized>>,
    wire: &mut Vec<u8>,
) -> bool {
    wire.clear();
    while from.wants_write() {
        from.write_tls(wire).unwrap();
    }
    if wire.is_empty() {
        return false;
    }
    let mut rd = &wire[..];
    while !rd.is_empty() {
        to.read_tls(&mut rd).unwrap();
        to.process_new_packets().unwrap();
    }
    true
}

struct BufPair {
    client: ClientConnection,
    server: ServerConnection,
}

fn buf_handshake(cfg: &Configs, wire: &mut Vec<u8>) -> BufPair {
    let mut client = ClientConnection::new(cfg.client.clone(), server_name()).unwrap();
    let mut server = ServerConnection::new(cfg.server.clone()).unwrap();
    loop {
        let a = transfer(&mut client, &mut server, wire);
        let b = transfer(&mut server, &mut client, wire);
        if !a && !b {
            break;
        }
    }
    assert!(!client.is_handshaking() && !server.is_handshaking());
    BufPair { client, server }
}

/// One application record of `data.len()` bytes client → server, read back into `out`.
fn buf_record(p: &mut BufPair, data: &[u8], out: &mut [u8], wire: &mut Vec<u8>) {
    p.client.writer().write_all(data).unwrap();
    transfer(&mut p.client, &mut p.server, wire);
    p.server.reader().read_exact(&mut out[..data.len()]).unwrap();
}

// ------------------------------------------------------------------------------ unbuffered

trait Unbuf {
    type Data;
    fn process<'c, 'i>(&'c mut self, incoming: &'i mut [u8]) -> UnbufferedStatus<'c, 'i, Self::Data>;
    fn handshaking(&self) -> bool;
}

impl Unbuf for UnbufferedClientConnection {
    type Data = rustls::client::ClientConnectionData;
    fn process<'c, 'i>(&'c mut self, incoming: &'i mut [u8]) -> UnbufferedStatus<'c, 'i, Self::Data> {
        self.process_tls_records(incoming)
    }
    fn handshaking(&self) -> bool {
        self.is_handshaking()
    }
}

impl Unbuf for UnbufferedServerConnection {
    type Data = rustls::server::ServerConnectionData;
    fn process<'c, 'i>(&'c mut self, incoming: &'i mut [u8]) -> UnbufferedStatus<'c, 'i, Self::Data> {
        self.process_tls_records(incoming)
    }
    fn handshaking(&self) -> bool {
        self.is_handshaking()
    }
}

/// Lets `conn` process `incoming` until it blocks or can write application data; appends what
/// it sends to `outgoing` (the peer's incoming buffer: the in-memory wire).
fn unbuf_drive<C: Unbuf>(conn: &mut C, incoming: &mut Vec<u8>, outgoing: &mut Vec<u8>) {
    loop {
        let UnbufferedStatus { discard, state } = conn.process(incoming);
        let stop = match state.expect("unbuffered handshake") {
            ConnectionState::EncodeTlsData(mut enc) => {
                let start = outgoing.len();
                let mut room = 4096;
                loop {
                    outgoing.resize(start + room, 0);
                    match enc.encode(&mut outgoing[start..]) {
                        Ok(n) => {
                            outgoing.truncate(start + n);
                            break;
                        }
                        Err(EncodeError::InsufficientSize(e)) => room = e.required_size,
                        Err(e) => panic!("encode: {e}"),
                    }
                }
                false
            }
            ConnectionState::TransmitTlsData(t) => {
                t.done();
                false
            }
            ConnectionState::BlockedHandshake | ConnectionState::WriteTraffic(_) => true,
            ConnectionState::ReadTraffic(_) => panic!("application data during the handshake"),
            _ => panic!("unexpected unbuffered state"),
        };
        incoming.drain(..discard);
        if stop {
            return;
        }
    }
}

struct UnbufPair {
    client: UnbufferedClientConnection,
    server: UnbufferedServerConnection,
}

fn unbuf_handshake(cfg: &Configs, c2s: &mut Vec<u8>, s2c: &mut Vec<u8>) -> UnbufPair {
    let mut client = UnbufferedClientConnection::new(cfg.client.clone(), server_name()).unwrap();
    let mut server = UnbufferedServerConnection::new(cfg.server.clone()).unwrap();
    c2s.clear();
    s2c.clear();
    for _ in 0..100 {
        unbuf_drive(&mut client, s2c, c2s);
        unbuf_drive(&mut server, c2s, s2c);
        if c2s.is_empty() && s2c.is_empty() && !client.handshaking() && !server.handshaking() {
            return UnbufPair { client, server };
        }
    }
    panic!("unbuffered handshake stuck");
}

/// One application record client → server: `WriteTraffic::encrypt` into `wire`, then the
/// server's `ReadTraffic` over it. Returns the payload length received.
fn unbuf_record(p: &mut UnbufPair, data: &[u8], wire: &mut [u8]) -> usize {
    let n = match p.client.process_tls_records(&mut []).state.unwrap() {
        ConnectionState::WriteTraffic(mut w) => w.encrypt(data, wire).unwrap(),
        _ => panic!("client cannot write"),
    };
    let UnbufferedStatus { discard, state } = p.server.process_tls_records(&mut wire[..n]);
    let got = match state.unwrap() {
        ConnectionState::ReadTraffic(mut r) => {
            let rec = r.next_record().unwrap().unwrap();
            assert_eq!(rec.discard, 0);
            rec.payload.len()
        }
        _ => panic!("server got no application data"),
    };
    assert_eq!(discard, n);
    got
}

// ------------------------------------------------------------------------------ AEAD

struct Aead {
    key: LessSafeKey,
    iv: [u8; 12],
    seq: u64,
    buf: Vec<u8>,
}

impl Aead {
    fn new(alg: &'static aead::Algorithm) -> Aead {
        let key_bytes = vec![0x42u8; alg.key_len()];
        Aead {
            key: LessSafeKey::new(UnboundKey::new(alg, &key_bytes).unwrap()),
            iv: [7u8; 12],
            seq: 0,
            buf: vec![0x61u8; 16384 + 16],
        }
    }

    fn nonce(&self) -> Nonce {
        let mut n = self.iv;
        for (i, b) in self.seq.to_be_bytes().iter().enumerate() {
            n[4 + i] ^= b;
        }
        Nonce::assume_unique_for_key(n)
    }

    /// Seal 16 KiB in place, then open it in place (TLS 1.3 record header as AAD).
    fn round(&mut self) -> u64 {
        let hdr = [23u8, 3, 3, 0x40, 0x11];
        let tag = self
            .key
            .seal_in_place_separate_tag(self.nonce(), Aad::from(hdr), &mut self.buf[..16384])
            .unwrap();
        self.buf[16384..].copy_from_slice(tag.as_ref());
        let plain = self
            .key
            .open_in_place(self.nonce(), Aad::from(hdr), &mut self.buf[..])
            .unwrap();
        let n = plain.len() as u64;
        self.seq += 1;
        n
    }
}

// ------------------------------------------------------------------------------ workloads

const ECDSA13: Setup = Setup {
    key: Key::Ecdsa,
    tls13: true,
    resumption: false,
    suite: Suite::Aes256,
};

fn setup_of(workload: &str) -> Option<Setup> {
    let s = ECDSA13;
    Some(match workload {
        "hs13_ecdsa" | "mem_idle" | "scale_hs" => s,
        "hs13_rsa" => Setup { key: Key::Rsa, ..s },
        "hs12_ecdsa" => Setup { tls13: false, ..s },
        "resume13" => Setup { resumption: true, ..s },
        "resume12" => Setup { resumption: true, tls13: false, ..s },
        "bulk_aes" | "small64" | "scale_bulk" => s,
        "bulk_chacha" => Setup { suite: Suite::Chacha, ..s },
        _ => return None,
    })
}

fn unit_of(workload: &str) -> &'static str {
    match workload {
        w if w.starts_with("hs") || w.starts_with("resume") => "hs/s",
        w if w.starts_with("bulk") => "MB/s",
        "small64" => "rec/s",
        "mem_idle" => "KiB/pair",
        _ => "x",
    }
}

const BULK: usize = 16384;

fn run_buf(workload: &str, s: &Setup) -> f64 {
    let cfg = Configs::new(s);
    let d = duration();
    let mut wire = Vec::with_capacity(64 * 1024);
    // Check the suite once (and warm the lazies).
    {
        let p = buf_handshake(&cfg, &mut wire);
        expect_suite(p.client.negotiated_cipher_suite(), s);
    }
    match workload {
        w if w.starts_with("hs") => rate(d, || {
            buf_handshake(&cfg, &mut wire);
            1
        }),
        w if w.starts_with("resume") => {
            buf_handshake(&cfg, &mut wire);
            rate(d, || {
                let p = buf_handshake(&cfg, &mut wire);
                assert!(
                    p.client.handshake_kind() == Some(rustls::HandshakeKind::Resumed),
                    "not resumed"
                );
                1
            })
        }
        w if w.starts_with("bulk") || w == "small64" => {
            let len = if w == "small64" { 64 } else { BULK };
            let mut p = buf_handshake(&cfg, &mut wire);
            let data = vec![0x61u8; len];
            let mut out = vec![0u8; len];
            let r = rate(d, || {
                buf_record(&mut p, &data, &mut out, &mut wire);
                len as u64
            });
            assert_eq!(out, data);
            if w == "small64" {
                r / len as f64
            } else {
                r / 1e6
            }
        }
        "mem_idle" => {
            let n = mem_pairs();
            let before = rss();
            let mut pairs: Vec<BufPair> = Vec::with_capacity(n);
            pairs.extend((0..n).map(|_| buf_handshake(&cfg, &mut wire)));
            let after = rss();
            let per = (after.saturating_sub(before)) as f64 / n as f64 / 1024.0;
            drop(pairs);
            per
        }
        "scale_hs" => scaling(
            d,
            || Vec::with_capacity(64 * 1024),
            |wire| {
                buf_handshake(&cfg, wire);
                1
            },
        ),
        "scale_bulk" => scaling(
            d,
            || {
                let mut wire = Vec::with_capacity(64 * 1024);
                let p = buf_handshake(&cfg, &mut wire);
                (p, wire, vec![0x61u8; BULK], vec![0u8; BULK])
            },
            |(p, wire, data, out)| {
                buf_record(p, data, out, wire);
                BULK as u64
            },
        ),
        _ => unreachable!(),
    }
}

fn run_unbuf(workload: &str, s: &Setup) -> f64 {
    let cfg = Configs::new(s);
    let d = duration();
    let mut c2s = Vec::with_capacity(64 * 1024);
    let mut s2c = Vec::with_capacity(64 * 1024);
    {
        let p = unbuf_handshake(&cfg, &mut c2s, &mut s2c);
        expect_suite(p.client.negotiated_cipher_suite(), s);
    }
    match workload {
        w if w.starts_with("hs") => rate(d, || {
            unbuf_handshake(&cfg, &mut c2s, &mut s2c);
            1
        }),
        w if w.starts_with("resume") => {
            unbuf_handshake(&cfg, &mut c2s, &mut s2c);
            rate(d, || {
                let p = unbuf_handshake(&cfg, &mut c2s, &mut s2c);
                assert!(
                    p.client.handshake_kind() == Some(rustls::HandshakeKind::Resumed),
                    "not resumed"
                );
                1
            })
        }
        w if w.starts_with("bulk") || w == "small64" => {
            let len = if w == "small64" { 64 } else { BULK };
            let mut p = unbuf_handshake(&cfg, &mut c2s, &mut s2c);
            let data = vec![0x61u8; len];
            let mut wire = vec![0u8; BULK + 256];
            let r = rate(d, || unbuf_record(&mut p, &data, &mut wire) as u64);
            if w == "small64" {
                r / len as f64
            } else {
                r / 1e6
            }
        }
        "mem_idle" => {
            let n = mem_pairs();
            let before = rss();
            let mut pairs: Vec<UnbufPair> = Vec::with_capacity(n);
            pairs.extend((0..n).map(|_| unbuf_handshake(&cfg, &mut c2s, &mut s2c)));
            let after = rss();
            let per = (after.saturating_sub(before)) as f64 / n as f64 / 1024.0;
            drop(pairs);
            per
        }
        "scale_hs" => scaling(
            d,
            || (Vec::with_capacity(64 * 1024), Vec::with_capacity(64 * 1024)),
            |(c2s, s2c)| {
                unbuf_handshake(&cfg, c2s, s2c);
                1
            },
        ),
        "scale_bulk" => scaling(
            d,
            || {
                let (mut c2s, mut s2c) = (Vec::new(), Vec::new());
                let p = unbuf_handshake(&cfg, &mut c2s, &mut s2c);
                (p, vec![0x61u8; BULK], vec![0u8; BULK + 256])
            },
            |(p, data, wire)| unbuf_record(p, data, wire) as u64,
        ),
        _ => unreachable!(),
    }
}

fn run_aead(workload: &str) -> Option<f64> {
    let alg = match workload {
        "bulk_aes" => &aead::AES_256_GCM,
        "bulk_chacha" => &aead::CHACHA20_POLY1305,
        _ => return None,
    };
    let mut a = Aead::new(alg);
    Some(rate(duration(), || a.round()) / 1e6)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: rustls_bench rustls-buf|rustls-unbuf|aead WORKLOAD");
        std::process::exit(2);
    }
    let (contender, workload) = (args[1].as_str(), args[2].as_str());
    let Some(setup) = setup_of(workload) else {
        eprintln!("rustls_bench: unknown workload {workload}");
        std::process::exit(2);
    };
    let value = match contender {
        "rustls-buf" => run_buf(workload, &setup),
        "rustls-unbuf" => run_unbuf(workload, &setup),
        "aead" => match run_aead(workload) {
            Some(v) => v,
            None => {
                eprintln!("rustls_bench: aead only runs bulk_aes and bulk_chacha");
                std::process::exit(2);
            }
        },
        _ => {
            eprintln!("rustls_bench: unknown contender {contender}");
            std::process::exit(2);
        }
    };
    println!("{workload},{contender},{value:.3},{}", unit_of(workload));
}
