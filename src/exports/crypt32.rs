//! The crypt32 (and kernel32 last-error) C entry points. Each one is a thin shell: the panic
//! boundary and call trace (`ffi::export`), the checks and reads of the caller's pointers with the
//! `ffi` helpers, then one call into `crate::cert::api`. Those reads are all of the certificate
//! subset's `unsafe` code but the `Send`/`Sync` claims on the certificate and chain objects
//! (`cert::context`, `cert::chain`). Failures follow Windows: FALSE/NULL plus the thread's last
//! error, read with `GetLastError`. Handles and contexts are never dereferenced before the
//! live-object registry has vouched for them, so a stale or foreign pointer is an error, not a
//! crash.

// Parameters keep their SDK names so each signature reads like the Windows header.
#![allow(non_snake_case)]

use std::ffi::{c_char, c_void, OsStr};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use crate::abi::*;
use crate::cert::api::{self, ChainArgs, FindPara, ProviderKind, StoreProvider};
use crate::cert::chain::{EngineConfig, Usage};
use crate::cert::error::LastErrorCode;
use crate::cert::name::NameRequest;
use crate::cert::policy::{PolicyPara, SslPara};
use crate::cert::{set_last_error, Win32Error};
use crate::ffi::trace::Arg;
use crate::ffi::{boundary, caller_slice, export, Bool, Dword, Long, Null, Out, Text, Void};

/// Provider ids are small integers passed in the pointer; anything above this is a string.
const MAX_PROVIDER_ID: usize = 0xffff;

fn fail(e: Win32Error) {
    set_last_error(e.0);
}

fn invalid_parameter() -> Win32Error {
    Win32Error::of(ERROR_INVALID_PARAMETER)
}

fn to_bool(r: Result<(), Win32Error>) -> BOOL {
    match r {
        Ok(()) => TRUE,
        Err(e) => {
            fail(e);
            FALSE
        }
    }
}

fn to_ptr<T>(r: Result<*const T, Win32Error>) -> *const T {
    r.unwrap_or_else(|e| {
        fail(e);
        std::ptr::null()
    })
}

fn to_store(r: Result<HCERTSTORE, Win32Error>) -> HCERTSTORE {
    r.unwrap_or_else(|e| {
        fail(e);
        std::ptr::null_mut()
    })
}

/// # Safety
/// `p` must be NULL or point to a readable `CRYPTOAPI_BLOB` whose `pbData` holds `cbData` bytes.
unsafe fn blob(p: *const c_void) -> Option<Vec<u8>> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-NULL; the caller passes a CRYPT_*_BLOB as this find type requires. Read unaligned
    // in case the caller's struct is packed.
    let b = unsafe { std::ptr::read_unaligned(p.cast::<CRYPT_HASH_BLOB>()) };
    // SAFETY: the blob describes `cbData` readable bytes at `pbData`.
    unsafe { caller_slice(b.pbData, b.cbData) }
        .ok()
        .map(<[u8]>::to_vec)
}

/// A caller's narrow string as its bytes (`Text::narrow_bytes`), for PEM documents, paths and
/// OIDs compared byte for byte.
///
/// # Safety
/// `p` must be NULL or point to a NUL-terminated string that stays valid for `'a`.
unsafe fn narrow_bytes<'a>(p: *const c_char) -> Option<&'a [u8]> {
    // SAFETY: forwarded contract.
    unsafe { Text::narrow(p) }.narrow_bytes()
}

/// A caller's name (store, provider, find string, password, OID) under `Text`'s rule: one that
/// breaks it is `ERROR_INVALID_PARAMETER` unless the export documents `code` for bad arguments.
fn text(t: Text<'_>, code: impl LastErrorCode) -> Result<Option<String>, Win32Error> {
    t.string().map_err(|_| Win32Error::of(code))
}

/// GetLastError: the calling thread's last error code.
///
/// Differs from Windows: only this library's functions (crypt32 subset) set it; it is not the
/// C library's `errno`. Not traced (`SCHSHIM_TRACE`): programs call it after every failure, and
/// a failing call's own trace line already shows the value.
///
/// # Safety
/// None: no arguments.
#[no_mangle]
pub unsafe extern "C" fn GetLastError() -> DWORD {
    boundary(0, crate::cert::last_error)
}

/// SetLastError: sets the calling thread's last error code (as on Windows). Not traced.
///
/// # Safety
/// None: the arguments are plain values.
#[no_mangle]
pub unsafe extern "C" fn SetLastError(dwErrCode: DWORD) {
    boundary((), || set_last_error(dwErrCode))
}

/// PFXImportCertStore: imports a PKCS#12 blob into a new memory store holding every certificate;
/// certificates whose private key is in the PFX carry it (so `CERT_FIND_HAS_PRIVATE_KEY` finds them
/// and Schannel can use them). `szPassword` is UTF-16; NULL means the empty password. Close the
/// store with `CertCloseStore`.
///
/// Reads what OpenSSL 3 writes (`openssl pkcs12 -export`: PBES2/AES-256-CBC, PBKDF2 and HMAC-SHA-256)
/// and its `-legacy` form (3DES/RC2-40, SHA-1 MAC). On failure returns NULL and sets the last error:
/// `ERROR_INVALID_PASSWORD` for a wrong password (a MAC or decryption failure), `CRYPT_E_BAD_ENCODE`
/// for data that is not a well-formed PFX, `NTE_BAD_ALGID` for an unsupported algorithm,
/// `ERROR_INVALID_PARAMETER` for a NULL blob or a password that is not UTF-16 (see the README's
/// rule for caller strings).
///
/// Differs from Windows: `dwFlags` (`PKCS12_NO_PERSIST_KEY`, `PKCS12_ALWAYS_CNG_KSP`,
/// `CRYPT_EXPORTABLE`, ...) are accepted and ignored: keys are never written to any key store, they
/// live only in the certificate contexts. NULL and empty passwords are not tried both ways.
///
/// # Safety
/// As Windows documents them: `pPFX` NULL or a readable blob whose `pbData` holds `cbData` bytes;
/// `szPassword` NULL or NUL-terminated UTF-16.
#[no_mangle]
pub unsafe extern "C" fn PFXImportCertStore(
    pPFX: *mut CRYPT_DATA_BLOB,
    szPassword: LPCWSTR,
    dwFlags: DWORD,
) -> HCERTSTORE {
    export(
        "PFXImportCertStore",
        Null,
        || {
            [
                Arg::ptr("pPFX", pPFX),
                Arg::ptr("szPassword", szPassword),
                Arg::flags("dwFlags", dwFlags),
            ]
        },
        || {
            if pPFX.is_null() {
                fail(invalid_parameter());
                return std::ptr::null_mut();
            }
            // SAFETY: non-NULL; the caller passes a readable CRYPT_DATA_BLOB.
            let pfx = unsafe { std::ptr::read_unaligned(pPFX) };
            // SAFETY: the blob describes `cbData` readable bytes.
            let Some(data) = unsafe { caller_slice(pfx.pbData, pfx.cbData) }.ok() else {
                fail(invalid_parameter());
                return std::ptr::null_mut();
            };
            // SAFETY: NULL or a NUL-terminated UTF-16 string.
            let password = match text(unsafe { Text::wide(szPassword) }, ERROR_INVALID_PARAMETER) {
                Ok(p) => p.unwrap_or_default(),
                Err(e) => return to_store(Err(e)),
            };
            to_store(api::pfx_import(data, &password, dwFlags))
        },
    )
}

/// CertOpenStore: opens a store. `lpszStoreProvider` is a `CERT_STORE_PROV_*` id cast to a pointer
/// (or a provider name string). Supported providers:
///
/// * `CERT_STORE_PROV_MEMORY` (2, "Memory"): an empty memory store.
/// * `CERT_STORE_PROV_COLLECTION` (11, "Collection"): an empty collection; add stores with
///   `CertAddStoreToCollection`.
/// * `CERT_STORE_PROV_SYSTEM_A` (9; `pvPara` a narrow string) and `CERT_STORE_PROV_SYSTEM_W`
///   (10, "System"; `pvPara` a UTF-16 string): the system store named `pvPara`, with a location in
///   `dwFlags` (`CERT_SYSTEM_STORE_CURRENT_USER`, `_LOCAL_MACHINE`, ...; none is `E_INVALIDARG`).
///   "ROOT" is the system trust store (read through rustls-native-certs each time it is opened, so
///   `SSL_CERT_FILE` / `SSL_CERT_DIR` apply); "CA" the certificates of that bundle that are not
///   self-issued; "MY" the certificates and private keys found in the directory named by the
///   environment variable `SCHSHIM_MY_STORE` (`*.p12`/`*.pfx` imported with the password in
///   `SCHSHIM_MY_STORE_PASSWORD`, empty when unset; `*.pem` files holding certificates and a PKCS#8,
///   SEC1 or PKCS#1 key); unset, the store is empty. Other names open empty stores
///   (`CERT_STORE_OPEN_EXISTING_FLAG` with a name that is not a standard Windows store: NULL with
///   `ERROR_FILE_NOT_FOUND`). `CERT_STORE_READONLY_FLAG` makes additions fail with `E_ACCESSDENIED`.
///
/// Differs from Windows: every location sees the same stores; certificates added to a system store
/// are not persisted; `CERT_STORE_DELETE_FLAG` and other providers return NULL with
/// `ERROR_CALL_NOT_IMPLEMENTED`. `dwEncodingType` and `hCryptProv` are ignored. A provider or
/// store name that is not UTF-8 (A) / UTF-16 (W), or longer than 32767 units, is NULL with
/// `E_INVALIDARG`.
///
/// # Safety
/// As Windows documents them: `lpszStoreProvider` is a `CERT_STORE_PROV_*` id or a NUL-terminated
/// provider name. `pvPara` is NULL or what the provider takes (a NUL-terminated store name for the
/// system providers).
#[no_mangle]
pub unsafe extern "C" fn CertOpenStore(
    lpszStoreProvider: LPCSTR,
    dwEncodingType: DWORD,
    hCryptProv: HCRYPTPROV_LEGACY,
    dwFlags: DWORD,
    pvPara: *const c_void,
) -> HCERTSTORE {
    export(
        "CertOpenStore",
        Null,
        || {
            [
                Arg::ptr("lpszStoreProvider", lpszStoreProvider),
                Arg::flags("dwEncodingType", dwEncodingType),
                Arg::value("hCryptProv", hCryptProv),
                Arg::flags("dwFlags", dwFlags),
                Arg::ptr("pvPara", pvPara),
            ]
        },
        || {
            let id = lpszStoreProvider as usize;
            let provider = if id <= MAX_PROVIDER_ID {
                StoreProvider::Id(id)
            } else {
                // SAFETY: not a small id, so per the API contract a NUL-terminated provider name.
                match text(unsafe { Text::narrow(lpszStoreProvider) }, E_INVALIDARG) {
                    Ok(name) => StoreProvider::Name(name.unwrap_or_default()),
                    Err(e) => return to_store(Err(e)),
                }
            };
            let system_name = match provider.kind() {
                // SAFETY: for this provider pvPara is NULL or a NUL-terminated string.
                ProviderKind::SystemA => text(unsafe { Text::narrow(pvPara.cast()) }, E_INVALIDARG),
                // SAFETY: for this provider pvPara is NULL or a NUL-terminated UTF-16 string.
                ProviderKind::SystemW => text(unsafe { Text::wide(pvPara.cast()) }, E_INVALIDARG),
                _ => Ok(None),
            };
            let system_name = match system_name {
                Ok(n) => n,
                Err(e) => return to_store(Err(e)),
            };
            to_store(api::open_store(
                &provider,
                dwEncodingType,
                dwFlags,
                system_name.as_deref(),
            ))
        },
    )
}

/// CertOpenSystemStoreA: `CertOpenStore(CERT_STORE_PROV_SYSTEM_A, 0, 0,
/// CERT_SYSTEM_STORE_CURRENT_USER, szSubsystemProtocol)`: "MY", "ROOT", "CA" as documented there.
/// `hProv` is ignored. A NULL or empty name is NULL with `E_INVALIDARG`, as is one that is not
/// UTF-8 (W: UTF-16) or longer than 32767 units.
///
/// Differs from Windows: the name is UTF-8.
///
/// # Safety
/// As Windows documents them: `szSubsystemProtocol` NULL or NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn CertOpenSystemStoreA(
    hProv: HCRYPTPROV_LEGACY,
    szSubsystemProtocol: LPCSTR,
) -> HCERTSTORE {
    export(
        "CertOpenSystemStoreA",
        Null,
        || {
            [
                Arg::value("hProv", hProv),
                Arg::ptr("szSubsystemProtocol", szSubsystemProtocol),
            ]
        },
        || {
            // SAFETY: NULL or a NUL-terminated string per the API contract.
            let name = text(unsafe { Text::narrow(szSubsystemProtocol) }, E_INVALIDARG);
            to_store(name.and_then(|n| api::open_system_store(n.as_deref())))
        },
    )
}

/// CertOpenSystemStoreW: as `CertOpenSystemStoreA`, with a UTF-16 name.
///
/// # Safety
/// As Windows documents them: `szSubsystemProtocol` NULL or NUL-terminated UTF-16.
#[no_mangle]
pub unsafe extern "C" fn CertOpenSystemStoreW(
    hProv: HCRYPTPROV_LEGACY,
    szSubsystemProtocol: LPCWSTR,
) -> HCERTSTORE {
    export(
        "CertOpenSystemStoreW",
        Null,
        || {
            [
                Arg::value("hProv", hProv),
                Arg::ptr("szSubsystemProtocol", szSubsystemProtocol),
            ]
        },
        || {
            // SAFETY: NULL or a NUL-terminated UTF-16 string per the API contract.
            let name = text(unsafe { Text::wide(szSubsystemProtocol) }, E_INVALIDARG);
            to_store(name.and_then(|n| api::open_system_store(n.as_deref())))
        },
    )
}

/// CertAddStoreToCollection: makes `hSiblingStore` part of the collection store `hCollectionStore`
/// (which keeps its own handle to it: the caller may close theirs). Enumeration and search walk the
/// siblings by descending `dwPriority` (equal priorities in the order added); additions to the
/// collection go to the first sibling added with `CERT_PHYSICAL_STORE_ADD_ENABLE_FLAG` in
/// `dwUpdateFlags` (none: `E_ACCESSDENIED`). Adding a sibling again updates its flags and priority.
/// Errors: `ERROR_INVALID_PARAMETER` for unknown handles, `E_INVALIDARG` when the first store is not
/// a collection or the sibling would make the collection contain itself.
///
/// Differs from Windows: a context found through a collection is the sibling's context (its
/// `hCertStore` is the sibling store), not a link context in the collection.
///
/// # Safety
/// `hCollectionStore`, `hSiblingStore` may be anything: they are looked up among the live objects
/// of this library before use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertAddStoreToCollection(
    hCollectionStore: HCERTSTORE,
    hSiblingStore: HCERTSTORE,
    dwUpdateFlags: DWORD,
    dwPriority: DWORD,
) -> BOOL {
    export(
        "CertAddStoreToCollection",
        Bool,
        || {
            [
                Arg::ptr("hCollectionStore", hCollectionStore),
                Arg::ptr("hSiblingStore", hSiblingStore),
                Arg::flags("dwUpdateFlags", dwUpdateFlags),
                Arg::flags("dwPriority", dwPriority),
            ]
        },
        || {
            to_bool(api::add_store_to_collection(
                hCollectionStore,
                hSiblingStore,
                dwUpdateFlags,
                dwPriority,
            ))
        },
    )
}

/// CertRemoveStoreFromCollection: the collection gives up its handle to `hSiblingStore`; unknown
/// handles are ignored.
///
/// # Safety
/// `hCollectionStore`, `hSiblingStore` may be anything: they are looked up among the live objects
/// of this library before use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertRemoveStoreFromCollection(
    hCollectionStore: HCERTSTORE,
    hSiblingStore: HCERTSTORE,
) {
    export(
        "CertRemoveStoreFromCollection",
        Void,
        || {
            [
                Arg::ptr("hCollectionStore", hCollectionStore),
                Arg::ptr("hSiblingStore", hSiblingStore),
            ]
        },
        || api::remove_store_from_collection(hCollectionStore, hSiblingStore),
    )
}

