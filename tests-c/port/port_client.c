/*
 * A Schannel HTTPS client written as Windows code is, built on Linux unchanged: its own includes
 * of the Windows headers, Winsock, L"..." strings, the W functions under UNICODE, a version check
 * through ntdll's RtlGetVersion. tests-c/port/port_test.sh builds it out of tree from an installed
 * prefix (pkg-config, CMake, static) as C and as C++17, and runs it against openssl s_server.
 *
 *   port_client HOST PORT MODE
 *
 * MODE: schannel-cred   SCHANNEL_CRED with SP_PROT_TLS1_2_CLIENT (TLS 1.2)
 *       sch-tls12       SCH_CREDENTIALS, TLS 1.3 disabled in its TLS_PARAMETERS (TLS 1.2)
 *       sch-tls13       SCH_CREDENTIALS, everything but TLS 1.3 disabled (TLS 1.3)
 *
 * Sends "GET / HTTP/1.0", prints "protocol: TLS 1.x", "server: <certificate name>" and the reply
 * on stdout; exits 0 when the whole exchange worked.
 */
#ifndef UNICODE
#define UNICODE
#endif
#ifndef _UNICODE
#define _UNICODE
#endif

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#define SECURITY_WIN32
#include <security.h>
#include <schannel.h>
#include <tchar.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IO_BUFFER_SIZE 0x10000

typedef LONG(WINAPI *RtlGetVersionFn)(OSVERSIONINFOW *);

#ifdef __cplusplus
/* A class with a close() member that calls closesocket(): a closesocket macro would expand to
 * close(...) and hit the member. */
class Connection {
  public:
    explicit Connection(SOCKET s) : sock_(s) {}
    ~Connection() { close(); }
    SOCKET get() const { return sock_; }
    void close()
    {
        if (sock_ != INVALID_SOCKET) {
            closesocket(sock_);
            sock_ = INVALID_SOCKET;
        }
    }

  private:
    SOCKET sock_;
};
#endif

static int fail(const char *what, long code)
{
    fprintf(stderr, "port_client: %s failed: 0x%08lx (%ld)\n", what, (unsigned long)code & 0xffffffffUL, code);
    return 1;
}

/* Windows 10 build 20348 (Server 2022) is the first Schannel with TLS 1.3. */
static BOOL tls13_supported(void)
{
    OSVERSIONINFOW vi;
    RtlGetVersionFn get_version = (RtlGetVersionFn)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "RtlGetVersion");
    if (get_version == NULL)
        return FALSE;
    ZeroMemory(&vi, sizeof(vi));
    vi.dwOSVersionInfoSize = sizeof(vi);
    if (get_version(&vi) != 0)
        return FALSE;
    return vi.dwMajorVersion > 10 || (vi.dwMajorVersion == 10 && vi.dwBuildNumber >= 20348);
}

static int send_all(SOCKET s, const char *data, DWORD len)
{
    while (len > 0) {
        int n = send(s, data, (int)len, 0);
        if (n == SOCKET_ERROR || n == 0)
            return fail("send", WSAGetLastError());
        data += n;
        len -= (DWORD)n;
    }
    return 0;
}

/* The handshake loop of the SDK samples. io holds *io_len bytes read but not yet used; on
 * success it keeps what followed the handshake (SECBUFFER_EXTRA). */
