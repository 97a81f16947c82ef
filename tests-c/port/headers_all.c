/* Header-set compile check: every file of include/win32 in one translation unit, built as C99,
 * C11 and C++17, with and without -fshort-wchar and UNICODE, under -Wall -Wextra -Wpedantic
 * -Werror (tests-c/port/port.cmake). Unused static inline functions must not warn, and no name
 * may clash with the C library or with a C++ member. */
#include <Schannel.h>
#include <Security.h>
#include <Shlwapi.h>
#include <WS2tcpip.h>
#include <WinCrypt.h>
#include <WinError.h>
#include <WinSock2.h>
#include <WinTrust.h>
#include <Windows.h>
#include <Winsock2.h>
#include <Ws2tcpip.h>
#include <basetsd.h>
#include <minwindef.h>
#include <ntsecapi.h>
#include <schannel.h>
#include <schnlsp.h>
#include <security.h>
#include <shlwapi.h>
#include <sspi.h>
#include <subauth.h>
#include <tchar.h>
#include <winbase.h>
#include <wincrypt.h>
#include <windef.h>
#include <windows.h>
#include <winerror.h>
#include <winnt.h>
#include <winsock.h>
#include <winsock2.h>
#include <wintrust.h>
#include <ws2tcpip.h>

/* Linux system headers after the set still compile (nothing redefined, no collisions). */
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <wchar.h>

#ifdef __cplusplus
#include <cstring>
#include <cwchar>
#include <iostream>
#include <string>
/* closesocket, ZeroMemory ... are functions, so members of these names still work. */
struct Members {
    int closesocket() { return 1; }
    int close() { return ::closesocket(-1) == SOCKET_ERROR ? 2 : 0; }
    void ZeroMemory() {}
    int WSAGetLastError() { return 3; }
};
#endif

int schshim_headers_all(void);

/* WCHAR literals: L"..." under -fshort-wchar, else u"..." (C11, C++11); C99 has neither. */
#if defined(SCHANNEL_SHIM_WCHAR_IS_WCHAR_T) || defined(__cplusplus) || __STDC_VERSION__ >= 201112L
#define HAVE_WCHAR_LITERALS 1
#endif

int schshim_headers_all(void)
{
    WCHAR w[] = {'a', 'b', 0};
#if defined(HAVE_WCHAR_LITERALS) || !defined(UNICODE)
    TCHAR t[] = TEXT("x");
    _TCHAR u[] = _T("y");
#else
    TCHAR t[2] = {'x', 0};
    _TCHAR u[2] = {'y', 0};
#endif
#ifdef HAVE_WCHAR_LITERALS
    SEC_WCHAR *package = (SEC_WCHAR *)UNISP_NAME_W;
    (void)package;
#endif
#ifdef SCHANNEL_SHIM_WCHAR_IS_WCHAR_T
    /* -fshort-wchar: L"..." is a WCHAR string without a cast, in C and C++ */
    const WCHAR *lw = L"wide";
    wchar_t unisp[] = UNISP_NAME_W;
    (void)lw;
    (void)unisp;
    /* the C wide-string functions are the 16-bit ones, also through std:: and after <cwchar> */
    wchar_t buf[8];
    wcscpy(buf, L"ab");
    if (wcslen(buf) != 2 || wcscmp(buf, L"ab") != 0 || wcschr(buf, L'b') != buf + 1)
        return -1;
#ifdef __cplusplus
    std::wstring ws(L"x");
    if (std::wcslen(buf) != 2 || std::wcsncmp(buf, L"ac", 1) != 0 || ws.empty())
        return -1;
#endif
#endif
    return lstrlenW(w) + (int)sizeof t + (int)sizeof u + (int)sizeof(SOCKET) + (int)sizeof(WSADATA) +
           (int)sizeof(SOCKADDR_STORAGE) + (int)sizeof(OSVERSIONINFOW) + (int)sizeof(INT64);
}
