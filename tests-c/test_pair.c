/*
 * Handshake and data both ways for TLS 1.2 / 1.3 x ECDSA P-256 / RSA-2048, through every API
 * flavour (A, W, InitSecurityInterfaceA/W tables), with the connection attributes Windows
 * callers read: CONNECTION_INFO, CIPHER_INFO, STREAM_SIZES, KEY_INFO and the returned flags.
 * Also SCH_CREDENTIALS + TLS_PARAMETERS and the default protocol policy.
 */
#include "common.h"

typedef struct {
    const char *name;
    DWORD client, server; /* SP_PROT_* bits */
    DWORD wire;           /* CIPHER_INFO.dwProtocol */
} Version;

static const Version TLS12 = {"TLS 1.2", SP_PROT_TLS1_2_CLIENT, SP_PROT_TLS1_2_SERVER, 0x303};
static const Version TLS13 = {"TLS 1.3", SP_PROT_TLS1_3_CLIENT, SP_PROT_TLS1_3_SERVER, 0x304};
static const char *const KEYS[] = {"ecdsa", "rsa"};

/* UTF-16 string helpers (the attribute strings are WCHAR). */
static int wstarts(const WCHAR *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (*s != (WCHAR)(unsigned char)*prefix)
            return 0;
    return 1;
}

static int wcontains(const WCHAR *s, const char *needle)
{
    for (; *s; s++)
        if (wstarts(s, needle))
            return 1;
    return 0;
}

static void check_side(Peer *p, const Version *v, const char *key)
{
    SecPkgContext_ConnectionInfo ci;
    memset(&ci, 0, sizeof ci);
    if (CHECK_STATUS(peer_query(p, SECPKG_ATTR_CONNECTION_INFO, &ci), SEC_E_OK))
        CHECK_EQ(ci.dwProtocol, p->server ? v->server : v->client);

    SecPkgContext_CipherInfo cipher;
    memset(&cipher, 0, sizeof cipher);
    cipher.dwVersion = SECPKGCONTEXT_CIPHERINFO_V1;
    int gcm = 0;
    if (CHECK_STATUS(peer_query(p, SECPKG_ATTR_CIPHER_INFO, &cipher), SEC_E_OK)) {
        CHECK_EQ(cipher.dwProtocol, v->wire);
        CHECK(cipher.dwCipherSuite != 0);
        if (v->wire == 0x304)
            CHECK_EQ(cipher.dwCipherSuite & 0xff00, 0x1300); /* TLS_AES_* / TLS_CHACHA20_* */
        else
            CHECK((cipher.dwCipherSuite & 0xff00) == 0xc000 || (cipher.dwCipherSuite & 0xff00) == 0xcc00);
        CHECK(wstarts(cipher.szCipherSuite, "TLS_"));
        if (v->wire == 0x303) /* TLS 1.2 suite names carry the certificate's key type */
            CHECK(wcontains(cipher.szCipherSuite, strcmp(key, "rsa") == 0 ? "_RSA_" : "_ECDSA_"));
        gcm = wcontains(cipher.szCipherSuite, "_GCM_");
    }

    SecPkgContext_StreamSizes z;
    memset(&z, 0, sizeof z);
    if (CHECK_STATUS(peer_query(p, SECPKG_ATTR_STREAM_SIZES, &z), SEC_E_OK)) {
        CHECK_EQ(z.cbMaximumMessage, 16384);
        CHECK_EQ(z.cBuffers, 4);
        CHECK_EQ(z.cbBlockSize, 16);
        if (v->wire == 0x304) {
            CHECK_EQ(z.cbHeader, 5);
            CHECK_EQ(z.cbTrailer, 17);
        } else {
            CHECK(gcm); /* rustls prefers AES-GCM: the sizes below are for it */
            CHECK_EQ(z.cbHeader, 13);
            CHECK_EQ(z.cbTrailer, 16);
        }
    }

    /* KEY_INFO: the name strings are package allocations freed with FreeContextBuffer. */
    SecPkgContext_KeyInfoA ki;
    memset(&ki, 0, sizeof ki);
    if (CHECK_STATUS(peer_query(p, SECPKG_ATTR_KEY_INFO, &ki), SEC_E_OK)) {
        CHECK(ki.KeySize >= 128);
        CHECK_EQ(ki.SignatureAlgorithm, strcmp(key, "rsa") == 0 ? CALG_RSA_SIGN : CALG_ECDSA);
        CHECK(ki.sSignatureAlgorithmName != NULL && ki.sEncryptAlgorithmName != NULL);
        if (p->api == API_A || p->api == API_TABLE_A) {
            if (ki.sSignatureAlgorithmName)
                CHECK(strcmp(ki.sSignatureAlgorithmName, strcmp(key, "rsa") == 0 ? "RSA" : "ECDSA") == 0);
        } else if (ki.sSignatureAlgorithmName) {
            SecPkgContext_KeyInfoW *kw = (SecPkgContext_KeyInfoW *)&ki;
            CHECK(wstarts(kw->sSignatureAlgorithmName, strcmp(key, "rsa") == 0 ? "RSA" : "ECDSA"));
        }
        CHECK_STATUS(api_free_buffer(p->api, ki.sSignatureAlgorithmName), SEC_E_OK);
        CHECK_STATUS(api_free_buffer(p->api, ki.sEncryptAlgorithmName), SEC_E_OK);
    }
}

