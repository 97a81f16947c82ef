/*
 * server.c: a TLS server written the way a Windows Schannel program is (the SDK WebServer
 * sample's shape), built on Linux against schannel-shim.
 *
 *   server PORT --cert NAME.p12 --password PW [--tls12 | --tls13] [--once] [--echo [--redo N]]
 *                                             [--mutual [--ca FILE]] [--ocsp FILE] [--quiet]
 *   server PORT --pem CHAIN.pem KEY.pem       [--tls12 | --tls13] [--once] [--echo [--redo N]]
 *                                             [--mutual [--ca FILE]] [--ocsp FILE] [--quiet]
 *
 *   --cert/--password  the identity, a PKCS#12 file: PFXImportCertStore, then
 *                      CertFindCertificateInStore(CERT_FIND_HAS_PRIVATE_KEY)
 *   --pem CHAIN KEY    the identity from PEM files (leaf first; key PKCS#8/SEC1/PKCS#1), with the
 *                      schannel-shim extension SchShimCertFromPem
 *   --tls12, --tls13   accept only that version (default: both, via SCH_CREDENTIALS)
 *   --once             exit after one connection (default: serve until killed)
 *   --echo             instead of answering one HTTP request with a page, send every received
 *                      byte back until the client closes (the byte-exact interop check)
 *   --redo N           (with --echo) once N bytes have been echoed on a connection, renegotiate
 *                      from our side the way a Windows server does: AcceptSecurityContext on the
 *                      established context with no input. On TLS 1.3 that returns
 *                      SEC_I_CONTINUE_NEEDED with a KeyUpdate (update_requested) as its token,
 *                      which is sent; the client's answering KeyUpdate comes back through
 *                      DecryptMessage as SEC_I_RENEGOTIATE and the follow-up AcceptSecurityContext
 *                      returns SEC_E_OK (both logged as "server: redo: ...").
 *                      SEC_E_UNSUPPORTED_FUNCTION (TLS 1.2) is logged and the connection is used on
 *                      as it is.
 *   --mutual           ask every client for a certificate and require one (mutual TLS):
 *                      ASC_REQ_MUTUAL_AUTH on the handshake's AcceptSecurityContext calls. After the
 *                      handshake the client's certificate comes from
 *                      QueryContextAttributes(SECPKG_ATTR_REMOTE_CERT_CONTEXT) and its subject and
 *                      issuer are logged (CertGetNameStringA, CERT_NAME_SIMPLE_DISPLAY_TYPE); as on
 *                      Windows, validating it is the application's job. A client without one makes
 *                      AcceptSecurityContext fail with SEC_E_NO_CREDENTIALS (its alert is sent:
 *                      ASC_REQ_EXTENDED_ERROR).
 *   --ca FILE          the CA names the certificate request lists: the certificates of the PEM
 *                      file FILE, in a memory store (CertOpenStore(CERT_STORE_PROV_MEMORY), each
 *                      certificate by SchShimCertFromPem + CertAddCertificateContextToStore) given
 *                      as SCH_CREDENTIALS.hRootStore. Without it: the system trust store's CAs.
 *   --ocsp FILE        staple the DER OCSP response in FILE to every client that asks: it is set
 *                      on the certificate context as CERT_OCSP_RESPONSE_PROP_ID
 *                      (CertSetCertificateContextProperty) before AcquireCredentialsHandle. (A
 *                      Windows server staples the response it fetches itself; schannel-shim fetches
 *                      nothing and staples what the application sets.)
 *   --quiet            do not log the SSPI calls (failures are still reported)
 *
 * Listens on 127.0.0.1:PORT. Per connection: the AcceptSecurityContext loop, then the
 * DecryptMessage loop (EXTRA, INCOMPLETE, SEC_I_RENEGOTIATE, SEC_I_CONTEXT_EXPIRED); in HTTP
 * mode it reads one request (up to the blank line) and answers with a small HTML page over
 * HTTP/1.0. Then it sends close_notify (ApplyControlToken(SCHANNEL_SHUTDOWN) + ASC), waits
 * briefly for the client's close_notify and closes.
 *
 * Every SSPI call is logged to stderr as "Function -> STATUS_NAME (0x%08X)[, details]".
 * Exit status: 0 success (with --once: that connection succeeded), 1 usage, 2 failure.
 */
