//! What chain building and the SSL policy read from a certificate beyond `CERT_INFO`: key
//! identifiers, extended key usage, basic constraints, alternative names, and whether a signed
//! structure verifies with a certificate's public key. Everything here reads parsed certificates
//! (or DER); which context they came from is the caller's business.
//!
//! Signatures are verified with the algorithms rustls's ring provider gives webpki (ECDSA P-256 /
//! P-384, Ed25519, RSA PKCS#1 and PSS with SHA-256/384/512, RSA keys of 2048 bits or more), matched
//! by their DER AlgorithmIdentifiers exactly as webpki matches them; anything else (SHA-1, MD5,
//! short RSA keys, P-521) does not verify.

use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::{GeneralName, ParsedExtension};

use crate::abi::*;

/// One DER TLV at the start of `d`: (tag, contents, the bytes after it). None if malformed.
fn tlv(d: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = d.split_first()?;
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        rest = &rest[n..];
        len
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

const SEQUENCE: u8 = 0x30;
const BIT_STRING: u8 = 0x03;

/// The contents of a BIT STRING without unused bits.
fn whole_bits(contents: &[u8]) -> Option<&[u8]> {
    match contents.split_first() {
        Some((0, bits)) => Some(bits),
        _ => None,
    }
}

/// The parts of a signed certificate: the TBSCertificate (whole TLV), the signature
/// AlgorithmIdentifier's contents, and the signature bits.
fn signed_parts(der: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let (SEQUENCE, cert, _) = tlv(der)? else {
        return None;
    };
    let (SEQUENCE, _, after_tbs) = tlv(cert)? else {
        return None;
    };
    let tbs = &cert[..cert.len() - after_tbs.len()];
    let (SEQUENCE, alg, after_alg) = tlv(after_tbs)? else {
        return None;
    };
    let (BIT_STRING, sig, _) = tlv(after_alg)? else {
        return None;
    };
    Some((tbs, alg, whole_bits(sig)?))
}

/// A SubjectPublicKeyInfo's AlgorithmIdentifier contents and key bits.
fn spki_parts(spki: &[u8]) -> Option<(&[u8], &[u8])> {
    let (SEQUENCE, body, _) = tlv(spki)? else {
        return None;
    };
    let (SEQUENCE, alg, rest) = tlv(body)? else {
        return None;
    };
    let (BIT_STRING, key, _) = tlv(rest)? else {
        return None;
    };
    Some((alg, whole_bits(key)?))
}

/// Whether a signed structure (certificate or CRL: SEQUENCE { tbs, algorithm, signature })
/// verifies with `issuer`'s public key.
pub fn signed_by(signed: &[u8], issuer: &X509Certificate<'_>) -> bool {
    let Some((tbs, sig_alg, sig)) = signed_parts(signed) else {
        return false;
    };
    let Some((key_alg, key)) = spki_parts(issuer.tbs_certificate.subject_pki.raw) else {
        return false;
    };
    let algs = rustls::crypto::ring::default_provider().signature_verification_algorithms;
    algs.all
        .iter()
        .filter(|a| a.public_key_alg_id().as_ref() == key_alg)
        .filter(|a| a.signature_alg_id().as_ref() == sig_alg)
        .any(|a| a.verify_signature(key, tbs, sig).is_ok())
}

fn extensions<'a>(cert: &'a X509Certificate<'a>) -> impl Iterator<Item = ParsedExtension<'a>> + 'a {
    cert.tbs_certificate
        .extensions()
        .iter()
        .map(|e| e.parsed_extension().clone())
}

/// The subject key identifier: the extension's value, or (as Windows computes it when the
/// extension is absent) the SHA-1 of the public key bits.
pub fn subject_key_id(cert: &X509Certificate<'_>) -> Vec<u8> {
    let ski = extensions(cert).find_map(|e| match e {
        ParsedExtension::SubjectKeyIdentifier(k) => Some(k.0.to_vec()),
        _ => None,
    });
    ski.unwrap_or_else(|| {
        let key = &cert.tbs_certificate.subject_pki.subject_public_key.data;
        ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, key)
            .as_ref()
            .to_vec()
    })
}

