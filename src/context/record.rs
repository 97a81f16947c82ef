//! The established connection's record layer: TLS 1.2 and 1.3 record protection in place, in
//! the caller's buffers, with ring's AEAD.
//!
//! rustls drives the handshake and then hands over the traffic secrets through its
//! kernel-connection API; from then on each EncryptMessage/DecryptMessage is exactly one record
//! sealed or opened where it lies. That is what Schannel's contract needs and rustls's own
//! unbuffered API cannot give: it copies plaintext out of the record, and it glues an owed
//! KeyUpdate reply in front of the next application record, which a fixed
//! header/data/trailer layout cannot hold. The steady-state path allocates nothing.

use std::ops::Range;

use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};
use rustls::{ConnectionTrafficSecrets, ProtocolVersion};

use crate::abi::*;

pub(crate) const RECORD_HEADER_LEN: usize = 5;
/// Largest plaintext in one record (RFC 8446 §5.1), which is also `cbMaximumMessage`.
pub(crate) const MAX_PLAINTEXT: usize = 16384;
/// Largest ciphertext fragment a peer may send (RFC 8446 §5.2; TLS 1.2 allows 2048 of expansion).
pub(crate) const MAX_CIPHERTEXT: usize = MAX_PLAINTEXT + 2048;
const TAG_LEN: usize = 16;
const GCM_EXPLICIT_NONCE_LEN: usize = 8;

pub(crate) const CONTENT_CHANGE_CIPHER_SPEC: u8 = 20;
pub(crate) const CONTENT_ALERT: u8 = 21;
pub(crate) const CONTENT_HANDSHAKE: u8 = 22;
pub(crate) const CONTENT_APPLICATION_DATA: u8 = 23;

/// How a run of received bytes starts.
#[derive(Debug, PartialEq, Eq)]
pub enum Framing {
    /// A whole record of this many bytes (header included) is present.
    Complete(usize),
    /// This many more bytes are needed before a record can be processed.
    Missing(usize),
    /// The bytes cannot be the start of a TLS record.
    Garbage,
}

/// Reads a record header: type 20..=23, legacy version 3.x, a length within the limits.
pub fn framing(bytes: &[u8]) -> Framing {
    if bytes.len() < RECORD_HEADER_LEN {
        // Windows reports the header as missing until it has all of it.
        if let Some(&ty) = bytes.first() {
            if !(CONTENT_CHANGE_CIPHER_SPEC..=CONTENT_APPLICATION_DATA).contains(&ty)
                || bytes.get(1).is_some_and(|&v| v != 3)
            {
                return Framing::Garbage;
            }
        }
        return Framing::Missing(RECORD_HEADER_LEN - bytes.len());
    }
    let ty = bytes[0];
    let len = u16::from_be_bytes([bytes[3], bytes[4]]) as usize;
    if !(CONTENT_CHANGE_CIPHER_SPEC..=CONTENT_APPLICATION_DATA).contains(&ty)
        || bytes[1] != 3
        || len > MAX_CIPHERTEXT
    {
        return Framing::Garbage;
    }
    let total = RECORD_HEADER_LEN + len;
    if bytes.len() < total {
        Framing::Missing(total - bytes.len())
    } else {
        Framing::Complete(total)
    }
}

/// One direction's keys: AEAD key, static IV and the record sequence number.
struct Keys {
    key: LessSafeKey,
    iv: [u8; 12],
    seq: u64,
    /// Records allowed under one key: for sending, the AEAD's confidentiality limit (RFC 8446
    /// §5.5: 2^24.5 full records for AES-GCM; we stop at 2^23 as rustls does); for receiving,
    /// only sequence-number exhaustion (limiting the peer is the peer's business).
    limit: u64,
}

impl Keys {
    fn new(
        secrets: ConnectionTrafficSecrets,
        seq: u64,
        sending: bool,
    ) -> Result<Keys, SECURITY_STATUS> {
        let (alg, key, iv, limit) = match &secrets {
            ConnectionTrafficSecrets::Aes128Gcm { key, iv } => {
                (&aead::AES_128_GCM, key.as_ref(), iv.as_ref(), 1u64 << 23)
            }
            ConnectionTrafficSecrets::Aes256Gcm { key, iv } => {
                (&aead::AES_256_GCM, key.as_ref(), iv.as_ref(), 1u64 << 23)
            }
            ConnectionTrafficSecrets::Chacha20Poly1305 { key, iv } => (
                &aead::CHACHA20_POLY1305,
                key.as_ref(),
                iv.as_ref(),
                u64::MAX,
            ),
            _ => return Err(SEC_E_ALGORITHM_MISMATCH),
        };
        let key = UnboundKey::new(alg, key).map_err(|_| SEC_E_INTERNAL_ERROR)?;
        let limit = if sending { limit } else { u64::MAX };
        Ok(Keys {
            key: LessSafeKey::new(key),
            iv: iv.try_into().map_err(|_| SEC_E_INTERNAL_ERROR)?,
            seq,
            limit,
        })
    }

