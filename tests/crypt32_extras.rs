//! Edge cases of the crypt32/advapi32 functions curl's Schannel backend and the SDK WebClient
//! client need besides SSPI (the call patterns themselves are in tests-c/test_crypt32_curl.c):
//! every `CALG_*` value against the SDK's, CryptDecodeObjectEx's allocator and ASN.1 corners,
//! the legacy hash handles (wrong kinds, threads, SHA-384), CertFindChainInStore's previous
//! chain and CertGetIssuerCertificateFromStore by key identifier.

mod common;

use std::ffi::{c_void, CString};
use std::ptr::{null, null_mut};

use common::read;

use schannel_shim::abi::*;
use schannel_shim::exports::crypt32::*;

fn last_error() -> u32 {
    // SAFETY: no arguments.
    unsafe { GetLastError() }
}

fn hr(code: i32) -> u32 {
    code as u32
}

/// The leaf of a PEM chain file, its store holding the whole file; with the key file if given.
fn pem_context(chain: &str, key: Option<&str>) -> PCCERT_CONTEXT {
    let pem = CString::new(read(chain)).unwrap();
    let key = key.map(|k| CString::new(read(k)).unwrap());
    // SAFETY: NUL-terminated PEM texts.
    let c =
        unsafe { SchShimCertFromPem(pem.as_ptr(), key.as_ref().map_or(null(), |k| k.as_ptr())) };
    assert!(!c.is_null(), "{chain}");
    c
}

fn free_cert(c: PCCERT_CONTEXT) {
    // SAFETY: a context of ours.
    assert_eq!(unsafe { CertFreeCertificateContext(c) }, TRUE);
}

// ---------------------------------------------------------------------------------------------
// Header values

// CONTRACT §11; crypt32 extras (issue 12)
#[test]
fn every_calg_has_the_sdk_value() {
    // (value, SDK value) for every CALG_* of wincrypt.h.
    let table: [(ALG_ID, ALG_ID); 58] = [
        (CALG_MD2, 0x8001),
        (CALG_MD4, 0x8002),
        (CALG_MD5, 0x8003),
        (CALG_SHA, 0x8004),
        (CALG_SHA1, 0x8004),
        (CALG_MAC, 0x8005),
        (CALG_RSA_SIGN, 0x2400),
        (CALG_DSS_SIGN, 0x2200),
        (CALG_NO_SIGN, 0x2000),
        (CALG_RSA_KEYX, 0xA400),
        (CALG_DES, 0x6601),
        (CALG_3DES_112, 0x6609),
        (CALG_3DES, 0x6603),
        (CALG_DESX, 0x6604),
        (CALG_RC2, 0x6602),
        (CALG_RC4, 0x6801),
        (CALG_SEAL, 0x6802),
        (CALG_DH_SF, 0xAA01),
        (CALG_DH_EPHEM, 0xAA02),
        (CALG_AGREEDKEY_ANY, 0xAA03),
        (CALG_KEA_KEYX, 0xAA04),
        (CALG_HUGHES_MD5, 0xA003),
        (CALG_SKIPJACK, 0x660A),
        (CALG_TEK, 0x660B),
        (CALG_CYLINK_MEK, 0x660C),
        (CALG_SSL3_SHAMD5, 0x8008),
        (CALG_SSL3_MASTER, 0x4C01),
        (CALG_SCHANNEL_MASTER_HASH, 0x4C02),
        (CALG_SCHANNEL_MAC_KEY, 0x4C03),
        (CALG_SCHANNEL_ENC_KEY, 0x4C07),
        (CALG_PCT1_MASTER, 0x4C04),
        (CALG_SSL2_MASTER, 0x4C05),
        (CALG_TLS1_MASTER, 0x4C06),
        (CALG_RC5, 0x660D),
        (CALG_HMAC, 0x8009),
        (CALG_TLS1PRF, 0x800A),
        (CALG_HASH_REPLACE_OWF, 0x800B),
        (CALG_AES_128, 0x660E),
        (CALG_AES_192, 0x660F),
        (CALG_AES_256, 0x6610),
        (CALG_AES, 0x6611),
        (CALG_SHA_256, 0x800C),
        (CALG_SHA_384, 0x800D),
        (CALG_SHA_512, 0x800E),
        (CALG_ECDH, 0xAA05),
        (CALG_ECDH_EPHEM, 0xAE06),
        (CALG_ECMQV, 0xA001),
        (CALG_ECDSA, 0x2203),
        (CALG_NULLCIPHER, 0x6000),
        (CALG_THIRDPARTY_KEY_EXCHANGE, 0xB000),
        (CALG_THIRDPARTY_SIGNATURE, 0x3000),
        (CALG_THIRDPARTY_CIPHER, 0x7000),
        (CALG_THIRDPARTY_HASH, 0x9000),
        (CALG_OID_INFO_CNG_ONLY, 0xFFFF_FFFF),
        (CALG_OID_INFO_PARAMETERS, 0xFFFF_FFFE),
        (ALG_CLASS_ALL, 0xE000),
        (SEC_WINNT_AUTH_IDENTITY_VERSION, 0x200),
        (SEC_WINNT_AUTH_IDENTITY_UNICODE, 2),
    ];
    for (i, (got, want)) in table.iter().enumerate() {
        assert_eq!(got, want, "entry {i}");
    }
}

