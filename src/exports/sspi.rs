//! The SSPI entry points (secur32 / sspicli), with Windows names and semantics.
//!
//! Each export: panic boundary, then its C arguments turned into checked Rust values (handles,
//! strings, descriptors, out-parameters: the only `unsafe` step), then one call into
//! [`crate::sspi`], the safe half. A/W pairs differ only in how strings cross the boundary.

use std::ffi::c_void;
use std::sync::OnceLock;

use super::auth_data::AuthArg;
use crate::abi::*;
use crate::buffers::DescArg;
use crate::context::Side;
use crate::ffi::trace::Arg;
use crate::ffi::{export, read_handle, Null, Out, Status, Text};
use crate::sspi::{self, ContextAttribute, CredentialAttribute, HandshakeCall};

#[doc(hidden)]
pub use crate::sspi::context_for_tests;

// ---- credentials -----------------------------------------------------------------------------

/// # Safety
/// The arguments of AcquireCredentialsHandle: `package` as its constructor requires, `auth`
/// NULL or the struct its first DWORD names, the out-pointers NULL or writable.
unsafe fn acquire_credentials(
    package: Text<'_>,
    use_: ULONG,
    auth: *mut c_void,
    ph_credential: PCredHandle,
    pts_expiry: PTimeStamp,
) -> SECURITY_STATUS {
    // SAFETY: forwarded contract.
    let (auth, handle, expiry) = unsafe {
        (
            AuthArg::new(auth).read(),
            Out::new(ph_credential),
            Out::new(pts_expiry),
        )
    };
    sspi::acquire_credentials(package, use_, auth, handle, expiry)
}

/// Acquires a Schannel credential (`SECPKG_CRED_OUTBOUND` for a client, `SECPKG_CRED_INBOUND`
/// for a server) from a `SCHANNEL_CRED` (dwVersion 3/4) or `SCH_CREDENTIALS` (dwVersion 5).
/// `pszPackage` is `UNISP_NAME_A` or "Schannel". Protocols: TLS 1.2 and 1.3 only. As on
/// Windows, a `SCHANNEL_CRED` (and a NULL `pAuthData`) never gives TLS 1.3: its TLS 1.3 bits
/// are ignored, and asking for TLS 1.3 alone is `SEC_E_ALGORITHM_MISMATCH`; `SCH_CREDENTIALS`
/// gives TLS 1.3 + 1.2 unless `TLS_PARAMETERS.grbitDisabledProtocols` says otherwise.
/// Certificates come from `PFXImportCertStore` or `SchShimCertFromPem`. Free with
/// `FreeCredentialsHandle`. An array inside `pAuthData` that is NULL with a non-zero count
/// (`palgSupportedAlgs`, `pTlsParameters`, `pDisabledCrypto` ...) or a CNG algorithm name that
/// is not UTF-16 is `SEC_E_UNKNOWN_CREDENTIALS`.
///
/// # Safety
/// As on Windows: `pszPackage` NULL or NUL-terminated; `pAuthData` NULL or the struct its
/// `dwVersion` names; `phCredential`/`ptsExpiry` NULL or writable.
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
    export(
        "AcquireCredentialsHandleA",
        Status,
        || {
            // SAFETY: the export's own arguments, valid as its contract says.
            unsafe {
                [
                    Arg::flags("fCredentialUse", fCredentialUse),
                    Arg::ptr("pAuthData", pAuthData),
                    Arg::out_handle("phCredential", phCredential),
                ]
            }
        },
        || {
            // SAFETY: the function's contract.
            unsafe {
                acquire_credentials(
                    Text::narrow(pszPackage),
                    fCredentialUse,
                    pAuthData,
                    phCredential,
                    ptsExpiry,
                )
            }
        },
    )
}