    /// `iv XOR seq` (RFC 8446 §5.3; TLS 1.2 ChaCha20 and, with rustls's IV layout, GCM too).
    fn nonce(&self) -> [u8; 12] {
        let mut n = self.iv;
        for (b, s) in n[4..].iter_mut().zip(self.seq.to_be_bytes()) {
            *b ^= s;
        }
        n
    }

    fn is_gcm(&self) -> bool {
        self.key.algorithm() != &aead::CHACHA20_POLY1305
    }

    /// Refuses a key that has protected its limit of records. A TLS 1.3 application rekeys
    /// with a "redo" (ISC/ASC on the established context, which sends a KeyUpdate and restarts
    /// the count); TLS 1.2 has no rekeying, so the connection must be replaced.
    fn check_limit(&self) -> Result<(), SECURITY_STATUS> {
        if self.seq >= self.limit {
            return Err(SEC_E_CONTEXT_EXPIRED);
        }
        Ok(())
    }

    fn next(&mut self) {
        self.seq += 1;
    }
}

fn tls12_aad(seq: u64, ty: u8, len: usize) -> [u8; 13] {
    let mut aad = [0u8; 13];
    aad[..8].copy_from_slice(&seq.to_be_bytes());
    aad[8] = ty;
    aad[9] = 3;
    aad[10] = 3;
    aad[11..].copy_from_slice(&(len as u16).to_be_bytes());
    aad
}

fn record_header(ty: u8, len: usize) -> [u8; 5] {
    let l = (len as u16).to_be_bytes();
    [ty, 3, 3, l[0], l[1]]
}

/// Which record format a connection uses after the handshake.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Tls12,
    Tls13,
}

impl Format {
    pub fn of(v: ProtocolVersion) -> Format {
        if v == ProtocolVersion::TLSv1_3 {
            Format::Tls13
        } else {
            Format::Tls12
        }
    }
}

/// Sending half.
pub struct Sealer {
    format: Format,
    keys: Keys,
}

impl Sealer {
    pub fn new(
        format: Format,
        secrets: ConnectionTrafficSecrets,
        seq: u64,
    ) -> Result<Self, SECURITY_STATUS> {
        Ok(Sealer {
            format,
            keys: Keys::new(secrets, seq, true)?,
        })
    }

