//! Drives rustls's unbuffered connection through the handshake, one whole record at a time.
//!
//! Input is fed record by record into an internal buffer (rustls may coalesce a handshake
//! message spanning records in place, so it must get the same bytes back), and feeding stops
//! as soon as the handshake completes: records after the last handshake record stay in the
//! caller's buffer and come back as `SECBUFFER_EXTRA`. Every chunk rustls wants to send is
//! encoded into our own growable buffer first, because an `EncodeTlsData` dropped without a
//! successful `encode` silently loses that record.

use rustls::client::{ClientConnectionData, UnbufferedClientConnection};
use rustls::server::{ServerConnectionData, UnbufferedServerConnection};
use rustls::unbuffered::{
    ConnectionState, EncodeError, EncodeTlsData, InsufficientSizeError, UnbufferedStatus,
};
use std::cell::Cell;

use rustls::{AlertDescription, CommonState, ContentType, Error};

use crate::status::Refused;

thread_local! {
    /// The alert owed for a refusal `drive` reported on this thread; `failure_alert`, which
    /// the context calls right after, sends it in place of whatever rustls queued.
    static OWED: Cell<Option<AlertDescription>> = const { Cell::new(None) };
}

thread_local! {
    /// A record [`admit`] refused, for the next `drive` on this thread to fail with.
    static REFUSED_RECORD: Cell<Option<AlertDescription>> = const { Cell::new(None) };
}

/// The largest plaintext fragment (RFC 8446 §5.1, RFC 5246 §6.2.1).
const MAX_FRAGMENT: usize = 1 << 14;

/// Checks one whole handshake-phase record before it joins rustls's input: a plaintext record
/// (alert, handshake, change_cipher_spec) longer than 2^14 is record_overflow, which rustls's
/// deframer lets through (it allows any record up to the ciphertext limit). During the
/// handshake those types are only ever plaintext or, for TLS 1.2's Finished, a few dozen
/// encrypted bytes, so the rule holds for every such record. The refusal is reported by the
/// next [`drive`].
pub fn admit(record: &[u8]) {
    if let [20..=22, _, _, hi, lo, ..] = *record {
        if usize::from(u16::from_be_bytes([hi, lo])) > MAX_FRAGMENT {
            REFUSED_RECORD.with(|r| r.set(Some(AlertDescription::RecordOverflow)));
        }
    }
}

/// A fatal alert record in plaintext: refusals happen on the first flights, before any key.
fn plaintext_alert(desc: AlertDescription) -> Vec<u8> {
    vec![21, 3, 3, 0, 2, 2, u8::from(desc)]
}

/// The two unbuffered connection types behind one interface.
pub trait Unbuffered {
    type Data;
    fn process<'c, 'i>(
        &'c mut self,
        incoming: &'i mut [u8],
    ) -> UnbufferedStatus<'c, 'i, Self::Data>;
    fn common(&self) -> &CommonState;
}

impl Unbuffered for UnbufferedClientConnection {
    type Data = ClientConnectionData;
    fn process<'c, 'i>(
        &'c mut self,
        incoming: &'i mut [u8],
    ) -> UnbufferedStatus<'c, 'i, ClientConnectionData> {
        self.process_tls_records(incoming)
    }
    fn common(&self) -> &CommonState {
        self
    }
}

impl Unbuffered for UnbufferedServerConnection {
    type Data = ServerConnectionData;
    fn process<'c, 'i>(
        &'c mut self,
        incoming: &'i mut [u8],
    ) -> UnbufferedStatus<'c, 'i, ServerConnectionData> {
        self.process_tls_records(incoming)
    }
    fn common(&self) -> &CommonState {
        self
    }
}

/// Where the handshake stands after rustls has processed everything it was given.
pub enum Progress {
    /// rustls needs more records from the peer.
    Blocked,
    /// The handshake is complete and nothing is left to send: ready for the kernel handover.
    Complete,
    Failed(Error),
}

/// Appends one encoded chunk to `out`, growing it as rustls asks.
fn encode_into<Data>(enc: &mut EncodeTlsData<'_, Data>, out: &mut Vec<u8>) {
    let start = out.len();
    let mut room = 2048;
    loop {
        out.resize(start + room, 0);
        match enc.encode(&mut out[start..]) {
            Ok(n) => {
                out.truncate(start + n);
                return;
            }
            Err(EncodeError::InsufficientSize(InsufficientSizeError { required_size })) => {
                room = required_size
            }
            Err(_) => {
                out.truncate(start);
                return;
            }
        }
    }
}

