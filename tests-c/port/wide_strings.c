/*
 * The C wide-string functions under -fshort-wchar, called as Windows code calls them on WCHAR
 * strings: wcslen, wcsnlen, wcscmp, wcsncmp, _wcsicmp, _wcsnicmp, wcscpy, wcsncpy, wcscat,
 * wcsncat, wcschr, wcsrchr, wcsstr, wcsspn, wcscspn, wcspbrk, wcsdup, _wcsdup and wmem*. glibc's
 * own functions read 32-bit units and fail every check here (wcslen(L"abc") is not 3).
 *
 * Includes <wchar.h> (and, as C++, <cwchar>) after the Windows headers, as a program's later
 * includes would: the 16-bit mapping must survive them. Built by tests-c/port/port.cmake as C11
 * (wide_strings), as C++17 (wide_strings_cxx, with std:: calls too) and as C with
 * -O2 -D_FORTIFY_SOURCE=2 (wide_strings_fortify: glibc's inline checking wrappers), all with
 * -fshort-wchar. The last case is curl's schannel_verify.c: wcslen over the pwszDNSName of a
 * CERT_ALT_NAME_ENTRY from CryptDecodeObjectEx.
 */
#include <windows.h>
#include <wincrypt.h>

#include <wchar.h>
#ifdef __cplusplus
#include <cwchar>
#include <string>
extern "C" {
#endif
#include "common.h"
#ifdef __cplusplus
}
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifndef SCHANNEL_SHIM_WCHAR_IS_WCHAR_T
#error "built with -fshort-wchar"
#endif

static void test_length(void)
{
    static const wchar_t odd[] = L"abc";
    static const wchar_t emoji[] = L"a\U0001F600"; /* 'a' + a surrogate pair: 3 units */

    test_case("wcslen / wcsnlen count 16-bit units");
    CHECK_EQ(sizeof(wchar_t), 2);
    CHECK_EQ(wcslen(odd), 3);
    CHECK_EQ(wcslen(L""), 0);
    CHECK_EQ(wcslen(emoji), 3);
    CHECK_EQ(wcsnlen(L"abcdef", 4), 4);
    CHECK_EQ(wcsnlen(odd, 10), 3);
    CHECK_EQ(wcsnlen(odd, 0), 0);
}

static void test_compare(void)
{
    test_case("wcscmp / wcsncmp: code-unit order");
    CHECK(wcscmp(L"abc", L"abc") == 0);
    CHECK(wcscmp(L"abc", L"abd") < 0);
    CHECK(wcscmp(L"abd", L"abc") > 0);
    CHECK(wcscmp(L"ab", L"abc") < 0);
    CHECK(wcscmp(L"abc", L"ab") > 0);
    CHECK(wcscmp(L"\u00e9", L"z") > 0);
    /* MSVC compares units, not code points: U+FF01 sorts after the surrogate of U+1F600 */
    CHECK(wcscmp(L"\uFF01", L"\U0001F600") > 0);
    CHECK(wcsncmp(L"abcX", L"abcY", 3) == 0);
    CHECK(wcsncmp(L"abcX", L"abcY", 4) < 0);
    CHECK(wcsncmp(L"ab", L"ab\u0100", 5) < 0);

    test_case("_wcsicmp / _wcsnicmp: ASCII folded to lower case");
    CHECK(_wcsicmp(L"HeLLo", L"hello") == 0);
    CHECK(_wcsicmp(L"LOCALHOST", L"localhost.") < 0);
    /* lower-casing, as MSVC: '_' (0x5F) sorts before 'a' (0x61), though after 'A' */
    CHECK(_wcsicmp(L"_", L"A") < 0);
    CHECK(_wcsicmp(L"\u00c9", L"\u00e9") != 0); /* only A-Z fold in the C locale */
    CHECK(_wcsnicmp(L"ABCx", L"abcy", 3) == 0);
    CHECK(_wcsnicmp(L"ABCx", L"abcy", 4) < 0);
}

