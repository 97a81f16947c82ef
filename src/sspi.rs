//! The safe half of the SSPI exports, as `cert::api` is for crypt32.
//!
//! `exports::sspi` turns each C argument into a checked Rust value (handles, [`Text`],
//! [`DescArg`], [`Out`]) and makes one call here. This module owns the handle tables and
//! decides everything Windows decides per call: which credential or context a handle means, when
//! a new context comes into being, what a handshake outcome writes into the caller's buffers,
//! the flags returned, and the values the query functions report. No `unsafe` here.

use std::ffi::c_void;
use std::sync::Arc;

use crate::abi::*;
use crate::buffers::{
    self, DecryptBuffers, DescArg, EncryptBuffers, HandshakeInput, HandshakeOutput,
};
use crate::context::attributes::{self, Attribute};
use crate::context::{Call, Context, Side, StepResult};
use crate::credential::{AuthData, Credential, Direction, Request, Target};
use crate::ffi::{c_string_bytes, malloc_block, malloc_copy, Out, Text};
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

fn is_our_package(name: &Text<'_>) -> bool {
    let name = name.read().ok().flatten();
    name.is_some_and(|n| PACKAGE_ALIASES.iter().any(|a| a.eq_ignore_ascii_case(&n)))
}

const NO_EXPIRY: SECURITY_INTEGER = SECURITY_INTEGER {
    LowPart: 0,
    HighPart: 0,
};

// ---- credentials -----------------------------------------------------------------------------

/// AcquireCredentialsHandle: `auth` is `pAuthData` as read at the boundary (`Ok(None)` for
/// NULL).
pub(crate) fn acquire_credentials(
    package: Text<'_>,
    use_: ULONG,
    auth: Result<Option<AuthData>, SECURITY_STATUS>,
    mut handle: Out<'_, CredHandle>,
    mut expiry: Out<'_, TimeStamp>,
) -> SECURITY_STATUS {
    if !is_our_package(&package) {
        return SEC_E_SECPKG_NOT_FOUND;
    }
    let direction = match use_ & (SECPKG_CRED_INBOUND | SECPKG_CRED_OUTBOUND) {
        SECPKG_CRED_OUTBOUND => Direction::Outbound,
        SECPKG_CRED_INBOUND => Direction::Inbound,
        _ if matches!(auth, Ok(None)) => return SEC_E_NO_CREDENTIALS,
        _ => return SEC_E_UNKNOWN_CREDENTIALS,
    };
    let cred = match auth
        .and_then(|a| Request::from_auth(a, direction))
        .and_then(|req| Credential::acquire(direction, req))
    {
        Ok(c) => c,
        Err(s) => return s,
    };
    if handle.is_null() {
        return SEC_E_INVALID_HANDLE;
    }
    handle.write(CREDENTIALS.insert(Arc::new(cred)));
    expiry.write(NO_EXPIRY);
    SEC_E_OK
}

pub fn free_credentials(handle: Option<SecHandle>) -> SECURITY_STATUS {
    match handle.and_then(|h| CREDENTIALS.remove(&h)) {
        Some(_) => SEC_E_OK,
        None => SEC_E_INVALID_HANDLE,
    }
}

/// A credential attribute, ready for the caller's struct.
pub enum CredentialAttribute {
    SupportedProtocols(SecPkgCred_SupportedProtocols),
    CipherStrengths(SecPkgCred_CipherStrengths),
}

pub fn query_credentials(
    handle: Option<SecHandle>,
    attribute: ULONG,
    buffer_given: bool,
) -> Result<CredentialAttribute, SECURITY_STATUS> {
    let cred = handle
        .and_then(|h| CREDENTIALS.get(&h))
        .ok_or(SEC_E_INVALID_HANDLE)?;
    match attribute {
        SECPKG_ATTR_SUPPORTED_PROTOCOLS | SECPKG_ATTR_CIPHER_STRENGTHS if !buffer_given => {
            Err(SEC_E_INTERNAL_ERROR)
        }
        SECPKG_ATTR_SUPPORTED_PROTOCOLS => Ok(CredentialAttribute::SupportedProtocols(
            SecPkgCred_SupportedProtocols {
                grbitProtocol: cred.protocols,
            },
        )),
        SECPKG_ATTR_CIPHER_STRENGTHS => Ok(CredentialAttribute::CipherStrengths(
            SecPkgCred_CipherStrengths {
                dwMinimumCipherStrength: cred.cipher_strengths.0,
                dwMaximumCipherStrength: cred.cipher_strengths.1,
            },
        )),
        SECPKG_CRED_ATTR_NAMES => Err(SEC_E_NO_CREDENTIALS),
        _ => Err(SEC_E_UNSUPPORTED_FUNCTION),
    }
}

