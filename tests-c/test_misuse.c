/*
 * Misuse of every export: NULL pointers, zeroed / {-1,-1} / freed (stale) / foreign / wrong-kind
 * handles, garbage pointers where the API promises to detect them, and malformed SecBufferDesc
 * descriptors. Each call must return its documented failure (CONTRACT §2: SEC_E_INVALID_HANDLE
 * for handles; §5/§6/§8 for descriptors; the crypt32 subset's FALSE/NULL + last error) and never
 * crash; a context that was handed bad descriptors keeps working. The list of exports is the
 * one check_exports.sh checks; this test calls each of them at least once with bad input.
 */
#include "common.h"

/* A failure that says what it is: not OK, not a success code, not the "we crashed inside"
 * status, and not a continuation. */
static int clear_failure(SECURITY_STATUS s, const char *expr, int line)
{
    int ok = s < 0 && s != SEC_E_INTERNAL_ERROR;
    if (!ok) printf("  %s returned %s\n", expr, status_name(s));
    return check_true(ok, expr, __FILE__, line);
}
#define CHECK_CLEAR_FAILURE(s) clear_failure((s), #s, __LINE__)

static CredHandle g_cred_bad[4];
static CtxtHandle g_ctx_bad[4];
static const char *g_bad_names[4] = {"{-1,-1}", "freed", "foreign", "wrong kind"};

