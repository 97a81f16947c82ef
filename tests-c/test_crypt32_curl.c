/*
 * The crypt32 / advapi32 calls curl's Schannel backend and the SDK WebClient-derived client
 * (vschannel) make besides SSPI, called the way they make them:
 *
 * - curl's IP-address host check (schannel_verify.c get_alt_name_info / Curl_verify_host):
 *   CertFindExtension(szOID_SUBJECT_ALT_NAME2) on the server certificate's CERT_INFO, then
 *   CryptDecodeObjectEx(X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, szOID_SUBJECT_ALT_NAME2, ...,
 *   CRYPT_DECODE_ALLOC_FLAG | CRYPT_DECODE_NOCOPY_FLAG, {sizeof, NULL, NULL}, &info, &size), the
 *   entries walked for CERT_ALT_NAME_IP_ADDRESS, LocalFree (free() here: the Windows header set's
 *   LocalFree). Every GeneralName kind (chain3-alt.pem), the caller-buffer size protocol
 *   (X509_ALTERNATE_NAME, ERROR_MORE_DATA), a caller allocator, and the errors.
 * - curl's schannel_checksum (--pinnedpubkey, SHA-256 through PROV_RSA_AES) and its Windows
 *   md5.c/sha256.c (size query, then the value): CryptAcquireContext(CRYPT_VERIFYCONTEXT |
 *   CRYPT_SILENT), CryptCreateHash, CryptHashData, CryptGetHashParam(HP_HASHSIZE / HP_HASHVAL),
 *   CryptDestroyHash, CryptReleaseContext; what each provider type can hash; stale handles; the
 *   "open the container, else create it" loop of older code.
 * - vschannel's client-certificate choice: CertFindChainInStore(CERT_CHAIN_FIND_BY_ISSUER) with
 *   the issuer names, iterated with pPrevChainContext, and CertGetIssuerCertificateFromStore.
 * - curl's certificate check with revocation on (CERT_CHAIN_REVOCATION_CHECK_CHAIN through its
 *   CA-file engine) when the CA store also holds the CAs' CRLs (CertAddEncodedCRLToStore):
 *   revoked, clean, unknown (no CRL) and offline (out-of-date CRL); CRL contexts.
 */
#define CERT_CHAIN_FIND_BY_ISSUER_PARA_HAS_EXTRA_FIELDS
#include "common.h"

#include <arpa/inet.h>

/* ------------------------------------------------------------------ helpers */

static PCCERT_CONTEXT cert_of(const char *pem_file)
{
    size_t len;
    unsigned char *der = pki_cert_der(pem_file, &len);
    PCCERT_CONTEXT c = CertCreateCertificateContext(X509_ASN_ENCODING, der, (DWORD)len);
    free(der);
    CHECK(c != NULL);
    return c;
}

static int wide_eq(const WCHAR *got, const uint16_t *want)
{
    size_t i = 0;
    for (; want[i]; i++)
        if (!got || got[i] != want[i])
            return 0;
    return got[i] == 0;
}

static DWORD hr(HRESULT h)
{
    return (DWORD)h;
}

/* curl's get_alt_name_info, as written there. */
static int get_alt_name_info(PCCERT_CONTEXT ctx, PCERT_ALT_NAME_INFO *alt_name_info,
                             LPDWORD alt_name_info_size)
{
    PCERT_INFO cert_info = ctx->pCertInfo;
    PCERT_EXTENSION extension = NULL;
    CRYPT_DECODE_PARA decode_para = {sizeof(CRYPT_DECODE_PARA), NULL, NULL};
    extension = CertFindExtension(szOID_SUBJECT_ALT_NAME2, cert_info->cExtension, cert_info->rgExtension);
    if (!extension)
        return 0;
    return CryptDecodeObjectEx(X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, szOID_SUBJECT_ALT_NAME2,
                               extension->Value.pbData, extension->Value.cbData,
                               CRYPT_DECODE_ALLOC_FLAG | CRYPT_DECODE_NOCOPY_FLAG, &decode_para,
                               alt_name_info, alt_name_info_size) != 0;
}

/* curl's IP match: the host's address bytes against every CERT_ALT_NAME_IP_ADDRESS entry. */
static int curl_ip_matches(PCCERT_CONTEXT ctx, const char *host)
{
    unsigned char addr[16];
    size_t size = 0;
    if (inet_pton(AF_INET, host, addr) == 1)
        size = 4;
    else if (inet_pton(AF_INET6, host, addr) == 1)
        size = 16;
    PCERT_ALT_NAME_INFO alt_name_info = NULL;
    DWORD alt_name_info_size = 0;
    int matched = 0;
    if (size && get_alt_name_info(ctx, &alt_name_info, &alt_name_info_size)) {
        for (DWORD i = 0; i < alt_name_info->cAltEntry; ++i) {
            PCERT_ALT_NAME_ENTRY entry = &alt_name_info->rgAltEntry[i];
            if (entry->dwAltNameChoice == CERT_ALT_NAME_IP_ADDRESS && entry->IPAddress.cbData == size &&
                !memcmp(entry->IPAddress.pbData, addr, size))
                matched = 1;
        }
    }
    free(alt_name_info); /* LocalFree(alt_name_info) */
    return matched;
}

/* ------------------------------------------------------------------ alternative names */

