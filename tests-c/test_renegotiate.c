/*
 * SEC_I_RENEGOTIATE and the application's "redo" (CONTRACT.md §7, README "Choices where Windows
 * or the issue left room"), written the way Windows programs drive Schannel, on the in-memory
 * pair. Everything an in-memory rustls pair can produce: the server's TLS 1.3 NewSessionTickets,
 * TLS 1.3 KeyUpdates with update_requested (a redo from either side) and without (the answer to
 * a redo), and the refusals. TLS 1.2 HelloRequest / ClientHello are not produced by rustls: the
 * OpenSSL interop scripts cover them.
 *
 *   tickets         each ticket record: SEC_I_RENEGOTIATE (DATA cb 0, EXTRA = the ticket record
 *                   itself and what follows it in the same buffer); the client may write
 *                   meanwhile; the follow-up ISC with the EXTRA bytes as TOKEN returns SEC_E_OK,
 *                   an empty token, no alert, the requested flags, and consumes exactly the ticket
 *                   record (the rest comes back as SECBUFFER_EXTRA); with a 0-byte TOKEN (pv set
 *                   or NULL) or pInput NULL it consumes nothing and the next DecryptMessage takes
 *                   the processed record as one without data; the data after the tickets arrive
 *                   intact.
 *   redo            ISC on a client context / ASC on a server context (pInput NULL or a 0-byte
 *                   TOKEN): SEC_I_CONTINUE_NEEDED, a KeyUpdate(update_requested) token; the
 *                   initiator's data after it (same buffer or later); the peer's DecryptMessage:
 *                   SEC_I_RENEGOTIATE; its EncryptMessage: SEC_E_CONTEXT_EXPIRED until the
 *                   follow-up, whose token is its KeyUpdate reply; the reply comes back through
 *                   the initiator's DecryptMessage as SEC_I_RENEGOTIATE (writing allowed in that
 *                   window) and its follow-up returns SEC_E_OK with an empty token; data both ways.
 *   refusals        TLS 1.2 redo (ISC and ASC, every input form), a redo with another credential
 *                   handle (client and server), ASC redo with ASC_REQ_MUTUAL_AUTH,
 *                   ApplyControlToken(SCHANNEL_RENEGOTIATE) on both sides and both versions:
 *                   SEC_E_UNSUPPORTED_FUNCTION, no token; the connection stays usable (and a
 *                   proper TLS 1.3 redo still works afterwards).
 *   interleaved     tickets, redos from both sides and data in both directions, with what is in
 *                   flight delivered in random pieces (records split and coalesced), several
 *                   seeds and API flavours; every byte arrives, in order, on both ends.
 *   loops           the three classic receive loops of reference/schannel-spec.md §2.5, each
 *                   implemented as its program has it (curl's schannel_recv + renegotiation
 *                   through connect step 2/3, .NET's one-frame ReadAsyncInternal with
 *                   ReplyOnReAuthenticationAsync and writes held while it is pending, the SDK
 *                   WebClient's ReadDecrypt + ClientHandshakeLoop with a fresh buffer), driven
 *                   unchanged through one scenario (tickets, server and client redos, data both
 *                   ways, random splitting): all data byte-exact, the event counts exact.
 *   soak            thousands of redos in both directions among random data and random
 *                   delivery; a checksum of all data on both ends.
 *
 * The random parts use a fixed-seed xorshift64*: a failure replays exactly.
 */
#include "common.h"

typedef struct {
    Api c, s;
} ApiPair;
static const ApiPair APIS[] = {{API_A, API_A}, {API_W, API_TABLE_W}, {API_TABLE_A, API_W}};
#define APIS_COUNT (sizeof APIS / sizeof APIS[0])

/* A connection with its own credentials, handshake done, nothing read after it. */
typedef struct {
    Pair p;
    CredHandle cc, sc;
} Link;

static int link_open(Link *l, ApiPair apis, const char *key, DWORD cprot, DWORD sprot)
{
    memset(l, 0, sizeof *l);
    if (!server_cred(apis.s, key, CERT_PFX, sprot, 0, &l->sc))
        exit(1); /* the PKI is unusable: nothing else can work */
    if (!client_cred(apis.c, cprot, 0, &l->cc))
        exit(1);
    pair_init(&l->p, apis.c, l->cc, apis.s, l->sc);
    if (!CHECK_STATUS(pair_handshake(&l->p), SEC_E_OK))
        return 0;
    CHECK_EQ(l->p.client.first_attrs, CURL_ISC_RET);
    CHECK_EQ(l->p.server.first_attrs, SERVER_ASC_RET);
    return 1;
}

static void link_close(Link *l)
{
    pair_free(&l->p);
    free_cred(&l->cc);
    free_cred(&l->sc);
}

/* Everything the peer has received or is about to receive and has not processed (the EXTRA of
 * its last handshake call, then what is on its wire), moved into q. */
static void take_incoming(Peer *p, ByteQueue *q)
{
    bq_push(q, p->io, p->io_len);
    p->io_len = 0;
    bq_push(q, p->wire_in->data, p->wire_in->len);
    bq_clear(p->wire_in);
}

/* The flags every later call must return: those of the handshake (curl's ret_flags check). */
static ULONG ret_flags(const Peer *p)
{
    return p->first_attrs;
}

/* The follow-up ISC/ASC after SEC_I_RENEGOTIATE. `in` holds DecryptMessage's EXTRA: the event
 * record (opened in place), then whatever followed it. Checks SEC_E_OK, the flags (curl compares
 * them with the request) and no alert. Given as a TOKEN (curl, .NET, the docs), the call consumes
 * exactly the record and hands the rest back as SECBUFFER_EXTRA, which `in` keeps. Given nothing
 * (the SDK sample's handshake loop), `in` still starts with the record, and the next
 * DecryptMessage takes it as a record without data. The token goes to `token`. */
static CallResult followup(Peer *p, InputKind kind, ByteQueue *in, ByteQueue *token)
{
    size_t record = in->len >= 5 ? 5 + ((size_t)in->data[3] << 8 | in->data[4]) : 0;
    CHECK(record > 5 && record <= in->len);
    CallResult r = peer_call_input(p, kind, in->data, in->len, token, NULL);
    CHECK_STATUS(r.status, SEC_E_OK);
    CHECK_EQ(r.attrs, ret_flags(p));
    CHECK_EQ(r.alert_len, 0);
    if (kind == INPUT_TOKEN) {
        if (in->len > record) {
            CHECK_EQ(r.in1_type, SECBUFFER_EXTRA);
            CHECK_EQ(r.in1_cb, in->len - record);
        } else {
            CHECK(r.in1_type != SECBUFFER_EXTRA || r.in1_cb == 0);
        }
        bq_drop(in, record);
        return r;
    }
    if (kind != INPUT_NULL)
        CHECK(r.in1_type != SECBUFFER_EXTRA || r.in1_cb == 0);
    size_t before = in->len;
    Decrypted d = peer_decrypt(p, in, NULL);
    CHECK_STATUS(d.status, SEC_E_OK);
    CHECK_EQ(d.data_len, 0);
    CHECK_EQ(in->len, before - record);
    return r;
}

/* The application's redo: must be SEC_I_CONTINUE_NEEDED with a token (the KeyUpdate). */
static int redo(Peer *p, InputKind kind, ByteQueue *out)
{
    CallResult r = peer_call_input(p, kind, NULL, 0, out, NULL);
    int ok = CHECK_STATUS(r.status, SEC_I_CONTINUE_NEEDED);
    ok &= CHECK(r.token_len > 0);
    CHECK_EQ(r.alert_len, 0);
    CHECK_EQ(r.attrs, ret_flags(p));
    return ok;
}

static const char *side_name(const Peer *p)
{
    return p->server ? "server (ASC)" : "client (ISC)";
}

/* ========================================================================== tickets */

