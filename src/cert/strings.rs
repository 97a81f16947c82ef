//! `CryptStringToBinaryA/W`: thumbprints typed as hex (curl's `CurrentUser\MY\<thumbprint>`, server
//! configuration files) and PEM text become bytes. The parsing rules and the size protocol follow
//! Windows as Wine's conformance tests pin them down (`dlls/crypt32/tests/base64.c`), because callers
//! are written against those exact corner cases (what a too-small buffer leaves behind, which
//! separators hex accepts).
//!
//! * `CRYPT_STRING_HEX` (also `_HEXRAW` and `_HEX_ANY`): pairs of hex digits; `-` and `,` may
//!   separate bytes, and spaces, tabs, CR and LF may appear before, between and after them (as
//!   `CryptBinaryToString(CRYPT_STRING_HEX)` writes them). An odd digit, any other character or an
//!   embedded NUL is `ERROR_INVALID_DATA`.
//! * `CRYPT_STRING_BASE64`: base64 with whitespace anywhere; padding is optional, but present padding
//!   must complete its block; decoding stops after it.
//! * `CRYPT_STRING_BASE64HEADER` (`_BASE64REQUESTHEADER`, `_BASE64X509CRLHEADER`): the base64 between
//!   `-----BEGIN ...-----` and `-----END `; `*pdwSkip` is the offset of the header.
//! * `CRYPT_STRING_BASE64_ANY`: with header, else plain; `CRYPT_STRING_ANY`: those, else the bytes.
//! * `CRYPT_STRING_BINARY`: the string's own bytes (UTF-16 code units for the W function).
//!
//! `CRYPT_STRING_HEXASCII`, `_HEXADDR`, `_HEXASCIIADDR` and `_BASE64URI` are
//! `ERROR_INVALID_PARAMETER`; flag bits other than `CRYPT_STRING_STRICT` are `ERROR_INVALID_DATA`.

use crate::abi::*;

/// What the export must do with the caller's out-parameters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// The last error to set on failure; None on success.
    pub error: Option<u32>,
    /// Bytes for `pbBinary` (never more than the caller's `*pcbBinary`; none without a buffer).
    pub write: Vec<u8>,
    /// The new `*pcbBinary`; None leaves it unchanged.
    pub size: Option<u32>,
    /// The new `*pdwSkip` (if the caller passed one); None leaves it unchanged.
    pub skip: Option<u32>,
    /// The new `*pdwFlags` (if the caller passed one); None leaves it unchanged.
    pub flags: Option<u32>,
}

