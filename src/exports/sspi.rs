//! The SSPI entry points (secur32 / sspicli), with Windows names and semantics.
//!
//! Each export: panic boundary, pointer checks, handle lookup, one call into safe code, then
//! the results written back. A/W pairs differ only in how strings cross the boundary.

use std::ffi::{c_void, CStr};
use std::sync::{Arc, OnceLock};

use super::auth_data;
use crate::abi::*;
use crate::buffers::{self, DecryptBuffers, EncryptBuffers, HandshakeInput, HandshakeOutput};
use crate::context::attributes::{self, Attribute};
use crate::context::{Call, Context, Outcome, Side};
use crate::credential::{Credential, Direction};
use crate::ffi::{boundary, malloc_copy, malloc_zeroed};
use crate::handles::{Kind, Table};

static CREDENTIALS: Table<Credential> = Table::new(Kind::Credential);
static CONTEXTS: Table<Context> = Table::new(Kind::Context);

/// The context behind a handle, for Rust tests that need to act as a misbehaving peer
/// (see `Context::seal_raw_for_tests`). Not part of the C API.
#[doc(hidden)]
pub fn context_for_tests(h: &CtxtHandle) -> Option<Arc<Context>> {
    CONTEXTS.get(h)
}

const PACKAGE_NAME: &str = "Microsoft Unified Security Protocol Provider";
const PACKAGE_ALIASES: [&str; 3] = [PACKAGE_NAME, "Schannel", "Default TLS SSP"];
const PACKAGE_COMMENT: &str = "Schannel Security Package";
/// Longest UTF-16 string read from a caller (target and package names).
const MAX_WIDE_LEN: usize = 4096;

/// A caller's string, in either width, decoded to UTF-8.
enum Text {
    Narrow(*const SEC_CHAR),
    Wide(*const SEC_WCHAR),
}

impl Text {
    /// `Ok(None)` for NULL or empty; `Err` for text that is not valid UTF-8/UTF-16.
    ///
    /// # Safety
    /// The pointer is NULL or a NUL-terminated string.
    unsafe fn read(&self) -> Result<Option<String>, ()> {
        let s = match *self {
            Text::Narrow(p) if p.is_null() => return Ok(None),
            Text::Wide(p) if p.is_null() => return Ok(None),
            // SAFETY: NUL-terminated per the function contract.
            Text::Narrow(p) => unsafe { CStr::from_ptr(p) }
                .to_str()
                .map_err(|_| ())?
                .to_owned(),
            Text::Wide(p) => {
                let mut units = Vec::new();
                loop {
                    // SAFETY: NUL-terminated; we stop at the NUL (or the length cap).
                    let u = unsafe { *p.add(units.len()) };
                    if u == 0 {
                        break;
                    }
                    if units.len() == MAX_WIDE_LEN {
                        return Err(());
                    }
                    units.push(u);
                }
                String::from_utf16(&units).map_err(|_| ())?
            }
        };
        Ok(if s.is_empty() { None } else { Some(s) })
    }
}

fn is_our_package(name: Option<&str>) -> bool {
    name.is_some_and(|n| PACKAGE_ALIASES.iter().any(|a| a.eq_ignore_ascii_case(n)))
}

/// # Safety
/// `h` is NULL or points to a readable handle.
unsafe fn read_handle(h: *const SecHandle) -> Option<SecHandle> {
    // SAFETY: NULL checked; otherwise readable per the contract.
    (!h.is_null()).then(|| unsafe { *h })
}

/// # Safety
/// `p` is NULL or writable.
unsafe fn write<T>(p: *mut T, value: T) {
    if !p.is_null() {
        // SAFETY: non-NULL and writable per the contract.
        unsafe { p.write(value) };
    }
}

// ---- credentials -----------------------------------------------------------------------------

unsafe fn acquire_credentials(
    package: Text,
    use_: ULONG,
    auth_data: *mut c_void,
    ph_credential: PCredHandle,
    pts_expiry: PTimeStamp,
) -> SECURITY_STATUS {
    // SAFETY: forwarded contract (NUL-terminated package name).
    let name = unsafe { package.read() }.ok().flatten();
    if !is_our_package(name.as_deref()) {
        return SEC_E_SECPKG_NOT_FOUND;
    }
    let direction = match use_ & (SECPKG_CRED_INBOUND | SECPKG_CRED_OUTBOUND) {
        SECPKG_CRED_OUTBOUND => Direction::Outbound,
        SECPKG_CRED_INBOUND => Direction::Inbound,
        _ if auth_data.is_null() => return SEC_E_NO_CREDENTIALS,
        _ => return SEC_E_UNKNOWN_CREDENTIALS,
    };
    // SAFETY: pAuthData is NULL or the struct its dwVersion names (caller contract).
    let cred = match unsafe { auth_data::read(auth_data, direction) }
        .and_then(|req| Credential::acquire(direction, req))
    {
        Ok(c) => c,
        Err(s) => return s,
    };
    if ph_credential.is_null() {
        return SEC_E_INVALID_HANDLE;
    }
    // SAFETY: checked non-NULL; the caller's CredHandle.
    unsafe {
        write(ph_credential, CREDENTIALS.insert(Arc::new(cred)));
        write(
            pts_expiry,
            SECURITY_INTEGER {
                LowPart: 0,
                HighPart: 0,
            },
        );
    }
    SEC_E_OK
}

/// Acquires a Schannel credential (`SECPKG_CRED_OUTBOUND` for a client, `SECPKG_CRED_INBOUND`
/// for a server) from a `SCHANNEL_CRED` (dwVersion 3/4) or `SCH_CREDENTIALS` (dwVersion 5).
/// `pszPackage` is `UNISP_NAME_A` or "Schannel". Protocols: TLS 1.2 and 1.3 only. As on
/// Windows, a `SCHANNEL_CRED` (and a NULL `pAuthData`) never gives TLS 1.3: its TLS 1.3 bits
/// are ignored, and asking for TLS 1.3 alone is `SEC_E_ALGORITHM_MISMATCH`; `SCH_CREDENTIALS`
/// gives TLS 1.3 + 1.2 unless `TLS_PARAMETERS.grbitDisabledProtocols` says otherwise.
/// Certificates come from `PFXImportCertStore` or `SchShimCertFromPem`. Free with
/// `FreeCredentialsHandle`.
#[no_mangle]
pub unsafe extern "C" fn AcquireCredentialsHandleA(
    _pszPrincipal: *mut SEC_CHAR,
    pszPackage: *mut SEC_CHAR,
    fCredentialUse: ULONG,
    _pvLogonId: *mut c_void,
    pAuthData: *mut c_void,
    _pGetKeyFn: SEC_GET_KEY_FN,
    _pvGetKeyArgument: *mut c_void,
    phCredential: PCredHandle,
    ptsExpiry: PTimeStamp,
) -> SECURITY_STATUS {
    boundary(SEC_E_INTERNAL_ERROR, || {
        // SAFETY: arguments as documented for the SSPI call.
        unsafe {
            acquire_credentials(
                Text::Narrow(pszPackage),
                fCredentialUse,
                pAuthData,
                phCredential,
                ptsExpiry,
            )
        }
    })
}

