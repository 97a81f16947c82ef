/*
 * example_common.h: the generic helpers examples/client.c and examples/server.c share: SSPI
 * status names, logging, socket and file I/O, SecBuffer set-up, the identity (a certificate with
 * its private key, from a PKCS#12 file or PEM files) and command-line bits. The SSPI call
 * sequences (credentials, the handshake loops, EncryptMessage / DecryptMessage, redo, shutdown)
 * stay in the programs; the helpers here only prepare their buffers and log or act on results.
 *
 * Every function is static: each example is still built from its one .c file
 * (cc -Iinclude examples/client.c -Ltarget/lib -lschannel_shim). Before including this file the
 * program defines _POSIX_C_SOURCE, EXAMPLE_NAME (its own name, "client" or "server": the prefix
 * of its log lines) and EXAMPLE_PEER (the other side's name, for the messages about it).
 */
#ifndef SCHSHIM_EXAMPLE_COMMON_H
#define SCHSHIM_EXAMPLE_COMMON_H

#if !defined(EXAMPLE_NAME) || !defined(EXAMPLE_PEER)
#error "define EXAMPLE_NAME and EXAMPLE_PEER before including example_common.h"
#endif

#include <schannel_shim.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

#define IO_BUFFER_SIZE 0x10000

/* Room for a certificate's subject or issuer name (CertGetNameStringA). */
#define NAME_SIZE 256

/* ------------------------------------------------------------------------- status names */

#define STATUS_ENTRY(x) { (SECURITY_STATUS)(x), #x }
static const struct {
    SECURITY_STATUS status;
    const char *name;
} g_status_names[] = {
    STATUS_ENTRY(SEC_E_OK),
    STATUS_ENTRY(SEC_I_CONTINUE_NEEDED),
    STATUS_ENTRY(SEC_I_COMPLETE_NEEDED),
    STATUS_ENTRY(SEC_I_COMPLETE_AND_CONTINUE),
    STATUS_ENTRY(SEC_I_INCOMPLETE_CREDENTIALS),
    STATUS_ENTRY(SEC_I_RENEGOTIATE),
    STATUS_ENTRY(SEC_I_CONTEXT_EXPIRED),
    STATUS_ENTRY(SEC_E_INCOMPLETE_MESSAGE),
    STATUS_ENTRY(SEC_E_INSUFFICIENT_MEMORY),
    STATUS_ENTRY(SEC_E_INVALID_HANDLE),
    STATUS_ENTRY(SEC_E_UNSUPPORTED_FUNCTION),
    STATUS_ENTRY(SEC_E_TARGET_UNKNOWN),
    STATUS_ENTRY(SEC_E_INTERNAL_ERROR),
    STATUS_ENTRY(SEC_E_SECPKG_NOT_FOUND),
    STATUS_ENTRY(SEC_E_INVALID_TOKEN),
    STATUS_ENTRY(SEC_E_MESSAGE_ALTERED),
    STATUS_ENTRY(SEC_E_OUT_OF_SEQUENCE),
    STATUS_ENTRY(SEC_E_NO_CREDENTIALS),
    STATUS_ENTRY(SEC_E_UNKNOWN_CREDENTIALS),
    STATUS_ENTRY(SEC_E_BUFFER_TOO_SMALL),
    STATUS_ENTRY(SEC_E_CONTEXT_EXPIRED),
    STATUS_ENTRY(SEC_E_INCOMPLETE_CREDENTIALS),
    STATUS_ENTRY(SEC_E_WRONG_PRINCIPAL),
    STATUS_ENTRY(SEC_E_UNTRUSTED_ROOT),
    STATUS_ENTRY(SEC_E_ILLEGAL_MESSAGE),
    STATUS_ENTRY(SEC_E_CERT_UNKNOWN),
    STATUS_ENTRY(SEC_E_CERT_EXPIRED),
    STATUS_ENTRY(SEC_E_ENCRYPT_FAILURE),
    STATUS_ENTRY(SEC_E_DECRYPT_FAILURE),
    STATUS_ENTRY(SEC_E_ALGORITHM_MISMATCH),
    STATUS_ENTRY(SEC_E_CERT_WRONG_USAGE),
    STATUS_ENTRY(SEC_E_ISSUING_CA_UNTRUSTED),
    STATUS_ENTRY(SEC_E_MUTUAL_AUTH_FAILED),
    STATUS_ENTRY(SEC_E_APPLICATION_PROTOCOL_MISMATCH),
};

