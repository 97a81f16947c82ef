//! Getting a server certificate *with its private key* into a context, the one thing a TLS server
//! cannot do without. Windows programs import a PFX (`PFXImportCertStore`); on Linux the key usually
//! sits in a PEM file next to the chain, hence the `SchShimCertFromPem` extension. Either way the key
//! ends up as a property of the leaf's context, where `CERT_FIND_HAS_PRIVATE_KEY` and the Schannel
//! layer find it. PKCS#12 decoding (both the OpenSSL 3 PBES2/AES form and the `-legacy` 3DES/RC2 form)
//! is p12-keystore's; key/certificate pairing and the mapping of failures to the codes Windows
//! programs test for are ours.

use std::path::Path;
use std::sync::Arc;

use p12_keystore::error::Error as P12Error;
use p12_keystore::Pkcs12Archive;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use x509_parser::certificate::X509Certificate;
use x509_parser::prelude::FromDer;

use super::error::{CertResult, Win32Error};
use super::store::{self, CertObject, Store};
use crate::abi::*;

/// The SubjectPublicKeyInfo (DER) of the public half of `key`, when ring can load the key.
fn key_spki(key: &PrivateKeyDer<'_>) -> Option<Vec<u8>> {
    let signing = rustls::crypto::ring::sign::any_supported_type(key).ok()?;
    signing.public_key().map(|spki| spki.as_ref().to_vec())
}

fn cert_spki(der: &[u8]) -> Option<Vec<u8>> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    Some(cert.tbs_certificate.subject_pki.raw.to_vec())
}

/// Maps p12-keystore failures to what Windows reports: a MAC or decryption failure is, as far as
/// anyone can tell, a wrong password (`ERROR_INVALID_PASSWORD`); an unsupported algorithm is
/// `NTE_BAD_ALGID`; anything that does not decode is `CRYPT_E_BAD_ENCODE`.
fn pfx_error(e: &P12Error) -> Win32Error {
    match e {
        P12Error::MacError(_) | P12Error::Pkcs5Error(_) | P12Error::UnpadError => {
            Win32Error::of(ERROR_INVALID_PASSWORD)
        }
        P12Error::UnsupportedEncryptionScheme | P12Error::UnsupportedMacAlgorithm => {
            Win32Error::of(NTE_BAD_ALGID)
        }
        _ => Win32Error::of(CRYPT_E_BAD_ENCODE),
    }
}

/// A private key from a PFX, with what pairs it with its certificate.
struct PfxKey {
    local_key_id: Option<Vec<u8>>,
    spki: Option<Vec<u8>>,
    key: PrivateKeyDer<'static>,
}

/// One certificate of a PFX or PEM file, with its private key when the file has it.
pub struct Entry {
    /// The certificate, DER.
    pub der: Vec<u8>,
    /// Its private key.
    pub key: Option<PrivateKeyDer<'static>>,
}

/// The certificates of a PKCS#12 blob, in file order; each certificate whose private key is in the
/// PFX carries it. Keys are paired with certificates by the PKCS#12 localKeyId attribute, or else by
/// comparing public keys.
pub fn pfx_entries(data: &[u8], password: &str) -> CertResult<Vec<Entry>> {
    let archive = Pkcs12Archive::from_pkcs12(data, password).map_err(|e| pfx_error(&e))?;
    let keys: Vec<PfxKey> = archive
        .keys
        .iter()
        .map(|k| {
            let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(k.key.as_der().to_vec()));
            PfxKey {
                local_key_id: k.local_key_id.as_ref().map(|id| id.as_ref().to_vec()),
                spki: key_spki(&key),
                key,
            }
        })
        .collect();
    Ok(archive
        .certs
        .iter()
        .map(|bag| {
            let der = bag.cert.as_der();
            let by_id = keys.iter().find(
                |k| matches!((&k.local_key_id, &bag.local_key_id), (Some(a), Some(b)) if a == b),
            );
            let key = by_id
                .or_else(|| {
                    let spki = cert_spki(der)?;
                    keys.iter()
                        .find(|k| k.spki.as_deref() == Some(spki.as_slice()))
                })
                .map(|k| k.key.clone_key());
            Entry {
                der: der.to_vec(),
                key,
            }
        })
        .collect())
}

/// Adds `entries` to `store`; a certificate listed twice keeps one entry, and the key if either
/// copy had it.
pub fn add_entries(store: &Arc<Store>, entries: Vec<Entry>) -> CertResult<()> {
    for e in entries {
        store.add_encoded(
            &e.der,
            X509_ASN_ENCODING,
            CERT_STORE_ADD_USE_EXISTING,
            e.key,
            false,
        )?;
    }
    Ok(())
}

