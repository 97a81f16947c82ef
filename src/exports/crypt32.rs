//! The crypt32 (and kernel32 last-error) C entry points. Each one is a thin shell: the panic boundary,
//! the checks and reads of the caller's pointers (all of the subset's `unsafe` code but the
//! `Send`/`Sync` claims on the context object), then one call into `crate::cert::api`. Failures follow Windows: FALSE/NULL plus the thread's last error,
//! read with `GetLastError`. Handles and contexts are never dereferenced before the live-object
//! registry has vouched for them, so a stale or foreign pointer is an error, not a crash.

// Parameters keep their SDK names so each signature reads like the Windows header.
#![allow(non_snake_case)]

use std::ffi::{c_char, c_void, CStr, OsStr};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use crate::abi::*;
use crate::cert::api::{self, FindPara, StoreProvider};
use crate::cert::name::NameRequest;
use crate::cert::{set_last_error, Win32Error};
use crate::ffi::boundary;

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
/// `p` must be NULL or point to `len` readable bytes that stay valid for `'a`.
unsafe fn bytes<'a>(p: *const BYTE, len: DWORD) -> Option<&'a [u8]> {
    if len == 0 {
        return Some(&[]);
    }
    if p.is_null() {
        return None;
    }
    // SAFETY: non-NULL, and the caller guarantees `len` readable bytes.
    Some(unsafe { std::slice::from_raw_parts(p, len as usize) })
}

/// # Safety
/// `p` must be NULL or point to a NUL-terminated UTF-16 string.
unsafe fn wide_string(p: LPCWSTR) -> Option<String> {
    if p.is_null() {
        return None;
    }
    let mut len = 0usize;
    // SAFETY: the string is NUL-terminated, so every unit up to and including the NUL is readable.
    while unsafe { *p.add(len) } != 0 {
        len += 1;
    }
    // SAFETY: the `len` units before the NUL were just read.
    let units = unsafe { std::slice::from_raw_parts(p, len) };
    Some(String::from_utf16_lossy(units))
}

/// # Safety
/// `p` must be NULL or point to a NUL-terminated string that stays valid for `'a`.
unsafe fn c_bytes<'a>(p: *const c_char) -> Option<&'a [u8]> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-NULL and NUL-terminated per the caller's contract.
    Some(unsafe { CStr::from_ptr(p) }.to_bytes())
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
    unsafe { bytes(b.pbData, b.cbData) }.map(<[u8]>::to_vec)
}

/// # Safety
/// `out` must be NULL or point to a writable `PCCERT_CONTEXT`.
unsafe fn store_out(out: *mut PCCERT_CONTEXT, value: PCCERT_CONTEXT) {
    if !out.is_null() {
        // SAFETY: non-NULL and writable per the caller's contract.
        unsafe { out.write_unaligned(value) };
    }
}

/// GetLastError: the calling thread's last error code.
///
/// Differs from Windows: only this library's functions (crypt32 subset) set it; it is not the
/// C library's `errno`.
#[no_mangle]
pub unsafe extern "C" fn GetLastError() -> DWORD {
    boundary(0, crate::cert::last_error)
}

/// SetLastError: sets the calling thread's last error code (as on Windows).
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
/// `ERROR_INVALID_PARAMETER` for a NULL blob.
///
/// Differs from Windows: `dwFlags` (`PKCS12_NO_PERSIST_KEY`, `PKCS12_ALWAYS_CNG_KSP`,
/// `CRYPT_EXPORTABLE`, ...) are accepted and ignored: keys are never written to any key store, they
/// live only in the certificate contexts. NULL and empty passwords are not tried both ways.
#[no_mangle]
pub unsafe extern "C" fn PFXImportCertStore(
    pPFX: *mut CRYPT_DATA_BLOB,
    szPassword: LPCWSTR,
    dwFlags: DWORD,
) -> HCERTSTORE {
    boundary(std::ptr::null_mut(), || {
        if pPFX.is_null() {
            fail(invalid_parameter());
            return std::ptr::null_mut();
        }
        // SAFETY: non-NULL; the caller passes a readable CRYPT_DATA_BLOB.
        let pfx = unsafe { std::ptr::read_unaligned(pPFX) };
        // SAFETY: the blob describes `cbData` readable bytes.
        let Some(data) = (unsafe { bytes(pfx.pbData, pfx.cbData) }) else {
            fail(invalid_parameter());
            return std::ptr::null_mut();
        };
        // SAFETY: NULL or a NUL-terminated UTF-16 string.
        let password = unsafe { wide_string(szPassword) }.unwrap_or_default();
        to_store(api::pfx_import(data, &password, dwFlags))
    })
}