// ---- handshake ------------------------------------------------------------------------------

/// The arguments of InitializeSecurityContext (A/W) and AcceptSecurityContext, checked at the
/// boundary.
pub struct HandshakeCall<'a> {
    pub side: Side,
    pub credential: Option<SecHandle>,
    pub context: Option<SecHandle>,
    /// `pszTargetName` (clients only).
    pub target: Option<Text<'a>>,
    pub req: ULONG,
    pub input: DescArg<'a>,
    pub output: DescArg<'a>,
    pub new_context: Out<'a, CtxtHandle>,
    pub attributes: Out<'a, ULONG>,
    pub expiry: Out<'a, TimeStamp>,
}

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
    outcome: StepResult,
    input: &HandshakeInput<'_>,
    output: &HandshakeOutput<'_>,
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
            let extra = input.token_len().saturating_sub(outcome.consumed);
            if extra > 0 {
                input.mark_extra(extra);
            }
            outcome.status
        }
        failure => {
            // The token slot reports nothing to send (cb 0), unless the alert owed to the peer
            // goes there because the caller gave no ALERT buffer. A buffer too small for the
            // alert says it received nothing (cb 0), so a caller that sends cbBuffer bytes on
            // failure sends nothing rather than its uninitialised memory.
            let alert = if extended_error {
                &outcome.alert[..]
            } else {
                &[]
            };
            let token = match output.write_alert(alert) {
                Ok(true) => &[][..],
                Ok(false) => alert,
                Err(_) => {
                    output.clear_alerts();
                    alert
                }
            };
            if output.write_token(token).is_err() {
                output.clear_token();
            }
            failure
        }
    }
}

