/*
 * client.c: an HTTPS client written the way a Windows Schannel program is (the SDK WebClient
 * sample, curl's schannel backend), built on Linux against schannel-shim.
 *
 *   client HOST PORT PATH [--tls12 | --tls13] [--manual] [--send FILE | --echo] [--redo N]
 *                         [--early-write] [--target NAME]
 *                         [--cert NAME.p12 --password PW | --pem CHAIN KEY] [--quiet]
 *
 *   HOST PORT     where to connect (a name or an address literal)
 *   PATH          the path of the GET request ("GET PATH HTTP/1.0")
 *   --tls12       offer TLS 1.2 only; --tls13: TLS 1.3 only (default: both, via SCH_CREDENTIALS)
 *   --manual      SCH_CRED_MANUAL_CRED_VALIDATION: the package does not validate the server
 *                 certificate; the program prints it (the application would check it here)
 *   --send FILE   instead of a GET, send exactly the bytes of FILE, then close our direction
 *                 with close_notify, and print everything the server sends until it closes
 *                 (the byte-exact interop check)
 *   --echo        instead of a GET, send back every byte the server sends (each decrypted chunk
 *                 is re-encrypted and sent at once), and print it, until the server closes; then
 *                 our close_notify (the byte-exact interop check of data in both directions)
 *   --redo N      (with --echo) once N bytes have been echoed, renegotiate from our side the way
 *                 a Windows program does: InitializeSecurityContext on the established context
 *                 with no input. On TLS 1.3 that returns SEC_I_CONTINUE_NEEDED with a KeyUpdate
 *                 (update_requested) as its token, which is sent; the server's answering KeyUpdate
 *                 comes back through DecryptMessage as SEC_I_RENEGOTIATE and the follow-up call
 *                 returns SEC_E_OK (both logged as "client: redo: ..."). SEC_E_UNSUPPORTED_FUNCTION
 *                 (TLS 1.2) is logged and the connection is used on as it is.
 *   --early-write (with --echo) at every SEC_I_RENEGOTIATE that comes after the first application
 *                 data, write as a full-duplex program's writer thread may: before the follow-up
 *                 InitializeSecurityContext, EncryptMessage a marker line "early write K\n" (K = 1,
 *                 2, ...) and send it. When EncryptMessage refuses with SEC_E_CONTEXT_EXPIRED (a
 *                 reply is owed first), the marker is held and written right after the follow-up.
 *                 Logged as "client: early write K: ...".
 *   --target NAME the name the server certificate must carry (pszTargetName, SNI); default HOST
 *   --cert NAME.p12 --password PW
 *                 a client certificate (mutual TLS) from a PKCS#12 file, loaded as server.c loads
 *                 its identity: PFXImportCertStore, then
 *                 CertFindCertificateInStore(CERT_FIND_HAS_PRIVATE_KEY); it goes into
 *                 SCH_CREDENTIALS.paCred and is sent when the server asks for one
 *   --pem CHAIN KEY
 *                 the same from PEM files (leaf first; key PKCS#8/SEC1/PKCS#1) with the
 *                 schannel-shim extension SchShimCertFromPem
 *                 Without either, a server's certificate request makes InitializeSecurityContext
 *                 return SEC_I_INCOMPLETE_CREDENTIALS; the client then logs the server's acceptable
 *                 CA names (SECPKG_ATTR_ISSUER_LIST_EX) and, as curl does, calls again with the
 *                 same input and ISC_REQ_USE_SUPPLIED_CREDS: the handshake goes on without a
 *                 certificate (a server that requires one then fails it).
 *   --quiet       do not log the SSPI calls (failures are still reported)
 *
 * The server is validated against the system trust store (SSL_CERT_FILE / SSL_CERT_DIR).
 * Every SSPI call is logged to stderr as "Function -> STATUS_NAME (0x%08X)[, details]"; the
 * response body (GET) or everything received (--send, --echo) goes to stdout.
 *
 * Exit status: 0 success, 1 usage, 2 failure (an SSPI failure is reported as
 * "client: failed: Function returned STATUS_NAME (0x...)").
 *
 * All SSPI calls go through the table from InitSecurityInterfaceA(), as curl does.
 */
#define _POSIX_C_SOURCE 200809L
#define EXAMPLE_NAME "client"
#define EXAMPLE_PEER "server"

/* Status names, logging, socket and file I/O, SecBuffer set-up, the identity: the helpers this
 * program shares with server.c. */
