//! A security context: one TLS connection, from the first ISC/ASC to DeleteSecurityContext.
//!
//! Three locks, taken in this order only: `rx` → `control` → `tx` (plus `event_record`, a leaf
//! lock taken with none or any of them held, never holding another).
//! * `control` owns the rustls connection (handshake phase) or its kernel remainder (traffic
//!   secrets and tickets), and what is owed to the peer at the next ISC/ASC.
//! * `tx` and `rx` own one direction's record keys each, so EncryptMessage on one thread and
//!   DecryptMessage on another run in parallel (the full duplex Windows allows); neither holds a
//!   process-wide lock.
//!
//! Fatal errors are latched: rustls's kernel remainder does not remember them, so we do.

pub mod attributes;
mod handshake;
pub mod record;

use std::sync::atomic::{AtomicI32, AtomicU32, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use rustls::client::{ClientConnectionData, UnbufferedClientConnection};
use rustls::kernel::KernelConnection;
use rustls::pki_types::CertificateDer;
use rustls::server::{ServerConnectionData, UnbufferedServerConnection};
use rustls::{HandshakeKind, NamedGroup, ProtocolVersion, SupportedCipherSuite};

use crate::abi::*;
use crate::buffers::{DecryptBuffers, DecryptedLayout, EncryptBuffers, SealRegions};
use crate::credential::{with_validation, Credential, Target, Validation};
use crate::status;
use handshake::{drive, failure_alert, Progress, Unbuffered};
use record::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    Client,
    Server,
}

/// What the handshake negotiated, captured before rustls hands over the secrets.
pub struct Negotiated {
    pub version: ProtocolVersion,
    pub suite: SupportedCipherSuite,
    pub group: Option<NamedGroup>,
    pub alpn: Option<Vec<u8>>,
    pub peer_chain: Vec<CertificateDer<'static>>,
    /// The OCSP response the server stapled (client side; empty: none).
    pub stapled_ocsp: Vec<u8>,
    pub resumed: bool,
}

/// The rustls side of a context: the unbuffered connection while handshaking, then its kernel
/// remainder (ticket and KeyUpdate secrets) once our record layer has the traffic keys.
enum Connection {
    Client(Box<UnbufferedClientConnection>),
    Server(Box<UnbufferedServerConnection>),
    KernelClient(KernelConnection<ClientConnectionData>),
    KernelServer(KernelConnection<ServerConnectionData>),
    Dead,
}

/// How an ISC/ASC call was made, beyond its input bytes.
#[derive(Clone, Copy, Default)]
pub struct Call {
    /// Whether the input bytes are handshake records to process: false on a client's first
    /// call, which ignores its input.
    pub reads_input: bool,
    /// The call names a credential other than the context's own (a "redo" with new
    /// credentials).
    pub credential_changed: bool,
    /// The call asks for `ASC_REQ_MUTUAL_AUTH`, which the handshake did not do.
    pub mutual_auth_added: bool,
    /// `ISC_REQ_USE_SUPPLIED_CREDS`: answer a certificate request with what the credential has
    /// (possibly nothing) instead of reporting `SEC_I_INCOMPLETE_CREDENTIALS`.
    pub use_supplied_creds: bool,
    /// `ISC_REQ_MANUAL_CRED_VALIDATION`: once asked, it holds for the rest of the handshake.
    pub manual_validation: bool,
}

/// What one handshake-phase ISC/ASC call produced, before the export writes it into the
/// caller's buffers.
pub struct StepResult {
    pub status: SECURITY_STATUS,
    pub token: Vec<u8>,
    /// The fatal alert owed to the peer after a failure (sent with `*_REQ_EXTENDED_ERROR`).
    pub alert: Vec<u8>,
    /// Input bytes consumed; the rest is reported as `SECBUFFER_EXTRA`.
    pub consumed: usize,
    /// `SEC_E_INCOMPLETE_MESSAGE`: bytes still needed.
    pub missing: Option<usize>,
}

impl Call {
    /// The call that creates the context.
    pub fn first(side: Side) -> Call {
        Call {
            reads_input: side == Side::Server,
            ..Call::default()
        }
    }

    /// A call on an existing context.
    pub fn continuation() -> Call {
        Call {
            reads_input: true,
            ..Call::default()
        }
    }
}

impl StepResult {
    fn status(status: SECURITY_STATUS) -> StepResult {
        StepResult {
            status,
            token: Vec::new(),
            alert: Vec::new(),
            consumed: 0,
            missing: None,
        }
    }
}

struct Control {
    engine: Connection,
    /// Whole records handed to rustls during the handshake and not yet consumed by it.
    buffered: Vec<u8>,
    /// An outcome whose token did not fit the caller's buffer; the retry gets it.
    stashed: Option<StepResult>,
    /// An alert asked for with ApplyControlToken, sent by the next ISC/ASC.
    requested_alert: Option<(u8, u8)>,
    /// A `no_renegotiation` warning is owed, sent by the next ISC/ASC. Like the KeyUpdate
    /// reply it is sealed only then, so records the application encrypts in between keep their
    /// sequence order.
    no_renegotiation_owed: bool,
    /// DecryptMessage returned `SEC_I_RENEGOTIATE` and the follow-up ISC/ASC has not come yet.
    event_pending: bool,
    renegotiation_requests: u32,
    /// CA names of the server's CertificateRequest (client side), for ISSUER_LIST_EX.
    issuers: Option<Vec<Vec<u8>>>,
    /// `SEC_I_INCOMPLETE_CREDENTIALS` was reported (once per context).
    incomplete_credentials_reported: bool,
    /// How a client checks the server's certificate; `None` on a server.
    validation: Option<Validation>,
    /// What the server stapled, captured when its certificate was verified in an earlier call.
    stapled_ocsp: Vec<u8>,
    /// The handshake has produced a token (keys may be in use from then on).
    flight_sent: bool,
}