/// UTF-16 variant of `AcquireCredentialsHandleA` (`UNISP_NAME_W`, `u"Schannel"`).
///
/// # Safety
/// As `AcquireCredentialsHandleA`, `pszPackage` UTF-16.
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
    export(
        "AcquireCredentialsHandleW",
        Status,
        || {
            // SAFETY: the export's own arguments, valid as its contract says.
            unsafe {
                [
                    Arg::flags("fCredentialUse", fCredentialUse),
                    Arg::ptr("pAuthData", pAuthData),
                    Arg::out_handle("phCredential", phCredential),
                ]
            }
        },
        || {
            // SAFETY: the function's contract.
            unsafe {
                acquire_credentials(
                    Text::wide(pszPackage as *const u16),
                    fCredentialUse,
                    pAuthData,
                    phCredential,
                    ptsExpiry,
                )
            }
        },
    )
}

/// Releases a credential handle. Contexts created from it keep working until deleted.
///
/// # Safety
/// `phCredential` is NULL or points to a readable handle.
#[no_mangle]
pub unsafe extern "C" fn FreeCredentialsHandle(phCredential: PCredHandle) -> SECURITY_STATUS {
    export(
        "FreeCredentialsHandle",
        Status,
        || {
            // SAFETY: the export's own arguments, valid as its contract says.
            unsafe { [Arg::handle("phCredential", phCredential)] }
        },
        || {
            // SAFETY: the function's contract.
            sspi::free_credentials(unsafe { read_handle(phCredential) })
        },
    )
}

/// # Safety
/// `ph_credential` NULL or readable; `buffer` NULL or the struct the attribute names.
unsafe fn query_credentials(
    ph_credential: PCredHandle,
    attribute: ULONG,
    buffer: *mut c_void,
) -> SECURITY_STATUS {
    // SAFETY: forwarded contract.
    let handle = unsafe { read_handle(ph_credential) };
    match sspi::query_credentials(handle, attribute, !buffer.is_null()) {
        // SAFETY: the caller passes the struct the attribute names (non-NULL: checked above).
        Ok(CredentialAttribute::SupportedProtocols(v)) => unsafe {
            Out::new(buffer.cast()).write(v)
        },
        // SAFETY: as above.
        Ok(CredentialAttribute::CipherStrengths(v)) => unsafe { Out::new(buffer.cast()).write(v) },
        Err(s) => return s,
    }
    SEC_E_OK
}

/// Credential attributes: `SECPKG_ATTR_SUPPORTED_PROTOCOLS` (the effective `SP_PROT_*` bits)
/// and `SECPKG_ATTR_CIPHER_STRENGTHS` (the smallest and largest bulk key length the
/// credential allows: 128..256 unless restricted). Others: `SEC_E_UNSUPPORTED_FUNCTION`.
///
/// # Safety
/// `phCredential` NULL or readable; `pBuffer` NULL or the struct `ulAttribute` names.
#[no_mangle]
pub unsafe extern "C" fn QueryCredentialsAttributesA(
    phCredential: PCredHandle,
    ulAttribute: ULONG,
    pBuffer: *mut c_void,
) -> SECURITY_STATUS {
    // SAFETY: the function's contract.
    export(
        "QueryCredentialsAttributesA",
        Status,
        || {
            // SAFETY: the export's own arguments, valid as its contract says.
            unsafe {
                [
                    Arg::handle("phCredential", phCredential),
                    Arg::flags("ulAttribute", ulAttribute),
                ]
            }
        },
        || unsafe { query_credentials(phCredential, ulAttribute, pBuffer) },
    )
}

/// UTF-16 variant of `QueryCredentialsAttributesA` (the attributes carry no strings).
///
/// # Safety
/// As `QueryCredentialsAttributesA`.
#[no_mangle]
pub unsafe extern "C" fn QueryCredentialsAttributesW(
    phCredential: PCredHandle,
    ulAttribute: ULONG,
    pBuffer: *mut c_void,
) -> SECURITY_STATUS {
    // SAFETY: the function's contract.
    export(
        "QueryCredentialsAttributesW",
        Status,
        || {
            // SAFETY: the export's own arguments, valid as its contract says.
            unsafe {
                [
                    Arg::handle("phCredential", phCredential),
                    Arg::flags("ulAttribute", ulAttribute),
                ]
            }
        },
        || unsafe { query_credentials(phCredential, ulAttribute, pBuffer) },
    )
}

