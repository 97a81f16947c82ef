//! The crypt32 subset through its exported functions, against material made by the `openssl` binary:
//! PFX import (OpenSSL 3 default and `-legacy`), stores, enumeration and search, reference counting,
//! name strings, CERT_INFO fields, properties, the PEM extension and the Rust API the Schannel layer
//! uses. Each test fails if the behaviour it names is missing.

use std::ffi::{c_void, CString};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::ptr::{null, null_mut};
use std::sync::OnceLock;

use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use schannel_shim::abi::*;
use schannel_shim::cert::{context_for_chain, identity_of};
use schannel_shim::exports::crypt32::*;

// ---------------------------------------------------------------------------------------------
// Material

struct Material {
    dir: PathBuf,
}

impl Material {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
    }
    fn text(&self, name: &str) -> String {
        String::from_utf8(self.read(name)).expect("utf-8")
    }
    /// The DER of the (first) certificate in a PEM file.
    fn der(&self, name: &str) -> Vec<u8> {
        let out = openssl(&self.dir, &["x509", "-in", name, "-outform", "DER"]);
        assert!(!out.is_empty());
        out
    }
    /// `openssl x509 <args>` output for a PEM file, as text.
    fn x509(&self, name: &str, args: &[&str]) -> String {
        let mut all = vec!["x509", "-in", name, "-noout"];
        all.extend_from_slice(args);
        String::from_utf8(openssl(&self.dir, &all)).expect("utf-8")
    }
}

fn openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the openssl binary is needed for these tests");
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

const PFX_PASSWORD: &str = "pässwort";
const MATERIAL_PREFIX: &str = "schshim-cert-api-";

/// The material directory cannot be removed when the test binary exits (the `OnceLock` is never
/// dropped), so each run removes the ones left by earlier runs whose process is gone.
fn remove_stale_material() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(MATERIAL_PREFIX) else {
            continue;
        };
        let Some(pid) = rest.split('-').next() else {
            continue;
        };
        if !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn material() -> &'static Material {
    static M: OnceLock<Material> = OnceLock::new();
    M.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        remove_stale_material();
        let dir =
            std::env::temp_dir().join(format!("{MATERIAL_PREFIX}{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let run = |args: &[&str]| {
            openssl(&dir, args);
        };
        // RSA-2048 self-signed, with SANs and a serial whose top bit is clear.
        run(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "rsa.key",
            "-out",
            "rsa.pem",
            "-days",
            "30",
            "-subj",
            "/C=US/O=Example Org/CN=rsa.example.test",
            "-addext",
            "subjectAltName=DNS:rsa.example.test,DNS:www.rsa.example.test,IP:127.0.0.1",
            "-set_serial",
            "0x0123456789abcdef",
        ]);
        run(&[
            "rsa",
            "-in",
            "rsa.key",
            "-traditional",
            "-out",
            "rsa_pkcs1.key",
        ]);
        // ECDSA P-256 self-signed, a serial with the top bit set (DER adds a 00 sign byte).
        run(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "ec.key",
            "-out",
            "ec.pem",
            "-days",
            "30",
            "-subj",
            "/O=Widgets Inc/OU=Servers/CN=ec.example.test",
            "-addext",
            "subjectAltName=DNS:ec.example.test",
            "-set_serial",
            "0x8a0102",
        ]);
        run(&["ec", "-in", "ec.key", "-out", "ec_sec1.key"]);
        // A certificate without SAN or CN (display name falls back to OU).
        run(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "nocn.key",
            "-out",
            "nocn.pem",
            "-days",
            "30",
            "-subj",
            "/O=NoCN Org/OU=Unit Seven",
        ]);
        // A CA and a leaf it signed.
        run(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "30",
            "-subj",
            "/CN=Test Root CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
        ]);
        run(&[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "leaf.key",
            "-out",
            "leaf.csr",
            "-subj",
            "/CN=leaf.example.test",
        ]);
        std::fs::write(
            dir.join("leaf.ext"),
            "subjectAltName=DNS:leaf.example.test,DNS:alt.example.test\n",
        )
        .expect("write ext");
        run(&[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-set_serial",
            "5",
            "-days",
            "30",
            "-out",
            "leaf.pem",
            "-extfile",
            "leaf.ext",
        ]);
        let chain = [
            std::fs::read(dir.join("leaf.pem")).expect("leaf"),
            std::fs::read(dir.join("ca.pem")).expect("ca"),
        ]
        .concat();
        std::fs::write(dir.join("chain.pem"), chain).expect("chain");
        let pass = format!("pass:{PFX_PASSWORD}");
        // OpenSSL 3 default PKCS#12 (PBES2/AES-256-CBC, HMAC-SHA-256), leaf + CA.
        run(&[
            "pkcs12",
            "-export",
            "-inkey",
            "leaf.key",
            "-in",
            "leaf.pem",
            "-certfile",
            "ca.pem",
            "-passout",
            &pass,
            "-out",
            "chain.pfx",
        ]);
        // The same with -legacy (RC2-40 certificates, 3DES key, SHA-1 MAC), RSA.
        run(&[
            "pkcs12",
            "-export",
            "-legacy",
            "-inkey",
            "rsa.key",
            "-in",
            "rsa.pem",
            "-passout",
            "pass:legacy",
            "-out",
            "rsa_legacy.pfx",
        ]);
        run(&[
            "pkcs12",
            "-export",
            "-inkey",
            "ec.key",
            "-in",
            "ec.pem",
            "-passout",
            "pass:",
            "-out",
            "ec_nopass.pfx",
        ]);
        Material { dir }
    })
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn last_error() -> u32 {
    // SAFETY: no arguments.
    unsafe { GetLastError() }
}

fn reset_error() {
    // SAFETY: no pointers involved.
    unsafe { SetLastError(0) };
}

fn hresult(code: impl Into<i64>) -> u32 {
    code.into() as u32
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(Some(0)).collect()
}

fn pfx_import(data: &[u8], password: Option<&str>) -> HCERTSTORE {
    let mut blob = CRYPT_DATA_BLOB {
        cbData: data.len() as u32,
        pbData: data.as_ptr().cast_mut(),
    };
    let pw = password.map(wide);
    // SAFETY: the blob describes `data`; the password is NULL or NUL-terminated UTF-16.
    unsafe { PFXImportCertStore(&mut blob, pw.as_ref().map_or(null(), |p| p.as_ptr()), 0) }
}