static void exchange_all(Pair *p)
{
    static unsigned char big[3 * 16384 + 100];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (unsigned char)(i * 7 + 3);
    CHECK(pair_exchange(p, "hello over schannel-shim", 24));
    CHECK(pair_exchange(p, big, 16384));       /* exactly one full record */
    CHECK(pair_exchange(p, "", 0));            /* one empty record */
    CHECK(pair_exchange(p, big, sizeof big)); /* four records */
    CHECK(pair_exchange(p, "bye", 3));
}

/* CONTRACT §1, §4, §5, §6 */
static void run(Api capi, Api sapi, const Version *v, const char *key)
{
    test_case("%s / %s / client %s / server %s", v->name, key, api_name(capi), api_name(sapi));
    CredHandle sc, cc;
    if (!server_cred(sapi, key, CERT_PFX, v->server, 0, &sc))
        return;
    if (!client_cred(capi, v->client, 0, &cc)) {
        free_cred(&sc);
        return;
    }
    Pair p;
    pair_init(&p, capi, cc, sapi, sc);
    if (CHECK_STATUS(pair_handshake(&p), SEC_E_OK)) {
        /* curl compares the returned flags with the requested ones: exactly these. */
        CHECK_EQ(p.client.first_attrs, CURL_ISC_RET);
        CHECK_EQ(p.client.attrs, CURL_ISC_RET);
        CHECK_EQ(p.server.first_attrs, SERVER_ASC_RET);
        CHECK_EQ(p.server.attrs, SERVER_ASC_RET);
        check_side(&p.client, v, key);
        check_side(&p.server, v, key);
        exchange_all(&p);
        if (v->wire == 0x304)
            CHECK(p.client.renegotiations >= 1); /* the server's NewSessionTickets */
        else
            CHECK_EQ(p.client.renegotiations, 0);
    }
    pair_free(&p);
    CHECK_STATUS(api_free_cred(capi, &cc), SEC_E_OK);
    CHECK_STATUS(api_free_cred(sapi, &sc), SEC_E_OK);
}

/* Negotiated client dwProtocol for the given credentials, after a full exchange. */
static DWORD negotiate(CredHandle cc, CredHandle sc)
{
    DWORD proto = 0;
    Pair p;
    pair_init(&p, API_A, cc, API_A, sc);
    if (CHECK_STATUS(pair_handshake(&p), SEC_E_OK)) {
        SecPkgContext_ConnectionInfo ci;
        memset(&ci, 0, sizeof ci);
        CHECK_STATUS(peer_query(&p.client, SECPKG_ATTR_CONNECTION_INFO, &ci), SEC_E_OK);
        proto = ci.dwProtocol;
        CHECK(pair_exchange(&p, "x", 1));
    }
    pair_free(&p);
    free_cred(&cc);
    free_cred(&sc);
    return proto;
}

