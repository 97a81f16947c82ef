//! The safe half of every crypt32 export. The exports in `crate::exports::crypt32` only check and
//! read C pointers; each then makes exactly one call here, so everything that decides behaviour is
//! safe Rust that tests can reach directly. Handles come in as the raw pointers C passed and are
//! resolved through the live-object registries (`lookup` on each kind), never dereferenced.

use std::path::Path;
use std::sync::Arc;

use super::crl::CrlObject;
use super::error::{CertResult, Win32Error};
use super::name::{self, NameRequest, NameValue, Unit};
use super::store::{self, CertObject, FindCriterion, Store, StoreKind};
use super::{chain, context, crl, import, policy, strings, system, x509};
use crate::abi::*;

/// `MS_KEY_STORAGE_PROVIDER`, the provider name Windows reports for imported CNG keys.
const KEY_STORAGE_PROVIDER: &str = "Microsoft Software Key Storage Provider";

fn invalid() -> Win32Error {
    Win32Error::of(ERROR_INVALID_PARAMETER)
}

fn cert(ctx: PCCERT_CONTEXT) -> CertResult<Arc<CertObject>> {
    CertObject::lookup(ctx).ok_or_else(invalid)
}

fn store_of(h: HCERTSTORE) -> CertResult<Arc<Store>> {
    Store::lookup(h).ok_or_else(invalid)
}

fn check_encoding(encoding: u32) -> CertResult<()> {
    if encoding & X509_ASN_ENCODING == 0 {
        Err(Win32Error::of(E_INVALIDARG))
    } else {
        Ok(())
    }
}

/// PFXImportCertStore. `flags` (PKCS12_NO_PERSIST_KEY, PKCS12_ALWAYS_CNG_KSP, CRYPT_EXPORTABLE, ...)
/// change nothing: keys are never persisted anywhere, they live in the contexts.
pub fn pfx_import(data: &[u8], password: &str, _flags: u32) -> CertResult<HCERTSTORE> {
    import::import_pfx(data, password).map(|s| s.handle())
}

/// `CertOpenStore`'s provider: a predefined id (`CERT_STORE_PROV_*` cast to a pointer) or a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreProvider {
    /// An integer provider id such as `CERT_STORE_PROV_MEMORY` (2).
    Id(usize),
    /// A provider name such as `"Memory"` (`sz_CERT_STORE_PROV_MEMORY`).
    Name(String),
}

/// What a `CertOpenStore` provider opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderKind {
    /// `CERT_STORE_PROV_MEMORY`, "Memory".
    Memory,
    /// `CERT_STORE_PROV_SYSTEM_A`: `pvPara` is a narrow store name.
    SystemA,
    /// `CERT_STORE_PROV_SYSTEM_W`, "System": `pvPara` is a UTF-16 store name.
    SystemW,
    /// `CERT_STORE_PROV_COLLECTION`, "Collection".
    Collection,
    /// Anything else.
    Unsupported,
}

impl StoreProvider {
    /// Which provider this is.
    pub fn kind(&self) -> ProviderKind {
        match self {
            StoreProvider::Id(CERT_STORE_PROV_MEMORY) => ProviderKind::Memory,
            StoreProvider::Id(CERT_STORE_PROV_SYSTEM_A) => ProviderKind::SystemA,
            StoreProvider::Id(CERT_STORE_PROV_SYSTEM_W) => ProviderKind::SystemW,
            StoreProvider::Id(CERT_STORE_PROV_COLLECTION) => ProviderKind::Collection,
            StoreProvider::Id(_) => ProviderKind::Unsupported,
            StoreProvider::Name(n) if n.eq_ignore_ascii_case(sz_CERT_STORE_PROV_MEMORY) => {
                ProviderKind::Memory
            }
            StoreProvider::Name(n) if n.eq_ignore_ascii_case(sz_CERT_STORE_PROV_SYSTEM) => {
                ProviderKind::SystemW
            }
            StoreProvider::Name(n) if n.eq_ignore_ascii_case(sz_CERT_STORE_PROV_COLLECTION) => {
                ProviderKind::Collection
            }
            StoreProvider::Name(_) => ProviderKind::Unsupported,
        }
    }
}

/// CertOpenStore: memory and collection stores (empty, one handle), and system stores (see
/// `system::open`; `system_name` is `pvPara` read as the provider says, None if it was NULL).
/// Every other provider is `ERROR_CALL_NOT_IMPLEMENTED`.
pub fn open_store(
    provider: &StoreProvider,
    _encoding: u32,
    flags: u32,
    system_name: Option<&str>,
) -> CertResult<HCERTSTORE> {
    match provider.kind() {
        ProviderKind::Memory => Ok(Store::new_memory(1).handle()),
        ProviderKind::Collection => Ok(Store::new(StoreKind::Collection, 1).handle()),
        ProviderKind::SystemA | ProviderKind::SystemW => {
            let name = system_name.ok_or_else(|| Win32Error::of(E_INVALIDARG))?;
            system::open(name, flags).map(|s| s.handle())
        }
        ProviderKind::Unsupported => Err(Win32Error::of(ERROR_CALL_NOT_IMPLEMENTED)),
    }
}

/// CertOpenSystemStoreA/W: the current user's system store `name` (`hProv` is ignored).
pub fn open_system_store(name: Option<&str>) -> CertResult<HCERTSTORE> {
    let name = name.ok_or_else(|| Win32Error::of(E_INVALIDARG))?;
    system::open(name, CERT_SYSTEM_STORE_CURRENT_USER).map(|s| s.handle())
}

