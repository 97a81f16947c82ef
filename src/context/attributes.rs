//! `QueryContextAttributes`: what a context reports, as plain values. The export layer copies
//! them into the caller's structs and allocates what `FreeContextBuffer` will free.

use rustls::{CipherSuite, NamedGroup, ProtocolVersion, SupportedCipherSuite};
use x509_parser::prelude::{FromDer, X509Certificate};

use super::{Context, Negotiated, Side};
use crate::abi::*;
use crate::credential::BulkCipher;

/// One attribute's value.
pub enum Attribute {
    StreamSizes(SecPkgContext_StreamSizes),
    ConnectionInfo(SecPkgContext_ConnectionInfo),
    CipherInfo(Box<SecPkgContext_CipherInfo>),
    SessionInfo(SecPkgContext_SessionInfo),
    ApplicationProtocol(Box<SecPkgContext_ApplicationProtocol>),
    KeyInfo(KeyInfo),
    /// A complete `SEC_CHANNEL_BINDINGS` block (header and application data).
    Bindings(Vec<u8>),
    /// A new certificate context reference, owned by the caller.
    Certificate(PCCERT_CONTEXT),
    /// DER-encoded distinguished names (ISSUER_LIST_EX).
    Issuers(Vec<Vec<u8>>),
}

pub struct KeyInfo {
    pub signature_name: &'static str,
    pub encrypt_name: &'static str,
    pub key_size: u32,
    pub signature_algorithm: ALG_ID,
    pub encrypt_algorithm: ALG_ID,
}

/// Cipher facts Schannel reports, derived from the rustls suite.
struct Cipher {
    alg: ALG_ID,
    bits: u32,
    name: &'static str,
    block: u32,
    prf_hash: ALG_ID,
}

fn cipher(suite: SupportedCipherSuite) -> Cipher {
    let bulk = BulkCipher::of(suite);
    let (alg, name, block) = match bulk {
        BulkCipher::Aes128Gcm => (CALG_AES_128, "AES", 16),
        BulkCipher::Aes256Gcm => (CALG_AES_256, "AES", 16),
        // Windows has no ALG_ID for ChaCha20-Poly1305.
        BulkCipher::Chacha20Poly1305 => (0, "CHACHA20_POLY1305", 1),
    };
    let bits = bulk.bits();
    let prf_hash = if format!("{:?}", suite.suite()).ends_with("SHA384") {
        CALG_SHA_384
    } else {
        CALG_SHA_256
    };
    Cipher {
        alg,
        bits,
        name,
        block,
        prf_hash,
    }
}

/// The IANA name of a suite (rustls spells TLS 1.3 suites `TLS13_…`).
fn iana_name(suite: CipherSuite) -> String {
    format!("{suite:?}").replacen("TLS13_", "TLS_", 1)
}

fn group_facts(group: Option<NamedGroup>) -> (u32, u32) {
    match group {
        Some(NamedGroup::X25519) => (0x1d, 255),
        Some(NamedGroup::secp256r1) => (0x17, 256),
        Some(NamedGroup::secp384r1) => (0x18, 384),
        Some(g) => (u16::from(g) as u32, 0),
        None => (0, 0),
    }
}

/// The server certificate of the connection (the peer's for a client, ours for a server).
fn server_leaf<'a>(ctx: &'a Context, n: &'a Negotiated) -> Option<&'a [u8]> {
    match ctx.side {
        Side::Client => n.peer_chain.first().map(|c| c.as_ref()),
        Side::Server => ctx.cred.local_chain.first().map(|c| c.as_ref()),
    }
}

/// "RSA" or "ECDSA" (or "EdDSA") from the server certificate's key.
fn key_kind(leaf: Option<&[u8]>) -> (&'static str, ALG_ID) {
    let oid = leaf
        .and_then(|der| X509Certificate::from_der(der).ok())
        .map(|(_, c)| c.public_key().algorithm.algorithm.to_id_string());
    match oid.as_deref() {
        Some("1.2.840.113549.1.1.1") | Some("1.2.840.113549.1.1.10") => ("RSA", CALG_RSA_SIGN),
        Some("1.2.840.10045.2.1") => ("ECDSA", CALG_ECDSA),
        Some("1.3.101.112") => ("EdDSA", 0),
        _ => ("", 0),
    }
}