// ---------------------------------------------------------------------------------------------
// CryptDecodeObjectEx

/// Decodes with CRYPT_DECODE_ALLOC_FLAG and malloc; the block, or the error.
fn decode_alloc(struct_type: LPCSTR, der: &[u8]) -> Result<*mut CERT_ALT_NAME_INFO, u32> {
    let mut out: *mut CERT_ALT_NAME_INFO = null_mut();
    // SAFETY: `der` is readable; `out` receives the pointer.
    let ok = unsafe {
        CryptDecodeObjectEx(
            X509_ASN_ENCODING,
            struct_type,
            der.as_ptr(),
            der.len() as u32,
            CRYPT_DECODE_ALLOC_FLAG,
            null_mut(),
            (&mut out as *mut *mut CERT_ALT_NAME_INFO).cast(),
            null_mut(),
        )
    };
    if ok == TRUE {
        Ok(out)
    } else {
        Err(last_error())
    }
}

fn entries(info: *mut CERT_ALT_NAME_INFO) -> Vec<CERT_ALT_NAME_ENTRY> {
    // SAFETY: a block CryptDecodeObjectEx returned.
    unsafe {
        let n = (*info).cAltEntry as usize;
        if n == 0 {
            return Vec::new();
        }
        std::slice::from_raw_parts((*info).rgAltEntry, n).to_vec()
    }
}

fn wide_at(p: *const u16) -> String {
    let mut n = 0;
    // SAFETY: a NUL-terminated string inside the decoded block.
    unsafe {
        while *p.add(n) != 0 {
            n += 1;
        }
        String::from_utf16_lossy(std::slice::from_raw_parts(p, n))
    }
}