/// CertAddStoreToCollection: `E_INVALIDARG` unless `collection` is a collection store and `sibling`
/// a live store that does not contain the collection; unknown handles are
/// `ERROR_INVALID_PARAMETER`.
pub fn add_store_to_collection(
    collection: HCERTSTORE,
    sibling: HCERTSTORE,
    flags: u32,
    priority: u32,
) -> CertResult<()> {
    let c = store_of(collection)?;
    let s = store_of(sibling)?;
    c.add_sibling(&s, flags, priority)
}

/// CertRemoveStoreFromCollection (nothing happens for handles that are not a collection and one of
/// its siblings).
pub fn remove_store_from_collection(collection: HCERTSTORE, sibling: HCERTSTORE) {
    if let (Ok(c), Ok(s)) = (store_of(collection), store_of(sibling)) {
        c.remove_sibling(&s);
    }
}

/// CertCloseStore. NULL is accepted. `CERT_CLOSE_STORE_FORCE_FLAG` is treated as a normal close:
/// contexts still referenced stay valid (Windows would free them under the caller's feet).
pub fn close_store(h: HCERTSTORE, flags: u32) -> CertResult<()> {
    if h.is_null() {
        return Ok(());
    }
    store_of(h)?.close(flags & CERT_CLOSE_STORE_CHECK_FLAG != 0)
}

/// CertDuplicateStore: the same handle, one more open reference.
pub fn duplicate_store(h: HCERTSTORE) -> CertResult<HCERTSTORE> {
    let s = store_of(h)?;
    s.duplicate_handle()?;
    Ok(s.handle())
}

/// The parameter of a `CertFindCertificateInStore` call, as read from `pvFindPara`.
#[derive(Debug, Clone)]
pub enum FindPara {
    /// No parameter (CERT_FIND_ANY, CERT_FIND_HAS_PRIVATE_KEY) or one that was not read.
    None,
    /// A blob: the hash (CERT_FIND_HASH) or an encoded name (CERT_FIND_SUBJECT_NAME/ISSUER_NAME).
    Blob(Vec<u8>),
    /// A string (CERT_FIND_SUBJECT_STR_A/W, CERT_FIND_ISSUER_STR_A/W).
    Text(String),
    /// A context (CERT_FIND_EXISTING).
    Context(PCCERT_CONTEXT),
}

fn criterion(find_type: u32, para: FindPara) -> CertResult<FindCriterion> {
    Ok(match (find_type, para) {
        (CERT_FIND_ANY, _) => FindCriterion::Any,
        (CERT_FIND_HAS_PRIVATE_KEY, _) => FindCriterion::HasPrivateKey,
        (CERT_FIND_SHA1_HASH, FindPara::Blob(b)) => FindCriterion::Sha1(b),
        (CERT_FIND_SUBJECT_NAME, FindPara::Blob(b)) => FindCriterion::SubjectName(b),
        (CERT_FIND_ISSUER_NAME, FindPara::Blob(b)) => FindCriterion::IssuerName(b),
        (CERT_FIND_SUBJECT_STR_A | CERT_FIND_SUBJECT_STR_W, FindPara::Text(s)) => {
            FindCriterion::SubjectStr(s)
        }
        (CERT_FIND_ISSUER_STR_A | CERT_FIND_ISSUER_STR_W, FindPara::Text(s)) => {
            FindCriterion::IssuerStr(s)
        }
        (CERT_FIND_ISSUER_OF, FindPara::Context(c)) => issuer_of(&*cert(c)?),
        (CERT_FIND_EXISTING, FindPara::Context(c)) => {
            let c = cert(c)?;
            FindCriterion::Existing {
                issuer: c.issuer_der().to_vec(),
                serial: c.serial_der().to_vec(),
            }
        }
        (
            CERT_FIND_SHA1_HASH
            | CERT_FIND_SUBJECT_NAME
            | CERT_FIND_ISSUER_NAME
            | CERT_FIND_SUBJECT_STR_A
            | CERT_FIND_SUBJECT_STR_W
            | CERT_FIND_ISSUER_STR_A
            | CERT_FIND_ISSUER_STR_W
            | CERT_FIND_ISSUER_OF
            | CERT_FIND_EXISTING,
            _,
        ) => return Err(Win32Error::of(E_INVALIDARG)),
        _ => return Err(Win32Error::of(E_NOTIMPL)),
    })
}

/// What an issuer of `subject` looks like (CERT_FIND_ISSUER_OF).
fn issuer_of(subject: &CertObject) -> FindCriterion {
    FindCriterion::IssuerOf {
        issuer: subject.issuer_der().to_vec(),
        key_id: subject
            .parsed()
            .and_then(|p| x509::authority_key_id(&p))
            .and_then(|a| a.key_id),
    }
}

/// Releases the caller's previous context, as Windows does whatever the outcome.
fn release_prev(prev: PCCERT_CONTEXT) {
    if let Some(p) = CertObject::lookup(prev) {
        let _ = store::release(&p);
    }
}

