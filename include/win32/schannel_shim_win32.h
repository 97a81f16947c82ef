/*
 * schannel-shim: the Windows header set for Linux.
 *
 * Every file of this directory (windows.h, Windows.h, winsock2.h, security.h, schannel.h, ...)
 * includes this one, so unchanged Windows Schannel code finds the headers it names. It adds, to
 * what <schannel_shim.h> declares, the Win32 basics such programs use around SSPI: Winsock over
 * POSIX sockets, memory and string helpers, UTF-8 <-> UTF-16 conversion, TCHAR, a version check.
 * docs/PORTING.md (installed beside it) says what is here, what is not, and why.
 *
 * Rules this file keeps, so that it can be pulled into every file of a large Linux program:
 *  - _WIN32 is never defined (a Linux program's own #ifdef _WIN32 branches stay off);
 *  - no C library name is redefined (except, under -fshort-wchar, the wide-string functions that
 *    glibc implements for a 32-bit wchar_t: see "C wide-string functions"), and no Win32 call is
 *    a function-like macro that could collide with a C++ member (closesocket, ZeroMemory ... are
 *    static inline functions);
 *  - only POSIX headers that do not collide with Linux's own (no <netinet/tcp.h>);
 *  - warning-free with -Wall -Wextra -Wpedantic in C99, C11 and C++17, with and without
 *    -fshort-wchar. Functions that need POSIX.1-2001 (name resolution, Sleep, GetTickCount) exist
 *    when the C library exposes it: always in the default GNU modes and in C++, in strict ISO C
 *    modes with -D_POSIX_C_SOURCE=200809L.
 */
#ifndef SCHANNEL_SHIM_WIN32_H
#define SCHANNEL_SHIM_WIN32_H

#include <schannel_shim.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>

/* Under -fshort-wchar the C library's own declarations come first, so that the 16-bit wcs*
 * mappings below (section "C wide-string functions") are not undone by a later include: the
 * include guards make any later <wchar.h> / <cwchar> a no-op (libstdc++'s <cwchar> #undefs
 * wcslen and friends, which is harmless only when it has already run). */
#if defined(SCHANNEL_SHIM_WCHAR_IS_WCHAR_T)
#ifdef __cplusplus
#include <cwchar>
#else
#include <wchar.h>
#endif
#endif

/* POSIX.1-2001 interfaces (getaddrinfo, clock_gettime, nanosleep) are visible. */
#if defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 200112L
#define SCHANNEL_SHIM_WIN32_POSIX2001 1
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ calling conventions */

#ifndef WINAPI
#define WINAPI
#endif
#ifndef APIENTRY
#define APIENTRY
#endif
#ifndef CALLBACK
#define CALLBACK
#endif
#ifndef NTAPI
#define NTAPI
#endif
#ifndef WSAAPI
#define WSAAPI
#endif
#ifndef WINBASEAPI
#define WINBASEAPI
#endif
#ifndef UNREFERENCED_PARAMETER
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#endif

/* ------------------------------------------------------------------ base types (basetsd.h, winnt.h) */

typedef signed char INT8, *PINT8;
typedef unsigned char UINT8, *PUINT8;
typedef short INT16, *PINT16;
typedef unsigned short UINT16, *PUINT16;
typedef int INT32, *PINT32;
typedef unsigned int UINT32, *PUINT32;
typedef int64_t INT64, *PINT64;
typedef uint64_t UINT64, *PUINT64;
typedef int32_t LONG32, *PLONG32;
typedef uint32_t ULONG32, *PULONG32;
typedef uint32_t DWORD32, *PDWORD32;
typedef int64_t LONG64, *PLONG64;
typedef uint64_t ULONG64, *PULONG64;
typedef float FLOAT;
typedef int *PINT, *LPINT;
typedef LONG *LPLONG;
typedef WORD *LPWORD;
typedef SIZE_T *PSIZE_T;
typedef CHAR *PCHAR, *LPCH, *PCH;
typedef const CHAR *LPCCH, *PCCH;
typedef WCHAR *LPWCH, *PWCH;
typedef const WCHAR *LPCWCH, *PCWCH;
typedef LONG NTSTATUS;
typedef HANDLE HLOCAL, HGLOBAL;
typedef struct SCHANNEL_SHIM_HINSTANCE__ *HINSTANCE;
typedef HINSTANCE HMODULE;
/* The SDK's FARPROC is INT_PTR (*)(); void (*)(void) is the type GCC's -Wcast-function-type
 * (in -Wextra) accepts a cast from, so `(MyFn)GetProcAddress(...)` stays warning-free. */
typedef void (*FARPROC)(void);

#ifndef STATUS_SUCCESS
#define STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#endif

/* The TCHAR world of winnt.h follows UNICODE (tchar.h's _TCHAR follows _UNICODE, below). __TEXT
 * gives a WCHAR literal: L"..." under -fshort-wchar, u"..." otherwise. */
#ifdef UNICODE
typedef WCHAR TCHAR, *PTCHAR;
typedef WCHAR TBYTE, *PTBYTE;
typedef LPWSTR LPTSTR, PTSTR, LPTCH, PTCH;
typedef LPCWSTR LPCTSTR, PCTSTR;
#define __TEXT(quote) SCHANNEL_SHIM_WSTR(quote)
#else
typedef char TCHAR, *PTCHAR;
typedef unsigned char TBYTE, *PTBYTE;
typedef LPSTR LPTSTR, PTSTR, LPTCH, PTCH;
typedef LPCSTR LPCTSTR, PCTSTR;
#define __TEXT(quote) quote
#endif
#define TEXT(quote) __TEXT(quote)

/* sspi.h's UNICODE-dependent string types (schannel_shim.h maps the functions and structures). */
#ifdef UNICODE
typedef SEC_WCHAR SEC_TCHAR;
typedef SEC_WCHAR *SECURITY_PSTR;
typedef const SEC_WCHAR *SECURITY_PCSTR;
#else
typedef SEC_CHAR SEC_TCHAR;
typedef SEC_CHAR *SECURITY_PSTR;
typedef const SEC_CHAR *SECURITY_PCSTR;
#endif

/* ------------------------------------------------------------------ macros of minwindef.h / winnt.h */

#ifndef MAKEWORD
#define MAKEWORD(a, b) ((WORD)(((BYTE)((a) & 0xff)) | ((WORD)((BYTE)((b) & 0xff))) << 8))
#endif
#ifndef MAKELONG
#define MAKELONG(a, b) ((LONG)(((WORD)((a) & 0xffff)) | ((DWORD)((WORD)((b) & 0xffff))) << 16))
#endif
#ifndef LOWORD
#define LOWORD(l) ((WORD)((l) & 0xffff))
#endif
#ifndef HIWORD
#define HIWORD(l) ((WORD)(((l) >> 16) & 0xffff))
#endif
#ifndef LOBYTE
#define LOBYTE(w) ((BYTE)((w) & 0xff))
#endif
#ifndef HIBYTE
#define HIBYTE(w) ((BYTE)(((w) >> 8) & 0xff))
#endif
#ifndef FIELD_OFFSET
#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#endif
#ifndef ARRAYSIZE
#define ARRAYSIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef _countof
#define _countof(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* ------------------------------------------------------------------ error codes this file sets */

#ifndef ERROR_INVALID_FUNCTION
#define ERROR_INVALID_FUNCTION 1
#endif
#ifndef ERROR_MOD_NOT_FOUND
#define ERROR_MOD_NOT_FOUND 126
#endif
#ifndef ERROR_PROC_NOT_FOUND
#define ERROR_PROC_NOT_FOUND 127
#endif
#ifndef ERROR_INVALID_FLAGS
#define ERROR_INVALID_FLAGS 1004
#endif
#ifndef ERROR_NO_UNICODE_TRANSLATION
#define ERROR_NO_UNICODE_TRANSLATION 1113
#endif

/* ------------------------------------------------------------------ memory */

#define LMEM_FIXED 0x0000u
#define LMEM_MOVEABLE 0x0002u
#define LMEM_ZEROINIT 0x0040u
#define LPTR (LMEM_FIXED | LMEM_ZEROINIT)
#define LHND (LMEM_MOVEABLE | LMEM_ZEROINIT)
#define GMEM_FIXED 0x0000u
#define GMEM_ZEROINIT 0x0040u
#define GPTR (GMEM_FIXED | GMEM_ZEROINIT)
#define HEAP_ZERO_MEMORY 0x00000008u

static inline void ZeroMemory(void *dest, size_t len)
{
    if (len != 0)
        memset(dest, 0, len);
}

static inline void RtlZeroMemory(void *dest, size_t len)
{
    ZeroMemory(dest, len);
}

/* Not optimised away: the stores go through a volatile pointer. */
static inline PVOID SecureZeroMemory(PVOID ptr, SIZE_T cnt)
{
    volatile unsigned char *p = (volatile unsigned char *)ptr;
    while (cnt-- != 0)
        *p++ = 0;
    return ptr;
}

