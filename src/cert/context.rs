//! A `CERT_CONTEXT` is read by C through raw pointers for as long as the caller holds a reference:
//! `pbCertEncoded`, `pCertInfo` and every blob inside `CERT_INFO` must stay at stable addresses and
//! never change. So each certificate is one heap object (shared through an `Arc`, whose contents never
//! move) that starts with the `CERT_CONTEXT` (the pointer C holds is the object's address) and owns
//! every buffer the C view points into. Those buffers are filled once, before the pointers are taken,
//! and never touched again. As on Windows, `CERT_INFO`'s names, public key and extension values point
//! into `pbCertEncoded`; OID strings, the little-endian serial and algorithm parameters live in a
//! separate owned arena.
//!
//! A context here knows nothing of stores: `hCertStore` is a value its owner hands in, and the
//! membership, reference counting and lookup of contexts are `store`'s.

use std::ops::Range;
use std::sync::Mutex;

use rustls::pki_types::PrivateKeyDer;
use x509_parser::asn1_rs::ToDer;
use x509_parser::certificate::X509Certificate;
use x509_parser::prelude::FromDer;
use x509_parser::x509::AlgorithmIdentifier;

use super::error::{CertResult, Win32Error};
use crate::abi::*;

/// Seconds between 1601-01-01 (FILETIME's epoch) and 1970-01-01 (Unix time).
const FILETIME_UNIX_OFFSET_SECS: i64 = 11_644_473_600;

/// Where a blob's bytes live: inside the certificate's DER, or in the owned arena.
#[derive(Clone, Debug)]
enum Span {
    None,
    Der(Range<usize>),
    Arena(Range<usize>),
}

/// Everything `CERT_INFO` needs, as offsets, computed while the parsed certificate borrows the input.
struct Layout {
    der_len: usize,
    serial_der: Range<usize>,
    version: u32,
    serial: Span,
    sig_oid: usize,
    sig_params: Span,
    issuer: Range<usize>,
    subject: Range<usize>,
    not_before: FILETIME,
    not_after: FILETIME,
    spki_oid: usize,
    spki_params: Span,
    spki_key: Span,
    spki_unused_bits: u32,
    issuer_uid: Option<(Span, u32)>,
    subject_uid: Option<(Span, u32)>,
    extensions: Vec<(usize, bool, Span)>,
}

struct Arena {
    bytes: Vec<u8>,
}

impl Arena {
    fn push(&mut self, data: &[u8]) -> Span {
        if data.is_empty() {
            return Span::None;
        }
        let start = self.bytes.len();
        self.bytes.extend_from_slice(data);
        Span::Arena(start..self.bytes.len())
    }

    /// Adds a NUL-terminated string, returning its offset.
    fn push_str(&mut self, s: &str) -> usize {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(s.as_bytes());
        self.bytes.push(0);
        start
    }
}

/// The range `part` occupies inside `whole`, if it is a sub-slice of it.
fn range_in(whole: &[u8], part: &[u8]) -> Option<Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    (end <= whole.len()).then_some(start..end)
}

/// A span for `part`: in the DER when it is a slice of it, otherwise a copy in the arena.
fn locate(whole: &[u8], part: &[u8], arena: &mut Arena) -> Span {
    if part.is_empty() {
        return Span::None;
    }
    match range_in(whole, part) {
        Some(r) => Span::Der(r),
        None => arena.push(part),
    }
}

/// Unix seconds as a FILETIME (clamped at 1601).
pub(super) fn filetime(unix_secs: i64) -> FILETIME {
    let ticks = unix_secs
        .saturating_add(FILETIME_UNIX_OFFSET_SECS)
        .max(0)
        .unsigned_abs()
        .saturating_mul(10_000_000);
    FILETIME {
        dwLowDateTime: (ticks & 0xffff_ffff) as u32,
        dwHighDateTime: (ticks >> 32) as u32,
    }
}

/// A FILETIME as one 64-bit count of 100-ns ticks since 1601.
pub fn filetime_ticks(ft: &FILETIME) -> u64 {
    u64::from(ft.dwHighDateTime) << 32 | u64::from(ft.dwLowDateTime)
}