static int handshake(SOCKET s, CredHandle *cred, CtxtHandle *ctx, WCHAR *host, BYTE *io, DWORD *io_len, BOOL have_ctx)
{
    DWORD req = ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY | ISC_RET_EXTENDED_ERROR |
                ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM | ISC_REQ_MANUAL_CRED_VALIDATION;
    /* The first call has no input; a call after SEC_I_RENEGOTIATE starts with the EXTRA bytes
     * (possibly none) as vschannel and the SDK sample do. */
    BOOL read_more = FALSE;
    SECURITY_STATUS st = SEC_I_CONTINUE_NEEDED;

    for (;;) {
        SecBuffer in[2], out[1];
        SecBufferDesc in_desc, out_desc;
        DWORD attrs = 0;

        if (read_more) {
            int n = recv(s, (char *)io + *io_len, (int)(IO_BUFFER_SIZE - *io_len), 0);
            if (n == SOCKET_ERROR)
                return fail("recv (handshake)", WSAGetLastError());
            if (n == 0)
                return fail("recv (handshake): connection closed", 0);
            *io_len += (DWORD)n;
        }
        read_more = TRUE;

        in[0].pvBuffer = io;
        in[0].cbBuffer = *io_len;
        in[0].BufferType = SECBUFFER_TOKEN;
        in[1].pvBuffer = NULL;
        in[1].cbBuffer = 0;
        in[1].BufferType = SECBUFFER_EMPTY;
        in_desc.ulVersion = SECBUFFER_VERSION;
        in_desc.cBuffers = 2;
        in_desc.pBuffers = in;
        out[0].pvBuffer = NULL;
        out[0].cbBuffer = 0;
        out[0].BufferType = SECBUFFER_TOKEN;
        out_desc.ulVersion = SECBUFFER_VERSION;
        out_desc.cBuffers = 1;
        out_desc.pBuffers = out;

        st = InitializeSecurityContext(cred, have_ctx ? ctx : NULL, host, req, 0, 0, have_ctx ? &in_desc : NULL, 0,
                                       have_ctx ? NULL : ctx, &out_desc, &attrs, NULL);
        have_ctx = TRUE;

        /* TLS 1.3 ends with a token (the client Finished) that comes with SEC_E_OK. */
        if (out[0].cbBuffer != 0 && out[0].pvBuffer != NULL) {
            int r = send_all(s, (const char *)out[0].pvBuffer, out[0].cbBuffer);
            FreeContextBuffer(out[0].pvBuffer);
            if (r != 0)
                return r;
        }
        if (st == SEC_E_INCOMPLETE_MESSAGE)
            continue;
        if (st != SEC_E_OK && st != SEC_I_CONTINUE_NEEDED)
            return fail("InitializeSecurityContext", st);

        if (in[1].BufferType == SECBUFFER_EXTRA && in[1].cbBuffer != 0) {
            MoveMemory(io, io + (*io_len - in[1].cbBuffer), in[1].cbBuffer);
            *io_len = in[1].cbBuffer;
        } else {
            *io_len = 0;
        }
        if (st == SEC_E_OK)
            return 0;
        read_more = *io_len == 0;
    }
}

static int print_session(CtxtHandle *ctx)
{
    SecPkgContext_ConnectionInfo info;
    PCCERT_CONTEXT cert = NULL;
    WCHAR name[256];
    char name8[512];
    SECURITY_STATUS st;

    st = QueryContextAttributes(ctx, SECPKG_ATTR_CONNECTION_INFO, &info);
    if (st != SEC_E_OK)
        return fail("QueryContextAttributes(CONNECTION_INFO)", st);
    if (info.dwProtocol & SP_PROT_TLS1_3_CLIENT)
        printf("protocol: TLS 1.3\n");
    else if (info.dwProtocol & SP_PROT_TLS1_2_CLIENT)
        printf("protocol: TLS 1.2\n");
    else
        printf("protocol: other (0x%lx)\n", (unsigned long)info.dwProtocol);

    st = QueryContextAttributes(ctx, SECPKG_ATTR_REMOTE_CERT_CONTEXT, (PVOID)&cert);
    if (st != SEC_E_OK || cert == NULL)
        return fail("QueryContextAttributes(REMOTE_CERT_CONTEXT)", st);
    if (CertGetNameString(cert, CERT_NAME_SIMPLE_DISPLAY_TYPE, 0, NULL, name, _countof(name)) <= 1) {
        CertFreeCertificateContext(cert);
        return fail("CertGetNameString", (long)GetLastError());
    }
    CertFreeCertificateContext(cert);
    if (WideCharToMultiByte(CP_UTF8, 0, name, -1, name8, (int)sizeof(name8), NULL, NULL) == 0)
        return fail("WideCharToMultiByte", (long)GetLastError());
    printf("server: %s (%d UTF-16 units)\n", name8, lstrlenW(name));
    return 0;
}

