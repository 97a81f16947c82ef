//! `CertVerifyCertificateChainPolicy`: turns a built chain's trust bits into the one error code
//! callers switch on (`CERT_CHAIN_POLICY_STATUS.dwError`), and for the SSL policy also checks the
//! server name against the leaf, as WebClient's `VerifyServerCertificate`, .NET, libgit2 and aws-c-io
//! rely on.
//!
//! The checks run in Windows' order and the first failing one decides:
//!
//! | chain bit | dwError | ignored by |
//! |---|---|---|
//! | `IS_NOT_SIGNATURE_VALID` | `TRUST_E_CERT_SIGNATURE` | - |
//! | `IS_REVOKED` | `CRYPT_E_REVOKED` | - |
//! | `IS_UNTRUSTED_ROOT` | `CERT_E_UNTRUSTEDROOT` | `CERT_CHAIN_POLICY_ALLOW_UNKNOWN_CA_FLAG`, `SECURITY_FLAG_IGNORE_UNKNOWN_CA` |
//! | `IS_PARTIAL_CHAIN`, `IS_CYCLIC` | `CERT_E_CHAINING` | the same two (an unknown CA, as .NET documents it) |
//! | `IS_NOT_TIME_VALID` | `CERT_E_EXPIRED` | `CERT_CHAIN_POLICY_IGNORE_NOT_TIME_VALID_FLAG`, `SECURITY_FLAG_IGNORE_CERT_DATE_INVALID` |
//! | `INVALID_BASIC_CONSTRAINTS` | `TRUST_E_BASIC_CONSTRAINTS` | `CERT_CHAIN_POLICY_IGNORE_INVALID_BASIC_CONSTRAINTS_FLAG` |
//! | `IS_NOT_VALID_FOR_USAGE` | `CERT_E_WRONG_USAGE` | `CERT_CHAIN_POLICY_IGNORE_WRONG_USAGE_FLAG`, `SECURITY_FLAG_IGNORE_WRONG_USAGE` |
//! | `HAS_NOT_SUPPORTED_CRITICAL_EXT` | `CERT_E_CRITICAL` | `CERT_CHAIN_POLICY_IGNORE_NOT_SUPPORTED_CRITICAL_EXT_FLAG` |
//! | `REVOCATION_STATUS_UNKNOWN` | `CRYPT_E_NO_REVOCATION_CHECK` | `CERT_CHAIN_POLICY_IGNORE_END_REV_UNKNOWN_FLAG` (leaf), `_CA_REV_UNKNOWN_FLAG` (intermediates), `_ROOT_REV_UNKNOWN_FLAG` (root), `SECURITY_FLAG_IGNORE_REVOCATION` |
//! | SSL, `AUTHTYPE_SERVER`, name mismatch | `CERT_E_CN_NO_MATCH` | `SECURITY_FLAG_IGNORE_CERT_CN_INVALID` |
//!
//! `lChainIndex`/`lElementIndex` name the first element carrying the bit (chain 0; element -1 for
//! the chain-level `IS_PARTIAL_CHAIN`, whose chain index is 0), 0/0 for a name mismatch, -1/-1 when
//! `dwError` is 0.
//!
//! Name matching (RFC 6125, as Windows): an IP literal (v4 or v6, brackets allowed) matches an
//! iPAddress subject alternative name byte for byte; anything else is a DNS name matched
//! case-insensitively, without one trailing dot, against the dNSName alternative names, where a
//! left-most label `*` (or `prefix*suffix`) stands for exactly one label and needs at least two labels
//! after it (`*.example.test` matches `a.example.test`, not `example.test` nor `a.b.example.test`;
//! no wildcard in IDN A-labels). Only a certificate without a subjectAltName extension falls back to
//! its subject's common names.

use std::net::IpAddr;

use x509_parser::certificate::X509Certificate;

use super::chain::ChainObject;
use super::error::{CertResult, Win32Error};
use super::name::common_names;
use super::store::CertObject;
use super::x509;
use crate::abi::*;