/// CertOpenStore: opens a store. `lpszStoreProvider` is a `CERT_STORE_PROV_*` id cast to a pointer
/// (or a provider name string).
///
/// Differs from Windows: only `CERT_STORE_PROV_MEMORY` (2, or "Memory") is implemented so far; every
/// other provider returns NULL with `ERROR_CALL_NOT_IMPLEMENTED`. `dwEncodingType`, `hCryptProv`,
/// `dwFlags` and `pvPara` are ignored for memory stores.
#[no_mangle]
pub unsafe extern "C" fn CertOpenStore(
    lpszStoreProvider: LPCSTR,
    dwEncodingType: DWORD,
    hCryptProv: HCRYPTPROV_LEGACY,
    dwFlags: DWORD,
    pvPara: *const c_void,
) -> HCERTSTORE {
    let _ = (hCryptProv, pvPara);
    boundary(std::ptr::null_mut(), || {
        let id = lpszStoreProvider as usize;
        let provider = if id <= MAX_PROVIDER_ID {
            StoreProvider::Id(id)
        } else {
            // SAFETY: not a small id, so per the API contract a NUL-terminated provider name.
            let name = unsafe { c_bytes(lpszStoreProvider) }.unwrap_or_default();
            StoreProvider::Name(String::from_utf8_lossy(name).into_owned())
        };
        to_store(api::open_store(&provider, dwEncodingType, dwFlags))
    })
}

/// CertDuplicateStore: returns the same store handle with one more open reference; each reference
/// is closed with `CertCloseStore`. NULL with `ERROR_INVALID_PARAMETER` for an unknown handle.
#[no_mangle]
pub unsafe extern "C" fn CertDuplicateStore(hCertStore: HCERTSTORE) -> HCERTSTORE {
    boundary(std::ptr::null_mut(), || {
        to_store(api::duplicate_store(hCertStore))
    })
}

/// CertCloseStore: closes a store handle. As on Windows, the store stays alive until every
/// certificate context obtained from it has been freed. With `CERT_CLOSE_STORE_CHECK_FLAG`, returns
/// FALSE with `CRYPT_E_PENDING_CLOSE` when contexts are still outstanding (the handle is closed all
/// the same). NULL is accepted (TRUE); an unknown handle is FALSE with `ERROR_INVALID_PARAMETER`.
///
/// Differs from Windows: `CERT_CLOSE_STORE_FORCE_FLAG` does not free outstanding contexts (they stay
/// valid until freed). Closing a store that was never opened by the caller (a context's own
/// `hCertStore`) is accepted and does nothing.
#[no_mangle]
pub unsafe extern "C" fn CertCloseStore(hCertStore: HCERTSTORE, dwFlags: DWORD) -> BOOL {
    boundary(FALSE, || to_bool(api::close_store(hCertStore, dwFlags)))
}

/// CertEnumCertificatesInStore: the certificate after `pPrevCertContext` (the first if NULL), in the
/// order they were added, as a new reference. `pPrevCertContext` is freed, as on Windows. At the end:
/// NULL with `CRYPT_E_NOT_FOUND`. Unknown store or context: NULL with `ERROR_INVALID_PARAMETER`.
#[no_mangle]
pub unsafe extern "C" fn CertEnumCertificatesInStore(
    hCertStore: HCERTSTORE,
    pPrevCertContext: PCCERT_CONTEXT,
) -> PCCERT_CONTEXT {
    boundary(std::ptr::null(), || {
        to_ptr(api::enum_certificates(hCertStore, pPrevCertContext))
    })
}