#include "example_common.h"

#include <netdb.h>

/* ------------------------------------------------------------------------------ sockets */

static int connect_to_server(const char *host, const char *port)
{
    struct addrinfo hints, *res = NULL, *ai;
    int fd = -1;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "client: failed: cannot resolve %s: %s\n", host, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0)
            continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0)
        io_failed("connect");
    return fd;
}

/* ---------------------------------------------------------------------------- the state */

typedef struct {
    int fd;
    CredHandle cred;
    CtxtHandle ctx;
    int have_cred, have_ctx;
    /* Everything received and not yet consumed by ISC/DecryptMessage. */
    unsigned char *io;
    DWORD io_len;
    /* --echo: what we send back goes through these (set once the handshake is done). */
    int echo;
    SecPkgContext_StreamSizes sizes;
    unsigned char *send_buf;
    unsigned long long echoed;
    /* --redo N: done once `echoed` reaches redo_at; pending until the server's answer. */
    int redo;
    unsigned long long redo_at;
    int redo_done, redo_pending;
    /* --early-write: markers written between SEC_I_RENEGOTIATE and its follow-up */
    int early_write;
    unsigned early_writes;
    unsigned long long received;
} Connection;

/* The SDK sample's request flags; ISC_REQ_USE_SUPPLIED_CREDS is added after
 * SEC_I_INCOMPLETE_CREDENTIALS (as curl does). */
static ULONG g_isc_flags = ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT |
                           ISC_REQ_CONFIDENTIALITY | ISC_RET_EXTENDED_ERROR |
                           ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM;

/* ------------------------------------------------------------------ the certificate request */

/* SECPKG_ATTR_ISSUER_LIST_EX: the CA names of the server's certificate request (DER names),
 * logged with their count and sizes. */
static void show_issuer_list(Connection *c)
{
    SecPkgContext_IssuerListInfoEx list;
    memset(&list, 0, sizeof list);
    SECURITY_STATUS s = g_pSSPI->QueryContextAttributesA(&c->ctx, SECPKG_ATTR_ISSUER_LIST_EX, &list);
    if (s != SEC_E_OK) {
        log_call("QueryContextAttributesA(SECPKG_ATTR_ISSUER_LIST_EX)", s, NULL);
        return;
    }
    char sizes[256] = "";
    size_t used = 0;
    for (DWORD i = 0; i < list.cIssuers && used + 16 < sizeof sizes; i++)
        used += (size_t)snprintf(sizes + used, sizeof sizes - used, "%s%u", i ? ", " : "",
                                 (unsigned)list.aIssuers[i].cbData);
    log_call("QueryContextAttributesA(SECPKG_ATTR_ISSUER_LIST_EX)", s,
             "%u acceptable CA names%s%s%s", (unsigned)list.cIssuers, list.cIssuers ? " (" : "",
             sizes, list.cIssuers ? " bytes of DER)" : "");
    if (list.aIssuers != NULL)
        g_pSSPI->FreeContextBuffer(list.aIssuers);
}

/* ------------------------------------------------------------------------- credentials */

static SECURITY_STATUS create_credentials(Connection *c, DWORD protocols, int manual,
                                          PCCERT_CONTEXT cert)
{
    SCH_CREDENTIALS cred;
    TLS_PARAMETERS tls;
    TimeStamp expiry;

    memset(&cred, 0, sizeof cred);
    memset(&tls, 0, sizeof tls);
    cred.dwVersion = SCH_CREDENTIALS_VERSION;
    cred.dwFlags = SCH_CRED_NO_DEFAULT_CREDS | SCH_USE_STRONG_CRYPTO |
                   (manual ? SCH_CRED_MANUAL_CRED_VALIDATION : SCH_CRED_AUTO_CRED_VALIDATION);
    if (protocols != 0) {
        /* As curl does: disable every protocol bit we do not want. */
        tls.grbitDisabledProtocols = (DWORD)~protocols;
        cred.cTlsParameters = 1;
        cred.pTlsParameters = &tls;
    }
    if (cert != NULL) {
        /* The client certificate, sent when the server asks for one. */
        cred.cCreds = 1;
        cred.paCred = &cert;
    }

    SECURITY_STATUS s = g_pSSPI->AcquireCredentialsHandleA(
        NULL, (SEC_CHAR *)UNISP_NAME_A, SECPKG_CRED_OUTBOUND, NULL, &cred, NULL, NULL, &c->cred,
        &expiry);
    log_call("AcquireCredentialsHandleA", s, "SCH_CREDENTIALS, %s%s%s",
             protocols == SP_PROT_TLS1_2_CLIENT   ? "TLS 1.2"
             : protocols == SP_PROT_TLS1_3_CLIENT ? "TLS 1.3"
                                                  : "TLS 1.2 + 1.3",
             manual ? ", manual validation" : "", cert != NULL ? ", client certificate" : "");
    if (s == SEC_E_OK)
        c->have_cred = 1;
    return s;
}

