/*
 * helper_ocsp_client: checks a server's certificate the way curl's Schannel backend does with a
 * CA file (lib/vtls/schannel_verify.c), revocation on, after a handshake in which the server may
 * have stapled an OCSP response. Run by interop_ocsp.sh against `openssl s_server -status_file`.
 *
 *   helper_ocsp_client PORT 12|13 CAFILE [CRLFILE]
 *
 * Connects to 127.0.0.1:PORT with SCH_CREDENTIALS allowing only TLS 1.2 or 1.3 and
 * SCH_CRED_MANUAL_CRED_VALIDATION (curl's setting with a CA file), handshakes, queries
 * SECPKG_ATTR_REMOTE_CERT_CONTEXT, reads CERT_OCSP_RESPONSE_PROP_ID from it, then builds the
 * chain with an engine whose hExclusiveRoot holds CAFILE's certificate (and CRLFILE, a DER CRL,
 * when given), CertGetCertificateChain with CERT_CHAIN_REVOCATION_CHECK_END_CERT and then
 * CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT, each followed by the SSL policy. Prints to
 * stdout, one per line:
 *   protocol 0x%X              SECPKG_ATTR_CONNECTION_INFO dwProtocol
 *   ocsp_property %u bytes     the property's size ("ocsp_property none 0x%08X" with the last
 *                              error when it is absent)
 *   ocsp_sha256 %s             SHA-256 of the property's bytes, lower-case hex
 *   end_cert %08X %08X         leaf error status, SSL policy dwError (CHECK_END_CERT)
 *   exclude_root %08X %08X %08X  leaf and intermediate error status, SSL policy dwError
 * Exit 0 when all of that could be done (whatever the statuses), 1 usage, 2 failure.
 */
#include "common.h"


static BlockingConn g_conn = {.fd = -1};

static int failed(const char *what, SECURITY_STATUS s)
{
    fprintf(stderr, "ocsp_client: failed: %s returned %s (0x%08X)\n", what, status_name(s), (unsigned)s);
    return 2;
}

