//! One thread in EncryptMessage while another is in DecryptMessage on the same context: the
//! full-duplex use Windows allows (.NET and Qt depend on it).

mod common;

use std::ptr::null_mut;

use common::*;
use schannel_shim::abi::*;
use schannel_shim::exports::sspi::*;

const RECORDS: usize = 2000;

/// Handles are plain values; the table behind them is what makes this safe.
#[derive(Clone, Copy)]
struct SendHandle(CtxtHandle);
unsafe impl Send for SendHandle {}

fn encrypt_with(h: SendHandle, data: &[u8], sizes: (usize, usize)) -> Vec<u8> {
    encrypt_record(h.0, sizes, data).expect("EncryptMessage")
}

fn decrypt_all(h: SendHandle, mut wire: Vec<u8>) -> Vec<u8> {
    let mut ctx = h.0;
    let mut out = Vec::new();
    let mut at = 0;
    while at < wire.len() {
        let rest = &mut wire[at..];
        let len = rest.len();
        let mut bufs = [
            SecBuffer {
                cbBuffer: len as u32,
                BufferType: SECBUFFER_DATA,
                pvBuffer: rest.as_mut_ptr().cast(),
            },
            empty_buf(),
            empty_buf(),
            empty_buf(),
        ];
        let mut d = desc(&mut bufs);
        let s = unsafe { DecryptMessage(&mut ctx, &mut d, 0, null_mut()) };
        assert_eq!(s, SEC_E_OK);
        out.extend_from_slice(unsafe {
            std::slice::from_raw_parts(bufs[1].pvBuffer as *const u8, bufs[1].cbBuffer as usize)
        });
        at += len
            - if bufs[3].BufferType == SECBUFFER_EXTRA {
                bufs[3].cbBuffer as usize
            } else {
                0
            };
    }
    out
}

// CONTRACT §2
#[test]
fn encrypt_and_decrypt_run_concurrently_on_one_context() {
    let (mut c, mut s) = pair("ecdsa", TLS13.0, TLS13.1);
    handshake(&mut c, &mut s);
    drain(&mut c, &mut s);
    let sizes = c.stream_sizes();
    let sizes = (sizes.cbHeader as usize, sizes.cbTrailer as usize);
    // The server's records for the client to decrypt while the client encrypts its own.
    let mut from_server = Vec::new();
    let mut expected_in = Vec::new();
    for i in 0..RECORDS {
        let msg = format!("server record {i}");
        from_server.extend_from_slice(&s.encrypt(msg.as_bytes()).unwrap());
        expected_in.extend_from_slice(msg.as_bytes());
    }
    let h = SendHandle(c.ctx);
    let writer = std::thread::spawn(move || {
        let mut wire = Vec::new();
        for i in 0..RECORDS {
            wire.extend_from_slice(&encrypt_with(
                h,
                format!("client record {i}").as_bytes(),
                sizes,
            ));
        }
        wire
    });
    let reader = std::thread::spawn(move || decrypt_all(h, from_server));
    let to_server = writer.join().unwrap();
    assert_eq!(reader.join().unwrap(), expected_in);
    let got = decrypt_all(SendHandle(s.ctx), to_server);
    let expected_out: Vec<u8> = (0..RECORDS)
        .flat_map(|i| format!("client record {i}").into_bytes())
        .collect();
    assert_eq!(got, expected_out);
}