/// UTF-16 variant of `AcquireCredentialsHandleA` (`UNISP_NAME_W`, `u"Schannel"`).
#[no_mangle]
pub unsafe extern "C" fn AcquireCredentialsHandleW(
    _pszPrincipal: *mut SEC_WCHAR,
    pszPackage: *mut SEC_WCHAR,
    fCredentialUse: ULONG,
    _pvLogonId: *mut c_void,
    pAuthData: *mut c_void,
    _pGetKeyFn: SEC_GET_KEY_FN,
    _pvGetKeyArgument: *mut c_void,
    phCredential: PCredHandle,
    ptsExpiry: PTimeStamp,
) -> SECURITY_STATUS {
    boundary(SEC_E_INTERNAL_ERROR, || {
        // SAFETY: arguments as documented for the SSPI call.
        unsafe {
            acquire_credentials(
                Text::Wide(pszPackage),
                fCredentialUse,
                pAuthData,
                phCredential,
                ptsExpiry,
            )
        }
    })
}

/// Releases a credential handle. Contexts created from it keep working until deleted.
#[no_mangle]
pub unsafe extern "C" fn FreeCredentialsHandle(phCredential: PCredHandle) -> SECURITY_STATUS {
    boundary(SEC_E_INTERNAL_ERROR, || {
        // SAFETY: NULL or the caller's handle.
        match unsafe { read_handle(phCredential) }.and_then(|h| CREDENTIALS.remove(&h)) {
            Some(_) => SEC_E_OK,
            None => SEC_E_INVALID_HANDLE,
        }
    })
}

unsafe fn query_credentials(
    ph_credential: PCredHandle,
    attribute: ULONG,
    buffer: *mut c_void,
) -> SECURITY_STATUS {
    // SAFETY: NULL or the caller's handle.
    let Some(cred) = (unsafe { read_handle(ph_credential) }).and_then(|h| CREDENTIALS.get(&h))
    else {
        return SEC_E_INVALID_HANDLE;
    };
    match attribute {
        SECPKG_ATTR_SUPPORTED_PROTOCOLS | SECPKG_ATTR_CIPHER_STRENGTHS if buffer.is_null() => {
            SEC_E_INTERNAL_ERROR
        }
        SECPKG_ATTR_SUPPORTED_PROTOCOLS => {
            // SAFETY: the caller passes a SecPkgCred_SupportedProtocols for this attribute.
            unsafe {
                write(
                    buffer as *mut SecPkgCred_SupportedProtocols,
                    SecPkgCred_SupportedProtocols {
                        grbitProtocol: cred.protocols,
                    },
                )
            };
            SEC_E_OK
        }
        SECPKG_ATTR_CIPHER_STRENGTHS => {
            // SAFETY: the caller passes a SecPkgCred_CipherStrengths for this attribute.
            unsafe {
                write(
                    buffer as *mut SecPkgCred_CipherStrengths,
                    SecPkgCred_CipherStrengths {
                        dwMinimumCipherStrength: 128,
                        dwMaximumCipherStrength: 256,
                    },
                )
            };
            SEC_E_OK
        }
        SECPKG_CRED_ATTR_NAMES => SEC_E_NO_CREDENTIALS,
        _ => SEC_E_UNSUPPORTED_FUNCTION,
    }
}

/// Credential attributes: `SECPKG_ATTR_SUPPORTED_PROTOCOLS` (the effective `SP_PROT_*` bits)
/// and `SECPKG_ATTR_CIPHER_STRENGTHS` (128..256). Others: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn QueryCredentialsAttributesA(
    phCredential: PCredHandle,
    ulAttribute: ULONG,
    pBuffer: *mut c_void,
) -> SECURITY_STATUS {
    // SAFETY: arguments as documented for the SSPI call.
    boundary(SEC_E_INTERNAL_ERROR, || unsafe {
        query_credentials(phCredential, ulAttribute, pBuffer)
    })
}

/// UTF-16 variant of `QueryCredentialsAttributesA` (the attributes carry no strings).
#[no_mangle]
pub unsafe extern "C" fn QueryCredentialsAttributesW(
    phCredential: PCredHandle,
    ulAttribute: ULONG,
    pBuffer: *mut c_void,
) -> SECURITY_STATUS {
    // SAFETY: arguments as documented for the SSPI call.
    boundary(SEC_E_INTERNAL_ERROR, || unsafe {
        query_credentials(phCredential, ulAttribute, pBuffer)
    })
}

// ---- handshake ------------------------------------------------------------------------------

/// The flags Windows returns: the fixed stream set plus the optional bits that were requested.
fn returned_flags(side: Side, req: ULONG) -> ULONG {
    match side {
        Side::Client => {
            ISC_RET_REPLAY_DETECT
                | ISC_RET_SEQUENCE_DETECT
                | ISC_RET_CONFIDENTIALITY
                | ISC_RET_STREAM
                | (req
                    & (ISC_REQ_ALLOCATE_MEMORY
                        | ISC_REQ_EXTENDED_ERROR
                        | ISC_REQ_USE_SUPPLIED_CREDS
                        | ISC_REQ_MANUAL_CRED_VALIDATION))
        }
        Side::Server => {
            ASC_RET_REPLAY_DETECT
                | ASC_RET_SEQUENCE_DETECT
                | ASC_RET_CONFIDENTIALITY
                | ASC_RET_STREAM
                | (req & (ASC_REQ_ALLOCATE_MEMORY | ASC_REQ_EXTENDED_ERROR | ASC_REQ_MUTUAL_AUTH))
        }
    }
}

