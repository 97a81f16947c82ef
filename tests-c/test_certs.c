/*
 * Certificates the way Windows programs handle them, against the test PKI (tests-c/certs.sh):
 *
 * - manual server validation as curl's lib/vtls/schannel_verify.c does it with a CA file: a
 *   memory store filled through CryptQueryObject per PEM block, an exclusive-root chain engine
 *   (CERT_CHAIN_EXCLUSIVE_ENABLE_CA_FLAG), CertGetCertificateChain with the peer's hCertStore as
 *   additional store and server-auth usage, the trust bits, then CertGetNameString(DNS,
 *   SEARCH_ALL_NAMES) for the host name;
 * - the SDK WebClient's VerifyServerCertificate: the default engine (system trust store, here
 *   SSL_CERT_FILE = ca.pem), USAGE_MATCH_TYPE_OR over serverAuth and the SGC OIDs, then
 *   CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL) with the server name;
 * - a server finding its certificate in the "MY" system store by subject or SHA-1 thumbprint
 *   (CryptStringToBinary(CRYPT_STRING_HEX)), then AcquireCredentialsHandle(INBOUND) and a handshake;
 * - PFX import failures, and the size protocols of CertNameToStr, CertVerifyTimeValidity and
 *   CryptStringToBinary.
 *
 * Everything allocated is freed (chains, engines, stores, contexts): `make valgrind` runs this.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mkdtemp, setenv */
#endif
#include "common.h"

#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ helpers */

static PCCERT_CONTEXT peer_from_pem(const char *file)
{
    char *pem = read_pki_file(file, NULL);
    /* Like SECPKG_ATTR_REMOTE_CERT_CONTEXT: the leaf, whose hCertStore holds the whole chain. */
    PCCERT_CONTEXT c = SchShimCertFromPem(pem, NULL);
    free(pem);
    CHECK(c != NULL);
    return c;
}

/* curl's add_certs_data_to_store: every PEM certificate of a CA file into `store`. */
static int add_ca_file_to_store(HCERTSTORE store, const char *file)
{
    static const char begin_marker[] = "-----BEGIN CERTIFICATE-----";
    static const char end_marker[] = "-----END CERTIFICATE-----";
    char *data = read_pki_file(file, NULL);
    const char *p = data;
    int added = 0;
    for (;;) {
        const char *begin = strstr(p, begin_marker);
        if (!begin)
            break;
        const char *end = strstr(begin + sizeof begin_marker - 1, end_marker);
        if (!CHECK(end != NULL))
            break;
        CERT_BLOB blob;
        blob.pbData = (BYTE *)begin;
        blob.cbData = (DWORD)(end + sizeof end_marker - 1 - begin);
        DWORD content_type = 0;
        const CERT_CONTEXT *ctx = NULL;
        if (!CHECK(CryptQueryObject(CERT_QUERY_OBJECT_BLOB, &blob, CERT_QUERY_CONTENT_FLAG_CERT,
                                    CERT_QUERY_FORMAT_FLAG_ALL, 0, NULL, &content_type, NULL, NULL,
                                    NULL, (const void **)&ctx)))
            break;
        CHECK_EQ(content_type, CERT_QUERY_CONTENT_CERT);
        CHECK(CertAddCertificateContextToStore(store, ctx, CERT_STORE_ADD_ALWAYS, NULL));
        CHECK(CertFreeCertificateContext(ctx));
        added++;
        p = end + sizeof end_marker - 1;
    }
    free(data);
    return added;
}

/* curl's CA-file engine. */
static HCERTCHAINENGINE ca_file_engine(const char *ca_file)
{
    HCERTSTORE trust = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    if (!CHECK(trust != NULL))
        return NULL;
    CHECK(add_ca_file_to_store(trust, ca_file) >= 1);
    CERT_CHAIN_ENGINE_CONFIG config;
    memset(&config, 0, sizeof config);
    config.cbSize = sizeof config;
    config.hExclusiveRoot = trust;
    config.dwExclusiveFlags = CERT_CHAIN_EXCLUSIVE_ENABLE_CA_FLAG;
    HCERTCHAINENGINE engine = NULL;
    CHECK(CertCreateCertificateChainEngine(&config, &engine));
    /* The engine keeps its own reference, as on Windows. */
    CHECK(CertCloseStore(trust, 0));
    return engine;
}

static WCHAR *to_wide(const char *s, WCHAR *buf, size_t cap)
{
    size_t i = 0;
    for (; s[i] && i + 1 < cap; i++)
        buf[i] = (WCHAR)(unsigned char)s[i];
    buf[i] = 0;
    return buf;
}

