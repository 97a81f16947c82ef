/*
 * How real Windows programs call Schannel, and what Windows does for them (CONTRACT §3, §4, §8;
 * issue "Real Windows programs"). Each case is written the way the program calls the API:
 *   - libhv / schannel-tls-cpp ask for ISC_REQ_MANUAL_CRED_VALIDATION from the second ISC only;
 *   - schannel-tls-cpp passes a narrow host name cast to SEC_WCHAR * to the W function;
 *   - cute_tls (the widely copied minimal client) shuts down with pInput == pOutput and an
 *     uninitialised TOKEN buffer;
 *   - servers that send cbBuffer bytes of the output token whatever the status.
 */
#include "common.h"

#define SCH_TLS12 (SP_PROT_TLS1_2_CLIENT)

static SECURITY_STATUS handshake_manual_late(const char *server_key, DWORD client_flags, int add_manual,
                                             const void *raw_wide_target, ULONG *last_attrs)
{
    CredHandle cc, sc;
    Pair p;
    SECURITY_STATUS s = SEC_E_INTERNAL_ERROR;
    if (!server_cred(API_A, server_key, CERT_PFX, SP_PROT_TLS1_2_SERVER, 0, &sc))
        return s;
    if (!CHECK_STATUS(acquire_schannel(raw_wide_target ? API_W : API_A, SECPKG_CRED_OUTBOUND, SCH_TLS12,
                                       client_flags, NULL, &cc),
                      SEC_E_OK)) {
        free_cred(&sc);
        return s;
    }
    pair_init(&p, raw_wide_target ? API_W : API_A, cc, API_A, sc);
    p.client.raw_wide_target = raw_wide_target;
    /* First call: the flags built without the manual bit (the call has no input). */
    s = peer_handshake_step(&p.client);
    if (CHECK_STATUS(s, SEC_I_CONTINUE_NEEDED)) {
        if (add_manual)
            p.client.req |= ISC_REQ_MANUAL_CRED_VALIDATION;
        s = pair_handshake(&p);
    }
    if (last_attrs)
        *last_attrs = p.client.attrs;
    pair_free(&p);
    free_cred(&cc);
    free_cred(&sc);
    return s;
}

/* Rule: ISC_REQ_MANUAL_CRED_VALIDATION counts from any call up to the one that processes the
 * server's certificate. */
/* CONTRACT §4 */
static void manual_validation_from_second_call(void)
{
    ULONG attrs = 0;
    test_case("manual validation asked from the second ISC, untrusted server");
    CHECK_STATUS(handshake_manual_late("unknownca", 0, 1, NULL, &attrs), SEC_E_OK);
    CHECK(attrs & ISC_RET_MANUAL_CRED_VALIDATION);
    test_case("never asked: the same server is refused");
    CHECK_STATUS(handshake_manual_late("unknownca", 0, 0, NULL, NULL), SEC_E_UNTRUSTED_ROOT);
    test_case("asked late, and a later automatic context with the same credential still validates");
    {
        /* The manual session must not let an automatic context resume past validation. */
        CredHandle cc, sc;
        Pair p;
        if (server_cred(API_A, "unknownca", CERT_PFX, SP_PROT_TLS1_2_SERVER, 0, &sc) &&
            CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_OUTBOUND, SCH_TLS12, 0, NULL, &cc), SEC_E_OK)) {
            pair_init(&p, API_A, cc, API_A, sc);
            if (CHECK_STATUS(peer_handshake_step(&p.client), SEC_I_CONTINUE_NEEDED)) {
                p.client.req |= ISC_REQ_MANUAL_CRED_VALIDATION;
                CHECK_STATUS(pair_handshake(&p), SEC_E_OK);
            }
            pair_free(&p);
            pair_init(&p, API_A, cc, API_A, sc);
            CHECK_STATUS(pair_handshake(&p), SEC_E_UNTRUSTED_ROOT);
            pair_free(&p);
            pair_init(&p, API_A, cc, API_A, sc);
            p.client.req |= ISC_REQ_MANUAL_CRED_VALIDATION;
            CHECK_STATUS(pair_handshake(&p), SEC_E_OK);
            SecPkgContext_SessionInfo si = {0};
            CHECK_STATUS(peer_query(&p.client, SECPKG_ATTR_SESSION_INFO, &si), SEC_E_OK);
            CHECK(si.dwFlags & SSL_SESSION_RECONNECT); /* manual sessions resume among themselves */
            pair_free(&p);
            free_cred(&cc);
            free_cred(&sc);
        }
    }
}

