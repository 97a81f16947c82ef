//! `SSLKEYLOGFILE`: sessions between two contexts of this library, captured both ways, are
//! decrypted here from the key log alone, the way Wireshark does it: TLS 1.3 record keys by
//! HKDF-Expand-Label from the logged traffic secrets (and, after a KeyUpdate, from the next
//! secret derived from the logged `_0` one), TLS 1.2 keys from the logged master secret by the
//! PRF and the randoms of the captured hellos.
//!
//! The library reads the variable once, at its first credential, so every test here sets it
//! (through `key_log`) before making one; the "unset" case is its own process in
//! `tests/keylog_off.rs`.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use common::*;
use ring::hkdf::KeyType;
use ring::{aead, hkdf, hmac};
use schannel_shim::abi::*;

/// The key log file of this test process, named in `SSLKEYLOGFILE` before any credential.
fn key_log() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("keylog-{}.txt", std::process::id()));
        let _ = std::fs::remove_file(&path);
        std::env::set_var("SSLKEYLOGFILE", &path);
        path
    })
}

// ---------------------------------------------------------------------------------------------
// Capturing a session through the exported functions.

/// Every byte each side put on the wire.
#[derive(Default)]
struct Capture {
    to_server: Vec<u8>,
    to_client: Vec<u8>,
}

impl Capture {
    fn send(&mut self, to: &mut Peer, bytes: &[u8]) {
        match to.role {
            Role::Server => self.to_server.extend_from_slice(bytes),
            Role::Client => self.to_client.extend_from_slice(bytes),
        }
        to.inbox.extend_from_slice(bytes);
    }
}

/// The classic ISC/ASC loops, every token through the capture.
fn handshake(c: &mut Peer, s: &mut Peer, wire: &mut Capture) {
    let first = c.step_with(None);
    assert_eq!(first.status, SEC_I_CONTINUE_NEEDED);
    wire.send(s, &first.token);
    let (mut c_done, mut s_done) = (false, false);
    for _ in 0..10 {
        if !s_done && !s.inbox.is_empty() {
            let r = s.step();
            wire.send(c, &r.token);
            match r.status {
                SEC_E_OK => s_done = true,
                SEC_I_CONTINUE_NEEDED | SEC_E_INCOMPLETE_MESSAGE => {}
                e => panic!("ASC {e:#x}"),
            }
        }
        if !c_done && !c.inbox.is_empty() {
            let r = c.step();
            wire.send(s, &r.token);
            match r.status {
                SEC_E_OK => c_done = true,
                SEC_I_CONTINUE_NEEDED | SEC_E_INCOMPLETE_MESSAGE => {}
                e => panic!("ISC {e:#x}"),
            }
        }
        if c_done && s_done {
            return;
        }
    }
    panic!("handshake did not finish");
}

/// DecryptMessage over `peer`'s inbox, the follow-up tokens (KeyUpdate replies) through the
/// capture to `other`; returns the application data.
fn receive(peer: &mut Peer, other: &mut Peer, wire: &mut Capture) -> Vec<u8> {
    let mut data = Vec::new();
    while !peer.inbox.is_empty() {
        let (s, plain, _) = peer.decrypt_one();
        match s {
            SEC_E_OK => data.extend_from_slice(&plain),
            SEC_I_RENEGOTIATE => {
                let token = peer.renegotiate_followup();
                wire.send(other, &token);
            }
            e => panic!("DecryptMessage {e:#x}"),
        }
    }
    data
}

/// What the application on each side sent, in order.
#[derive(Default, Debug, PartialEq)]
struct Sent {
    by_client: Vec<u8>,
    by_server: Vec<u8>,
}

fn send_data(from: &mut Peer, to: &mut Peer, data: &[u8], wire: &mut Capture, sent: &mut Sent) {
    let record = from.encrypt(data).unwrap();
    wire.send(to, &record);
    match from.role {
        Role::Client => sent.by_client.extend_from_slice(data),
        Role::Server => sent.by_server.extend_from_slice(data),
    }
}

/// A server credential allowing only `protocol`, with at most one bulk cipher disabled, so
/// that the test picks the suite: the server chooses by its own order.
fn server(protocol: u32, disabled: DisabledCipher) -> CredHandle {
    sch_server(!protocol, disabled).expect("server cred")
}