/* Checks the eight entries of chain3-alt.pem, in certificate order, inside [lo, lo + len). */
static void check_alt_entries(const CERT_ALT_NAME_INFO *info, const void *lo, size_t len)
{
    const unsigned char *base = lo;
#define INSIDE(p) CHECK((const unsigned char *)(p) >= base && (const unsigned char *)(p) < base + len)
    if (!CHECK_EQ(info->cAltEntry, 8) || !INSIDE(info->rgAltEntry))
        return;
    const CERT_ALT_NAME_ENTRY *e = info->rgAltEntry;
    static const unsigned char v4[4] = {127, 0, 0, 1};
    static const unsigned char v6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    CHECK_EQ(e[0].dwAltNameChoice, CERT_ALT_NAME_DNS_NAME);
    CHECK(wide_eq(e[0].pwszDNSName, u"alt.example"));
    INSIDE(e[0].pwszDNSName);
    CHECK_EQ(e[1].dwAltNameChoice, CERT_ALT_NAME_IP_ADDRESS);
    CHECK_MEM(e[1].IPAddress.pbData, e[1].IPAddress.cbData, v4, 4);
    INSIDE(e[1].IPAddress.pbData);
    CHECK_EQ(e[2].dwAltNameChoice, CERT_ALT_NAME_IP_ADDRESS);
    CHECK_MEM(e[2].IPAddress.pbData, e[2].IPAddress.cbData, v6, 16);
    CHECK_EQ(e[3].dwAltNameChoice, CERT_ALT_NAME_RFC822_NAME);
    CHECK(wide_eq(e[3].pwszRfc822Name, u"user@example.test"));
    CHECK_EQ(e[4].dwAltNameChoice, CERT_ALT_NAME_URL);
    CHECK(wide_eq(e[4].pwszURL, u"https://example.test/x"));
    CHECK_EQ(e[5].dwAltNameChoice, CERT_ALT_NAME_REGISTERED_ID);
    CHECK(e[5].pszRegisteredID && strcmp(e[5].pszRegisteredID, "1.2.3.4") == 0);
    CHECK_EQ(e[6].dwAltNameChoice, CERT_ALT_NAME_DIRECTORY_NAME);
    char dn[128] = "";
    CertNameToStrA(X509_ASN_ENCODING, (PCERT_NAME_BLOB)&e[6].DirectoryName, CERT_X500_NAME_STR, dn,
                   sizeof dn);
    CHECK(strcmp(dn, "O=schannel-shim tests, CN=dir") == 0);
    INSIDE(e[6].DirectoryName.pbData);
    CHECK_EQ(e[7].dwAltNameChoice, CERT_ALT_NAME_OTHER_NAME);
    if (CHECK(e[7].pOtherName != NULL) && INSIDE(e[7].pOtherName)) {
        CHECK(strcmp(e[7].pOtherName->pszObjId, "1.3.6.1.4.1.311.20.2.3") == 0);
        /* The value inside the [0] tag: UTF8String "upn@example.test". */
        static const unsigned char upn[] = "\x0c\x10upn@example.test";
        CHECK_MEM(e[7].pOtherName->Value.pbData, e[7].pOtherName->Value.cbData, upn, sizeof upn - 1);
    }
#undef INSIDE
}

static int g_allocs, g_frees;
static LPVOID WINAPI counting_alloc(size_t n)
{
    g_allocs++;
    return malloc(n);
}
static void WINAPI counting_free(LPVOID p)
{
    g_frees++;
    free(p);
}

