/*
 * The Win32 basics of the Windows header set (include/win32), called as Windows code calls them:
 * UTF-8 <-> UTF-16 conversion with Windows' return conventions, wsprintfW, the 16-bit string
 * helpers, the bounds-checked CRT, Winsock over POSIX sockets (errors, FIONBIO, SIGPIPE,
 * WSAConnectByNameW), LocalAlloc, the module / RtlGetVersion version check, TCHAR mapping.
 *
 * Built twice by tests-c/CMakeLists.txt: win32_basics (UNICODE, -fshort-wchar: L"..." is WCHAR)
 * and win32_basics_u16 (no -fshort-wchar, no UNICODE: WCHAR is uint16_t, u"..." literals).
 */
#include <windows.h>
#include <winsock2.h>
#include <ws2tcpip.h>
#include <security.h>
#include <tchar.h>

#include "common.h"

#include <stdio.h>
#include <string.h>

#ifdef SCHANNEL_SHIM_WCHAR_IS_WCHAR_T
#define W(s) L##s
#else
#define W(s) u##s
#endif

static int wide_eq(const WCHAR *got, const WCHAR *want)
{
    return lstrcmpW(got, want) == 0;
}

static void test_utf8_to_utf16(void)
{
    WCHAR buf[16];
    /* "aé€😀": 1 + 2 + 3 + 4 bytes, 1 + 1 + 1 + 2 units, + NUL */
    static const char s[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    static const WCHAR want[] = {'a', 0xE9, 0x20AC, 0xD83D, 0xDE00, 0};

    test_case("MultiByteToWideChar: CP_UTF8, sizes and -1");
    CHECK_EQ(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0), 6);
    CHECK_EQ(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, buf, 16), 6);
    CHECK(memcmp(buf, want, sizeof want) == 0);
    /* an explicit length without the NUL: no terminator written or counted */
    CHECK_EQ(MultiByteToWideChar(CP_UTF8, 0, s, 3, buf, 16), 2);

    test_case("MultiByteToWideChar: too small a buffer is ERROR_INSUFFICIENT_BUFFER");
    SetLastError(0);
    CHECK_EQ(MultiByteToWideChar(CP_UTF8, 0, s, -1, buf, 5), 0);
    CHECK_EQ(GetLastError(), ERROR_INSUFFICIENT_BUFFER);

    test_case("MultiByteToWideChar: ill-formed UTF-8 (strict) is ERROR_NO_UNICODE_TRANSLATION");
    {
        static const char *const bad[] = {
            "\xC0\xAF",         /* overlong '/' */
            "\xE0\x80\xAF",     /* overlong, 3 bytes */
            "\xED\xA0\x80",     /* a surrogate (U+D800) */
            "\xF4\x90\x80\x80", /* above U+10FFFF */
            "\xF8\x88\x80\x80\x80",
            "\xE2\x82",         /* truncated */
            "\x80",             /* lone continuation */
            "\xFF",
        };
        size_t i;
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            SetLastError(0);
            CHECK_EQ(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, bad[i], -1, buf, 16), 0);
            CHECK_EQ(GetLastError(), ERROR_NO_UNICODE_TRANSLATION);
        }
    }

    test_case("MultiByteToWideChar: without MB_ERR_INVALID_CHARS, U+FFFD per maximal subpart");
    /* "a" E2 82 (truncated 3-byte) "b" FF: a, FFFD, b, FFFD, NUL */
    CHECK_EQ(MultiByteToWideChar(CP_UTF8, 0, "a\xE2\x82" "b\xFF", -1, buf, 16), 5);
    CHECK(buf[0] == 'a' && buf[1] == 0xFFFD && buf[2] == 'b' && buf[3] == 0xFFFD && buf[4] == 0);

    test_case("MultiByteToWideChar: bad arguments");
    SetLastError(0);
    CHECK_EQ(MultiByteToWideChar(CP_UTF8, 0, s, 0, buf, 16), 0);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK_EQ(MultiByteToWideChar(CP_UTF8, 0, NULL, -1, buf, 16), 0);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK_EQ(MultiByteToWideChar(CP_UTF8, MB_PRECOMPOSED, s, -1, buf, 16), 0);
    CHECK_EQ(GetLastError(), ERROR_INVALID_FLAGS);
    SetLastError(0);
    CHECK_EQ(MultiByteToWideChar(1252, 0, s, -1, buf, 16), 0);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
}

