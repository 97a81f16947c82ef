/* Shared support for the C tests: see common.h. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* setenv, in strict -std=c11 too */
#endif
#include "common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <unistd.h>

/* ================================================================== assertions */

int g_checks;
int g_failures;
static char g_case[256];

void test_case(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_case, sizeof g_case, fmt, ap);
    va_end(ap);
}

static void fail_prefix(const char *file, int line)
{
    fprintf(stderr, "%s:%d: FAIL%s%s%s: ", file, line, g_case[0] ? " [" : "", g_case,
            g_case[0] ? "]" : "");
}

int check_true(int ok, const char *expr, const char *file, int line)
{
    g_checks++;
    if (!ok) {
        g_failures++;
        fail_prefix(file, line);
        fprintf(stderr, "CHECK(%s)\n", expr);
    }
    return ok;
}

int check_status(SECURITY_STATUS got, SECURITY_STATUS want, const char *gexpr, const char *wexpr,
                 const char *file, int line)
{
    g_checks++;
    if (got != want) {
        g_failures++;
        fail_prefix(file, line);
        fprintf(stderr, "%s == %s: got 0x%08x (%s), want 0x%08x (%s)\n", gexpr, wexpr,
                (unsigned)got, status_name(got), (unsigned)want, status_name(want));
        return 0;
    }
    return 1;
}

int check_eq(unsigned long long got, unsigned long long want, const char *gexpr, const char *wexpr,
             const char *file, int line)
{
    g_checks++;
    if (got != want) {
        g_failures++;
        fail_prefix(file, line);
        fprintf(stderr, "%s == %s: got %llu (0x%llx), want %llu (0x%llx)\n", gexpr, wexpr, got, got,
                want, want);
        return 0;
    }
    return 1;
}

static void hex(FILE *f, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n && i < 48; i++)
        fprintf(f, "%02x%s", b[i], i + 1 < n ? " " : "");
    if (n > 48)
        fprintf(f, "...");
}

int check_mem(const void *got, size_t got_len, const void *want, size_t want_len, const char *gexpr,
              const char *wexpr, const char *file, int line)
{
    g_checks++;
    if (got_len != want_len || (want_len && (!got || memcmp(got, want, want_len) != 0))) {
        g_failures++;
        fail_prefix(file, line);
        fprintf(stderr, "%s == %s: got %zu bytes [", gexpr, wexpr, got_len);
        if (got)
            hex(stderr, got, got_len);
        fprintf(stderr, "], want %zu bytes [", want_len);
        hex(stderr, want, want_len);
        fprintf(stderr, "]\n");
        return 0;
    }
    return 1;
}

int test_finish(const char *name)
{
    printf("%s: %d checks, %d failed: %s\n", name, g_checks, g_failures,
           g_failures ? "FAIL" : "PASS");
    fflush(stdout);
    return g_failures ? 1 : 0;
}

const char *status_name(SECURITY_STATUS s)
{
    switch (s) {
#define N(x) \
    case x:  \
        return #x
        N(SEC_E_OK);
        N(SEC_I_CONTINUE_NEEDED);
        N(SEC_I_CONTEXT_EXPIRED);
        N(SEC_I_INCOMPLETE_CREDENTIALS);
        N(SEC_I_RENEGOTIATE);
        N(SEC_E_INSUFFICIENT_MEMORY);
        N(SEC_E_INVALID_HANDLE);
        N(SEC_E_UNSUPPORTED_FUNCTION);
        N(SEC_E_INTERNAL_ERROR);
        N(SEC_E_SECPKG_NOT_FOUND);
        N(SEC_E_INVALID_TOKEN);
        N(SEC_E_UNKNOWN_CREDENTIALS);
        N(SEC_E_NO_CREDENTIALS);
        N(SEC_E_MESSAGE_ALTERED);
        N(SEC_E_CONTEXT_EXPIRED);
        N(SEC_E_INCOMPLETE_MESSAGE);
        N(SEC_E_BUFFER_TOO_SMALL);
        N(SEC_E_WRONG_PRINCIPAL);
        N(SEC_E_UNTRUSTED_ROOT);
        N(SEC_E_ILLEGAL_MESSAGE);
        N(SEC_E_CERT_UNKNOWN);
        N(SEC_E_CERT_EXPIRED);
        N(SEC_E_ENCRYPT_FAILURE);
        N(SEC_E_DECRYPT_FAILURE);
        N(SEC_E_ALGORITHM_MISMATCH);
        N(SEC_E_APPLICATION_PROTOCOL_MISMATCH);
        N(STEP_IDLE);
        N(HANDSHAKE_STUCK);
#undef N
    default:
        return "?";
    }
}

/* ================================================================== environment, PKI */

static const char *g_certs;

void test_init(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    g_certs = getenv("SCHSHIM_CERTS");
    if (!g_certs || !*g_certs)
        g_certs = "target/test-pki";
    char path[4096];
    snprintf(path, sizeof path, "%s/ca.pem", g_certs);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s: set SCHSHIM_CERTS to a directory made by certs.sh\n", path);
        exit(2);
    }
    fclose(f);
    /* Automatic validation trusts the test CA; set before the first AcquireCredentialsHandle. */
    setenv("SSL_CERT_FILE", path, 1);
    unsetenv("SSL_CERT_DIR");
}

const char *certs_dir(void)
{
    return g_certs;
}

char *read_pki_file(const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", g_certs, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (n < cap)
            break;
        cap *= 2;
        buf = realloc(buf, cap + 1);
    }
    fclose(f);
    buf[n] = 0;
    if (len)
        *len = n;
    return buf;
}

const char *cert_source_name(CertSource src)
{
    switch (src) {
    case CERT_PFX:
        return "pfx";
    case CERT_PFX_LEGACY:
        return "pfx-legacy";
    default:
        return "pem";
    }
}

