//! Certificate names as Windows programs see them. curl checks the host name with
//! `CertGetNameString(CERT_NAME_DNS_TYPE, CERT_NAME_SEARCH_ALL_NAMES_FLAG)` and walks the returned
//! multi-string; servers pick their certificate with `CERT_FIND_SUBJECT_STR`, which matches against
//! the `CertNameToStr(CERT_SIMPLE_NAME_STR)` rendering. The selection rules (which attribute wins, the
//! SAN-then-CN fallbacks, the NUL conventions, truncation) follow Windows as documented and as Wine's
//! conformance tests pin them down, so name checks ported from Windows give the same answers.
//! Everything here reads parsed certificates and Names; which context they came from is the
//! caller's business.

use x509_parser::asn1_rs::{Any, Tag};
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::x509::{AttributeTypeAndValue, X509Name};

use crate::abi::*;

/// The `dwStrType` bits that select the format (the rest are flags).
const STR_TYPE_MASK: u32 = 0xff;

/// The X.500 keys `CertNameToStr(CERT_X500_NAME_STR)` uses.
const X500_KEYS: &[(&str, &str)] = &[
    ("2.5.4.3", "CN"),
    ("2.5.4.4", "SN"),
    ("2.5.4.5", "SERIALNUMBER"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "S"),
    ("2.5.4.9", "STREET"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.12", "T"),
    ("2.5.4.13", "Description"),
    ("2.5.4.17", "PostalCode"),
    ("2.5.4.18", "POBox"),
    ("2.5.4.20", "Phone"),
    ("2.5.4.42", "G"),
    ("2.5.4.43", "I"),
    ("2.5.4.46", "dnQualifier"),
    ("1.2.840.113549.1.9.1", "E"),
    ("0.9.2342.19200300.100.1.25", "DC"),
    ("0.9.2342.19200300.100.1.1", "UID"),
];

/// A name lookup result: no name, one name, or (CERT_NAME_SEARCH_ALL_NAMES_FLAG) a multi-string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameValue {
    /// The names found, in certificate order.
    pub names: Vec<String>,
    /// Whether the caller asked for a multi-string (each name NUL-terminated plus a final NUL).
    pub multi: bool,
}

/// What `CertGetNameString` was asked for.
#[derive(Debug, Clone)]
pub struct NameRequest {
    /// `CERT_NAME_*_TYPE`.
    pub kind: u32,
    /// `CERT_NAME_ISSUER_FLAG`, `CERT_NAME_SEARCH_ALL_NAMES_FLAG`, ...
    pub flags: u32,
    /// For CERT_NAME_ATTR_TYPE: the attribute OID (`pvTypePara`); Windows uses the e-mail OID for NULL.
    pub attr_oid: Option<String>,
    /// For CERT_NAME_RDN_TYPE: the `CertNameToStr` string type (`*pvTypePara`).
    pub str_type: u32,
}

/// Decodes a directory string (any of the ASN.1 string types Windows decodes).
fn value_string(v: &Any<'_>) -> String {
    let data = v.data;
    match v.tag() {
        Tag::BmpString => {
            let units: Vec<u16> = data
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Tag::UniversalString => data
            .chunks_exact(4)
            .map(|c| {
                char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
                    .unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect(),
        // T.61 as Windows reads it: one byte per character.
        Tag::TeletexString | Tag::VideotexString => data.iter().map(|&b| char::from(b)).collect(),
        _ => String::from_utf8_lossy(data).into_owned(),
    }
}

fn attr_string(a: &AttributeTypeAndValue<'_>) -> String {
    value_string(a.attr_value())
}

fn find_attr(name: &X509Name<'_>, oid: &str) -> Option<String> {
    name.iter_attributes()
        .find(|a| a.attr_type().to_id_string() == oid)
        .map(attr_string)
}

fn all_attrs(name: &X509Name<'_>, oid: &str) -> Vec<String> {
    name.iter_attributes()
        .filter(|a| a.attr_type().to_id_string() == oid)
        .map(attr_string)
        .collect()
}

/// Which kind of alternative name an entry is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AltKind {
    Dns,
    Email,
    Url,
}

/// The textual entries of the subject (or issuer) alternative name extension, in order.
fn alt_names(cert: &X509Certificate<'_>, issuer: bool) -> Vec<(AltKind, String)> {
    let want = if issuer {
        szOID_ISSUER_ALT_NAME2
    } else {
        szOID_SUBJECT_ALT_NAME2
    };
    let mut out = Vec::new();
    for ext in cert.tbs_certificate.extensions() {
        if ext.oid.to_id_string() != want {
            continue;
        }
        let names = match ext.parsed_extension() {
            ParsedExtension::SubjectAlternativeName(san) => &san.general_names,
            ParsedExtension::IssuerAlternativeName(ian) => &ian.general_names,
            _ => continue,
        };
        out.extend(names.iter().filter_map(|g| match g {
            GeneralName::DNSName(s) => Some((AltKind::Dns, (*s).to_owned())),
            GeneralName::RFC822Name(s) => Some((AltKind::Email, (*s).to_owned())),
            GeneralName::URI(s) => Some((AltKind::Url, (*s).to_owned())),
            _ => None,
        }));
    }
    out
}

fn alt_of(cert: &X509Certificate<'_>, issuer: bool, kind: AltKind) -> Vec<String> {
    alt_names(cert, issuer)
        .into_iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, s)| s)
        .collect()
}

