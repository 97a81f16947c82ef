//! OCSP responses a TLS server stapled in the handshake, and the revocation status they give.
//!
//! Schannel attaches the stapled response to the server certificate context it returns as
//! `CERT_OCSP_RESPONSE_PROP_ID`, and chain building reads it for the end certificate when a
//! `CERT_CHAIN_REVOCATION_CHECK_*` flag asks for revocation; so does this library. Nothing is
//! fetched: a certificate without a stapled response (every intermediate, and a server that
//! staples nothing) gets its status from the CRLs in the stores alone (`crl`).
//!
//! A response counts only when it is a successful `id-pkix-ocsp-basic` response (RFC 6960) signed
//! by the certificate's issuer, or by a responder certificate carried in the response that the
//! issuer signed, that has the `id-kp-OCSPSigning` extended key usage and is valid at the check
//! time; whose responder ID names that signer; and one of whose single responses has the
//! certificate's `CertID` (issuer name hash, issuer key hash with the response's hash algorithm:
//! SHA-1, SHA-256, SHA-384 or SHA-512; serial number). Parsing is `x509-ocsp`'s; signatures are
//! checked by `x509::signed_by`, with the algorithms chain building accepts.

use der::{Decode, Encode};
use x509_ocsp::{BasicOcspResponse, CertId, CertStatus, OcspResponse, OcspResponseStatus};
use x509_ocsp::{OcspGeneralizedTime, ResponderId};
use x509_parser::certificate::X509Certificate;
use x509_parser::prelude::FromDer;

use super::context::{filetime, filetime_ticks, CertContext};
use super::x509;
use crate::abi::*;

/// `id-pkix-ocsp-basic`: the one response type RFC 6960 defines.
const ID_PKIX_OCSP_BASIC: &str = "1.3.6.1.5.5.7.48.1.1";

/// How far thisUpdate may lie after the check time: responders stamp thisUpdate with their own
/// clock, and a client whose clock is a little behind must not call a fresh response unusable.
const THIS_UPDATE_SKEW_TICKS: u64 = 5 * 60 * 10_000_000;

const UNKNOWN: u32 = CERT_TRUST_REVOCATION_STATUS_UNKNOWN;

fn ticks(t: &OcspGeneralizedTime) -> u64 {
    let secs = i64::try_from(t.0.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
    filetime_ticks(&filetime(secs))
}

/// The BasicOCSPResponse DER inside a successful OCSPResponse.
fn basic_response(response: &[u8]) -> Option<Vec<u8>> {
    let r = OcspResponse::from_der(response).ok()?;
    if r.response_status != OcspResponseStatus::Successful {
        return None;
    }
    let bytes = r.response_bytes?;
    (bytes.response_type.to_string() == ID_PKIX_OCSP_BASIC)
        .then(|| bytes.response.as_bytes().to_vec())
}

/// Whether the responder ID names `signer` (its subject, or the SHA-1 of its public key bits).
fn names(id: &ResponderId, signer: &X509Certificate<'_>) -> bool {
    match id {
        ResponderId::ByName(n) => n
            .to_der()
            .is_ok_and(|d| d.as_slice() == signer.tbs_certificate.subject.as_raw()),
        ResponderId::ByKey(h) => {
            let key = &signer.tbs_certificate.subject_pki.subject_public_key.data;
            ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, key).as_ref()
                == h.as_bytes()
        }
    }
}

/// Whether `responder` may sign responses about `issuer`'s certificates at `time`: issued (and
/// signed) by it, explicitly for OCSP signing, and valid then.
fn delegated_by(responder: &[u8], issuer: &X509Certificate<'_>, time: u64) -> bool {
    let Ok((_, r)) = X509Certificate::from_der(responder) else {
        return false;
    };
    // The usage must be explicit: a certificate without the extension may not sign responses.
    let ocsp_signing = matches!(r.extended_key_usage(), Ok(Some(eku)) if eku.value.ocsp_signing);
    let validity = r.validity();
    let at = |t: i64| filetime_ticks(&filetime(t));
    ocsp_signing
        && r.tbs_certificate.issuer.as_raw() == issuer.tbs_certificate.subject.as_raw()
        && at(validity.not_before.timestamp()) <= time
        && time <= at(validity.not_after.timestamp())
        && x509::signed_by(responder, issuer)
}

