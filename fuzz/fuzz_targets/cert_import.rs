//! Certificate import (PFXImportCertStore, SchShimCertFromPem, CertCreateCertificateContext,
//! CryptStringToBinaryA, CryptQueryObject) and, on whatever imports, the crypt32 name and
//! chain functions (CertGetNameStringA/W, CertNameToStrA/W, CertGetCertificateChain with the
//! imported certificates as the additional store, CertVerifyCertificateChainPolicy).
//!
//! Input: [mode][name type][flags][rest = the blob]. Seeds: the test PKI's DER, PEM and PFX
//! files (fuzz/seeds).
#![no_main]

use std::ptr::{null, null_mut};

use libfuzzer_sys::fuzz_target;
use schannel_shim::abi::*;
use schannel_shim::exports::crypt32::*;
use schannel_shim_fuzz::harness::{pki, Input};

const NAME_TYPES: [DWORD; 8] = [
    CERT_NAME_EMAIL_TYPE,
    CERT_NAME_RDN_TYPE,
    CERT_NAME_ATTR_TYPE,
    CERT_NAME_SIMPLE_DISPLAY_TYPE,
    CERT_NAME_FRIENDLY_DISPLAY_TYPE,
    CERT_NAME_DNS_TYPE,
    CERT_NAME_URL_TYPE,
    CERT_NAME_UPN_TYPE,
];

/// Every certificate of `store` (or just `cert`) through the name and chain functions.
unsafe fn exercise(store: HCERTSTORE, cert: PCCERT_CONTEXT, ty: u8, flags: u8) {
    let mut certs = Vec::new();
    if !cert.is_null() {
        certs.push(CertDuplicateCertificateContext(cert));
    }
    if !store.is_null() {
        let mut prev: PCCERT_CONTEXT = null();
        loop {
            prev = CertEnumCertificatesInStore(store, prev);
            if prev.is_null() || certs.len() >= 8 {
                break;
            }
            certs.push(CertDuplicateCertificateContext(prev));
        }
        if !prev.is_null() {
            CertFreeCertificateContext(prev);
        }
    }
    let extra = if store.is_null() {
        CertOpenStore(CERT_STORE_PROV_MEMORY as LPCSTR, 0, 0, 0, null())
    } else {
        CertDuplicateStore(store)
    };
    for &c in &certs {
        let kind = NAME_TYPES[ty as usize % NAME_TYPES.len()];
        let name_flags = u32::from(flags) & (CERT_NAME_ISSUER_FLAG | CERT_NAME_SEARCH_ALL_NAMES_FLAG);
        let mut str_type: DWORD = CERT_X500_NAME_STR;
        let oid = b"2.5.4.3\0";
        let para: *mut std::ffi::c_void = match kind {
            CERT_NAME_RDN_TYPE => (&mut str_type as *mut DWORD).cast(),
            CERT_NAME_ATTR_TYPE => oid.as_ptr() as *mut _,
            _ => null_mut(),
        };
        let mut a = [0i8; 512];
        let mut w = [0u16; 512];
        let small = (flags >> 4) as u32;
        CertGetNameStringA(c, kind, name_flags, para, a.as_mut_ptr(), a.len() as u32);
        CertGetNameStringA(c, kind, name_flags, para, a.as_mut_ptr(), small);
        CertGetNameStringW(c, kind, name_flags, para, w.as_mut_ptr(), w.len() as u32);
        CertGetNameStringW(c, kind, name_flags, para, null_mut(), 0);
        let info = (*c).pCertInfo;
        if !info.is_null() {
            for blob in [&mut (*info).Subject, &mut (*info).Issuer] {
                for st in [CERT_SIMPLE_NAME_STR, CERT_OID_NAME_STR, CERT_X500_NAME_STR] {
                    CertNameToStrA(X509_ASN_ENCODING, blob, st, a.as_mut_ptr(), small);
                    CertNameToStrA(X509_ASN_ENCODING, blob, st, a.as_mut_ptr(), a.len() as u32);
                    CertNameToStrW(X509_ASN_ENCODING, blob, st, w.as_mut_ptr(), w.len() as u32);
                }
            }
        }
        CertVerifyTimeValidity(null_mut(), info);
        let mut cp: CERT_CHAIN_PARA = std::mem::zeroed();
        cp.cbSize = std::mem::size_of::<CERT_CHAIN_PARA>() as u32;
        let mut chain: PCCERT_CHAIN_CONTEXT = null();
        if CertGetCertificateChain(null_mut(), c, null_mut(), extra, &mut cp, 0, null_mut(), &mut chain)
            == TRUE
        {
            let mut server: Vec<u16> = "localhost\0".encode_utf16().collect();
            let mut ssl = SSL_EXTRA_CERT_CHAIN_POLICY_PARA {
                cbSize: std::mem::size_of::<SSL_EXTRA_CERT_CHAIN_POLICY_PARA>() as u32,
                dwAuthType: AUTHTYPE_SERVER,
                fdwChecks: 0,
                pwszServerName: server.as_mut_ptr(),
            };
            let mut para = CERT_CHAIN_POLICY_PARA {
                cbSize: std::mem::size_of::<CERT_CHAIN_POLICY_PARA>() as u32,
                dwFlags: 0,
                pvExtraPolicyPara: (&mut ssl as *mut SSL_EXTRA_CERT_CHAIN_POLICY_PARA).cast(),
            };
            let mut st: CERT_CHAIN_POLICY_STATUS = std::mem::zeroed();
            st.cbSize = std::mem::size_of::<CERT_CHAIN_POLICY_STATUS>() as u32;
            CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL as LPCSTR, chain, &mut para, &mut st);
            CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_BASE as LPCSTR, chain, null_mut(), &mut st);
            CertFreeCertificateChain(chain);
        }
        CertFreeCertificateContext(c);
    }
    if !extra.is_null() {
        CertCloseStore(extra, 0);
    }
}