static void test_copy(void)
{
    wchar_t buf[16];
    wchar_t pad[6];
    size_t i;

    test_case("wcscpy / wcscat / wcsncat");
    CHECK(wcscpy(buf, L"ab") == buf);
    CHECK(wcscat(buf, L"cd") == buf);
    CHECK(lstrcmpW(buf, L"abcd") == 0);
    CHECK(wcsncat(buf, L"efgh", 2) == buf);
    CHECK(lstrcmpW(buf, L"abcdef") == 0);
    CHECK_EQ(buf[6], 0);

    test_case("wcsncpy: zero padding, no terminator when the source is longer");
    for (i = 0; i < 6; i++)
        pad[i] = L'#';
    CHECK(wcsncpy(pad, L"ab", 5) == pad);
    CHECK(pad[0] == L'a' && pad[1] == L'b' && pad[2] == 0 && pad[3] == 0 && pad[4] == 0);
    CHECK(pad[5] == L'#');
    wcsncpy(pad, L"wxyz", 3);
    CHECK(pad[0] == L'w' && pad[1] == L'x' && pad[2] == L'y' && pad[3] == 0);

    test_case("wcsdup / _wcsdup: malloc'ed copies; _wcsdup(NULL) is EINVAL");
    wchar_t *d = wcsdup(L"dup\u00e9");
    if (CHECK(d != NULL)) {
        CHECK(lstrcmpW(d, L"dup\u00e9") == 0);
        free(d);
    }
    d = _wcsdup(L"x");
    if (CHECK(d != NULL)) {
        CHECK(d[0] == L'x' && d[1] == 0);
        free(d);
    }
    errno = 0;
    CHECK(_wcsdup(NULL) == NULL);
    CHECK_EQ(errno, EINVAL);
}

static void test_search(void)
{
    static const wchar_t s[] = L"a.b.c";
    static const wchar_t hw[] = L"hello world";

    test_case("wcschr / wcsrchr / wcsstr / wcspbrk / wcsspn / wcscspn");
    CHECK(wcschr(s, L'.') == s + 1);
    CHECK(wcschr(s, L'c') == s + 4);
    CHECK(wcschr(s, 0) == s + 5);
    CHECK(wcschr(s, L'z') == NULL);
    CHECK(wcschr(L"\U0001F600", (wchar_t)0xDE00) != NULL); /* a low surrogate is a unit */
    CHECK(wcsrchr(s, L'.') == s + 3);
    CHECK(wcsrchr(s, L'z') == NULL);
    CHECK(wcsrchr(s, 0) == s + 5);
    CHECK(wcsstr(hw, L"o w") == hw + 4);
    CHECK(wcsstr(hw, L"") == hw);
    CHECK(wcsstr(hw, L"worlds") == NULL);
    CHECK(wcspbrk(hw, L"wr") == hw + 6);
    CHECK(wcspbrk(hw, L"xyz") == NULL);
    CHECK_EQ(wcsspn(hw, L"leh"), 4);
    CHECK_EQ(wcscspn(hw, L" "), 5);
    CHECK_EQ(wcscspn(hw, L"#"), 11);

    /* the non-const result of a search into a writable buffer, as C code uses it */
    wchar_t host[] = L"host:443";
    wchar_t *colon = wcschr(host, L':');
    if (CHECK(colon != NULL))
        *colon = 0;
    CHECK(lstrcmpW(host, L"host") == 0);
}

static void test_wmem(void)
{
    wchar_t a[8], b[8];

    test_case("wmemset / wmemcpy / wmemmove / wmemcmp / wmemchr: n 16-bit units");
    a[5] = L'#';
    CHECK(wmemset(a, L'x', 5) == a);
    CHECK(a[0] == L'x' && a[4] == L'x' && a[5] == L'#');
    b[3] = L'#';
    CHECK(wmemcpy(b, L"abc", 3) == b);
    CHECK(b[0] == L'a' && b[2] == L'c' && b[3] == L'#');
    CHECK(wmemcmp(b, L"abd", 2) == 0);
    CHECK(wmemcmp(b, L"abd", 3) < 0);
    CHECK(wmemchr(b, L'c', 3) == b + 2);
    CHECK(wmemchr(b, L'c', 2) == NULL);
    wmemcpy(a, L"12345", 5);
    CHECK(wmemmove(a + 1, a, 4) == a + 1);
    CHECK(wmemcmp(a, L"11234", 5) == 0);
}

