/*
 * Which wchar_t an installed package's flags give (tests-c/port/port_test.sh and CMakeLists.txt):
 * compiled with -DWANT_WCHAR=2 where the flags should give -fshort-wchar (schannel-shim-win32.pc,
 * schannel-shim::win32), -DWANT_WCHAR=4 where they should not (the plain package, an opt-out).
 * A wrong size is a compile error; WCHAR must follow it (wchar_t only when 16 bits).
 */
#ifdef WITH_WIN32
#include <windows.h>
#else
#include <schannel_shim.h>
#endif

#if WANT_WCHAR == 2
typedef char wchar_is_16_bits[sizeof(wchar_t) == 2 ? 1 : -1];
#ifndef SCHANNEL_SHIM_WCHAR_IS_WCHAR_T
#error "16-bit wchar_t, but WCHAR is not wchar_t"
#endif
#elif WANT_WCHAR == 4
typedef char wchar_is_32_bits[sizeof(wchar_t) == 4 ? 1 : -1];
#ifdef SCHANNEL_SHIM_WCHAR_IS_WCHAR_T
#error "32-bit wchar_t, but WCHAR is wchar_t"
#endif
#else
#error "WANT_WCHAR is 2 or 4"
#endif
typedef char wchar_is_a_utf16_unit[sizeof(WCHAR) == 2 ? 1 : -1];

int main(void)
{
    wchar_is_a_utf16_unit unit = {0};
    return unit[0];
}
