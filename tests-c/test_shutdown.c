/*
 * Shutdown and alerts (CONTRACT §8, wine-conformance §3.9 #84-#95): ApplyControlToken
 * validation, the plaintext alert before the handshake completes, the encrypted close_notify
 * after it (client via ISC, server via ASC, and ISC on a server context as aws-c-io does), and
 * what EncryptMessage/DecryptMessage return around it.
 */
#include "common.h"

#define TLS12 SP_PROT_TLS1_2_CLIENT, SP_PROT_TLS1_2_SERVER
#define TLS13 SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER

static const ULONG_PTR DEADBEEF = (ULONG_PTR)0xdeadbeef;
static const unsigned char CLOSE_NOTIFY[7] = {0x15, 0x03, 0x01, 0x00, 0x02, 0x01, 0x00};
static const unsigned char BAD_CERT[7] = {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x2a};

static SECURITY_STATUS act(CtxtHandle *ctx, ULONG type, ULONG cb, const void *token, ULONG nbuf)
{
    unsigned char tok[16] = {0};
    memcpy(tok, token, cb < sizeof tok ? cb : sizeof tok);
    SecBuffer b[2] = {{cb, type, tok}, {cb, type, tok}};
    SecBufferDesc d = {SECBUFFER_VERSION, nbuf, b};
    return ApplyControlToken(ctx, &d);
}

/* ---------------------------------------------------------------- ApplyControlToken checks */