/* ----------------------------------------------------------------------------- handshake */

/* The classic ClientHandshakeLoop. c->io holds what was received so far (after a
 * SEC_I_RENEGOTIATE: the EXTRA bytes of DecryptMessage). Without do_initial_read the first
 * InitializeSecurityContext call is made with what c->io already holds (possibly nothing).
 * On SEC_E_OK, c->io keeps the bytes that followed the handshake (SECBUFFER_EXTRA). */
static SECURITY_STATUS client_handshake_loop(Connection *c, int do_initial_read)
{
    SecBufferDesc in_desc, out_desc;
    SecBuffer in_bufs[2], out_bufs[1];
    ULONG out_flags = 0;
    TimeStamp expiry;
    int do_read = do_initial_read;
    SECURITY_STATUS s = SEC_I_CONTINUE_NEEDED;

    while (s == SEC_I_CONTINUE_NEEDED || s == SEC_E_INCOMPLETE_MESSAGE ||
           s == SEC_I_INCOMPLETE_CREDENTIALS) {
        /* More input when c->io is empty or the last call wanted more. */
        if (handshake_read(c->fd, c->io, &c->io_len, s, &do_read) != SEC_E_OK)
            return SEC_E_INTERNAL_ERROR;

        /* Input: everything received as TOKEN, then an EMPTY buffer for EXTRA/MISSING; output:
         * a token allocated by the package. */
        handshake_buffers(&in_desc, in_bufs, &out_desc, out_bufs, c->io, c->io_len);
        s = g_pSSPI->InitializeSecurityContextA(&c->cred, &c->ctx, NULL, g_isc_flags, 0,
                                                SECURITY_NATIVE_DREP, &in_desc, 0, NULL,
                                                &out_desc, &out_flags, &expiry);
        log_handshake_call("InitializeSecurityContextA", s, c->io_len, in_bufs, &out_bufs[0],
                           out_flags);

        /* Send the output token on success, and on failure when it is the alert to send. */
        int extended_error = (out_flags & ISC_RET_EXTENDED_ERROR) != 0;
        if (send_handshake_token(c->fd, &out_bufs[0], s, extended_error) != SEC_E_OK)
            return SEC_E_INTERNAL_ERROR;

        /* Not a whole record yet: read more and call again with everything. */
        if (s == SEC_E_INCOMPLETE_MESSAGE)
            continue;

        if (s == SEC_E_OK) {
            /* Done. Keep what followed the last handshake record (application data, or a
             * NewSessionTicket in the same read). */
            keep_handshake_extra(c->io, &c->io_len, in_bufs);
            break;
        }

        if (FAILED(s))
            break;

        if (s == SEC_I_INCOMPLETE_CREDENTIALS) {
            /* The server asked for a client certificate; this client has none. Like curl, it
             * asks Schannel to go on with the supplied (empty) credentials, presenting the same
             * input again. */
            info("the server requested a client certificate and the credential has none");
            show_issuer_list(c);
            info("continuing without a client certificate (ISC_REQ_USE_SUPPLIED_CREDS, the same "
                 "input again)");
            g_isc_flags |= ISC_REQ_USE_SUPPLIED_CREDS;
            do_read = 0;
            s = SEC_I_CONTINUE_NEEDED;
            continue;
        }

        /* SEC_I_CONTINUE_NEEDED: keep the unprocessed tail (EXTRA), read more otherwise. */
        keep_handshake_extra(c->io, &c->io_len, in_bufs);
    }
    return s;
}