/// Whether the response was signed by `issuer` or by a responder it delegated to.
fn authorized(
    basic: &BasicOcspResponse,
    der: &[u8],
    issuer: &X509Certificate<'_>,
    time: u64,
) -> bool {
    let id = &basic.tbs_response_data.responder_id;
    if names(id, issuer) && x509::signed_by(der, issuer) {
        return true;
    }
    basic.certs.iter().flatten().any(|c| {
        let Ok(cder) = c.to_der() else {
            return false;
        };
        delegated_by(&cder, issuer, time)
            && X509Certificate::from_der(&cder)
                .is_ok_and(|(_, r)| names(id, &r) && x509::signed_by(der, &r))
    })
}

/// Whether `id` identifies `cert`, issued by `issuer`.
fn identifies(id: &CertId, cert: &CertContext, issuer: &X509Certificate<'_>) -> bool {
    let oid = id.hash_algorithm.oid.to_string();
    let alg = [
        (szOID_OIWSEC_sha1, &ring::digest::SHA1_FOR_LEGACY_USE_ONLY),
        (szOID_NIST_sha256, &ring::digest::SHA256),
        (szOID_NIST_sha384, &ring::digest::SHA384),
        (szOID_NIST_sha512, &ring::digest::SHA512),
    ]
    .into_iter()
    .find_map(|(o, alg)| (o == oid).then_some(alg));
    let Some(alg) = alg else {
        return false;
    };
    let hash = |data: &[u8]| ring::digest::digest(alg, data);
    let key = &issuer.tbs_certificate.subject_pki.subject_public_key.data;
    id.serial_number.as_bytes() == cert.serial_der()
        && hash(issuer.tbs_certificate.subject.as_raw()).as_ref() == id.issuer_name_hash.as_bytes()
        && hash(key).as_ref() == id.issuer_key_hash.as_bytes()
}

/// What the stapled `response` says about `cert` at `time` (FILETIME ticks), as `CERT_TRUST_*`
/// error bits: `IS_REVOKED` when it says revoked; nothing when it says good and its nextUpdate
/// (if any) is not before `time`; `REVOCATION_STATUS_UNKNOWN | IS_OFFLINE_REVOCATION` when it
/// says good but is out of date; `REVOCATION_STATUS_UNKNOWN` when it says unknown, does not
/// parse, is not a successful basic response, is not signed by an authorized responder, has no
/// answer for `cert`, or is dated after `time` (beyond a few minutes' clock skew). Without the
/// issuer nothing can be verified: unknown.
pub fn status(cert: &CertContext, issuer: Option<&CertContext>, response: &[u8], time: u64) -> u32 {
    let Some(issuer) = issuer.and_then(|i| i.parsed()) else {
        return UNKNOWN;
    };
    let Some(der) = basic_response(response) else {
        return UNKNOWN;
    };
    let Ok(basic) = BasicOcspResponse::from_der(&der) else {
        return UNKNOWN;
    };
    if !authorized(&basic, &der, &issuer, time) {
        return UNKNOWN;
    }
    let Some(single) = basic
        .tbs_response_data
        .responses
        .iter()
        .find(|r| identifies(&r.cert_id, cert, &issuer))
    else {
        return UNKNOWN;
    };
    if ticks(&single.this_update) > time.saturating_add(THIS_UPDATE_SKEW_TICKS) {
        return UNKNOWN;
    }
    match single.cert_status {
        CertStatus::Revoked(_) => CERT_TRUST_IS_REVOKED,
        CertStatus::Good(_) if single.next_update.is_none_or(|n| ticks(&n) >= time) => 0,
        CertStatus::Good(_) => UNKNOWN | CERT_TRUST_IS_OFFLINE_REVOCATION,
        CertStatus::Unknown(_) => UNKNOWN,
    }
}
