/*
 * Shared support for the C tests of schannel-shim: a small assertion framework, the test PKI,
 * credentials, and an in-memory client/server pair driven the way Windows programs drive
 * Schannel (webcli/curl style handshake loop, STREAM_HEADER|DATA|STREAM_TRAILER EncryptMessage,
 * the 4-buffer DecryptMessage loop with EXTRA/MISSING/SEC_I_RENEGOTIATE/SEC_I_CONTEXT_EXPIRED).
 *
 * The transport is two byte queues in one process: what the client sends lands in the server's
 * queue and vice versa; a peer "recv()s" from its queue into its own receive buffer (IoBuffer).
 *
 * Every test calls test_init() first and returns test_finish("name") from main.
 */
#ifndef SCHSHIM_TESTS_COMMON_H
#define SCHSHIM_TESTS_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schannel_shim.h"

/* ------------------------------------------------------------------ assertions */

extern int g_checks;
extern int g_failures;

/* A label printed with every failure until the next call (e.g. "TLS 1.3 / ecdsa / A"). */
void test_case(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int check_true(int ok, const char *expr, const char *file, int line);
int check_status(SECURITY_STATUS got, SECURITY_STATUS want, const char *gexpr, const char *wexpr,
                 const char *file, int line);
int check_eq(unsigned long long got, unsigned long long want, const char *gexpr, const char *wexpr,
             const char *file, int line);
int check_mem(const void *got, size_t got_len, const void *want, size_t want_len, const char *gexpr,
              const char *wexpr, const char *file, int line);
/* Prints "NAME: N checks, M failed" and returns the process exit code. */
int test_finish(const char *name);
const char *status_name(SECURITY_STATUS s);

/* Each evaluates to 1 when the check passed, so `if (!CHECK(x)) return;` works. */
#define CHECK(cond) check_true(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_STATUS(got, want) \
    check_status((SECURITY_STATUS)(got), (SECURITY_STATUS)(want), #got, #want, __FILE__, __LINE__)
#define CHECK_EQ(got, want) \
    check_eq((unsigned long long)(got), (unsigned long long)(want), #got, #want, __FILE__, __LINE__)
#define CHECK_MEM(got, got_len, want, want_len) \
    check_mem((got), (got_len), (want), (want_len), #got, #want, __FILE__, __LINE__)

/* ------------------------------------------------------------------ environment, PKI */

/* Reads SCHSHIM_CERTS (default target/test-pki), points SSL_CERT_FILE at its ca.pem. */
void test_init(void);
const char *certs_dir(void);
/* A file of the PKI as a malloc'ed NUL-terminated buffer (free()); exits if missing. */
char *read_pki_file(const char *name, size_t *len);

typedef enum { CERT_PFX, CERT_PFX_LEGACY, CERT_PEM } CertSource;
const char *cert_source_name(CertSource src);
/* NAME.p12 / NAME-legacy.p12 (PFXImportCertStore, password u"test", then
 * CertFindCertificateInStore(CERT_FIND_HAS_PRIVATE_KEY)) or NAME-chain.pem + NAME.key
 * (SchShimCertFromPem). Free with CertFreeCertificateContext. NULL on failure (a failed check). */
PCCERT_CONTEXT load_cert(const char *name, CertSource src);

void sha256(const void *data, size_t len, unsigned char out[32]);

/* The DER of the index-th CERTIFICATE block of a PEM text (malloc'ed, free()); NULL when there is
 * no such block. Plain base64: what CryptStringToBinaryA(CRYPT_STRING_BASE64HEADER) gives. */
unsigned char *pem_cert_der(const char *pem, size_t index, size_t *len);
/* pem_cert_der of the PKI file NAME (e.g. "ca.pem"); exits if it holds no certificate. */
unsigned char *pki_cert_der(const char *name, size_t *len);
/* A CERT_STORE_PROV_MEMORY store holding every certificate of the PKI file NAME, added with
 * CertAddEncodedCertificateToStore (e.g. for SCHANNEL_CRED.hRootStore). NULL on failure (a failed
 * check). Close with CertCloseStore. */
HCERTSTORE pki_memory_store(const char *name);

/* ------------------------------------------------------------------ API flavours */

typedef enum {
    API_A,       /* direct calls, A entry points, UNISP_NAME_A */
    API_W,       /* direct calls, W entry points, UNISP_NAME_W, u"localhost" */
    API_TABLE_A, /* InitSecurityInterfaceA()->... */
    API_TABLE_W  /* InitSecurityInterfaceW()->... */
} Api;
#define API_COUNT 4
const char *api_name(Api api);
PSecurityFunctionTableA table_a(void);
PSecurityFunctionTableW table_w(void);

SECURITY_STATUS api_acquire(Api api, ULONG use, void *auth, CredHandle *out);
SECURITY_STATUS api_free_cred(Api api, CredHandle *cred);
SECURITY_STATUS api_query(Api api, CtxtHandle *ctx, ULONG attr, void *buf);
SECURITY_STATUS api_encrypt(Api api, CtxtHandle *ctx, SecBufferDesc *msg);
SECURITY_STATUS api_decrypt(Api api, CtxtHandle *ctx, SecBufferDesc *msg);
SECURITY_STATUS api_control(Api api, CtxtHandle *ctx, SecBufferDesc *in);
SECURITY_STATUS api_delete(Api api, CtxtHandle *ctx);
SECURITY_STATUS api_free_buffer(Api api, void *p);

/* ------------------------------------------------------------------ credentials */

/* SCHANNEL_CRED (SCHANNEL_CRED_VERSION) with cert (may be NULL). */
SECURITY_STATUS acquire_schannel(Api api, ULONG use, DWORD protocols, DWORD flags,
                                 PCCERT_CONTEXT cert, CredHandle *out);
/* SCH_CREDENTIALS (SCH_CREDENTIALS_VERSION); one TLS_PARAMETERS with grbitDisabledProtocols =
 * disabled when disabled != 0, none otherwise. */
SECURITY_STATUS acquire_sch_credentials(Api api, ULONG use, DWORD disabled, DWORD flags,
                                        PCCERT_CONTEXT cert, CredHandle *out);
/* acquire_schannel with SCHANNEL_CRED.hRootStore = roots (may be NULL). */
SECURITY_STATUS acquire_schannel_roots(Api api, ULONG use, DWORD protocols, DWORD flags,
                                       PCCERT_CONTEXT cert, HCERTSTORE roots, CredHandle *out);
/* The credential a Windows program passes for these SP_PROT_* bits: SCHANNEL_CRED (enabled =
 * protocols, hRootStore = roots) when they do not include TLS 1.3, else SCH_CREDENTIALS with every
 * other bit disabled, since Schannel never negotiates TLS 1.3 with a SCHANNEL_CRED. */
SECURITY_STATUS acquire_protocols(Api api, ULONG use, DWORD protocols, DWORD flags, PCCERT_CONTEXT cert,
                                  HCERTSTORE roots, CredHandle *out);
/* Server credential (acquire_protocols) with the certificate NAME loaded from src; 1 on success. */
int server_cred(Api api, const char *name, CertSource src, DWORD protocols, DWORD flags,
                CredHandle *out);
int client_cred(Api api, DWORD protocols, DWORD flags, CredHandle *out);
void free_cred(CredHandle *cred); /* FreeCredentialsHandle, checked */

/* curl's request flags; the returned flags must be exactly the RET equivalents. */
#define CURL_ISC_FLAGS \
    (ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY | \
     ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM)
#define CURL_ISC_RET \
    (ISC_RET_REPLAY_DETECT | ISC_RET_SEQUENCE_DETECT | ISC_RET_CONFIDENTIALITY | ISC_RET_STREAM | \
     ISC_RET_ALLOCATED_MEMORY)
#define SERVER_ASC_FLAGS \
    (ASC_REQ_SEQUENCE_DETECT | ASC_REQ_REPLAY_DETECT | ASC_REQ_CONFIDENTIALITY | \
     ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_STREAM)
#define SERVER_ASC_RET \
    (ASC_RET_REPLAY_DETECT | ASC_RET_SEQUENCE_DETECT | ASC_RET_CONFIDENTIALITY | ASC_RET_STREAM | \
     ASC_RET_ALLOCATED_MEMORY)

/* ------------------------------------------------------------------ transport */

typedef struct {
    unsigned char *data;
    size_t len, cap;
} ByteQueue;

void bq_push(ByteQueue *q, const void *p, size_t n);
void bq_drop(ByteQueue *q, size_t n); /* removes the first n bytes */
void bq_clear(ByteQueue *q);
void bq_free(ByteQueue *q);

/* ------------------------------------------------------------------ peers */

/* Returned by peer_handshake_step when the peer waits for bytes that have not arrived. */
#define STEP_IDLE ((SECURITY_STATUS)0x7fff0001)
/* Returned by pair_handshake when neither side can make progress. */
#define HANDSHAKE_STUCK ((SECURITY_STATUS)0x7fff0002)

typedef struct Peer {
    const char *role; /* "client" / "server" */
    int server;
    Api api;
    CredHandle cred;
    CtxtHandle ctx;
    int have_ctx;
    ULONG req;        /* ISC_REQ_* / ASC_REQ_* */
    ULONG attrs;      /* returned flags of the last successful call */
    ULONG first_attrs;
    const char *target; /* client: pszTargetName (ASCII); NULL = none */
    /* client: when set, the W entry points get this pointer as pszTargetName, as it is (a narrow
     * string cast to SEC_WCHAR *, say) */
    const void *raw_wide_target;
    /* SECBUFFER_APPLICATION_PROTOCOLS bytes for the first ISC/ASC (NULL = none) */
    const void *alpn;
    ULONG alpn_len;
    ByteQueue *wire_in, *wire_out;
    size_t recv_chunk; /* bytes per simulated recv(); 0 = everything available */
    /* received and not yet processed: webcli's IoBuffer */
    unsigned char *io;
    size_t io_len, io_cap;
    int need_read;
    int done;
    SECURITY_STATUS error;
    unsigned hs_calls, hs_incomplete;
    unsigned records, renegotiations;
    size_t followup_token_bytes; /* sent by follow-up calls after SEC_I_RENEGOTIATE */
    int peer_closed; /* SEC_I_CONTEXT_EXPIRED seen */
    SecPkgContext_StreamSizes sizes;
    int have_sizes;
} Peer;

typedef struct {
    Peer client, server;
    ByteQueue c2s, s2c;
} Pair;

/* Contexts are created by the handshake; the credentials stay owned by the caller. */
void pair_init(Pair *p, Api client_api, CredHandle client, Api server_api, CredHandle server);
void pair_free(Pair *p); /* DeleteSecurityContext on both (checked), buffers freed */

/* Simulated recv(): moves up to recv_chunk bytes from wire_in to io; returns the count. */
size_t peer_pull(Peer *p);
/* ISC (client; A/W/table per api) or ASC with phContext = the peer's context (NULL before the
 * first success), phNewContext = a copy; keeps the handle on OK/CONTINUE_NEEDED and checks it
 * did not change. */
SECURITY_STATUS peer_call(Peer *p, SecBufferDesc *in, SecBufferDesc *out, ULONG *attrs);
/* One iteration of the classic handshake loop; STEP_IDLE when waiting for bytes. */
SECURITY_STATUS peer_handshake_step(Peer *p);
/* Drives both loops until both return SEC_E_OK; the first failure otherwise. */
SECURITY_STATUS pair_handshake(Pair *p);

SecPkgContext_StreamSizes peer_sizes(Peer *p);
SECURITY_STATUS peer_query(Peer *p, ULONG attr, void *buf);
/* One EncryptMessage of len bytes (any len: the error paths use this too), laid out as
 * STREAM_HEADER|DATA|STREAM_TRAILER|EMPTY from STREAM_SIZES; on success the record is appended
 * to out. */
SECURITY_STATUS peer_encrypt(Peer *p, const void *data, size_t len, ByteQueue *out);
/* Sends data in records of at most cbMaximumMessage (one empty record for len 0). */
SECURITY_STATUS peer_send(Peer *p, const void *data, size_t len);
/* The DecryptMessage loop over everything received so far: appends the plaintext, answers
 * SEC_I_RENEGOTIATE with the follow-up ISC/ASC. Returns SEC_E_OK when it needs more bytes,
 * SEC_I_CONTEXT_EXPIRED on the peer's close_notify, or the failure. */
SECURITY_STATUS peer_recv(Peer *p, ByteQueue *plain);
/* The follow-up ISC/ASC after SEC_I_RENEGOTIATE with the unprocessed bytes as TOKEN; checks
 * SEC_E_OK and every byte back as SECBUFFER_EXTRA; sends whatever token it returns. */
SECURITY_STATUS peer_followup(Peer *p, size_t *token_len);
/* ApplyControlToken(SCHANNEL_SHUTDOWN) then ISC (client) / ASC (server) with pInput NULL, or
 * the other function when other_function is set (ASC on a client context, ISC on a server
 * context as aws-c-io does). Checks SEC_E_OK with a token and the same handle back; the
 * close_notify record is appended to out (NULL: sent to the peer). */
SECURITY_STATUS peer_shutdown(Peer *p, int other_function, ByteQueue *out);

/* data client->server then server->client; 1 when both arrive intact */
int pair_exchange(Pair *p, const void *data, size_t len);

/* A pair with its own credentials: server certificate NAME (PFX), SP_PROT_* bits for each side
 * (acquire_protocols), API_A. conn_connect also runs the handshake and one exchange (so a TLS 1.3
 * client has taken its tickets); both return 1 on success. conn_close frees everything. */
typedef struct {
    Pair p;
    CredHandle cc, sc;
} Conn;
int conn_open(Conn *c, const char *key, DWORD client_protocols, DWORD server_protocols);
int conn_connect(Conn *c, const char *key, DWORD client_protocols, DWORD server_protocols);
void conn_close(Conn *c);

/* A single ISC/ASC with an explicit TOKEN input ([TOKEN, EMPTY], or pInput NULL when
 * in == NULL && use_input == 0) and an ALLOCATE_MEMORY output; the token goes to `token`. */
typedef struct {
    SECURITY_STATUS status;
    ULONG in1_type, in1_cb; /* input[1] afterwards */
    ULONG attrs;
    size_t token_len, alert_len; /* set by peer_call_input */
} CallResult;
CallResult peer_call_bytes(Peer *p, const void *in, size_t len, int use_input, ByteQueue *token);

/* The input of a call on an established context (a follow-up to SEC_I_RENEGOTIATE, or a redo):
 * pInput NULL (Qt), [TOKEN of 0 bytes with pvBuffer non-NULL, EMPTY] (the SDK WebClient's fresh
 * buffer, curl with nothing left), [TOKEN of 0 bytes with pvBuffer NULL, EMPTY] (.NET's empty
 * span), or [TOKEN = the given bytes, EMPTY] (curl, aws-c-io: the EXTRA bytes). */
typedef enum { INPUT_NULL, INPUT_EMPTY_TOKEN, INPUT_NULL_TOKEN, INPUT_TOKEN } InputKind;
#define INPUT_KIND_COUNT 4
const char *input_kind_name(InputKind k);
/* One ISC/ASC (per p->api, p->req, p->cred) with that input and the output curl uses,
 * [TOKEN, ALERT, EMPTY] (ALLOCATE_MEMORY). The token and the alert are appended to `token` and
 * `alert` (each may be NULL) and freed; their sizes are in the result. */
CallResult peer_call_input(Peer *p, InputKind kind, const void *in, size_t len, ByteQueue *token,
                           ByteQueue *alert);

/* One DecryptMessage ([DATA = all of `in`, EMPTY, EMPTY, EMPTY]) with the checks peer_recv makes
 * on the returned layout. On OK / RENEGOTIATE / CONTEXT_EXPIRED the plaintext is appended to
 * `plain` (may be NULL) and `in` keeps exactly the EXTRA bytes; otherwise `in` is unchanged
 * (missing = the SECBUFFER_MISSING count on INCOMPLETE). */
typedef struct {
    SECURITY_STATUS status;
    size_t data_len, extra_len, missing;
} Decrypted;
Decrypted peer_decrypt(Peer *p, ByteQueue *in, ByteQueue *plain);

/* ------------------------------------------------------------------ randomness, checksums */

/* xorshift64*: deterministic, so a failure can be replayed from its seed (non-zero). */
typedef struct {
    uint64_t s;
} Rng;
uint64_t rng_next(Rng *r);
uint64_t rng_below(Rng *r, uint64_t n); /* uniform enough in [0, n); 0 when n == 0 */
void rng_fill(Rng *r, void *buf, size_t n);
/* acc * 31 + byte over the bytes: an order-sensitive digest of a byte stream */
uint64_t checksum_add(uint64_t acc, const void *data, size_t n);

/* Serialized SEC_APPLICATION_PROTOCOLS for an ALPN list "a,b,c"; returns its length. */
ULONG make_alpn(const char *csv, unsigned char *buf, size_t cap);

/* ------------------------------------------------- blocking client I/O (the helper programs) */

/* One TCP connection to 127.0.0.1 and the bytes received and not yet consumed, as the SDK
 * samples and curl keep them: SSPI calls take `io[0..io_len]`, and what they leave as
 * SECBUFFER_EXTRA is moved to the front. */
typedef struct {
    int fd;
    size_t io_len;
    unsigned char io[65536];
} BlockingConn;
int blocking_connect(BlockingConn *c, const char *port); /* 0 on success */
int blocking_send_all(BlockingConn *c, const void *p, size_t n); /* 0 on success */
/* Appends what the socket has to io; 0 when the peer closed, on error, or when io is full. */
int blocking_receive_more(BlockingConn *c);
/* Keeps the SECBUFFER_EXTRA bytes among b[0..count) (the tail of io); drops the rest. */
void blocking_keep_extra(BlockingConn *c, const SecBuffer *b, ULONG count);
void blocking_close(BlockingConn *c);

#endif
