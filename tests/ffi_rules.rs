//! The one set of caller-pointer rules of `ffi.rs`, seen from the exports: a name (store, find
//! string, package) is read to its NUL within 32767 units and must be valid UTF-8/UTF-16, else
//! the export's documented invalid-parameter error; a caller array is read at the count given,
//! with no cap, and NULL with a non-zero count is refused.

mod common;

use std::ffi::c_void;
use std::ptr::{null, null_mut};

use common::*;
use schannel_shim::abi::*;
use schannel_shim::exports::crypt32::*;
use schannel_shim::exports::sspi::{FreeCredentialsHandle, QueryCredentialsAttributesA};

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(std::iter::once(0)).collect()
}

fn open_system_w(name: &[u16]) -> HCERTSTORE {
    // SAFETY: a NUL-terminated UTF-16 name.
    unsafe { CertOpenSystemStoreW(0, name.as_ptr()) }
}

fn close(store: HCERTSTORE) {
    // SAFETY: a store of ours.
    assert_eq!(unsafe { CertCloseStore(store, 0) }, TRUE);
}

fn last_error() -> u32 {
    // SAFETY: no arguments.
    unsafe { GetLastError() }
}

// CONTRACT §1; caller arguments (issue 11)
#[test]
fn a_wide_store_name_with_an_unpaired_surrogate_is_refused() {
    let good = open_system_w(&wide("SchShimRules"));
    assert!(!good.is_null(), "an unknown name opens an empty store");
    close(good);
    let mut bad = wide("SchShimRules");
    bad[3] = 0xD800;
    assert!(open_system_w(&bad).is_null());
    assert_eq!(last_error(), E_INVALIDARG as u32);
}

// CONTRACT §1; caller arguments (issue 11)
#[test]
fn a_name_is_read_up_to_32767_units_and_no_further() {
    let mut longest = vec![u16::from(b'A'); 32767];
    longest.push(0);
    let store = open_system_w(&longest);
    assert!(!store.is_null(), "32767 units is a name");
    close(store);
    let mut too_long = vec![u16::from(b'A'); 32768];
    too_long.push(0);
    assert!(open_system_w(&too_long).is_null());
    assert_eq!(last_error(), E_INVALIDARG as u32);
    // The same rule for the narrow form.
    let mut narrow = vec![b'A'; 32768];
    narrow.push(0);
    // SAFETY: a NUL-terminated name.
    assert!(unsafe { CertOpenSystemStoreA(0, narrow.as_ptr().cast()) }.is_null());
    assert_eq!(last_error(), E_INVALIDARG as u32);
}

// CONTRACT §1; caller arguments (issue 11)
#[test]
fn a_find_string_that_is_not_utf16_is_invalid_not_a_miss() {
    // SAFETY: the memory provider takes no parameter.
    let store =
        unsafe { CertOpenStore(CERT_STORE_PROV_MEMORY as LPCSTR, 0, 0, 0, null::<c_void>()) };
    assert!(!store.is_null());
    let find = |s: &[u16]| {
        // SAFETY: a store of ours and a NUL-terminated UTF-16 find string.
        unsafe {
            CertFindCertificateInStore(
                store,
                X509_ASN_ENCODING,
                0,
                CERT_FIND_SUBJECT_STR_W,
                s.as_ptr().cast(),
                null(),
            )
        }
    };
    assert!(find(&wide("localhost")).is_null());
    assert_eq!(last_error(), CRYPT_E_NOT_FOUND as u32);
    assert!(find(&[u16::from(b'l'), 0xDC00, 0]).is_null());
    assert_eq!(last_error(), ERROR_INVALID_PARAMETER);
    close(store);
}

fn strengths(cred: &mut CredHandle) -> SecPkgCred_CipherStrengths {
    let mut s = SecPkgCred_CipherStrengths {
        dwMinimumCipherStrength: 0,
        dwMaximumCipherStrength: 0,
    };
    // SAFETY: a live credential and the struct the attribute names.
    let status = unsafe {
        QueryCredentialsAttributesA(
            cred,
            SECPKG_ATTR_CIPHER_STRENGTHS,
            (&mut s as *mut SecPkgCred_CipherStrengths).cast(),
        )
    };
    assert_eq!(status, SEC_E_OK);
    s
}

// CONTRACT §1; caller arguments (issue 11)
#[test]
fn every_entry_of_a_long_algorithm_list_counts() {
    // 299 ALG_IDs that name no bulk cipher, then AES-256: the list allows AES-256 only. A cap
    // at 256 entries would have read no cipher and allowed them all.
    let mut algs = vec![CALG_SHA1; 299];
    algs.push(CALG_AES_256);
    let mut c = schannel_cred(
        SP_PROT_TLS1_2_CLIENT,
        SCH_CRED_MANUAL_CRED_VALIDATION,
        &mut [],
    );
    c.cSupportedAlgs = algs.len() as u32;
    c.palgSupportedAlgs = algs.as_mut_ptr();
    let mut cred =
        acquire(SECPKG_CRED_OUTBOUND, (&mut c as *mut SCHANNEL_CRED).cast()).expect("credential");
    let s = strengths(&mut cred);
    assert_eq!(
        (s.dwMinimumCipherStrength, s.dwMaximumCipherStrength),
        (256, 256)
    );
    // SAFETY: a live credential.
    unsafe { FreeCredentialsHandle(&mut cred) };
}

// CONTRACT §1; caller arguments (issue 11)
#[test]
fn a_null_algorithm_list_with_a_count_is_refused() {
    let mut c = schannel_cred(SP_PROT_TLS1_2_CLIENT, 0, &mut []);
    c.cSupportedAlgs = 2;
    c.palgSupportedAlgs = null_mut();
    assert_eq!(
        acquire(SECPKG_CRED_OUTBOUND, (&mut c as *mut SCHANNEL_CRED).cast()).err(),
        Some(SEC_E_UNKNOWN_CREDENTIALS)
    );
}