/// CertDuplicateStore: returns the same store handle with one more open reference; each reference
/// is closed with `CertCloseStore`. NULL with `ERROR_INVALID_PARAMETER` for an unknown handle.
///
/// # Safety
/// `hCertStore` may be anything: it is looked up among the live objects of this library before use,
/// never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertDuplicateStore(hCertStore: HCERTSTORE) -> HCERTSTORE {
    export(
        "CertDuplicateStore",
        Null,
        || [Arg::ptr("hCertStore", hCertStore)],
        || to_store(api::duplicate_store(hCertStore)),
    )
}

/// CertCloseStore: closes a store handle. As on Windows, the store stays alive until every
/// certificate context obtained from it has been freed. With `CERT_CLOSE_STORE_CHECK_FLAG`, returns
/// FALSE with `CRYPT_E_PENDING_CLOSE` when contexts are still outstanding (the handle is closed all
/// the same). NULL is accepted (TRUE); an unknown handle is FALSE with `ERROR_INVALID_PARAMETER`.
///
/// Differs from Windows: `CERT_CLOSE_STORE_FORCE_FLAG` does not free outstanding contexts (they stay
/// valid until freed). Closing a store that was never opened by the caller (a context's own
/// `hCertStore`) is accepted and does nothing.
///
/// # Safety
/// `hCertStore` may be anything: it is looked up among the live objects of this library before use,
/// never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertCloseStore(hCertStore: HCERTSTORE, dwFlags: DWORD) -> BOOL {
    export(
        "CertCloseStore",
        Bool,
        || {
            [
                Arg::ptr("hCertStore", hCertStore),
                Arg::flags("dwFlags", dwFlags),
            ]
        },
        || to_bool(api::close_store(hCertStore, dwFlags)),
    )
}

/// CertEnumCertificatesInStore: the certificate after `pPrevCertContext` (the first if NULL), in the
/// order they were added, as a new reference. `pPrevCertContext` is freed, as on Windows. At the end:
/// NULL with `CRYPT_E_NOT_FOUND`. Unknown store or context: NULL with `ERROR_INVALID_PARAMETER`.
///
/// # Safety
/// `hCertStore`, `pPrevCertContext` may be anything: they are looked up among the live objects of
/// this library before use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertEnumCertificatesInStore(
    hCertStore: HCERTSTORE,
    pPrevCertContext: PCCERT_CONTEXT,
) -> PCCERT_CONTEXT {
    export(
        "CertEnumCertificatesInStore",
        Null,
        || {
            [
                Arg::ptr("hCertStore", hCertStore),
                Arg::ptr("pPrevCertContext", pPrevCertContext),
            ]
        },
        || to_ptr(api::enum_certificates(hCertStore, pPrevCertContext)),
    )
}

/// CertFindCertificateInStore: the next certificate after `pPrevCertContext` that matches, as a new
/// reference; `pPrevCertContext` is always freed. Supported `dwFindType`s: `CERT_FIND_ANY`,
/// `CERT_FIND_HAS_PRIVATE_KEY`, `CERT_FIND_SHA1_HASH`/`CERT_FIND_HASH` (`pvFindPara` = a
/// `CRYPT_HASH_BLOB` with the 20-byte thumbprint), `CERT_FIND_SUBJECT_STR_A/W` and
/// `CERT_FIND_ISSUER_STR_A/W` (case-insensitive substring of the name's `CERT_SIMPLE_NAME_STR` form),
/// `CERT_FIND_SUBJECT_NAME`/`CERT_FIND_ISSUER_NAME` (`CERT_NAME_BLOB`, exact DER) and
/// `CERT_FIND_EXISTING` and `CERT_FIND_ISSUER_OF` (`pvFindPara` = the subject's context: a
/// certificate whose key identifier its authority key identifier names, else whose subject is its
/// issuer). No match: NULL with `CRYPT_E_NOT_FOUND`.
///
/// Differs from Windows: other find types are NULL with `E_NOTIMPL`; `dwCertEncodingType` and
/// `dwFindFlags` are ignored; the `_A` strings are UTF-8. A find string that is not UTF-8 / UTF-16
/// (Windows compares such a string unit by unit, and it misses) is NULL with
/// `ERROR_INVALID_PARAMETER`.
///
/// # Safety
/// As Windows documents them: `pvFindPara` is NULL or what `dwFindType` names (a blob, a string, a
/// context, a `CERT_CHAIN_FIND_BY_ISSUER_PARA` of its `cbSize`). `hCertStore`, `pPrevCertContext`
/// may be anything: they are looked up among the live objects of this library before use, never
/// dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertFindCertificateInStore(
    hCertStore: HCERTSTORE,
    dwCertEncodingType: DWORD,
    dwFindFlags: DWORD,
    dwFindType: DWORD,
    pvFindPara: *const c_void,
    pPrevCertContext: PCCERT_CONTEXT,
) -> PCCERT_CONTEXT {
    export(
        "CertFindCertificateInStore",
        Null,
        || {
            [
                Arg::ptr("hCertStore", hCertStore),
                Arg::flags("dwCertEncodingType", dwCertEncodingType),
                Arg::flags("dwFindFlags", dwFindFlags),
                Arg::flags("dwFindType", dwFindType),
                Arg::ptr("pvFindPara", pvFindPara),
                Arg::ptr("pPrevCertContext", pPrevCertContext),
            ]
        },
        || {
            let para = match dwFindType {
                CERT_FIND_SHA1_HASH | CERT_FIND_SUBJECT_NAME | CERT_FIND_ISSUER_NAME => {
                    // SAFETY: these find types take a CRYPT_HASH_BLOB / CERT_NAME_BLOB (same layout).
                    unsafe { blob(pvFindPara) }.map_or(FindPara::None, FindPara::Blob)
                }
                CERT_FIND_SUBJECT_STR_A | CERT_FIND_ISSUER_STR_A => {
                    // SAFETY: these find types take a NUL-terminated string.
                    match text(
                        unsafe { Text::narrow(pvFindPara.cast()) },
                        ERROR_INVALID_PARAMETER,
                    ) {
                        Ok(t) => t.map_or(FindPara::None, FindPara::Text),
                        Err(e) => return to_ptr(Err(e)),
                    }
                }
                CERT_FIND_SUBJECT_STR_W | CERT_FIND_ISSUER_STR_W => {
                    // SAFETY: these find types take a NUL-terminated UTF-16 string.
                    match text(
                        unsafe { Text::wide(pvFindPara.cast()) },
                        ERROR_INVALID_PARAMETER,
                    ) {
                        Ok(t) => t.map_or(FindPara::None, FindPara::Text),
                        Err(e) => return to_ptr(Err(e)),
                    }
                }
                CERT_FIND_EXISTING | CERT_FIND_ISSUER_OF => FindPara::Context(pvFindPara.cast()),
                _ => FindPara::None,
            };
            to_ptr(api::find_certificate(
                hCertStore,
                dwFindType,
                para,
                pPrevCertContext,
            ))
        },
    )
}

/// CertAddEncodedCertificateToStore: parses a DER certificate and adds it to the store according to
/// `dwAddDisposition` (`CERT_STORE_ADD_NEW` fails with `CRYPT_E_EXISTS` if the same certificate is
/// there, `_USE_EXISTING`, `_REPLACE_EXISTING[_INHERIT_PROPERTIES]`, `_ALWAYS`,
/// `_NEWER[_INHERIT_PROPERTIES]`). If `ppCertContext` is not NULL it receives the stored context as
/// a new reference. Errors: `E_INVALIDARG` (encoding type without `X509_ASN_ENCODING`, bad
/// disposition), `CRYPT_E_ASN1_BADTAG` (not a certificate), `ERROR_INVALID_PARAMETER`.
///
/// # Safety
/// As Windows documents them: `pbCertEncoded` NULL or `cbCertEncoded` readable bytes. Outputs:
/// `ppCertContext` NULL or writable. `hCertStore` may be anything: it is looked up among the live
/// objects of this library before use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertAddEncodedCertificateToStore(
    hCertStore: HCERTSTORE,
    dwCertEncodingType: DWORD,
    pbCertEncoded: *const BYTE,
    cbCertEncoded: DWORD,
    dwAddDisposition: DWORD,
    ppCertContext: *mut PCCERT_CONTEXT,
) -> BOOL {
    export(
        "CertAddEncodedCertificateToStore",
        Bool,
        || {
            [
                Arg::ptr("hCertStore", hCertStore),
                Arg::flags("dwCertEncodingType", dwCertEncodingType),
                Arg::ptr("pbCertEncoded", pbCertEncoded),
                Arg::flags("cbCertEncoded", cbCertEncoded),
                Arg::flags("dwAddDisposition", dwAddDisposition),
                Arg::ptr("ppCertContext", ppCertContext),
            ]
        },
        || {
            // SAFETY: NULL or writable per the API contract.
            unsafe { Out::new(ppCertContext).write(std::ptr::null()) };
            // SAFETY: the caller passes `cbCertEncoded` readable bytes.
            let Some(der) = unsafe { caller_slice(pbCertEncoded, cbCertEncoded) }.ok() else {
                fail(invalid_parameter());
                return FALSE;
            };
            let want = !ppCertContext.is_null();
            match api::add_encoded(hCertStore, dwCertEncodingType, der, dwAddDisposition, want) {
                Ok(ctx) => {
                    // SAFETY: as above.
                    unsafe { Out::new(ppCertContext).write(ctx) };
                    TRUE
                }
                Err(e) => {
                    fail(e);
                    FALSE
                }
            }
        },
    )
}

/// CertAddCertificateContextToStore: adds a copy of a context (its private key included) to the
/// store, with the same dispositions as `CertAddEncodedCertificateToStore`; `ppStoreContext`, if not
/// NULL, receives the stored copy as a new reference.
///
/// # Safety
/// Outputs, as Windows documents them: `ppStoreContext` NULL or writable. `hCertStore`,
/// `pCertContext` may be anything: they are looked up among the live objects of this library before
/// use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertAddCertificateContextToStore(
    hCertStore: HCERTSTORE,
    pCertContext: PCCERT_CONTEXT,
    dwAddDisposition: DWORD,
    ppStoreContext: *mut PCCERT_CONTEXT,
) -> BOOL {
    export(
        "CertAddCertificateContextToStore",
        Bool,
        || {
            [
                Arg::ptr("hCertStore", hCertStore),
                Arg::ptr("pCertContext", pCertContext),
                Arg::flags("dwAddDisposition", dwAddDisposition),
                Arg::ptr("ppStoreContext", ppStoreContext),
            ]
        },
        || {
            // SAFETY: NULL or writable per the API contract.
            unsafe { Out::new(ppStoreContext).write(std::ptr::null()) };
            let want = !ppStoreContext.is_null();
            match api::add_context(hCertStore, pCertContext, dwAddDisposition, want) {
                Ok(ctx) => {
                    // SAFETY: as above.
                    unsafe { Out::new(ppStoreContext).write(ctx) };
                    TRUE
                }
                Err(e) => {
                    fail(e);
                    FALSE
                }
            }
        },
    )
}

/// CertCreateCertificateContext: a context for a DER certificate, with one reference (free it with
/// `CertFreeCertificateContext`); its `hCertStore` is a memory store of its own. Errors:
/// `E_INVALIDARG` (encoding type without `X509_ASN_ENCODING`), `CRYPT_E_ASN1_BADTAG` (not a
/// certificate), `ERROR_INVALID_PARAMETER` (NULL data).
///
/// # Safety
/// As Windows documents them: `pbCertEncoded` NULL or `cbCertEncoded` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn CertCreateCertificateContext(
    dwCertEncodingType: DWORD,
    pbCertEncoded: *const BYTE,
    cbCertEncoded: DWORD,
) -> PCCERT_CONTEXT {
    export(
        "CertCreateCertificateContext",
        Null,
        || {
            [
                Arg::flags("dwCertEncodingType", dwCertEncodingType),
                Arg::ptr("pbCertEncoded", pbCertEncoded),
                Arg::flags("cbCertEncoded", cbCertEncoded),
            ]
        },
        || {
            // SAFETY: the caller passes `cbCertEncoded` readable bytes.
            match unsafe { caller_slice(pbCertEncoded, cbCertEncoded) }.ok() {
                Some(der) => to_ptr(api::create_context(dwCertEncodingType, der)),
                None => to_ptr(Err(invalid_parameter())),
            }
        },
    )
}

/// CertDuplicateCertificateContext: returns the same pointer with its reference count incremented.
/// NULL gives NULL; a pointer that is not a live context gives NULL with `ERROR_INVALID_PARAMETER`.
///
/// # Safety
/// `pCertContext` may be anything: it is looked up among the live objects of this library before
/// use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertDuplicateCertificateContext(
    pCertContext: PCCERT_CONTEXT,
) -> PCCERT_CONTEXT {
    export(
        "CertDuplicateCertificateContext",
        Null,
        || [Arg::ptr("pCertContext", pCertContext)],
        || to_ptr(api::duplicate_context(pCertContext)),
    )
}

/// CertFreeCertificateContext: drops one reference (the store and its contexts go away once no
/// handle and no reference remain). NULL is TRUE.
///
/// Differs from Windows: a pointer that is not a live context, or a context freed more often than it
/// was referenced, is detected: FALSE with `ERROR_INVALID_PARAMETER` instead of a crash.
///
/// # Safety
/// `pCertContext` may be anything: it is looked up among the live objects of this library before
/// use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertFreeCertificateContext(pCertContext: PCCERT_CONTEXT) -> BOOL {
    export(
        "CertFreeCertificateContext",
        Bool,
        || [Arg::ptr("pCertContext", pCertContext)],
        || to_bool(api::free_context(pCertContext)),
    )
}

/// # Safety
/// `pvTypePara` must be what `dwType` requires: an OID string for CERT_NAME_ATTR_TYPE, a `DWORD*`
/// string type for CERT_NAME_RDN_TYPE, NULL or anything for the others.
unsafe fn name_request(dwType: DWORD, dwFlags: DWORD, pvTypePara: *mut c_void) -> NameRequest {
    let mut req = NameRequest {
        kind: dwType,
        flags: dwFlags,
        attr_oid: None,
        str_type: 0,
    };
    if pvTypePara.is_null() {
        return req;
    }
    match dwType {
        CERT_NAME_ATTR_TYPE => {
            // SAFETY: for this type pvTypePara is a NUL-terminated OID string.
            let oid = unsafe { narrow_bytes(pvTypePara.cast_const().cast()) };
            req.attr_oid = oid.map(|b| String::from_utf8_lossy(b).into_owned());
        }
        CERT_NAME_RDN_TYPE => {
            // SAFETY: for this type pvTypePara points to a DWORD.
            req.str_type = unsafe { pvTypePara.cast::<DWORD>().read_unaligned() };
        }
        _ => {}
    }
    req
}