static inline void CopyMemory(void *dest, const void *src, size_t len)
{
    if (len != 0)
        memcpy(dest, src, len);
}

static inline void RtlCopyMemory(void *dest, const void *src, size_t len)
{
    CopyMemory(dest, src, len);
}

static inline void MoveMemory(void *dest, const void *src, size_t len)
{
    if (len != 0)
        memmove(dest, src, len);
}

static inline void FillMemory(void *dest, size_t len, BYTE fill)
{
    if (len != 0)
        memset(dest, fill, len);
}

/* LocalAlloc / GlobalAlloc / HeapAlloc are malloc: every block is fixed (LMEM_MOVEABLE gives a
 * fixed block too, and the "handle" is the pointer) and LocalFree is free(). */
static inline HLOCAL LocalAlloc(UINT uFlags, SIZE_T uBytes)
{
    void *p = (uFlags & LMEM_ZEROINIT) ? calloc(1, uBytes ? uBytes : 1) : malloc(uBytes ? uBytes : 1);
    if (p == NULL)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return (HLOCAL)p;
}

static inline HLOCAL LocalFree(HLOCAL hMem)
{
    free(hMem);
    return NULL;
}

static inline HGLOBAL GlobalAlloc(UINT uFlags, SIZE_T dwBytes)
{
    return (HGLOBAL)LocalAlloc(uFlags & GMEM_ZEROINIT, dwBytes);
}

static inline HGLOBAL GlobalFree(HGLOBAL hMem)
{
    free(hMem);
    return NULL;
}

/* A fixed, non-NULL pseudo handle: there is one heap, the C library's. */
static inline HANDLE GetProcessHeap(void)
{
    return (HANDLE)(uintptr_t)0x5C5C0001u;
}

static inline LPVOID HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes)
{
    (void)hHeap;
    return (LPVOID)LocalAlloc((dwFlags & HEAP_ZERO_MEMORY) ? LMEM_ZEROINIT : 0u, dwBytes);
}

static inline BOOL HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem)
{
    (void)hHeap;
    (void)dwFlags;
    free(lpMem);
    return TRUE;
}

/* ------------------------------------------------------------------ UTF-16 strings (16-bit safe) */

/* glibc's wcslen/wcscmp/wprintf work on 32-bit wchar_t; these work on WCHAR whatever its type. */

static inline int lstrlenW(LPCWSTR lpString)
{
    int n = 0;
    if (lpString == NULL)
        return 0;
    while (lpString[n] != 0)
        n++;
    return n;
}

static inline int lstrlenA(LPCSTR lpString)
{
    return lpString == NULL ? 0 : (int)strlen(lpString);
}

static inline LPWSTR lstrcpyW(LPWSTR lpString1, LPCWSTR lpString2)
{
    int i = 0;
    if (lpString1 == NULL || lpString2 == NULL)
        return NULL;
    do
        lpString1[i] = lpString2[i];
    while (lpString2[i++] != 0);
    return lpString1;
}

static inline LPSTR lstrcpyA(LPSTR lpString1, LPCSTR lpString2)
{
    if (lpString1 == NULL || lpString2 == NULL)
        return NULL;
    return strcpy(lpString1, lpString2);
}

/* Copies at most iMaxLength - 1 units and always terminates (iMaxLength > 0). */
static inline LPWSTR lstrcpynW(LPWSTR lpString1, LPCWSTR lpString2, int iMaxLength)
{
    int i = 0;
    if (lpString1 == NULL || lpString2 == NULL || iMaxLength <= 0)
        return NULL;
    for (; i + 1 < iMaxLength && lpString2[i] != 0; i++)
        lpString1[i] = lpString2[i];
    lpString1[i] = 0;
    return lpString1;
}

static inline LPWSTR lstrcatW(LPWSTR lpString1, LPCWSTR lpString2)
{
    if (lpString1 == NULL || lpString2 == NULL)
        return NULL;
    lstrcpyW(lpString1 + lstrlenW(lpString1), lpString2);
    return lpString1;
}

static inline LPSTR lstrcatA(LPSTR lpString1, LPCSTR lpString2)
{
    if (lpString1 == NULL || lpString2 == NULL)
        return NULL;
    return strcat(lpString1, lpString2);
}

/* Code-unit order (an ordinal comparison; Windows' lstrcmpW is locale-aware). */
static inline int StrCmpNW(LPCWSTR psz1, LPCWSTR psz2, int nChar)
{
    int i;
    for (i = 0; i < nChar; i++) {
        unsigned a = (unsigned)(WORD)psz1[i], b = (unsigned)(WORD)psz2[i];
        if (a != b)
            return a < b ? -1 : 1;
        if (a == 0)
            break;
    }
    return 0;
}

static inline int lstrcmpW(LPCWSTR lpString1, LPCWSTR lpString2)
{
    return StrCmpNW(lpString1, lpString2, 0x7fffffff);
}

static inline int lstrcmpA(LPCSTR lpString1, LPCSTR lpString2)
{
    return strcmp(lpString1, lpString2);
}

static inline LPWSTR StrChrW(LPCWSTR pszStart, WCHAR wMatch)
{
    for (;; pszStart++) {
        if (*pszStart == wMatch)
            return (LPWSTR)(uintptr_t)pszStart; /* as the SDK's: const in, non-const out */
        if (*pszStart == 0)
            return NULL;
    }
}

static inline int _stricmp(const char *a, const char *b)
{
    return strcasecmp(a, b);
}

static inline int _strnicmp(const char *a, const char *b, size_t n)
{
    return strncasecmp(a, b, n);
}

/* ------------------------------------------------------------------ C wide-string functions */

/* Under -fshort-wchar, wchar_t is the 16-bit WCHAR of Windows code, but glibc's wcs* and wmem*
 * functions were compiled for a 32-bit wchar_t: wcslen(L"abc") reads two units at a time and
 * runs past the terminator. Windows code calls them on WCHAR strings (curl's schannel_verify.c:
 * wcslen on CERT_ALT_NAME_ENTRY.pwszDNSName), so here the CRT names it uses map, through
 * function-like macros, to 16-bit implementations; <wchar.h> was included above, so a later
 * include cannot redeclare or undo them. Ordering is by code unit, as MSVC's. Without
 * -fshort-wchar WCHAR is not wchar_t and glibc's functions stay as they are, for wchar_t text;
 * WCHAR text then uses the W functions above (lstrlenW, lstrcmpW, StrChrW ...). */
#if defined(SCHANNEL_SHIM_WCHAR_IS_WCHAR_T)

static inline size_t schannel_shim_wcsnlen(const wchar_t *s, size_t maxlen)
{
    size_t n = 0;
    while (n < maxlen && s[n] != 0)
        n++;
    return n;
}

static inline size_t schannel_shim_wcslen(const wchar_t *s)
{
    return schannel_shim_wcsnlen(s, (size_t)-1);
}

static inline int schannel_shim_wcsncmp(const wchar_t *a, const wchar_t *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned x = (unsigned)(WORD)a[i], y = (unsigned)(WORD)b[i];
        if (x != y)
            return x < y ? -1 : 1;
        if (x == 0)
            break;
    }
    return 0;
}

static inline int schannel_shim_wcscmp(const wchar_t *a, const wchar_t *b)
{
    return schannel_shim_wcsncmp(a, b, (size_t)-1);
}

/* MSVC's C-locale _wcsicmp / _wcsnicmp: A-Z folded to a-z, then code-unit order. */
static inline unsigned schannel_shim_wlower_(wchar_t c)
{
    unsigned u = (unsigned)(WORD)c;
    return (u >= 'A' && u <= 'Z') ? u + ('a' - 'A') : u;
}

static inline int _wcsnicmp(const wchar_t *a, const wchar_t *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned x = schannel_shim_wlower_(a[i]), y = schannel_shim_wlower_(b[i]);
        if (x != y)
            return x < y ? -1 : 1;
        if (x == 0)
            break;
    }
    return 0;
}

static inline int _wcsicmp(const wchar_t *a, const wchar_t *b)
{
    return _wcsnicmp(a, b, (size_t)-1);
}

static inline wchar_t *schannel_shim_wcscpy(wchar_t *dest, const wchar_t *src)
{
    size_t i = 0;
    do
        dest[i] = src[i];
    while (src[i++] != 0);
    return dest;
}

/* As C's wcsncpy: no terminator when src is n units or longer, zero padding when shorter. */
static inline wchar_t *schannel_shim_wcsncpy(wchar_t *dest, const wchar_t *src, size_t n)
{
    size_t i = 0;
    for (; i < n && src[i] != 0; i++)
        dest[i] = src[i];
    for (; i < n; i++)
        dest[i] = 0;
    return dest;
}

static inline wchar_t *schannel_shim_wcscat(wchar_t *dest, const wchar_t *src)
{
    schannel_shim_wcscpy(dest + schannel_shim_wcslen(dest), src);
    return dest;
}

