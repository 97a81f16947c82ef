/*
 * Session-level behaviour: resumption seen through SECPKG_ATTR_SESSION_INFO (TLS 1.2 and 1.3,
 * with the TLS 1.3 tickets taken through SEC_I_RENEGOTIATE), SCH_CRED_DISABLE_RECONNECTS, ALPN
 * on both sides, certificate validation results, the peer's certificate chain, the
 * tls-server-end-point binding, and server certificates from PFX (modern, legacy) and PEM.
 */
#include "common.h"

typedef struct {
    const char *name;
    DWORD client, server;
} Version;

static const Version VERSIONS[2] = {
    {"TLS 1.2", SP_PROT_TLS1_2_CLIENT, SP_PROT_TLS1_2_SERVER},
    {"TLS 1.3", SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER},
};

static DWORD session_flags(Peer *p)
{
    SecPkgContext_SessionInfo si;
    memset(&si, 0xee, sizeof si);
    if (!CHECK_STATUS(peer_query(p, SECPKG_ATTR_SESSION_INFO, &si), SEC_E_OK))
        return 0xffffffff;
    CHECK(si.cbSessionId <= sizeof si.rgbSessionId);
    return si.dwFlags;
}

/* One connection on existing credentials; returns the client's SESSION_INFO flags (and
 * checks that the server reports the same). */
static DWORD connect_once(const Version *v, Api capi, CredHandle cc, CredHandle sc, int first)
{
    Pair p;
    DWORD flags = 0xffffffff;
    pair_init(&p, capi, cc, API_A, sc);
    if (CHECK_STATUS(pair_handshake(&p), SEC_E_OK)) {
        flags = session_flags(&p.client);
        CHECK_EQ(session_flags(&p.server), flags);
        CHECK(pair_exchange(&p, "session", 7));
        if (v->client == SP_PROT_TLS1_3_CLIENT && first) {
            /* The NewSessionTickets reached the client after the handshake, each as a
             * SEC_I_RENEGOTIATE whose follow-up ISC returned SEC_E_OK, an empty token, and
             * consumed the ticket record (checked by peer_followup). */
            CHECK(p.client.renegotiations >= 1);
            CHECK_EQ(p.client.followup_token_bytes, 0);
        }
    }
    pair_free(&p);
    return flags;
}

/* CONTRACT §10 */
static void resumption(const Version *v)
{
    CredHandle cc, sc;
    test_case("%s: resumption", v->name);
    if (!server_cred(API_A, "ecdsa", CERT_PFX, v->server, 0, &sc))
        return;
    client_cred(API_A, v->client, 0, &cc);
    CHECK_EQ(connect_once(v, API_A, cc, sc, 1), 0); /* a full handshake */
    CHECK_EQ(connect_once(v, API_W, cc, sc, 0) & SSL_SESSION_RECONNECT, SSL_SESSION_RECONNECT);
    CHECK_EQ(connect_once(v, API_TABLE_A, cc, sc, 0) & SSL_SESSION_RECONNECT, SSL_SESSION_RECONNECT);
    /* Other credentials share nothing: a fresh client credential starts over. */
    CredHandle cc2;
    client_cred(API_A, v->client, 0, &cc2);
    CHECK_EQ(connect_once(v, API_A, cc2, sc, 1), 0);
    free_cred(&cc2);
    free_cred(&cc);
    free_cred(&sc);
}

/* CONTRACT §3, §10 */
static void no_reconnects(const Version *v, int on_client)
{
    CredHandle cc, sc;
    test_case("%s: SCH_CRED_DISABLE_RECONNECTS on the %s", v->name, on_client ? "client" : "server");
    if (!server_cred(API_A, "ecdsa", CERT_PFX, v->server, on_client ? 0 : SCH_CRED_DISABLE_RECONNECTS, &sc))
        return;
    client_cred(API_A, v->client, on_client ? SCH_CRED_DISABLE_RECONNECTS : 0, &cc);
    /* (A server that does not resume need not send tickets: only the client case checks them.) */
    for (int i = 0; i < 3; i++)
        CHECK_EQ(connect_once(v, API_A, cc, sc, i == 0 && on_client), 0);
    free_cred(&cc);
    free_cred(&sc);
}