static void test_utf16_to_utf8(void)
{
    static const WCHAR w[] = {'a', 0xE9, 0x20AC, 0xD83D, 0xDE00, 0};
    static const WCHAR lone[] = {'x', 0xD800, 'y', 0};
    char buf[32];
    BOOL used = TRUE;

    test_case("WideCharToMultiByte: CP_UTF8, sizes, surrogate pairs");
    CHECK_EQ(WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL), 11);
    CHECK_EQ(WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, w, -1, buf, 32, NULL, NULL), 11);
    CHECK(strcmp(buf, "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80") == 0);

    test_case("WideCharToMultiByte: a lone surrogate");
    SetLastError(0);
    CHECK_EQ(WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, lone, -1, buf, 32, NULL, NULL), 0);
    CHECK_EQ(GetLastError(), ERROR_NO_UNICODE_TRANSLATION);
    CHECK_EQ(WideCharToMultiByte(CP_UTF8, 0, lone, -1, buf, 32, NULL, NULL), 6);
    CHECK(strcmp(buf, "x\xEF\xBF\xBDy") == 0);

    test_case("WideCharToMultiByte: CP_UTF8 refuses lpUsedDefaultChar; small buffer");
    SetLastError(0);
    CHECK_EQ(WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, 32, NULL, &used), 0);
    CHECK_EQ(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    CHECK_EQ(WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, 4, NULL, NULL), 0);
    CHECK_EQ(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
}

static void test_strings(void)
{
    WCHAR buf[64];
    char nb[64];

    test_case("lstrlenW / lstrcmpW / StrChrW / lstrcpynW on 16-bit strings");
    CHECK_EQ(lstrlenW(W("hello")), 5);
    CHECK_EQ(lstrlenW(NULL), 0);
    CHECK(lstrcmpW(W("abc"), W("abd")) < 0);
    CHECK(StrChrW(W("a:b"), ':') != NULL && *StrChrW(W("a:b"), ':') == ':');
    CHECK(StrChrW(W("ab"), ':') == NULL);
    CHECK(lstrcpynW(buf, W("truncate"), 4) == buf && wide_eq(buf, W("tru")));

    test_case("wsprintfW: %%d %%s %%S %%c %%x %%I64d %%-5s, l is 32-bit");
    CHECK_EQ(wsprintfW(buf, W("%d"), 8443), 4);
    CHECK(wide_eq(buf, W("8443")));
    CHECK_EQ(wsprintfW(buf, W("[%s|%S|%c]"), W("wide"), "narrow\xC3\xA9", 'Z'), 16);
    CHECK(StrCmpNW(buf, W("[wide|narrow"), 12) == 0 && buf[12] == 0xE9 && wide_eq(buf + 13, W("|Z]")));
    wsprintfW(buf, W("%x %X %05d %I64d %lu"), 255u, 255u, 42, (long long)-5000000000LL, (DWORD)4000000000u);
    CHECK(wide_eq(buf, W("ff FF 00042 -5000000000 4000000000")));
    wsprintfW(buf, W("<%-5s><%5s><%.2s>"), W("ab"), W("ab"), W("abcdef"));
    CHECK(wide_eq(buf, W("<ab   ><   ab><ab>")));

    test_case("_itoa / _ultoa / _i64toa");
    CHECK(strcmp(_itoa(-1234, nb, 10), "-1234") == 0);
    CHECK(strcmp(_itoa(255, nb, 16), "ff") == 0);
    CHECK(strcmp(_itoa(-1, nb, 16), "ffffffff") == 0);
    CHECK(strcmp(_i64toa(-9000000000LL, nb, 10), "-9000000000") == 0);
    CHECK(strcmp(_ultoa(5ul, nb, 2), "101") == 0);

    test_case("sprintf_s / strcpy_s / strncpy_s(_TRUNCATE) / _tcsncpy_s");
    CHECK_EQ(sprintf_s(nb, sizeof nb, "%s-%d", "port", 443), 8);
    CHECK(strcmp(nb, "port-443") == 0);
    CHECK_EQ(sprintf_s(nb, 4, "%s", "toolong"), (unsigned long long)-1);
    CHECK(nb[0] == '\0');
    CHECK_EQ(strcpy_s(nb, 4, "abc"), 0);
    CHECK_EQ(strcpy_s(nb, 3, "abc"), ERANGE);
    CHECK_EQ(strncpy_s(nb, 4, "abcdef", _TRUNCATE), STRUNCATE);
    CHECK(strcmp(nb, "abc") == 0);
    CHECK_EQ(strncpy_s(nb, 8, "abcdef", 2), 0);
    CHECK(strcmp(nb, "ab") == 0);
    CHECK_EQ(wcsncpy_s(buf, 4, W("wxyz"), _TRUNCATE), STRUNCATE);
    CHECK(wide_eq(buf, W("wxy")));

    test_case("TCHAR: TEXT/_T/_tcslen follow UNICODE/_UNICODE");
    {
        TCHAR t[] = TEXT("tchar");
        _TCHAR u[] = _T("tchar");
        CHECK_EQ(sizeof t[0], sizeof(WCHAR) == sizeof(TCHAR) ? 2 : 1);
        CHECK_EQ(_tcslen(u), 5);
        CHECK(_tcschr(u, 'h') == u + 2);
        CHECK(_tcsncmp(u, _T("tcx"), 2) == 0);
        CHECK_EQ(sizeof(SEC_TCHAR), sizeof(TCHAR));
#ifdef UNICODE
        CHECK_EQ(sizeof(TCHAR), 2);
        CHECK_EQ(lstrlen(t), 5);
#else
        CHECK_EQ(sizeof(TCHAR), 1);
        CHECK_EQ(lstrlen(t), 5);
#endif
    }
}

