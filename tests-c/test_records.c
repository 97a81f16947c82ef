/*
 * Record framing as Windows callers rely on it:
 *  - DecryptMessage with a record cut at every byte boundary (SEC_E_INCOMPLETE_MESSAGE, [0]
 *    SECBUFFER_MISSING with the missing count), then whole;
 *  - several records coalesced in one buffer come out one per call with SECBUFFER_EXTRA;
 *  - handshake input split: MISSING 5 / 1 / record remainder, trailing bytes as EXTRA;
 *  - whole handshakes with one side's input delivered one byte at a time.
 */
#include "common.h"

static const struct {
    const char *name;
    DWORD client, server;
} VERSIONS[] = {
    {"TLS 1.2", SP_PROT_TLS1_2_CLIENT, SP_PROT_TLS1_2_SERVER},
    {"TLS 1.3", SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER},
};

static int conn_open_v(Conn *c, int v, const char *key)
{
    return conn_open(c, key, VERSIONS[v].client, VERSIONS[v].server);
}

/* One DecryptMessage over exactly `len` bytes (in a buffer of that size, so that valgrind sees
 * any read past it). */
static SECURITY_STATUS decrypt_exact(Peer *p, const unsigned char *rec, size_t len, SecBuffer out[4],
                                     unsigned char **buf_out)
{
    unsigned char *buf = malloc(len ? len : 1);
    memcpy(buf, rec, len);
    out[0] = (SecBuffer){(ULONG)len, SECBUFFER_DATA, buf};
    for (int i = 1; i < 4; i++)
        out[i] = (SecBuffer){0, SECBUFFER_EMPTY, NULL};
    SecBufferDesc d = {SECBUFFER_VERSION, 4, out};
    SECURITY_STATUS s = DecryptMessage(&p->ctx, &d, 0, NULL);
    *buf_out = buf;
    return s;
}

/* ---------------------------------------------------------------- split data records */

/* CONTRACT §6 */
static void split_records(int v)
{
    Conn c;
    test_case("%s: record split at every byte", VERSIONS[v].name);
    if (!conn_open_v(&c, v, "ecdsa"))
        return;
    if (CHECK_STATUS(pair_handshake(&c.p), SEC_E_OK)) {
        CHECK(pair_exchange(&c.p, "warm-up", 7)); /* TLS 1.3: the client takes its tickets */
        Peer *dirs[2][2] = {{&c.p.client, &c.p.server}, {&c.p.server, &c.p.client}};
        for (int dir = 0; dir < 2; dir++) {
            Peer *from = dirs[dir][0], *to = dirs[dir][1];
            static const char msg[] = "split me at every byte boundary";
            ByteQueue rec = {0};
            CHECK_STATUS(peer_encrypt(from, msg, sizeof msg - 1, &rec), SEC_E_OK);
            size_t reclen = rec.len;
            CHECK_EQ(reclen, 5 + ((unsigned)rec.data[3] << 8 | rec.data[4]));
            int bad = 0;
            for (size_t have = 0; have < reclen; have++) {
                SecBuffer b[4];
                unsigned char *buf;
                SECURITY_STATUS s = decrypt_exact(to, rec.data, have, b, &buf);
                size_t want = have < 5 ? 5 - have : reclen - have;
                bad |= !CHECK_STATUS(s, SEC_E_INCOMPLETE_MESSAGE);
                bad |= !CHECK_EQ(b[0].BufferType, SECBUFFER_MISSING);
                bad |= !CHECK_EQ(b[0].cbBuffer, want);
                /* Nothing consumed: the caller's bytes are not decrypted in place. (The
                 * GCM tag is left out: memcheck wrongly sees ring's tags as undefined.) */
                size_t body = have < reclen - 16 ? have : reclen - 16;
                bad |= !CHECK(memcmp(buf, rec.data, body) == 0);
                free(buf);
                if (bad) {
                    fprintf(stderr, "  (at %zu of %zu bytes)\n", have, reclen);
                    break;
                }
            }
            /* Then the whole record. */
            SecBuffer b[4];
            unsigned char *buf;
            if (CHECK_STATUS(decrypt_exact(to, rec.data, reclen, b, &buf), SEC_E_OK)) {
                CHECK_EQ(b[0].BufferType, SECBUFFER_STREAM_HEADER);
                CHECK_EQ(b[1].BufferType, SECBUFFER_DATA);
                CHECK_EQ(b[2].BufferType, SECBUFFER_STREAM_TRAILER);
                CHECK(b[3].BufferType != SECBUFFER_EXTRA);
                CHECK_MEM(b[1].pvBuffer, b[1].cbBuffer, msg, sizeof msg - 1);
                CHECK_EQ((size_t)b[0].cbBuffer + b[1].cbBuffer + b[2].cbBuffer, reclen);
            }
            free(buf);

            /* The same through the receive loop, the record arriving one byte per recv(). */
            to->recv_chunk = 1;
            ByteQueue plain = {0};
            unsigned before = to->records;
            CHECK_STATUS(peer_send(from, msg, sizeof msg - 1), SEC_E_OK);
            CHECK_STATUS(peer_recv(to, &plain), SEC_E_OK);
            CHECK_MEM(plain.data, plain.len, msg, sizeof msg - 1);
            CHECK_EQ(to->records - before, 1);
            to->recv_chunk = 0;
            bq_free(&plain);
            bq_free(&rec);
        }
    }
    conn_close(&c);
}