fn create(der: &[u8]) -> PCCERT_CONTEXT {
    // SAFETY: pointer and length describe `der`.
    unsafe { CertCreateCertificateContext(X509_ASN_ENCODING, der.as_ptr(), der.len() as u32) }
}

fn free(ctx: PCCERT_CONTEXT) -> BOOL {
    // SAFETY: the function validates the pointer.
    unsafe { CertFreeCertificateContext(ctx) }
}

fn close(store: HCERTSTORE) -> BOOL {
    // SAFETY: the function validates the handle.
    unsafe { CertCloseStore(store, 0) }
}

fn enumerate(store: HCERTSTORE, prev: PCCERT_CONTEXT) -> PCCERT_CONTEXT {
    // SAFETY: the function validates its arguments.
    unsafe { CertEnumCertificatesInStore(store, prev) }
}

/// Every context of the store, each with its own reference (the caller frees them).
fn all_certs(store: HCERTSTORE) -> Vec<PCCERT_CONTEXT> {
    let mut out = Vec::new();
    let mut cur = enumerate(store, null());
    while !cur.is_null() {
        // SAFETY: a live context we own a reference to.
        out.push(unsafe { CertDuplicateCertificateContext(cur) });
        cur = enumerate(store, cur);
    }
    out
}

fn find(
    store: HCERTSTORE,
    find_type: u32,
    para: *const c_void,
    prev: PCCERT_CONTEXT,
) -> PCCERT_CONTEXT {
    // SAFETY: `para` is what `find_type` requires.
    unsafe {
        CertFindCertificateInStore(
            store,
            X509_ASN_ENCODING | PKCS_7_ASN_ENCODING,
            0,
            find_type,
            para,
            prev,
        )
    }
}

fn ctx_ref(ctx: PCCERT_CONTEXT) -> &'static CERT_CONTEXT {
    assert!(!ctx.is_null());
    // SAFETY: a live context returned by the library; the tests keep a reference while using it.
    unsafe { &*ctx }
}

fn info(ctx: PCCERT_CONTEXT) -> &'static CERT_INFO {
    // SAFETY: pCertInfo of a live context.
    unsafe { &*ctx_ref(ctx).pCertInfo }
}

fn encoded(ctx: PCCERT_CONTEXT) -> Vec<u8> {
    let c = ctx_ref(ctx);
    blob_bytes(c.cbCertEncoded, c.pbCertEncoded)
}

fn blob_bytes(cb: u32, pb: *const u8) -> Vec<u8> {
    if cb == 0 {
        return Vec::new();
    }
    // SAFETY: the library's blobs describe `cb` readable bytes.
    unsafe { std::slice::from_raw_parts(pb, cb as usize) }.to_vec()
}

fn oid_str(p: *const std::ffi::c_char) -> String {
    // SAFETY: OID strings in CERT_INFO are NUL-terminated.
    unsafe { std::ffi::CStr::from_ptr(p) }
        .to_string_lossy()
        .into_owned()
}

/// (return value with a NULL buffer, string read with a big buffer, return value then).
fn name_w(ctx: PCCERT_CONTEXT, ty: u32, flags: u32, para: *mut c_void) -> (u32, Vec<u16>, u32) {
    // SAFETY: NULL buffer size query.
    let needed = unsafe { CertGetNameStringW(ctx, ty, flags, para, null_mut(), 0) };
    let mut buf = vec![0xAAAAu16; 512];
    // SAFETY: the buffer holds 512 units.
    let got = unsafe { CertGetNameStringW(ctx, ty, flags, para, buf.as_mut_ptr(), 512) };
    buf.truncate(got as usize);
    (needed, buf, got)
}

fn name(ctx: PCCERT_CONTEXT, ty: u32, flags: u32) -> String {
    let (_, units, _) = name_w(ctx, ty, flags, null_mut());
    String::from_utf16_lossy(&units)
        .trim_end_matches('\0')
        .to_owned()
}

fn property(ctx: PCCERT_CONTEXT, prop: u32) -> Option<Vec<u8>> {
    let mut cb = 0u32;
    // SAFETY: size query with a valid out pointer.
    if unsafe { CertGetCertificateContextProperty(ctx, prop, null_mut(), &mut cb) } == FALSE {
        return None;
    }
    let mut buf = vec![0u8; cb as usize];
    // SAFETY: the buffer holds `cb` bytes.
    let ok =
        unsafe { CertGetCertificateContextProperty(ctx, prop, buf.as_mut_ptr().cast(), &mut cb) };
    assert_eq!(ok, TRUE);
    buf.truncate(cb as usize);
    Some(buf)
}

fn openssl_sha1(m: &Material, pem: &str) -> Vec<u8> {
    let line = m.x509(pem, &["-fingerprint", "-sha1"]);
    let hex = line
        .trim()
        .rsplit('=')
        .next()
        .expect("fingerprint")
        .replace(':', "");
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// Unix time of an OpenSSL date such as "Nov 21 23:37:13 2026 GMT".
fn openssl_date(s: &str) -> i64 {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = months.iter().position(|m| *m == parts[0]).expect("month") as i64 + 1;
    let day: i64 = parts[1].parse().expect("day");
    let hms: Vec<i64> = parts[2]
        .split(':')
        .map(|x| x.parse().expect("time"))
        .collect();
    let year: i64 = parts[3].parse().expect("year");
    // Days from civil (proleptic Gregorian).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2]
}

fn filetime_unix(ft: &FILETIME) -> i64 {
    let ticks = (u64::from(ft.dwHighDateTime) << 32) | u64::from(ft.dwLowDateTime);
    (ticks / 10_000_000) as i64 - 11_644_473_600
}

/// Minimal DER walker, independent of the library's parser: (tag, whole TLV, content).
fn tlv(d: &[u8]) -> (u8, &[u8], &[u8]) {
    let tag = d[0];
    let (len, hl) = if d[1] < 0x80 {
        (d[1] as usize, 2)
    } else {
        let n = (d[1] & 0x7f) as usize;
        (
            d[2..2 + n]
                .iter()
                .fold(0usize, |a, b| (a << 8) | *b as usize),
            2 + n,
        )
    };
    (tag, &d[..hl + len], &d[hl..hl + len])
}

fn children(content: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let (_, whole, _) = tlv(rest);
        out.push(whole);
        rest = &rest[whole.len()..];
    }
    out
}

/// (serial content, issuer TLV, subject TLV) of a DER certificate.
fn der_fields(cert: &[u8]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let (_, _, cert_content) = tlv(cert);
    let tbs = children(cert_content)[0];
    let (_, _, tbs_content) = tlv(tbs);
    let mut f = children(tbs_content);
    if f[0][0] == 0xA0 {
        f.remove(0);
    }
    let (_, _, serial) = tlv(f[0]);
    (serial.to_vec(), f[2].to_vec(), f[4].to_vec())
}

