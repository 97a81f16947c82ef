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
use rustls::{CommonState, Error};

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

/// Lets rustls process `buffered` until it blocks, completes or fails; everything it wants to
/// send is appended to `out`, and consumed bytes are removed from `buffered`.
pub fn drive<C: Unbuffered>(conn: &mut C, buffered: &mut Vec<u8>, out: &mut Vec<u8>) -> Progress {
    loop {
        let UnbufferedStatus { discard, state } = conn.process(buffered);
        let done = match state {
            Err(e) => Some(Progress::Failed(e)),
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
            // We feed no record after the last handshake record, and accept no early data.
            Ok(_) => Some(Progress::Failed(Error::General(
                "unexpected application data during the handshake".into(),
            ))),
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