// ---- handshake ------------------------------------------------------------------------------

/// The common body of ISC (A/W) and ASC: the arguments, checked, for `sspi::security_context`.
///
/// # Safety
/// The arguments of ISC/ASC: handles NULL or readable; `target` as its constructor requires;
/// descriptors as `DescArg::new` requires; out-pointers NULL or writable.
#[allow(clippy::too_many_arguments)]
unsafe fn security_context(
    side: Side,
    ph_credential: PCredHandle,
    ph_context: PCtxtHandle,
    target: Option<Text<'_>>,
    req: ULONG,
    p_input: PSecBufferDesc,
    ph_new_context: PCtxtHandle,
    p_output: PSecBufferDesc,
    pf_context_attr: *mut ULONG,
    pts_expiry: PTimeStamp,
) -> SECURITY_STATUS {
    // SAFETY: forwarded contract.
    let call = unsafe {
        HandshakeCall {
            side,
            credential: read_handle(ph_credential),
            context: read_handle(ph_context),
            target,
            req,
            input: DescArg::new(p_input),
            output: DescArg::new(p_output),
            new_context: Out::new(ph_new_context),
            attributes: Out::new(pf_context_attr),
            expiry: Out::new(pts_expiry),
        }
    };
    sspi::security_context(call)
}

/// Client handshake step, Windows semantics (see CONTRACT §4): the first call (phContext NULL)
/// returns `SEC_I_CONTINUE_NEEDED` with the ClientHello; later calls take everything received
/// in a `SECBUFFER_TOKEN` followed by an `SECBUFFER_EMPTY` buffer, consume whole records only,
/// report leftovers as `SECBUFFER_EXTRA` and a partial record as `SEC_E_INCOMPLETE_MESSAGE` with
/// `SECBUFFER_MISSING`. `pszTargetName` gives SNI and the name the server certificate is checked
/// against. On an established context, given DecryptMessage's EXTRA after `SEC_I_RENEGOTIATE`,
/// it consumes the event record at its start, sends what the event left owed and returns the
/// rest as EXTRA; otherwise it sends the shutdown/alert requested with `ApplyControlToken`.
///
/// # Safety
/// As on Windows: handles NULL or readable; `pszTargetName` NULL or NUL-terminated;
/// descriptors NULL or valid with their buffers for the call; out-pointers NULL or writable.
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
    export(
        "InitializeSecurityContextA",
        Status,
        || {
            // SAFETY: the export's own arguments, valid as its contract says.
            unsafe {
                [
                    Arg::handle("phCredential", phCredential),
                    Arg::handle("phContext", phContext),
                    Arg::flags("fContextReq", fContextReq),
                    Arg::desc("pInput", pInput),
                    Arg::desc("pOutput", pOutput),
                    Arg::out_handle("phNewContext", phNewContext),
                    Arg::out_flags("pfContextAttr", pfContextAttr),
                ]
            }
        },
        || {
            // SAFETY: the function's contract.
            unsafe {
                security_context(
                    Side::Client,
                    phCredential,
                    phContext,
                    Some(Text::narrow(pszTargetName)),
                    fContextReq,
                    pInput,
                    phNewContext,
                    pOutput,
                    pfContextAttr,
                    ptsExpiry,
                )
            }
        },
    )
}