static int request(SOCKET s, CtxtHandle *ctx, BYTE *io, DWORD *io_len, CredHandle *cred, WCHAR *host)
{
    SecPkgContext_StreamSizes sizes;
    SecBuffer buf[4];
    SecBufferDesc desc;
    const char *get = "GET / HTTP/1.0\r\n\r\n";
    DWORD get_len = (DWORD)strlen(get), total;
    BYTE *msg;
    SECURITY_STATUS st = QueryContextAttributes(ctx, SECPKG_ATTR_STREAM_SIZES, &sizes);
    int r;

    if (st != SEC_E_OK)
        return fail("QueryContextAttributes(STREAM_SIZES)", st);
    total = sizes.cbHeader + get_len + sizes.cbTrailer;
    msg = (BYTE *)LocalAlloc(LPTR, total);
    if (msg == NULL)
        return fail("LocalAlloc", (long)GetLastError());
    CopyMemory(msg + sizes.cbHeader, get, get_len);
    buf[0].pvBuffer = msg;
    buf[0].cbBuffer = sizes.cbHeader;
    buf[0].BufferType = SECBUFFER_STREAM_HEADER;
    buf[1].pvBuffer = msg + sizes.cbHeader;
    buf[1].cbBuffer = get_len;
    buf[1].BufferType = SECBUFFER_DATA;
    buf[2].pvBuffer = msg + sizes.cbHeader + get_len;
    buf[2].cbBuffer = sizes.cbTrailer;
    buf[2].BufferType = SECBUFFER_STREAM_TRAILER;
    buf[3].pvBuffer = NULL;
    buf[3].cbBuffer = 0;
    buf[3].BufferType = SECBUFFER_EMPTY;
    desc.ulVersion = SECBUFFER_VERSION;
    desc.cBuffers = 4;
    desc.pBuffers = buf;
    st = EncryptMessage(ctx, 0, &desc, 0);
    if (st != SEC_E_OK) {
        LocalFree(msg);
        return fail("EncryptMessage", st);
    }
    r = send_all(s, (const char *)msg, buf[0].cbBuffer + buf[1].cbBuffer + buf[2].cbBuffer);
    SecureZeroMemory(msg, total);
    LocalFree(msg);
    if (r != 0)
        return r;

    /* The reply, until close_notify (SEC_I_CONTEXT_EXPIRED) or the end of the connection. */
    for (;;) {
        int i;
        if (*io_len == 0 || st == SEC_E_INCOMPLETE_MESSAGE) {
            int n = recv(s, (char *)io + *io_len, (int)(IO_BUFFER_SIZE - *io_len), 0);
            if (n == SOCKET_ERROR)
                return fail("recv", WSAGetLastError());
            if (n == 0)
                return 0;
            *io_len += (DWORD)n;
        }
        buf[0].pvBuffer = io;
        buf[0].cbBuffer = *io_len;
        buf[0].BufferType = SECBUFFER_DATA;
        for (i = 1; i < 4; i++) {
            buf[i].pvBuffer = NULL;
            buf[i].cbBuffer = 0;
            buf[i].BufferType = SECBUFFER_EMPTY;
        }
        st = DecryptMessage(ctx, &desc, 0, NULL);
        if (st == SEC_E_INCOMPLETE_MESSAGE)
            continue;
        if (st != SEC_E_OK && st != SEC_I_RENEGOTIATE && st != SEC_I_CONTEXT_EXPIRED)
            return fail("DecryptMessage", st);
        for (i = 1; i < 4; i++)
            if (buf[i].BufferType == SECBUFFER_DATA && buf[i].cbBuffer != 0)
                fwrite(buf[i].pvBuffer, 1, buf[i].cbBuffer, stdout);
        if (st == SEC_I_CONTEXT_EXPIRED)
            return 0;
        {
            DWORD extra = 0;
            for (i = 1; i < 4; i++)
                if (buf[i].BufferType == SECBUFFER_EXTRA)
                    extra = buf[i].cbBuffer;
            if (extra != 0)
                MoveMemory(io, io + (*io_len - extra), extra);
            *io_len = extra;
        }
        if (st == SEC_I_RENEGOTIATE) {
            /* TLS 1.3 post-handshake message: back to the handshake loop with what is left. */
            r = handshake(s, cred, ctx, host, io, io_len, TRUE);
            if (r != 0)
                return r;
        }
    }
}

static void shutdown_tls(SOCKET s, CredHandle *cred, CtxtHandle *ctx, WCHAR *host)
{
    DWORD type = SCHANNEL_SHUTDOWN, attrs = 0;
    SecBuffer buf[1];
    SecBufferDesc desc;
    buf[0].pvBuffer = &type;
    buf[0].cbBuffer = sizeof(type);
    buf[0].BufferType = SECBUFFER_TOKEN;
    desc.ulVersion = SECBUFFER_VERSION;
    desc.cBuffers = 1;
    desc.pBuffers = buf;
    if (ApplyControlToken(ctx, &desc) != SEC_E_OK)
        return;
    buf[0].pvBuffer = NULL;
    buf[0].cbBuffer = 0;
    buf[0].BufferType = SECBUFFER_TOKEN;
    if (InitializeSecurityContext(cred, ctx, host,
                                  ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |
                                      ISC_RET_EXTENDED_ERROR | ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM,
                                  0, 0, NULL, 0, NULL, &desc, &attrs, NULL) == SEC_E_OK &&
        buf[0].pvBuffer != NULL) {
        send(s, (const char *)buf[0].pvBuffer, (int)buf[0].cbBuffer, 0);
        FreeContextBuffer(buf[0].pvBuffer);
    }
}