/// CertFindCertificateInStore: the next certificate after `pPrevCertContext` that matches, as a new
/// reference; `pPrevCertContext` is always freed. Supported `dwFindType`s: `CERT_FIND_ANY`,
/// `CERT_FIND_HAS_PRIVATE_KEY`, `CERT_FIND_SHA1_HASH`/`CERT_FIND_HASH` (`pvFindPara` = a
/// `CRYPT_HASH_BLOB` with the 20-byte thumbprint), `CERT_FIND_SUBJECT_STR_A/W` and
/// `CERT_FIND_ISSUER_STR_A/W` (case-insensitive substring of the name's `CERT_SIMPLE_NAME_STR` form),
/// `CERT_FIND_SUBJECT_NAME`/`CERT_FIND_ISSUER_NAME` (`CERT_NAME_BLOB`, exact DER) and
/// `CERT_FIND_EXISTING`. No match: NULL with `CRYPT_E_NOT_FOUND`.
///
/// Differs from Windows: other find types are NULL with `E_NOTIMPL`; `dwCertEncodingType` and
/// `dwFindFlags` are ignored; the `_A` strings are UTF-8.
#[no_mangle]
pub unsafe extern "C" fn CertFindCertificateInStore(
    hCertStore: HCERTSTORE,
    dwCertEncodingType: DWORD,
    dwFindFlags: DWORD,
    dwFindType: DWORD,
    pvFindPara: *const c_void,
    pPrevCertContext: PCCERT_CONTEXT,
) -> PCCERT_CONTEXT {
    let _ = (dwCertEncodingType, dwFindFlags);
    boundary(std::ptr::null(), || {
        let para = match dwFindType {
            CERT_FIND_SHA1_HASH | CERT_FIND_SUBJECT_NAME | CERT_FIND_ISSUER_NAME => {
                // SAFETY: these find types take a CRYPT_HASH_BLOB / CERT_NAME_BLOB (same layout).
                unsafe { blob(pvFindPara) }.map_or(FindPara::None, FindPara::Blob)
            }
            CERT_FIND_SUBJECT_STR_A | CERT_FIND_ISSUER_STR_A => {
                // SAFETY: these find types take a NUL-terminated string.
                unsafe { c_bytes(pvFindPara.cast()) }.map_or(FindPara::None, |b| {
                    FindPara::Text(String::from_utf8_lossy(b).into_owned())
                })
            }
            CERT_FIND_SUBJECT_STR_W | CERT_FIND_ISSUER_STR_W => {
                // SAFETY: these find types take a NUL-terminated UTF-16 string.
                unsafe { wide_string(pvFindPara.cast()) }.map_or(FindPara::None, FindPara::Text)
            }
            CERT_FIND_EXISTING => FindPara::Context(pvFindPara.cast()),
            _ => FindPara::None,
        };
        to_ptr(api::find_certificate(
            hCertStore,
            dwFindType,
            para,
            pPrevCertContext,
        ))
    })
}

/// CertAddEncodedCertificateToStore: parses a DER certificate and adds it to the store according to
/// `dwAddDisposition` (`CERT_STORE_ADD_NEW` fails with `CRYPT_E_EXISTS` if the same certificate is
/// there, `_USE_EXISTING`, `_REPLACE_EXISTING[_INHERIT_PROPERTIES]`, `_ALWAYS`,
/// `_NEWER[_INHERIT_PROPERTIES]`). If `ppCertContext` is not NULL it receives the stored context as
/// a new reference. Errors: `E_INVALIDARG` (encoding type without `X509_ASN_ENCODING`, bad
/// disposition), `CRYPT_E_ASN1_BADTAG` (not a certificate), `ERROR_INVALID_PARAMETER`.
#[no_mangle]
pub unsafe extern "C" fn CertAddEncodedCertificateToStore(
    hCertStore: HCERTSTORE,
    dwCertEncodingType: DWORD,
    pbCertEncoded: *const BYTE,
    cbCertEncoded: DWORD,
    dwAddDisposition: DWORD,
    ppCertContext: *mut PCCERT_CONTEXT,
) -> BOOL {
    boundary(FALSE, || {
        // SAFETY: NULL or writable per the API contract.
        unsafe { store_out(ppCertContext, std::ptr::null()) };
        // SAFETY: the caller passes `cbCertEncoded` readable bytes.
        let Some(der) = (unsafe { bytes(pbCertEncoded, cbCertEncoded) }) else {
            fail(invalid_parameter());
            return FALSE;
        };
        let want = !ppCertContext.is_null();
        match api::add_encoded(hCertStore, dwCertEncodingType, der, dwAddDisposition, want) {
            Ok(ctx) => {
                // SAFETY: as above.
                unsafe { store_out(ppCertContext, ctx) };
                TRUE
            }
            Err(e) => {
                fail(e);
                FALSE
            }
        }
    })
}

