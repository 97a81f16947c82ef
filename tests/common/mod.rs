//! Test support: certificates made with the openssl CLI, credentials, and an in-memory
//! client/server pair driven through the exported functions in the classic Windows loops.
#![allow(dead_code, clippy::missing_safety_doc)]

use std::ffi::{c_void, CString};
use std::path::PathBuf;
use std::ptr::{null, null_mut};
use std::sync::OnceLock;

use schannel_shim::abi::*;
use schannel_shim::exports::crypt32::*;
use schannel_shim::exports::sspi::*;

/// The test PKI (tests-c/certs.sh), made once per process in a directory named after the
/// script's contents (so a PKI an older script made is never reused); `SSL_CERT_FILE` points at
/// its CA so automatic validation trusts it.
pub fn pki() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let script = std::fs::read(root.join("tests-c/certs.sh")).expect("certs.sh");
        let hash = script.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let dir = root.join(format!("target/test-pki-{hash:016x}"));
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

/// A certificate context with its key, from PEM files of the test PKI.
pub fn cert(name: &str) -> PCCERT_CONTEXT {
    let chain = CString::new(read(&format!("{name}-chain.pem"))).unwrap();
    let key = CString::new(read(&format!("{name}.key"))).unwrap();
    let p = unsafe { SchShimCertFromPem(chain.as_ptr(), key.as_ptr()) };
    assert!(!p.is_null(), "SchShimCertFromPem({name})");
    p
}

pub const UNISP: &[u8] = b"Microsoft Unified Security Protocol Provider\0";

pub fn schannel_cred(protocols: u32, flags: u32, certs: &mut [PCCERT_CONTEXT]) -> SCHANNEL_CRED {
    let mut c: SCHANNEL_CRED = unsafe { std::mem::zeroed() };
    c.dwVersion = SCHANNEL_CRED_VERSION;
    c.grbitEnabledProtocols = protocols;
    c.dwFlags = flags;
    c.cCreds = certs.len() as u32;
    c.paCred = if certs.is_empty() {
        null_mut()
    } else {
        certs.as_mut_ptr()
    };
    c
}

/// The `pAuthData` a Windows program passes for these `SP_PROT_*` bits: a `SCHANNEL_CRED` when
/// they do not include TLS 1.3, else a `SCH_CREDENTIALS` disabling every other bit, since
/// Schannel never negotiates TLS 1.3 with a `SCHANNEL_CRED`. Boxed: `SCH_CREDENTIALS` points to
/// its `TLS_PARAMETERS`.
pub enum AuthData {
    Schannel(Box<SCHANNEL_CRED>),
    Sch(Box<(SCH_CREDENTIALS, TLS_PARAMETERS)>),
}

impl AuthData {
    pub fn new(protocols: u32, flags: u32, certs: &mut [PCCERT_CONTEXT]) -> AuthData {
        let old = schannel_cred(protocols, flags, certs);
        if protocols & SP_PROT_TLS1_3 == 0 {
            return AuthData::Schannel(Box::new(old));
        }
        let mut c: SCH_CREDENTIALS = unsafe { std::mem::zeroed() };
        c.dwVersion = SCH_CREDENTIALS_VERSION;
        c.dwFlags = flags;
        c.cCreds = old.cCreds;
        c.paCred = old.paCred;
        let mut t: TLS_PARAMETERS = unsafe { std::mem::zeroed() };
        t.grbitDisabledProtocols = !protocols;
        let mut both = Box::new((c, t));
        both.0.cTlsParameters = 1;
        both.0.pTlsParameters = &mut both.1;
        AuthData::Sch(both)
    }

    pub fn set_root_store(&mut self, store: HCERTSTORE) {
        match self {
            AuthData::Schannel(c) => c.hRootStore = store,
            AuthData::Sch(c) => c.0.hRootStore = store,
        }
    }