/* Rule: pszTargetName never fails a call by itself. */
/* CONTRACT §4 */
static void nonsense_wide_target(void)
{
    /* A narrow string cast to wchar_t *: "localhost" read as UTF-16 is five CJK-looking units. */
    static const char narrow[32] = "localhost";
    /* Bytes that are no valid UTF-16 at all (an unpaired high surrogate). */
    static const unsigned char broken[8] = {0x00, 0xd8, 'a', 0, 0, 0, 0, 0};
    test_case("narrow host cast to SEC_WCHAR *, manual validation from the second call");
    CHECK_STATUS(handshake_manual_late("ecdsa", 0, 1, narrow, NULL), SEC_E_OK);
    test_case("unpaired surrogate as target, manual validation from the second call");
    CHECK_STATUS(handshake_manual_late("ecdsa", 0, 1, broken, NULL), SEC_E_OK);
    test_case("narrow host cast, automatic validation: the name fails when the certificate is checked");
    CHECK_STATUS(handshake_manual_late("ecdsa", 0, 0, narrow, NULL), SEC_E_WRONG_PRINCIPAL);
    test_case("narrow host cast, SCH_CRED_NO_SERVERNAME_CHECK: completes");
    CHECK_STATUS(handshake_manual_late("ecdsa", SCH_CRED_NO_SERVERNAME_CHECK, 0, narrow, NULL), SEC_E_OK);
}

/* Rule: the ISC after ApplyControlToken(SCHANNEL_SHUTDOWN) never reads pInput (cute_tls). */
/* CONTRACT §4, §8 */
static void shutdown_with_shared_uninitialised_descriptor(int tls13, void *garbage)
{
    Conn c;
    test_case("cute_tls shutdown, %s, pvBuffer %p", tls13 ? "TLS 1.3" : "TLS 1.2", garbage);
    if (tls13) {
        memset(&c, 0, sizeof c);
        if (!server_cred(API_A, "ecdsa", CERT_PFX, 0, 0, &c.sc))
            return;
        CHECK_STATUS(acquire_sch_credentials(API_A, SECPKG_CRED_OUTBOUND, 0, 0, NULL, &c.cc), SEC_E_OK);
        pair_init(&c.p, API_A, c.cc, API_A, c.sc);
        if (!CHECK_STATUS(pair_handshake(&c.p), SEC_E_OK) || !CHECK(pair_exchange(&c.p, "hello", 5))) {
            conn_close(&c);
            return;
        }
    } else if (!conn_connect(&c, "ecdsa", SCH_TLS12, SP_PROT_TLS1_2_SERVER)) {
        conn_close(&c);
        return;
    }
    Peer *cl = &c.p.client;
    DWORD type = SCHANNEL_SHUTDOWN;
    SecBuffer inbuffers[1] = {{sizeof type, SECBUFFER_TOKEN, &type}};
    SecBufferDesc indesc = {SECBUFFER_VERSION, 1, inbuffers};
    CHECK_STATUS(ApplyControlToken(&cl->ctx, &indesc), SEC_E_OK);

    /* What an uninitialised stack buffer holds: a wild pointer and a wild size. */
    SecBuffer outbuffers[1];
    outbuffers[0].BufferType = SECBUFFER_TOKEN;
    outbuffers[0].pvBuffer = garbage;
    outbuffers[0].cbBuffer = 0x7fffff00;
    SecBufferDesc outdesc = {SECBUFFER_VERSION, 1, outbuffers};
    ULONG flags = ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_CONFIDENTIALITY | ISC_REQ_REPLAY_DETECT |
                  ISC_REQ_SEQUENCE_DETECT | ISC_REQ_STREAM;
    SECURITY_STATUS s = InitializeSecurityContextA(&cl->cred, &cl->ctx, NULL, flags, 0, 0, &outdesc, 0, NULL,
                                                   &outdesc, &flags, NULL);
    if (CHECK_STATUS(s, SEC_E_OK) && CHECK(outbuffers[0].pvBuffer != garbage)) {
        /* The token is the encrypted close_notify: the server reads it as the end. */
        bq_push(&c.p.c2s, outbuffers[0].pvBuffer, outbuffers[0].cbBuffer);
        CHECK_STATUS(FreeContextBuffer(outbuffers[0].pvBuffer), SEC_E_OK);
        ByteQueue plain = {0};
        CHECK_STATUS(peer_recv(&c.p.server, &plain), SEC_I_CONTEXT_EXPIRED);
        bq_free(&plain);
    }
    conn_close(&c);
}