/// A session as an application has it: handshake, data both ways (one record larger than a
/// few KiB), and on TLS 1.3 a redo by the client, which rekeys both directions (KeyUpdates),
/// then data again under the new keys.
fn session(versions: (u32, u32), disabled: DisabledCipher) -> (Capture, Sent) {
    key_log();
    let mut s = Peer::new(Role::Server, server(versions.1, disabled));
    let mut c = Peer::new(Role::Client, client_cred(versions.0, 0));
    let (mut wire, mut sent) = (Capture::default(), Sent::default());
    handshake(&mut c, &mut s, &mut wire);
    let big: Vec<u8> = (0..5000u32).map(|i| (i % 251) as u8).collect();
    send_data(
        &mut c,
        &mut s,
        b"GET / HTTP/1.1\r\n\r\n",
        &mut wire,
        &mut sent,
    );
    assert_eq!(receive(&mut s, &mut c, &mut wire), sent.by_client);
    send_data(
        &mut s,
        &mut c,
        b"HTTP/1.1 200 OK\r\n\r\n",
        &mut wire,
        &mut sent,
    );
    send_data(&mut s, &mut c, &big, &mut wire, &mut sent);
    assert_eq!(receive(&mut c, &mut s, &mut wire), sent.by_server);
    if versions.0 == SP_PROT_TLS1_3_CLIENT {
        let redo = c.step_with(Some(&[]));
        assert_eq!(redo.status, SEC_I_CONTINUE_NEEDED, "redo: KeyUpdate");
        wire.send(&mut s, &redo.token);
        let before = sent.by_client.len();
        send_data(
            &mut c,
            &mut s,
            b"after the client's KeyUpdate",
            &mut wire,
            &mut sent,
        );
        assert_eq!(
            receive(&mut s, &mut c, &mut wire),
            &sent.by_client[before..]
        );
        let before = sent.by_server.len();
        send_data(
            &mut s,
            &mut c,
            b"after the server's KeyUpdate",
            &mut wire,
            &mut sent,
        );
        assert_eq!(
            receive(&mut c, &mut s, &mut wire),
            &sent.by_server[before..]
        );
    }
    (wire, sent)
}

// ---------------------------------------------------------------------------------------------
// The key log and the records, read as a dissector reads them.

/// The key log's lines for one client random: label → secrets, one per context that logged it.
fn logged(client_random: &[u8]) -> HashMap<String, Vec<Vec<u8>>> {
    let text = std::fs::read_to_string(key_log()).expect("the key log exists");
    let mut found: HashMap<String, Vec<Vec<u8>>> = HashMap::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        assert_eq!(fields.len(), 3, "NSS key log line: {line}");
        let random = unhex(fields[1]);
        assert_eq!(random.len(), 32, "{line}");
        if random == client_random {
            found
                .entry(fields[0].to_string())
                .or_default()
                .push(unhex(fields[2]));
        }
    }
    found
}

/// The one secret `label` has for this session, which the client and the server context both
/// logged (each context logs what it derives).
fn secret(log: &HashMap<String, Vec<Vec<u8>>>, label: &str) -> Vec<u8> {
    let secrets = log.get(label).unwrap_or_else(|| panic!("no {label} line"));
    assert_eq!(secrets.len(), 2, "{label}: one line per context");
    assert_eq!(secrets[0], secrets[1], "{label}: both ends derived it");
    secrets[0].clone()
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "{s}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

struct Record<'a> {
    header: &'a [u8],
    kind: u8,
    payload: &'a [u8],
}

fn records(mut wire: &[u8]) -> Vec<Record<'_>> {
    let mut out = Vec::new();
    while !wire.is_empty() {
        let len = u16::from_be_bytes([wire[3], wire[4]]) as usize;
        out.push(Record {
            header: &wire[..5],
            kind: wire[0],
            payload: &wire[5..5 + len],
        });
        wire = &wire[5 + len..];
    }
    out
}

/// The random of a hello (the first handshake message of each direction, in clear), and for a
/// ServerHello the cipher suite.
fn hello(wire: &[u8]) -> ([u8; 32], u16) {
    let first = &records(wire)[0];
    assert_eq!(first.kind, 22);
    let msg = first.payload;
    let random: [u8; 32] = msg[6..38].try_into().unwrap();
    let sid = msg[38] as usize;
    (random, u16::from_be_bytes([msg[39 + sid], msg[40 + sid]]))
}