static SECURITY_STATUS perform_client_handshake(Connection *c, const char *target)
{
    SecBufferDesc out_desc;
    SecBuffer out_bufs[1];
    ULONG out_flags = 0;
    TimeStamp expiry;

    token_output(&out_desc, out_bufs);
    SECURITY_STATUS s = g_pSSPI->InitializeSecurityContextA(
        &c->cred, NULL, (SEC_CHAR *)target, g_isc_flags, 0, SECURITY_NATIVE_DREP, NULL, 0, &c->ctx,
        &out_desc, &out_flags, &expiry);
    log_call("InitializeSecurityContextA", s, "target \"%s\", token %u bytes", target,
             (unsigned)out_bufs[0].cbBuffer);
    if (s != SEC_I_CONTINUE_NEEDED) {
        free_token(&out_bufs[0]);
        sspi_failed("InitializeSecurityContextA", s);
        return s;
    }
    c->have_ctx = 1;

    if (out_bufs[0].cbBuffer != 0 && out_bufs[0].pvBuffer != NULL) {
        int rc = send_all(c->fd, out_bufs[0].pvBuffer, out_bufs[0].cbBuffer);
        free_token(&out_bufs[0]);
        if (rc != 0) {
            io_failed("send");
            return SEC_E_INTERNAL_ERROR;
        }
        info("%u bytes of handshake data sent (ClientHello)", (unsigned)out_bufs[0].cbBuffer);
    }

    s = client_handshake_loop(c, 1);
    if (s != SEC_E_OK)
        sspi_failed("InitializeSecurityContextA", s);
    return s;
}

/* ----------------------------------------------------------------------- after handshake */

static SECURITY_STATUS show_connection(Connection *c, int manual, int have_client_cert)
{
    SecPkgContext_ConnectionInfo ci;
    SECURITY_STATUS s = g_pSSPI->QueryContextAttributesA(&c->ctx, SECPKG_ATTR_CONNECTION_INFO, &ci);
    log_connection_info(s, &ci);

    PCCERT_CONTEXT server_cert = NULL;
    s = g_pSSPI->QueryContextAttributesA(&c->ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &server_cert);
    log_call("QueryContextAttributesA(SECPKG_ATTR_REMOTE_CERT_CONTEXT)", s, NULL);
    if (s != SEC_E_OK) {
        sspi_failed("QueryContextAttributesA(SECPKG_ATTR_REMOTE_CERT_CONTEXT)", s);
        return s;
    }
    char subject[NAME_SIZE], issuer[NAME_SIZE];
    cert_names(server_cert, subject, issuer);
    info("server certificate: subject \"%s\", issuer \"%s\"", subject, issuer);
    if (have_client_cert) {
        /* Our certificate (mutual TLS); the issuer list shows whether the server asked. */
        PCCERT_CONTEXT local = NULL;
        SECURITY_STATUS ls =
            g_pSSPI->QueryContextAttributesA(&c->ctx, SECPKG_ATTR_LOCAL_CERT_CONTEXT, &local);
        if (ls == SEC_E_OK) {
            CertGetNameStringA(local, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, subject,
                               sizeof subject);
            log_call("QueryContextAttributesA(SECPKG_ATTR_LOCAL_CERT_CONTEXT)", ls,
                     "subject \"%s\"", subject);
            CertFreeCertificateContext(local);
        } else {
            log_call("QueryContextAttributesA(SECPKG_ATTR_LOCAL_CERT_CONTEXT)", ls, NULL);
        }
        show_issuer_list(c);
    }
    if (manual)
        info("manual validation: the package did not check this certificate; an application "
             "would verify it here (this example accepts it)");
    CertFreeCertificateContext(server_cert);
    return SEC_E_OK;
}

/* One EncryptMessage + send of up to cbMaximumMessage bytes; a failing EncryptMessage is
 * reported as a failure when `report` is set. */
static SECURITY_STATUS encrypt_record(Connection *c, const SecPkgContext_StreamSizes *sizes,
                                      unsigned char *buf, const void *data, DWORD len, int report)
{
    SecBufferDesc desc;
    SecBuffer bufs[4];

    stream_buffers(&desc, bufs, buf, sizes, data, len);
    SECURITY_STATUS s = g_pSSPI->EncryptMessage(&c->ctx, 0, &desc, 0);
    return send_record(c->fd, s, buf, bufs, len, report);
}

static SECURITY_STATUS encrypt_and_send(Connection *c, const SecPkgContext_StreamSizes *sizes,
                                        unsigned char *buf, const void *data, DWORD len)
{
    return encrypt_record(c, sizes, buf, data, len, 1);
}

/* -------------------------------------------------------------------------------- redo */

