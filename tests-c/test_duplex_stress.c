/*
 * Full-duplex stress: on one established client context, one thread encrypts while another
 * decrypts (the concurrency Windows allows on a context and CONTRACT §2 promises), for TLS 1.2
 * and TLS 1.3. The server sealed its records beforehand; the client's records are opened by the
 * server afterwards. Every byte must arrive in order both ways, and no call may fail.
 *
 * SCHSHIM_DUPLEX_RECORDS sets the records per direction and round (default 2000; `make soak`
 * 50000). Figures (records/s per direction) are printed.
 */
#include "common.h"

#include <pthread.h>
#include <time.h>

typedef struct {
    CtxtHandle ctx;
    SecPkgContext_StreamSizes sizes;
    long records;
    ByteQueue out;      /* encrypt: the records made */
    const ByteQueue *in; /* decrypt: the records to open */
    uint64_t sum;       /* checksum of the plaintext made / opened */
    size_t bytes;
    long failures;
    SECURITY_STATUS first_error;
} Job;

static size_t record_len(long i)
{
    return 1 + (size_t)((i * 7919) % 1500);
}

static void fill(unsigned char *p, size_t n, long i)
{
    for (size_t k = 0; k < n; k++) p[k] = (unsigned char)(i * 31 + (long)k);
}

static void fail(Job *j, SECURITY_STATUS s)
{
    if (j->failures++ == 0) j->first_error = s;
}

static void *encrypt_job(void *arg)
{
    Job *j = arg;
    size_t h = j->sizes.cbHeader, t = j->sizes.cbTrailer;
    unsigned char *buf = malloc(h + 1500 + t);
    for (long i = 0; i < j->records; i++) {
        size_t n = record_len(i);
        fill(buf + h, n, i);
        j->sum = checksum_add(j->sum, buf + h, n);
        j->bytes += n;
        SecBuffer b[4] = {{(ULONG)h, SECBUFFER_STREAM_HEADER, buf},
                          {(ULONG)n, SECBUFFER_DATA, buf + h},
                          {(ULONG)t, SECBUFFER_STREAM_TRAILER, buf + h + n},
                          {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
        SECURITY_STATUS s = EncryptMessage(&j->ctx, 0, &d, 0);
        if (s != SEC_E_OK) {
            fail(j, s);
            break;
        }
        bq_push(&j->out, buf, b[0].cbBuffer + b[1].cbBuffer + b[2].cbBuffer);
    }
    free(buf);
    return NULL;
}

static void *decrypt_job(void *arg)
{
    Job *j = arg;
    unsigned char *copy = malloc(j->in->len);
    memcpy(copy, j->in->data, j->in->len);
    size_t pos = 0;
    while (pos < j->in->len) {
        SecBuffer b[4] = {{(ULONG)(j->in->len - pos), SECBUFFER_DATA, copy + pos},
                          {0, SECBUFFER_EMPTY, NULL},
                          {0, SECBUFFER_EMPTY, NULL},
                          {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
        SECURITY_STATUS s = DecryptMessage(&j->ctx, &d, 0, NULL);
        if (s != SEC_E_OK) {
            fail(j, s);
            break;
        }
        j->sum = checksum_add(j->sum, b[1].pvBuffer, b[1].cbBuffer);
        j->bytes += b[1].cbBuffer;
        size_t extra = b[3].BufferType == SECBUFFER_EXTRA ? b[3].cbBuffer : 0;
        pos = j->in->len - extra;
    }
    free(copy);
    return NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* SCH_CREDENTIALS with `disabled` versions disabled (the credential form that reaches
 * TLS 1.3). */
/* CONTRACT §2 */
static void run(DWORD disabled, const char *label, long records)
{
    test_case("%s", label);
    CredHandle cc, sc;
    PCCERT_CONTEXT cert = load_cert("ecdsa", CERT_PEM);
    if (!CHECK(cert != NULL)) return;
    SECURITY_STATUS s1 = acquire_sch_credentials(API_A, SECPKG_CRED_OUTBOUND, disabled, 0, NULL, &cc);
    SECURITY_STATUS s2 = acquire_sch_credentials(API_A, SECPKG_CRED_INBOUND, disabled, 0, cert, &sc);
    CertFreeCertificateContext(cert);
    if (!CHECK_STATUS(s1, SEC_E_OK) || !CHECK_STATUS(s2, SEC_E_OK)) return;
    Pair p;
    pair_init(&p, API_A, cc, API_A, sc);
    /* The warm-up exchange also takes a TLS 1.3 server's tickets off the wire. */
    if (!CHECK_STATUS(pair_handshake(&p), SEC_E_OK) || !CHECK(pair_exchange(&p, "warm-up", 7)))
        return;
    Peer *cl = &p.client, *sv = &p.server;
    /* The server's records, made before the threads start. */
    Job sealed = {.ctx = sv->ctx, .sizes = peer_sizes(sv), .records = records};
    encrypt_job(&sealed);
    if (!CHECK_EQ(sealed.failures, 0)) return;

    Job enc = {.ctx = cl->ctx, .sizes = peer_sizes(cl), .records = records};
    Job dec = {.ctx = cl->ctx, .in = &sealed.out};
    pthread_t te, td;
    double t0 = now();
    CHECK_EQ(pthread_create(&te, NULL, encrypt_job, &enc), 0);
    CHECK_EQ(pthread_create(&td, NULL, decrypt_job, &dec), 0);
    pthread_join(te, NULL);
    pthread_join(td, NULL);
    double secs = now() - t0;
    if (enc.failures) printf("encrypt failed: %s\n", status_name(enc.first_error));
    if (dec.failures) printf("decrypt failed: %s\n", status_name(dec.first_error));
    CHECK_EQ(enc.failures, 0);
    CHECK_EQ(dec.failures, 0);
    CHECK_EQ(dec.bytes, sealed.bytes);
    CHECK_EQ(dec.sum, sealed.sum);
    /* The server opens what the client sealed while it was decrypting. */
    Job back = {.ctx = sv->ctx, .in = &enc.out};
    decrypt_job(&back);
    CHECK_EQ(back.failures, 0);
    CHECK_EQ(back.bytes, enc.bytes);
    CHECK_EQ(back.sum, enc.sum);
    printf("duplex %s: %ld records each way in %.3f s (%.0f records/s per direction, %.1f MB/s "
           "each way)\n",
           label, records, secs, records / secs, enc.bytes / secs / 1e6);
    bq_free(&sealed.out);
    bq_free(&enc.out);
    pair_free(&p);
    free_cred(&cc);
    free_cred(&sc);
}

int main(void)
{
    test_init();
    const char *v = getenv("SCHSHIM_DUPLEX_RECORDS");
    long records = v && *v ? strtol(v, NULL, 10) : 2000;
    run(SP_PROT_TLS1_3, "TLS 1.2", records);
    run(SP_PROT_TLS1_2, "TLS 1.3", records);
    return test_finish("test_duplex_stress");
}