    pub fn rekey(&mut self, secrets: ConnectionTrafficSecrets) -> Result<(), SECURITY_STATUS> {
        self.keys = Keys::new(secrets, 0, true)?;
        Ok(())
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// Bytes before the plaintext: the record header, plus GCM's explicit nonce in TLS 1.2.
    pub fn header_len(&self) -> usize {
        match self.format {
            Format::Tls12 if self.keys.is_gcm() => RECORD_HEADER_LEN + GCM_EXPLICIT_NONCE_LEN,
            _ => RECORD_HEADER_LEN,
        }
    }

    /// Bytes after the plaintext: the tag, plus TLS 1.3's inner content type.
    pub fn trailer_len(&self) -> usize {
        match self.format {
            Format::Tls13 => TAG_LEN + 1,
            Format::Tls12 => TAG_LEN,
        }
    }

    /// Records sent under the current key.
    pub fn sequence(&self) -> u64 {
        self.keys.seq
    }

    /// Seals one application-data record where it lies. `data_and_trailer` is `Some` when the
    /// caller's trailer directly follows the data (the usual contiguous layout), which lets
    /// TLS 1.3 seal without a copy; otherwise `scratch` holds the TLS 1.3 inner plaintext.
    pub fn seal_app_data(
        &mut self,
        header: &mut [u8],
        data: &mut [u8],
        trailer: &mut [u8],
        scratch: &mut Vec<u8>,
    ) -> Result<(), SECURITY_STATUS> {
        self.seal(CONTENT_APPLICATION_DATA, header, data, trailer, scratch)
    }

    fn seal(
        &mut self,
        ty: u8,
        header: &mut [u8],
        data: &mut [u8],
        trailer: &mut [u8],
        scratch: &mut Vec<u8>,
    ) -> Result<(), SECURITY_STATUS> {
        let n = data.len();
        if header.len() < self.header_len() || trailer.len() < self.trailer_len() {
            return Err(SEC_E_BUFFER_TOO_SMALL);
        }
        self.keys.check_limit()?;
        let nonce_bytes = self.keys.nonce();
        let nonce = Nonce::assume_unique_for_key(nonce_bytes);
        match self.format {
            Format::Tls13 => {
                let hdr = record_header(CONTENT_APPLICATION_DATA, n + 1 + TAG_LEN);
                header[..RECORD_HEADER_LEN].copy_from_slice(&hdr);
                // Inner plaintext = data || real content type (no padding).
                scratch.clear();
                scratch.extend_from_slice(data);
                scratch.push(ty);
                let tag = self
                    .keys
                    .key
                    .seal_in_place_separate_tag(nonce, Aad::from(hdr), scratch)
                    .map_err(|_| SEC_E_ENCRYPT_FAILURE)?;
                data.copy_from_slice(&scratch[..n]);
                trailer[0] = scratch[n];
                trailer[1..1 + TAG_LEN].copy_from_slice(tag.as_ref());
            }
            Format::Tls12 => {
                let aad = tls12_aad(self.keys.seq, ty, n);
                let body = n + TAG_LEN;
                if self.keys.is_gcm() {
                    let hdr = record_header(ty, body + GCM_EXPLICIT_NONCE_LEN);
                    header[..RECORD_HEADER_LEN].copy_from_slice(&hdr);
                    header[RECORD_HEADER_LEN..RECORD_HEADER_LEN + GCM_EXPLICIT_NONCE_LEN]
                        .copy_from_slice(&nonce_bytes[4..]);
                } else {
                    header[..RECORD_HEADER_LEN].copy_from_slice(&record_header(ty, body));
                }
                let tag = self
                    .keys
                    .key
                    .seal_in_place_separate_tag(nonce, Aad::from(aad), data)
                    .map_err(|_| SEC_E_ENCRYPT_FAILURE)?;
                trailer[..TAG_LEN].copy_from_slice(tag.as_ref());
            }
        }
        self.keys.next();
        Ok(())
    }

    /// Seals a TLS 1.3 record whose plaintext and trailer are adjacent in `body`
    /// (`body[..n]` plaintext, then room for the trailer): the zero-copy path.
    pub fn seal_app_data_contiguous(
        &mut self,
        header: &mut [u8],
        body: &mut [u8],
        n: usize,
    ) -> Result<(), SECURITY_STATUS> {
        if self.format != Format::Tls13 {
            let (data, trailer) = body.split_at_mut(n);
            return self.seal(
                CONTENT_APPLICATION_DATA,
                header,
                data,
                trailer,
                &mut Vec::new(),
            );
        }
        if header.len() < RECORD_HEADER_LEN || body.len() < n + 1 + TAG_LEN {
            return Err(SEC_E_BUFFER_TOO_SMALL);
        }
        self.keys.check_limit()?;
        let hdr = record_header(CONTENT_APPLICATION_DATA, n + 1 + TAG_LEN);
        header[..RECORD_HEADER_LEN].copy_from_slice(&hdr);
        body[n] = CONTENT_APPLICATION_DATA;
        let nonce = Nonce::assume_unique_for_key(self.keys.nonce());
        let (inner, rest) = body.split_at_mut(n + 1);
        let tag = self
            .keys
            .key
            .seal_in_place_separate_tag(nonce, Aad::from(hdr), inner)
            .map_err(|_| SEC_E_ENCRYPT_FAILURE)?;
        rest[..TAG_LEN].copy_from_slice(tag.as_ref());
        self.keys.next();
        Ok(())
    }

    /// Seals a control record (alert, post-handshake handshake message) into a new vector.
    /// Rare, so it may allocate.
    pub fn seal_to_vec(&mut self, ty: u8, payload: &[u8]) -> Result<Vec<u8>, SECURITY_STATUS> {
        let h = self.header_len();
        let t = self.trailer_len();
        let mut rec = vec![0u8; h + payload.len() + t];
        rec[h..h + payload.len()].copy_from_slice(payload);
        let (header, rest) = rec.split_at_mut(h);
        let (data, trailer) = rest.split_at_mut(payload.len());
        self.seal(ty, header, data, trailer, &mut Vec::new())?;
        Ok(rec)
    }
}

/// A decrypted record: its real content type and where the plaintext lies in the record.
pub struct Opened {
    pub content_type: u8,
    pub plaintext: Range<usize>,
}

/// Receiving half.
pub struct Opener {
    format: Format,
    keys: Keys,
}

impl Opener {
    pub fn new(
        format: Format,
        secrets: ConnectionTrafficSecrets,
        seq: u64,
    ) -> Result<Self, SECURITY_STATUS> {
        Ok(Opener {
            format,
            keys: Keys::new(secrets, seq, false)?,
        })
    }