fn inside(ctx: PCCERT_CONTEXT, p: *const u8, len: u32) -> bool {
    let c = ctx_ref(ctx);
    let start = c.pbCertEncoded as usize;
    let end = start + c.cbCertEncoded as usize;
    (p as usize) >= start && (p as usize) + len as usize <= end
}

// ---------------------------------------------------------------------------------------------
// PFX import

// CONTRACT §11
#[test]
fn pfx_openssl3_default_imports_chain_and_attaches_key_to_leaf() {
    let m = material();
    let store = pfx_import(&m.read("chain.pfx"), Some(PFX_PASSWORD));
    assert!(!store.is_null(), "import failed: {:#x}", last_error());

    let certs = all_certs(store);
    assert_eq!(certs.len(), 2);
    let names: Vec<String> = certs
        .iter()
        .map(|c| name(*c, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0))
        .collect();
    assert!(
        names.contains(&"leaf.example.test".to_owned())
            && names.contains(&"Test Root CA".to_owned())
    );

    let leaf = find(store, CERT_FIND_HAS_PRIVATE_KEY, null(), null());
    assert!(!leaf.is_null());
    assert_eq!(
        name(leaf, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0),
        "leaf.example.test"
    );
    assert_eq!(encoded(leaf), m.der("leaf.pem"));
    assert!(
        find(store, CERT_FIND_HAS_PRIVATE_KEY, null(), leaf).is_null(),
        "only the leaf has a key"
    );
    assert_eq!(last_error(), hresult(CRYPT_E_NOT_FOUND));

    // The key is visible as CERT_KEY_PROV_INFO on the leaf only.
    let leaf = find(store, CERT_FIND_HAS_PRIVATE_KEY, null(), null());
    assert!(property(leaf, CERT_KEY_PROV_INFO_PROP_ID).is_some());
    let ca = certs
        .iter()
        .copied()
        .find(|c| name(*c, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0) == "Test Root CA")
        .unwrap();
    assert!(property(ca, CERT_KEY_PROV_INFO_PROP_ID).is_none());
    assert_eq!(last_error(), hresult(CRYPT_E_NOT_FOUND));

    // identity_of: leaf first, then its issuer; the PKCS#8 key from the PFX.
    let id = identity_of(leaf).expect("identity");
    assert_eq!(id.chain.len(), 2);
    assert_eq!(id.chain[0].as_ref(), m.der("leaf.pem").as_slice());
    assert_eq!(id.chain[1].as_ref(), m.der("ca.pem").as_slice());
    assert!(matches!(id.key, Some(PrivateKeyDer::Pkcs8(_))));

    // Closing the store keeps the outstanding contexts (and their store) alive.
    assert_eq!(close(store), TRUE);
    assert_eq!(
        name(leaf, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0),
        "leaf.example.test"
    );
    assert_eq!(
        all_certs(ctx_ref(leaf).hCertStore)
            .into_iter()
            .map(free)
            .filter(|r| *r == TRUE)
            .count(),
        2
    );
    assert_eq!(free(leaf), TRUE);
    for c in certs {
        assert_eq!(free(c), TRUE);
    }
    // Everything is gone now.
    assert_eq!(free(leaf), FALSE);
    assert_eq!(last_error(), ERROR_INVALID_PARAMETER);
}

// CONTRACT §11
#[test]
fn pfx_legacy_3des_rc2_imports_rsa_key() {
    let m = material();
    let store = pfx_import(&m.read("rsa_legacy.pfx"), Some("legacy"));
    assert!(!store.is_null(), "import failed: {:#x}", last_error());
    let c = find(store, CERT_FIND_HAS_PRIVATE_KEY, null(), null());
    assert!(!c.is_null());
    assert_eq!(encoded(c), m.der("rsa.pem"));
    let id = identity_of(c).expect("identity");
    assert_eq!(id.chain.len(), 1);
    assert!(id.key.is_some());
    assert_eq!(free(c), TRUE);
    assert_eq!(close(store), TRUE);
}

// CONTRACT §11
#[test]
fn pfx_empty_password_with_null_password() {
    let m = material();
    let store = pfx_import(&m.read("ec_nopass.pfx"), None);
    assert!(!store.is_null(), "import failed: {:#x}", last_error());
    let c = find(store, CERT_FIND_HAS_PRIVATE_KEY, null(), null());
    assert!(!c.is_null());
    assert_eq!(free(c), TRUE);
    assert_eq!(close(store), TRUE);
}

// CONTRACT §11
#[test]
fn pfx_wrong_password_is_error_invalid_password() {
    let m = material();
    reset_error();
    assert!(pfx_import(&m.read("chain.pfx"), Some("wrong")).is_null());
    assert_eq!(last_error(), ERROR_INVALID_PASSWORD);
    reset_error();
    assert!(pfx_import(&m.read("rsa_legacy.pfx"), None).is_null());
    assert_eq!(last_error(), ERROR_INVALID_PASSWORD);
}

// CONTRACT §11
#[test]
fn pfx_corrupt_truncated_or_missing_is_rejected() {
    let m = material();
    let pfx = m.read("chain.pfx");
    reset_error();
    assert!(pfx_import(&pfx[..pfx.len() / 2], Some(PFX_PASSWORD)).is_null());
    assert_eq!(last_error(), hresult(CRYPT_E_BAD_ENCODE));
    reset_error();
    assert!(pfx_import(b"this is not a PFX at all", Some(PFX_PASSWORD)).is_null());
    assert_eq!(last_error(), hresult(CRYPT_E_BAD_ENCODE));
    reset_error();
    assert!(pfx_import(&[], None).is_null());
    assert_eq!(last_error(), hresult(CRYPT_E_BAD_ENCODE));
    // A flipped byte inside the authenticated content fails the MAC.
    let mut flipped = pfx.clone();
    let at = flipped.len() / 2;
    flipped[at] ^= 0x55;
    reset_error();
    assert!(pfx_import(&flipped, Some(PFX_PASSWORD)).is_null());
    assert_eq!(last_error(), ERROR_INVALID_PASSWORD);
    reset_error();
    // SAFETY: NULL blob pointer is rejected before any dereference.
    assert!(unsafe { PFXImportCertStore(null_mut(), null(), 0) }.is_null());
    assert_eq!(last_error(), ERROR_INVALID_PARAMETER);
}