// CONTRACT §11; crypt32 extras (issue 12)
#[test]
fn empty_names_and_ia5_bytes_that_are_not_utf8() {
    let alt = X509_ALTERNATE_NAME as LPCSTR;
    let info = decode_alloc(alt, &[0x30, 0x00]).expect("empty SEQUENCE");
    // SAFETY: a block of ours.
    unsafe {
        assert_eq!((*info).cAltEntry, 0);
        assert!((*info).rgAltEntry.is_null());
        libc::free(info.cast());
    }
    // dNSName "a\xe9b": Windows widens IA5String bytes one by one.
    let info = decode_alloc(alt, &[0x30, 0x05, 0x82, 0x03, b'a', 0xe9, b'b']).expect("latin-1");
    let e = entries(info);
    assert_eq!(e[0].dwAltNameChoice, CERT_ALT_NAME_DNS_NAME);
    // SAFETY: the union member the choice names.
    assert_eq!(wide_at(unsafe { e[0].u.pwszDNSName }), "a\u{e9}b");
    // SAFETY: a block of ours.
    unsafe { libc::free(info.cast()) };
    // The issuer alternative name OIDs decode the same structure.
    let issuer = CString::new(szOID_ISSUER_ALT_NAME2).unwrap();
    let info = decode_alloc(issuer.as_ptr(), &[0x30, 0x06, 0x87, 0x04, 10, 0, 0, 1]).unwrap();
    let e = entries(info);
    assert_eq!(e[0].dwAltNameChoice, CERT_ALT_NAME_IP_ADDRESS);
    // SAFETY: the union member the choice names, pointing into the block.
    let ip = unsafe { std::slice::from_raw_parts(e[0].u.IPAddress.pbData, 4) };
    assert_eq!(ip, [10, 0, 0, 1]);
    // SAFETY: a block of ours.
    unsafe { libc::free(info.cast()) };
}

// CONTRACT §11; crypt32 extras (issue 12)
#[test]
fn asn1_errors_and_bad_tags_inside() {
    let alt = X509_ALTERNATE_NAME as LPCSTR;
    assert_eq!(decode_alloc(alt, &[]).unwrap_err(), hr(CRYPT_E_ASN1_EOD));
    assert_eq!(
        decode_alloc(alt, &[0x31, 0x00]).unwrap_err(),
        hr(CRYPT_E_ASN1_BADTAG)
    );
    // A universal (not context-specific) element inside the SEQUENCE.
    assert_eq!(
        decode_alloc(alt, &[0x30, 0x03, 0x04, 0x01, 0x00]).unwrap_err(),
        hr(CRYPT_E_ASN1_CORRUPT)
    );
    // Encoding types without a decoder.
    let mut out: *mut c_void = null_mut();
    // SAFETY: valid pointers.
    let ok = unsafe {
        CryptDecodeObjectEx(
            0x4,
            alt,
            [0x30, 0x00].as_ptr(),
            2,
            CRYPT_DECODE_ALLOC_FLAG,
            null_mut(),
            (&mut out as *mut *mut c_void).cast(),
            null_mut(),
        )
    };
    assert_eq!(ok, FALSE);
    assert_eq!(last_error(), ERROR_FILE_NOT_FOUND);
    // Garbage never crashes: NULL data with a length.
    let mut cb = 0u32;
    // SAFETY: NULL data is refused before use.
    let ok =
        unsafe { CryptDecodeObject(X509_ASN_ENCODING, alt, null(), 5, 0, null_mut(), &mut cb) };
    assert_eq!(ok, FALSE);
    assert_eq!(last_error(), ERROR_INVALID_PARAMETER);
}

unsafe extern "C" fn failing_alloc(_: usize) -> *mut c_void {
    null_mut()
}

// CONTRACT §11; crypt32 extras (issue 12)
#[test]
fn caller_allocator_failure_and_short_decode_para() {
    let der = [0x30, 0x03, 0x82, 0x01, b'x'];
    let mut out: *mut c_void = std::ptr::dangling_mut::<c_void>();
    let mut para = CRYPT_DECODE_PARA {
        cbSize: std::mem::size_of::<CRYPT_DECODE_PARA>() as u32,
        pfnAlloc: Some(failing_alloc),
        pfnFree: None,
    };
    let mut cb = 0u32;
    // SAFETY: valid pointers; the allocator returns NULL.
    let ok = unsafe {
        CryptDecodeObjectEx(
            X509_ASN_ENCODING,
            X509_ALTERNATE_NAME as LPCSTR,
            der.as_ptr(),
            der.len() as u32,
            CRYPT_DECODE_ALLOC_FLAG,
            &mut para,
            (&mut out as *mut *mut c_void).cast(),
            &mut cb,
        )
    };
    assert_eq!(ok, FALSE);
    assert_eq!(last_error(), ERROR_NOT_ENOUGH_MEMORY);
    assert!(out.is_null(), "the out pointer is cleared on failure");
    // A CRYPT_DECODE_PARA too short to hold pfnAlloc: the default allocator (malloc).
    para.cbSize = 4;
    // SAFETY: as above.
    let ok = unsafe {
        CryptDecodeObjectEx(
            X509_ASN_ENCODING,
            X509_ALTERNATE_NAME as LPCSTR,
            der.as_ptr(),
            der.len() as u32,
            CRYPT_DECODE_ALLOC_FLAG,
            &mut para,
            (&mut out as *mut *mut c_void).cast(),
            &mut cb,
        )
    };
    assert_eq!(ok, TRUE);
    assert!(cb as usize >= std::mem::size_of::<CERT_ALT_NAME_INFO>());
    // SAFETY: malloc'ed by the library.
    unsafe { libc::free(out) };
}