typedef LONG(WINAPI *RtlGetVersionFn)(OSVERSIONINFOW *);

static void test_memory_modules(void)
{
    BYTE *p;
    size_t i;
    int zero = 1;
    OSVERSIONINFOW vi;
    RtlGetVersionFn get_version;
    INIT_SECURITY_INTERFACE_W init_w;
    struct with_offset {
        DWORD a;
        INT64 b;
    };

    test_case("LocalAlloc(LPTR) is zeroed; LocalFree returns NULL; SecureZeroMemory");
    p = (BYTE *)LocalAlloc(LPTR, 4096);
    CHECK(p != NULL);
    for (i = 0; p != NULL && i < 4096; i++)
        zero &= p[i] == 0;
    CHECK(zero);
    if (p != NULL) {
        memset(p, 0xAB, 16);
        CHECK(SecureZeroMemory(p, 16) == p && p[0] == 0 && p[15] == 0);
    }
    CHECK(LocalFree(p) == NULL);
    CHECK_EQ(FIELD_OFFSET(struct with_offset, b), 8);
    CHECK_EQ(MAKEWORD(2, 2), 0x0202);
    CHECK_EQ(sizeof(INT64), 8);

    test_case("GetProcAddress(GetModuleHandleW(L\"ntdll.dll\"), \"RtlGetVersion\"): Windows 10.0.22000");
    get_version = (RtlGetVersionFn)GetProcAddress(GetModuleHandleW(W("ntdll.dll")), "RtlGetVersion");
    CHECK(get_version != NULL);
    if (get_version != NULL) {
        ZeroMemory(&vi, sizeof vi);
        vi.dwOSVersionInfoSize = sizeof vi;
        CHECK_EQ(get_version(&vi), 0);
        CHECK_EQ(vi.dwMajorVersion, 10);
        CHECK_EQ(vi.dwMinorVersion, 0);
        CHECK_EQ(vi.dwBuildNumber, 22000);
        CHECK_EQ(vi.dwPlatformId, VER_PLATFORM_WIN32_NT);
        vi.dwOSVersionInfoSize = 3;
        CHECK(get_version(&vi) != 0);
    }

    test_case("modules: unknown DLL, unknown function, InitSecurityInterfaceW through LoadLibraryW");
    SetLastError(0);
    CHECK(GetModuleHandleW(W("user32.dll")) == NULL);
    CHECK_EQ(GetLastError(), ERROR_MOD_NOT_FOUND);
    SetLastError(0);
    CHECK(GetProcAddress(GetModuleHandleA("NTDLL"), "NtCreateFile") == NULL);
    CHECK_EQ(GetLastError(), ERROR_PROC_NOT_FOUND);
    init_w = (INIT_SECURITY_INTERFACE_W)GetProcAddress(LoadLibraryW(W("secur32.dll")), SECURITY_ENTRYPOINTW);
    CHECK(init_w != NULL && init_w() == InitSecurityInterfaceW());
    CHECK(GetModuleHandle(NULL) != NULL);
}