#[derive(Clone, Copy)]
struct Suite {
    aead: &'static aead::Algorithm,
    hash: hkdf::Algorithm,
    prf: hmac::Algorithm,
    /// TLS 1.2 implicit IV length: the 4-byte GCM salt, or ChaCha20's 12-byte IV.
    tls12_iv: usize,
}

fn suite(id: u16) -> Suite {
    let (aead, sha384) = match id {
        0x1301 | 0xc02b | 0xc02f => (&aead::AES_128_GCM, false),
        0x1302 | 0xc02c | 0xc030 => (&aead::AES_256_GCM, true),
        0x1303 | 0xcca8 | 0xcca9 => (&aead::CHACHA20_POLY1305, false),
        _ => panic!("suite {id:#06x}"),
    };
    Suite {
        aead,
        hash: if sha384 {
            hkdf::HKDF_SHA384
        } else {
            hkdf::HKDF_SHA256
        },
        prf: if sha384 {
            hmac::HMAC_SHA384
        } else {
            hmac::HMAC_SHA256
        },
        tls12_iv: if aead == &aead::CHACHA20_POLY1305 {
            12
        } else {
            4
        },
    }
}

struct Len(usize);

impl hkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

/// RFC 8446 §7.1 HKDF-Expand-Label with an empty context.
fn expand_label(hash: hkdf::Algorithm, secret: &[u8], label: &str, len: usize) -> Vec<u8> {
    let label = format!("tls13 {label}");
    let info: [&[u8]; 4] = [
        &(len as u16).to_be_bytes(),
        &[label.len() as u8],
        label.as_bytes(),
        &[0],
    ];
    let mut out = vec![0; len];
    hkdf::Prk::new_less_safe(hash, secret)
        .expand(&info, Len(len))
        .unwrap()
        .fill(&mut out)
        .unwrap();
    out
}

/// The per-record nonce both versions use for these AEADs, given the full-length IV: the
/// sequence number, left-padded, XORed into it (RFC 8446 §5.3, RFC 7905 §2).
fn nonce(iv: &[u8], seq: u64) -> aead::Nonce {
    let mut n: [u8; 12] = iv.try_into().unwrap();
    for (b, s) in n[4..].iter_mut().zip(seq.to_be_bytes()) {
        *b ^= s;
    }
    aead::Nonce::assume_unique_for_key(n)
}

fn open(
    suite: Suite,
    key: &[u8],
    nonce: aead::Nonce,
    aad: &[u8],
    sealed: &[u8],
) -> Option<Vec<u8>> {
    let key = aead::LessSafeKey::new(aead::UnboundKey::new(suite.aead, key).unwrap());
    let mut buf = sealed.to_vec();
    let n = key
        .open_in_place(nonce, aead::Aad::from(aad), &mut buf)
        .ok()?
        .len();
    buf.truncate(n);
    Some(buf)
}

/// What one direction of a session carried, decrypted.
#[derive(Default)]
struct Decrypted {
    application_data: Vec<u8>,
    /// Types of the handshake messages sent after the hello, in order.
    handshake: Vec<u8>,
}

/// One direction of a TLS 1.3 session: handshake records under the handshake traffic secret,
/// then (after this side's Finished) the application traffic secret `_0`, then at each
/// KeyUpdate the next secret, HKDF-Expand-Label(secret, "traffic upd") (RFC 8446 §7.2), which
/// is what Wireshark derives: the key log holds only the `_0` generation.
fn decrypt_tls13(
    wire: &[u8],
    suite: Suite,
    handshake_secret: &[u8],
    traffic_secret: &[u8],
) -> Decrypted {
    let mut out = Decrypted::default();
    let mut secret = handshake_secret.to_vec();
    let mut next = Some(traffic_secret.to_vec());
    let mut seq = 0u64;
    let mut messages = Vec::new();
    for record in records(wire) {
        if record.kind != 23 {
            // The hello, and the middlebox-compatibility ChangeCipherSpec.
            assert!(record.kind == 22 || record.kind == 20, "{}", record.kind);
            continue;
        }
        let key = expand_label(suite.hash, &secret, "key", suite.aead.key_len());
        let iv = expand_label(suite.hash, &secret, "iv", 12);
        let mut plain = open(suite, &key, nonce(&iv, seq), record.header, record.payload)
            .unwrap_or_else(|| panic!("record {seq} does not open with the logged secrets"));
        seq += 1;
        while plain.last() == Some(&0) {
            plain.pop();
        }
        let inner = plain.pop().expect("inner content type");
        match inner {
            23 => out.application_data.extend_from_slice(&plain),
            22 => {
                messages.extend_from_slice(&plain);
                while messages.len() >= 4 {
                    let len = u32::from_be_bytes([0, messages[1], messages[2], messages[3]]);
                    let len = len as usize;
                    if messages.len() < 4 + len {
                        break;
                    }
                    let kind = messages[0];
                    messages.drain(..4 + len);
                    out.handshake.push(kind);
                    match kind {
                        20 => {
                            secret = next.take().expect("one Finished");
                            seq = 0;
                        }
                        24 => {
                            secret =
                                expand_label(suite.hash, &secret, "traffic upd", suite.hash.len());
                            seq = 0;
                        }
                        _ => {}
                    }
                }
            }
            other => panic!("inner content type {other}"),
        }
    }
    out
}