/* curl's host name check: every DNS name (SEARCH_ALL_NAMES multi-string), exact or "*." match. */
static int curl_host_matches(PCCERT_CONTEXT cert, const char *host)
{
    DWORD flags = CERT_NAME_DISABLE_IE4_UTF8_FLAG | CERT_NAME_SEARCH_ALL_NAMES_FLAG;
    DWORD len = CertGetNameStringA(cert, CERT_NAME_DNS_TYPE, flags, NULL, NULL, 0);
    if (!CHECK(len >= 1))
        return 0;
    char *names = malloc(len);
    DWORD got = CertGetNameStringA(cert, CERT_NAME_DNS_TYPE, flags, NULL, names, len);
    CHECK_EQ(got, len);
    int match = 0;
    for (const char *n = names; *n; n += strlen(n) + 1) {
        if (!strcasecmp(n, host))
            match = 1;
        else if (n[0] == '*' && n[1] == '.') {
            const char *dot = strchr(host, '.');
            if (dot && !strcasecmp(dot, n + 1))
                match = 1;
        }
    }
    free(names);
    return match;
}

typedef struct {
    DWORD chain_error;
    DWORD policy_error;
    DWORD elements;
    DWORD leaf_info;
    DWORD top_info;
    LONG policy_element;
} Verdict;

/* Builds the chain (engine NULL: WebClient's default engine with OR usages; else curl's engine
 * with serverAuth) and runs the SSL policy for `host`. */
static Verdict verify(PCCERT_CONTEXT server, HCERTCHAINENGINE engine, const char *host,
                      DWORD chain_flags, DWORD fdwChecks)
{
    Verdict v;
    memset(&v, 0xff, sizeof v);
    LPSTR usages_or[] = {szOID_PKIX_KP_SERVER_AUTH, szOID_SERVER_GATED_CRYPTO, szOID_SGC_NETSCAPE};
    LPSTR usages_and[] = {szOID_PKIX_KP_SERVER_AUTH};
    CERT_CHAIN_PARA chain_para;
    memset(&chain_para, 0, sizeof chain_para);
    chain_para.cbSize = sizeof chain_para;
    if (engine) {
        chain_para.RequestedUsage.dwType = USAGE_MATCH_TYPE_AND;
        chain_para.RequestedUsage.Usage.cUsageIdentifier = 1;
        chain_para.RequestedUsage.Usage.rgpszUsageIdentifier = usages_and;
    } else {
        chain_para.RequestedUsage.dwType = USAGE_MATCH_TYPE_OR;
        chain_para.RequestedUsage.Usage.cUsageIdentifier = 3;
        chain_para.RequestedUsage.Usage.rgpszUsageIdentifier = usages_or;
    }
    PCCERT_CHAIN_CONTEXT chain = NULL;
    if (!CHECK(CertGetCertificateChain(engine, server, NULL, server->hCertStore, &chain_para,
                                       chain_flags, NULL, &chain)))
        return v;
    v.chain_error = chain->TrustStatus.dwErrorStatus;
    CHECK_EQ(chain->cChain, 1);
    PCERT_SIMPLE_CHAIN simple = chain->rgpChain[0];
    v.elements = simple->cElement;
    CHECK_EQ(simple->TrustStatus.dwErrorStatus, chain->TrustStatus.dwErrorStatus);
    CHECK(simple->rgpElement[0]->pCertContext == server);
    DWORD all = 0;
    for (DWORD i = 0; i < simple->cElement; i++) {
        CHECK_EQ(simple->rgpElement[i]->cbSize, sizeof(CERT_CHAIN_ELEMENT));
        all |= simple->rgpElement[i]->TrustStatus.dwErrorStatus;
    }
    /* Every element error is in the aggregate; the aggregate adds only chain-level bits. */
    CHECK_EQ(all & ~chain->TrustStatus.dwErrorStatus, 0);
    CHECK_EQ(chain->TrustStatus.dwErrorStatus & ~all & ~CERT_TRUST_IS_PARTIAL_CHAIN, 0);
    v.leaf_info = simple->rgpElement[0]->TrustStatus.dwInfoStatus;
    v.top_info = simple->rgpElement[simple->cElement - 1]->TrustStatus.dwInfoStatus;

    WCHAR wname[256];
    SSL_EXTRA_CERT_CHAIN_POLICY_PARA https;
    memset(&https, 0, sizeof https);
    https.cbSize = sizeof https;
    https.dwAuthType = AUTHTYPE_SERVER;
    https.fdwChecks = fdwChecks;
    https.pwszServerName = to_wide(host, wname, 256);
    CERT_CHAIN_POLICY_PARA policy_para;
    memset(&policy_para, 0, sizeof policy_para);
    policy_para.cbSize = sizeof policy_para;
    policy_para.pvExtraPolicyPara = &https;
    CERT_CHAIN_POLICY_STATUS status;
    memset(&status, 0, sizeof status);
    status.cbSize = sizeof status;
    if (CHECK(CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL, chain, &policy_para,
                                               &status))) {
        v.policy_error = status.dwError;
        v.policy_element = status.lElementIndex;
        if (!status.dwError)
            CHECK(status.lChainIndex == -1 && status.lElementIndex == -1);
    }
    CertFreeCertificateChain(chain);
    return v;
}