// ---------------------------------------------------------------------------------------------
// Legacy hashing

fn acquire(prov_type: u32) -> HCRYPTPROV {
    let mut h: HCRYPTPROV = 0;
    // SAFETY: valid out pointer, NULL strings.
    let ok =
        unsafe { CryptAcquireContextA(&mut h, null(), null(), prov_type, CRYPT_VERIFYCONTEXT) };
    assert_eq!(ok, TRUE);
    h
}

fn digest(prov: HCRYPTPROV, alg: ALG_ID, data: &[u8]) -> Vec<u8> {
    let mut h: HCRYPTHASH = 0;
    // SAFETY: valid pointers throughout.
    unsafe {
        assert_eq!(CryptCreateHash(prov, alg, 0, 0, &mut h), TRUE);
        assert_eq!(CryptHashData(h, data.as_ptr(), data.len() as u32, 0), TRUE);
        let mut out = vec![0u8; 64];
        let mut cb = out.len() as u32;
        assert_eq!(
            CryptGetHashParam(h, HP_HASHVAL, out.as_mut_ptr(), &mut cb, 0),
            TRUE
        );
        out.truncate(cb as usize);
        assert_eq!(CryptDestroyHash(h), TRUE);
        out
    }
}

// CONTRACT §11; crypt32 extras (issue 12)
#[test]
fn sha2_and_md5_values_and_threads() {
    let prov = acquire(PROV_RSA_AES);
    let data = b"The quick brown fox jumps over the lazy dog";
    assert_eq!(
        digest(prov, CALG_SHA_384, data),
        ring::digest::digest(&ring::digest::SHA384, data).as_ref()
    );
    let md5 = digest(prov, CALG_MD5, data);
    assert_eq!(
        md5.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        "9e107d9d372bb6826bd81d3542a419d6"
    );
    // One provider, many hashes on many threads.
    let handles: Vec<_> = (0..8u8)
        .map(|i| {
            std::thread::spawn(move || {
                let mut input = vec![i; 1000];
                input.push(i);
                (digest(prov, CALG_SHA_256, &input), input)
            })
        })
        .collect();
    for h in handles {
        let (got, input) = h.join().unwrap();
        assert_eq!(
            got,
            ring::digest::digest(&ring::digest::SHA256, &input).as_ref()
        );
    }
    // SAFETY: a handle of ours.
    assert_eq!(unsafe { CryptReleaseContext(prov, 0) }, TRUE);
}