PCCERT_CONTEXT load_cert(const char *name, CertSource src)
{
    char file[256];
    if (src == CERT_PEM) {
        snprintf(file, sizeof file, "%s-chain.pem", name);
        char *chain = read_pki_file(file, NULL);
        snprintf(file, sizeof file, "%s.key", name);
        char *key = read_pki_file(file, NULL);
        PCCERT_CONTEXT c = SchShimCertFromPem(chain, key);
        free(chain);
        free(key);
        CHECK(c != NULL);
        return c;
    }
    snprintf(file, sizeof file, "%s%s.p12", name, src == CERT_PFX_LEGACY ? "-legacy" : "");
    size_t n;
    char *der = read_pki_file(file, &n);
    CRYPT_DATA_BLOB blob = {(DWORD)n, (BYTE *)der};
    HCERTSTORE store = PFXImportCertStore(&blob, (LPCWSTR)u"test", CRYPT_EXPORTABLE);
    free(der);
    if (!CHECK(store != NULL))
        return NULL;
    PCCERT_CONTEXT c = CertFindCertificateInStore(store, X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, 0,
                                                  CERT_FIND_HAS_PRIVATE_KEY, NULL, NULL);
    CHECK(c != NULL);
    /* The context keeps the store alive; the handle can go now, as Windows code often does. */
    CHECK(CertCloseStore(store, 0));
    return c;
}

static int b64_value(int ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9')
        return ch - '0' + 52;
    if (ch == '+')
        return 62;
    if (ch == '/')
        return 63;
    return -1;
}

unsigned char *pem_cert_der(const char *pem, size_t index, size_t *len)
{
    static const char begin[] = "-----BEGIN CERTIFICATE-----";
    static const char end[] = "-----END CERTIFICATE-----";
    const char *p = pem;
    for (size_t i = 0;; i++) {
        p = strstr(p, begin);
        if (!p)
            return NULL;
        p += sizeof begin - 1;
        if (i == index)
            break;
    }
    const char *e = strstr(p, end);
    if (!e)
        return NULL;
    unsigned char *der = malloc((size_t)(e - p) * 3 / 4 + 3);
    size_t n = 0;
    unsigned acc = 0;
    int bits = 0;
    for (; p < e; p++) {
        int v = b64_value((unsigned char)*p);
        if (v < 0)
            continue; /* line breaks, '=' padding */
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            der[n++] = (unsigned char)(acc >> bits);
        }
    }
    *len = n;
    return der;
}

unsigned char *pki_cert_der(const char *name, size_t *len)
{
    char *pem = read_pki_file(name, NULL);
    unsigned char *der = pem_cert_der(pem, 0, len);
    free(pem);
    if (!der) {
        fprintf(stderr, "%s/%s holds no certificate\n", g_certs, name);
        exit(2);
    }
    return der;
}

HCERTSTORE pki_memory_store(const char *name)
{
    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    if (!CHECK(store != NULL))
        return NULL;
    char *pem = read_pki_file(name, NULL);
    size_t len, i = 0;
    unsigned char *der;
    while ((der = pem_cert_der(pem, i, &len)) != NULL) {
        CHECK(CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, der, (DWORD)len,
                                               CERT_STORE_ADD_ALWAYS, NULL));
        free(der);
        i++;
    }
    free(pem);
    CHECK(i > 0);
    return store;
}

/* ---- SHA-256 (FIPS 180-4), for the tls-server-end-point binding ---- */

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
}

void sha256(const void *data, size_t len, unsigned char out[32])
{
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const unsigned char *p = data;
    size_t n = len;
    while (n >= 64) {
        sha256_block(h, p);
        p += 64;
        n -= 64;
    }
    unsigned char tail[128] = {0};
    memcpy(tail, p, n);
    tail[n] = 0x80;
    size_t tl = n + 1 + 8 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++)
        tail[tl - 1 - i] = (unsigned char)(bits >> (8 * i));
    sha256_block(h, tail);
    if (tl == 128)
        sha256_block(h, tail + 64);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(h[i] >> 8);
        out[4 * i + 3] = (unsigned char)h[i];
    }
}

/* ================================================================== API flavours */

const char *api_name(Api api)
{
    static const char *const names[] = {"A", "W", "table A", "table W"};
    return names[api];
}

PSecurityFunctionTableA table_a(void)
{
    static PSecurityFunctionTableA t;
    if (!t)
        t = InitSecurityInterfaceA();
    return t;
}

PSecurityFunctionTableW table_w(void)
{
    static PSecurityFunctionTableW t;
    if (!t)
        t = InitSecurityInterfaceW();
    return t;
}

SECURITY_STATUS api_acquire(Api api, ULONG use, void *auth, CredHandle *out)
{
    TimeStamp expiry;
    switch (api) {
    case API_A:
        return AcquireCredentialsHandleA(NULL, UNISP_NAME_A, use, NULL, auth, NULL, NULL, out, &expiry);
    case API_W:
        return AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)UNISP_NAME_W, use, NULL, auth, NULL, NULL,
                                         out, &expiry);
    case API_TABLE_A:
        return table_a()->AcquireCredentialsHandleA(NULL, UNISP_NAME_A, use, NULL, auth, NULL, NULL,
                                                    out, &expiry);
    default:
        return table_w()->AcquireCredentialsHandleW(NULL, (SEC_WCHAR *)UNISP_NAME_W, use, NULL, auth,
                                                    NULL, NULL, out, &expiry);
    }
}

SECURITY_STATUS api_free_cred(Api api, CredHandle *cred)
{
    switch (api) {
    case API_TABLE_A:
        return table_a()->FreeCredentialsHandle(cred);
    case API_TABLE_W:
        return table_w()->FreeCredentialsHandle(cred);
    default:
        return FreeCredentialsHandle(cred);
    }
}

SECURITY_STATUS api_query(Api api, CtxtHandle *ctx, ULONG attr, void *buf)
{
    switch (api) {
    case API_A:
        return QueryContextAttributesA(ctx, attr, buf);
    case API_W:
        return QueryContextAttributesW(ctx, attr, buf);
    case API_TABLE_A:
        return table_a()->QueryContextAttributesA(ctx, attr, buf);
    default:
        return table_w()->QueryContextAttributesW(ctx, attr, buf);
    }
}