/// UTF-16 variant of `InitializeSecurityContextA` (`pszTargetName` is `u"host"`).
///
/// # Safety
/// As `InitializeSecurityContextA`, `pszTargetName` UTF-16.
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
    export(
        "InitializeSecurityContextW",
        Status,
        || {
            // SAFETY: the export's own arguments, valid as its contract says.
            unsafe {
                [
                    Arg::handle("phCredential", phCredential),
                    Arg::handle("phContext", phContext),
                    Arg::flags("fContextReq", fContextReq),
                    Arg::desc("pInput", pInput),
                    Arg::desc("pOutput", pOutput),
                    Arg::out_handle("phNewContext", phNewContext),
                    Arg::out_flags("pfContextAttr", pfContextAttr),
                ]
            }
        },
        || {
            // SAFETY: the function's contract.
            unsafe {
                security_context(
                    Side::Client,
                    phCredential,
                    phContext,
                    Some(Text::wide(pszTargetName as *const u16)),
                    fContextReq,
                    pInput,
                    phNewContext,
                    pOutput,
                    pfContextAttr,
                    ptsExpiry,
                )
            }
        },
    )
}

/// Server handshake step; same buffer rules as `InitializeSecurityContext`. The first call
/// takes the ClientHello (and an optional `SECBUFFER_APPLICATION_PROTOCOLS` with the server's
/// ALPN preference). No context is created until a call succeeds.
///
/// # Safety
/// As `InitializeSecurityContextA`.
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
    export(
        "AcceptSecurityContext",
        Status,
        || {
            // SAFETY: the export's own arguments, valid as its contract says.
            unsafe {
                [
                    Arg::handle("phCredential", phCredential),
                    Arg::handle("phContext", phContext),
                    Arg::flags("fContextReq", fContextReq),
                    Arg::desc("pInput", pInput),
                    Arg::desc("pOutput", pOutput),
                    Arg::out_handle("phNewContext", phNewContext),
                    Arg::out_flags("pfContextAttr", pfContextAttr),
                ]
            }
        },
        || {
            // SAFETY: the function's contract.
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
        },
    )
}

/// Deletes a context; its handle becomes invalid (`SEC_E_INVALID_HANDLE` afterwards).
///
/// # Safety
/// `phContext` is NULL or points to a readable handle.
#[no_mangle]
pub unsafe extern "C" fn DeleteSecurityContext(phContext: PCtxtHandle) -> SECURITY_STATUS {
    export(
        "DeleteSecurityContext",
        Status,
        || {
            // SAFETY: the export's own arguments, valid as its contract says.
            unsafe { [Arg::handle("phContext", phContext)] }
        },
        || {
            // SAFETY: the function's contract.
            sspi::delete_context(unsafe { read_handle(phContext) })
        },
    )
}

/// One TOKEN buffer holding `SCHANNEL_SHUTDOWN`, or an `SCHANNEL_ALERT_TOKEN`: the next
/// ISC/ASC on the context returns `SEC_E_OK` with that alert record as its token (encrypted once
/// the handshake is done). `SCHANNEL_RENEGOTIATE` and `SCHANNEL_SESSION` give
/// `SEC_E_UNSUPPORTED_FUNCTION`.
///
/// # Safety
/// `phContext` NULL or readable; `pInput` NULL or a valid descriptor.
#[no_mangle]
pub unsafe extern "C" fn ApplyControlToken(
    phContext: PCtxtHandle,
    pInput: PSecBufferDesc,
) -> SECURITY_STATUS {
    export(
        "ApplyControlToken",
        Status,
        || {
            // SAFETY: the export's own arguments, valid as its contract says.
            unsafe {
                [
                    Arg::handle("phContext", phContext),
                    Arg::desc("pInput", pInput),
                ]
            }
        },
        || {
            // SAFETY: the function's contract.
            let (handle, input) = unsafe { (read_handle(phContext), DescArg::new(pInput)) };
            sspi::apply_control_token(handle, input)
        },
    )
}

// ---- messages -------------------------------------------------------------------------------