fuzz_target!(
    init: {
        pki();
    },
    |data: &[u8]| {
        let mut input = Input(data);
        let mode = input.byte();
        let ty = input.byte();
        let flags = input.byte();
        let mut blob = input.0.to_vec();
        // SAFETY: every pointer handed over is live and sized as the API says.
        unsafe {
            match mode % 5 {
                0 => {
                    let mut b = CRYPT_DATA_BLOB { cbData: blob.len() as u32, pbData: blob.as_mut_ptr() };
                    let pw: Vec<u16> = "test\0".encode_utf16().collect();
                    let store = PFXImportCertStore(&mut b, if flags & 1 == 1 { null() } else { pw.as_ptr() }, 0);
                    if !store.is_null() {
                        exercise(store, null(), ty, flags);
                        CertCloseStore(store, 0);
                    }
                }
                1 => {
                    // Chain text and key text split at a NUL in the input, both NUL-terminated.
                    let mut parts = blob.splitn(2, |&b| b == 0);
                    let mut chain = parts.next().unwrap_or_default().to_vec();
                    let mut key = parts.next().map(|k| k.iter().copied().filter(|&b| b != 0).collect::<Vec<u8>>());
                    chain.push(0);
                    if let Some(k) = key.as_mut() {
                        k.push(0);
                    }
                    let c = SchShimCertFromPem(chain.as_ptr().cast(), key.as_ref().map_or(null(), |k| k.as_ptr().cast()));
                    if !c.is_null() {
                        exercise(null_mut(), c, ty, flags);
                        CertFreeCertificateContext(c);
                    }
                }
                2 => {
                    let c = CertCreateCertificateContext(X509_ASN_ENCODING, blob.as_ptr(), blob.len() as u32);
                    if !c.is_null() {
                        exercise(null_mut(), c, ty, flags);
                        CertFreeCertificateContext(c);
                    }
                }
                3 => {
                    // cchString 0 means "up to the NUL", so the text is always NUL-terminated.
                    let len = blob.len() as u32;
                    blob.push(0);
                    let mut n: DWORD = 0;
                    let (mut skip, mut got) = (0u32, 0u32);
                    let kind = u32::from(flags) % 13;
                    if CryptStringToBinaryA(blob.as_ptr().cast(), len, kind, null_mut(), &mut n, &mut skip, &mut got) == TRUE {
                        let mut out = vec![0u8; n as usize];
                        if CryptStringToBinaryA(blob.as_ptr().cast(), len, kind, out.as_mut_ptr(), &mut n, &mut skip, &mut got) == TRUE {
                            assert!(n as usize <= out.len());
                            let c = CertCreateCertificateContext(X509_ASN_ENCODING, out.as_ptr(), n);
                            if !c.is_null() {
                                exercise(null_mut(), c, ty, flags);
                                CertFreeCertificateContext(c);
                            }
                        }
                    }
                }
                _ => {
                    let b = CERT_BLOB { cbData: blob.len() as u32, pbData: blob.as_mut_ptr() };
                    let (mut enc, mut content, mut format) = (0u32, 0u32, 0u32);
                    let mut store: HCERTSTORE = null_mut();
                    let mut ctx: *const std::ffi::c_void = null();
                    let ok = CryptQueryObject(
                        CERT_QUERY_OBJECT_BLOB,
                        (&b as *const CERT_BLOB).cast(),
                        CERT_QUERY_CONTENT_FLAG_CERT,
                        CERT_QUERY_FORMAT_FLAG_ALL,
                        0,
                        &mut enc,
                        &mut content,
                        &mut format,
                        &mut store,
                        null_mut(),
                        &mut ctx,
                    );
                    if ok == TRUE {
                        exercise(store, ctx.cast(), ty, flags);
                        if !ctx.is_null() {
                            CertFreeCertificateContext(ctx.cast());
                        }
                        if !store.is_null() {
                            CertCloseStore(store, 0);
                        }
                    }
                }
            }
        }
    }
);
