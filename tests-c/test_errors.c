/*
 * Error paths with the exact Windows status codes (CONTRACT §2-§6, wine-conformance §3):
 * buffer validation of EncryptMessage/DecryptMessage and ISC/ASC, tampering, stale and foreign
 * handles, AcquireCredentialsHandle argument checks, credential and context attributes, and the
 * package-level functions (EnumerateSecurityPackages, QuerySecurityPackageInfo,
 * InitSecurityInterface).
 */
#include "common.h"

#define TLS12 SP_PROT_TLS1_2_CLIENT, SP_PROT_TLS1_2_SERVER
#define TLS13 SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER

static const ULONG_PTR DEADBEEF = (ULONG_PTR)0xdeadbeef;

/* ---------------------------------------------------------------- DecryptMessage buffers */

/* CONTRACT §6 */
static void decrypt_validation(DWORD cp, DWORD sp, const char *name)
{
    Conn c;
    test_case("%s: DecryptMessage buffer validation", name);
    if (!conn_connect(&c, "ecdsa", cp, sp))
        goto out;
    ByteQueue rec = {0};
    CHECK_STATUS(peer_encrypt(&c.p.client, "payload", 7, &rec), SEC_E_OK);
    CtxtHandle *ctx = &c.p.server.ctx;
    SecBuffer b[5];
    SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
#define RESET()                                                     \
    do {                                                            \
        b[0] = (SecBuffer){(ULONG)rec.len, SECBUFFER_DATA, rec.data}; \
        for (int i = 1; i < 5; i++)                                 \
            b[i] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};           \
        d.cBuffers = 4;                                             \
    } while (0)

    RESET();
    d.cBuffers = 3; /* too few */
    CHECK_STATUS(DecryptMessage(ctx, &d, 0, NULL), SEC_E_INVALID_TOKEN);
    RESET();
    b[0].BufferType = SECBUFFER_EMPTY; /* no DATA */
    CHECK_STATUS(DecryptMessage(ctx, &d, 0, NULL), SEC_E_INVALID_TOKEN);
    RESET();
    b[1] = (SecBuffer){(ULONG)rec.len, SECBUFFER_DATA, rec.data}; /* two DATA */
    CHECK_STATUS(DecryptMessage(ctx, &d, 0, NULL), SEC_E_INVALID_TOKEN);
    RESET();
    b[1].BufferType = SECBUFFER_EXTRA; /* only two EMPTY */
    CHECK_STATUS(DecryptMessage(ctx, &d, 0, NULL), SEC_E_INVALID_TOKEN);
    RESET();
    CHECK_STATUS(DecryptMessage(ctx, NULL, 0, NULL), SEC_E_INVALID_TOKEN);

    /* None of that consumed the record or advanced the sequence number. */
    RESET();
    if (CHECK_STATUS(DecryptMessage(ctx, &d, 0, NULL), SEC_E_OK))
        CHECK_MEM(b[1].pvBuffer, b[1].cbBuffer, "payload", 7);
    /* More than four buffers are tolerated. */
    bq_clear(&rec);
    CHECK_STATUS(peer_encrypt(&c.p.client, "five", 4, &rec), SEC_E_OK);
    RESET();
    d.cBuffers = 5;
    if (CHECK_STATUS(DecryptMessage(ctx, &d, 0, NULL), SEC_E_OK))
        CHECK_MEM(b[1].pvBuffer, b[1].cbBuffer, "five", 4);
#undef RESET
    bq_free(&rec);
    CHECK(pair_exchange(&c.p, "still fine", 10));
out:
    conn_close(&c);
}

/* ---------------------------------------------------------------- EncryptMessage buffers */

/* CONTRACT §5 */
static void encrypt_validation(DWORD cp, DWORD sp, const char *name)
{
    Conn c;
    test_case("%s: EncryptMessage buffer validation", name);
    if (!conn_connect(&c, "rsa", cp, sp))
        goto out;
    Peer *cl = &c.p.client;
    SecPkgContext_StreamSizes z = peer_sizes(cl);
    size_t cap = z.cbHeader + 16385 + z.cbTrailer;
    unsigned char *m = calloc(1, cap);
    SecBuffer b[4];
    SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
#define LAYOUT(h, n, t)                                                          \
    do {                                                                         \
        b[0] = (SecBuffer){(h), SECBUFFER_STREAM_HEADER, m};                     \
        b[1] = (SecBuffer){(n), SECBUFFER_DATA, m + z.cbHeader};                 \
        b[2] = (SecBuffer){(t), SECBUFFER_STREAM_TRAILER, m + z.cbHeader + (n)}; \
        b[3] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};                            \
        d.cBuffers = 4;                                                          \
    } while (0)

    LAYOUT(z.cbHeader, 10, z.cbTrailer);
    b[1].BufferType = SECBUFFER_EMPTY; /* no DATA */
    CHECK_STATUS(EncryptMessage(&cl->ctx, 0, &d, 0), SEC_E_INVALID_TOKEN);
    LAYOUT(z.cbHeader - 1, 10, z.cbTrailer);
    CHECK_STATUS(EncryptMessage(&cl->ctx, 0, &d, 0), SEC_E_BUFFER_TOO_SMALL);
    LAYOUT(z.cbHeader, 10, z.cbTrailer - 1);
    CHECK_STATUS(EncryptMessage(&cl->ctx, 0, &d, 0), SEC_E_BUFFER_TOO_SMALL);
    LAYOUT(z.cbHeader, 10, 0);
    CHECK_STATUS(EncryptMessage(&cl->ctx, 0, &d, 0), SEC_E_BUFFER_TOO_SMALL);
    LAYOUT(z.cbHeader, z.cbMaximumMessage + 1, z.cbTrailer);
    CHECK_STATUS(EncryptMessage(&cl->ctx, 0, &d, 0), SEC_E_ENCRYPT_FAILURE);
    CHECK_STATUS(EncryptMessage(&cl->ctx, 0, NULL, 0), SEC_E_INVALID_TOKEN);

    /* Three buffers (no EMPTY) are accepted; the failures above sent nothing. */
    LAYOUT(z.cbHeader, 5, z.cbTrailer);
    memcpy(m + z.cbHeader, "three", 5);
    d.cBuffers = 3;
    if (CHECK_STATUS(EncryptMessage(&cl->ctx, 0, &d, 0), SEC_E_OK)) {
        bq_push(cl->wire_out, m, (size_t)b[0].cbBuffer + b[1].cbBuffer + b[2].cbBuffer);
        ByteQueue plain = {0};
        CHECK_STATUS(peer_recv(&c.p.server, &plain), SEC_E_OK);
        CHECK_MEM(plain.data, plain.len, "three", 5);
        bq_free(&plain);
    }