static const char *status_name(SECURITY_STATUS s)
{
    for (size_t i = 0; i < sizeof g_status_names / sizeof g_status_names[0]; i++) {
        if (g_status_names[i].status == s)
            return g_status_names[i].name;
    }
    return "(unknown status)";
}

/* SecPkgContext_ConnectionInfo.dwProtocol as text. */
static const char *protocol_name(DWORD p)
{
    switch (p) {
    case SP_PROT_TLS1_2_CLIENT:
    case SP_PROT_TLS1_2_SERVER:
        return "TLS 1.2";
    case SP_PROT_TLS1_3_CLIENT:
    case SP_PROT_TLS1_3_SERVER:
        return "TLS 1.3";
    default:
        return "?";
    }
}

/* ------------------------------------------------------------------------------ logging */

/* --quiet */
static int g_quiet;
/* The table from InitSecurityInterfaceA(): every SSPI call goes through it, as curl does. */
static PSecurityFunctionTableA g_pSSPI;

/* "Function -> NAME (0x%08X)[, details]" on stderr (unless --quiet). */
static void log_call(const char *function, SECURITY_STATUS status, const char *fmt, ...)
{
    if (g_quiet)
        return;
    fprintf(stderr, "%s -> %s (0x%08X)", function, status_name(status), (unsigned)status);
    if (fmt != NULL) {
        va_list ap;
        va_start(ap, fmt);
        fputs(", ", stderr);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
    }
    fputc('\n', stderr);
}