/// Writes an outcome into the caller's buffers and returns the status to report.
/// A token that does not fit is kept in the context for the retry.
fn deliver(
    ctx: Option<&Context>,
    outcome: Outcome,
    input: &HandshakeInput<'_>,
    output: &HandshakeOutput,
    extended_error: bool,
) -> SECURITY_STATUS {
    match outcome.status {
        SEC_E_INCOMPLETE_MESSAGE => {
            if let Some(m) = outcome.missing {
                input.mark_missing(m);
            }
            SEC_E_INCOMPLETE_MESSAGE
        }
        // Nothing is sent and no input is reported consumed: the caller calls again, with
        // the same bytes or none, and the kept work continues.
        SEC_I_INCOMPLETE_CREDENTIALS => SEC_I_INCOMPLETE_CREDENTIALS,
        SEC_E_OK | SEC_I_CONTINUE_NEEDED => {
            match output.write_token(&outcome.token) {
                Ok(_) => {}
                Err(SEC_E_INSUFFICIENT_MEMORY) => {
                    if let Some(ctx) = ctx {
                        ctx.stash(outcome);
                    }
                    return SEC_E_INSUFFICIENT_MEMORY;
                }
                Err(e) => return e,
            }
            output.clear_alerts();
            let extra = input.token.len().saturating_sub(outcome.consumed);
            if extra > 0 {
                input.mark_extra(extra);
            }
            outcome.status
        }
        failure => {
            // The token slot reports nothing to send (cb 0), unless the alert owed to the peer
            // goes there because the caller gave no ALERT buffer.
            let alert = if extended_error {
                &outcome.alert[..]
            } else {
                &[]
            };
            let token = match output.write_alert(alert) {
                Ok(true) => &[][..],
                _ => alert,
            };
            let _ = output.write_token(token);
            failure
        }
    }
}

/// The common body of ISC (A/W) and ASC.
#[allow(clippy::too_many_arguments)]
unsafe fn security_context(
    side: Side,
    ph_credential: PCredHandle,
    ph_context: PCtxtHandle,
    target: Option<Text>,
    req: ULONG,
    p_input: PSecBufferDesc,
    ph_new_context: PCtxtHandle,
    p_output: PSecBufferDesc,
    pf_context_attr: *mut ULONG,
    pts_expiry: PTimeStamp,
) -> SECURITY_STATUS {
    let (allocate, extended_error) = match side {
        Side::Client => (
            req & ISC_REQ_ALLOCATE_MEMORY != 0,
            req & ISC_REQ_EXTENDED_ERROR != 0,
        ),
        Side::Server => (
            req & ASC_REQ_ALLOCATE_MEMORY != 0,
            req & ASC_REQ_EXTENDED_ERROR != 0,
        ),
    };
    // SAFETY: NULL or the caller's handle.
    let existing = unsafe { read_handle(ph_context) }.filter(|h| h.dwLower != 0 || h.dwUpper != 0);
    // SAFETY: NULL or the caller's output descriptor.
    let output = match unsafe { HandshakeOutput::new(p_output, allocate) } {
        Ok(o) => o,
        Err(s) => return s,
    };
    // SAFETY: NULL or writable per the SSPI contract.
    unsafe {
        write(
            pts_expiry,
            SECURITY_INTEGER {
                LowPart: 0,
                HighPart: 0,
            },
        )
    };
    let status = match existing {
        Some(h) => {
            let Some(ctx) = CONTEXTS.get(&h) else {
                return SEC_E_INVALID_HANDLE;
            };
            // SAFETY: NULL or the caller's input descriptor.
            let input = match unsafe { buffers::read_handshake_input(p_input, true) } {
                Ok(i) => i,
                Err(s) => return s,
            };
            // SAFETY: NULL or the caller's handle.
            let named = unsafe { read_handle(ph_credential) }.and_then(|h| CREDENTIALS.get(&h));
            let call = Call {
                feed: true,
                credential_changed: named.is_some_and(|c| !Arc::ptr_eq(&c, &ctx.cred)),
                mutual_auth_added: side == Side::Server && req & ASC_REQ_MUTUAL_AUTH != 0,
                use_supplied_creds: side == Side::Client && req & ISC_REQ_USE_SUPPLIED_CREDS != 0,
            };
            let outcome = ctx.step(input.token, call);
            let status = deliver(Some(&ctx), outcome, &input, &output, extended_error);
            if matches!(status, SEC_E_OK | SEC_I_CONTINUE_NEEDED) {
                // SAFETY: NULL or writable per the SSPI contract.
                unsafe { write(ph_new_context, h) };
            }
            status
        }
        None => {
            // SAFETY: NULL or the caller's handle.
            let Some(cred) =
                (unsafe { read_handle(ph_credential) }).and_then(|h| CREDENTIALS.get(&h))
            else {
                return SEC_E_INVALID_HANDLE;
            };
            let wanted = match side {
                Side::Client => Direction::Outbound,
                Side::Server => Direction::Inbound,
            };
            if cred.direction != wanted {
                return SEC_E_INVALID_HANDLE;
            }
            // A client's first call ignores its input (Windows accepts a sized EMPTY buffer).
            // SAFETY: NULL or the caller's input descriptor.
            let input =
                match unsafe { buffers::read_handshake_input(p_input, side == Side::Server) } {
                    Ok(i) => i,
                    Err(s) => return s,
                };
            let created = match side {
                Side::Client => {
                    // SAFETY: NULL or a NUL-terminated target name.
                    let name = match target.map(|t| unsafe { t.read() }).transpose() {
                        Ok(n) => n.flatten(),
                        Err(()) => return SEC_E_WRONG_PRINCIPAL,
                    };
                    let manual = req & ISC_REQ_MANUAL_CRED_VALIDATION != 0;
                    Context::client(cred, name.as_deref(), input.alpn.clone(), manual)
                }
                Side::Server => {
                    Context::server(cred, input.alpn.clone(), req & ASC_REQ_MUTUAL_AUTH != 0)
                }
            };
            let ctx = match created {
                Ok(c) => c,
                Err(s) => return s,
            };
            let call = Call {
                feed: side == Side::Server,
                use_supplied_creds: side == Side::Client && req & ISC_REQ_USE_SUPPLIED_CREDS != 0,
                ..Call::default()
            };
            let outcome = ctx.step(input.token, call);
            // No context exists until a call succeeds (Windows: a first ASC that returns
            // SEC_E_INCOMPLETE_MESSAGE is repeated with phContext NULL).
            let status = deliver(None, outcome, &input, &output, extended_error);
            if matches!(status, SEC_E_OK | SEC_I_CONTINUE_NEEDED) {
                if ph_new_context.is_null() {
                    return SEC_E_INVALID_HANDLE;
                }
                // SAFETY: checked non-NULL; the caller's CtxtHandle.
                unsafe { write(ph_new_context, CONTEXTS.insert(Arc::new(ctx))) };
            }
            status
        }
    };
    // Written on failures too: callers test ISC_RET_EXTENDED_ERROR to decide whether to send
    // the alert in the output token (the SDK WebClient sample).
    // SAFETY: NULL or writable per the SSPI contract.
    unsafe { write(pf_context_attr, returned_flags(side, req)) };
    status
}