struct Tx {
    sealer: Option<Sealer>,
    /// Only for callers whose trailer does not follow their data in memory.
    scratch: Vec<u8>,
}

struct Rx {
    opener: Option<Opener>,
    /// KeyUpdates since the last application data, bounded against floods (as rustls does).
    key_updates_in_a_row: u32,
}

const ESTABLISHED: u32 = 1;
const LOCAL_CLOSED: u32 = 2;
const PEER_CLOSED: u32 = 4;
const FAILED: u32 = 8;
const REPLY_OWED: u32 = 16;
/// `event_record` holds a record: the ISC/ASC follow-up or the next DecryptMessage looks for it.
const EVENT_RECORD: u32 = 32;

/// The post-handshake record DecryptMessage reported with `SEC_I_RENEGOTIATE`, as it lies in the
/// caller's memory after being opened in place. Its `SECBUFFER_EXTRA` starts at this record
/// (Windows hands the message to the follow-up ISC/ASC: CONTRACT §7), so the follow-up finds it
/// at the start of its TOKEN and consumes it; a caller that gave the follow-up nothing hands it
/// back to DecryptMessage, which skips it. Recognised by content, not address: curl moves the
/// bytes and .NET copies them before the follow-up. Its fingerprint is SHA-256, so a fresh
/// record (other ciphertext) is never mistaken for it.
struct EventRecord {
    len: usize,
    fingerprint: [u8; 32],
}

impl EventRecord {
    fn of(record: &[u8]) -> EventRecord {
        EventRecord {
            len: record.len(),
            fingerprint: Self::fingerprint(record),
        }
    }

    fn fingerprint(bytes: &[u8]) -> [u8; 32] {
        let mut f = [0; 32];
        f.copy_from_slice(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref());
        f
    }

    fn starts(&self, input: &[u8]) -> bool {
        input
            .get(..self.len)
            .is_some_and(|head| Self::fingerprint(head) == self.fingerprint)
    }
}

/// More KeyUpdates than this without application data in between is a flood.
const MAX_KEY_UPDATES_IN_A_ROW: u32 = 32;

pub struct Context {
    pub side: Side,
    pub cred: Arc<Credential>,
    control: Mutex<Control>,
    tx: Mutex<Tx>,
    rx: Mutex<Rx>,
    event_record: Mutex<Option<EventRecord>>,
    state: AtomicU32,
    latched: AtomicI32,
    /// The alert owed for the latched failure (0: none), sent by the next ISC/ASC.
    owed_alert: AtomicU8,
    /// The last alert the peer sent after the handshake (level, description), for tests.
    last_alert: AtomicU32,
    negotiated: OnceLock<Negotiated>,
}

/// Locks a mutex; a panic inside it (caught at the boundary) has already latched or abandoned
/// the call, so the data is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn negotiated_of(common: &rustls::CommonState) -> Option<Negotiated> {
    Some(Negotiated {
        version: common.protocol_version()?,
        suite: common.negotiated_cipher_suite()?,
        group: common.negotiated_key_exchange_group().map(|g| g.name()),
        alpn: common.alpn_protocol().map(<[u8]>::to_vec),
        peer_chain: common
            .peer_certificates()
            .map(|c| c.iter().map(|c| c.clone().into_owned()).collect())
            .unwrap_or_default(),
        stapled_ocsp: Vec::new(),
        resumed: common.handshake_kind() == Some(HandshakeKind::Resumed),
    })
}

/// Handshake message types handled after the handshake.
const HS_HELLO_REQUEST: u8 = 0;
const HS_CLIENT_HELLO: u8 = 1;
const HS_NEW_SESSION_TICKET: u8 = 4;
const HS_KEY_UPDATE: u8 = 24;

impl Context {
    fn with_engine(side: Side, cred: Arc<Credential>, engine: Connection) -> Context {
        Context {
            side,
            cred,
            control: Mutex::new(Control {
                engine,
                buffered: Vec::new(),
                stashed: None,
                requested_alert: None,
                no_renegotiation_owed: false,
                event_pending: false,
                renegotiation_requests: 0,
                issuers: None,
                incomplete_credentials_reported: false,
                stapled_ocsp: Vec::new(),
                validation: None,
                flight_sent: false,
            }),
            tx: Mutex::new(Tx {
                sealer: None,
                scratch: Vec::new(),
            }),
            rx: Mutex::new(Rx {
                opener: None,
                key_updates_in_a_row: 0,
            }),
            event_record: Mutex::new(None),
            state: AtomicU32::new(0),
            latched: AtomicI32::new(SEC_E_OK),
            owed_alert: AtomicU8::new(0),
            last_alert: AtomicU32::new(0),
            negotiated: OnceLock::new(),
        }
    }

    /// A client context for `target` (SNI and the name checked), offering `alpn`; `manual`
    /// is the first call's `ISC_REQ_MANUAL_CRED_VALIDATION` (later calls may still add it).
    pub fn client(
        cred: Arc<Credential>,
        target: Target<'_>,
        alpn: Option<Vec<Vec<u8>>>,
        manual: bool,
    ) -> Result<Context, SECURITY_STATUS> {
        let (config, name, name_check) = cred.client_config(target)?;
        let validation = cred.validation(manual, name_check);
        // The ClientHello (made here) offers a session from the store this validation reads.
        let conn = with_validation(validation, || match alpn {
            Some(protocols) => UnbufferedClientConnection::new_with_alpn(config, name, protocols),
            None => UnbufferedClientConnection::new(config, name),
        })
        .map_err(|e| status::from_rustls(&e))?;
        let ctx = Self::with_engine(Side::Client, cred, Connection::Client(Box::new(conn)));
        lock(&ctx.control).validation = Some(validation);
        Ok(ctx)
    }