/* "EXAMPLE_NAME: ..." on stderr (unless --quiet). */
static void info(const char *fmt, ...)
{
    if (g_quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs(EXAMPLE_NAME ": ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Reports a failed SSPI call; the interop tests look for the status name. */
static void sspi_failed(const char *function, SECURITY_STATUS status)
{
    fprintf(stderr, EXAMPLE_NAME ": failed: %s returned %s (0x%08X)\n", function,
            status_name(status), (unsigned)status);
}

static void io_failed(const char *what)
{
    fprintf(stderr, EXAMPLE_NAME ": failed: %s: %s\n", what,
            errno ? strerror(errno) : "connection closed");
}

/* The result of a handshake call (InitializeSecurityContext / AcceptSecurityContext) made with
 * handshake_buffers(): what it took (input bytes) and gave (token, EXTRA or MISSING, flags). */
static void log_handshake_call(const char *function, SECURITY_STATUS s, DWORD input,
                               const SecBuffer in_bufs[2], const SecBuffer *token, ULONG flags)
{
    if (s == SEC_E_INCOMPLETE_MESSAGE)
        log_call(function, s, "input %u bytes, %u more needed", (unsigned)input,
                 in_bufs[1].BufferType == SECBUFFER_MISSING ? (unsigned)in_bufs[1].cbBuffer : 0u);
    else
        log_call(function, s, "input %u bytes, token %u bytes, extra %u bytes, flags 0x%X",
                 (unsigned)input, (unsigned)token->cbBuffer,
                 in_bufs[1].BufferType == SECBUFFER_EXTRA ? (unsigned)in_bufs[1].cbBuffer : 0u,
                 (unsigned)flags);
}

/* The result of DecryptMessage on decrypt_buffers() over `input` bytes, logged; *data and
 * *extra are the DATA and EXTRA buffers it returned (NULL: none). */
static void log_decrypt(SECURITY_STATUS s, DWORD input, SecBuffer bufs[4], SecBuffer **data,
                        SecBuffer **extra)
{
    *data = NULL;
    *extra = NULL;
    if (s == SEC_E_INCOMPLETE_MESSAGE) {
        log_call("DecryptMessage", s, "input %u bytes, %u more needed", (unsigned)input,
                 bufs[0].BufferType == SECBUFFER_MISSING ? (unsigned)bufs[0].cbBuffer : 0u);
        return;
    }
    if (s != SEC_E_OK && s != SEC_I_RENEGOTIATE && s != SEC_I_CONTEXT_EXPIRED) {
        log_call("DecryptMessage", s, "input %u bytes", (unsigned)input);
        return;
    }
    for (int i = 1; i < 4; i++) {
        if (*data == NULL && bufs[i].BufferType == SECBUFFER_DATA)
            *data = &bufs[i];
        if (*extra == NULL && bufs[i].BufferType == SECBUFFER_EXTRA)
            *extra = &bufs[i];
    }
    log_call("DecryptMessage", s, "input %u bytes, data %u bytes, extra %u bytes",
             (unsigned)input, *data ? (unsigned)(*data)->cbBuffer : 0u,
             *extra ? (unsigned)(*extra)->cbBuffer : 0u);
}

/* QueryContextAttributes(SECPKG_ATTR_CONNECTION_INFO)'s result, logged. */
static void log_connection_info(SECURITY_STATUS s, const SecPkgContext_ConnectionInfo *ci)
{
    if (s == SEC_E_OK)
        log_call("QueryContextAttributesA(SECPKG_ATTR_CONNECTION_INFO)", s,
                 "protocol %s (0x%X), cipher 0x%X %u bits, hash 0x%X, exchange 0x%X",
                 protocol_name(ci->dwProtocol), (unsigned)ci->dwProtocol, (unsigned)ci->aiCipher,
                 (unsigned)ci->dwCipherStrength, (unsigned)ci->aiHash, (unsigned)ci->aiExch);
    else
        log_call("QueryContextAttributesA(SECPKG_ATTR_CONNECTION_INFO)", s, NULL);
}

/* QueryContextAttributes(SECPKG_ATTR_STREAM_SIZES)'s result, logged (a failure reported). */
static SECURITY_STATUS log_stream_sizes(SECURITY_STATUS s, const SecPkgContext_StreamSizes *sizes)
{
    log_call("QueryContextAttributesA(SECPKG_ATTR_STREAM_SIZES)", s,
             "header %u, trailer %u, maximum message %u", (unsigned)sizes->cbHeader,
             (unsigned)sizes->cbTrailer, (unsigned)sizes->cbMaximumMessage);
    if (s != SEC_E_OK)
        sspi_failed("QueryContextAttributesA(SECPKG_ATTR_STREAM_SIZES)", s);
    return s;
}

/* ------------------------------------------------------------------------------ sockets */

static int send_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* send_all, a failure reported: SEC_E_OK or SEC_E_INTERNAL_ERROR. */
static SECURITY_STATUS send_or_fail(int fd, const void *data, size_t len)
{
    if (send_all(fd, data, len) != 0) {
        io_failed("send");
        return SEC_E_INTERNAL_ERROR;
    }
    return SEC_E_OK;
}

/* The handshake loops' input. When io holds nothing or the last call returned
 * SEC_E_INCOMPLETE_MESSAGE, more is read from fd and appended; but while *do_read is 0 (a
 * follow-up call that starts with what io holds already) it is only set to 1. SEC_E_OK, or
 * SEC_E_INTERNAL_ERROR (reported) when the buffer is full or the connection failed. */
static SECURITY_STATUS handshake_read(int fd, unsigned char *io, DWORD *io_len,
                                      SECURITY_STATUS last, int *do_read)
{
    if (*io_len != 0 && last != SEC_E_INCOMPLETE_MESSAGE)
        return SEC_E_OK;
    if (!*do_read) {
        *do_read = 1;
        return SEC_E_OK;
    }
    if (*io_len == IO_BUFFER_SIZE) {
        fprintf(stderr, EXAMPLE_NAME ": failed: handshake message larger than the buffer\n");
        return SEC_E_INTERNAL_ERROR;
    }
    errno = 0;
    ssize_t n = recv(fd, io + *io_len, IO_BUFFER_SIZE - *io_len, 0);
    if (n <= 0) {
        io_failed("recv during the handshake");
        return SEC_E_INTERNAL_ERROR;
    }
    info("%zd bytes of handshake data received", n);
    *io_len += (DWORD)n;
    return SEC_E_OK;
}

/* After sending the alert a failure owes: no more sending, and what the peer still sends is
 * read and dropped for up to a second before the socket is closed. Closing with unread data
 * would send a reset, which can make the peer discard the alert before reading it. */
static void linger_after_alert(int fd)
{
    unsigned char sink[4096];
    struct timeval tv = { 1, 0 };
    shutdown(fd, SHUT_WR);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    while (recv(fd, sink, sizeof sink, 0) > 0) {
    }
}

/* recv_more(): io is full, a record larger than the buffer (reported). */
#define RECV_FULL (-2)

/* The decrypt loops' input: more bytes from fd appended to io (recv, again on EINTR). Returns
 * how many, 0 when the peer closed the connection, -1 when recv failed (errno says why), or
 * RECV_FULL. */
static ssize_t recv_more(int fd, unsigned char *io, DWORD *io_len)
{
    if (*io_len == IO_BUFFER_SIZE) {
        fprintf(stderr, EXAMPLE_NAME ": failed: record larger than the buffer\n");
        return RECV_FULL;
    }
    ssize_t n;
    do {
        errno = 0;
        n = recv(fd, io + *io_len, IO_BUFFER_SIZE - *io_len, 0);
    } while (n < 0 && errno == EINTR);
    if (n > 0)
        *io_len += (DWORD)n;
    return n;
}

/* ----------------------------------------------------------------------------- buffers */

static void set_buffer(SecBuffer *b, ULONG type, void *data, ULONG len)
{
    b->BufferType = type;
    b->pvBuffer = data;
    b->cbBuffer = len;
}

static void set_desc(SecBufferDesc *desc, SecBuffer *bufs, ULONG count)
{
    desc->ulVersion = SECBUFFER_VERSION;
    desc->cBuffers = count;
    desc->pBuffers = bufs;
}

/* One empty TOKEN buffer: an output token the package allocates (ISC/ASC_REQ_ALLOCATE_MEMORY). */
static void token_output(SecBufferDesc *desc, SecBuffer bufs[1])
{
    set_buffer(&bufs[0], SECBUFFER_TOKEN, NULL, 0);
    set_desc(desc, bufs, 1);
}

/* A handshake call's buffers: as input everything received (TOKEN), then an EMPTY buffer for
 * EXTRA/MISSING; as output one token_output(). */
static void handshake_buffers(SecBufferDesc *in_desc, SecBuffer in_bufs[2],
                              SecBufferDesc *out_desc, SecBuffer out_bufs[1], unsigned char *io,
                              DWORD io_len)
{
    set_buffer(&in_bufs[0], SECBUFFER_TOKEN, io, io_len);
    set_buffer(&in_bufs[1], SECBUFFER_EMPTY, NULL, 0);
    set_desc(in_desc, in_bufs, 2);
    token_output(out_desc, out_bufs);
}

/* DecryptMessage's buffers: [DATA with everything received, EMPTY, EMPTY, EMPTY]. */
static void decrypt_buffers(SecBufferDesc *desc, SecBuffer bufs[4], unsigned char *io,
                            DWORD io_len)
{
    set_buffer(&bufs[0], SECBUFFER_DATA, io, io_len);
    for (int i = 1; i < 4; i++)
        set_buffer(&bufs[i], SECBUFFER_EMPTY, NULL, 0);
    set_desc(desc, bufs, 4);
}

/* EncryptMessage's buffers for one record in buf (cbHeader + len + cbTrailer bytes): the `len`
 * bytes of data are copied in; [STREAM_HEADER, DATA, STREAM_TRAILER, EMPTY]. */
static void stream_buffers(SecBufferDesc *desc, SecBuffer bufs[4], unsigned char *buf,
                           const SecPkgContext_StreamSizes *sizes, const void *data, DWORD len)
{
    unsigned char *message = buf + sizes->cbHeader;

    memcpy(message, data, len);
    set_buffer(&bufs[0], SECBUFFER_STREAM_HEADER, buf, sizes->cbHeader);
    set_buffer(&bufs[1], SECBUFFER_DATA, message, len);
    set_buffer(&bufs[2], SECBUFFER_STREAM_TRAILER, message + len, sizes->cbTrailer);
    set_buffer(&bufs[3], SECBUFFER_EMPTY, NULL, 0);
    set_desc(desc, bufs, 4);
}

/* What EncryptMessage on stream_buffers(buf) returned for `len` bytes of data, logged; on
 * SEC_E_OK the record (header, data and trailer, one after the other in buf) is sent. A failing
 * EncryptMessage is returned as it is (reported when `report` is set); a failing send is
 * reported and gives SEC_E_INTERNAL_ERROR. */
static SECURITY_STATUS send_record(int fd, SECURITY_STATUS s, const unsigned char *buf,
                                   const SecBuffer bufs[4], DWORD len, int report)
{
    DWORD total = bufs[0].cbBuffer + bufs[1].cbBuffer + bufs[2].cbBuffer;
    log_call("EncryptMessage", s, "%u bytes of data, record %u bytes", (unsigned)len,
             s == SEC_E_OK ? (unsigned)total : 0u);
    if (s != SEC_E_OK) {
        if (report)
            sspi_failed("EncryptMessage", s);
        return s;
    }
    return send_or_fail(fd, buf, total);
}

/* Frees a token the package allocated (FreeContextBuffer), if any. */
static void free_token(SecBuffer *token)
{
    if (token->pvBuffer != NULL) {
        g_pSSPI->FreeContextBuffer(token->pvBuffer);
        token->pvBuffer = NULL;
    }
}

/* A handshake call's output token: sent when the call returned SEC_E_OK or
 * SEC_I_CONTINUE_NEEDED, or failed with the alert to send as its token (`extended_error`:
 * ISC_RET_EXTENDED_ERROR / ASC_RET_EXTENDED_ERROR returned) and it is not empty; then freed.
 * SEC_E_OK, or SEC_E_INTERNAL_ERROR (reported) when the send failed. */
static SECURITY_STATUS send_handshake_token(int fd, SecBuffer *token, SECURITY_STATUS s,
                                            int extended_error)
{
    SECURITY_STATUS rc = SEC_E_OK;
    int send = s == SEC_E_OK || s == SEC_I_CONTINUE_NEEDED || (FAILED(s) && extended_error);
    if (send && token->cbBuffer != 0 && token->pvBuffer != NULL) {
        rc = send_or_fail(fd, token->pvBuffer, token->cbBuffer);
        if (rc == SEC_E_OK)
            info("%u bytes of handshake data sent", (unsigned)token->cbBuffer);
    }
    free_token(token);
    return rc;
}

/* The close_notify token (from the handshake call after ApplyControlToken(SCHANNEL_SHUTDOWN)):
 * sent if there is one, then freed. A failing send is only logged, with `note` after the
 * reason: the peer may be gone already. */
static void send_close_notify_token(int fd, SecBuffer *token, const char *note)
{
    if (token->pvBuffer != NULL && token->cbBuffer != 0) {
        if (send_all(fd, token->pvBuffer, token->cbBuffer) != 0)
            info("sending close_notify failed (%s)%s", strerror(errno), note);
        else
            info("close_notify sent (%u bytes)", (unsigned)token->cbBuffer);
    }
    free_token(token);
}

/* After a handshake call on handshake_buffers(): io keeps only the unprocessed tail the call
 * reported (SECBUFFER_EXTRA, counted from the end of the input), or nothing. */
static void keep_handshake_extra(unsigned char *io, DWORD *io_len, const SecBuffer in_bufs[2])
{
    if (in_bufs[1].BufferType == SECBUFFER_EXTRA) {
        memmove(io, io + (*io_len - in_bufs[1].cbBuffer), in_bufs[1].cbBuffer);
        *io_len = in_bufs[1].cbBuffer;
    } else {
        *io_len = 0;
    }
}

/* After DecryptMessage: io keeps only the bytes after the record (the EXTRA buffer), or nothing. */
static void keep_extra(unsigned char *io, DWORD *io_len, const SecBuffer *extra)
{
    if (extra != NULL) {
        memmove(io, extra->pvBuffer, extra->cbBuffer);
        *io_len = extra->cbBuffer;
    } else {
        *io_len = 0;
    }
}

/* --redo: what `function` (the handshake call on the established context, without input)
 * returned. SEC_I_CONTINUE_NEEDED (TLS 1.3): its token, a KeyUpdate with update_requested, is
 * sent and *pending set (the peer's answer comes through DecryptMessage).
 * SEC_E_UNSUPPORTED_FUNCTION (TLS 1.2): logged; the connection is used on as it is. Both give
 * SEC_E_OK; otherwise the failure is reported and returned (SEC_E_INTERNAL_ERROR: the send
 * failed). The token is freed. */
static SECURITY_STATUS redo_outcome(int fd, const char *function, SECURITY_STATUS s,
                                    SecBuffer *token, int *pending)
{
    if (s == SEC_I_CONTINUE_NEEDED) {
        DWORD len = token->cbBuffer;
        SECURITY_STATUS rc = SEC_E_OK;
        if (token->pvBuffer != NULL && len != 0)
            rc = send_or_fail(fd, token->pvBuffer, len);
        free_token(token);
        if (rc != SEC_E_OK)
            return rc;
        info("redo: our KeyUpdate sent (%u bytes); the " EXAMPLE_PEER "'s answer is to come "
             "through DecryptMessage",
             (unsigned)len);
        *pending = 1;
        return SEC_E_OK;
    }
    free_token(token);
    if (s == SEC_E_UNSUPPORTED_FUNCTION) {
        info("redo: refused with SEC_E_UNSUPPORTED_FUNCTION; the connection is used on as it is");
        return SEC_E_OK;
    }
    sspi_failed(function, s);
    return s;
}

/* -------------------------------------------------------------------------------- files */

/* The whole file, NUL-terminated (for the PEM functions), in a malloc'd buffer; NULL (reported)
 * on failure. */
static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, EXAMPLE_NAME ": cannot open %s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 65536, n = 0;
    unsigned char *buf = malloc(cap + 1);
    for (;;) {
        if (buf == NULL)
            break;
        if (n == cap) {
            unsigned char *bigger = realloc(buf, cap * 2 + 1);
            if (bigger == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    if (buf != NULL && ferror(f)) {
        fprintf(stderr, EXAMPLE_NAME ": cannot read %s\n", path);
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf != NULL)
        buf[n] = 0; /* NUL-terminated, for the PEM functions */
    *len = n;
    return buf;
}

/* ------------------------------------------------------------------------- the identity */

/* A certificate's simple display names (CertGetNameStringA, CERT_NAME_SIMPLE_DISPLAY_TYPE). */
static void cert_names(PCCERT_CONTEXT cert, char subject[NAME_SIZE], char issuer[NAME_SIZE])
{
    CertGetNameStringA(cert, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, subject, NAME_SIZE);
    CertGetNameStringA(cert, CERT_NAME_SIMPLE_DISPLAY_TYPE, CERT_NAME_ISSUER_FLAG, NULL, issuer,
                       NAME_SIZE);
}

/* UTF-8 to UTF-16 (what a Windows program has as L"..." already). Returns a malloc'd string. */
static WCHAR *utf16_from_utf8(const char *s)
{
    size_t n = strlen(s);
    WCHAR *w = malloc((2 * n + 1) * sizeof *w), *o = w;
    const unsigned char *p = (const unsigned char *)s;
    if (w == NULL)
        return NULL;
    while (*p) {
        uint32_t cp;
        int extra;
        if (*p < 0x80) {
            cp = *p;
            extra = 0;
        } else if ((*p & 0xE0) == 0xC0) {
            cp = *p & 0x1F;
            extra = 1;
        } else if ((*p & 0xF0) == 0xE0) {
            cp = *p & 0x0F;
            extra = 2;
        } else {
            cp = *p & 0x07;
            extra = 3;
        }
        p++;
        for (int i = 0; i < extra && (*p & 0xC0) == 0x80; i++)
            cp = (cp << 6) | (*p++ & 0x3F);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            *o++ = (WCHAR)(0xD800 | (cp >> 10));
            *o++ = (WCHAR)(0xDC00 | (cp & 0x3FF));
        } else {
            *o++ = (WCHAR)cp;
        }
    }
    *o = 0;
    return w;
}

/* Where the identity comes from: --cert NAME.p12 --password PW, or --pem CHAIN KEY. */
typedef struct {
    const char *p12, *password, *pem_chain, *pem_key;
} IdentityFiles;

/* Takes argv[*i] if it is --cert FILE, --password PW or --pem CHAIN KEY (with its arguments:
 * *i is moved past them) and returns 1; otherwise 0. */
static int identity_option(int argc, char **argv, int *i, IdentityFiles *id)
{
    if (strcmp(argv[*i], "--cert") == 0 && *i + 1 < argc)
        id->p12 = argv[++*i];
    else if (strcmp(argv[*i], "--password") == 0 && *i + 1 < argc)
        id->password = argv[++*i];
    else if (strcmp(argv[*i], "--pem") == 0 && *i + 2 < argc) {
        id->pem_chain = argv[++*i];
        id->pem_key = argv[++*i];
    } else
        return 0;
    return 1;
}

/* The certificate with its private key: from a PFX (PFXImportCertStore +
 * CertFindCertificateInStore(CERT_FIND_HAS_PRIVATE_KEY)) or from PEM (SchShimCertFromPem).
 * *store is the PFX store (NULL for PEM), to be closed by the caller once the credential is
 * acquired; on failure (NULL, reported) it is closed here. */
static PCCERT_CONTEXT load_identity(const IdentityFiles *id, HCERTSTORE *store)
{
    PCCERT_CONTEXT cert = NULL;
    size_t len = 0;

    *store = NULL;
    if (id->p12 != NULL) {
        unsigned char *der = read_file(id->p12, &len);
        if (der == NULL)
            return NULL;
        CRYPT_DATA_BLOB blob;
        blob.cbData = (DWORD)len;
        blob.pbData = der;
        WCHAR *wpassword = utf16_from_utf8(id->password != NULL ? id->password : "");
        *store = PFXImportCertStore(&blob, wpassword, 0);
        free(wpassword);
        free(der);
        if (*store == NULL) {
            fprintf(stderr, EXAMPLE_NAME ": failed: PFXImportCertStore(%s): last error 0x%08X\n",
                    id->p12, (unsigned)GetLastError());
            return NULL;
        }
        info("PFXImportCertStore(%s): store opened", id->p12);
        cert = CertFindCertificateInStore(*store, X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, 0,
                                          CERT_FIND_HAS_PRIVATE_KEY, NULL, NULL);
        if (cert == NULL) {
            fprintf(stderr,
                    EXAMPLE_NAME ": failed: CertFindCertificateInStore(CERT_FIND_HAS_PRIVATE_KEY): "
                                 "last error 0x%08X\n",
                    (unsigned)GetLastError());
            CertCloseStore(*store, 0);
            *store = NULL;
            return NULL;
        }
    } else {
        size_t key_len = 0;
        unsigned char *chain = read_file(id->pem_chain, &len);
        unsigned char *key = chain != NULL ? read_file(id->pem_key, &key_len) : NULL;
        if (chain != NULL && key != NULL) {
            cert = SchShimCertFromPem((const char *)chain, (const char *)key);
            if (cert == NULL)
                fprintf(stderr,
                        EXAMPLE_NAME ": failed: SchShimCertFromPem(%s, %s): last error 0x%08X\n",
                        id->pem_chain, id->pem_key, (unsigned)GetLastError());
        }
        free(chain);
        free(key);
        if (cert == NULL)
            return NULL;
        info("SchShimCertFromPem(%s, %s): certificate loaded", id->pem_chain, id->pem_key);
    }
    char subject[NAME_SIZE], issuer[NAME_SIZE];
    cert_names(cert, subject, issuer);
    info(EXAMPLE_NAME " certificate: subject \"%s\", issuer \"%s\"", subject, issuer);
    return cert;
}

/* ------------------------------------------------------------------------ command line */

/* A byte count (--redo N): 1 and *n when s is a whole decimal number, else 0. */
static int parse_count(const char *s, unsigned long long *n)
{
    char *end;
    *n = strtoull(s, &end, 10);
    return *end == 0 && s[0] != '-';
}

#endif /* SCHSHIM_EXAMPLE_COMMON_H */