/* The handshake loop of curl and the SDK samples: every token is sent, SEC_E_OK's included. */
static int handshake(CredHandle *cred, CtxtHandle *ctx, char *target)
{
    const ULONG flags = ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |
                        ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM;
    ULONG attrs = 0;
    SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out};
    SECURITY_STATUS s = InitializeSecurityContextA(cred, NULL, target, flags, 0, 0, NULL, 0, ctx,
                                                   &out_desc, &attrs, NULL);
    if (s != SEC_I_CONTINUE_NEEDED)
        return failed("InitializeSecurityContextA", s);
    int rc = blocking_send_all(&g_conn, out.pvBuffer, out.cbBuffer);
    FreeContextBuffer(out.pvBuffer);
    if (rc != 0)
        return failed("send", SEC_E_INTERNAL_ERROR);
    int need_input = 1;
    for (;;) {
        if (need_input && !blocking_receive_more(&g_conn))
            return failed("recv (handshake)", SEC_E_INTERNAL_ERROR);
        SecBuffer in[2] = {{(ULONG)g_conn.io_len, SECBUFFER_TOKEN, g_conn.io}, {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc in_desc = {SECBUFFER_VERSION, 2, in};
        out.cbBuffer = 0;
        out.pvBuffer = NULL;
        s = InitializeSecurityContextA(cred, ctx, target, flags, 0, 0, &in_desc, 0, NULL, &out_desc,
                                       &attrs, NULL);
        rc = out.cbBuffer ? blocking_send_all(&g_conn, out.pvBuffer, out.cbBuffer) : 0;
        if (out.pvBuffer)
            FreeContextBuffer(out.pvBuffer);
        if (rc != 0)
            return failed("send", SEC_E_INTERNAL_ERROR);
        if (s == SEC_I_CONTINUE_NEEDED) {
            blocking_keep_extra(&g_conn, in, 2);
            need_input = g_conn.io_len == 0;
            continue;
        }
        if (s == SEC_E_INCOMPLETE_MESSAGE) {
            need_input = 1;
            continue;
        }
        if (s != SEC_E_OK)
            return failed("InitializeSecurityContextA", s);
        blocking_keep_extra(&g_conn, in, 2);
        return 0;
    }
}

/* Chain errors of the server certificate built with `flags`: elem[0..1] per element, *policy the
 * SSL policy's dwError. */
static int chain_check(PCCERT_CONTEXT server, HCERTCHAINENGINE engine, DWORD flags, DWORD elem[2],
                       DWORD *policy)
{
    LPSTR usage[1] = {(LPSTR)szOID_PKIX_KP_SERVER_AUTH};
    CERT_CHAIN_PARA para;
    memset(&para, 0, sizeof para);
    para.cbSize = sizeof para;
    para.RequestedUsage.dwType = USAGE_MATCH_TYPE_AND;
    para.RequestedUsage.Usage.cUsageIdentifier = 1;
    para.RequestedUsage.Usage.rgpszUsageIdentifier = usage;
    PCCERT_CHAIN_CONTEXT chain = NULL;
    if (!CertGetCertificateChain(engine, server, NULL, server->hCertStore, &para, flags, NULL, &chain))
        return failed("CertGetCertificateChain", (SECURITY_STATUS)GetLastError());
    for (DWORD i = 0; i < 2; i++)
        elem[i] = i < chain->rgpChain[0]->cElement
                      ? chain->rgpChain[0]->rgpElement[i]->TrustStatus.dwErrorStatus
                      : 0xffffffff;
    WCHAR name[] = {'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't', 0};
    SSL_EXTRA_CERT_CHAIN_POLICY_PARA ssl;
    memset(&ssl, 0, sizeof ssl);
    ssl.cbSize = sizeof ssl;
    ssl.dwAuthType = AUTHTYPE_SERVER;
    ssl.pwszServerName = name;
    CERT_CHAIN_POLICY_PARA pp = {sizeof pp, 0, &ssl};
    CERT_CHAIN_POLICY_STATUS ps;
    memset(&ps, 0, sizeof ps);
    ps.cbSize = sizeof ps;
    BOOL ok = CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL, chain, &pp, &ps);
    CertFreeCertificateChain(chain);
    if (!ok)
        return failed("CertVerifyCertificateChainPolicy", (SECURITY_STATUS)GetLastError());
    *policy = ps.dwError;
    return 0;
}

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = malloc(1 << 16);
    size_t n = buf ? fread(buf, 1, (1 << 16) - 1, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = 0;
    *len = n;
    return buf;
}

/* The server certificate checked as described at the top. */
static int verify(PCCERT_CONTEXT server, const char *ca_file, const char *crl_file)
{
    DWORD size = 0;
    if (CertGetCertificateContextProperty(server, CERT_OCSP_RESPONSE_PROP_ID, NULL, &size)) {
        unsigned char *resp = malloc(size ? size : 1);
        if (!resp || !CertGetCertificateContextProperty(server, CERT_OCSP_RESPONSE_PROP_ID, resp, &size)) {
            free(resp);
            return failed("CertGetCertificateContextProperty", (SECURITY_STATUS)GetLastError());
        }
        unsigned char digest[32];
        sha256(resp, size, digest);
        free(resp);
        printf("ocsp_property %u bytes\nocsp_sha256 ", (unsigned)size);
        for (int i = 0; i < 32; i++)
            printf("%02x", digest[i]);
        printf("\n");
    } else {
        printf("ocsp_property none 0x%08X\n", (unsigned)GetLastError());
    }

    size_t n = 0;
    unsigned char *pem = read_file(ca_file, &n);
    if (!pem)
        return failed("read CAFILE", SEC_E_INTERNAL_ERROR);
    HCERTSTORE roots = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    PCCERT_CONTEXT root = SchShimCertFromPem((const char *)pem, NULL);
    free(pem);
    if (!roots || !root || !CertAddCertificateContextToStore(roots, root, CERT_STORE_ADD_ALWAYS, NULL))
        return failed("CA store", SEC_E_INTERNAL_ERROR);
    CertFreeCertificateContext(root);
    if (crl_file) {
        unsigned char *der = read_file(crl_file, &n);
        if (!der || !CertAddEncodedCRLToStore(roots, X509_ASN_ENCODING, der, (DWORD)n,
                                              CERT_STORE_ADD_ALWAYS, NULL)) {
            free(der);
            return failed("CertAddEncodedCRLToStore", (SECURITY_STATUS)GetLastError());
        }
        free(der);
    }
    CERT_CHAIN_ENGINE_CONFIG cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.cbSize = sizeof cfg;
    cfg.hExclusiveRoot = roots;
    HCERTCHAINENGINE engine = NULL;
    if (!CertCreateCertificateChainEngine(&cfg, &engine))
        return failed("CertCreateCertificateChainEngine", (SECURITY_STATUS)GetLastError());
    DWORD elem[2], policy = 0;
    int rc = chain_check(server, engine, CERT_CHAIN_REVOCATION_CHECK_END_CERT, elem, &policy);
    if (rc == 0)
        printf("end_cert %08X %08X\n", (unsigned)elem[0], (unsigned)policy);
    if (rc == 0)
        rc = chain_check(server, engine, CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT, elem, &policy);
    if (rc == 0)
        printf("exclude_root %08X %08X %08X\n", (unsigned)elem[0], (unsigned)elem[1], (unsigned)policy);
    CertFreeCertificateChainEngine(engine);
    CertCloseStore(roots, 0);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: helper_ocsp_client PORT 12|13 CAFILE [CRLFILE]\n");
        return 1;
    }
    char target[] = "localhost";
    if (blocking_connect(&g_conn, argv[1]) != 0)
        return failed("connect", SEC_E_INTERNAL_ERROR);

    SCH_CREDENTIALS sc;
    TLS_PARAMETERS tp;
    memset(&sc, 0, sizeof sc);
    memset(&tp, 0, sizeof tp);
    sc.dwVersion = SCH_CREDENTIALS_VERSION;
    sc.dwFlags = SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_MANUAL_CRED_VALIDATION | SCH_USE_STRONG_CRYPTO;
    tp.grbitDisabledProtocols =
        ~(DWORD)(strcmp(argv[2], "13") == 0 ? SP_PROT_TLS1_3_CLIENT : SP_PROT_TLS1_2_CLIENT);
    sc.cTlsParameters = 1;
    sc.pTlsParameters = &tp;
    CredHandle cred;
    SECURITY_STATUS s = AcquireCredentialsHandleA(NULL, UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &sc, NULL,
                                                  NULL, &cred, NULL);
    if (s != SEC_E_OK)
        return failed("AcquireCredentialsHandleA", s);
    CtxtHandle ctx;
    int rc = handshake(&cred, &ctx, target);
    if (rc == 0) {
        SecPkgContext_ConnectionInfo ci;
        PCCERT_CONTEXT server = NULL;
        if ((s = QueryContextAttributesA(&ctx, SECPKG_ATTR_CONNECTION_INFO, &ci)) != SEC_E_OK)
            rc = failed("QueryContextAttributesA(SECPKG_ATTR_CONNECTION_INFO)", s);
        else if ((s = QueryContextAttributesA(&ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &server)) != SEC_E_OK)
            rc = failed("QueryContextAttributesA(SECPKG_ATTR_REMOTE_CERT_CONTEXT)", s);
        else {
            printf("protocol 0x%X\n", (unsigned)ci.dwProtocol);
            rc = verify(server, argv[3], argc == 5 ? argv[4] : NULL);
            CertFreeCertificateContext(server);
        }
        DeleteSecurityContext(&ctx);
    }
    FreeCredentialsHandle(&cred);
    blocking_close(&g_conn);
    return rc;
}