/// CertGetNameStringW: a name of the certificate's subject (or issuer, with `CERT_NAME_ISSUER_FLAG`)
/// as UTF-16. Types: `CERT_NAME_SIMPLE_DISPLAY_TYPE` (CN, else OU, O, e-mail, else an alternative
/// name), `CERT_NAME_FRIENDLY_DISPLAY_TYPE` (same), `CERT_NAME_DNS_TYPE` (first dNSName SAN, else the
/// CN; with `CERT_NAME_SEARCH_ALL_NAMES_FLAG` all of them as a multi-string ending in an extra NUL),
/// `CERT_NAME_ATTR_TYPE` (`pvTypePara` = OID string; NULL means the e-mail attribute),
/// `CERT_NAME_EMAIL_TYPE`, `CERT_NAME_URL_TYPE`, `CERT_NAME_RDN_TYPE` (`pvTypePara` = `DWORD*`
/// `CertNameToStr` type).
///
/// Returns the number of characters including the terminating NUL(s). With a NULL buffer or
/// `cchNameString` 0, returns the size needed. A too-small buffer receives as many whole characters
/// as fit and is always NUL-terminated; the return value is then what was written. When there is no
/// such name (or the context is invalid: last error `ERROR_INVALID_PARAMETER`) returns 1 and writes an
/// empty string.
///
/// Differs from Windows: `CERT_NAME_UPN_TYPE` is never found; display flags such as
/// `CERT_NAME_DISABLE_IE4_UTF8_FLAG` are ignored.
///
/// # Safety
/// As Windows documents them: `pvTypePara` is NULL or what `dwType` names (an OID string, a `DWORD*`
///). Outputs: `pszNameString` NULL or writable for `cchNameString` characters.
/// `pCertContext` may be anything: it is looked up among the live objects of this library before
/// use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertGetNameStringW(
    pCertContext: PCCERT_CONTEXT,
    dwType: DWORD,
    dwFlags: DWORD,
    pvTypePara: *mut c_void,
    pszNameString: LPWSTR,
    cchNameString: DWORD,
) -> DWORD {
    export(
        "CertGetNameStringW",
        Dword,
        || {
            [
                Arg::ptr("pCertContext", pCertContext),
                Arg::flags("dwType", dwType),
                Arg::flags("dwFlags", dwFlags),
                Arg::ptr("pvTypePara", pvTypePara),
                Arg::ptr("pszNameString", pszNameString),
                Arg::flags("cchNameString", cchNameString),
            ]
        },
        || {
            // SAFETY: pvTypePara is what dwType requires, per the API contract.
            let req = unsafe { name_request(dwType, dwFlags, pvTypePara) };
            let buffer = (!pszNameString.is_null()).then_some(cchNameString as usize);
            let out = api::name_string_w(pCertContext, &req, buffer);
            if let Some(e) = out.error {
                fail(e);
            }
            if !out.units.is_empty() {
                // SAFETY: units are only returned for a non-NULL buffer of `cchNameString` units, and
                // never more than that.
                unsafe {
                    std::ptr::copy_nonoverlapping(
                        out.units.as_ptr(),
                        pszNameString,
                        out.units.len(),
                    )
                };
            }
            out.ret
        },
    )
}

/// CertGetNameStringA: as `CertGetNameStringW`, in UTF-8 (sizes count bytes; truncation never
/// splits a character).
///
/// Differs from Windows: the narrow encoding is UTF-8, not the ANSI code page.
///
/// # Safety
/// As Windows documents them: `pvTypePara` is NULL or what `dwType` names (an OID string, a `DWORD*`
///). Outputs: `pszNameString` NULL or writable for `cchNameString` characters.
/// `pCertContext` may be anything: it is looked up among the live objects of this library before
/// use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertGetNameStringA(
    pCertContext: PCCERT_CONTEXT,
    dwType: DWORD,
    dwFlags: DWORD,
    pvTypePara: *mut c_void,
    pszNameString: LPSTR,
    cchNameString: DWORD,
) -> DWORD {
    export(
        "CertGetNameStringA",
        Dword,
        || {
            [
                Arg::ptr("pCertContext", pCertContext),
                Arg::flags("dwType", dwType),
                Arg::flags("dwFlags", dwFlags),
                Arg::ptr("pvTypePara", pvTypePara),
                Arg::ptr("pszNameString", pszNameString),
                Arg::flags("cchNameString", cchNameString),
            ]
        },
        || {
            // SAFETY: pvTypePara is what dwType requires, per the API contract.
            let req = unsafe { name_request(dwType, dwFlags, pvTypePara) };
            let buffer = (!pszNameString.is_null()).then_some(cchNameString as usize);
            let out = api::name_string_a(pCertContext, &req, buffer);
            if let Some(e) = out.error {
                fail(e);
            }
            if !out.units.is_empty() {
                let dst = pszNameString.cast::<u8>();
                // SAFETY: units are only returned for a non-NULL buffer of `cchNameString` bytes, and
                // never more than that.
                unsafe { std::ptr::copy_nonoverlapping(out.units.as_ptr(), dst, out.units.len()) };
            }
            out.ret
        },
    )
}

/// CertGetCertificateContextProperty: a property of the context. Supported:
/// `CERT_SHA1_HASH_PROP_ID` = `CERT_HASH_PROP_ID` (the 20-byte thumbprint), `CERT_SHA256_HASH_PROP_ID`,
/// `CERT_KEY_IDENTIFIER_PROP_ID`, `CERT_KEY_PROV_INFO_PROP_ID`, present only when the context
/// carries a private key (a `CRYPT_KEY_PROV_INFO` naming a "SchShim-<thumbprint>" container of the
/// "Microsoft Software Key Storage Provider"; the key itself is not reachable through it), and
/// `CERT_OCSP_RESPONSE_PROP_ID`, present only on a server certificate context from
/// `SECPKG_ATTR_REMOTE_CERT_CONTEXT` whose server stapled an OCSP response (the DER
/// `OCSPResponse` as received). Others: FALSE with `CRYPT_E_NOT_FOUND`.
///
/// Size protocol as Windows: `pvData` NULL sets `*pcbData` to the size and returns TRUE; a buffer
/// smaller than `*pcbData` needs gives FALSE with `ERROR_MORE_DATA` and the size in `*pcbData`.
///
/// # Safety
/// As Windows documents them: `pvData` is NULL or writable for `*pcbData` bytes. Outputs: `pcbData`
/// NULL or writable. `pCertContext` may be anything: it is looked up among the live objects of this
/// library before use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertGetCertificateContextProperty(
    pCertContext: PCCERT_CONTEXT,
    dwPropId: DWORD,
    pvData: *mut c_void,
    pcbData: *mut DWORD,
) -> BOOL {
    export(
        "CertGetCertificateContextProperty",
        Bool,
        || {
            [
                Arg::ptr("pCertContext", pCertContext),
                Arg::flags("dwPropId", dwPropId),
                Arg::ptr("pvData", pvData),
                Arg::ptr("pcbData", pcbData),
            ]
        },
        || {
            if pcbData.is_null() {
                fail(invalid_parameter());
                return FALSE;
            }
            let value = match api::context_property(pCertContext, dwPropId, pvData as usize) {
                Ok(v) => v,
                Err(e) => {
                    fail(e);
                    return FALSE;
                }
            };
            let needed = u32::try_from(value.len()).unwrap_or(u32::MAX);
            // SAFETY: pcbData is non-NULL and points to a readable, writable DWORD.
            let have = unsafe { pcbData.read_unaligned() };
            // SAFETY: as above.
            unsafe { pcbData.write_unaligned(needed) };
            if pvData.is_null() {
                return TRUE;
            }
            if have < needed {
                fail(Win32Error::of(ERROR_MORE_DATA));
                return FALSE;
            }
            // SAFETY: the caller's buffer holds `have` >= `needed` bytes.
            unsafe {
                std::ptr::copy_nonoverlapping(value.as_ptr(), pvData.cast::<u8>(), value.len())
            };
            TRUE
        },
    )
}

/// CertSetCertificateContextProperty: sets or removes a property of the context. Supported:
/// `CERT_OCSP_RESPONSE_PROP_ID`, `pvData` a `CRYPT_DATA_BLOB *` holding a DER `OCSPResponse` (NULL
/// removes the property). A server certificate context carrying it when
/// `AcquireCredentialsHandle` takes it in `paCred` makes the server staple that response to every
/// client that asks (`status_request`, TLS 1.2 and 1.3); the bytes are sent as given. `dwFlags` is
/// ignored.
///
/// Errors (FALSE): `E_NOTIMPL` for any other property, `ERROR_INVALID_PARAMETER` for an unknown
/// context or a blob whose `pbData` is NULL with a non-zero `cbData`.
///
/// Differs from Windows: Windows keeps any property, and its Schannel servers staple the OCSP
/// response they fetch themselves; nothing is fetched here, so the application sets the
/// response it has (for example one obtained with `openssl ocsp`) and renews it by acquiring a
/// new credential.
///
/// # Safety
/// As Windows documents them: `pvData` NULL or a readable `CRYPT_DATA_BLOB` whose `pbData` is
/// readable for `cbData` bytes. `pCertContext` may be anything: it is looked up among the live
/// objects of this library before use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertSetCertificateContextProperty(
    pCertContext: PCCERT_CONTEXT,
    dwPropId: DWORD,
    dwFlags: DWORD,
    pvData: *const c_void,
) -> BOOL {
    export(
        "CertSetCertificateContextProperty",
        Bool,
        || {
            [
                Arg::ptr("pCertContext", pCertContext),
                Arg::flags("dwPropId", dwPropId),
                Arg::flags("dwFlags", dwFlags),
                Arg::ptr("pvData", pvData),
            ]
        },
        || {
            let value = if pvData.is_null() {
                None
            } else {
                // SAFETY: a non-NULL pvData points to a readable CRYPT_DATA_BLOB.
                let blob = unsafe { pvData.cast::<CRYPT_DATA_BLOB>().read_unaligned() };
                // SAFETY: the blob's pbData is readable for cbData bytes.
                match unsafe { caller_slice(blob.pbData.cast_const(), blob.cbData) } {
                    Ok(bytes) => Some(bytes),
                    Err(_) => {
                        fail(invalid_parameter());
                        return FALSE;
                    }
                }
            };
            match api::set_context_property(pCertContext, dwPropId, value) {
                Ok(()) => TRUE,
                Err(e) => {
                    fail(e);
                    FALSE
                }
            }
        },
    )
}

/// SchShimCertFromPem (extension): a certificate context for the leaf of an in-memory PEM chain
/// (`cert_chain_pem`, NUL-terminated, leaf first), in a memory store of its own holding the whole
/// chain, carrying the private key from `key_pem` (NUL-terminated PEM: PKCS#8 "PRIVATE KEY", SEC1
/// "EC PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY"; encrypted keys are not supported). `key_pem` may be
/// NULL for a certificate without a key. Free the result with `CertFreeCertificateContext`; the
/// context can go straight into `SCHANNEL_CRED.paCred`.
///
/// On failure NULL, with the last error: `ERROR_INVALID_PARAMETER` (NULL chain), `CRYPT_E_NOT_FOUND`
/// (no CERTIFICATE block), `CRYPT_E_BAD_ENCODE` (malformed PEM), `CRYPT_E_ASN1_BADTAG` (the leaf is not
/// a certificate), `NTE_BAD_KEY` (no usable key in `key_pem`, or a key that does not match the leaf).
///
/// # Safety
/// As Windows documents them: `cert_chain_pem` NULL or NUL-terminated; `key_pem` NULL or NUL-
/// terminated.
#[no_mangle]
pub unsafe extern "C" fn SchShimCertFromPem(
    cert_chain_pem: *const c_char,
    key_pem: *const c_char,
) -> PCCERT_CONTEXT {
    export(
        "SchShimCertFromPem",
        Null,
        || {
            [
                Arg::ptr("cert_chain_pem", cert_chain_pem),
                Arg::ptr("key_pem", key_pem),
            ]
        },
        || {
            // SAFETY: NULL or NUL-terminated per the documented contract.
            let Some(chain) = (unsafe { narrow_bytes(cert_chain_pem) }) else {
                return to_ptr(Err(invalid_parameter()));
            };
            // SAFETY: as above.
            let key = unsafe { narrow_bytes(key_pem) };
            to_ptr(api::cert_from_pem(chain, key))
        },
    )
}

/// SchShimCertFromPemFiles (extension): `SchShimCertFromPem` on the contents of two files, given as
/// NUL-terminated paths (`key_path` may be NULL). Additional errors: `ERROR_FILE_NOT_FOUND`,
/// `ERROR_ACCESS_DENIED`, `ERROR_OPEN_FAILED`.
///
/// # Safety
/// As Windows documents them: `cert_path` NULL or NUL-terminated; `key_path` NULL or NUL-
/// terminated.
#[no_mangle]
pub unsafe extern "C" fn SchShimCertFromPemFiles(
    cert_path: *const c_char,
    key_path: *const c_char,
) -> PCCERT_CONTEXT {
    export(
        "SchShimCertFromPemFiles",
        Null,
        || {
            [
                Arg::ptr("cert_path", cert_path),
                Arg::ptr("key_path", key_path),
            ]
        },
        || {
            // SAFETY: NULL or NUL-terminated per the documented contract.
            let Some(chain) = (unsafe { narrow_bytes(cert_path) }) else {
                return to_ptr(Err(invalid_parameter()));
            };
            // SAFETY: as above.
            let key = unsafe { narrow_bytes(key_path) };
            let chain = Path::new(OsStr::from_bytes(chain));
            let key = key.map(|k| Path::new(OsStr::from_bytes(k)));
            to_ptr(api::cert_from_pem_files(chain, key))
        },
    )
}

/// # Safety
/// `p` must be NULL or point to a readable `CERT_NAME_BLOB` whose `pbData` holds `cbData` bytes
/// that stay valid for `'a`.
unsafe fn name_blob<'a>(p: *const CERT_NAME_BLOB) -> Option<&'a [u8]> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-NULL and readable per the caller's contract; read unaligned in case it is packed.
    let b = unsafe { std::ptr::read_unaligned(p) };
    // SAFETY: the blob describes `cbData` readable bytes.
    unsafe { caller_slice(b.pbData, b.cbData) }.ok()
}

/// CertNameToStrW: a DER Name (`pName`, e.g. `&pCertInfo->Subject`) as a string. `dwStrType`:
/// `CERT_SIMPLE_NAME_STR` (the values only: "schannel-shim tests, localhost"), `CERT_OID_NAME_STR`
/// ("2.5.4.3=localhost"), `CERT_X500_NAME_STR` ("O=schannel-shim tests, CN=localhost"), plus the
/// flags `CERT_NAME_STR_SEMICOLON_FLAG` ("; " between RDNs), `_CRLF_FLAG` ("\r\n"),
/// `_NO_PLUS_FLAG` (" " inside multi-valued RDNs instead of " + "), `_NO_QUOTING_FLAG` and
/// `_REVERSE_FLAG`. RDNs come in encoding order; values containing `,+="\n<>#;` or leading/trailing
/// spaces are quoted with `"` (inner quotes doubled), as Windows writes them.
///
/// Returns the number of characters including the terminating NUL: the size needed when `psz` is
/// NULL or `csz` is 0; otherwise what was written, truncated to `csz` (whole characters) and always
/// NUL-terminated. A NULL blob or one that is not a Name gives the empty string (returns 1).
///
/// Differs from Windows: `CERT_XML_NAME_STR` is formatted like `CERT_OID_NAME_STR`.
///
/// # Safety
/// As Windows documents them: `pName` NULL or a readable blob whose `pbData` holds `cbData` bytes.
/// Outputs: `psz` NULL or writable for `csz` characters.
#[no_mangle]
pub unsafe extern "C" fn CertNameToStrW(
    dwCertEncodingType: DWORD,
    pName: PCERT_NAME_BLOB,
    dwStrType: DWORD,
    psz: LPWSTR,
    csz: DWORD,
) -> DWORD {
    export(
        "CertNameToStrW",
        Dword,
        || {
            [
                Arg::flags("dwCertEncodingType", dwCertEncodingType),
                Arg::ptr("pName", pName),
                Arg::flags("dwStrType", dwStrType),
                Arg::ptr("psz", psz),
                Arg::flags("csz", csz),
            ]
        },
        || {
            // SAFETY: NULL or a CERT_NAME_BLOB per the API contract.
            let name = unsafe { name_blob(pName) };
            let buffer = (!psz.is_null()).then_some(csz as usize);
            let out = api::name_to_str_w(name, dwStrType, buffer);
            if !out.units.is_empty() {
                // SAFETY: units are only returned for a non-NULL buffer of `csz` units, never more.
                unsafe { std::ptr::copy_nonoverlapping(out.units.as_ptr(), psz, out.units.len()) };
            }
            out.ret
        },
    )
}

/// CertNameToStrA: as `CertNameToStrW`, in UTF-8 (sizes count bytes; truncation never splits a
/// character).
///
/// Differs from Windows: the narrow encoding is UTF-8, not the ANSI code page.
///
/// # Safety
/// As Windows documents them: `pName` NULL or a readable blob whose `pbData` holds `cbData` bytes.
/// Outputs: `psz` NULL or writable for `csz` characters.
#[no_mangle]
pub unsafe extern "C" fn CertNameToStrA(
    dwCertEncodingType: DWORD,
    pName: PCERT_NAME_BLOB,
    dwStrType: DWORD,
    psz: LPSTR,
    csz: DWORD,
) -> DWORD {
    export(
        "CertNameToStrA",
        Dword,
        || {
            [
                Arg::flags("dwCertEncodingType", dwCertEncodingType),
                Arg::ptr("pName", pName),
                Arg::flags("dwStrType", dwStrType),
                Arg::ptr("psz", psz),
                Arg::flags("csz", csz),
            ]
        },
        || {
            // SAFETY: NULL or a CERT_NAME_BLOB per the API contract.
            let name = unsafe { name_blob(pName) };
            let buffer = (!psz.is_null()).then_some(csz as usize);
            let out = api::name_to_str_a(name, dwStrType, buffer);
            if !out.units.is_empty() {
                // SAFETY: units are only returned for a non-NULL buffer of `csz` bytes, never more.
                unsafe {
                    std::ptr::copy_nonoverlapping(
                        out.units.as_ptr(),
                        psz.cast::<u8>(),
                        out.units.len(),
                    )
                };
            }
            out.ret
        },
    )
}