/* CONTRACT §7 */
static void tickets(ApiPair apis, InputKind kind)
{
    test_case("TLS 1.3 tickets, follow-up with %s, client %s, server %s", input_kind_name(kind),
              api_name(apis.c), api_name(apis.s));
    Link l;
    if (link_open(&l, apis, "ecdsa", SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER)) {
        Peer *c = &l.p.client, *s = &l.p.server;
        ByteQueue in = {0}, plain = {0}, token = {0};
        take_incoming(c, &in);
        CHECK(in.len > 0); /* the server's last flight carried its tickets */
        static const char after[] = "data after the tickets, in the same buffer";
        CHECK_STATUS(peer_encrypt(s, after, sizeof after - 1, &in), SEC_E_OK);
        unsigned events = 0;
        for (int guard = 0; guard < 16; guard++) {
            size_t before = in.len;
            Decrypted d = peer_decrypt(c, &in, &plain);
            if (d.status == SEC_E_OK)
                break;
            if (!CHECK_STATUS(d.status, SEC_I_RENEGOTIATE))
                break;
            events++;
            CHECK_EQ(d.data_len, 0);
            CHECK_EQ(d.extra_len, before); /* EXTRA starts at the ticket record */
            /* Nothing is owed for a ticket: a write in this window goes through. */
            CHECK_STATUS(peer_encrypt(c, "w", 1, c->wire_out), SEC_E_OK);
            followup(c, kind, &in, &token);
            CHECK_EQ(token.len, 0);
        }
        CHECK(events >= 1);
        CHECK_MEM(plain.data, plain.len, after, sizeof after - 1);
        CHECK_EQ(in.len, 0);
        /* the writes made between the events and their follow-ups, in order */
        ByteQueue got = {0};
        CHECK_STATUS(peer_recv(s, &got), SEC_E_OK);
        CHECK_EQ(got.len, events);
        CHECK(pair_exchange(&l.p, "after the tickets", 17));
        bq_free(&in);
        bq_free(&plain);
        bq_free(&token);
        bq_free(&got);
    }
    link_close(&l);
}

/* CONTRACT §7 */
static void ticket_last_record(ApiPair apis)
{
    /* curl's debug-build case: the ticket record is all that was read. EXTRA is that record, so
     * curl's copy for InitializeSecurityContext is never malloc(0); the follow-up consumes all
     * of it (the .NET PAL's Debug.Assert) and reports no EXTRA. */
    test_case("TLS 1.3 ticket as the last record read, client %s, server %s", api_name(apis.c),
              api_name(apis.s));
    Link l;
    if (link_open(&l, apis, "ecdsa", SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER)) {
        Peer *c = &l.p.client;
        ByteQueue in = {0}, plain = {0}, token = {0};
        take_incoming(c, &in);
        size_t record = in.len >= 5 ? 5 + ((size_t)in.data[3] << 8 | in.data[4]) : 0;
        CHECK_EQ(record, in.len); /* one record of tickets */
        Decrypted d = peer_decrypt(c, &in, &plain);
        CHECK_STATUS(d.status, SEC_I_RENEGOTIATE);
        CHECK_EQ(d.data_len, 0);
        CHECK_EQ(d.extra_len, record);
        CallResult r = peer_call_input(c, INPUT_TOKEN, in.data, in.len, &token, NULL);
        CHECK_STATUS(r.status, SEC_E_OK);
        CHECK(r.in1_type != SECBUFFER_EXTRA || r.in1_cb == 0);
        CHECK_EQ(r.token_len, 0);
        CHECK(pair_exchange(&l.p, "after the last ticket", 21));
        bq_free(&in);
        bq_free(&plain);
        bq_free(&token);
    }
    link_close(&l);
}

/* ========================================================================== redo */

/* One redo from `init`, answered by `resp`. `coalesce`: the initiator's data after its KeyUpdate
 * reach the responder in the same buffer (else later); the responder's data after its reply
 * likewise. */
static void redo_roundtrip(Peer *init, Peer *resp, InputKind redo_kind, InputKind fu_kind,
                           int coalesce)
{
    ByteQueue wire = {0}, in = {0}, plain = {0}, back = {0}, back_in = {0}, junk = {0};
    ByteQueue reply = {0}, token = {0};
    static const char m1[] = "initiator's data under its new key";
    static const char m2[] = "responder's data under its new key";
    if (!redo(init, redo_kind, &wire))
        goto out;
    size_t ku = wire.len;
    /* Nothing is owed by the initiator: it sends on at once (under its new key). */
    CHECK_STATUS(peer_encrypt(init, m1, sizeof m1 - 1, &wire), SEC_E_OK);
    bq_push(&in, wire.data, coalesce ? wire.len : ku);

    Decrypted d = peer_decrypt(resp, &in, &plain);
    CHECK_STATUS(d.status, SEC_I_RENEGOTIATE);
    CHECK_EQ(d.data_len, 0);
    CHECK_EQ(d.extra_len, coalesce ? wire.len : ku); /* from the KeyUpdate record on */
    /* The reply is owed: EncryptMessage refuses and produces nothing, however often asked. */
    CHECK_STATUS(peer_encrypt(resp, "too early", 9, &junk), SEC_E_CONTEXT_EXPIRED);
    CHECK_STATUS(peer_encrypt(resp, "", 0, &junk), SEC_E_CONTEXT_EXPIRED);
    CHECK_EQ(junk.len, 0);
    CallResult r = followup(resp, fu_kind, &in, &reply);
    CHECK(r.token_len > 0); /* the KeyUpdate reply */
    /* It works again: the reply goes first, then the data under the responder's new key. */
    bq_push(&back, reply.data, reply.len);
    CHECK_STATUS(peer_encrypt(resp, m2, sizeof m2 - 1, &back), SEC_E_OK);
    if (!coalesce)
        bq_push(&in, wire.data + ku, wire.len - ku);
    d = peer_decrypt(resp, &in, &plain);
    CHECK_STATUS(d.status, SEC_E_OK);
    CHECK_MEM(plain.data, plain.len, m1, sizeof m1 - 1);
    CHECK_EQ(in.len, 0);

    /* The answer reaches the initiator: its redo is complete after the follow-up. */
    bq_clear(&plain);
    bq_push(&back_in, back.data, coalesce ? back.len : reply.len);
    d = peer_decrypt(init, &back_in, &plain);
    CHECK_STATUS(d.status, SEC_I_RENEGOTIATE);
    CHECK_EQ(d.data_len, 0);
    CHECK_EQ(d.extra_len, coalesce ? back.len : reply.len);
    /* update_not_requested: nothing is owed, so writing in this window is fine. */
    bq_clear(&wire);
    CHECK_STATUS(peer_encrypt(init, "in the window", 13, &wire), SEC_E_OK);
    followup(init, fu_kind, &back_in, &token);
    CHECK_EQ(token.len, 0);
    if (!coalesce)
        bq_push(&back_in, back.data + reply.len, back.len - reply.len);
    d = peer_decrypt(init, &back_in, &plain);
    CHECK_STATUS(d.status, SEC_E_OK);
    CHECK_MEM(plain.data, plain.len, m2, sizeof m2 - 1);
    bq_clear(&plain);
    d = peer_decrypt(resp, &wire, &plain);
    CHECK_STATUS(d.status, SEC_E_OK);
    CHECK_MEM(plain.data, plain.len, "in the window", 13);
out:
    bq_free(&wire);
    bq_free(&in);
    bq_free(&plain);
    bq_free(&back);
    bq_free(&back_in);
    bq_free(&junk);
    bq_free(&reply);
    bq_free(&token);
}

/* CONTRACT §7 */
static void redos(ApiPair apis)
{
    Link l;
    test_case("TLS 1.3 redo, client %s, server %s: connect", api_name(apis.c), api_name(apis.s));
    if (!link_open(&l, apis, "ecdsa", SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER) ||
        !CHECK(pair_exchange(&l.p, "warm-up", 7))) {
        link_close(&l);
        return;
    }
    static const InputKind redo_kinds[] = {INPUT_NULL, INPUT_EMPTY_TOKEN, INPUT_NULL_TOKEN};
    for (int side = 0; side < 2; side++) {
        Peer *init = side ? &l.p.server : &l.p.client;
        Peer *resp = side ? &l.p.client : &l.p.server;
        for (int k = 0; k < INPUT_KIND_COUNT; k++) {
            for (int coalesce = 0; coalesce < 2; coalesce++) {
                InputKind rk = redo_kinds[(k + coalesce) % 3];
                test_case("TLS 1.3 redo by the %s with %s, client %s, server %s; follow-ups with %s; "
                          "data %s",
                          side_name(init), input_kind_name(rk), api_name(apis.c), api_name(apis.s),
                          input_kind_name((InputKind)k),
                          coalesce ? "in the same buffer as the event" : "later");
                redo_roundtrip(init, resp, rk, (InputKind)k, coalesce);
                CHECK(pair_exchange(&l.p, "both directions still flow", 26));
            }
        }
    }
    link_close(&l);
}