    /// A server context; `alpn` is the server's protocol list in preference order; `mutual`
    /// asks the client for a certificate and requires one (`ASC_REQ_MUTUAL_AUTH`).
    pub fn server(
        cred: Arc<Credential>,
        alpn: Option<Vec<Vec<u8>>>,
        mutual: bool,
    ) -> Result<Context, SECURITY_STATUS> {
        let side = cred.server.as_ref().ok_or(SEC_E_NO_CREDENTIALS)?;
        let mut config = if mutual {
            side.mutual.clone()
        } else {
            side.plain.clone()
        };
        if let Some(protocols) = alpn {
            let mut c = (*config).clone();
            c.alpn_protocols = protocols;
            config = Arc::new(c);
        }
        let conn = UnbufferedServerConnection::new(config).map_err(|e| status::from_rustls(&e))?;
        Ok(Self::with_engine(
            Side::Server,
            cred,
            Connection::Server(Box::new(conn)),
        ))
    }

    fn flags(&self) -> u32 {
        self.state.load(Ordering::Acquire)
    }

    fn set(&self, bit: u32) {
        self.state.fetch_or(bit, Ordering::AcqRel);
    }

    fn clear(&self, bit: u32) {
        self.state.fetch_and(!bit, Ordering::AcqRel);
    }

    fn remember_event_record(&self, record: &[u8]) {
        *lock(&self.event_record) = Some(EventRecord::of(record));
        self.set(EVENT_RECORD);
    }

    /// The length of the event record at the start of `input` (0 if it is not there). Once
    /// found it is forgotten; a DecryptMessage (`last_chance`) forgets it anyway, since the
    /// caller has moved past it, while an ISC/ASC given other bytes or none keeps it for the
    /// DecryptMessage that may still bring it.
    fn take_event_record(&self, input: &[u8], last_chance: bool) -> usize {
        if self.flags() & EVENT_RECORD == 0 {
            return 0;
        }
        let mut slot = lock(&self.event_record);
        let len = slot
            .as_ref()
            .filter(|r| r.starts(input))
            .map_or(0, |r| r.len);
        if len > 0 || last_chance {
            *slot = None;
            self.clear(EVENT_RECORD);
        }
        len
    }

    pub fn is_established(&self) -> bool {
        self.flags() & ESTABLISHED != 0
    }

    pub fn negotiated(&self) -> Option<&Negotiated> {
        self.negotiated.get()
    }

    /// Latches a fatal error: every later Encrypt/Decrypt returns it.
    fn fail(&self, status: SECURITY_STATUS) -> SECURITY_STATUS {
        let _ =
            self.latched
                .compare_exchange(SEC_E_OK, status, Ordering::AcqRel, Ordering::Acquire);
        self.set(FAILED);
        self.latched.load(Ordering::Acquire)
    }

    /// Latches a fatal error found in the peer's records, and the alert it owes the peer.
    fn fail_owing(&self, fatal: Fatal) -> SECURITY_STATUS {
        let first = self
            .latched
            .compare_exchange(SEC_E_OK, fatal.status, Ordering::AcqRel, Ordering::Acquire)
            .is_ok();
        if let (true, Some(alert)) = (first, fatal.alert) {
            self.owed_alert.store(alert, Ordering::Release);
        }
        self.set(FAILED);
        self.latched.load(Ordering::Acquire)
    }

    /// The last alert the peer sent after the handshake, as (level, description). Tests use it
    /// to see which alert a misbehaving peer was answered with.
    #[doc(hidden)]
    pub fn last_alert_for_tests(&self) -> Option<(u8, u8)> {
        let v = self.last_alert.load(Ordering::Acquire);
        (v != 0).then_some(((v >> 8) as u8, v as u8))
    }

