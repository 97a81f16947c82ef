//! Shared by the fuzz targets and the seed generator: the test PKI, credentials, and an
//! in-memory client/server driven through the exported functions the way Windows code drives
//! them (TOKEN in, EXTRA kept, INCOMPLETE answered with more bytes).
#![allow(clippy::missing_safety_doc)]

use std::ffi::{c_void, CString};
use std::path::PathBuf;
use std::ptr::null_mut;
use std::sync::OnceLock;

use schannel_shim::abi::*;
use schannel_shim::exports::crypt32::*;
use schannel_shim::exports::sspi::*;

/// The test PKI (tests-c/certs.sh) in target/fuzz-pki, made once; `SSL_CERT_FILE` points at
/// its CA so a client's automatic validation can succeed.
pub fn pki() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .find(|p| p.join("tests-c/certs.sh").exists())
            .expect("repository root above the fuzz crate")
            .to_path_buf();
        let dir = root.join("target/fuzz-pki");
        let ok = std::process::Command::new("bash")
            .arg(root.join("tests-c/certs.sh"))
            .arg(&dir)
            .status()
            .expect("run certs.sh")
            .success();
        assert!(ok, "certs.sh failed");
        std::env::set_var("SSL_CERT_FILE", dir.join("ca.pem"));
        std::env::remove_var("SSL_CERT_DIR");
        dir
    })
}

