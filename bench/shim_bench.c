/*
 * Contender "schannel-shim": the Schannel SSPI C API of libschannel_shim, written the way
 * Windows code is written, both sides of an in-memory pair in one thread.
 *
 *   shim_bench WORKLOAD        (see bench_common.h; BENCH_CERTS, BENCH_SCALE)
 *
 * - Identities: SchShimCertFromPem(chain_pem, key_pem) (ecdsa-chain.pem + ecdsa.key, or rsa).
 * - Credentials: SCH_CREDENTIALS with one TLS_PARAMETERS disabling the other protocol version.
 *   Client: SCH_CRED_AUTO_CRED_VALIDATION with SSL_CERT_FILE=ca.pem (set here; SSL_CERT_DIR
 *   is unset so that the trust store is that CA alone, as for the other contenders), target
 *   "localhost": full chain and name validation, as the rustls and OpenSSL contenders do.
 *   Full-handshake workloads use SCH_CRED_DISABLE_RECONNECTS on both sides (no session cache,
 *   no tickets: every handshake is a full one), as the other contenders disable resumption.
 * - Handshake: the classic ISC/ASC loop, input [TOKEN, EMPTY], SECBUFFER_EXTRA carried over,
 *   caller-allocated output TOKEN buffer (no ISC_REQ_ALLOCATE_MEMORY).
 * - TLS 1.3 tickets reach the client's DecryptMessage as SEC_I_RENEGOTIATE; the follow-up ISC
 *   with the EXTRA bytes as TOKEN is made, as Windows code does.
 * - Records: EncryptMessage with STREAM_HEADER|DATA|STREAM_TRAILER in one contiguous buffer,
 *   DecryptMessage with the 4-buffer layout, in place. The in-memory "wire" is that buffer: the
 *   server decrypts where the client encrypted (no copy), which gives the plaintext back in
 *   place for the next round.
 * - bulk_chacha: the credential has no cipher selection; the server credential asks the
 *   Windows way (TLS_PARAMETERS.pDisabledCrypto = {TlsParametersCngAlgUsageCipher, "AES"}).
 *   If CIPHER_INFO then does not report TLS_CHACHA20_POLY1305_SHA256 the result is "nan"
 *   (n/a) and the reason goes to stderr.
 */
#define _GNU_SOURCE
#include <math.h>

#include "schannel_shim.h"

#include "bench_common.h"

#define TOKEN_CAP (64 * 1024)
#define RECORD_CAP (BULK_LEN + 1024)

#define ISC_FLAGS \
    (ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY | ISC_REQ_STREAM)
#define ASC_FLAGS \
    (ASC_REQ_SEQUENCE_DETECT | ASC_REQ_REPLAY_DETECT | ASC_REQ_CONFIDENTIALITY | ASC_REQ_STREAM)

static const char *CONTENDER = "schannel-shim";

typedef struct {
    CtxtHandle ctx;
    int have, done;
    unsigned char *io; /* received and not yet processed (webcli's IoBuffer) */
    size_t len, cap;
} Side;

typedef struct {
    Side c, s;
    unsigned char *token; /* caller-allocated output token */
    unsigned char *record;
    SecPkgContext_StreamSizes sizes;
} Pair;

static const Workload *g_w;
static CredHandle g_cc, g_sc;

/* ------------------------------------------------------------------ credentials */