#define _POSIX_C_SOURCE 200809L
#define EXAMPLE_NAME "server"
#define EXAMPLE_PEER "client"

/* Status names, logging, socket and file I/O, SecBuffer set-up, the identity: the helpers this
 * program shares with client.c. */
#include "example_common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/time.h>

/* ------------------------------------------------------------------------------ options */

/* --mutual */
static int g_mutual;
/* --redo N */
static int g_redo;
static unsigned long long g_redo_at;

/* ----------------------------------------------------------------- the CA names (--ca) */

/* --ca FILE: a memory store with every certificate of a PEM file, for SCH_CREDENTIALS.hRootStore
 * (the CA names of the certificate request). Each "BEGIN CERTIFICATE" block goes through
 * SchShimCertFromPem (key NULL), then CertAddCertificateContextToStore. NULL on failure. */
static HCERTSTORE load_ca_store(const char *path)
{
    static const char begin[] = "-----BEGIN CERTIFICATE-----";
    static const char end[] = "-----END CERTIFICATE-----";
    size_t len = 0;
    char *pem = (char *)read_file(path, &len);
    if (pem == NULL)
        return NULL;
    HCERTSTORE store = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, NULL);
    if (store == NULL) {
        fprintf(stderr, "server: failed: CertOpenStore(CERT_STORE_PROV_MEMORY): last error 0x%08X\n",
                (unsigned)GetLastError());
        free(pem);
        return NULL;
    }
    unsigned count = 0;
    for (char *p = strstr(pem, begin); p != NULL; p = strstr(p, begin)) {
        char *e = strstr(p, end);
        if (e == NULL)
            break;
        e += sizeof end - 1;
        char saved = *e;
        *e = 0; /* one block */
        PCCERT_CONTEXT ca = SchShimCertFromPem(p, NULL);
        *e = saved;
        p = e;
        if (ca == NULL) {
            fprintf(stderr, "server: failed: SchShimCertFromPem(%s, certificate %u): last error "
                            "0x%08X\n",
                    path, count + 1, (unsigned)GetLastError());
            CertCloseStore(store, 0);
            free(pem);
            return NULL;
        }
        char subject[256];
        CertGetNameStringA(ca, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, subject, sizeof subject);
        BOOL added = CertAddCertificateContextToStore(store, ca, CERT_STORE_ADD_ALWAYS, NULL);
        CertFreeCertificateContext(ca);
        if (!added) {
            fprintf(stderr, "server: failed: CertAddCertificateContextToStore: last error 0x%08X\n",
                    (unsigned)GetLastError());
            CertCloseStore(store, 0);
            free(pem);
            return NULL;
        }
        count++;
        info("--ca %s: CA \"%s\" added to the root store", path, subject);
    }
    free(pem);
    if (count == 0) {
        fprintf(stderr, "server: failed: %s holds no certificate\n", path);
        CertCloseStore(store, 0);
        return NULL;
    }
    return store;
}

static SECURITY_STATUS create_credentials(PCCERT_CONTEXT cert, DWORD protocols, HCERTSTORE roots,
                                          CredHandle *cred)
{
    SCH_CREDENTIALS sc;
    TLS_PARAMETERS tls;
    TimeStamp expiry;

    /* SCH_CREDENTIALS, not SCHANNEL_CRED: Schannel never negotiates TLS 1.3 with a
     * SCHANNEL_CRED, whatever its grbitEnabledProtocols says. */
    memset(&sc, 0, sizeof sc);
    memset(&tls, 0, sizeof tls);
    sc.dwVersion = SCH_CREDENTIALS_VERSION;
    sc.cCreds = 1;
    sc.paCred = &cert;
    /* As curl does: disable every protocol bit we do not want. */
    tls.grbitDisabledProtocols = (DWORD)~protocols;
    sc.cTlsParameters = 1;
    sc.pTlsParameters = &tls;
    sc.dwFlags = SCH_USE_STRONG_CRYPTO;
    /* With --mutual: the CA names the certificate request lists (NULL: the system store's). */
    sc.hRootStore = roots;

    SECURITY_STATUS s = g_pSSPI->AcquireCredentialsHandleA(NULL, (SEC_CHAR *)UNISP_NAME_A,
                                                           SECPKG_CRED_INBOUND, NULL, &sc, NULL,
                                                           NULL, cred, &expiry);
    log_call("AcquireCredentialsHandleA", s, "SCH_CREDENTIALS, %s%s",
             protocols == SP_PROT_TLS1_2_SERVER   ? "TLS 1.2"
             : protocols == SP_PROT_TLS1_3_SERVER ? "TLS 1.3"
                                                  : "TLS 1.2 + 1.3",
             roots != NULL ? ", hRootStore" : "");
    return s;
}

