//! The crypt32 subset: certificate contexts and stores as Windows programs use them with Schannel.
//!
//! Schannel speaks in `PCCERT_CONTEXT`s: a server hands its certificate (with a private key attached)
//! in `SCHANNEL_CRED.paCred`, and the peer's certificate comes back as a context whose store holds the
//! chain. Programs build and inspect those with a handful of crypt32 calls (PFX import, store
//! enumeration and search, name strings, thumbprints), so this module provides those calls with
//! Windows' lifetime and error conventions, and gives the TLS layer the two conversions it needs:
//! context → rustls identity ([`identity_of`]) and peer chain → context ([`context_for_chain`]).
//!
//! ## Layers
//!
//! Bottom to top. A module may use the modules of the layers below its own and those listed before
//! it in its own layer, never one listed after it, and of the rest of the crate only `abi` and
//! `handles`; so `cert/` has no import cycle, and each layer can be read and tested without the ones
//! above. This file is the top: the children use none of its items. `tests/cert_layers.rs` reads the
//! numbered lines below and fails on an import that breaks the order or a module missing from them.
//!
//! 1. ground: `error`, `registry`, `strings`, `decode`, `cryptoapi`, `name`, `x509`
//!    — `error` is the Win32 last-error convention; `registry` the generic table of live objects by
//!    address that every pointer from C is looked up in (each kind has its own, a static of the
//!    module that defines the kind); `strings` is CryptStringToBinary; `decode` CryptDecodeObjectEx
//!    (alternative names); `cryptoapi` the legacy advapi32 hashing on `handles.rs` tables; `name`
//!    the name-string rules and `x509` extensions and signature checks, both on parsed
//!    certificates (`X509Certificate`), not contexts.
//! 2. objects: `context`, `crl`, `ocsp`, `store`
//!    — `context` builds the C-visible `CERT_CONTEXT`/`CERT_INFO` of one certificate and knows no
//!    store; `crl` holds CRL contexts and the revocation status they give; `ocsp` the status a
//!    stapled OCSP response gives (`CERT_OCSP_RESPONSE_PROP_ID`); `store` owns contexts (a
//!    `CertObject` is a context in a store) and CRLs with Windows' reference counting (memory,
//!    system and collection stores), and the registries of live stores and contexts.
//! 3. sources: `import`, `system`
//!    — `import` reads PKCS#12 and PEM into stores; `system` maps the system stores
//!    "MY"/"ROOT"/"CA" to files (environment variables `SCHSHIM_MY_STORE`,
//!    `SCHSHIM_MY_STORE_PASSWORD`, `SSL_CERT_FILE`, `SSL_CERT_DIR`).
//! 4. trust: `chain`, `policy`
//!    — `chain` builds chains and owns chain engines and chain contexts; `policy` is
//!    CertVerifyCertificateChainPolicy.
//! 5. api: `api`
//!    — the safe half of each crypt32 export.

pub mod api;
pub mod chain;
pub mod context;
pub mod crl;
pub mod cryptoapi;
pub mod decode;
pub mod error;
pub mod import;
pub mod name;
pub mod ocsp;
pub mod policy;
pub mod registry;
pub mod store;
pub mod strings;
pub mod system;
pub mod x509;

use rustls::pki_types::{CertificateDer, PrivateKeyDer};

pub use error::{last_error, set_last_error, CertResult, Win32Error};

use crate::abi::*;

/// What the TLS layer needs from a certificate context passed in SCHANNEL_CRED.paCred.
pub struct Identity {
    /// The leaf first, then the certificates of its store that chain up from it.
    pub chain: Vec<CertificateDer<'static>>,
    /// The leaf's private key, if the context carries one.
    pub key: Option<PrivateKeyDer<'static>>,
    /// The leaf's `CERT_OCSP_RESPONSE_PROP_ID`: what a server staples.
    pub ocsp_response: Option<Vec<u8>>,
}

/// Looks up a context pointer from C; None if it is not a live context of ours.
///
/// The chain is the leaf followed by the certificates of the leaf's store that chain up to it, found
/// by matching each certificate's issuer to another's subject (byte-for-byte DER, as Windows compares
/// names), stopping at a self-issued certificate. Signatures are not checked here.
pub fn identity_of(ctx: PCCERT_CONTEXT) -> Option<Identity> {
    let leaf = store::CertObject::lookup(ctx)?;
    let store = leaf.store().filter(|s| s.is_live())?;
    let others = store.certificates();
    let mut chain = vec![std::sync::Arc::clone(&leaf)];
    while let Some(cur) = chain.last() {
        if cur.issuer_der() == cur.subject_der() {
            break;
        }
        let issuer = others.iter().find(|c| {
            c.subject_der() == cur.issuer_der() && !chain.iter().any(|x| x.sha1() == c.sha1())
        });
        match issuer {
            Some(c) => chain.push(std::sync::Arc::clone(c)),
            None => break,
        }
    }
    Some(Identity {
        chain: chain
            .iter()
            .map(|c| CertificateDer::from(c.der().to_vec()))
            .collect(),
        key: leaf.key(),
        ocsp_response: leaf.ocsp_response(),
    })
}

/// Every certificate of a live store of ours (for a collection, of its siblings), in enumeration
/// order, as DER; None if `store` is not a live store handle. For the Schannel layer:
/// `SCHANNEL_CRED.hRootStore` (trust anchors and CA names for client certificates).
pub fn store_certificates(store: HCERTSTORE) -> Option<Vec<CertificateDer<'static>>> {
    let s = store::Store::lookup(store).filter(|s| s.is_live())?;
    Some(
        s.certificates()
            .iter()
            .map(|c| CertificateDer::from(c.der().to_vec()))
            .collect(),
    )
}

/// Builds a new context (refcount 1, owned by the caller, freed with CertFreeCertificateContext) for
/// the leaf of a peer chain, whose hCertStore is a new memory store holding every certificate of
/// `chain` (leaf first, in the order given; certificates after the leaf that do not parse are left
/// out). A non-empty `ocsp_response` (what the server stapled) becomes the leaf's
/// `CERT_OCSP_RESPONSE_PROP_ID`, as Schannel attaches it. NULL if the chain is empty or the leaf
/// does not parse.
pub fn context_for_chain(chain: &[CertificateDer<'_>], ocsp_response: &[u8]) -> PCCERT_CONTEXT {
    let ders: Vec<&[u8]> = chain.iter().map(|c| c.as_ref()).collect();
    match store::standalone(&ders, X509_ASN_ENCODING, None) {
        Ok(c) => {
            if !ocsp_response.is_empty() {
                c.set_ocsp_response(Some(ocsp_response.to_vec()));
            }
            c.context_ptr()
        }
        Err(_) => std::ptr::null(),
    }
}
