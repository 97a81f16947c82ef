//! Seed corpora for the fuzz targets, from real transcripts: the flights of in-memory
//! handshakes (TLS 1.2, 1.3, both offered), records sealed after them, and the test PKI's
//! certificates as DER, PEM and PKCS#12. Each seed starts with the target's control bytes
//! (see the header of each fuzz_targets/*.rs).

#[allow(dead_code)]
#[path = "../../src/harness.rs"]
mod harness;

use std::path::Path;
use std::ptr::null_mut;

use harness::{handshake, read, Peer, Versions};
use schannel_shim::abi::*;
use schannel_shim::exports::crypt32::CryptStringToBinaryA;

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let d = dir.join(target);
    std::fs::create_dir_all(&d).expect("corpus directory");
    std::fs::write(d.join(name), bytes).expect("write seed");
}

fn der(pem: &[u8]) -> Vec<u8> {
    let mut n = 0u32;
    // SAFETY: a live PEM text and out pointers.
    let ok = unsafe {
        CryptStringToBinaryA(pem.as_ptr().cast(), pem.len() as u32, CRYPT_STRING_BASE64HEADER, null_mut(), &mut n, null_mut(), null_mut())
    };
    assert_eq!(ok, TRUE);
    let mut out = vec![0u8; n as usize];
    // SAFETY: as above, with an output of n bytes.
    let ok = unsafe {
        CryptStringToBinaryA(pem.as_ptr().cast(), pem.len() as u32, CRYPT_STRING_BASE64HEADER, out.as_mut_ptr(), &mut n, null_mut(), null_mut())
    };
    assert_eq!(ok, TRUE);
    out.truncate(n as usize);
    out
}

fn main() {
    let out = std::env::args().nth(1).expect("usage: seeds OUTDIR");
    let out = Path::new(&out);
    let splits: [&[u8]; 3] = [&[0, 0, 0, 0], &[5, 200, 1, 0], &[1, 1, 1, 1]];
    for (vi, v) in [(0u8, Versions::Tls12), (1, Versions::Tls13), (2, Versions::Both)] {
        let mut client = Peer::new(false, v);
        let mut server = Peer::new(true, v);
        let (mut from_client, mut from_server) = (Vec::new(), Vec::new());
        let ok = handshake(&mut client, &mut server, |s, t| {
            if s { from_server.extend_from_slice(t) } else { from_client.extend_from_slice(t) }
        });
        assert!(ok, "handshake {v:?}");
        for (si, split) in splits.iter().enumerate() {
            let mut seed = vec![vi];
            seed.extend_from_slice(split);
            let mut s = seed.clone();
            s.extend_from_slice(&from_client);
            write(out, "handshake_server", &format!("v{vi}-split{si}"), &s);
            let mut c = seed;
            c.extend_from_slice(&from_server);
            write(out, "handshake_client", &format!("v{vi}-split{si}"), &c);
        }
        // decrypt: a few records, a KeyUpdate, a flipped byte, a truncation, chunked reads.
        let scripts: [&[u8]; 5] = [
            &[0, 20, 0, 200, 0, 0],
            &[0, 5, 3, 0, 7, 5, 3],
            &[0, 40, 2, 0, 9, 0x40],
            &[0, 40, 0, 40, 4, 10],
            &[0, 255, 1, 5, 23, 3, 3, 0, 0, 5, 0],
        ];
        for (i, script) in scripts.iter().enumerate() {
            let mut s = vec![vi];
            s.extend_from_slice(script);
            write(out, "decrypt", &format!("v{vi}-{i}"), &s);
        }
        // secbuffers: the usual shapes. [call][versions][flags][real][in: version count
        // (type size where)*][out: same][arena]
        let shapes: [&[u8]; 4] = [
            // ASC: TOKEN (ClientHello) + EMPTY in; TOKEN + ALERT + EMPTY out, allocated.
            &[1, vi, 1, 0, 0, 2, 2, 0x01, 0x00, 0, 0, 0, 0, 0xff, 0, 3, 2, 0, 0, 0xff, 7, 0, 0, 0xff, 0, 0, 0, 0xff],
            // DecryptMessage: DATA (a record) + 3 EMPTY.
            &[3, vi, 0, 1, 0, 4, 1, 0, 45, 0, 0, 0, 0, 0xff, 0, 0, 0, 0xff, 0, 0, 0, 0xff, 0, 0],
            // EncryptMessage: HEADER | DATA | TRAILER + EMPTY.
            &[2, vi, 0, 0, 0, 4, 5, 0, 5, 0, 1, 0, 10, 0, 4, 0, 17, 0, 0, 0, 0, 0xff, 0, 0],
            // ApplyControlToken(SHUTDOWN) then ASC.
            &[5, vi, 3, 0, 0, 0, 1, 0, 3, 2, 0, 0, 0xff, 7, 0, 0, 0xff, 0, 0, 0, 0xff],
        ];
        for (i, shape) in shapes.iter().enumerate() {
            write(out, "secbuffers", &format!("v{vi}-{i}"), shape);
        }
    }
    let chain = read("ecdsa-chain.pem");
    let key = read("ecdsa.key");
    let mut pem_pair = vec![1, 3, 0];
    pem_pair.extend_from_slice(&chain);
    pem_pair.push(0);
    pem_pair.extend_from_slice(&key);
    write(out, "cert_import", "pem-ecdsa", &pem_pair);
    for name in ["ecdsa", "rsa", "expired", "wrongname", "unknownca", "ca"] {
        let pem = read(&format!("{name}.pem"));
        let mut d = vec![2, 5, 2];
        d.extend(der(&pem));
        write(out, "cert_import", &format!("der-{name}"), &d);
        let mut q = vec![4, 0, 1];
        q.extend_from_slice(&pem);
        write(out, "cert_import", &format!("query-{name}"), &q);
        let mut s = vec![3, 6, CRYPT_STRING_ANY as u8];
        s.extend_from_slice(&pem);
        write(out, "cert_import", &format!("string-{name}"), &s);
    }
    for p12 in ["ecdsa.p12", "rsa-legacy.p12"] {
        let mut s = vec![0, 3, 0];
        s.extend(read(p12));
        write(out, "cert_import", &format!("pfx-{p12}"), &s);
    }
}