// CONTRACT §11; crypt32 extras (issue 12)
#[test]
fn handles_of_one_kind_are_not_accepted_as_the_other() {
    let prov = acquire(PROV_RSA_FULL);
    let mut h: HCRYPTHASH = 0;
    // SAFETY: valid pointers; the handles are passed as plain integers.
    unsafe {
        assert_eq!(CryptCreateHash(prov, CALG_SHA1, 0, 0, &mut h), TRUE);
        assert_eq!(CryptHashData(prov, b"x".as_ptr(), 1, 0), FALSE);
        assert_eq!(last_error(), hr(NTE_BAD_HASH));
        assert_eq!(CryptCreateHash(h, CALG_SHA1, 0, 0, &mut h), FALSE);
        assert_eq!(last_error(), hr(NTE_BAD_UID));
        assert_eq!(CryptReleaseContext(h, 0), FALSE);
        assert_eq!(CryptDestroyHash(prov), FALSE);
        // The hash outlives its provider, as the documentation allows.
        assert_eq!(CryptReleaseContext(prov, 0), TRUE);
        assert_eq!(CryptHashData(h, b"abc".as_ptr(), 3, 0), TRUE);
        let mut size = 0u32;
        let mut cb = 4u32;
        assert_eq!(
            CryptGetHashParam(h, HP_HASHSIZE, (&mut size as *mut u32).cast(), &mut cb, 0),
            TRUE
        );
        assert_eq!((size, cb), (20, 4));
        assert_eq!(
            CryptGetHashParam(h, HP_HASHVAL, null_mut(), null_mut(), 0),
            FALSE
        );
        assert_eq!(last_error(), ERROR_INVALID_PARAMETER);
        assert_eq!(CryptHashData(h, null(), 3, 0), FALSE);
        assert_eq!(last_error(), ERROR_INVALID_PARAMETER);
        assert_eq!(CryptDestroyHash(h), TRUE);
    }
}

// CONTRACT §11; crypt32 extras (issue 12)
#[test]
fn wide_names_and_machine_containers() {
    let name: Vec<u16> = "Extras Box".encode_utf16().chain(Some(0)).collect();
    let mut h: HCRYPTPROV = 0;
    // SAFETY: valid pointers and NUL-terminated UTF-16 strings.
    unsafe {
        assert_eq!(
            CryptAcquireContextW(
                &mut h,
                name.as_ptr(),
                null(),
                PROV_RSA_AES,
                CRYPT_NEWKEYSET | CRYPT_MACHINE_KEYSET
            ),
            TRUE
        );
        assert_eq!(CryptReleaseContext(h, 0), TRUE);
        // The same name as a user container does not exist.
        assert_eq!(
            CryptAcquireContextW(&mut h, name.as_ptr(), null(), PROV_RSA_AES, 0),
            FALSE
        );
        assert_eq!(last_error(), hr(NTE_BAD_KEYSET));
        // Names compare case-insensitively, across A and W.
        let upper = CString::new("EXTRAS BOX").unwrap();
        assert_eq!(
            CryptAcquireContextA(
                &mut h,
                upper.as_ptr(),
                null(),
                PROV_RSA_AES,
                CRYPT_MACHINE_KEYSET
            ),
            TRUE
        );
        assert_eq!(CryptReleaseContext(h, 0), TRUE);
        assert_eq!(
            CryptAcquireContextA(
                &mut h,
                upper.as_ptr(),
                null(),
                PROV_RSA_AES,
                CRYPT_DELETEKEYSET | CRYPT_MACHINE_KEYSET
            ),
            TRUE
        );
        assert_eq!(h, 0, "CRYPT_DELETEKEYSET acquires nothing");
    }
}

// ---------------------------------------------------------------------------------------------
// CertFindChainInStore, CertGetIssuerCertificateFromStore

fn find_by_issuer(
    store: HCERTSTORE,
    issuers: &mut [CERT_NAME_BLOB],
    prev: PCCERT_CHAIN_CONTEXT,
) -> PCCERT_CHAIN_CONTEXT {
    // SAFETY: all-zero is a valid CERT_CHAIN_FIND_BY_ISSUER_PARA.
    let mut p: CERT_CHAIN_FIND_BY_ISSUER_PARA = unsafe { std::mem::zeroed() };
    p.cbSize = CERT_CHAIN_FIND_BY_ISSUER_PARA_BASE_SIZE as u32;
    p.cIssuer = issuers.len() as u32;
    p.rgIssuer = issuers.as_mut_ptr();
    // SAFETY: valid structure; the store and previous chain are the caller's.
    unsafe {
        CertFindChainInStore(
            store,
            X509_ASN_ENCODING,
            0,
            CERT_CHAIN_FIND_BY_ISSUER,
            (&p as *const CERT_CHAIN_FIND_BY_ISSUER_PARA).cast(),
            prev,
        )
    }
}

