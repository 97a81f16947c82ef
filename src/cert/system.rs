//! System stores. Windows programs find their server certificate in the "MY" store (by subject or
//! SHA-1 thumbprint) and their trust anchors in "ROOT"; there is no store service on Linux, so each
//! name maps to files, read every time the store is opened:
//!
//! * "ROOT": the system trust store as `rustls-native-certs` reads it (the distribution bundle;
//!   `SSL_CERT_FILE` / `SSL_CERT_DIR` override it), the same certificates the Schannel layer trusts.
//! * "CA": the certificates of that same bundle that are not self-issued (intermediates some
//!   bundles carry); usually empty.
//! * "MY": the directory named by the environment variable `SCHSHIM_MY_STORE`. Every `*.p12` /
//!   `*.pfx` file in it is imported with the password in `SCHSHIM_MY_STORE_PASSWORD` (empty when
//!   unset), and every `*.pem` file contributes its certificates, the first private key in it
//!   (PKCS#8, SEC1 or PKCS#1) attached to the certificate it belongs to. Files are read in name
//!   order; unreadable files and files that do not decode (a PFX with another password) are
//!   skipped. The chain certificates of each file are in the store too, so a server whose identity
//!   comes from "MY" sends its intermediates. Unset (or not a directory): an empty store.
//! * Any other name: an empty store (or, with `CERT_STORE_OPEN_EXISTING_FLAG`, for a name that is
//!   not a standard Windows store, NULL with `ERROR_FILE_NOT_FOUND`).
//!
//! Every location (`CERT_SYSTEM_STORE_CURRENT_USER`, `_LOCAL_MACHINE`, ...) sees the same stores.
//! Certificates added to an opened system store stay in that open store only: nothing is written
//! back to the files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::CertificateDer;

use super::error::{CertResult, Win32Error};
use super::import::{self, Entry};
use super::store::{Store, StoreKind};
use crate::abi::*;

/// The environment variable naming the "MY" store's directory.
pub const MY_STORE_ENV: &str = "SCHSHIM_MY_STORE";
/// The environment variable holding the password of the PFX files in the "MY" store directory.
pub const MY_STORE_PASSWORD_ENV: &str = "SCHSHIM_MY_STORE_PASSWORD";

/// Names of the standard Windows system stores that open (empty) without being created first.
const KNOWN_STORES: &[&str] = &[
    "MY",
    "ROOT",
    "CA",
    "TRUST",
    "DISALLOWED",
    "AUTHROOT",
    "TRUSTEDPEOPLE",
    "TRUSTEDPUBLISHER",
    "ADDRESSBOOK",
    "CLIENTAUTHISSUER",
    "REMOTE DESKTOP",
    "REQUEST",
    "SMARTCARDROOT",
    "TRUSTEDDEVICES",
    "WEBHOSTING",
    "USERDS",
];

/// The store locations `CERT_SYSTEM_STORE_LOCATION_MASK` may select.
const LOCATIONS: &[u32] = &[
    CERT_SYSTEM_STORE_CURRENT_USER_ID,
    CERT_SYSTEM_STORE_LOCAL_MACHINE_ID,
    CERT_SYSTEM_STORE_CURRENT_SERVICE_ID,
    CERT_SYSTEM_STORE_SERVICES_ID,
    CERT_SYSTEM_STORE_USERS_ID,
    CERT_SYSTEM_STORE_CURRENT_USER_GROUP_POLICY_ID,
    CERT_SYSTEM_STORE_LOCAL_MACHINE_GROUP_POLICY_ID,
    CERT_SYSTEM_STORE_LOCAL_MACHINE_ENTERPRISE_ID,
];

