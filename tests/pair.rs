//! In-memory client/server pairs through the exported functions: handshakes, data, records split
//! at every byte, returned flags, stream sizes, extended errors, the peer's chain
//! and bindings. Resumption, ALPN, validation, shutdown, tampering, stale handles, coalesced
//! records, tickets and redo are C's (tests-c/, as Windows callers write them; tests/INDEX.md
//! says who owns what).

mod common;

use std::ptr::null_mut;

use common::*;
use schannel_shim::abi::*;
use schannel_shim::exports::sspi::*;

fn connected(name: &str, (c, s): (u32, u32)) -> (Peer, Peer) {
    let (mut client, mut server) = pair(name, c, s);
    handshake(&mut client, &mut server);
    (client, server)
}

fn exchange(client: &mut Peer, server: &mut Peer, payload: &[u8]) {
    let rec = client.encrypt(payload).unwrap();
    server.inbox.extend_from_slice(&rec);
    assert_eq!(drain(server, client), payload);
    let rec = server.encrypt(payload).unwrap();
    client.inbox.extend_from_slice(&rec);
    assert_eq!(drain(client, server), payload);
}

// CONTRACT §4, §5, §6
#[test]
fn handshake_and_data_every_version_and_key_type() {
    for name in ["ecdsa", "rsa"] {
        for versions in [TLS12, TLS13] {
            let (mut c, mut s) = connected(name, versions);
            exchange(&mut c, &mut s, b"hello over schannel-shim");
            exchange(&mut c, &mut s, &[0x5a; 16384]);
            exchange(&mut c, &mut s, b"");
            let info: SecPkgContext_ConnectionInfo = c.query(SECPKG_ATTR_CONNECTION_INFO).unwrap();
            assert_eq!(info.dwProtocol, versions.0, "{name}");
            let info: SecPkgContext_ConnectionInfo = s.query(SECPKG_ATTR_CONNECTION_INFO).unwrap();
            assert_eq!(info.dwProtocol, versions.1, "{name}");
        }
    }
}

// CONTRACT §4
#[test]
fn returned_flags_are_exactly_what_curl_expects() {
    let (mut c, mut s) = pair("ecdsa", TLS12.0, TLS12.1);
    let first = c.step_with(None);
    assert_eq!(first.attrs, ISC_FLAGS, "curl requires ret == req");
    s.inbox = first.token;
    let r = s.step();
    assert_eq!(
        r.attrs,
        ASC_RET_REPLAY_DETECT
            | ASC_RET_SEQUENCE_DETECT
            | ASC_RET_CONFIDENTIALITY
            | ASC_RET_STREAM
            | ASC_RET_ALLOCATED_MEMORY
    );
}

// CONTRACT §5, §10
#[test]
fn stream_sizes_follow_the_suite() {
    let (mut c, _s) = connected("ecdsa", TLS13);
    let z = c.stream_sizes();
    assert_eq!(
        (
            z.cbHeader,
            z.cbTrailer,
            z.cbMaximumMessage,
            z.cBuffers,
            z.cbBlockSize
        ),
        (5, 17, 16384, 4, 16)
    );
    let (mut c, _s) = connected("ecdsa", TLS12);
    let z = c.stream_sizes();
    assert_eq!((z.cbHeader, z.cbTrailer), (13, 16), "TLS 1.2 AES-GCM");
}

// CONTRACT §6
#[test]
fn records_split_at_every_byte_boundary() {
    for versions in [TLS12, TLS13] {
        let (mut c, mut s) = connected("ecdsa", versions);
        drain(&mut c, &mut s);
        let rec = c.encrypt(b"split me at every byte").unwrap();
        for cut in 0..rec.len() {
            s.inbox = rec[..cut].to_vec();
            let (status, _, missing) = s.decrypt_one();
            assert_eq!(status, SEC_E_INCOMPLETE_MESSAGE, "cut {cut}");
            let expect = if cut < 5 { 5 - cut } else { rec.len() - cut };
            assert_eq!(missing, Some(expect), "cut {cut}");
        }
        s.inbox = rec.clone();
        assert_eq!(drain(&mut s, &mut c), b"split me at every byte");
    }
}