    pub fn rekey(&mut self, secrets: ConnectionTrafficSecrets) -> Result<(), SECURITY_STATUS> {
        self.keys = Keys::new(secrets, 0, false)?;
        Ok(())
    }

    /// Opens the whole record `rec` (header included) in place. An authentication failure is
    /// `SEC_E_DECRYPT_FAILURE` (bad_record_mac); a record type the format does not allow, or a
    /// TLS 1.3 record with no content type, is `SEC_E_ILLEGAL_MESSAGE` (unexpected_message);
    /// plaintext over 2^14 bytes is `SEC_E_ILLEGAL_MESSAGE` (record_overflow).
    pub fn open(&mut self, rec: &mut [u8]) -> Result<Opened, Fatal> {
        self.keys.check_limit().map_err(Fatal::silent)?;
        let outer = rec[0];
        let nonce_bytes = self.keys.nonce();
        let opened = match self.format {
            Format::Tls13 => {
                if outer != CONTENT_APPLICATION_DATA {
                    return Err(UNEXPECTED);
                }
                let (hdr, body) = rec.split_at_mut(RECORD_HEADER_LEN);
                if body.len() < TAG_LEN + 1 {
                    return Err(BAD_MAC);
                }
                let aad = Aad::from(
                    <[u8; 5]>::try_from(&*hdr).map_err(|_| Fatal::silent(SEC_E_INTERNAL_ERROR))?,
                );
                let inner = self
                    .keys
                    .key
                    .open_in_place(Nonce::assume_unique_for_key(nonce_bytes), aad, body)
                    .map_err(|_| BAD_MAC)?;
                // Strip padding: the content type is the last non-zero byte.
                let Some(type_at) = inner.iter().rposition(|&b| b != 0) else {
                    return Err(UNEXPECTED);
                };
                if type_at > MAX_PLAINTEXT {
                    return Err(OVERFLOW);
                }
                Opened {
                    content_type: inner[type_at],
                    plaintext: RECORD_HEADER_LEN..RECORD_HEADER_LEN + type_at,
                }
            }
            Format::Tls12 => {
                let gcm = self.keys.is_gcm();
                let start = if gcm {
                    RECORD_HEADER_LEN + GCM_EXPLICIT_NONCE_LEN
                } else {
                    RECORD_HEADER_LEN
                };
                if rec.len() < start + TAG_LEN {
                    return Err(BAD_MAC);
                }
                let plain_len = rec.len() - start - TAG_LEN;
                let nonce = if gcm {
                    let mut n = [0u8; 12];
                    n[..4].copy_from_slice(&self.keys.iv[..4]);
                    n[4..].copy_from_slice(&rec[RECORD_HEADER_LEN..start]);
                    n
                } else {
                    nonce_bytes
                };
                let aad = tls12_aad(self.keys.seq, outer, plain_len);
                self.keys
                    .key
                    .open_in_place(
                        Nonce::assume_unique_for_key(nonce),
                        Aad::from(aad),
                        &mut rec[start..],
                    )
                    .map_err(|_| BAD_MAC)?;
                if plain_len > MAX_PLAINTEXT {
                    return Err(OVERFLOW);
                }
                Opened {
                    content_type: outer,
                    plaintext: start..start + plain_len,
                }
            }
        };
        self.keys.next();
        Ok(opened)
    }
}

/// A fatal error found in what the peer sent: the status to report and the alert RFC 8446 §6.2
/// / RFC 5246 §7.2 name for it, owed to the peer (sent by the next ISC/ASC on the context).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fatal {
    pub status: SECURITY_STATUS,
    pub alert: Option<u8>,
}

impl Fatal {
    pub const fn new(status: SECURITY_STATUS, alert: DWORD) -> Fatal {
        Fatal {
            status,
            alert: Some(alert as u8),
        }
    }