/// The subject's (or, with `issuer`, the issuer's) Name.
fn name_of<'a>(cert: &'a X509Certificate<'a>, issuer: bool) -> &'a X509Name<'a> {
    let tbs = &cert.tbs_certificate;
    if issuer {
        &tbs.issuer
    } else {
        &tbs.subject
    }
}

fn needs_quotes(v: &str) -> bool {
    v.starts_with(' ')
        || v.ends_with(' ')
        || v.chars()
            .any(|ch| matches!(ch, ',' | '+' | '=' | '"' | '\n' | '<' | '>' | '#' | ';'))
}

/// `CertNameToStr` for the string types programs use: CERT_SIMPLE_NAME_STR (values only),
/// CERT_OID_NAME_STR (dotted OID keys) and CERT_X500_NAME_STR (CN=, O=, ...), with the separator,
/// quoting and reverse-order flags.
pub fn name_to_str(name: &X509Name<'_>, str_type: u32) -> String {
    let kind = str_type & STR_TYPE_MASK;
    let rdn_sep = if str_type & CERT_NAME_STR_SEMICOLON_FLAG != 0 {
        "; "
    } else if str_type & CERT_NAME_STR_CRLF_FLAG != 0 {
        "\r\n"
    } else {
        ", "
    };
    let plus_sep = if str_type & CERT_NAME_STR_NO_PLUS_FLAG != 0 {
        " "
    } else {
        " + "
    };
    let quote = str_type & CERT_NAME_STR_NO_QUOTING_FLAG == 0;
    let mut rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|a| {
                    let mut value = attr_string(a);
                    if quote && needs_quotes(&value) {
                        value = format!("\"{}\"", value.replace('"', "\"\""));
                    }
                    let oid = a.attr_type().to_id_string();
                    match kind {
                        CERT_SIMPLE_NAME_STR => value,
                        CERT_X500_NAME_STR => {
                            let key = X500_KEYS
                                .iter()
                                .find(|(o, _)| *o == oid)
                                .map_or(oid.as_str(), |(_, k)| k);
                            format!("{key}={value}")
                        }
                        _ => format!("{oid}={value}"),
                    }
                })
                .collect::<Vec<_>>()
                .join(plus_sep)
        })
        .collect();
    if str_type & CERT_NAME_STR_REVERSE_FLAG != 0 {
        rdns.reverse();
    }
    rdns.join(rdn_sep)
}

/// The subject's (or issuer's) CERT_SIMPLE_NAME_STR rendering, which CERT_FIND_SUBJECT_STR searches.
pub fn simple_name_str(cert: &X509Certificate<'_>, issuer: bool) -> String {
    name_to_str(name_of(cert, issuer), CERT_SIMPLE_NAME_STR)
}

/// The subject's common names, in order.
pub fn common_names(cert: &X509Certificate<'_>) -> Vec<String> {
    cert.tbs_certificate
        .subject
        .iter_common_name()
        .map(attr_string)
        .collect()
}

/// What `CertGetNameString` finds in a certificate without any name: nothing (for
/// CERT_NAME_DNS_TYPE with CERT_NAME_SEARCH_ALL_NAMES_FLAG, an empty multi-string).
pub fn no_name(req: &NameRequest) -> NameValue {
    NameValue {
        names: Vec::new(),
        multi: req.kind == CERT_NAME_DNS_TYPE && req.flags & CERT_NAME_SEARCH_ALL_NAMES_FLAG != 0,
    }
}