/// PFXImportCertStore: a memory store (one open handle) holding every certificate of the PFX, in
/// file order, with the keys [`pfx_entries`] pairs with them.
pub fn import_pfx(data: &[u8], password: &str) -> CertResult<Arc<Store>> {
    let entries = pfx_entries(data, password)?;
    let store = Store::new_memory(1);
    if let Err(e) = add_entries(&store, entries) {
        let _ = store.close(false);
        return Err(e);
    }
    Ok(store)
}

/// The certificates of a PEM text (every CERTIFICATE block, in order), the first private key of the
/// text (PKCS#8, SEC1 or PKCS#1) attached to the certificate whose public key it matches. A key that
/// matches none, or that rustls cannot use, is left out. `CRYPT_E_BAD_ENCODE` for a malformed
/// CERTIFICATE block.
pub fn pem_entries(pem: &[u8]) -> CertResult<Vec<Entry>> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| Win32Error::of(CRYPT_E_BAD_ENCODE))?;
    let key = PrivateKeyDer::from_pem_slice(pem).ok();
    let key_spki = key.as_ref().and_then(key_spki);
    Ok(certs
        .iter()
        .map(|c| {
            let matches = key_spki.is_some() && cert_spki(c.as_ref()) == key_spki;
            Entry {
                der: c.as_ref().to_vec(),
                key: key.as_ref().filter(|_| matches).map(|k| k.clone_key()),
            }
        })
        .collect())
}

/// Checks that `key` is usable and belongs to the certificate `leaf`.
fn check_key(leaf: &[u8], key: &PrivateKeyDer<'_>) -> CertResult<()> {
    let bad_key = || Win32Error::of(NTE_BAD_KEY);
    let cert = cert_spki(leaf).ok_or_else(|| Win32Error::of(CRYPT_E_ASN1_BADTAG))?;
    let signing = rustls::crypto::ring::sign::any_supported_type(key).map_err(|_| bad_key())?;
    match signing.public_key() {
        Some(spki) if spki.as_ref() != cert.as_slice() => Err(bad_key()),
        _ => Ok(()),
    }
}

/// SchShimCertFromPem: the leaf of a PEM chain (leaf first) in a memory store of its own holding the
/// whole chain, carrying the PEM private key (PKCS#8, SEC1 or PKCS#1) if one is given. The key must be
/// one rustls can sign with and must match the leaf (`NTE_BAD_KEY` otherwise); text without any
/// CERTIFICATE block is `CRYPT_E_NOT_FOUND`, a malformed block `CRYPT_E_BAD_ENCODE`.
pub fn from_pem(chain_pem: &[u8], key_pem: Option<&[u8]>) -> CertResult<Arc<CertObject>> {
    let certs = CertificateDer::pem_slice_iter(chain_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| Win32Error::of(CRYPT_E_BAD_ENCODE))?;
    let leaf = certs
        .first()
        .ok_or_else(|| Win32Error::of(CRYPT_E_NOT_FOUND))?;
    let key = match key_pem {
        Some(pem) => {
            let key =
                PrivateKeyDer::from_pem_slice(pem).map_err(|_| Win32Error::of(NTE_BAD_KEY))?;
            check_key(leaf, &key)?;
            Some(key)
        }
        None => None,
    };
    let ders: Vec<&[u8]> = certs.iter().map(|c| c.as_ref()).collect();
    store::standalone(&ders, X509_ASN_ENCODING, key)
}

pub(crate) fn read_file(path: &Path) -> CertResult<Vec<u8>> {
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Win32Error::of(ERROR_FILE_NOT_FOUND),
        std::io::ErrorKind::PermissionDenied => Win32Error::of(ERROR_ACCESS_DENIED),
        _ => Win32Error::of(ERROR_OPEN_FAILED),
    })
}

/// SchShimCertFromPemFiles: [`from_pem`] on the contents of two files. A missing file is
/// `ERROR_FILE_NOT_FOUND`, an unreadable one `ERROR_ACCESS_DENIED` or `ERROR_OPEN_FAILED`.
pub fn from_pem_files(chain: &Path, key: Option<&Path>) -> CertResult<Arc<CertObject>> {
    let chain = read_file(chain)?;
    let key = key.map(read_file).transpose()?;
    from_pem(&chain, key.as_deref())
}