SECURITY_STATUS api_encrypt(Api api, CtxtHandle *ctx, SecBufferDesc *msg)
{
    switch (api) {
    case API_TABLE_A:
        return table_a()->EncryptMessage(ctx, 0, msg, 0);
    case API_TABLE_W:
        return table_w()->EncryptMessage(ctx, 0, msg, 0);
    default:
        return EncryptMessage(ctx, 0, msg, 0);
    }
}

SECURITY_STATUS api_decrypt(Api api, CtxtHandle *ctx, SecBufferDesc *msg)
{
    switch (api) {
    case API_TABLE_A:
        return table_a()->DecryptMessage(ctx, msg, 0, NULL);
    case API_TABLE_W:
        return table_w()->DecryptMessage(ctx, msg, 0, NULL);
    default:
        return DecryptMessage(ctx, msg, 0, NULL);
    }
}

SECURITY_STATUS api_control(Api api, CtxtHandle *ctx, SecBufferDesc *in)
{
    switch (api) {
    case API_TABLE_A:
        return table_a()->ApplyControlToken(ctx, in);
    case API_TABLE_W:
        return table_w()->ApplyControlToken(ctx, in);
    default:
        return ApplyControlToken(ctx, in);
    }
}

SECURITY_STATUS api_delete(Api api, CtxtHandle *ctx)
{
    switch (api) {
    case API_TABLE_A:
        return table_a()->DeleteSecurityContext(ctx);
    case API_TABLE_W:
        return table_w()->DeleteSecurityContext(ctx);
    default:
        return DeleteSecurityContext(ctx);
    }
}

SECURITY_STATUS api_free_buffer(Api api, void *p)
{
    switch (api) {
    case API_TABLE_A:
        return table_a()->FreeContextBuffer(p);
    case API_TABLE_W:
        return table_w()->FreeContextBuffer(p);
    default:
        return FreeContextBuffer(p);
    }
}

/* ================================================================== credentials */

SECURITY_STATUS acquire_schannel(Api api, ULONG use, DWORD protocols, DWORD flags,
                                 PCCERT_CONTEXT cert, CredHandle *out)
{
    SCHANNEL_CRED sc;
    memset(&sc, 0, sizeof sc);
    sc.dwVersion = SCHANNEL_CRED_VERSION;
    sc.grbitEnabledProtocols = protocols;
    sc.dwFlags = flags;
    PCCERT_CONTEXT certs[1] = {cert};
    if (cert) {
        sc.cCreds = 1;
        sc.paCred = certs;
    }
    return api_acquire(api, use, &sc, out);
}

/* SCH_CREDENTIALS with `disabled` (0: no TLS_PARAMETERS), `flags`, `cert` and `roots`. */
static SECURITY_STATUS acquire_sch(Api api, ULONG use, DWORD disabled, DWORD flags, PCCERT_CONTEXT cert,
                                   HCERTSTORE roots, CredHandle *out)
{
    SCH_CREDENTIALS sc;
    TLS_PARAMETERS tp;
    memset(&sc, 0, sizeof sc);
    memset(&tp, 0, sizeof tp);
    sc.dwVersion = SCH_CREDENTIALS_VERSION;
    sc.dwFlags = flags;
    sc.hRootStore = roots;
    PCCERT_CONTEXT certs[1] = {cert};
    if (cert) {
        sc.cCreds = 1;
        sc.paCred = certs;
    }
    if (disabled) {
        tp.grbitDisabledProtocols = disabled;
        sc.cTlsParameters = 1;
        sc.pTlsParameters = &tp;
    }
    return api_acquire(api, use, &sc, out);
}

SECURITY_STATUS acquire_sch_credentials(Api api, ULONG use, DWORD disabled, DWORD flags,
                                        PCCERT_CONTEXT cert, CredHandle *out)
{
    return acquire_sch(api, use, disabled, flags, cert, NULL, out);
}

SECURITY_STATUS acquire_schannel_roots(Api api, ULONG use, DWORD protocols, DWORD flags,
                                       PCCERT_CONTEXT cert, HCERTSTORE roots, CredHandle *out)
{
    SCHANNEL_CRED sc;
    memset(&sc, 0, sizeof sc);
    sc.dwVersion = SCHANNEL_CRED_VERSION;
    sc.grbitEnabledProtocols = protocols;
    sc.dwFlags = flags;
    sc.hRootStore = roots;
    PCCERT_CONTEXT certs[1] = {cert};
    if (cert) {
        sc.cCreds = 1;
        sc.paCred = certs;
    }
    return api_acquire(api, use, &sc, out);
}

SECURITY_STATUS acquire_protocols(Api api, ULONG use, DWORD protocols, DWORD flags, PCCERT_CONTEXT cert,
                                  HCERTSTORE roots, CredHandle *out)
{
    if (!(protocols & SP_PROT_TLS1_3))
        return acquire_schannel_roots(api, use, protocols, flags, cert, roots, out);
    return acquire_sch(api, use, ~protocols, flags, cert, roots, out);
}

int server_cred(Api api, const char *name, CertSource src, DWORD protocols, DWORD flags,
                CredHandle *out)
{
    PCCERT_CONTEXT cert = load_cert(name, src);
    if (!cert)
        return 0;
    SECURITY_STATUS s = acquire_protocols(api, SECPKG_CRED_INBOUND, protocols, flags, cert, NULL, out);
    CHECK(CertFreeCertificateContext(cert));
    return CHECK_STATUS(s, SEC_E_OK);
}

int client_cred(Api api, DWORD protocols, DWORD flags, CredHandle *out)
{
    return CHECK_STATUS(acquire_protocols(api, SECPKG_CRED_OUTBOUND, protocols, flags, NULL, NULL, out),
                        SEC_E_OK);
}

void free_cred(CredHandle *cred)
{
    CHECK_STATUS(FreeCredentialsHandle(cred), SEC_E_OK);
}

/* ================================================================== transport */