/// Client handshake step, Windows semantics (see CONTRACT §4): the first call (phContext NULL)
/// returns `SEC_I_CONTINUE_NEEDED` with the ClientHello; later calls take everything received
/// in a `SECBUFFER_TOKEN` followed by an `SECBUFFER_EMPTY` buffer, consume whole records only,
/// report leftovers as `SECBUFFER_EXTRA` and a partial record as `SEC_E_INCOMPLETE_MESSAGE` with
/// `SECBUFFER_MISSING`. `pszTargetName` gives SNI and the name the server certificate is checked
/// against. On an established context it sends what a `SEC_I_RENEGOTIATE` left owed, or the
/// shutdown/alert requested with `ApplyControlToken`.
#[no_mangle]
pub unsafe extern "C" fn InitializeSecurityContextA(
    phCredential: PCredHandle,
    phContext: PCtxtHandle,
    pszTargetName: *mut SEC_CHAR,
    fContextReq: ULONG,
    _Reserved1: ULONG,
    _TargetDataRep: ULONG,
    pInput: PSecBufferDesc,
    _Reserved2: ULONG,
    phNewContext: PCtxtHandle,
    pOutput: PSecBufferDesc,
    pfContextAttr: *mut ULONG,
    ptsExpiry: PTimeStamp,
) -> SECURITY_STATUS {
    boundary(SEC_E_INTERNAL_ERROR, || {
        // SAFETY: arguments as documented for the SSPI call.
        unsafe {
            security_context(
                Side::Client,
                phCredential,
                phContext,
                Some(Text::Narrow(pszTargetName)),
                fContextReq,
                pInput,
                phNewContext,
                pOutput,
                pfContextAttr,
                ptsExpiry,
            )
        }
    })
}

/// UTF-16 variant of `InitializeSecurityContextA` (`pszTargetName` is `u"host"`).
#[no_mangle]
pub unsafe extern "C" fn InitializeSecurityContextW(
    phCredential: PCredHandle,
    phContext: PCtxtHandle,
    pszTargetName: *mut SEC_WCHAR,
    fContextReq: ULONG,
    _Reserved1: ULONG,
    _TargetDataRep: ULONG,
    pInput: PSecBufferDesc,
    _Reserved2: ULONG,
    phNewContext: PCtxtHandle,
    pOutput: PSecBufferDesc,
    pfContextAttr: *mut ULONG,
    ptsExpiry: PTimeStamp,
) -> SECURITY_STATUS {
    boundary(SEC_E_INTERNAL_ERROR, || {
        // SAFETY: arguments as documented for the SSPI call.
        unsafe {
            security_context(
                Side::Client,
                phCredential,
                phContext,
                Some(Text::Wide(pszTargetName)),
                fContextReq,
                pInput,
                phNewContext,
                pOutput,
                pfContextAttr,
                ptsExpiry,
            )
        }
    })
}

/// Server handshake step; same buffer rules as `InitializeSecurityContext`. The first call
/// takes the ClientHello (and an optional `SECBUFFER_APPLICATION_PROTOCOLS` with the server's
/// ALPN preference). No context is created until a call succeeds.
#[no_mangle]
pub unsafe extern "C" fn AcceptSecurityContext(
    phCredential: PCredHandle,
    phContext: PCtxtHandle,
    pInput: PSecBufferDesc,
    fContextReq: ULONG,
    _TargetDataRep: ULONG,
    phNewContext: PCtxtHandle,
    pOutput: PSecBufferDesc,
    pfContextAttr: *mut ULONG,
    ptsExpiry: PTimeStamp,
) -> SECURITY_STATUS {
    boundary(SEC_E_INTERNAL_ERROR, || {
        // SAFETY: arguments as documented for the SSPI call.
        unsafe {
            security_context(
                Side::Server,
                phCredential,
                phContext,
                None,
                fContextReq,
                pInput,
                phNewContext,
                pOutput,
                pfContextAttr,
                ptsExpiry,
            )
        }
    })
}

/// Deletes a context; its handle becomes invalid (`SEC_E_INVALID_HANDLE` afterwards).
#[no_mangle]
pub unsafe extern "C" fn DeleteSecurityContext(phContext: PCtxtHandle) -> SECURITY_STATUS {
    boundary(SEC_E_INTERNAL_ERROR, || {
        // SAFETY: NULL or the caller's handle.
        match unsafe { read_handle(phContext) }.and_then(|h| CONTEXTS.remove(&h)) {
            Some(_) => SEC_E_OK,
            None => SEC_E_INVALID_HANDLE,
        }
    })
}

/// One TOKEN buffer holding `SCHANNEL_SHUTDOWN`, or an `SCHANNEL_ALERT_TOKEN`: the next
/// ISC/ASC on the context returns `SEC_E_OK` with that alert record as its token (encrypted once
/// the handshake is done). `SCHANNEL_RENEGOTIATE` and `SCHANNEL_SESSION` give
/// `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn ApplyControlToken(
    phContext: PCtxtHandle,
    pInput: PSecBufferDesc,
) -> SECURITY_STATUS {
    boundary(SEC_E_INTERNAL_ERROR, || {
        // SAFETY: NULL or the caller's handle.
        let Some(ctx) = (unsafe { read_handle(phContext) }).and_then(|h| CONTEXTS.get(&h)) else {
            return SEC_E_INVALID_HANDLE;
        };
        if pInput.is_null() {
            return SEC_E_INTERNAL_ERROR;
        }
        // SAFETY: non-NULL caller descriptor.
        match unsafe { buffers::control_token(pInput) } {
            Ok(token) => ctx.apply_control(token),
            Err(s) => s,
        }
    })
}