fn wide(dst: &mut [WCHAR], s: &str) {
    for (d, c) in dst
        .iter_mut()
        .zip(s.encode_utf16().chain(std::iter::once(0)))
    {
        *d = c;
    }
}

/// RFC 5929 tls-server-end-point: the certificate's hash, with its signature hash algorithm,
/// MD5 and SHA-1 replaced by SHA-256.
fn end_point_binding(leaf: &[u8]) -> Vec<u8> {
    let sig_oid = X509Certificate::from_der(leaf)
        .ok()
        .map(|(_, c)| c.signature_algorithm.algorithm.to_id_string());
    let alg = match sig_oid.as_deref() {
        Some("1.2.840.113549.1.1.12") | Some("1.2.840.10045.4.3.3") => &ring::digest::SHA384,
        Some("1.2.840.113549.1.1.13") | Some("1.2.840.10045.4.3.4") => &ring::digest::SHA512,
        _ => &ring::digest::SHA256,
    };
    let digest = ring::digest::digest(alg, leaf);
    let mut data = b"tls-server-end-point:".to_vec();
    data.extend_from_slice(digest.as_ref());
    let header_len = std::mem::size_of::<SEC_CHANNEL_BINDINGS>();
    let mut block = vec![0u8; header_len];
    // cbApplicationDataLength and dwApplicationDataOffset are the last two ULONGs.
    block[24..28].copy_from_slice(&(data.len() as u32).to_le_bytes());
    block[28..32].copy_from_slice(&(header_len as u32).to_le_bytes());
    block.extend_from_slice(&data);
    block
}