/* ------------------------------------------------------------------ chain + policy cases */

typedef struct {
    const char *label;
    const char *pem;     /* the peer's chain, leaf first */
    const char *ca_file; /* NULL: default engine (SSL_CERT_FILE = ca.pem) */
    const char *host;
    DWORD chain_error;
    DWORD policy_error;
    DWORD elements;
    int curl_name_match;
} Case;

static const Case cases[] = {
    {"valid (default engine)", "ecdsa-chain.pem", NULL, "localhost", 0, 0, 2, 1},
    {"wrong name", "wrongname-chain.pem", NULL, "localhost", 0, CERT_E_CN_NO_MATCH, 2, 0},
    {"expired", "expired-chain.pem", NULL, "localhost", CERT_TRUST_IS_NOT_TIME_VALID,
     CERT_E_EXPIRED, 2, 1},
    {"unknown CA", "unknownca-chain.pem", NULL, "localhost", CERT_TRUST_IS_UNTRUSTED_ROOT,
     CERT_E_UNTRUSTEDROOT, 2, 1},
    {"valid with intermediate (CA file)", "chain3-leaf-chain.pem", "chain3-root.pem", "localhost",
     0, 0, 3, 1},
    {"root not in the CA file", "chain3-leaf-chain.pem", "ca.pem", "localhost",
     CERT_TRUST_IS_PARTIAL_CHAIN, CERT_E_CHAINING, 2, 1},
    {"expired (CA file)", "expired-chain.pem", "ca.pem", "localhost", CERT_TRUST_IS_NOT_TIME_VALID,
     CERT_E_EXPIRED, 2, 1},
    {"not yet valid", "chain3-future-chain.pem", "chain3-root.pem", "localhost",
     CERT_TRUST_IS_NOT_TIME_VALID, CERT_E_EXPIRED, 3, 1},
    {"IP SAN", "chain3-ip-chain.pem", "chain3-root.pem", "127.0.0.1", 0, 0, 3, 0},
    {"IP SAN, DNS name", "chain3-ip-chain.pem", "chain3-root.pem", "localhost", 0,
     CERT_E_CN_NO_MATCH, 3, 0},
    {"wildcard", "chain3-wild-chain.pem", "chain3-root.pem", "www.example.test", 0, 0, 3, 1},
    {"wildcard, bare domain", "chain3-wild-chain.pem", "chain3-root.pem", "example.test", 0,
     CERT_E_CN_NO_MATCH, 3, 0},
    {"wildcard, two labels", "chain3-wild-chain.pem", "chain3-root.pem", "a.b.example.test", 0,
     CERT_E_CN_NO_MATCH, 3, 0},
    {"wrong EKU", "chain3-client-chain.pem", "chain3-root.pem", "localhost",
     CERT_TRUST_IS_NOT_VALID_FOR_USAGE, CERT_E_WRONG_USAGE, 3, 1},
    {"no SAN, CN fallback", "chain3-nosan-chain.pem", "chain3-root.pem", "localhost", 0, 0, 3, 1},
};

/* CONTRACT §11 */
static void test_chain_cases(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const Case *c = &cases[i];
        test_case("%s", c->label);
        PCCERT_CONTEXT server = peer_from_pem(c->pem);
        HCERTCHAINENGINE engine = c->ca_file ? ca_file_engine(c->ca_file) : NULL;
        if (server) {
            Verdict v = verify(server, engine, c->host, 0, 0);
            CHECK_EQ(v.chain_error, c->chain_error);
            CHECK_EQ(v.policy_error, (DWORD)c->policy_error);
            CHECK_EQ(v.elements, c->elements);
            /* The leaf names its issuer by key identifier (certs.sh sets authorityKeyIdentifier). */
            CHECK_EQ(v.leaf_info & 0xf, CERT_TRUST_HAS_KEY_MATCH_ISSUER);
            if (!(c->chain_error & CERT_TRUST_IS_PARTIAL_CHAIN))
                CHECK(v.top_info & CERT_TRUST_IS_SELF_SIGNED);
            if (c->policy_error == (DWORD)CERT_E_CN_NO_MATCH)
                CHECK_EQ(v.policy_element, 0);
            CHECK_EQ(curl_host_matches(server, c->host), c->curl_name_match);
            CHECK(CertFreeCertificateContext(server));
        }
        if (engine)
            CertFreeCertificateChainEngine(engine);
    }
    test_case("%s", "");
}