#ifdef __cplusplus
static void test_std(void)
{
    wchar_t buf[8];

    test_case("std::wcslen and friends (<cwchar>) are the 16-bit functions");
    CHECK_EQ(std::wcslen(L"abc"), 3);
    CHECK(std::wcscmp(L"abc", L"abd") < 0);
    std::wcscpy(buf, L"ab");
    std::wcscat(buf, L"c");
    CHECK(std::wcschr(buf, L'c') == buf + 2);
    CHECK(std::wcsstr(buf, L"bc") == buf + 1);
    CHECK_EQ(std::wcsnlen(buf, 8), 3);
    std::wmemset(buf, L'z', 2);
    CHECK(std::wmemcmp(buf, L"zzc", 3) == 0);
    /* const in, const out, as C++ code writes it */
    const wchar_t *dot = std::wcsrchr(L"a.b", L'.');
    CHECK(dot != NULL && dot[1] == L'b');
}
#endif

/* curl's schannel_verify.c get_alt_name_info + the host-name list it builds: wcslen on each
 * CERT_ALT_NAME_ENTRY.pwszDNSName to size a double-NUL-terminated TCHAR (char) list. */
static void test_curl_alt_names(void)
{
    size_t der_len;
    unsigned char *der = pki_cert_der("chain3-alt.pem", &der_len);
    PCCERT_CONTEXT ctx = CertCreateCertificateContext(X509_ASN_ENCODING, der, (DWORD)der_len);
    CRYPT_DECODE_PARA decode_para = {sizeof(CRYPT_DECODE_PARA), NULL, NULL};
    PCERT_ALT_NAME_INFO alt_name_info = NULL;
    DWORD alt_name_info_size = 0;
    PCERT_EXTENSION extension;
    DWORD i, actual_length = 1;
    char names[64];
    char *current_pos = names;

    test_case("curl: wcslen(entry->pwszDNSName) from CryptDecodeObjectEx(szOID_SUBJECT_ALT_NAME2)");
    free(der);
    if (!CHECK(ctx != NULL))
        return;
    extension = CertFindExtension(szOID_SUBJECT_ALT_NAME2, ctx->pCertInfo->cExtension,
                                  ctx->pCertInfo->rgExtension);
    if (CHECK(extension != NULL) &&
        CHECK(CryptDecodeObjectEx(X509_ASN_ENCODING | PKCS_7_ASN_ENCODING, szOID_SUBJECT_ALT_NAME2,
                                  extension->Value.pbData, extension->Value.cbData,
                                  CRYPT_DECODE_ALLOC_FLAG | CRYPT_DECODE_NOCOPY_FLAG, &decode_para,
                                  &alt_name_info, &alt_name_info_size))) {
        for (i = 0; i < alt_name_info->cAltEntry; i++) {
            const CERT_ALT_NAME_ENTRY *entry = &alt_name_info->rgAltEntry[i];
            wchar_t *dns_w;
            size_t current_length;
            if (entry->dwAltNameChoice == CERT_ALT_NAME_RFC822_NAME)
                CHECK_EQ(wcslen(entry->pwszRfc822Name), strlen("user@example.test"));
            if (entry->dwAltNameChoice == CERT_ALT_NAME_URL)
                CHECK(wcscmp(entry->pwszURL, L"https://example.test/x") == 0);
            if (entry->dwAltNameChoice != CERT_ALT_NAME_DNS_NAME || !entry->pwszDNSName)
                continue;
            current_length = wcslen(entry->pwszDNSName) + 1;
            if (!CHECK(actual_length + current_length <= sizeof names))
                break;
            dns_w = entry->pwszDNSName;
            while (*dns_w != '\0')
                *current_pos++ = (char)(*dns_w++);
            *current_pos++ = '\0';
            actual_length += (DWORD)current_length;
        }
        *current_pos = '\0';
        CHECK_EQ(actual_length, sizeof "alt.example" + 1);
        CHECK_MEM(names, actual_length, "alt.example\0", sizeof "alt.example\0");
    }
    LocalFree(alt_name_info);
    CertFreeCertificateContext(ctx);
}

int main(void)
{
    test_init();
    test_length();
    test_compare();
    test_copy();
    test_search();
    test_wmem();
#ifdef __cplusplus
    test_std();
#endif
    test_curl_alt_names();
    return test_finish("wide_strings");
}