    /// One ISC/ASC call.
    pub fn step(&self, input: &[u8], call: Call) -> StepResult {
        let mut c = lock(&self.control);
        if let Some(o) = c.stashed.take() {
            return o;
        }
        // DecryptMessage found the peer's records broken: this call (the application's shutdown
        // path, with or without ApplyControlToken) sends the alert owed, in place of
        // close_notify (CONTRACT §6).
        let owed = self.owed_alert.swap(0, Ordering::AcqRel);
        if owed != 0 && self.is_established() {
            c.requested_alert = None;
            return self.send_requested_alert(&mut c, TLS1_ALERT_FATAL as u8, owed);
        }
        if let Some((level, description)) = c.requested_alert.take() {
            return self.send_requested_alert(&mut c, level, description);
        }
        let flags = self.flags();
        if flags & FAILED != 0 {
            return StepResult::status(self.latched.load(Ordering::Acquire));
        }
        if flags & LOCAL_CLOSED != 0 {
            if c.event_pending {
                // The follow-up to a SEC_I_RENEGOTIATE read after our close_notify: nothing may
                // be sent any more, but the caller must get its EXTRA bytes back to keep reading
                // until the peer's close_notify.
                c.event_pending = false;
                return StepResult {
                    consumed: self.take_event_record(input, false),
                    ..StepResult::status(SEC_E_OK)
                };
            }
            // Nothing more to send after our close (Windows: incomplete, not an error).
            return StepResult::status(SEC_E_INCOMPLETE_MESSAGE);
        }
        if flags & ESTABLISHED != 0 {
            return self.after_handshake(&mut c, input, call);
        }
        if self.side == Side::Client {
            crate::credential::clear_certificate_request();
            crate::credential::clear_stapled_ocsp();
        }
        let validation = c.validation.map(|v| {
            let manual = v.manual || call.manual_validation;
            self.cred.validation(manual, v.name)
        });
        c.validation = validation;
        let outcome = match validation {
            Some(v) => with_validation(v, || self.handshake(&mut c, input, call.reads_input)),
            None => self.handshake(&mut c, input, call.reads_input),
        };
        if self.side != Side::Client {
            return outcome;
        }
        if let Some(r) = crate::credential::take_stapled_ocsp() {
            c.stapled_ocsp = r;
        }
        if let Some(names) = crate::credential::take_certificate_request() {
            c.issuers = Some(names);
            // The server asked for a certificate and the credential has none: Windows stops
            // with SEC_I_INCOMPLETE_CREDENTIALS unless the caller said to use what it supplied.
            // rustls has already answered (without a certificate), so the work done is kept for
            // the next call, which continues anonymously.
            let succeeded = matches!(outcome.status, SEC_E_OK | SEC_I_CONTINUE_NEEDED);
            if succeeded
                && self.cred.local_chain.is_empty()
                && !call.use_supplied_creds
                && !c.incomplete_credentials_reported
            {
                c.incomplete_credentials_reported = true;
                c.stashed = Some(outcome);
                return StepResult::status(SEC_I_INCOMPLETE_CREDENTIALS);
            }
        }
        outcome
    }

    /// Seals `payload` as one record of `content_type` with this side's current sending key,
    /// bypassing every rule: tests use it to play a peer that sends what rustls peers never
    /// do (TLS 1.2 renegotiation requests).
    #[doc(hidden)]
    pub fn seal_raw_for_tests(
        &self,
        content_type: u8,
        payload: &[u8],
    ) -> Result<Vec<u8>, SECURITY_STATUS> {
        let mut tx = lock(&self.tx);
        let sealer = tx.sealer.as_mut().ok_or(SEC_E_INVALID_HANDLE)?;
        sealer.seal_to_vec(content_type, payload)
    }

    /// CA names of the server's certificate request (`SECPKG_ATTR_ISSUER_LIST_EX`); `None` if
    /// the server asked for no certificate.
    pub fn issuers(&self) -> Option<Vec<Vec<u8>>> {
        lock(&self.control).issuers.clone()
    }

    /// Whether ApplyControlToken asked for an alert the next ISC/ASC sends.
    pub fn alert_requested(&self) -> bool {
        lock(&self.control).requested_alert.is_some()
    }

    /// Keeps an outcome whose token did not fit, for the caller's retry.
    pub fn stash(&self, outcome: StepResult) {
        lock(&self.control).stashed = Some(outcome);
    }

    fn handshake(&self, c: &mut Control, input: &[u8], feed: bool) -> StepResult {
        let mut out = Vec::new();
        let mut consumed = 0;
        loop {
            let Control {
                engine, buffered, ..
            } = c;
            let progress = match engine {
                Connection::Client(conn) => drive(&mut **conn, buffered, &mut out),
                Connection::Server(conn) => drive(&mut **conn, buffered, &mut out),
                _ => return StepResult::status(self.fail(SEC_E_INTERNAL_ERROR)),
            };
            match progress {
                Progress::Complete => return self.complete(c, out, consumed),
                Progress::Failed(e) => {
                    let mut alert = match engine {
                        Connection::Client(conn) => failure_alert(&mut **conn, buffered),
                        Connection::Server(conn) => failure_alert(&mut **conn, buffered),
                        _ => Vec::new(),
                    };
                    // Some refusals (a handshake message over rustls's 64 KiB limit) queue no
                    // alert in rustls. Before a server has sent anything no key is in use, so
                    // the alert the cause owes goes out in plaintext.
                    if alert.is_empty()
                        && self.side == Side::Server
                        && !c.flight_sent
                        && out.is_empty()
                    {
                        if let Some(desc) = status::alert_for(&e) {
                            alert = vec![CONTENT_ALERT, 3, 3, 0, 2, TLS1_ALERT_FATAL as u8, desc];
                        }
                    }
                    // A flight produced before the failure (the ServerHello, when early data
                    // the server skips runs over its limit) goes out ahead of the alert: the
                    // peer needs it to read the alert, which is protected with its keys.
                    if !out.is_empty() && !alert.is_empty() {
                        out.extend_from_slice(&alert);
                        alert = out;
                    }
                    c.engine = Connection::Dead;
                    let status = self.fail(status::from_rustls(&e));
                    return StepResult {
                        status,
                        token: Vec::new(),
                        alert,
                        consumed,
                        missing: None,
                    };
                }
                Progress::Blocked if !feed => break,
                Progress::Blocked => match framing(&input[consumed..]) {
                    Framing::Complete(n) => {
                        handshake::admit(&input[consumed..consumed + n]);
                        c.buffered.extend_from_slice(&input[consumed..consumed + n]);
                        consumed += n;
                    }
                    Framing::Missing(m) if consumed == 0 && out.is_empty() => {
                        return StepResult {
                            missing: Some(m),
                            ..StepResult::status(SEC_E_INCOMPLETE_MESSAGE)
                        };
                    }
                    Framing::Garbage if consumed == 0 && out.is_empty() => {
                        return StepResult::status(SEC_E_INVALID_TOKEN);
                    }
                    // Whatever follows comes back as EXTRA for the next call.
                    _ => break,
                },
            }
        }
        c.flight_sent |= !out.is_empty();
        StepResult {
            status: SEC_I_CONTINUE_NEEDED,
            token: out,
            alert: Vec::new(),
            consumed,
            missing: None,
        }
    }