/* CONTRACT §11 */
static void test_policy_flags(void)
{
    test_case("policy flags");
    PCCERT_CONTEXT server = peer_from_pem("chain3-future-chain.pem");
    HCERTCHAINENGINE engine = ca_file_engine("chain3-root.pem");
    Verdict v = verify(server, engine, "localhost", 0, SECURITY_FLAG_IGNORE_CERT_DATE_INVALID);
    CHECK_EQ(v.policy_error, 0);
    v = verify(server, engine, "wrong.example", 0, SECURITY_FLAG_IGNORE_CERT_DATE_INVALID);
    CHECK_EQ(v.policy_error, (DWORD)CERT_E_CN_NO_MATCH);
    v = verify(server, engine, "wrong.example", 0,
               SECURITY_FLAG_IGNORE_CERT_DATE_INVALID | SECURITY_FLAG_IGNORE_CERT_CN_INVALID);
    CHECK_EQ(v.policy_error, 0);
    CHECK(CertFreeCertificateContext(server));

    /* Revocation asked for: unknown (nothing is fetched), as curl reports it. */
    server = peer_from_pem("chain3-leaf-chain.pem");
    v = verify(server, engine, "localhost", CERT_CHAIN_REVOCATION_CHECK_CHAIN, 0);
    CHECK_EQ(v.chain_error, CERT_TRUST_REVOCATION_STATUS_UNKNOWN);
    CHECK_EQ(v.policy_error, (DWORD)CRYPT_E_NO_REVOCATION_CHECK);
    v = verify(server, engine, "localhost", CERT_CHAIN_REVOCATION_CHECK_CHAIN,
               SECURITY_FLAG_IGNORE_REVOCATION);
    CHECK_EQ(v.policy_error, 0);
    CHECK(CertFreeCertificateContext(server));

    /* The unknown CA is accepted when ignored. */
    server = peer_from_pem("unknownca-chain.pem");
    v = verify(server, NULL, "localhost", 0, SECURITY_FLAG_IGNORE_UNKNOWN_CA);
    CHECK_EQ(v.chain_error, CERT_TRUST_IS_UNTRUSTED_ROOT);
    CHECK_EQ(v.policy_error, 0);
    CHECK(CertFreeCertificateContext(server));
    CertFreeCertificateChainEngine(engine);
}

/* The peer certificate from a real handshake (manual validation), as curl gets it. */
/* CONTRACT §4, §11 */
static void test_handshake_then_manual_validation(void)
{
    test_case("handshake + manual validation");
    CredHandle sc, cc;
    if (!server_cred(API_A, "chain3", CERT_PFX, 0, 0, &sc))
        return;
    if (!client_cred(API_A, 0, SCH_CRED_MANUAL_CRED_VALIDATION, &cc)) {
        free_cred(&sc);
        return;
    }
    Pair p;
    pair_init(&p, API_A, cc, API_A, sc);
    p.client.target = "localhost";
    if (CHECK_STATUS(pair_handshake(&p), SEC_E_OK)) {
        PCCERT_CONTEXT remote = NULL;
        CHECK_STATUS(QueryContextAttributesA(&p.client.ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT,
                                             &remote),
                     SEC_E_OK);
        if (CHECK(remote != NULL)) {
            HCERTCHAINENGINE engine = ca_file_engine("chain3-root.pem");
            Verdict v = verify(remote, engine, "localhost", 0, 0);
            CHECK_EQ(v.chain_error, 0);
            CHECK_EQ(v.policy_error, 0);
            CHECK_EQ(v.elements, 3);
            v = verify(remote, engine, "127.0.0.1", 0, 0);
            CHECK_EQ(v.policy_error, 0);
            CertFreeCertificateChainEngine(engine);
            /* Not trusted by the system store (ca.pem). */
            v = verify(remote, NULL, "localhost", 0, 0);
            CHECK_EQ(v.chain_error, CERT_TRUST_IS_UNTRUSTED_ROOT);
            CHECK_EQ(v.policy_error, (DWORD)CERT_E_UNTRUSTEDROOT);
            CHECK(CertFreeCertificateContext(remote));
        }
    }
    pair_free(&p);
    free_cred(&cc);
    free_cred(&sc);
}

