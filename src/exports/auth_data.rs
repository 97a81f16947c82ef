//! Reading `AcquireCredentialsHandle`'s `pAuthData`: the caller's `SCHANNEL_CRED` or
//! `SCH_CREDENTIALS`, told apart by their first DWORD, copied into a plain
//! [`AuthData`](crate::credential::AuthData). What the fields mean (defaults, refusals,
//! cipher restrictions) is decided in `credential.rs`, not here.

use std::marker::PhantomData;

use crate::abi::*;
use crate::credential::{AuthCommon, AuthData, DisabledCrypto};
use crate::ffi::{caller_slice, decode_wide};

/// An inner array that is NULL with a non-zero count, or a name that is not UTF-16, refuses the
/// credential with the status of a struct that cannot be read at all.
fn refuse<E>(_: E) -> SECURITY_STATUS {
    SEC_E_UNKNOWN_CREDENTIALS
}

/// The caller's `pAuthData` argument, not yet read.
#[derive(Clone, Copy)]
pub(crate) struct AuthArg<'a> {
    ptr: *const std::ffi::c_void,
    _call: PhantomData<&'a DWORD>,
}

impl<'a> AuthArg<'a> {
    /// # Safety
    /// `auth` is NULL or points to the struct its first DWORD names, with valid inner pointers
    /// (arrays of the counts given, `UNICODE_STRING`s of the lengths given), for `'a`.
    pub(crate) unsafe fn new(auth: *const std::ffi::c_void) -> AuthArg<'a> {
        AuthArg {
            ptr: auth,
            _call: PhantomData,
        }
    }

    /// `Ok(None)` for NULL; the struct's contents by its first DWORD: 3/4 → `SCHANNEL_CRED`,
    /// 5 → `SCH_CREDENTIALS`, anything else `SEC_E_UNKNOWN_CREDENTIALS`, as is an inner array
    /// that is NULL with a non-zero count.
    pub(crate) fn read(&self) -> Result<Option<AuthData>, SECURITY_STATUS> {
        let auth = self.ptr;
        if auth.is_null() {
            return Ok(None);
        }
        // SAFETY: every accepted struct starts with a DWORD version (constructor contract).
        let version = unsafe { *(auth as *const DWORD) };
        let data = match version {
            SCH_CRED_V3 | SCHANNEL_CRED_VERSION => {
                // SAFETY: the version says this is a SCHANNEL_CRED.
                let c = unsafe { *(auth as *const SCHANNEL_CRED) };
                AuthData::SchannelCred {
                    enabled_protocols: c.grbitEnabledProtocols,
                    // SAFETY: palgSupportedAlgs holds cSupportedAlgs entries.
                    alg_ids: unsafe { caller_slice(c.palgSupportedAlgs, c.cSupportedAlgs) }
                        .map_err(refuse)?
                        .to_vec(),
                    min_strength: c.dwMinimumCipherStrength,
                    max_strength: c.dwMaximumCipherStrength,
                    // SAFETY: paCred holds cCreds entries.
                    common: unsafe { common(c.dwFlags, c.cCreds, c.paCred, c.hRootStore) },
                }
            }
            SCH_CREDENTIALS_VERSION => {
                // SAFETY: the version says this is a SCH_CREDENTIALS.
                let c = unsafe { *(auth as *const SCH_CREDENTIALS) };
                let count = c.cTlsParameters.min(SCH_CRED_MAX_SUPPORTED_PARAMETERS);
                // SAFETY: pTlsParameters holds cTlsParameters entries.
                let params = unsafe { caller_slice(c.pTlsParameters, count) }.map_err(refuse)?;
                let mut disabled_protocols = 0;
                let mut disabled_crypto = Vec::new();
                for p in params.iter().filter(|p| p.cAlpnIds == 0) {
                    disabled_protocols |= p.grbitDisabledProtocols;
                    // SAFETY: pDisabledCrypto holds cDisabledCrypto entries.
                    let settings = unsafe { caller_slice(p.pDisabledCrypto, p.cDisabledCrypto) }
                        .map_err(refuse)?;
                    for setting in settings {
                        // SAFETY: the strings of a CRYPTO_SETTINGS are valid UNICODE_STRINGs.
                        disabled_crypto.push(unsafe { disabled(setting) }?);
                    }
                }
                AuthData::SchCredentials {
                    disabled_protocols,
                    disabled_crypto,
                    // SAFETY: paCred holds cCreds entries.
                    common: unsafe { common(c.dwFlags, c.cCreds, c.paCred, c.hRootStore) },
                }
            }
            _ => return Err(SEC_E_UNKNOWN_CREDENTIALS),
        };
        Ok(Some(data))
    }
}

/// # Safety
/// `pa_cred` is NULL or holds `c_creds` entries.
unsafe fn common(
    flags: DWORD,
    c_creds: DWORD,
    pa_cred: *mut PCCERT_CONTEXT,
    root_store: HCERTSTORE,
) -> AuthCommon {
    let first_cred = (c_creds == 1 && !pa_cred.is_null()).then(|| {
        // SAFETY: paCred holds cCreds (= 1) entries.
        unsafe { *pa_cred }
    });
    AuthCommon {
        flags,
        c_creds,
        first_cred,
        root_store,
    }
}

/// # Safety
/// The setting's `UNICODE_STRING`s point to `Length` bytes of UTF-16, or are NULL.
unsafe fn disabled(setting: &CRYPTO_SETTINGS) -> Result<DisabledCrypto, SECURITY_STATUS> {
    // SAFETY: rgstrChainingModes holds cChainingModes entries (forwarded contract).
    let modes = unsafe { caller_slice(setting.rgstrChainingModes, setting.cChainingModes) }
        .map_err(refuse)?;
    Ok(DisabledCrypto {
        usage: setting.eAlgorithmUsage,
        // SAFETY: forwarded contract.
        algorithm: unsafe { unicode(&setting.strCngAlgId) }?,
        chaining_modes: modes
            .iter()
            // SAFETY: forwarded contract.
            .map(|m| unsafe { unicode(m) })
            .collect::<Result<_, _>>()?,
        min_bits: setting.dwMinBitLength,
        max_bits: setting.dwMaxBitLength,
    })
}

/// A `UNICODE_STRING` as text, under the rule of [`Text`](crate::ffi::Text) (it is counted,
/// not NUL-terminated, so its `Length` is the bound): not UTF-16, or NULL with a non-zero
/// `Length`, refuses the credential.
///
/// # Safety
/// `Buffer` is NULL or holds `Length` bytes.
unsafe fn unicode(s: &UNICODE_STRING) -> Result<String, SECURITY_STATUS> {
    // SAFETY: forwarded contract (Length is in bytes).
    let units =
        unsafe { caller_slice(s.Buffer as *const u16, u32::from(s.Length / 2)) }.map_err(refuse)?;
    decode_wide(units).map_err(refuse)
}