/* ---------------------------------------------------------------- ALPN */

static SECURITY_STATUS alpn_pair(const Version *v, const char *client_list, const char *server_list,
                                 SecPkgContext_ApplicationProtocol out[2])
{
    CredHandle cc, sc;
    unsigned char cbuf[128], sbuf[128];
    SECURITY_STATUS s;
    if (!server_cred(API_A, "rsa", CERT_PFX, v->server, 0, &sc))
        return SEC_E_INTERNAL_ERROR;
    client_cred(API_A, v->client, 0, &cc);
    Pair p;
    pair_init(&p, API_A, cc, API_W, sc);
    if (client_list) {
        p.client.alpn_len = make_alpn(client_list, cbuf, sizeof cbuf);
        p.client.alpn = cbuf;
    }
    if (server_list) {
        p.server.alpn_len = make_alpn(server_list, sbuf, sizeof sbuf);
        p.server.alpn = sbuf;
    }
    s = pair_handshake(&p);
    if (s == SEC_E_OK) {
        memset(out, 0xee, 2 * sizeof *out);
        CHECK_STATUS(peer_query(&p.client, SECPKG_ATTR_APPLICATION_PROTOCOL, &out[0]), SEC_E_OK);
        CHECK_STATUS(peer_query(&p.server, SECPKG_ATTR_APPLICATION_PROTOCOL, &out[1]), SEC_E_OK);
        CHECK(pair_exchange(&p, "alpn", 4));
    }
    pair_free(&p);
    free_cred(&cc);
    free_cred(&sc);
    return s;
}

/* CONTRACT §4, §10 */
static void alpn(const Version *v)
{
    SecPkgContext_ApplicationProtocol ap[2];
    test_case("%s: ALPN", v->name);
    if (CHECK_STATUS(alpn_pair(v, "http/1.1,h2", "h2,http/1.1", ap), SEC_E_OK)) {
        for (int i = 0; i < 2; i++) {
            CHECK_EQ(ap[i].ProtoNegoStatus, SecApplicationProtocolNegotiationStatus_Success);
            CHECK_EQ(ap[i].ProtoNegoExt, SecApplicationProtocolNegotiationExt_ALPN);
            CHECK_MEM(ap[i].ProtocolId, ap[i].ProtocolIdSize, "h2", 2); /* the server's preference */
        }
    }
    test_case("%s: ALPN, one common protocol", v->name);
    if (CHECK_STATUS(alpn_pair(v, "h2,http/1.1", "http/1.1", ap), SEC_E_OK)) {
        for (int i = 0; i < 2; i++) {
            CHECK_EQ(ap[i].ProtoNegoStatus, SecApplicationProtocolNegotiationStatus_Success);
            CHECK_MEM(ap[i].ProtocolId, ap[i].ProtocolIdSize, "http/1.1", 8);
        }
    }
    test_case("%s: ALPN offered, server has no list", v->name);
    if (CHECK_STATUS(alpn_pair(v, "http/1.1,h2", NULL, ap), SEC_E_OK)) {
        CHECK_EQ(ap[0].ProtoNegoStatus, SecApplicationProtocolNegotiationStatus_None);
        CHECK_EQ(ap[0].ProtocolIdSize, 0);
    }
    test_case("%s: ALPN without overlap", v->name);
    SECURITY_STATUS s = alpn_pair(v, "http/1.1", "h2", ap);
    CHECK(s < 0 && s != HANDSHAKE_STUCK);
}

/* ---------------------------------------------------------------- validation */