/// # Safety
/// `p` must be NULL or point to a readable FILETIME.
unsafe fn filetime_at(p: *const FILETIME) -> Option<u64> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-NULL and readable per the caller's contract.
    let ft = unsafe { std::ptr::read_unaligned(p) };
    Some(crate::cert::context::filetime_ticks(&ft))
}

/// CertVerifyTimeValidity: -1 when `pTimeToVerify` (NULL: the current time) is before
/// `pCertInfo->NotBefore`, 1 when it is after `pCertInfo->NotAfter`, 0 when the certificate is
/// valid then (both ends included). Works on any `CERT_INFO`, not only ours.
///
/// Differs from Windows: a NULL `pCertInfo` returns 1 (not valid) with `E_INVALIDARG` instead of
/// crashing.
///
/// # Safety
/// As Windows documents them: `pTimeToVerify` NULL or readable; `pCertInfo` NULL or readable.
#[no_mangle]
pub unsafe extern "C" fn CertVerifyTimeValidity(
    pTimeToVerify: LPFILETIME,
    pCertInfo: PCERT_INFO,
) -> LONG {
    export(
        "CertVerifyTimeValidity",
        Long(1),
        || {
            [
                Arg::ptr("pTimeToVerify", pTimeToVerify),
                Arg::ptr("pCertInfo", pCertInfo),
            ]
        },
        || {
            if pCertInfo.is_null() {
                fail(Win32Error::of(E_INVALIDARG));
                return 1;
            }
            // SAFETY: non-NULL; the caller passes a readable CERT_INFO.
            let info = unsafe { std::ptr::read_unaligned(pCertInfo) };
            // SAFETY: NULL or a readable FILETIME per the API contract.
            let time = unsafe { filetime_at(pTimeToVerify) };
            let ticks = crate::cert::context::filetime_ticks;
            api::verify_time_validity(time, ticks(&info.NotBefore), ticks(&info.NotAfter))
        },
    )
}

/// Writes the outcome of CryptStringToBinary to the caller's out-parameters.
///
/// # Safety
/// `pbBinary` must be NULL or hold `*pcbBinary` writable bytes; `pcbBinary` must be writable;
/// `pdwSkip` and `pdwFlags` NULL or writable.
unsafe fn string_outcome(
    out: crate::cert::strings::Outcome,
    pbBinary: *mut BYTE,
    pcbBinary: *mut DWORD,
    pdwSkip: *mut DWORD,
    pdwFlags: *mut DWORD,
) -> BOOL {
    if !pbBinary.is_null() && !out.write.is_empty() {
        // SAFETY: `write` is never longer than the caller's `*pcbBinary`.
        unsafe { std::ptr::copy_nonoverlapping(out.write.as_ptr(), pbBinary, out.write.len()) };
    }
    for (p, v) in [
        (pcbBinary, out.size),
        (pdwSkip, out.skip),
        (pdwFlags, out.flags),
    ] {
        if let (false, Some(v)) = (p.is_null(), v) {
            // SAFETY: non-NULL out-parameters are writable per the caller's contract.
            unsafe { p.write_unaligned(v) };
        }
    }
    match out.error {
        Some(e) => {
            fail(Win32Error(e));
            FALSE
        }
        None => TRUE,
    }
}

/// # Safety
/// `pcbBinary` must be NULL or readable.
unsafe fn buffer_size(pbBinary: *const BYTE, pcbBinary: *const DWORD) -> Option<u32> {
    // SAFETY: the caller checked pcbBinary is non-NULL; readable per the API contract.
    (!pbBinary.is_null()).then(|| unsafe { pcbBinary.read_unaligned() })
}

/// CryptStringToBinaryW: decodes `pszString` (`cchString` characters, 0 = up to the NUL) in the
/// format `dwFlags` names: `CRYPT_STRING_HEX` / `_HEXRAW` / `_HEX_ANY` (hex pairs; `-` and `,` may
/// separate bytes; spaces, tabs and line breaks may appear anywhere between bytes, as
/// `CryptBinaryToString` writes them), `CRYPT_STRING_BASE64`, `_BASE64HEADER` (PEM; `*pdwSkip` gets
/// the header's offset), `_BASE64REQUESTHEADER`, `_BASE64X509CRLHEADER`, `_BASE64_ANY`, `_ANY`,
/// `_BINARY`. `*pdwFlags` receives the format found.
///
/// Size protocol: with `pbBinary` NULL, `*pcbBinary` receives the size and the call succeeds. A
/// buffer too small is FALSE with `ERROR_MORE_DATA`: hex fills the buffer and leaves `*pcbBinary`
/// unchanged, base64 writes nothing and leaves it unchanged, binary sets it to the size needed.
/// Malformed input is FALSE with `ERROR_INVALID_DATA` (hex: the bytes before the error are written;
/// a size query gets `*pcbBinary` = 0). A NULL string or `pcbBinary`, an empty W string in hex, and
/// `CRYPT_STRING_HEXASCII`/`_HEXADDR`/`_HEXASCIIADDR`/`_BASE64URI` are `ERROR_INVALID_PARAMETER`;
/// flags other than `CRYPT_STRING_STRICT` are `ERROR_INVALID_DATA`.
///
/// # Safety
/// As Windows documents them: `pszString` NULL or NUL-terminated UTF-16. Outputs: `pbBinary` NULL
/// or writable for `*pcbBinary` bytes; `pcbBinary` NULL or writable; `pdwSkip` NULL or writable;
/// `pdwFlags` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn CryptStringToBinaryW(
    pszString: LPCWSTR,
    cchString: DWORD,
    dwFlags: DWORD,
    pbBinary: *mut BYTE,
    pcbBinary: *mut DWORD,
    pdwSkip: *mut DWORD,
    pdwFlags: *mut DWORD,
) -> BOOL {
    export(
        "CryptStringToBinaryW",
        Bool,
        || {
            [
                Arg::ptr("pszString", pszString),
                Arg::flags("cchString", cchString),
                Arg::flags("dwFlags", dwFlags),
                Arg::ptr("pbBinary", pbBinary),
                Arg::ptr("pcbBinary", pcbBinary),
                Arg::ptr("pdwSkip", pdwSkip),
                Arg::ptr("pdwFlags", pdwFlags),
            ]
        },
        || {
            if pszString.is_null() || pcbBinary.is_null() {
                fail(invalid_parameter());
                return FALSE;
            }
            let text = if cchString == 0 {
                // SAFETY: without a count the string is NUL-terminated (non-NULL: checked above).
                unsafe { Text::wide(pszString) }
                    .wide_units()
                    .unwrap_or_default()
            } else {
                // SAFETY: the caller passes `cchString` readable units (non-NULL: checked above).
                unsafe { caller_slice(pszString, cchString) }.unwrap_or_default()
            };
            // SAFETY: pcbBinary is non-NULL and readable.
            let buffer = unsafe { buffer_size(pbBinary, pcbBinary) };
            let out = api::string_to_binary(text, true, dwFlags, buffer);
            // SAFETY: the out-parameters are as the API contract describes.
            unsafe { string_outcome(out, pbBinary, pcbBinary, pdwSkip, pdwFlags) }
        },
    )
}

/// CryptStringToBinaryA: as `CryptStringToBinaryW` for a narrow string (`cchString` counts bytes).
///
/// # Safety
/// As Windows documents them: `pszString` NULL or NUL-terminated. Outputs: `pbBinary` NULL or
/// writable for `*pcbBinary` bytes; `pcbBinary` NULL or writable; `pdwSkip` NULL or writable;
/// `pdwFlags` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn CryptStringToBinaryA(
    pszString: LPCSTR,
    cchString: DWORD,
    dwFlags: DWORD,
    pbBinary: *mut BYTE,
    pcbBinary: *mut DWORD,
    pdwSkip: *mut DWORD,
    pdwFlags: *mut DWORD,
) -> BOOL {
    export(
        "CryptStringToBinaryA",
        Bool,
        || {
            [
                Arg::ptr("pszString", pszString),
                Arg::flags("cchString", cchString),
                Arg::flags("dwFlags", dwFlags),
                Arg::ptr("pbBinary", pbBinary),
                Arg::ptr("pcbBinary", pcbBinary),
                Arg::ptr("pdwSkip", pdwSkip),
                Arg::ptr("pdwFlags", pdwFlags),
            ]
        },
        || {
            if pszString.is_null() || pcbBinary.is_null() {
                fail(invalid_parameter());
                return FALSE;
            }
            let narrow: &[u8] = if cchString == 0 {
                // SAFETY: without a count the string is NUL-terminated (non-NULL: checked above).
                unsafe { Text::narrow(pszString) }
                    .narrow_bytes()
                    .unwrap_or_default()
            } else {
                // SAFETY: the caller passes `cchString` readable bytes (non-NULL: checked above).
                unsafe { caller_slice(pszString.cast::<u8>(), cchString) }.unwrap_or_default()
            };
            let text: Vec<u16> = narrow.iter().map(|&b| u16::from(b)).collect();
            // SAFETY: pcbBinary is non-NULL and readable.
            let buffer = unsafe { buffer_size(pbBinary, pcbBinary) };
            let out = api::string_to_binary(&text, false, dwFlags, buffer);
            // SAFETY: the out-parameters are as the API contract describes.
            unsafe { string_outcome(out, pbBinary, pcbBinary, pdwSkip, pdwFlags) }
        },
    )
}

/// CryptQueryObject for certificates, as curl reads a CA file: `dwObjectType`
/// `CERT_QUERY_OBJECT_BLOB` (`pvObject` a `CERT_BLOB *`) or `CERT_QUERY_OBJECT_FILE` (`pvObject` a
/// UTF-16 path); content `CERT_QUERY_CONTENT_FLAG_CERT` (in `CERT_QUERY_CONTENT_FLAG_ALL`); format
/// `CERT_QUERY_FORMAT_FLAG_BINARY` (DER) and/or `_BASE64_ENCODED` (the first PEM block, any label,
/// or bare base64). Out parameters may each be NULL: `*pdwMsgAndCertEncodingType` =
/// `X509_ASN_ENCODING`, `*pdwContentType` = `CERT_QUERY_CONTENT_CERT`, `*pdwFormatType` =
/// `CERT_QUERY_FORMAT_BINARY` / `_BASE64_ENCODED`, `*phCertStore` = a memory store holding the
/// certificate (close it), `*phMsg` = NULL, `*ppvContext` = the `PCCERT_CONTEXT` (free it).
///
/// Errors: `CRYPT_E_NO_MATCH` (not a certificate in an expected format), `ERROR_FILE_NOT_FOUND` /
/// `ERROR_ACCESS_DENIED` / `ERROR_OPEN_FAILED` (file), `E_INVALIDARG` (other object types, NULL
/// object, a path that is not UTF-16).
///
/// Differs from Windows: other content types (PKCS#7, serialized stores, PFX, CRLs, CTLs) are not
/// recognised (`CRYPT_E_NO_MATCH`); `CERT_QUERY_FORMAT_FLAG_ASN_ASCII_HEX_ENCODED` is not decoded.
///
/// # Safety
/// As Windows documents them: `pvObject` is NULL or what `dwObjectType` names (a `CERT_BLOB *` or a
/// NUL-terminated UTF-16 path). Outputs: `pdwMsgAndCertEncodingType` NULL or writable;
/// `pdwContentType` NULL or writable; `pdwFormatType` NULL or writable; `phCertStore` NULL or
/// writable; `phMsg` NULL or writable; `ppvContext` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn CryptQueryObject(
    dwObjectType: DWORD,
    pvObject: *const c_void,
    dwExpectedContentTypeFlags: DWORD,
    dwExpectedFormatTypeFlags: DWORD,
    dwFlags: DWORD,
    pdwMsgAndCertEncodingType: *mut DWORD,
    pdwContentType: *mut DWORD,
    pdwFormatType: *mut DWORD,
    phCertStore: *mut HCERTSTORE,
    phMsg: *mut HCRYPTMSG,
    ppvContext: *mut *const c_void,
) -> BOOL {
    export(
        "CryptQueryObject",
        Bool,
        || {
            [
                Arg::flags("dwObjectType", dwObjectType),
                Arg::ptr("pvObject", pvObject),
                Arg::flags("dwExpectedContentTypeFlags", dwExpectedContentTypeFlags),
                Arg::flags("dwExpectedFormatTypeFlags", dwExpectedFormatTypeFlags),
                Arg::flags("dwFlags", dwFlags),
                Arg::ptr("pdwMsgAndCertEncodingType", pdwMsgAndCertEncodingType),
                Arg::ptr("pdwContentType", pdwContentType),
                Arg::ptr("pdwFormatType", pdwFormatType),
                Arg::ptr("phCertStore", phCertStore),
                Arg::ptr("phMsg", phMsg),
                Arg::ptr("ppvContext", ppvContext),
            ]
        },
        || {
            // SAFETY: NULL or writable out-parameters per the API contract.
            unsafe {
                Out::new(phCertStore).write(std::ptr::null_mut());
                Out::new(phMsg).write(std::ptr::null_mut());
                Out::new(ppvContext).write(std::ptr::null());
            }
            if pvObject.is_null() {
                fail(Win32Error::of(E_INVALIDARG));
                return FALSE;
            }
            let data: Vec<u8> = match dwObjectType {
                CERT_QUERY_OBJECT_BLOB => {
                    // SAFETY: for this object type pvObject is a CERT_BLOB.
                    let b = unsafe { std::ptr::read_unaligned(pvObject.cast::<CERT_BLOB>()) };
                    // SAFETY: the blob describes `cbData` readable bytes.
                    match unsafe { caller_slice(b.pbData, b.cbData) }.ok() {
                        Some(d) => d.to_vec(),
                        None => {
                            fail(Win32Error::of(E_INVALIDARG));
                            return FALSE;
                        }
                    }
                }
                CERT_QUERY_OBJECT_FILE => {
                    // SAFETY: for this object type pvObject is a NUL-terminated UTF-16 path.
                    let path = match text(unsafe { Text::wide(pvObject.cast()) }, E_INVALIDARG) {
                        Ok(p) => p.unwrap_or_default(),
                        Err(e) => {
                            fail(e);
                            return FALSE;
                        }
                    };
                    match crate::cert::import::read_file(Path::new(&path)) {
                        Ok(d) => d,
                        Err(e) => {
                            fail(e);
                            return FALSE;
                        }
                    }
                }
                _ => {
                    fail(Win32Error::of(E_INVALIDARG));
                    return FALSE;
                }
            };
            let result = api::query_object(
                &data,
                dwExpectedContentTypeFlags,
                dwExpectedFormatTypeFlags,
                !ppvContext.is_null(),
                !phCertStore.is_null(),
            );
            match result {
                Ok(r) => {
                    // SAFETY: NULL or writable out-parameters per the API contract.
                    unsafe {
                        Out::new(pdwMsgAndCertEncodingType).write(X509_ASN_ENCODING);
                        Out::new(pdwContentType).write(CERT_QUERY_CONTENT_CERT);
                        Out::new(pdwFormatType).write(r.format);
                        Out::new(phCertStore).write(r.store);
                        Out::new(ppvContext).write(r.context.cast());
                    }
                    TRUE
                }
                Err(e) => {
                    fail(e);
                    FALSE
                }
            }
        },
    )
}