/// CertAddCertificateContextToStore: adds a copy of a context (its private key included) to the
/// store, with the same dispositions as `CertAddEncodedCertificateToStore`; `ppStoreContext`, if not
/// NULL, receives the stored copy as a new reference.
#[no_mangle]
pub unsafe extern "C" fn CertAddCertificateContextToStore(
    hCertStore: HCERTSTORE,
    pCertContext: PCCERT_CONTEXT,
    dwAddDisposition: DWORD,
    ppStoreContext: *mut PCCERT_CONTEXT,
) -> BOOL {
    boundary(FALSE, || {
        // SAFETY: NULL or writable per the API contract.
        unsafe { store_out(ppStoreContext, std::ptr::null()) };
        let want = !ppStoreContext.is_null();
        match api::add_context(hCertStore, pCertContext, dwAddDisposition, want) {
            Ok(ctx) => {
                // SAFETY: as above.
                unsafe { store_out(ppStoreContext, ctx) };
                TRUE
            }
            Err(e) => {
                fail(e);
                FALSE
            }
        }
    })
}

/// CertCreateCertificateContext: a context for a DER certificate, with one reference (free it with
/// `CertFreeCertificateContext`); its `hCertStore` is a memory store of its own. Errors:
/// `E_INVALIDARG` (encoding type without `X509_ASN_ENCODING`), `CRYPT_E_ASN1_BADTAG` (not a
/// certificate), `ERROR_INVALID_PARAMETER` (NULL data).
#[no_mangle]
pub unsafe extern "C" fn CertCreateCertificateContext(
    dwCertEncodingType: DWORD,
    pbCertEncoded: *const BYTE,
    cbCertEncoded: DWORD,
) -> PCCERT_CONTEXT {
    boundary(std::ptr::null(), || {
        // SAFETY: the caller passes `cbCertEncoded` readable bytes.
        match unsafe { bytes(pbCertEncoded, cbCertEncoded) } {
            Some(der) => to_ptr(api::create_context(dwCertEncodingType, der)),
            None => to_ptr(Err(invalid_parameter())),
        }
    })
}

/// CertDuplicateCertificateContext: returns the same pointer with its reference count incremented.
/// NULL gives NULL; a pointer that is not a live context gives NULL with `ERROR_INVALID_PARAMETER`.
#[no_mangle]
pub unsafe extern "C" fn CertDuplicateCertificateContext(
    pCertContext: PCCERT_CONTEXT,
) -> PCCERT_CONTEXT {
    boundary(std::ptr::null(), || {
        to_ptr(api::duplicate_context(pCertContext))
    })
}

/// CertFreeCertificateContext: drops one reference (the store and its contexts go away once no
/// handle and no reference remain). NULL is TRUE.
///
/// Differs from Windows: a pointer that is not a live context, or a context freed more often than it
/// was referenced, is detected: FALSE with `ERROR_INVALID_PARAMETER` instead of a crash.
#[no_mangle]
pub unsafe extern "C" fn CertFreeCertificateContext(pCertContext: PCCERT_CONTEXT) -> BOOL {
    boundary(FALSE, || to_bool(api::free_context(pCertContext)))
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
            let oid = unsafe { c_bytes(pvTypePara.cast_const().cast()) };
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
#[no_mangle]
pub unsafe extern "C" fn CertGetNameStringW(
    pCertContext: PCCERT_CONTEXT,
    dwType: DWORD,
    dwFlags: DWORD,
    pvTypePara: *mut c_void,
    pszNameString: LPWSTR,
    cchNameString: DWORD,
) -> DWORD {
    boundary(0, || {
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
                std::ptr::copy_nonoverlapping(out.units.as_ptr(), pszNameString, out.units.len())
            };
        }
        out.ret
    })
}