/// One direction of a TLS 1.2 session: clear until ChangeCipherSpec, then AEAD records with
/// the key and IV of this direction from the key block, the sequence number starting at 0.
fn decrypt_tls12(wire: &[u8], suite: Suite, key: &[u8], iv: &[u8]) -> Decrypted {
    let mut out = Decrypted::default();
    let mut encrypted = false;
    let mut seq = 0u64;
    for record in records(wire) {
        if !encrypted {
            encrypted = record.kind == 20;
            continue;
        }
        // AES-GCM: the 4-byte salt from the key block + the 8-byte explicit nonce that starts
        // the record; ChaCha20: the IV XOR the sequence number, nothing explicit.
        let (nonce, sealed) = if suite.tls12_iv == 4 {
            let mut n = [0u8; 12];
            n[..4].copy_from_slice(iv);
            n[4..].copy_from_slice(&record.payload[..8]);
            (aead::Nonce::assume_unique_for_key(n), &record.payload[8..])
        } else {
            (nonce(iv, seq), record.payload)
        };
        let plain_len = (sealed.len() - suite.aead.tag_len()) as u16;
        let mut aad = seq.to_be_bytes().to_vec();
        aad.extend_from_slice(&record.header[..3]);
        aad.extend_from_slice(&plain_len.to_be_bytes());
        let plain = open(suite, key, nonce, &aad, sealed)
            .unwrap_or_else(|| panic!("record {seq} does not open with the logged secret"));
        seq += 1;
        match record.kind {
            23 => out.application_data.extend_from_slice(&plain),
            22 => out.handshake.push(plain[0]),
            other => panic!("content type {other}"),
        }
    }
    out
}

/// RFC 5246 §5 PRF: P_hash(secret, label + seed), with the suite's hash.
fn prf(alg: hmac::Algorithm, secret: &[u8], label: &[u8], seed: &[u8], len: usize) -> Vec<u8> {
    let key = hmac::Key::new(alg, secret);
    let seed = [label, seed].concat();
    let mut a = hmac::sign(&key, &seed).as_ref().to_vec();
    let mut out = Vec::new();
    while out.len() < len {
        out.extend_from_slice(hmac::sign(&key, &[&a[..], &seed].concat()).as_ref());
        a = hmac::sign(&key, &a).as_ref().to_vec();
    }
    out.truncate(len);
    out
}

// ---------------------------------------------------------------------------------------------

const TLS13_LABELS: [&str; 5] = [
    "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
    "SERVER_HANDSHAKE_TRAFFIC_SECRET",
    "CLIENT_TRAFFIC_SECRET_0",
    "SERVER_TRAFFIC_SECRET_0",
    "EXPORTER_SECRET",
];