/// CertCreateCertificateChainEngine: a chain engine for `CertGetCertificateChain`, freed with
/// `CertFreeCertificateChainEngine`. Honoured members of `CERT_CHAIN_ENGINE_CONFIG`:
///
/// * `hExclusiveRoot` (Windows 7+; `cbSize` must reach it): the only trust anchors; with
///   `dwExclusiveFlags` `CERT_CHAIN_EXCLUSIVE_ENABLE_CA_FLAG` every certificate of that store is an
///   anchor, CA certificates included, else only its self-signed ones (curl's CA-file engine).
/// * `hRestrictedRoot`: replaces the system ROOT store; its certificates are trusted only if the
///   system ROOT store holds them too.
/// * `hRestrictedOther`, `hRestrictedTrust`: replace the system "CA" store as the place
///   intermediates are looked for (there are no CTLs); `rghAdditionalStore` are searched too.
/// * Without them: the system ROOT and CA stores (see `CertOpenStore`), read now.
///
/// The engine holds its own handle on every store (the caller may close theirs).
/// `dwFlags`, `dwUrlRetrievalTimeout`, `MaximumCachedCertificates`, `CycleDetectionModulus` and
/// `hExclusiveTrustedPeople` are accepted and ignored. Errors: `E_INVALIDARG` (NULL arguments,
/// `cbSize` smaller than the original 64-byte structure, a handle that is not a live store).
///
/// # Safety
/// As Windows documents them: `pConfig` NULL or readable for its `cbSize`, with the arrays, strings
/// and callbacks it holds valid as Windows documents them. Outputs: `phChainEngine` NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn CertCreateCertificateChainEngine(
    pConfig: PCERT_CHAIN_ENGINE_CONFIG,
    phChainEngine: *mut HCERTCHAINENGINE,
) -> BOOL {
    export(
        "CertCreateCertificateChainEngine",
        Bool,
        || {
            [
                Arg::ptr("pConfig", pConfig),
                Arg::ptr("phChainEngine", phChainEngine),
            ]
        },
        || {
            if pConfig.is_null() || phChainEngine.is_null() {
                fail(Win32Error::of(E_INVALIDARG));
                return FALSE;
            }
            // SAFETY: phChainEngine is non-NULL and writable.
            unsafe { Out::new(phChainEngine).write(std::ptr::null_mut()) };
            // SAFETY: the structure starts with its DWORD cbSize.
            let cb = unsafe { pConfig.cast::<DWORD>().read_unaligned() } as usize;
            let full = std::mem::size_of::<CERT_CHAIN_ENGINE_CONFIG>();
            if cb < std::mem::offset_of!(CERT_CHAIN_ENGINE_CONFIG, hExclusiveRoot) {
                fail(Win32Error::of(E_INVALIDARG));
                return FALSE;
            }
            let mut cfg = std::mem::MaybeUninit::<CERT_CHAIN_ENGINE_CONFIG>::zeroed();
            // SAFETY: the caller's structure has `cb` readable bytes; at most the size of ours is
            // copied into it.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    pConfig.cast::<u8>(),
                    cfg.as_mut_ptr().cast::<u8>(),
                    cb.min(full),
                )
            };
            // SAFETY: all-zero is a valid CERT_CHAIN_ENGINE_CONFIG (integers and NULL pointers), and the
            // bytes copied over it came from one.
            let cfg = unsafe { cfg.assume_init() };
            // SAFETY: rghAdditionalStore holds cAdditionalStore handles per the API contract.
            let additional =
                match unsafe { caller_slice(cfg.rghAdditionalStore, cfg.cAdditionalStore) } {
                    Ok(stores) => stores.to_vec(),
                    Err(_) => {
                        fail(Win32Error::of(E_INVALIDARG));
                        return FALSE;
                    }
                };
            let reaches = |end: usize| cb >= end;
            let config = EngineConfig {
                restricted_root: cfg.hRestrictedRoot,
                restricted_trust: cfg.hRestrictedTrust,
                restricted_other: cfg.hRestrictedOther,
                additional,
                exclusive_root: if reaches(std::mem::offset_of!(
                    CERT_CHAIN_ENGINE_CONFIG,
                    hExclusiveTrustedPeople
                )) {
                    cfg.hExclusiveRoot
                } else {
                    std::ptr::null_mut()
                },
                exclusive_flags: if reaches(
                    std::mem::offset_of!(CERT_CHAIN_ENGINE_CONFIG, dwExclusiveFlags) + 4,
                ) {
                    cfg.dwExclusiveFlags
                } else {
                    0
                },
            };
            match api::create_chain_engine(&config) {
                Ok(h) => {
                    // SAFETY: phChainEngine is non-NULL and writable.
                    unsafe { Out::new(phChainEngine).write(h) };
                    TRUE
                }
                Err(e) => {
                    fail(e);
                    FALSE
                }
            }
        },
    )
}

/// CertFreeCertificateChainEngine: frees an engine from `CertCreateCertificateChainEngine` (its
/// store handles are closed; chains built with it stay valid). NULL and `HCCE_*` do nothing; an
/// unknown handle sets `E_INVALIDARG`.
///
/// # Safety
/// `hChainEngine` may be anything: it is looked up among the live objects of this library before
/// use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertFreeCertificateChainEngine(hChainEngine: HCERTCHAINENGINE) {
    export(
        "CertFreeCertificateChainEngine",
        Void,
        || [Arg::ptr("hChainEngine", hChainEngine)],
        || {
            if let Err(e) = api::free_chain_engine(hChainEngine) {
                fail(e);
            }
        },
    )
}

/// # Safety
/// `p` must point to a readable `CERT_CHAIN_PARA` of at least `cbSize` bytes whose usage array is
/// valid.
unsafe fn chain_usage(p: *const CERT_CHAIN_PARA) -> Option<Usage> {
    // SAFETY: the structure starts with its DWORD cbSize.
    let cb = unsafe { p.cast::<DWORD>().read_unaligned() } as usize;
    if cb < std::mem::size_of::<CERT_CHAIN_PARA>() {
        return None;
    }
    // SAFETY: cbSize covers the whole base structure.
    let para = unsafe { std::ptr::read_unaligned(p) };
    let usage = para.RequestedUsage;
    let (ids, n) = (
        usage.Usage.rgpszUsageIdentifier,
        usage.Usage.cUsageIdentifier,
    );
    // SAFETY: rgpszUsageIdentifier holds cUsageIdentifier string pointers.
    let ids = unsafe { caller_slice(ids, n) }.ok()?;
    // OIDs are ASCII: one that is not UTF-8 matches no usage, lossy or refused alike.
    let oids = ids
        .iter()
        // SAFETY: each is NULL or a NUL-terminated OID string.
        .filter_map(|&s| unsafe { narrow_bytes(s) })
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    Some(Usage {
        any: usage.dwType == USAGE_MATCH_TYPE_OR,
        oids,
    })
}

/// CertGetCertificateChain: builds the chain of `pCertContext` at `pTime` (NULL: now), looking for
/// issuers in `hAdditionalStore` (typically the peer certificate's own `hCertStore`) and in the
/// engine's stores, and returns it through `ppChainContext` (free it with
/// `CertFreeCertificateChain`). `hChainEngine` NULL / `HCCE_CURRENT_USER` / `HCCE_LOCAL_MACHINE`
/// is the default engine over the system ROOT and CA stores (read for this call, honouring
/// `SSL_CERT_FILE` / `SSL_CERT_DIR`); otherwise an engine from `CertCreateCertificateChainEngine`.
///
/// The result is one simple chain, leaf first; every element (`CERT_CHAIN_ELEMENT`, holding a
/// reference on its `pCertContext`) has its own `CERT_TRUST_STATUS`, and the simple chain and the
/// context carry the aggregate. Error bits: `CERT_TRUST_IS_UNTRUSTED_ROOT` (self-signed root not in
/// the engine's root store), `CERT_TRUST_IS_PARTIAL_CHAIN` (no issuer found; chain level),
/// `CERT_TRUST_IS_NOT_TIME_VALID`, `CERT_TRUST_IS_NOT_SIGNATURE_VALID` (checked with webpki's
/// algorithms through ring), `CERT_TRUST_IS_NOT_VALID_FOR_USAGE` (`RequestedUsage`, e.g.
/// `szOID_PKIX_KP_SERVER_AUTH`, missing from an extended key usage), `CERT_TRUST_INVALID_BASIC_
/// CONSTRAINTS`, `CERT_TRUST_HAS_NOT_SUPPORTED_CRITICAL_EXT`, and, on the certificates a
/// `CERT_CHAIN_REVOCATION_CHECK_*` flag covers, what the CRLs in the stores the chain is built
/// from say (`CertAddEncodedCRLToStore`; a CRL of the certificate's issuer, signed by it, not
/// dated in the future): `CERT_TRUST_IS_REVOKED` when it lists the serial number, nothing when a
/// current one does not, `CERT_TRUST_REVOCATION_STATUS_UNKNOWN | CERT_TRUST_IS_OFFLINE_REVOCATION`
/// when only out-of-date ones do not, `CERT_TRUST_REVOCATION_STATUS_UNKNOWN` when there is none,
/// as Windows answers for a certificate without reachable revocation information. For the end
/// certificate, an OCSP response its server stapled in the TLS handshake counts too (the
/// `CERT_OCSP_RESPONSE_PROP_ID` of the context SECPKG_ATTR_REMOTE_CERT_CONTEXT returns, as
/// Schannel attaches it): when it is a successful basic response signed by the issuer or by a
/// responder the issuer certified for OCSP signing, and answers for this certificate, "revoked"
/// gives `CERT_TRUST_IS_REVOKED`, "good" nothing (or `_REVOCATION_STATUS_UNKNOWN |
/// _IS_OFFLINE_REVOCATION` past its nextUpdate), anything else `_REVOCATION_STATUS_UNKNOWN`;
/// revoked by either source is revoked, known by either is known. Intermediates have no stapled
/// response: without their issuer's CRL they are `_REVOCATION_STATUS_UNKNOWN` under
/// `CERT_CHAIN_REVOCATION_CHECK_CHAIN[_EXCLUDE_ROOT]`. Info bits:
/// `CERT_TRUST_HAS_EXACT_MATCH_ISSUER` / `_HAS_KEY_MATCH_ISSUER` /
/// `_HAS_NAME_MATCH_ISSUER`, `_HAS_PREFERRED_ISSUER`, `_IS_SELF_SIGNED`,
/// `_IS_FROM_EXCLUSIVE_TRUST_STORE`, `_IS_CA_TRUSTED`.
///
/// Errors (FALSE): `E_INVALIDARG` for a NULL or short (`cbSize` < 32) `pChainPara` and for unknown
/// engine, context or store handles.
///
/// Differs from Windows: nothing is fetched (no AIA issuers, no CRL distribution points, no OCSP
/// requests: only CRLs the application added and the stapled response count); a root's self-signature, name constraints and certificate
/// policies are not checked; signatures Windows would verify but webpki refuses (SHA-1, RSA keys
/// under 2048 bits, P-521) are `CERT_TRUST_IS_NOT_SIGNATURE_VALID`; the extra
/// `CERT_CHAIN_PARA` fields (issuance policy, timeouts) and the other `dwFlags` are ignored; no
/// lower-quality chains are returned.
///
/// # Safety
/// As Windows documents them: `pTime` NULL or readable; `pChainPara` NULL or readable for its
/// `cbSize`, with the arrays, strings and callbacks it holds valid as Windows documents them.
/// Outputs: `ppChainContext` NULL or writable. `hChainEngine`, `pCertContext`, `hAdditionalStore`
/// may be anything: they are looked up among the live objects of this library before use, never
/// dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertGetCertificateChain(
    hChainEngine: HCERTCHAINENGINE,
    pCertContext: PCCERT_CONTEXT,
    pTime: LPFILETIME,
    hAdditionalStore: HCERTSTORE,
    pChainPara: PCERT_CHAIN_PARA,
    dwFlags: DWORD,
    pvReserved: LPVOID,
    ppChainContext: *mut PCCERT_CHAIN_CONTEXT,
) -> BOOL {
    export(
        "CertGetCertificateChain",
        Bool,
        || {
            [
                Arg::ptr("hChainEngine", hChainEngine),
                Arg::ptr("pCertContext", pCertContext),
                Arg::ptr("pTime", pTime),
                Arg::ptr("hAdditionalStore", hAdditionalStore),
                Arg::ptr("pChainPara", pChainPara),
                Arg::flags("dwFlags", dwFlags),
                Arg::ptr("pvReserved", pvReserved),
                Arg::ptr("ppChainContext", ppChainContext),
            ]
        },
        || {
            // SAFETY: NULL or writable per the API contract.
            unsafe { Out::new(ppChainContext).write(std::ptr::null()) };
            if pChainPara.is_null() {
                fail(Win32Error::of(E_INVALIDARG));
                return FALSE;
            }
            // SAFETY: non-NULL; the caller passes a CERT_CHAIN_PARA of cbSize bytes.
            let Some(usage) = (unsafe { chain_usage(pChainPara) }) else {
                fail(Win32Error::of(E_INVALIDARG));
                return FALSE;
            };
            let args = ChainArgs {
                engine: hChainEngine,
                cert: pCertContext,
                // SAFETY: NULL or a readable FILETIME per the API contract.
                time: unsafe { filetime_at(pTime) },
                additional: hAdditionalStore,
                usage,
                flags: dwFlags,
            };
            match api::get_chain(&args) {
                Ok(chain) => {
                    if ppChainContext.is_null() {
                        let _ = api::free_chain(chain);
                    } else {
                        // SAFETY: non-NULL and writable per the API contract.
                        unsafe { Out::new(ppChainContext).write(chain) };
                    }
                    TRUE
                }
                Err(e) => {
                    fail(e);
                    FALSE
                }
            }
        },
    )
}

/// CertFreeCertificateChain: drops one reference to a chain context; the last one frees it and
/// releases the element certificates. NULL does nothing.
///
/// Differs from Windows: a pointer that is not a live chain context (or one freed too often) is
/// ignored with `E_INVALIDARG` instead of a crash.
///
/// # Safety
/// `pChainContext` may be anything: it is looked up among the live objects of this library before
/// use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertFreeCertificateChain(pChainContext: PCCERT_CHAIN_CONTEXT) {
    export(
        "CertFreeCertificateChain",
        Void,
        || [Arg::ptr("pChainContext", pChainContext)],
        || {
            if let Err(e) = api::free_chain(pChainContext) {
                fail(e);
            }
        },
    )
}

/// CertDuplicateCertificateChain: the same pointer with one more reference (each freed with
/// `CertFreeCertificateChain`). NULL gives NULL; an unknown pointer NULL with `E_INVALIDARG`.
///
/// # Safety
/// `pChainContext` may be anything: it is looked up among the live objects of this library before
/// use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertDuplicateCertificateChain(
    pChainContext: PCCERT_CHAIN_CONTEXT,
) -> PCCERT_CHAIN_CONTEXT {
    export(
        "CertDuplicateCertificateChain",
        Null,
        || [Arg::ptr("pChainContext", pChainContext)],
        || to_ptr(api::duplicate_chain(pChainContext)),
    )
}

/// # Safety
/// `p` must be NULL or point to a readable `CERT_CHAIN_POLICY_PARA` of `cbSize` bytes whose
/// `pvExtraPolicyPara`, for the SSL policy, is NULL or a readable
/// `SSL_EXTRA_CERT_CHAIN_POLICY_PARA`.
unsafe fn policy_para(
    p: *const CERT_CHAIN_POLICY_PARA,
    ssl: bool,
) -> Result<PolicyPara, Win32Error> {
    let mut out = PolicyPara::default();
    if p.is_null() {
        return Ok(out);
    }
    // SAFETY: the structure starts with its DWORD cbSize.
    let cb = unsafe { p.cast::<DWORD>().read_unaligned() } as usize;
    if cb < std::mem::size_of::<CERT_CHAIN_POLICY_PARA>() {
        return Ok(out);
    }
    // SAFETY: cbSize covers the whole structure.
    let para = unsafe { std::ptr::read_unaligned(p) };
    out.flags = para.dwFlags;
    let extra = para
        .pvExtraPolicyPara
        .cast::<SSL_EXTRA_CERT_CHAIN_POLICY_PARA>();
    if !ssl || extra.is_null() {
        return Ok(out);
    }
    // SAFETY: the SSL policy's extra parameter starts with its DWORD cbSize.
    let cb = unsafe { extra.cast::<DWORD>().read_unaligned() } as usize;
    if cb < std::mem::offset_of!(SSL_EXTRA_CERT_CHAIN_POLICY_PARA, pwszServerName) {
        return Ok(out);
    }
    let name_end = std::mem::size_of::<SSL_EXTRA_CERT_CHAIN_POLICY_PARA>();
    // SAFETY: cbSize covers dwAuthType and fdwChecks.
    let (auth_type, checks) = unsafe {
        (
            std::ptr::addr_of!((*extra).dwAuthType).read_unaligned(),
            std::ptr::addr_of!((*extra).fdwChecks).read_unaligned(),
        )
    };
    let server_name = if cb >= name_end {
        // SAFETY: cbSize covers pwszServerName, which is NULL or a NUL-terminated UTF-16 string.
        let name =
            unsafe { Text::wide(std::ptr::addr_of!((*extra).pwszServerName).read_unaligned()) };
        text(name, E_INVALIDARG)?
    } else {
        None
    };
    out.ssl = Some(SslPara {
        auth_type,
        checks,
        server_name,
    });
    Ok(out)
}