/* ------------------------------------------------------------------ the MY store */

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!CHECK(f != NULL))
        return;
    CHECK_EQ(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void copy_pki_file(const char *name, const char *dir, const char *as)
{
    size_t n;
    char *data = read_pki_file(name, &n);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, as);
    write_file(path, data, n);
    free(data);
}

/* A server credential with `cert`, and a handshake against a manual-validation client. */
static void serve_with(PCCERT_CONTEXT cert)
{
    SCHANNEL_CRED schannel_cred;
    memset(&schannel_cred, 0, sizeof schannel_cred);
    schannel_cred.dwVersion = SCHANNEL_CRED_VERSION;
    schannel_cred.cCreds = 1;
    schannel_cred.paCred = &cert;
    CredHandle sc, cc;
    TimeStamp expiry;
    SECURITY_STATUS s = AcquireCredentialsHandleA(NULL, UNISP_NAME_A, SECPKG_CRED_INBOUND, NULL,
                                                  &schannel_cred, NULL, NULL, &sc, &expiry);
    if (!CHECK_STATUS(s, SEC_E_OK))
        return;
    if (client_cred(API_A, 0, SCH_CRED_MANUAL_CRED_VALIDATION, &cc)) {
        Pair p;
        pair_init(&p, API_A, cc, API_A, sc);
        p.client.target = "localhost";
        CHECK_STATUS(pair_handshake(&p), SEC_E_OK);
        CHECK(pair_exchange(&p, "ping", 4));
        pair_free(&p);
        free_cred(&cc);
    }
    free_cred(&sc);
}

