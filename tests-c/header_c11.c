/* CONTRACT §1 */
/* Header compile check: schannel_shim.h in strict ISO C11 (-std=c11 -Wall -Wextra -Wpedantic
 * -Werror). Object-only; built as part of the C tests' `all`. Uses a few of the SDK types. */
#include "schannel_shim.h"

#include <stddef.h>

size_t schshim_header_c11(void);

size_t schshim_header_c11(void)
{
    SECURITY_STATUS status = SEC_E_OK;
    CredHandle cred;
    CtxtHandle ctxt;
    SecBuffer buffers[2];
    SecBufferDesc desc;
    SCHANNEL_CRED sc;

    cred.dwLower = 0;
    cred.dwUpper = 0;
    ctxt = cred;
    buffers[0].cbBuffer = 0;
    buffers[0].BufferType = SECBUFFER_TOKEN;
    buffers[0].pvBuffer = NULL;
    buffers[1] = buffers[0];
    desc.ulVersion = SECBUFFER_VERSION;
    desc.cBuffers = 2;
    desc.pBuffers = buffers;
    sc.dwVersion = SCHANNEL_CRED_VERSION;
    return (size_t)status + sizeof ctxt + sizeof desc + sizeof sc + desc.cBuffers;
}

/* C11 only: the layout the SDK has on x64 (a SecHandle is two pointer-sized words). */
_Static_assert(sizeof(CredHandle) == 2 * sizeof(void *), "CredHandle is {ULONG_PTR, ULONG_PTR}");
_Static_assert(offsetof(SecBuffer, pvBuffer) == 8, "SecBuffer layout");

/* C11: SSL_EXTRA_CERT_CHAIN_POLICY_PARA's anonymous union lets the SDK sample's cbStruct and
   curl's cbSize name the same member. */
_Static_assert(offsetof(SSL_EXTRA_CERT_CHAIN_POLICY_PARA, cbStruct) == 0, "cbStruct");
_Static_assert(offsetof(SSL_EXTRA_CERT_CHAIN_POLICY_PARA, cbSize) == 0, "cbSize");
_Static_assert(offsetof(SSL_EXTRA_CERT_CHAIN_POLICY_PARA, pwszServerName) == 16, "layout");