static SECURITY_STATUS validate(const Version *v, const char *server, const char *target, DWORD cred_flags,
                                ULONG extra_req)
{
    CredHandle cc, sc;
    if (!server_cred(API_A, server, CERT_PEM, v->server, 0, &sc))
        return SEC_E_INTERNAL_ERROR;
    client_cred(API_A, v->client, cred_flags, &cc);
    Pair p;
    pair_init(&p, API_A, cc, API_A, sc);
    p.client.target = target;
    p.client.req |= extra_req;
    SECURITY_STATUS s = pair_handshake(&p);
    if (s == SEC_E_OK) {
        CHECK_EQ(p.client.attrs, CURL_ISC_RET | (extra_req ? ISC_RET_MANUAL_CRED_VALIDATION : 0));
        CHECK(pair_exchange(&p, "validated", 9));
    } else {
        /* The failure is the client's: the server was still waiting. */
        CHECK(p.client.error == s);
        CHECK(!p.server.done);
    }
    pair_free(&p);
    free_cred(&cc);
    free_cred(&sc);
    return s;
}

/* CONTRACT §9, §11 */
static void validation(const Version *v)
{
    test_case("%s: automatic validation", v->name);
    CHECK_STATUS(validate(v, "ecdsa", "localhost", 0, 0), SEC_E_OK);
    CHECK_STATUS(validate(v, "rsa", "127.0.0.1", 0, 0), SEC_E_OK); /* IP SAN, no SNI */
    CHECK_STATUS(validate(v, "wrongname", "localhost", 0, 0), SEC_E_WRONG_PRINCIPAL);
    CHECK_STATUS(validate(v, "ecdsa", "other.example", 0, 0), SEC_E_WRONG_PRINCIPAL);
    CHECK_STATUS(validate(v, "unknownca", "localhost", 0, 0), SEC_E_UNTRUSTED_ROOT);
    CHECK_STATUS(validate(v, "expired", "localhost", 0, 0), SEC_E_CERT_EXPIRED);
    test_case("%s: SCH_CRED_NO_SERVERNAME_CHECK", v->name);
    CHECK_STATUS(validate(v, "wrongname", "localhost", SCH_CRED_NO_SERVERNAME_CHECK, 0), SEC_E_OK);
    CHECK_STATUS(validate(v, "unknownca", "localhost", SCH_CRED_NO_SERVERNAME_CHECK, 0), SEC_E_UNTRUSTED_ROOT);
    test_case("%s: SCH_CRED_MANUAL_CRED_VALIDATION", v->name);
    CHECK_STATUS(validate(v, "wrongname", "localhost", SCH_CRED_MANUAL_CRED_VALIDATION, 0), SEC_E_OK);
    CHECK_STATUS(validate(v, "unknownca", "localhost", SCH_CRED_MANUAL_CRED_VALIDATION, 0), SEC_E_OK);
    CHECK_STATUS(validate(v, "expired", "localhost", SCH_CRED_MANUAL_CRED_VALIDATION, 0), SEC_E_OK);
    test_case("%s: ISC_REQ_MANUAL_CRED_VALIDATION", v->name);
    CHECK_STATUS(validate(v, "expired", "localhost", 0, ISC_REQ_MANUAL_CRED_VALIDATION), SEC_E_OK);
    CHECK_STATUS(validate(v, "unknownca", "localhost", 0, ISC_REQ_MANUAL_CRED_VALIDATION), SEC_E_OK);
}

/* ---------------------------------------------------------------- certificates */

static int same_der(PCCERT_CONTEXT a, PCCERT_CONTEXT b)
{
    return a && b && a->cbCertEncoded == b->cbCertEncoded &&
           memcmp(a->pbCertEncoded, b->pbCertEncoded, a->cbCertEncoded) == 0;
}