/* CONTRACT §11 */
static void test_my_store(void)
{
    test_case("MY store");
    char dir[] = "/tmp/schshim-my-XXXXXX";
    if (!CHECK(mkdtemp(dir) != NULL))
        return;
    copy_pki_file("chain3.p12", dir, "server.pfx");
    {
        size_t a, b;
        char *chain = read_pki_file("chain3-wild-chain.pem", &a);
        char *key = read_pki_file("chain3-wild.key", &b);
        char path[4096];
        snprintf(path, sizeof path, "%s/wild.pem", dir);
        FILE *f = fopen(path, "wb");
        if (CHECK(f != NULL)) {
            fwrite(chain, 1, a, f);
            fwrite(key, 1, b, f);
            fclose(f);
        }
        free(chain);
        free(key);
    }
    setenv("SCHSHIM_MY_STORE", dir, 1);
    setenv("SCHSHIM_MY_STORE_PASSWORD", "test", 1);

    /* The SDK WebServer: CertOpenSystemStore(0, "MY") + CERT_FIND_SUBJECT_STR_A. */
    HCERTSTORE my = CertOpenSystemStoreA(0, "MY");
    if (CHECK(my != NULL)) {
        PCCERT_CONTEXT cert = CertFindCertificateInStore(
            my, X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, 0, CERT_FIND_SUBJECT_STR_A,
            "example.test", NULL);
        if (CHECK(cert != NULL)) {
            char name[64];
            CertGetNameStringA(cert, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, name, sizeof name);
            CHECK(!strcmp(name, "*.example.test"));
            serve_with(cert);
            CHECK(CertFreeCertificateContext(cert));
        }
        CHECK(CertCloseStore(my, 0));
    }

    /* curl's "CurrentUser\MY\<thumbprint>": CryptStringToBinary(HEX) + CERT_FIND_HASH, W API. */
    char *thumb = read_pki_file("chain3-leaf.sha1", NULL);
    thumb[strcspn(thumb, "\r\n")] = 0;
    BYTE hash[20];
    DWORD hash_len = 0;
    CHECK(CryptStringToBinaryA(thumb, 0, CRYPT_STRING_HEX, NULL, &hash_len, NULL, NULL));
    CHECK_EQ(hash_len, 20);
    hash_len = sizeof hash;
    CHECK(CryptStringToBinaryA(thumb, 0, CRYPT_STRING_HEX, hash, &hash_len, NULL, NULL));
    /* The thumbprint as the certificate UI shows it, spaced, parses to the same bytes. */
    WCHAR spaced[64];
    size_t k = 0;
    for (size_t i = 0; thumb[i] && k + 3 < 64; i += 2) {
        spaced[k++] = (WCHAR)thumb[i];
        spaced[k++] = (WCHAR)thumb[i + 1];
        spaced[k++] = ' ';
    }
    spaced[k] = 0;
    BYTE hash2[20];
    DWORD hash2_len = sizeof hash2, skip = 99, fmt = 99;
    CHECK(CryptStringToBinaryW(spaced, 0, CRYPT_STRING_HEX, hash2, &hash2_len, &skip, &fmt));
    CHECK_MEM(hash2, hash2_len, hash, 20);
    CHECK_EQ(skip, 0);
    CHECK_EQ(fmt, CRYPT_STRING_HEX);
    free(thumb);

    my = CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0,
                       CERT_SYSTEM_STORE_CURRENT_USER | CERT_STORE_OPEN_EXISTING_FLAG |
                           CERT_STORE_READONLY_FLAG,
                       (LPCWSTR)u"MY");
    if (CHECK(my != NULL)) {
        CRYPT_HASH_BLOB blob = {20, hash};
        PCCERT_CONTEXT cert = CertFindCertificateInStore(my, X509_ASN_ENCODING, 0, CERT_FIND_HASH,
                                                         &blob, NULL);
        if (CHECK(cert != NULL)) {
            BYTE got[20];
            DWORD got_len = sizeof got;
            CHECK(CertGetCertificateContextProperty(cert, CERT_SHA1_HASH_PROP_ID, got, &got_len));
            CHECK_MEM(got, got_len, hash, 20);
            DWORD cb = 0;
            CHECK(CertGetCertificateContextProperty(cert, CERT_KEY_PROV_INFO_PROP_ID, NULL, &cb));
            /* Close the store first, as servers often do: the context keeps it alive. */
            CHECK(CertCloseStore(my, 0));
            my = NULL;
            serve_with(cert);
            CHECK(CertFreeCertificateContext(cert));
        }
        if (my)
            CHECK(CertCloseStore(my, 0));
    }

    /* A store that is not there, with OPEN_EXISTING. */
    SetLastError(0);
    HCERTSTORE none = CertOpenStore(CERT_STORE_PROV_SYSTEM_A, 0, 0,
                                    CERT_SYSTEM_STORE_LOCAL_MACHINE | CERT_STORE_OPEN_EXISTING_FLAG,
                                    "NoSuchStore");
    CHECK(none == NULL);
    CHECK_EQ(GetLastError(), ERROR_FILE_NOT_FOUND);

    char path[4096];
    snprintf(path, sizeof path, "%s/server.pfx", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/wild.pem", dir);
    unlink(path);
    rmdir(dir);
    /* Unset: an empty store. */
    unsetenv("SCHSHIM_MY_STORE");
    my = CertOpenSystemStoreW(0, (LPCWSTR)u"MY");
    if (CHECK(my != NULL)) {
        CHECK(CertEnumCertificatesInStore(my, NULL) == NULL);
        CHECK_EQ(GetLastError(), (DWORD)CRYPT_E_NOT_FOUND);
        CHECK(CertCloseStore(my, 0));
    }
    unsetenv("SCHSHIM_MY_STORE_PASSWORD");
}

/* ------------------------------------------------------------------ PFX failures */

/* CONTRACT §11 */
static void test_pfx_failures(void)
{
    test_case("PFX failures");
    size_t n;
    char *der = read_pki_file("chain3.p12", &n);
    CRYPT_DATA_BLOB blob = {(DWORD)n, (BYTE *)der};
    SetLastError(0);
    CHECK(PFXImportCertStore(&blob, (LPCWSTR)u"wrong", PKCS12_NO_PERSIST_KEY) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PASSWORD);
    blob.cbData = (DWORD)(n / 3);
    SetLastError(0);
    CHECK(PFXImportCertStore(&blob, (LPCWSTR)u"test", 0) == NULL);
    CHECK_EQ(GetLastError(), (DWORD)CRYPT_E_BAD_ENCODE);
    char garbage[] = "this is not a PFX file";
    CRYPT_DATA_BLOB bad = {(DWORD)sizeof garbage, (BYTE *)garbage};
    SetLastError(0);
    CHECK(PFXImportCertStore(&bad, (LPCWSTR)u"test", 0) == NULL);
    CHECK_EQ(GetLastError(), (DWORD)CRYPT_E_BAD_ENCODE);
    blob.cbData = (DWORD)n;
    HCERTSTORE ok = PFXImportCertStore(&blob, (LPCWSTR)u"test", PKCS12_NO_PERSIST_KEY);
    if (CHECK(ok != NULL))
        CHECK(CertCloseStore(ok, 0));
    free(der);
}

/* ------------------------------------------------------------------ size protocols */