    pub fn acquire(&mut self, use_: u32) -> Result<CredHandle, SECURITY_STATUS> {
        let auth: *mut c_void = match self {
            AuthData::Schannel(c) => &mut **c as *mut SCHANNEL_CRED as *mut c_void,
            AuthData::Sch(c) => &mut c.0 as *mut SCH_CREDENTIALS as *mut c_void,
        };
        acquire(use_, auth)
    }
}

pub fn acquire(use_: u32, auth: *mut c_void) -> Result<CredHandle, SECURITY_STATUS> {
    let mut h = CredHandle {
        dwLower: 0,
        dwUpper: 0,
    };
    let s = unsafe {
        AcquireCredentialsHandleA(
            null_mut(),
            UNISP.as_ptr() as *mut _,
            use_,
            null_mut(),
            auth,
            None,
            null_mut(),
            &mut h,
            null_mut(),
        )
    };
    if s == SEC_E_OK {
        Ok(h)
    } else {
        Err(s)
    }
}

pub fn server_cred(name: &str, protocols: u32, flags: u32) -> CredHandle {
    pki();
    let mut certs = [cert(name)];
    let h = AuthData::new(protocols, flags, &mut certs)
        .acquire(SECPKG_CRED_INBOUND)
        .expect("server cred");
    unsafe { CertFreeCertificateContext(certs[0]) };
    h
}

pub fn client_cred(protocols: u32, flags: u32) -> CredHandle {
    pki();
    AuthData::new(protocols, flags, &mut [])
        .acquire(SECPKG_CRED_OUTBOUND)
        .expect("client cred")
}

pub const ISC_FLAGS: u32 = ISC_REQ_SEQUENCE_DETECT
    | ISC_REQ_REPLAY_DETECT
    | ISC_REQ_CONFIDENTIALITY
    | ISC_REQ_ALLOCATE_MEMORY
    | ISC_REQ_STREAM;
pub const ASC_FLAGS: u32 = ASC_REQ_SEQUENCE_DETECT
    | ASC_REQ_REPLAY_DETECT
    | ASC_REQ_CONFIDENTIALITY
    | ASC_REQ_ALLOCATE_MEMORY
    | ASC_REQ_STREAM;