// ---- messages -------------------------------------------------------------------------------

/// Encrypts one record in place: `SECBUFFER_STREAM_HEADER | SECBUFFER_DATA |
/// SECBUFFER_STREAM_TRAILER` (sizes from `SECPKG_ATTR_STREAM_SIZES`). On return the three
/// `cbBuffer`s are the real sizes; send `hdr.cb + data.cb + trailer.cb` bytes from `hdr.pv`.
/// DATA over `cbMaximumMessage` is `SEC_E_ENCRYPT_FAILURE`; after a shutdown, the peer's
/// close_notify, or while a KeyUpdate reply is owed (until the follow-up ISC/ASC after
/// `SEC_I_RENEGOTIATE`) `SEC_E_CONTEXT_EXPIRED`.
#[no_mangle]
pub unsafe extern "C" fn EncryptMessage(
    phContext: PCtxtHandle,
    _fQOP: ULONG,
    pMessage: PSecBufferDesc,
    _MessageSeqNo: ULONG,
) -> SECURITY_STATUS {
    boundary(SEC_E_INTERNAL_ERROR, || {
        // SAFETY: NULL or the caller's handle.
        let Some(ctx) = (unsafe { read_handle(phContext) }).and_then(|h| CONTEXTS.get(&h)) else {
            return SEC_E_INVALID_HANDLE;
        };
        // SAFETY: NULL or the caller's descriptor.
        match unsafe { EncryptBuffers::new(pMessage) } {
            Ok(b) => ctx.encrypt(&b),
            Err(s) => s,
        }
    })
}

/// Decrypts exactly one record in place. Input: `[0]` DATA with everything received, then at
/// least three EMPTY buffers. Output: STREAM_HEADER, DATA (the plaintext, may be 0 bytes),
/// STREAM_TRAILER, and EXTRA for bytes after the record. A partial record is
/// `SEC_E_INCOMPLETE_MESSAGE` with `SECBUFFER_MISSING`. Peer close_notify:
/// `SEC_I_CONTEXT_EXPIRED`; a TLS 1.3 NewSessionTicket/KeyUpdate or TLS 1.2 renegotiation
/// request: `SEC_I_RENEGOTIATE` (call ISC/ASC with the EXTRA bytes, then carry on).
#[no_mangle]
pub unsafe extern "C" fn DecryptMessage(
    phContext: PCtxtHandle,
    pMessage: PSecBufferDesc,
    _MessageSeqNo: ULONG,
    pfQOP: *mut ULONG,
) -> SECURITY_STATUS {
    boundary(SEC_E_INTERNAL_ERROR, || {
        // SAFETY: NULL or the caller's handle.
        let Some(ctx) = (unsafe { read_handle(phContext) }).and_then(|h| CONTEXTS.get(&h)) else {
            return SEC_E_INVALID_HANDLE;
        };
        // SAFETY: NULL or the caller's descriptor.
        let status = match unsafe { DecryptBuffers::new(pMessage) } {
            Ok(b) => ctx.decrypt(&b),
            Err(s) => s,
        };
        // SAFETY: NULL or writable.
        unsafe { write(pfQOP, 0) };
        status
    })
}

// ---- attributes -----------------------------------------------------------------------------

fn malloc_str(s: &str, wide: bool) -> *mut c_void {
    if wide {
        let units: Vec<u8> = s
            .encode_utf16()
            .chain(std::iter::once(0))
            .flat_map(u16::to_ne_bytes)
            .collect();
        malloc_copy(&units).cast()
    } else {
        let mut bytes = s.as_bytes().to_vec();
        bytes.push(0);
        malloc_copy(&bytes).cast()
    }
}

unsafe fn query_context(
    ph_context: PCtxtHandle,
    attribute: ULONG,
    buffer: *mut c_void,
    wide: bool,
) -> SECURITY_STATUS {
    // SAFETY: NULL or the caller's handle.
    let Some(ctx) = (unsafe { read_handle(ph_context) }).and_then(|h| CONTEXTS.get(&h)) else {
        return SEC_E_INVALID_HANDLE;
    };
    if buffer.is_null() {
        return SEC_E_INTERNAL_ERROR;
    }
    let value = match attributes::query(&ctx, attribute) {
        Ok(v) => v,
        Err(s) => return s,
    };
    // SAFETY (all arms): the caller passes the struct the attribute id names.
    unsafe {
        match value {
            Attribute::StreamSizes(v) => write(buffer.cast(), v),
            Attribute::ConnectionInfo(v) => write(buffer.cast(), v),
            Attribute::CipherInfo(v) => write(buffer.cast(), *v),
            Attribute::SessionInfo(v) => write(buffer.cast(), v),
            Attribute::ApplicationProtocol(v) => write(buffer.cast(), *v),
            Attribute::Certificate(p) => write(buffer.cast::<PCCERT_CONTEXT>(), p),
            Attribute::KeyInfo(k) => {
                // The A and W structs share a layout but for the string types.
                write(
                    buffer.cast::<SecPkgContext_KeyInfoA>(),
                    SecPkgContext_KeyInfoA {
                        sSignatureAlgorithmName: malloc_str(k.signature_name, wide).cast(),
                        sEncryptAlgorithmName: malloc_str(k.encrypt_name, wide).cast(),
                        KeySize: k.key_size,
                        SignatureAlgorithm: k.signature_algorithm,
                        EncryptAlgorithm: k.encrypt_algorithm,
                    },
                )
            }
            Attribute::Issuers(names) => {
                // One block: the CERT_NAME_BLOB array, then the names it points to.
                let head = names.len() * std::mem::size_of::<CERT_NAME_BLOB>();
                let total = head + names.iter().map(Vec::len).sum::<usize>();
                let block = malloc_zeroed(total);
                if block.is_null() {
                    return SEC_E_INSUFFICIENT_MEMORY;
                }
                let mut at = head;
                for (i, name) in names.iter().enumerate() {
                    let data = block.add(at);
                    std::ptr::copy_nonoverlapping(name.as_ptr(), data, name.len());
                    (block as *mut CERT_NAME_BLOB).add(i).write(CERT_NAME_BLOB {
                        cbData: name.len() as DWORD,
                        pbData: data,
                    });
                    at += name.len();
                }
                write(
                    buffer.cast::<SecPkgContext_IssuerListInfoEx>(),
                    SecPkgContext_IssuerListInfoEx {
                        aIssuers: if names.is_empty() {
                            libc::free(block.cast());
                            std::ptr::null_mut()
                        } else {
                            block.cast()
                        },
                        cIssuers: names.len() as DWORD,
                    },
                )
            }
            Attribute::Bindings(block) => {
                let p = malloc_copy(&block);
                if p.is_null() {
                    return SEC_E_INSUFFICIENT_MEMORY;
                }
                write(
                    buffer.cast::<SecPkgContext_Bindings>(),
                    SecPkgContext_Bindings {
                        BindingsLength: block.len() as ULONG,
                        Bindings: p.cast(),
                    },
                )
            }
        }
    }
    SEC_E_OK
}