/// The current time as FILETIME ticks.
pub fn now_ticks() -> u64 {
    let unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = i64::try_from(unix.as_secs()).unwrap_or(i64::MAX);
    filetime_ticks(&filetime(secs)).saturating_add(u64::from(unix.subsec_nanos() / 100))
}

fn algorithm(alg: &AlgorithmIdentifier<'_>, arena: &mut Arena) -> (usize, Span) {
    let oid = arena.push_str(&alg.algorithm.to_id_string());
    // Windows keeps the parameters' whole encoding (e.g. 05 00 for NULL); absent parameters are empty.
    let params = match &alg.parameters {
        Some(p) => match p.to_der_vec() {
            Ok(enc) => arena.push(&enc),
            Err(_) => Span::None,
        },
        None => Span::None,
    };
    (oid, params)
}

/// Parses one DER certificate (trailing bytes are ignored) and records where each field lives.
fn layout(input: &[u8], arena: &mut Arena) -> CertResult<Layout> {
    let (rest, cert) =
        X509Certificate::from_der(input).map_err(|_| Win32Error::of(CRYPT_E_ASN1_BADTAG))?;
    let der_len = input.len() - rest.len();
    let der = &input[..der_len];
    let tbs = &cert.tbs_certificate;
    let bad = || Win32Error::of(CRYPT_E_ASN1_BADTAG);

    // Windows stores INTEGERs little-endian, keeping every content byte (a leading 00 sign byte
    // becomes a trailing 00).
    let serial_der = range_in(der, tbs.raw_serial()).ok_or_else(bad)?;
    let mut serial: Vec<u8> = tbs.raw_serial().to_vec();
    serial.reverse();
    let serial = arena.push(&serial);
    let (sig_oid, sig_params) = algorithm(&tbs.signature, arena);
    let issuer = range_in(der, tbs.issuer.as_raw()).ok_or_else(bad)?;
    let subject = range_in(der, tbs.subject.as_raw()).ok_or_else(bad)?;
    let spki = &tbs.subject_pki;
    let (spki_oid, spki_params) = algorithm(&spki.algorithm, arena);
    let spki_key = locate(der, spki.subject_public_key.data.as_ref(), arena);
    let uid = |u: &Option<x509_parser::certificate::UniqueIdentifier<'_>>, arena: &mut Arena| {
        u.as_ref().map(|u| {
            (
                locate(der, u.0.data.as_ref(), arena),
                u32::from(u.0.unused_bits),
            )
        })
    };
    let issuer_uid = uid(&tbs.issuer_uid, arena);
    let subject_uid = uid(&tbs.subject_uid, arena);
    let extensions = tbs
        .extensions()
        .iter()
        .map(|e| {
            let oid = arena.push_str(&e.oid.to_id_string());
            (oid, e.critical, locate(der, e.value, arena))
        })
        .collect();
    Ok(Layout {
        der_len,
        serial_der,
        version: tbs.version.0,
        serial,
        sig_oid,
        sig_params,
        issuer,
        subject,
        not_before: filetime(tbs.validity.not_before.timestamp()),
        not_after: filetime(tbs.validity.not_after.timestamp()),
        spki_oid,
        spki_params,
        spki_key,
        spki_unused_bits: u32::from(spki.subject_public_key.unused_bits),
        issuer_uid,
        subject_uid,
        extensions,
    })
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Turns offsets into C pointers. Only called once the buffers are final: they are never resized
/// afterwards, so the pointers stay valid for the object's life. `wrapping_add` keeps this safe code;
/// every offset is in bounds by construction.
struct Pointers {
    der: *mut u8,
    arena: *mut u8,
}

impl Pointers {
    fn blob(&self, span: &Span) -> CRYPT_INTEGER_BLOB {
        let (base, r) = match span {
            Span::None => {
                return CRYPT_INTEGER_BLOB {
                    cbData: 0,
                    pbData: std::ptr::null_mut(),
                }
            }
            Span::Der(r) => (self.der, r),
            Span::Arena(r) => (self.arena, r),
        };
        CRYPT_INTEGER_BLOB {
            cbData: len32(r.len()),
            pbData: base.wrapping_add(r.start),
        }
    }