fn failure(code: u32) -> Outcome {
    Outcome {
        error: Some(code),
        ..Outcome::default()
    }
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// CryptStringToBinaryA/W on `text` (code units: bytes for A, UTF-16 for W, already cut to
/// `cchString` or to the NUL), `wide` for the W function, and the caller's buffer size (None when
/// `pbBinary` is NULL).
pub fn string_to_binary(text: &[u16], wide: bool, flags: u32, buffer: Option<u32>) -> Outcome {
    if flags & !(0xf | CRYPT_STRING_STRICT) != 0 {
        return failure(ERROR_INVALID_DATA);
    }
    match flags & 0xf {
        CRYPT_STRING_HEX | CRYPT_STRING_HEXRAW | CRYPT_STRING_HEX_ANY => hex(text, wide, buffer),
        CRYPT_STRING_BASE64 => base64(text, buffer, CRYPT_STRING_BASE64, 0),
        f @ (CRYPT_STRING_BASE64HEADER
        | CRYPT_STRING_BASE64REQUESTHEADER
        | CRYPT_STRING_BASE64X509CRLHEADER) => with_header(text, buffer, f),
        CRYPT_STRING_BASE64_ANY => {
            let o = with_header(text, buffer, CRYPT_STRING_BASE64HEADER);
            if o.error == Some(ERROR_INVALID_DATA) {
                base64(text, buffer, CRYPT_STRING_BASE64, 0)
            } else {
                o
            }
        }
        CRYPT_STRING_ANY => {
            let mut o = with_header(text, buffer, CRYPT_STRING_BASE64HEADER);
            if o.error == Some(ERROR_INVALID_DATA) {
                o = base64(text, buffer, CRYPT_STRING_BASE64, 0);
            }
            if o.error == Some(ERROR_INVALID_DATA) {
                o = binary(text, wide, buffer);
            }
            o
        }
        CRYPT_STRING_BINARY => binary(text, wide, buffer),
        _ => failure(ERROR_INVALID_PARAMETER),
    }
}

fn hex_digit(u: u16) -> Option<u8> {
    let c = char::from_u32(u32::from(u))?;
    c.to_digit(16).and_then(|d| u8::try_from(d).ok())
}

fn hex_space(u: u16) -> bool {
    matches!(u, 0x20 | 0x09 | 0x0d | 0x0a)
}

fn hex_separator(u: u16) -> bool {
    hex_space(u) || u == u16::from(b'-') || u == u16::from(b',')
}

fn hex(text: &[u16], wide: bool, buffer: Option<u32>) -> Outcome {
    if wide && text.is_empty() {
        return failure(ERROR_INVALID_PARAMETER);
    }
    // An embedded NUL is a character like any other here, and not a valid one.
    let mut bytes: Vec<u8> = Vec::new();
    let mut i = 0;
    let mut invalid = false;
    while i < text.len() {
        let u = text[i];
        if hex_separator(u) {
            i += 1;
            continue;
        }
        let hi = hex_digit(u);
        let lo = text.get(i + 1).copied().and_then(hex_digit);
        match (hi, lo) {
            (Some(h), Some(l)) => {
                bytes.push(h << 4 | l);
                i += 2;
            }
            _ => {
                invalid = true;
                break;
            }
        }
    }
    let cap = buffer.map_or(0, |n| n as usize);
    let write = if buffer.is_some() {
        bytes[..bytes.len().min(cap)].to_vec()
    } else {
        Vec::new()
    };
    let base = Outcome {
        write,
        skip: Some(0),
        flags: Some(0),
        ..Outcome::default()
    };
    if invalid {
        return Outcome {
            error: Some(ERROR_INVALID_DATA),
            size: buffer.is_none().then_some(0),
            ..base
        };
    }
    if buffer.is_some() && bytes.len() > cap {
        return Outcome {
            error: Some(ERROR_MORE_DATA),
            ..base
        };
    }
    Outcome {
        size: Some(len32(bytes.len())),
        flags: Some(CRYPT_STRING_HEX),
        ..base
    }
}

fn base64_value(u: u16) -> Option<u8> {
    let c = u8::try_from(u).ok()?;
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decodes base64 as Windows does (see the module documentation): `Ok(bytes)` or
/// `Err(bytes decoded before the error)`.
fn decode_base64(text: &[u16]) -> Result<Vec<u8>, usize> {
    let mut out = Vec::new();
    let mut block = [0u8; 4];
    let mut valid = 0usize; // characters of the data and padding seen
    let mut padding = false;
    for &u in text {
        if hex_space(u) {
            continue;
        }
        if u == u16::from(b'=') {
            if valid % 4 == 0 {
                // Padding after a complete block ends the data.
                break;
            }
            padding = true;
            valid += 1;
            if valid % 4 == 0 {
                break;
            }
            continue;
        }
        let Some(v) = base64_value(u) else {
            return Err(out.len());
        };
        if padding {
            return Err(out.len());
        }
        block[valid % 4] = v;
        valid += 1;
        match valid % 4 {
            1 => out.push(block[0] << 2),
            2 => {
                if let Some(last) = out.last_mut() {
                    *last = block[0] << 2 | block[1] >> 4;
                }
            }
            3 => out.push(block[1] << 4 | block[2] >> 2),
            _ => out.push(block[2] << 6 | block[3]),
        }
    }
    if valid % 4 != 0 && padding {
        return Err(out.len());
    }
    Ok(out)
}

fn base64(text: &[u16], buffer: Option<u32>, format: u32, skip: u32) -> Outcome {
    match decode_base64(text) {
        Err(partial) => Outcome {
            error: Some(ERROR_INVALID_DATA),
            size: Some(len32(partial)),
            ..Outcome::default()
        },
        Ok(bytes) => match buffer {
            Some(cap) if bytes.len() > cap as usize => failure(ERROR_MORE_DATA),
            _ => Outcome {
                error: None,
                size: Some(len32(bytes.len())),
                write: if buffer.is_some() { bytes } else { Vec::new() },
                skip: Some(skip),
                flags: Some(format),
            },
        },
    }
}

fn find(hay: &[u16], needle: &str, from: usize) -> Option<usize> {
    let needle: Vec<u16> = needle.encode_utf16().collect();
    if from > hay.len() || needle.is_empty() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle.as_slice())
        .map(|p| p + from)
}

const HEADER_START: &str = "-----BEGIN ";
const TRAILER_START: &str = "-----END ";
const DELIMITER: &str = "-----";

/// The header's offset and the base64 between `-----BEGIN ...-----` and `-----END `.
fn header_data(text: &[u16]) -> Option<(usize, &[u16])> {
    if HEADER_START.len() + TRAILER_START.len() > text.len() {
        return None;
    }
    let header = find(text, HEADER_START, 0)?;
    let delim = find(text, DELIMITER, header + HEADER_START.len())?;
    let mut data = delim + DELIMITER.len();
    for nl in [b'\r', b'\n'] {
        if text.get(data) == Some(&u16::from(nl)) {
            data += 1;
        }
    }
    let mut end = find(text, TRAILER_START, data)?;
    for nl in [b'\n', b'\r'] {
        if end > data && text[end - 1] == u16::from(nl) {
            end -= 1;
        }
    }
    Some((header, &text[data..end]))
}

fn with_header(text: &[u16], buffer: Option<u32>, format: u32) -> Outcome {
    match header_data(text) {
        Some((skip, data)) => base64(data, buffer, format, len32(skip)),
        None => failure(ERROR_INVALID_DATA),
    }
}

fn binary(text: &[u16], wide: bool, buffer: Option<u32>) -> Outcome {
    let bytes: Vec<u8> = if wide {
        text.iter().flat_map(|u| u.to_ne_bytes()).collect()
    } else {
        text.iter().map(|&u| u.to_le_bytes()[0]).collect()
    };
    match buffer {
        Some(cap) if bytes.len() > cap as usize => Outcome {
            error: Some(ERROR_MORE_DATA),
            size: Some(len32(bytes.len())),
            ..Outcome::default()
        },
        _ => Outcome {
            size: Some(len32(bytes.len())),
            write: if buffer.is_some() { bytes } else { Vec::new() },
            skip: Some(0),
            flags: Some(CRYPT_STRING_BINARY),
            ..Outcome::default()
        },
    }
}

/// Decodes the first PEM block of `text` (any label), or else `text` as plain base64; None if
/// neither decodes.
pub fn pem_or_base64(text: &[u8]) -> Option<Vec<u8>> {
    let units: Vec<u16> = text.iter().map(|&b| u16::from(b)).collect();
    match header_data(&units) {
        Some((_, data)) => decode_base64(data).ok(),
        None => decode_base64(&units).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Vec<u16> {
        s.bytes().map(u16::from).collect()
    }

    fn hex_of(s: &str) -> Outcome {
        string_to_binary(&a(s), false, CRYPT_STRING_HEX, Some(8))
    }

    #[test]
    fn hex_cases_from_the_conformance_tests() {
        assert_eq!(hex_of("").size, Some(0));
        assert_eq!(hex_of(",-").size, Some(0));
        assert_eq!(hex_of("0").error, Some(ERROR_INVALID_DATA));
        assert_eq!(hex_of("000").error, Some(ERROR_INVALID_DATA));
        assert_eq!(hex_of("1122q").write, vec![0x11, 0x22]);
        assert_eq!(hex_of("1122q").size, None);
        assert_eq!(hex_of(" aE\t\n\r\n").write, vec![0xae]);
        assert_eq!(hex_of("aa,,-BB---ff,-,").write, vec![0xaa, 0xbb, 0xff]);
        assert_eq!(hex_of("aa,BBff,-,").write, vec![0xaa, 0xbb, 0xff]);
        assert_eq!(hex_of("1-2").error, Some(ERROR_INVALID_DATA));
        assert_eq!(hex_of("010-02").error, Some(ERROR_INVALID_DATA));
        assert_eq!(hex_of("01 02\r\n03").write, vec![1, 2, 3]);
        let nul = string_to_binary(
            &[0x30, 0x31, 0, 0x20, 0x30, 0x32],
            false,
            CRYPT_STRING_HEX,
            Some(8),
        );
        assert_eq!(nul.error, Some(ERROR_INVALID_DATA));
        assert_eq!(nul.write, vec![1]);
        let small = string_to_binary(&a("0102"), false, CRYPT_STRING_HEX, Some(1));
        assert_eq!(small.error, Some(ERROR_MORE_DATA));
        assert_eq!(
            (small.write, small.size, small.flags),
            (vec![1], None, Some(0))
        );
        let query = string_to_binary(&a("0102q"), false, CRYPT_STRING_HEX, None);
        assert_eq!(
            (query.error, query.size),
            (Some(ERROR_INVALID_DATA), Some(0))
        );
        assert_eq!(
            string_to_binary(&[], true, CRYPT_STRING_HEX, None).error,
            Some(ERROR_INVALID_PARAMETER)
        );
    }

    #[test]
    fn base64_cases_from_the_conformance_tests() {
        let dec = |s: &str| decode_base64(&a(s)).ok();
        assert_eq!(dec("V="), None);
        assert_eq!(dec("VV="), None);
        assert_eq!(dec("V=="), None);
        assert_eq!(dec("V"), Some(b"T".to_vec()));
        assert_eq!(dec("VV"), Some(b"U".to_vec()));
        assert_eq!(dec("VVV"), Some(b"UU".to_vec()));
        assert_eq!(dec("V==="), Some(b"T".to_vec()));
        assert_eq!(dec("V========"), Some(b"T".to_vec()));
        assert_eq!(dec("VV    VV"), Some(b"UUU".to_vec()));
        assert_eq!(dec("V===VVVV"), Some(b"T".to_vec()));
        assert_eq!(dec("VVVV=VVVV"), Some(b"UUU".to_vec()));
        let hdr = |s: &str| string_to_binary(&a(s), false, CRYPT_STRING_BASE64HEADER, Some(8));
        assert_eq!(
            hdr("-----BEGIN-----VVVV-----END-----").error,
            Some(ERROR_INVALID_DATA)
        );
        assert_eq!(
            hdr("-----BEGIN -----VVVV-----END -----").write,
            b"UUU".to_vec()
        );
        assert_eq!(hdr("xx-----BEGIN foo-----V-----END foo-----").skip, Some(2));
        let small = string_to_binary(&a("VVVVVVVV"), false, CRYPT_STRING_BASE64, Some(4));
        assert_eq!((small.error, small.size), (Some(ERROR_MORE_DATA), None));
        assert_eq!(
            string_to_binary(
                &a("VVVV"),
                false,
                CRYPT_STRING_BASE64 | CRYPT_STRING_NOCR,
                None
            )
            .error,
            Some(ERROR_INVALID_DATA)
        );
    }
}