void bq_push(ByteQueue *q, const void *p, size_t n)
{
    if (!n)
        return;
    if (q->len + n > q->cap) {
        size_t cap = q->cap ? q->cap : 4096;
        while (cap < q->len + n)
            cap *= 2;
        q->data = realloc(q->data, cap);
        q->cap = cap;
    }
    memcpy(q->data + q->len, p, n);
    q->len += n;
}

void bq_drop(ByteQueue *q, size_t n)
{
    if (n >= q->len) {
        q->len = 0;
        return;
    }
    memmove(q->data, q->data + n, q->len - n);
    q->len -= n;
}

void bq_clear(ByteQueue *q)
{
    q->len = 0;
}

void bq_free(ByteQueue *q)
{
    free(q->data);
    memset(q, 0, sizeof *q);
}

/* ================================================================== peers */

static void peer_init(Peer *p, int server, Api api, CredHandle cred, ByteQueue *in, ByteQueue *out)
{
    memset(p, 0, sizeof *p);
    p->role = server ? "server" : "client";
    p->server = server;
    p->api = api;
    p->cred = cred;
    p->req = server ? SERVER_ASC_FLAGS : CURL_ISC_FLAGS;
    p->target = server ? NULL : "localhost";
    p->wire_in = in;
    p->wire_out = out;
}

void pair_init(Pair *p, Api client_api, CredHandle client, Api server_api, CredHandle server)
{
    memset(p, 0, sizeof *p);
    peer_init(&p->client, 0, client_api, client, &p->s2c, &p->c2s);
    peer_init(&p->server, 1, server_api, server, &p->c2s, &p->s2c);
}

static void peer_free(Peer *p)
{
    if (p->have_ctx)
        CHECK_STATUS(api_delete(p->api, &p->ctx), SEC_E_OK);
    p->have_ctx = 0;
    free(p->io);
    p->io = NULL;
    p->io_len = p->io_cap = 0;
}

void pair_free(Pair *p)
{
    peer_free(&p->client);
    peer_free(&p->server);
    bq_free(&p->c2s);
    bq_free(&p->s2c);
}

size_t peer_pull(Peer *p)
{
    size_t n = p->wire_in->len;
    if (p->recv_chunk && n > p->recv_chunk)
        n = p->recv_chunk;
    if (!n)
        return 0;
    if (p->io_len + n > p->io_cap) {
        size_t cap = p->io_cap ? p->io_cap : 16384 + 512;
        while (cap < p->io_len + n)
            cap *= 2;
        p->io = realloc(p->io, cap);
        p->io_cap = cap;
    }
    memcpy(p->io + p->io_len, p->wire_in->data, n);
    p->io_len += n;
    bq_drop(p->wire_in, n);
    return n;
}

/* ASCII target to UTF-16; u"localhost" as a literal for the usual case. */
static SEC_WCHAR *wide_target(const char *t, SEC_WCHAR *buf, size_t cap)
{
    if (!t)
        return NULL;
    if (strcmp(t, "localhost") == 0)
        return (SEC_WCHAR *)u"localhost";
    size_t i = 0;
    for (; t[i] && i + 1 < cap; i++)
        buf[i] = (SEC_WCHAR)(unsigned char)t[i];
    buf[i] = 0;
    return buf;
}

SECURITY_STATUS peer_call(Peer *p, SecBufferDesc *in, SecBufferDesc *out, ULONG *attrs)
{
    CtxtHandle new_ctx = p->ctx;
    CtxtHandle *ctx = p->have_ctx ? &p->ctx : NULL;
    TimeStamp expiry;
    SECURITY_STATUS s;
    ULONG a = 0;
    if (p->server) {
        ACCEPT_SECURITY_CONTEXT_FN asc = AcceptSecurityContext;
        if (p->api == API_TABLE_A)
            asc = table_a()->AcceptSecurityContext;
        else if (p->api == API_TABLE_W)
            asc = table_w()->AcceptSecurityContext;
        s = asc(&p->cred, ctx, in, p->req, 0, &new_ctx, out, &a, &expiry);
    } else {
        SEC_WCHAR wbuf[256];
        SEC_CHAR *ta = (SEC_CHAR *)p->target;
        SEC_WCHAR *tw = p->raw_wide_target ? (SEC_WCHAR *)p->raw_wide_target : wide_target(p->target, wbuf, 256);
        switch (p->api) {
        case API_A:
            s = InitializeSecurityContextA(&p->cred, ctx, ta, p->req, 0, 0, in, 0, &new_ctx, out, &a,
                                           &expiry);
            break;
        case API_W:
            s = InitializeSecurityContextW(&p->cred, ctx, tw, p->req, 0, 0, in, 0, &new_ctx, out, &a,
                                           &expiry);
            break;
        case API_TABLE_A:
            s = table_a()->InitializeSecurityContextA(&p->cred, ctx, ta, p->req, 0, 0, in, 0, &new_ctx,
                                                      out, &a, &expiry);
            break;
        default:
            s = table_w()->InitializeSecurityContextW(&p->cred, ctx, tw, p->req, 0, 0, in, 0, &new_ctx,
                                                      out, &a, &expiry);
            break;
        }
    }
    p->hs_calls++;
    if (s == SEC_E_OK || s == SEC_I_CONTINUE_NEEDED) {
        if (p->have_ctx) {
            /* Continuation calls hand back the same handle. */
            CHECK(new_ctx.dwLower == p->ctx.dwLower && new_ctx.dwUpper == p->ctx.dwUpper);
        } else {
            p->first_attrs = a;
        }
        p->ctx = new_ctx;
        p->have_ctx = 1;
        p->attrs = a;
    }
    if (attrs)
        *attrs = a;
    return s;
}

/* The input buffer (index >= 1) the package turned into `type`, or NULL. */
static SecBuffer *find_buffer(SecBufferDesc *d, ULONG type)
{
    for (ULONG i = 1; i < d->cBuffers; i++)
        if (d->pBuffers[i].BufferType == type)
            return &d->pBuffers[i];
    return NULL;
}