// ---------------------------------------------------------------------------------------------
// Garbage pointers and reference counting

// CONTRACT §11
#[test]
fn foreign_and_stale_pointers_are_rejected_not_dereferenced() {
    let m = material();
    let fake = CERT_CONTEXT {
        dwCertEncodingType: X509_ASN_ENCODING,
        pbCertEncoded: null_mut(),
        cbCertEncoded: 0,
        pCertInfo: null_mut(),
        hCertStore: null_mut(),
    };
    let fake_ptr: PCCERT_CONTEXT = &fake;
    reset_error();
    assert_eq!(free(fake_ptr), FALSE);
    assert_eq!(last_error(), ERROR_INVALID_PARAMETER);
    let mut not_a_store = [0u64; 8];
    reset_error();
    assert_eq!(close(not_a_store.as_mut_ptr().cast()), FALSE);
    assert_eq!(last_error(), ERROR_INVALID_PARAMETER);
    assert!(enumerate(not_a_store.as_mut_ptr().cast(), null()).is_null());
    // SAFETY: the function validates the pointer.
    assert!(unsafe { CertDuplicateCertificateContext(fake_ptr) }.is_null());
    let (needed, s, got) = name_w(fake_ptr, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, null_mut());
    assert_eq!((needed, got), (1, 1));
    assert_eq!(s, vec![0]);
    assert!(property(fake_ptr, CERT_SHA1_HASH_PROP_ID).is_none());

    // NULL is fine where Windows says so.
    assert_eq!(free(null()), TRUE);
    assert_eq!(close(null_mut()), TRUE);

    // A context freed once too often.
    let c = create(&m.der("rsa.pem"));
    assert_eq!(free(c), TRUE);
    reset_error();
    assert_eq!(free(c), FALSE);
    assert_eq!(last_error(), ERROR_INVALID_PARAMETER);
    // SAFETY: the function validates the pointer.
    assert!(unsafe { CertDuplicateCertificateContext(c) }.is_null());
}

// CONTRACT §11
#[test]
fn duplicate_returns_same_pointer_and_counts_references() {
    let m = material();
    let c = create(&m.der("ec.pem"));
    assert!(!c.is_null());
    // SAFETY: live context.
    let d = unsafe { CertDuplicateCertificateContext(c) };
    assert_eq!(c, d);
    assert_eq!(free(c), TRUE);
    // Still alive through the second reference.
    assert_eq!(name(d, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0), "ec.example.test");
    assert_eq!(free(d), TRUE);
    assert_eq!(free(d), FALSE);
    // SAFETY: NULL in, NULL out.
    assert!(unsafe { CertDuplicateCertificateContext(null()) }.is_null());
}