/// CertVerifyCertificateChainPolicy: checks a chain from `CertGetCertificateChain` against a policy
/// and puts the verdict in `pPolicyStatus`: `dwError` 0 or the error, `lChainIndex` /
/// `lElementIndex` the chain and element at fault (-1 when none). Returns TRUE whenever the check
/// could be made, whatever its verdict.
///
/// Policies: `CERT_CHAIN_POLICY_BASE` (1), `CERT_CHAIN_POLICY_SSL` (4) and
/// `CERT_CHAIN_POLICY_BASIC_CONSTRAINTS` (5). In order, the first that applies:
/// `TRUST_E_CERT_SIGNATURE`; `CERT_E_UNTRUSTEDROOT` and `CERT_E_CHAINING` (partial chain), both
/// ignored with `CERT_CHAIN_POLICY_ALLOW_UNKNOWN_CA_FLAG` or `SECURITY_FLAG_IGNORE_UNKNOWN_CA`;
/// `CERT_E_EXPIRED` (also not yet valid; `CERT_CHAIN_POLICY_IGNORE_NOT_TIME_VALID_FLAG`,
/// `SECURITY_FLAG_IGNORE_CERT_DATE_INVALID`); `TRUST_E_BASIC_CONSTRAINTS`
/// (`..._IGNORE_INVALID_BASIC_CONSTRAINTS_FLAG`); `CERT_E_WRONG_USAGE`
/// (`..._IGNORE_WRONG_USAGE_FLAG`, `SECURITY_FLAG_IGNORE_WRONG_USAGE`); `CERT_E_CRITICAL`;
/// `CRYPT_E_NO_REVOCATION_CHECK` (`..._IGNORE_END/CA/ROOT_REV_UNKNOWN_FLAG`,
/// `SECURITY_FLAG_IGNORE_REVOCATION`); then, for the SSL policy with an
/// `SSL_EXTRA_CERT_CHAIN_POLICY_PARA` of `dwAuthType` `AUTHTYPE_SERVER` and a `pwszServerName`,
/// `CERT_E_CN_NO_MATCH` (element 0) unless `SECURITY_FLAG_IGNORE_CERT_CN_INVALID`: DNS names match
/// the dNSName alternative names per RFC 6125 (`*` only as the whole or part of the left-most label),
/// IP literals the iPAddress ones, and the common name is used only when the certificate has no
/// subjectAltName extension, as Windows does.
///
/// Errors (FALSE): `E_INVALIDARG` for a NULL status, an unknown chain context, a
/// `pwszServerName` that is not UTF-16, or another policy (`E_NOTIMPL` for other
/// `CERT_CHAIN_POLICY_*` ids and OID strings).
///
/// # Safety
/// As Windows documents them: `pPolicyPara` NULL or readable for its `cbSize`, with the arrays,
/// strings and callbacks it holds valid as Windows documents them. `pszPolicyOID` is a
/// `CERT_CHAIN_POLICY_*` id or a NUL-terminated OID string. Outputs: `pPolicyStatus` NULL or
/// writable. `pChainContext` may be anything: it is looked up among the live objects of this
/// library before use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertVerifyCertificateChainPolicy(
    pszPolicyOID: LPCSTR,
    pChainContext: PCCERT_CHAIN_CONTEXT,
    pPolicyPara: PCERT_CHAIN_POLICY_PARA,
    pPolicyStatus: PCERT_CHAIN_POLICY_STATUS,
) -> BOOL {
    export(
        "CertVerifyCertificateChainPolicy",
        Bool,
        || {
            [
                Arg::ptr("pszPolicyOID", pszPolicyOID),
                Arg::ptr("pChainContext", pChainContext),
                Arg::ptr("pPolicyPara", pPolicyPara),
                Arg::ptr("pPolicyStatus", pPolicyStatus),
            ]
        },
        || {
            if pPolicyStatus.is_null() {
                fail(Win32Error::of(E_INVALIDARG));
                return FALSE;
            }
            let id = pszPolicyOID as usize;
            let id = if id <= MAX_PROVIDER_ID {
                id
            } else {
                usize::MAX
            };
            // SAFETY: NULL or a CERT_CHAIN_POLICY_PARA per the API contract.
            let para = unsafe { policy_para(pPolicyPara, id == CERT_CHAIN_POLICY_SSL) };
            match para.and_then(|para| api::verify_chain_policy(id, pChainContext, &para)) {
                Ok(st) => {
                    // SAFETY: non-NULL; the caller's CERT_CHAIN_POLICY_STATUS is writable.
                    unsafe {
                        std::ptr::addr_of_mut!((*pPolicyStatus).dwError).write_unaligned(st.error);
                        std::ptr::addr_of_mut!((*pPolicyStatus).lChainIndex)
                            .write_unaligned(st.chain_index);
                        std::ptr::addr_of_mut!((*pPolicyStatus).lElementIndex)
                            .write_unaligned(st.element_index);
                    }
                    TRUE
                }
                Err(e) => {
                    fail(e);
                    FALSE
                }
            }
        },
    )
}

/// CertFindExtension: the first element of `rgExtensions[0..cExtensions]` whose `pszObjId` is
/// `pszObjId` (e.g. `szOID_SUBJECT_ALT_NAME2` in `pCertContext->pCertInfo->rgExtension`), or
/// NULL. Works on any caller array, not only ours. No match leaves the last error as it was;
/// a NULL OID, or a NULL array with a non-zero count, is NULL with `ERROR_INVALID_PARAMETER`.
///
/// # Safety
/// As Windows documents them: `pszObjId` NULL or NUL-terminated; `rgExtensions` NULL or
/// `cExtensions` readable `CERT_EXTENSION`s.
#[no_mangle]
pub unsafe extern "C" fn CertFindExtension(
    pszObjId: LPCSTR,
    cExtensions: DWORD,
    rgExtensions: *mut CERT_EXTENSION,
) -> PCERT_EXTENSION {
    export(
        "CertFindExtension",
        Null,
        || {
            [
                Arg::ptr("pszObjId", pszObjId),
                Arg::flags("cExtensions", cExtensions),
                Arg::ptr("rgExtensions", rgExtensions),
            ]
        },
        || {
            if cExtensions == 0 {
                return std::ptr::null_mut();
            }
            // SAFETY: NULL or a NUL-terminated OID string, and NULL or cExtensions readable
            // CERT_EXTENSIONs, per the API contract.
            let (Some(oid), Ok(extensions)) = (unsafe {
                (
                    narrow_bytes(pszObjId),
                    caller_slice(rgExtensions, cExtensions),
                )
            }) else {
                fail(invalid_parameter());
                return std::ptr::null_mut();
            };
            let oids: Vec<Option<&[u8]>> = extensions
                .iter()
                // SAFETY: each pszObjId is NULL or a NUL-terminated string.
                .map(|e| unsafe { narrow_bytes(e.pszObjId) })
                .collect();
            match crate::cert::decode::find_extension(oid, &oids) {
                // SAFETY: the index is below cExtensions.
                Some(i) => unsafe { rgExtensions.add(i) },
                None => std::ptr::null_mut(),
            }
        },
    )
}

/// Allocates `n` bytes the way `CRYPT_DECODE_ALLOC_FLAG` asks: the caller's `pfnAlloc` when
/// `pDecodePara` names one, else `malloc`, which stands in for `LocalAlloc`.
///
/// # Safety
/// `para` must be NULL or point to a readable `CRYPT_DECODE_PARA` of `cbSize` bytes whose
/// `pfnAlloc`, if set, behaves like `malloc`.
unsafe fn decode_alloc(para: *const CRYPT_DECODE_PARA, n: usize) -> *mut c_void {
    let alloc = if para.is_null() {
        None
    } else {
        // SAFETY: non-NULL; the structure starts with its DWORD cbSize.
        let cb = unsafe { para.cast::<DWORD>().read_unaligned() } as usize;
        if cb >= std::mem::offset_of!(CRYPT_DECODE_PARA, pfnFree) {
            // SAFETY: cbSize covers pfnAlloc.
            unsafe { std::ptr::addr_of!((*para).pfnAlloc).read_unaligned() }
        } else {
            None
        }
    };
    match alloc {
        // SAFETY: the caller's allocator, called as PFN_CRYPT_ALLOC is documented.
        Some(f) => unsafe { f(n) },
        // SAFETY: malloc with a non-zero size has no preconditions.
        None => unsafe { libc::malloc(n.max(1)) },
    }
}

/// The shared body of CryptDecodeObjectEx and CryptDecodeObject.
///
/// # Safety
/// As `CryptDecodeObjectEx`'s parameters.
#[allow(clippy::too_many_arguments)]
unsafe fn decode_object(
    encoding: DWORD,
    struct_type: LPCSTR,
    encoded: *const BYTE,
    cb_encoded: DWORD,
    flags: DWORD,
    para: *const CRYPT_DECODE_PARA,
    out: *mut c_void,
    pcb: *mut DWORD,
) -> BOOL {
    let alloc = flags & CRYPT_DECODE_ALLOC_FLAG != 0;
    if alloc {
        if out.is_null() {
            fail(invalid_parameter());
            return FALSE;
        }
        // SAFETY: with the ALLOC flag `out` is the address of the caller's pointer.
        unsafe {
            out.cast::<*mut c_void>()
                .write_unaligned(std::ptr::null_mut())
        };
    } else if pcb.is_null() {
        fail(invalid_parameter());
        return FALSE;
    }
    let id = struct_type as usize;
    let t = if id <= MAX_PROVIDER_ID {
        crate::cert::decode::StructType::Id(id)
    } else {
        // SAFETY: not a small id, so per the API contract a NUL-terminated OID string.
        match text(
            unsafe { Text::narrow(struct_type) },
            ERROR_INVALID_PARAMETER,
        ) {
            Ok(oid) => crate::cert::decode::StructType::Oid(oid.unwrap_or_default()),
            Err(e) => {
                fail(e);
                return FALSE;
            }
        }
    };
    // SAFETY: the caller passes cbEncoded readable bytes.
    let Some(data) = unsafe { caller_slice(encoded, cb_encoded) }.ok() else {
        fail(invalid_parameter());
        return FALSE;
    };
    let decoded = match crate::cert::decode::decode(encoding, &t, data) {
        Ok(d) => d,
        Err(e) => {
            fail(e);
            return FALSE;
        }
    };
    let size = decoded.size();
    let size32 = u32::try_from(size).unwrap_or(u32::MAX);
    let dst = if alloc {
        // SAFETY: para is NULL or the caller's CRYPT_DECODE_PARA.
        let p = unsafe { decode_alloc(para, size) };
        if p.is_null() {
            fail(Win32Error::of(ERROR_NOT_ENOUGH_MEMORY));
            return FALSE;
        }
        // SAFETY: `out` is the caller's pointer variable (checked non-NULL above).
        unsafe { out.cast::<*mut c_void>().write_unaligned(p) };
        p
    } else {
        // SAFETY: pcb is non-NULL and points to the caller's DWORD.
        let have = unsafe { pcb.read_unaligned() };
        // SAFETY: as above.
        unsafe { pcb.write_unaligned(size32) };
        if out.is_null() {
            return TRUE;
        }
        if (have as usize) < size {
            fail(Win32Error::of(ERROR_MORE_DATA));
            return FALSE;
        }
        out
    };
    let block = decoded.layout(dst as usize);
    // SAFETY: dst holds at least `size` = block.len() writable bytes (our allocation of that
    // size, or the caller's buffer of `*pcbStructInfo` >= size bytes).
    unsafe { std::ptr::copy_nonoverlapping(block.as_ptr(), dst.cast::<u8>(), block.len()) };
    // SAFETY: NULL or the caller's DWORD.
    unsafe { Out::new(pcb).write(size32) };
    TRUE
}

/// CryptDecodeObjectEx: decodes `pbEncoded` as `lpszStructType`. Supported: `X509_ALTERNATE_NAME`
/// and the OIDs `szOID_SUBJECT_ALT_NAME2`, `szOID_SUBJECT_ALT_NAME`, `szOID_ISSUER_ALT_NAME2`,
/// `szOID_ISSUER_ALT_NAME` (an extension's `Value`) into a `CERT_ALT_NAME_INFO`: one entry per
/// GeneralName in order; DNS, RFC 822 and URL names as UTF-16 (`pwszDNSName` ...), IP addresses
/// as their 4 or 16 network-order bytes (`IPAddress`), directory names as the DER Name, other
/// names as a `CERT_OTHER_NAME` (OID and the DER value inside its `[0]` tag), registered ids as
/// dotted OIDs. Everything the structure points to lives in the same block.
///
/// With `CRYPT_DECODE_ALLOC_FLAG`, `pvStructInfo` is the address of a pointer that receives a
/// new block; free it with `LocalFree` (the Windows header set's `LocalFree` is `free()`: the
/// block comes from `malloc`), or with `pDecodePara->pfnFree` when `pDecodePara->pfnAlloc`
/// allocated it. `*pcbStructInfo`, if not NULL, receives the size. Without the flag, the size
/// protocol is Windows': `pvStructInfo` NULL sets `*pcbStructInfo` to the size needed and
/// returns TRUE; a buffer smaller than that is FALSE with `ERROR_MORE_DATA` and the size in
/// `*pcbStructInfo`.
///
/// Errors (FALSE): `ERROR_FILE_NOT_FOUND` for another structure type or an encoding type
/// without `X509_ASN_ENCODING`/`PKCS_7_ASN_ENCODING` (Windows' "no decoding function" code);
/// `CRYPT_E_ASN1_EOD` (empty or cut short), `CRYPT_E_ASN1_BADTAG` (not a SEQUENCE),
/// `CRYPT_E_ASN1_CORRUPT`; `ERROR_INVALID_PARAMETER` (NULL `pvStructInfo` with the ALLOC flag,
/// NULL `pcbStructInfo` without it, NULL data with a non-zero size, an OID string that is not
/// UTF-8); `ERROR_NOT_ENOUGH_MEMORY`.
///
/// Differs from Windows: `CRYPT_DECODE_NOCOPY_FLAG` is accepted but values are always copied
/// into the block; X.400 and EDI party names keep their `dwAltNameChoice` with an empty union.
///
/// # Safety
/// As Windows documents them: `pbEncoded` NULL or `cbEncoded` readable bytes; `pDecodePara` NULL or
/// readable for its `cbSize`, with the arrays, strings and callbacks it holds valid as Windows
/// documents them. `lpszStructType` is a structure-type id or a NUL-terminated OID string.
/// `pvStructInfo` is NULL, or with `CRYPT_DECODE_ALLOC_FLAG` a writable pointer variable, else
/// writable for `*pcbStructInfo` bytes. Outputs: `pcbStructInfo` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn CryptDecodeObjectEx(
    dwCertEncodingType: DWORD,
    lpszStructType: LPCSTR,
    pbEncoded: *const BYTE,
    cbEncoded: DWORD,
    dwFlags: DWORD,
    pDecodePara: PCRYPT_DECODE_PARA,
    pvStructInfo: *mut c_void,
    pcbStructInfo: *mut DWORD,
) -> BOOL {
    export(
        "CryptDecodeObjectEx",
        Bool,
        || {
            [
                Arg::flags("dwCertEncodingType", dwCertEncodingType),
                Arg::ptr("lpszStructType", lpszStructType),
                Arg::ptr("pbEncoded", pbEncoded),
                Arg::flags("cbEncoded", cbEncoded),
                Arg::flags("dwFlags", dwFlags),
                Arg::ptr("pDecodePara", pDecodePara),
                Arg::ptr("pvStructInfo", pvStructInfo),
                Arg::ptr("pcbStructInfo", pcbStructInfo),
            ]
        },
        || {
            // SAFETY: the parameters are as the API contract describes.
            unsafe {
                decode_object(
                    dwCertEncodingType,
                    lpszStructType,
                    pbEncoded,
                    cbEncoded,
                    dwFlags,
                    pDecodePara,
                    pvStructInfo,
                    pcbStructInfo,
                )
            }
        },
    )
}