fn shutdown(p: &mut Peer) -> Vec<u8> {
    let mut word = SCHANNEL_SHUTDOWN.to_le_bytes();
    let mut b = [SecBuffer {
        cbBuffer: 4,
        BufferType: SECBUFFER_TOKEN,
        pvBuffer: word.as_mut_ptr().cast(),
    }];
    let mut d = desc(&mut b);
    assert_eq!(unsafe { ApplyControlToken(&mut p.ctx, &mut d) }, SEC_E_OK);
    let mut outb = [SecBuffer {
        cbBuffer: 0,
        BufferType: SECBUFFER_EMPTY,
        pvBuffer: null_mut(),
    }];
    let mut od = desc(&mut outb);
    let mut attrs = 0;
    let s = unsafe {
        InitializeSecurityContextA(
            &mut p.cred,
            &mut p.ctx,
            null_mut(),
            ISC_FLAGS,
            0,
            0,
            null_mut(),
            0,
            null_mut(),
            &mut od,
            &mut attrs,
            null_mut(),
        )
    };
    assert_eq!(s, SEC_E_OK);
    take_token(&outb[0])
}

// CONTRACT §4
#[test]
fn handshake_input_split_reports_missing() {
    let (mut c, mut s) = pair("rsa", TLS12.0, TLS12.1);
    let first = c.step_with(None);
    s.inbox = first.token;
    let flight = s.step().token;
    for (have, expect) in [
        (0usize, 5usize),
        (4, 1),
        (5, u16::from_be_bytes([flight[3], flight[4]]) as usize),
    ] {
        let st = c.step_with(Some(&flight[..have]));
        assert_eq!(st.status, SEC_E_INCOMPLETE_MESSAGE, "have {have}");
        assert_eq!(st.missing, Some(expect), "have {have}");
    }
    // Garbage is rejected without consuming anything.
    assert_eq!(c.step_with(Some(&[0xfa; 64])).status, SEC_E_INVALID_TOKEN);
    let st = c.step_with(Some(&flight));
    assert_eq!(st.status, SEC_I_CONTINUE_NEEDED);
}

// CONTRACT §10, §11
#[test]
fn remote_certificate_context_holds_the_peer_chain() {
    let (mut c, mut _s) = connected("ecdsa", TLS13);
    let cert: PCCERT_CONTEXT = c.query(SECPKG_ATTR_REMOTE_CERT_CONTEXT).unwrap();
    assert!(!cert.is_null());
    let der = unsafe {
        std::slice::from_raw_parts((*cert).pbCertEncoded, (*cert).cbCertEncoded as usize)
    };
    let leaf = std::process::Command::new("openssl")
        .args(["x509", "-outform", "DER", "-in"])
        .arg(pki().join("ecdsa.pem"))
        .output()
        .unwrap()
        .stdout;
    assert_eq!(der, &leaf[..], "the context holds the server's leaf");
    let mut n = 0;
    let mut prev: PCCERT_CONTEXT = std::ptr::null();
    loop {
        prev = unsafe {
            schannel_shim::exports::crypt32::CertEnumCertificatesInStore((*cert).hCertStore, prev)
        };
        if prev.is_null() {
            break;
        }
        n += 1;
    }
    assert_eq!(n, 2, "leaf + CA as the server sent them");
    unsafe { schannel_shim::exports::crypt32::CertFreeCertificateContext(cert) };
    // The server asked for no client certificate: there is none to report.
    assert_eq!(
        _s.query::<PCCERT_CONTEXT>(SECPKG_ATTR_REMOTE_CERT_CONTEXT)
            .err(),
        Some(SEC_E_NO_CREDENTIALS)
    );
    let local: PCCERT_CONTEXT = _s.query(SECPKG_ATTR_LOCAL_CERT_CONTEXT).unwrap();
    unsafe { schannel_shim::exports::crypt32::CertFreeCertificateContext(local) };
}