/// `SSL_EXTRA_CERT_CHAIN_POLICY_PARA` as read from C.
#[derive(Debug, Clone, Default)]
pub struct SslPara {
    /// `AUTHTYPE_CLIENT` / `AUTHTYPE_SERVER`.
    pub auth_type: u32,
    /// `SECURITY_FLAG_IGNORE_*`.
    pub checks: u32,
    /// `pwszServerName`.
    pub server_name: Option<String>,
}

/// `CERT_CHAIN_POLICY_PARA` as read from C.
#[derive(Debug, Clone, Default)]
pub struct PolicyPara {
    /// `dwFlags` (`CERT_CHAIN_POLICY_IGNORE_*`, `CERT_CHAIN_POLICY_ALLOW_UNKNOWN_CA_FLAG`).
    pub flags: u32,
    /// The SSL extra parameters (SSL policy only).
    pub ssl: Option<SslPara>,
}

/// `CERT_CHAIN_POLICY_STATUS`'s result fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyStatus {
    /// 0 or the `CERT_E_*` / `TRUST_E_*` / `CRYPT_E_*` code.
    pub error: u32,
    /// `lChainIndex`.
    pub chain_index: i32,
    /// `lElementIndex`.
    pub element_index: i32,
}

fn code(hr: HRESULT) -> u32 {
    u32::from_ne_bytes(hr.to_ne_bytes())
}

/// The policies implemented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// `CERT_CHAIN_POLICY_BASE`.
    Base,
    /// `CERT_CHAIN_POLICY_SSL`.
    Ssl,
    /// `CERT_CHAIN_POLICY_BASIC_CONSTRAINTS`.
    BasicConstraints,
}

impl Policy {
    /// The policy for a `pszPolicyOID` given as an integer; others are `E_NOTIMPL`.
    pub fn from_id(id: usize) -> CertResult<Policy> {
        match id {
            CERT_CHAIN_POLICY_BASE => Ok(Policy::Base),
            CERT_CHAIN_POLICY_SSL => Ok(Policy::Ssl),
            CERT_CHAIN_POLICY_BASIC_CONSTRAINTS => Ok(Policy::BasicConstraints),
            _ => Err(Win32Error::of(E_NOTIMPL)),
        }
    }
}

