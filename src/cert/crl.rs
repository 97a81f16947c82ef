//! Certificate revocation lists the application puts in stores (`CertAddEncodedCRLToStore`,
//! `CertAddCRLContextToStore`), and what chain building learns from them.
//!
//! Nothing is fetched (no CRL distribution points, no OCSP): a certificate's revocation status is
//! known only when a CRL of its issuer is in one of the stores the chain is built from. That is
//! Windows' answer for an offline machine, and it is what curl's `--cacert` path and the
//! SDK samples can rely on: put the CA's CRL next to the CA, get `CERT_TRUST_IS_REVOKED` for a
//! revoked certificate and a known (clean) status for the others.
//!
//! A `CRL_CONTEXT` is built like a `CERT_CONTEXT` (see `context`): one heap object that starts
//! with the C view and owns every buffer it points into. Caller references are counted here; the
//! CRL registry knows a CRL context only while the caller holds one.

use std::ops::Range;
use std::sync::{Arc, Mutex};

use x509_parser::prelude::FromDer;
use x509_parser::revocation_list::CertificateRevocationList;

use super::context::{filetime, filetime_ticks, CertContext};
use super::error::{CertResult, Win32Error};
use super::registry::Registry;
use super::x509;
use crate::abi::*;

/// The CRL contexts callers hold a reference to.
static CRLS: Registry<CrlObject> = Registry::new();

/// One CRL context. `ctx` must stay the first field: C's `PCCRL_CONTEXT` is this address.
#[repr(C)]
pub struct CrlObject {
    ctx: CRL_CONTEXT,
    /// Caller references (CertFreeCRLContext drops one); the registry knows the object while
    /// this is above zero.
    refs: Mutex<u32>,
    issuer: Range<usize>,
    /// Serial numbers of the revoked certificates, content bytes as encoded (big-endian).
    revoked: Vec<Vec<u8>>,
    this_update: u64,
    /// None when the CRL has no nextUpdate.
    next_update: Option<u64>,
    sha1: [u8; 20],
    // The buffers the C view points into: filled before the pointers were taken, never modified.
    der: Vec<u8>,
    _arena: Vec<u8>,
    _entries: Vec<CRL_ENTRY>,
    _info: Box<CRL_INFO>,
}

const _: () = assert!(std::mem::offset_of!(CrlObject, ctx) == 0);