/// The value of `attribute`, or the status Windows returns for it.
pub fn query(ctx: &Context, attribute: ULONG) -> Result<Attribute, SECURITY_STATUS> {
    // Asked between SEC_I_INCOMPLETE_CREDENTIALS and the end of the handshake.
    if attribute == SECPKG_ATTR_ISSUER_LIST_EX {
        return Ok(Attribute::Issuers(ctx.issuers().unwrap_or_default()));
    }
    let n = ctx.negotiated().ok_or(SEC_E_INVALID_HANDLE)?;
    let tls13 = n.version == ProtocolVersion::TLSv1_3;
    let c = cipher(n.suite);
    Ok(match attribute {
        SECPKG_ATTR_STREAM_SIZES => {
            let gcm12 = !tls13 && c.alg != 0;
            Attribute::StreamSizes(SecPkgContext_StreamSizes {
                cbHeader: if gcm12 { 13 } else { 5 },
                cbTrailer: if tls13 { 17 } else { 16 },
                cbMaximumMessage: super::record::MAX_PLAINTEXT as u32,
                cBuffers: 4,
                cbBlockSize: 16,
            })
        }
        SECPKG_ATTR_CONNECTION_INFO => {
            let protocol = match (ctx.side, tls13) {
                (Side::Client, true) => SP_PROT_TLS1_3_CLIENT,
                (Side::Client, false) => SP_PROT_TLS1_2_CLIENT,
                (Side::Server, true) => SP_PROT_TLS1_3_SERVER,
                (Side::Server, false) => SP_PROT_TLS1_2_SERVER,
            };
            Attribute::ConnectionInfo(SecPkgContext_ConnectionInfo {
                dwProtocol: protocol,
                aiCipher: c.alg,
                dwCipherStrength: c.bits,
                aiHash: c.prf_hash,
                dwHashStrength: 0,
                aiExch: CALG_ECDH_EPHEM,
                dwExchStrength: group_facts(n.group).1,
            })
        }
        SECPKG_ATTR_CIPHER_INFO => {
            let suite = n.suite.suite();
            let id = u16::from(suite) as u32;
            let name = |s: &str| {
                let mut w = [0 as WCHAR; SZ_ALG_MAX_SIZE];
                wide(&mut w, s);
                w
            };
            Attribute::CipherInfo(Box::new(SecPkgContext_CipherInfo {
                dwVersion: SECPKGCONTEXT_CIPHERINFO_V1,
                dwProtocol: if tls13 { 0x304 } else { 0x303 },
                dwCipherSuite: id,
                dwBaseCipherSuite: id,
                szCipherSuite: name(&iana_name(suite)),
                szCipher: name(c.name),
                dwCipherLen: c.bits,
                dwCipherBlockLen: c.block,
                // AEAD suites have no separate MAC.
                szHash: name(""),
                dwHashLen: 0,
                szExchange: name("ECDH"),
                dwMinExchangeLen: 0,
                dwMaxExchangeLen: 65536,
                szCertificate: name(key_kind(server_leaf(ctx, n)).0),
                dwKeyType: group_facts(n.group).0,
            }))
        }
        SECPKG_ATTR_KEY_INFO => {
            let (signature_name, signature_algorithm) = key_kind(server_leaf(ctx, n));
            Attribute::KeyInfo(KeyInfo {
                signature_name,
                encrypt_name: c.name,
                key_size: c.bits,
                signature_algorithm,
                encrypt_algorithm: c.alg,
            })
        }
        SECPKG_ATTR_SESSION_INFO => Attribute::SessionInfo(SecPkgContext_SessionInfo {
            dwFlags: if n.resumed { SSL_SESSION_RECONNECT } else { 0 },
            cbSessionId: 0,
            rgbSessionId: [0; 32],
        }),
        SECPKG_ATTR_APPLICATION_PROTOCOL => {
            let mut ap = Box::new(SecPkgContext_ApplicationProtocol {
                ProtoNegoStatus: SecApplicationProtocolNegotiationStatus_None,
                ProtoNegoExt: SecApplicationProtocolNegotiationExt_None,
                ProtocolIdSize: 0,
                ProtocolId: [0; MAX_PROTOCOL_ID_SIZE],
            });
            if let Some(p) = &n.alpn {
                ap.ProtoNegoStatus = SecApplicationProtocolNegotiationStatus_Success;
                ap.ProtoNegoExt = SecApplicationProtocolNegotiationExt_ALPN;
                let len = p.len().min(MAX_PROTOCOL_ID_SIZE);
                ap.ProtocolIdSize = len as u8;
                ap.ProtocolId[..len].copy_from_slice(&p[..len]);
            }
            Attribute::ApplicationProtocol(ap)
        }
        SECPKG_ATTR_ENDPOINT_BINDINGS => Attribute::Bindings(end_point_binding(
            server_leaf(ctx, n).ok_or(SEC_E_NO_CREDENTIALS)?,
        )),
        SECPKG_ATTR_REMOTE_CERT_CONTEXT => {
            if n.peer_chain.is_empty() {
                return Err(SEC_E_NO_CREDENTIALS);
            }
            certificate(&n.peer_chain, &n.stapled_ocsp)?
        }
        SECPKG_ATTR_LOCAL_CERT_CONTEXT => {
            if ctx.cred.local_chain.is_empty() {
                return Err(SEC_E_NO_CREDENTIALS);
            }
            certificate(&ctx.cred.local_chain, &[])?
        }
        // rustls exposes no Finished messages, so tls-unique cannot be produced.
        _ => return Err(SEC_E_UNSUPPORTED_FUNCTION),
    })
}

fn certificate(
    chain: &[rustls::pki_types::CertificateDer<'static>],
    ocsp_response: &[u8],
) -> Result<Attribute, SECURITY_STATUS> {
    let p = crate::cert::context_for_chain(chain, ocsp_response);
    if p.is_null() {
        return Err(SEC_E_INTERNAL_ERROR);
    }
    Ok(Attribute::Certificate(p))
}