/// Whether a ClientHello that starts `bytes` and lies whole in its first record offers TLS 1.3
/// in `supported_versions`; None when `bytes` holds no such ClientHello (a server's flight, a
/// ClientHello spanning records, garbage).
fn client_hello_offers_tls13(bytes: &[u8]) -> Option<bool> {
    fn take<'a>(b: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        let (head, rest) = (b.get(..n)?, b.get(n..)?);
        *b = rest;
        Some(head)
    }
    fn len(b: &mut &[u8], n: usize) -> Option<usize> {
        Some(take(b, n)?.iter().fold(0, |acc, &x| acc << 8 | x as usize))
    }
    let mut b = bytes;
    let header = take(&mut b, 5)?;
    let record_len = u16::from_be_bytes([header[3], header[4]]) as usize;
    let mut record = b.get(..record_len)?;
    if header[0] != 22 || take(&mut record, 1)? != [1] {
        return None;
    }
    let body_len = len(&mut record, 3)?;
    let mut body = record.get(..body_len)?;
    take(&mut body, 2 + 32)?;
    for width in [1, 2, 1] {
        let n = len(&mut body, width)?;
        take(&mut body, n)?;
    }
    if body.is_empty() {
        return Some(false);
    }
    let n = len(&mut body, 2)?;
    let mut exts = body.get(..n)?;
    while !exts.is_empty() {
        let ty = len(&mut exts, 2)?;
        let n = len(&mut exts, 2)?;
        let mut data = take(&mut exts, n)?;
        if ty == 0x002b {
            let n = len(&mut data, 1)?;
            let versions = take(&mut data, n)?;
            return Some(versions.chunks_exact(2).any(|v| v == [3, 4]));
        }
    }
    Some(false)
}

/// Lets rustls process `buffered` until it blocks, completes or fails; everything it wants to
/// send is appended to `out`, and consumed bytes are removed from `buffered`.
pub fn drive<C: Unbuffered>(conn: &mut C, buffered: &mut Vec<u8>, out: &mut Vec<u8>) -> Progress {
    // Nothing owed from an earlier call on this thread survives into this one.
    OWED.with(|o| o.set(None));
    if let Some(desc) = REFUSED_RECORD.with(|r| r.take()) {
        OWED.with(|o| o.set(Some(desc)));
        return Progress::Failed(Refused(desc).into_error());
    }
    crate::credential::take_hello_refusal();
    crate::credential::note_client_tls13(client_hello_offers_tls13(buffered));
    loop {
        let UnbufferedStatus { discard, state } = conn.process(buffered);
        let done = match state {
            Err(e) => match crate::credential::take_hello_refusal() {
                Some(desc) => {
                    OWED.with(|o| o.set(Some(desc)));
                    Some(Progress::Failed(Refused(desc).into_error()))
                }
                None => Some(Progress::Failed(e)),
            },
            Ok(ConnectionState::EncodeTlsData(mut enc)) => {
                encode_into(&mut enc, out);
                None
            }
            Ok(ConnectionState::TransmitTlsData(t)) => {
                // The caller transmits the whole token after we return.
                t.done();
                None
            }
            Ok(ConnectionState::BlockedHandshake) => Some(Progress::Blocked),
            Ok(ConnectionState::WriteTraffic(_)) => Some(Progress::Complete),
            Ok(ConnectionState::PeerClosed) | Ok(ConnectionState::Closed) => Some(
                Progress::Failed(Error::AlertReceived(rustls::AlertDescription::CloseNotify)),
            ),
            // We feed no record after the last handshake record, and accept no early data: the
            // peer sent application data inside the handshake (unexpected_message).
            Ok(_) => Some(Progress::Failed(Error::InappropriateMessage {
                expect_types: vec![ContentType::Handshake],
                got_type: ContentType::ApplicationData,
            })),
        };
        buffered.drain(..discard);
        if let Some(p) = done {
            return p;
        }
    }
}

/// After a failure rustls has queued the fatal alert it owes the peer; fetch it for callers
/// that asked for `*_REQ_EXTENDED_ERROR`.
///
/// Only what is queued is taken: processing on while nothing is queued would deframe the failed
/// record again and make rustls send a second fatal alert, which it asserts never happens
/// (found by the `handshake_server` fuzz target, a debug-assertion panic).
///
/// `buffered` must be the buffer the failing call used: rustls's deframer still refers to it.
pub fn failure_alert<C: Unbuffered>(conn: &mut C, buffered: &mut [u8]) -> Vec<u8> {
    if let Some(desc) = OWED.with(|o| o.take()) {
        return plaintext_alert(desc);
    }
    let mut out = Vec::new();
    // Bounded: each round either encodes a queued chunk or stops.
    for _ in 0..4 {
        if !conn.common().wants_write() {
            break;
        }
        let UnbufferedStatus { state, .. } = conn.process(buffered);
        match state {
            Ok(ConnectionState::EncodeTlsData(mut enc)) => encode_into(&mut enc, &mut out),
            _ => break,
        }
    }
    out
}