pub fn read(name: &str) -> Vec<u8> {
    std::fs::read(pki().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub const UNISP: &[u8] = b"Microsoft Unified Security Protocol Provider\0";

/// Which protocol versions a credential allows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Versions {
    Tls12,
    Tls13,
    Both,
}

impl Versions {
    pub fn from_byte(b: u8) -> Versions {
        match b % 3 {
            0 => Versions::Tls12,
            1 => Versions::Tls13,
            _ => Versions::Both,
        }
    }

    fn disabled(self) -> u32 {
        match self {
            Versions::Tls12 => SP_PROT_TLS1_3,
            Versions::Tls13 => SP_PROT_TLS1_2,
            Versions::Both => 0,
        }
    }
}

/// A credential from `SCH_CREDENTIALS` (the form that allows TLS 1.3), with the ecdsa or rsa
/// test certificate for a server.
pub fn credential(server: bool, versions: Versions, rsa: bool) -> CredHandle {
    let mut params = TLS_PARAMETERS {
        cAlpnIds: 0,
        rgstrAlpnIds: null_mut(),
        grbitDisabledProtocols: versions.disabled(),
        cDisabledCrypto: 0,
        pDisabledCrypto: null_mut(),
        dwFlags: 0,
    };
    let mut certs: Vec<PCCERT_CONTEXT> = Vec::new();
    if server {
        let name = if rsa { "rsa" } else { "ecdsa" };
        let chain = CString::new(read(&format!("{name}-chain.pem"))).unwrap();
        let key = CString::new(read(&format!("{name}.key"))).unwrap();
        // SAFETY: NUL-terminated PEM texts.
        let c = unsafe { SchShimCertFromPem(chain.as_ptr(), key.as_ptr()) };
        assert!(!c.is_null(), "SchShimCertFromPem({name})");
        certs.push(c);
    }
    let mut c = SCH_CREDENTIALS {
        dwVersion: SCH_CREDENTIALS_VERSION,
        dwCredFormat: 0,
        cCreds: certs.len() as u32,
        paCred: if certs.is_empty() {
            null_mut()
        } else {
            certs.as_mut_ptr()
        },
        hRootStore: null_mut(),
        cMappers: 0,
        aphMappers: null_mut(),
        dwSessionLifespan: 0,
        dwFlags: SCH_CRED_MANUAL_CRED_VALIDATION,
        cTlsParameters: 1,
        pTlsParameters: &mut params,
    };
    let mut h = CredHandle {
        dwLower: 0,
        dwUpper: 0,
    };
    // SAFETY: a valid SCH_CREDENTIALS and out handle.
    let s = unsafe {
        AcquireCredentialsHandleA(
            null_mut(),
            UNISP.as_ptr() as *mut _,
            if server {
                SECPKG_CRED_INBOUND
            } else {
                SECPKG_CRED_OUTBOUND
            },
            null_mut(),
            &mut c as *mut SCH_CREDENTIALS as *mut c_void,
            None,
            null_mut(),
            &mut h,
            null_mut(),
        )
    };
    for c in certs {
        // SAFETY: our own reference.
        unsafe { CertFreeCertificateContext(c) };
    }
    assert_eq!(s, SEC_E_OK, "AcquireCredentialsHandle");
    h
}

pub const ISC_FLAGS: u32 = ISC_REQ_SEQUENCE_DETECT
    | ISC_REQ_REPLAY_DETECT
    | ISC_REQ_CONFIDENTIALITY
    | ISC_REQ_ALLOCATE_MEMORY
    | ISC_REQ_STREAM
    | ISC_REQ_EXTENDED_ERROR;
pub const ASC_FLAGS: u32 = ASC_REQ_SEQUENCE_DETECT
    | ASC_REQ_REPLAY_DETECT
    | ASC_REQ_CONFIDENTIALITY
    | ASC_REQ_ALLOCATE_MEMORY
    | ASC_REQ_STREAM
    | ASC_REQ_EXTENDED_ERROR;

pub fn buf(ty: u32, bytes: &mut [u8]) -> SecBuffer {
    SecBuffer {
        cbBuffer: bytes.len() as u32,
        BufferType: ty,
        pvBuffer: if bytes.is_empty() {
            null_mut()
        } else {
            bytes.as_mut_ptr().cast()
        },
    }
}

pub fn empty() -> SecBuffer {
    SecBuffer {
        cbBuffer: 0,
        BufferType: SECBUFFER_EMPTY,
        pvBuffer: null_mut(),
    }
}

pub fn desc(bufs: &mut [SecBuffer]) -> SecBufferDesc {
    SecBufferDesc {
        ulVersion: SECBUFFER_VERSION,
        cBuffers: bufs.len() as u32,
        pBuffers: bufs.as_mut_ptr(),
    }
}

/// Copies out and frees an allocated output buffer.
pub fn take(b: &SecBuffer) -> Vec<u8> {
    if b.pvBuffer.is_null() || b.cbBuffer == 0 {
        return Vec::new();
    }
    // SAFETY: the package allocated `cbBuffer` bytes at `pvBuffer`.
    let v = unsafe { std::slice::from_raw_parts(b.pvBuffer as *const u8, b.cbBuffer as usize) }
        .to_vec();
    // SAFETY: allocated by the package, freed once.
    unsafe { FreeContextBuffer(b.pvBuffer) };
    v
}

/// One end of a connection: credential, context and the bytes received but not yet consumed.
pub struct Peer {
    pub server: bool,
    pub cred: CredHandle,
    pub ctx: CtxtHandle,
    pub started: bool,
    pub done: bool,
    pub failed: bool,
    pub inbox: Vec<u8>,
}

impl Peer {
    pub fn new(server: bool, versions: Versions) -> Peer {
        Peer {
            server,
            cred: credential(server, versions, false),
            ctx: CtxtHandle {
                dwLower: 0,
                dwUpper: 0,
            },
            started: false,
            done: false,
            failed: false,
            inbox: Vec::new(),
        }
    }

    /// One ISC/ASC call over the inbox, keeping the EXTRA tail (all of it on INCOMPLETE).
    /// Returns the status and the output token (the ALERT buffer's bytes appended).
    pub fn step(&mut self) -> (SECURITY_STATUS, Vec<u8>) {
        let mut input = self.inbox.clone();
        let mut inb = [buf(SECBUFFER_TOKEN, &mut input), empty()];
        let mut in_desc = desc(&mut inb);
        let mut outb = [
            SecBuffer {
                cbBuffer: 0,
                BufferType: SECBUFFER_TOKEN,
                pvBuffer: null_mut(),
            },
            SecBuffer {
                cbBuffer: 0,
                BufferType: SECBUFFER_ALERT,
                pvBuffer: null_mut(),
            },
            empty(),
        ];
        let mut out_desc = desc(&mut outb);
        let mut attrs = 0u32;
        let mut new_ctx = self.ctx;
        let ctx_ptr: *mut CtxtHandle = if self.started {
            &mut self.ctx
        } else {
            null_mut()
        };
        let target = b"localhost\0";
        // SAFETY: descriptors over live buffers; handles ours.
        let status = unsafe {
            if self.server {
                AcceptSecurityContext(
                    &mut self.cred,
                    ctx_ptr,
                    &mut in_desc,
                    ASC_FLAGS,
                    0,
                    &mut new_ctx,
                    &mut out_desc,
                    &mut attrs,
                    null_mut(),
                )
            } else {
                InitializeSecurityContextA(
                    &mut self.cred,
                    ctx_ptr,
                    target.as_ptr() as *mut _,
                    ISC_FLAGS,
                    0,
                    0,
                    if self.started {
                        &mut in_desc
                    } else {
                        null_mut()
                    },
                    0,
                    &mut new_ctx,
                    &mut out_desc,
                    &mut attrs,
                    null_mut(),
                )
            }
        };
        if !self.started && (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED) {
            self.ctx = new_ctx;
            self.started = true;
        }
        let mut token = take(&outb[0]);
        token.extend(take(&outb[1]));
        if status != SEC_E_INCOMPLETE_MESSAGE && (self.started || self.server) {
            let keep = if inb[1].BufferType == SECBUFFER_EXTRA {
                inb[1].cbBuffer as usize
            } else {
                0
            };
            let from = self.inbox.len().saturating_sub(keep);
            self.inbox.drain(..from);
        }
        match status {
            SEC_E_OK => self.done = true,
            SEC_I_CONTINUE_NEEDED | SEC_E_INCOMPLETE_MESSAGE | SEC_I_INCOMPLETE_CREDENTIALS => {}
            _ => self.failed = true,
        }
        (status, token)
    }

    pub fn stream_sizes(&mut self) -> Option<(usize, usize)> {
        let mut sizes = SecPkgContext_StreamSizes {
            cbHeader: 0,
            cbTrailer: 0,
            cbMaximumMessage: 0,
            cBuffers: 0,
            cbBlockSize: 0,
        };
        // SAFETY: our context and a matching out struct.
        let s = unsafe {
            QueryContextAttributesA(
                &mut self.ctx,
                SECPKG_ATTR_STREAM_SIZES,
                &mut sizes as *mut _ as *mut c_void,
            )
        };
        (s == SEC_E_OK).then_some((sizes.cbHeader as usize, sizes.cbTrailer as usize))
    }

    /// EncryptMessage of `data` laid out header | data | trailer; the record's bytes.
    pub fn encrypt(&mut self, data: &[u8]) -> Option<Vec<u8>> {
        let (h, t) = self.stream_sizes()?;
        let mut out = vec![0u8; h + data.len() + t];
        out[h..h + data.len()].copy_from_slice(data);
        let (head, rest) = out.split_at_mut(h);
        let (body, tail) = rest.split_at_mut(data.len());
        let mut bufs = [
            buf(SECBUFFER_STREAM_HEADER, head),
            buf(SECBUFFER_DATA, body),
            buf(SECBUFFER_STREAM_TRAILER, tail),
            empty(),
        ];
        let mut d = desc(&mut bufs);
        // SAFETY: our context; buffers live.
        let s = unsafe { EncryptMessage(&mut self.ctx, 0, &mut d, 0) };
        if s != SEC_E_OK {
            return None;
        }
        let n = (bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer) as usize;
        out.truncate(n);
        Some(out)
    }

    /// One DecryptMessage over the inbox, Windows style; the inbox keeps the EXTRA bytes
    /// (all of it on INCOMPLETE). Returns the status and the plaintext.
    pub fn decrypt_one(&mut self) -> (SECURITY_STATUS, Vec<u8>) {
        let mut bytes = self.inbox.clone();
        let mut bufs = [buf(SECBUFFER_DATA, &mut bytes), empty(), empty(), empty()];
        let mut d = desc(&mut bufs);
        // SAFETY: our context; buffers live.
        let s = unsafe { DecryptMessage(&mut self.ctx, &mut d, 0, null_mut()) };
        if s != SEC_E_OK && s != SEC_I_RENEGOTIATE && s != SEC_I_CONTEXT_EXPIRED {
            return (s, Vec::new());
        }
        let mut plain = Vec::new();
        let mut extra = 0usize;
        for b in &bufs {
            let inside = |p: *mut c_void, n: u32| {
                let start = bytes.as_ptr() as usize;
                let p = p as usize;
                p >= start && p + n as usize <= start + bytes.len()
            };
            match b.BufferType {
                SECBUFFER_DATA if b.cbBuffer > 0 => {
                    assert!(inside(b.pvBuffer, b.cbBuffer), "DATA points into the input");
                    // SAFETY: checked to lie inside `bytes`.
                    plain.extend_from_slice(unsafe {
                        std::slice::from_raw_parts(b.pvBuffer as *const u8, b.cbBuffer as usize)
                    });
                }
                SECBUFFER_EXTRA => {
                    assert!(inside(b.pvBuffer, b.cbBuffer), "EXTRA points into the input");
                    extra = b.cbBuffer as usize;
                }
                _ => {}
            }
        }
        // SEC_I_RENEGOTIATE hands the event record itself back (for the follow-up ISC/ASC,
        // CONTRACT §7), as DecryptMessage left it; anything else consumed a record.
        if s == SEC_I_RENEGOTIATE {
            assert_eq!(extra, self.inbox.len(), "EXTRA starts at the event record");
        } else {
            assert!(extra < self.inbox.len(), "a record was consumed");
        }
        self.inbox = bytes[bytes.len() - extra..].to_vec();
        (s, plain)
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        // SAFETY: our own handles, released once.
        unsafe {
            if self.started {
                DeleteSecurityContext(&mut self.ctx);
            }
            FreeCredentialsHandle(&mut self.cred);
        }
    }
}

/// Runs the classic loops until both sides are done or one fails; `on_flight(from_server,
/// bytes)` sees every token as it is sent. Returns true when both completed.
pub fn handshake(
    client: &mut Peer,
    server: &mut Peer,
    mut on_flight: impl FnMut(bool, &[u8]),
) -> bool {
    let (_, first) = client.step();
    on_flight(false, &first);
    server.inbox.extend_from_slice(&first);
    for _ in 0..12 {
        if !server.done && !server.failed && !server.inbox.is_empty() {
            let (_, t) = server.step();
            on_flight(true, &t);
            client.inbox.extend_from_slice(&t);
        }
        if !client.done && !client.failed && !client.inbox.is_empty() {
            let (_, t) = client.step();
            on_flight(false, &t);
            server.inbox.extend_from_slice(&t);
        }
        if (client.done && server.done) || client.failed || server.failed {
            break;
        }
    }
    client.done && server.done
}

/// A small reader over fuzz input: bytes run out as zeros.
pub struct Input<'a>(pub &'a [u8]);

