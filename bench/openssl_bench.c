/*
 * Contender "openssl": libssl (OpenSSL 3) through memory BIOs, both sides of an in-memory pair
 * in one thread.
 *
 *   openssl_bench WORKLOAD        (see bench_common.h; BENCH_CERTS, BENCH_SCALE)
 *
 * Each connection has two BIO_s_mem: client -> server and server -> client; the client's write
 * BIO is the server's read BIO and vice versa (so the harness copies nothing). Identities:
 * NAME-chain.pem + NAME.key. The client verifies the chain against ca.pem and the name
 * "localhost" (SSL_VERIFY_PEER + SSL_set1_host) and sends SNI, as the other contenders do. The
 * suite is forced (SSL_CTX_set_ciphersuites / set_cipher_list); groups are OpenSSL's defaults
 * (X25519 first, as rustls). Full-handshake workloads: no session cache, no tickets;
 * resumption workloads: stateless tickets (TLS 1.2 RFC 5077, TLS 1.3 PSK with ECDHE), the
 * client resumes with the last session it got (SSL_get1_session after reading the tickets).
 * Buffers are OpenSSL's defaults (no SSL_MODE_RELEASE_BUFFERS).
 */
#define _GNU_SOURCE
#include <math.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "bench_common.h"

static const char *CONTENDER = "openssl";

static const Workload *g_w;
static SSL_CTX *g_cctx, *g_sctx;