/* CONTRACT §11 */
static void test_name_to_str(void)
{
    test_case("CertNameToStr");
    PCCERT_CONTEXT c = peer_from_pem("chain3-leaf-chain.pem");
    if (!c)
        return;
    const char *want = "O=schannel-shim tests, CN=localhost";
    DWORD need = CertNameToStrA(X509_ASN_ENCODING, &c->pCertInfo->Subject, CERT_X500_NAME_STR,
                                NULL, 0);
    CHECK_EQ(need, strlen(want) + 1);
    char *buf = malloc(need);
    CHECK_EQ(CertNameToStrA(X509_ASN_ENCODING, &c->pCertInfo->Subject, CERT_X500_NAME_STR, buf,
                            need),
             need);
    CHECK(!strcmp(buf, want));
    free(buf);
    char small[8];
    memset(small, 'x', sizeof small);
    CHECK_EQ(CertNameToStrA(X509_ASN_ENCODING, &c->pCertInfo->Subject, CERT_X500_NAME_STR, small,
                            sizeof small),
             sizeof small);
    CHECK(!strcmp(small, "O=schan"));
    WCHAR w[128];
    DWORD got = CertNameToStrW(X509_ASN_ENCODING, &c->pCertInfo->Issuer, CERT_SIMPLE_NAME_STR, w,
                               128);
    const char *issuer = "schannel-shim tests, SchShim Chain Intermediate CA";
    CHECK_EQ(got, strlen(issuer) + 1);
    int same = got == strlen(issuer) + 1;
    for (size_t i = 0; same && issuer[i]; i++)
        same = w[i] == (WCHAR)issuer[i];
    CHECK(same);

    /* CertGetNameString: the types and flags curl, Qt and the SDK samples use. */
    char name[128];
    CHECK_EQ(CertGetNameStringA(c, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, name, sizeof name),
             strlen("localhost") + 1);
    CHECK(!strcmp(name, "localhost"));
    CertGetNameStringA(c, CERT_NAME_SIMPLE_DISPLAY_TYPE, CERT_NAME_ISSUER_FLAG, NULL, name,
                       sizeof name);
    CHECK(!strcmp(name, "SchShim Chain Intermediate CA"));
    CertGetNameStringA(c, CERT_NAME_ATTR_TYPE, 0, szOID_ORGANIZATION_NAME, name, sizeof name);
    CHECK(!strcmp(name, "schannel-shim tests"));
    DWORD all = CertGetNameStringA(c, CERT_NAME_DNS_TYPE, CERT_NAME_SEARCH_ALL_NAMES_FLAG, NULL,
                                   name, sizeof name);
    CHECK_MEM(name, all, "localhost\0", 11);
    CHECK(CertFreeCertificateContext(c));
}

/* CONTRACT §11 */
static void test_time_validity(void)
{
    test_case("CertVerifyTimeValidity");
    PCCERT_CONTEXT future = peer_from_pem("chain3-future-chain.pem");
    PCCERT_CONTEXT expired = peer_from_pem("expired-chain.pem");
    PCCERT_CONTEXT valid = peer_from_pem("chain3-leaf-chain.pem");
    if (future && expired && valid) {
        CHECK(CertVerifyTimeValidity(NULL, future->pCertInfo) == -1);
        CHECK_EQ(CertVerifyTimeValidity(NULL, expired->pCertInfo), 1);
        CHECK_EQ(CertVerifyTimeValidity(NULL, valid->pCertInfo), 0);
        FILETIME t = future->pCertInfo->NotAfter;
        CHECK_EQ(CertVerifyTimeValidity(&t, future->pCertInfo), 0);
        t.dwLowDateTime += 1;
        if (!t.dwLowDateTime)
            t.dwHighDateTime++;
        CHECK_EQ(CertVerifyTimeValidity(&t, future->pCertInfo), 1);
    }
    CertFreeCertificateContext(future);
    CertFreeCertificateContext(expired);
    CertFreeCertificateContext(valid);
}