/* ========================================================================== refusals */

static SECURITY_STATUS control_renegotiate(Peer *p)
{
    DWORD type = SCHANNEL_RENEGOTIATE;
    SecBuffer b = {sizeof type, SECBUFFER_TOKEN, &type};
    SecBufferDesc d = {SECBUFFER_VERSION, 1, &b};
    return api_control(p->api, &p->ctx, &d);
}

static void refused(Peer *p, InputKind kind)
{
    ByteQueue token = {0};
    CallResult r = peer_call_input(p, kind, NULL, 0, &token, NULL);
    CHECK_STATUS(r.status, SEC_E_UNSUPPORTED_FUNCTION);
    CHECK_EQ(token.len, 0);
    CHECK_EQ(r.alert_len, 0);
    bq_free(&token);
}

/* CONTRACT §7 */
static void refusals_tls12(ApiPair apis)
{
    test_case("TLS 1.2 redo refused, client %s, server %s", api_name(apis.c), api_name(apis.s));
    Link l;
    if (link_open(&l, apis, "rsa", SP_PROT_TLS1_2_CLIENT, SP_PROT_TLS1_2_SERVER) &&
        CHECK(pair_exchange(&l.p, "warm-up", 7))) {
        for (int side = 0; side < 2; side++) {
            Peer *p = side ? &l.p.server : &l.p.client;
            test_case("TLS 1.2 redo refused on the %s, client %s, server %s", side_name(p),
                      api_name(apis.c), api_name(apis.s));
            refused(p, INPUT_NULL);
            refused(p, INPUT_EMPTY_TOKEN);
            refused(p, INPUT_NULL_TOKEN);
            CHECK(pair_exchange(&l.p, "still usable", 12));
            CHECK_STATUS(control_renegotiate(p), SEC_E_UNSUPPORTED_FUNCTION);
            CHECK(pair_exchange(&l.p, "still usable", 12));
        }
    }
    link_close(&l);
}

/* CONTRACT §7 */
static void refusals_tls13(ApiPair apis)
{
    test_case("TLS 1.3 refusals, client %s, server %s", api_name(apis.c), api_name(apis.s));
    Link l;
    if (!link_open(&l, apis, "ecdsa", SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER) ||
        !CHECK(pair_exchange(&l.p, "warm-up", 7))) {
        link_close(&l);
        return;
    }
    Peer *c = &l.p.client, *s = &l.p.server;

    test_case("TLS 1.3 client redo with another credential handle, client %s", api_name(apis.c));
    CredHandle other, own;
    if (client_cred(apis.c, SP_PROT_TLS1_3_CLIENT, 0, &other)) {
        own = c->cred;
        c->cred = other;
        refused(c, INPUT_NULL);
        refused(c, INPUT_EMPTY_TOKEN);
        c->cred = own;
        free_cred(&other);
    }
    CHECK(pair_exchange(&l.p, "still usable", 12));

    test_case("TLS 1.3 server redo with another credential handle, server %s", api_name(apis.s));
    if (server_cred(apis.s, "ecdsa", CERT_PEM, SP_PROT_TLS1_3_SERVER, 0, &other)) {
        own = s->cred;
        s->cred = other;
        refused(s, INPUT_NULL);
        refused(s, INPUT_EMPTY_TOKEN);
        s->cred = own;
        free_cred(&other);
    }
    CHECK(pair_exchange(&l.p, "still usable", 12));

    test_case("TLS 1.3 server redo with ASC_REQ_MUTUAL_AUTH, server %s", api_name(apis.s));
    s->req |= ASC_REQ_MUTUAL_AUTH;
    refused(s, INPUT_NULL);
    refused(s, INPUT_EMPTY_TOKEN);
    s->req &= ~(ULONG)ASC_REQ_MUTUAL_AUTH;
    CHECK(pair_exchange(&l.p, "still usable", 12));

    test_case("TLS 1.3 ApplyControlToken(SCHANNEL_RENEGOTIATE), client %s, server %s",
              api_name(apis.c), api_name(apis.s));
    CHECK_STATUS(control_renegotiate(c), SEC_E_UNSUPPORTED_FUNCTION);
    CHECK_STATUS(control_renegotiate(s), SEC_E_UNSUPPORTED_FUNCTION);
    CHECK(pair_exchange(&l.p, "still usable", 12));

    test_case("TLS 1.3 redo after the refusals, client %s, server %s", api_name(apis.c),
              api_name(apis.s));
    redo_roundtrip(c, s, INPUT_NULL, INPUT_TOKEN, 1);
    redo_roundtrip(s, c, INPUT_NULL, INPUT_TOKEN, 0);
    CHECK(pair_exchange(&l.p, "still usable", 12));
    link_close(&l);
}

/* ========================================================================== random delivery */

/* How many of `avail` bytes the next delivery (a recv()) hands over: everything, a few bytes, or
 * any amount, at random. */
static size_t random_piece(Rng *rng, size_t avail)
{
    if (!avail)
        return 0;
    switch (rng_below(rng, 3)) {
    case 0:
        return avail;
    case 1:
        return 1 + rng_below(rng, avail < 48 ? avail : 48);
    default:
        return 1 + rng_below(rng, avail);
    }
}

/* recv() on the simulated socket: up to cap bytes of what has arrived, a random amount; 0 when
 * nothing has (would block). */
static size_t sock_recv(ByteQueue *sock, Rng *rng, void *buf, size_t cap)
{
    size_t n = random_piece(rng, sock->len < cap ? sock->len : cap);
    if (n) {
        memcpy(buf, sock->data, n);
        bq_drop(sock, n);
    }
    return n;
}

/* Moves a random prefix of `from` (sometimes all of it) to the end of `to`. */
static void deliver(ByteQueue *from, ByteQueue *to, Rng *rng, int all)
{
    size_t n = all ? from->len : rng_below(rng, from->len + 1);
    bq_push(to, from->data, n);
    bq_drop(from, n);
}

static void random_data(Rng *rng, unsigned char *buf, size_t len)
{
    rng_fill(rng, buf, len);
}

/* One side of a random run with two common peers (peer_recv answers SEC_I_RENEGOTIATE with the
 * follow-up, TOKEN = the bytes after the record). */
typedef struct {
    Peer *p;
    ByteQueue flight; /* sent, not delivered yet (the peer's wire_out) */
    ByteQueue inbox;  /* delivered, not read yet (the peer's wire_in) */
    ByteQueue sent, got;
    int keep; /* keep the bytes (else only the checksums) */
    uint64_t sent_sum, got_sum;
    unsigned long long sent_len, got_len;
    unsigned redos;
} Side;

static void side_init(Side *sd, Peer *p, int keep)
{
    memset(sd, 0, sizeof *sd);
    sd->p = p;
    sd->keep = keep;
    /* anything on the peer's old wire is in flight to it */
}

static int side_pump(Side *to, Rng *rng)
{
    ByteQueue plain = {0};
    to->p->recv_chunk = rng_below(rng, 2) ? 0 : 1 + rng_below(rng, 3000);
    SECURITY_STATUS s = peer_recv(to->p, &plain);
    int ok = CHECK_STATUS(s, SEC_E_OK);
    to->got_sum = checksum_add(to->got_sum, plain.data, plain.len);
    to->got_len += plain.len;
    if (to->keep)
        bq_push(&to->got, plain.data, plain.len);
    bq_free(&plain);
    return ok;
}

typedef struct {
    unsigned steps;
    unsigned redo_percent;
    size_t max_len;
    int keep;
} RunShape;

/* Both sides act at random (data of random length, or a redo with pInput NULL or a 0-byte
 * TOKEN), what is in flight is delivered in random prefixes and read in random pieces. The
 * client's tickets are still unread at the start. Returns 1 when every check held. */