static void ossl_die(const char *what)
{
    fprintf(stderr, "openssl_bench: %s failed\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

static void make_ctxs(const Workload *w)
{
    int version = w->tls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
    const char *key = w->key == KEY_RSA ? "rsa" : "ecdsa";
    char chain_name[64], key_name[64];
    snprintf(chain_name, sizeof chain_name, "%s-chain.pem", key);
    snprintf(key_name, sizeof key_name, "%s.key", key);

    g_sctx = SSL_CTX_new(TLS_server_method());
    g_cctx = SSL_CTX_new(TLS_client_method());
    if (!g_sctx || !g_cctx)
        ossl_die("SSL_CTX_new");
    SSL_CTX *both[2] = {g_sctx, g_cctx};
    for (int i = 0; i < 2; i++) {
        SSL_CTX *c = both[i];
        SSL_CTX_set_min_proto_version(c, version);
        SSL_CTX_set_max_proto_version(c, version);
        if (w->tls13) {
            if (!SSL_CTX_set_ciphersuites(c, w->suite == SUITE_CHACHA
                                                 ? "TLS_CHACHA20_POLY1305_SHA256"
                                                 : "TLS_AES_256_GCM_SHA384"))
                ossl_die("SSL_CTX_set_ciphersuites");
        } else {
            const char *list = w->key == KEY_RSA
                                   ? (w->suite == SUITE_CHACHA ? "ECDHE-RSA-CHACHA20-POLY1305"
                                                               : "ECDHE-RSA-AES256-GCM-SHA384")
                                   : (w->suite == SUITE_CHACHA ? "ECDHE-ECDSA-CHACHA20-POLY1305"
                                                               : "ECDHE-ECDSA-AES256-GCM-SHA384");
            if (!SSL_CTX_set_cipher_list(c, list))
                ossl_die("SSL_CTX_set_cipher_list");
        }
    }
    if (SSL_CTX_use_certificate_chain_file(g_sctx, bench_path(chain_name)) != 1)
        ossl_die("SSL_CTX_use_certificate_chain_file");
    if (SSL_CTX_use_PrivateKey_file(g_sctx, bench_path(key_name), SSL_FILETYPE_PEM) != 1)
        ossl_die("SSL_CTX_use_PrivateKey_file");
    if (w->resumption) {
        SSL_CTX_set_session_cache_mode(g_sctx, SSL_SESS_CACHE_SERVER);
    } else {
        SSL_CTX_set_session_cache_mode(g_sctx, SSL_SESS_CACHE_OFF);
        SSL_CTX_set_options(g_sctx, SSL_OP_NO_TICKET);
        SSL_CTX_set_num_tickets(g_sctx, 0);
        SSL_CTX_set_session_cache_mode(g_cctx, SSL_SESS_CACHE_OFF);
        SSL_CTX_set_options(g_cctx, SSL_OP_NO_TICKET);
    }
    if (SSL_CTX_load_verify_locations(g_cctx, bench_path("ca.pem"), NULL) != 1)
        ossl_die("SSL_CTX_load_verify_locations");
    SSL_CTX_set_verify(g_cctx, SSL_VERIFY_PEER, NULL);
}

/* ------------------------------------------------------------------ pair */

typedef struct {
    SSL *c, *s;
    SSL_SESSION *session; /* client: the last session received, for resumption */
    unsigned char *data, *out;
} Pair;

static Pair *pair_new(void)
{
    Pair *p = calloc(1, sizeof *p);
    p->data = malloc(BULK_LEN);
    p->out = malloc(BULK_LEN);
    memset(p->data, 'a', BULK_LEN);
    return p;
}

static void handshake(Pair *p)
{
    SSL *c = SSL_new(g_cctx), *s = SSL_new(g_sctx);
    BIO *c2s = BIO_new(BIO_s_mem()), *s2c = BIO_new(BIO_s_mem());
    if (!c || !s || !c2s || !s2c)
        ossl_die("SSL_new/BIO_new");
    /* Each BIO is owned by two SSLs. */
    BIO_up_ref(c2s);
    BIO_up_ref(s2c);
    SSL_set_bio(c, s2c, c2s);
    SSL_set_bio(s, c2s, s2c);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    SSL_set_tlsext_host_name(c, "localhost");
    SSL_set1_host(c, "localhost");
    if (g_w->resumption && p->session)
        SSL_set_session(c, p->session);
    int cd = 0, sd = 0;
    for (int round = 0; !(cd && sd); round++) {
        if (round > 100)
            DIE("openssl handshake stuck");
        if (!cd) {
            int r = SSL_do_handshake(c);
            if (r == 1)
                cd = 1;
            else if (SSL_get_error(c, r) != SSL_ERROR_WANT_READ)
                ossl_die("client SSL_do_handshake");
        }
        if (!sd) {
            int r = SSL_do_handshake(s);
            if (r == 1)
                sd = 1;
            else if (SSL_get_error(s, r) != SSL_ERROR_WANT_READ)
                ossl_die("server SSL_do_handshake");
        }
    }
    if (BIO_pending(s2c)) {
        /* TLS 1.3 tickets: OpenSSL processes them in SSL_read. */
        unsigned char b[1];
        int r = SSL_read(c, b, 1);
        if (r > 0 || SSL_get_error(c, r) != SSL_ERROR_WANT_READ)
            ossl_die("client SSL_read (tickets)");
    }
    if (BIO_pending(c2s))
        DIE("openssl: server has unprocessed bytes after the handshake");
    if (g_w->resumption) {
        if (p->session)
            SSL_SESSION_free(p->session);
        p->session = SSL_get1_session(c);
    }
    p->c = c;
    p->s = s;
}

/* As an application that closes without sending close_notify (as the other contenders do):
 * marked shut down so that SSL_free keeps the session resumable. */
static void ssl_close(SSL *ssl)
{
    SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    SSL_free(ssl);
}

static void pair_delete(Pair *p)
{
    ssl_close(p->c);
    ssl_close(p->s);
    p->c = p->s = NULL;
}

static void record(Pair *p, size_t len)
{
    int r = SSL_write(p->c, p->data, (int)len);
    if (r != (int)len)
        ossl_die("SSL_write");
    r = SSL_read(p->s, p->out, (int)len);
    if (r != (int)len)
        ossl_die("SSL_read");
}

static int check_suite(Pair *p, const Workload *w)
{
    const SSL_CIPHER *ci = SSL_get_current_cipher(p->c);
    unsigned id = ci ? (unsigned)(SSL_CIPHER_get_id(ci) & 0xffff) : 0;
    unsigned want = w->tls13 ? (w->suite == SUITE_CHACHA ? 0x1303 : 0x1302)
                             : (w->suite == SUITE_CHACHA ? 0xCCA9 : 0xC02C);
    if (getenv("BENCH_VERBOSE"))
        fprintf(stderr, "openssl %s: %s (0x%04x), group %s\n", w->name,
                ci ? SSL_CIPHER_get_name(ci) : "?", id,
                SSL_group_to_name(p->c, SSL_get_negotiated_group(p->c)));
    return id == want;
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
    return p;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        DIE("usage: openssl_bench WORKLOAD");
    const Workload *w = find_workload(argv[1]);
    if (!w)
        DIE("openssl_bench: unknown workload %s", argv[1]);
    g_w = w;
    make_ctxs(w);
    double d = bench_duration();

    Pair *p = pair_new();
    handshake(p);
    if (!check_suite(p, w))
        DIE("openssl %s: unexpected suite", w->name);

    double v;
    const char *n = w->name;
    if (starts_with(n, "hs")) {
        pair_delete(p);
        v = bench_rate(d, work_handshake, p);
    } else if (starts_with(n, "resume")) {
        pair_delete(p);
        v = bench_rate(d, work_handshake, p);
        handshake(p);
        if (!SSL_session_reused(p->c))
            DIE("openssl %s: the handshake was not resumed", n);
    } else if (starts_with(n, "bulk")) {
        v = bench_rate(d, work_bulk, p) / 1e6;
    } else if (strcmp(n, "small64") == 0) {
        v = bench_rate(d, work_small, p);
    } else if (strcmp(n, "mem_idle") == 0) {
        size_t count = bench_mem_pairs();
        SSL **ssl = malloc(2 * count * sizeof *ssl);
        pair_delete(p);
        uint64_t before = rss_bytes();
        for (size_t i = 0; i < count; i++) {
            handshake(p);
            ssl[2 * i] = p->c;
            ssl[2 * i + 1] = p->s;
        }
        uint64_t after = rss_bytes();
        v = (double)(after > before ? after - before : 0) / (double)count / 1024.0;
        for (size_t i = 0; i < 2 * count; i++)
            ssl_close(ssl[i]);
        free(ssl);
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