/* CONTRACT §3 */
static void protocol_selection(void)
{
    CredHandle cc, sc;
    PCCERT_CONTEXT cert = load_cert("ecdsa", CERT_PEM);
    if (!cert)
        return;

    test_case("SCH_CREDENTIALS: everything but TLS 1.3 disabled");
    CHECK_STATUS(acquire_sch_credentials(API_A, SECPKG_CRED_INBOUND, ~(DWORD)SP_PROT_TLS1_3_SERVER, 0,
                                         cert, &sc),
                 SEC_E_OK);
    CHECK_STATUS(acquire_sch_credentials(API_W, SECPKG_CRED_OUTBOUND, ~(DWORD)SP_PROT_TLS1_3_CLIENT, 0,
                                         NULL, &cc),
                 SEC_E_OK);
    CHECK_EQ(negotiate(cc, sc), SP_PROT_TLS1_3_CLIENT);

    test_case("SCH_CREDENTIALS: TLS 1.3 disabled on the client");
    CHECK_STATUS(acquire_sch_credentials(API_A, SECPKG_CRED_INBOUND, 0, 0, cert, &sc), SEC_E_OK);
    CHECK_STATUS(acquire_sch_credentials(API_A, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_3, 0, NULL, &cc),
                 SEC_E_OK);
    CHECK_EQ(negotiate(cc, sc), SP_PROT_TLS1_2_CLIENT);

    test_case("SCH_CREDENTIALS: defaults (TLS 1.3 and 1.2)");
    CHECK_STATUS(acquire_sch_credentials(API_A, SECPKG_CRED_INBOUND, 0, 0, cert, &sc), SEC_E_OK);
    CHECK_STATUS(acquire_sch_credentials(API_A, SECPKG_CRED_OUTBOUND, 0, 0, NULL, &cc), SEC_E_OK);
    CHECK_EQ(negotiate(cc, sc), SP_PROT_TLS1_3_CLIENT);

    /* Windows never negotiates TLS 1.3 with a SCHANNEL_CRED, whatever it asks: the peer below
     * accepts TLS 1.3, yet TLS 1.2 is what comes out. */
    test_case("SCHANNEL_CRED without protocol bits: TLS 1.2 only (Windows default policy)");
    CHECK_STATUS(acquire_sch_credentials(API_A, SECPKG_CRED_INBOUND, 0, 0, cert, &sc), SEC_E_OK);
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_OUTBOUND, 0, 0, NULL, &cc), SEC_E_OK);
    CHECK_EQ(negotiate(cc, sc), SP_PROT_TLS1_2_CLIENT);

    test_case("SCHANNEL_CRED client TLS 1.2|1.3, SCH_CREDENTIALS server: TLS 1.2");
    CHECK_STATUS(acquire_sch_credentials(API_A, SECPKG_CRED_INBOUND, 0, 0, cert, &sc), SEC_E_OK);
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT,
                                  0, NULL, &cc),
                 SEC_E_OK);
    CHECK_EQ(negotiate(cc, sc), SP_PROT_TLS1_2_CLIENT);

    test_case("SCHANNEL_CRED server TLS 1.2|1.3, SCH_CREDENTIALS client: TLS 1.2");
    CHECK_STATUS(acquire_schannel(API_W, SECPKG_CRED_INBOUND, SP_PROT_TLS1_2_SERVER | SP_PROT_TLS1_3_SERVER,
                                  0, cert, &sc),
                 SEC_E_OK);
    CHECK_STATUS(acquire_sch_credentials(API_W, SECPKG_CRED_OUTBOUND, 0, 0, NULL, &cc), SEC_E_OK);
    CHECK_EQ(negotiate(cc, sc), SP_PROT_TLS1_2_CLIENT);

    test_case("SCHANNEL_CRED TLS 1.x on both: TLS 1.2");
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_INBOUND, SP_PROT_TLS1_X_SERVER, 0, cert, &sc), SEC_E_OK);
    CHECK_STATUS(acquire_schannel(API_A, SECPKG_CRED_OUTBOUND, SP_PROT_TLS1_X_CLIENT, 0, NULL, &cc), SEC_E_OK);
    CHECK_EQ(negotiate(cc, sc), SP_PROT_TLS1_2_CLIENT);

    CHECK(CertFreeCertificateContext(cert));
}

int main(void)
{
    test_init();
    const Version *versions[] = {&TLS12, &TLS13};
    /* The full matrix with direct A calls on both sides. */
    for (int v = 0; v < 2; v++)
        for (int k = 0; k < 2; k++)
            run(API_A, API_A, versions[v], KEYS[k]);
    /* The W entry points and both function tables (client and server side). */
    for (int api = API_W; api < API_COUNT; api++)
        for (int v = 0; v < 2; v++)
            run((Api)api, (Api)api, versions[v], KEYS[(api + v) % 2]);
    run(API_W, API_TABLE_A, &TLS13, "rsa");
    run(API_TABLE_W, API_A, &TLS12, "ecdsa");
    protocol_selection();
    test_case("%s", "");
    return test_finish("test_pair");
}
