/*
 * helper_legacy_client: an HTTPS client written for SCHANNEL_CRED and TLS 1.2 the way several
 * real Windows programs are (the widely copied minimal Schannel client, libhv's wintls.c,
 * schannel-tls-cpp; see ../shared/reference/real-programs.md). Run by interop_legacy.sh.
 *
 *   helper_legacy_client PORT TARGET PATH
 *
 * What it assumes, as those programs do, and what holds on Windows because Schannel never
 * negotiates TLS 1.3 with a SCHANNEL_CRED:
 * - it sets SP_PROT_TLS1_3_CLIENT next to SP_PROT_TLS1_2_CLIENT "for the future";
 * - it sends a handshake token only when InitializeSecurityContext returns
 *   SEC_I_CONTINUE_NEEDED; a token that comes with SEC_E_OK (the TLS 1.3 client Finished) is
 *   freed unsent;
 * - SEC_I_RENEGOTIATE from DecryptMessage (a TLS 1.3 NewSessionTicket) is an error.
 *
 * Connects to 127.0.0.1:PORT, validates the server certificate automatically as TARGET (trust
 * store: SSL_CERT_FILE), sends "GET PATH HTTP/1.0", writes every decrypted byte to stdout until
 * the server's close_notify, then sends its own. Logs to stderr, among others,
 * "protocol 0x%X" (SECPKG_ATTR_CONNECTION_INFO dwProtocol). Exit 0 on success, 1 usage,
 * 2 failure.
 */
#include "common.h"


static BlockingConn g_conn = {.fd = -1};

static int failed(const char *what, SECURITY_STATUS s)
{
    fprintf(stderr, "legacy_client: failed: %s returned %s (0x%08X)\n", what, status_name(s), (unsigned)s);
    return 2;
}

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
        fprintf(stderr, "InitializeSecurityContextA -> %s, token %u bytes\n", status_name(s),
                (unsigned)out.cbBuffer);
        if (s == SEC_I_CONTINUE_NEEDED) {
            rc = out.cbBuffer ? blocking_send_all(&g_conn, out.pvBuffer, out.cbBuffer) : 0;
            FreeContextBuffer(out.pvBuffer);
            if (rc != 0)
                return failed("send", SEC_E_INTERNAL_ERROR);
            blocking_keep_extra(&g_conn, in, 2);
            need_input = g_conn.io_len == 0;
            continue;
        }
        /* Written for TLS 1.2, where SEC_E_OK never carries a token. */
        if (out.pvBuffer)
            FreeContextBuffer(out.pvBuffer);
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