/* The application's renegotiation: InitializeSecurityContext on the established context, no
 * input (what MS-DM says a caller does to start a new handshake). TLS 1.3: a KeyUpdate with
 * update_requested comes back as the token (SEC_I_CONTINUE_NEEDED) and is sent; the server's
 * answer arrives later through DecryptMessage. SEC_E_UNSUPPORTED_FUNCTION leaves the connection
 * as it was: logged, not an error. */
static SECURITY_STATUS redo_handshake(Connection *c)
{
    SecBufferDesc out_desc;
    SecBuffer out_bufs[1];
    ULONG out_flags = 0;
    TimeStamp expiry;

    token_output(&out_desc, out_bufs);
    info("redo: %llu bytes echoed; calling InitializeSecurityContextA on the established context "
         "with no input",
         c->echoed);
    SECURITY_STATUS s = g_pSSPI->InitializeSecurityContextA(&c->cred, &c->ctx, NULL, g_isc_flags, 0,
                                                            SECURITY_NATIVE_DREP, NULL, 0, NULL,
                                                            &out_desc, &out_flags, &expiry);
    log_call("InitializeSecurityContextA", s, "redo, token %u bytes, flags 0x%X",
             (unsigned)out_bufs[0].cbBuffer, (unsigned)out_flags);
    c->redo_done = 1;
    return redo_outcome(c->fd, "InitializeSecurityContextA", s, &out_bufs[0], &c->redo_pending);
}

/* --echo: sends `len` decrypted bytes back (at most one record's worth), doing the --redo at
 * exactly `redo_at` echoed bytes. */
static SECURITY_STATUS echo_back(Connection *c, const unsigned char *data, DWORD len)
{
    while (len > 0) {
        DWORD chunk = len;
        if (c->redo && !c->redo_done && c->redo_at - c->echoed < chunk)
            chunk = (DWORD)(c->redo_at - c->echoed);
        if (chunk > 0) {
            SECURITY_STATUS s = encrypt_and_send(c, &c->sizes, c->send_buf, data, chunk);
            if (s != SEC_E_OK)
                return s;
            c->echoed += chunk;
            data += chunk;
            len -= chunk;
        }
        if (c->redo && !c->redo_done && c->echoed >= c->redo_at) {
            SECURITY_STATUS s = redo_handshake(c);
            if (s != SEC_E_OK)
                return s;
        }
    }
    return SEC_E_OK;
}

/* ---------------------------------------------------------------------------- shutdown */

/* ApplyControlToken(SCHANNEL_SHUTDOWN), then InitializeSecurityContext gives the close_notify
 * record, which is sent. A failing send is not an error: the server may be gone already. */
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
    s = g_pSSPI->InitializeSecurityContextA(&c->cred, &c->ctx, NULL, g_isc_flags, 0,
                                            SECURITY_NATIVE_DREP, NULL, 0, &c->ctx, &desc,
                                            &out_flags, &expiry);
    log_call("InitializeSecurityContextA", s, "close_notify token %u bytes",
             (unsigned)bufs[0].cbBuffer);
    if (FAILED(s)) {
        sspi_failed("InitializeSecurityContextA", s);
        return s;
    }
    send_close_notify_token(c->fd, &bufs[0], "; the server has closed already");
    return SEC_E_OK;
}

/* --------------------------------------------------------------------------- response */

/* Splits an HTTP response: headers to stderr (unless quiet), body to stdout. In raw mode
 * (--send) everything goes to stdout. */
typedef struct {
    int raw;
    int in_body;
    char head[16384];
    size_t head_len;
} Output;

static void output_data(Output *o, const unsigned char *data, size_t len)
{
    if (o->raw || o->in_body) {
        fwrite(data, 1, len, stdout);
        fflush(stdout);
        return;
    }
    for (size_t i = 0; i < len; i++) {
        if (o->head_len == sizeof o->head) {
            /* Not an HTTP header after all: show everything as it is. */
            fwrite(o->head, 1, o->head_len, stdout);
            fwrite(data + i, 1, len - i, stdout);
            o->in_body = 1;
            return;
        }
        o->head[o->head_len++] = (char)data[i];
        if (o->head_len >= 4 && memcmp(o->head + o->head_len - 4, "\r\n\r\n", 4) == 0) {
            if (!g_quiet)
                fprintf(stderr, "client: response header:\n%.*s", (int)o->head_len, o->head);
            o->in_body = 1;
            fwrite(data + i + 1, 1, len - i - 1, stdout);
            fflush(stdout);
            return;
        }
    }
}