/* Sends and frees the output buffers of a handshake call (TOKEN; an ALERT buffer too). */
static void send_output(Peer *p, SecBufferDesc *out)
{
    for (ULONG i = 0; i < out->cBuffers; i++) {
        SecBuffer *b = &out->pBuffers[i];
        if (!b->pvBuffer)
            continue;
        if (i == 0 && b->cbBuffer)
            bq_push(p->wire_out, b->pvBuffer, b->cbBuffer);
        CHECK_STATUS(api_free_buffer(p->api, b->pvBuffer), SEC_E_OK);
        b->pvBuffer = NULL;
    }
}

SECURITY_STATUS peer_handshake_step(Peer *p)
{
    SecBuffer outb[3] = {{0, SECBUFFER_TOKEN, NULL}, {0, SECBUFFER_ALERT, NULL}, {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc out = {SECBUFFER_VERSION, 3, outb};
    SECURITY_STATUS s;
    if (p->done || p->error)
        return STEP_IDLE;

    if (!p->server && !p->have_ctx) {
        /* The client's first call: no input, or only the ALPN list (as curl does). */
        SecBuffer alpn = {p->alpn_len, SECBUFFER_APPLICATION_PROTOCOLS, (void *)p->alpn};
        SecBufferDesc in = {SECBUFFER_VERSION, 1, &alpn};
        s = peer_call(p, p->alpn ? &in : NULL, &out, NULL);
        if (s == SEC_I_CONTINUE_NEEDED)
            CHECK(outb[0].cbBuffer > 0 && outb[0].pvBuffer != NULL);
        send_output(p, &out);
        if (s != SEC_I_CONTINUE_NEEDED)
            p->error = s;
        return s;
    }

    if (p->io_len == 0 || p->need_read) {
        if (!peer_pull(p))
            return STEP_IDLE;
        p->need_read = 0;
    }

    SecBuffer inb[4];
    ULONG n = 0;
    inb[n++] = (SecBuffer){(ULONG)p->io_len, SECBUFFER_TOKEN, p->io};
    if (p->server && !p->have_ctx && p->alpn)
        inb[n++] = (SecBuffer){p->alpn_len, SECBUFFER_APPLICATION_PROTOCOLS, (void *)p->alpn};
    inb[n++] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
    SecBufferDesc in = {SECBUFFER_VERSION, n, inb};

    s = peer_call(p, &in, &out, NULL);

    if (s == SEC_E_INCOMPLETE_MESSAGE) {
        /* Nothing consumed, nothing produced: read more and call again with all of it. */
        CHECK(outb[0].cbBuffer == 0 || outb[0].pvBuffer == NULL);
        CHECK(find_buffer(&in, SECBUFFER_MISSING) != NULL);
        p->hs_incomplete++;
        p->need_read = 1;
        return s;
    }
    /* OK / CONTINUE_NEEDED: send the token (possibly empty); on failure, the alert if any. */
    send_output(p, &out);
    if (s == SEC_E_OK || s == SEC_I_CONTINUE_NEEDED) {
        SecBuffer *extra = find_buffer(&in, SECBUFFER_EXTRA);
        if (extra && extra->cbBuffer) {
            /* pv is not changed: the bytes are the tail of the TOKEN buffer. */
            CHECK(extra->cbBuffer <= p->io_len);
            memmove(p->io, p->io + (p->io_len - extra->cbBuffer), extra->cbBuffer);
            p->io_len = extra->cbBuffer;
        } else {
            p->io_len = 0;
        }
        if (s == SEC_E_OK)
            p->done = 1;
        return s;
    }
    p->error = s;
    return s;
}

SECURITY_STATUS pair_handshake(Pair *p)
{
    for (int round = 0; round < 200000; round++) {
        SECURITY_STATUS a = peer_handshake_step(&p->client);
        if (p->client.error)
            return p->client.error;
        SECURITY_STATUS b = peer_handshake_step(&p->server);
        if (p->server.error)
            return p->server.error;
        if (p->client.done && p->server.done)
            return SEC_E_OK;
        if (a == STEP_IDLE && b == STEP_IDLE) {
            fprintf(stderr, "handshake stuck: client done %d, server done %d\n", p->client.done,
                    p->server.done);
            return HANDSHAKE_STUCK;
        }
    }
    return HANDSHAKE_STUCK;
}

SecPkgContext_StreamSizes peer_sizes(Peer *p)
{
    if (!p->have_sizes) {
        memset(&p->sizes, 0, sizeof p->sizes);
        CHECK_STATUS(api_query(p->api, &p->ctx, SECPKG_ATTR_STREAM_SIZES, &p->sizes), SEC_E_OK);
        p->have_sizes = 1;
    }
    return p->sizes;
}

SECURITY_STATUS peer_query(Peer *p, ULONG attr, void *buf)
{
    return api_query(p->api, &p->ctx, attr, buf);
}

SECURITY_STATUS peer_encrypt(Peer *p, const void *data, size_t len, ByteQueue *out)
{
    SecPkgContext_StreamSizes z = peer_sizes(p);
    unsigned char *msg = malloc(z.cbHeader + len + z.cbTrailer + 1);
    if (len)
        memcpy(msg + z.cbHeader, data, len);
    SecBuffer b[4] = {
        {z.cbHeader, SECBUFFER_STREAM_HEADER, msg},
        {(ULONG)len, SECBUFFER_DATA, msg + z.cbHeader},
        {z.cbTrailer, SECBUFFER_STREAM_TRAILER, msg + z.cbHeader + len},
        {0, SECBUFFER_EMPTY, NULL},
    };
    SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
    SECURITY_STATUS s = api_encrypt(p->api, &p->ctx, &d);
    if (s == SEC_E_OK) {
        /* The record is hdr.cb + data.cb + trailer.cb contiguous bytes from hdr.pv. */
        CHECK(b[0].pvBuffer == msg && b[0].cbBuffer == z.cbHeader);
        CHECK(b[1].pvBuffer == msg + z.cbHeader && b[1].cbBuffer == len);
        CHECK(b[2].cbBuffer <= z.cbTrailer);
        size_t total = (size_t)b[0].cbBuffer + b[1].cbBuffer + b[2].cbBuffer;
        bq_push(out, msg, total);
    }
    free(msg);
    return s;
}

SECURITY_STATUS peer_send(Peer *p, const void *data, size_t len)
{
    SecPkgContext_StreamSizes z = peer_sizes(p);
    const unsigned char *d = data;
    size_t off = 0;
    do {
        size_t n = len - off;
        if (n > z.cbMaximumMessage)
            n = z.cbMaximumMessage;
        SECURITY_STATUS s = peer_encrypt(p, d + off, n, p->wire_out);
        if (s != SEC_E_OK)
            return s;
        off += n;
    } while (off < len);
    return SEC_E_OK;
}

SECURITY_STATUS peer_followup(Peer *p, size_t *token_len)
{
    /* curl: DecryptMessage's EXTRA (the event record, then whatever followed it) goes in as
     * the TOKEN of an ISC/ASC call, which consumes the record and hands the rest back. */
    CHECK(p->io_len >= 5);
    size_t record = p->io_len >= 5 ? 5 + ((size_t)p->io[3] << 8 | p->io[4]) : 0;
    SecBuffer inb[2] = {{(ULONG)p->io_len, SECBUFFER_TOKEN, p->io}, {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc in = {SECBUFFER_VERSION, 2, inb};
    SecBuffer outb[3] = {{0, SECBUFFER_TOKEN, NULL}, {0, SECBUFFER_ALERT, NULL}, {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc out = {SECBUFFER_VERSION, 3, outb};
    SECURITY_STATUS s = peer_call(p, &in, &out, NULL);
    CHECK_STATUS(s, SEC_E_OK);
    if (p->io_len > record) {
        CHECK_EQ(inb[1].BufferType, SECBUFFER_EXTRA);
        CHECK_EQ(inb[1].cbBuffer, p->io_len - record);
        memmove(p->io, p->io + record, p->io_len - record);
        p->io_len -= record;
    } else {
        CHECK(inb[1].BufferType == SECBUFFER_EMPTY || inb[1].cbBuffer == 0);
        p->io_len = 0;
    }
    if (token_len)
        *token_len = outb[0].pvBuffer ? outb[0].cbBuffer : 0;
    send_output(p, &out);
    return s;
}

SECURITY_STATUS peer_recv(Peer *p, ByteQueue *plain)
{
    for (;;) {
        if (p->io_len == 0 || p->need_read) {
            if (!peer_pull(p))
                return SEC_E_OK; /* would block */
            p->need_read = 0;
        }
        SecBuffer b[4] = {
            {(ULONG)p->io_len, SECBUFFER_DATA, p->io},
            {0, SECBUFFER_EMPTY, NULL},
            {0, SECBUFFER_EMPTY, NULL},
            {0, SECBUFFER_EMPTY, NULL},
        };
        SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
        SECURITY_STATUS s = api_decrypt(p->api, &p->ctx, &d);
        if (s == SEC_E_INCOMPLETE_MESSAGE) {
            CHECK_EQ(b[0].BufferType, SECBUFFER_MISSING);
            CHECK(b[0].cbBuffer > 0);
            p->need_read = 1;
            continue;
        }
        if (s != SEC_E_OK && s != SEC_I_RENEGOTIATE && s != SEC_I_CONTEXT_EXPIRED)
            return s;
        /* Positional layout: header, data, trailer, optional extra. */
        CHECK_EQ(b[0].BufferType, SECBUFFER_STREAM_HEADER);
        CHECK(b[0].pvBuffer == p->io);
        CHECK_EQ(b[1].BufferType, SECBUFFER_DATA);
        CHECK_EQ(b[2].BufferType, SECBUFFER_STREAM_TRAILER);
        if (b[1].cbBuffer) {
            CHECK((unsigned char *)b[1].pvBuffer >= p->io &&
                  (unsigned char *)b[1].pvBuffer + b[1].cbBuffer <= p->io + p->io_len);
            if (plain)
                bq_push(plain, b[1].pvBuffer, b[1].cbBuffer);
        }
        if (s != SEC_E_OK)
            CHECK_EQ(b[1].cbBuffer, 0);
        size_t consumed = (size_t)b[0].cbBuffer + b[1].cbBuffer + b[2].cbBuffer;
        /* SEC_I_RENEGOTIATE: EXTRA starts at the event record itself (CONTRACT §7). */
        size_t extra_at = s == SEC_I_RENEGOTIATE ? 0 : consumed;
        if (b[3].BufferType == SECBUFFER_EXTRA) {
            CHECK(b[3].pvBuffer == p->io + extra_at);
            CHECK_EQ(b[3].cbBuffer, p->io_len - extra_at);
            memmove(p->io, b[3].pvBuffer, b[3].cbBuffer);
            p->io_len = b[3].cbBuffer;
        } else {
            CHECK_EQ(consumed, p->io_len);
            CHECK(s != SEC_I_RENEGOTIATE);
            p->io_len = 0;
        }
        if (s == SEC_E_OK) {
            p->records++;
        } else if (s == SEC_I_RENEGOTIATE) {
            p->renegotiations++;
            size_t tl = 0;
            SECURITY_STATUS f = peer_followup(p, &tl);
            p->followup_token_bytes += tl;
            if (f != SEC_E_OK)
                return f;
        } else {
            p->peer_closed = 1;
            return s;
        }
    }
}

SECURITY_STATUS peer_shutdown(Peer *p, int other_function, ByteQueue *out)
{
    DWORD type = SCHANNEL_SHUTDOWN;
    SecBuffer tb = {sizeof type, SECBUFFER_TOKEN, &type};
    SecBufferDesc td = {SECBUFFER_VERSION, 1, &tb};
    SECURITY_STATUS s = api_control(p->api, &p->ctx, &td);
    if (!CHECK_STATUS(s, SEC_E_OK))
        return s;
    SecBuffer ob[1] = {{0, SECBUFFER_TOKEN, NULL}};
    SecBufferDesc od = {SECBUFFER_VERSION, 1, ob};
    ULONG attrs;
    TimeStamp expiry;
    CtxtHandle ctx2 = {(ULONG_PTR)0xdeadbeef, (ULONG_PTR)0xdeadbeef};
    int use_isc = p->server ? other_function : !other_function;
    if (use_isc) /* aws-c-io calls ISC on its server contexts too, with the server credential */
        s = InitializeSecurityContextA(&p->cred, &p->ctx, p->server ? NULL : (SEC_CHAR *)p->target,
                                       CURL_ISC_FLAGS, 0, 0, NULL, 0, &ctx2, &od, &attrs, &expiry);
    else
        s = AcceptSecurityContext(&p->cred, &p->ctx, NULL, SERVER_ASC_FLAGS, 0, &ctx2, &od, &attrs,
                                  &expiry);
    if (CHECK_STATUS(s, SEC_E_OK)) {
        CHECK(ctx2.dwLower == p->ctx.dwLower && ctx2.dwUpper == p->ctx.dwUpper);
        CHECK(ob[0].pvBuffer != NULL && ob[0].cbBuffer > 0);
        if (ob[0].pvBuffer)
            bq_push(out ? out : p->wire_out, ob[0].pvBuffer, ob[0].cbBuffer);
    }
    if (ob[0].pvBuffer)
        CHECK_STATUS(FreeContextBuffer(ob[0].pvBuffer), SEC_E_OK);
    return s;
}

static int transfer(Peer *from, Peer *to, const void *data, size_t len)
{
    unsigned before = to->records;
    ByteQueue got = {0};
    int ok = CHECK_STATUS(peer_send(from, data, len), SEC_E_OK);
    ok &= CHECK_STATUS(peer_recv(to, &got), SEC_E_OK);
    ok &= CHECK_MEM(got.data, got.len, data, len);
    /* one record per cbMaximumMessage; a 0-byte message is one (empty) record */
    size_t max = peer_sizes(from).cbMaximumMessage;
    ok &= CHECK_EQ(to->records - before, len ? (len + max - 1) / max : 1);
    bq_free(&got);
    return ok;
}

int pair_exchange(Pair *p, const void *data, size_t len)
{
    int ok = transfer(&p->client, &p->server, data, len);
    ok &= transfer(&p->server, &p->client, data, len);
    return ok;
}

int conn_open(Conn *c, const char *key, DWORD client_protocols, DWORD server_protocols)
{
    memset(c, 0, sizeof *c);
    if (!server_cred(API_A, key, CERT_PFX, server_protocols, 0, &c->sc))
        exit(1); /* the PKI is unusable: nothing else can work */
    if (!client_cred(API_A, client_protocols, 0, &c->cc))
        exit(1);
    pair_init(&c->p, API_A, c->cc, API_A, c->sc);
    return 1;
}

int conn_connect(Conn *c, const char *key, DWORD client_protocols, DWORD server_protocols)
{
    conn_open(c, key, client_protocols, server_protocols);
    if (!CHECK_STATUS(pair_handshake(&c->p), SEC_E_OK))
        return 0;
    return CHECK(pair_exchange(&c->p, "warm-up", 7));
}

void conn_close(Conn *c)
{
    pair_free(&c->p);
    free_cred(&c->cc);
    free_cred(&c->sc);
}

CallResult peer_call_bytes(Peer *p, const void *in, size_t len, int use_input, ByteQueue *token)
{
    CallResult r;
    memset(&r, 0, sizeof r);
    SecBuffer inb[2] = {{(ULONG)len, SECBUFFER_TOKEN, (void *)in}, {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc ind = {SECBUFFER_VERSION, 2, inb};
    SecBuffer outb[1] = {{0, SECBUFFER_TOKEN, NULL}};
    SecBufferDesc outd = {SECBUFFER_VERSION, 1, outb};
    r.status = peer_call(p, (in || use_input) ? &ind : NULL, &outd, &r.attrs);
    r.in1_type = inb[1].BufferType;
    r.in1_cb = inb[1].cbBuffer;
    if (outb[0].pvBuffer) {
        if (token)
            bq_push(token, outb[0].pvBuffer, outb[0].cbBuffer);
        CHECK_STATUS(FreeContextBuffer(outb[0].pvBuffer), SEC_E_OK);
    }
    return r;
}

ULONG make_alpn(const char *csv, unsigned char *buf, size_t cap)
{
    unsigned char list[256];
    size_t n = 0;
    const char *s = csv;
    while (*s) {
        const char *e = strchr(s, ',');
        size_t l = e ? (size_t)(e - s) : strlen(s);
        list[n++] = (unsigned char)l;
        memcpy(list + n, s, l);
        n += l;
        s += l + (e ? 1 : 0);
    }
    /* SEC_APPLICATION_PROTOCOLS: ULONG ProtocolListsSize, then one SEC_APPLICATION_PROTOCOL_LIST
     * (ULONG ProtoNegoExt, USHORT ProtocolListSize, the wire-format list). */
    size_t total = 4 + 4 + 2 + n;
    if (total > cap)
        abort();
    ULONG lists = (ULONG)(n + 6);
    ULONG ext = SecApplicationProtocolNegotiationExt_ALPN;
    USHORT ln = (USHORT)n;
    memcpy(buf, &lists, 4);
    memcpy(buf + 4, &ext, 4);
    memcpy(buf + 8, &ln, 2);
    memcpy(buf + 10, list, n);
    return (ULONG)total;
}

const char *input_kind_name(InputKind k)
{
    switch (k) {
    case INPUT_NULL:
        return "pInput NULL";
    case INPUT_EMPTY_TOKEN:
        return "0-byte TOKEN";
    case INPUT_NULL_TOKEN:
        return "0-byte TOKEN, pv NULL";
    default:
        return "TOKEN = EXTRA bytes";
    }
}

CallResult peer_call_input(Peer *p, InputKind kind, const void *in, size_t len, ByteQueue *token,
                           ByteQueue *alert)
{
    static unsigned char empty_region[1];
    CallResult r;
    memset(&r, 0, sizeof r);
    SecBuffer inb[2] = {{0, SECBUFFER_TOKEN, empty_region}, {0, SECBUFFER_EMPTY, NULL}};
    if (kind == INPUT_NULL_TOKEN)
        inb[0].pvBuffer = NULL;
    if (kind == INPUT_TOKEN) {
        inb[0].cbBuffer = (ULONG)len;
        inb[0].pvBuffer = len ? (void *)in : empty_region;
    }
    SecBufferDesc ind = {SECBUFFER_VERSION, 2, inb};
    SecBuffer outb[3] = {{0, SECBUFFER_TOKEN, NULL}, {0, SECBUFFER_ALERT, NULL}, {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc outd = {SECBUFFER_VERSION, 3, outb};
    r.status = peer_call(p, kind == INPUT_NULL ? NULL : &ind, &outd, &r.attrs);
    r.in1_type = inb[1].BufferType;
    r.in1_cb = inb[1].cbBuffer;
    for (int i = 0; i < 2; i++) {
        if (!outb[i].pvBuffer)
            continue;
        if (i == 0)
            r.token_len = outb[i].cbBuffer;
        else
            r.alert_len = outb[i].cbBuffer;
        ByteQueue *q = i == 0 ? token : alert;
        if (q)
            bq_push(q, outb[i].pvBuffer, outb[i].cbBuffer);
        CHECK_STATUS(api_free_buffer(p->api, outb[i].pvBuffer), SEC_E_OK);
    }
    return r;
}

Decrypted peer_decrypt(Peer *p, ByteQueue *in, ByteQueue *plain)
{
    Decrypted r;
    memset(&r, 0, sizeof r);
    /* A private copy: the package decrypts in place. */
    unsigned char *buf = malloc(in->len ? in->len : 1);
    if (in->len)
        memcpy(buf, in->data, in->len);
    SecBuffer b[4] = {
        {(ULONG)in->len, SECBUFFER_DATA, buf},
        {0, SECBUFFER_EMPTY, NULL},
        {0, SECBUFFER_EMPTY, NULL},
        {0, SECBUFFER_EMPTY, NULL},
    };
    SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
    r.status = api_decrypt(p->api, &p->ctx, &d);
    if (r.status == SEC_E_INCOMPLETE_MESSAGE) {
        CHECK_EQ(b[0].BufferType, SECBUFFER_MISSING);
        r.missing = b[0].cbBuffer;
    } else if (r.status == SEC_E_OK || r.status == SEC_I_RENEGOTIATE ||
               r.status == SEC_I_CONTEXT_EXPIRED) {
        CHECK_EQ(b[0].BufferType, SECBUFFER_STREAM_HEADER);
        CHECK(b[0].pvBuffer == buf);
        CHECK_EQ(b[1].BufferType, SECBUFFER_DATA);
        CHECK_EQ(b[2].BufferType, SECBUFFER_STREAM_TRAILER);
        r.data_len = b[1].cbBuffer;
        if (b[1].cbBuffer) {
            CHECK((unsigned char *)b[1].pvBuffer >= buf &&
                  (unsigned char *)b[1].pvBuffer + b[1].cbBuffer <= buf + in->len);
            if (plain)
                bq_push(plain, b[1].pvBuffer, b[1].cbBuffer);
        }
        size_t consumed = (size_t)b[0].cbBuffer + b[1].cbBuffer + b[2].cbBuffer;
        /* SEC_I_RENEGOTIATE: EXTRA starts at the event record itself (CONTRACT §7). */
        size_t extra_at = r.status == SEC_I_RENEGOTIATE ? 0 : consumed;
        if (b[3].BufferType == SECBUFFER_EXTRA) {
            CHECK(b[3].pvBuffer == buf + extra_at);
            CHECK_EQ(b[3].cbBuffer, in->len - extra_at);
            r.extra_len = b[3].cbBuffer;
        } else {
            CHECK_EQ(consumed, in->len);
            CHECK(r.status != SEC_I_RENEGOTIATE);
        }
        /* The queue keeps EXTRA as DecryptMessage left it (opened in place), as a caller that
         * decrypts in its own buffer has it. */
        bq_drop(in, in->len);
        bq_push(in, buf + extra_at, r.extra_len);
    }
    free(buf);
    return r;
}

uint64_t rng_next(Rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545f4914f6cdd1dULL;
}

uint64_t rng_below(Rng *r, uint64_t n)
{
    return n ? rng_next(r) % n : 0;
}

void rng_fill(Rng *r, void *buf, size_t n)
{
    unsigned char *b = buf;
    for (size_t i = 0; i < n; i++)
        b[i] = (unsigned char)(rng_next(r) >> 24);
}

uint64_t checksum_add(uint64_t acc, const void *data, size_t n)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++)
        acc = acc * 31 + b[i];
    return acc;
}

/* ================================================================== blocking client I/O */

int blocking_connect(BlockingConn *c, const char *port)
{
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)atoi(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    c->io_len = 0;
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    return c->fd >= 0 && connect(c->fd, (struct sockaddr *)&addr, sizeof addr) == 0 ? 0 : -1;
}

int blocking_send_all(BlockingConn *c, const void *p, size_t n)
{
    const unsigned char *b = p;
    while (n > 0) {
        ssize_t k = send(c->fd, b, n, MSG_NOSIGNAL);
        if (k <= 0)
            return -1;
        b += k;
        n -= (size_t)k;
    }
    return 0;
}

int blocking_receive_more(BlockingConn *c)
{
    if (c->io_len == sizeof c->io)
        return 0;
    ssize_t k = recv(c->fd, c->io + c->io_len, sizeof c->io - c->io_len, 0);
    if (k <= 0)
        return 0;
    c->io_len += (size_t)k;
    return 1;
}

void blocking_keep_extra(BlockingConn *c, const SecBuffer *b, ULONG count)
{
    for (ULONG i = 0; i < count; i++) {
        if (b[i].BufferType == SECBUFFER_EXTRA && b[i].cbBuffer > 0) {
            memmove(c->io, c->io + c->io_len - b[i].cbBuffer, b[i].cbBuffer);
            c->io_len = b[i].cbBuffer;
            return;
        }
    }
    c->io_len = 0;
}

void blocking_close(BlockingConn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
}