/// CertGetNameStringA: as `CertGetNameStringW`, in UTF-8 (sizes count bytes; truncation never
/// splits a character).
///
/// Differs from Windows: the narrow encoding is UTF-8, not the ANSI code page.
#[no_mangle]
pub unsafe extern "C" fn CertGetNameStringA(
    pCertContext: PCCERT_CONTEXT,
    dwType: DWORD,
    dwFlags: DWORD,
    pvTypePara: *mut c_void,
    pszNameString: LPSTR,
    cchNameString: DWORD,
) -> DWORD {
    boundary(0, || {
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
    })
}

/// CertGetCertificateContextProperty: a property of the context. Supported:
/// `CERT_SHA1_HASH_PROP_ID` = `CERT_HASH_PROP_ID` (the 20-byte thumbprint), `CERT_SHA256_HASH_PROP_ID`,
/// `CERT_KEY_IDENTIFIER_PROP_ID`, and `CERT_KEY_PROV_INFO_PROP_ID`, present only when the context
/// carries a private key (a `CRYPT_KEY_PROV_INFO` naming a "SchShim-<thumbprint>" container of the
/// "Microsoft Software Key Storage Provider"; the key itself is not reachable through it).
/// Others: FALSE with `CRYPT_E_NOT_FOUND`.
///
/// Size protocol as Windows: `pvData` NULL sets `*pcbData` to the size and returns TRUE; a buffer
/// smaller than `*pcbData` needs gives FALSE with `ERROR_MORE_DATA` and the size in `*pcbData`.
#[no_mangle]
pub unsafe extern "C" fn CertGetCertificateContextProperty(
    pCertContext: PCCERT_CONTEXT,
    dwPropId: DWORD,
    pvData: *mut c_void,
    pcbData: *mut DWORD,
) -> BOOL {
    boundary(FALSE, || {
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
        unsafe { std::ptr::copy_nonoverlapping(value.as_ptr(), pvData.cast::<u8>(), value.len()) };
        TRUE
    })
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
#[no_mangle]
pub unsafe extern "C" fn SchShimCertFromPem(
    cert_chain_pem: *const c_char,
    key_pem: *const c_char,
) -> PCCERT_CONTEXT {
    boundary(std::ptr::null(), || {
        // SAFETY: NULL or NUL-terminated per the documented contract.
        let Some(chain) = (unsafe { c_bytes(cert_chain_pem) }) else {
            return to_ptr(Err(invalid_parameter()));
        };
        // SAFETY: as above.
        let key = unsafe { c_bytes(key_pem) };
        to_ptr(api::cert_from_pem(chain, key))
    })
}

/// SchShimCertFromPemFiles (extension): `SchShimCertFromPem` on the contents of two files, given as
/// NUL-terminated paths (`key_path` may be NULL). Additional errors: `ERROR_FILE_NOT_FOUND`,
/// `ERROR_ACCESS_DENIED`, `ERROR_OPEN_FAILED`.
#[no_mangle]
pub unsafe extern "C" fn SchShimCertFromPemFiles(
    cert_path: *const c_char,
    key_path: *const c_char,
) -> PCCERT_CONTEXT {
    boundary(std::ptr::null(), || {
        // SAFETY: NULL or NUL-terminated per the documented contract.
        let Some(chain) = (unsafe { c_bytes(cert_path) }) else {
            return to_ptr(Err(invalid_parameter()));
        };
        // SAFETY: as above.
        let key = unsafe { c_bytes(key_path) };
        let chain = Path::new(OsStr::from_bytes(chain));
        let key = key.map(|k| Path::new(OsStr::from_bytes(k)));
        to_ptr(api::cert_from_pem_files(chain, key))
    })
}