/// Context attributes: STREAM_SIZES, CONNECTION_INFO, CIPHER_INFO, KEY_INFO (strings freed with
/// `FreeContextBuffer`), SESSION_INFO (`SSL_SESSION_RECONNECT` when resumed),
/// APPLICATION_PROTOCOL, REMOTE_CERT_CONTEXT / LOCAL_CERT_CONTEXT (free with
/// `CertFreeCertificateContext`; `SEC_E_NO_CREDENTIALS` when there is none), ENDPOINT_BINDINGS
/// (tls-server-end-point, freed with `FreeContextBuffer`). UNIQUE_BINDINGS and anything else:
/// `SEC_E_UNSUPPORTED_FUNCTION`. Before the handshake completes: `SEC_E_INVALID_HANDLE`.
#[no_mangle]
pub unsafe extern "C" fn QueryContextAttributesA(
    phContext: PCtxtHandle,
    ulAttribute: ULONG,
    pBuffer: *mut c_void,
) -> SECURITY_STATUS {
    // SAFETY: arguments as documented for the SSPI call.
    boundary(SEC_E_INTERNAL_ERROR, || unsafe {
        query_context(phContext, ulAttribute, pBuffer, false)
    })
}

/// UTF-16 variant of `QueryContextAttributesA` (KEY_INFO strings are UTF-16).
#[no_mangle]
pub unsafe extern "C" fn QueryContextAttributesW(
    phContext: PCtxtHandle,
    ulAttribute: ULONG,
    pBuffer: *mut c_void,
) -> SECURITY_STATUS {
    // SAFETY: arguments as documented for the SSPI call.
    boundary(SEC_E_INTERNAL_ERROR, || unsafe {
        query_context(phContext, ulAttribute, pBuffer, true)
    })
}

/// Frees memory the package returned (allocated tokens, package infos, attribute strings and
/// blobs). NULL is `SEC_E_OK`.
#[no_mangle]
pub unsafe extern "C" fn FreeContextBuffer(pvContextBuffer: *mut c_void) -> SECURITY_STATUS {
    boundary(SEC_E_INTERNAL_ERROR, || {
        // SAFETY: everything we hand out comes from malloc; free(NULL) is a no-op.
        unsafe { libc::free(pvContextBuffer) };
        SEC_E_OK
    })
}

// ---- packages -------------------------------------------------------------------------------

/// Builds one malloc block holding `SecPkgInfo` entries for `names`, followed by their
/// strings, so a single `FreeContextBuffer` releases everything.
fn package_infos(names: &[&str], wide: bool) -> *mut c_void {
    let unit = if wide { 2 } else { 1 };
    let info_size = std::mem::size_of::<SecPkgInfoA>();
    let strings: usize = names
        .iter()
        .map(|n| (n.len() + 1 + PACKAGE_COMMENT.len() + 1) * unit)
        .sum();
    let total = info_size * names.len() + strings;
    let block = malloc_zeroed(total);
    if block.is_null() {
        return block.cast();
    }
    let mut cursor = info_size * names.len();
    let mut put = |s: &str| -> *mut c_void {
        let at = block.wrapping_add(cursor);
        let bytes: Vec<u8> = if wide {
            s.encode_utf16().flat_map(u16::to_ne_bytes).collect()
        } else {
            s.as_bytes().to_vec()
        };
        // SAFETY: the block was sized for every string plus its terminator (already zero).
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), at, bytes.len()) };
        cursor += bytes.len() + unit;
        at.cast()
    };
    for (i, name) in names.iter().enumerate() {
        let info = SecPkgInfoA {
            fCapabilities: SECPKG_FLAG_INTEGRITY
                | SECPKG_FLAG_PRIVACY
                | SECPKG_FLAG_CONNECTION
                | SECPKG_FLAG_MULTI_REQUIRED
                | SECPKG_FLAG_EXTENDED_ERROR
                | SECPKG_FLAG_IMPERSONATION
                | SECPKG_FLAG_ACCEPT_WIN32_NAME
                | SECPKG_FLAG_STREAM,
            wVersion: 1,
            wRPCID: UNISP_RPC_ID as USHORT,
            cbMaxToken: 16384,
            Name: put(name).cast(),
            Comment: put(PACKAGE_COMMENT).cast(),
        };
        // SAFETY: entry i lies within the block; SecPkgInfoA and W share one layout.
        unsafe { (block as *mut SecPkgInfoA).add(i).write_unaligned(info) };
    }
    block.cast()
}