/// The authority key identifier extension: key identifier and authority serial number (contents
/// bytes as encoded), when present.
pub struct AuthorityKeyId {
    /// `keyIdentifier`.
    pub key_id: Option<Vec<u8>>,
    /// `authorityCertSerialNumber`.
    pub serial: Option<Vec<u8>>,
}

/// The authority key identifier extension, if the certificate has one.
pub fn authority_key_id(cert: &X509Certificate<'_>) -> Option<AuthorityKeyId> {
    extensions(cert).find_map(|e| match e {
        ParsedExtension::AuthorityKeyIdentifier(a) => Some(AuthorityKeyId {
            key_id: a.key_identifier.as_ref().map(|k| k.0.to_vec()),
            serial: a.authority_cert_serial.map(<[u8]>::to_vec),
        }),
        _ => None,
    })
}

/// Basic constraints: (cA, pathLenConstraint), None when the extension is absent.
pub fn basic_constraints(cert: &X509Certificate<'_>) -> Option<(bool, Option<u32>)> {
    extensions(cert).find_map(|e| match e {
        ParsedExtension::BasicConstraints(b) => Some((b.ca, b.path_len_constraint)),
        _ => None,
    })
}

/// Whether the certificate's extended key usage allows `oid`. A certificate without the extension
/// allows every usage; `anyExtendedKeyUsage` allows every usage too.
pub fn eku_allows(cert: &X509Certificate<'_>, oid: &str) -> bool {
    let Ok(Some(eku)) = cert.extended_key_usage() else {
        return true;
    };
    let eku = eku.value;
    if eku.any || oid == szOID_ANY_ENHANCED_KEY_USAGE {
        return true;
    }
    if oid == szOID_PKIX_KP_SERVER_AUTH {
        return eku.server_auth;
    }
    if oid == szOID_PKIX_KP_CLIENT_AUTH {
        return eku.client_auth;
    }
    match oid {
        "1.3.6.1.5.5.7.3.3" => eku.code_signing,
        "1.3.6.1.5.5.7.3.4" => eku.email_protection,
        "1.3.6.1.5.5.7.3.8" => eku.time_stamping,
        "1.3.6.1.5.5.7.3.9" => eku.ocsp_signing,
        _ => eku.other.iter().any(|o| o.to_id_string() == oid),
    }
}

/// Whether a critical extension is one x509-parser (and so this library) does not understand.
pub fn has_unsupported_critical_extension(cert: &X509Certificate<'_>) -> bool {
    cert.tbs_certificate.extensions().iter().any(|e| {
        e.critical
            && matches!(
                e.parsed_extension(),
                ParsedExtension::UnsupportedExtension { .. }
            )
    })
}

/// The subject alternative names that matter to the SSL policy: (present, DNS names, IP
/// addresses as bytes). `present` is whether the extension exists at all.
pub fn subject_alt_names(cert: &X509Certificate<'_>) -> (bool, Vec<String>, Vec<Vec<u8>>) {
    let mut present = false;
    let mut dns = Vec::new();
    let mut ips = Vec::new();
    for e in extensions(cert) {
        if let ParsedExtension::SubjectAlternativeName(san) = e {
            present = true;
            for g in &san.general_names {
                match g {
                    GeneralName::DNSName(s) => dns.push((*s).to_owned()),
                    GeneralName::IPAddress(b) => ips.push(b.to_vec()),
                    _ => {}
                }
            }
        }
    }
    (present, dns, ips)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tlv_lengths() {
        assert_eq!(
            tlv(&[0x30, 0x01, 0xaa, 0xbb]),
            Some((0x30, &[0xaa][..], &[0xbb][..]))
        );
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend(std::iter::repeat_n(7, 0x80));
        assert_eq!(tlv(&long).map(|t| t.1.len()), Some(0x80));
        assert_eq!(tlv(&[0x30, 0x02, 0x00]), None);
        assert_eq!(tlv(&[0x30, 0x80]), None);
        assert_eq!(tlv(&[0x30]), None);
    }
}