    /// The handshake is done: capture what was negotiated, take the traffic secrets from
    /// rustls and switch to our record layer.
    fn complete(&self, c: &mut Control, token: Vec<u8>, consumed: usize) -> StepResult {
        let engine = std::mem::replace(&mut c.engine, Connection::Dead);
        let handover = match engine {
            Connection::Client(conn) => negotiated_of(conn.common()).zip(
                conn.dangerous_into_kernel_connection()
                    .ok()
                    .map(|(s, k)| (s, Connection::KernelClient(k))),
            ),
            Connection::Server(conn) => negotiated_of(conn.common()).zip(
                conn.dangerous_into_kernel_connection()
                    .ok()
                    .map(|(s, k)| (s, Connection::KernelServer(k))),
            ),
            _ => None,
        };
        let Some((mut negotiated, (secrets, kernel))) = handover else {
            return StepResult::status(self.fail(SEC_E_INTERNAL_ERROR));
        };
        // Verified in this call (TLS 1.3's one server flight) or in an earlier one; a resumed
        // session gets what its full handshake was stapled.
        if self.side == Side::Client {
            let stapled = crate::credential::take_stapled_ocsp()
                .unwrap_or_else(|| std::mem::take(&mut c.stapled_ocsp));
            negotiated.stapled_ocsp =
                self.cred
                    .stapled_ocsp(negotiated.peer_chain.first(), negotiated.resumed, stapled);
        }
        let format = Format::of(negotiated.version);
        let keys = Sealer::new(format, secrets.tx.1, secrets.tx.0)
            .and_then(|s| Opener::new(format, secrets.rx.1, secrets.rx.0).map(|o| (s, o)));
        let (sealer, opener) = match keys {
            Ok(k) => k,
            Err(s) => return StepResult::status(self.fail(s)),
        };
        c.engine = kernel;
        lock(&self.tx).sealer = Some(sealer);
        lock(&self.rx).opener = Some(opener);
        let _ = self.negotiated.set(negotiated);
        self.set(ESTABLISHED);
        StepResult {
            status: SEC_E_OK,
            token,
            alert: Vec::new(),
            consumed,
            missing: None,
        }
    }

    /// ISC/ASC on an established context: the follow-up to `SEC_I_RENEGOTIATE` (consume the
    /// event record at the start of the input, send what is owed), or the application's "redo".
    fn after_handshake(&self, c: &mut Control, input: &[u8], call: Call) -> StepResult {
        if c.event_pending || c.no_renegotiation_owed || self.flags() & REPLY_OWED != 0 {
            c.event_pending = false;
            let consumed = self.take_event_record(input, false);
            let mut token = Vec::new();
            if c.no_renegotiation_owed {
                let alert = [TLS1_ALERT_WARNING as u8, TLS1_ALERT_NO_RENEGOTIATION as u8];
                match lock(&self.tx)
                    .sealer
                    .as_mut()
                    .map(|s| s.seal_to_vec(CONTENT_ALERT, &alert))
                {
                    Some(Ok(rec)) => token.extend_from_slice(&rec),
                    Some(Err(s)) => return StepResult::status(self.fail(s)),
                    None => return StepResult::status(self.fail(SEC_E_INTERNAL_ERROR)),
                }
                c.no_renegotiation_owed = false;
            }
            if self.flags() & REPLY_OWED != 0 {
                match self.send_key_update(c, false) {
                    Ok(rec) => token.extend_from_slice(&rec),
                    Err(s) => return StepResult::status(self.fail(s)),
                }
                self.clear(REPLY_OWED);
            }
            return StepResult {
                token,
                consumed,
                ..StepResult::status(SEC_E_OK)
            };
        }
        let tls13 = self
            .negotiated()
            .is_some_and(|n| n.version == ProtocolVersion::TLSv1_3);
        // rustls has no TLS 1.2 renegotiation; TLS 1.3 can renew keys but not change the
        // credentials, the suite or (post-handshake auth being unsupported) ask for a client
        // certificate after the fact. The connection stays usable.
        if !tls13 || call.credential_changed || call.mutual_auth_added {
            return StepResult::status(SEC_E_UNSUPPORTED_FUNCTION);
        }
        // TLS 1.3 "redo": ask the peer to update its keys too; its KeyUpdate comes back through
        // DecryptMessage as SEC_I_RENEGOTIATE.
        match self.send_key_update(c, true) {
            Ok(rec) => StepResult {
                token: rec,
                ..StepResult::status(SEC_I_CONTINUE_NEEDED)
            },
            Err(s) => StepResult::status(self.fail(s)),
        }
    }

    /// Seals a KeyUpdate under the current key, then moves our sending side to the next key.
    fn send_key_update(&self, c: &mut Control, request: bool) -> Result<Vec<u8>, SECURITY_STATUS> {
        let mut tx = lock(&self.tx);
        let sealer = tx.sealer.as_mut().ok_or(SEC_E_INTERNAL_ERROR)?;
        let record =
            sealer.seal_to_vec(CONTENT_HANDSHAKE, &[HS_KEY_UPDATE, 0, 0, 1, request as u8])?;
        let next = match &mut c.engine {
            Connection::KernelClient(k) => k.update_tx_secret(),
            Connection::KernelServer(k) => k.update_tx_secret(),
            _ => return Err(SEC_E_INTERNAL_ERROR),
        }
        .map_err(|e| status::from_rustls(&e))?;
        sealer.rekey(next.1)?;
        Ok(record)
    }