    fn range(&self, r: &Range<usize>) -> CRYPT_INTEGER_BLOB {
        self.blob(&Span::Der(r.clone()))
    }

    fn bits(&self, span: Option<&(Span, u32)>) -> CRYPT_BIT_BLOB {
        let (b, unused) = match span {
            Some((s, unused)) => (self.blob(s), *unused),
            None => (self.blob(&Span::None), 0),
        };
        CRYPT_BIT_BLOB {
            cbData: b.cbData,
            pbData: b.pbData,
            cUnusedBits: unused,
        }
    }

    fn string(&self, offset: usize) -> LPSTR {
        self.arena.wrapping_add(offset).cast()
    }
}

/// One certificate context. `ctx` must stay the first field: C's `PCCERT_CONTEXT` is this address.
#[repr(C)]
pub struct CertContext {
    ctx: CERT_CONTEXT,
    sha1: [u8; 20],
    issuer: Range<usize>,
    subject: Range<usize>,
    serial: Range<usize>,
    not_before: u64,
    not_after: u64,
    /// The private key, as a property of the context (Windows' CERT_KEY_PROV_INFO / NCRYPT key handle).
    key: Mutex<Option<PrivateKeyDer<'static>>>,
    /// `CERT_OCSP_RESPONSE_PROP_ID`: the DER OCSPResponse a TLS server stapled for this
    /// certificate, attached by the Schannel layer to the peer context it hands out.
    ocsp_response: Mutex<Option<Vec<u8>>>,
    // The buffers the C view points into: filled before the pointers were taken, never modified.
    der: Vec<u8>,
    _arena: Vec<u8>,
    _extensions: Vec<CERT_EXTENSION>,
    _info: Vec<CERT_INFO>,
}

const _: () = assert!(std::mem::offset_of!(CertContext, ctx) == 0);

// SAFETY: the raw pointers inside `ctx` and the CERT_INFO point only into buffers this object owns and
// never mutates after construction (and `hCertStore`, a handle value this object never dereferences);
// the only mutable state (the key, the stapled OCSP response) is behind mutexes. Sharing or
// sending it between threads is therefore as safe as sharing the owned `Vec`s themselves.
unsafe impl Send for CertContext {}
// SAFETY: see the `Send` impl: no interior mutability other than the `Mutex`es.
unsafe impl Sync for CertContext {}