/* CONTRACT §2, §9 */
static void sspi_handles(void)
{
    CredHandle client, server;
    if (!CHECK(client_cred(API_A, SP_PROT_TLS1_2_CLIENT, 0, &client))) return;
    if (!CHECK(server_cred(API_A, "ecdsa", CERT_PEM, SP_PROT_TLS1_2_SERVER, 0, &server))) return;

    /* A freed credential and a freed context (after a real handshake). */
    CredHandle freed_cred;
    if (!CHECK(client_cred(API_A, SP_PROT_TLS1_2_CLIENT, 0, &freed_cred))) return;
    CredHandle stale_cred = freed_cred;
    CHECK_STATUS(FreeCredentialsHandle(&freed_cred), SEC_E_OK);

    Pair p;
    pair_init(&p, API_A, client, API_A, server);
    if (!CHECK_STATUS(pair_handshake(&p), SEC_E_OK)) return;
    CtxtHandle live = p.client.ctx;
    CtxtHandle stale_ctx = p.server.ctx;
    CtxtHandle server_ctx = p.server.ctx;
    CHECK_STATUS(DeleteSecurityContext(&server_ctx), SEC_E_OK);
    p.server.have_ctx = 0;

    g_cred_bad[0] = (CredHandle){(ULONG_PTR)-1, (ULONG_PTR)-1};
    g_cred_bad[1] = stale_cred;
    g_cred_bad[2] = (CredHandle){0x1234, 0xdeadbeef};
    g_cred_bad[3] = (CredHandle){live.dwLower, live.dwUpper}; /* a context as a credential */
    g_ctx_bad[0] = (CtxtHandle){(ULONG_PTR)-1, (ULONG_PTR)-1};
    g_ctx_bad[1] = stale_ctx;
    g_ctx_bad[2] = (CtxtHandle){0x1234, 0xdeadbeef};
    g_ctx_bad[3] = (CtxtHandle){client.dwLower, client.dwUpper}; /* a credential as a context */

    DWORD shutdown = SCHANNEL_SHUTDOWN;
    for (int i = 0; i < 4; i++) {
        test_case("bad handle %s", g_bad_names[i]);
        CredHandle bc = g_cred_bad[i];
        CtxtHandle bx = g_ctx_bad[i];
        SecPkgCred_SupportedProtocols protos;
        SecPkgContext_StreamSizes sizes;
        SecBuffer out[2] = {{0, SECBUFFER_TOKEN, NULL}, {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc out_desc = {SECBUFFER_VERSION, 2, out};
        unsigned char hello[64] = {0x16, 0x03, 0x01};
        SecBuffer in[2] = {{sizeof hello, SECBUFFER_TOKEN, hello}, {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc in_desc = {SECBUFFER_VERSION, 2, in};
        SecBuffer tok = {sizeof shutdown, SECBUFFER_TOKEN, &shutdown};
        SecBufferDesc tok_desc = {SECBUFFER_VERSION, 1, &tok};
        unsigned char rec[64] = {0};
        SecBuffer msg[4] = {{5, SECBUFFER_STREAM_HEADER, rec},
                            {8, SECBUFFER_DATA, rec + 5},
                            {17, SECBUFFER_STREAM_TRAILER, rec + 13},
                            {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc msg_desc = {SECBUFFER_VERSION, 4, msg};
        ULONG attrs = 0;
        CtxtHandle newc = {0, 0};

        CHECK_STATUS(FreeCredentialsHandle(&bc), SEC_E_INVALID_HANDLE);
        CHECK_STATUS(QueryCredentialsAttributesA(&bc, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protos),
                     SEC_E_INVALID_HANDLE);
        CHECK_STATUS(QueryCredentialsAttributesW(&bc, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &protos),
                     SEC_E_INVALID_HANDLE);
        CHECK_STATUS(InitializeSecurityContextA(&bc, NULL, (SEC_CHAR *)"localhost", CURL_ISC_FLAGS,
                                                0, 0, NULL, 0, &newc, &out_desc, &attrs, NULL),
                     SEC_E_INVALID_HANDLE);
        CHECK_STATUS(InitializeSecurityContextW(&bc, NULL, (SEC_WCHAR *)u"localhost",
                                                CURL_ISC_FLAGS, 0, 0, NULL, 0, &newc, &out_desc,
                                                &attrs, NULL),
                     SEC_E_INVALID_HANDLE);
        CHECK_STATUS(AcceptSecurityContext(&bc, NULL, &in_desc, SERVER_ASC_FLAGS, 0, &newc,
                                           &out_desc, &attrs, NULL),
                     SEC_E_INVALID_HANDLE);
        CHECK_EQ(newc.dwLower | newc.dwUpper, 0); /* never written on failure */
        /* A good credential with a bad context (not NULL: that would be a first call). */
        CHECK_STATUS(InitializeSecurityContextA(&client, &bx, (SEC_CHAR *)"localhost",
                                                CURL_ISC_FLAGS, 0, 0, &in_desc, 0, &newc,
                                                &out_desc, &attrs, NULL),
                     SEC_E_INVALID_HANDLE);
        CHECK_STATUS(AcceptSecurityContext(&server, &bx, &in_desc, SERVER_ASC_FLAGS, 0, &newc,
                                           &out_desc, &attrs, NULL),
                     SEC_E_INVALID_HANDLE);
        CHECK_STATUS(ApplyControlToken(&bx, &tok_desc), SEC_E_INVALID_HANDLE);
        CHECK_STATUS(EncryptMessage(&bx, 0, &msg_desc, 0), SEC_E_INVALID_HANDLE);
        CHECK_STATUS(DecryptMessage(&bx, &msg_desc, 0, NULL), SEC_E_INVALID_HANDLE);
        CHECK_STATUS(QueryContextAttributesA(&bx, SECPKG_ATTR_STREAM_SIZES, &sizes),
                     SEC_E_INVALID_HANDLE);
        CHECK_STATUS(QueryContextAttributesW(&bx, SECPKG_ATTR_STREAM_SIZES, &sizes),
                     SEC_E_INVALID_HANDLE);
        CHECK_STATUS(DeleteSecurityContext(&bx), SEC_E_INVALID_HANDLE);
        /* Through the dispatch table too. */
        CHECK_STATUS(table_a()->DeleteSecurityContext(&bx), SEC_E_INVALID_HANDLE);
        CHECK_STATUS(table_w()->FreeCredentialsHandle(&bc), SEC_E_INVALID_HANDLE);
    }

    test_case("NULL handle pointers");
    {
        SecPkgContext_StreamSizes sizes;
        SecBuffer out[1] = {{0, SECBUFFER_TOKEN, NULL}};
        SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, out};
        ULONG attrs = 0;
        CtxtHandle newc = {0, 0};
        CHECK_STATUS(FreeCredentialsHandle(NULL), SEC_E_INVALID_HANDLE);
        CHECK_STATUS(DeleteSecurityContext(NULL), SEC_E_INVALID_HANDLE);
        CHECK_STATUS(QueryCredentialsAttributesA(NULL, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &sizes),
                     SEC_E_INVALID_HANDLE);
        CHECK_STATUS(InitializeSecurityContextA(NULL, NULL, (SEC_CHAR *)"localhost", CURL_ISC_FLAGS,
                                                0, 0, NULL, 0, &newc, &out_desc, &attrs, NULL),
                     SEC_E_INVALID_HANDLE);
        CHECK_STATUS(AcceptSecurityContext(NULL, NULL, NULL, SERVER_ASC_FLAGS, 0, &newc,
                                           &out_desc, &attrs, NULL),
                     SEC_E_INVALID_HANDLE);
        CHECK_STATUS(ApplyControlToken(NULL, NULL), SEC_E_INVALID_HANDLE);
        CHECK_STATUS(EncryptMessage(NULL, 0, NULL, 0), SEC_E_INVALID_HANDLE);
        CHECK_STATUS(DecryptMessage(NULL, NULL, 0, NULL), SEC_E_INVALID_HANDLE);
        CHECK_STATUS(QueryContextAttributesA(NULL, SECPKG_ATTR_STREAM_SIZES, &sizes),
                     SEC_E_INVALID_HANDLE);
        CHECK_STATUS(QueryContextAttributesW(NULL, SECPKG_ATTR_STREAM_SIZES, &sizes),
                     SEC_E_INVALID_HANDLE);
        /* A live handle with a NULL pBuffer: SEC_E_INTERNAL_ERROR, the status Windows gives a
         * NULL output structure (as for ApplyControlToken's NULL descriptor, CONTRACT §8). */
        CHECK_STATUS(QueryContextAttributesA(&live, SECPKG_ATTR_STREAM_SIZES, NULL),
                     SEC_E_INTERNAL_ERROR);
        CHECK_STATUS(QueryCredentialsAttributesA(&client, SECPKG_ATTR_SUPPORTED_PROTOCOLS, NULL),
                     SEC_E_INTERNAL_ERROR);
        /* Acquire with NULL out handle / NULL package / unknown package. */
        CHECK_CLEAR_FAILURE(AcquireCredentialsHandleA(NULL, (SEC_CHAR *)UNISP_NAME_A,
                                                      SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL,
                                                      NULL, NULL));
        CredHandle h = {0, 0};
        CHECK_CLEAR_FAILURE(AcquireCredentialsHandleA(NULL, NULL, SECPKG_CRED_OUTBOUND, NULL,
                                                      NULL, NULL, NULL, &h, NULL));
        CHECK_STATUS(AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)u"Kerberos",
                                               SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &h,
                                               NULL),
                     SEC_E_SECPKG_NOT_FOUND);
        /* A garbage auth-data version. */
        DWORD garbage[32] = {0xdeadbeef};
        CHECK_STATUS(AcquireCredentialsHandleA(NULL, (SEC_CHAR *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND,
                                               NULL, garbage, NULL, NULL, &h, NULL),
                     SEC_E_UNKNOWN_CREDENTIALS);
        CHECK_CLEAR_FAILURE(EnumerateSecurityPackagesA(NULL, NULL));
        CHECK_CLEAR_FAILURE(EnumerateSecurityPackagesW(NULL, NULL));
        CHECK_CLEAR_FAILURE(QuerySecurityPackageInfoA(NULL, NULL));
        CHECK_CLEAR_FAILURE(QuerySecurityPackageInfoW((SEC_WCHAR *)u"Schannel", NULL));
        PSecPkgInfoA info = NULL;
        CHECK_STATUS(QuerySecurityPackageInfoA((SEC_CHAR *)"nope", &info), SEC_E_SECPKG_NOT_FOUND);
        CHECK(info == NULL);
        CHECK_STATUS(FreeContextBuffer(NULL), SEC_E_OK);
        CHECK(InitSecurityInterfaceA() != NULL);
        CHECK(InitSecurityInterfaceW() != NULL);
    }

    test_case("unsupported functions with NULL and bad arguments");
    {
        CtxtHandle bx = g_ctx_bad[2];
        CredHandle bc = g_cred_bad[2];
        SecBuffer b = {0, SECBUFFER_TOKEN, NULL};
        HANDLE token = NULL;
        void *pv = NULL;
        ULONG qop = 0;
        CHECK_STATUS(CompleteAuthToken(NULL, NULL), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(ImpersonateSecurityContext(&bx), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(RevertSecurityContext(NULL), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(MakeSignature(&live, 0, NULL, 0), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(VerifySignature(NULL, NULL, 0, &qop), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(ExportSecurityContext(&live, 0, &b, &pv), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(ImportSecurityContextA(NULL, NULL, NULL, NULL), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(ImportSecurityContextW(NULL, &b, NULL, &bx), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(AddCredentialsA(&bc, NULL, NULL, 0, NULL, NULL, NULL, NULL),
                     SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(AddCredentialsW(NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL),
                     SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(QuerySecurityContextToken(&live, &token), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(SetContextAttributesA(&live, 0, NULL, 0), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(SetContextAttributesW(NULL, 0, NULL, 0), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(SetCredentialsAttributesA(&client, 0, NULL, 0), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(SetCredentialsAttributesW(NULL, 0, NULL, 0), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(ChangeAccountPasswordA(NULL, NULL, NULL, NULL, NULL, 0, 0, NULL),
                     SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(ChangeAccountPasswordW(NULL, NULL, NULL, NULL, NULL, 0, 0, NULL),
                     SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(QueryContextAttributesExA(&live, SECPKG_ATTR_STREAM_SIZES, NULL, 0),
                     SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(QueryContextAttributesExW(NULL, 0, NULL, 0), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(QueryCredentialsAttributesExA(&client, 0, NULL, 0),
                     SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(QueryCredentialsAttributesExW(NULL, 0, NULL, 0), SEC_E_UNSUPPORTED_FUNCTION);
        (void)token;
        (void)pv;
    }

    p.server.have_ctx = 0; /* deleted above */
    pair_free(&p);
    free_cred(&client);
    free_cred(&server);
}

/* Malformed descriptors on an established pair; each is refused with its status and the pair
 * still exchanges data afterwards. */
/* CONTRACT §2, §9 */
static void bad_descriptors(DWORD cproto, DWORD sproto, const char *label)
{
    CredHandle client, server;
    if (!CHECK(client_cred(API_A, cproto, 0, &client))) return;
    if (!CHECK(server_cred(API_A, "ecdsa", CERT_PEM, sproto, 0, &server))) return;
    Pair p;
    pair_init(&p, API_A, client, API_A, server);
    if (!CHECK_STATUS(pair_handshake(&p), SEC_E_OK)) return;
    CtxtHandle *c = &p.client.ctx;
    CtxtHandle *s = &p.server.ctx;
    unsigned char rec[256] = {0};
    SecBuffer four[4];
    SecBufferDesc d = {SECBUFFER_VERSION, 4, four};

    test_case("%s: EncryptMessage descriptors", label);
    CHECK_CLEAR_FAILURE(EncryptMessage(c, 0, NULL, 0));
    d = (SecBufferDesc){SECBUFFER_VERSION, 4, NULL};
    CHECK_CLEAR_FAILURE(EncryptMessage(c, 0, &d, 0));
    d = (SecBufferDesc){SECBUFFER_VERSION, 0, four};
    CHECK_CLEAR_FAILURE(EncryptMessage(c, 0, &d, 0));
    for (int i = 0; i < 4; i++) four[i] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
    d = (SecBufferDesc){SECBUFFER_VERSION, 4, four};
    CHECK_STATUS(EncryptMessage(c, 0, &d, 0), SEC_E_INVALID_TOKEN); /* no DATA */
    four[0] = (SecBuffer){5, SECBUFFER_STREAM_HEADER, rec};
    four[1] = (SecBuffer){10, SECBUFFER_DATA, NULL}; /* NULL data with a size */
    four[2] = (SecBuffer){17, SECBUFFER_STREAM_TRAILER, rec + 100};
    CHECK_CLEAR_FAILURE(EncryptMessage(c, 0, &d, 0));
    four[1] = (SecBuffer){10, SECBUFFER_DATA, rec + 5};
    four[0] = (SecBuffer){5, SECBUFFER_STREAM_HEADER, NULL}; /* NULL header */
    CHECK_CLEAR_FAILURE(EncryptMessage(c, 0, &d, 0));
    four[0] = (SecBuffer){2, SECBUFFER_STREAM_HEADER, rec}; /* header too small */
    CHECK_STATUS(EncryptMessage(c, 0, &d, 0), SEC_E_BUFFER_TOO_SMALL);
    four[0] = (SecBuffer){5, SECBUFFER_STREAM_HEADER, rec};
    four[2] = (SecBuffer){3, SECBUFFER_STREAM_TRAILER, rec + 100}; /* trailer too small */
    CHECK_STATUS(EncryptMessage(c, 0, &d, 0), SEC_E_BUFFER_TOO_SMALL);
    four[2] = (SecBuffer){17, SECBUFFER_STREAM_TRAILER, rec + 100};
    four[1] = (SecBuffer){20000, SECBUFFER_DATA, malloc(20000)}; /* > cbMaximumMessage */
    CHECK_STATUS(EncryptMessage(c, 0, &d, 0), SEC_E_ENCRYPT_FAILURE);
    free(four[1].pvBuffer);

    test_case("%s: DecryptMessage descriptors", label);
    CHECK_CLEAR_FAILURE(DecryptMessage(s, NULL, 0, NULL));
    d = (SecBufferDesc){SECBUFFER_VERSION, 4, NULL};
    CHECK_CLEAR_FAILURE(DecryptMessage(s, &d, 0, NULL));
    four[0] = (SecBuffer){10, SECBUFFER_DATA, rec};
    for (int i = 1; i < 4; i++) four[i] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
    d = (SecBufferDesc){SECBUFFER_VERSION, 2, four}; /* fewer than 4 */
    CHECK_STATUS(DecryptMessage(s, &d, 0, NULL), SEC_E_INVALID_TOKEN);
    d = (SecBufferDesc){SECBUFFER_VERSION, 4, four};
    four[0].BufferType = SECBUFFER_EMPTY; /* no DATA */
    CHECK_STATUS(DecryptMessage(s, &d, 0, NULL), SEC_E_INVALID_TOKEN);
    four[0].BufferType = SECBUFFER_DATA;
    four[1] = (SecBuffer){4, SECBUFFER_DATA, rec + 50}; /* two DATA */
    CHECK_STATUS(DecryptMessage(s, &d, 0, NULL), SEC_E_INVALID_TOKEN);
    four[1] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
    four[0] = (SecBuffer){10, SECBUFFER_DATA, NULL}; /* NULL data with a size */
    CHECK_CLEAR_FAILURE(DecryptMessage(s, &d, 0, NULL));

    test_case("%s: ApplyControlToken descriptors", label);
    DWORD tokv = SCHANNEL_SHUTDOWN;
    SecBuffer one = {sizeof tokv, SECBUFFER_TOKEN, &tokv};
    SecBufferDesc od = {SECBUFFER_VERSION, 1, &one};
    CHECK_STATUS(ApplyControlToken(c, NULL), SEC_E_INTERNAL_ERROR); /* as Windows (CONTRACT §8) */
    od.cBuffers = 2;
    CHECK_STATUS(ApplyControlToken(c, &od), SEC_E_INVALID_TOKEN);
    od.cBuffers = 1;
    one.BufferType = SECBUFFER_DATA;
    CHECK_STATUS(ApplyControlToken(c, &od), SEC_E_INVALID_TOKEN);
    one.BufferType = SECBUFFER_TOKEN;
    one.cbBuffer = 2;
    CHECK_STATUS(ApplyControlToken(c, &od), SEC_E_UNSUPPORTED_FUNCTION);
    one.cbBuffer = 4;
    tokv = 0x77;
    CHECK_STATUS(ApplyControlToken(c, &od), SEC_E_UNSUPPORTED_FUNCTION);
    one = (SecBuffer){4, SECBUFFER_TOKEN, NULL};
    CHECK_CLEAR_FAILURE(ApplyControlToken(c, &od));

    test_case("%s: ISC/ASC descriptors on an established context", label);
    ULONG attrs = 0;
    CHECK_STATUS(InitializeSecurityContextA(&p.client.cred, c, (SEC_CHAR *)"localhost",
                                            CURL_ISC_FLAGS, 0, 0, NULL, 0, NULL, NULL, &attrs,
                                            NULL),
                 SEC_E_INVALID_TOKEN); /* pOutput NULL */
    SecBuffer in[2] = {{5, SECBUFFER_EMPTY, rec}, {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc ind = {SECBUFFER_VERSION, 2, in};
    SecBuffer out[1] = {{0, SECBUFFER_TOKEN, NULL}};
    SecBufferDesc outd = {SECBUFFER_VERSION, 1, out};
    CHECK_STATUS(AcceptSecurityContext(&p.server.cred, s, &ind, SERVER_ASC_FLAGS, 0, NULL, &outd,
                                       &attrs, NULL),
                 SEC_E_INVALID_TOKEN); /* EMPTY input with a size */
    CHECK(out[0].pvBuffer == NULL);

    test_case("%s: the pair still works", label);
    CHECK(pair_exchange(&p, "after misuse", 12));
    pair_free(&p);
    free_cred(&client);
    free_cred(&server);
}

/* CONTRACT §2, §9 */
static void crypt32(void)
{
    test_case("crypt32 NULLs");
    unsigned char junk[128];
    memset(junk, 0x5a, sizeof junk);
    PCCERT_CONTEXT fake_ctx = (PCCERT_CONTEXT)(void *)junk;
    HCERTSTORE fake_store = (HCERTSTORE)(void *)(junk + 32);
    PCCERT_CHAIN_CONTEXT fake_chain = (PCCERT_CHAIN_CONTEXT)(void *)(junk + 64);

    SetLastError(0);
    CHECK(PFXImportCertStore(NULL, NULL, 0) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CRYPT_DATA_BLOB empty = {0, NULL};
    SetLastError(0);
    CHECK(PFXImportCertStore(&empty, NULL, 0) == NULL);
    CHECK(GetLastError() != 0);
    SetLastError(0);
    CHECK(CertOpenStore(NULL, 0, 0, 0, NULL) == NULL);
    CHECK(GetLastError() != 0);
    CHECK(CertOpenStore((LPCSTR)(ULONG_PTR)CERT_STORE_PROV_SYSTEM_A, 0, 0,
                        CERT_SYSTEM_STORE_CURRENT_USER, NULL) == NULL);
    CHECK(CertOpenSystemStoreA(0, NULL) == NULL);
    CHECK_EQ(GetLastError(), (DWORD)E_INVALIDARG);
    CHECK(CertOpenSystemStoreW(0, NULL) == NULL);
    CHECK_EQ(GetLastError(), (DWORD)E_INVALIDARG);
    CHECK(CertAddStoreToCollection(NULL, NULL, 0, 0) == FALSE);
    CHECK(CertAddStoreToCollection(fake_store, fake_store, 0, 0) == FALSE);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CertRemoveStoreFromCollection(NULL, NULL);
    CertRemoveStoreFromCollection(fake_store, fake_store);
    CHECK(CertDuplicateStore(fake_store) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(CertCloseStore(NULL, 0) == TRUE);
    CHECK(CertCloseStore(fake_store, 0) == FALSE);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(CertEnumCertificatesInStore(NULL, NULL) == NULL);
    CHECK(CertEnumCertificatesInStore(fake_store, NULL) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(CertFindCertificateInStore(fake_store, X509_ASN_ENCODING, 0, CERT_FIND_ANY, NULL,
                                     NULL) == NULL);
    CHECK(GetLastError() != 0);
    CHECK(CertAddEncodedCertificateToStore(fake_store, X509_ASN_ENCODING, junk, sizeof junk,
                                           CERT_STORE_ADD_ALWAYS, NULL) == FALSE);
    CHECK(CertAddEncodedCertificateToStore(NULL, X509_ASN_ENCODING, NULL, 10,
                                           CERT_STORE_ADD_ALWAYS, NULL) == FALSE);
    CHECK(CertAddCertificateContextToStore(NULL, fake_ctx, CERT_STORE_ADD_ALWAYS, NULL) == FALSE);
    CHECK(CertCreateCertificateContext(X509_ASN_ENCODING, NULL, 10) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(CertCreateCertificateContext(X509_ASN_ENCODING, junk, sizeof junk) == NULL);
    CHECK_EQ(GetLastError(), (DWORD)CRYPT_E_ASN1_BADTAG);
    CHECK(CertDuplicateCertificateContext(NULL) == NULL);
    CHECK(CertDuplicateCertificateContext(fake_ctx) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(CertFreeCertificateContext(NULL) == TRUE);
    CHECK(CertFreeCertificateContext(fake_ctx) == FALSE);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    char name[64];
    WCHAR wname[64];
    CHECK_EQ(CertGetNameStringA(fake_ctx, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, name,
                                sizeof name),
             1);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK_EQ(name[0], 0);
    CHECK_EQ(CertGetNameStringW(NULL, CERT_NAME_DNS_TYPE, 0, NULL, wname, 64), 1);
    DWORD cb = 0;
    CHECK(CertGetCertificateContextProperty(fake_ctx, CERT_SHA1_HASH_PROP_ID, NULL, &cb) == FALSE);
    CHECK(CertGetCertificateContextProperty(NULL, CERT_SHA1_HASH_PROP_ID, NULL, NULL) == FALSE);
    CHECK(SchShimCertFromPem(NULL, NULL) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(SchShimCertFromPem("not pem", "not pem") == NULL);
    CHECK(SchShimCertFromPemFiles(NULL, NULL) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(SchShimCertFromPemFiles("/nonexistent/x.pem", NULL) == NULL);
    CHECK_EQ(GetLastError(), ERROR_FILE_NOT_FOUND);
    CHECK_EQ(CertNameToStrA(X509_ASN_ENCODING, NULL, CERT_X500_NAME_STR, name, sizeof name), 1);
    CERT_NAME_BLOB bad_name = {sizeof junk, junk};
    CHECK_EQ(CertNameToStrW(X509_ASN_ENCODING, &bad_name, CERT_X500_NAME_STR, wname, 64), 1);
    CHECK_EQ(CertVerifyTimeValidity(NULL, NULL), 1);
    CHECK_EQ(GetLastError(), (DWORD)E_INVALIDARG);
    DWORD n = 0;
    CHECK(CryptStringToBinaryA(NULL, 0, CRYPT_STRING_ANY, NULL, &n, NULL, NULL) == FALSE);
    CHECK(CryptStringToBinaryW((LPCWSTR)u"zz", 2, CRYPT_STRING_HEX, NULL, NULL, NULL, NULL) ==
          FALSE);
    CHECK(CryptQueryObject(CERT_QUERY_OBJECT_BLOB, NULL, CERT_QUERY_CONTENT_FLAG_CERT,
                           CERT_QUERY_FORMAT_FLAG_ALL, 0, NULL, NULL, NULL, NULL, NULL,
                           NULL) == FALSE);
    CHECK_EQ(GetLastError(), (DWORD)E_INVALIDARG);
    CHECK(CertCreateCertificateChainEngine(NULL, NULL) == FALSE);
    CertFreeCertificateChainEngine(NULL);
    CertFreeCertificateChainEngine((HCERTCHAINENGINE)(void *)junk);
    CHECK_EQ(GetLastError(), (DWORD)E_INVALIDARG);
    PCCERT_CHAIN_CONTEXT chain = NULL;
    CHECK(CertGetCertificateChain(NULL, NULL, NULL, NULL, NULL, 0, NULL, &chain) == FALSE);
    CHECK(CertGetCertificateChain(NULL, fake_ctx, NULL, NULL, NULL, 0, NULL, &chain) == FALSE);
    CHECK(chain == NULL);
    CertFreeCertificateChain(NULL);
    CertFreeCertificateChain(fake_chain);
    CHECK_EQ(GetLastError(), (DWORD)E_INVALIDARG);
    CHECK(CertDuplicateCertificateChain(fake_chain) == NULL);
    CHECK_EQ(GetLastError(), (DWORD)E_INVALIDARG);
    CERT_CHAIN_POLICY_STATUS st;
    memset(&st, 0, sizeof st);
    st.cbSize = sizeof st;
    CHECK(CertVerifyCertificateChainPolicy((LPCSTR)(ULONG_PTR)CERT_CHAIN_POLICY_SSL, NULL, NULL,
                                           NULL) == FALSE);
    CHECK(CertVerifyCertificateChainPolicy((LPCSTR)(ULONG_PTR)CERT_CHAIN_POLICY_SSL, fake_chain,
                                           NULL, &st) == FALSE);

    test_case("crypt32 stale contexts and stores");
    PCCERT_CONTEXT cert = load_cert("ecdsa", CERT_PEM);
    if (!CHECK(cert != NULL)) return;
    HCERTSTORE store = CertOpenStore((LPCSTR)(ULONG_PTR)CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    CHECK(store != NULL);
    CHECK(CertAddCertificateContextToStore(store, cert, CERT_STORE_ADD_ALWAYS, NULL) == TRUE);
    CHECK(CertFreeCertificateContext(cert) == TRUE);
    CHECK(CertFreeCertificateContext(cert) == FALSE); /* over-freed */
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(CertDuplicateCertificateContext(cert) == NULL);
    CHECK(CertCloseStore(store, 0) == TRUE);
    CHECK(CertCloseStore(store, 0) == FALSE); /* closed twice */
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    CHECK(CertEnumCertificatesInStore(store, NULL) == NULL);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
}

int main(void)
{
    test_init();
    sspi_handles();
    bad_descriptors(SP_PROT_TLS1_2_CLIENT, SP_PROT_TLS1_2_SERVER, "TLS 1.2");
    bad_descriptors(SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER, "TLS 1.3");
    crypt32();
    return test_finish("test_misuse");
}
