//! Reading `AcquireCredentialsHandle`'s `pAuthData`: the caller's `SCHANNEL_CRED` or
//! `SCH_CREDENTIALS`, told apart by their first DWORD, turned into a plain
//! [`credential::Request`](crate::credential::Request).

use crate::abi::*;
use crate::credential::{
    default_client_request, supported_protocols, BulkCipher, Direction, Request,
};

const DTLS_BITS: u32 = SP_PROT_DTLS1_X_CLIENT | SP_PROT_DTLS1_X_SERVER;
const TLS13_BITS: u32 = SP_PROT_TLS1_3_CLIENT | SP_PROT_TLS1_3_SERVER;

/// Reads `pAuthData` by its first DWORD: 3/4 → `SCHANNEL_CRED`, 5 → `SCH_CREDENTIALS`, anything
/// else `SEC_E_UNKNOWN_CREDENTIALS`. NULL: the default client; no default server.
///
/// # Safety
/// `auth` is NULL or points to the struct its `dwVersion` names, with valid inner pointers.
pub(crate) unsafe fn read(
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
    let mut ciphers = BulkCipher::ALL.to_vec();
    let (protocols, flags, c_creds, pa_cred, root_store) = match version {
        SCH_CRED_V3 | SCHANNEL_CRED_VERSION => {
            // SAFETY: the version says this is a SCHANNEL_CRED.
            let c = unsafe { &*(auth as *const SCHANNEL_CRED) };
            let asked = c.grbitEnabledProtocols;
            if asked & DTLS_BITS != 0 {
                return Err(SEC_E_ALGORITHM_MISMATCH);
            }
            // Windows never negotiates TLS 1.3 with a SCHANNEL_CRED, whatever its bits say:
            // code written for it sets the 1.3 bit "for the future" and then breaks on what it
            // never handles (the client Finished in the SEC_E_OK token, tickets as
            // SEC_I_RENEGOTIATE). No bits means the defaults, TLS 1.2; 1.3 alone is a mismatch.
            let enabled = if asked == 0 {
                SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_2_SERVER
            } else {
                asked & !TLS13_BITS
            };
            let c = *c;
            // SAFETY: palgSupportedAlgs holds cSupportedAlgs entries (caller contract).
            let algs = unsafe { slice(c.palgSupportedAlgs, c.cSupportedAlgs) };
            restrict_by_alg_ids(&mut ciphers, algs);
            let (min, max) = (c.dwMinimumCipherStrength, c.dwMaximumCipherStrength);
            ciphers.retain(|b| within(b.bits(), min, max));
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
                        // SAFETY: pDisabledCrypto holds cDisabledCrypto entries.
                        let crypto = unsafe { slice(p.pDisabledCrypto, p.cDisabledCrypto) };
                        for setting in crypto {
                            // SAFETY: the strings of a CRYPTO_SETTINGS are valid UNICODE_STRINGs.
                            unsafe { disable_crypto(&mut ciphers, setting) };
                        }
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
        ciphers,
        protocols,
        flags,
        certs,
        root_store,
    })
}

/// The `count` entries at `p` (empty for NULL or 0).
///
/// # Safety
/// `p` is NULL or points to `count` initialised entries that outlive the call.
unsafe fn slice<'a, T>(p: *const T, count: u32) -> &'a [T] {
    if p.is_null() || count == 0 {
        return &[];
    }
    // SAFETY: per the function contract; the count is capped against garbage.
    unsafe { std::slice::from_raw_parts(p, count.min(256) as usize) }
}

/// `SCHANNEL_CRED.palgSupportedAlgs`: when it names any bulk cipher, only those are allowed
/// (Windows has no ALG_ID for ChaCha20-Poly1305, so such a list excludes it).
fn restrict_by_alg_ids(ciphers: &mut Vec<BulkCipher>, algs: &[ALG_ID]) {
    let named: Vec<BulkCipher> = algs
        .iter()
        .flat_map(|&a| match a {
            CALG_AES_128 => vec![BulkCipher::Aes128Gcm],
            CALG_AES_256 => vec![BulkCipher::Aes256Gcm],
            CALG_AES => vec![BulkCipher::Aes128Gcm, BulkCipher::Aes256Gcm],
            _ => vec![],
        })
        .collect();
    if !named.is_empty() {
        ciphers.retain(|c| named.contains(c));
    }
}

/// Whether `bits` lies in `[min, max]`, 0 meaning "no bound" as in Schannel's structs.
fn within(bits: u32, min: u32, max: u32) -> bool {
    (min == 0 || bits >= min) && (max == 0 || bits <= max)
}

/// One `TLS_PARAMETERS.pDisabledCrypto` entry: a cipher named by its CNG id ("AES",
/// "CHACHA20_POLY1305") is disabled, for every key length when no bit lengths are given, else
/// for the lengths outside `[dwMinBitLength, dwMaxBitLength]`; with chaining modes, only if
/// GCM (the only AES mode here) is among them.
///
/// # Safety
/// The setting's `UNICODE_STRING`s point to `Length` bytes of UTF-16, or are NULL.
unsafe fn disable_crypto(ciphers: &mut Vec<BulkCipher>, setting: &CRYPTO_SETTINGS) {
    if setting.eAlgorithmUsage != TlsParametersCngAlgUsageCipher {
        return;
    }
    // SAFETY: forwarded contract.
    let name = unsafe { unicode(&setting.strCngAlgId) };
    let targets: &[BulkCipher] = if name.eq_ignore_ascii_case("AES") {
        &[BulkCipher::Aes128Gcm, BulkCipher::Aes256Gcm]
    } else if name.eq_ignore_ascii_case("CHACHA20_POLY1305") {
        &[BulkCipher::Chacha20Poly1305]
    } else {
        return;
    };
    // SAFETY: forwarded contract.
    let modes = unsafe { slice(setting.rgstrChainingModes, setting.cChainingModes) };
    // SAFETY: forwarded contract.
    if !modes.is_empty()
        && !modes
            .iter()
            .any(|m| unsafe { unicode(m) } == "ChainingModeGCM")
    {
        return;
    }
    let (min, max) = (setting.dwMinBitLength, setting.dwMaxBitLength);
    let bounded = min != 0 || max != 0;
    ciphers.retain(|c| !targets.contains(c) || (bounded && within(c.bits(), min, max)));
}

/// A `UNICODE_STRING` as text (lossy; NULL is empty).
///
/// # Safety
/// `Buffer` is NULL or holds `Length` bytes.
unsafe fn unicode(s: &UNICODE_STRING) -> String {
    // SAFETY: forwarded contract (Length is in bytes).
    let units = unsafe { slice(s.Buffer as *const u16, u32::from(s.Length / 2)) };
    String::from_utf16_lossy(units)
}
