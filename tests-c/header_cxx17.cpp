// CONTRACT §1
// Header compile check: schannel_shim.h in ISO C++17 (-std=c++17 -Wall -Wextra -Wpedantic
// -Werror). Object-only; built as part of the C tests' `all`. The header must carry its own
// extern "C" guard and compile as C++ (no C-only constructs outside #ifdef __cplusplus).
#include "schannel_shim.h"

#include <cstddef>
#include <type_traits>

static_assert(std::is_standard_layout<SecBuffer>::value, "SecBuffer is a C struct");
static_assert(std::is_standard_layout<SecBufferDesc>::value, "SecBufferDesc is a C struct");
static_assert(std::is_trivially_copyable<CredHandle>::value, "CredHandle is a C struct");
static_assert(sizeof(CtxtHandle) == 2 * sizeof(void *), "CtxtHandle is {ULONG_PTR, ULONG_PTR}");

std::size_t schshim_header_cxx17();

std::size_t schshim_header_cxx17()
{
    SECURITY_STATUS status = SEC_E_OK;
    CredHandle cred{};
    SecBuffer buffers[2]{};
    SecBufferDesc desc{};
    SCHANNEL_CRED sc{};
    buffers[0].BufferType = SECBUFFER_TOKEN;
    desc.ulVersion = SECBUFFER_VERSION;
    desc.cBuffers = 2;
    desc.pBuffers = buffers;
    sc.dwVersion = SCHANNEL_CRED_VERSION;
    return static_cast<std::size_t>(status) + sizeof cred + desc.cBuffers + sc.dwVersion;
}