/// CryptDecodeObject: `CryptDecodeObjectEx` without `CRYPT_DECODE_ALLOC_FLAG` and without a
/// decode parameter (the caller-buffer size protocol only).
///
/// # Safety
/// As Windows documents them: `pbEncoded` NULL or `cbEncoded` readable bytes. `lpszStructType` is a
/// structure-type id or a NUL-terminated OID string. `pvStructInfo` is NULL, or with
/// `CRYPT_DECODE_ALLOC_FLAG` a writable pointer variable, else writable for `*pcbStructInfo` bytes.
/// Outputs: `pcbStructInfo` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn CryptDecodeObject(
    dwCertEncodingType: DWORD,
    lpszStructType: LPCSTR,
    pbEncoded: *const BYTE,
    cbEncoded: DWORD,
    dwFlags: DWORD,
    pvStructInfo: *mut c_void,
    pcbStructInfo: *mut DWORD,
) -> BOOL {
    export(
        "CryptDecodeObject",
        Bool,
        || {
            [
                Arg::flags("dwCertEncodingType", dwCertEncodingType),
                Arg::ptr("lpszStructType", lpszStructType),
                Arg::ptr("pbEncoded", pbEncoded),
                Arg::flags("cbEncoded", cbEncoded),
                Arg::flags("dwFlags", dwFlags),
                Arg::ptr("pvStructInfo", pvStructInfo),
                Arg::ptr("pcbStructInfo", pcbStructInfo),
            ]
        },
        || {
            // SAFETY: the parameters are as the API contract describes.
            unsafe {
                decode_object(
                    dwCertEncodingType,
                    lpszStructType,
                    pbEncoded,
                    cbEncoded,
                    dwFlags & !CRYPT_DECODE_ALLOC_FLAG,
                    std::ptr::null(),
                    pvStructInfo,
                    pcbStructInfo,
                )
            }
        },
    )
}

// ---- legacy CryptoAPI hashing (advapi32) ----------------------------------------------------

/// The shared body of CryptAcquireContextA/W, once the strings are read.
///
/// # Safety
/// `phProv` must be NULL or writable.
unsafe fn acquire(
    phProv: *mut HCRYPTPROV,
    container: Text<'_>,
    provider: Text<'_>,
    dwProvType: DWORD,
    dwFlags: DWORD,
) -> BOOL {
    if phProv.is_null() {
        fail(invalid_parameter());
        return FALSE;
    }
    let (container, provider) = match (
        text(container, ERROR_INVALID_PARAMETER),
        text(provider, ERROR_INVALID_PARAMETER),
    ) {
        (Ok(c), Ok(p)) => (c, p),
        (Err(e), _) | (_, Err(e)) => {
            fail(e);
            return FALSE;
        }
    };
    let args = crate::cert::cryptoapi::AcquireArgs {
        container: container.as_deref(),
        provider: provider.as_deref(),
        prov_type: dwProvType,
        flags: dwFlags,
    };
    match crate::cert::cryptoapi::acquire_context(&args) {
        Ok(h) => {
            // SAFETY: phProv is non-NULL and writable.
            unsafe { phProv.write_unaligned(h.unwrap_or(0)) };
            TRUE
        }
        Err(e) => {
            fail(e);
            FALSE
        }
    }
}

/// CryptAcquireContextA: a provider context for hashing. `dwProvType` `PROV_RSA_FULL` (MD5,
/// SHA-1) or `PROV_RSA_AES` (also SHA-256/384/512), as Windows' providers of those types;
/// `szProvider` NULL or one of `MS_DEF_PROV`, `MS_ENHANCED_PROV`, `MS_STRONG_PROV` (type
/// `PROV_RSA_FULL`), `MS_ENH_RSA_AES_PROV`, `MS_ENH_RSA_AES_PROV_XP` (`PROV_RSA_AES`).
/// `CRYPT_VERIFYCONTEXT` (with `szContainer` NULL or empty) is what hashing code passes; without
/// it the container must exist: `CRYPT_NEWKEYSET` creates one, `CRYPT_DELETEKEYSET` removes it
/// (and sets `*phProv` to 0). `CRYPT_SILENT` and `CRYPT_MACHINE_KEYSET` are accepted. Release the
/// context with `CryptReleaseContext`.
///
/// Errors (FALSE): `ERROR_INVALID_PARAMETER` (NULL `phProv`), `NTE_BAD_PROV_TYPE` (0 or above
/// 999), `NTE_BAD_FLAGS`, `NTE_KEYSET_NOT_DEF` (unknown provider name),
/// `NTE_PROV_TYPE_NO_MATCH`, `NTE_PROV_TYPE_NOT_DEF` (another provider type), `NTE_BAD_KEYSET`
/// (no such container), `NTE_EXISTS`; `ERROR_INVALID_PARAMETER` for a name that is not UTF-8
/// (W: UTF-16) or longer than 32767 units.
///
/// Differs from Windows: the strings are UTF-8; containers hold no keys and last only as long as
/// the process; provider types other than the two (DSS, Schannel, smart cards) do not exist.
///
/// # Safety
/// As Windows documents them: `szContainer` NULL or NUL-terminated; `szProvider` NULL or NUL-
/// terminated. Outputs: `phProv` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn CryptAcquireContextA(
    phProv: *mut HCRYPTPROV,
    szContainer: LPCSTR,
    szProvider: LPCSTR,
    dwProvType: DWORD,
    dwFlags: DWORD,
) -> BOOL {
    export(
        "CryptAcquireContextA",
        Bool,
        || {
            [
                Arg::ptr("phProv", phProv),
                Arg::ptr("szContainer", szContainer),
                Arg::ptr("szProvider", szProvider),
                Arg::flags("dwProvType", dwProvType),
                Arg::flags("dwFlags", dwFlags),
            ]
        },
        || {
            // SAFETY: NULL or NUL-terminated strings per the API contract.
            let (container, provider) =
                unsafe { (Text::narrow(szContainer), Text::narrow(szProvider)) };
            // SAFETY: phProv is NULL or writable per the API contract.
            unsafe { acquire(phProv, container, provider, dwProvType, dwFlags) }
        },
    )
}

/// CryptAcquireContextW: as `CryptAcquireContextA`, with UTF-16 strings.
///
/// # Safety
/// As Windows documents them: `szContainer` NULL or NUL-terminated UTF-16; `szProvider` NULL or
/// NUL-terminated UTF-16. Outputs: `phProv` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn CryptAcquireContextW(
    phProv: *mut HCRYPTPROV,
    szContainer: LPCWSTR,
    szProvider: LPCWSTR,
    dwProvType: DWORD,
    dwFlags: DWORD,
) -> BOOL {
    export(
        "CryptAcquireContextW",
        Bool,
        || {
            [
                Arg::ptr("phProv", phProv),
                Arg::ptr("szContainer", szContainer),
                Arg::ptr("szProvider", szProvider),
                Arg::flags("dwProvType", dwProvType),
                Arg::flags("dwFlags", dwFlags),
            ]
        },
        || {
            // SAFETY: NULL or NUL-terminated UTF-16 strings per the API contract.
            let (container, provider) =
                unsafe { (Text::wide(szContainer), Text::wide(szProvider)) };
            // SAFETY: phProv is NULL or writable per the API contract.
            unsafe { acquire(phProv, container, provider, dwProvType, dwFlags) }
        },
    )
}

/// CryptReleaseContext: releases a provider context (hashes made with it stay usable until
/// `CryptDestroyHash`). FALSE with `NTE_BAD_UID` for an unknown handle; with `dwFlags` other than
/// 0 the context is released and the call reports `NTE_BAD_FLAGS`, as Windows does.
///
/// # Safety
/// None: the arguments are plain values.
#[no_mangle]
pub unsafe extern "C" fn CryptReleaseContext(hProv: HCRYPTPROV, dwFlags: DWORD) -> BOOL {
    export(
        "CryptReleaseContext",
        Bool,
        || [Arg::value("hProv", hProv), Arg::flags("dwFlags", dwFlags)],
        || to_bool(crate::cert::cryptoapi::release_context(hProv, dwFlags)),
    )
}

/// CryptCreateHash: a hash object for `Algid` (`CALG_MD5`, `CALG_SHA1`; with `PROV_RSA_AES`
/// also `CALG_SHA_256`, `CALG_SHA_384`, `CALG_SHA_512`); destroy it with `CryptDestroyHash`.
/// Errors (FALSE, `*phHash` untouched): `ERROR_INVALID_PARAMETER` (NULL `phHash`), `NTE_BAD_UID`
/// (unknown provider), `NTE_BAD_FLAGS`, `NTE_BAD_KEY` (a key handle, or `CALG_HMAC`/`CALG_MAC`,
/// which need one), `NTE_BAD_ALGID` (SHA-2 under `PROV_RSA_FULL`, as Windows; MD2, MD4 and
/// the other `CALG_*` here).
///
/// # Safety
/// Outputs, as Windows documents them: `phHash` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn CryptCreateHash(
    hProv: HCRYPTPROV,
    Algid: ALG_ID,
    hKey: HCRYPTKEY,
    dwFlags: DWORD,
    phHash: *mut HCRYPTHASH,
) -> BOOL {
    export(
        "CryptCreateHash",
        Bool,
        || {
            [
                Arg::value("hProv", hProv),
                Arg::flags("Algid", Algid),
                Arg::value("hKey", hKey),
                Arg::flags("dwFlags", dwFlags),
                Arg::ptr("phHash", phHash),
            ]
        },
        || {
            if phHash.is_null() {
                fail(invalid_parameter());
                return FALSE;
            }
            match crate::cert::cryptoapi::create_hash(hProv, Algid, hKey, dwFlags) {
                Ok(h) => {
                    // SAFETY: phHash is non-NULL and writable.
                    unsafe { phHash.write_unaligned(h) };
                    TRUE
                }
                Err(e) => {
                    fail(e);
                    FALSE
                }
            }
        },
    )
}

/// CryptHashData: adds `dwDataLen` bytes to the hash. Errors (FALSE): `NTE_BAD_HASH` (unknown
/// handle), `NTE_BAD_FLAGS` (flags other than `CRYPT_USERDATA`), `NTE_BAD_HASH_STATE` (after
/// the value was read), `ERROR_INVALID_PARAMETER` (NULL data with a non-zero length).
///
/// # Safety
/// As Windows documents them: `pbData` NULL or `dwDataLen` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn CryptHashData(
    hHash: HCRYPTHASH,
    pbData: *const BYTE,
    dwDataLen: DWORD,
    dwFlags: DWORD,
) -> BOOL {
    export(
        "CryptHashData",
        Bool,
        || {
            [
                Arg::value("hHash", hHash),
                Arg::ptr("pbData", pbData),
                Arg::flags("dwDataLen", dwDataLen),
                Arg::flags("dwFlags", dwFlags),
            ]
        },
        || {
            // SAFETY: the caller passes dwDataLen readable bytes.
            let Some(data) = unsafe { caller_slice(pbData, dwDataLen) }.ok() else {
                fail(invalid_parameter());
                return FALSE;
            };
            to_bool(crate::cert::cryptoapi::hash_data(hHash, data, dwFlags))
        },
    )
}

/// CryptGetHashParam: `HP_HASHVAL` (the digest; reading it finishes the hash, so later
/// `CryptHashData` calls fail with `NTE_BAD_HASH_STATE` and later reads give the same value),
/// `HP_HASHSIZE` and `HP_ALGID` (DWORDs). Size protocol as Windows: `pbData` NULL sets
/// `*pdwDataLen` to the size and returns TRUE (without finishing the hash); a buffer smaller
/// than the value is FALSE with `ERROR_MORE_DATA` and the size in `*pdwDataLen`. Errors:
/// `NTE_BAD_HASH`, `NTE_BAD_FLAGS` (non-zero `dwFlags`), `NTE_BAD_TYPE` (another `dwParam`),
/// `ERROR_INVALID_PARAMETER` (NULL `pdwDataLen`).
///
/// # Safety
/// Outputs, as Windows documents them: `pbData` NULL or writable for `*pdwDataLen` bytes;
/// `pdwDataLen` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn CryptGetHashParam(
    hHash: HCRYPTHASH,
    dwParam: DWORD,
    pbData: *mut BYTE,
    pdwDataLen: *mut DWORD,
    dwFlags: DWORD,
) -> BOOL {
    export(
        "CryptGetHashParam",
        Bool,
        || {
            [
                Arg::value("hHash", hHash),
                Arg::flags("dwParam", dwParam),
                Arg::ptr("pbData", pbData),
                Arg::ptr("pdwDataLen", pdwDataLen),
                Arg::flags("dwFlags", dwFlags),
            ]
        },
        || {
            if pdwDataLen.is_null() {
                fail(invalid_parameter());
                return FALSE;
            }
            let value = match crate::cert::cryptoapi::hash_param(
                hHash,
                dwParam,
                dwFlags,
                !pbData.is_null(),
            ) {
                Ok(v) => v,
                Err(e) => {
                    fail(e);
                    return FALSE;
                }
            };
            let needed = u32::try_from(value.len()).unwrap_or(u32::MAX);
            // SAFETY: pdwDataLen is non-NULL and points to the caller's DWORD.
            let have = unsafe { pdwDataLen.read_unaligned() };
            // SAFETY: as above.
            unsafe { pdwDataLen.write_unaligned(needed) };
            if pbData.is_null() {
                return TRUE;
            }
            if have < needed {
                fail(Win32Error::of(ERROR_MORE_DATA));
                return FALSE;
            }
            // SAFETY: the caller's buffer holds `have` >= `needed` bytes.
            unsafe { std::ptr::copy_nonoverlapping(value.as_ptr(), pbData, value.len()) };
            TRUE
        },
    )
}

/// CryptDestroyHash: destroys a hash object. FALSE with `NTE_BAD_HASH` for an unknown handle.
///
/// # Safety
/// None: the arguments are plain values.
#[no_mangle]
pub unsafe extern "C" fn CryptDestroyHash(hHash: HCRYPTHASH) -> BOOL {
    export(
        "CryptDestroyHash",
        Bool,
        || [Arg::value("hHash", hHash)],
        || to_bool(crate::cert::cryptoapi::destroy_hash(hHash)),
    )
}

// ---- issuer lookups and client-certificate selection ---------------------------------------