    /// A failure that owes the peer nothing (it sent a fatal alert, or a local limit ran out).
    pub const fn silent(status: SECURITY_STATUS) -> Fatal {
        Fatal {
            status,
            alert: None,
        }
    }
}

pub const BAD_MAC: Fatal = Fatal::new(SEC_E_DECRYPT_FAILURE, TLS1_ALERT_BAD_RECORD_MAC);
pub const UNEXPECTED: Fatal = Fatal::new(SEC_E_ILLEGAL_MESSAGE, TLS1_ALERT_UNEXPECTED_MESSAGE);
pub const OVERFLOW: Fatal = Fatal::new(SEC_E_ILLEGAL_MESSAGE, TLS1_ALERT_RECORD_OVERFLOW);
pub const DECODE: Fatal = Fatal::new(SEC_E_ILLEGAL_MESSAGE, TLS1_ALERT_DECODE_ERROR);
pub const ILLEGAL_PARAMETER: Fatal =
    Fatal::new(SEC_E_ILLEGAL_MESSAGE, TLS1_ALERT_ILLEGAL_PARAMETER);

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::crypto::cipher::{AeadKey, Iv};

    fn secrets(k: u8) -> ConnectionTrafficSecrets {
        ConnectionTrafficSecrets::Aes256Gcm {
            key: AeadKey::from([k; 32]),
            iv: Iv::new([k; 12]),
        }
    }

    #[test]
    fn sending_stops_at_the_confidentiality_limit_and_a_new_key_restarts_the_count() {
        let mut tx = Sealer::new(Format::Tls13, secrets(1), 0).unwrap();
        tx.keys.limit = 3;
        assert!(tx.seal_to_vec(CONTENT_APPLICATION_DATA, b"a").is_ok());
        assert!(tx.seal_to_vec(CONTENT_APPLICATION_DATA, b"b").is_ok());
        assert!(tx.seal_to_vec(CONTENT_APPLICATION_DATA, b"c").is_ok());
        assert_eq!(
            tx.seal_to_vec(CONTENT_APPLICATION_DATA, b"d").err(),
            Some(SEC_E_CONTEXT_EXPIRED)
        );
        tx.rekey(secrets(2)).unwrap();
        assert_eq!(tx.sequence(), 0);
        assert!(tx.seal_to_vec(CONTENT_APPLICATION_DATA, b"e").is_ok());
        let rx = Opener::new(Format::Tls13, secrets(1), 0).unwrap();
        assert_eq!(
            rx.keys.limit,
            u64::MAX,
            "receiving is not limited by our policy"
        );
    }

    #[test]
    fn framing_reports_missing_and_garbage() {
        assert_eq!(framing(&[]), Framing::Missing(5));
        assert_eq!(framing(&[23, 3, 3, 0]), Framing::Missing(1));
        assert_eq!(framing(&[23, 3, 3, 0, 10]), Framing::Missing(10));
        assert_eq!(framing(&[23, 3, 3, 0, 1, 0]), Framing::Complete(6));
        assert_eq!(framing(&[0xfa; 8]), Framing::Garbage);
        assert_eq!(framing(&[0; 8]), Framing::Garbage);
        assert_eq!(framing(&[23, 3, 3, 0xff, 0xff]), Framing::Garbage);
    }

    #[test]
    fn sealed_records_open_in_both_formats_and_tampering_fails() {
        for format in [Format::Tls12, Format::Tls13] {
            let mut tx = Sealer::new(format, secrets(7), 0).unwrap();
            let mut rx = Opener::new(format, secrets(7), 0).unwrap();
            for round in 0..3u8 {
                let msg = vec![round; 100];
                let (h, t) = (tx.header_len(), tx.trailer_len());
                let mut rec = vec![0u8; h + msg.len() + t];
                rec[h..h + msg.len()].copy_from_slice(&msg);
                let (hdr, body) = rec.split_at_mut(h);
                tx.seal_app_data_contiguous(hdr, body, msg.len()).unwrap();
                let opened = rx.open(&mut rec).unwrap();
                assert_eq!(opened.content_type, CONTENT_APPLICATION_DATA);
                assert_eq!(&rec[opened.plaintext], &msg[..]);
            }
            let mut rec = tx.seal_to_vec(CONTENT_ALERT, &[1, 0]).unwrap();
            let last = rec.len() - 1;
            rec[last] ^= 1;
            assert_eq!(rx.open(&mut rec).err(), Some(BAD_MAC));
        }
    }
}