/// CertFindCertificateInStore. The next matching certificate after `prev`, with a new reference;
/// `prev` (if any) is released. `CRYPT_E_NOT_FOUND` at the end.
pub fn find_certificate(
    h: HCERTSTORE,
    find_type: u32,
    para: FindPara,
    prev: PCCERT_CONTEXT,
) -> CertResult<PCCERT_CONTEXT> {
    let (s, crit) = match (store_of(h), criterion(find_type, para)) {
        (Ok(s), Ok(c)) => (s, c),
        (Err(e), _) | (_, Err(e)) => {
            release_prev(prev);
            return Err(e);
        }
    };
    let prev = if prev.is_null() {
        None
    } else {
        Some(CertObject::lookup(prev).ok_or_else(invalid)?)
    };
    s.find(&crit, prev.as_ref()).map(|c| c.context_ptr())
}

/// CertEnumCertificatesInStore: [`find_certificate`] with CERT_FIND_ANY.
pub fn enum_certificates(h: HCERTSTORE, prev: PCCERT_CONTEXT) -> CertResult<PCCERT_CONTEXT> {
    find_certificate(h, CERT_FIND_ANY, FindPara::None, prev)
}

fn out_ptr(c: Option<Arc<CertObject>>) -> PCCERT_CONTEXT {
    c.map_or(std::ptr::null(), |c| c.context_ptr())
}

/// CertAddEncodedCertificateToStore. With a NULL store the certificate gets a store of its own
/// (it must then be returned, or it would be unreachable). Returns the stored context with a new
/// reference when `want_ref`, NULL otherwise.
pub fn add_encoded(
    h: HCERTSTORE,
    encoding: u32,
    der: &[u8],
    disposition: u32,
    want_ref: bool,
) -> CertResult<PCCERT_CONTEXT> {
    check_encoding(encoding)?;
    if h.is_null() {
        return if want_ref {
            create_context(encoding, der)
        } else {
            Err(invalid())
        };
    }
    store_of(h)?
        .add_encoded(der, encoding, disposition, None, want_ref)
        .map(out_ptr)
}

/// CertAddCertificateContextToStore: a copy of the context (with its private key) in the store.
pub fn add_context(
    h: HCERTSTORE,
    ctx: PCCERT_CONTEXT,
    disposition: u32,
    want_ref: bool,
) -> CertResult<PCCERT_CONTEXT> {
    let c = cert(ctx)?;
    if h.is_null() {
        if !want_ref {
            return Err(invalid());
        }
        return store::standalone(&[c.der()], c.encoding(), c.key()).map(|c| c.context_ptr());
    }
    store_of(h)?
        .add_encoded(c.der(), c.encoding(), disposition, c.key(), want_ref)
        .map(out_ptr)
}

/// CertCreateCertificateContext: a context with one reference, in a memory store of its own.
pub fn create_context(encoding: u32, der: &[u8]) -> CertResult<PCCERT_CONTEXT> {
    check_encoding(encoding)?;
    store::standalone(&[der], encoding, None).map(|c| c.context_ptr())
}

/// CertDuplicateCertificateContext: the same pointer, one more reference (NULL gives NULL).
pub fn duplicate_context(ctx: PCCERT_CONTEXT) -> CertResult<PCCERT_CONTEXT> {
    if ctx.is_null() {
        return Ok(ctx);
    }
    let c = cert(ctx)?;
    store::duplicate(&c)?;
    Ok(c.context_ptr())
}

/// CertFreeCertificateContext: one reference fewer (NULL is fine). A pointer that is not a live
/// context of ours, or one freed more often than referenced, is `ERROR_INVALID_PARAMETER`.
pub fn free_context(ctx: PCCERT_CONTEXT) -> CertResult<()> {
    if ctx.is_null() {
        return Ok(());
    }
    store::release(&cert(ctx)?)
}

/// What CertGetNameStringA/W hand back: the units to copy into the caller's buffer (none for a
/// size query), the return value, and the last error to set, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameOutput<T> {
    /// Copied to the caller's buffer; never longer than its `cchNameString`.
    pub units: Vec<T>,
    /// Characters including the terminator(s): the size needed for a size query, else the number
    /// written.
    pub ret: u32,
    /// Set as the last error (the call still "succeeds" with an empty string, as on Windows).
    pub error: Option<Win32Error>,
}

fn name_output<T: Unit>(
    ctx: PCCERT_CONTEXT,
    req: &NameRequest,
    buffer_units: Option<usize>,
    encode: fn(&NameValue) -> Vec<T>,
) -> NameOutput<T> {
    let (content, multi, error) = match cert(ctx) {
        Ok(c) => {
            let v = match c.parsed() {
                Some(p) => name::name_string(&p, req),
                None => name::no_name(req),
            };
            (encode(&v), v.multi, None)
        }
        Err(e) => (vec![T::default()], false, Some(e)),
    };
    let len32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    match buffer_units {
        None | Some(0) => NameOutput {
            ret: len32(content.len()),
            units: Vec::new(),
            error,
        },
        Some(cch) => {
            let units = name::fit(&content, cch, multi);
            NameOutput {
                ret: len32(units.len()),
                units,
                error,
            }
        }
    }
}

/// CertGetNameStringW: the UTF-16 result for a buffer of `buffer_units` (None: no buffer).
pub fn name_string_w(
    ctx: PCCERT_CONTEXT,
    req: &NameRequest,
    buffer_units: Option<usize>,
) -> NameOutput<u16> {
    name_output(ctx, req, buffer_units, name::encode_wide)
}