static void acquire(const Workload *w)
{
    const char *key = w->key == KEY_RSA ? "rsa" : "ecdsa";
    char chain_name[64], key_name[64];
    snprintf(chain_name, sizeof chain_name, "%s-chain.pem", key);
    snprintf(key_name, sizeof key_name, "%s.key", key);
    char *chain = read_file(bench_path(chain_name));
    char *pkey = read_file(bench_path(key_name));
    PCCERT_CONTEXT cert = SchShimCertFromPem(chain, pkey);
    if (!cert)
        DIE("SchShimCertFromPem failed: %u", (unsigned)GetLastError());
    free(chain);
    free(pkey);

    TimeStamp ts;
    SECURITY_STATUS s;

    /* Server. */
    static UNICODE_STRING aes = {6, 8, (PWSTR)u"AES"};
    CRYPTO_SETTINGS no_aes;
    memset(&no_aes, 0, sizeof no_aes);
    no_aes.eAlgorithmUsage = TlsParametersCngAlgUsageCipher;
    no_aes.strCngAlgId = aes;
    TLS_PARAMETERS stp;
    memset(&stp, 0, sizeof stp);
    stp.grbitDisabledProtocols = w->tls13 ? SP_PROT_TLS1_2 : SP_PROT_TLS1_3;
    if (w->suite == SUITE_CHACHA) {
        stp.cDisabledCrypto = 1;
        stp.pDisabledCrypto = &no_aes;
    }
    SCH_CREDENTIALS sc;
    memset(&sc, 0, sizeof sc);
    sc.dwVersion = SCH_CREDENTIALS_VERSION;
    sc.cCreds = 1;
    sc.paCred = &cert;
    sc.dwFlags = w->resumption ? 0 : SCH_CRED_DISABLE_RECONNECTS;
    sc.cTlsParameters = 1;
    sc.pTlsParameters = &stp;
    s = AcquireCredentialsHandleA(NULL, UNISP_NAME_A, SECPKG_CRED_INBOUND, NULL, &sc, NULL, NULL,
                                  &g_sc, &ts);
    if (s != SEC_E_OK)
        DIE("AcquireCredentialsHandle(server): 0x%08x", (unsigned)s);
    CertFreeCertificateContext(cert);

    /* Client. */
    TLS_PARAMETERS ctp;
    memset(&ctp, 0, sizeof ctp);
    ctp.grbitDisabledProtocols = w->tls13 ? SP_PROT_TLS1_2 : SP_PROT_TLS1_3;
    SCH_CREDENTIALS cc;
    memset(&cc, 0, sizeof cc);
    cc.dwVersion = SCH_CREDENTIALS_VERSION;
    cc.dwFlags = SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_AUTO_CRED_VALIDATION |
                 (w->resumption ? 0 : SCH_CRED_DISABLE_RECONNECTS);
    cc.cTlsParameters = 1;
    cc.pTlsParameters = &ctp;
    s = AcquireCredentialsHandleA(NULL, UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &cc, NULL, NULL,
                                  &g_cc, &ts);
    if (s != SEC_E_OK)
        DIE("AcquireCredentialsHandle(client): 0x%08x", (unsigned)s);
}

/* ------------------------------------------------------------------ pair */

static Pair *pair_new(void)
{
    Pair *p = calloc(1, sizeof *p);
    p->token = malloc(TOKEN_CAP);
    p->record = malloc(RECORD_CAP);
    memset(p->record, 'a', RECORD_CAP);
    return p;
}

/* "send": append to the peer's receive buffer. */
static void push(Side *to, const void *data, size_t n)
{
    if (to->len + n > to->cap) {
        size_t cap = to->cap ? to->cap : 32768;
        while (cap < to->len + n)
            cap *= 2;
        to->io = realloc(to->io, cap);
        to->cap = cap;
    }
    memcpy(to->io + to->len, data, n);
    to->len += n;
}

/* Keeps the SECBUFFER_EXTRA tail of io (the unprocessed bytes), or empties it. */
static void keep_extra(Side *me, SecBufferDesc *in)
{
    for (ULONG i = 1; i < in->cBuffers; i++) {
        SecBuffer *b = &in->pBuffers[i];
        if (b->BufferType == SECBUFFER_EXTRA && b->cbBuffer) {
            memmove(me->io, me->io + (me->len - b->cbBuffer), b->cbBuffer);
            me->len = b->cbBuffer;
            return;
        }
    }
    me->len = 0;
}