static int random_run(Pair *p, Rng *rng, RunShape shape, Side *cs, Side *ss)
{
    int failures_before = g_failures;
    side_init(cs, &p->client, shape.keep);
    side_init(ss, &p->server, shape.keep);
    /* What is still on the handshake wires is in flight. */
    bq_push(&cs->flight, p->c2s.data, p->c2s.len);
    bq_push(&ss->flight, p->s2c.data, p->s2c.len);
    bq_clear(&p->c2s);
    bq_clear(&p->s2c);
    p->client.wire_out = &cs->flight;
    p->client.wire_in = &cs->inbox;
    p->server.wire_out = &ss->flight;
    p->server.wire_in = &ss->inbox;
    unsigned char *buf = malloc(shape.max_len + 1);
    for (unsigned step = 0; step < shape.steps && g_failures == failures_before; step++) {
        Side *me = rng_below(rng, 2) ? cs : ss;
        if (rng_below(rng, 100) < shape.redo_percent) {
            if (!redo(me->p, rng_below(rng, 2) ? INPUT_NULL : INPUT_EMPTY_TOKEN, &me->flight))
                fprintf(stderr, "  (redo at step %u)\n", step);
            me->redos++;
        } else {
            size_t len = rng_below(rng, shape.max_len + 1);
            random_data(rng, buf, len);
            if (!CHECK_STATUS(peer_send(me->p, buf, len), SEC_E_OK))
                fprintf(stderr, "  (send at step %u)\n", step);
            me->sent_sum = checksum_add(me->sent_sum, buf, len);
            me->sent_len += len;
            if (me->keep)
                bq_push(&me->sent, buf, len);
        }
        /* The client's flight reaches the server and vice versa, a random part of each. */
        deliver(&cs->flight, &ss->inbox, rng, 0);
        side_pump(ss, rng);
        deliver(&ss->flight, &cs->inbox, rng, 0);
        side_pump(cs, rng);
    }
    for (int round = 0; round < 8; round++) {
        deliver(&cs->flight, &ss->inbox, rng, 1);
        side_pump(ss, rng);
        deliver(&ss->flight, &cs->inbox, rng, 1);
        side_pump(cs, rng);
    }
    free(buf);
    CHECK_EQ(cs->flight.len + ss->flight.len + cs->inbox.len + ss->inbox.len, 0);
    CHECK_EQ(p->client.io_len + p->server.io_len, 0);
    CHECK_EQ(ss->got_len, cs->sent_len);
    CHECK_EQ(cs->got_len, ss->sent_len);
    CHECK_EQ(ss->got_sum, cs->sent_sum); /* client -> server, byte for byte */
    CHECK_EQ(cs->got_sum, ss->sent_sum); /* server -> client */
    if (shape.keep) {
        CHECK_MEM(ss->got.data, ss->got.len, cs->sent.data, cs->sent.len);
        CHECK_MEM(cs->got.data, cs->got.len, ss->sent.data, ss->sent.len);
    }
    /* Every redo was answered: each side saw one SEC_I_RENEGOTIATE per KeyUpdate of the other
     * (its redos and its answers), the client also one per ticket record. */
    CHECK_EQ(p->server.renegotiations, cs->redos + ss->redos);
    CHECK(p->client.renegotiations > cs->redos + ss->redos);
    /* Put the pair back on its own wires, for pair_free. */
    p->client.wire_out = &p->c2s;
    p->client.wire_in = &p->s2c;
    p->server.wire_out = &p->s2c;
    p->server.wire_in = &p->c2s;
    return g_failures == failures_before;
}

static void side_free(Side *sd)
{
    bq_free(&sd->flight);
    bq_free(&sd->inbox);
    bq_free(&sd->sent);
    bq_free(&sd->got);
}

/* CONTRACT §7 */
static void interleaved(ApiPair apis, uint64_t seed)
{
    test_case("TLS 1.3 interleaved events and data, random delivery, seed %#llx, client %s, "
              "server %s",
              (unsigned long long)seed, api_name(apis.c), api_name(apis.s));
    Link l;
    if (link_open(&l, apis, "ecdsa", SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER)) {
        Rng rng = {seed};
        Side cs, ss;
        RunShape shape = {600, 20, 40000, 1};
        if (random_run(&l.p, &rng, shape, &cs, &ss))
            CHECK(cs.redos > 10 && ss.redos > 10);
        CHECK(pair_exchange(&l.p, "after the run", 13));
        side_free(&cs);
        side_free(&ss);
    }
    link_close(&l);
}

/* CONTRACT §7 */
static void soak(void)
{
    ApiPair apis = {API_A, API_TABLE_W};
    test_case("TLS 1.3 soak: redos in both directions among random data");
    Link l;
    if (link_open(&l, apis, "ecdsa", SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER)) {
        Rng rng = {0x5eed5eed0c0ffee1ULL};
        Side cs, ss;
        RunShape shape = {10000, 35, 1200, 0};
        random_run(&l.p, &rng, shape, &cs, &ss);
        printf("soak: %u client redos, %u server redos, %llu + %llu bytes, %u + %u events\n",
               cs.redos, ss.redos, cs.sent_len, ss.sent_len, l.p.client.renegotiations,
               l.p.server.renegotiations);
        CHECK(cs.redos >= 1000 && ss.redos >= 1000);
        CHECK(pair_exchange(&l.p, "after the soak", 14));
        side_free(&cs);
        side_free(&ss);
    }
    link_close(&l);
}

/* ========================================================================== the classic loops */

/* What every loop shares: the client peer (context, credential, flags), its socket and what it
 * delivered to the application. */
typedef struct {
    Peer *p;
    ByteQueue *sock_in;  /* arrived from the server, not read yet */
    ByteQueue *sock_out; /* sent to the server */
    Rng *rng;
    ByteQueue plain; /* the application data it returned, in order */
    unsigned events; /* SEC_I_RENEGOTIATE */
    unsigned events_before_more; /* ... with bytes of the next record(s) already in its buffer */
    unsigned replies; /* follow-ups that had a token to send (KeyUpdate replies) */
    int closed, failed;
} Loop;

static void loop_send_record(Loop *l, const void *data, size_t len)
{
    if (!CHECK_STATUS(peer_send(l->p, data, len), SEC_E_OK))
        l->failed = 1;
}

/* ------------------------------------------------------------------ curl (lib/vtls/schannel.c) */

#define CURL_SCHANNEL_BUFFER_INIT_SIZE 4096
#define CURL_SCHANNEL_BUFFER_FREE_SIZE 1024

typedef struct {
    Loop l;
    unsigned char *encdata_buffer;
    size_t encdata_offset, encdata_length;
    int encdata_is_incomplete;
    ULONG req_flags, ret_flags;
    SecPkgContext_ApplicationProtocol alpn; /* what the handshake negotiated */
    unsigned renegotiations;
} Curl;

/* schannel_connect_step2 entered from schannel_recv after SEC_I_RENEGOTIATE (connecting_state
 * ssl_connect_2, io_need SEND: no read before the first call), looped the way
 * schannel_connect_common(nonblocking = FALSE) does, then step 3's checks. */