impl CertContext {
    /// Builds the context for the certificate in `input` (its first DER object); `store` is what
    /// `hCertStore` will say.
    pub(super) fn new(
        input: &[u8],
        encoding: u32,
        store: HCERTSTORE,
        key: Option<PrivateKeyDer<'static>>,
    ) -> CertResult<CertContext> {
        let mut arena = Arena { bytes: Vec::new() };
        let l = layout(input, &mut arena)?;
        let mut der = input[..l.der_len].to_vec();
        let mut arena = arena.bytes;
        let p = Pointers {
            der: der.as_mut_ptr(),
            arena: arena.as_mut_ptr(),
        };

        let mut extensions: Vec<CERT_EXTENSION> = l
            .extensions
            .iter()
            .map(|(oid, critical, value)| CERT_EXTENSION {
                pszObjId: p.string(*oid),
                fCritical: BOOL::from(*critical),
                Value: p.blob(value),
            })
            .collect();
        let rg_extension = if extensions.is_empty() {
            std::ptr::null_mut()
        } else {
            extensions.as_mut_ptr()
        };
        let mut info = vec![CERT_INFO {
            dwVersion: l.version,
            SerialNumber: p.blob(&l.serial),
            SignatureAlgorithm: CRYPT_ALGORITHM_IDENTIFIER {
                pszObjId: p.string(l.sig_oid),
                Parameters: p.blob(&l.sig_params),
            },
            Issuer: p.range(&l.issuer),
            NotBefore: l.not_before,
            NotAfter: l.not_after,
            Subject: p.range(&l.subject),
            SubjectPublicKeyInfo: CERT_PUBLIC_KEY_INFO {
                Algorithm: CRYPT_ALGORITHM_IDENTIFIER {
                    pszObjId: p.string(l.spki_oid),
                    Parameters: p.blob(&l.spki_params),
                },
                PublicKey: p.bits(Some(&(l.spki_key.clone(), l.spki_unused_bits))),
            },
            IssuerUniqueId: p.bits(l.issuer_uid.as_ref()),
            SubjectUniqueId: p.bits(l.subject_uid.as_ref()),
            cExtension: len32(extensions.len()),
            rgExtension: rg_extension,
        }];
        let ctx = CERT_CONTEXT {
            dwCertEncodingType: encoding,
            pbCertEncoded: p.der,
            cbCertEncoded: len32(der.len()),
            pCertInfo: info.as_mut_ptr(),
            hCertStore: store,
        };
        let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &der);
        let mut sha1 = [0u8; 20];
        sha1.copy_from_slice(digest.as_ref());
        let not_before = filetime_ticks(&l.not_before);
        let not_after = filetime_ticks(&l.not_after);
        Ok(CertContext {
            ctx,
            sha1,
            issuer: l.issuer,
            subject: l.subject,
            serial: l.serial_der,
            not_before,
            not_after,
            key: Mutex::new(key),
            ocsp_response: Mutex::new(None),
            der,
            _arena: arena,
            _extensions: extensions,
            _info: info,
        })
    }

    /// The `PCCERT_CONTEXT` handed to C.
    pub fn context_ptr(&self) -> PCCERT_CONTEXT {
        &self.ctx
    }

    /// The encoding type recorded in the context.
    pub fn encoding(&self) -> u32 {
        self.ctx.dwCertEncodingType
    }

    /// The certificate's DER encoding (`pbCertEncoded`).
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// SHA-1 of the DER: the Windows thumbprint.
    pub fn sha1(&self) -> &[u8; 20] {
        &self.sha1
    }

    /// The subject Name, DER-encoded.
    pub fn subject_der(&self) -> &[u8] {
        &self.der[self.subject.clone()]
    }

    /// The issuer Name, DER-encoded.
    pub fn issuer_der(&self) -> &[u8] {
        &self.der[self.issuer.clone()]
    }

    /// The serial number's content bytes as encoded (big-endian, with any 00 sign byte).
    pub fn serial_der(&self) -> &[u8] {
        &self.der[self.serial.clone()]
    }

    /// NotBefore as FILETIME ticks (for CERT_STORE_ADD_NEWER).
    pub fn not_before(&self) -> u64 {
        self.not_before
    }

    /// NotAfter as FILETIME ticks.
    pub fn not_after(&self) -> u64 {
        self.not_after
    }

    /// The parsed certificate (it parsed when the context was built, so this only fails on a bug).
    pub fn parsed(&self) -> Option<X509Certificate<'_>> {
        X509Certificate::from_der(&self.der).ok().map(|(_, c)| c)
    }

    fn key_slot(&self) -> std::sync::MutexGuard<'_, Option<PrivateKeyDer<'static>>> {
        // Every critical section is a single assignment or clone, so a poisoned lock is consistent.
        self.key.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A copy of the private key attached to this context.
    pub fn key(&self) -> Option<PrivateKeyDer<'static>> {
        self.key_slot().as_ref().map(|k| k.clone_key())
    }

    /// Whether a private key is attached.
    pub fn has_key(&self) -> bool {
        self.key_slot().is_some()
    }

    /// Attaches (or removes) the private key.
    pub fn set_key(&self, key: Option<PrivateKeyDer<'static>>) {
        *self.key_slot() = key;
    }

    /// The stapled OCSP response attached to this context, if any.
    pub fn ocsp_response(&self) -> Option<Vec<u8>> {
        // A single clone or assignment under the lock: a poisoned lock is consistent.
        self.ocsp_response
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Attaches (or removes) the stapled OCSP response.
    pub fn set_ocsp_response(&self, response: Option<Vec<u8>>) {
        *self.ocsp_response.lock().unwrap_or_else(|p| p.into_inner()) = response;
    }
}