/// `CertGetNameString`'s selection rules, before encoding.
pub fn name_string(cert: &X509Certificate<'_>, req: &NameRequest) -> NameValue {
    let issuer = req.flags & CERT_NAME_ISSUER_FLAG != 0;
    let all = req.flags & CERT_NAME_SEARCH_ALL_NAMES_FLAG != 0;
    let name = name_of(cert, issuer);
    let single = |s: Option<String>| NameValue {
        names: s.into_iter().collect(),
        multi: false,
    };
    match req.kind {
        CERT_NAME_DNS_TYPE => {
            let mut names = alt_of(cert, issuer, AltKind::Dns);
            if names.is_empty() {
                names = all_attrs(name, szOID_COMMON_NAME);
            }
            if !all {
                names.truncate(1);
            }
            NameValue { names, multi: all }
        }
        CERT_NAME_SIMPLE_DISPLAY_TYPE | CERT_NAME_FRIENDLY_DISPLAY_TYPE => {
            let from_rdn = [
                szOID_COMMON_NAME,
                szOID_ORGANIZATIONAL_UNIT_NAME,
                szOID_ORGANIZATION_NAME,
                szOID_RSA_emailAddr,
            ]
            .iter()
            .find_map(|oid| find_attr(name, oid));
            single(from_rdn.or_else(|| {
                // Then an e-mail alternative name, else the first textual alternative name.
                alt_of(cert, issuer, AltKind::Email)
                    .into_iter()
                    .next()
                    .or_else(|| alt_names(cert, issuer).into_iter().map(|(_, s)| s).next())
            }))
        }
        CERT_NAME_ATTR_TYPE => {
            let oid = req.attr_oid.as_deref().unwrap_or(szOID_RSA_emailAddr);
            single(find_attr(name, oid))
        }
        CERT_NAME_EMAIL_TYPE => single(
            alt_of(cert, issuer, AltKind::Email)
                .into_iter()
                .next()
                .or_else(|| find_attr(name, szOID_RSA_emailAddr)),
        ),
        CERT_NAME_URL_TYPE => single(alt_of(cert, issuer, AltKind::Url).into_iter().next()),
        CERT_NAME_RDN_TYPE => {
            single(Some(name_to_str(name, req.str_type)).filter(|s| !s.is_empty()))
        }
        _ => single(None),
    }
}

/// A character unit of the A (UTF-8) or W (UTF-16) output.
pub trait Unit: Copy + Default {
    /// Whether a character may start at this unit (so truncation never splits one).
    fn starts_char(self) -> bool;
}

impl Unit for u16 {
    fn starts_char(self) -> bool {
        !(0xDC00..=0xDFFF).contains(&self)
    }
}

impl Unit for u8 {
    fn starts_char(self) -> bool {
        self & 0xC0 != 0x80
    }
}

/// The full output in UTF-16, terminators included (a lone NUL when nothing was found).
pub fn encode_wide(v: &NameValue) -> Vec<u16> {
    encode(v, |s| s.encode_utf16().collect())
}

/// The full output in UTF-8, terminators included.
pub fn encode_narrow(v: &NameValue) -> Vec<u8> {
    encode(v, |s| s.as_bytes().to_vec())
}

fn encode<T: Unit>(v: &NameValue, units: impl Fn(&str) -> Vec<T>) -> Vec<T> {
    let names = if v.multi {
        &v.names[..]
    } else {
        &v.names[..v.names.len().min(1)]
    };
    let mut out = Vec::new();
    for n in names {
        out.extend(units(n));
        out.push(T::default());
    }
    // Nothing found: a lone NUL. A multi-string ends with an extra NUL.
    if names.is_empty() || v.multi {
        out.push(T::default());
    }
    out
}

/// What fits in a caller buffer of `cch` units: everything if it fits, otherwise as many whole
/// characters as leave room for the terminator (two for a multi-string), which is always written.
pub fn fit<T: Unit>(content: &[T], cch: usize, multi: bool) -> Vec<T> {
    if content.len() <= cch {
        return content.to_vec();
    }
    if cch == 0 {
        return Vec::new();
    }
    let reserve = if multi && cch >= 2 { 2 } else { 1 };
    let mut keep = cch - reserve;
    while keep > 0 && !content[keep].starts_char() {
        keep -= 1;
    }
    let mut out = content[..keep].to_vec();
    out.resize(keep + reserve, T::default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(names: &[&str], multi: bool) -> NameValue {
        NameValue {
            names: names.iter().map(|s| s.to_string()).collect(),
            multi,
        }
    }

    #[test]
    fn encoding_and_terminators() {
        assert_eq!(encode_narrow(&v(&[], false)), b"\0");
        assert_eq!(encode_narrow(&v(&[], true)), b"\0");
        assert_eq!(encode_narrow(&v(&["ab"], false)), b"ab\0");
        assert_eq!(encode_narrow(&v(&["ab", "c"], false)), b"ab\0");
        assert_eq!(encode_narrow(&v(&["ab", "c"], true)), b"ab\0c\0\0");
    }

    #[test]
    fn truncation_keeps_whole_characters() {
        let s = encode_narrow(&v(&["aé"], false)); // 61 c3 a9 00
        assert_eq!(fit(&s, 3, false), b"a\0");
        assert_eq!(fit(&s, 4, false), s);
        let w = encode_wide(&v(&["a\u{1F600}b"], false)); // a, hi, lo, b, 0
        assert_eq!(fit(&w, 3, false), vec![u16::from(b'a'), 0]);
        let m = encode_narrow(&v(&["ab", "cd"], true));
        assert_eq!(fit(&m, 5, true), b"ab\0\0\0");
        assert_eq!(fit(&m, 6, true), b"ab\0c\0\0");
        assert_eq!(fit(&m, 1, true), b"\0");
        assert!(fit(&m, 0, true).is_empty());
    }
}