static void test_winsock(void)
{
    WSADATA wsa;
    SOCKET sv[2], lsn, cli;
    u_long mode = 1, avail = 0;
    char c = 'x';
    struct sockaddr_in addr;
    socklen_t alen = sizeof addr;
    WCHAR port[16];
    SOCKADDR_STORAGE local, remote;
    DWORD llen = sizeof local, rlen = sizeof remote;
    struct timeval tv;

    test_case("WSAStartup: version 2.2, 1.0 refused");
    CHECK_EQ(WSAStartup(MAKEWORD(1, 0), &wsa), WSAVERNOTSUPPORTED);
    CHECK_EQ(WSAStartup(MAKEWORD(2, 2), &wsa), 0);
    CHECK_EQ(wsa.wVersion, MAKEWORD(2, 2));
    CHECK_EQ(wsa.wHighVersion, MAKEWORD(2, 2));

    test_case("WSAGetLastError maps errno; WSASetLastError back");
    errno = EAGAIN;
    CHECK_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    errno = EINPROGRESS;
    CHECK_EQ(WSAGetLastError(), WSAEWOULDBLOCK);
    errno = EINTR;
    CHECK_EQ(WSAGetLastError(), WSAEINTR);
    errno = ECONNRESET;
    CHECK_EQ(WSAGetLastError(), WSAECONNRESET);
    errno = ECONNREFUSED;
    CHECK_EQ(WSAGetLastError(), WSAECONNREFUSED);
    WSASetLastError(WSAETIMEDOUT);
    CHECK_EQ(errno, ETIMEDOUT);

    test_case("ioctlsocket(FIONBIO) and FIONREAD; recv would block -> WSAEWOULDBLOCK");
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    CHECK_EQ(ioctlsocket(sv[0], FIONBIO, &mode), 0);
    CHECK(recv(sv[0], &c, 1, 0) == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK);
    CHECK(send(sv[1], "abc", 3, 0) == 3);
    CHECK_EQ(ioctlsocket(sv[0], FIONREAD, &avail), 0);
    CHECK_EQ(avail, 3);

    test_case("ioctlsocket with a DWORD, as Windows code passes it (u_long is 32-bit there)");
    {
        DWORD dw[2] = {0xFFFFFFFFu, 0xFFFFFFFFu};
        DWORD off = 0;
        CHECK_EQ(ioctlsocket(sv[0], FIONREAD, &dw[0]), 0);
        CHECK_EQ(dw[0], 3);
        CHECK_EQ(dw[1], 0xFFFFFFFFu); /* the 32 bits after it untouched */
        CHECK_EQ(ioctlsocket(sv[0], FIONBIO, &off), 0);
        CHECK((fcntl(sv[0], F_GETFL, 0) & O_NONBLOCK) == 0);
        CHECK_EQ(ioctlsocket(sv[0], FIONBIO, &mode), 0);
        CHECK((fcntl(sv[0], F_GETFL, 0) & O_NONBLOCK) != 0);
    }

    test_case("SIGPIPE is ignored after WSAStartup: send to a closed peer is WSAECONNRESET");
    CHECK_EQ(closesocket(sv[0]), 0);
    CHECK(send(sv[1], "x", 1, 0) == SOCKET_ERROR && WSAGetLastError() == WSAECONNRESET);
    CHECK_EQ(closesocket(sv[1]), 0);
    CHECK(closesocket(sv[1]) == SOCKET_ERROR && WSAGetLastError() == WSAEBADF);

    test_case("WSAConnectByNameW to 127.0.0.1 with a timeout; addresses returned");
    lsn = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(lsn != INVALID_SOCKET);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(lsn, (struct sockaddr *)&addr, sizeof addr) == 0);
    CHECK(listen(lsn, 1) == 0);
    CHECK(getsockname(lsn, (struct sockaddr *)&addr, &alen) == 0);
    wsprintfW(port, W("%d"), (int)ntohs(addr.sin_port));
    cli = socket(AF_INET, SOCK_STREAM, 0);
    tv.tv_sec = 5;
    tv.tv_usec = 0;
    CHECK(WSAConnectByNameW(cli, (LPWSTR)W("127.0.0.1"), port, &llen, (SOCKADDR *)&local, &rlen,
                            (SOCKADDR *)&remote, &tv, NULL));
    CHECK_EQ(rlen, sizeof(struct sockaddr_in));
    CHECK(((struct sockaddr_in *)&remote)->sin_port == addr.sin_port);
    CHECK_EQ(llen, sizeof(struct sockaddr_in));
    closesocket(cli);
    closesocket(lsn);

    test_case("WSAConnectByNameW to a closed port: FALSE, WSAECONNREFUSED");
    cli = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(!WSAConnectByNameW(cli, (LPWSTR)W("127.0.0.1"), port, NULL, NULL, NULL, NULL, &tv, NULL));
    CHECK_EQ(WSAGetLastError(), WSAECONNREFUSED);
    closesocket(cli);
    CHECK_EQ(WSACleanup(), 0);
}

int main(void)
{
    test_init();
    test_utf8_to_utf16();
    test_utf16_to_utf8();
    test_strings();
    test_memory_modules();
    test_winsock();
    return test_finish("win32_basics");
}