// CONTRACT §11
#[test]
fn concurrent_duplicate_and_free_keep_count_exact() {
    let m = material();
    let c = create(&m.der("rsa.pem")) as usize;
    let threads: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                for _ in 0..500 {
                    // SAFETY: the context stays alive: the main thread holds a reference throughout.
                    let d = unsafe { CertDuplicateCertificateContext(c as PCCERT_CONTEXT) };
                    assert_eq!(d as usize, c);
                    assert_eq!(free(d), TRUE);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
    assert_eq!(free(c as PCCERT_CONTEXT), TRUE);
    assert_eq!(free(c as PCCERT_CONTEXT), FALSE);
}

// CONTRACT §11
#[test]
fn memory_store_enumerates_in_insertion_order_and_outlives_close() {
    let m = material();
    // SAFETY: CERT_STORE_PROV_MEMORY takes no parameter.
    let store = unsafe { CertOpenStore(CERT_STORE_PROV_MEMORY as LPCSTR, 0, 0, 0, null()) };
    assert!(!store.is_null());
    let ders = [m.der("rsa.pem"), m.der("ec.pem"), m.der("ca.pem")];
    for der in &ders {
        // SAFETY: pointer/length describe `der`; no output requested.
        let ok = unsafe {
            CertAddEncodedCertificateToStore(
                store,
                X509_ASN_ENCODING,
                der.as_ptr(),
                der.len() as u32,
                CERT_STORE_ADD_NEW,
                null_mut(),
            )
        };
        assert_eq!(ok, TRUE);
    }
    // Already there: ADD_NEW fails, USE_EXISTING returns the existing context.
    reset_error();
    // SAFETY: as above.
    let ok = unsafe {
        CertAddEncodedCertificateToStore(
            store,
            X509_ASN_ENCODING,
            ders[1].as_ptr(),
            ders[1].len() as u32,
            CERT_STORE_ADD_NEW,
            null_mut(),
        )
    };
    assert_eq!(ok, FALSE);
    assert_eq!(last_error(), hresult(CRYPT_E_EXISTS));
    let mut existing: PCCERT_CONTEXT = null();
    // SAFETY: as above, with a valid out pointer.
    let ok = unsafe {
        CertAddEncodedCertificateToStore(
            store,
            X509_ASN_ENCODING,
            ders[1].as_ptr(),
            ders[1].len() as u32,
            CERT_STORE_ADD_USE_EXISTING,
            &mut existing,
        )
    };
    assert_eq!(ok, TRUE);

    // Walk: insertion order, each step frees the previous context.
    let first = enumerate(store, null());
    assert_eq!(encoded(first), ders[0]);
    let second = enumerate(store, first);
    assert_eq!(second, existing, "USE_EXISTING returned the stored context");
    assert_eq!(encoded(second), ders[1]);
    // `first` was released by the call: freeing it again is a double free.
    assert_eq!(free(first), FALSE);
    let third = enumerate(store, second);
    assert_eq!(encoded(third), ders[2]);
    reset_error();
    assert!(enumerate(store, third).is_null());
    assert_eq!(last_error(), hresult(CRYPT_E_NOT_FOUND));

    // Close while `existing` is outstanding: CHECK reports it, the context stays valid.
    reset_error();
    // SAFETY: live store.
    assert_eq!(
        unsafe { CertCloseStore(store, CERT_CLOSE_STORE_CHECK_FLAG) },
        FALSE
    );
    assert_eq!(last_error(), hresult(CRYPT_E_PENDING_CLOSE));
    assert_eq!(
        name(existing, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0),
        "ec.example.test"
    );
    assert_eq!(ctx_ref(existing).hCertStore, store);
    let rest = all_certs(store);
    assert_eq!(
        rest.len(),
        3,
        "the closed store is still enumerable through its context"
    );
    for c in rest {
        assert_eq!(free(c), TRUE);
    }
    assert_eq!(free(existing), TRUE);
    // Last reference gone: the store is gone too.
    assert_eq!(close(store), FALSE);
    assert!(enumerate(store, null()).is_null());
    assert_eq!(last_error(), ERROR_INVALID_PARAMETER);
}

// CONTRACT §11
#[test]
fn open_store_by_name_and_unsupported_providers() {
    let name = CString::new("Memory").unwrap();
    // SAFETY: a NUL-terminated provider name.
    let s = unsafe { CertOpenStore(name.as_ptr(), 0, 0, 0, null()) };
    assert!(!s.is_null());
    assert_eq!(close(s), TRUE);
    reset_error();
    let file_w = CERT_STORE_PROV_FILENAME_W as LPCSTR;
    let path = wide("/nonexistent.sst");
    // SAFETY: a provider id and its parameter.
    let s = unsafe { CertOpenStore(file_w, 0, 0, 0, path.as_ptr().cast()) };
    assert!(s.is_null());
    assert_eq!(last_error(), ERROR_CALL_NOT_IMPLEMENTED);
}

// CONTRACT §11
#[test]
fn add_context_copies_key_and_created_context_has_own_store() {
    let m = material();
    let chain = CString::new(m.text("rsa.pem")).unwrap();
    let key = CString::new(m.text("rsa.key")).unwrap();
    // SAFETY: NUL-terminated PEM texts.
    let with_key = unsafe { SchShimCertFromPem(chain.as_ptr(), key.as_ptr()) };
    assert!(!with_key.is_null());
    // SAFETY: CERT_STORE_PROV_MEMORY takes no parameter.
    let store = unsafe { CertOpenStore(CERT_STORE_PROV_MEMORY as LPCSTR, 0, 0, 0, null()) };
    let mut copy: PCCERT_CONTEXT = null();
    // SAFETY: live store and context, valid out pointer.
    assert_eq!(
        unsafe {
            CertAddCertificateContextToStore(store, with_key, CERT_STORE_ADD_ALWAYS, &mut copy)
        },
        TRUE
    );
    assert_ne!(copy, with_key, "a copy lives in the target store");
    assert_eq!(ctx_ref(copy).hCertStore, store);
    assert_eq!(find(store, CERT_FIND_HAS_PRIVATE_KEY, null(), null()), copy);
    assert_eq!(free(copy), TRUE);
    assert_eq!(free(copy), TRUE); // the reference find returned
    assert_eq!(close(store), TRUE);
    assert_eq!(free(with_key), TRUE);

    // CertCreateCertificateContext: own store holding just that context.
    let der = m.der("ec.pem");
    let c = create(&der);
    let s = ctx_ref(c).hCertStore;
    assert!(!s.is_null());
    let e = enumerate(s, null());
    assert_eq!(e, c);
    assert!(enumerate(s, e).is_null());
    assert!(find(s, CERT_FIND_HAS_PRIVATE_KEY, null(), null()).is_null());
    assert_eq!(free(c), TRUE);

    reset_error();
    assert!(create(b"\x30\x03\x02\x01\x01garbage").is_null());
    assert_eq!(last_error(), hresult(CRYPT_E_ASN1_BADTAG));
    reset_error();
    // SAFETY: pointer/length describe `der`.
    assert!(unsafe { CertCreateCertificateContext(0, der.as_ptr(), der.len() as u32) }.is_null());
    assert_eq!(last_error(), hresult(E_INVALIDARG));
}

// ---------------------------------------------------------------------------------------------
// Find

// CONTRACT §11
#[test]
fn find_by_subject_substring_is_case_insensitive() {
    let m = material();
    let store = pfx_import(&m.read("chain.pfx"), Some(PFX_PASSWORD));
    let needle = CString::new("LEAF.Example").unwrap();
    let c = find(
        store,
        CERT_FIND_SUBJECT_STR_A,
        needle.as_ptr().cast(),
        null(),
    );
    assert!(!c.is_null());
    assert_eq!(encoded(c), m.der("leaf.pem"));
    let w = wide("root ca");
    let ca = find(store, CERT_FIND_SUBJECT_STR_W, w.as_ptr().cast(), null());
    assert_eq!(encoded(ca), m.der("ca.pem"));
    // Issuer string: both certificates are issued by the root.
    let w = wide("TEST ROOT");
    let a = find(store, CERT_FIND_ISSUER_STR_W, w.as_ptr().cast(), null());
    let b = find(store, CERT_FIND_ISSUER_STR_W, w.as_ptr().cast(), a);
    assert!(!b.is_null() && b != a);
    reset_error();
    assert!(find(store, CERT_FIND_ISSUER_STR_W, w.as_ptr().cast(), b).is_null());
    assert_eq!(last_error(), hresult(CRYPT_E_NOT_FOUND));
    let nothing = wide("no such subject");
    reset_error();
    assert!(find(
        store,
        CERT_FIND_SUBJECT_STR_W,
        nothing.as_ptr().cast(),
        null()
    )
    .is_null());
    assert_eq!(last_error(), hresult(CRYPT_E_NOT_FOUND));
    assert_eq!(free(c), TRUE);
    assert_eq!(free(ca), TRUE);
    assert_eq!(close(store), TRUE);
}

// CONTRACT §11
#[test]
fn find_by_sha1_thumbprint_matches_openssl_fingerprint() {
    let m = material();
    let store = pfx_import(&m.read("chain.pfx"), Some(PFX_PASSWORD));
    for pem in ["ca.pem", "leaf.pem"] {
        let mut thumb = openssl_sha1(m, pem);
        assert_eq!(thumb.len(), 20);
        let blob = CRYPT_HASH_BLOB {
            cbData: 20,
            pbData: thumb.as_mut_ptr(),
        };
        let c = find(
            store,
            CERT_FIND_SHA1_HASH,
            (&blob as *const CRYPT_HASH_BLOB).cast(),
            null(),
        );
        assert!(!c.is_null(), "{pem} not found by thumbprint");
        assert_eq!(encoded(c), m.der(pem));
        assert_eq!(property(c, CERT_SHA1_HASH_PROP_ID), Some(thumb.clone()));
        assert_eq!(free(c), TRUE);
    }
    let mut other = vec![0u8; 20];
    let blob = CRYPT_HASH_BLOB {
        cbData: 20,
        pbData: other.as_mut_ptr(),
    };
    assert!(find(
        store,
        CERT_FIND_HASH,
        (&blob as *const CRYPT_HASH_BLOB).cast(),
        null()
    )
    .is_null());
    assert_eq!(close(store), TRUE);
}

// CONTRACT §11
#[test]
fn property_size_protocol() {
    let m = material();
    let c = create(&m.der("rsa.pem"));
    let mut cb = 0u32;
    // SAFETY: size query.
    assert_eq!(
        unsafe { CertGetCertificateContextProperty(c, CERT_HASH_PROP_ID, null_mut(), &mut cb) },
        TRUE
    );
    assert_eq!(cb, 20);
    let mut small = [0u8; 10];
    let mut cb = 10u32;
    reset_error();
    // SAFETY: the buffer holds 10 bytes.
    let ok = unsafe {
        CertGetCertificateContextProperty(c, CERT_HASH_PROP_ID, small.as_mut_ptr().cast(), &mut cb)
    };
    assert_eq!(ok, FALSE);
    assert_eq!(last_error(), ERROR_MORE_DATA);
    assert_eq!(cb, 20);
    assert_eq!(
        property(c, CERT_SHA1_HASH_PROP_ID),
        Some(openssl_sha1(m, "rsa.pem"))
    );
    // No key on a created context.
    reset_error();
    assert!(property(c, CERT_KEY_PROV_INFO_PROP_ID).is_none());
    assert_eq!(last_error(), hresult(CRYPT_E_NOT_FOUND));
    assert_eq!(free(c), TRUE);
}

// ---------------------------------------------------------------------------------------------
// Names

// CONTRACT §11
#[test]
fn name_string_types_and_flags() {
    let m = material();
    let rsa = create(&m.der("rsa.pem"));
    assert_eq!(
        name(rsa, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0),
        "rsa.example.test"
    );
    assert_eq!(name(rsa, CERT_NAME_DNS_TYPE, 0), "rsa.example.test");
    let org = CString::new("2.5.4.10").unwrap();
    let (_, units, _) = name_w(rsa, CERT_NAME_ATTR_TYPE, 0, org.as_ptr().cast_mut().cast());
    assert_eq!(String::from_utf16_lossy(&units), "Example Org\0");

    // All DNS names as a multi-string with a final extra NUL (the IP SAN is not a DNS name).
    let (needed, units, got) = name_w(
        rsa,
        CERT_NAME_DNS_TYPE,
        CERT_NAME_SEARCH_ALL_NAMES_FLAG,
        null_mut(),
    );
    let expect = "rsa.example.test\0www.rsa.example.test\0\0";
    assert_eq!(String::from_utf16_lossy(&units), expect);
    assert_eq!(needed as usize, expect.len());
    assert_eq!(got, needed);

    // Issuer flag: the leaf's issuer is the CA.
    let leaf = create(&m.der("leaf.pem"));
    assert_eq!(
        name(leaf, CERT_NAME_SIMPLE_DISPLAY_TYPE, CERT_NAME_ISSUER_FLAG),
        "Test Root CA"
    );
    // DNS falls back to the CN when there is no SAN (the CA has none).
    let ca = create(&m.der("ca.pem"));
    assert_eq!(name(ca, CERT_NAME_DNS_TYPE, 0), "Test Root CA");
    // Simple display without CN: OU comes before O.
    let nocn = create(&m.der("nocn.pem"));
    assert_eq!(name(nocn, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0), "Unit Seven");
    // Not found: just the NUL.
    let ou = CString::new("2.5.4.11").unwrap();
    let (needed, units, got) = name_w(rsa, CERT_NAME_ATTR_TYPE, 0, ou.as_ptr().cast_mut().cast());
    assert_eq!((needed, got), (1, 1));
    assert_eq!(units, vec![0]);
    // RDN type with CERT_X500_NAME_STR.
    let mut x500 = CERT_X500_NAME_STR;
    let (_, units, _) = name_w(rsa, CERT_NAME_RDN_TYPE, 0, (&mut x500 as *mut u32).cast());
    assert_eq!(
        String::from_utf16_lossy(&units),
        "C=US, O=Example Org, CN=rsa.example.test\0"
    );

    for c in [rsa, leaf, ca, nocn] {
        assert_eq!(free(c), TRUE);
    }
}

// CONTRACT §11
#[test]
fn name_string_sizes_and_truncation() {
    let m = material();
    let c = create(&m.der("rsa.pem"));
    let full = "rsa.example.test";
    // Size query counts the NUL, with a NULL buffer or a zero count.
    // SAFETY: size queries.
    assert_eq!(
        unsafe {
            CertGetNameStringW(
                c,
                CERT_NAME_SIMPLE_DISPLAY_TYPE,
                0,
                null_mut(),
                null_mut(),
                0,
            )
        },
        17
    );
    let mut buf = [0x4141u16; 8];
    // SAFETY: zero count: nothing written.
    assert_eq!(
        unsafe {
            CertGetNameStringW(
                c,
                CERT_NAME_SIMPLE_DISPLAY_TYPE,
                0,
                null_mut(),
                buf.as_mut_ptr(),
                0,
            )
        },
        17
    );
    assert_eq!(buf[0], 0x4141);
    // Truncated to fit, always NUL-terminated.
    let mut buf = [0x4141u16; 8];
    // SAFETY: the buffer holds 5 units (of 8).
    let got = unsafe {
        CertGetNameStringW(
            c,
            CERT_NAME_SIMPLE_DISPLAY_TYPE,
            0,
            null_mut(),
            buf.as_mut_ptr(),
            5,
        )
    };
    assert_eq!(got, 5);
    assert_eq!(String::from_utf16_lossy(&buf[..5]), "rsa.\0");
    assert_eq!(buf[5], 0x4141, "nothing written past cchNameString");
    // Exact fit.
    let mut buf = [0u16; 17];
    // SAFETY: the buffer holds 17 units.
    let got = unsafe {
        CertGetNameStringW(
            c,
            CERT_NAME_SIMPLE_DISPLAY_TYPE,
            0,
            null_mut(),
            buf.as_mut_ptr(),
            17,
        )
    };
    assert_eq!(got, 17);
    assert_eq!(String::from_utf16_lossy(&buf[..16]), full);
    // A: UTF-8 bytes, same rules.
    let mut abuf = [0x41 as std::ffi::c_char; 8];
    // SAFETY: size query, then a 4-byte buffer (of 8).
    assert_eq!(
        unsafe {
            CertGetNameStringA(
                c,
                CERT_NAME_SIMPLE_DISPLAY_TYPE,
                0,
                null_mut(),
                null_mut(),
                0,
            )
        },
        17
    );
    // SAFETY: as above.
    let got = unsafe {
        CertGetNameStringA(
            c,
            CERT_NAME_SIMPLE_DISPLAY_TYPE,
            0,
            null_mut(),
            abuf.as_mut_ptr(),
            4,
        )
    };
    assert_eq!(got, 4);
    assert_eq!(
        abuf[..4].iter().map(|b| *b as u8).collect::<Vec<_>>(),
        b"rsa\0"
    );
    // A truncated multi-string keeps its double NUL.
    let mut buf = [0x4141u16; 10];
    // SAFETY: the buffer holds 10 units.
    let got = unsafe {
        CertGetNameStringW(
            c,
            CERT_NAME_DNS_TYPE,
            CERT_NAME_SEARCH_ALL_NAMES_FLAG,
            null_mut(),
            buf.as_mut_ptr(),
            10,
        )
    };
    assert_eq!(got, 10);
    assert_eq!(&buf[8..10], &[0, 0]);
    assert_eq!(free(c), TRUE);
}

// ---------------------------------------------------------------------------------------------
// CERT_INFO

// CONTRACT §11
#[test]
fn cert_info_fields_match_the_certificate() {
    let m = material();
    for (pem, serial_hex, sig_oid, spki_oid) in [
        (
            "rsa.pem",
            "0123456789ABCDEF",
            "1.2.840.113549.1.1.11",
            "1.2.840.113549.1.1.1",
        ),
        (
            "ec.pem",
            "8A0102",
            "1.2.840.10045.4.3.2",
            "1.2.840.10045.2.1",
        ),
    ] {
        let der = m.der(pem);
        let c = create(&der);
        let ci = info(c);
        assert_eq!(ctx_ref(c).dwCertEncodingType, X509_ASN_ENCODING);
        assert_eq!(encoded(c), der);
        assert_eq!(ci.dwVersion, 2, "CERT_V3");

        // Serial: little-endian, the DER content bytes reversed (keeping a 00 sign byte).
        let (der_serial, der_issuer, der_subject) = der_fields(&der);
        let mut reversed = der_serial.clone();
        reversed.reverse();
        let serial = blob_bytes(ci.SerialNumber.cbData, ci.SerialNumber.pbData);
        assert_eq!(serial, reversed);
        let printed = m.x509(pem, &["-serial"]);
        let hex = printed.trim().trim_start_matches("serial=");
        assert_eq!(hex, serial_hex);
        let mut be: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        if be[0] & 0x80 != 0 {
            be.insert(0, 0);
        }
        be.reverse();
        assert_eq!(serial, be);

        assert_eq!(oid_str(ci.SignatureAlgorithm.pszObjId), sig_oid);
        // Names point at the DER Name inside pbCertEncoded.
        assert_eq!(
            blob_bytes(ci.Subject.cbData, ci.Subject.pbData),
            der_subject
        );
        assert_eq!(blob_bytes(ci.Issuer.cbData, ci.Issuer.pbData), der_issuer);
        assert!(inside(c, ci.Subject.pbData, ci.Subject.cbData));
        assert!(inside(c, ci.Issuer.pbData, ci.Issuer.cbData));

        // Validity as FILETIME equals openssl's dates.
        let start = m.x509(pem, &["-startdate"]);
        let end = m.x509(pem, &["-enddate"]);
        assert_eq!(
            filetime_unix(&ci.NotBefore),
            openssl_date(start.trim().trim_start_matches("notBefore="))
        );
        assert_eq!(
            filetime_unix(&ci.NotAfter),
            openssl_date(end.trim().trim_start_matches("notAfter="))
        );

        // Public key info.
        let spki = &ci.SubjectPublicKeyInfo;
        assert_eq!(oid_str(spki.Algorithm.pszObjId), spki_oid);
        let params = blob_bytes(
            spki.Algorithm.Parameters.cbData,
            spki.Algorithm.Parameters.pbData,
        );
        let key = blob_bytes(spki.PublicKey.cbData, spki.PublicKey.pbData);
        assert_eq!(spki.PublicKey.cUnusedBits, 0);
        assert!(inside(c, spki.PublicKey.pbData, spki.PublicKey.cbData));
        if pem == "rsa.pem" {
            assert_eq!(params, [0x05, 0x00]);
            assert_eq!(key[0], 0x30, "RSAPublicKey SEQUENCE");
        } else {
            assert_eq!(
                params,
                [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]
            );
            assert_eq!((key.len(), key[0]), (65, 0x04));
        }

        // Extensions: the SAN is there, non-critical, its value inside pbCertEncoded.
        assert!(ci.cExtension >= 1);
        // SAFETY: rgExtension holds cExtension entries.
        let exts = unsafe { std::slice::from_raw_parts(ci.rgExtension, ci.cExtension as usize) };
        let san = exts
            .iter()
            .find(|e| oid_str(e.pszObjId) == "2.5.29.17")
            .expect("SAN extension");
        assert_eq!(san.fCritical, FALSE);
        assert!(inside(c, san.Value.pbData, san.Value.cbData));
        assert_eq!(blob_bytes(san.Value.cbData, san.Value.pbData)[0], 0x30);
        assert_eq!(free(c), TRUE);
    }
    // The CA's critical basicConstraints.
    let ca = create(&m.der("ca.pem"));
    let ci = info(ca);
    // SAFETY: rgExtension holds cExtension entries.
    let exts = unsafe { std::slice::from_raw_parts(ci.rgExtension, ci.cExtension as usize) };
    let bc = exts
        .iter()
        .find(|e| oid_str(e.pszObjId) == "2.5.29.19")
        .expect("basicConstraints");
    assert_eq!(bc.fCritical, TRUE);
    assert_eq!(free(ca), TRUE);
}

// ---------------------------------------------------------------------------------------------
// PEM extension

fn from_pem(m: &Material, chain: &str, key: Option<&str>) -> PCCERT_CONTEXT {
    let chain = CString::new(m.text(chain)).unwrap();
    let key = key.map(|k| CString::new(m.text(k)).unwrap());
    // SAFETY: NUL-terminated texts (or NULL key).
    unsafe { SchShimCertFromPem(chain.as_ptr(), key.as_ref().map_or(null(), |k| k.as_ptr())) }
}

// CONTRACT §11
#[test]
fn pem_with_pkcs8_sec1_and_pkcs1_keys() {
    let m = material();
    for (cert, key, pem_type) in [
        ("rsa.pem", "rsa.key", "pkcs8"),
        ("ec.pem", "ec_sec1.key", "sec1"),
        ("rsa.pem", "rsa_pkcs1.key", "pkcs1"),
        ("ec.pem", "ec.key", "pkcs8"),
    ] {
        let c = from_pem(m, cert, Some(key));
        assert!(!c.is_null(), "{cert} + {key}: {:#x}", last_error());
        assert_eq!(encoded(c), m.der(cert));
        assert!(property(c, CERT_KEY_PROV_INFO_PROP_ID).is_some());
        let id = identity_of(c).expect("identity");
        match (pem_type, &id.key) {
            ("pkcs8", Some(PrivateKeyDer::Pkcs8(_)))
            | ("sec1", Some(PrivateKeyDer::Sec1(_)))
            | ("pkcs1", Some(PrivateKeyDer::Pkcs1(_))) => {}
            other => panic!("unexpected key for {key}: {other:?}"),
        }
        // The context's own store finds it as the one with a key.
        let found = find(
            ctx_ref(c).hCertStore,
            CERT_FIND_HAS_PRIVATE_KEY,
            null(),
            null(),
        );
        assert_eq!(found, c);
        assert_eq!(free(found), TRUE);
        assert_eq!(free(c), TRUE);
    }
}

// CONTRACT §11
#[test]
fn pem_chain_without_key_and_bad_inputs() {
    let m = material();
    let c = from_pem(m, "chain.pem", None);
    assert!(!c.is_null());
    assert!(property(c, CERT_KEY_PROV_INFO_PROP_ID).is_none());
    let store_certs = all_certs(ctx_ref(c).hCertStore);
    assert_eq!(store_certs.len(), 2);
    assert_eq!(
        store_certs[0], c,
        "the leaf is the first certificate of its store"
    );
    let id = identity_of(c).expect("identity");
    assert_eq!(id.chain.len(), 2);
    assert!(id.key.is_none());
    for s in store_certs {
        assert_eq!(free(s), TRUE);
    }
    assert_eq!(free(c), TRUE);

    // A key that is not the leaf's.
    reset_error();
    assert!(from_pem(m, "rsa.pem", Some("ec.key")).is_null());
    assert_eq!(last_error(), hresult(NTE_BAD_KEY));
    // No key in the key text.
    reset_error();
    assert!(from_pem(m, "rsa.pem", Some("rsa.pem")).is_null());
    assert_eq!(last_error(), hresult(NTE_BAD_KEY));
    // No certificate in the chain text.
    reset_error();
    assert!(from_pem(m, "rsa.key", None).is_null());
    assert_eq!(last_error(), hresult(CRYPT_E_NOT_FOUND));
    reset_error();
    // SAFETY: NULL chain is rejected.
    assert!(unsafe { SchShimCertFromPem(null(), null()) }.is_null());
    assert_eq!(last_error(), ERROR_INVALID_PARAMETER);
}

// CONTRACT §11
#[test]
fn pem_files() {
    let m = material();
    let cert = CString::new(m.path("leaf.pem").to_str().unwrap()).unwrap();
    let key = CString::new(m.path("leaf.key").to_str().unwrap()).unwrap();
    // SAFETY: NUL-terminated paths.
    let c = unsafe { SchShimCertFromPemFiles(cert.as_ptr(), key.as_ptr()) };
    assert!(!c.is_null(), "{:#x}", last_error());
    assert_eq!(name(c, CERT_NAME_DNS_TYPE, 0), "leaf.example.test");
    assert!(identity_of(c).expect("identity").key.is_some());
    assert_eq!(free(c), TRUE);
    let missing = CString::new(m.path("missing.pem").to_str().unwrap()).unwrap();
    reset_error();
    // SAFETY: NUL-terminated paths.
    assert!(unsafe { SchShimCertFromPemFiles(missing.as_ptr(), null()) }.is_null());
    assert_eq!(last_error(), ERROR_FILE_NOT_FOUND);
}

// ---------------------------------------------------------------------------------------------
// Rust API for the Schannel layer

// CONTRACT §11
#[test]
fn context_for_chain_builds_leaf_with_chain_store() {
    let m = material();
    let chain = [
        CertificateDer::from(m.der("leaf.pem")),
        CertificateDer::from(m.der("ca.pem")),
    ];
    let c = context_for_chain(&chain, &[]);
    assert!(!c.is_null());
    assert_eq!(encoded(c), m.der("leaf.pem"));
    // curl compares pbCertEncoded of the first enumerated certificate with the returned context's.
    let first = enumerate(ctx_ref(c).hCertStore, null());
    assert_eq!(ctx_ref(first).pbCertEncoded, ctx_ref(c).pbCertEncoded);
    let second = enumerate(ctx_ref(c).hCertStore, first);
    assert_eq!(encoded(second), m.der("ca.pem"));
    assert_eq!(free(second), TRUE);
    let id = identity_of(c).expect("identity");
    assert_eq!(
        id.chain
            .iter()
            .map(|d| d.as_ref().to_vec())
            .collect::<Vec<_>>(),
        vec![m.der("leaf.pem"), m.der("ca.pem")]
    );
    assert!(id.key.is_none());
    assert_eq!(free(c), TRUE);
    // Freed: no longer an identity, and its store is gone.
    assert!(identity_of(c).is_none());

    assert!(context_for_chain(&[], &[]).is_null());
    assert!(context_for_chain(&[CertificateDer::from(vec![1u8, 2, 3])], &[]).is_null());
    let fake = [0u8; 64];
    assert!(identity_of(fake.as_ptr().cast()).is_none());
}

// CONTRACT §11
#[test]
fn identity_chain_stops_at_unrelated_certificates() {
    let m = material();
    // Leaf + an unrelated certificate + the CA, in a PFX-like store order.
    let chain = [
        CertificateDer::from(m.der("leaf.pem")),
        CertificateDer::from(m.der("rsa.pem")),
        CertificateDer::from(m.der("ca.pem")),
    ];
    let c = context_for_chain(&chain, &[]);
    let id = identity_of(c).expect("identity");
    assert_eq!(id.chain.len(), 2);
    assert_eq!(id.chain[1].as_ref(), m.der("ca.pem").as_slice());
    assert_eq!(free(c), TRUE);
}

// CONTRACT §11
#[test]
fn last_error_is_per_thread() {
    // SAFETY: no pointers.
    unsafe { SetLastError(1234) };
    assert_eq!(last_error(), 1234);
    let other = std::thread::spawn(last_error).join().expect("thread");
    assert_eq!(other, 0);
    assert_eq!(last_error(), 1234);
}