/* Rule: on a failing handshake call, an output buffer that receives nothing says so (cb 0). */
/* CONTRACT §4, §9 */
static void failing_asc_output_sizes(void)
{
    /* A ClientHello whose body is empty: decode_error. */
    static const unsigned char bad_hello[] = {0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00};
    struct {
        const char *name;
        ULONG token_cb, alert_cb; /* alert_cb 0: no ALERT buffer */
        ULONG req;
    } cases[] = {
        {"50-byte TOKEN, EXTENDED_ERROR", 50, 0, ASC_REQ_EXTENDED_ERROR},
        {"50-byte TOKEN, no EXTENDED_ERROR", 50, 0, 0},
        {"4-byte TOKEN, EXTENDED_ERROR", 4, 0, ASC_REQ_EXTENDED_ERROR},
        {"4-byte TOKEN + 2-byte ALERT, EXTENDED_ERROR", 4, 2, ASC_REQ_EXTENDED_ERROR},
        {"50-byte TOKEN + 50-byte ALERT, EXTENDED_ERROR", 50, 50, ASC_REQ_EXTENDED_ERROR},
    };
    CredHandle sc;
    if (!server_cred(API_A, "ecdsa", CERT_PFX, SP_PROT_TLS1_2_SERVER, 0, &sc))
        return;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        test_case("failing ASC: %s", cases[i].name);
        unsigned char token[64], alert[64];
        memset(token, 0xaa, sizeof token);
        memset(alert, 0xbb, sizeof alert);
        unsigned char in[sizeof bad_hello];
        memcpy(in, bad_hello, sizeof in);
        SecBuffer inb[2] = {{sizeof in, SECBUFFER_TOKEN, in}, {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc ind = {SECBUFFER_VERSION, 2, inb};
        SecBuffer outb[2] = {{cases[i].token_cb, SECBUFFER_TOKEN, token}, {cases[i].alert_cb, SECBUFFER_ALERT, alert}};
        SecBufferDesc outd = {SECBUFFER_VERSION, cases[i].alert_cb ? 2 : 1, outb};
        CtxtHandle ctx;
        ULONG attrs = 0;
        SECURITY_STATUS s = AcceptSecurityContext(&sc, NULL, &ind, cases[i].req | ASC_REQ_STREAM, 0, &ctx, &outd,
                                                  &attrs, NULL);
        CHECK(FAILED(s));
        CHECK(s != SEC_E_INTERNAL_ERROR);
        ULONG sent = outb[0].cbBuffer + (cases[i].alert_cb ? outb[1].cbBuffer : 0);
        /* What the caller would send must be exactly what was written: no 0xaa / 0xbb bytes. */
        CHECK(outb[0].cbBuffer <= cases[i].token_cb);
        for (ULONG k = 0; k < outb[0].cbBuffer; k++)
            if (!CHECK(token[k] != 0xaa))
                break;
        if (cases[i].alert_cb)
            for (ULONG k = 0; k < outb[1].cbBuffer; k++)
                if (!CHECK(alert[k] != 0xbb))
                    break;
        if (!(cases[i].req & ASC_REQ_EXTENDED_ERROR)) {
            CHECK_EQ(sent, 0);
        } else if (cases[i].token_cb >= 7 || cases[i].alert_cb >= 7) {
            /* The decode_error alert (plaintext, 7 bytes) in exactly one of them. */
            CHECK_EQ(sent, 7);
            const unsigned char *a = outb[0].cbBuffer ? token : alert;
            CHECK_EQ(a[0], 0x15);
            CHECK_EQ(a[6], 50); /* decode_error */
        } else {
            CHECK_EQ(sent, 0);
        }
    }
    free_cred(&sc);
}

int main(void)
{
    test_init();
    manual_validation_from_second_call();
    nonsense_wide_target();
    /* Never a readable address, and NULL with a size (which a parsed input would refuse). */
    for (int tls13 = 0; tls13 < 2; tls13++) {
        shutdown_with_shared_uninitialised_descriptor(tls13, (void *)(uintptr_t)0x10);
        shutdown_with_shared_uninitialised_descriptor(tls13, NULL);
    }
    failing_asc_output_sizes();
    return test_finish("test_real_callers");
}