// CONTRACT §10
#[test]
fn endpoint_bindings_hash_the_server_certificate() {
    let (mut c, mut s) = connected("rsa", TLS12);
    for p in [&mut c, &mut s] {
        let b: SecPkgContext_Bindings = p.query(SECPKG_ATTR_ENDPOINT_BINDINGS).unwrap();
        assert_eq!(b.BindingsLength, 32 + 21 + 32);
        let bytes = unsafe {
            std::slice::from_raw_parts(b.Bindings as *const u8, b.BindingsLength as usize)
        };
        assert_eq!(&bytes[32..53], b"tls-server-end-point:");
        unsafe { FreeContextBuffer(b.Bindings.cast()) };
    }
    assert_eq!(
        c.query::<SecPkgContext_Bindings>(SECPKG_ATTR_UNIQUE_BINDINGS)
            .err(),
        Some(SEC_E_UNSUPPORTED_FUNCTION)
    );
}

// CONTRACT §4
#[test]
fn output_buffer_too_small_keeps_the_token_for_the_retry() {
    let (mut c, mut s) = pair("rsa", TLS12.0, TLS12.1);
    s.inbox = c.step_with(None).token;
    // First ASC with a caller buffer that is too small.
    let mut tok = s.inbox.clone();
    let mut inb = [
        SecBuffer {
            cbBuffer: tok.len() as u32,
            BufferType: SECBUFFER_TOKEN,
            pvBuffer: tok.as_mut_ptr().cast(),
        },
        empty_buf(),
    ];
    let mut ind = desc(&mut inb);
    let mut small = [0u8; 16];
    let mut outb = [SecBuffer {
        cbBuffer: 16,
        BufferType: SECBUFFER_TOKEN,
        pvBuffer: small.as_mut_ptr().cast(),
    }];
    let mut od = desc(&mut outb);
    let mut ctx = CtxtHandle {
        dwLower: 0,
        dwUpper: 0,
    };
    let mut attrs = 0;
    let st = unsafe {
        AcceptSecurityContext(
            &mut s.cred,
            null_mut(),
            &mut ind,
            ASC_FLAGS & !ASC_REQ_ALLOCATE_MEMORY,
            0,
            &mut ctx,
            &mut od,
            &mut attrs,
            null_mut(),
        )
    };
    assert_eq!(st, SEC_E_INSUFFICIENT_MEMORY);
    // The caller retries with enough room.
    let flight = s.step().token;
    assert!(!flight.is_empty());
    c.inbox = flight;
    assert_eq!(c.step().status, SEC_I_CONTINUE_NEEDED);
}

// CONTRACT §4, §9
#[test]
fn extended_error_returns_the_alert_and_the_peer_maps_it() {
    for versions in [TLS12, TLS13] {
        let mut s = Peer::new(Role::Server, server_cred("unknownca", versions.1, 0));
        let mut c = Peer::new(Role::Client, client_cred(versions.0, 0));
        c.flags |= ISC_REQ_EXTENDED_ERROR;
        s.inbox = c.step_with(None).token;
        c.inbox = s.step().token;
        let failed = c.step();
        assert_eq!(failed.status, SEC_E_UNTRUSTED_ROOT);
        assert!(failed.token.is_empty(), "the token slot reports nothing");
        assert_ne!(
            failed.attrs & ISC_RET_EXTENDED_ERROR,
            0,
            "flags are returned on failure too"
        );
        assert!(
            !c.last_alert.is_empty(),
            "the unknown_ca alert is in the ALERT buffer"
        );
        s.inbox = c.last_alert.clone();
        assert_eq!(
            s.step().status,
            SEC_E_UNTRUSTED_ROOT,
            "the server maps the alert"
        );
        // Without EXTENDED_ERROR no alert is handed out.
        let mut c2 = Peer::new(Role::Client, client_cred(versions.0, 0));
        let mut s2 = Peer::new(Role::Server, server_cred("unknownca", versions.1, 0));
        s2.inbox = c2.step_with(None).token;
        c2.inbox = s2.step().token;
        assert_eq!(c2.step().status, SEC_E_UNTRUSTED_ROOT);
        assert!(c2.last_alert.is_empty());
    }
}

