//! The call trace (`SCHSHIM_TRACE`): one line per export call with its handles, flags, buffer
//! types and sizes in and out, and the status, for any ported program. This file is its own
//! process, so the variable set here reaches the library before its first call.

mod common;

use std::sync::Once;

use common::*;
use schannel_shim::abi::*;

fn trace_file() -> std::path::PathBuf {
    static SET: Once = Once::new();
    let path = std::env::temp_dir().join(format!("schshim-trace-{}.log", std::process::id()));
    SET.call_once(|| {
        let _ = std::fs::remove_file(&path);
        std::env::set_var("SCHSHIM_TRACE", &path);
    });
    path
}

// CONTRACT — trace (issue 9)
#[test]
fn one_handshake_and_a_record_are_traced() {
    let path = trace_file();
    assert!(schannel_shim::ffi::trace::enabled());
    let (mut c, mut s) = pair("ecdsa", TLS13.0, TLS13.1);
    handshake(&mut c, &mut s);
    s.inbox = c.encrypt(b"traced").unwrap();
    assert_eq!(drain(&mut s, &mut c), b"traced");
    let log = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    let find = |needle: &str| {
        lines
            .iter()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no trace line with {needle:?} in:\n{log}"))
    };
    let acquire = find("AcquireCredentialsHandle");
    assert!(acquire.contains("fCredentialUse=0x2") || acquire.contains("fCredentialUse=0x1"));
    assert!(acquire.contains("-> SEC_E_OK (0x00000000)"));
    // The client's first call: no context in, a TOKEN out, the handle written.
    let first = find("pOutput=[TOKEN");
    assert!(first.contains("phContext=NULL"), "{first}");
    let isc = find("SEC_I_CONTINUE_NEEDED (0x00090312)");
    assert!(isc.contains("fContextReq=0x"), "{isc}");
    assert!(isc.contains("pfContextAttr=0x"), "{isc}");
    let asc = find("schshim: AcceptSecurityContext");
    assert!(asc.contains("pInput=[TOKEN "), "{asc}");
    // The record: the caller's buffers in, the record's layout out.
    let enc = find("schshim: EncryptMessage");
    assert!(
        enc.contains("[STREAM_HEADER 5, DATA 6, STREAM_TRAILER 17"),
        "{enc}"
    );
    let dec = lines
        .iter()
        .find(|l| l.contains("schshim: DecryptMessage") && l.contains("-> SEC_E_OK"))
        .expect("a DecryptMessage line");
    assert!(dec.contains("[DATA "), "in: the received bytes: {dec}");
    assert!(
        dec.contains("[STREAM_HEADER 5, DATA 6, STREAM_TRAILER 17"),
        "out: the record's layout: {dec}"
    );
    // Failures are traced with their status too.
    let mut bad = CtxtHandle {
        dwLower: usize::MAX,
        dwUpper: usize::MAX,
    };
    let mut attrs = SecPkgContext_StreamSizes {
        cbHeader: 0,
        cbTrailer: 0,
        cbMaximumMessage: 0,
        cBuffers: 0,
        cbBlockSize: 0,
    };
    let status = unsafe {
        schannel_shim::exports::sspi::QueryContextAttributesA(
            &mut bad,
            SECPKG_ATTR_STREAM_SIZES,
            &mut attrs as *mut _ as *mut std::ffi::c_void,
        )
    };
    assert_eq!(status, SEC_E_INVALID_HANDLE);
    let log = std::fs::read_to_string(&path).unwrap();
    assert!(log.lines().any(|l| l.contains("QueryContextAttributesA")
        && l.contains("ulAttribute=0x4")
        && l.contains("-> SEC_E_INVALID_HANDLE (0x80090301)")));
}

// CONTRACT — call trace (issue 9)
#[test]
fn crypt32_calls_are_traced_with_the_last_error_of_a_failure() {
    use schannel_shim::exports::crypt32::{CertCloseStore, CertOpenStore};
    let path = trace_file();
    // SAFETY: the memory provider takes no parameter.
    let store = unsafe {
        CertOpenStore(
            CERT_STORE_PROV_MEMORY as LPCSTR,
            X509_ASN_ENCODING,
            0,
            0,
            std::ptr::null(),
        )
    };
    assert!(!store.is_null());
    // SAFETY: a store of ours.
    assert_eq!(unsafe { CertCloseStore(store, 0) }, TRUE);
    // Not a store: looked up, refused with ERROR_INVALID_PARAMETER (87).
    let bogus = &path as *const _ as HCERTSTORE;
    // SAFETY: store handles are looked up, never dereferenced.
    assert_eq!(unsafe { CertCloseStore(bogus, 0) }, FALSE);
    let log = std::fs::read_to_string(&path).unwrap();
    let open = format!(
        "schshim: CertOpenStore lpszStoreProvider=0x2 dwEncodingType=0x1 hCryptProv=0x0 \
         dwFlags=0x0 pvPara=0x0 -> {store:p}"
    );
    let closed = format!("schshim: CertCloseStore hCertStore={store:p} dwFlags=0x0 -> TRUE");
    let refused = format!(
        "schshim: CertCloseStore hCertStore={bogus:p} dwFlags=0x0 -> FALSE (last error 0x00000057)"
    );
    for line in [open, closed, refused] {
        assert!(log.lines().any(|l| l == line), "no {line:?} in:\n{log}");
    }
}