/* ------------------------------------------------------------------------ a connection */

typedef struct {
    int fd;
    CredHandle *cred;
    CtxtHandle ctx;
    int have_ctx;
    unsigned char *io;
    DWORD io_len;
    int peer_closed; /* close_notify received */
    int tcp_closed;  /* recv() returned 0 */
    int redo_pending; /* our redo KeyUpdate is out, the client's answer has not come yet */
    ULONG asc_flags;  /* returned by the AcceptSecurityContext that completed the handshake */
} Connection;

static const ULONG g_asc_flags = ASC_REQ_SEQUENCE_DETECT | ASC_REQ_REPLAY_DETECT |
                                 ASC_REQ_CONFIDENTIALITY | ASC_REQ_EXTENDED_ERROR |
                                 ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_STREAM;

/* The AcceptSecurityContext loop (the SDK WebServer sample's SSPINegotiateLoop). c->io holds
 * what was received so far; without do_initial_read the first call is made with it as it is
 * (the follow-up after SEC_I_RENEGOTIATE). On SEC_E_OK c->io keeps the EXTRA bytes. */
static SECURITY_STATUS server_handshake_loop(Connection *c, int do_initial_read)
{
    SecBufferDesc in_desc, out_desc;
    SecBuffer in_bufs[2], out_bufs[1];
    ULONG out_flags = 0;
    TimeStamp expiry;
    int do_read = do_initial_read;
    SECURITY_STATUS s = SEC_I_CONTINUE_NEEDED;
    /* --mutual: the client certificate is asked for in the handshake (do_initial_read); on the
     * follow-up to a SEC_I_RENEGOTIATE the flag would ask for it after the fact, by
     * renegotiation, which is not what this server wants. */
    ULONG req = g_asc_flags | (g_mutual && do_initial_read ? ASC_REQ_MUTUAL_AUTH : 0);

    while (s == SEC_I_CONTINUE_NEEDED || s == SEC_E_INCOMPLETE_MESSAGE ||
           s == SEC_I_INCOMPLETE_CREDENTIALS) {
        /* More input when c->io is empty or the last call wanted more. */
        if (handshake_read(c->fd, c->io, &c->io_len, s, &do_read) != SEC_E_OK)
            return SEC_E_INTERNAL_ERROR;

        handshake_buffers(&in_desc, in_bufs, &out_desc, out_bufs, c->io, c->io_len);
        /* No context exists until a call succeeds: until then phContext is NULL. */
        s = g_pSSPI->AcceptSecurityContext(c->cred, c->have_ctx ? &c->ctx : NULL, &in_desc,
                                           req, SECURITY_NATIVE_DREP,
                                           c->have_ctx ? NULL : &c->ctx, &out_desc, &out_flags,
                                           &expiry);
        log_handshake_call("AcceptSecurityContext", s, c->io_len, in_bufs, &out_bufs[0], out_flags);
        if (s == SEC_E_OK || s == SEC_I_CONTINUE_NEEDED)
            c->have_ctx = 1;
        if (s == SEC_E_OK)
            c->asc_flags = out_flags;

        /* The output token on success, and on failure when it is the alert to send. */
        int extended_error = (out_flags & ASC_RET_EXTENDED_ERROR) != 0;
        if (send_handshake_token(c->fd, &out_bufs[0], s, extended_error) != SEC_E_OK)
            return SEC_E_INTERNAL_ERROR;

        if (s == SEC_E_INCOMPLETE_MESSAGE)
            continue;
        if (FAILED(s))
            break;

        keep_handshake_extra(c->io, &c->io_len, in_bufs);
        if (s == SEC_E_OK)
            break;
    }
    return s;
}