// CONTRACT §7, §8
#[test]
fn reading_after_local_shutdown_survives_a_renegotiate_event() {
    let (mut c, mut s) = connected("ecdsa", TLS13);
    // The server's tickets are still unread in the client's inbox; data follows them.
    let tickets = std::mem::take(&mut c.inbox);
    let alert = shutdown(&mut c);
    c.inbox = tickets;
    c.inbox
        .extend_from_slice(&s.encrypt(b"data after the tickets").unwrap());
    let mut got = Vec::new();
    while !c.inbox.is_empty() {
        let (st, plain, _) = c.decrypt_one();
        match st {
            SEC_E_OK => got.extend_from_slice(&plain),
            SEC_I_RENEGOTIATE => assert!(
                c.renegotiate_followup().is_empty(),
                "nothing is sent after close_notify"
            ),
            other => panic!("{other:#x}"),
        }
    }
    assert_eq!(got, b"data after the tickets");
    s.inbox = alert;
    assert_eq!(s.decrypt_one().0, SEC_I_CONTEXT_EXPIRED);
}

// CONTRACT §5
#[test]
fn encrypt_into_separate_header_data_and_trailer_buffers() {
    for versions in [TLS12, TLS13] {
        let (mut c, mut s) = connected("ecdsa", versions);
        drain(&mut c, &mut s);
        let sizes = c.stream_sizes();
        let (h, t) = (sizes.cbHeader as usize, sizes.cbTrailer as usize);
        // Three separate allocations: the trailer does not follow the data in memory.
        let mut header = vec![0u8; h];
        let mut data = b"not contiguous".to_vec();
        let mut trailer = vec![0u8; t + 7];
        let mut bufs = [
            SecBuffer {
                cbBuffer: h as u32,
                BufferType: SECBUFFER_STREAM_HEADER,
                pvBuffer: header.as_mut_ptr().cast(),
            },
            SecBuffer {
                cbBuffer: data.len() as u32,
                BufferType: SECBUFFER_DATA,
                pvBuffer: data.as_mut_ptr().cast(),
            },
            SecBuffer {
                cbBuffer: trailer.len() as u32,
                BufferType: SECBUFFER_STREAM_TRAILER,
                pvBuffer: trailer.as_mut_ptr().cast(),
            },
        ];
        let mut d = desc(&mut bufs);
        assert_eq!(
            unsafe { EncryptMessage(&mut c.ctx, 0, &mut d, 0) },
            SEC_E_OK
        );
        assert_eq!(bufs[2].cbBuffer as usize, t, "the trailer's real size");
        let mut record = header[..bufs[0].cbBuffer as usize].to_vec();
        record.extend_from_slice(&data);
        record.extend_from_slice(&trailer[..bufs[2].cbBuffer as usize]);
        s.inbox = record;
        assert_eq!(drain(&mut s, &mut c), b"not contiguous", "{versions:?}");
        // Overlapping header and data is refused rather than corrupting memory.
        let mut one = vec![0u8; 64];
        let base = one.as_mut_ptr();
        let mut bufs = [
            SecBuffer {
                cbBuffer: h as u32,
                BufferType: SECBUFFER_STREAM_HEADER,
                pvBuffer: base.cast(),
            },
            SecBuffer {
                cbBuffer: 8,
                BufferType: SECBUFFER_DATA,
                pvBuffer: unsafe { base.add(2) }.cast(),
            },
            SecBuffer {
                cbBuffer: t as u32,
                BufferType: SECBUFFER_STREAM_TRAILER,
                pvBuffer: unsafe { base.add(40) }.cast(),
            },
        ];
        let mut d = desc(&mut bufs);
        assert_eq!(
            unsafe { EncryptMessage(&mut c.ctx, 0, &mut d, 0) },
            SEC_E_INVALID_TOKEN
        );
    }
}