#undef LAYOUT
    free(m);
    CHECK(pair_exchange(&c.p, "still fine", 10));
out:
    conn_close(&c);
}

/* ---------------------------------------------------------------- ISC/ASC buffers */

/* CONTRACT §4 */
static void handshake_buffer_errors(void)
{
    CredHandle cc, sc;
    static unsigned char buf[8192], buf2[8192];
    CtxtHandle ctx, ctx2;
    ULONG attrs;
    TimeStamp ts;
    SECURITY_STATUS s;
    const ULONG req = ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM; /* no ALLOCATE_MEMORY */

    test_case("ISC output buffers");
    client_cred(API_A, SP_PROT_TLS1_2_CLIENT, 0, &cc);
    CHECK_STATUS(InitializeSecurityContextA(&cc, NULL, "localhost", req, 0, 0, NULL, 0, &ctx, NULL,
                                            &attrs, &ts),
                 SEC_E_INVALID_TOKEN); /* pOutput NULL */
    SecBuffer ob[4];
    SecBufferDesc od = {SECBUFFER_VERSION, 0, ob};
    CHECK_STATUS(InitializeSecurityContextA(&cc, NULL, "localhost", req, 0, 0, NULL, 0, &ctx, &od,
                                            &attrs, &ts),
                 SEC_E_INVALID_TOKEN); /* no output buffers */
    od.cBuffers = 1;
    ob[0] = (SecBuffer){0, SECBUFFER_TOKEN, buf};
    CHECK_STATUS(InitializeSecurityContextA(&cc, NULL, "localhost", req, 0, 0, NULL, 0, &ctx, &od,
                                            &attrs, &ts),
                 SEC_E_INSUFFICIENT_MEMORY); /* TOKEN cb 0, nothing may be allocated */
    od.cBuffers = 2;
    ob[0] = (SecBuffer){sizeof buf, SECBUFFER_TOKEN, buf};
    ob[1] = (SecBuffer){0, SECBUFFER_ALERT, buf2};
    CHECK_STATUS(InitializeSecurityContextA(&cc, NULL, "localhost", req, 0, 0, NULL, 0, &ctx, &od,
                                            &attrs, &ts),
                 SEC_E_INSUFFICIENT_MEMORY); /* ALERT cb 0 likewise */

    /* ALLOCATE_MEMORY: the package allocates, ignoring the caller's pointer. */
    ob[0] = (SecBuffer){sizeof buf, SECBUFFER_TOKEN, (void *)DEADBEEF};
    ob[1] = (SecBuffer){0, SECBUFFER_ALERT, NULL};
    s = InitializeSecurityContextA(&cc, NULL, "localhost", req | ISC_REQ_ALLOCATE_MEMORY, 0, 0, NULL, 0,
                                   &ctx, &od, &attrs, &ts);
    if (CHECK_STATUS(s, SEC_I_CONTINUE_NEEDED)) {
        CHECK(ob[0].pvBuffer != (void *)DEADBEEF && ob[0].pvBuffer != NULL && ob[0].cbBuffer > 0);
        CHECK_EQ(ob[1].cbBuffer, 0);
        if (ob[0].pvBuffer != (void *)DEADBEEF)
            CHECK_STATUS(FreeContextBuffer(ob[0].pvBuffer), SEC_E_OK);
        CHECK_STATUS(FreeContextBuffer(ob[1].pvBuffer), SEC_E_OK); /* may be NULL */
        CHECK_STATUS(DeleteSecurityContext(&ctx), SEC_E_OK);
    }
    /* A NULL pvBuffer is allocated even without the flag; a sized EMPTY input is fine on the
     * first call. */
    SecBuffer ib[2] = {{24, SECBUFFER_EMPTY, NULL}, {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc id = {SECBUFFER_VERSION, 1, ib};
    od.cBuffers = 1;
    ob[0] = (SecBuffer){1000, SECBUFFER_TOKEN, NULL};
    s = InitializeSecurityContextA(&cc, NULL, "localhost", req, 0, 0, &id, 0, &ctx, &od, &attrs, &ts);
    if (CHECK_STATUS(s, SEC_I_CONTINUE_NEEDED)) {
        CHECK(ob[0].pvBuffer != NULL && ob[0].cbBuffer > 0);
        CHECK_STATUS(FreeContextBuffer(ob[0].pvBuffer), SEC_E_OK);
        CHECK_STATUS(DeleteSecurityContext(&ctx), SEC_E_OK);
    }
    /* Caller memory, no flag: the token is written there; the ALERT buffer reports nothing. */
    od.cBuffers = 2;
    ob[0] = (SecBuffer){sizeof buf, SECBUFFER_TOKEN, buf};
    ob[1] = (SecBuffer){sizeof buf2, SECBUFFER_ALERT, buf2};
    s = InitializeSecurityContextA(&cc, NULL, "localhost", req, 0, 0, NULL, 0, &ctx, &od, &attrs, &ts);
    if (CHECK_STATUS(s, SEC_I_CONTINUE_NEEDED)) {
        CHECK(ob[0].pvBuffer == buf && ob[0].cbBuffer > 5 && buf[0] == 0x16);
        CHECK_EQ(ob[1].cbBuffer, 0);
        CHECK_STATUS(DeleteSecurityContext(&ctx), SEC_E_OK);
    }

    test_case("ISC continuation input");
    server_cred(API_A, "ecdsa", CERT_PFX, SP_PROT_TLS1_2_SERVER, 0, &sc);
    Pair p;
    pair_init(&p, API_A, cc, API_A, sc);
    CHECK_STATUS(peer_call_bytes(&p.client, NULL, 0, 0, &p.c2s).status, SEC_I_CONTINUE_NEEDED);
    CHECK_STATUS(peer_call_bytes(&p.server, p.c2s.data, p.c2s.len, 1, &p.s2c).status,
                 SEC_I_CONTINUE_NEEDED);
    bq_clear(&p.c2s);
    ByteQueue flight = {0};
    bq_push(&flight, p.s2c.data, p.s2c.len);
    bq_clear(&p.s2c);

    /* pInput NULL mid-handshake: incomplete, output and phNewContext untouched. */
    ctx2.dwLower = ctx2.dwUpper = DEADBEEF;
    od.cBuffers = 1;
    ob[0] = (SecBuffer){sizeof buf, SECBUFFER_TOKEN, buf};
    s = InitializeSecurityContextA(&cc, &p.client.ctx, "localhost", req, 0, 0, NULL, 0, &ctx2, &od,
                                   &attrs, &ts);
    CHECK_STATUS(s, SEC_E_INCOMPLETE_MESSAGE);
    CHECK(ctx2.dwLower == DEADBEEF && ctx2.dwUpper == DEADBEEF);
    CHECK(ob[0].cbBuffer == sizeof buf && ob[0].BufferType == SECBUFFER_TOKEN && ob[0].pvBuffer == buf);

    /* An EMPTY input buffer with a size is rejected on a continuation call... */
    ib[0] = (SecBuffer){(ULONG)flight.len, SECBUFFER_TOKEN, flight.data};
    ib[1] = (SecBuffer){(ULONG)DEADBEEF, SECBUFFER_EMPTY, NULL};
    id.cBuffers = 2;
    s = InitializeSecurityContextA(&cc, &p.client.ctx, "localhost", req, 0, 0, &id, 0, &ctx2, &od,
                                   &attrs, &ts);
    CHECK_STATUS(s, SEC_E_INVALID_TOKEN);
    CHECK(ctx2.dwLower == DEADBEEF && ctx2.dwUpper == DEADBEEF);

    /* ...and the same bytes in a single TOKEN buffer go through (with a too-small output
     * buffer first: SEC_E_INSUFFICIENT_MEMORY, then the retry gets the token). */
    id.cBuffers = 1;
    ob[0] = (SecBuffer){16, SECBUFFER_TOKEN, buf};
    s = InitializeSecurityContextA(&cc, &p.client.ctx, "localhost", req, 0, 0, &id, 0, &ctx2, &od,
                                   &attrs, &ts);
    CHECK_STATUS(s, SEC_E_INSUFFICIENT_MEMORY);
    CHECK(ctx2.dwLower == DEADBEEF && ctx2.dwUpper == DEADBEEF);
    ib[0] = (SecBuffer){(ULONG)flight.len, SECBUFFER_TOKEN, flight.data};
    ob[0] = (SecBuffer){sizeof buf, SECBUFFER_TOKEN, buf};
    s = InitializeSecurityContextA(&cc, &p.client.ctx, "localhost", req, 0, 0, &id, 0, &ctx2, &od,
                                   &attrs, &ts);
    if (CHECK_STATUS(s, SEC_I_CONTINUE_NEEDED)) {
        CHECK(ctx2.dwLower == p.client.ctx.dwLower && ctx2.dwUpper == p.client.ctx.dwUpper);
        CHECK(ob[0].cbBuffer > 16 && buf[0] == 0x16);
        bq_push(&p.c2s, buf, ob[0].cbBuffer);
    }
    /* The server's last flight, through a too-small buffer and the retry. */
    ib[0] = (SecBuffer){(ULONG)p.c2s.len, SECBUFFER_TOKEN, p.c2s.data};
    ib[1] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
    id.cBuffers = 2;
    ob[0] = (SecBuffer){4, SECBUFFER_TOKEN, buf};
    s = AcceptSecurityContext(&sc, &p.server.ctx, &id, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM, 0, NULL,
                              &od, &attrs, &ts);
    CHECK_STATUS(s, SEC_E_INSUFFICIENT_MEMORY);
    ib[1] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
    ob[0] = (SecBuffer){sizeof buf, SECBUFFER_TOKEN, buf};
    s = AcceptSecurityContext(&sc, &p.server.ctx, &id, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM, 0, NULL,
                              &od, &attrs, &ts);
    if (CHECK_STATUS(s, SEC_E_OK)) {
        CHECK(ib[1].BufferType != SECBUFFER_EXTRA);
        CHECK(ob[0].cbBuffer > 4);
        bq_push(&p.s2c, buf, ob[0].cbBuffer);
        p.server.done = 1;
    }
    bq_clear(&p.c2s);
    /* The client's loop finishes it; the connection works. */
    if (CHECK_STATUS(pair_handshake(&p), SEC_E_OK))
        CHECK(pair_exchange(&p, "after the retries", 17));
    pair_free(&p);
    bq_free(&flight);

    test_case("first-call output buffer too small");
    /* Too small on the first call: nothing is created; a new first call works. */
    od.cBuffers = 1;
    ob[0] = (SecBuffer){16, SECBUFFER_TOKEN, buf};
    s = InitializeSecurityContextA(&cc, NULL, "localhost", req, 0, 0, NULL, 0, &ctx, &od, &attrs, &ts);
    CHECK_STATUS(s, SEC_E_INSUFFICIENT_MEMORY);
    ob[0] = (SecBuffer){sizeof buf, SECBUFFER_TOKEN, buf};
    s = InitializeSecurityContextA(&cc, NULL, "localhost", req, 0, 0, NULL, 0, &ctx, &od, &attrs, &ts);
    if (CHECK_STATUS(s, SEC_I_CONTINUE_NEEDED)) {
        ByteQueue hello = {0};
        bq_push(&hello, buf, ob[0].cbBuffer);
        ib[0] = (SecBuffer){(ULONG)hello.len, SECBUFFER_TOKEN, hello.data};
        ib[1] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
        id.cBuffers = 2;
        ob[0] = (SecBuffer){16, SECBUFFER_TOKEN, buf};
        CHECK_STATUS(AcceptSecurityContext(&sc, NULL, &id, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM, 0,
                                           &ctx2, &od, &attrs, &ts),
                     SEC_E_INSUFFICIENT_MEMORY);
        ib[1] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
        ob[0] = (SecBuffer){sizeof buf, SECBUFFER_TOKEN, buf};
        s = AcceptSecurityContext(&sc, NULL, &id, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM, 0, &ctx2,
                                  &od, &attrs, &ts);
        if (CHECK_STATUS(s, SEC_I_CONTINUE_NEEDED)) {
            CHECK(ob[0].cbBuffer > 100);
            CHECK_STATUS(DeleteSecurityContext(&ctx2), SEC_E_OK);
        }
        CHECK_STATUS(DeleteSecurityContext(&ctx), SEC_E_OK);
        bq_free(&hello);
    }

    test_case("garbage handshake input");
    for (int fill = 0; fill < 2; fill++) {
        for (int alloc = 0; alloc < 2; alloc++) {
            static unsigned char junk[8192];
            memset(junk, fill ? 0xfa : 0x00, sizeof junk);
            od.cBuffers = 1;
            ob[0] = (SecBuffer){sizeof buf, SECBUFFER_TOKEN, buf};
            s = InitializeSecurityContextA(&cc, NULL, "localhost", req, 0, 0, NULL, 0, &ctx, &od, &attrs,
                                           &ts);
            if (!CHECK_STATUS(s, SEC_I_CONTINUE_NEEDED))
                continue;
            ib[0] = (SecBuffer){sizeof junk, SECBUFFER_TOKEN, junk};
            id.cBuffers = 1;
            if (alloc)
                ob[0] = (SecBuffer){0, SECBUFFER_TOKEN, NULL};
            else
                ob[0] = (SecBuffer){1, SECBUFFER_TOKEN, buf};
            s = InitializeSecurityContextA(&cc, &ctx, "localhost", req | (alloc ? ISC_REQ_ALLOCATE_MEMORY : 0),
                                           0, 0, &id, 0, NULL, &od, &attrs, &ts);
            CHECK_STATUS(s, SEC_E_INVALID_TOKEN);
            CHECK_EQ(ob[0].cbBuffer, 0);
            if (alloc && ob[0].pvBuffer)
                CHECK_STATUS(FreeContextBuffer(ob[0].pvBuffer), SEC_E_OK);
            CHECK_STATUS(DeleteSecurityContext(&ctx), SEC_E_OK);
        }
    }

    test_case("credential direction");
    /* An OUTBOUND credential cannot accept, an INBOUND one cannot initiate. */
    od.cBuffers = 1;
    ob[0] = (SecBuffer){sizeof buf, SECBUFFER_TOKEN, buf};
    s = InitializeSecurityContextA(&cc, NULL, "localhost", req, 0, 0, NULL, 0, &ctx, &od, &attrs, &ts);
    if (CHECK_STATUS(s, SEC_I_CONTINUE_NEEDED)) {
        ByteQueue hello = {0};
        bq_push(&hello, buf, ob[0].cbBuffer);
        ib[0] = (SecBuffer){(ULONG)hello.len, SECBUFFER_TOKEN, hello.data};
        ib[1] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
        id.cBuffers = 2;
        ctx2.dwLower = ctx2.dwUpper = DEADBEEF;
        CHECK_STATUS(AcceptSecurityContext(&cc, NULL, &id, ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM, 0,
                                           &ctx2, &od, &attrs, &ts),
                     SEC_E_INVALID_HANDLE);
        CHECK(ctx2.dwLower == DEADBEEF && ctx2.dwUpper == DEADBEEF);
        CHECK_STATUS(DeleteSecurityContext(&ctx), SEC_E_OK);
        bq_free(&hello);
    }
    ob[0] = (SecBuffer){sizeof buf, SECBUFFER_TOKEN, buf};
    CHECK_STATUS(InitializeSecurityContextA(&sc, NULL, "localhost", req, 0, 0, NULL, 0, &ctx, &od, &attrs,
                                            &ts),
                 SEC_E_INVALID_HANDLE);
    CHECK_STATUS(InitializeSecurityContextW(&sc, NULL, (SEC_WCHAR *)u"localhost", req, 0, 0, NULL, 0,
                                            &ctx, &od, &attrs, &ts),
                 SEC_E_INVALID_HANDLE);
    free_cred(&cc);
    free_cred(&sc);
}

/* ---------------------------------------------------------------- tampering */

/* CONTRACT §6, §9 */
static void tampered(DWORD cp, DWORD sp, const char *name)
{
    Conn c;
    test_case("%s: tampered record", name);
    if (!conn_connect(&c, "ecdsa", cp, sp))
        goto out;
    ByteQueue rec = {0};
    CHECK_STATUS(peer_encrypt(&c.p.client, "integrity matters", 17, &rec), SEC_E_OK);
    rec.data[rec.len / 2] ^= 0x40;
    bq_push(&c.p.c2s, rec.data, rec.len);
    CHECK_STATUS(peer_recv(&c.p.server, NULL), SEC_E_DECRYPT_FAILURE);
    /* The context is dead: a good record fails too, and so does sending. */
    c.p.server.io_len = 0;
    CHECK_STATUS(peer_send(&c.p.client, "good record", 11), SEC_E_OK);
    SECURITY_STATUS s = peer_recv(&c.p.server, NULL);
    CHECK(s < 0);
    ByteQueue out = {0};
    s = peer_encrypt(&c.p.server, "x", 1, &out);
    CHECK(s < 0);
    CHECK_EQ(out.len, 0);
    bq_free(&out);
    bq_free(&rec);
out:
    conn_close(&c);
}

/* ---------------------------------------------------------------- handles */

static void check_dead_context(CtxtHandle *h, const char *what)
{
    test_case("context handle: %s", what);
    SecPkgContext_StreamSizes z;
    PCCERT_CONTEXT cert = NULL;
    unsigned char m[64] = {0};
    DWORD tok = SCHANNEL_SHUTDOWN;
    SecBuffer b[4] = {{5, SECBUFFER_STREAM_HEADER, m}, {4, SECBUFFER_DATA, m + 5},
                      {17, SECBUFFER_STREAM_TRAILER, m + 9}, {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
    CHECK_STATUS(QueryContextAttributesA(h, SECPKG_ATTR_STREAM_SIZES, &z), SEC_E_INVALID_HANDLE);
    CHECK_STATUS(QueryContextAttributesW(h, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &cert), SEC_E_INVALID_HANDLE);
    CHECK(cert == NULL);
    CHECK_STATUS(EncryptMessage(h, 0, &d, 0), SEC_E_INVALID_HANDLE);
    b[0] = (SecBuffer){sizeof m, SECBUFFER_DATA, m};
    b[1] = b[2] = b[3] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
    CHECK_STATUS(DecryptMessage(h, &d, 0, NULL), SEC_E_INVALID_HANDLE);
    b[0] = (SecBuffer){sizeof tok, SECBUFFER_TOKEN, &tok};
    d.cBuffers = 1;
    CHECK_STATUS(ApplyControlToken(h, &d), SEC_E_INVALID_HANDLE);
    CHECK_STATUS(DeleteSecurityContext(h), SEC_E_INVALID_HANDLE);
}

static void check_dead_credential(CredHandle *h, const char *what)
{
    test_case("credential handle: %s", what);
    SecPkgCred_SupportedProtocols sp;
    static unsigned char buf[4096];
    SecBuffer ob[1] = {{sizeof buf, SECBUFFER_TOKEN, buf}};
    SecBufferDesc od = {SECBUFFER_VERSION, 1, ob};
    CtxtHandle ctx = {DEADBEEF, DEADBEEF};
    ULONG attrs;
    CHECK_STATUS(QueryCredentialsAttributesA(h, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &sp), SEC_E_INVALID_HANDLE);
    CHECK_STATUS(InitializeSecurityContextA(h, NULL, "localhost", ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM, 0,
                                            0, NULL, 0, &ctx, &od, &attrs, NULL),
                 SEC_E_INVALID_HANDLE);
    CHECK(ctx.dwLower == DEADBEEF && ctx.dwUpper == DEADBEEF);
    CHECK_STATUS(FreeCredentialsHandle(h), SEC_E_INVALID_HANDLE);
}

/* CONTRACT §2 */
static void handles(void)
{
    Conn c;
    test_case("handles");
    if (!conn_connect(&c, "ecdsa", TLS13))
        return;
    /* Delete the client context; its handle is stale from then on. */
    CtxtHandle stale = c.p.client.ctx;
    CHECK_STATUS(DeleteSecurityContext(&c.p.client.ctx), SEC_E_OK);
    c.p.client.have_ctx = 0;
    check_dead_context(&stale, "deleted");
    /* A new connection (which may reuse the slot) does not bring the old handle back. */
    Conn c2;
    if (conn_connect(&c2, "rsa", TLS12)) {
        check_dead_context(&stale, "deleted, slot reused");
        SecPkgContext_StreamSizes z;
        CHECK_STATUS(QueryContextAttributesA(&c2.p.client.ctx, SECPKG_ATTR_STREAM_SIZES, &z), SEC_E_OK);
    }
    conn_close(&c2);

    CtxtHandle zero = {0, 0}, ones = {(ULONG_PTR)-1, (ULONG_PTR)-1};
    check_dead_context(&zero, "zeroed");
    {
        /* A zeroed phContext is no first call (that is phContext NULL): ISC and ASC refuse it
         * and create nothing. */
        test_case("zeroed phContext with a good credential");
        static unsigned char zbuf[4096];
        SecBuffer zb[1] = {{sizeof zbuf, SECBUFFER_TOKEN, zbuf}};
        SecBufferDesc zd = {SECBUFFER_VERSION, 1, zb};
        CtxtHandle out = {DEADBEEF, DEADBEEF};
        ULONG zattrs;
        CHECK_STATUS(InitializeSecurityContextA(&c.cc, &zero, "localhost", ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM,
                                                0, 0, NULL, 0, &out, &zd, &zattrs, NULL),
                     SEC_E_INVALID_HANDLE);
        CHECK(out.dwLower == DEADBEEF && out.dwUpper == DEADBEEF);
        unsigned char hello[] = {0x16, 0x03, 0x01, 0x00, 0x00};
        SecBuffer zin[2] = {{sizeof hello, SECBUFFER_TOKEN, hello}, {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc zind = {SECBUFFER_VERSION, 2, zin};
        CHECK_STATUS(AcceptSecurityContext(&c.sc, &zero, &zind, ASC_REQ_STREAM, 0, &out, &zd, &zattrs, NULL),
                     SEC_E_INVALID_HANDLE);
        CHECK(out.dwLower == DEADBEEF && out.dwUpper == DEADBEEF);
    }
    check_dead_context(&ones, "{-1,-1}");
    SecInvalidateHandle(&ones);
    check_dead_context(&ones, "SecInvalidateHandle");
    /* A credential handle is not a context handle, nor the reverse. */
    CtxtHandle as_ctx = c.sc;
    check_dead_context(&as_ctx, "a credential handle");
    CredHandle as_cred = c.p.server.ctx;
    check_dead_credential(&as_cred, "a context handle");
    test_case("NULL handles");
    CHECK_STATUS(DeleteSecurityContext(NULL), SEC_E_INVALID_HANDLE);
    CHECK_STATUS(FreeCredentialsHandle(NULL), SEC_E_INVALID_HANDLE);
    SecPkgContext_StreamSizes z;
    CHECK_STATUS(QueryContextAttributesA(NULL, SECPKG_ATTR_STREAM_SIZES, &z), SEC_E_INVALID_HANDLE);

    /* The server still works after all that. */
    test_case("handles: survivor");
    SecPkgContext_ConnectionInfo ci;
    CHECK_STATUS(QueryContextAttributesA(&c.p.server.ctx, SECPKG_ATTR_CONNECTION_INFO, &ci), SEC_E_OK);

    /* Stale credentials. */
    CredHandle cred;
    client_cred(API_A, 0, 0, &cred);
    CredHandle stale_cred = cred;
    free_cred(&cred);
    check_dead_credential(&stale_cred, "freed");
    CredHandle czero = {0, 0}, cones = {(ULONG_PTR)-1, (ULONG_PTR)-1};
    check_dead_credential(&czero, "zeroed");
    check_dead_credential(&cones, "{-1,-1}");
    conn_close(&c);
}

/* ---------------------------------------------------------------- AcquireCredentialsHandle */

static SECURITY_STATUS ach_version(ULONG use, DWORD version, DWORD ccreds, PCCERT_CONTEXT *certs,
                                   CredHandle *h)
{
    SCHANNEL_CRED sc;
    memset(&sc, 0, sizeof sc);
    sc.dwVersion = version;
    sc.cCreds = ccreds;
    sc.paCred = certs;
    return AcquireCredentialsHandleA(NULL, UNISP_NAME_A, use, NULL, &sc, NULL, NULL, h, NULL);
}

static DWORD supported_protocols(CredHandle *h)
{
    SecPkgCred_SupportedProtocols sp = {0xdeadbeef};
    CHECK_STATUS(QueryCredentialsAttributesA(h, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &sp), SEC_E_OK);
    return sp.grbitProtocol;
}

/* CONTRACT §3 */
static void acquire_credentials(void)
{
    CredHandle h;
    SECURITY_STATUS s;
    PCCERT_CONTEXT cert = load_cert("ecdsa", CERT_PFX);
    if (!cert)
        return;

    test_case("ACH: package names");
    CHECK_STATUS(AcquireCredentialsHandleA(NULL, "Winetest", SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &h,
                                           NULL),
                 SEC_E_SECPKG_NOT_FOUND);
    CHECK_STATUS(AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)u"Winetest", SECPKG_CRED_OUTBOUND, NULL, NULL,
                                           NULL, NULL, &h, NULL),
                 SEC_E_SECPKG_NOT_FOUND);
    CHECK_STATUS(AcquireCredentialsHandleA(NULL, NULL, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL, NULL, &h, NULL),
                 SEC_E_SECPKG_NOT_FOUND);
    if (CHECK_STATUS(AcquireCredentialsHandleA(NULL, SCHANNEL_NAME_A, SECPKG_CRED_OUTBOUND, NULL, NULL, NULL,
                                               NULL, &h, NULL),
                     SEC_E_OK))
        free_cred(&h);
    if (CHECK_STATUS(AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)SCHANNEL_NAME_W, SECPKG_CRED_OUTBOUND, NULL,
                                               NULL, NULL, NULL, &h, NULL),
                     SEC_E_OK))
        free_cred(&h);

    test_case("ACH: no pAuthData");
    if (CHECK_STATUS(api_acquire(API_A, SECPKG_CRED_OUTBOUND, NULL, &h), SEC_E_OK))
        free_cred(&h);
    CHECK_STATUS(api_acquire(API_A, SECPKG_CRED_INBOUND, NULL, &h), SEC_E_NO_CREDENTIALS);
    CHECK_STATUS(api_acquire(API_W, SECPKG_CRED_INBOUND, NULL, &h), SEC_E_NO_CREDENTIALS);
    CHECK_STATUS(api_acquire(API_A, SECPKG_CRED_BOTH, NULL, &h), SEC_E_NO_CREDENTIALS);
    CHECK_STATUS(api_acquire(API_A, 0, NULL, &h), SEC_E_NO_CREDENTIALS);

    test_case("ACH: dwVersion");
    PCCERT_CONTEXT one[1] = {cert};
    DWORD bad_versions[] = {0, SCH_CRED_V1, SCH_CRED_V2, 6, 0xdeadbeef};
    for (size_t i = 0; i < sizeof bad_versions / sizeof bad_versions[0]; i++) {
        for (ULONG use = SECPKG_CRED_INBOUND; use <= SECPKG_CRED_OUTBOUND; use++) {
            h.dwLower = h.dwUpper = DEADBEEF;
            CHECK_STATUS(ach_version(use, bad_versions[i], 1, one, &h), SEC_E_UNKNOWN_CREDENTIALS);
            CHECK(h.dwLower == DEADBEEF && h.dwUpper == DEADBEEF);
        }
    }
    if (CHECK_STATUS(ach_version(SECPKG_CRED_OUTBOUND, SCHANNEL_CRED_VERSION, 0, NULL, &h), SEC_E_OK))
        free_cred(&h);
    if (CHECK_STATUS(ach_version(SECPKG_CRED_INBOUND, SCHANNEL_CRED_VERSION, 1, one, &h), SEC_E_OK))
        free_cred(&h);
    if (CHECK_STATUS(acquire_sch_credentials(API_A, SECPKG_CRED_OUTBOUND, 0, 0, NULL, &h), SEC_E_OK))
        free_cred(&h);

    test_case("ACH: certificates");
    PCCERT_CONTEXT two[2] = {cert, cert};
    CHECK_STATUS(ach_version(SECPKG_CRED_INBOUND, SCHANNEL_CRED_VERSION, 2, two, &h), SEC_E_UNKNOWN_CREDENTIALS);
    CHECK_STATUS(ach_version(SECPKG_CRED_OUTBOUND, SCHANNEL_CRED_VERSION, 2, two, &h), SEC_E_UNKNOWN_CREDENTIALS);
    /* The same certificate without its private key. */
    PCCERT_CONTEXT nokey = CertCreateCertificateContext(X509_ASN_ENCODING | PKCS_7_ASN_ENCODING,
                                                        cert->pbCertEncoded, cert->cbCertEncoded);
    if (CHECK(nokey != NULL)) {
        PCCERT_CONTEXT nk[1] = {nokey};
        CHECK_STATUS(ach_version(SECPKG_CRED_INBOUND, SCHANNEL_CRED_VERSION, 1, nk, &h), SEC_E_NO_CREDENTIALS);
        CHECK_STATUS(ach_version(SECPKG_CRED_OUTBOUND, SCHANNEL_CRED_VERSION, 1, nk, &h), SEC_E_NO_CREDENTIALS);
        CHECK(CertFreeCertificateContext(nokey));
    }

    test_case("ACH: protocols");
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_X_SERVER, 0, NULL, &h),
                 SEC_E_ALGORITHM_MISMATCH);
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_INBOUND, SP_PROT_TLS1_X_CLIENT, 0, cert, &h),
                 SEC_E_ALGORITHM_MISMATCH);
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_0_CLIENT, 0, NULL, &h),
                 SEC_E_ALGORITHM_MISMATCH);
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_0_CLIENT | SP_PROT_TLS1_1_CLIENT, 0,
                                  NULL, &h),
                 SEC_E_ALGORITHM_MISMATCH);
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_INBOUND, SP_PROT_TLS1_0_SERVER, 0, cert, &h),
                 SEC_E_ALGORITHM_MISMATCH);
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_OUTBOUND, SP_PROT_DTLS1_2_CLIENT, 0, NULL, &h),
                 SEC_E_ALGORITHM_MISMATCH);
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_OUTBOUND, SP_PROT_DTLS_CLIENT | SP_PROT_DTLS1_2_CLIENT,
                                  SCH_CRED_NO_DEFAULT_CREDS, NULL, &h),
                 SEC_E_ALGORITHM_MISMATCH);
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_OUTBOUND, SP_PROT_DTLS1_X_CLIENT | SP_PROT_TLS1_2_CLIENT, 0,
                                  NULL, &h),
                 SEC_E_ALGORITHM_MISMATCH);
    CHECK_STATUS(acquire_sch_credentials(API_A, SECPKG_CRED_OUTBOUND, 0xffffffff, 0, NULL, &h),
                 SEC_E_ALGORITHM_MISMATCH);
    /* SCHANNEL_CRED never gives TLS 1.3 (as Windows 11: 0x80090331), so asking for it alone
     * leaves nothing. */
    test_case("ACH: SCHANNEL_CRED asking for TLS 1.3 alone");
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_3_CLIENT, 0, NULL, &h),
                 SEC_E_ALGORITHM_MISMATCH);
    CHECK_STATUS(acquire_schannel(API_W, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_3, 0, NULL, &h),
                 SEC_E_ALGORITHM_MISMATCH);
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_INBOUND, SP_PROT_TLS1_3_SERVER, 0, cert, &h),
                 SEC_E_ALGORITHM_MISMATCH);
    CHECK_STATUS(acquire_schannel(API_W, SECPKG_CRED_INBOUND, SP_PROT_TLS1_3, 0, cert, &h),
                 SEC_E_ALGORITHM_MISMATCH);
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_3_CLIENT | SP_PROT_TLS1_0_CLIENT, 0,
                                  NULL, &h),
                 SEC_E_ALGORITHM_MISMATCH);
    CHECK_STATUS(acquire_sch_credentials(API_A, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_2 | SP_PROT_TLS1_3, 0, NULL,
                                         &h),
                 SEC_E_ALGORITHM_MISMATCH);

    test_case("QueryCredentialsAttributes(SUPPORTED_PROTOCOLS)");
    struct {
        int sch; /* SCH_CREDENTIALS (bits = disabled) or SCHANNEL_CRED (bits = enabled) */
        ULONG use;
        DWORD bits, want;
    } cases[] = {
        /* SCHANNEL_CRED: TLS 1.2 whatever it asks (its TLS 1.3 bits are dropped) */
        {0, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_2_CLIENT, SP_PROT_TLS1_2_CLIENT},
        {0, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_2_CLIENT},
        {0, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_X_CLIENT, SP_PROT_TLS1_2_CLIENT},
        {0, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_2, SP_PROT_TLS1_2_CLIENT},
        {0, SECPKG_CRED_OUTBOUND, 0, SP_PROT_TLS1_2_CLIENT}, /* default policy: TLS 1.2 only */
        {0, SECPKG_CRED_INBOUND, SP_PROT_TLS1_2_SERVER | SP_PROT_TLS1_3_SERVER, SP_PROT_TLS1_2_SERVER},
        {0, SECPKG_CRED_INBOUND, SP_PROT_TLS1_X, SP_PROT_TLS1_2_SERVER},
        {0, SECPKG_CRED_INBOUND, 0, SP_PROT_TLS1_2_SERVER},
        /* SCH_CREDENTIALS: TLS 1.3 + 1.2 unless disabled */
        {1, SECPKG_CRED_INBOUND, 0, SP_PROT_TLS1_2_SERVER | SP_PROT_TLS1_3_SERVER},
        {1, SECPKG_CRED_OUTBOUND, 0, SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT},
        {1, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_3, SP_PROT_TLS1_2_CLIENT},
        {1, SECPKG_CRED_OUTBOUND, ~(DWORD)SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_CLIENT},
        {1, SECPKG_CRED_INBOUND, SP_PROT_TLS1_2_SERVER, SP_PROT_TLS1_3_SERVER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        PCCERT_CONTEXT cc = cases[i].use == SECPKG_CRED_INBOUND ? cert : NULL;
        s = cases[i].sch ? acquire_sch_credentials(API_A, cases[i].use, cases[i].bits, 0, cc, &h)
                         : acquire_schannel(API_A, cases[i].use, cases[i].bits, 0, cc, &h);
        test_case("SUPPORTED_PROTOCOLS case %zu", i);
        if (CHECK_STATUS(s, SEC_E_OK)) {
            CHECK_EQ(supported_protocols(&h), cases[i].want);
            free_cred(&h);
        }
    }
    test_case("QueryCredentialsAttributes: other attributes");
    if (CHECK_STATUS(acquire_schannel(API_W, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_2_CLIENT, 0, NULL, &h), SEC_E_OK)) {
        SecPkgCred_SupportedProtocols sp = {0};
        CHECK_STATUS(QueryCredentialsAttributesW(&h, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &sp), SEC_E_OK);
        CHECK_EQ(sp.grbitProtocol, SP_PROT_TLS1_2_CLIENT);
        CHECK_STATUS(table_a()->QueryCredentialsAttributesA(&h, SECPKG_ATTR_SUPPORTED_PROTOCOLS, &sp), SEC_E_OK);
        CHECK_EQ(sp.grbitProtocol, SP_PROT_TLS1_2_CLIENT);
        CHECK_STATUS(QueryCredentialsAttributesA(&h, SECPKG_ATTR_SUPPORTED_PROTOCOLS, NULL), SEC_E_INTERNAL_ERROR);
        SecPkgCred_CipherStrengths cs = {0, 0};
        CHECK_STATUS(QueryCredentialsAttributesA(&h, SECPKG_ATTR_CIPHER_STRENGTHS, &cs), SEC_E_OK);
        CHECK(cs.dwMinimumCipherStrength != 0 && cs.dwMaximumCipherStrength >= cs.dwMinimumCipherStrength);
        SecPkgCredentials_NamesA names = {0};
        CHECK_STATUS(QueryCredentialsAttributesA(&h, SECPKG_CRED_ATTR_NAMES, &names), SEC_E_NO_CREDENTIALS);
        CHECK_STATUS(QueryCredentialsAttributesA(&h, 0x7777, &sp), SEC_E_UNSUPPORTED_FUNCTION);
        CHECK_STATUS(api_free_cred(API_TABLE_W, &h), SEC_E_OK);
    }
    CHECK(CertFreeCertificateContext(cert));
}

