//! Reading `AcquireCredentialsHandle`'s `pAuthData`: the caller's `SCHANNEL_CRED` or
//! `SCH_CREDENTIALS`, told apart by their first DWORD, turned into a plain
//! [`credential::Request`](crate::credential::Request).

use crate::abi::*;
use crate::credential::{default_client_request, supported_protocols, Direction, Request};

const DTLS_BITS: u32 = SP_PROT_DTLS1_X_CLIENT | SP_PROT_DTLS1_X_SERVER;

/// Reads `pAuthData` by its first DWORD: 3/4 → `SCHANNEL_CRED`, 5 → `SCH_CREDENTIALS`, anything
/// else `SEC_E_UNKNOWN_CREDENTIALS`. NULL: the default client; no default server.
///
/// # Safety
/// `auth` is NULL or points to the struct its `dwVersion` names, with valid inner pointers.
pub unsafe fn read(
    auth: *const std::ffi::c_void,
    direction: Direction,
) -> Result<Request, SECURITY_STATUS> {
    let supported = supported_protocols(direction);
    if auth.is_null() {
        return match direction {
            Direction::Outbound => Ok(default_client_request()),
            Direction::Inbound => Err(SEC_E_NO_CREDENTIALS),
        };
    }
    // SAFETY: every accepted struct starts with a DWORD version.
    let version = unsafe { *(auth as *const DWORD) };
    let (protocols, flags, c_creds, pa_cred, root_store) = match version {
        SCH_CRED_V3 | SCHANNEL_CRED_VERSION => {
            // SAFETY: the version says this is a SCHANNEL_CRED.
            let c = unsafe { &*(auth as *const SCHANNEL_CRED) };
            let asked = c.grbitEnabledProtocols;
            if asked & DTLS_BITS != 0 {
                return Err(SEC_E_ALGORITHM_MISMATCH);
            }
            // Windows: no bits means the defaults, which for SCHANNEL_CRED is TLS 1.2 (legacy
            // code written before TLS 1.3 never meets TLS 1.3 post-handshake messages).
            let enabled = if asked == 0 {
                SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_2_SERVER
            } else {
                asked
            };
            let c = *c;
            (
                enabled & supported,
                c.dwFlags,
                c.cCreds,
                c.paCred,
                c.hRootStore,
            )
        }
        SCH_CREDENTIALS_VERSION => {
            // SAFETY: the version says this is a SCH_CREDENTIALS.
            let c = unsafe { &*(auth as *const SCH_CREDENTIALS) };
            let mut disabled = 0;
            if c.cTlsParameters > 0 && !c.pTlsParameters.is_null() {
                for i in 0..c.cTlsParameters.min(SCH_CRED_MAX_SUPPORTED_PARAMETERS) as usize {
                    // SAFETY: pTlsParameters holds cTlsParameters entries.
                    let p = unsafe { &*c.pTlsParameters.add(i) };
                    // Parameters scoped to ALPN ids only apply to those protocols; the
                    // connection-wide set is what has no ALPN ids.
                    if p.cAlpnIds == 0 {
                        disabled |= p.grbitDisabledProtocols;
                    }
                }
            }
            let c = *c;
            (
                supported & !disabled,
                c.dwFlags,
                c.cCreds,
                c.paCred,
                c.hRootStore,
            )
        }
        _ => return Err(SEC_E_UNKNOWN_CREDENTIALS),
    };
    if c_creds > 1 {
        return Err(SEC_E_UNKNOWN_CREDENTIALS);
    }
    let mut certs = Vec::new();
    if c_creds == 1 {
        if pa_cred.is_null() {
            return Err(SEC_E_UNKNOWN_CREDENTIALS);
        }
        // SAFETY: paCred holds cCreds (= 1) entries.
        certs.push(unsafe { *pa_cred });
    }
    if protocols == 0 {
        return Err(SEC_E_ALGORITHM_MISMATCH);
    }
    Ok(Request {
        protocols,
        flags,
        certs,
        root_store,
    })
}