/* ---------------------------------------------------------------- coalesced records */

/* CONTRACT §6 */
static void coalesced_records(int v)
{
    Conn c;
    test_case("%s: coalesced records", VERSIONS[v].name);
    if (!conn_open_v(&c, v, "rsa"))
        return;
    if (CHECK_STATUS(pair_handshake(&c.p), SEC_E_OK)) {
        CHECK(pair_exchange(&c.p, "warm-up", 7));
        static unsigned char payload[7][16384];
        static const size_t sizes[7] = {100, 1, 0, 16384, 300, 2, 777};
        ByteQueue wire = {0};
        for (int i = 0; i < 7; i++) {
            memset(payload[i], 'a' + i, sizes[i]);
            CHECK_STATUS(peer_encrypt(&c.p.client, payload[i], sizes[i], &wire), SEC_E_OK);
        }
        /* Only the first 7 bytes of the last record have arrived. */
        ByteQueue last = {0};
        CHECK_STATUS(peer_encrypt(&c.p.client, "the tail record", 15, &last), SEC_E_OK);
        bq_push(&wire, last.data, 7);

        /* webcli's loop: DATA = everything received; on EXTRA memmove the rest to the front. */
        unsigned char *io = malloc(wire.len + last.len);
        memcpy(io, wire.data, wire.len);
        size_t have = wire.len;
        for (int i = 0; i < 7; i++) {
            SecBuffer b[4] = {{(ULONG)have, SECBUFFER_DATA, io},
                              {0, SECBUFFER_EMPTY, NULL},
                              {0, SECBUFFER_EMPTY, NULL},
                              {0, SECBUFFER_EMPTY, NULL}};
            SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
            if (!CHECK_STATUS(DecryptMessage(&c.p.server.ctx, &d, 0, NULL), SEC_E_OK))
                break;
            CHECK_EQ(b[0].BufferType, SECBUFFER_STREAM_HEADER);
            CHECK(b[0].pvBuffer == io);
            CHECK_EQ(b[1].BufferType, SECBUFFER_DATA);
            CHECK_MEM(b[1].pvBuffer, b[1].cbBuffer, payload[i], sizes[i]);
            CHECK_EQ(b[2].BufferType, SECBUFFER_STREAM_TRAILER);
            size_t consumed = (size_t)b[0].cbBuffer + b[1].cbBuffer + b[2].cbBuffer;
            /* EXTRA: pv = first unprocessed byte, cb = how many follow */
            if (!CHECK_EQ(b[3].BufferType, SECBUFFER_EXTRA))
                break;
            CHECK(b[3].pvBuffer == io + consumed);
            CHECK_EQ(b[3].cbBuffer, have - consumed);
            memmove(io, b[3].pvBuffer, b[3].cbBuffer);
            have = b[3].cbBuffer;
        }
        CHECK_EQ(have, 7);
        /* The partial record: incomplete, the rest is missing. */
        SecBuffer b[4] = {{(ULONG)have, SECBUFFER_DATA, io},
                          {0, SECBUFFER_EMPTY, NULL},
                          {0, SECBUFFER_EMPTY, NULL},
                          {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
        CHECK_STATUS(DecryptMessage(&c.p.server.ctx, &d, 0, NULL), SEC_E_INCOMPLETE_MESSAGE);
        CHECK_EQ(b[0].BufferType, SECBUFFER_MISSING);
        CHECK_EQ(b[0].cbBuffer, last.len - 7);
        /* The rest arrives: the record decrypts, nothing extra. */
        memcpy(io + 7, last.data + 7, last.len - 7);
        have = last.len;
        SecBuffer b2[4] = {{(ULONG)have, SECBUFFER_DATA, io},
                           {0, SECBUFFER_EMPTY, NULL},
                           {0, SECBUFFER_EMPTY, NULL},
                           {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc d2 = {SECBUFFER_VERSION, 4, b2};
        if (CHECK_STATUS(DecryptMessage(&c.p.server.ctx, &d2, 0, NULL), SEC_E_OK)) {
            CHECK_MEM(b2[1].pvBuffer, b2[1].cbBuffer, "the tail record", 15);
            CHECK(b2[3].BufferType != SECBUFFER_EXTRA);
        }
        free(io);
        bq_free(&wire);
        bq_free(&last);
        /* The connection carries on. */
        CHECK(pair_exchange(&c.p, "after", 5));
    }
    conn_close(&c);
}

/* ---------------------------------------------------------------- split handshake input */

static void check_split_flight(Peer *client, const ByteQueue *flight)
{
    ByteQueue tok = {0};
    size_t rec1 = (size_t)flight->data[3] << 8 | flight->data[4];
    struct {
        size_t have, missing;
    } cases[] = {{0, 5}, {1, 4}, {4, 1}, {5, rec1}, {5 + rec1 - 1, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        CallResult r = peer_call_bytes(client, flight->data, cases[i].have, 1, &tok);
        CHECK_STATUS(r.status, SEC_E_INCOMPLETE_MESSAGE);
        CHECK_EQ(r.in1_type, SECBUFFER_MISSING);
        CHECK_EQ(r.in1_cb, cases[i].missing);
        CHECK_EQ(tok.len, 0); /* no output */
    }
    bq_free(&tok);
}

/* CONTRACT §4 */
static void split_handshake_input(int v)
{
    Conn c;
    test_case("%s: handshake input split", VERSIONS[v].name);
    if (!conn_open_v(&c, v, "rsa"))
        return;
    Peer *cl = &c.p.client, *sv = &c.p.server;
    int tls13 = v == 1;

    CallResult r = peer_call_bytes(cl, NULL, 0, 0, &c.p.c2s); /* ClientHello */
    CHECK_STATUS(r.status, SEC_I_CONTINUE_NEEDED);
    CHECK(c.p.c2s.len > 0);
    r = peer_call_bytes(sv, c.p.c2s.data, c.p.c2s.len, 1, &c.p.s2c);
    CHECK_STATUS(r.status, SEC_I_CONTINUE_NEEDED);
    CHECK(r.in1_type != SECBUFFER_EXTRA);
    bq_clear(&c.p.c2s);
    if (!CHECK(c.p.s2c.len > 5)) {
        conn_close(&c);
        return;
    }
    ByteQueue flight = {0};
    bq_push(&flight, c.p.s2c.data, c.p.s2c.len);
    bq_clear(&c.p.s2c);

    check_split_flight(cl, &flight);

    /* The whole flight followed by 3 bytes of a record not yet complete: they come back as
     * SECBUFFER_EXTRA (curl and webcli move them to the front of the buffer). */
    bq_push(&flight, "\x17\x03\x03", 3);
    r = peer_call_bytes(cl, flight.data, flight.len, 1, &c.p.c2s);
    CHECK_STATUS(r.status, tls13 ? SEC_E_OK : SEC_I_CONTINUE_NEEDED);
    CHECK_EQ(r.in1_type, SECBUFFER_EXTRA);
    CHECK_EQ(r.in1_cb, 3);
    CHECK(c.p.c2s.len > 0); /* TLS 1.2: ClientKeyExchange..Finished; TLS 1.3: Finished */

    r = peer_call_bytes(sv, c.p.c2s.data, c.p.c2s.len, 1, &c.p.s2c);
    CHECK_STATUS(r.status, SEC_E_OK);
    CHECK(r.in1_type != SECBUFFER_EXTRA);
    bq_clear(&c.p.c2s);
    sv->done = 1;

    /* The server's application data right behind its last flight. */
    CHECK_STATUS(peer_send(sv, "first words", 11), SEC_E_OK);
    if (!tls13) {
        /* TLS 1.2: the client's last ISC gets [CCS, Finished, data]: OK with the data as EXTRA. */
        ByteQueue in = {0};
        bq_push(&in, c.p.s2c.data, c.p.s2c.len);
        bq_clear(&c.p.s2c);
        size_t data_rec = 11 + 13 + 16;
        ByteQueue tok = {0};
        r = peer_call_bytes(cl, in.data, in.len, 1, &tok);
        CHECK_STATUS(r.status, SEC_E_OK);
        CHECK_EQ(r.in1_type, SECBUFFER_EXTRA);
        CHECK_EQ(r.in1_cb, data_rec);
        CHECK_EQ(tok.len, 0);
        /* The EXTRA bytes are the first input of the receive loop. */
        bq_push(cl->wire_in, in.data + in.len - r.in1_cb, r.in1_cb);
        bq_free(&tok);
        bq_free(&in);
    }
    cl->done = 1;
    ByteQueue plain = {0};
    CHECK_STATUS(peer_recv(cl, &plain), SEC_E_OK);
    CHECK_MEM(plain.data, plain.len, "first words", 11);
    if (tls13)
        CHECK(cl->renegotiations >= 1); /* the tickets came first */
    bq_free(&plain);
    CHECK(pair_exchange(&c.p, "and more", 8));
    bq_free(&flight);
    conn_close(&c);
}

/* ---------------------------------------------------------------- one byte at a time */

/* CONTRACT §4, §6 */
static void byte_at_a_time(int v, int server_side)
{
    Conn c;
    test_case("%s: %s input one byte per recv()", VERSIONS[v].name, server_side ? "server" : "client");
    if (!conn_open_v(&c, v, server_side ? "ecdsa" : "rsa"))
        return;
    Peer *slow = server_side ? &c.p.server : &c.p.client;
    slow->recv_chunk = 1;
    if (CHECK_STATUS(pair_handshake(&c.p), SEC_E_OK)) {
        /* Each byte short of a record is one more SEC_E_INCOMPLETE_MESSAGE round trip. */
        CHECK(slow->hs_incomplete > 100);
        CHECK(pair_exchange(&c.p, "slowly", 6));
        static unsigned char big[20000];
        memset(big, 0x5a, sizeof big);
        CHECK(pair_exchange(&c.p, big, sizeof big));
    }
    conn_close(&c);
}

int main(void)
{
    test_init();
    for (int v = 0; v < 2; v++) {
        split_records(v);
        coalesced_records(v);
        split_handshake_input(v);
        byte_at_a_time(v, 0);
        byte_at_a_time(v, 1);
    }
    test_case("%s", "");
    return test_finish("test_records");
}
