//! `CryptDecodeObjectEx` for the structure types real Schannel callers decode: the alternative
//! names (`X509_ALTERNATE_NAME`, `szOID_SUBJECT_ALT_NAME2`, `szOID_SUBJECT_ALT_NAME`,
//! `szOID_ISSUER_ALT_NAME[2]`) into a `CERT_ALT_NAME_INFO`. curl checks a server certificate
//! against an IP-address host this way (`CertFindExtension` + this decoder); everything else
//! it does with names goes through `CertGetNameString`.
//!
//! The DER is parsed by x509-parser. The result is laid out the way Windows lays it out: one
//! block that starts with the `CERT_ALT_NAME_INFO`, followed by the entry array and then every
//! string, blob and `CERT_OTHER_NAME` the entries point to, all inside the same block, so the
//! caller frees (or sizes) one allocation. Because the pointers are absolute, the block is
//! produced for a known base address (the caller's buffer or the new allocation); this module
//! only computes bytes, the export copies them.

use x509_parser::extensions::{GeneralName, IssuerAlternativeName, SubjectAlternativeName};
use x509_parser::prelude::FromDer;

use super::error::{CertResult, Win32Error};
use crate::abi::*;

/// The structure type a caller asked for (`lpszStructType`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StructType {
    /// A predefined `X509_*` integer id.
    Id(usize),
    /// An OID string such as `szOID_SUBJECT_ALT_NAME2`.
    Oid(String),
}

/// The decoders this library has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoder {
    /// GeneralNames → `CERT_ALT_NAME_INFO`.
    AltName,
}

fn decoder_for(t: &StructType) -> Option<Decoder> {
    match t {
        StructType::Id(X509_ALTERNATE_NAME) => Some(Decoder::AltName),
        StructType::Oid(o)
            if [
                szOID_SUBJECT_ALT_NAME2,
                szOID_SUBJECT_ALT_NAME,
                szOID_ISSUER_ALT_NAME2,
                szOID_ISSUER_ALT_NAME,
            ]
            .contains(&o.as_str()) =>
        {
            Some(Decoder::AltName)
        }
        _ => None,
    }
}

/// One decoded GeneralName, owning its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AltName {
    /// `CERT_ALT_NAME_OTHER_NAME`: type OID and the DER of the value inside its `[0]` tag.
    Other(String, Vec<u8>),
    /// A string choice (`CERT_ALT_NAME_RFC822_NAME`, `_DNS_NAME`, `_URL`) as UTF-16: IA5String
    /// bytes widened one by one, as Windows does.
    Text(u32, Vec<u16>),
    /// A blob choice (`CERT_ALT_NAME_DIRECTORY_NAME`: the DER Name; `_IP_ADDRESS`: the octets).
    Blob(u32, Vec<u8>),
    /// `CERT_ALT_NAME_REGISTERED_ID`: the dotted OID.
    RegisteredId(String),
    /// `CERT_ALT_NAME_X400_ADDRESS` / `_EDI_PARTY_NAME`, which Windows does not decode either:
    /// the choice only, the union left zero.
    Unsupported(u32),
}

/// A decoded structure, ready to be laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// `CERT_ALT_NAME_INFO`.
    AltNames(Vec<AltName>),
}

/// The value inside an `[0] EXPLICIT` tag (otherName's value), or the bytes as they are when
/// they are not wrapped that way.
fn explicit_inner(d: &[u8]) -> Vec<u8> {
    use x509_parser::asn1_rs::{Any, Class};
    match Any::from_der(d) {
        Ok((_, any)) if any.class() == Class::ContextSpecific && any.tag().0 == 0 => {
            any.data.to_vec()
        }
        _ => d.to_vec(),
    }
}

fn widen(bytes: &[u8]) -> Vec<u16> {
    bytes.iter().map(|&b| u16::from(b)).collect()
}