/// Encrypts one record in place: `SECBUFFER_STREAM_HEADER | SECBUFFER_DATA |
/// SECBUFFER_STREAM_TRAILER` (sizes from `SECPKG_ATTR_STREAM_SIZES`). On return the three
/// `cbBuffer`s are the real sizes; send `hdr.cb + data.cb + trailer.cb` bytes from `hdr.pv`.
/// DATA over `cbMaximumMessage` is `SEC_E_ENCRYPT_FAILURE`; after a shutdown, the peer's
/// close_notify, or while a KeyUpdate reply is owed (until the follow-up ISC/ASC after
/// `SEC_I_RENEGOTIATE`) `SEC_E_CONTEXT_EXPIRED`.
///
/// # Safety
/// `phContext` NULL or readable; `pMessage` NULL or a valid descriptor whose buffers are
/// valid for reads and writes of their `cbBuffer` bytes during the call.
#[no_mangle]
pub unsafe extern "C" fn EncryptMessage(
    phContext: PCtxtHandle,
    _fQOP: ULONG,
    pMessage: PSecBufferDesc,
    _MessageSeqNo: ULONG,
) -> SECURITY_STATUS {
    export(
        "EncryptMessage",
        Status,
        || {
            // SAFETY: the export's own arguments, valid as its contract says.
            unsafe {
                [
                    Arg::handle("phContext", phContext),
                    Arg::desc("pMessage", pMessage),
                ]
            }
        },
        || {
            // SAFETY: the function's contract.
            let (handle, message) = unsafe { (read_handle(phContext), DescArg::new(pMessage)) };
            sspi::encrypt_message(handle, message)
        },
    )
}

/// Decrypts exactly one record in place. Input: `[0]` DATA with everything received, then at
/// least three EMPTY buffers. Output: STREAM_HEADER, DATA (the plaintext, may be 0 bytes),
/// STREAM_TRAILER, and EXTRA for bytes after the record. A partial record is
/// `SEC_E_INCOMPLETE_MESSAGE` with `SECBUFFER_MISSING`. Peer close_notify:
/// `SEC_I_CONTEXT_EXPIRED`; a TLS 1.3 NewSessionTicket/KeyUpdate or TLS 1.2 renegotiation
/// request: `SEC_I_RENEGOTIATE`, with EXTRA starting at that record itself (call ISC/ASC with
/// the EXTRA bytes: it consumes the record and returns what follows as EXTRA).
///
/// # Safety
/// As `EncryptMessage`; `pfQOP` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn DecryptMessage(
    phContext: PCtxtHandle,
    pMessage: PSecBufferDesc,
    _MessageSeqNo: ULONG,
    pfQOP: *mut ULONG,
) -> SECURITY_STATUS {
    export(
        "DecryptMessage",
        Status,
        || {
            // SAFETY: the export's own arguments, valid as its contract says.
            unsafe {
                [
                    Arg::handle("phContext", phContext),
                    Arg::desc("pMessage", pMessage),
                ]
            }
        },
        || {
            // SAFETY: the function's contract.
            let (handle, message, mut qop) = unsafe {
                (
                    read_handle(phContext),
                    DescArg::new(pMessage),
                    Out::new(pfQOP),
                )
            };
            let status = sspi::decrypt_message(handle, message);
            qop.write(0);
            status
        },
    )
}

// ---- attributes -----------------------------------------------------------------------------