/* One ISC (client) or ASC (server) call over what the side has received. */
static SECURITY_STATUS step(Pair *p, int server)
{
    Side *me = server ? &p->s : &p->c;
    Side *peer = server ? &p->c : &p->s;
    SecBuffer outb[1] = {{TOKEN_CAP, SECBUFFER_TOKEN, p->token}};
    SecBufferDesc out = {SECBUFFER_VERSION, 1, outb};
    SecBuffer inb[2] = {{(ULONG)me->len, SECBUFFER_TOKEN, me->io}, {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc in = {SECBUFFER_VERSION, 2, inb};
    CtxtHandle *ctx = me->have ? &me->ctx : NULL;
    ULONG attrs = 0;
    TimeStamp ts;
    SECURITY_STATUS s;
    int first_client = !server && !me->have;
    if (server)
        s = AcceptSecurityContext(&g_sc, ctx, &in, ASC_FLAGS, 0, &me->ctx, &out, &attrs, &ts);
    else
        s = InitializeSecurityContextA(&g_cc, ctx, "localhost", ISC_FLAGS, 0, 0,
                                       first_client ? NULL : &in, 0, &me->ctx, &out, &attrs, &ts);
    if (s == SEC_E_INCOMPLETE_MESSAGE)
        return s; /* wait for more bytes */
    if (s != SEC_E_OK && s != SEC_I_CONTINUE_NEEDED)
        DIE("%s: 0x%08x", server ? "AcceptSecurityContext" : "InitializeSecurityContext",
            (unsigned)s);
    me->have = 1;
    if (outb[0].cbBuffer)
        push(peer, outb[0].pvBuffer, outb[0].cbBuffer);
    if (!first_client)
        keep_extra(me, &in);
    if (s == SEC_E_OK)
        me->done = 1;
    return s;
}

/* The client's DecryptMessage loop over what arrived after its handshake (TLS 1.3
 * NewSessionTickets): SEC_I_RENEGOTIATE, then the follow-up ISC with the EXTRA bytes. */
static void client_drain(Pair *p)
{
    Side *c = &p->c;
    while (c->len) {
        SecBuffer b[4] = {{(ULONG)c->len, SECBUFFER_DATA, c->io},
                          {0, SECBUFFER_EMPTY, NULL},
                          {0, SECBUFFER_EMPTY, NULL},
                          {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
        SECURITY_STATUS s = DecryptMessage(&c->ctx, &d, 0, NULL);
        if (s == SEC_E_INCOMPLETE_MESSAGE)
            return;
        if (s != SEC_E_OK && s != SEC_I_RENEGOTIATE)
            DIE("DecryptMessage (post-handshake): 0x%08x", (unsigned)s);
        /* EXTRA is in b[1..3]; keep_extra looks from index 1. */
        keep_extra(c, &d);
        if (s == SEC_I_RENEGOTIATE) {
            SecBuffer outb[1] = {{TOKEN_CAP, SECBUFFER_TOKEN, p->token}};
            SecBufferDesc out = {SECBUFFER_VERSION, 1, outb};
            SecBuffer inb[2] = {{(ULONG)c->len, SECBUFFER_TOKEN, c->io}, {0, SECBUFFER_EMPTY, NULL}};
            SecBufferDesc in = {SECBUFFER_VERSION, 2, inb};
            ULONG attrs;
            TimeStamp ts;
            s = InitializeSecurityContextA(&g_cc, &c->ctx, "localhost", ISC_FLAGS, 0, 0, &in, 0,
                                           &c->ctx, &out, &attrs, &ts);
            if (s != SEC_E_OK)
                DIE("follow-up InitializeSecurityContext: 0x%08x", (unsigned)s);
            if (outb[0].cbBuffer)
                push(&p->s, outb[0].pvBuffer, outb[0].cbBuffer);
            keep_extra(c, &in);
        }
    }
}

static void handshake(Pair *p)
{
    p->c.have = p->c.done = 0;
    p->s.have = p->s.done = 0;
    p->c.len = p->s.len = 0;
    step(p, 0);
    for (int round = 0; !(p->c.done && p->s.done); round++) {
        if (round > 100)
            DIE("handshake stuck");
        while (!p->s.done && p->s.len)
            if (step(p, 1) == SEC_E_INCOMPLETE_MESSAGE)
                break;
        while (!p->c.done && p->c.len)
            if (step(p, 0) == SEC_E_INCOMPLETE_MESSAGE)
                break;
    }
    if (p->c.len)
        client_drain(p);
    if (p->s.len)
        DIE("server has %zu unprocessed bytes after the handshake", p->s.len);
}

static void pair_delete(Pair *p)
{
    DeleteSecurityContext(&p->c.ctx);
    DeleteSecurityContext(&p->s.ctx);
    p->c.have = p->s.have = 0;
}

/* ------------------------------------------------------------------ records */

/* One record of len bytes client -> server, in place in p->record (whose plaintext sits at
 * cbHeader and is given back there by the decryption). */
static void record(Pair *p, size_t len)
{
    unsigned char *buf = p->record;
    ULONG hdr = p->sizes.cbHeader, trl = p->sizes.cbTrailer;
    SecBuffer eb[4] = {{hdr, SECBUFFER_STREAM_HEADER, buf},
                       {(ULONG)len, SECBUFFER_DATA, buf + hdr},
                       {trl, SECBUFFER_STREAM_TRAILER, buf + hdr + len},
                       {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc ed = {SECBUFFER_VERSION, 4, eb};
    SECURITY_STATUS s = EncryptMessage(&p->c.ctx, 0, &ed, 0);
    if (s != SEC_E_OK)
        DIE("EncryptMessage: 0x%08x", (unsigned)s);
    ULONG total = eb[0].cbBuffer + eb[1].cbBuffer + eb[2].cbBuffer;

    SecBuffer db[4] = {{total, SECBUFFER_DATA, buf},
                       {0, SECBUFFER_EMPTY, NULL},
                       {0, SECBUFFER_EMPTY, NULL},
                       {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc dd = {SECBUFFER_VERSION, 4, db};
    s = DecryptMessage(&p->s.ctx, &dd, 0, NULL);
    if (s != SEC_E_OK)
        DIE("DecryptMessage: 0x%08x", (unsigned)s);
    if (db[1].BufferType != SECBUFFER_DATA || db[1].cbBuffer != len ||
        db[1].pvBuffer != buf + hdr || db[3].BufferType == SECBUFFER_EXTRA)
        DIE("DecryptMessage: unexpected buffers");
}

static void query_sizes(Pair *p)
{
    SECURITY_STATUS s = QueryContextAttributesA(&p->c.ctx, SECPKG_ATTR_STREAM_SIZES, &p->sizes);
    if (s != SEC_E_OK)
        DIE("QueryContextAttributes(STREAM_SIZES): 0x%08x", (unsigned)s);
    if (p->sizes.cbHeader + BULK_LEN + p->sizes.cbTrailer > RECORD_CAP)
        DIE("record buffer too small");
}

/* ------------------------------------------------------------------ checks */

static void ascii(const WCHAR *w, char *out, size_t cap)
{
    size_t i = 0;
    for (; w[i] && i + 1 < cap; i++)
        out[i] = (char)w[i];
    out[i] = 0;
}

/* The suite CIPHER_INFO reports; 1 if it is the one the workload wants. */
static int check_suite(Pair *p, const Workload *w)
{
    SecPkgContext_CipherInfo ci;
    memset(&ci, 0, sizeof ci);
    SECURITY_STATUS s = QueryContextAttributesA(&p->c.ctx, SECPKG_ATTR_CIPHER_INFO, &ci);
    if (s != SEC_E_OK)
        DIE("QueryContextAttributes(CIPHER_INFO): 0x%08x", (unsigned)s);
    DWORD want = w->tls13 ? (w->suite == SUITE_CHACHA ? 0x1303 : 0x1302)
                          : (w->suite == SUITE_CHACHA ? 0xCCA9 : 0xC02C);
    char name[SZ_ALG_MAX_SIZE];
    ascii(ci.szCipherSuite, name, sizeof name);
    if (getenv("BENCH_VERBOSE"))
        fprintf(stderr, "schannel-shim %s: CIPHER_INFO 0x%04x %s\n", w->name,
                (unsigned)ci.dwCipherSuite, name);
    if (ci.dwCipherSuite != want) {
        fprintf(stderr,
                "schannel-shim %s: CIPHER_INFO reports 0x%04x %s, wanted 0x%04x: the credential "
                "has no cipher selection (TLS_PARAMETERS.pDisabledCrypto is not honoured)\n",
                w->name, (unsigned)ci.dwCipherSuite, name, (unsigned)want);
        return 0;
    }
    return 1;
}

static void check_resumed(Pair *p)
{
    SecPkgContext_SessionInfo si;
    memset(&si, 0, sizeof si);
    SECURITY_STATUS s = QueryContextAttributesA(&p->c.ctx, SECPKG_ATTR_SESSION_INFO, &si);
    if (s != SEC_E_OK || !(si.dwFlags & SSL_SESSION_RECONNECT))
        DIE("schannel-shim %s: the handshake was not resumed", g_w->name);
}

/* ------------------------------------------------------------------ workloads */

static uint64_t work_handshake(void *state)
{
    Pair *p = state;
    handshake(p);
    pair_delete(p);
    return 1;
}

static uint64_t work_bulk(void *state)
{
    record(state, BULK_LEN);
    return BULK_LEN;
}

static uint64_t work_small(void *state)
{
    record(state, SMALL_LEN);
    return 1;
}

static void *make_handshake(void)
{
    return pair_new();
}

static void *make_bulk(void)
{
    Pair *p = pair_new();
    handshake(p);
    query_sizes(p);
    return p;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        DIE("usage: shim_bench WORKLOAD");
    const Workload *w = find_workload(argv[1]);
    if (!w)
        DIE("shim_bench: unknown workload %s", argv[1]);
    g_w = w;
    /* Automatic validation against the test CA only, as the other contenders: rustls-native-certs
     * reads SSL_CERT_FILE, and SSL_CERT_DIR too when it is set (it would add the system bundle). */
    setenv("SSL_CERT_FILE", bench_path("ca.pem"), 1);
    unsetenv("SSL_CERT_DIR");
    acquire(w);
    double d = bench_duration();

    /* One handshake first: checks the suite, warms the lazies (trust store, provider). */
    Pair *p = pair_new();
    handshake(p);
    int suite_ok = check_suite(p, w);
    query_sizes(p);
    if (!suite_ok) {
        report(w, CONTENDER, NAN);
        return 0;
    }

    double v;
    const char *n = w->name;
    if (starts_with(n, "hs")) {
        pair_delete(p);
        v = bench_rate(d, work_handshake, p);
    } else if (starts_with(n, "resume")) {
        pair_delete(p);
        handshake(p);
        check_resumed(p);
        pair_delete(p);
        v = bench_rate(d, work_handshake, p);
        handshake(p);
        check_resumed(p);
    } else if (starts_with(n, "bulk")) {
        v = bench_rate(d, work_bulk, p) / 1e6;
    } else if (strcmp(n, "small64") == 0) {
        v = bench_rate(d, work_small, p);
    } else if (strcmp(n, "mem_idle") == 0) {
        size_t count = bench_mem_pairs();
        CtxtHandle *ctx = malloc(2 * count * sizeof *ctx);
        pair_delete(p);
        uint64_t before = rss_bytes();
        for (size_t i = 0; i < count; i++) {
            handshake(p);
            ctx[2 * i] = p->c.ctx;
            ctx[2 * i + 1] = p->s.ctx;
        }
        uint64_t after = rss_bytes();
        v = (double)(after > before ? after - before : 0) / (double)count / 1024.0;
        for (size_t i = 0; i < 2 * count; i++)
            DeleteSecurityContext(&ctx[i]);
        free(ctx);
    } else if (strcmp(n, "scale_hs") == 0) {
        v = bench_scaling(d, make_handshake, work_handshake);
    } else if (strcmp(n, "scale_bulk") == 0) {
        v = bench_scaling(d, make_bulk, work_bulk);
    } else {
        DIE("unhandled workload %s", n);
    }
    report(w, CONTENDER, v);
    return 0;
}