static inline wchar_t *schannel_shim_wcsncat(wchar_t *dest, const wchar_t *src, size_t n)
{
    wchar_t *end = dest + schannel_shim_wcslen(dest);
    size_t i = 0;
    for (; i < n && src[i] != 0; i++)
        end[i] = src[i];
    end[i] = 0;
    return dest;
}

/* The search functions take a const string and return a non-const pointer into it, as C's
 * (and MSVC's C) declarations do; the cast goes through uintptr_t to stay -Wcast-qual clean. */
static inline wchar_t *schannel_shim_wcschr(const wchar_t *s, wchar_t c)
{
    for (;; s++) {
        if (*s == c)
            return (wchar_t *)(uintptr_t)s;
        if (*s == 0)
            return NULL;
    }
}

static inline wchar_t *schannel_shim_wcsrchr(const wchar_t *s, wchar_t c)
{
    const wchar_t *last = NULL;
    for (;; s++) {
        if (*s == c)
            last = s;
        if (*s == 0)
            return (wchar_t *)(uintptr_t)last;
    }
}

static inline wchar_t *schannel_shim_wcsstr(const wchar_t *haystack, const wchar_t *needle)
{
    size_t n = schannel_shim_wcslen(needle);
    for (;; haystack++) {
        if (schannel_shim_wcsncmp(haystack, needle, n) == 0)
            return (wchar_t *)(uintptr_t)haystack;
        if (*haystack == 0)
            return NULL;
    }
}

static inline size_t schannel_shim_wcsspn(const wchar_t *s, const wchar_t *accept)
{
    size_t n = 0;
    while (s[n] != 0 && schannel_shim_wcschr(accept, s[n]) != NULL)
        n++;
    return n;
}

static inline size_t schannel_shim_wcscspn(const wchar_t *s, const wchar_t *reject)
{
    size_t n = 0;
    while (s[n] != 0 && schannel_shim_wcschr(reject, s[n]) == NULL)
        n++;
    return n;
}

static inline wchar_t *schannel_shim_wcspbrk(const wchar_t *s, const wchar_t *accept)
{
    s += schannel_shim_wcscspn(s, accept);
    return *s != 0 ? (wchar_t *)(uintptr_t)s : NULL;
}

/* malloc'd, so free() releases it, as with MSVC's _wcsdup; NULL in: NULL + EINVAL, as MSVC. */
static inline wchar_t *_wcsdup(const wchar_t *s)
{
    size_t bytes;
    wchar_t *copy;
    if (s == NULL) {
        errno = EINVAL;
        return NULL;
    }
    bytes = (schannel_shim_wcslen(s) + 1) * sizeof *s;
    copy = (wchar_t *)malloc(bytes);
    if (copy != NULL)
        memcpy(copy, s, bytes);
    return copy;
}

static inline wchar_t *schannel_shim_wmemcpy(wchar_t *dest, const wchar_t *src, size_t n)
{
    return (wchar_t *)memcpy(dest, src, n * sizeof *src);
}

static inline wchar_t *schannel_shim_wmemmove(wchar_t *dest, const wchar_t *src, size_t n)
{
    return (wchar_t *)memmove(dest, src, n * sizeof *src);
}

static inline wchar_t *schannel_shim_wmemset(wchar_t *dest, wchar_t c, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        dest[i] = c;
    return dest;
}

static inline int schannel_shim_wmemcmp(const wchar_t *a, const wchar_t *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (a[i] != b[i])
            return (unsigned)(WORD)a[i] < (unsigned)(WORD)b[i] ? -1 : 1;
    return 0;
}

static inline wchar_t *schannel_shim_wmemchr(const wchar_t *s, wchar_t c, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] == c)
            return (wchar_t *)(uintptr_t)(s + i);
    return NULL;
}

#define wcslen(s) schannel_shim_wcslen(s)
#define wcsnlen(s, maxlen) schannel_shim_wcsnlen(s, maxlen)
#define wcscmp(a, b) schannel_shim_wcscmp(a, b)
#define wcsncmp(a, b, n) schannel_shim_wcsncmp(a, b, n)
#define wcscpy(dest, src) schannel_shim_wcscpy(dest, src)
#define wcsncpy(dest, src, n) schannel_shim_wcsncpy(dest, src, n)
#define wcscat(dest, src) schannel_shim_wcscat(dest, src)
#define wcsncat(dest, src, n) schannel_shim_wcsncat(dest, src, n)
#define wcschr(s, c) schannel_shim_wcschr(s, c)
#define wcsrchr(s, c) schannel_shim_wcsrchr(s, c)
#define wcsstr(haystack, needle) schannel_shim_wcsstr(haystack, needle)
#define wcsspn(s, accept) schannel_shim_wcsspn(s, accept)
#define wcscspn(s, reject) schannel_shim_wcscspn(s, reject)
#define wcspbrk(s, accept) schannel_shim_wcspbrk(s, accept)
#define wcsdup(s) _wcsdup(s)
#define wmemcpy(dest, src, n) schannel_shim_wmemcpy(dest, src, n)
#define wmemmove(dest, src, n) schannel_shim_wmemmove(dest, src, n)
#define wmemset(dest, c, n) schannel_shim_wmemset(dest, c, n)
#define wmemcmp(a, b, n) schannel_shim_wmemcmp(a, b, n)
#define wmemchr(s, c, n) schannel_shim_wmemchr(s, c, n)

#endif /* SCHANNEL_SHIM_WCHAR_IS_WCHAR_T */

/* ------------------------------------------------------------------ bounds-checked CRT (Annex K) */

/* glibc has no Annex K; MSVC's forms, returning an errno value. On a too-small destination they
 * write an empty string and return ERANGE (MSVC calls its invalid-parameter handler instead). */
#ifndef __STDC_LIB_EXT1__
#ifndef _ERRNO_T_DEFINED
#define _ERRNO_T_DEFINED
typedef int errno_t;
#endif
#ifndef _TRUNCATE
#define _TRUNCATE ((size_t)-1)
#endif
#ifndef STRUNCATE
#define STRUNCATE 80
#endif

static inline errno_t strcpy_s(char *dest, size_t destsz, const char *src)
{
    size_t n;
    if (dest == NULL || destsz == 0)
        return EINVAL;
    if (src == NULL) {
        dest[0] = '\0';
        return EINVAL;
    }
    n = strlen(src);
    if (n >= destsz) {
        dest[0] = '\0';
        return ERANGE;
    }
    memcpy(dest, src, n + 1);
    return 0;
}

static inline errno_t strcat_s(char *dest, size_t destsz, const char *src)
{
    size_t used;
    if (dest == NULL || destsz == 0)
        return EINVAL;
    for (used = 0; used < destsz && dest[used] != '\0'; used++) {
    }
    if (used == destsz)
        return EINVAL;
    if (src == NULL) {
        dest[0] = '\0';
        return EINVAL;
    }
    if (strcpy_s(dest + used, destsz - used, src) != 0) {
        dest[0] = '\0';
        return ERANGE;
    }
    return 0;
}

/* count == _TRUNCATE copies what fits and returns STRUNCATE when it cut. */
static inline errno_t strncpy_s(char *dest, size_t destsz, const char *src, size_t count)
{
    size_t n = 0;
    if (dest == NULL || destsz == 0)
        return EINVAL;
    if (src == NULL) {
        dest[0] = '\0';
        return EINVAL;
    }
    while (n < count && src[n] != '\0' && (count != _TRUNCATE || n + 1 < destsz))
        n++;
    if (n >= destsz) {
        dest[0] = '\0';
        return ERANGE;
    }
    memcpy(dest, src, n);
    dest[n] = '\0';
    return (count == _TRUNCATE && src[n] != '\0') ? STRUNCATE : 0;
}

static inline errno_t wcsncpy_s(WCHAR *dest, size_t destsz, const WCHAR *src, size_t count)
{
    size_t n = 0;
    if (dest == NULL || destsz == 0)
        return EINVAL;
    if (src == NULL) {
        dest[0] = 0;
        return EINVAL;
    }
    while (n < count && src[n] != 0 && (count != _TRUNCATE || n + 1 < destsz))
        n++;
    if (n >= destsz) {
        dest[0] = 0;
        return ERANGE;
    }
    memcpy(dest, src, n * sizeof *dest);
    dest[n] = 0;
    return (count == _TRUNCATE && src[n] != 0) ? STRUNCATE : 0;
}

static inline errno_t wcscpy_s(WCHAR *dest, size_t destsz, const WCHAR *src)
{
    errno_t e;
    if (src == NULL || (size_t)lstrlenW(src) >= destsz) {
        if (dest != NULL && destsz != 0)
            dest[0] = 0;
        return src == NULL ? EINVAL : ERANGE;
    }
    e = wcsncpy_s(dest, destsz, src, destsz - 1);
    return e;
}