/// One ISC or ASC call.
pub fn security_context(mut call: HandshakeCall<'_>) -> SECURITY_STATUS {
    let (side, req) = (call.side, call.req);
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
    // phContext NULL is the first call; any handle given, a zeroed one included, must name a
    // live context (the ISC (Schannel) docs: "On the first call ... this pointer is NULL";
    // Wine's dispatcher likewise takes a non-NULL phContext as an existing context).
    let existing = call.context;
    let output = match HandshakeOutput::new(call.output, allocate) {
        Ok(o) => o,
        Err(s) => return s,
    };
    call.expiry.write(NO_EXPIRY);
    let status = match existing {
        Some(h) => {
            let Some(ctx) = CONTEXTS.get(&h) else {
                return SEC_E_INVALID_HANDLE;
            };
            // The call that sends an alert asked for with ApplyControlToken never reads its
            // input: callers pass uninitialised buffers there, even pInput == pOutput.
            let input = if ctx.alert_requested() {
                HandshakeInput::none()
            } else {
                match HandshakeInput::read(call.input, true) {
                    Ok(i) => i,
                    Err(s) => return s,
                }
            };
            let named = call.credential.and_then(|h| CREDENTIALS.get(&h));
            let step = Call {
                manual_validation: side == Side::Client
                    && req & ISC_REQ_MANUAL_CRED_VALIDATION != 0,
                credential_changed: named.is_some_and(|c| !Arc::ptr_eq(&c, &ctx.cred)),
                mutual_auth_added: side == Side::Server && req & ASC_REQ_MUTUAL_AUTH != 0,
                use_supplied_creds: side == Side::Client && req & ISC_REQ_USE_SUPPLIED_CREDS != 0,
                ..Call::continuation()
            };
            let outcome = ctx.step(input.token(), step);
            let status = deliver(Some(&ctx), outcome, &input, &output, extended_error);
            if matches!(status, SEC_E_OK | SEC_I_CONTINUE_NEEDED) {
                call.new_context.write(h);
            }
            status
        }
        None => {
            let Some(cred) = call.credential.and_then(|h| CREDENTIALS.get(&h)) else {
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
            let input = match HandshakeInput::read(call.input, side == Side::Server) {
                Ok(i) => i,
                Err(s) => return s,
            };
            let created = match side {
                Side::Client => {
                    // A name that cannot be read is no failure by itself (CONTRACT §4): it
                    // sends no SNI and matches no certificate, if the name is checked at all.
                    let name = call.target.map(|t| t.read());
                    let target = match &name {
                        None | Some(Ok(None)) => Target::None,
                        Some(Ok(Some(n))) => Target::Name(n),
                        Some(Err(_)) => Target::Unreadable,
                    };
                    let manual = req & ISC_REQ_MANUAL_CRED_VALIDATION != 0;
                    Context::client(cred, target, input.alpn.clone(), manual)
                }
                Side::Server => {
                    Context::server(cred, input.alpn.clone(), req & ASC_REQ_MUTUAL_AUTH != 0)
                }
            };
            let ctx = match created {
                Ok(c) => c,
                Err(s) => return s,
            };
            let step = Call {
                use_supplied_creds: side == Side::Client && req & ISC_REQ_USE_SUPPLIED_CREDS != 0,
                ..Call::first(side)
            };
            let outcome = ctx.step(input.token(), step);
            // No context exists until a call succeeds (Windows: a first ASC that returns
            // SEC_E_INCOMPLETE_MESSAGE is repeated with phContext NULL).
            let status = deliver(None, outcome, &input, &output, extended_error);
            if matches!(status, SEC_E_OK | SEC_I_CONTINUE_NEEDED) {
                if call.new_context.is_null() {
                    return SEC_E_INVALID_HANDLE;
                }
                call.new_context.write(CONTEXTS.insert(Arc::new(ctx)));
            }
            status
        }
    };
    // Written on failures too: callers test ISC_RET_EXTENDED_ERROR to decide whether to send
    // the alert in the output token (the SDK WebClient sample).
    call.attributes.write(returned_flags(side, req));
    status
}

pub fn delete_context(handle: Option<SecHandle>) -> SECURITY_STATUS {
    match handle.and_then(|h| CONTEXTS.remove(&h)) {
        Some(_) => SEC_E_OK,
        None => SEC_E_INVALID_HANDLE,
    }
}

/// ApplyControlToken; `input_given` is false for a NULL descriptor (Windows:
/// `SEC_E_INTERNAL_ERROR`, checked after the handle).
pub fn apply_control_token(handle: Option<SecHandle>, input: DescArg<'_>) -> SECURITY_STATUS {
    let Some(ctx) = handle.and_then(|h| CONTEXTS.get(&h)) else {
        return SEC_E_INVALID_HANDLE;
    };
    if input.is_null() {
        return SEC_E_INTERNAL_ERROR;
    }
    match buffers::control_token(input) {
        Ok(token) => ctx.apply_control(token),
        Err(s) => s,
    }
}

// ---- messages -------------------------------------------------------------------------------

pub fn encrypt_message(handle: Option<SecHandle>, message: DescArg<'_>) -> SECURITY_STATUS {
    let Some(ctx) = handle.and_then(|h| CONTEXTS.get(&h)) else {
        return SEC_E_INVALID_HANDLE;
    };
    match EncryptBuffers::new(message) {
        Ok(mut b) => ctx.encrypt(&mut b),
        Err(s) => s,
    }
}

pub fn decrypt_message(handle: Option<SecHandle>, message: DescArg<'_>) -> SECURITY_STATUS {
    let Some(ctx) = handle.and_then(|h| CONTEXTS.get(&h)) else {
        return SEC_E_INVALID_HANDLE;
    };
    match DecryptBuffers::new(message) {
        Ok(mut b) => ctx.decrypt(&mut b),
        Err(s) => s,
    }
}

// ---- attributes -----------------------------------------------------------------------------

/// A context attribute, ready for the caller's struct; strings and blobs are already in memory
/// `FreeContextBuffer` releases.
pub enum ContextAttribute {
    StreamSizes(SecPkgContext_StreamSizes),
    ConnectionInfo(SecPkgContext_ConnectionInfo),
    CipherInfo(Box<SecPkgContext_CipherInfo>),
    SessionInfo(SecPkgContext_SessionInfo),
    ApplicationProtocol(Box<SecPkgContext_ApplicationProtocol>),
    /// The A struct; the W one has the same layout, its strings UTF-16.
    KeyInfo(SecPkgContext_KeyInfoA),
    IssuerList(SecPkgContext_IssuerListInfoEx),
    Bindings(SecPkgContext_Bindings),
    Certificate(PCCERT_CONTEXT),
}

fn malloc_str(s: &str, wide: bool) -> *mut c_void {
    malloc_copy(&c_string_bytes(s, wide)).cast()
}

pub fn query_context(
    handle: Option<SecHandle>,
    attribute: ULONG,
    buffer_given: bool,
    wide: bool,
) -> Result<ContextAttribute, SECURITY_STATUS> {
    let ctx = handle
        .and_then(|h| CONTEXTS.get(&h))
        .ok_or(SEC_E_INVALID_HANDLE)?;
    if !buffer_given {
        return Err(SEC_E_INTERNAL_ERROR);
    }
    Ok(match attributes::query(&ctx, attribute)? {
        Attribute::StreamSizes(v) => ContextAttribute::StreamSizes(v),
        Attribute::ConnectionInfo(v) => ContextAttribute::ConnectionInfo(v),
        Attribute::CipherInfo(v) => ContextAttribute::CipherInfo(v),
        Attribute::SessionInfo(v) => ContextAttribute::SessionInfo(v),
        Attribute::ApplicationProtocol(v) => ContextAttribute::ApplicationProtocol(v),
        Attribute::Certificate(p) => ContextAttribute::Certificate(p),
        Attribute::KeyInfo(k) => ContextAttribute::KeyInfo(SecPkgContext_KeyInfoA {
            sSignatureAlgorithmName: malloc_str(k.signature_name, wide).cast(),
            sEncryptAlgorithmName: malloc_str(k.encrypt_name, wide).cast(),
            KeySize: k.key_size,
            SignatureAlgorithm: k.signature_algorithm,
            EncryptAlgorithm: k.encrypt_algorithm,
        }),
        Attribute::Issuers(names) => {
            let strings: Vec<&[u8]> = names.iter().map(Vec::as_slice).collect();
            let array = if names.is_empty() {
                std::ptr::null_mut()
            } else {
                let block = malloc_block(names.len(), &strings, |places| {
                    names
                        .iter()
                        .zip(places)
                        .map(|(name, &at)| CERT_NAME_BLOB {
                            cbData: name.len() as DWORD,
                            pbData: at,
                        })
                        .collect()
                });
                if block.is_null() {
                    return Err(SEC_E_INSUFFICIENT_MEMORY);
                }
                block
            };
            ContextAttribute::IssuerList(SecPkgContext_IssuerListInfoEx {
                aIssuers: array,
                cIssuers: names.len() as DWORD,
            })
        }
        Attribute::Bindings(block) => {
            let p = malloc_copy(&block);
            if p.is_null() {
                return Err(SEC_E_INSUFFICIENT_MEMORY);
            }
            ContextAttribute::Bindings(SecPkgContext_Bindings {
                BindingsLength: block.len() as ULONG,
                Bindings: p.cast(),
            })
        }
    })
}

// ---- packages -------------------------------------------------------------------------------

/// One block holding `SecPkgInfo` entries for `names`, followed by their strings, so a single
/// `FreeContextBuffer` releases everything. The A and W structs share one layout.
fn package_infos(names: &[&str], wide: bool) -> *mut SecPkgInfoA {
    let texts: Vec<Vec<u8>> = names
        .iter()
        .flat_map(|n| {
            [
                c_string_bytes(n, wide),
                c_string_bytes(PACKAGE_COMMENT, wide),
            ]
        })
        .collect();
    let strings: Vec<&[u8]> = texts.iter().map(Vec::as_slice).collect();
    malloc_block(names.len(), &strings, |places| {
        places
            .chunks(2)
            .map(|pair| SecPkgInfoA {
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
                Name: pair[0].cast(),
                Comment: pair[1].cast(),
            })
            .collect()
    })
}

/// EnumerateSecurityPackages: the package under both of its names.
pub fn enumerate_packages(
    mut count: Out<'_, ULONG>,
    mut infos: Out<'_, *mut c_void>,
    wide: bool,
) -> SECURITY_STATUS {
    if count.is_null() || infos.is_null() {
        return SEC_E_INVALID_TOKEN;
    }
    let block = package_infos(&PACKAGE_ALIASES[..2], wide);
    if block.is_null() {
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    count.write(2);
    infos.write(block.cast());
    SEC_E_OK
}

/// QuerySecurityPackageInfo.
pub fn query_package(
    name: Text<'_>,
    mut info: Out<'_, *mut c_void>,
    wide: bool,
) -> SECURITY_STATUS {
    if !is_our_package(&name) {
        return SEC_E_SECPKG_NOT_FOUND;
    }
    if info.is_null() {
        return SEC_E_INVALID_TOKEN;
    }
    let block = package_infos(&[PACKAGE_NAME], wide);
    if block.is_null() {
        return SEC_E_INSUFFICIENT_MEMORY;
    }
    info.write(block.cast());
    SEC_E_OK
}