/// Each suite (so both hashes) of each version, the server picking it as the others are disabled.
// CONTRACT — key log (issue 9)
#[test]
fn tls13_session_decrypts_with_the_key_log() {
    let cases: [(DisabledCipher, u16); 3] = [
        (None, 0x1302),
        (Some(("AES", 128, 128)), 0x1301),
        (Some(("AES", 0, 0)), 0x1303),
    ];
    for (disabled, expected_suite) in cases {
        let (wire, sent) = session(TLS13, disabled);
        let (client_random, _) = hello(&wire.to_server);
        let (_, id) = hello(&wire.to_client);
        assert_eq!(id, expected_suite);
        let suite = suite(id);
        let log = logged(&client_random);
        let mut labels: Vec<&str> = log.keys().map(String::as_str).collect();
        labels.sort_unstable();
        let mut expected = TLS13_LABELS.to_vec();
        expected.sort_unstable();
        assert_eq!(labels, expected, "suite {id:#06x}");
        assert_eq!(secret(&log, "EXPORTER_SECRET").len(), suite.hash.len());

        let from_client = decrypt_tls13(
            &wire.to_server,
            suite,
            &secret(&log, "CLIENT_HANDSHAKE_TRAFFIC_SECRET"),
            &secret(&log, "CLIENT_TRAFFIC_SECRET_0"),
        );
        let from_server = decrypt_tls13(
            &wire.to_client,
            suite,
            &secret(&log, "SERVER_HANDSHAKE_TRAFFIC_SECRET"),
            &secret(&log, "SERVER_TRAFFIC_SECRET_0"),
        );
        let got = Sent {
            by_client: from_client.application_data,
            by_server: from_server.application_data,
        };
        assert_eq!(got, sent, "suite {id:#06x}");
        // Finished then the KeyUpdate; EncryptedExtensions, Certificate, CertificateVerify,
        // Finished, the tickets, and the KeyUpdate that answers the client's.
        assert_eq!(from_client.handshake, [20, 24]);
        assert_eq!(from_server.handshake[..4], [8, 11, 15, 20]);
        assert_eq!(from_server.handshake.last(), Some(&24));
        assert!(from_server.handshake.contains(&4), "NewSessionTicket");
    }
}

// CONTRACT — key log (issue 9)
#[test]
fn tls12_session_decrypts_with_the_key_log() {
    let cases: [(DisabledCipher, u16); 3] = [
        (None, 0xc02c),
        (Some(("AES", 128, 128)), 0xc02b),
        (Some(("AES", 0, 0)), 0xcca9),
    ];
    for (disabled, expected_suite) in cases {
        let (wire, sent) = session(TLS12, disabled);
        let (client_random, _) = hello(&wire.to_server);
        let (server_random, id) = hello(&wire.to_client);
        assert_eq!(id, expected_suite);
        let suite = suite(id);
        let log = logged(&client_random);
        assert_eq!(log.keys().collect::<Vec<_>>(), ["CLIENT_RANDOM"]);
        let master = secret(&log, "CLIENT_RANDOM");
        assert_eq!(master.len(), 48);

        // RFC 5246 §6.3: client key, server key, client IV, server IV (AEAD: no MAC keys).
        let (k, iv) = (suite.aead.key_len(), suite.tls12_iv);
        let block = prf(
            suite.prf,
            &master,
            b"key expansion",
            &[&server_random[..], &client_random[..]].concat(),
            2 * (k + iv),
        );
        let (client_key, rest) = block.split_at(k);
        let (server_key, rest) = rest.split_at(k);
        let (client_iv, server_iv) = rest.split_at(iv);

        let from_client = decrypt_tls12(&wire.to_server, suite, client_key, client_iv);
        let from_server = decrypt_tls12(&wire.to_client, suite, server_key, server_iv);
        let got = Sent {
            by_client: from_client.application_data,
            by_server: from_server.application_data,
        };
        assert_eq!(got, sent, "suite {id:#06x}");
        assert_eq!(from_client.handshake, [20], "Finished");
        assert_eq!(from_server.handshake, [20], "Finished");
    }
}

/// The file holds nothing but key material: created owner-only, like any key file.
// CONTRACT — key log (issue 9)
#[test]
fn key_log_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    drop(session(TLS12, None));
    let mode = std::fs::metadata(key_log()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// One open file for the process, however many credentials (each holds two rustls configs).
// CONTRACT — key log (issue 9)
#[test]
fn key_log_is_opened_once() {
    use schannel_shim::exports::sspi::FreeCredentialsHandle;
    key_log();
    let free = |mut c: CredHandle| unsafe { FreeCredentialsHandle(&mut c) };
    free(client_cred(TLS13.0, 0));
    let open_files = || std::fs::read_dir("/proc/self/fd").unwrap().count();
    let before = open_files();
    let creds: Vec<CredHandle> = (0..20).map(|_| client_cred(TLS13.0, 0)).collect();
    // Other tests of this process may hold a file or two meanwhile.
    assert!(open_files() < before + 5, "{before} → {}", open_files());
    for c in creds {
        assert_eq!(free(c), SEC_E_OK);
    }
}