// CONTRACT §11; crypt32 extras (issue 12)
#[test]
fn find_chain_previous_chain_rules() {
    let leaf = pem_context("chain3-leaf-chain.pem", Some("chain3-leaf.key"));
    // SAFETY: a context of ours.
    let (store, issuer) = unsafe {
        let info = &*(*leaf).pCertInfo;
        ((*leaf).hCertStore, info.Issuer)
    };
    let mut names = [issuer];
    let first = find_by_issuer(store, &mut names, null());
    assert!(!first.is_null());
    // The search goes on after the previous chain's leaf (and frees that chain): nothing more.
    let again = find_by_issuer(store, &mut names, first);
    assert!(again.is_null());
    assert_eq!(last_error(), hr(CRYPT_E_NOT_FOUND));
    // A made-up previous chain is an error, not a crash.
    let bogus = &names as *const _ as PCCERT_CHAIN_CONTEXT;
    assert!(find_by_issuer(store, &mut names, bogus).is_null());
    assert_eq!(last_error(), hr(E_INVALIDARG));
    // A name nobody in the chain was issued by.
    let mut other = [CERT_NAME_BLOB {
        cbData: 2,
        pbData: [0x30u8, 0x00].as_ptr().cast_mut(),
    }];
    assert!(find_by_issuer(store, &mut other, null()).is_null());
    assert_eq!(last_error(), hr(CRYPT_E_NOT_FOUND));
    free_cert(leaf);
}

// CONTRACT §11; crypt32 extras (issue 12)
#[test]
fn issuer_by_key_identifier_and_prev_from_another_store() {
    // chain3 leaves carry an authority key identifier: the intermediate is found by it.
    let leaf = pem_context("chain3-leaf-chain.pem", None);
    let other = pem_context("chain3-ip-chain.pem", None);
    let mut flags = CERT_STORE_SIGNATURE_FLAG;
    // SAFETY: contexts of ours; valid flags pointer.
    unsafe {
        let store = (*leaf).hCertStore;
        let issuer = CertGetIssuerCertificateFromStore(store, leaf, null(), &mut flags);
        assert!(!issuer.is_null());
        assert_eq!(flags, 0);
        // The issuer's subject key identifier is what the leaf names.
        let mut ski = [0u8; 64];
        let mut cb = ski.len() as u32;
        assert_eq!(
            CertGetCertificateContextProperty(
                issuer,
                CERT_KEY_IDENTIFIER_PROP_ID,
                ski.as_mut_ptr().cast(),
                &mut cb
            ),
            TRUE
        );
        assert!(cb > 0);
        // A previous issuer from another store: E_INVALIDARG, and it is freed all the same.
        let foreign = CertDuplicateCertificateContext(other);
        flags = 0;
        assert!(CertGetIssuerCertificateFromStore(store, leaf, foreign, &mut flags).is_null());
        assert_eq!(last_error(), hr(E_INVALIDARG));
        free_cert(issuer);
    }
    free_cert(other);
    free_cert(leaf);
}

// ---------------------------------------------------------------------------------------------
// Revocation from CRLs

