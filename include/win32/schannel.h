/* <schannel.h> for Linux, from schannel-shim: everything is in schannel_shim_win32.h. */
#include "schannel_shim_win32.h"