/// # Safety
/// `ph_context` NULL or readable; `buffer` NULL or the struct the attribute names.
unsafe fn query_context(
    ph_context: PCtxtHandle,
    attribute: ULONG,
    buffer: *mut c_void,
    wide: bool,
) -> SECURITY_STATUS {
    // SAFETY: forwarded contract.
    let handle = unsafe { read_handle(ph_context) };
    let value = match sspi::query_context(handle, attribute, !buffer.is_null(), wide) {
        Ok(v) => v,
        Err(s) => return s,
    };
    // SAFETY (all arms): `buffer` is non-NULL (the safe half refused NULL) and the caller
    // passes the struct the attribute id names, which is the type written.
    unsafe {
        match value {
            ContextAttribute::StreamSizes(v) => Out::new(buffer.cast()).write(v),
            ContextAttribute::ConnectionInfo(v) => Out::new(buffer.cast()).write(v),
            ContextAttribute::CipherInfo(v) => Out::new(buffer.cast()).write(*v),
            ContextAttribute::SessionInfo(v) => Out::new(buffer.cast()).write(v),
            ContextAttribute::ApplicationProtocol(v) => Out::new(buffer.cast()).write(*v),
            ContextAttribute::KeyInfo(v) => Out::new(buffer.cast()).write(v),
            ContextAttribute::IssuerList(v) => Out::new(buffer.cast()).write(v),
            ContextAttribute::Bindings(v) => Out::new(buffer.cast()).write(v),
            ContextAttribute::Certificate(p) => Out::new(buffer.cast::<PCCERT_CONTEXT>()).write(p),
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
///
/// # Safety
/// `phContext` NULL or readable; `pBuffer` NULL or the struct `ulAttribute` names.
#[no_mangle]
pub unsafe extern "C" fn QueryContextAttributesA(
    phContext: PCtxtHandle,
    ulAttribute: ULONG,
    pBuffer: *mut c_void,
) -> SECURITY_STATUS {
    // SAFETY: the function's contract.
    export(
        "QueryContextAttributesA",
        Status,
        || {
            // SAFETY: the export's own arguments, valid as its contract says.
            unsafe {
                [
                    Arg::handle("phContext", phContext),
                    Arg::flags("ulAttribute", ulAttribute),
                ]
            }
        },
        || unsafe { query_context(phContext, ulAttribute, pBuffer, false) },
    )
}

/// UTF-16 variant of `QueryContextAttributesA` (KEY_INFO strings are UTF-16).
///
/// # Safety
/// As `QueryContextAttributesA`.
#[no_mangle]
pub unsafe extern "C" fn QueryContextAttributesW(
    phContext: PCtxtHandle,
    ulAttribute: ULONG,
    pBuffer: *mut c_void,
) -> SECURITY_STATUS {
    // SAFETY: the function's contract.
    export(
        "QueryContextAttributesW",
        Status,
        || {
            // SAFETY: the export's own arguments, valid as its contract says.
            unsafe {
                [
                    Arg::handle("phContext", phContext),
                    Arg::flags("ulAttribute", ulAttribute),
                ]
            }
        },
        || unsafe { query_context(phContext, ulAttribute, pBuffer, true) },
    )
}

/// Frees memory the package returned (allocated tokens, package infos, attribute strings and
/// blobs). NULL is `SEC_E_OK`.
///
/// # Safety
/// `pvContextBuffer` is NULL or memory this package returned and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn FreeContextBuffer(pvContextBuffer: *mut c_void) -> SECURITY_STATUS {
    export(
        "FreeContextBuffer",
        Status,
        || [Arg::ptr("pvContextBuffer", pvContextBuffer)],
        || {
            // SAFETY: everything we hand out comes from malloc; free(NULL) is a no-op.
            unsafe { libc::free(pvContextBuffer) };
            SEC_E_OK
        },
    )
}

// ---- packages -------------------------------------------------------------------------------

/// Lists the package under both of its names (`UNISP_NAME_A` and "Schannel"); free the array
/// with `FreeContextBuffer`.
///
/// # Safety
/// Both pointers NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn EnumerateSecurityPackagesA(
    pcPackages: *mut ULONG,
    ppPackageInfo: *mut PSecPkgInfoA,
) -> SECURITY_STATUS {
    export(
        "EnumerateSecurityPackagesA",
        Status,
        || [] as [Arg; 0],
        || {
            // SAFETY: the function's contract.
            let (count, infos) = unsafe { (Out::new(pcPackages), Out::new(ppPackageInfo.cast())) };
            sspi::enumerate_packages(count, infos, false)
        },
    )
}

/// UTF-16 variant of `EnumerateSecurityPackagesA`.
///
/// # Safety
/// Both pointers NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn EnumerateSecurityPackagesW(
    pcPackages: *mut ULONG,
    ppPackageInfo: *mut PSecPkgInfoW,
) -> SECURITY_STATUS {
    export(
        "EnumerateSecurityPackagesW",
        Status,
        || [] as [Arg; 0],
        || {
            // SAFETY: the function's contract.
            let (count, infos) = unsafe { (Out::new(pcPackages), Out::new(ppPackageInfo.cast())) };
            sspi::enumerate_packages(count, infos, true)
        },
    )
}