static SECURITY_STATUS encrypt_and_send(Connection *c, const SecPkgContext_StreamSizes *sizes,
                                        unsigned char *buf, const void *data, size_t len)
{
    const unsigned char *p = data;
    do {
        DWORD chunk = (DWORD)(len > sizes->cbMaximumMessage ? sizes->cbMaximumMessage : len);
        SecBufferDesc desc;
        SecBuffer bufs[4];

        stream_buffers(&desc, bufs, buf, sizes, p, chunk);
        SECURITY_STATUS s = g_pSSPI->EncryptMessage(&c->ctx, 0, &desc, 0);
        s = send_record(c->fd, s, buf, bufs, chunk, 1);
        if (s != SEC_E_OK)
            return s;
        p += chunk;
        len -= chunk;
    } while (len > 0);
    return SEC_E_OK;
}

static SECURITY_STATUS send_close_notify(Connection *c);

/* One DecryptMessage step over c->io, reading from the socket as needed. Returns SEC_E_OK with
 * the plaintext in *data and *data_len (possibly 0 bytes), or SEC_I_CONTEXT_EXPIRED once the client's
 * close_notify came, or SEC_E_OK with c->tcp_closed set when the connection ended without it.
 * SEC_I_RENEGOTIATE is handled here: the follow-up AcceptSecurityContext with the EXTRA bytes
 * as its token, whose output is sent. The plaintext stays valid until the next call. */
static SECURITY_STATUS receive_some(Connection *c, unsigned char **data, DWORD *data_len)
{
    SecBufferDesc desc;
    SecBuffer bufs[4];
    SECURITY_STATUS s = SEC_E_OK;

    *data = NULL;
    *data_len = 0;
    for (;;) {
        if (c->io_len == 0 || s == SEC_E_INCOMPLETE_MESSAGE) {
            ssize_t n = recv_more(c->fd, c->io, &c->io_len);
            if (n == RECV_FULL)
                return SEC_E_INTERNAL_ERROR;
            if (n < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK)
                    info("no more data from the client (timeout)");
                else
                    io_failed("recv");
                c->tcp_closed = 1;
                return SEC_E_OK;
            }
            if (n == 0) {
                if (c->io_len != 0)
                    fprintf(stderr, "server: the client disconnected in the middle of a record\n");
                else
                    info("the client closed the connection without close_notify");
                c->tcp_closed = 1;
                return SEC_E_OK;
            }
        }

        decrypt_buffers(&desc, bufs, c->io, c->io_len);
        DWORD input = c->io_len;
        s = g_pSSPI->DecryptMessage(&c->ctx, &desc, 0, NULL);
        SecBuffer *dbuf, *extra;
        log_decrypt(s, input, bufs, &dbuf, &extra);
        if (s == SEC_E_INCOMPLETE_MESSAGE)
            continue;
        if (s != SEC_E_OK && s != SEC_I_RENEGOTIATE && s != SEC_I_CONTEXT_EXPIRED) {
            sspi_failed("DecryptMessage", s);
            /* The usual shutdown path: after a failed DecryptMessage its token is the alert the
             * broken record owes the client, in place of close_notify. */
            send_close_notify(c);
            linger_after_alert(c->fd);
            return s;
        }

        /* The plaintext is inside c->io, ahead of the EXTRA bytes: move it out of the way
         * before the EXTRA bytes are moved to the front. */
        static unsigned char plain[IO_BUFFER_SIZE];
        if (dbuf != NULL && dbuf->cbBuffer != 0) {
            memcpy(plain, dbuf->pvBuffer, dbuf->cbBuffer);
            *data = plain;
            *data_len = dbuf->cbBuffer;
        }
        keep_extra(c->io, &c->io_len, extra);

        if (s == SEC_I_CONTEXT_EXPIRED) {
            info("the client sent close_notify");
            c->peer_closed = 1;
            return s;
        }
        if (s == SEC_I_RENEGOTIATE) {
            int answer = c->redo_pending;
            if (answer)
                info("redo: the client's answer came back: DecryptMessage returned "
                     "SEC_I_RENEGOTIATE");
            info("client sent a post-handshake message; calling AcceptSecurityContext with the "
                 "%u extra bytes",
                 (unsigned)c->io_len);
            s = server_handshake_loop(c, 0);
            if (s != SEC_E_OK) {
                sspi_failed("AcceptSecurityContext", s);
                return s;
            }
            if (answer) {
                c->redo_pending = 0;
                info("redo: the follow-up AcceptSecurityContext returned SEC_E_OK; the redo is "
                     "complete");
            }
        }
        return SEC_E_OK;
    }
}