fn convert(g: &GeneralName<'_>) -> CertResult<AltName> {
    Ok(match g {
        GeneralName::OtherName(oid, value) => {
            AltName::Other(oid.to_id_string(), explicit_inner(value))
        }
        GeneralName::RFC822Name(s) => AltName::Text(CERT_ALT_NAME_RFC822_NAME, widen(s.as_bytes())),
        GeneralName::DNSName(s) => AltName::Text(CERT_ALT_NAME_DNS_NAME, widen(s.as_bytes())),
        GeneralName::URI(s) => AltName::Text(CERT_ALT_NAME_URL, widen(s.as_bytes())),
        GeneralName::DirectoryName(n) => {
            AltName::Blob(CERT_ALT_NAME_DIRECTORY_NAME, n.as_raw().to_vec())
        }
        GeneralName::IPAddress(b) => AltName::Blob(CERT_ALT_NAME_IP_ADDRESS, b.to_vec()),
        GeneralName::RegisteredID(oid) => AltName::RegisteredId(oid.to_id_string()),
        GeneralName::X400Address(_) => AltName::Unsupported(CERT_ALT_NAME_X400_ADDRESS),
        GeneralName::EDIPartyName(_) => AltName::Unsupported(CERT_ALT_NAME_EDI_PARTY_NAME),
        // x509-parser keeps IA5 strings that are not UTF-8 aside; Windows widens their bytes.
        GeneralName::Invalid(tag, data) => match tag.0 {
            1 => AltName::Text(CERT_ALT_NAME_RFC822_NAME, widen(data)),
            2 => AltName::Text(CERT_ALT_NAME_DNS_NAME, widen(data)),
            6 => AltName::Text(CERT_ALT_NAME_URL, widen(data)),
            _ => return Err(Win32Error::of(CRYPT_E_ASN1_CORRUPT)),
        },
    })
}

/// The ASN.1 error Windows reports for data that does not decode: nothing there or cut short is
/// `CRYPT_E_ASN1_EOD`, a different outer tag `CRYPT_E_ASN1_BADTAG`, anything else
/// `CRYPT_E_ASN1_CORRUPT`.
fn asn1_error<E>(data: &[u8], e: &x509_parser::nom::Err<E>) -> Win32Error {
    match (data.first(), e) {
        (None, _) | (_, x509_parser::nom::Err::Incomplete(_)) => Win32Error::of(CRYPT_E_ASN1_EOD),
        (Some(&tag), _) if tag != 0x30 => Win32Error::of(CRYPT_E_ASN1_BADTAG),
        _ => {
            // A SEQUENCE whose length runs past the data is cut short, not corrupt.
            let declared = x509_parser::der_parser::der::der_read_element_header(data)
                .map(|(rest, h)| h.length().definite().map(|l| l > rest.len()));
            if matches!(declared, Ok(Ok(true))) {
                Win32Error::of(CRYPT_E_ASN1_EOD)
            } else {
                Win32Error::of(CRYPT_E_ASN1_CORRUPT)
            }
        }
    }
}

fn decode_alt_names(data: &[u8], issuer: bool) -> CertResult<Vec<AltName>> {
    let names = if issuer {
        IssuerAlternativeName::from_der(data).map(|(_, n)| n.general_names)
    } else {
        SubjectAlternativeName::from_der(data).map(|(_, n)| n.general_names)
    };
    let names = names.map_err(|e| asn1_error(data, &e))?;
    names.iter().map(convert).collect()
}

/// CryptDecodeObjectEx's decoding step: `ERROR_FILE_NOT_FOUND` (what Windows reports when it has
/// no decoder for the encoding type and structure type) for anything but the alternative-name
/// types under `X509_ASN_ENCODING` / `PKCS_7_ASN_ENCODING`; the ASN.1 errors of [`asn1_error`]
/// for data that is not a GeneralNames SEQUENCE.
pub fn decode(encoding: u32, t: &StructType, data: &[u8]) -> CertResult<Decoded> {
    let no_decoder = || Win32Error::of(ERROR_FILE_NOT_FOUND);
    if encoding & (X509_ASN_ENCODING | PKCS_7_ASN_ENCODING) == 0 {
        return Err(no_decoder());
    }
    match decoder_for(t).ok_or_else(no_decoder)? {
        Decoder::AltName => {
            // IssuerAltName and SubjectAltName are both GeneralNames; the parser differs only
            // in the type it returns.
            let issuer = matches!(t, StructType::Oid(o)
                if o == szOID_ISSUER_ALT_NAME2 || o == szOID_ISSUER_ALT_NAME);
            decode_alt_names(data, issuer).map(Decoded::AltNames)
        }
    }
}