/* ---------------------------------------------------------------- context attributes */

/* CONTRACT §10 */
static void context_attributes(void)
{
    Conn c;
    test_case("QueryContextAttributes: unsupported");
    if (!conn_connect(&c, "ecdsa", TLS12))
        goto out;
    unsigned char big[1024];
    SecPkgContext_Bindings b;
    CHECK_STATUS(QueryContextAttributesA(&c.p.client.ctx, 0x7777, big), SEC_E_UNSUPPORTED_FUNCTION);
    CHECK_STATUS(QueryContextAttributesW(&c.p.server.ctx, 0x7777, big), SEC_E_UNSUPPORTED_FUNCTION);
    CHECK_STATUS(QueryContextAttributesA(&c.p.client.ctx, SECPKG_ATTR_UNIQUE_BINDINGS, &b),
                 SEC_E_UNSUPPORTED_FUNCTION);
    CHECK_STATUS(QueryContextAttributesW(&c.p.server.ctx, SECPKG_ATTR_UNIQUE_BINDINGS, &b),
                 SEC_E_UNSUPPORTED_FUNCTION);
    CHECK_STATUS(QueryContextAttributesA(&c.p.client.ctx, SECPKG_ATTR_NEGOTIATION_INFO, big),
                 SEC_E_UNSUPPORTED_FUNCTION);
out:
    conn_close(&c);
}