static void check_bindings(Peer *p, PCCERT_CONTEXT leaf)
{
    SecPkgContext_Bindings b;
    memset(&b, 0, sizeof b);
    if (!CHECK_STATUS(peer_query(p, SECPKG_ATTR_ENDPOINT_BINDINGS, &b), SEC_E_OK))
        return;
    CHECK_EQ(b.BindingsLength, 32 + 21 + 32);
    if (CHECK(b.Bindings != NULL) && b.BindingsLength == 85) {
        const SEC_CHANNEL_BINDINGS *h = b.Bindings;
        const unsigned char *bytes = (const unsigned char *)b.Bindings;
        CHECK(h->dwInitiatorAddrType == 0 && h->cbInitiatorLength == 0 && h->dwInitiatorOffset == 0);
        CHECK(h->dwAcceptorAddrType == 0 && h->cbAcceptorLength == 0 && h->dwAcceptorOffset == 0);
        CHECK_EQ(h->cbApplicationDataLength + 32, b.BindingsLength);
        CHECK_EQ(h->dwApplicationDataOffset, 32);
        CHECK_MEM(bytes + 32, 21, "tls-server-end-point:", 21);
        unsigned char digest[32];
        sha256(leaf->pbCertEncoded, leaf->cbCertEncoded, digest); /* the leaf is ecdsa-with-SHA256 */
        CHECK_MEM(bytes + 53, 32, digest, 32);
    }
    CHECK_STATUS(api_free_buffer(p->api, b.Bindings), SEC_E_OK);
}

/* CONTRACT §10, §11 */
static void certificates(const char *key, CertSource src, const Version *v, Api capi)
{
    CredHandle cc, sc;
    test_case("%s: %s server certificate from %s, client %s", v->name, key, cert_source_name(src),
              api_name(capi));
    PCCERT_CONTEXT leaf = load_cert(key, src);
    if (!leaf)
        return;
    if (!CHECK_STATUS(acquire_protocols(API_A, SECPKG_CRED_INBOUND, v->server, 0, leaf, NULL, &sc), SEC_E_OK)) {
        CertFreeCertificateContext(leaf);
        return;
    }
    client_cred(capi, v->client, 0, &cc);
    Pair p;
    pair_init(&p, capi, cc, API_A, sc);
    PCCERT_CONTEXT remote = NULL;
    if (CHECK_STATUS(pair_handshake(&p), SEC_E_OK)) {
        CHECK(pair_exchange(&p, "certificates", 12));
        if (CHECK_STATUS(peer_query(&p.client, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &remote), SEC_E_OK) &&
            CHECK(remote != NULL)) {
            CHECK(same_der(remote, leaf)); /* the leaf the server sent */
            CHECK(remote->pCertInfo != NULL);
            CHECK(remote->hCertStore != NULL);
            /* Its store holds the chain as sent: leaf + CA. */
            int n = 0, has_leaf = 0;
            PCCERT_CONTEXT it = NULL;
            while ((it = CertEnumCertificatesInStore(remote->hCertStore, it)) != NULL) {
                n++;
                has_leaf |= same_der(it, leaf);
            }
            CHECK_EQ(n, 2);
            CHECK(has_leaf);
        }
        PCCERT_CONTEXT local = NULL;
        if (CHECK_STATUS(peer_query(&p.server, SECPKG_ATTR_LOCAL_CERT_CONTEXT, &local), SEC_E_OK)) {
            CHECK(same_der(local, leaf));
            CHECK(CertFreeCertificateContext(local));
        }
        check_bindings(&p.client, leaf);
        check_bindings(&p.server, leaf);
    }
    pair_free(&p); /* the certificate context outlives the security context */
    if (remote) {
        CHECK(same_der(remote, leaf));
        CHECK(CertFreeCertificateContext(remote));
    }
    CHECK(CertFreeCertificateContext(leaf));
    free_cred(&cc);
    free_cred(&sc);
}

int main(void)
{
    test_init();
    for (int i = 0; i < 2; i++) {
        const Version *v = &VERSIONS[i];
        resumption(v);
        no_reconnects(v, 1);
        no_reconnects(v, 0);
        alpn(v);
        validation(v);
    }
    static const char *const keys[] = {"ecdsa", "rsa"};
    for (int k = 0; k < 2; k++)
        for (int src = CERT_PFX; src <= CERT_PEM; src++)
            for (int i = 0; i < 2; i++)
                certificates(keys[k], (CertSource)src, &VERSIONS[i], (Api)((k + src + i) % API_COUNT));
    test_case("%s", "");
    return test_finish("test_session");
}