/// Builds the C block at a given base address.
struct Block {
    bytes: Vec<u8>,
    base: usize,
}

impl Block {
    fn align(&mut self) {
        while self.bytes.len() % 8 != 0 {
            self.bytes.push(0);
        }
    }

    /// Reserves `len` zeroed bytes at an 8-aligned offset.
    fn reserve(&mut self, len: usize) -> usize {
        self.align();
        let at = self.bytes.len();
        self.bytes.resize(at + len, 0);
        at
    }

    /// Appends `data` at an 8-aligned offset; returns its address (0 for nothing).
    fn push(&mut self, data: &[u8]) -> usize {
        if data.is_empty() {
            return 0;
        }
        let at = self.reserve(data.len());
        self.bytes[at..at + data.len()].copy_from_slice(data);
        self.address(at)
    }

    fn push_wide(&mut self, units: &[u16]) -> usize {
        let bytes: Vec<u8> = units
            .iter()
            .chain(std::iter::once(&0))
            .flat_map(|u| u.to_ne_bytes())
            .collect();
        self.push(&bytes)
    }

    fn push_str(&mut self, s: &str) -> usize {
        let mut bytes = s.as_bytes().to_vec();
        bytes.push(0);
        self.push(&bytes)
    }

    fn address(&self, offset: usize) -> usize {
        self.base.wrapping_add(offset)
    }

    fn put(&mut self, offset: usize, data: &[u8]) {
        self.bytes[offset..offset + data.len()].copy_from_slice(data);
    }

    fn put_u32(&mut self, offset: usize, v: u32) {
        self.put(offset, &v.to_ne_bytes());
    }

    fn put_ptr(&mut self, offset: usize, address: usize) {
        self.put(offset, &address.to_ne_bytes());
    }

    fn put_blob(&mut self, offset: usize, len: usize, address: usize) {
        self.put_u32(offset, u32::try_from(len).unwrap_or(u32::MAX));
        self.put_ptr(
            offset + std::mem::offset_of!(CRYPT_INTEGER_BLOB, pbData),
            address,
        );
    }
}

impl Decoded {
    /// The structure and everything it points to, for a block that will live at `base`.
    pub fn layout(&self, base: usize) -> Vec<u8> {
        use std::mem::{offset_of, size_of};
        let Decoded::AltNames(names) = self;
        let mut b = Block {
            bytes: Vec::new(),
            base,
        };
        let info = b.reserve(size_of::<CERT_ALT_NAME_INFO>());
        let entry_size = size_of::<CERT_ALT_NAME_ENTRY>();
        let entries = b.reserve(entry_size * names.len());
        b.put_u32(
            info + offset_of!(CERT_ALT_NAME_INFO, cAltEntry),
            u32::try_from(names.len()).unwrap_or(u32::MAX),
        );
        let array = if names.is_empty() {
            0
        } else {
            b.address(entries)
        };
        b.put_ptr(info + offset_of!(CERT_ALT_NAME_INFO, rgAltEntry), array);
        let union_at = offset_of!(CERT_ALT_NAME_ENTRY, u);
        for (i, name) in names.iter().enumerate() {
            let e = entries + i * entry_size;
            let u = e + union_at;
            let choice = match name {
                AltName::Other(oid, value) => {
                    let other = b.reserve(size_of::<CERT_OTHER_NAME>());
                    let oid_at = b.push_str(oid);
                    let value_at = b.push(value);
                    b.put_ptr(other + offset_of!(CERT_OTHER_NAME, pszObjId), oid_at);
                    b.put_blob(
                        other + offset_of!(CERT_OTHER_NAME, Value),
                        value.len(),
                        value_at,
                    );
                    let other_at = b.address(other);
                    b.put_ptr(u, other_at);
                    CERT_ALT_NAME_OTHER_NAME
                }
                AltName::Text(choice, units) => {
                    let at = b.push_wide(units);
                    b.put_ptr(u, at);
                    *choice
                }
                AltName::Blob(choice, data) => {
                    let at = b.push(data);
                    b.put_blob(u, data.len(), at);
                    *choice
                }
                AltName::RegisteredId(oid) => {
                    let at = b.push_str(oid);
                    b.put_ptr(u, at);
                    CERT_ALT_NAME_REGISTERED_ID
                }
                AltName::Unsupported(choice) => *choice,
            };
            b.put_u32(e + offset_of!(CERT_ALT_NAME_ENTRY, dwAltNameChoice), choice);
        }
        b.align();
        b.bytes
    }