int main(int argc, char **argv)
{
    WSADATA wsa;
    WCHAR host[256], service[16];
    SOCKADDR_STORAGE local, remote;
    DWORD local_len = sizeof(local), remote_len = sizeof(remote);
    struct timeval tv;
    SOCKET s;
    u_long mode;
    char probe[1];
    SCHANNEL_CRED sc;
    SCH_CREDENTIALS sch;
    TLS_PARAMETERS tp;
    PVOID auth;
    CredHandle cred;
    CtxtHandle ctx;
    TimeStamp expiry;
    BYTE *io;
    DWORD io_len = 0;
    SECURITY_STATUS st;
    int rc, port;

    if (argc != 4) {
        fprintf(stderr, "usage: port_client HOST PORT schannel-cred|sch-tls12|sch-tls13\n");
        return 2;
    }
    port = atoi(argv[2]);
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, argv[1], -1, host, _countof(host)) == 0)
        return fail("MultiByteToWideChar", (long)GetLastError());
    if (wsprintf(service, L"%d", port) <= 0)
        return fail("wsprintf", 0);

    ZeroMemory(&sc, sizeof(sc));
    ZeroMemory(&sch, sizeof(sch));
    ZeroMemory(&tp, sizeof(tp));
    if (strcmp(argv[3], "schannel-cred") == 0) {
        sc.dwVersion = SCHANNEL_CRED_VERSION;
        sc.grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT;
        sc.dwFlags = SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS;
        auth = &sc;
    } else if (strcmp(argv[3], "sch-tls12") == 0 || strcmp(argv[3], "sch-tls13") == 0) {
        if (strcmp(argv[3], "sch-tls13") == 0) {
            if (!tls13_supported())
                return fail("version check (TLS 1.3 needs Windows 10 build 20348)", 0);
            tp.grbitDisabledProtocols = (DWORD)~SP_PROT_TLS1_3_CLIENT;
        } else {
            tp.grbitDisabledProtocols = SP_PROT_TLS1_3_CLIENT;
        }
        sch.dwVersion = SCH_CREDENTIALS_VERSION;
        sch.dwFlags = SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS;
        sch.cTlsParameters = 1;
        sch.pTlsParameters = &tp;
        auth = &sch;
    } else {
        fprintf(stderr, "port_client: unknown mode %s\n", argv[3]);
        return 2;
    }

    rc = WSAStartup(MAKEWORD(2, 2), &wsa);
    if (rc != 0)
        return fail("WSAStartup", rc);
    if (wsa.wVersion != MAKEWORD(2, 2))
        return fail("WSAStartup version", wsa.wVersion);

    s = socket(AF_INET, SOCK_STREAM, 0);
    if (s == INVALID_SOCKET)
        return fail("socket", WSAGetLastError());
#ifdef __cplusplus
    Connection conn(s);
#endif
    ZeroMemory(&local, sizeof(local));
    ZeroMemory(&remote, sizeof(remote));
    tv.tv_sec = 30;
    tv.tv_usec = 0;
    if (!WSAConnectByNameW(s, host, service, &local_len, (SOCKADDR *)&local, &remote_len, (SOCKADDR *)&remote, &tv,
                           NULL))
        return fail("WSAConnectByNameW", WSAGetLastError());

    /* Non-blocking for a moment: nothing has arrived yet, so recv() would block. */
    mode = 1;
    if (ioctlsocket(s, FIONBIO, &mode) == SOCKET_ERROR)
        return fail("ioctlsocket(FIONBIO, 1)", WSAGetLastError());
    if (recv(s, probe, 1, 0) != SOCKET_ERROR || WSAGetLastError() != WSAEWOULDBLOCK)
        return fail("non-blocking recv (expected WSAEWOULDBLOCK)", WSAGetLastError());
    {
        DWORD blocking = 0; /* a DWORD, as much Windows code passes it */
        if (ioctlsocket(s, FIONBIO, &blocking) == SOCKET_ERROR)
            return fail("ioctlsocket(FIONBIO, 0)", WSAGetLastError());
    }

    st = AcquireCredentialsHandle(NULL, (SEC_WCHAR *)UNISP_NAME, SECPKG_CRED_OUTBOUND, NULL, auth, NULL, NULL, &cred,
                                  &expiry);
    if (st != SEC_E_OK)
        return fail("AcquireCredentialsHandle", st);

    io = (BYTE *)LocalAlloc(LPTR, IO_BUFFER_SIZE);
    if (io == NULL)
        return fail("LocalAlloc", (long)GetLastError());

    rc = handshake(s, &cred, &ctx, host, io, &io_len, FALSE);
    if (rc == 0)
        rc = print_session(&ctx);
    if (rc == 0)
        rc = request(s, &ctx, io, &io_len, &cred, host);
    if (rc == 0) {
        shutdown_tls(s, &cred, &ctx, host);
        DeleteSecurityContext(&ctx);
    }
    FreeCredentialsHandle(&cred);
    LocalFree(io);
#ifdef __cplusplus
    conn.close();
#else
    closesocket(s);
#endif
    WSACleanup();
    if (rc == 0)
        printf("\nport_client: done\n");
    return rc;
}