static SECURITY_STATUS send_close_notify(Connection *c)
{
    SecBufferDesc desc;
    SecBuffer bufs[1];
    DWORD type = SCHANNEL_SHUTDOWN;
    ULONG out_flags = 0;
    TimeStamp expiry;

    set_buffer(&bufs[0], SECBUFFER_TOKEN, &type, sizeof type);
    set_desc(&desc, bufs, 1);
    SECURITY_STATUS s = g_pSSPI->ApplyControlToken(&c->ctx, &desc);
    log_call("ApplyControlToken", s, "SCHANNEL_SHUTDOWN");
    if (FAILED(s)) {
        sspi_failed("ApplyControlToken", s);
        return s;
    }

    token_output(&desc, bufs);
    s = g_pSSPI->AcceptSecurityContext(c->cred, &c->ctx, NULL, g_asc_flags, SECURITY_NATIVE_DREP,
                                       NULL, &desc, &out_flags, &expiry);
    log_call("AcceptSecurityContext", s, "close_notify token %u bytes", (unsigned)bufs[0].cbBuffer);
    if (FAILED(s)) {
        sspi_failed("AcceptSecurityContext", s);
        return s;
    }
    send_close_notify_token(c->fd, &bufs[0], "");
    return SEC_E_OK;
}

/* The application's renegotiation: AcceptSecurityContext on the established context with no
 * input. TLS 1.3: a KeyUpdate with update_requested comes back as the token
 * (SEC_I_CONTINUE_NEEDED) and is sent; the client's answer arrives later through
 * DecryptMessage. SEC_E_UNSUPPORTED_FUNCTION leaves the connection as it was: logged, not an
 * error. */
static SECURITY_STATUS redo_handshake(Connection *c, unsigned long long echoed)
{
    SecBufferDesc out_desc;
    SecBuffer out_bufs[1];
    ULONG out_flags = 0;
    TimeStamp expiry;

    token_output(&out_desc, out_bufs);
    info("redo: %llu bytes echoed; calling AcceptSecurityContext on the established context with "
         "no input",
         echoed);
    SECURITY_STATUS s = g_pSSPI->AcceptSecurityContext(c->cred, &c->ctx, NULL, g_asc_flags,
                                                       SECURITY_NATIVE_DREP, NULL, &out_desc,
                                                       &out_flags, &expiry);
    log_call("AcceptSecurityContext", s, "redo, token %u bytes, flags 0x%X",
             (unsigned)out_bufs[0].cbBuffer, (unsigned)out_flags);
    return redo_outcome(c->fd, "AcceptSecurityContext", s, &out_bufs[0], &c->redo_pending);
}

/* --mutual: the client's certificate, as a Windows server gets it after the handshake. The
 * package has checked the client's signature but not its chain: an application validates it here
 * (CertGetCertificateChain on it and its hCertStore); this example logs the names and accepts it. */