/// The leaf's chain through the default engine (ROOT = ca.pem, which does not hold chain3's
/// root) with `CERT_CHAIN_REVOCATION_CHECK_END_CERT`, the leaf's own store as additional store;
/// the leaf element's error bits.
fn leaf_revocation_bits(leaf: PCCERT_CONTEXT) -> u32 {
    // SAFETY: all-zero is a valid CERT_CHAIN_PARA but for cbSize.
    let mut para: CERT_CHAIN_PARA = unsafe { std::mem::zeroed() };
    para.cbSize = std::mem::size_of::<CERT_CHAIN_PARA>() as u32;
    let mut chain: PCCERT_CHAIN_CONTEXT = null();
    // SAFETY: valid pointers; the context and its store are ours.
    unsafe {
        assert_eq!(
            CertGetCertificateChain(
                null_mut(),
                leaf,
                null_mut(),
                (*leaf).hCertStore,
                &mut para,
                CERT_CHAIN_REVOCATION_CHECK_END_CERT,
                null_mut(),
                &mut chain
            ),
            TRUE
        );
        let simple = &**(*chain).rgpChain;
        let bits = (**simple.rgpElement).TrustStatus.dwErrorStatus;
        // Only the leaf is covered by END_CERT.
        let int_bits = (**simple.rgpElement.add(1)).TrustStatus.dwErrorStatus;
        assert_eq!(int_bits & CERT_TRUST_REVOCATION_STATUS_UNKNOWN, 0);
        CertFreeCertificateChain(chain);
        bits & !(CERT_TRUST_IS_UNTRUSTED_ROOT | CERT_TRUST_IS_PARTIAL_CHAIN)
    }
}

// CONTRACT §11; crypt32 extras (issue 12)
#[test]
fn crls_in_the_peer_store_and_forged_ones() {
    let revoked = pem_context("chain3-ip-chain.pem", None);
    assert_eq!(
        leaf_revocation_bits(revoked),
        CERT_TRUST_REVOCATION_STATUS_UNKNOWN
    );
    // A CRL whose signature does not verify is not evidence either way.
    let mut forged = read("chain3-int.crl");
    let last = forged.len() - 1;
    forged[last] ^= 0x55;
    // SAFETY: a context of ours.
    let store = unsafe { (*revoked).hCertStore };
    common::add_crl(store, &forged);
    assert_eq!(
        leaf_revocation_bits(revoked),
        CERT_TRUST_REVOCATION_STATUS_UNKNOWN
    );
    // The genuine one in the additional (peer) store.
    common::add_crl(store, &read("chain3-int.crl"));
    assert_eq!(leaf_revocation_bits(revoked), CERT_TRUST_IS_REVOKED);
    // Another CRL of the same issuer (the root's) says nothing about this leaf.
    let clean = pem_context("chain3-leaf-chain.pem", None);
    // SAFETY: a context of ours.
    common::add_crl(unsafe { (*clean).hCertStore }, &read("chain3-root.crl"));
    assert_eq!(
        leaf_revocation_bits(clean),
        CERT_TRUST_REVOCATION_STATUS_UNKNOWN
    );
    // SAFETY: as above.
    common::add_crl(unsafe { (*clean).hCertStore }, &read("chain3-int.crl"));
    assert_eq!(leaf_revocation_bits(clean), 0);
    free_cert(clean);
    free_cert(revoked);
}

// CONTRACT §11; crypt32 extras (issue 12)
#[test]
fn find_chain_refuses_a_null_issuer_array_with_a_count() {
    let leaf = pem_context("chain3-leaf-chain.pem", Some("chain3-leaf.key"));
    // SAFETY: a context of ours.
    let store = unsafe { (*leaf).hCertStore };
    // SAFETY: all-zero is a valid CERT_CHAIN_FIND_BY_ISSUER_PARA.
    let mut p: CERT_CHAIN_FIND_BY_ISSUER_PARA = unsafe { std::mem::zeroed() };
    p.cbSize = CERT_CHAIN_FIND_BY_ISSUER_PARA_BASE_SIZE as u32;
    p.cIssuer = 1;
    // Not skipped (it would widen the search to every issuer): E_INVALIDARG.
    // SAFETY: a valid structure apart from the array under test; a store of ours.
    let found = unsafe {
        CertFindChainInStore(
            store,
            X509_ASN_ENCODING,
            0,
            CERT_CHAIN_FIND_BY_ISSUER,
            (&p as *const CERT_CHAIN_FIND_BY_ISSUER_PARA).cast(),
            null(),
        )
    };
    assert!(found.is_null());
    assert_eq!(last_error(), hr(E_INVALIDARG));
    free_cert(leaf);
}