static void output_finish(Output *o)
{
    if (!o->raw && !o->in_body && o->head_len > 0)
        fwrite(o->head, 1, o->head_len, stdout);
    fflush(stdout);
}

/* The DecryptMessage loop: everything the server sends until its close_notify
 * (SEC_I_CONTEXT_EXPIRED) or, failing that, until it closes the connection.
 * *peer_closed is set when close_notify was received. */
static SECURITY_STATUS read_response(Connection *c, Output *out, int *peer_closed)
{
    SecBufferDesc desc;
    SecBuffer bufs[4];
    SECURITY_STATUS s = SEC_E_OK;
    unsigned long long total = 0;

    *peer_closed = 0;
    for (;;) {
        if (c->io_len == 0 || s == SEC_E_INCOMPLETE_MESSAGE) {
            ssize_t n = recv_more(c->fd, c->io, &c->io_len);
            if (n == RECV_FULL)
                return SEC_E_INTERNAL_ERROR;
            if (n < 0) {
                io_failed("recv");
                return SEC_E_INTERNAL_ERROR;
            }
            if (n == 0) {
                if (c->io_len != 0) {
                    fprintf(stderr, "client: failed: the server disconnected in the middle of a "
                                    "record\n");
                    return SEC_E_INTERNAL_ERROR;
                }
                info("the server closed the connection without close_notify");
                break;
            }
        }

        /* [DATA with everything received, EMPTY, EMPTY, EMPTY] */
        decrypt_buffers(&desc, bufs, c->io, c->io_len);
        DWORD input = c->io_len;
        s = g_pSSPI->DecryptMessage(&c->ctx, &desc, 0, NULL);
        SecBuffer *data, *extra;
        log_decrypt(s, input, bufs, &data, &extra);
        if (s == SEC_E_INCOMPLETE_MESSAGE)
            continue;
        if (s != SEC_E_OK && s != SEC_I_RENEGOTIATE && s != SEC_I_CONTEXT_EXPIRED) {
            sspi_failed("DecryptMessage", s);
            /* The usual shutdown path: after a failed DecryptMessage its token is the alert the
             * broken record owes the server, in place of close_notify. */
            send_close_notify(c);
            linger_after_alert(c->fd);
            return s;
        }

        if (data != NULL && data->cbBuffer != 0) {
            output_data(out, data->pvBuffer, data->cbBuffer);
            total += data->cbBuffer;
            c->received += data->cbBuffer;
            if (c->echo) {
                /* The plaintext lies inside c->io, ahead of any EXTRA bytes: send it back
                 * before those are moved. */
                if (echo_back(c, data->pvBuffer, data->cbBuffer) != SEC_E_OK)
                    return SEC_E_INTERNAL_ERROR;
            }
        }

        /* Keep the bytes after the record for the next call. */
        keep_extra(c->io, &c->io_len, extra);

        if (s == SEC_I_CONTEXT_EXPIRED) {
            info("the server sent close_notify");
            *peer_closed = 1;
            break;
        }

        if (s == SEC_I_RENEGOTIATE) {
            /* A post-handshake message (TLS 1.3 NewSessionTicket or KeyUpdate, a TLS 1.2
             * HelloRequest): call InitializeSecurityContext with the EXTRA bytes as the token,
             * send what it returns, carry on with the EXTRA it reports back. */
            int held = 0;
            char marker[64];
            DWORD marker_len = 0;
            if (c->early_write && c->received > 0) {
                /* The writer does not know about the event: it just writes. */
                c->early_writes++;
                marker_len = (DWORD)snprintf(marker, sizeof marker, "early write %u\n",
                                             c->early_writes);
                SECURITY_STATUS es = encrypt_record(c, &c->sizes, c->send_buf, marker, marker_len, 0);
                if (es == SEC_E_OK) {
                    info("early write %u: EncryptMessage before the follow-up returned SEC_E_OK; "
                         "sent",
                         c->early_writes);
                } else if (es == SEC_E_CONTEXT_EXPIRED) {
                    info("early write %u: EncryptMessage before the follow-up returned "
                         "SEC_E_CONTEXT_EXPIRED; held until the follow-up is done",
                         c->early_writes);
                    held = 1;
                } else {
                    sspi_failed("EncryptMessage", es);
                    return es;
                }
            }
            int answer = c->redo_pending;
            if (answer)
                info("redo: the server's answer came back: DecryptMessage returned "
                     "SEC_I_RENEGOTIATE");
            info("server requested renegotiation (post-handshake message); calling "
                 "InitializeSecurityContextA with the %u extra bytes",
                 (unsigned)c->io_len);
            s = client_handshake_loop(c, 0);
            if (s != SEC_E_OK) {
                sspi_failed("InitializeSecurityContextA", s);
                return s;
            }
            if (answer) {
                c->redo_pending = 0;
                info("redo: the follow-up InitializeSecurityContextA returned SEC_E_OK; the redo "
                     "is complete");
            }
            if (held) {
                if (encrypt_and_send(c, &c->sizes, c->send_buf, marker, marker_len) != SEC_E_OK)
                    return SEC_E_INTERNAL_ERROR;
                info("early write %u: sent after the follow-up", c->early_writes);
            }
        }
    }
    info("%llu bytes of application data received", total);
    return SEC_E_OK;
}