/* ---------------------------------------------------------------- package functions */

/* CONTRACT §1, §2 */
static void package_functions(void)
{
    test_case("FreeContextBuffer(NULL)");
    CHECK_STATUS(FreeContextBuffer(NULL), SEC_E_OK);
    CHECK_STATUS(table_a()->FreeContextBuffer(NULL), SEC_E_OK);

    test_case("EnumerateSecurityPackages");
    ULONG n = 0;
    PSecPkgInfoA pa = NULL;
    if (CHECK_STATUS(EnumerateSecurityPackagesA(&n, &pa), SEC_E_OK)) {
        CHECK(n > 0 && pa != NULL);
        int found = 0;
        for (ULONG i = 0; pa && i < n; i++)
            if (pa[i].Name && strcmp(pa[i].Name, UNISP_NAME_A) == 0)
                found = 1;
        CHECK(found);
        CHECK_STATUS(FreeContextBuffer(pa), SEC_E_OK);
    }
    PSecPkgInfoW pw = NULL;
    if (CHECK_STATUS(EnumerateSecurityPackagesW(&n, &pw), SEC_E_OK)) {
        int found = 0;
        static const SEC_WCHAR unisp[] = UNISP_NAME_W;
        /* Compared up to the NUL: a shorter name must not be read past its end. */
        for (ULONG i = 0; pw && i < n; i++) {
            size_t k = 0;
            while (pw[i].Name && k < sizeof unisp / sizeof unisp[0] && pw[i].Name[k] == unisp[k] &&
                   unisp[k] != 0)
                k++;
            if (pw[i].Name && k < sizeof unisp / sizeof unisp[0] && unisp[k] == 0 &&
                pw[i].Name[k] == 0)
                found = 1;
        }
        CHECK(found);
        CHECK_STATUS(FreeContextBuffer(pw), SEC_E_OK);
    }

    test_case("QuerySecurityPackageInfo");
    pa = (PSecPkgInfoA)DEADBEEF;
    CHECK_STATUS(QuerySecurityPackageInfoA("Winetest", &pa), SEC_E_SECPKG_NOT_FOUND);
    CHECK(pa == (PSecPkgInfoA)DEADBEEF);
    const char *names[] = {SCHANNEL_NAME_A, UNISP_NAME_A};
    for (int i = 0; i < 2; i++) {
        pa = NULL;
        if (CHECK_STATUS(QuerySecurityPackageInfoA((SEC_CHAR *)names[i], &pa), SEC_E_OK) && CHECK(pa != NULL)) {
            CHECK_EQ(pa->cbMaxToken, 16384);
            CHECK_EQ(pa->wVersion, 1);
            CHECK(pa->Name != NULL);
            CHECK_STATUS(FreeContextBuffer(pa), SEC_E_OK);
        }
    }
    pw = NULL;
    if (CHECK_STATUS(QuerySecurityPackageInfoW((SEC_WCHAR *)u"Schannel", &pw), SEC_E_OK) && CHECK(pw != NULL)) {
        CHECK_EQ(pw->cbMaxToken, 16384);
        CHECK_STATUS(FreeContextBuffer(pw), SEC_E_OK);
    }
    pw = (PSecPkgInfoW)DEADBEEF;
    CHECK_STATUS(QuerySecurityPackageInfoW((SEC_WCHAR *)u"Winetest", &pw), SEC_E_SECPKG_NOT_FOUND);
    CHECK(pw == (PSecPkgInfoW)DEADBEEF);

    test_case("InitSecurityInterface");
    PSecurityFunctionTableA ta = InitSecurityInterfaceA();
    PSecurityFunctionTableW tw = InitSecurityInterfaceW();
    if (CHECK(ta != NULL)) {
        ENCRYPT_MESSAGE_FN r3;
        DECRYPT_MESSAGE_FN r4;
        memcpy(&r3, &ta->Reserved3, sizeof r3); /* void * slots holding function pointers */
        memcpy(&r4, &ta->Reserved4, sizeof r4);
        CHECK_EQ(ta->dwVersion, 1);
        CHECK(ta->Reserved2 == NULL);
        CHECK(r3 == EncryptMessage);
        CHECK(r4 == DecryptMessage);
        CHECK(ta->EncryptMessage == EncryptMessage && ta->DecryptMessage == DecryptMessage);
        CHECK(ta->InitializeSecurityContextA == InitializeSecurityContextA);
        CHECK(ta->AcceptSecurityContext == AcceptSecurityContext);
        CHECK(ta->QueryContextAttributesA == QueryContextAttributesA);
        CHECK(ta->FreeContextBuffer == FreeContextBuffer);
    }
    if (CHECK(tw != NULL)) {
        ENCRYPT_MESSAGE_FN r3;
        DECRYPT_MESSAGE_FN r4;
        memcpy(&r3, &tw->Reserved3, sizeof r3);
        memcpy(&r4, &tw->Reserved4, sizeof r4);
        CHECK_EQ(tw->dwVersion, 1);
        CHECK(tw->Reserved2 == NULL);
        CHECK(r3 == EncryptMessage);
        CHECK(r4 == DecryptMessage);
        CHECK(tw->InitializeSecurityContextW == InitializeSecurityContextW);
        CHECK(tw->QueryContextAttributesW == QueryContextAttributesW);
        CHECK(tw->AcquireCredentialsHandleW == AcquireCredentialsHandleW);
    }
    CHECK(InitSecurityInterfaceA() == ta); /* a static table */
}

int main(void)
{
    test_init();
    decrypt_validation(TLS12, "TLS 1.2");
    decrypt_validation(TLS13, "TLS 1.3");
    encrypt_validation(TLS12, "TLS 1.2");
    encrypt_validation(TLS13, "TLS 1.3");
    handshake_buffer_errors();
    tampered(TLS12, "TLS 1.2");
    tampered(TLS13, "TLS 1.3");
    handles();
    acquire_credentials();
    context_attributes();
    package_functions();
    test_case("%s", "");
    return test_finish("test_errors");
}