static SECURITY_STATUS show_client_certificate(Connection *c)
{
    info("ASC_RET_MUTUAL_AUTH %s (flags 0x%X)",
         (c->asc_flags & ASC_RET_MUTUAL_AUTH) ? "returned" : "NOT returned", (unsigned)c->asc_flags);
    PCCERT_CONTEXT client_cert = NULL;
    SECURITY_STATUS s =
        g_pSSPI->QueryContextAttributesA(&c->ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &client_cert);
    if (s != SEC_E_OK) {
        log_call("QueryContextAttributesA(SECPKG_ATTR_REMOTE_CERT_CONTEXT)", s, NULL);
        sspi_failed("QueryContextAttributesA(SECPKG_ATTR_REMOTE_CERT_CONTEXT)", s);
        return s;
    }
    char subject[NAME_SIZE], issuer[NAME_SIZE];
    cert_names(client_cert, subject, issuer);
    log_call("QueryContextAttributesA(SECPKG_ATTR_REMOTE_CERT_CONTEXT)", s,
             "client certificate %u bytes", (unsigned)client_cert->cbCertEncoded);
    info("client certificate: subject \"%s\", issuer \"%s\"", subject, issuer);
    CertFreeCertificateContext(client_cert);
    return SEC_E_OK;
}

/* Serves one accepted connection. Returns 0 on success. */
static int serve(int fd, CredHandle *cred, int echo)
{
    Connection c;
    SecPkgContext_StreamSizes sizes;
    SecPkgContext_ConnectionInfo ci;
    unsigned char *send_buf = NULL;
    int ok = 0;
    SECURITY_STATUS s;

    memset(&c, 0, sizeof c);
    c.fd = fd;
    c.cred = cred;
    SecInvalidateHandle(&c.ctx);
    c.io = malloc(IO_BUFFER_SIZE);
    if (c.io == NULL)
        return -1;

    s = server_handshake_loop(&c, 1);
    if (s != SEC_E_OK) {
        sspi_failed("AcceptSecurityContext", s);
        goto done;
    }
    info("handshake complete");
    if (g_mutual && show_client_certificate(&c) != SEC_E_OK)
        goto done;

    s = g_pSSPI->QueryContextAttributesA(&c.ctx, SECPKG_ATTR_CONNECTION_INFO, &ci);
    log_connection_info(s, &ci);

    s = g_pSSPI->QueryContextAttributesA(&c.ctx, SECPKG_ATTR_STREAM_SIZES, &sizes);
    if (log_stream_sizes(s, &sizes) != SEC_E_OK)
        goto done;
    send_buf = malloc(sizes.cbHeader + sizes.cbMaximumMessage + sizes.cbTrailer);
    if (send_buf == NULL)
        goto done;

    if (echo) {
        /* Every byte back, until the client closes; --redo N: our redo after exactly N bytes. */
        unsigned long long total = 0;
        int redo_done = !g_redo;
        if (!redo_done && g_redo_at == 0) {
            if (redo_handshake(&c, total) != SEC_E_OK)
                goto done;
            redo_done = 1;
        }
        for (;;) {
            unsigned char *data;
            DWORD len;
            s = receive_some(&c, &data, &len);
            if (s != SEC_E_OK && s != SEC_I_CONTEXT_EXPIRED)
                goto done;
            while (len != 0) {
                DWORD chunk = len;
                if (!redo_done && g_redo_at - total < chunk)
                    chunk = (DWORD)(g_redo_at - total);
                if (encrypt_and_send(&c, &sizes, send_buf, data, chunk) != SEC_E_OK)
                    goto done;
                total += chunk;
                data += chunk;
                len -= chunk;
                if (!redo_done && total >= g_redo_at) {
                    if (redo_handshake(&c, total) != SEC_E_OK)
                        goto done;
                    redo_done = 1;
                }
            }
            if (c.peer_closed || c.tcp_closed)
                break;
        }
        info("%llu bytes echoed", total);
        if (c.redo_pending) {
            fprintf(stderr, "server: failed: the client never answered our redo (no "
                            "SEC_I_RENEGOTIATE after it)\n");
            goto done;
        }
    } else {
        /* One HTTP request: read up to the blank line. */
        char request[8192];
        size_t request_len = 0;
        int complete = 0;
        while (!complete) {
            unsigned char *data;
            DWORD len;
            s = receive_some(&c, &data, &len);
            if (s != SEC_E_OK && s != SEC_I_CONTEXT_EXPIRED)
                goto done;
            for (DWORD i = 0; i < len && request_len < sizeof request - 1; i++)
                request[request_len++] = (char)data[i];
            request[request_len] = 0;
            if (strstr(request, "\r\n\r\n") != NULL || strstr(request, "\n\n") != NULL ||
                request_len == sizeof request - 1)
                complete = 1;
            if (c.peer_closed || c.tcp_closed)
                break;
        }
        if (!complete) {
            fprintf(stderr, "server: the client closed before sending a whole request\n");
            goto done;
        }
        char *eol = strpbrk(request, "\r\n");
        int line_len = eol != NULL ? (int)(eol - request) : (int)request_len;
        info("request: %.*s", line_len, request);

        char body[2048], response[4096];
        int body_len = snprintf(
            body, sizeof body,
            "<!DOCTYPE html>\n<html><head><title>schannel-shim</title></head><body>\n"
            "<h1>Hello from schannel-shim</h1>\n"
            "<p>This page was sent with EncryptMessage over %s.</p>\n"
            "<p>Your request: <code>%.*s</code></p>\n</body></html>\n",
            protocol_name(ci.dwProtocol), line_len > 200 ? 200 : line_len, request);
        int response_len = snprintf(response, sizeof response,
                                    "HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                                    "Content-Length: %d\r\nConnection: close\r\n\r\n%s",
                                    body_len, body);
        if (encrypt_and_send(&c, &sizes, send_buf, response, (size_t)response_len) != SEC_E_OK)
            goto done;
        info("response sent (%d bytes)", response_len);
    }

    /* Our close_notify, then a short wait for the client's (a lingering close: unread data at
     * close() would turn into a reset that can destroy what we sent). */
    if (send_close_notify(&c) != SEC_E_OK)
        goto done;
    shutdown(fd, SHUT_WR);
    if (!c.peer_closed && !c.tcp_closed) {
        struct timeval tv = { 2, 0 };
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        while (!c.peer_closed && !c.tcp_closed) {
            unsigned char *data;
            DWORD len;
            s = receive_some(&c, &data, &len);
            if (s != SEC_E_OK && s != SEC_I_CONTEXT_EXPIRED)
                break;
            if (len != 0)
                info("%u bytes after our close_notify ignored", (unsigned)len);
        }
    }
    ok = 1;

done:
    if (c.have_ctx) {
        s = g_pSSPI->DeleteSecurityContext(&c.ctx);
        log_call("DeleteSecurityContext", s, NULL);
    }
    free(send_buf);
    free(c.io);
    return ok ? 0 : -1;
}