pub fn empty_buf() -> SecBuffer {
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

/// What one ISC/ASC call gave back.
pub struct Step {
    pub status: SECURITY_STATUS,
    pub token: Vec<u8>,
    pub extra: Option<usize>,
    pub missing: Option<usize>,
    pub attrs: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Role {
    Client,
    Server,
}

/// One end of a connection: its credential, context and everything received but not consumed.
pub struct Peer {
    pub role: Role,
    pub cred: CredHandle,
    pub ctx: CtxtHandle,
    pub started: bool,
    pub target: CString,
    pub inbox: Vec<u8>,
    pub alpn: Option<Vec<u8>>,
    /// `fContextReq` of every ISC/ASC call.
    pub flags: u32,
    /// The ALERT output buffer of the last call.
    pub last_alert: Vec<u8>,
}

impl Peer {
    pub fn new(role: Role, cred: CredHandle) -> Peer {
        Peer {
            role,
            cred,
            ctx: CtxtHandle {
                dwLower: 0,
                dwUpper: 0,
            },
            started: false,
            target: CString::new("localhost").unwrap(),
            inbox: Vec::new(),
            alpn: None,
            flags: match role {
                Role::Client => ISC_FLAGS,
                Role::Server => ASC_FLAGS,
            },
            last_alert: Vec::new(),
        }
    }

    /// One ISC/ASC call with the inbox as TOKEN (or `input` when given), Windows style.
    pub fn step_with(&mut self, input: Option<&[u8]>) -> Step {
        let mut bytes = input
            .map(<[u8]>::to_vec)
            .unwrap_or_else(|| self.inbox.clone());
        let mut alpn = self.alpn.clone().unwrap_or_default();
        let mut inb = vec![
            SecBuffer {
                cbBuffer: bytes.len() as u32,
                BufferType: SECBUFFER_TOKEN,
                pvBuffer: bytes.as_mut_ptr().cast(),
            },
            empty_buf(),
        ];
        if self.alpn.is_some() {
            inb.push(SecBuffer {
                cbBuffer: alpn.len() as u32,
                BufferType: SECBUFFER_APPLICATION_PROTOCOLS,
                pvBuffer: alpn.as_mut_ptr().cast(),
            });
        }
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
            empty_buf(),
        ];
        let mut out_desc = desc(&mut outb);
        let mut attrs = 0u32;
        let mut new_ctx = self.ctx;
        let ctx_ptr: *mut CtxtHandle = if self.started {
            &mut self.ctx
        } else {
            null_mut()
        };
        let status = unsafe {
            match self.role {
                Role::Client => InitializeSecurityContextA(
                    &mut self.cred,
                    ctx_ptr,
                    self.target.as_ptr() as *mut _,
                    self.flags,
                    0,
                    0,
                    if self.started || self.alpn.is_some() {
                        &mut in_desc
                    } else {
                        null_mut()
                    },
                    0,
                    &mut new_ctx,
                    &mut out_desc,
                    &mut attrs,
                    null_mut(),
                ),
                Role::Server => AcceptSecurityContext(
                    &mut self.cred,
                    ctx_ptr,
                    &mut in_desc,
                    self.flags,
                    0,
                    &mut new_ctx,
                    &mut out_desc,
                    &mut attrs,
                    null_mut(),
                ),
            }
        };
        if status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED {
            if self.started {
                assert_eq!(
                    (new_ctx.dwLower, new_ctx.dwUpper),
                    (self.ctx.dwLower, self.ctx.dwUpper)
                );
            }
            self.ctx = new_ctx;
            self.started = true;
        }
        let token = take_token(&outb[0]);
        self.last_alert = take_token(&outb[1]);
        let extra = (inb[1].BufferType == SECBUFFER_EXTRA).then_some(inb[1].cbBuffer as usize);
        let missing = (inb[1].BufferType == SECBUFFER_MISSING).then_some(inb[1].cbBuffer as usize);
        Step {
            status,
            token,
            extra,
            missing,
            attrs,
        }
    }

    /// A handshake step over the inbox, keeping only the EXTRA tail afterwards.
    pub fn step(&mut self) -> Step {
        let s = self.step_with(None);
        match s.status {
            SEC_E_INCOMPLETE_MESSAGE => {}
            _ => {
                let keep = s.extra.unwrap_or(0);
                let from = self.inbox.len() - keep;
                self.inbox.drain(..from);
            }
        }
        s
    }

    pub fn stream_sizes(&mut self) -> SecPkgContext_StreamSizes {
        let mut sizes: SecPkgContext_StreamSizes = unsafe { std::mem::zeroed() };
        let s = unsafe {
            QueryContextAttributesA(
                &mut self.ctx,
                SECPKG_ATTR_STREAM_SIZES,
                &mut sizes as *mut _ as *mut c_void,
            )
        };
        assert_eq!(s, SEC_E_OK);
        sizes
    }

    /// EncryptMessage of `data` in one contiguous buffer; returns the record bytes.
    pub fn encrypt(&mut self, data: &[u8]) -> Result<Vec<u8>, SECURITY_STATUS> {
        let sizes = self.stream_sizes();
        encrypt_record(
            self.ctx,
            (sizes.cbHeader as usize, sizes.cbTrailer as usize),
            data,
        )
    }

    /// One DecryptMessage over the inbox. Returns the status and the plaintext; the inbox
    /// keeps exactly the EXTRA bytes (or everything, on INCOMPLETE).
    pub fn decrypt_one(&mut self) -> (SECURITY_STATUS, Vec<u8>, Option<usize>) {
        let mut bytes = self.inbox.clone();
        let mut bufs = [
            SecBuffer {
                cbBuffer: bytes.len() as u32,
                BufferType: SECBUFFER_DATA,
                pvBuffer: bytes.as_mut_ptr().cast(),
            },
            empty_buf(),
            empty_buf(),
            empty_buf(),
        ];
        let mut d = desc(&mut bufs);
        let s = unsafe { DecryptMessage(&mut self.ctx, &mut d, 0, null_mut()) };
        if s == SEC_E_INCOMPLETE_MESSAGE {
            assert_eq!(bufs[0].BufferType, SECBUFFER_MISSING);
            return (s, Vec::new(), Some(bufs[0].cbBuffer as usize));
        }
        if s != SEC_E_OK && s != SEC_I_RENEGOTIATE && s != SEC_I_CONTEXT_EXPIRED {
            return (s, Vec::new(), None);
        }
        assert_eq!(bufs[0].BufferType, SECBUFFER_STREAM_HEADER);
        assert_eq!(bufs[1].BufferType, SECBUFFER_DATA);
        assert_eq!(bufs[2].BufferType, SECBUFFER_STREAM_TRAILER);
        let plain = if bufs[1].cbBuffer == 0 {
            Vec::new()
        } else {
            unsafe {
                std::slice::from_raw_parts(bufs[1].pvBuffer as *const u8, bufs[1].cbBuffer as usize)
            }
            .to_vec()
        };
        let consumed = (bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer) as usize;
        // SEC_I_RENEGOTIATE: EXTRA starts at the record itself (opened in place), for the
        // follow-up ISC/ASC; otherwise at the first byte after it.
        let extra_at = if s == SEC_I_RENEGOTIATE { 0 } else { consumed };
        if bufs[3].BufferType == SECBUFFER_EXTRA {
            assert_eq!(bufs[3].cbBuffer as usize, self.inbox.len() - extra_at);
            let off = bufs[3].pvBuffer as usize - bytes.as_ptr() as usize;
            assert_eq!(off, extra_at, "EXTRA points at the first byte left");
        } else {
            assert_eq!(consumed, self.inbox.len());
            assert_ne!(s, SEC_I_RENEGOTIATE, "the event record comes back as EXTRA");
        }
        self.inbox = bytes[extra_at..].to_vec();
        (s, plain, None)
    }

    /// The follow-up ISC/ASC after SEC_I_RENEGOTIATE, with the inbox (DecryptMessage's EXTRA)
    /// as TOKEN. Returns the output token; asserts the call consumed exactly the event record at
    /// the front and gave every later byte back as EXTRA, which the inbox keeps.
    pub fn renegotiate_followup(&mut self) -> Vec<u8> {
        let n = self.inbox.len();
        let record = first_record_len(&self.inbox);
        let s = self.step_with(None);
        assert_eq!(s.status, SEC_E_OK, "follow-up status {:#x}", s.status);
        assert_eq!(
            s.extra.unwrap_or(0),
            n - record,
            "the event record is consumed"
        );
        self.inbox.drain(..record);
        s.token
    }

    pub fn query<T>(&mut self, attr: u32) -> Result<T, SECURITY_STATUS> {
        let mut v: T = unsafe { std::mem::zeroed() };
        let s = unsafe {
            QueryContextAttributesA(&mut self.ctx, attr, &mut v as *mut T as *mut c_void)
        };
        if s == SEC_E_OK {
            Ok(v)
        } else {
            Err(s)
        }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        unsafe {
            if self.started {
                DeleteSecurityContext(&mut self.ctx);
            }
            FreeCredentialsHandle(&mut self.cred);
        }
    }
}

pub fn take_token(b: &SecBuffer) -> Vec<u8> {
    if b.pvBuffer.is_null() || b.cbBuffer == 0 {
        return Vec::new();
    }
    let v = unsafe { std::slice::from_raw_parts(b.pvBuffer as *const u8, b.cbBuffer as usize) }
        .to_vec();
    unsafe { FreeContextBuffer(b.pvBuffer) };
    v
}

/// Runs the classic loops until both sides return SEC_E_OK. Returns the number of ISC/ASC
/// calls. Tokens go straight into the other side's inbox.
pub fn handshake(client: &mut Peer, server: &mut Peer) {
    let first = client.step_with(None);
    assert_eq!(
        first.status, SEC_I_CONTINUE_NEEDED,
        "first ISC {:#x}",
        first.status
    );
    server.inbox.extend_from_slice(&first.token);
    let (mut client_done, mut server_done) = (false, false);
    for _ in 0..10 {
        if !server_done && !server.inbox.is_empty() {
            let s = server.step();
            client.inbox.extend_from_slice(&s.token);
            match s.status {
                SEC_E_OK => server_done = true,
                SEC_I_CONTINUE_NEEDED | SEC_E_INCOMPLETE_MESSAGE => {}
                e => panic!("ASC failed {e:#x}"),
            }
        }
        if !client_done && !client.inbox.is_empty() {
            let s = client.step();
            server.inbox.extend_from_slice(&s.token);
            match s.status {
                SEC_E_OK => client_done = true,
                SEC_I_CONTINUE_NEEDED | SEC_E_INCOMPLETE_MESSAGE => {}
                e => panic!("ISC failed {e:#x}"),
            }
        }
        if client_done && server_done {
            return;
        }
    }
    panic!("handshake did not finish");
}

/// Decrypts everything in `peer`'s inbox, answering SEC_I_RENEGOTIATE with the follow-up call
/// (whose token goes to `other`), and returns the application data.
pub fn drain(peer: &mut Peer, other: &mut Peer) -> Vec<u8> {
    let mut data = Vec::new();
    while !peer.inbox.is_empty() {
        let (s, plain, _) = peer.decrypt_one();
        match s {
            SEC_E_OK => data.extend_from_slice(&plain),
            SEC_I_RENEGOTIATE => {
                let token = peer.renegotiate_followup();
                other.inbox.extend_from_slice(&token);
            }
            SEC_E_INCOMPLETE_MESSAGE => break,
            other => panic!("DecryptMessage {other:#x}"),
        }
    }
    data
}

/// The length of the TLS record at the start of `bytes` (its header survives in-place opening).
pub fn first_record_len(bytes: &[u8]) -> usize {
    5 + u16::from_be_bytes([bytes[3], bytes[4]]) as usize
}

pub fn pair(server_name: &str, protocols_client: u32, protocols_server: u32) -> (Peer, Peer) {
    let s = Peer::new(Role::Server, server_cred(server_name, protocols_server, 0));
    let c = Peer::new(Role::Client, client_cred(protocols_client, 0));
    (c, s)
}

pub const TLS12: (u32, u32) = (SP_PROT_TLS1_2_CLIENT, SP_PROT_TLS1_2_SERVER);
pub const TLS13: (u32, u32) = (SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER);

pub fn null_ptr<T>() -> *const T {
    null()
}

/// EncryptMessage of `data` laid out as callers do: header | data | trailer, contiguous.
/// Takes the handle by value so threads can share it.
pub fn encrypt_record(
    mut ctx: CtxtHandle,
    (h, t): (usize, usize),
    data: &[u8],
) -> Result<Vec<u8>, SECURITY_STATUS> {
    let mut buf = vec![0u8; h + data.len() + t];
    buf[h..h + data.len()].copy_from_slice(data);
    let base = buf.as_mut_ptr();
    let mut bufs = [
        SecBuffer {
            cbBuffer: h as u32,
            BufferType: SECBUFFER_STREAM_HEADER,
            pvBuffer: base.cast(),
        },
        SecBuffer {
            cbBuffer: data.len() as u32,
            BufferType: SECBUFFER_DATA,
            pvBuffer: unsafe { base.add(h) }.cast(),
        },
        SecBuffer {
            cbBuffer: t as u32,
            BufferType: SECBUFFER_STREAM_TRAILER,
            pvBuffer: unsafe { base.add(h + data.len()) }.cast(),
        },
        empty_buf(),
    ];
    let mut d = desc(&mut bufs);
    let s = unsafe { EncryptMessage(&mut ctx, 0, &mut d, 0) };
    if s != SEC_E_OK {
        return Err(s);
    }
    buf.truncate((bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer) as usize);
    Ok(buf)
}

/// A pair after its handshake and the first exchange (so a TLS 1.3 client has its tickets).
pub fn connected(versions: (u32, u32)) -> (Peer, Peer) {
    let (mut c, mut s) = pair("ecdsa", versions.0, versions.1);
    handshake(&mut c, &mut s);
    drain(&mut c, &mut s);
    (c, s)
}

/// A record of any type and content sealed with `from`'s current sending key: tests play a
/// peer that sends what rustls peers never do.
pub fn raw(from: &Peer, content_type: u8, payload: &[u8]) -> Vec<u8> {
    context_for_tests(&from.ctx)
        .unwrap()
        .seal_raw_for_tests(content_type, payload)
        .unwrap()
}

/// A bulk cipher a server's `TLS_PARAMETERS` disable: (CNG id, min bits, max bits).
pub type DisabledCipher = Option<(&'static str, u32, u32)>;

/// A server credential (ecdsa) from `SCH_CREDENTIALS`, the form that reaches TLS 1.3, with one
/// `TLS_PARAMETERS`: `disabled_protocols`, and at most one bulk cipher disabled.
pub fn sch_server(
    disabled_protocols: u32,
    cipher: DisabledCipher,
) -> Result<CredHandle, SECURITY_STATUS> {
    pki();
    let mut name: Vec<u16> = cipher.map_or("", |d| d.0).encode_utf16().collect();
    let (min, max) = cipher.map_or((0, 0), |d| (d.1, d.2));
    let mut setting = CRYPTO_SETTINGS {
        eAlgorithmUsage: TlsParametersCngAlgUsageCipher,
        strCngAlgId: UNICODE_STRING {
            Length: (name.len() * 2) as u16,
            MaximumLength: (name.len() * 2) as u16,
            Buffer: name.as_mut_ptr(),
        },
        cChainingModes: 0,
        rgstrChainingModes: null_mut(),
        dwMinBitLength: min,
        dwMaxBitLength: max,
    };
    let mut params = TLS_PARAMETERS {
        cAlpnIds: 0,
        rgstrAlpnIds: null_mut(),
        grbitDisabledProtocols: disabled_protocols,
        cDisabledCrypto: u32::from(cipher.is_some()),
        pDisabledCrypto: &mut setting,
        dwFlags: 0,
    };
    let mut certs = [cert("ecdsa")];
    let mut c = SCH_CREDENTIALS {
        dwVersion: SCH_CREDENTIALS_VERSION,
        dwCredFormat: 0,
        cCreds: 1,
        paCred: certs.as_mut_ptr(),
        hRootStore: null_mut(),
        cMappers: 0,
        aphMappers: null_mut(),
        dwSessionLifespan: 0,
        dwFlags: 0,
        cTlsParameters: 1,
        pTlsParameters: &mut params,
    };
    let r = acquire(SECPKG_CRED_INBOUND, &mut c as *mut _ as *mut c_void);
    unsafe { CertFreeCertificateContext(certs[0]) };
    r
}

/// Adds a DER CRL to a store (`CERT_STORE_ADD_ALWAYS`), asserting it was taken.
pub fn add_crl(store: HCERTSTORE, der: &[u8]) {
    // SAFETY: a live store and a DER buffer of the given length.
    let ok = unsafe {
        CertAddEncodedCRLToStore(
            store,
            X509_ASN_ENCODING,
            der.as_ptr(),
            der.len() as u32,
            CERT_STORE_ADD_ALWAYS,
            null_mut(),
        )
    };
    assert_eq!(ok, TRUE);
}