/* MSVC's sprintf_s(buffer, size, format, ...): on truncation an empty string and -1. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static inline int sprintf_s(char *buffer, size_t sizeOfBuffer, const char *format, ...)
{
    va_list ap;
    int n;
    if (buffer == NULL || sizeOfBuffer == 0 || format == NULL) {
        errno = EINVAL;
        return -1;
    }
    va_start(ap, format);
    n = vsnprintf(buffer, sizeOfBuffer, format, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeOfBuffer) {
        buffer[0] = '\0';
        errno = ERANGE;
        return -1;
    }
    return n;
}
#endif /* __STDC_LIB_EXT1__ */

/* MSVC's _itoa / _ultoa / _i64toa: radix 2..36; a negative value is signed only in radix 10
 * (other radixes print the two's complement, as MSVC does). */
static inline char *schannel_shim_utoa_(unsigned long long v, char *buf, int radix, int negative)
{
    char tmp[72];
    int n = 0, i = 0;
    if (buf == NULL)
        return NULL;
    if (radix < 2 || radix > 36) {
        buf[0] = '\0';
        return buf;
    }
    do {
        int d = (int)(v % (unsigned)radix);
        tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= (unsigned)radix;
    } while (v != 0);
    if (negative)
        buf[i++] = '-';
    while (n > 0)
        buf[i++] = tmp[--n];
    buf[i] = '\0';
    return buf;
}

static inline char *_itoa(int value, char *buffer, int radix)
{
    if (radix == 10 && value < 0)
        return schannel_shim_utoa_(0ull - (unsigned long long)(long long)value, buffer, radix, 1);
    return schannel_shim_utoa_((unsigned)value, buffer, radix, 0);
}

static inline char *_ultoa(unsigned long value, char *buffer, int radix)
{
    return schannel_shim_utoa_(value, buffer, radix, 0);
}

static inline char *_i64toa(long long value, char *buffer, int radix)
{
    if (radix == 10 && value < 0)
        return schannel_shim_utoa_(0ull - (unsigned long long)value, buffer, radix, 1);
    return schannel_shim_utoa_((unsigned long long)value, buffer, radix, 0);
}

/* ------------------------------------------------------------------ UTF-8 <-> UTF-16 */

#define CP_ACP 0u
#define CP_OEMCP 1u
#define CP_THREAD_ACP 3u
#define CP_UTF8 65001u
#define MB_PRECOMPOSED 0x00000001u
#define MB_ERR_INVALID_CHARS 0x00000008u
#define WC_ERR_INVALID_CHARS 0x00000080u
#define WC_NO_BEST_FIT_CHARS 0x00000400u

/* One code point from s[0..len): its value (or -1 when ill-formed), *used = bytes taken. An
 * ill-formed sequence takes its longest well-formed prefix (at least one byte), as Windows and
 * the Unicode "maximal subpart" practice do. */