unsafe fn enumerate_packages(
    count: *mut ULONG,
    infos: *mut *mut c_void,
    wide: bool,
) -> SECURITY_STATUS {
    if count.is_null() || infos.is_null() {
        return SEC_E_INVALID_TOKEN;
    }
    let block = package_infos(&PACKAGE_ALIASES[..2], wide);
    if block.is_null() {
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    // SAFETY: both checked non-NULL.
    unsafe {
        write(count, 2);
        write(infos, block);
    }
    SEC_E_OK
}

/// Lists the package under both of its names (`UNISP_NAME_A` and "Schannel"); free the array
/// with `FreeContextBuffer`.
#[no_mangle]
pub unsafe extern "C" fn EnumerateSecurityPackagesA(
    pcPackages: *mut ULONG,
    ppPackageInfo: *mut PSecPkgInfoA,
) -> SECURITY_STATUS {
    // SAFETY: arguments as documented for the SSPI call.
    boundary(SEC_E_INTERNAL_ERROR, || unsafe {
        enumerate_packages(pcPackages, ppPackageInfo.cast(), false)
    })
}

/// UTF-16 variant of `EnumerateSecurityPackagesA`.
#[no_mangle]
pub unsafe extern "C" fn EnumerateSecurityPackagesW(
    pcPackages: *mut ULONG,
    ppPackageInfo: *mut PSecPkgInfoW,
) -> SECURITY_STATUS {
    // SAFETY: arguments as documented for the SSPI call.
    boundary(SEC_E_INTERNAL_ERROR, || unsafe {
        enumerate_packages(pcPackages, ppPackageInfo.cast(), true)
    })
}

unsafe fn query_package(name: Text, info: *mut *mut c_void, wide: bool) -> SECURITY_STATUS {
    // SAFETY: forwarded contract.
    let name = unsafe { name.read() }.ok().flatten();
    if !is_our_package(name.as_deref()) {
        return SEC_E_SECPKG_NOT_FOUND;
    }
    if info.is_null() {
        return SEC_E_INVALID_TOKEN;
    }
    let block = package_infos(&[PACKAGE_NAME], wide);
    if block.is_null() {
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    // SAFETY: checked non-NULL.
    unsafe { write(info, block) };
    SEC_E_OK
}

/// Package information for `UNISP_NAME_A` / "Schannel" (capabilities 0x7B3, cbMaxToken
/// 16384); other names `SEC_E_SECPKG_NOT_FOUND`. Free with `FreeContextBuffer`.
#[no_mangle]
pub unsafe extern "C" fn QuerySecurityPackageInfoA(
    pszPackageName: *mut SEC_CHAR,
    ppPackageInfo: *mut PSecPkgInfoA,
) -> SECURITY_STATUS {
    // SAFETY: arguments as documented for the SSPI call.
    boundary(SEC_E_INTERNAL_ERROR, || unsafe {
        query_package(Text::Narrow(pszPackageName), ppPackageInfo.cast(), false)
    })
}

/// UTF-16 variant of `QuerySecurityPackageInfoA`.
#[no_mangle]
pub unsafe extern "C" fn QuerySecurityPackageInfoW(
    pszPackageName: *mut SEC_WCHAR,
    ppPackageInfo: *mut PSecPkgInfoW,
) -> SECURITY_STATUS {
    // SAFETY: arguments as documented for the SSPI call.
    boundary(SEC_E_INTERNAL_ERROR, || unsafe {
        query_package(Text::Wide(pszPackageName), ppPackageInfo.cast(), true)
    })
}

// ---- what Schannel does not implement -------------------------------------------------------

/// Not used by Schannel: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn CompleteAuthToken(
    _phContext: PCtxtHandle,
    _pToken: PSecBufferDesc,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// No Windows accounts to impersonate: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn ImpersonateSecurityContext(_phContext: PCtxtHandle) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// No Windows accounts to impersonate: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn RevertSecurityContext(_phContext: PCtxtHandle) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported by Schannel: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn MakeSignature(
    _phContext: PCtxtHandle,
    _fQOP: ULONG,
    _pMessage: PSecBufferDesc,
    _MessageSeqNo: ULONG,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported by Schannel: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn VerifySignature(
    _phContext: PCtxtHandle,
    _pMessage: PSecBufferDesc,
    _MessageSeqNo: ULONG,
    _pfQOP: *mut ULONG,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Context export is not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn ExportSecurityContext(
    _phContext: PCtxtHandle,
    _fFlags: ULONG,
    _pPackedContext: PSecBuffer,
    _pToken: *mut *mut c_void,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Context import is not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn ImportSecurityContextA(
    _pszPackage: *mut SEC_CHAR,
    _pPackedContext: PSecBuffer,
    _Token: *mut c_void,
    _phContext: PCtxtHandle,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Context import is not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn ImportSecurityContextW(
    _pszPackage: *mut SEC_WCHAR,
    _pPackedContext: PSecBuffer,
    _Token: *mut c_void,
    _phContext: PCtxtHandle,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn AddCredentialsA(
    _hCredentials: PCredHandle,
    _pszPrincipal: *mut SEC_CHAR,
    _pszPackage: *mut SEC_CHAR,
    _fCredentialUse: ULONG,
    _pAuthData: *mut c_void,
    _pGetKeyFn: SEC_GET_KEY_FN,
    _pvGetKeyArgument: *mut c_void,
    _ptsExpiry: PTimeStamp,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn AddCredentialsW(
    _hCredentials: PCredHandle,
    _pszPrincipal: *mut SEC_WCHAR,
    _pszPackage: *mut SEC_WCHAR,
    _fCredentialUse: ULONG,
    _pAuthData: *mut c_void,
    _pGetKeyFn: SEC_GET_KEY_FN,
    _pvGetKeyArgument: *mut c_void,
    _ptsExpiry: PTimeStamp,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// No Windows access tokens: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn QuerySecurityContextToken(
    _phContext: PCtxtHandle,
    _Token: *mut HANDLE,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn SetContextAttributesA(
    _phContext: PCtxtHandle,
    _ulAttribute: ULONG,
    _pBuffer: *mut c_void,
    _cbBuffer: ULONG,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn SetContextAttributesW(
    _phContext: PCtxtHandle,
    _ulAttribute: ULONG,
    _pBuffer: *mut c_void,
    _cbBuffer: ULONG,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn SetCredentialsAttributesA(
    _phCredential: PCredHandle,
    _ulAttribute: ULONG,
    _pBuffer: *mut c_void,
    _cbBuffer: ULONG,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn SetCredentialsAttributesW(
    _phCredential: PCredHandle,
    _ulAttribute: ULONG,
    _pBuffer: *mut c_void,
    _cbBuffer: ULONG,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn ChangeAccountPasswordA(
    _pszPackageName: *mut SEC_CHAR,
    _pszDomainName: *mut SEC_CHAR,
    _pszAccountName: *mut SEC_CHAR,
    _pszOldPassword: *mut SEC_CHAR,
    _pszNewPassword: *mut SEC_CHAR,
    _bImpersonating: BOOLEAN,
    _dwReserved: ULONG,
    _pOutput: PSecBufferDesc,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn ChangeAccountPasswordW(
    _pszPackageName: *mut SEC_WCHAR,
    _pszDomainName: *mut SEC_WCHAR,
    _pszAccountName: *mut SEC_WCHAR,
    _pszOldPassword: *mut SEC_WCHAR,
    _pszNewPassword: *mut SEC_WCHAR,
    _bImpersonating: BOOLEAN,
    _dwReserved: ULONG,
    _pOutput: PSecBufferDesc,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn QueryContextAttributesExA(
    _phContext: PCtxtHandle,
    _ulAttribute: ULONG,
    _pBuffer: *mut c_void,
    _cbBuffer: ULONG,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn QueryContextAttributesExW(
    _phContext: PCtxtHandle,
    _ulAttribute: ULONG,
    _pBuffer: *mut c_void,
    _cbBuffer: ULONG,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn QueryCredentialsAttributesExA(
    _phCredential: PCredHandle,
    _ulAttribute: ULONG,
    _pBuffer: *mut c_void,
    _cbBuffer: ULONG,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
#[no_mangle]
pub unsafe extern "C" fn QueryCredentialsAttributesExW(
    _phCredential: PCredHandle,
    _ulAttribute: ULONG,
    _pBuffer: *mut c_void,
    _cbBuffer: ULONG,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

// ---- dispatch tables ------------------------------------------------------------------------

static TABLE_A: OnceLock<SecurityFunctionTableA> = OnceLock::new();
static TABLE_W: OnceLock<SecurityFunctionTableW> = OnceLock::new();

/// The SSPI dispatch table (curl calls Schannel only through it). Static; never freed.
/// `Reserved3`/`Reserved4` alias EncryptMessage/DecryptMessage as on Windows.
#[no_mangle]
pub unsafe extern "C" fn InitSecurityInterfaceA() -> PSecurityFunctionTableA {
    boundary(std::ptr::null_mut(), || {
        let t = TABLE_A.get_or_init(|| SecurityFunctionTableA {
            dwVersion: 1,
            EnumerateSecurityPackagesA: Some(EnumerateSecurityPackagesA),
            QueryCredentialsAttributesA: Some(QueryCredentialsAttributesA),
            AcquireCredentialsHandleA: Some(AcquireCredentialsHandleA),
            FreeCredentialsHandle: Some(FreeCredentialsHandle),
            Reserved2: std::ptr::null_mut(),
            InitializeSecurityContextA: Some(InitializeSecurityContextA),
            AcceptSecurityContext: Some(AcceptSecurityContext),
            CompleteAuthToken: Some(CompleteAuthToken),
            DeleteSecurityContext: Some(DeleteSecurityContext),
            ApplyControlToken: Some(ApplyControlToken),
            QueryContextAttributesA: Some(QueryContextAttributesA),
            ImpersonateSecurityContext: Some(ImpersonateSecurityContext),
            RevertSecurityContext: Some(RevertSecurityContext),
            MakeSignature: Some(MakeSignature),
            VerifySignature: Some(VerifySignature),
            FreeContextBuffer: Some(FreeContextBuffer),
            QuerySecurityPackageInfoA: Some(QuerySecurityPackageInfoA),
            Reserved3: EncryptMessage as *mut c_void,
            Reserved4: DecryptMessage as *mut c_void,
            ExportSecurityContext: Some(ExportSecurityContext),
            ImportSecurityContextA: Some(ImportSecurityContextA),
            AddCredentialsA: Some(AddCredentialsA),
            Reserved8: std::ptr::null_mut(),
            QuerySecurityContextToken: Some(QuerySecurityContextToken),
            EncryptMessage: Some(EncryptMessage),
            DecryptMessage: Some(DecryptMessage),
            SetContextAttributesA: Some(SetContextAttributesA),
            SetCredentialsAttributesA: Some(SetCredentialsAttributesA),
            ChangeAccountPasswordA: Some(ChangeAccountPasswordA),
            QueryContextAttributesExA: Some(QueryContextAttributesExA),
            QueryCredentialsAttributesExA: Some(QueryCredentialsAttributesExA),
        });
        t as *const _ as PSecurityFunctionTableA
    })
}

/// UTF-16 dispatch table; see `InitSecurityInterfaceA`.
#[no_mangle]
pub unsafe extern "C" fn InitSecurityInterfaceW() -> PSecurityFunctionTableW {
    boundary(std::ptr::null_mut(), || {
        let t = TABLE_W.get_or_init(|| SecurityFunctionTableW {
            dwVersion: 1,
            EnumerateSecurityPackagesW: Some(EnumerateSecurityPackagesW),
            QueryCredentialsAttributesW: Some(QueryCredentialsAttributesW),
            AcquireCredentialsHandleW: Some(AcquireCredentialsHandleW),
            FreeCredentialsHandle: Some(FreeCredentialsHandle),
            Reserved2: std::ptr::null_mut(),
            InitializeSecurityContextW: Some(InitializeSecurityContextW),
            AcceptSecurityContext: Some(AcceptSecurityContext),
            CompleteAuthToken: Some(CompleteAuthToken),
            DeleteSecurityContext: Some(DeleteSecurityContext),
            ApplyControlToken: Some(ApplyControlToken),
            QueryContextAttributesW: Some(QueryContextAttributesW),
            ImpersonateSecurityContext: Some(ImpersonateSecurityContext),
            RevertSecurityContext: Some(RevertSecurityContext),
            MakeSignature: Some(MakeSignature),
            VerifySignature: Some(VerifySignature),
            FreeContextBuffer: Some(FreeContextBuffer),
            QuerySecurityPackageInfoW: Some(QuerySecurityPackageInfoW),
            Reserved3: EncryptMessage as *mut c_void,
            Reserved4: DecryptMessage as *mut c_void,
            ExportSecurityContext: Some(ExportSecurityContext),
            ImportSecurityContextW: Some(ImportSecurityContextW),
            AddCredentialsW: Some(AddCredentialsW),
            Reserved8: std::ptr::null_mut(),
            QuerySecurityContextToken: Some(QuerySecurityContextToken),
            EncryptMessage: Some(EncryptMessage),
            DecryptMessage: Some(DecryptMessage),
            SetContextAttributesW: Some(SetContextAttributesW),
            SetCredentialsAttributesW: Some(SetCredentialsAttributesW),
            ChangeAccountPasswordW: Some(ChangeAccountPasswordW),
            QueryContextAttributesExW: Some(QueryContextAttributesExW),
            QueryCredentialsAttributesExW: Some(QueryCredentialsAttributesExW),
        });
        t as *const _ as PSecurityFunctionTableW
    })
}