/// CertOpenStore(CERT_STORE_PROV_SYSTEM_A/W) / CertOpenSystemStore: a new store (one open handle)
/// filled as the module documentation says. `flags` must name a location
/// (`CERT_SYSTEM_STORE_*`, else `E_INVALIDARG`); `CERT_STORE_READONLY_FLAG` makes the store refuse
/// additions; `CERT_STORE_DELETE_FLAG` is `ERROR_CALL_NOT_IMPLEMENTED`. An empty name is
/// `E_INVALIDARG`.
pub fn open(name: &str, flags: u32) -> CertResult<Arc<Store>> {
    let location = (flags & CERT_SYSTEM_STORE_LOCATION_MASK) >> CERT_SYSTEM_STORE_LOCATION_SHIFT;
    if !LOCATIONS.contains(&location) || name.is_empty() {
        return Err(Win32Error::of(E_INVALIDARG));
    }
    if flags & CERT_STORE_DELETE_FLAG != 0 {
        return Err(Win32Error::of(ERROR_CALL_NOT_IMPLEMENTED));
    }
    let upper = name.to_ascii_uppercase();
    if flags & CERT_STORE_OPEN_EXISTING_FLAG != 0 && !KNOWN_STORES.contains(&upper.as_str()) {
        return Err(Win32Error::of(ERROR_FILE_NOT_FOUND));
    }
    let entries = match upper.as_str() {
        "ROOT" => bundle().into_iter().map(plain).collect(),
        "CA" => intermediates(bundle()),
        "MY" => my_entries(),
        _ => Vec::new(),
    };
    Ok(filled(entries, flags))
}

/// The "ROOT" and "CA" stores (read-only, one open handle each) from one reading of the bundle,
/// for the default chain engine.
pub fn roots_and_cas() -> (Arc<Store>, Arc<Store>) {
    let certs = bundle();
    let cas = intermediates(certs.clone());
    let roots = certs.into_iter().map(plain).collect();
    (
        filled(roots, CERT_STORE_READONLY_FLAG),
        filled(cas, CERT_STORE_READONLY_FLAG),
    )
}

fn intermediates(certs: Vec<CertificateDer<'static>>) -> Vec<Entry> {
    certs
        .into_iter()
        .filter(|c| !self_issued(c.as_ref()))
        .map(plain)
        .collect()
}

/// A new system store (one open handle) holding `entries`, read-only if `flags` say so.
fn filled(entries: Vec<Entry>, flags: u32) -> Arc<Store> {
    let store = Store::new(StoreKind::System, 1);
    for e in entries {
        // One certificate that does not parse must not hide the others.
        let _ = import::add_entries(&store, vec![e]);
    }
    if flags & CERT_STORE_READONLY_FLAG != 0 {
        store.set_read_only();
    }
    store
}

fn plain(c: CertificateDer<'static>) -> Entry {
    Entry {
        der: c.as_ref().to_vec(),
        key: None,
    }
}

/// The system trust bundle (whatever part of it could be read).
fn bundle() -> Vec<CertificateDer<'static>> {
    rustls_native_certs::load_native_certs().certs
}

fn self_issued(der: &[u8]) -> bool {
    use x509_parser::prelude::FromDer;
    x509_parser::certificate::X509Certificate::from_der(der)
        .is_ok_and(|(_, c)| c.tbs_certificate.issuer.as_raw() == c.tbs_certificate.subject.as_raw())
}

/// The certificates (and keys) of the "MY" directory.
fn my_entries() -> Vec<Entry> {
    let Some(dir) = std::env::var_os(MY_STORE_ENV) else {
        return Vec::new();
    };
    let password = std::env::var(MY_STORE_PASSWORD_ENV).unwrap_or_default();
    let Ok(listing) = std::fs::read_dir(Path::new(&dir)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = listing
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let Ok(data) = std::fs::read(&path) else {
            continue;
        };
        let entries = match ext.as_str() {
            "p12" | "pfx" => import::pfx_entries(&data, &password),
            "pem" => import::pem_entries(&data),
            _ => continue,
        };
        out.extend(entries.unwrap_or_default());
    }
    out
}