/// CertVerifyCertificateChainPolicy's verdict on `chain`.
pub fn verify(policy: Policy, chain: &ChainObject, para: &PolicyPara) -> PolicyStatus {
    let ok = PolicyStatus {
        error: 0,
        chain_index: -1,
        element_index: -1,
    };
    let elements: Vec<(&std::sync::Arc<CertObject>, CERT_TRUST_STATUS)> =
        chain.elements().collect();
    let first_with = |bit: u32| -> i32 {
        elements
            .iter()
            .position(|(_, s)| s.dwErrorStatus & bit != 0)
            .and_then(|i| i32::try_from(i).ok())
            .unwrap_or(-1)
    };
    let fail = |hr: HRESULT, bit: u32| PolicyStatus {
        error: code(hr),
        chain_index: 0,
        element_index: first_with(bit),
    };
    let errors = chain.status().dwErrorStatus;
    if policy == Policy::BasicConstraints {
        return if errors & CERT_TRUST_INVALID_BASIC_CONSTRAINTS != 0 {
            fail(
                TRUST_E_BASIC_CONSTRAINTS,
                CERT_TRUST_INVALID_BASIC_CONSTRAINTS,
            )
        } else {
            ok
        };
    }
    let flags = para.flags;
    let ssl = if policy == Policy::Ssl {
        para.ssl.clone()
    } else {
        None
    };
    let checks = ssl.as_ref().map_or(0, |s| s.checks);
    let ignore_ca = flags & CERT_CHAIN_POLICY_ALLOW_UNKNOWN_CA_FLAG != 0
        || checks & SECURITY_FLAG_IGNORE_UNKNOWN_CA != 0;

    if errors & CERT_TRUST_IS_NOT_SIGNATURE_VALID != 0 {
        return fail(TRUST_E_CERT_SIGNATURE, CERT_TRUST_IS_NOT_SIGNATURE_VALID);
    }
    if errors & CERT_TRUST_IS_REVOKED != 0 {
        return fail(CRYPT_E_REVOKED, CERT_TRUST_IS_REVOKED);
    }
    if errors & CERT_TRUST_IS_UNTRUSTED_ROOT != 0 && !ignore_ca {
        return fail(CERT_E_UNTRUSTEDROOT, CERT_TRUST_IS_UNTRUSTED_ROOT);
    }
    if errors & (CERT_TRUST_IS_PARTIAL_CHAIN | CERT_TRUST_IS_CYCLIC) != 0 && !ignore_ca {
        return fail(CERT_E_CHAINING, CERT_TRUST_IS_CYCLIC);
    }
    if errors & CERT_TRUST_IS_NOT_TIME_VALID != 0
        && flags & CERT_CHAIN_POLICY_IGNORE_NOT_TIME_VALID_FLAG == 0
        && checks & SECURITY_FLAG_IGNORE_CERT_DATE_INVALID == 0
    {
        return fail(CERT_E_EXPIRED, CERT_TRUST_IS_NOT_TIME_VALID);
    }
    if errors & CERT_TRUST_INVALID_BASIC_CONSTRAINTS != 0
        && flags & CERT_CHAIN_POLICY_IGNORE_INVALID_BASIC_CONSTRAINTS_FLAG == 0
    {
        return fail(
            TRUST_E_BASIC_CONSTRAINTS,
            CERT_TRUST_INVALID_BASIC_CONSTRAINTS,
        );
    }
    if errors & CERT_TRUST_IS_NOT_VALID_FOR_USAGE != 0
        && flags & CERT_CHAIN_POLICY_IGNORE_WRONG_USAGE_FLAG == 0
        && checks & SECURITY_FLAG_IGNORE_WRONG_USAGE == 0
    {
        return fail(CERT_E_WRONG_USAGE, CERT_TRUST_IS_NOT_VALID_FOR_USAGE);
    }
    if errors & CERT_TRUST_HAS_NOT_SUPPORTED_CRITICAL_EXT != 0
        && flags & CERT_CHAIN_POLICY_IGNORE_NOT_SUPPORTED_CRITICAL_EXT_FLAG == 0
    {
        return fail(CERT_E_CRITICAL, CERT_TRUST_HAS_NOT_SUPPORTED_CRITICAL_EXT);
    }
    if checks & SECURITY_FLAG_IGNORE_REVOCATION == 0 {
        let last = elements.len().saturating_sub(1);
        let unknown = elements.iter().enumerate().position(|(i, (c, s))| {
            let ignored = if i == 0 {
                CERT_CHAIN_POLICY_IGNORE_END_REV_UNKNOWN_FLAG
            } else if i == last && c.subject_der() == c.issuer_der() {
                CERT_CHAIN_POLICY_IGNORE_ROOT_REV_UNKNOWN_FLAG
            } else {
                CERT_CHAIN_POLICY_IGNORE_CA_REV_UNKNOWN_FLAG
            };
            s.dwErrorStatus & CERT_TRUST_REVOCATION_STATUS_UNKNOWN != 0 && flags & ignored == 0
        });
        if let Some(i) = unknown {
            return PolicyStatus {
                error: code(CRYPT_E_NO_REVOCATION_CHECK),
                chain_index: 0,
                element_index: i32::try_from(i).unwrap_or(-1),
            };
        }
    }
    if let Some(ssl) = ssl {
        let name = ssl.server_name.as_deref().filter(|n| !n.is_empty());
        if let (AUTHTYPE_SERVER, Some(name), Some((leaf, _))) =
            (ssl.auth_type, name, elements.first())
        {
            if ssl.checks & SECURITY_FLAG_IGNORE_CERT_CN_INVALID == 0
                && !leaf.parsed().is_some_and(|p| server_name_matches(&p, name))
            {
                return PolicyStatus {
                    error: code(CERT_E_CN_NO_MATCH),
                    chain_index: 0,
                    element_index: 0,
                };
            }
        }
    }
    ok
}

