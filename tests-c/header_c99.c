/* CONTRACT §1 */
/* Header compile check: schannel_shim.h in strict ISO C99 (-std=c99 -Wall -Wextra -Wpedantic
 * -Werror). Object-only; built as part of the C tests' `all`. Uses a few of the SDK types. */
#include "schannel_shim.h"

#include <stddef.h>

size_t schshim_header_c99(void);

size_t schshim_header_c99(void)
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