/* CONTRACT §11 */
static void test_string_to_binary(void)
{
    test_case("CryptStringToBinary");
    BYTE buf[8];
    DWORD len = 0, skip = 7, flags = 7;
    /* Size query, then a buffer too small (filled, size unchanged), then the right one. */
    CHECK(CryptStringToBinaryA("01 02 03", 0, CRYPT_STRING_HEX, NULL, &len, &skip, &flags));
    CHECK_EQ(len, 3);
    CHECK_EQ(flags, CRYPT_STRING_HEX);
    memset(buf, 0xcc, sizeof buf);
    len = 2;
    SetLastError(0);
    CHECK(!CryptStringToBinaryA("01 02 03", 0, CRYPT_STRING_HEX, buf, &len, NULL, NULL));
    CHECK_EQ(GetLastError(), ERROR_MORE_DATA);
    CHECK_EQ(len, 2);
    CHECK_EQ(buf[2], 0xcc);
    len = sizeof buf;
    CHECK(CryptStringToBinaryW((LPCWSTR)u"0a-0b,0c", 0, CRYPT_STRING_HEX, buf, &len, NULL, NULL));
    CHECK_MEM(buf, len, "\x0a\x0b\x0c", 3);
    /* Odd digits and other characters. */
    len = sizeof buf;
    SetLastError(0);
    CHECK(!CryptStringToBinaryA("0102q", 0, CRYPT_STRING_HEX, buf, &len, NULL, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_DATA);
    CHECK(!CryptStringToBinaryA("012", 0, CRYPT_STRING_HEX, NULL, &len, NULL, NULL));
    CHECK_EQ(len, 0);
    CHECK(!CryptStringToBinaryA("01", 0, CRYPT_STRING_HEX, NULL, NULL, NULL, NULL));
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    /* Base64 and PEM. */
    len = sizeof buf;
    CHECK(CryptStringToBinaryA("aGVs\r\nbG8=", 0, CRYPT_STRING_BASE64, buf, &len, NULL, &flags));
    CHECK_MEM(buf, len, "hello", 5);
    CHECK_EQ(flags, CRYPT_STRING_BASE64);
    char *pem = read_pki_file("chain3-root.pem", NULL);
    DWORD der_len = 0;
    skip = 99;
    CHECK(CryptStringToBinaryA(pem, 0, CRYPT_STRING_BASE64HEADER, NULL, &der_len, &skip, NULL));
    CHECK_EQ(skip, 0);
    BYTE *der = malloc(der_len);
    CHECK(CryptStringToBinaryA(pem, 0, CRYPT_STRING_BASE64HEADER, der, &der_len, NULL, NULL));
    PCCERT_CONTEXT c = CertCreateCertificateContext(X509_ASN_ENCODING, der, der_len);
    CHECK(c != NULL);
    CertFreeCertificateContext(c);
    free(der);
    free(pem);
}

/* CONTRACT §11 */
static void test_collection(void)
{
    test_case("collection store");
    HCERTSTORE roots = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    HCERTSTORE cas = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    HCERTSTORE coll = CertOpenStore(CERT_STORE_PROV_COLLECTION, 0, 0, 0, NULL);
    if (!CHECK(roots && cas && coll))
        return;
    add_ca_file_to_store(roots, "chain3-root.pem");
    add_ca_file_to_store(cas, "chain3-int.pem");
    CHECK(CertAddStoreToCollection(coll, roots, 0, 0));
    CHECK(CertAddStoreToCollection(coll, cas, 0, 0));
    CHECK(CertCloseStore(roots, 0));
    CHECK(CertCloseStore(cas, 0));
    int n = 0;
    PCCERT_CONTEXT c = NULL;
    while ((c = CertEnumCertificatesInStore(coll, c)) != NULL)
        n++;
    CHECK_EQ(n, 2);
    /* As .NET does: the collection as the additional store of a chain. */
    PCCERT_CONTEXT leaf = peer_from_pem("chain3-leaf-chain.pem");
    HCERTCHAINENGINE engine = ca_file_engine("chain3-root.pem");
    CERT_CHAIN_PARA para;
    memset(&para, 0, sizeof para);
    para.cbSize = sizeof para;
    PCCERT_CHAIN_CONTEXT chain = NULL;
    if (leaf && CHECK(CertGetCertificateChain(engine, leaf, NULL, coll, &para, 0, NULL, &chain))) {
        CHECK_EQ(chain->TrustStatus.dwErrorStatus, 0);
        CHECK_EQ(chain->rgpChain[0]->cElement, 3);
        PCCERT_CHAIN_CONTEXT dup = CertDuplicateCertificateChain(chain);
        CHECK(dup == chain);
        CertFreeCertificateChain(dup);
        CertFreeCertificateChain(chain);
    }
    CertFreeCertificateChainEngine(engine);
    CertFreeCertificateContext(leaf);
    CHECK(CertCloseStore(coll, 0));
}

int main(void)
{
    test_init();
    test_chain_cases();
    test_policy_flags();
    test_handshake_then_manual_validation();
    test_my_store();
    test_pfx_failures();
    test_name_to_str();
    test_time_validity();
    test_string_to_binary();
    test_collection();
    return test_finish("test_certs");
}