/// The IP address a server name denotes, if it is an IP literal (`[v6]` accepted).
fn ip_literal(name: &str) -> Option<IpAddr> {
    let bare = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name);
    bare.parse().ok()
}

fn ip_bytes(ip: IpAddr) -> Vec<u8> {
    match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets().to_vec(),
    }
}

/// Whether `name` (a DNS name or an IP literal) is a name of `cert`, by the rules in the module
/// documentation.
pub fn server_name_matches(cert: &X509Certificate<'_>, name: &str) -> bool {
    let (has_san, dns, ips) = x509::subject_alt_names(cert);
    if let Some(ip) = ip_literal(name) {
        if has_san {
            return ips.iter().any(|b| *b == ip_bytes(ip));
        }
        return common_names(cert)
            .iter()
            .any(|cn| ip_literal(cn) == Some(ip));
    }
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() {
        return false;
    }
    if has_san {
        dns.iter().any(|d| dns_matches(d, name))
    } else {
        common_names(cert).iter().any(|cn| dns_matches(cn, name))
    }
}

/// Whether one wildcard label pattern (`*`, `w*`, `*w`, `a*b`) matches a label.
fn label_matches(pattern: &str, label: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern.eq_ignore_ascii_case(label),
        Some((prefix, suffix)) => {
            !suffix.contains('*')
                && label.len() >= prefix.len() + suffix.len()
                && label
                    .get(..prefix.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
                && label
                    .get(label.len() - suffix.len()..)
                    .is_some_and(|s| s.eq_ignore_ascii_case(suffix))
        }
    }
}

/// RFC 6125 matching of one presented DNS identifier against the reference name.
pub fn dns_matches(presented: &str, reference: &str) -> bool {
    let presented = presented.strip_suffix('.').unwrap_or(presented);
    if !presented.contains('*') {
        return presented.eq_ignore_ascii_case(reference);
    }
    let mut p_labels = presented.split('.');
    let mut r_labels = reference.split('.');
    let (Some(p_first), Some(r_first)) = (p_labels.next(), r_labels.next()) else {
        return false;
    };
    let p_rest: Vec<&str> = p_labels.collect();
    let r_rest: Vec<&str> = r_labels.collect();
    // The wildcard stands for exactly one non-empty label, only in the left-most label, never in an
    // IDN A-label, and with at least two labels after it.
    p_rest.len() >= 2
        && !p_rest.iter().any(|l| l.contains('*') || l.is_empty())
        && !p_first.to_ascii_lowercase().starts_with("xn--")
        && !r_first.is_empty()
        && p_rest.len() == r_rest.len()
        && p_rest
            .iter()
            .zip(r_rest.iter())
            .all(|(p, r)| p.eq_ignore_ascii_case(r))
        && label_matches(p_first, r_first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_follow_rfc6125() {
        assert!(dns_matches("*.example.test", "a.example.test"));
        assert!(dns_matches("*.example.test", "A.EXAMPLE.test"));
        assert!(!dns_matches("*.example.test", "example.test"));
        assert!(!dns_matches("*.example.test", "a.b.example.test"));
        assert!(!dns_matches("*.test", "a.test"));
        assert!(!dns_matches("a.*.test", "a.b.test"));
        assert!(dns_matches("w*.example.test", "www.example.test"));
        assert!(!dns_matches("w*.example.test", "mail.example.test"));
        assert!(!dns_matches("xn--*.example.test", "xn--abc.example.test"));
        assert!(dns_matches("localhost", "LOCALHOST"));
        assert!(dns_matches("example.test.", "example.test"));
        assert!(!dns_matches("other.example", "localhost"));
    }

    #[test]
    fn ip_literals() {
        assert_eq!(ip_literal("127.0.0.1"), "127.0.0.1".parse().ok());
        assert_eq!(ip_literal("[::1]"), "::1".parse().ok());
        assert_eq!(ip_literal("localhost"), None);
        assert_eq!(ip_bytes("127.0.0.1".parse().unwrap()), vec![127, 0, 0, 1]);
    }
}