/* ------------------------------------------------------------------------------- main */


static void usage(void)
{
    fprintf(stderr, "usage: client HOST PORT PATH [--tls12 | --tls13] [--manual] "
                    "[--send FILE | --echo] [--redo N] [--early-write] [--target NAME] "
                    "[--cert NAME.p12 --password PW | --pem CHAIN KEY] [--quiet]\n");
}

int main(int argc, char **argv)
{
    const char *host, *port, *path, *send_path = NULL, *target = NULL;
    IdentityFiles identity = { NULL, NULL, NULL, NULL };
    DWORD protocols = 0;
    int manual = 0, echo = 0, redo = 0, early_write = 0;
    unsigned long long redo_at = 0;

    if (argc < 4) {
        usage();
        return 1;
    }
    host = argv[1];
    port = argv[2];
    path = argv[3];
    for (int i = 4; i < argc; i++) {
        if (identity_option(argc, argv, &i, &identity))
            continue;
        if (strcmp(argv[i], "--tls12") == 0)
            protocols = SP_PROT_TLS1_2_CLIENT;
        else if (strcmp(argv[i], "--tls13") == 0)
            protocols = SP_PROT_TLS1_3_CLIENT;
        else if (strcmp(argv[i], "--manual") == 0)
            manual = 1;
        else if (strcmp(argv[i], "--quiet") == 0)
            g_quiet = 1;
        else if (strcmp(argv[i], "--send") == 0 && i + 1 < argc)
            send_path = argv[++i];
        else if (strcmp(argv[i], "--target") == 0 && i + 1 < argc)
            target = argv[++i];
        else if (strcmp(argv[i], "--echo") == 0)
            echo = 1;
        else if (strcmp(argv[i], "--early-write") == 0)
            early_write = 1;
        else if (strcmp(argv[i], "--redo") == 0 && i + 1 < argc) {
            if (!parse_count(argv[++i], &redo_at)) {
                usage();
                return 1;
            }
            redo = 1;
        } else {
            usage();
            return 1;
        }
    }
    if ((echo && send_path != NULL) || ((redo || early_write) && !echo) ||
        (identity.p12 != NULL && identity.pem_chain != NULL) ||
        (identity.password != NULL && identity.p12 == NULL)) {
        usage();
        return 1;
    }
    if (target == NULL)
        target = host;

    unsigned char *payload = NULL;
    size_t payload_len = 0;
    if (send_path != NULL && (payload = read_file(send_path, &payload_len)) == NULL)
        return 1;

    int status = 2;
    Connection c;
    memset(&c, 0, sizeof c);
    c.fd = -1;
    SecInvalidateHandle(&c.cred);
    SecInvalidateHandle(&c.ctx);
    unsigned char *send_buf = NULL;
    Output *out = calloc(1, sizeof *out);
    c.io = malloc(IO_BUFFER_SIZE);
    if (out == NULL || c.io == NULL) {
        fprintf(stderr, "client: out of memory\n");
        goto done;
    }
    out->raw = send_path != NULL || echo;
    c.echo = echo;
    c.redo = redo;
    c.redo_at = redo_at;
    c.early_write = early_write;

    g_pSSPI = InitSecurityInterfaceA();
    if (g_pSSPI == NULL) {
        fprintf(stderr, "client: failed: InitSecurityInterfaceA returned NULL\n");
        goto done;
    }
    info("InitSecurityInterfaceA: function table version %u", (unsigned)g_pSSPI->dwVersion);

    PCCERT_CONTEXT client_cert = NULL;
    int have_client_cert = identity.p12 != NULL || identity.pem_chain != NULL;
    if (have_client_cert) {
        HCERTSTORE store = NULL;
        client_cert = load_identity(&identity, &store);
        if (client_cert == NULL)
            goto done;
        /* The certificate keeps what it needs of the PFX store. */
        if (store != NULL)
            CertCloseStore(store, 0);
    }
    SECURITY_STATUS s = create_credentials(&c, protocols, manual, client_cert);
    /* The credential holds its own reference to the certificate and key. */
    if (client_cert != NULL)
        CertFreeCertificateContext(client_cert);
    if (s != SEC_E_OK) {
        sspi_failed("AcquireCredentialsHandleA", s);
        goto done;
    }

    c.fd = connect_to_server(host, port);
    if (c.fd < 0)
        goto done;
    info("connected to %s:%s", host, port);

    if (perform_client_handshake(&c, target) != SEC_E_OK)
        goto done;
    info("handshake complete");
    if (show_connection(&c, manual, have_client_cert) != SEC_E_OK)
        goto done;

    SecPkgContext_StreamSizes sizes;
    s = g_pSSPI->QueryContextAttributesA(&c.ctx, SECPKG_ATTR_STREAM_SIZES, &sizes);
    if (log_stream_sizes(s, &sizes) != SEC_E_OK)
        goto done;
    send_buf = malloc(sizes.cbHeader + sizes.cbMaximumMessage + sizes.cbTrailer);
    if (send_buf == NULL) {
        fprintf(stderr, "client: out of memory\n");
        goto done;
    }
    c.sizes = sizes;
    c.send_buf = send_buf;

    int closed_by_us = 0;
    if (payload != NULL) {
        /* --send: the file's bytes, one record per cbMaximumMessage, then close_notify. */
        size_t off = 0;
        do {
            DWORD chunk = (DWORD)(payload_len - off > sizes.cbMaximumMessage ? sizes.cbMaximumMessage
                                                                             : payload_len - off);
            if (chunk == 0)
                break;
            if (encrypt_and_send(&c, &sizes, send_buf, payload + off, chunk) != SEC_E_OK)
                goto done;
            off += chunk;
        } while (off < payload_len);
        info("%zu bytes sent", payload_len);
        if (send_close_notify(&c) != SEC_E_OK)
            goto done;
        closed_by_us = 1;
    } else if (echo) {
        info("echo mode: everything the server sends goes back to it");
        if (redo && redo_at == 0 && redo_handshake(&c) != SEC_E_OK)
            goto done;
    } else {
        char request[4096];
        int n = snprintf(request, sizeof request,
                         "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: schannel-shim-example\r\n"
                         "Accept: */*\r\nConnection: close\r\n\r\n",
                         path, target);
        if (n < 0 || (size_t)n >= sizeof request || (DWORD)n > sizes.cbMaximumMessage) {
            fprintf(stderr, "client: the request is too long\n");
            goto done;
        }
        info("sending: GET %s HTTP/1.0", path);
        if (encrypt_and_send(&c, &sizes, send_buf, request, (DWORD)n) != SEC_E_OK)
            goto done;
    }

    int peer_closed = 0;
    if (read_response(&c, out, &peer_closed) != SEC_E_OK)
        goto done;
    output_finish(out);
    if (echo)
        info("%llu bytes echoed", c.echoed);
    if (c.redo_pending) {
        fprintf(stderr, "client: failed: the server never answered our redo (no SEC_I_RENEGOTIATE "
                        "after it)\n");
        goto done;
    }

    /* Like the SDK sample's DisconnectFromServer: our close_notify, unless sent already. */
    if (!closed_by_us && send_close_notify(&c) != SEC_E_OK)
        goto done;
    status = 0;

done:
    if (out != NULL)
        fflush(stdout);
    if (c.have_ctx) {
        s = g_pSSPI->DeleteSecurityContext(&c.ctx);
        log_call("DeleteSecurityContext", s, NULL);
    }
    if (c.have_cred) {
        s = g_pSSPI->FreeCredentialsHandle(&c.cred);
        log_call("FreeCredentialsHandle", s, NULL);
    }
    if (c.fd >= 0)
        close(c.fd);
    free(send_buf);
    free(c.io);
    free(out);
    free(payload);
    if (status == 0)
        info("done");
    return status;
}