/* CONTRACT §11; crypt32 extras (issue 12) */
static void test_alt_names(void)
{
    test_case("curl: IP-address host against the server certificate's subjectAltName");
    PCCERT_CONTEXT ecdsa = cert_of("ecdsa.pem"), ip = cert_of("chain3-ip.pem");
    PCCERT_CONTEXT nosan = cert_of("chain3-nosan.pem"), alt = cert_of("chain3-alt.pem");
    CHECK(curl_ip_matches(ecdsa, "127.0.0.1"));
    CHECK(curl_ip_matches(ip, "127.0.0.1"));
    CHECK(!curl_ip_matches(ip, "127.0.0.2"));
    CHECK(curl_ip_matches(alt, "::1"));
    CHECK(!curl_ip_matches(ecdsa, "::1"));
    /* No subjectAltName: CertFindExtension gives NULL (curl: "returned no extension"). */
    PCERT_ALT_NAME_INFO none = NULL;
    DWORD none_size = 0;
    CHECK(!get_alt_name_info(nosan, &none, &none_size));

    test_case("CryptDecodeObjectEx(CRYPT_DECODE_ALLOC_FLAG): every GeneralName kind");
    PCERT_ALT_NAME_INFO info = NULL;
    DWORD size = 0;
    if (CHECK(get_alt_name_info(alt, &info, &size)) && CHECK(info != NULL)) {
        CHECK(size >= sizeof(CERT_ALT_NAME_INFO) + 8 * sizeof(CERT_ALT_NAME_ENTRY));
        check_alt_entries(info, info, size);
    }
    free(info);

    PCERT_EXTENSION ext = CertFindExtension(szOID_SUBJECT_ALT_NAME2, alt->pCertInfo->cExtension,
                                            alt->pCertInfo->rgExtension);
    if (!CHECK(ext != NULL))
        goto out;
    /* The extension found is the caller's own array element. */
    CHECK(ext >= alt->pCertInfo->rgExtension &&
          ext < alt->pCertInfo->rgExtension + alt->pCertInfo->cExtension);

    test_case("CryptDecodeObjectEx: caller's allocator");
    CRYPT_DECODE_PARA para = {sizeof para, counting_alloc, counting_free};
    info = NULL;
    g_allocs = g_frees = 0;
    if (CHECK(CryptDecodeObjectEx(X509_ASN_ENCODING, X509_ALTERNATE_NAME, ext->Value.pbData,
                                  ext->Value.cbData, CRYPT_DECODE_ALLOC_FLAG, &para, &info, NULL)) &&
        CHECK(info != NULL)) {
        CHECK_EQ(g_allocs, 1);
        CHECK_EQ(info->cAltEntry, 8);
        para.pfnFree(info);
        CHECK_EQ(g_frees, 1);
    }

    test_case("CryptDecodeObjectEx: caller's buffer, size query, ERROR_MORE_DATA");
    DWORD need = 0;
    CHECK(CryptDecodeObjectEx(X509_ASN_ENCODING, X509_ALTERNATE_NAME, ext->Value.pbData,
                              ext->Value.cbData, 0, NULL, NULL, &need));
    CHECK(need > sizeof(CERT_ALT_NAME_INFO));
    void *buf = malloc(need);
    DWORD small = need - 1;
    SetLastError(0);
    CHECK(!CryptDecodeObjectEx(X509_ASN_ENCODING, X509_ALTERNATE_NAME, ext->Value.pbData,
                               ext->Value.cbData, 0, NULL, buf, &small));
    CHECK_EQ(GetLastError(), ERROR_MORE_DATA);
    CHECK_EQ(small, need);
    DWORD have = need;
    if (CHECK(CryptDecodeObject(X509_ASN_ENCODING, szOID_SUBJECT_ALT_NAME, ext->Value.pbData,
                                ext->Value.cbData, 0, buf, &have))) {
        CHECK_EQ(have, need);
        check_alt_entries(buf, buf, need);
    }
    free(buf);

    test_case("CryptDecodeObjectEx: errors");
    static const BYTE octet[] = {0x04, 0x01, 0x00};
    static const BYTE cut[] = {0x30, 0x10, 0x82, 0x03, 'a', 'b'};
    void *p = (void *)1;
    DWORD cb = 0;
    SetLastError(0);
    CHECK(!CryptDecodeObjectEx(X509_ASN_ENCODING, X509_BASIC_CONSTRAINTS2, ext->Value.pbData,
                               ext->Value.cbData, CRYPT_DECODE_ALLOC_FLAG, NULL, &p, &cb));
    CHECK_EQ(GetLastError(), ERROR_FILE_NOT_FOUND);
    CHECK(p == NULL);
    CHECK(!CryptDecodeObjectEx(X509_ASN_ENCODING, "1.2.3.4", ext->Value.pbData, ext->Value.cbData,
                               CRYPT_DECODE_ALLOC_FLAG, NULL, &p, &cb));
    CHECK_EQ(GetLastError(), ERROR_FILE_NOT_FOUND);
    CHECK(!CryptDecodeObjectEx(X509_ASN_ENCODING, szOID_SUBJECT_ALT_NAME2, octet, sizeof octet,
                               CRYPT_DECODE_ALLOC_FLAG, NULL, &p, &cb));
    CHECK_EQ(GetLastError(), hr(CRYPT_E_ASN1_BADTAG));
    CHECK(!CryptDecodeObjectEx(X509_ASN_ENCODING, szOID_SUBJECT_ALT_NAME2, cut, sizeof cut,
                               CRYPT_DECODE_ALLOC_FLAG, NULL, &p, &cb));
    CHECK_EQ(GetLastError(), hr(CRYPT_E_ASN1_EOD));
    CHECK(!CryptDecodeObjectEx(X509_ASN_ENCODING, szOID_SUBJECT_ALT_NAME2, ext->Value.pbData,
                               ext->Value.cbData, CRYPT_DECODE_ALLOC_FLAG, NULL, NULL, &cb));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(!CryptDecodeObjectEx(X509_ASN_ENCODING, szOID_SUBJECT_ALT_NAME2, ext->Value.pbData,
                               ext->Value.cbData, 0, NULL, NULL, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);

    test_case("CertFindExtension: not there, bad arguments");
    SetLastError(0);
    CHECK(CertFindExtension("1.2.3.4", alt->pCertInfo->cExtension, alt->pCertInfo->rgExtension) == NULL);
    CHECK_EQ(GetLastError(), 0);
    CHECK(CertFindExtension(szOID_SUBJECT_ALT_NAME2, 0, NULL) == NULL);
    CHECK(CertFindExtension(NULL, alt->pCertInfo->cExtension, alt->pCertInfo->rgExtension) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(CertFindExtension(szOID_SUBJECT_ALT_NAME2, 3, NULL) == NULL);
out:
    CertFreeCertificateContext(ecdsa);
    CertFreeCertificateContext(ip);
    CertFreeCertificateContext(nosan);
    CertFreeCertificateContext(alt);
}

/* ------------------------------------------------------------------ legacy CryptoAPI hashing */

/* curl's schannel_checksum, as written there (CURLE_* as 0 / 1). */
static int schannel_checksum(const unsigned char *input, size_t inputlen, unsigned char *checksum,
                             size_t checksumlen, DWORD provType, const unsigned int algId)
{
    int result = 1;
    HCRYPTPROV hProv = 0;
    HCRYPTHASH hHash = 0;
    size_t off;
    DWORD cbHashSize;
    DWORD dwHashSizeLen;
    DWORD dwChecksumLen;
    memset(checksum, 0, checksumlen);
    if (!CryptAcquireContext(&hProv, NULL, NULL, provType, CRYPT_VERIFYCONTEXT | CRYPT_SILENT))
        goto out;
    if (!CryptCreateHash(hProv, algId, 0, 0, &hHash))
        goto out;
    off = 0;
    while (off < inputlen) {
        DWORD chunk = (DWORD)(inputlen - off < 7 ? inputlen - off : 7); /* several calls */
        if (!CryptHashData(hHash, input + off, chunk, 0))
            goto out;
        off += chunk;
    }
    cbHashSize = 0;
    dwHashSizeLen = (DWORD)sizeof(cbHashSize);
    if (!CryptGetHashParam(hHash, HP_HASHSIZE, (BYTE *)&cbHashSize, &dwHashSizeLen, 0))
        goto out;
    if (checksumlen < cbHashSize)
        goto out;
    dwChecksumLen = (DWORD)checksumlen;
    if (CryptGetHashParam(hHash, HP_HASHVAL, checksum, &dwChecksumLen, 0) && dwChecksumLen == cbHashSize)
        result = 0;
out:
    if (hHash)
        CryptDestroyHash(hHash);
    if (hProv)
        CryptReleaseContext(hProv, 0);
    return result;
}

/* curl's md5.c / sha256.c (USE_WIN32_CRYPTO): size query, then the value. */
static int win32_digest(DWORD provType, ALG_ID alg, const char *text, unsigned char *digest, DWORD want)
{
    HCRYPTPROV prov = 0;
    HCRYPTHASH hash = 0;
    if (!CryptAcquireContext(&prov, NULL, NULL, provType, CRYPT_VERIFYCONTEXT | CRYPT_SILENT))
        return 0;
    if (!CryptCreateHash(prov, alg, 0, 0, &hash)) {
        CryptReleaseContext(prov, 0);
        return 0;
    }
    CryptHashData(hash, (const BYTE *)text, (unsigned int)strlen(text), 0);
    DWORD length = 0;
    CryptGetHashParam(hash, HP_HASHVAL, NULL, &length, 0);
    int ok = length == want && CryptGetHashParam(hash, HP_HASHVAL, digest, &length, 0);
    CryptDestroyHash(hash);
    CryptReleaseContext(prov, 0);
    return ok;
}

/* CONTRACT §11; crypt32 extras (issue 12) */
static void test_hashes(void)
{
    static const unsigned char abc_md5[16] = {0x90, 0x01, 0x50, 0x98, 0x3c, 0xd2, 0x4f, 0xb0,
                                              0xd6, 0x96, 0x3f, 0x7d, 0x28, 0xe1, 0x7f, 0x72};
    static const unsigned char abc_sha1[20] = {0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
                                               0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d};
    unsigned char out[64], want[32];

    test_case("curl schannel_checksum: SHA-256 of a certificate through PROV_RSA_AES");
    size_t len;
    unsigned char *der = pki_cert_der("ecdsa.pem", &len);
    sha256(der, len, want);
    CHECK_EQ(schannel_checksum(der, len, out, 32, PROV_RSA_AES, CALG_SHA_256), 0);
    CHECK_MEM(out, 32, want, 32);
    /* A buffer too small for the hash: curl's own size check fails it. */
    CHECK_EQ(schannel_checksum(der, len, out, 16, PROV_RSA_AES, CALG_SHA_256), 1);
    /* SHA-256 is not a PROV_RSA_FULL algorithm on Windows either. */
    CHECK_EQ(schannel_checksum(der, len, out, 32, PROV_RSA_FULL, CALG_SHA_256), 1);
    free(der);

    test_case("curl md5.c / sha256.c: size query, then HP_HASHVAL");
    CHECK(win32_digest(PROV_RSA_FULL, CALG_MD5, "abc", out, 16));
    CHECK_MEM(out, 16, abc_md5, 16);
    CHECK(win32_digest(PROV_RSA_FULL, CALG_SHA1, "abc", out, 20));
    CHECK_MEM(out, 20, abc_sha1, 20);
    CHECK(win32_digest(PROV_RSA_AES, CALG_SHA_256, "abc", out, 32));
    sha256("abc", 3, want);
    CHECK_MEM(out, 32, want, 32);
    CHECK(win32_digest(PROV_RSA_AES, CALG_SHA_512, "abc", out, 64));
    CHECK(!win32_digest(PROV_RSA_FULL, CALG_MD4, "abc", out, 16));

    test_case("hash object rules");
    HCRYPTPROV prov = 0;
    HCRYPTHASH hash = 0;
    if (!CHECK(CryptAcquireContextW(&prov, NULL, (LPCWSTR)MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES,
                                    CRYPT_VERIFYCONTEXT)) ||
        !CHECK(prov != 0))
        return;
    SetLastError(0);
    CHECK(!CryptCreateHash(prov, CALG_MD2, 0, 0, &hash));
    CHECK_EQ(GetLastError(), hr(NTE_BAD_ALGID));
    CHECK(!CryptCreateHash(prov, CALG_SHA_256, 42, 0, &hash));
    CHECK_EQ(GetLastError(), hr(NTE_BAD_KEY));
    CHECK(!CryptCreateHash(prov, CALG_SHA_256, 0, 0x100, &hash));
    CHECK_EQ(GetLastError(), hr(NTE_BAD_FLAGS));
    CHECK(hash == 0);
    if (CHECK(CryptCreateHash(prov, CALG_SHA_256, 0, 0, &hash))) {
        DWORD v = 0, cb = sizeof v;
        CHECK(CryptGetHashParam(hash, HP_ALGID, (BYTE *)&v, &cb, 0));
        CHECK_EQ(v, CALG_SHA_256);
        CHECK(CryptHashData(hash, (const BYTE *)"abc", 3, 0));
        cb = 16;
        CHECK(!CryptGetHashParam(hash, HP_HASHVAL, out, &cb, 0));
        CHECK_EQ(GetLastError(), ERROR_MORE_DATA);
        CHECK_EQ(cb, 32);
        CHECK(CryptGetHashParam(hash, HP_HASHVAL, out, &cb, 0));
        CHECK_MEM(out, cb, want, 32);
        /* Finished: no more data; the value stays. */
        CHECK(!CryptHashData(hash, (const BYTE *)"d", 1, 0));
        CHECK_EQ(GetLastError(), hr(NTE_BAD_HASH_STATE));
        memset(out, 0, sizeof out);
        CHECK(CryptGetHashParam(hash, HP_HASHVAL, out, &cb, 0));
        CHECK_MEM(out, cb, want, 32);
        CHECK(!CryptGetHashParam(hash, HP_HMAC_INFO, out, &cb, 0));
        CHECK_EQ(GetLastError(), hr(NTE_BAD_TYPE));
        CHECK(!CryptGetHashParam(hash, HP_HASHSIZE, out, &cb, 1));
        CHECK_EQ(GetLastError(), hr(NTE_BAD_FLAGS));
        CHECK(CryptDestroyHash(hash));
        /* Stale, zero and made-up handles are errors, not crashes. */
        CHECK(!CryptDestroyHash(hash));
        CHECK_EQ(GetLastError(), hr(NTE_BAD_HASH));
        CHECK(!CryptHashData(hash, (const BYTE *)"abc", 3, 0));
        CHECK_EQ(GetLastError(), hr(NTE_BAD_HASH));
        CHECK(!CryptHashData(0, (const BYTE *)"abc", 3, 0));
        CHECK(!CryptGetHashParam((HCRYPTHASH)0x12345678, HP_HASHVAL, out, &cb, 0));
        CHECK_EQ(GetLastError(), hr(NTE_BAD_HASH));
    }
    CHECK(CryptReleaseContext(prov, 0));
    CHECK(!CryptReleaseContext(prov, 0));
    CHECK_EQ(GetLastError(), hr(NTE_BAD_UID));
    CHECK(!CryptCreateHash(prov, CALG_SHA1, 0, 0, &hash));
    CHECK_EQ(GetLastError(), hr(NTE_BAD_UID));

    test_case("CryptAcquireContext: provider types, names, flags");
    struct {
        const char *provider;
        DWORD type, flags;
        HRESULT err;
    } bad[] = {
        {NULL, 0, CRYPT_VERIFYCONTEXT, NTE_BAD_PROV_TYPE},
        {NULL, 1000, CRYPT_VERIFYCONTEXT, NTE_BAD_PROV_TYPE},
        {NULL, PROV_DSS, CRYPT_VERIFYCONTEXT, NTE_PROV_TYPE_NOT_DEF},
        {NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT | 0x1, NTE_BAD_FLAGS},
        {MS_DEF_PROV_A, PROV_RSA_AES, CRYPT_VERIFYCONTEXT, NTE_PROV_TYPE_NO_MATCH},
        {"No Such Provider", PROV_RSA_FULL, CRYPT_VERIFYCONTEXT, NTE_KEYSET_NOT_DEF},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        HCRYPTPROV h = 0;
        CHECK(!CryptAcquireContextA(&h, NULL, bad[i].provider, bad[i].type, bad[i].flags));
        CHECK_EQ(GetLastError(), hr(bad[i].err));
    }
    HCRYPTPROV h = 0;
    CHECK(!CryptAcquireContextA(&h, "box", NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT));
    CHECK_EQ(GetLastError(), hr(NTE_BAD_FLAGS));
    CHECK(!CryptAcquireContextA(NULL, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    if (CHECK(CryptAcquireContextA(&h, NULL, "microsoft enhanced cryptographic provider v1.0",
                                   PROV_RSA_FULL, CRYPT_VERIFYCONTEXT)))
        CHECK(CryptReleaseContext(h, 0));

    test_case("CryptAcquireContext: open the key container, else create it");
    h = 0;
    CHECK(!CryptAcquireContextA(&h, "curl-test", NULL, PROV_RSA_FULL, 0));
    CHECK_EQ(GetLastError(), hr(NTE_BAD_KEYSET));
    if (CHECK(CryptAcquireContextA(&h, "curl-test", NULL, PROV_RSA_FULL, CRYPT_NEWKEYSET)))
        CHECK(CryptReleaseContext(h, 0));
    CHECK(!CryptAcquireContextA(&h, "curl-test", NULL, PROV_RSA_FULL, CRYPT_NEWKEYSET));
    CHECK_EQ(GetLastError(), hr(NTE_EXISTS));
    if (CHECK(CryptAcquireContextA(&h, "curl-test", NULL, PROV_RSA_FULL, 0)))
        CHECK(CryptReleaseContext(h, 0));
    CHECK(CryptAcquireContextA(&h, "curl-test", NULL, PROV_RSA_FULL, CRYPT_DELETEKEYSET));
    CHECK(!CryptAcquireContextA(&h, "curl-test", NULL, PROV_RSA_FULL, 0));
    CHECK_EQ(GetLastError(), hr(NTE_BAD_KEYSET));
    /* A non-zero dwFlags still releases the context, and says so. */
    if (CHECK(CryptAcquireContextA(&h, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT))) {
        CHECK(!CryptReleaseContext(h, 1));
        CHECK_EQ(GetLastError(), hr(NTE_BAD_FLAGS));
        CHECK(!CryptReleaseContext(h, 0));
        CHECK_EQ(GetLastError(), hr(NTE_BAD_UID));
    }
}

/* ------------------------------------------------------------------ chains and issuers */

/* Adds every certificate of a PFX (with its key) to `store`. */
static void add_pfx(HCERTSTORE store, const char *name)
{
    size_t n;
    char *pfx = read_pki_file(name, &n);
    CRYPT_DATA_BLOB blob = {(DWORD)n, (BYTE *)pfx};
    HCERTSTORE p = PFXImportCertStore(&blob, (LPCWSTR)u"test", 0);
    free(pfx);
    if (!CHECK(p != NULL))
        return;
    PCCERT_CONTEXT c = NULL;
    while ((c = CertEnumCertificatesInStore(p, c)) != NULL)
        CHECK(CertAddCertificateContextToStore(store, c, CERT_STORE_ADD_USE_EXISTING, NULL));
    CHECK(CertCloseStore(p, 0));
}

static const char *leaf_cn(PCCERT_CHAIN_CONTEXT chain, char *buf, DWORD n)
{
    buf[0] = 0;
    CertGetNameStringA(chain->rgpChain[0]->rgpElement[0]->pCertContext, CERT_NAME_SIMPLE_DISPLAY_TYPE,
                       CERT_NAME_ISSUER_FLAG, NULL, buf, n);
    return buf;
}

static int g_callback_calls;
static BOOL WINAPI skip_first(PCCERT_CONTEXT cert, void *arg)
{
    (void)cert;
    CHECK(arg == (void *)&g_callback_calls);
    return g_callback_calls++ > 0;
}

/* vschannel's loop: the chains CertFindChainInStore returns for `find`, counted; the issuer CNs
 * (of the leaves) concatenated into `issuers`. */
static int count_chains(HCERTSTORE store, DWORD flags, CERT_CHAIN_FIND_BY_ISSUER_PARA *find,
                        char *issuers, size_t n)
{
    PCCERT_CHAIN_CONTEXT chain = NULL;
    int count = 0;
    issuers[0] = 0;
    while ((chain = CertFindChainInStore(store, X509_ASN_ENCODING, flags, CERT_CHAIN_FIND_BY_ISSUER,
                                         find, chain)) != NULL) {
        char cn[128];
        count++;
        strncat(issuers, leaf_cn(chain, cn, sizeof cn), n - strlen(issuers) - 2);
        strcat(issuers, ";");
    }
    CHECK_EQ(GetLastError(), hr(CRYPT_E_NOT_FOUND));
    return count;
}

/* CONTRACT §11; crypt32 extras (issue 12) */
static void test_find_chain(void)
{
    test_case("vschannel: CertFindChainInStore(CERT_CHAIN_FIND_BY_ISSUER) with issuer names");
    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    if (!CHECK(store != NULL))
        return;
    add_pfx(store, "ecdsa.p12");     /* leaf (key) <- SchShim Test CA */
    add_pfx(store, "unknownca.p12"); /* leaf (key) <- SchShim Other CA */
    add_pfx(store, "chain3.p12");    /* leaf (key) <- intermediate <- chain root */
    add_pfx(store, "rsa.p12");       /* RSA leaf (key) <- SchShim Test CA */
    PCCERT_CONTEXT ca = cert_of("ca.pem"), root = cert_of("chain3-root.pem"), in = cert_of("chain3-int.pem");

    CERT_NAME_BLOB names[1] = {ca->pCertInfo->Subject};
    DWORD chain_index = 99, element_index = 99;
    CERT_CHAIN_FIND_BY_ISSUER_PARA find;
    memset(&find, 0, sizeof find);
    find.cbSize = sizeof find;
    find.pszUsageIdentifier = szOID_PKIX_KP_CLIENT_AUTH;
    find.cIssuer = 1;
    find.rgIssuer = names;
    find.pdwIssuerChainIndex = &chain_index;
    find.pdwIssuerElementIndex = &element_index;
    PCCERT_CHAIN_CONTEXT chain =
        CertFindChainInStore(store, X509_ASN_ENCODING, 0, CERT_CHAIN_FIND_BY_ISSUER, &find, NULL);
    if (CHECK(chain != NULL)) {
        char cn[128];
        CHECK(strcmp(leaf_cn(chain, cn, sizeof cn), "SchShim Test CA") == 0);
        CHECK_EQ(chain_index, 0);
        CHECK_EQ(element_index, 1); /* the issuer's element: the CA */
        CHECK(chain->rgpChain[0]->cElement >= 2);
        /* The next one is the RSA leaf of the same CA; then none (the previous chain is freed
         * by each call). */
        chain = CertFindChainInStore(store, X509_ASN_ENCODING, 0, CERT_CHAIN_FIND_BY_ISSUER, &find, chain);
        if (CHECK(chain != NULL)) {
            size_t rsa_len;
            unsigned char *rsa = pki_cert_der("rsa.pem", &rsa_len);
            PCCERT_CONTEXT got = chain->rgpChain[0]->rgpElement[0]->pCertContext;
            CHECK_MEM(got->pbCertEncoded, got->cbCertEncoded, rsa, rsa_len);
            free(rsa);
        }
        chain = CertFindChainInStore(store, X509_ASN_ENCODING, 0, CERT_CHAIN_FIND_BY_ISSUER, &find, chain);
        CHECK(chain == NULL);
        CHECK_EQ(GetLastError(), hr(CRYPT_E_NOT_FOUND));
    }

    char list[512];
    /* A name deeper in the chain: the root of chain3 is the intermediate's issuer (element 2). */
    names[0] = root->pCertInfo->Subject;
    CHECK_EQ(count_chains(store, 0, &find, list, sizeof list), 1);
    CHECK(strcmp(list, "SchShim Chain Intermediate CA;") == 0);
    CHECK_EQ(element_index, 2);
    names[0] = in->pCertInfo->Subject;
    CHECK_EQ(count_chains(store, 0, &find, list, sizeof list), 1);
    CHECK_EQ(element_index, 1);

    test_case("CertFindChainInStore: no issuer list, key spec, no-key flag, callback");
    find.cIssuer = 0;
    find.rgIssuer = NULL;
    CHECK_EQ(count_chains(store, 0, &find, list, sizeof list), 4); /* the four keyed leaves */
    find.dwKeySpec = AT_KEYEXCHANGE;
    CHECK_EQ(count_chains(store, 0, &find, list, sizeof list), 1); /* the RSA one */
    find.dwKeySpec = 0;
    find.pszUsageIdentifier = NULL;
    /* Every certificate: 4 leaves, the test CA, the other CA, chain3's intermediate and root. */
    CHECK_EQ(count_chains(store, CERT_CHAIN_FIND_BY_ISSUER_NO_KEY_FLAG, &find, list, sizeof list), 8);
    find.pfnFindCallback = skip_first;
    find.pvFindArg = &g_callback_calls;
    g_callback_calls = 0;
    CHECK_EQ(count_chains(store, 0, &find, list, sizeof list), 3);
    CHECK_EQ(g_callback_calls, 4);
    find.pfnFindCallback = NULL;

    test_case("CertFindChainInStore: the structure without the extra fields");
    names[0] = ca->pCertInfo->Subject;
    find.cIssuer = 1;
    find.rgIssuer = names;
    element_index = 77;
    find.cbSize = (DWORD)offsetof(CERT_CHAIN_FIND_BY_ISSUER_PARA, pdwIssuerChainIndex);
    chain = CertFindChainInStore(store, X509_ASN_ENCODING, 0, CERT_CHAIN_FIND_BY_ISSUER, &find, NULL);
    if (CHECK(chain != NULL))
        CertFreeCertificateChain(chain);
    CHECK_EQ(element_index, 77);

    test_case("CertFindChainInStore: errors");
    find.cbSize = 8;
    CHECK(CertFindChainInStore(store, X509_ASN_ENCODING, 0, CERT_CHAIN_FIND_BY_ISSUER, &find, NULL) == NULL);
    CHECK_EQ(GetLastError(), hr(E_INVALIDARG));
    find.cbSize = sizeof find;
    CHECK(CertFindChainInStore(store, X509_ASN_ENCODING, 0, 2, &find, NULL) == NULL);
    CHECK_EQ(GetLastError(), hr(E_INVALIDARG));
    CHECK(CertFindChainInStore(store, X509_ASN_ENCODING, 0, CERT_CHAIN_FIND_BY_ISSUER, NULL, NULL) == NULL);
    CHECK_EQ(GetLastError(), hr(E_INVALIDARG));
    CHECK(CertFindChainInStore((HCERTSTORE)&find, X509_ASN_ENCODING, 0, CERT_CHAIN_FIND_BY_ISSUER, &find,
                               NULL) == NULL);
    CHECK_EQ(GetLastError(), hr(E_INVALIDARG));

    CertFreeCertificateContext(ca);
    CertFreeCertificateContext(root);
    CertFreeCertificateContext(in);
    CHECK(CertCloseStore(store, CERT_CLOSE_STORE_CHECK_FLAG));
}

/* CONTRACT §11; crypt32 extras (issue 12) */
static void test_issuer_from_store(void)
{
    test_case("CertGetIssuerCertificateFromStore: leaf -> intermediate -> root");
    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    if (!CHECK(store != NULL))
        return;
    add_pfx(store, "chain3.p12");
    PCCERT_CONTEXT leaf = CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_HAS_PRIVATE_KEY,
                                                     NULL, NULL);
    if (!CHECK(leaf != NULL))
        goto out;
    PCCERT_CONTEXT root = cert_of("chain3-root.pem");
    PCCERT_CONTEXT in = cert_of("chain3-int.pem");
    DWORD flags = CERT_STORE_SIGNATURE_FLAG | CERT_STORE_TIME_VALIDITY_FLAG;
    PCCERT_CONTEXT issuer = CertGetIssuerCertificateFromStore(store, leaf, NULL, &flags);
    if (CHECK(issuer != NULL)) {
        CHECK_MEM(issuer->pbCertEncoded, issuer->cbCertEncoded, in->pbCertEncoded, in->cbCertEncoded);
        CHECK_EQ(flags, 0);
        /* The same search as CertFindCertificateInStore(CERT_FIND_ISSUER_OF). */
        PCCERT_CONTEXT same = CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_ISSUER_OF,
                                                         leaf, NULL);
        CHECK(same == issuer);
        CertFreeCertificateContext(same);
        /* No second issuer: NULL, CRYPT_E_NOT_FOUND, NO_ISSUER; the previous one is freed. */
        flags = CERT_STORE_SIGNATURE_FLAG;
        PCCERT_CONTEXT next = CertGetIssuerCertificateFromStore(store, leaf, issuer, &flags);
        CHECK(next == NULL);
        CHECK_EQ(GetLastError(), hr(CRYPT_E_NOT_FOUND));
        CHECK_EQ(flags, CERT_STORE_SIGNATURE_FLAG | CERT_STORE_NO_ISSUER_FLAG);
    }
    test_case("CertGetIssuerCertificateFromStore: revocation, self-signed, bad flags");
    flags = CERT_STORE_REVOCATION_FLAG | CERT_STORE_TIME_VALIDITY_FLAG;
    issuer = CertGetIssuerCertificateFromStore(store, in, NULL, &flags);
    if (CHECK(issuer != NULL)) {
        CHECK_MEM(issuer->pbCertEncoded, issuer->cbCertEncoded, root->pbCertEncoded, root->cbCertEncoded);
        CHECK_EQ(flags, CERT_STORE_REVOCATION_FLAG | CERT_STORE_NO_CRL_FLAG);
        CertFreeCertificateContext(issuer);
    }
    /* With the intermediate's CRL in the store: a leaf it does not list passes the revocation
     * check, the one it lists does not (and a CRL was found). */
    size_t crl_len;
    char *crl = read_pki_file("chain3-int.crl", &crl_len);
    CHECK(CertAddEncodedCRLToStore(store, X509_ASN_ENCODING, (const BYTE *)crl, (DWORD)crl_len,
                                   CERT_STORE_ADD_NEW, NULL));
    free(crl);
    flags = CERT_STORE_REVOCATION_FLAG;
    issuer = CertGetIssuerCertificateFromStore(store, leaf, NULL, &flags);
    CHECK(issuer != NULL);
    CHECK_EQ(flags, 0);
    CertFreeCertificateContext(issuer);
    PCCERT_CONTEXT revoked = cert_of("chain3-ip.pem");
    flags = CERT_STORE_REVOCATION_FLAG;
    issuer = CertGetIssuerCertificateFromStore(store, revoked, NULL, &flags);
    CHECK(issuer != NULL);
    CHECK_EQ(flags, CERT_STORE_REVOCATION_FLAG);
    CertFreeCertificateContext(issuer);
    CertFreeCertificateContext(revoked);
    flags = 0;
    CHECK(CertGetIssuerCertificateFromStore(store, root, NULL, &flags) == NULL);
    CHECK_EQ(GetLastError(), hr(CRYPT_E_SELF_SIGNED));
    flags = 0x8;
    CHECK(CertGetIssuerCertificateFromStore(store, leaf, NULL, &flags) == NULL);
    CHECK_EQ(GetLastError(), hr(E_INVALIDARG));
    CHECK(CertGetIssuerCertificateFromStore(store, leaf, NULL, NULL) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);

    test_case("CertGetIssuerCertificateFromStore: a subject that is not yet valid");
    char *chain_pem = read_pki_file("chain3-future-chain.pem", NULL);
    PCCERT_CONTEXT future = SchShimCertFromPem(chain_pem, NULL);
    free(chain_pem);
    if (CHECK(future != NULL)) {
        flags = CERT_STORE_SIGNATURE_FLAG | CERT_STORE_TIME_VALIDITY_FLAG;
        issuer = CertGetIssuerCertificateFromStore(future->hCertStore, future, NULL, &flags);
        CHECK(issuer != NULL);
        CHECK_EQ(flags, CERT_STORE_TIME_VALIDITY_FLAG);
        CertFreeCertificateContext(issuer);
        CertFreeCertificateContext(future);
    }
    CertFreeCertificateContext(root);
    CertFreeCertificateContext(in);
    CertFreeCertificateContext(leaf);
out:
    CHECK(CertCloseStore(store, CERT_CLOSE_STORE_CHECK_FLAG));
}

/* ------------------------------------------------------------------ revocation from CRLs */

/* curl's CA-file engine: the CA file's certificates (here chain3-root.pem) in a memory store
 * given as hExclusiveRoot; the CRLs named in `crls` added to that store. */
static HCERTSTORE ca_store_with_crls(const char *const *crls)
{
    HCERTSTORE store = pki_memory_store("chain3-root.pem");
    for (; store && *crls; crls++) {
        size_t n;
        char *der = read_pki_file(*crls, &n);
        CHECK(CertAddEncodedCRLToStore(store, X509_ASN_ENCODING, (const BYTE *)der, (DWORD)n,
                                       CERT_STORE_ADD_ALWAYS, NULL));
        free(der);
    }
    return store;
}

/* CertGetCertificateChain as curl's Curl_verify_certificate calls it (revocation on), through an
 * exclusive-root engine; the chain's error bits per element and the SSL policy's dwError. */
static DWORD curl_chain(const char *leaf_chain, HCERTSTORE roots, DWORD elem_err[4], DWORD *policy)
{
    char *pem = read_pki_file(leaf_chain, NULL);
    PCCERT_CONTEXT server = SchShimCertFromPem(pem, NULL);
    free(pem);
    CERT_CHAIN_ENGINE_CONFIG cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.cbSize = sizeof cfg;
    cfg.hExclusiveRoot = roots;
    HCERTCHAINENGINE engine = NULL;
    DWORD status = 0xffffffff;
    if (!CHECK(server != NULL) || !CHECK(CertCreateCertificateChainEngine(&cfg, &engine)))
        return status;
    CERT_CHAIN_PARA para;
    memset(&para, 0, sizeof para);
    para.cbSize = sizeof para;
    PCCERT_CHAIN_CONTEXT chain = NULL;
    if (CHECK(CertGetCertificateChain(engine, server, NULL, server->hCertStore, &para,
                                      CERT_CHAIN_REVOCATION_CHECK_CHAIN, NULL, &chain))) {
        status = chain->TrustStatus.dwErrorStatus;
        for (DWORD i = 0; i < 4; i++)
            elem_err[i] = i < chain->rgpChain[0]->cElement
                              ? chain->rgpChain[0]->rgpElement[i]->TrustStatus.dwErrorStatus
                              : 0xffffffff;
        SSL_EXTRA_CERT_CHAIN_POLICY_PARA ssl;
        memset(&ssl, 0, sizeof ssl);
        ssl.cbSize = sizeof ssl;
        ssl.dwAuthType = AUTHTYPE_SERVER;
        CERT_CHAIN_POLICY_PARA pp = {sizeof pp, 0, &ssl};
        CERT_CHAIN_POLICY_STATUS ps;
        memset(&ps, 0, sizeof ps);
        ps.cbSize = sizeof ps;
        if (CHECK(CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL, chain, &pp, &ps)))
            *policy = ps.dwError;
        CertFreeCertificateChain(chain);
    }
    CertFreeCertificateChainEngine(engine);
    CertFreeCertificateContext(server);
    return status;
}

/* CONTRACT §11; crypt32 extras (issue 12) */
static void test_revocation(void)
{
    static const char *const current[] = {"chain3-int.crl", "chain3-root.crl", NULL};
    static const char *const stale[] = {"chain3-int-stale.crl", "chain3-root.crl", NULL};
    static const char *const none[] = {NULL};
    DWORD e[4], policy = 0;

    test_case("CRLs in the CA store: a revoked leaf");
    HCERTSTORE roots = ca_store_with_crls(current);
    DWORD status = curl_chain("chain3-ip-chain.pem", roots, e, &policy);
    CHECK_EQ(status, CERT_TRUST_IS_REVOKED);
    CHECK_EQ(e[0], CERT_TRUST_IS_REVOKED);
    CHECK_EQ(e[1], 0); /* the root's CRL vouches for the intermediate */
    CHECK_EQ(e[2], 0); /* and for the root itself */
    CHECK_EQ(policy, hr(CRYPT_E_REVOKED));

    test_case("CRLs in the CA store: a certificate they do not list has a known status");
    status = curl_chain("chain3-leaf-chain.pem", roots, e, &policy);
    CHECK_EQ(status, 0);
    CHECK_EQ(policy, 0);
    CHECK(CertCloseStore(roots, 0));

    test_case("no CRL: revocation status unknown, as Windows without revocation information");
    roots = ca_store_with_crls(none);
    status = curl_chain("chain3-leaf-chain.pem", roots, e, &policy);
    CHECK_EQ(status, CERT_TRUST_REVOCATION_STATUS_UNKNOWN);
    CHECK_EQ(e[0], CERT_TRUST_REVOCATION_STATUS_UNKNOWN);
    CHECK_EQ(policy, hr(CRYPT_E_NO_REVOCATION_CHECK));
    CHECK(CertCloseStore(roots, 0));

    test_case("an out-of-date CRL: offline revocation");
    roots = ca_store_with_crls(stale);
    status = curl_chain("chain3-ip-chain.pem", roots, e, &policy);
    CHECK_EQ(e[0], CERT_TRUST_IS_REVOKED); /* still listed: revoked stays revoked */
    status = curl_chain("chain3-leaf-chain.pem", roots, e, &policy);
    CHECK_EQ(e[0], CERT_TRUST_REVOCATION_STATUS_UNKNOWN | CERT_TRUST_IS_OFFLINE_REVOCATION);
    CHECK_EQ(e[1], 0);
    (void)status;
    CHECK(CertCloseStore(roots, 0));

    test_case("CRL contexts: CRL_INFO, dispositions, errors");
    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    size_t n;
    char *der = read_pki_file("chain3-int.crl", &n);
    PCCRL_CONTEXT crl = NULL;
    if (CHECK(CertAddEncodedCRLToStore(store, X509_ASN_ENCODING, (const BYTE *)der, (DWORD)n,
                                       CERT_STORE_ADD_NEW, &crl)) &&
        CHECK(crl != NULL)) {
        CHECK_MEM(crl->pbCrlEncoded, crl->cbCrlEncoded, der, n);
        CHECK(crl->hCertStore == store);
        PCCERT_CONTEXT ip = cert_of("chain3-ip.pem"), in = cert_of("chain3-int.pem");
        CHECK_MEM(crl->pCrlInfo->Issuer.pbData, crl->pCrlInfo->Issuer.cbData, in->pCertInfo->Subject.pbData,
                  in->pCertInfo->Subject.cbData);
        if (CHECK_EQ(crl->pCrlInfo->cCRLEntry, 1))
            /* Both little-endian, as Windows stores INTEGERs. */
            CHECK_MEM(crl->pCrlInfo->rgCRLEntry[0].SerialNumber.pbData,
                      crl->pCrlInfo->rgCRLEntry[0].SerialNumber.cbData, ip->pCertInfo->SerialNumber.pbData,
                      ip->pCertInfo->SerialNumber.cbData);
        uint64_t this_update = (uint64_t)crl->pCrlInfo->ThisUpdate.dwHighDateTime << 32 |
                               crl->pCrlInfo->ThisUpdate.dwLowDateTime;
        uint64_t next_update = (uint64_t)crl->pCrlInfo->NextUpdate.dwHighDateTime << 32 |
                               crl->pCrlInfo->NextUpdate.dwLowDateTime;
        CHECK(this_update > 0 && this_update < next_update);
        CertFreeCertificateContext(ip);
        CertFreeCertificateContext(in);
        PCCRL_CONTEXT dup = CertDuplicateCRLContext(crl);
        CHECK(dup == crl);
        CHECK(CertFreeCRLContext(dup));
        CHECK(CertFreeCRLContext(crl));
        CHECK(!CertFreeCRLContext(crl));
        CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    }
    CHECK(!CertAddEncodedCRLToStore(store, X509_ASN_ENCODING, (const BYTE *)der, (DWORD)n, CERT_STORE_ADD_NEW,
                                    NULL));
    CHECK_EQ(GetLastError(), hr(CRYPT_E_EXISTS));
    PCCRL_CONTEXT own = CertCreateCRLContext(X509_ASN_ENCODING, (const BYTE *)der, (DWORD)n);
    if (CHECK(own != NULL)) {
        PCCRL_CONTEXT stored = NULL;
        CHECK(CertAddCRLContextToStore(store, own, CERT_STORE_ADD_USE_EXISTING, &stored));
        CHECK(stored != NULL && stored != own && stored->hCertStore == store);
        CHECK(CertFreeCRLContext(stored));
        CHECK(CertFreeCRLContext(own));
    }
    free(der);
    static const BYTE junk[] = {0x30, 0x03, 0x02, 0x01, 0x00};
    CHECK(!CertAddEncodedCRLToStore(store, X509_ASN_ENCODING, junk, sizeof junk, CERT_STORE_ADD_ALWAYS, NULL));
    CHECK_EQ(GetLastError(), hr(CRYPT_E_ASN1_BADTAG));
    CHECK(CertCreateCRLContext(X509_ASN_ENCODING, junk, sizeof junk) == NULL);
    CHECK(CertCloseStore(store, CERT_CLOSE_STORE_CHECK_FLAG));
}

int main(void)
{
    test_init();
    test_alt_names();
    test_hashes();
    test_find_chain();
    test_issuer_from_store();
    test_revocation();
    return test_finish("test_crypt32_curl");
}