static void control_token_validation(CtxtHandle *ctx)
{
    DWORD shutdown = SCHANNEL_SHUTDOWN, reneg = SCHANNEL_RENEGOTIATE;
    unsigned char five[5] = {SCHANNEL_SHUTDOWN, 0, 0, 0, 0x77};
    DWORD b[1] = {SCHANNEL_SHUTDOWN};
    SecBuffer two[2] = {{4, SECBUFFER_TOKEN, b}, {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc d2 = {SECBUFFER_VERSION, 2, two};

    test_case("ApplyControlToken validation");
    CHECK_STATUS(act(ctx, SECBUFFER_TOKEN, 4, &shutdown, 2), SEC_E_INVALID_TOKEN); /* two TOKENs */
    CHECK_STATUS(ApplyControlToken(ctx, &d2), SEC_E_INVALID_TOKEN);                 /* TOKEN + EMPTY */
    CHECK_STATUS(act(ctx, SECBUFFER_TOKEN, 4, &reneg, 1), SEC_E_UNSUPPORTED_FUNCTION);
    CHECK_STATUS(act(NULL, SECBUFFER_TOKEN, 4, &shutdown, 1), SEC_E_INVALID_HANDLE);
    CHECK_STATUS(ApplyControlToken(NULL, NULL), SEC_E_INVALID_HANDLE);
    CHECK_STATUS(ApplyControlToken(ctx, NULL), SEC_E_INTERNAL_ERROR);
    CHECK_STATUS(act(ctx, SECBUFFER_ALERT, 4, &shutdown, 1), SEC_E_INVALID_TOKEN);
    CHECK_STATUS(act(ctx, SECBUFFER_DATA, 4, &shutdown, 1), SEC_E_INVALID_TOKEN);
    CHECK_STATUS(act(ctx, SECBUFFER_TOKEN, 2, &shutdown, 1), SEC_E_UNSUPPORTED_FUNCTION);
    SCHANNEL_ALERT_TOKEN short_alert = {SCHANNEL_ALERT, TLS1_ALERT_FATAL, TLS1_ALERT_BAD_CERTIFICATE};
    CHECK_STATUS(act(ctx, SECBUFFER_TOKEN, 8, &short_alert, 1), SEC_E_INVALID_TOKEN);
    CHECK_STATUS(act(ctx, SECBUFFER_TOKEN, 5, five, 1), SEC_E_OK);
    CHECK_STATUS(act(ctx, SECBUFFER_TOKEN, 5, five, 1), SEC_E_OK); /* repeating it is fine */
}

/* ---------------------------------------------------------------- before the handshake */

/* CONTRACT §8 */
static void before_handshake(DWORD cp, DWORD sp, const char *name)
{
    Conn c;
    static unsigned char outbuf[1000], inbuf[1000], outbuf2[1000];
    CtxtHandle ctx2;
    ULONG attrs;
    SECURITY_STATUS s;
    conn_open(&c, "ecdsa", cp, sp);
    Peer *cl = &c.p.client;
    test_case("%s: client before the handshake completes", name);
    CHECK_STATUS(peer_call_bytes(cl, NULL, 0, 0, &c.p.c2s).status, SEC_I_CONTINUE_NEEDED);
    control_token_validation(&cl->ctx);

    test_case("%s: pending shutdown before the handshake", name);
    /* The next ISC ignores its input and returns the plaintext close_notify. */
    memset(inbuf, 0x5a, sizeof inbuf);
    SecBuffer ib = {sizeof inbuf, SECBUFFER_TOKEN, inbuf};
    SecBufferDesc id = {SECBUFFER_VERSION, 1, &ib};
    SecBuffer ob = {sizeof outbuf, SECBUFFER_TOKEN, outbuf};
    SecBufferDesc od = {SECBUFFER_VERSION, 1, &ob};
    s = InitializeSecurityContextA(&cl->cred, &cl->ctx, NULL, 0, 0, 0, &id, 0, &ctx2, &od, &attrs, NULL);
    if (CHECK_STATUS(s, SEC_E_OK)) {
        CHECK(ctx2.dwLower == cl->ctx.dwLower && ctx2.dwUpper == cl->ctx.dwUpper);
        CHECK_MEM(outbuf, ob.cbBuffer, CLOSE_NOTIFY, 7);
    }
    /* Nothing more is pending: NULL input is incomplete, the outputs are left alone. */
    SecBuffer ob2 = {sizeof outbuf2, SECBUFFER_TOKEN, outbuf2};
    SecBufferDesc od2 = {SECBUFFER_VERSION, 1, &ob2};
    ctx2.dwLower = ctx2.dwUpper = DEADBEEF;
    s = InitializeSecurityContextA(&cl->cred, &cl->ctx, NULL, 0, 0, 0, NULL, 0, &ctx2, &od2, &attrs, NULL);
    CHECK_STATUS(s, SEC_E_INCOMPLETE_MESSAGE);
    CHECK(ctx2.dwLower == DEADBEEF && ctx2.dwUpper == DEADBEEF);
    CHECK_EQ(ob2.cbBuffer, sizeof outbuf2);
    CHECK_EQ(ob2.BufferType, SECBUFFER_TOKEN);

    /* Again, with pInput and phNewContext NULL. */
    DWORD shutdown = SCHANNEL_SHUTDOWN;
    CHECK_STATUS(act(&cl->ctx, SECBUFFER_TOKEN, 4, &shutdown, 1), SEC_E_OK);
    ob = (SecBuffer){sizeof outbuf, SECBUFFER_TOKEN, outbuf};
    s = InitializeSecurityContextA(&cl->cred, &cl->ctx, NULL, 0, 0, 0, NULL, 0, NULL, &od, &attrs, NULL);
    if (CHECK_STATUS(s, SEC_E_OK))
        CHECK_MEM(outbuf, ob.cbBuffer, CLOSE_NOTIFY, 7);

    test_case("%s: SCHANNEL_ALERT_TOKEN before the handshake", name);
    SCHANNEL_ALERT_TOKEN alert = {SCHANNEL_ALERT, TLS1_ALERT_FATAL, TLS1_ALERT_BAD_CERTIFICATE};
    CHECK_STATUS(act(&cl->ctx, SECBUFFER_TOKEN, sizeof alert, &alert, 1), SEC_E_OK);
    ob = (SecBuffer){sizeof outbuf, SECBUFFER_TOKEN, outbuf};
    s = InitializeSecurityContextA(&cl->cred, &cl->ctx, NULL, 0, 0, 0, NULL, 0, NULL, &od, &attrs, NULL);
    if (CHECK_STATUS(s, SEC_E_OK))
        CHECK_MEM(outbuf, ob.cbBuffer, BAD_CERT, 7);

    /* The server side, mid-handshake, through ASC with a package-allocated token. */
    test_case("%s: server before the handshake completes", name);
    Peer *sv = &c.p.server;
    CHECK_STATUS(peer_call_bytes(sv, c.p.c2s.data, c.p.c2s.len, 1, &c.p.s2c).status, SEC_I_CONTINUE_NEEDED);
    CHECK_STATUS(act(&sv->ctx, SECBUFFER_TOKEN, 4, &shutdown, 1), SEC_E_OK);
    SecBuffer ab = {0, SECBUFFER_TOKEN, NULL};
    SecBufferDesc ad = {SECBUFFER_VERSION, 1, &ab};
    s = AcceptSecurityContext(&sv->cred, &sv->ctx, NULL, ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_STREAM, 0, NULL, &ad,
                              &attrs, NULL);
    if (CHECK_STATUS(s, SEC_E_OK))
        CHECK_MEM(ab.pvBuffer, ab.cbBuffer, CLOSE_NOTIFY, 7);
    if (ab.pvBuffer)
        CHECK_STATUS(FreeContextBuffer(ab.pvBuffer), SEC_E_OK);
    conn_close(&c);
}

/* ---------------------------------------------------------------- after the handshake */

static void check_encrypted_alert(const ByteQueue *rec, int tls13)
{
    /* Not the 7-byte plaintext alert: a protected record (TLS 1.3 hides it as application data). */
    CHECK(rec->len > 7);
    if (rec->len >= 5) {
        CHECK_EQ(rec->data[0], tls13 ? 0x17 : 0x15);
        CHECK(rec->data[1] == 3 && rec->data[2] == 3);
        CHECK_EQ(rec->len, 5 + ((size_t)rec->data[3] << 8 | rec->data[4]));
    }
}

/* One side closes (`closer`), the other keeps talking, then closes too. */
/* CONTRACT §8 */
static void after_handshake(DWORD cp, DWORD sp, const char *name, int server_first, int swap)
{
    Conn c;
    test_case("%s: %s closes first via %s", name, server_first ? "server" : "client",
              (server_first ^ swap) ? "ASC" : "ISC");
    if (!conn_connect(&c, "ecdsa", cp, sp))
        goto out;
    int tls13 = cp == SP_PROT_TLS1_3_CLIENT;
    Peer *closer = server_first ? &c.p.server : &c.p.client;
    Peer *other = server_first ? &c.p.client : &c.p.server;

    /* A record the closer made before closing, delivered just ahead of its close_notify. */
    ByteQueue before = {0};
    CHECK_STATUS(peer_encrypt(closer, "before the close", 16, &before), SEC_E_OK);

    ByteQueue alert = {0};
    if (!CHECK_STATUS(peer_shutdown(closer, swap, &alert), SEC_E_OK))
        goto out2;
    check_encrypted_alert(&alert, tls13);

    /* Sending is over for the closer. */
    ByteQueue junk = {0};
    CHECK_STATUS(peer_encrypt(closer, "no more", 7, &junk), SEC_E_CONTEXT_EXPIRED);
    CHECK_EQ(junk.len, 0);
    bq_free(&junk);

    /* Receiving is not: the other side's data still decrypts. */
    ByteQueue plain = {0};
    CHECK_STATUS(peer_send(other, "still readable", 14), SEC_E_OK);
    CHECK_STATUS(peer_send(other, "and this", 8), SEC_E_OK);
    CHECK_STATUS(peer_recv(closer, &plain), SEC_E_OK);
    CHECK_MEM(plain.data, plain.len, "still readableand this", 22);
    bq_clear(&plain);

    /* The other side reads what was sent before the close, then the close_notify. */
    bq_push(closer->wire_out, before.data, before.len);
    bq_push(closer->wire_out, alert.data, alert.len);
    CHECK_STATUS(peer_recv(other, &plain), SEC_I_CONTEXT_EXPIRED);
    CHECK_MEM(plain.data, plain.len, "before the close", 16);
    CHECK(other->peer_closed);
    CHECK_EQ(other->io_len, 0);
    bq_clear(&plain);
    /* Anything after it (here a copy of a real record): the context has expired. */
    bq_push(closer->wire_out, before.data, before.len);
    CHECK_STATUS(peer_recv(other, &plain), SEC_E_CONTEXT_EXPIRED);
    CHECK_EQ(plain.len, 0);
    other->io_len = 0;
    /* After the peer's close, EncryptMessage is over too. */
    CHECK_STATUS(peer_encrypt(other, "after", 5, &junk), SEC_E_CONTEXT_EXPIRED);
    bq_free(&junk);

    /* The other side answers with its own close_notify; the closer sees it. */
    ByteQueue reply = {0};
    if (CHECK_STATUS(peer_shutdown(other, swap, &reply), SEC_E_OK)) {
        check_encrypted_alert(&reply, tls13);
        bq_push(other->wire_out, reply.data, reply.len);
        CHECK_STATUS(peer_recv(closer, &plain), SEC_I_CONTEXT_EXPIRED);
        CHECK_EQ(plain.len, 0);
        bq_push(other->wire_out, "\x17\x03\x03\x00\x01x", 6);
        CHECK_STATUS(peer_recv(closer, &plain), SEC_E_CONTEXT_EXPIRED);
        closer->io_len = 0;
    }
    bq_free(&reply);
    bq_free(&plain);
out2:
    bq_free(&alert);
    bq_free(&before);
out:
    conn_close(&c);
}

/* TLS 1.3: the client closes before it has read the server's NewSessionTickets; reading the
 * server's reply afterwards goes through SEC_I_RENEGOTIATE and the follow-up ISC as usual. */
/* CONTRACT §7, §8 */
static void tickets_after_close(void)
{
    Conn c;
    test_case("TLS 1.3: client closes with the tickets unread");
    conn_open(&c, "rsa", TLS13);
    if (!CHECK_STATUS(pair_handshake(&c.p), SEC_E_OK))
        goto out;
    CHECK(c.p.s2c.len > 0); /* the tickets wait in the client's queue */
    ByteQueue alert = {0};
    CHECK_STATUS(peer_shutdown(&c.p.client, 0, &alert), SEC_E_OK);
    bq_push(&c.p.c2s, alert.data, alert.len);
    ByteQueue plain = {0};
    CHECK_STATUS(peer_send(&c.p.server, "response", 8), SEC_E_OK);
    CHECK_STATUS(peer_recv(&c.p.client, &plain), SEC_E_OK);
    CHECK_MEM(plain.data, plain.len, "response", 8);
    CHECK(c.p.client.renegotiations >= 1);
    CHECK_STATUS(peer_recv(&c.p.server, NULL), SEC_I_CONTEXT_EXPIRED);
    bq_free(&plain);
    bq_free(&alert);
out:
    conn_close(&c);
}

int main(void)
{
    test_init();
    before_handshake(TLS12, "TLS 1.2");
    before_handshake(TLS13, "TLS 1.3");
    for (int server_first = 0; server_first < 2; server_first++) {
        for (int swap = 0; swap < 2; swap++) {
            after_handshake(TLS12, "TLS 1.2", server_first, swap);
            after_handshake(TLS13, "TLS 1.3", server_first, swap);
        }
    }
    tickets_after_close();
    test_case("%s", "");
    return test_finish("test_shutdown");
}