/// CertGetNameStringA: the UTF-8 result for a buffer of `buffer_units` bytes (None: no buffer).
pub fn name_string_a(
    ctx: PCCERT_CONTEXT,
    req: &NameRequest,
    buffer_units: Option<usize>,
) -> NameOutput<u8> {
    name_output(ctx, req, buffer_units, name::encode_narrow)
}

/// The bytes of a `CRYPT_KEY_PROV_INFO` describing the context's key, laid out for a caller buffer
/// at address `base`: the struct (at the SDK's offsets), then the two UTF-16 strings its pointers
/// point to, inside that same buffer, as Windows returns it.
fn key_prov_info(c: &CertObject, base: usize) -> Vec<u8> {
    use std::mem::{offset_of, size_of};
    let container: Vec<u16> = format!("SchShim-{}", hex(c.sha1()))
        .encode_utf16()
        .chain(Some(0))
        .collect();
    let provider: Vec<u16> = KEY_STORAGE_PROVIDER.encode_utf16().chain(Some(0)).collect();
    let struct_len = size_of::<CRYPT_KEY_PROV_INFO>();
    let container_at = base.wrapping_add(struct_len);
    let provider_at = container_at.wrapping_add(container.len() * 2);
    let rsa = c.parsed().is_some_and(|x| {
        x.tbs_certificate
            .subject_pki
            .algorithm
            .algorithm
            .to_id_string()
            == szOID_RSA_RSA
    });
    let key_spec: DWORD = if rsa { AT_KEYEXCHANGE } else { AT_SIGNATURE };
    // dwProvType 0 (a CNG key storage provider), dwFlags 0, cProvParam 0, rgProvParam NULL.
    let mut out = vec![0u8; struct_len];
    let mut put = |offset: usize, bytes: &[u8]| {
        out[offset..offset + bytes.len()].copy_from_slice(bytes);
    };
    put(
        offset_of!(CRYPT_KEY_PROV_INFO, pwszContainerName),
        &container_at.to_ne_bytes(),
    );
    put(
        offset_of!(CRYPT_KEY_PROV_INFO, pwszProvName),
        &provider_at.to_ne_bytes(),
    );
    put(
        offset_of!(CRYPT_KEY_PROV_INFO, dwKeySpec),
        &key_spec.to_ne_bytes(),
    );
    for u in container.iter().chain(provider.iter()) {
        out.extend_from_slice(&u.to_ne_bytes());
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// CertGetCertificateContextProperty's value. `base` is the caller's buffer address (0 for a size
/// query); only CERT_KEY_PROV_INFO_PROP_ID depends on it. Supported: CERT_SHA1_HASH_PROP_ID (=
/// CERT_HASH_PROP_ID), CERT_SHA256_HASH_PROP_ID, CERT_KEY_IDENTIFIER_PROP_ID,
/// CERT_KEY_PROV_INFO_PROP_ID (present only when the context carries a private key) and
/// CERT_OCSP_RESPONSE_PROP_ID (only on a server certificate context whose server stapled a
/// response); anything else is `CRYPT_E_NOT_FOUND`.
pub fn context_property(ctx: PCCERT_CONTEXT, prop_id: u32, base: usize) -> CertResult<Vec<u8>> {
    let c = cert(ctx)?;
    let not_found = || Win32Error::of(CRYPT_E_NOT_FOUND);
    match prop_id {
        CERT_SHA1_HASH_PROP_ID => Ok(c.sha1().to_vec()),
        CERT_SHA256_HASH_PROP_ID => Ok(ring::digest::digest(&ring::digest::SHA256, c.der())
            .as_ref()
            .to_vec()),
        CERT_KEY_IDENTIFIER_PROP_ID => {
            // Without the extension Windows uses the SHA-1 of the public key bits, as
            // `subject_key_id` does.
            let parsed = c.parsed().ok_or_else(not_found)?;
            Ok(x509::subject_key_id(&parsed))
        }
        CERT_KEY_PROV_INFO_PROP_ID if c.has_key() => Ok(key_prov_info(&c, base)),
        CERT_OCSP_RESPONSE_PROP_ID => c.ocsp_response().ok_or_else(not_found),
        _ => Err(not_found()),
    }
}

/// CertSetCertificateContextProperty. Supported: CERT_OCSP_RESPONSE_PROP_ID (`value` the DER
/// OCSPResponse; None removes it), which a server credential acquired afterwards staples.
/// Anything else is `E_NOTIMPL`.
pub fn set_context_property(
    ctx: PCCERT_CONTEXT,
    prop_id: u32,
    value: Option<&[u8]>,
) -> CertResult<()> {
    let c = cert(ctx)?;
    match prop_id {
        CERT_OCSP_RESPONSE_PROP_ID => {
            c.set_ocsp_response(value.map(<[u8]>::to_vec));
            Ok(())
        }
        _ => Err(Win32Error::of(E_NOTIMPL)),
    }
}

/// SchShimCertFromPem.
pub fn cert_from_pem(chain_pem: &[u8], key_pem: Option<&[u8]>) -> CertResult<PCCERT_CONTEXT> {
    import::from_pem(chain_pem, key_pem).map(|c| c.context_ptr())
}

/// SchShimCertFromPemFiles.
pub fn cert_from_pem_files(chain: &Path, key: Option<&Path>) -> CertResult<PCCERT_CONTEXT> {
    import::from_pem_files(chain, key).map(|c| c.context_ptr())
}

/// CertNameToStrA/W's result: the units to copy and the return value (same size protocol as
/// CertGetNameString: the size including the NUL for a size query, else the number written,
/// truncated output always NUL-terminated).
fn name_to_str_output<T: Unit>(
    name_der: Option<&[u8]>,
    str_type: u32,
    buffer_units: Option<usize>,
    encode: fn(&str) -> Vec<T>,
) -> NameOutput<T> {
    use x509_parser::prelude::FromDer;
    let text = name_der
        .and_then(|d| x509_parser::x509::X509Name::from_der(d).ok())
        .map(|(_, n)| name::name_to_str(&n, str_type))
        .unwrap_or_default();
    let mut content = encode(&text);
    content.push(T::default());
    let len32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    match buffer_units {
        None | Some(0) => NameOutput {
            ret: len32(content.len()),
            units: Vec::new(),
            error: None,
        },
        Some(cch) => {
            let units = name::fit(&content, cch, false);
            NameOutput {
                ret: len32(units.len()),
                units,
                error: None,
            }
        }
    }
}

/// CertNameToStrW: `name_der` is the `CERT_NAME_BLOB`'s bytes (None for a NULL blob or one that
/// does not decode: an empty string).
pub fn name_to_str_w(
    name_der: Option<&[u8]>,
    str_type: u32,
    buffer_units: Option<usize>,
) -> NameOutput<u16> {
    name_to_str_output(name_der, str_type, buffer_units, |s| {
        s.encode_utf16().collect()
    })
}

/// CertNameToStrA (UTF-8).
pub fn name_to_str_a(
    name_der: Option<&[u8]>,
    str_type: u32,
    buffer_units: Option<usize>,
) -> NameOutput<u8> {
    name_to_str_output(name_der, str_type, buffer_units, |s| s.as_bytes().to_vec())
}

/// CertVerifyTimeValidity: -1 if `time` (FILETIME ticks; None = now) is before `not_before`, 1 if
/// after `not_after`, 0 inside the validity period (both ends included).
pub fn verify_time_validity(time: Option<u64>, not_before: u64, not_after: u64) -> i32 {
    let t = time.unwrap_or_else(context::now_ticks);
    if t < not_before {
        -1
    } else if t > not_after {
        1
    } else {
        0
    }
}

/// CryptStringToBinaryA/W.
pub fn string_to_binary(
    text: &[u16],
    wide: bool,
    flags: u32,
    buffer: Option<u32>,
) -> strings::Outcome {
    strings::string_to_binary(text, wide, flags, buffer)
}

/// What `CryptQueryObject` found: a certificate, as a context with one caller reference, and the
/// memory store holding it (with one open handle when the caller asked for it).
pub struct QueryResult {
    /// `CERT_QUERY_FORMAT_BINARY` or `CERT_QUERY_FORMAT_BASE64_ENCODED`.
    pub format: u32,
    /// The certificate context (NULL when the caller did not want it).
    pub context: PCCERT_CONTEXT,
    /// The store (NULL when the caller did not want it).
    pub store: HCERTSTORE,
}

/// CryptQueryObject for certificates: `data` is the blob's (or file's) bytes. DER is recognised
/// under `CERT_QUERY_FORMAT_FLAG_BINARY`, PEM (the first `-----BEGIN ...-----` block) or bare
/// base64 under `CERT_QUERY_FORMAT_FLAG_BASE64_ENCODED`, each only when
/// `CERT_QUERY_CONTENT_FLAG_CERT` is expected; anything else is `CRYPT_E_NO_MATCH`.
pub fn query_object(
    data: &[u8],
    content_flags: u32,
    format_flags: u32,
    want_context: bool,
    want_store: bool,
) -> CertResult<QueryResult> {
    use x509_parser::prelude::FromDer;
    let no_match = || Win32Error::of(CRYPT_E_NO_MATCH);
    if content_flags & CERT_QUERY_CONTENT_FLAG_CERT == 0 {
        return Err(no_match());
    }
    let is_cert = |d: &[u8]| x509_parser::certificate::X509Certificate::from_der(d).is_ok();
    let (der, format) = if format_flags & CERT_QUERY_FORMAT_FLAG_BINARY != 0 && is_cert(data) {
        (data.to_vec(), CERT_QUERY_FORMAT_BINARY)
    } else if format_flags & CERT_QUERY_FORMAT_FLAG_BASE64_ENCODED != 0 {
        // A blob that includes the C string's terminator decodes too.
        let text = data.strip_suffix(&[0]).unwrap_or(data);
        match strings::pem_or_base64(text).filter(|d| is_cert(d)) {
            Some(d) => (d, CERT_QUERY_FORMAT_BASE64_ENCODED),
            None => return Err(no_match()),
        }
    } else {
        return Err(no_match());
    };
    let s = Store::new_memory(1);
    let added = s.add_encoded(
        &der,
        X509_ASN_ENCODING,
        CERT_STORE_ADD_ALWAYS,
        None,
        want_context,
    );
    let ctx = match added {
        Ok(c) => c,
        Err(e) => {
            let _ = s.close(false);
            return Err(e);
        }
    };
    let store = if want_store {
        s.handle()
    } else {
        let _ = s.close(false);
        std::ptr::null_mut()
    };
    Ok(QueryResult {
        format,
        context: out_ptr(ctx),
        store,
    })
}

/// CertCreateCertificateChainEngine (see `chain::Engine::create`).
pub fn create_chain_engine(cfg: &chain::EngineConfig) -> CertResult<HCERTCHAINENGINE> {
    chain::Engine::create(cfg).map(|e| (Arc::as_ptr(&e) as *mut chain::Engine).cast())
}

/// CertFreeCertificateChainEngine: NULL and the predefined `HCCE_*` values are accepted and do
/// nothing; a handle that is not a live engine is `E_INVALIDARG`.
pub fn free_chain_engine(h: HCERTCHAINENGINE) -> CertResult<()> {
    if (h as usize) <= HCCE_SERIAL_LOCAL_MACHINE {
        return Ok(());
    }
    let e = chain::Engine::lookup(h).ok_or_else(|| Win32Error::of(E_INVALIDARG))?;
    chain::free_engine(&e);
    Ok(())
}

/// CertGetCertificateChain's inputs, as read from C.
pub struct ChainArgs {
    /// `hChainEngine`.
    pub engine: HCERTCHAINENGINE,
    /// `pCertContext`.
    pub cert: PCCERT_CONTEXT,
    /// `*pTime` as FILETIME ticks (None: now).
    pub time: Option<u64>,
    /// `hAdditionalStore`.
    pub additional: HCERTSTORE,
    /// `pChainPara->RequestedUsage`.
    pub usage: chain::Usage,
    /// `dwFlags`.
    pub flags: u32,
}

/// CertGetCertificateChain: a new chain context (one reference, freed with
/// CertFreeCertificateChain). `hChainEngine` NULL or `HCCE_*` is the default engine over the system
/// ROOT and CA stores, read for this call; otherwise an engine from CertCreateCertificateChainEngine.
/// Unknown engine, context or store handles are `E_INVALIDARG`.
pub fn get_chain(args: &ChainArgs) -> CertResult<PCCERT_CHAIN_CONTEXT> {
    let bad = || Win32Error::of(E_INVALIDARG);
    let leaf = CertObject::lookup(args.cert).ok_or_else(bad)?;
    let additional = if args.additional.is_null() {
        None
    } else {
        Some(
            Store::lookup(args.additional)
                .filter(|s| s.is_live())
                .ok_or_else(bad)?,
        )
    };
    let req = chain::ChainRequest {
        time: args.time.unwrap_or_else(context::now_ticks),
        additional,
        usage: args.usage.clone(),
        flags: args.flags,
    };
    let (engine, temporary) = if (args.engine as usize) <= HCCE_SERIAL_LOCAL_MACHINE {
        (chain::Engine::system_default(), true)
    } else {
        let e = chain::Engine::lookup(args.engine).ok_or_else(bad)?;
        (e, false)
    };
    let built = chain::build(&engine, &leaf, &req);
    let published = chain::ChainObject::publish(built);
    if temporary {
        chain::free_engine(&engine);
    }
    published.map(|c| c.context_ptr())
}

fn chain_of(p: PCCERT_CHAIN_CONTEXT) -> CertResult<Arc<chain::ChainObject>> {
    chain::ChainObject::lookup(p).ok_or_else(|| Win32Error::of(E_INVALIDARG))
}

/// CertFreeCertificateChain (NULL is fine).
pub fn free_chain(p: PCCERT_CHAIN_CONTEXT) -> CertResult<()> {
    if p.is_null() {
        return Ok(());
    }
    chain_of(p)?.free()
}

/// CertDuplicateCertificateChain: the same pointer, one more reference (NULL gives NULL).
pub fn duplicate_chain(p: PCCERT_CHAIN_CONTEXT) -> CertResult<PCCERT_CHAIN_CONTEXT> {
    if p.is_null() {
        return Ok(p);
    }
    chain_of(p)?.duplicate()?;
    Ok(p)
}

/// CertVerifyCertificateChainPolicy for a policy given by its integer id (see `policy`).
pub fn verify_chain_policy(
    policy_id: usize,
    chain_ptr: PCCERT_CHAIN_CONTEXT,
    para: &policy::PolicyPara,
) -> CertResult<policy::PolicyStatus> {
    let p = policy::Policy::from_id(policy_id)?;
    let c = chain_of(chain_ptr)?;
    Ok(policy::verify(p, &c, para))
}

/// CertGetIssuerCertificateFromStore's result: the issuer (NULL when none) and the new
/// `*pdwFlags`.
#[derive(Debug)]
pub struct IssuerResult {
    /// The issuer with a new reference, or the error (`CRYPT_E_NOT_FOUND`).
    pub issuer: CertResult<PCCERT_CONTEXT>,
    /// `*pdwFlags` after the call: each requested check that passed is cleared.
    pub flags: u32,
}

/// CertGetIssuerCertificateFromStore. `prev` is always released. Errors that leave `*pdwFlags`
/// alone: `E_INVALIDARG` (flags other than `CERT_STORE_SIGNATURE_FLAG`,
/// `CERT_STORE_TIME_VALIDITY_FLAG`, `CERT_STORE_REVOCATION_FLAG`, or `prev` from another store),
/// `ERROR_INVALID_PARAMETER` (unknown handles), `CRYPT_E_SELF_SIGNED` (the subject is its own
/// issuer). Otherwise the next issuer (subject Name = the subject's issuer Name, or the key
/// identifier its authority key identifier names) after `prev`, and the checks: the signature
/// flag is cleared when the subject's signature verifies with the issuer's key, the time flag
/// when the subject is valid now, the revocation flag when a current CRL of the issuer in the
/// store does not list the subject (listed: it stays set; no such CRL: it stays set with
/// `CERT_STORE_NO_CRL_FLAG`). No issuer: `CRYPT_E_NOT_FOUND`, with `CERT_STORE_NO_ISSUER_FLAG` added
/// when the signature or revocation check was asked for.
pub fn issuer_from_store(
    h: HCERTSTORE,
    subject: PCCERT_CONTEXT,
    prev: PCCERT_CONTEXT,
    flags: u32,
) -> CertResult<IssuerResult> {
    let checks =
        CERT_STORE_SIGNATURE_FLAG | CERT_STORE_TIME_VALIDITY_FLAG | CERT_STORE_REVOCATION_FLAG;
    let resolved = (|| {
        let s = store_of(h)?;
        let subj = cert(subject)?;
        if flags & !checks != 0 {
            return Err(Win32Error::of(E_INVALIDARG));
        }
        let p = if prev.is_null() {
            None
        } else {
            let p = cert(prev)?;
            let same = p.store().is_some_and(|ps| Arc::ptr_eq(&ps, &s));
            if !same {
                return Err(Win32Error::of(E_INVALIDARG));
            }
            Some(p)
        };
        Ok((s, subj, p))
    })();
    let (s, subj, p) = match resolved {
        Ok(r) => r,
        Err(e) => {
            release_prev(prev);
            return Err(e);
        }
    };
    if chain::self_signed(&subj) {
        if let Some(p) = &p {
            let _ = store::release(p);
        }
        return Err(Win32Error::of(CRYPT_E_SELF_SIGNED));
    }
    match s.find(&issuer_of(&subj), p.as_ref()) {
        Ok(issuer) => {
            let mut out = flags;
            if flags & CERT_STORE_SIGNATURE_FLAG != 0
                && issuer
                    .parsed()
                    .is_some_and(|p| x509::signed_by(subj.der(), &p))
            {
                out &= !CERT_STORE_SIGNATURE_FLAG;
            }
            let now = context::now_ticks();
            if flags & CERT_STORE_TIME_VALIDITY_FLAG != 0
                && subj.not_before() <= now
                && now <= subj.not_after()
            {
                out &= !CERT_STORE_TIME_VALIDITY_FLAG;
            }
            if flags & CERT_STORE_REVOCATION_FLAG != 0 {
                match crl::status(&subj, Some(&**issuer), &s.crls(), now) {
                    0 => out &= !CERT_STORE_REVOCATION_FLAG,
                    CERT_TRUST_IS_REVOKED => {}
                    _ => out |= CERT_STORE_NO_CRL_FLAG,
                }
            }
            Ok(IssuerResult {
                issuer: Ok(issuer.context_ptr()),
                flags: out,
            })
        }
        Err(e) => {
            let mut out = flags;
            if e == Win32Error::of(CRYPT_E_NOT_FOUND)
                && flags & (CERT_STORE_SIGNATURE_FLAG | CERT_STORE_REVOCATION_FLAG) != 0
            {
                out |= CERT_STORE_NO_ISSUER_FLAG;
            }
            Ok(IssuerResult {
                issuer: Err(e),
                flags: out,
            })
        }
    }
}

/// `CertFindChainInStore(CERT_CHAIN_FIND_BY_ISSUER)`'s inputs, as read from C.
pub struct FindChainArgs<'a> {
    /// `hCertStore`.
    pub store: HCERTSTORE,
    /// `dwFindFlags` (`CERT_CHAIN_FIND_BY_ISSUER_NO_KEY_FLAG` matters).
    pub flags: u32,
    /// `pszUsageIdentifier`.
    pub usage: Option<String>,
    /// `dwKeySpec` (0: any).
    pub key_spec: u32,
    /// `rgIssuer[0..cIssuer]`, DER Names; empty: any issuer.
    pub issuers: Vec<Vec<u8>>,
    /// `pfnFindCallback` with its `pvFindArg`, wrapped by the export.
    pub filter: Option<&'a mut dyn FnMut(PCCERT_CONTEXT) -> bool>,
}

/// What CertFindChainInStore found.
pub struct FoundChain {
    /// The new chain context (one reference).
    pub chain: PCCERT_CHAIN_CONTEXT,
    /// (`*pdwIssuerChainIndex`, `*pdwIssuerElementIndex`) when issuers were given.
    pub issuer_index: Option<(u32, u32)>,
}

/// The key spec Windows records for a certificate's key: `AT_KEYEXCHANGE` for RSA, else
/// `AT_SIGNATURE` (as CERT_KEY_PROV_INFO_PROP_ID reports it).
fn key_spec_of(c: &CertObject) -> u32 {
    let rsa = c.parsed().is_some_and(|x| {
        x.tbs_certificate
            .subject_pki
            .algorithm
            .algorithm
            .to_id_string()
            == szOID_RSA_RSA
    });
    if rsa {
        AT_KEYEXCHANGE
    } else {
        AT_SIGNATURE
    }
}

/// CertFindChainInStore with CERT_CHAIN_FIND_BY_ISSUER. Walks the store's certificates after
/// the leaf of `prev` (which is released whatever happens) and returns the chain of the first
/// one that has a private key (unless `CERT_CHAIN_FIND_BY_ISSUER_NO_KEY_FLAG`), the requested
/// key spec and usage, passes the caller's filter, and whose chain (built by the default engine
/// with the store as additional store) has an element whose issuer Name is one of `issuers`
/// (the issuer element's index is that element's plus one, as Windows reports it). No such
/// certificate: `CRYPT_E_NOT_FOUND`; unknown store or chain: `E_INVALIDARG`.
pub fn find_chain(
    args: &mut FindChainArgs<'_>,
    prev: PCCERT_CHAIN_CONTEXT,
) -> CertResult<FoundChain> {
    let bad = || Win32Error::of(E_INVALIDARG);
    let prev_leaf = if prev.is_null() {
        Ok(None)
    } else {
        chain_of(prev).map(|c| {
            let leaf = c.elements().next().map(|(l, _)| Arc::clone(l));
            let _ = c.free();
            leaf
        })
    };
    let s = Store::lookup(args.store)
        .filter(|s| s.is_live())
        .ok_or_else(bad)?;
    let prev_leaf = prev_leaf?;
    let certs = s.certificates();
    let start = match &prev_leaf {
        None => 0,
        Some(p) => certs
            .iter()
            .position(|c| Arc::ptr_eq(c, p) || c.sha1() == p.sha1())
            .map_or(certs.len(), |i| i + 1),
    };
    let usage = chain::Usage {
        any: false,
        oids: args.usage.iter().cloned().collect(),
    };
    let req = chain::ChainRequest {
        time: context::now_ticks(),
        additional: Some(Arc::clone(&s)),
        usage,
        flags: 0,
    };
    let engine = chain::Engine::system_default();
    let mut result = Err(Win32Error::of(CRYPT_E_NOT_FOUND));
    for c in &certs[start..] {
        if args.flags & CERT_CHAIN_FIND_BY_ISSUER_NO_KEY_FLAG == 0 && !c.has_key() {
            continue;
        }
        if args.key_spec != 0 && key_spec_of(c) != args.key_spec {
            continue;
        }
        if args
            .usage
            .as_deref()
            .is_some_and(|u| !c.parsed().is_some_and(|p| x509::eku_allows(&p, u)))
        {
            continue;
        }
        if let Some(f) = args.filter.as_mut() {
            if !f(c.context_ptr()) {
                continue;
            }
        }
        let built = chain::build(&engine, c, &req);
        let issuer_index = if args.issuers.is_empty() {
            None
        } else {
            let at = built.elements.iter().position(|e| {
                args.issuers
                    .iter()
                    .any(|n| n.as_slice() == e.cert.issuer_der())
            });
            match at {
                Some(i) => Some((0, u32::try_from(i + 1).unwrap_or(u32::MAX))),
                None => continue,
            }
        };
        result = chain::ChainObject::publish(built).map(|ch| FoundChain {
            chain: ch.context_ptr(),
            issuer_index,
        });
        break;
    }
    chain::free_engine(&engine);
    result
}

fn crl_of(p: PCCRL_CONTEXT) -> CertResult<Arc<CrlObject>> {
    CrlObject::lookup(p).ok_or_else(invalid)
}

fn crl_out(c: Arc<CrlObject>, want_ref: bool) -> PCCRL_CONTEXT {
    if want_ref {
        c.add_ref();
        c.context_ptr()
    } else {
        std::ptr::null()
    }
}

/// CertAddEncodedCRLToStore: the CRL in the store per `disposition`, with a new caller reference
/// when `want_ref`. Errors: `E_INVALIDARG` (encoding type, disposition), `CRYPT_E_ASN1_BADTAG`
/// (not a CRL), `CRYPT_E_EXISTS`, `E_ACCESSDENIED` (read-only store), `ERROR_INVALID_PARAMETER`
/// (unknown store).
pub fn add_encoded_crl(
    h: HCERTSTORE,
    encoding: u32,
    der: &[u8],
    disposition: u32,
    want_ref: bool,
) -> CertResult<PCCRL_CONTEXT> {
    check_encoding(encoding)?;
    let c = store_of(h)?.add_crl(der, encoding, disposition)?;
    Ok(crl_out(c, want_ref))
}

/// CertAddCRLContextToStore: a copy of the CRL context in the store.
pub fn add_crl_context(
    h: HCERTSTORE,
    crl: PCCRL_CONTEXT,
    disposition: u32,
    want_ref: bool,
) -> CertResult<PCCRL_CONTEXT> {
    let c = crl_of(crl)?;
    let stored = store_of(h)?.add_crl(c.der(), X509_ASN_ENCODING, disposition)?;
    Ok(crl_out(stored, want_ref))
}

/// CertCreateCRLContext: a CRL context of its own (no store; `hCertStore` NULL), one reference.
pub fn create_crl_context(encoding: u32, der: &[u8]) -> CertResult<PCCRL_CONTEXT> {
    check_encoding(encoding)?;
    let c = Arc::new(CrlObject::new(der, encoding, std::ptr::null_mut())?);
    Ok(crl_out(c, true))
}

/// CertFreeCRLContext (NULL is fine); an unknown or over-freed pointer is
/// `ERROR_INVALID_PARAMETER`.
pub fn free_crl(p: PCCRL_CONTEXT) -> CertResult<()> {
    if p.is_null() {
        return Ok(());
    }
    crl_of(p)?.release()
}

/// CertDuplicateCRLContext: the same pointer, one more reference (NULL gives NULL).
pub fn duplicate_crl(p: PCCRL_CONTEXT) -> CertResult<PCCRL_CONTEXT> {
    if p.is_null() {
        return Ok(p);
    }
    let c = crl_of(p)?;
    c.add_ref();
    Ok(p)
}