// SAFETY: the raw pointers in the C view point only into buffers this object owns and never
// mutates after construction (and to the store handle, which is only ever compared); the only
// mutable state is behind a mutex.
unsafe impl Send for CrlObject {}
// SAFETY: see the `Send` impl.
unsafe impl Sync for CrlObject {}

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl CrlObject {
    /// Parses a DER CRL (trailing bytes ignored); `store` is what `hCertStore` will say.
    /// Not a CRL: `CRYPT_E_ASN1_BADTAG`.
    pub fn new(input: &[u8], encoding: u32, store: HCERTSTORE) -> CertResult<CrlObject> {
        let bad = || Win32Error::of(CRYPT_E_ASN1_BADTAG);
        let (rest, crl) = CertificateRevocationList::from_der(input).map_err(|_| bad())?;
        let mut der = input[..input.len() - rest.len()].to_vec();
        let tbs = &crl.tbs_cert_list;
        let issuer_raw = tbs.issuer.as_raw();
        let start = (issuer_raw.as_ptr() as usize)
            .checked_sub(input.as_ptr() as usize)
            .ok_or_else(bad)?;
        let issuer = start..start + issuer_raw.len();
        // The arena: the algorithm OID string, then each serial little-endian.
        let mut arena = tbs.signature.algorithm.to_id_string().into_bytes();
        arena.push(0);
        let mut serial_spans = Vec::new();
        let mut revoked = Vec::new();
        let mut dates = Vec::new();
        for r in &tbs.revoked_certificates {
            revoked.push(r.raw_serial().to_vec());
            let at = arena.len();
            arena.extend(r.raw_serial().iter().rev());
            serial_spans.push(at..arena.len());
            dates.push(filetime(r.revocation_date.timestamp()));
        }
        let this_update = filetime(tbs.this_update.timestamp());
        let next_update = tbs.next_update.map(|t| filetime(t.timestamp()));
        let version = tbs.version.map_or(CRL_V1, |v| v.0);

        let der_ptr = der.as_mut_ptr();
        let arena_ptr = arena.as_mut_ptr();
        let mut entries: Vec<CRL_ENTRY> = serial_spans
            .iter()
            .zip(dates.iter())
            .map(|(span, date)| CRL_ENTRY {
                SerialNumber: CRYPT_INTEGER_BLOB {
                    cbData: len32(span.len()),
                    pbData: arena_ptr.wrapping_add(span.start),
                },
                RevocationDate: *date,
                cExtension: 0,
                rgExtension: std::ptr::null_mut(),
            })
            .collect();
        let mut info = Box::new(CRL_INFO {
            dwVersion: version,
            SignatureAlgorithm: CRYPT_ALGORITHM_IDENTIFIER {
                pszObjId: arena_ptr.cast(),
                Parameters: CRYPT_INTEGER_BLOB {
                    cbData: 0,
                    pbData: std::ptr::null_mut(),
                },
            },
            Issuer: CRYPT_INTEGER_BLOB {
                cbData: len32(issuer.len()),
                pbData: der_ptr.wrapping_add(issuer.start),
            },
            ThisUpdate: this_update,
            NextUpdate: next_update.unwrap_or(FILETIME {
                dwLowDateTime: 0,
                dwHighDateTime: 0,
            }),
            cCRLEntry: len32(entries.len()),
            rgCRLEntry: if entries.is_empty() {
                std::ptr::null_mut()
            } else {
                entries.as_mut_ptr()
            },
            cExtension: 0,
            rgExtension: std::ptr::null_mut(),
        });
        let ctx = CRL_CONTEXT {
            dwCertEncodingType: encoding,
            pbCrlEncoded: der_ptr,
            cbCrlEncoded: len32(der.len()),
            pCrlInfo: &mut *info,
            hCertStore: store,
        };
        let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &der);
        let mut sha1 = [0u8; 20];
        sha1.copy_from_slice(digest.as_ref());
        Ok(CrlObject {
            ctx,
            refs: Mutex::new(0),
            issuer,
            revoked,
            this_update: filetime_ticks(&this_update),
            next_update: next_update.as_ref().map(filetime_ticks),
            sha1,
            der,
            _arena: arena,
            _entries: entries,
            _info: info,
        })
    }

    /// The CRL context at `p`, if it is one of ours that the caller still references.
    pub fn lookup(p: PCCRL_CONTEXT) -> Option<Arc<CrlObject>> {
        CRLS.get(p.cast())
    }

    /// The `PCCRL_CONTEXT` handed to C.
    pub fn context_ptr(&self) -> PCCRL_CONTEXT {
        &self.ctx
    }

    /// The CRL's DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// SHA-1 of the DER (how stores recognise the same CRL).
    pub fn sha1(&self) -> &[u8; 20] {
        &self.sha1
    }

    /// The issuer Name, DER.
    pub fn issuer_der(&self) -> &[u8] {
        &self.der[self.issuer.clone()]
    }

    /// thisUpdate as FILETIME ticks (for `CERT_STORE_ADD_NEWER`).
    pub fn this_update(&self) -> u64 {
        self.this_update
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, u32> {
        // Every critical section is one increment or decrement: a poisoned lock is consistent.
        self.refs.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// One more caller reference (registering the context when it is the first).
    pub fn add_ref(self: &Arc<Self>) {
        let mut r = self.lock();
        if *r == 0 {
            CRLS.insert(self);
        }
        *r += 1;
    }

    /// CertFreeCRLContext: one caller reference fewer; `ERROR_INVALID_PARAMETER` once none is
    /// left.
    pub fn release(&self) -> CertResult<()> {
        let last = {
            let mut r = self.lock();
            if *r == 0 {
                return Err(Win32Error::of(ERROR_INVALID_PARAMETER));
            }
            *r -= 1;
            *r == 0
        };
        if last {
            CRLS.remove(self);
        }
        Ok(())
    }
}

/// What the CRLs say about `cert`, as `CERT_TRUST_*` error bits: `IS_REVOKED` when a current
/// CRL of its issuer (issuer Name equal, signature verifying with `issuer`'s key, thisUpdate not
/// after `time`) lists its serial number; nothing when such a CRL is current (nextUpdate absent
/// or not before `time`) and does not list it; `REVOCATION_STATUS_UNKNOWN |
/// IS_OFFLINE_REVOCATION` when the only ones are out of date, and `REVOCATION_STATUS_UNKNOWN`
/// when there is none (or the issuer is not known, so no signature can be checked).
pub fn status(
    cert: &CertContext,
    issuer: Option<&CertContext>,
    crls: &[Arc<CrlObject>],
    time: u64,
) -> u32 {
    let Some(issuer) = issuer else {
        return CERT_TRUST_REVOCATION_STATUS_UNKNOWN;
    };
    let issuer = issuer.parsed();
    let mut stale = false;
    for crl in crls {
        if crl.issuer_der() != cert.issuer_der()
            || crl.this_update > time
            || !issuer
                .as_ref()
                .is_some_and(|i| x509::signed_by(crl.der(), i))
        {
            continue;
        }
        if crl
            .revoked
            .iter()
            .any(|s| s.as_slice() == cert.serial_der())
        {
            return CERT_TRUST_IS_REVOKED;
        }
        if crl.next_update.is_none_or(|n| n >= time) {
            return 0;
        }
        stale = true;
    }
    if stale {
        CERT_TRUST_REVOCATION_STATUS_UNKNOWN | CERT_TRUST_IS_OFFLINE_REVOCATION
    } else {
        CERT_TRUST_REVOCATION_STATUS_UNKNOWN
    }
}