    /// The alert ApplyControlToken asked for: encrypted once the handshake is done, plaintext
    /// (legacy version 3.1, as Windows writes it) before.
    fn send_requested_alert(&self, c: &mut Control, level: u8, description: u8) -> StepResult {
        let token = if self.is_established() {
            let mut tx = lock(&self.tx);
            match tx
                .sealer
                .as_mut()
                .map(|s| s.seal_to_vec(CONTENT_ALERT, &[level, description]))
            {
                Some(Ok(rec)) => rec,
                Some(Err(s)) => return StepResult::status(s),
                None => return StepResult::status(SEC_E_INTERNAL_ERROR),
            }
        } else {
            vec![CONTENT_ALERT, 3, 1, 0, 2, level, description]
        };
        if description == 0 || level == TLS1_ALERT_FATAL as u8 {
            self.set(LOCAL_CLOSED);
            // After close_notify nothing else may be sent: drop what was owed.
            c.no_renegotiation_owed = false;
            self.clear(REPLY_OWED);
        }
        StepResult {
            token,
            consumed: usize::MAX,
            ..StepResult::status(SEC_E_OK)
        }
    }

    /// ApplyControlToken's payload (already checked to be one TOKEN buffer).
    pub fn apply_control(&self, token: &[u8]) -> SECURITY_STATUS {
        let word = |i: usize| {
            token
                .get(i * 4..i * 4 + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let Some(kind) = word(0) else {
            return SEC_E_UNSUPPORTED_FUNCTION;
        };
        let request = match kind {
            SCHANNEL_SHUTDOWN => (TLS1_ALERT_WARNING as u8, TLS1_ALERT_CLOSE_NOTIFY as u8),
            SCHANNEL_ALERT => match (word(1), word(2)) {
                (Some(ty @ (TLS1_ALERT_WARNING | TLS1_ALERT_FATAL)), Some(n)) if n <= 255 => {
                    (ty as u8, n as u8)
                }
                _ => return SEC_E_INVALID_TOKEN,
            },
            _ => return SEC_E_UNSUPPORTED_FUNCTION,
        };
        lock(&self.control).requested_alert = Some(request);
        SEC_E_OK
    }

    /// EncryptMessage: one application-data record, sealed in the caller's buffers.
    pub fn encrypt(&self, bufs: &mut EncryptBuffers<'_>) -> SECURITY_STATUS {
        let flags = self.flags();
        if flags & FAILED != 0 {
            return self.latched.load(Ordering::Acquire);
        }
        if flags & ESTABLISHED == 0 {
            return SEC_E_INVALID_HANDLE;
        }
        // After a close either way, and while a KeyUpdate reply is owed (RFC 8446 §4.6.3: it
        // must precede our next application data; the follow-up ISC/ASC sends it).
        if flags & (LOCAL_CLOSED | PEER_CLOSED | REPLY_OWED) != 0 {
            return SEC_E_CONTEXT_EXPIRED;
        }
        if bufs.data_len() > MAX_PLAINTEXT {
            return SEC_E_ENCRYPT_FAILURE;
        }
        let mut tx = lock(&self.tx);
        let Tx { sealer, scratch } = &mut *tx;
        let Some(sealer) = sealer.as_mut() else {
            return SEC_E_INTERNAL_ERROR;
        };
        let (header_len, trailer_len) = (sealer.header_len(), sealer.trailer_len());
        let result = match bufs.regions(header_len, trailer_len) {
            Ok(SealRegions::Contiguous {
                header,
                body,
                data_len,
            }) => sealer.seal_app_data_contiguous(header, body, data_len),
            Ok(SealRegions::Split {
                header,
                data,
                trailer,
            }) => sealer.seal_app_data(header, data, trailer, scratch),
            Err(s) => return s,
        };
        match result {
            Ok(()) => {
                bufs.set_sizes(header_len, trailer_len);
                SEC_E_OK
            }
            Err(s) => s,
        }
    }

    /// DecryptMessage: exactly one record, opened where it lies.
    pub fn decrypt(&self, bufs: &mut DecryptBuffers<'_>) -> SECURITY_STATUS {
        let flags = self.flags();
        if flags & FAILED != 0 {
            return self.latched.load(Ordering::Acquire);
        }
        if flags & ESTABLISHED == 0 {
            return SEC_E_INVALID_HANDLE;
        }
        if flags & PEER_CLOSED != 0 {
            return SEC_E_CONTEXT_EXPIRED;
        }
        let mut rx = lock(&self.rx);
        let total_len = bufs.received().len();
        // A caller that answered SEC_I_RENEGOTIATE without handing the record to ISC/ASC (the
        // SDK sample calls its handshake loop with no input) brings it back here: it was
        // processed already, so it reads as a record without data.
        let stale = if flags & EVENT_RECORD != 0 {
            self.take_event_record(bufs.received(), true)
        } else {
            0
        };
        if stale > 0 {
            bufs.set_layout(&DecryptedLayout {
                header_len: RECORD_HEADER_LEN,
                plaintext: RECORD_HEADER_LEN..RECORD_HEADER_LEN,
                record_len: stale,
                extra_start: stale,
                total_len,
            });
            return SEC_E_OK;
        }
        let n = match framing(bufs.received()) {
            Framing::Complete(n) => n,
            Framing::Missing(m) => {
                bufs.mark_missing(m);
                return SEC_E_INCOMPLETE_MESSAGE;
            }
            // A record header claiming more than any protected record holds, or no TLS.
            Framing::Garbage => {
                let overflow = match bufs.received() {
                    [ty, 3, _, a, b, ..] => {
                        (CONTENT_CHANGE_CIPHER_SPEC..=CONTENT_APPLICATION_DATA).contains(ty)
                            && u16::from_be_bytes([*a, *b]) as usize > MAX_CIPHERTEXT
                    }
                    _ => false,
                };
                return self.fail_owing(if overflow { OVERFLOW } else { DECODE });
            }
        };
        let Rx {
            opener,
            key_updates_in_a_row,
        } = &mut *rx;
        let Some(opener) = opener.as_mut() else {
            return SEC_E_INTERNAL_ERROR;
        };
        let record = &mut bufs.received()[..n];
        let opened = match opener.open(record) {
            Ok(o) => o,
            Err(f) => return self.fail_owing(f),
        };
        let mut plaintext = opened.plaintext.clone();
        let status = match opened.content_type {
            CONTENT_APPLICATION_DATA => {
                *key_updates_in_a_row = 0;
                SEC_E_OK
            }
            CONTENT_ALERT => self.on_alert(&record[opened.plaintext.clone()]),
            CONTENT_HANDSHAKE => self.on_handshake_messages(
                &record[opened.plaintext.clone()],
                opener,
                key_updates_in_a_row,
            ),
            _ => self.fail_owing(UNEXPECTED),
        };
        if opened.content_type != CONTENT_APPLICATION_DATA {
            plaintext.end = plaintext.start;
        }
        if status == SEC_I_RENEGOTIATE {
            self.remember_event_record(&bufs.received()[..n]);
        }
        if matches!(status, SEC_E_OK | SEC_I_RENEGOTIATE | SEC_I_CONTEXT_EXPIRED) {
            bufs.set_layout(&DecryptedLayout {
                header_len: opened.plaintext.start,
                plaintext,
                record_len: n,
                // SEC_I_RENEGOTIATE: EXTRA starts at the record itself, the message the
                // follow-up ISC/ASC is handed (CONTRACT §7).
                extra_start: if status == SEC_I_RENEGOTIATE { 0 } else { n },
                total_len,
            });
        }
        status
    }

    fn on_alert(&self, payload: &[u8]) -> SECURITY_STATUS {
        let [level, description] = payload else {
            return self.fail_owing(DECODE);
        };
        self.last_alert.store(
            u32::from(*level) << 8 | u32::from(*description) | 1 << 16,
            Ordering::Release,
        );
        let tls13 = self
            .negotiated()
            .is_some_and(|n| n.version == ProtocolVersion::TLSv1_3);
        if *description == TLS1_ALERT_CLOSE_NOTIFY as u8 {
            self.set(PEER_CLOSED);
            return SEC_I_CONTEXT_EXPIRED;
        }
        // TLS 1.3 makes every alert but close_notify and user_canceled fatal (RFC 8446 §6).
        let warning = *level == TLS1_ALERT_WARNING as u8
            && (!tls13 || *description == TLS1_ALERT_USER_CANCELED as u8);
        if warning {
            return SEC_E_OK;
        }
        self.fail(status::from_alert(*description))
    }

    /// Post-handshake handshake messages: TLS 1.3 NewSessionTicket and KeyUpdate, TLS 1.2
    /// renegotiation requests. Each such record is reported as `SEC_I_RENEGOTIATE`.
    fn on_handshake_messages(
        &self,
        mut messages: &[u8],
        opener: &mut Opener,
        key_updates_in_a_row: &mut u32,
    ) -> SECURITY_STATUS {
        let mut c = lock(&self.control);
        let tls13 = self
            .negotiated()
            .is_some_and(|n| n.version == ProtocolVersion::TLSv1_3);
        // Zero-length handshake fragments are forbidden (RFC 8446 §5.1).
        if messages.is_empty() {
            return self.fail_owing(UNEXPECTED);
        }
        while !messages.is_empty() {
            let Some((&[ty, a, b, l], rest)) = messages.split_first_chunk::<4>() else {
                return self.fail_owing(DECODE);
            };
            let len = u32::from_be_bytes([0, a, b, l]) as usize;
            // A post-handshake message split across records is not supported (none of the
            // messages we accept comes near a record's size).
            let Some(body) = rest.get(..len) else {
                return self.fail_owing(DECODE);
            };
            messages = &rest[len..];
            let result = match (tls13, self.side, ty) {
                (true, Side::Client, HS_NEW_SESSION_TICKET) => {
                    // The ticket goes to the session store of the context's validation.
                    let validation = c.validation;
                    match &mut c.engine {
                        Connection::KernelClient(k) => {
                            let mut store = || k.handle_new_session_ticket(body);
                            match validation {
                                Some(v) => with_validation(v, store),
                                None => store(),
                            }
                            .map_err(|e| {
                                Fatal::new(status::from_rustls(&e), TLS1_ALERT_DECODE_ERROR)
                            })
                        }
                        _ => Err(Fatal::silent(SEC_E_INTERNAL_ERROR)),
                    }
                }
                (true, _, HS_KEY_UPDATE) => {
                    *key_updates_in_a_row += 1;
                    if *key_updates_in_a_row > MAX_KEY_UPDATES_IN_A_ROW {
                        Err(UNEXPECTED)
                    } else {
                        self.on_key_update(&mut c, body, opener)
                    }
                }
                (false, Side::Client, HS_HELLO_REQUEST)
                | (false, Side::Server, HS_CLIENT_HELLO) => self.refuse_renegotiation(&mut c),
                _ => Err(UNEXPECTED),
            };
            if let Err(f) = result {
                return self.fail_owing(f);
            }
        }
        c.event_pending = true;
        SEC_I_RENEGOTIATE
    }

    fn on_key_update(
        &self,
        c: &mut Control,
        body: &[u8],
        opener: &mut Opener,
    ) -> Result<(), Fatal> {
        // RFC 8446 §4.6.3: a request_update other than 0 or 1 is illegal_parameter.
        let requested = match body {
            [0] => false,
            [1] => true,
            [_] => return Err(ILLEGAL_PARAMETER),
            _ => return Err(DECODE),
        };
        let next = match &mut c.engine {
            Connection::KernelClient(k) => k.update_rx_secret(),
            Connection::KernelServer(k) => k.update_rx_secret(),
            _ => return Err(Fatal::silent(SEC_E_INTERNAL_ERROR)),
        }
        .map_err(|e| Fatal::new(status::from_rustls(&e), TLS1_ALERT_UNEXPECTED_MESSAGE))?;
        opener.rekey(next.1).map_err(Fatal::silent)?;
        if requested {
            // One reply answers any number of requests.
            self.set(REPLY_OWED);
        }
        Ok(())
    }

    /// rustls cannot renegotiate: the first request gets a `no_renegotiation` warning (sent by
    /// the follow-up ISC/ASC), a second one is fatal, as in rustls itself.
    fn refuse_renegotiation(&self, c: &mut Control) -> Result<(), Fatal> {
        c.renegotiation_requests += 1;
        if c.renegotiation_requests > 1 {
            return Err(UNEXPECTED);
        }
        c.no_renegotiation_owed = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::{Direction, Request};

    /// A client context on the default credential (NULL pAuthData), before its first call.
    fn client() -> Context {
        let cred = Request::from_auth(None, Direction::Outbound)
            .and_then(|req| Credential::acquire(Direction::Outbound, req))
            .unwrap_or_else(|s| panic!("default client credential: {s:#x}"));
        Context::client(Arc::new(cred), Target::Name("localhost"), None, false)
            .unwrap_or_else(|s| panic!("client context: {s:#x}"))
    }

    fn le(words: &[u32]) -> Vec<u8> {
        words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    // CONTRACT §4
    #[test]
    fn only_a_servers_first_call_reads_its_input() {
        assert!(!Call::first(Side::Client).reads_input);
        assert!(Call::first(Side::Server).reads_input);
        let c = Call::continuation();
        assert!(c.reads_input);
        // Everything else is the call's own to set from its flags and handles.
        for call in [Call::first(Side::Client), Call::first(Side::Server), c] {
            assert!(!call.credential_changed && !call.mutual_auth_added);
            assert!(!call.use_supplied_creds && !call.manual_validation);
        }
    }

    // CONTRACT §4
    #[test]
    fn client_first_call_ignores_input_and_later_calls_take_whole_records_only() {
        let ctx = client();
        let hello = ctx.step(b"not read", Call::first(Side::Client));
        assert_eq!(hello.status, SEC_I_CONTINUE_NEEDED);
        assert_eq!(&hello.token[..3], &[22, 3, 1], "a ClientHello record");
        for (have, missing) in [(0usize, 5usize), (4, 1)] {
            let st = ctx.step(&[22, 3, 3, 0][..have], Call::continuation());
            assert_eq!(
                (st.status, st.missing),
                (SEC_E_INCOMPLETE_MESSAGE, Some(missing))
            );
            assert!(st.token.is_empty() && st.consumed == 0);
        }
        assert_eq!(
            ctx.step(&[0xfa; 64], Call::continuation()).status,
            SEC_E_INVALID_TOKEN
        );
    }

    // CONTRACT §8
    #[test]
    fn apply_control_tokens_as_windows_checks_them() {
        let ctx = client();
        assert_eq!(
            ctx.apply_control(&[1, 0, 0]),
            SEC_E_UNSUPPORTED_FUNCTION,
            "cb < 4"
        );
        assert_eq!(
            ctx.apply_control(&le(&[0x1234])),
            SEC_E_UNSUPPORTED_FUNCTION
        );
        let alert = |ty, n| ctx.apply_control(&le(&[SCHANNEL_ALERT, ty, n]));
        assert_eq!(
            alert(3, TLS1_ALERT_BAD_CERTIFICATE),
            SEC_E_INVALID_TOKEN,
            "no such level"
        );
        assert_eq!(alert(TLS1_ALERT_FATAL, 256), SEC_E_INVALID_TOKEN);
        assert_eq!(
            ctx.apply_control(&le(&[SCHANNEL_ALERT, TLS1_ALERT_FATAL])),
            SEC_E_INVALID_TOKEN,
            "no alert number"
        );
        assert!(!ctx.alert_requested(), "refused tokens request nothing");
        assert_eq!(ctx.apply_control(&le(&[SCHANNEL_SHUTDOWN])), SEC_E_OK);
        assert!(ctx.alert_requested());
    }

    // CONTRACT §8
    #[test]
    fn shutdown_before_the_handshake_is_a_plaintext_close_notify() {
        let ctx = client();
        assert_eq!(
            ctx.step(&[], Call::first(Side::Client)).status,
            SEC_I_CONTINUE_NEEDED
        );
        assert_eq!(ctx.apply_control(&le(&[SCHANNEL_SHUTDOWN])), SEC_E_OK);
        let st = ctx.step(b"uninitialised", Call::continuation());
        assert_eq!(st.status, SEC_E_OK);
        assert_eq!(st.token, [21, 3, 1, 0, 2, 1, 0]);
    }
}