static int curl_renegotiate(Curl *c)
{
    Loop *l = &c->l;
    int doread = 0;
    SECURITY_STATUS sspi_status = SEC_E_OK;
    for (int rounds = 0;; rounds++) {
        if (!CHECK(rounds < 32))
            return 0;
        if (doread) {
            /* read encrypted handshake data from socket; in memory nothing more will come while
             * the client does not answer, so a wait here would be curl's 60 s timeout */
            size_t nread = sock_recv(l->sock_in, l->rng, c->encdata_buffer + c->encdata_offset,
                                     c->encdata_length - c->encdata_offset);
            if (!CHECK(nread > 0)) {
                fprintf(stderr, "curl: renegotiation waits for data (last status %s)\n",
                        status_name(sspi_status));
                return 0;
            }
            c->encdata_offset += nread;
            c->encdata_is_incomplete = 0;
        }
        /* setup input buffers: a copy of everything received, curlx_malloc(encdata.offset);
         * curl's debug build aborts on malloc(0), so the EXTRA that SEC_I_RENEGOTIATE left
         * (the event record at least) must never be empty here */
        CHECK(c->encdata_offset > 0);
        SecBuffer inbuf[2] = {{(ULONG)c->encdata_offset, SECBUFFER_TOKEN,
                               malloc(c->encdata_offset ? c->encdata_offset : 1)},
                              {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc inbuf_desc = {SECBUFFER_VERSION, 2, inbuf};
        SecBuffer outbuf[3] = {{0, SECBUFFER_TOKEN, NULL}, {0, SECBUFFER_ALERT, NULL}, {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc outbuf_desc = {SECBUFFER_VERSION, 3, outbuf};
        memcpy(inbuf[0].pvBuffer, c->encdata_buffer, c->encdata_offset);
        CtxtHandle ctx = l->p->ctx;
        sspi_status = table_w()->InitializeSecurityContextW(
            &l->p->cred, &l->p->ctx, (SEC_WCHAR *)u"localhost", c->req_flags, 0, 0, &inbuf_desc, 0,
            NULL, &outbuf_desc, &c->ret_flags, NULL);
        free(inbuf[0].pvBuffer);
        CHECK(ctx.dwLower == l->p->ctx.dwLower && ctx.dwUpper == l->p->ctx.dwUpper);
        if (sspi_status == SEC_E_INCOMPLETE_MESSAGE) {
            c->encdata_is_incomplete = 1;
            doread = 1;
            continue;
        }
        if (sspi_status == SEC_I_CONTINUE_NEEDED || sspi_status == SEC_E_OK) {
            for (int i = 0; i < 3; i++) {
                /* search for handshake tokens that need to be sent */
                if (outbuf[i].BufferType == SECBUFFER_TOKEN && outbuf[i].cbBuffer > 0) {
                    bq_push(l->sock_out, outbuf[i].pvBuffer, outbuf[i].cbBuffer);
                    l->replies++;
                }
                if (outbuf[i].pvBuffer)
                    CHECK_STATUS(table_w()->FreeContextBuffer(outbuf[i].pvBuffer), SEC_E_OK);
            }
        } else {
            CHECK_STATUS(sspi_status, SEC_E_OK);
            for (int i = 0; i < 3; i++)
                if (outbuf[i].pvBuffer)
                    table_w()->FreeContextBuffer(outbuf[i].pvBuffer);
            return 0;
        }
        /* check if there was additional remaining encrypted data */
        if (inbuf[1].BufferType == SECBUFFER_EXTRA && inbuf[1].cbBuffer > 0) {
            if (c->encdata_offset > inbuf[1].cbBuffer) {
                memmove(c->encdata_buffer,
                        c->encdata_buffer + c->encdata_offset - inbuf[1].cbBuffer,
                        inbuf[1].cbBuffer);
                c->encdata_offset = inbuf[1].cbBuffer;
                if (sspi_status == SEC_I_CONTINUE_NEEDED) {
                    doread = 0;
                    continue;
                }
            }
        } else {
            c->encdata_offset = 0; /* bytes not reported as EXTRA are gone */
        }
        if (sspi_status == SEC_I_CONTINUE_NEEDED) {
            doread = 1;
            continue;
        }
        break;
    }
    /* schannel_connect_step3: the returned flags must be exactly the requested ones */
    if (!CHECK_EQ(c->ret_flags, c->req_flags))
        return 0;
    /* ALPN: a protocol reported now must be the one negotiated at the handshake */
    SecPkgContext_ApplicationProtocol alpn;
    memset(&alpn, 0, sizeof alpn);
    if (!CHECK_STATUS(table_w()->QueryContextAttributesW(&l->p->ctx, SECPKG_ATTR_APPLICATION_PROTOCOL,
                                                         &alpn),
                      SEC_E_OK))
        return 0;
    if (alpn.ProtoNegoStatus == SecApplicationProtocolNegotiationStatus_Success &&
        !CHECK_MEM(alpn.ProtocolId, alpn.ProtocolIdSize, c->alpn.ProtocolId, c->alpn.ProtocolIdSize))
        return 0; /* "schannel: server selected an ALPN protocol too late" */
    c->renegotiations++;
    return 1;
}

/* schannel_recv: read what the socket has into encdata_buffer (grown as curl grows it), then the
 * decrypt loop; returns when the socket would block. */
static void curl_recv(Curl *c)
{
    Loop *l = &c->l;
    const size_t len = 16384; /* what the caller asks for */
    const size_t min_encdata_length = len + CURL_SCHANNEL_BUFFER_FREE_SIZE;
    while (!l->failed && !l->closed) {
        if (c->encdata_length - c->encdata_offset < CURL_SCHANNEL_BUFFER_FREE_SIZE ||
            c->encdata_length < min_encdata_length) {
            size_t reallocated_length = c->encdata_offset + CURL_SCHANNEL_BUFFER_FREE_SIZE;
            if (reallocated_length < min_encdata_length)
                reallocated_length = min_encdata_length;
            c->encdata_buffer = realloc(c->encdata_buffer, reallocated_length);
            c->encdata_length = reallocated_length;
        }
        size_t nread = sock_recv(l->sock_in, l->rng, c->encdata_buffer + c->encdata_offset,
                                 c->encdata_length - c->encdata_offset);
        c->encdata_offset += nread;
        if (nread)
            c->encdata_is_incomplete = 0;
        if (!nread && (c->encdata_offset == 0 || c->encdata_is_incomplete))
            return; /* CURLE_AGAIN */

        SECURITY_STATUS sspi_status = SEC_E_OK;
        while (c->encdata_offset > 0 && sspi_status == SEC_E_OK) {
            SecBuffer inbuf[4] = {
                {(ULONG)c->encdata_offset, SECBUFFER_DATA, c->encdata_buffer},
                {0, SECBUFFER_EMPTY, NULL},
                {0, SECBUFFER_EMPTY, NULL},
                {0, SECBUFFER_EMPTY, NULL},
            };
            SecBufferDesc inbuf_desc = {SECBUFFER_VERSION, 4, inbuf};
            sspi_status = table_w()->DecryptMessage(&l->p->ctx, &inbuf_desc, 0, NULL);
            if (sspi_status == SEC_E_OK || sspi_status == SEC_I_RENEGOTIATE ||
                sspi_status == SEC_I_CONTEXT_EXPIRED) {
                /* decrypted data, even before a renegotiation or shutdown */
                if (inbuf[1].BufferType == SECBUFFER_DATA && inbuf[1].cbBuffer)
                    bq_push(&l->plain, inbuf[1].pvBuffer, inbuf[1].cbBuffer);
                /* check for remaining encrypted data */
                if (inbuf[3].BufferType == SECBUFFER_EXTRA && inbuf[3].cbBuffer > 0) {
                    if (c->encdata_offset > inbuf[3].cbBuffer) {
                        memmove(c->encdata_buffer,
                                c->encdata_buffer + c->encdata_offset - inbuf[3].cbBuffer,
                                inbuf[3].cbBuffer);
                        c->encdata_offset = inbuf[3].cbBuffer;
                    }
                } else {
                    c->encdata_offset = 0;
                }
                if (sspi_status == SEC_I_RENEGOTIATE) {
                    /* "schannel: remote party requests renegotiation" */
                    l->events++;
                    l->events_before_more += c->encdata_offset > 0;
                    if (!curl_renegotiate(c)) {
                        l->failed = 1;
                        return;
                    }
                    sspi_status = SEC_E_OK; /* now retry receiving data */
                    continue;
                }
                if (sspi_status == SEC_I_CONTEXT_EXPIRED) {
                    l->closed = 1;
                    return;
                }
            } else if (sspi_status == SEC_E_INCOMPLETE_MESSAGE) {
                c->encdata_is_incomplete = 1;
                break;
            } else {
                CHECK_STATUS(sspi_status, SEC_E_OK);
                l->failed = 1;
                return;
            }
        }
    }
}

/* ------------------------------------------------------------------ .NET (SslStream, Windows PAL) */

typedef struct {
    Loop l;
    ByteQueue buffer;        /* _buffer: encrypted bytes read and not decrypted yet */
    int pending;             /* _handshakeWaiter set: a re-authentication is under way */
    unsigned char *reauth;   /* the bytes ReplyOnReAuthenticationAsync gets (NULL: none) */
    size_t reauth_len;
    ByteQueue held;          /* writes waiting for it: [size_t len][bytes]... */
    unsigned holds, yields;
} Dotnet;

/* ForceAuthenticationAsync(receiveFirst: false, reAuthenticationData): NextMessage with the data
 * as TOKEN, send what it returns; SEC_E_OK completes it without a read. Then CompleteHandshake
 * and the held writes go out. */
static int dotnet_reauthenticate(Dotnet *d)
{
    Loop *l = &d->l;
    Peer *p = l->p;
    SecBuffer inb[2] = {{(ULONG)d->reauth_len, SECBUFFER_TOKEN, d->reauth}, {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc ind = {SECBUFFER_VERSION, 2, inb};
    SecBuffer outb[1] = {{0, SECBUFFER_TOKEN, NULL}};
    SecBufferDesc outd = {SECBUFFER_VERSION, 1, outb};
    ULONG attrs = 0;
    TimeStamp expiry;
    CtxtHandle ctx = p->ctx;
    SECURITY_STATUS st = InitializeSecurityContextW(&p->cred, &p->ctx, (SEC_WCHAR *)u"localhost",
                                                    p->req, 0, SECURITY_NATIVE_DREP, &ind, 0, &ctx,
                                                    &outd, &attrs, &expiry);
    CHECK(ctx.dwLower == p->ctx.dwLower && ctx.dwUpper == p->ctx.dwUpper);
    /* consumed = input length minus EXTRA; Debug.Assert(consumed == reAuthenticationData.Length) */
    size_t consumed = d->reauth_len;
    if (inb[1].BufferType == SECBUFFER_EXTRA)
        consumed -= inb[1].cbBuffer;
    CHECK_EQ(consumed, d->reauth_len);
    if (outb[0].pvBuffer) {
        if (outb[0].cbBuffer) {
            bq_push(l->sock_out, outb[0].pvBuffer, outb[0].cbBuffer);
            l->replies++;
        }
        CHECK_STATUS(FreeContextBuffer(outb[0].pvBuffer), SEC_E_OK);
    }
    free(d->reauth);
    d->reauth = NULL;
    d->reauth_len = 0;
    /* TLS 1.3 renegotiation completes without a read: anything else would wait for frames. */
    if (!CHECK_STATUS(st, SEC_E_OK))
        return 0;
    d->pending = 0;
    /* the writes that waited on _handshakeWaiter, in their order */
    size_t off = 0;
    while (off < d->held.len) {
        size_t n;
        memcpy(&n, d->held.data + off, sizeof n);
        loop_send_record(l, d->held.data + off + sizeof n, n);
        off += sizeof n + n;
    }
    bq_clear(&d->held);
    return 1;
}

static void dotnet_write(Dotnet *d, const void *data, size_t len)
{
    if (d->pending) { /* WriteAsyncInternal waits for the handshake */
        bq_push(&d->held, &len, sizeof len);
        bq_push(&d->held, data, len);
        d->holds++;
        return;
    }
    loop_send_record(&d->l, data, len);
}

/* ReadAsyncInternal: EnsureFullTlsFrameAsync (one whole frame in _buffer), DecryptData on that
 * frame alone. On Renegotiate the PAL hands back the EXTRA region as the output; a copy goes to
 * ReplyOnReAuthenticationAsync. The continuation may run later (`may_yield`): until it has,
 * writes are held. */
static void dotnet_read(Dotnet *d, int may_yield)
{
    Loop *l = &d->l;
    unsigned char tmp[4096];
    while (!l->failed && !l->closed) {
        if (d->pending && !dotnet_reauthenticate(d)) {
            l->failed = 1;
            return;
        }
        size_t frame = 5;
        for (;;) {
            if (d->buffer.len >= 5)
                frame = 5 + ((size_t)d->buffer.data[3] << 8 | d->buffer.data[4]);
            if (d->buffer.len >= frame)
                break;
            size_t n = sock_recv(l->sock_in, l->rng, tmp, sizeof tmp);
            if (!n)
                return; /* the read is pending on the socket */
            bq_push(&d->buffer, tmp, n);
        }
        SecBuffer b[4] = {
            {(ULONG)frame, SECBUFFER_DATA, d->buffer.data},
            {0, SECBUFFER_EMPTY, NULL},
            {0, SECBUFFER_EMPTY, NULL},
            {0, SECBUFFER_EMPTY, NULL},
        };
        SecBufferDesc desc = {SECBUFFER_VERSION, 4, b};
        SECURITY_STATUS st = DecryptMessage(&l->p->ctx, &desc, 0, NULL);
        /* the PAL: on OK the DATA buffer, otherwise the EXTRA buffer is the output */
        unsigned char *out = NULL;
        size_t count = 0;
        for (int i = 0; i < 4; i++) {
            if ((st == SEC_E_OK && b[i].BufferType == SECBUFFER_DATA) ||
                (st != SEC_E_OK && b[i].BufferType == SECBUFFER_EXTRA)) {
                out = b[i].pvBuffer;
                count = b[i].cbBuffer;
                break;
            }
        }
        if (st == SEC_E_OK) {
            bq_push(&l->plain, out, count);
            bq_drop(&d->buffer, frame);
            continue;
        }
        if (st == SEC_I_RENEGOTIATE) {
            l->events++;
            /* One frame was given: EXTRA is that frame, the message the follow-up ISC takes
             * (and must consume whole, the Debug.Assert in dotnet_reauthenticate). */
            CHECK_EQ(count, frame);
            CHECK(out == d->buffer.data);
            d->reauth_len = count;
            d->reauth = count ? malloc(count) : NULL;
            if (count)
                memcpy(d->reauth, out, count);
            bq_drop(&d->buffer, frame);
            l->events_before_more += d->buffer.len > 0;
            d->pending = 1; /* _handshakeWaiter */
            if (may_yield && rng_below(l->rng, 2)) {
                d->yields++;
                return;
            }
            continue;
        }
        if (st == SEC_I_CONTEXT_EXPIRED) {
            l->closed = 1;
            return;
        }
        CHECK_STATUS(st, SEC_E_OK); /* INCOMPLETE cannot be: a whole frame was given */
        l->failed = 1;
        return;
    }
}

/* ------------------------------------------------------------------ SDK WebClient (webclient.c) */

#define WEBCLI_ISC_FLAGS \
    (ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY | \
     ISC_RET_EXTENDED_ERROR | ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM)
#define WEBCLI_IO_BUFFER_SIZE 0x10000

typedef struct {
    Loop l;
    unsigned char *pbIoBuffer;
    size_t cbIoBuffer, cbIoBufferLength;
    SECURITY_STATUS scRet; /* kept across calls: the loop's state when recv() would block */
} Webcli;

/* ClientHandshakeLoop(Socket, phCreds, phContext, fDoInitialRead, pExtraData) with its own,
 * fresh IoBuffer. */
static SECURITY_STATUS webcli_handshake_loop(Webcli *w, int fDoInitialRead, SecBuffer *pExtraData)
{
    Loop *l = &w->l;
    Peer *p = l->p;
    unsigned char *IoBuffer = malloc(WEBCLI_IO_BUFFER_SIZE);
    size_t cbIoBuffer = 0;
    int fDoRead = fDoInitialRead;
    SECURITY_STATUS scRet = SEC_I_CONTINUE_NEEDED;
    ULONG dwSSPIOutFlags = 0;
    TimeStamp tsExpiry;
    int rounds = 0;
    while (scRet == SEC_I_CONTINUE_NEEDED || scRet == SEC_E_INCOMPLETE_MESSAGE ||
           scRet == SEC_I_INCOMPLETE_CREDENTIALS) {
        if (!CHECK(rounds++ < 32)) {
            scRet = SEC_E_INTERNAL_ERROR;
            break;
        }
        if (cbIoBuffer == 0 || scRet == SEC_E_INCOMPLETE_MESSAGE) {
            if (fDoRead) {
                size_t cbData = sock_recv(l->sock_in, l->rng, IoBuffer + cbIoBuffer,
                                          WEBCLI_IO_BUFFER_SIZE - cbIoBuffer);
                if (!CHECK(cbData > 0)) { /* the real loop would block in recv() for ever */
                    scRet = SEC_E_INTERNAL_ERROR;
                    break;
                }
                cbIoBuffer += cbData;
            } else {
                fDoRead = 1;
            }
        }
        SecBuffer InBuffers[2] = {{(ULONG)cbIoBuffer, SECBUFFER_TOKEN, IoBuffer}, {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc InBuffer = {SECBUFFER_VERSION, 2, InBuffers};
        SecBuffer OutBuffers[1] = {{0, SECBUFFER_TOKEN, NULL}};
        SecBufferDesc OutBuffer = {SECBUFFER_VERSION, 1, OutBuffers};
        scRet = table_a()->InitializeSecurityContextA(&p->cred, &p->ctx, NULL, p->req, 0,
                                                      SECURITY_NATIVE_DREP, &InBuffer, 0, NULL,
                                                      &OutBuffer, &dwSSPIOutFlags, &tsExpiry);
        if (scRet == SEC_E_OK || scRet == SEC_I_CONTINUE_NEEDED ||
            (FAILED(scRet) && (dwSSPIOutFlags & ISC_RET_EXTENDED_ERROR))) {
            if (OutBuffers[0].cbBuffer != 0 && OutBuffers[0].pvBuffer != NULL) {
                bq_push(l->sock_out, OutBuffers[0].pvBuffer, OutBuffers[0].cbBuffer);
                l->replies++;
                table_a()->FreeContextBuffer(OutBuffers[0].pvBuffer);
                OutBuffers[0].pvBuffer = NULL;
            }
        }
        if (OutBuffers[0].pvBuffer)
            table_a()->FreeContextBuffer(OutBuffers[0].pvBuffer);
        if (scRet == SEC_E_INCOMPLETE_MESSAGE)
            continue;
        if (scRet == SEC_E_OK) {
            if (InBuffers[1].BufferType == SECBUFFER_EXTRA) {
                pExtraData->pvBuffer = malloc(InBuffers[1].cbBuffer ? InBuffers[1].cbBuffer : 1);
                memmove(pExtraData->pvBuffer, IoBuffer + (cbIoBuffer - InBuffers[1].cbBuffer),
                        InBuffers[1].cbBuffer);
                pExtraData->cbBuffer = InBuffers[1].cbBuffer;
                pExtraData->BufferType = SECBUFFER_TOKEN;
            } else {
                pExtraData->pvBuffer = NULL;
                pExtraData->cbBuffer = 0;
                pExtraData->BufferType = SECBUFFER_EMPTY;
            }
            break;
        }
        if (FAILED(scRet))
            break;
        if (InBuffers[1].BufferType == SECBUFFER_EXTRA) {
            memmove(IoBuffer, IoBuffer + (cbIoBuffer - InBuffers[1].cbBuffer), InBuffers[1].cbBuffer);
            cbIoBuffer = InBuffers[1].cbBuffer;
        } else {
            cbIoBuffer = 0;
        }
    }
    if (FAILED(scRet)) {
        CHECK_STATUS(scRet, SEC_E_OK);
        table_a()->DeleteSecurityContext(&p->ctx);
        p->have_ctx = 0;
    }
    free(IoBuffer);
    return scRet;
}

/* ReadDecrypt's loop. Where the sample blocks in recv(), this returns (and carries on where it
 * stopped at the next call). */
static void webcli_read_decrypt(Webcli *w)
{
    Loop *l = &w->l;
    while (!l->failed && !l->closed) {
        if (w->cbIoBuffer == 0 || w->scRet == SEC_E_INCOMPLETE_MESSAGE) {
            size_t cbData = sock_recv(l->sock_in, l->rng, w->pbIoBuffer + w->cbIoBuffer,
                                      w->cbIoBufferLength - w->cbIoBuffer);
            if (!cbData)
                return;
            w->cbIoBuffer += cbData;
        }
        SecBuffer Buffers[4] = {
            {(ULONG)w->cbIoBuffer, SECBUFFER_DATA, w->pbIoBuffer},
            {0, SECBUFFER_EMPTY, NULL},
            {0, SECBUFFER_EMPTY, NULL},
            {0, SECBUFFER_EMPTY, NULL},
        };
        SecBufferDesc Message = {SECBUFFER_VERSION, 4, Buffers};
        w->scRet = table_a()->DecryptMessage(&l->p->ctx, &Message, 0, NULL);
        if (w->scRet == SEC_E_INCOMPLETE_MESSAGE)
            continue;
        if (w->scRet == SEC_I_CONTEXT_EXPIRED) {
            l->closed = 1;
            return;
        }
        if (w->scRet != SEC_E_OK && w->scRet != SEC_I_RENEGOTIATE) {
            CHECK_STATUS(w->scRet, SEC_E_OK);
            l->failed = 1;
            return;
        }
        SecBuffer *pDataBuffer = NULL, *pExtraBuffer = NULL;
        for (int i = 1; i < 4; i++) {
            if (pDataBuffer == NULL && Buffers[i].BufferType == SECBUFFER_DATA)
                pDataBuffer = &Buffers[i];
            if (pExtraBuffer == NULL && Buffers[i].BufferType == SECBUFFER_EXTRA)
                pExtraBuffer = &Buffers[i];
        }
        if (pDataBuffer && pDataBuffer->cbBuffer)
            bq_push(&l->plain, pDataBuffer->pvBuffer, pDataBuffer->cbBuffer);
        if (pExtraBuffer) {
            memmove(w->pbIoBuffer, pExtraBuffer->pvBuffer, pExtraBuffer->cbBuffer);
            w->cbIoBuffer = pExtraBuffer->cbBuffer;
        } else {
            w->cbIoBuffer = 0;
        }
        if (w->scRet == SEC_I_RENEGOTIATE) {
            /* "Server requested renegotiate!" */
            l->events++;
            l->events_before_more += w->cbIoBuffer > 0;
            SecBuffer ExtraBuffer;
            w->scRet = webcli_handshake_loop(w, 0, &ExtraBuffer);
            if (w->scRet != SEC_E_OK) {
                l->failed = 1;
                return;
            }
            if (ExtraBuffer.pvBuffer) {
                memmove(w->pbIoBuffer, ExtraBuffer.pvBuffer, ExtraBuffer.cbBuffer);
                w->cbIoBuffer = ExtraBuffer.cbBuffer;
                free(ExtraBuffer.pvBuffer);
            }
        }
    }
}

/* ------------------------------------------------------------------ the scenario */

typedef enum { LOOP_CURL, LOOP_DOTNET, LOOP_WEBCLI } LoopKind;
static const char *const LOOP_NAMES[] = {"curl", ".NET SslStream", "SDK WebClient"};

typedef struct {
    LoopKind kind;
    Curl curl;
    Dotnet net;
    Webcli web;
} AnyLoop;

static Loop *any_loop(AnyLoop *a)
{
    return a->kind == LOOP_CURL ? &a->curl.l : a->kind == LOOP_DOTNET ? &a->net.l : &a->web.l;
}

static void any_read(AnyLoop *a, int may_yield)
{
    switch (a->kind) {
    case LOOP_CURL:
        curl_recv(&a->curl);
        break;
    case LOOP_DOTNET:
        dotnet_read(&a->net, may_yield);
        break;
    default:
        webcli_read_decrypt(&a->web);
        break;
    }
}

static void any_write(AnyLoop *a, const void *data, size_t len)
{
    if (a->kind == LOOP_DOTNET)
        dotnet_write(&a->net, data, len);
    else
        loop_send_record(any_loop(a), data, len); /* curl and the sample send at once */
}

/* The same scenario for every loop: TLS 1.3 with ALPN (h2), the server's tickets unread at the
 * start; then at random the server sends data (small or several records) or redoes (ASC, its
 * data sometimes right behind the KeyUpdate), the application writes through the loop or redoes
 * (ISC on the established context); what is in flight arrives in random pieces. */
/* CONTRACT §7 */
static void loop_scenario(LoopKind kind, uint64_t seed)
{
    test_case("%s receive loop, seed %#llx", LOOP_NAMES[kind], (unsigned long long)seed);
    Api capi = kind == LOOP_CURL ? API_TABLE_W : kind == LOOP_DOTNET ? API_W : API_TABLE_A;
    CredHandle cc, sc;
    if (!server_cred(API_A, "ecdsa", CERT_PFX, SP_PROT_TLS1_3_SERVER, 0, &sc))
        exit(1);
    if (!client_cred(capi, SP_PROT_TLS1_3_CLIENT, 0, &cc))
        exit(1);
    Pair p;
    pair_init(&p, capi, cc, API_A, sc);
    unsigned char calpn[64], salpn[64];
    p.client.alpn_len = make_alpn("h2,http/1.1", calpn, sizeof calpn);
    p.client.alpn = calpn;
    p.server.alpn_len = make_alpn("h2,http/1.1", salpn, sizeof salpn);
    p.server.alpn = salpn;
    if (kind == LOOP_WEBCLI)
        p.client.req = WEBCLI_ISC_FLAGS;

    Rng rng = {seed};
    ByteQueue s2c_flight = {0}, c2s_flight = {0}, cli_in = {0}, srv_in = {0};
    ByteQueue srv_sent = {0}, cli_sent = {0}, srv_got = {0};
    AnyLoop a;
    memset(&a, 0, sizeof a);
    a.kind = kind;
    Loop *l = any_loop(&a);
    unsigned srv_redos = 0, cli_redos = 0;
    unsigned char *buf = malloc(40000);

    if (!CHECK_STATUS(pair_handshake(&p), SEC_E_OK))
        goto out;
    /* The bytes after the handshake: the EXTRA of the client's last ISC (the sample's
     * pExtraData, curl's encdata) start the loop's buffer; what is still on the wire is in
     * flight. */
    bq_push(&s2c_flight, p.s2c.data, p.s2c.len);
    bq_clear(&p.s2c);
    bq_push(&c2s_flight, p.c2s.data, p.c2s.len);
    bq_clear(&p.c2s);
    p.server.wire_out = &s2c_flight;
    p.server.wire_in = &srv_in;
    p.client.wire_out = &c2s_flight;
    p.client.wire_in = &cli_in;
    l->p = &p.client;
    l->sock_in = &cli_in;
    l->sock_out = &c2s_flight;
    l->rng = &rng;
    switch (kind) {
    case LOOP_CURL:
        a.curl.req_flags = p.client.req;
        a.curl.ret_flags = p.client.attrs;
        CHECK_EQ(a.curl.ret_flags, a.curl.req_flags);
        a.curl.encdata_length = CURL_SCHANNEL_BUFFER_INIT_SIZE + p.client.io_len;
        a.curl.encdata_buffer = malloc(a.curl.encdata_length);
        memcpy(a.curl.encdata_buffer, p.client.io, p.client.io_len);
        a.curl.encdata_offset = p.client.io_len;
        CHECK_STATUS(table_w()->QueryContextAttributesW(&p.client.ctx, SECPKG_ATTR_APPLICATION_PROTOCOL,
                                                        &a.curl.alpn),
                     SEC_E_OK);
        CHECK_EQ(a.curl.alpn.ProtoNegoStatus, SecApplicationProtocolNegotiationStatus_Success);
        CHECK_MEM(a.curl.alpn.ProtocolId, a.curl.alpn.ProtocolIdSize, "h2", 2);
        break;
    case LOOP_DOTNET:
        bq_push(&a.net.buffer, p.client.io, p.client.io_len);
        break;
    default: {
        SecPkgContext_StreamSizes z = peer_sizes(&p.client);
        a.web.cbIoBufferLength = z.cbHeader + z.cbMaximumMessage + z.cbTrailer;
        a.web.pbIoBuffer = malloc(a.web.cbIoBufferLength);
        CHECK(p.client.io_len <= a.web.cbIoBufferLength);
        memcpy(a.web.pbIoBuffer, p.client.io, p.client.io_len);
        a.web.cbIoBuffer = p.client.io_len;
        a.web.scRet = SEC_E_OK;
        break;
    }
    }
    p.client.io_len = 0;

    for (unsigned step = 0; step < 400 && !l->failed; step++) {
        switch (rng_below(&rng, 10)) {
        case 0:
        case 1:
        case 2: {
            size_t len = rng_below(&rng, 4) ? rng_below(&rng, 3000) : 3000 + rng_below(&rng, 37000);
            random_data(&rng, buf, len);
            CHECK_STATUS(peer_send(&p.server, buf, len), SEC_E_OK);
            bq_push(&srv_sent, buf, len);
            break;
        }
        case 3:
            if (redo(&p.server, rng_below(&rng, 2) ? INPUT_NULL : INPUT_EMPTY_TOKEN, &s2c_flight))
                srv_redos++;
            if (rng_below(&rng, 2)) { /* data right behind the KeyUpdate */
                size_t len = rng_below(&rng, 2000);
                random_data(&rng, buf, len);
                CHECK_STATUS(peer_send(&p.server, buf, len), SEC_E_OK);
                bq_push(&srv_sent, buf, len);
            }
            break;
        case 4:
        case 5:
        case 6: {
            size_t len = rng_below(&rng, 3000);
            random_data(&rng, buf, len);
            any_write(&a, buf, len);
            bq_push(&cli_sent, buf, len);
            break;
        }
        case 7:
            /* The application's own redo; not while .NET is re-authenticating (its next ISC is
             * the follow-up then). */
            if (!(kind == LOOP_DOTNET && a.net.pending) &&
                redo(&p.client, INPUT_NULL, &c2s_flight))
                cli_redos++;
            break;
        default:
            break;
        }
        deliver(&s2c_flight, &cli_in, &rng, 0);
        any_read(&a, 1);
        deliver(&c2s_flight, &srv_in, &rng, 0);
        p.server.recv_chunk = rng_below(&rng, 2) ? 0 : 1 + rng_below(&rng, 3000);
        CHECK_STATUS(peer_recv(&p.server, &srv_got), SEC_E_OK);
    }
    for (int round = 0; round < 8 && !l->failed; round++) {
        deliver(&s2c_flight, &cli_in, &rng, 1);
        any_read(&a, 0);
        deliver(&c2s_flight, &srv_in, &rng, 1);
        p.server.recv_chunk = 0;
        CHECK_STATUS(peer_recv(&p.server, &srv_got), SEC_E_OK);
    }
    CHECK(!l->failed && !l->closed);
    CHECK_EQ(s2c_flight.len + c2s_flight.len + cli_in.len + srv_in.len, 0);
    CHECK_MEM(l->plain.data, l->plain.len, srv_sent.data, srv_sent.len);  /* server -> client */
    CHECK_MEM(srv_got.data, srv_got.len, cli_sent.data, cli_sent.len);    /* client -> server */
    /* The events, exactly: the server saw each client redo and each reply; the client saw each
     * ticket record, each server redo and each answer to its own; it replied to each server redo
     * and to nothing else. */
    CHECK_EQ(p.server.renegotiations, srv_redos + cli_redos);
    CHECK(l->events > srv_redos + cli_redos); /* and at least one ticket */
    CHECK_EQ(l->replies, srv_redos);
    CHECK(srv_redos >= 10 && cli_redos >= 10);
    /* the loop met events with the next records already in its buffer (curl: as the TOKEN) */
    CHECK(l->events_before_more > 0);
    if (kind == LOOP_CURL)
        CHECK_EQ(a.curl.renegotiations, l->events);
    if (kind == LOOP_DOTNET) {
        CHECK(!a.net.pending);
        CHECK(a.net.yields > 0 && a.net.holds > 0); /* writes did wait for a re-authentication */
    }
    printf("%s loop: %u events (%u server redos, %u client redos, %u with more bytes behind), "
           "%zu + %zu bytes\n",
           LOOP_NAMES[kind], l->events, srv_redos, cli_redos, l->events_before_more, srv_sent.len,
           cli_sent.len);
out:
    p.client.wire_out = &p.c2s;
    p.client.wire_in = &p.s2c;
    p.server.wire_out = &p.s2c;
    p.server.wire_in = &p.c2s;
    free(buf);
    free(a.curl.encdata_buffer);
    bq_free(&a.net.buffer);
    bq_free(&a.net.held);
    free(a.net.reauth);
    free(a.web.pbIoBuffer);
    bq_free(&l->plain);
    bq_free(&s2c_flight);
    bq_free(&c2s_flight);
    bq_free(&cli_in);
    bq_free(&srv_in);
    bq_free(&srv_sent);
    bq_free(&cli_sent);
    bq_free(&srv_got);
    pair_free(&p);
    free_cred(&cc);
    free_cred(&sc);
}

int main(void)
{
    test_init();
    for (size_t i = 0; i < APIS_COUNT; i++)
        for (int k = 0; k < INPUT_KIND_COUNT; k++)
            tickets(APIS[i], (InputKind)k);
    for (size_t i = 0; i < APIS_COUNT; i++)
        ticket_last_record(APIS[i]);
    for (size_t i = 0; i < APIS_COUNT; i++)
        redos(APIS[i]);
    for (size_t i = 0; i < APIS_COUNT; i++) {
        refusals_tls12(APIS[i]);
        refusals_tls13(APIS[i]);
    }
    for (size_t i = 0; i < APIS_COUNT; i++)
        interleaved(APIS[i], 0x1234abcd0000ULL + i);
    for (int kind = 0; kind < 3; kind++) {
        loop_scenario((LoopKind)kind, 0xc0ffee00ULL + 1);
        loop_scenario((LoopKind)kind, 0xc0ffee00ULL + 2);
    }
    soak();
    return test_finish("test_renegotiate");
}