    /// The size of the block (`*pcbStructInfo`).
    pub fn size(&self) -> usize {
        self.layout(0).len()
    }
}

/// CertFindExtension: the index of the first extension whose OID equals `oid` (`oids` are the
/// `pszObjId`s of the caller's array, None where NULL).
pub fn find_extension(oid: &[u8], oids: &[Option<&[u8]>]) -> Option<usize> {
    oids.iter().position(|o| *o == Some(oid))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_layout_points_inside_itself() {
        let d = Decoded::AltNames(vec![
            AltName::Text(CERT_ALT_NAME_DNS_NAME, widen(b"a")),
            AltName::Blob(CERT_ALT_NAME_IP_ADDRESS, vec![127, 0, 0, 1]),
        ]);
        let base = 0x1000;
        let bytes = d.layout(base);
        assert_eq!(bytes.len(), d.size());
        let word = |at: usize| usize::from_ne_bytes(bytes[at..at + 8].try_into().unwrap());
        assert_eq!(u32::from_ne_bytes(bytes[0..4].try_into().unwrap()), 2);
        assert_eq!(word(8), base + 16, "entries follow the info");
        let dns = word(16 + 8) - base;
        assert_eq!(&bytes[dns..dns + 4], &[b'a', 0, 0, 0]);
        let ip = word(40 + 16) - base;
        assert_eq!(&bytes[ip..ip + 4], &[127, 0, 0, 1]);
    }

    #[test]
    fn unknown_types_and_encodings_have_no_decoder() {
        let nf = Err(Win32Error::of(ERROR_FILE_NOT_FOUND));
        assert_eq!(
            decode(X509_ASN_ENCODING, &StructType::Id(X509_CERT), &[0x30, 0]),
            nf
        );
        assert_eq!(
            decode(
                X509_ASN_ENCODING,
                &StructType::Oid("1.2.3".into()),
                &[0x30, 0]
            ),
            nf
        );
        assert_eq!(
            decode(0, &StructType::Id(X509_ALTERNATE_NAME), &[0x30, 0]),
            nf
        );
    }

    #[test]
    fn asn1_errors() {
        let t = StructType::Id(X509_ALTERNATE_NAME);
        let e = |d: &[u8]| decode(X509_ASN_ENCODING, &t, d).unwrap_err();
        assert_eq!(e(&[]), Win32Error::of(CRYPT_E_ASN1_EOD));
        assert_eq!(e(&[0x30, 0x05, 0x82]), Win32Error::of(CRYPT_E_ASN1_EOD));
        assert_eq!(e(&[0x04, 0x00]), Win32Error::of(CRYPT_E_ASN1_BADTAG));
        assert_eq!(
            decode(X509_ASN_ENCODING, &t, &[0x30, 0]).unwrap(),
            Decoded::AltNames(vec![])
        );
    }
}