/* ------------------------------------------------------------------------------- main */

static void usage(void)
{
    fprintf(stderr, "usage: server PORT (--cert NAME.p12 --password PW | --pem CHAIN KEY) "
                    "[--tls12 | --tls13] [--once] [--echo [--redo N]] [--mutual [--ca FILE]] "
                    "[--ocsp FILE] [--quiet]\n");
}

int main(int argc, char **argv)
{
    IdentityFiles identity = { NULL, NULL, NULL, NULL };
    const char *ca_file = NULL, *ocsp_file = NULL;
    DWORD protocols = SP_PROT_TLS1_2_SERVER | SP_PROT_TLS1_3_SERVER;
    int once = 0, echo = 0;

    if (argc < 2) {
        usage();
        return 1;
    }
    char *end;
    long port = strtol(argv[1], &end, 10);
    if (*end != 0 || port <= 0 || port > 65535) {
        usage();
        return 1;
    }
    for (int i = 2; i < argc; i++) {
        if (identity_option(argc, argv, &i, &identity))
            continue;
        if (strcmp(argv[i], "--tls12") == 0)
            protocols = SP_PROT_TLS1_2_SERVER;
        else if (strcmp(argv[i], "--tls13") == 0)
            protocols = SP_PROT_TLS1_3_SERVER;
        else if (strcmp(argv[i], "--once") == 0)
            once = 1;
        else if (strcmp(argv[i], "--echo") == 0)
            echo = 1;
        else if (strcmp(argv[i], "--redo") == 0 && i + 1 < argc) {
            if (!parse_count(argv[++i], &g_redo_at)) {
                usage();
                return 1;
            }
            g_redo = 1;
        }
        else if (strcmp(argv[i], "--mutual") == 0)
            g_mutual = 1;
        else if (strcmp(argv[i], "--ca") == 0 && i + 1 < argc)
            ca_file = argv[++i];
        else if (strcmp(argv[i], "--ocsp") == 0 && i + 1 < argc)
            ocsp_file = argv[++i];
        else if (strcmp(argv[i], "--quiet") == 0)
            g_quiet = 1;
        else {
            usage();
            return 1;
        }
    }
    if ((identity.p12 == NULL) == (identity.pem_chain == NULL) || (g_redo && !echo) || (ca_file != NULL && !g_mutual)) {
        usage();
        return 1;
    }

    g_pSSPI = InitSecurityInterfaceA();
    if (g_pSSPI == NULL) {
        fprintf(stderr, "server: failed: InitSecurityInterfaceA returned NULL\n");
        return 2;
    }
    info("InitSecurityInterfaceA: function table version %u", (unsigned)g_pSSPI->dwVersion);

    HCERTSTORE store = NULL;
    PCCERT_CONTEXT cert = load_identity(&identity, &store);
    if (cert == NULL)
        return 2;
    if (ocsp_file != NULL) {
        size_t len = 0;
        unsigned char *der = read_file(ocsp_file, &len);
        CRYPT_DATA_BLOB blob = { (DWORD)len, der };
        BOOL set = der != NULL && CertSetCertificateContextProperty(cert, CERT_OCSP_RESPONSE_PROP_ID, 0, &blob);
        free(der);
        if (!set) {
            fprintf(stderr, "server: failed: --ocsp %s: CertSetCertificateContextProperty (0x%08X)\n", ocsp_file,
                    (unsigned)GetLastError());
            CertFreeCertificateContext(cert);
            if (store != NULL)
                CertCloseStore(store, 0);
            return 2;
        }
        info("--ocsp %s: %u bytes set as CERT_OCSP_RESPONSE_PROP_ID", ocsp_file, (unsigned)len);
    }
    HCERTSTORE roots = NULL;
    if (ca_file != NULL && (roots = load_ca_store(ca_file)) == NULL) {
        CertFreeCertificateContext(cert);
        if (store != NULL)
            CertCloseStore(store, 0);
        return 2;
    }
    if (g_mutual)
        info("mutual TLS: clients must present a certificate; CA names from %s",
             roots != NULL ? ca_file : "the system trust store");
    CredHandle cred;
    SECURITY_STATUS s = create_credentials(cert, protocols, roots, &cred);
    /* The credential holds its own reference to the certificate and key, and the CA names. */
    CertFreeCertificateContext(cert);
    if (store != NULL)
        CertCloseStore(store, 0);
    if (roots != NULL)
        CertCloseStore(roots, 0);
    if (s != SEC_E_OK) {
        sspi_failed("AcquireCredentialsHandleA", s);
        return 2;
    }

    int status = 2;
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) {
        io_failed("socket");
        goto out;
    }
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(lfd, 16) != 0) {
        io_failed("bind/listen on 127.0.0.1");
        close(lfd);
        goto out;
    }
    info("listening on 127.0.0.1:%ld%s", port, echo ? " (echo)" : "");
    fflush(stderr);

    for (;;) {
        struct sockaddr_in peer;
        socklen_t peer_len = sizeof peer;
        int fd = accept(lfd, (struct sockaddr *)&peer, &peer_len);
        if (fd < 0) {
            if (errno == EINTR)
                continue;
            io_failed("accept");
            break;
        }
        char host[INET_ADDRSTRLEN] = "?";
        inet_ntop(AF_INET, &peer.sin_addr, host, sizeof host);
        info("connection from %s:%u", host, (unsigned)ntohs(peer.sin_port));
        int rc = serve(fd, &cred, echo);
        close(fd);
        info("connection %s", rc == 0 ? "done" : "failed");
        fflush(stderr);
        if (once) {
            status = rc == 0 ? 0 : 2;
            break;
        }
    }
    close(lfd);

out:
    s = g_pSSPI->FreeCredentialsHandle(&cred);
    log_call("FreeCredentialsHandle", s, NULL);
    return status;
}