static inline long schannel_shim_utf8_next_(const unsigned char *s, size_t len, size_t *used)
{
    unsigned char b = s[0];
    size_t need, i;
    unsigned long cp;
    unsigned char lo = 0x80, hi = 0xBF;
    *used = 1;
    if (b < 0x80)
        return b;
    if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        cp = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        cp = b & 0x0Fu;
        if (b == 0xE0)
            lo = 0xA0; /* no overlong forms */
        else if (b == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        cp = b & 0x07u;
        if (b == 0xF0)
            lo = 0x90;
        else if (b == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else {
        return -1;
    }
    for (i = 1; i <= need; i++) {
        unsigned char c;
        if (i >= len)
            return -1;
        c = s[i];
        if (c < (i == 1 ? lo : 0x80) || c > (i == 1 ? hi : 0xBF))
            return -1;
        cp = (cp << 6) | (c & 0x3Fu);
        *used = i + 1;
    }
    return (long)cp;
}

/* MultiByteToWideChar for UTF-8 (CP_UTF8; CP_ACP, CP_OEMCP and CP_THREAD_ACP are UTF-8 too, the
 * Linux convention). Windows' conventions: cbMultiByte -1 = up to and including the NUL;
 * cchWideChar 0 = return the length needed; 0 with the last error on failure
 * (ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, ERROR_INVALID_FLAGS, and
 * ERROR_NO_UNICODE_TRANSLATION for ill-formed input under MB_ERR_INVALID_CHARS, which otherwise
 * becomes U+FFFD). */
static inline int MultiByteToWideChar(UINT CodePage, DWORD dwFlags, LPCCH lpMultiByteStr, int cbMultiByte,
                                      LPWSTR lpWideCharStr, int cchWideChar)
{
    const unsigned char *s = (const unsigned char *)lpMultiByteStr;
    size_t len, pos = 0;
    int out = 0;
    if (CodePage != CP_UTF8 && CodePage != CP_ACP && CodePage != CP_OEMCP && CodePage != CP_THREAD_ACP) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if ((dwFlags & ~(DWORD)(MB_ERR_INVALID_CHARS | (CodePage == CP_UTF8 ? 0u : MB_PRECOMPOSED))) != 0) {
        SetLastError(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (s == NULL || cbMultiByte == 0 || cbMultiByte < -1 || cchWideChar < 0 ||
        (cchWideChar > 0 && lpWideCharStr == NULL) ||
        (cchWideChar > 0 && (const void *)lpWideCharStr == (const void *)lpMultiByteStr)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    len = cbMultiByte == -1 ? strlen(lpMultiByteStr) + 1 : (size_t)cbMultiByte;
    while (pos < len) {
        size_t used;
        long cp = schannel_shim_utf8_next_(s + pos, len - pos, &used);
        int units;
        if (cp < 0) {
            if (dwFlags & MB_ERR_INVALID_CHARS) {
                SetLastError(ERROR_NO_UNICODE_TRANSLATION);
                return 0;
            }
            cp = 0xFFFD;
        }
        units = cp >= 0x10000 ? 2 : 1;
        if (cchWideChar != 0) {
            if (out + units > cchWideChar) {
                SetLastError(ERROR_INSUFFICIENT_BUFFER);
                return 0;
            }
            if (units == 2) {
                lpWideCharStr[out] = (WCHAR)(0xD800 + ((cp - 0x10000) >> 10));
                lpWideCharStr[out + 1] = (WCHAR)(0xDC00 + ((cp - 0x10000) & 0x3FF));
            } else {
                lpWideCharStr[out] = (WCHAR)cp;
            }
        }
        out += units;
        pos += used;
    }
    return out;
}

/* WideCharToMultiByte to UTF-8 (same code pages as above). For CP_UTF8 lpDefaultChar and
 * lpUsedDefaultChar must be NULL (ERROR_INVALID_PARAMETER otherwise, as on Windows). A lone
 * surrogate is ERROR_NO_UNICODE_TRANSLATION under WC_ERR_INVALID_CHARS, else U+FFFD. */
static inline int WideCharToMultiByte(UINT CodePage, DWORD dwFlags, LPCWCH lpWideCharStr, int cchWideChar,
                                      LPSTR lpMultiByteStr, int cbMultiByte, LPCCH lpDefaultChar,
                                      LPBOOL lpUsedDefaultChar)
{
    size_t len, pos = 0;
    int out = 0;
    if (CodePage != CP_UTF8 && CodePage != CP_ACP && CodePage != CP_OEMCP && CodePage != CP_THREAD_ACP) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if ((dwFlags & ~(DWORD)WC_ERR_INVALID_CHARS) != 0) {
        SetLastError(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (lpUsedDefaultChar != NULL)
        *lpUsedDefaultChar = FALSE;
    if (lpWideCharStr == NULL || cchWideChar == 0 || cchWideChar < -1 || cbMultiByte < 0 ||
        (cbMultiByte > 0 && lpMultiByteStr == NULL) ||
        (cbMultiByte > 0 && (const void *)lpWideCharStr == (const void *)lpMultiByteStr) ||
        (CodePage == CP_UTF8 && (lpDefaultChar != NULL || lpUsedDefaultChar != NULL))) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    len = cchWideChar == -1 ? (size_t)lstrlenW(lpWideCharStr) + 1 : (size_t)cchWideChar;
    while (pos < len) {
        unsigned long cp = (unsigned long)(WORD)lpWideCharStr[pos++];
        unsigned char enc[4];
        int n, i;
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            unsigned long lo2 = pos < len ? (unsigned long)(WORD)lpWideCharStr[pos] : 0;
            if (cp <= 0xDBFF && lo2 >= 0xDC00 && lo2 <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo2 - 0xDC00);
                pos++;
            } else if (dwFlags & WC_ERR_INVALID_CHARS) {
                SetLastError(ERROR_NO_UNICODE_TRANSLATION);
                return 0;
            } else {
                cp = 0xFFFD;
            }
        }
        if (cp < 0x80) {
            enc[0] = (unsigned char)cp;
            n = 1;
        } else if (cp < 0x800) {
            enc[0] = (unsigned char)(0xC0 | (cp >> 6));
            enc[1] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 2;
        } else if (cp < 0x10000) {
            enc[0] = (unsigned char)(0xE0 | (cp >> 12));
            enc[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            enc[2] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 3;
        } else {
            enc[0] = (unsigned char)(0xF0 | (cp >> 18));
            enc[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
            enc[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            enc[3] = (unsigned char)(0x80 | (cp & 0x3F));
            n = 4;
        }
        if (cbMultiByte != 0) {
            if (out + n > cbMultiByte) {
                SetLastError(ERROR_INSUFFICIENT_BUFFER);
                return 0;
            }
            for (i = 0; i < n; i++)
                lpMultiByteStr[out + i] = (char)enc[i];
        }
        out += n;
    }
    return out;
}

/* ------------------------------------------------------------------ wsprintf */

/* wvsprintfW / wsprintfW: Windows' formatter (user32), 16-bit safe: %s is a WCHAR string and %S
 * (or %hs) a char string (UTF-8); %c a WCHAR, %C a char; d i u x X o with flags - + 0 space #,
 * a width and a precision (not *); l is 32-bit as on Windows (LONG), I64 / ll are 64-bit, h is
 * 16-bit. At most 1024 units are written including the NUL, as on Windows. Returns the number of
 * units written, without the NUL. */
#define SCHANNEL_SHIM_WSPRINTF_MAX 1024

/* The conversions are built at run time from Windows' directives, so the format passed to
 * snprintf cannot be a literal: say so to -Wformat-nonliteral (curl builds with it). */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
static inline int wvsprintfW(LPWSTR buf, LPCWSTR fmt, va_list arglist)
{
    int out = 0;
    const int cap = SCHANNEL_SHIM_WSPRINTF_MAX - 1;
    va_list ap;
    if (buf == NULL || fmt == NULL)
        return 0;
    va_copy(ap, arglist);
    while (*fmt != 0 && out < cap) {
        static const WCHAR null_w[] = {'(', 'n', 'u', 'l', 'l', ')', 0};
        char spec[32], num[80];
        int sl = 0, width = 0, prec = -1, left = 0, lmod = 0;
        int size = 0; /* 0: 32-bit (no modifier or l), 1: 64-bit (ll, I64), -1: h */
        unsigned c;
        if (*fmt != '%') {
            buf[out++] = *fmt++;
            continue;
        }
        fmt++;
        if (*fmt == '%') {
            buf[out++] = *fmt++;
            continue;
        }
        spec[sl++] = '%';
        while (*fmt == '-' || *fmt == '+' || *fmt == '0' || *fmt == ' ' || *fmt == '#') {
            if (*fmt == '-')
                left = 1;
            if (sl < 8)
                spec[sl++] = (char)*fmt;
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (int)(*fmt - '0');
            if (width > 1000)
                width = 1000;
            fmt++;
        }
        if (*fmt == '.') {
            prec = 0;
            fmt++;
            while (*fmt >= '0' && *fmt <= '9') {
                prec = prec * 10 + (int)(*fmt - '0');
                if (prec > 1000)
                    prec = 1000;
                fmt++;
            }
        }
        if (*fmt == 'l') {
            fmt++;
            lmod = 1;
            if (*fmt == 'l') {
                size = 1;
                fmt++;
            }
        } else if (*fmt == 'h') {
            size = -1;
            fmt++;
        } else if (fmt[0] == 'I' && fmt[1] == '6' && fmt[2] == '4') {
            size = 1;
            fmt += 3;
        }
        c = (unsigned)(WORD)*fmt;
        if (c == 0)
            break;
        fmt++;
        if (c == 's' || c == 'S' || c == 'c' || c == 'C') {
            /* narrow: %S, %hs, %C, %hc; wide: %s, %ls, %c, %lc */
            int narrow = (c == 'S' || c == 'C') ? !lmod : size == -1;
            WCHAR one[2];
            WCHAR *conv = NULL;
            const WCHAR *ws;
            int n, pad, i;
            if (c == 'c' || c == 'C') {
                one[0] = (WCHAR)va_arg(ap, int);
                one[1] = 0;
                if (narrow)
                    one[0] = (WCHAR)(unsigned char)one[0];
                ws = one;
                prec = -1;
            } else if (narrow) {
                const char *s = va_arg(ap, const char *);
                int need;
                if (s == NULL)
                    s = "(null)";
                need = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
                conv = need > 0 ? (WCHAR *)malloc((size_t)need * sizeof(WCHAR)) : NULL;
                if (conv == NULL || MultiByteToWideChar(CP_UTF8, 0, s, -1, conv, need) == 0) {
                    free(conv);
                    conv = NULL;
                    break;
                }
                ws = conv;
            } else {
                ws = va_arg(ap, const WCHAR *);
                if (ws == NULL)
                    ws = null_w;
            }
            n = lstrlenW(ws);
            if (prec >= 0 && n > prec)
                n = prec;
            pad = width > n ? width - n : 0;
            if (!left)
                for (; pad > 0 && out < cap; pad--)
                    buf[out++] = ' ';
            for (i = 0; i < n && out < cap; i++)
                buf[out++] = ws[i];
            for (; pad > 0 && out < cap; pad--)
                buf[out++] = ' ';
            free(conv);
            continue;
        }
        if (c == 'd' || c == 'i' || c == 'u' || c == 'x' || c == 'X' || c == 'o' || c == 'p') {
            int k, n;
            if (width > 0)
                sl += snprintf(spec + sl, sizeof spec - (size_t)sl, "%d", width);
            if (prec >= 0)
                sl += snprintf(spec + sl, sizeof spec - (size_t)sl, ".%d", prec);
            if (c == 'p') {
                spec[sl++] = 'p';
                spec[sl] = '\0';
                n = snprintf(num, sizeof num, spec, va_arg(ap, void *));
            } else if (size == 1) {
                spec[sl++] = 'l';
                spec[sl++] = 'l';
                spec[sl++] = (char)c;
                spec[sl] = '\0';
                if (c == 'd' || c == 'i')
                    n = snprintf(num, sizeof num, spec, va_arg(ap, long long));
                else
                    n = snprintf(num, sizeof num, spec, va_arg(ap, unsigned long long));
            } else {
                if (size == -1)
                    spec[sl++] = 'h';
                spec[sl++] = (char)c;
                spec[sl] = '\0';
                if (c == 'd' || c == 'i')
                    n = snprintf(num, sizeof num, spec, va_arg(ap, int));
                else
                    n = snprintf(num, sizeof num, spec, va_arg(ap, unsigned int));
            }
            if (n < 0)
                break;
            for (k = 0; num[k] != '\0' && out < cap; k++)
                buf[out++] = (WCHAR)(unsigned char)num[k];
            continue;
        }
        /* an unknown type letter is copied, as Windows does */
        buf[out++] = (WCHAR)c;
    }
    va_end(ap);
    buf[out] = 0;
    return out;
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

static inline int wsprintfW(LPWSTR buf, LPCWSTR fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = wvsprintfW(buf, fmt, ap);
    va_end(ap);
    return n;
}

/* wsprintfA: the C library's formatter (so %s is char and l is long), capped at 1024 bytes. */
static inline int wvsprintfA(LPSTR buf, LPCSTR fmt, va_list arglist)
{
    int n = vsnprintf(buf, SCHANNEL_SHIM_WSPRINTF_MAX, fmt, arglist);
    if (n < 0)
        return 0;
    return n >= SCHANNEL_SHIM_WSPRINTF_MAX ? SCHANNEL_SHIM_WSPRINTF_MAX - 1 : n;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static inline int wsprintfA(LPSTR buf, LPCSTR fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = wvsprintfA(buf, fmt, ap);
    va_end(ap);
    return n;
}

/* ------------------------------------------------------------------ modules and the version check */

typedef struct _OSVERSIONINFOA {
    DWORD dwOSVersionInfoSize;
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
    DWORD dwBuildNumber;
    DWORD dwPlatformId;
    CHAR szCSDVersion[128];
} OSVERSIONINFOA, *POSVERSIONINFOA, *LPOSVERSIONINFOA;

typedef struct _OSVERSIONINFOW {
    DWORD dwOSVersionInfoSize;
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
    DWORD dwBuildNumber;
    DWORD dwPlatformId;
    WCHAR szCSDVersion[128];
} OSVERSIONINFOW, *POSVERSIONINFOW, *LPOSVERSIONINFOW, RTL_OSVERSIONINFOW, *PRTL_OSVERSIONINFOW;

typedef struct _OSVERSIONINFOEXW {
    DWORD dwOSVersionInfoSize;
    DWORD dwMajorVersion;
    DWORD dwMinorVersion;
    DWORD dwBuildNumber;
    DWORD dwPlatformId;
    WCHAR szCSDVersion[128];
    WORD wServicePackMajor;
    WORD wServicePackMinor;
    WORD wSuiteMask;
    BYTE wProductType;
    BYTE wReserved;
} OSVERSIONINFOEXW, *POSVERSIONINFOEXW, *LPOSVERSIONINFOEXW, RTL_OSVERSIONINFOEXW, *PRTL_OSVERSIONINFOEXW;

#ifdef UNICODE
typedef OSVERSIONINFOW OSVERSIONINFO, *POSVERSIONINFO, *LPOSVERSIONINFO;
#else
typedef OSVERSIONINFOA OSVERSIONINFO, *POSVERSIONINFO, *LPOSVERSIONINFO;
#endif

#define VER_PLATFORM_WIN32_NT 2u
#define VER_NT_WORKSTATION 1u

/* The Windows version whose Schannel the library behaves as: Windows 11 (10.0.22000), the first
 * with TLS 1.3 in Schannel. A program that checks the version (for ALPN, TLS 1.3, SCH_CREDENTIALS)
 * takes its modern path. Reached through GetProcAddress(GetModuleHandleW(L"ntdll.dll"),
 * "RtlGetVersion"), as Windows programs do. */
#define SCHANNEL_SHIM_WINDOWS_MAJOR 10u
#define SCHANNEL_SHIM_WINDOWS_MINOR 0u
#define SCHANNEL_SHIM_WINDOWS_BUILD 22000u

static inline NTSTATUS schannel_shim_RtlGetVersion_(PRTL_OSVERSIONINFOW info)
{
    DWORD size;
    if (info == NULL)
        return (NTSTATUS)0xC000000DL; /* STATUS_INVALID_PARAMETER */
    size = info->dwOSVersionInfoSize;
    if (size != sizeof(OSVERSIONINFOW) && size != sizeof(OSVERSIONINFOEXW))
        return (NTSTATUS)0xC000000DL;
    memset((char *)info + sizeof(DWORD), 0, size - sizeof(DWORD));
    info->dwMajorVersion = SCHANNEL_SHIM_WINDOWS_MAJOR;
    info->dwMinorVersion = SCHANNEL_SHIM_WINDOWS_MINOR;
    info->dwBuildNumber = SCHANNEL_SHIM_WINDOWS_BUILD;
    info->dwPlatformId = VER_PLATFORM_WIN32_NT;
    if (size == sizeof(OSVERSIONINFOEXW))
        ((PRTL_OSVERSIONINFOEXW)(void *)info)->wProductType = (BYTE)VER_NT_WORKSTATION;
    return STATUS_SUCCESS;
}

/* Modules: the DLLs whose functions this library provides are "loaded" (pseudo handles, the
 * same in every translation unit): ntdll (RtlGetVersion), secur32 / sspicli / security
 * (InitSecurityInterfaceA/W), kernel32, crypt32, ws2_32, and the program itself (NULL name). */
#define SCHANNEL_SHIM_MODULE_BASE_ 0x5C4D0000u

static inline int schannel_shim_module_id_(const char *name)
{
    static const char *const names[] = {"", "ntdll", "kernel32", "secur32", "sspicli", "security", "crypt32",
                                        "ws2_32"};
    char base[32];
    size_t n, i;
    if (name == NULL)
        return 0;
    n = strlen(name);
    if (n > 4 && strcasecmp(name + n - 4, ".dll") == 0)
        n -= 4;
    if (n == 0 || n >= sizeof base)
        return -1;
    memcpy(base, name, n);
    base[n] = '\0';
    for (i = 1; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(base, names[i]) == 0)
            return (int)i;
    return -1;
}

static inline HMODULE GetModuleHandleA(LPCSTR lpModuleName)
{
    int id = schannel_shim_module_id_(lpModuleName);
    if (id < 0) {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    return (HMODULE)(uintptr_t)(SCHANNEL_SHIM_MODULE_BASE_ + (unsigned)id);
}

static inline HMODULE GetModuleHandleW(LPCWSTR lpModuleName)
{
    char name[64];
    int n;
    if (lpModuleName == NULL)
        return GetModuleHandleA(NULL);
    n = WideCharToMultiByte(CP_UTF8, 0, lpModuleName, -1, name, (int)sizeof name, NULL, NULL);
    if (n == 0) {
        SetLastError(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    return GetModuleHandleA(name);
}

static inline HMODULE LoadLibraryA(LPCSTR lpLibFileName)
{
    return lpLibFileName == NULL ? (SetLastError(ERROR_INVALID_PARAMETER), (HMODULE)NULL)
                                 : GetModuleHandleA(lpLibFileName);
}

static inline HMODULE LoadLibraryW(LPCWSTR lpLibFileName)
{
    return lpLibFileName == NULL ? (SetLastError(ERROR_INVALID_PARAMETER), (HMODULE)NULL)
                                 : GetModuleHandleW(lpLibFileName);
}

static inline BOOL FreeLibrary(HMODULE hLibModule)
{
    (void)hLibModule;
    return TRUE;
}

static inline FARPROC GetProcAddress(HMODULE hModule, LPCSTR lpProcName)
{
    uintptr_t h = (uintptr_t)hModule;
    unsigned id = (unsigned)(h - SCHANNEL_SHIM_MODULE_BASE_);
    if (h < SCHANNEL_SHIM_MODULE_BASE_ || id > 7u || lpProcName == NULL) {
        SetLastError(hModule == NULL || h < SCHANNEL_SHIM_MODULE_BASE_ || id > 7u ? ERROR_INVALID_HANDLE
                                                                                 : ERROR_PROC_NOT_FOUND);
        return NULL;
    }
    /* by ordinal ((LPCSTR)n, n < 65536): none is exported by ordinal here */
    if ((uintptr_t)lpProcName < 0x10000u) {
        SetLastError(ERROR_PROC_NOT_FOUND);
        return NULL;
    }
    if (id == 1u && strcmp(lpProcName, "RtlGetVersion") == 0)
        return (FARPROC)schannel_shim_RtlGetVersion_;
    if (id >= 3u && id <= 5u) {
        if (strcmp(lpProcName, "InitSecurityInterfaceA") == 0)
            return (FARPROC)InitSecurityInterfaceA;
        if (strcmp(lpProcName, "InitSecurityInterfaceW") == 0)
            return (FARPROC)InitSecurityInterfaceW;
    }
    SetLastError(ERROR_PROC_NOT_FOUND);
    return NULL;
}

/* ------------------------------------------------------------------ time */

#ifdef SCHANNEL_SHIM_WIN32_POSIX2001
static inline void Sleep(DWORD dwMilliseconds)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(dwMilliseconds / 1000u);
    ts.tv_nsec = (long)(dwMilliseconds % 1000u) * 1000000L;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Milliseconds of a monotonic clock, wrapping at 2^32 as on Windows. */
static inline ULONGLONG GetTickCount64(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ULONGLONG)ts.tv_sec * 1000u + (ULONGLONG)ts.tv_nsec / 1000000u;
}

static inline DWORD GetTickCount(void)
{
    return (DWORD)GetTickCount64();
}
#endif

/* ------------------------------------------------------------------ Winsock */

/* SOCKET is the file descriptor (int), so it goes to select()'s nfds, FD_SET and every POSIX
 * call without a conversion; INVALID_SOCKET is -1, what socket() and accept() return on failure. */
typedef int SOCKET;
#define INVALID_SOCKET (-1)
#define SOCKET_ERROR (-1)

#define SD_RECEIVE SHUT_RD
#define SD_SEND SHUT_WR
#define SD_BOTH SHUT_RDWR

typedef struct sockaddr SOCKADDR, *PSOCKADDR, *LPSOCKADDR;
typedef struct sockaddr_in SOCKADDR_IN, *PSOCKADDR_IN, *LPSOCKADDR_IN;
typedef struct sockaddr_in6 SOCKADDR_IN6, *PSOCKADDR_IN6, *LPSOCKADDR_IN6;
typedef struct sockaddr_storage SOCKADDR_STORAGE, *PSOCKADDR_STORAGE, *LPSOCKADDR_STORAGE;
typedef struct in_addr IN_ADDR, *PIN_ADDR, *LPIN_ADDR;
typedef struct in6_addr IN6_ADDR, *PIN6_ADDR, *LPIN6_ADDR;
typedef struct timeval TIMEVAL, *PTIMEVAL, *LPTIMEVAL;
typedef struct hostent HOSTENT, *PHOSTENT, *LPHOSTENT;
typedef struct pollfd WSAPOLLFD, *PWSAPOLLFD, *LPWSAPOLLFD;
#ifdef SCHANNEL_SHIM_WIN32_POSIX2001
typedef struct addrinfo ADDRINFOA, *PADDRINFOA;
#endif
/* Overlapped I/O is not provided; the type exists for prototypes that take a reserved one. */
typedef struct _WSAOVERLAPPED WSAOVERLAPPED, *LPWSAOVERLAPPED;

#define WSADESCRIPTION_LEN 256
#define WSASYS_STATUS_LEN 128

/* x64 layout (the Win64 order of iMaxSockets / lpVendorInfo). */
typedef struct WSAData {
    WORD wVersion;
    WORD wHighVersion;
    unsigned short iMaxSockets;
    unsigned short iMaxUdpDg;
    char *lpVendorInfo;
    char szDescription[WSADESCRIPTION_LEN + 1];
    char szSystemStatus[WSASYS_STATUS_LEN + 1];
} WSADATA, *LPWSADATA;

#define WSABASEERR 10000
#define WSAEINTR 10004
#define WSAEBADF 10009
#define WSAEACCES 10013
#define WSAEFAULT 10014
#define WSAEINVAL 10022
#define WSAEMFILE 10024
#define WSAEWOULDBLOCK 10035
#define WSAEINPROGRESS 10036
#define WSAEALREADY 10037
#define WSAENOTSOCK 10038
#define WSAEDESTADDRREQ 10039
#define WSAEMSGSIZE 10040
#define WSAEPROTOTYPE 10041
#define WSAENOPROTOOPT 10042
#define WSAEPROTONOSUPPORT 10043
#define WSAESOCKTNOSUPPORT 10044
#define WSAEOPNOTSUPP 10045
#define WSAEPFNOSUPPORT 10046
#define WSAEAFNOSUPPORT 10047
#define WSAEADDRINUSE 10048
#define WSAEADDRNOTAVAIL 10049
#define WSAENETDOWN 10050
#define WSAENETUNREACH 10051
#define WSAENETRESET 10052
#define WSAECONNABORTED 10053
#define WSAECONNRESET 10054
#define WSAENOBUFS 10055
#define WSAEISCONN 10056
#define WSAENOTCONN 10057
#define WSAESHUTDOWN 10058
#define WSAETOOMANYREFS 10059
#define WSAETIMEDOUT 10060
#define WSAECONNREFUSED 10061
#define WSAELOOP 10062
#define WSAENAMETOOLONG 10063
#define WSAEHOSTDOWN 10064
#define WSAEHOSTUNREACH 10065
#define WSAENOTEMPTY 10066
#define WSAEPROCLIM 10067
#define WSAEUSERS 10068
#define WSAEDQUOT 10069
#define WSAESTALE 10070
#define WSAEREMOTE 10071
#define WSASYSNOTREADY 10091
#define WSAVERNOTSUPPORTED 10092
#define WSANOTINITIALISED 10093
#define WSAEDISCON 10101
#define WSAHOST_NOT_FOUND 11001
#define WSATRY_AGAIN 11002
#define WSANO_RECOVERY 11003
#define WSANO_DATA 11004

/* errno <-> Winsock error (to_wsa: errno -> Winsock, else back; 0 when the value has no
 * counterpart). EINPROGRESS (a non-blocking connect() under way) is WSAEWOULDBLOCK,
 * which is what Windows' connect() reports there and what Windows code tests for. EPIPE (a send
 * on a connection the peer reset; SIGPIPE is ignored after WSAStartup) is WSAECONNRESET. */
static inline int schannel_shim_wsa_map_(int value, int to_wsa)
{
    static const int map[][2] = {
        {EINTR, WSAEINTR},
        {EBADF, WSAEBADF},
        {EACCES, WSAEACCES},
        {EFAULT, WSAEFAULT},
        {EINVAL, WSAEINVAL},
        {EMFILE, WSAEMFILE},
        {EAGAIN, WSAEWOULDBLOCK},
        {EWOULDBLOCK, WSAEWOULDBLOCK},
        {EINPROGRESS, WSAEWOULDBLOCK},
        {EALREADY, WSAEALREADY},
        {ENOTSOCK, WSAENOTSOCK},
        {EDESTADDRREQ, WSAEDESTADDRREQ},
        {EMSGSIZE, WSAEMSGSIZE},
        {EPROTOTYPE, WSAEPROTOTYPE},
        {ENOPROTOOPT, WSAENOPROTOOPT},
        {EPROTONOSUPPORT, WSAEPROTONOSUPPORT},
        {EOPNOTSUPP, WSAEOPNOTSUPP},
        {EAFNOSUPPORT, WSAEAFNOSUPPORT},
        {EADDRINUSE, WSAEADDRINUSE},
        {EADDRNOTAVAIL, WSAEADDRNOTAVAIL},
        {ENETDOWN, WSAENETDOWN},
        {ENETUNREACH, WSAENETUNREACH},
        {ENETRESET, WSAENETRESET},
        {ECONNABORTED, WSAECONNABORTED},
        {ECONNRESET, WSAECONNRESET},
        {EPIPE, WSAECONNRESET},
        {ENOBUFS, WSAENOBUFS},
        {ENOMEM, WSAENOBUFS},
        {EISCONN, WSAEISCONN},
        {ENOTCONN, WSAENOTCONN},
        {ETIMEDOUT, WSAETIMEDOUT},
        {ECONNREFUSED, WSAECONNREFUSED},
        {ELOOP, WSAELOOP},
        {ENAMETOOLONG, WSAENAMETOOLONG},
        {EHOSTUNREACH, WSAEHOSTUNREACH},
        {ENOTEMPTY, WSAENOTEMPTY},
        {EDQUOT, WSAEDQUOT},
        {ESTALE, WSAESTALE},
    };
    size_t i;
    for (i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i][to_wsa ? 0 : 1] == value)
            return map[i][to_wsa ? 1 : 0];
    return 0;
}

/* The Winsock error of the calling thread's last failed socket call (its errno). An errno with
 * no Winsock counterpart is returned as it is (below WSABASEERR). */
static inline int WSAGetLastError(void)
{
    int e = errno, w = schannel_shim_wsa_map_(e, 1);
    return w != 0 ? w : e;
}

static inline void WSASetLastError(int iError)
{
    int e = schannel_shim_wsa_map_(iError, 0);
    errno = e != 0 ? e : iError;
}

/* Winsock needs no start on Linux. WSAStartup fills WSADATA (version 2.2 at most) and ignores
 * SIGPIPE unless the program has its own handler: Windows never raises it, and a Windows program
 * writing to a closed connection expects an error, not death. Versions below 1.1 are refused. */
static inline int WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData)
{
    BYTE major = LOBYTE(wVersionRequested), minor = HIBYTE(wVersionRequested);
    void (*previous)(int);
    if (lpWSAData == NULL)
        return WSAEFAULT;
    memset(lpWSAData, 0, sizeof *lpWSAData);
    lpWSAData->wHighVersion = MAKEWORD(2, 2);
    if (major < 1 || (major == 1 && minor < 1)) {
        lpWSAData->wVersion = MAKEWORD(2, 2);
        return WSAVERNOTSUPPORTED;
    }
    lpWSAData->wVersion = (major > 2 || (major == 2 && minor > 2)) ? MAKEWORD(2, 2) : wVersionRequested;
    lpWSAData->iMaxSockets = 0;
    lpWSAData->iMaxUdpDg = 0;
    strcpy(lpWSAData->szDescription, "schannel-shim Winsock over POSIX sockets");
    strcpy(lpWSAData->szSystemStatus, "Running");
    previous = signal(SIGPIPE, SIG_IGN);
    if (previous != SIG_DFL && previous != SIG_ERR)
        signal(SIGPIPE, previous);
    return 0;
}

static inline int WSACleanup(void)
{
    return 0;
}

static inline int closesocket(SOCKET s)
{
    return close(s) == 0 ? 0 : SOCKET_ERROR;
}

/* ioctlsocket's argument is a u_long, 32 bits on Windows; Windows code passes a u_long (here
 * unsigned long, 64 bits) or a DWORD (32 bits). width is the size of what argp points to.
 * FIONBIO sets or clears O_NONBLOCK (non-zero: non-blocking); FIONREAD gives the bytes readable;
 * other commands go to ioctl() as they are. */
static inline int schannel_shim_ioctlsocket_(SOCKET s, long cmd, void *argp, size_t width)
{
    if (argp == NULL) {
        errno = EFAULT;
        return SOCKET_ERROR;
    }
    if (cmd == (long)FIONBIO) {
        int on = width == sizeof(DWORD) ? *(DWORD *)argp != 0 : *(unsigned long *)argp != 0;
        int flags = fcntl(s, F_GETFL, 0);
        if (flags < 0)
            return SOCKET_ERROR;
        flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
        return fcntl(s, F_SETFL, flags) == 0 ? 0 : SOCKET_ERROR;
    }
    if (cmd == (long)FIONREAD) {
        int avail = 0;
        if (ioctl(s, FIONREAD, &avail) != 0)
            return SOCKET_ERROR;
        if (width == sizeof(DWORD))
            *(DWORD *)argp = (DWORD)avail;
        else
            *(unsigned long *)argp = (unsigned long)avail;
        return 0;
    }
    return ioctl(s, (unsigned long)cmd, argp) == 0 ? 0 : SOCKET_ERROR;
}

static inline int ioctlsocket(SOCKET s, long cmd, unsigned long *argp)
{
    return schannel_shim_ioctlsocket_(s, cmd, argp, sizeof *argp);
}

static inline int schannel_shim_ioctlsocket_dword_(SOCKET s, long cmd, DWORD *argp)
{
    return schannel_shim_ioctlsocket_(s, cmd, argp, sizeof *argp);
}

/* C11: a DWORD * goes to the 32-bit form (C++ has an overload, after the extern "C" block). The
 * macro only names the function when called; C has no members for it to collide with. */
#if !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define ioctlsocket(s, cmd, argp) \
    _Generic((argp), DWORD *: schannel_shim_ioctlsocket_dword_, default: ioctlsocket)(s, cmd, argp)
#endif

static inline int WSAPoll(LPWSAPOLLFD fdArray, unsigned long fds, int timeout)
{
    return poll(fdArray, (nfds_t)fds, timeout);
}

#ifdef SCHANNEL_SHIM_WIN32_POSIX2001
/* connect() with a time limit (NULL: none); 0 or -1 with errno. */
static inline int schannel_shim_connect_timed_(SOCKET s, const struct sockaddr *addr, socklen_t len,
                                              const struct timeval *timeout)
{
    int flags, rc, err = 0;
    socklen_t errlen = sizeof err;
    struct pollfd p;
    if (timeout == NULL)
        return connect(s, addr, len);
    flags = fcntl(s, F_GETFL, 0);
    if (flags < 0 || fcntl(s, F_SETFL, flags | O_NONBLOCK) != 0)
        return -1;
    rc = connect(s, addr, len);
    if (rc != 0 && errno == EINPROGRESS) {
        long ms = (long)timeout->tv_sec * 1000L + (long)timeout->tv_usec / 1000L;
        p.fd = s;
        p.events = POLLOUT;
        p.revents = 0;
        do
            rc = poll(&p, 1, ms > 0x7fffffffL ? 0x7fffffff : (int)ms);
        while (rc < 0 && errno == EINTR);
        if (rc == 0) {
            errno = ETIMEDOUT;
            rc = -1;
        } else if (rc > 0) {
            rc = getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &errlen);
            if (rc == 0 && err != 0) {
                errno = err;
                rc = -1;
            }
        }
    }
    err = errno;
    fcntl(s, F_SETFL, flags);
    errno = err;
    return rc;
}

/* WSAConnectByNameA: resolves nodename:servicename for the socket's address family, connects to
 * the first address that answers within timeout, and returns the local and remote addresses.
 * FALSE with the Winsock error (WSAGetLastError) otherwise; a name that does not resolve is
 * WSAHOST_NOT_FOUND's nearest errno, EHOSTUNREACH (WSAEHOSTUNREACH). */
static inline BOOL WSAConnectByNameA(SOCKET s, LPCSTR nodename, LPCSTR servicename, LPDWORD LocalAddressLength,
                                     LPSOCKADDR LocalAddress, LPDWORD RemoteAddressLength,
                                     LPSOCKADDR RemoteAddress, const struct timeval *timeout,
                                     LPWSAOVERLAPPED Reserved)
{
    struct addrinfo hints, *res = NULL, *ai;
    int family = AF_UNSPEC, err = EHOSTUNREACH;
    struct sockaddr_storage own;
    socklen_t ownlen = sizeof own;
    if (nodename == NULL || servicename == NULL || Reserved != NULL) {
        errno = EINVAL;
        return FALSE;
    }
    if (getsockname(s, (struct sockaddr *)&own, &ownlen) == 0)
        family = own.ss_family;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = family;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(nodename, servicename, &hints, &res) != 0) {
        errno = EHOSTUNREACH;
        return FALSE;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        if (schannel_shim_connect_timed_(s, ai->ai_addr, ai->ai_addrlen, timeout) == 0)
            break;
        err = errno;
    }
    freeaddrinfo(res);
    if (ai == NULL) {
        errno = err;
        return FALSE;
    }
    if (LocalAddressLength != NULL && LocalAddress != NULL) {
        socklen_t l = (socklen_t)*LocalAddressLength;
        if (getsockname(s, LocalAddress, &l) != 0)
            return FALSE;
        *LocalAddressLength = (DWORD)l;
    }
    if (RemoteAddressLength != NULL && RemoteAddress != NULL) {
        socklen_t l = (socklen_t)*RemoteAddressLength;
        if (getpeername(s, RemoteAddress, &l) != 0)
            return FALSE;
        *RemoteAddressLength = (DWORD)l;
    }
    return TRUE;
}

static inline BOOL WSAConnectByNameW(SOCKET s, LPWSTR nodename, LPWSTR servicename, LPDWORD LocalAddressLength,
                                     LPSOCKADDR LocalAddress, LPDWORD RemoteAddressLength,
                                     LPSOCKADDR RemoteAddress, const struct timeval *timeout,
                                     LPWSAOVERLAPPED Reserved)
{
    char node[1025], service[64];
    if (nodename == NULL || servicename == NULL ||
        WideCharToMultiByte(CP_UTF8, 0, nodename, -1, node, (int)sizeof node, NULL, NULL) == 0 ||
        WideCharToMultiByte(CP_UTF8, 0, servicename, -1, service, (int)sizeof service, NULL, NULL) == 0) {
        errno = EINVAL;
        return FALSE;
    }
    return WSAConnectByNameA(s, node, service, LocalAddressLength, LocalAddress, RemoteAddressLength,
                             RemoteAddress, timeout, Reserved);
}
#endif /* SCHANNEL_SHIM_WIN32_POSIX2001 */

/* ------------------------------------------------------------------ A / W names under UNICODE */

#ifdef UNICODE
#define lstrlen lstrlenW
#define lstrcpy lstrcpyW
#define lstrcpyn lstrcpynW
#define lstrcat lstrcatW
#define lstrcmp lstrcmpW
#define wsprintf wsprintfW
#define wvsprintf wvsprintfW
#define GetModuleHandle GetModuleHandleW
#define LoadLibrary LoadLibraryW
#define WSAConnectByName WSAConnectByNameW
#else
#define lstrlen lstrlenA
#define lstrcpy lstrcpyA
#define lstrcat lstrcatA
#define lstrcmp lstrcmpA
#define wsprintf wsprintfA
#define wvsprintf wvsprintfA
#define GetModuleHandle GetModuleHandleA
#define LoadLibrary LoadLibraryA
#define WSAConnectByName WSAConnectByNameA
#endif

/* ------------------------------------------------------------------ tchar.h (follows _UNICODE) */

#ifdef _UNICODE
typedef WCHAR _TCHAR, _TSCHAR, _TUCHAR, _TXCHAR;
#define __T(x) SCHANNEL_SHIM_WSTR(x)
#define _tcslen lstrlenW
#define _tcscmp lstrcmpW
#define _tcsncmp StrCmpNW
#define _tcschr StrChrW
#define _tcsncpy_s wcsncpy_s
#define _tcscpy_s wcscpy_s
#else
typedef char _TCHAR, _TSCHAR;
typedef unsigned char _TUCHAR;
typedef char _TXCHAR;
#define __T(x) x
#define _tcslen strlen
#define _tcscmp strcmp
#define _tcsncmp strncmp
#define _tcschr strchr
#define _tcsncpy_s strncpy_s
#define _tcscpy_s strcpy_s
#endif
#define _T(x) __T(x)
#define _TEXT(x) __T(x)

#ifdef __cplusplus
} /* extern "C" */

#if defined(SCHANNEL_SHIM_WCHAR_IS_WCHAR_T)
/* std::wcslen(s) and friends expand to std::schannel_shim_wcslen(s): make those names visible. */
namespace std {
using ::schannel_shim_wcslen;
using ::schannel_shim_wcsnlen;
using ::schannel_shim_wcscmp;
using ::schannel_shim_wcsncmp;
using ::schannel_shim_wcscpy;
using ::schannel_shim_wcsncpy;
using ::schannel_shim_wcscat;
using ::schannel_shim_wcsncat;
using ::schannel_shim_wcschr;
using ::schannel_shim_wcsrchr;
using ::schannel_shim_wcsstr;
using ::schannel_shim_wcsspn;
using ::schannel_shim_wcscspn;
using ::schannel_shim_wcspbrk;
using ::schannel_shim_wmemcpy;
using ::schannel_shim_wmemmove;
using ::schannel_shim_wmemset;
using ::schannel_shim_wmemcmp;
using ::schannel_shim_wmemchr;
} // namespace std
#endif

/* ioctlsocket with a DWORD *, as Windows code passes it (see the C11 _Generic above). */
static inline int ioctlsocket(SOCKET s, long cmd, DWORD *argp)
{
    return schannel_shim_ioctlsocket_dword_(s, cmd, argp);
}
#endif

#endif /* SCHANNEL_SHIM_WIN32_H */