/// CertGetIssuerCertificateFromStore: the first (or, with `pPrevIssuerContext`, the next) issuer
/// of `pSubjectContext` in `hCertStore`, as a new reference; `pPrevIssuerContext` is always
/// freed. An issuer is a certificate whose subject Name is the subject's issuer Name, or, when
/// the subject has an authority key identifier, whose key identifier it names.
///
/// `*pdwFlags` asks for checks; each one that passes is cleared, each that fails stays set:
/// `CERT_STORE_SIGNATURE_FLAG` (the subject's signature verifies with the issuer's key),
/// `CERT_STORE_TIME_VALIDITY_FLAG` (the subject is valid now), `CERT_STORE_REVOCATION_FLAG`
/// (a current CRL of the issuer in `hCertStore`, added with `CertAddEncodedCRLToStore`, does not
/// list the subject; without such a CRL the flag stays set with `CERT_STORE_NO_CRL_FLAG`). No issuer: NULL with
/// `CRYPT_E_NOT_FOUND`, and `CERT_STORE_NO_ISSUER_FLAG` added when the signature or revocation
/// check was asked for.
///
/// Errors (NULL): `CRYPT_E_SELF_SIGNED` (the subject is a self-signed root), `E_INVALIDARG`
/// (other flags, or a previous issuer from another store), `ERROR_INVALID_PARAMETER` (NULL
/// `pdwFlags`, unknown store or context).
///
/// # Safety
/// Outputs, as Windows documents them: `pdwFlags` NULL or writable. `hCertStore`,
/// `pSubjectContext`, `pPrevIssuerContext` may be anything: they are looked up among the live
/// objects of this library before use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertGetIssuerCertificateFromStore(
    hCertStore: HCERTSTORE,
    pSubjectContext: PCCERT_CONTEXT,
    pPrevIssuerContext: PCCERT_CONTEXT,
    pdwFlags: *mut DWORD,
) -> PCCERT_CONTEXT {
    export(
        "CertGetIssuerCertificateFromStore",
        Null,
        || {
            [
                Arg::ptr("hCertStore", hCertStore),
                Arg::ptr("pSubjectContext", pSubjectContext),
                Arg::ptr("pPrevIssuerContext", pPrevIssuerContext),
                Arg::ptr("pdwFlags", pdwFlags),
            ]
        },
        || {
            let flags = if pdwFlags.is_null() {
                None
            } else {
                // SAFETY: non-NULL; the caller's DWORD.
                Some(unsafe { pdwFlags.read_unaligned() })
            };
            let Some(flags) = flags else {
                let _ = api::free_context(pPrevIssuerContext);
                fail(invalid_parameter());
                return std::ptr::null();
            };
            match api::issuer_from_store(hCertStore, pSubjectContext, pPrevIssuerContext, flags) {
                Ok(r) => {
                    // SAFETY: pdwFlags is non-NULL and writable.
                    unsafe { pdwFlags.write_unaligned(r.flags) };
                    to_ptr(r.issuer)
                }
                Err(e) => to_ptr(Err(e)),
            }
        },
    )
}

/// CertFindChainInStore with `CERT_CHAIN_FIND_BY_ISSUER` (the SDK WebClient sample's client
/// certificate choice after `SEC_I_INCOMPLETE_CREDENTIALS`): the chain of the next certificate of
/// `hCertStore`, after the leaf of `pPrevChainContext` (which is always freed), that
///
/// * has a private key (unless `CERT_CHAIN_FIND_BY_ISSUER_NO_KEY_FLAG`),
/// * matches `pvFindPara->dwKeySpec` when not 0 (`AT_KEYEXCHANGE` for RSA keys, `AT_SIGNATURE`
///   for the others) and `pszUsageIdentifier` when not NULL (its extended key usage allows it),
/// * passes `pfnFindCallback(pCert, pvFindArg)` when one is given, and
/// * has, when `cIssuer` is not 0, a certificate in its chain whose issuer Name is one of
///   `rgIssuer` (e.g. the `aIssuers` of `SECPKG_ATTR_ISSUER_LIST_EX`); with
///   `CERT_CHAIN_FIND_BY_ISSUER_PARA_HAS_EXTRA_FIELDS` and a `cbSize` that covers them,
///   `*pdwIssuerChainIndex` gets 0 and `*pdwIssuerElementIndex` that certificate's index plus
///   one (the issuer's element; past the end for a self-signed match, as Windows).
///
/// The chain is built as `CertGetCertificateChain` does with the default engine and
/// `hCertStore` as the additional store; free it with `CertFreeCertificateChain` or pass it back
/// as `pPrevChainContext`. No (more) chains: NULL with `CRYPT_E_NOT_FOUND`. Errors (NULL):
/// `E_INVALIDARG` (another `dwFindType`, NULL `pvFindPara`, `cbSize` smaller than the structure
/// without the extra fields, an unknown store or previous chain, `rgIssuer` NULL with a non-zero
/// `cIssuer`).
///
/// Differs from Windows: `CERT_CHAIN_FIND_BY_ISSUER_COMPARE_KEY_FLAG`, the cache and
/// local-machine flags and `dwAcquirePrivateKeyFlags` are accepted and ignored (a key attached
/// to a context is always usable).
///
/// # Safety
/// As Windows documents them: `pvFindPara` is NULL or what `dwFindType` names (a blob, a string, a
/// context, a `CERT_CHAIN_FIND_BY_ISSUER_PARA` of its `cbSize`). `hCertStore`, `pPrevChainContext`
/// may be anything: they are looked up among the live objects of this library before use, never
/// dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertFindChainInStore(
    hCertStore: HCERTSTORE,
    dwCertEncodingType: DWORD,
    dwFindFlags: DWORD,
    dwFindType: DWORD,
    pvFindPara: *const c_void,
    pPrevChainContext: PCCERT_CHAIN_CONTEXT,
) -> PCCERT_CHAIN_CONTEXT {
    export(
        "CertFindChainInStore",
        Null,
        || {
            [
                Arg::ptr("hCertStore", hCertStore),
                Arg::flags("dwCertEncodingType", dwCertEncodingType),
                Arg::flags("dwFindFlags", dwFindFlags),
                Arg::flags("dwFindType", dwFindType),
                Arg::ptr("pvFindPara", pvFindPara),
                Arg::ptr("pPrevChainContext", pPrevChainContext),
            ]
        },
        || {
            let para = pvFindPara.cast::<CERT_CHAIN_FIND_BY_ISSUER_PARA>();
            let cb = if para.is_null() {
                0
            } else {
                // SAFETY: non-NULL; the structure starts with its DWORD cbSize.
                unsafe { para.cast::<DWORD>().read_unaligned() as usize }
            };
            if dwFindType != CERT_CHAIN_FIND_BY_ISSUER
                || cb < CERT_CHAIN_FIND_BY_ISSUER_PARA_BASE_SIZE
            {
                let _ = api::free_chain(pPrevChainContext);
                fail(Win32Error::of(E_INVALIDARG));
                return std::ptr::null();
            }
            let mut p = std::mem::MaybeUninit::<CERT_CHAIN_FIND_BY_ISSUER_PARA>::zeroed();
            // SAFETY: the caller's structure has `cb` readable bytes; at most the size of ours is
            // copied.
            unsafe {
                std::ptr::copy_nonoverlapping(
                    para.cast::<u8>(),
                    p.as_mut_ptr().cast::<u8>(),
                    cb.min(std::mem::size_of::<CERT_CHAIN_FIND_BY_ISSUER_PARA>()),
                )
            };
            // SAFETY: all-zero is a valid CERT_CHAIN_FIND_BY_ISSUER_PARA (integers, NULL pointers,
            // no callback), and the bytes copied over it came from one.
            let p = unsafe { p.assume_init() };
            let has_extra = cb >= std::mem::size_of::<CERT_CHAIN_FIND_BY_ISSUER_PARA>();
            // SAFETY: NULL or a NUL-terminated OID string.
            let usage = unsafe { narrow_bytes(p.pszUsageIdentifier) }
                .map(|b| String::from_utf8_lossy(b).into_owned());
            // SAFETY: rgIssuer holds cIssuer CERT_NAME_BLOBs per the API contract.
            let Ok(blobs) = (unsafe { caller_slice(p.rgIssuer, p.cIssuer) }) else {
                let _ = api::free_chain(pPrevChainContext);
                fail(Win32Error::of(E_INVALIDARG));
                return std::ptr::null();
            };
            let mut issuers = Vec::with_capacity(blobs.len());
            for blob in blobs {
                // SAFETY: each blob describes cbData readable bytes.
                if let Some(n) = unsafe { name_blob(blob) } {
                    issuers.push(n.to_vec());
                }
            }
            let mut callback = p.pfnFindCallback.map(|f| {
                let arg = p.pvFindArg;
                // SAFETY: the application's callback, called as PFN_CERT_CHAIN_FIND_BY_ISSUER_CALLBACK
                // is documented, with a live certificate context of ours.
                move |c: PCCERT_CONTEXT| unsafe { f(c, arg) } != FALSE
            });
            let mut args = api::FindChainArgs {
                store: hCertStore,
                flags: dwFindFlags,
                usage,
                key_spec: p.dwKeySpec,
                issuers,
                filter: callback
                    .as_mut()
                    .map(|f| f as &mut dyn FnMut(PCCERT_CONTEXT) -> bool),
            };
            match api::find_chain(&mut args, pPrevChainContext) {
                Ok(found) => {
                    if let (true, Some((chain_index, element_index))) =
                        (has_extra, found.issuer_index)
                    {
                        // SAFETY: cbSize covers the extra members; each is NULL or the caller's
                        // DWORD.
                        unsafe {
                            Out::new(p.pdwIssuerChainIndex).write(chain_index);
                            Out::new(p.pdwIssuerElementIndex).write(element_index);
                        }
                    }
                    found.chain
                }
                Err(e) => {
                    fail(e);
                    std::ptr::null()
                }
            }
        },
    )
}

// ---- certificate revocation lists -----------------------------------------------------------

/// # Safety
/// `out` must be NULL or point to a writable `PCCRL_CONTEXT`.
unsafe fn crl_result(r: Result<PCCRL_CONTEXT, Win32Error>, out: *mut PCCRL_CONTEXT) -> BOOL {
    match r {
        Ok(c) => {
            // SAFETY: NULL or writable per the caller's contract.
            unsafe { Out::new(out).write(c) };
            TRUE
        }
        Err(e) => {
            fail(e);
            FALSE
        }
    }
}

/// CertAddEncodedCRLToStore: parses a DER CRL and adds it to the store per `dwAddDisposition`
/// (`CERT_STORE_ADD_NEW` fails with `CRYPT_E_EXISTS` for the same CRL, `_USE_EXISTING`,
/// `_REPLACE_EXISTING[_INHERIT_PROPERTIES]`, `_ALWAYS`, `_NEWER[_INHERIT_PROPERTIES]` by
/// thisUpdate). `ppCrlContext`, if not NULL, receives the stored CRL (free it with
/// `CertFreeCRLContext`). `CertGetCertificateChain` with a `CERT_CHAIN_REVOCATION_CHECK_*` flag
/// reads the CRLs of the stores it builds from: a certificate a current CRL of its issuer lists
/// is `CERT_TRUST_IS_REVOKED`.
///
/// Errors (FALSE): `E_INVALIDARG` (encoding type, disposition), `CRYPT_E_ASN1_BADTAG` (not a
/// CRL), `CRYPT_E_EXISTS`, `E_ACCESSDENIED` (read-only store), `ERROR_INVALID_PARAMETER`.
///
/// Differs from Windows: `CRL_INFO` carries no extensions (`cExtension` 0, also per entry).
///
/// # Safety
/// As Windows documents them: `pbCrlEncoded` NULL or `cbCrlEncoded` readable bytes. Outputs:
/// `ppCrlContext` NULL or writable. `hCertStore` may be anything: it is looked up among the live
/// objects of this library before use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertAddEncodedCRLToStore(
    hCertStore: HCERTSTORE,
    dwCertEncodingType: DWORD,
    pbCrlEncoded: *const BYTE,
    cbCrlEncoded: DWORD,
    dwAddDisposition: DWORD,
    ppCrlContext: *mut PCCRL_CONTEXT,
) -> BOOL {
    export(
        "CertAddEncodedCRLToStore",
        Bool,
        || {
            [
                Arg::ptr("hCertStore", hCertStore),
                Arg::flags("dwCertEncodingType", dwCertEncodingType),
                Arg::ptr("pbCrlEncoded", pbCrlEncoded),
                Arg::flags("cbCrlEncoded", cbCrlEncoded),
                Arg::flags("dwAddDisposition", dwAddDisposition),
                Arg::ptr("ppCrlContext", ppCrlContext),
            ]
        },
        || {
            // SAFETY: NULL or writable per the API contract.
            unsafe { Out::new(ppCrlContext).write(std::ptr::null()) };
            // SAFETY: the caller passes cbCrlEncoded readable bytes.
            let Some(der) = unsafe { caller_slice(pbCrlEncoded, cbCrlEncoded) }.ok() else {
                fail(invalid_parameter());
                return FALSE;
            };
            let r = api::add_encoded_crl(
                hCertStore,
                dwCertEncodingType,
                der,
                dwAddDisposition,
                !ppCrlContext.is_null(),
            );
            // SAFETY: as above.
            unsafe { crl_result(r, ppCrlContext) }
        },
    )
}

/// CertAddCRLContextToStore: adds a copy of a CRL context to the store, with the dispositions
/// of `CertAddEncodedCRLToStore`; `ppStoreContext`, if not NULL, receives the stored copy.
///
/// # Safety
/// Outputs, as Windows documents them: `ppStoreContext` NULL or writable. `hCertStore`,
/// `pCrlContext` may be anything: they are looked up among the live objects of this library before
/// use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertAddCRLContextToStore(
    hCertStore: HCERTSTORE,
    pCrlContext: PCCRL_CONTEXT,
    dwAddDisposition: DWORD,
    ppStoreContext: *mut PCCRL_CONTEXT,
) -> BOOL {
    export(
        "CertAddCRLContextToStore",
        Bool,
        || {
            [
                Arg::ptr("hCertStore", hCertStore),
                Arg::ptr("pCrlContext", pCrlContext),
                Arg::flags("dwAddDisposition", dwAddDisposition),
                Arg::ptr("ppStoreContext", ppStoreContext),
            ]
        },
        || {
            // SAFETY: NULL or writable per the API contract.
            unsafe { Out::new(ppStoreContext).write(std::ptr::null()) };
            let r = api::add_crl_context(
                hCertStore,
                pCrlContext,
                dwAddDisposition,
                !ppStoreContext.is_null(),
            );
            // SAFETY: as above.
            unsafe { crl_result(r, ppStoreContext) }
        },
    )
}

/// CertCreateCRLContext: a CRL context for a DER CRL, with one reference (free it with
/// `CertFreeCRLContext`). Errors (NULL): `E_INVALIDARG` (encoding type), `CRYPT_E_ASN1_BADTAG`
/// (not a CRL), `ERROR_INVALID_PARAMETER` (NULL data).
///
/// Differs from Windows: `hCertStore` is NULL (Windows gives the context a store of its own).
///
/// # Safety
/// As Windows documents them: `pbCrlEncoded` NULL or `cbCrlEncoded` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn CertCreateCRLContext(
    dwCertEncodingType: DWORD,
    pbCrlEncoded: *const BYTE,
    cbCrlEncoded: DWORD,
) -> PCCRL_CONTEXT {
    export(
        "CertCreateCRLContext",
        Null,
        || {
            [
                Arg::flags("dwCertEncodingType", dwCertEncodingType),
                Arg::ptr("pbCrlEncoded", pbCrlEncoded),
                Arg::flags("cbCrlEncoded", cbCrlEncoded),
            ]
        },
        || {
            // SAFETY: the caller passes cbCrlEncoded readable bytes.
            match unsafe { caller_slice(pbCrlEncoded, cbCrlEncoded) }.ok() {
                Some(der) => to_ptr(api::create_crl_context(dwCertEncodingType, der)),
                None => to_ptr(Err(invalid_parameter())),
            }
        },
    )
}

/// CertDuplicateCRLContext: the same pointer with one more reference. NULL gives NULL; an
/// unknown pointer NULL with `ERROR_INVALID_PARAMETER`.
///
/// # Safety
/// `pCrlContext` may be anything: it is looked up among the live objects of this library before
/// use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertDuplicateCRLContext(pCrlContext: PCCRL_CONTEXT) -> PCCRL_CONTEXT {
    export(
        "CertDuplicateCRLContext",
        Null,
        || [Arg::ptr("pCrlContext", pCrlContext)],
        || to_ptr(api::duplicate_crl(pCrlContext)),
    )
}

/// CertFreeCRLContext: drops one reference. NULL is TRUE.
///
/// Differs from Windows: a pointer that is not a live CRL context, or one freed more often than
/// referenced, is FALSE with `ERROR_INVALID_PARAMETER` instead of a crash.
///
/// # Safety
/// `pCrlContext` may be anything: it is looked up among the live objects of this library before
/// use, never dereferenced otherwise.
#[no_mangle]
pub unsafe extern "C" fn CertFreeCRLContext(pCrlContext: PCCRL_CONTEXT) -> BOOL {
    export(
        "CertFreeCRLContext",
        Bool,
        || [Arg::ptr("pCrlContext", pCrlContext)],
        || to_bool(api::free_crl(pCrlContext)),
    )
}