static int request(CtxtHandle *ctx, const SecPkgContext_StreamSizes *z, const char *path)
{
    char text[1024];
    int n = snprintf(text, sizeof text, "GET %s HTTP/1.0\r\n\r\n", path);
    if (n < 0 || (size_t)n >= sizeof text || (ULONG)n > z->cbMaximumMessage)
        return failed("snprintf", SEC_E_INTERNAL_ERROR);
    unsigned char *msg = malloc(z->cbHeader + (size_t)n + z->cbTrailer);
    if (!msg)
        return failed("malloc", SEC_E_INSUFFICIENT_MEMORY);
    memcpy(msg + z->cbHeader, text, (size_t)n);
    SecBuffer b[4] = {{z->cbHeader, SECBUFFER_STREAM_HEADER, msg},
                      {(ULONG)n, SECBUFFER_DATA, msg + z->cbHeader},
                      {z->cbTrailer, SECBUFFER_STREAM_TRAILER, msg + z->cbHeader + n},
                      {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
    SECURITY_STATUS s = EncryptMessage(ctx, 0, &d, 0);
    int rc = s == SEC_E_OK ? blocking_send_all(&g_conn, msg, b[0].cbBuffer + b[1].cbBuffer + b[2].cbBuffer) : 0;
    free(msg);
    if (s != SEC_E_OK)
        return failed("EncryptMessage", s);
    return rc == 0 ? 0 : failed("send", SEC_E_INTERNAL_ERROR);
}

/* Decrypts until the server's close_notify; the plaintext goes to stdout. */
static int response(CtxtHandle *ctx)
{
    size_t total = 0;
    for (;;) {
        SecBuffer b[4] = {{(ULONG)g_conn.io_len, SECBUFFER_DATA, g_conn.io},
                          {0, SECBUFFER_EMPTY, NULL},
                          {0, SECBUFFER_EMPTY, NULL},
                          {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
        SECURITY_STATUS s = g_conn.io_len ? DecryptMessage(ctx, &d, 0, NULL) : SEC_E_INCOMPLETE_MESSAGE;
        if (s == SEC_E_INCOMPLETE_MESSAGE) {
            if (!blocking_receive_more(&g_conn))
                return failed("recv (connection closed before close_notify)", SEC_E_INTERNAL_ERROR);
            continue;
        }
        if (s == SEC_I_CONTEXT_EXPIRED) {
            fprintf(stderr, "DecryptMessage -> SEC_I_CONTEXT_EXPIRED, %zu bytes received\n", total);
            return 0;
        }
        /* SEC_I_RENEGOTIATE included: this program was never written for it. */
        if (s != SEC_E_OK)
            return failed("DecryptMessage", s);
        for (int i = 0; i < 4; i++) {
            if (b[i].BufferType == SECBUFFER_DATA && b[i].cbBuffer > 0) {
                fwrite(b[i].pvBuffer, 1, b[i].cbBuffer, stdout);
                total += b[i].cbBuffer;
            }
        }
        blocking_keep_extra(&g_conn, b, 4);
    }
}

static int shutdown_tls(CredHandle *cred, CtxtHandle *ctx, char *target)
{
    DWORD type = SCHANNEL_SHUTDOWN;
    SecBuffer in = {sizeof type, SECBUFFER_TOKEN, &type};
    SecBufferDesc in_desc = {SECBUFFER_VERSION, 1, &in};
    SECURITY_STATUS s = ApplyControlToken(ctx, &in_desc);
    if (s != SEC_E_OK)
        return failed("ApplyControlToken", s);
    SecBuffer out = {0, SECBUFFER_TOKEN, NULL};
    SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out};
    ULONG attrs = 0;
    s = InitializeSecurityContextA(cred, ctx, target,
                                   ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |
                                       ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM,
                                   0, 0, NULL, 0, NULL, &out_desc, &attrs, NULL);
    int rc = s == SEC_E_OK && out.cbBuffer ? blocking_send_all(&g_conn, out.pvBuffer, out.cbBuffer) : 0;
    if (out.pvBuffer)
        FreeContextBuffer(out.pvBuffer);
    if (s != SEC_E_OK)
        return failed("InitializeSecurityContextA (shutdown)", s);
    return rc == 0 ? 0 : failed("send", SEC_E_INTERNAL_ERROR);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: helper_legacy_client PORT TARGET PATH\n");
        return 1;
    }
    char *target = argv[2];
    if (blocking_connect(&g_conn, argv[1]) != 0)
        return failed("connect", SEC_E_INTERNAL_ERROR);

    SCHANNEL_CRED sc;
    memset(&sc, 0, sizeof sc);
    sc.dwVersion = SCHANNEL_CRED_VERSION;
    sc.grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT;
    sc.dwFlags = SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_AUTO_CRED_VALIDATION | SCH_USE_STRONG_CRYPTO;
    CredHandle cred;
    SECURITY_STATUS s = AcquireCredentialsHandleA(NULL, UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &sc, NULL,
                                                  NULL, &cred, NULL);
    if (s != SEC_E_OK)
        return failed("AcquireCredentialsHandleA", s);

    CtxtHandle ctx;
    int rc = handshake(&cred, &ctx, target);
    if (rc == 0) {
        SecPkgContext_ConnectionInfo ci;
        SecPkgContext_StreamSizes z;
        if ((s = QueryContextAttributesA(&ctx, SECPKG_ATTR_CONNECTION_INFO, &ci)) != SEC_E_OK)
            rc = failed("QueryContextAttributesA(SECPKG_ATTR_CONNECTION_INFO)", s);
        else if ((s = QueryContextAttributesA(&ctx, SECPKG_ATTR_STREAM_SIZES, &z)) != SEC_E_OK)
            rc = failed("QueryContextAttributesA(SECPKG_ATTR_STREAM_SIZES)", s);
        else {
            fprintf(stderr, "protocol 0x%X\n", (unsigned)ci.dwProtocol);
            rc = request(&ctx, &z, argv[3]);
            if (rc == 0)
                rc = response(&ctx);
            if (rc == 0)
                rc = shutdown_tls(&cred, &ctx, target);
        }
        DeleteSecurityContext(&ctx);
    }
    FreeCredentialsHandle(&cred);
    blocking_close(&g_conn);
    if (rc == 0)
        fprintf(stderr, "legacy_client: done\n");
    return rc;
}