/// Package information for `UNISP_NAME_A` / "Schannel" (capabilities 0x7B3, cbMaxToken
/// 16384); other names `SEC_E_SECPKG_NOT_FOUND`. Free with `FreeContextBuffer`.
///
/// # Safety
/// `pszPackageName` NULL or NUL-terminated; `ppPackageInfo` NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn QuerySecurityPackageInfoA(
    pszPackageName: *mut SEC_CHAR,
    ppPackageInfo: *mut PSecPkgInfoA,
) -> SECURITY_STATUS {
    export(
        "QuerySecurityPackageInfoA",
        Status,
        || [] as [Arg; 0],
        || {
            // SAFETY: the function's contract.
            let (name, info) =
                unsafe { (Text::narrow(pszPackageName), Out::new(ppPackageInfo.cast())) };
            sspi::query_package(name, info, false)
        },
    )
}

/// UTF-16 variant of `QuerySecurityPackageInfoA`.
///
/// # Safety
/// As `QuerySecurityPackageInfoA`, the name UTF-16.
#[no_mangle]
pub unsafe extern "C" fn QuerySecurityPackageInfoW(
    pszPackageName: *mut SEC_WCHAR,
    ppPackageInfo: *mut PSecPkgInfoW,
) -> SECURITY_STATUS {
    export(
        "QuerySecurityPackageInfoW",
        Status,
        || [] as [Arg; 0],
        || {
            // SAFETY: the function's contract.
            let (name, info) = unsafe {
                (
                    Text::wide(pszPackageName as *const u16),
                    Out::new(ppPackageInfo.cast()),
                )
            };
            sspi::query_package(name, info, true)
        },
    )
}

// ---- what Schannel does not implement -------------------------------------------------------

/// Not used by Schannel: `SEC_E_UNSUPPORTED_FUNCTION`.
///
/// # Safety
/// None: the arguments are not read (the call is refused).
#[no_mangle]
pub unsafe extern "C" fn CompleteAuthToken(
    _phContext: PCtxtHandle,
    _pToken: PSecBufferDesc,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// No Windows accounts to impersonate: `SEC_E_UNSUPPORTED_FUNCTION`.
///
/// # Safety
/// None: the arguments are not read (the call is refused).
#[no_mangle]
pub unsafe extern "C" fn ImpersonateSecurityContext(_phContext: PCtxtHandle) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// No Windows accounts to impersonate: `SEC_E_UNSUPPORTED_FUNCTION`.
///
/// # Safety
/// None: the arguments are not read (the call is refused).
#[no_mangle]
pub unsafe extern "C" fn RevertSecurityContext(_phContext: PCtxtHandle) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported by Schannel: `SEC_E_UNSUPPORTED_FUNCTION`.
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
#[no_mangle]
pub unsafe extern "C" fn QuerySecurityContextToken(
    _phContext: PCtxtHandle,
    _Token: *mut HANDLE,
) -> SECURITY_STATUS {
    SEC_E_UNSUPPORTED_FUNCTION
}

/// Not supported: `SEC_E_UNSUPPORTED_FUNCTION`.
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: the arguments are not read (the call is refused).
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
///
/// # Safety
/// None: no arguments.
#[no_mangle]
pub unsafe extern "C" fn InitSecurityInterfaceA() -> PSecurityFunctionTableA {
    export(
        "InitSecurityInterfaceA",
        Null,
        || [] as [Arg; 0],
        || {
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
        },
    )
}

/// UTF-16 dispatch table; see `InitSecurityInterfaceA`.
///
/// # Safety
/// None: no arguments.
#[no_mangle]
pub unsafe extern "C" fn InitSecurityInterfaceW() -> PSecurityFunctionTableW {
    export(
        "InitSecurityInterfaceW",
        Null,
        || [] as [Arg; 0],
        || {
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
        },
    )
}