impl Input<'_> {
    pub fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_be_bytes([self.byte(), self.byte()])
    }

    pub fn take(&mut self, n: usize) -> &[u8] {
        let n = n.min(self.0.len());
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        a
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Feeds `bytes` to `peer`'s handshake in chunks whose sizes come from `sizes` (cycled; 0
/// means "the rest"), calling ISC/ASC after each chunk as an application does after each
/// recv. Stops at completion or failure.
pub fn feed_handshake(peer: &mut Peer, bytes: &[u8], sizes: &[u8]) {
    let mut pos = 0;
    let mut i = 0;
    while pos < bytes.len() && !peer.done && !peer.failed {
        let n = match sizes.get(i % sizes.len().max(1)).copied().unwrap_or(0) {
            0 => bytes.len() - pos,
            n => (n as usize).min(bytes.len() - pos),
        };
        i += 1;
        peer.inbox.extend_from_slice(&bytes[pos..pos + n]);
        pos += n;
        loop {
            let before = peer.inbox.len();
            let (s, _) = peer.step();
            // More input wanted, nothing left, or nothing consumed ends this round.
            if s == SEC_E_INCOMPLETE_MESSAGE
                || peer.inbox.is_empty()
                || peer.inbox.len() == before
                || peer.done
                || peer.failed
            {
                break;
            }
        }
    }
}
