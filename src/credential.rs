//! `AcquireCredentialsHandle`: from `SCHANNEL_CRED` / `SCH_CREDENTIALS` to rustls configs.
//!
//! A credential is shared by every context created from it (curl keeps one per host and
//! reuses it), so it owns what Windows keeps per credential: the protocol set, the validation
//! policy, the client session cache (keyed by target name) and the server's ticket keys.
//! The rustls configs are built once here; contexts only clone `Arc`s.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{
    ClientSessionMemoryCache, ClientSessionStore, ResolvesClientCert, Resumption,
    Tls12ClientSessionValue, Tls13ClientSessionValue, WebPkiServerVerifier,
};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::{
    AlertDescription, CertificateError, ClientConfig, DigitallySignedStruct, DistinguishedName,
    Error, KeyLog, NamedGroup, RootCertStore, ServerConfig, SignatureScheme,
    SupportedProtocolVersion,
};

use crate::abi::*;

/// The ring provider, shared by every config in the process.
pub static PROVIDER: LazyLock<Arc<CryptoProvider>> =
    LazyLock::new(|| Arc::new(rustls::crypto::ring::default_provider()));

/// The system trust store, loaded once: reading it costs hundreds of milliseconds.
/// rustls-native-certs honours `SSL_CERT_FILE` / `SSL_CERT_DIR`.
static SYSTEM_ROOTS: LazyLock<Arc<RootCertStore>> = LazyLock::new(|| {
    let mut roots = RootCertStore::empty();
    let found = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(found.certs);
    Arc::new(roots)
});

/// `SSLKEYLOGFILE`, read once, when the process makes its first credential (as curl and NSS
/// read it once at start-up). Set: one `KeyLogFile` for every config of every credential, so
/// the file is opened once (append, mode 0600) and lines from client and server contexts,
/// whatever thread, are written whole under its one lock. Unset or empty: rustls's `NoKeyLog`,
/// whose `will_log` is false, so a handshake formats no secret, takes no lock, and makes no
/// system call for it. Secrets after a TLS 1.3 KeyUpdate are not logged: the NSS format names
/// only the `_0` generation, and Wireshark derives the next ones itself at each KeyUpdate it
/// sees.
static KEY_LOG: LazyLock<Arc<dyn KeyLog>> = LazyLock::new(|| {
    let set = std::env::var_os("SSLKEYLOGFILE").is_some_and(|path| !path.is_empty());
    if set {
        Arc::new(rustls::KeyLogFile::new())
    } else {
        Arc::new(rustls::NoKeyLog)
    }
});

/// Client protocol bits we can negotiate, and the server ones.
const CLIENT_SUPPORTED: u32 = SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT;
const SERVER_SUPPORTED: u32 = SP_PROT_TLS1_2_SERVER | SP_PROT_TLS1_3_SERVER;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Direction {
    Inbound,
    Outbound,
}

/// Client half: two configs sharing one verifier and one session store, with SNI and
/// without (contexts without a usable `pszTargetName`). How a context validates is not part of
/// the config: it is the context's [`Validation`], which may change up to the call that
/// processes the server's certificate (CONTRACT §4), read by the verifier and the session store
/// while the context drives rustls.
pub struct ClientSide {
    pub named: Arc<ClientConfig>,
    pub anonymous: Arc<ClientConfig>,
}

/// Server half: one config that does not ask for a client certificate and one that does
/// (`ASC_REQ_MUTUAL_AUTH`), each with its own session cache so a session made without a client
/// certificate never resumes where one is required.
pub struct ServerSide {
    pub plain: Arc<ServerConfig>,
    pub mutual: Arc<ServerConfig>,
}

pub struct Credential {
    pub direction: Direction,
    /// Effective `SP_PROT_*` bits (what `SECPKG_ATTR_SUPPORTED_PROTOCOLS` reports).
    pub protocols: u32,
    pub flags: DWORD,
    pub client: Option<ClientSide>,
    /// `None` for an inbound credential without a certificate: ASC then fails with
    /// `SEC_E_NO_CREDENTIALS`, as on Windows.
    pub server: Option<ServerSide>,
    /// The certificate we present (leaf first), for `SECPKG_ATTR_LOCAL_CERT_CONTEXT`.
    pub local_chain: Vec<CertificateDer<'static>>,
    /// Smallest and largest bulk key length the credential allows, in bits
    /// (`SECPKG_ATTR_CIPHER_STRENGTHS`).
    pub cipher_strengths: (u32, u32),
    /// Client side: the OCSP response each server certificate (by SHA-256 of its DER) came with
    /// in the last full handshake, for the sessions resumed from it, where no certificate and no
    /// response are sent but the application still checks the server's revocation status.
    staples: Mutex<HashMap<[u8; 32], Vec<u8>>>,
}

/// Server certificates whose stapled response a client credential remembers; past this the
/// oldest memories are dropped all at once (a resumed session then reads as never stapled).
const MAX_STAPLES: usize = 256;

fn leaf_key(leaf: &CertificateDer<'_>) -> [u8; 32] {
    let mut k = [0u8; 32];
    k.copy_from_slice(ring::digest::digest(&ring::digest::SHA256, leaf.as_ref()).as_ref());
    k
}

impl Credential {
    /// The stapled OCSP response a client context gets for `leaf`: `stapled` after a full
    /// handshake (remembered for later resumptions of its sessions), the one remembered from
    /// the full handshake after a resumed one.
    pub fn stapled_ocsp(
        &self,
        leaf: Option<&CertificateDer<'_>>,
        resumed: bool,
        stapled: Vec<u8>,
    ) -> Vec<u8> {
        let Some(leaf) = leaf else {
            return stapled;
        };
        // Each critical section is one lookup or insertion: a poisoned lock is consistent.
        let mut staples = self.staples.lock().unwrap_or_else(|p| p.into_inner());
        if resumed {
            return staples.get(&leaf_key(leaf)).cloned().unwrap_or_default();
        }
        if staples.len() >= MAX_STAPLES {
            staples.clear();
        }
        staples.insert(leaf_key(leaf), stapled.clone());
        stapled
    }
}

/// The bulk ciphers rustls offers with ring, as Schannel's cipher restrictions name them.
///
/// cbindgen:ignore
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum BulkCipher {
    Aes128Gcm,
    Aes256Gcm,
    Chacha20Poly1305,
}

impl BulkCipher {
    pub fn of(suite: rustls::SupportedCipherSuite) -> BulkCipher {
        let name = format!("{:?}", suite.suite());
        if name.contains("AES_128_GCM") {
            BulkCipher::Aes128Gcm
        } else if name.contains("AES_256_GCM") {
            BulkCipher::Aes256Gcm
        } else {
            BulkCipher::Chacha20Poly1305
        }
    }

    /// Key length in bits (what `dwMinimumCipherStrength` and `dwMin/MaxBitLength` compare).
    pub fn bits(self) -> u32 {
        match self {
            BulkCipher::Aes128Gcm => 128,
            _ => 256,
        }
    }

    pub const ALL: [BulkCipher; 3] = [
        BulkCipher::Aes128Gcm,
        BulkCipher::Aes256Gcm,
        BulkCipher::Chacha20Poly1305,
    ];
}

/// What the caller's `pAuthData` holds, copied out of the C struct by `exports::auth_data`
/// (the C boundary) and not yet judged: [`Request::from_auth`] applies the policy.
pub(crate) enum AuthData {
    /// `SCHANNEL_CRED` (dwVersion 3 or 4).
    SchannelCred {
        enabled_protocols: u32,
        alg_ids: Vec<ALG_ID>,
        min_strength: u32,
        max_strength: u32,
        common: AuthCommon,
    },
    /// `SCH_CREDENTIALS` (dwVersion 5), with its connection-wide `TLS_PARAMETERS` (those
    /// without ALPN ids; parameters scoped to ALPN ids only apply to those protocols).
    SchCredentials {
        disabled_protocols: u32,
        disabled_crypto: Vec<DisabledCrypto>,
        common: AuthCommon,
    },
}

/// The fields both credential structs share.
pub(crate) struct AuthCommon {
    pub flags: DWORD,
    pub c_creds: DWORD,
    /// `paCred[0]`, read only when `cCreds` is 1 and `paCred` is not NULL.
    pub first_cred: Option<PCCERT_CONTEXT>,
    /// `hRootStore` (NULL when none).
    pub root_store: HCERTSTORE,
}

/// One `TLS_PARAMETERS.pDisabledCrypto` entry, its strings decoded.
pub(crate) struct DisabledCrypto {
    pub usage: eTlsAlgorithmUsage,
    pub algorithm: String,
    pub chaining_modes: Vec<String>,
    pub min_bits: u32,
    pub max_bits: u32,
}

/// What the caller's `pAuthData` says once judged, independent of its struct version.
pub(crate) struct Request {
    /// Bulk ciphers the caller allows (`SCHANNEL_CRED.palgSupportedAlgs` and cipher strengths,
    /// `TLS_PARAMETERS.pDisabledCrypto`); all of them when it says nothing.
    pub ciphers: Vec<BulkCipher>,
    /// Effective `SP_PROT_*` bits: asked ∩ supported for the direction (never empty).
    pub protocols: u32,
    pub flags: DWORD,
    /// `paCred` (0 or 1 entries).
    pub certs: Vec<PCCERT_CONTEXT>,
    /// `hRootStore` (NULL when none).
    pub root_store: HCERTSTORE,
}

const DTLS_BITS: u32 = SP_PROT_DTLS1_X_CLIENT | SP_PROT_DTLS1_X_SERVER;
const TLS13_BITS: u32 = SP_PROT_TLS1_3_CLIENT | SP_PROT_TLS1_3_SERVER;

impl Request {
    /// Windows' rules for `pAuthData`: NULL is the default client (a zeroed `SCHANNEL_CRED`)
    /// and no server; `SCHANNEL_CRED` never gives TLS 1.3 (CONTRACT §3); DTLS is refused; the
    /// protocols asked are intersected with what the direction supports, and nothing left is
    /// `SEC_E_ALGORITHM_MISMATCH`; more than one certificate is `SEC_E_UNKNOWN_CREDENTIALS`.
    pub(crate) fn from_auth(
        auth: Option<AuthData>,
        direction: Direction,
    ) -> Result<Request, SECURITY_STATUS> {
        let supported = supported_protocols(direction);
        let Some(auth) = auth else {
            return match direction {
                Direction::Outbound => Ok(default_client_request()),
                Direction::Inbound => Err(SEC_E_NO_CREDENTIALS),
            };
        };
        let mut ciphers = BulkCipher::ALL.to_vec();
        let (protocols, common) = match auth {
            AuthData::SchannelCred {
                enabled_protocols,
                alg_ids,
                min_strength,
                max_strength,
                common,
            } => {
                if enabled_protocols & DTLS_BITS != 0 {
                    return Err(SEC_E_ALGORITHM_MISMATCH);
                }
                // Windows never negotiates TLS 1.3 with a SCHANNEL_CRED, whatever its bits
                // say: code written for it sets the 1.3 bit "for the future" and then breaks on
                // what it never handles (the client Finished in the SEC_E_OK token, tickets as
                // SEC_I_RENEGOTIATE). No bits means the defaults, TLS 1.2; 1.3 alone is a
                // mismatch.
                let enabled = if enabled_protocols == 0 {
                    SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_2_SERVER
                } else {
                    enabled_protocols & !TLS13_BITS
                };
                restrict_by_alg_ids(&mut ciphers, &alg_ids);
                ciphers.retain(|b| within(b.bits(), min_strength, max_strength));
                (enabled & supported, common)
            }
            AuthData::SchCredentials {
                disabled_protocols,
                disabled_crypto,
                common,
            } => {
                for setting in &disabled_crypto {
                    disable_crypto(&mut ciphers, setting);
                }
                (supported & !disabled_protocols, common)
            }
        };
        if common.c_creds > 1 {
            return Err(SEC_E_UNKNOWN_CREDENTIALS);
        }
        let certs = match (common.c_creds, common.first_cred) {
            (0, _) => Vec::new(),
            (_, Some(cert)) => vec![cert],
            (_, None) => return Err(SEC_E_UNKNOWN_CREDENTIALS),
        };
        if protocols == 0 {
            return Err(SEC_E_ALGORITHM_MISMATCH);
        }
        Ok(Request {
            ciphers,
            protocols,
            flags: common.flags,
            certs,
            root_store: common.root_store,
        })
    }
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
fn disable_crypto(ciphers: &mut Vec<BulkCipher>, setting: &DisabledCrypto) {
    if setting.usage != TlsParametersCngAlgUsageCipher {
        return;
    }
    let name = &setting.algorithm;
    let targets: &[BulkCipher] = if name.eq_ignore_ascii_case("AES") {
        &[BulkCipher::Aes128Gcm, BulkCipher::Aes256Gcm]
    } else if name.eq_ignore_ascii_case("CHACHA20_POLY1305") {
        &[BulkCipher::Chacha20Poly1305]
    } else {
        return;
    };
    let modes = &setting.chaining_modes;
    if !modes.is_empty() && !modes.iter().any(|m| m == "ChainingModeGCM") {
        return;
    }
    let (min, max) = (setting.min_bits, setting.max_bits);
    let bounded = min != 0 || max != 0;
    ciphers.retain(|c| !targets.contains(c) || (bounded && within(c.bits(), min, max)));
}

/// Protocol bits this package can negotiate, by direction.
fn supported_protocols(direction: Direction) -> u32 {
    match direction {
        Direction::Outbound => CLIENT_SUPPORTED,
        Direction::Inbound => SERVER_SUPPORTED,
    }
}

/// The default client request (`pAuthData` NULL): a zeroed `SCHANNEL_CRED`, so TLS 1.2 only.
fn default_client_request() -> Request {
    Request {
        ciphers: BulkCipher::ALL.to_vec(),
        protocols: SP_PROT_TLS1_2_CLIENT,
        flags: 0,
        certs: Vec::new(),
        root_store: std::ptr::null_mut(),
    }
}

/// The ring provider with only the suites whose bulk cipher the caller allows; the shared one
/// when nothing is restricted. No suite left for the enabled versions: `SEC_E_ALGORITHM_MISMATCH`.
fn restricted_provider(
    ciphers: &[BulkCipher],
    versions: &[&'static SupportedProtocolVersion],
) -> Result<Arc<CryptoProvider>, SECURITY_STATUS> {
    let suites: Vec<_> = PROVIDER
        .cipher_suites
        .iter()
        .copied()
        .filter(|s| ciphers.contains(&BulkCipher::of(*s)))
        .collect();
    if !suites.iter().any(|s| versions.contains(&s.version())) {
        return Err(SEC_E_ALGORITHM_MISMATCH);
    }
    if suites.len() == PROVIDER.cipher_suites.len() {
        return Ok(PROVIDER.clone());
    }
    Ok(Arc::new(CryptoProvider {
        cipher_suites: suites,
        ..(**PROVIDER).clone()
    }))
}

fn versions(protocols: u32) -> Vec<&'static SupportedProtocolVersion> {
    let mut v = Vec::new();
    if protocols & (SP_PROT_TLS1_3_CLIENT | SP_PROT_TLS1_3_SERVER) != 0 {
        v.push(&rustls::version::TLS13);
    }
    if protocols & (SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_2_SERVER) != 0 {
        v.push(&rustls::version::TLS12);
    }
    v
}

impl Credential {
    pub(crate) fn acquire(
        direction: Direction,
        req: Request,
    ) -> Result<Credential, SECURITY_STATUS> {
        let identity = match req.certs.first() {
            Some(&ctx) => {
                let id = crate::cert::identity_of(ctx).ok_or(SEC_E_UNKNOWN_CREDENTIALS)?;
                if id.key.is_none() {
                    return Err(SEC_E_NO_CREDENTIALS);
                }
                Some(id)
            }
            None => None,
        };
        let versions = versions(req.protocols);
        let provider = restricted_provider(&req.ciphers, &versions)?;
        let local_chain = identity
            .as_ref()
            .map(|i| i.chain.clone())
            .unwrap_or_default();
        let reconnects = req.flags & SCH_CRED_DISABLE_RECONNECTS == 0;
        let bits = req.ciphers.iter().map(|c| c.bits());
        let cipher_strengths = (bits.clone().min().unwrap_or(0), bits.max().unwrap_or(0));
        let mut cred = Credential {
            direction,
            protocols: req.protocols,
            flags: req.flags,
            client: None,
            server: None,
            local_chain,
            cipher_strengths,
            staples: Mutex::new(HashMap::new()),
        };
        match direction {
            Direction::Outbound => {
                let resumption = if reconnects {
                    Resumption::store(Arc::new(SessionsByValidation::default()))
                } else {
                    Resumption::disabled()
                };
                let certified = match &identity {
                    Some(id) => Some(Arc::new(
                        CertifiedKey::from_der(
                            id.chain.clone(),
                            id.key.as_ref().ok_or(SEC_E_NO_CREDENTIALS)?.clone_key(),
                            &PROVIDER,
                        )
                        .map_err(|_| SEC_E_NO_CREDENTIALS)?,
                    )),
                    None => None,
                };
                let client_identity: Arc<dyn ResolvesClientCert> =
                    Arc::new(ClientIdentity { certified });
                let verifier = Arc::new(ServerCertCheck::new());
                let build = |sni: bool| -> Result<Arc<ClientConfig>, SECURITY_STATUS> {
                    let builder = ClientConfig::builder_with_provider(provider.clone())
                        .with_protocol_versions(&versions)
                        .map_err(|_| SEC_E_ALGORITHM_MISMATCH)?
                        .dangerous()
                        .with_custom_certificate_verifier(verifier.clone());
                    let mut cfg = builder.with_client_cert_resolver(client_identity.clone());
                    cfg.enable_secret_extraction = true;
                    cfg.enable_sni = sni;
                    cfg.resumption = resumption.clone();
                    cfg.key_log = KEY_LOG.clone();
                    Ok(Arc::new(cfg))
                };
                cred.client = Some(ClientSide {
                    named: build(true)?,
                    anonymous: build(false)?,
                });
            }
            Direction::Inbound => {
                if let Some(id) = identity {
                    let key = id.key.ok_or(SEC_E_NO_CREDENTIALS)?;
                    let mut certified = CertifiedKey::from_der(id.chain, key, &PROVIDER)
                        .map_err(|_| SEC_E_NO_CREDENTIALS)?;
                    // Stapled to every client that asks (status_request), TLS 1.2 and 1.3.
                    certified.ocsp = id.ocsp_response.filter(|r| !r.is_empty());
                    let certified = Arc::new(certified);
                    let hints = root_hints(req.root_store)?;
                    let build = |mutual: bool| -> Result<Arc<ServerConfig>, SECURITY_STATUS> {
                        let builder = ServerConfig::builder_with_provider(provider.clone())
                            .with_protocol_versions(&versions)
                            .map_err(|_| SEC_E_ALGORITHM_MISMATCH)?;
                        let builder = if mutual {
                            builder.with_client_cert_verifier(Arc::new(ClientCertRequest {
                                hints: hints.clone(),
                                algorithms: PROVIDER.signature_verification_algorithms,
                            }))
                        } else {
                            builder.with_no_client_auth()
                        };
                        let mut cfg = builder.with_cert_resolver(Arc::new(ServerIdentity {
                            certified: certified.clone(),
                            tls13: versions.contains(&&rustls::version::TLS13),
                        }));
                        cfg.enable_secret_extraction = true;
                        cfg.key_log = KEY_LOG.clone();
                        // Schannel servers choose by their own preference order.
                        cfg.ignore_client_order = true;
                        if reconnects {
                            cfg.ticketer = rustls::crypto::ring::Ticketer::new()
                                .map_err(|_| SEC_E_INTERNAL_ERROR)?;
                        } else {
                            cfg.session_storage =
                                Arc::new(rustls::server::NoServerSessionStorage {});
                            cfg.send_tls13_tickets = 0;
                        }
                        Ok(Arc::new(cfg))
                    };
                    cred.server = Some(ServerSide {
                        plain: build(false)?,
                        mutual: build(true)?,
                    });
                }
            }
        }
        Ok(cred)
    }

    /// The rustls config and server name for a new client context, and how its name is
    /// checked. A target that is no valid DNS name or IP literal sends no SNI and can match no
    /// certificate: the context fails only if the name is checked (CONTRACT §4). NULL targets
    /// go without SNI and without a name check.
    pub fn client_config(
        &self,
        target: Target<'_>,
    ) -> Result<(Arc<ClientConfig>, ServerName<'static>, NameCheck), SECURITY_STATUS> {
        let side = self.client.as_ref().ok_or(SEC_E_INVALID_HANDLE)?;
        let name = match target {
            Target::None => return Ok((side.anonymous.clone(), anonymous_name(), NameCheck::Skip)),
            Target::Name(t) => ServerName::try_from(t.to_owned()).ok(),
            Target::Unreadable => None,
        };
        Ok(match name {
            Some(name) => (side.named.clone(), name, NameCheck::Target),
            None => (
                side.anonymous.clone(),
                anonymous_name(),
                NameCheck::Unmatchable,
            ),
        })
    }

    /// The validation of a client context that has asked for manual validation
    /// (`ISC_REQ_MANUAL_CRED_VALIDATION`) or not, as this credential's flags modify it.
    pub fn validation(&self, manual_asked: bool, name: NameCheck) -> Validation {
        let manual = manual_asked || self.flags & SCH_CRED_MANUAL_CRED_VALIDATION != 0;
        let skip_name = manual || self.flags & SCH_CRED_NO_SERVERNAME_CHECK != 0;
        Validation {
            manual,
            name: if skip_name { NameCheck::Skip } else { name },
        }
    }
}

/// A client's `pszTargetName`.
#[derive(Clone, Copy, Debug)]
pub enum Target<'a> {
    /// NULL or empty.
    None,
    Name(&'a str),
    /// Not valid UTF-8 / UTF-16 (a narrow string passed to the W function, say).
    Unreadable,
}

/// How a client context checks the server's certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validation {
    /// The application validates (`SCH_CRED_MANUAL_CRED_VALIDATION` /
    /// `ISC_REQ_MANUAL_CRED_VALIDATION`); the handshake signature is still verified.
    pub manual: bool,
    pub name: NameCheck,
}

/// Whether the certificate must match the context's `pszTargetName`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameCheck {
    Skip,
    /// Against the server name rustls was given.
    Target,
    /// The target was no DNS name or IP literal: no certificate matches it.
    Unmatchable,
}

/// What the verifier and the session store assume when no context has said (never the case
/// while rustls runs a handshake): full validation.
const STRICTEST: Validation = Validation {
    manual: false,
    name: NameCheck::Target,
};

thread_local! {
    /// The validation of the context driving rustls on this thread. rustls calls the verifier
    /// and the session store synchronously inside the calls a context makes, so a per-context
    /// choice reaches them here without a config per choice.
    static VALIDATION: std::cell::Cell<Option<Validation>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` (a context's calls into rustls) with `v` as the current validation.
pub fn with_validation<R>(v: Validation, f: impl FnOnce() -> R) -> R {
    let previous = VALIDATION.with(|c| c.replace(Some(v)));
    let result = f();
    VALIDATION.with(|c| c.set(previous));
    result
}

fn current_validation() -> Validation {
    VALIDATION.with(|c| c.get()).unwrap_or(STRICTEST)
}

/// The client session store of a credential: sessions whose certificate was validated by the
/// package apart from those the application validated itself, so that a context validating
/// automatically never resumes a session nobody here checked. A context that asks for manual
/// validation late (after its ClientHello offered an automatic session) stores what it makes
/// with the manual ones.
#[derive(Debug)]
struct SessionsByValidation {
    automatic: ClientSessionMemoryCache,
    manual: ClientSessionMemoryCache,
}

impl Default for SessionsByValidation {
    fn default() -> Self {
        SessionsByValidation {
            automatic: ClientSessionMemoryCache::new(256),
            manual: ClientSessionMemoryCache::new(256),
        }
    }
}

impl SessionsByValidation {
    fn current(&self) -> &ClientSessionMemoryCache {
        if current_validation().manual {
            &self.manual
        } else {
            &self.automatic
        }
    }
}

impl ClientSessionStore for SessionsByValidation {
    fn set_kx_hint(&self, server_name: ServerName<'static>, group: NamedGroup) {
        self.current().set_kx_hint(server_name, group)
    }

    fn kx_hint(&self, server_name: &ServerName<'_>) -> Option<NamedGroup> {
        self.current().kx_hint(server_name)
    }

    fn set_tls12_session(&self, server_name: ServerName<'static>, value: Tls12ClientSessionValue) {
        self.current().set_tls12_session(server_name, value)
    }

    fn tls12_session(&self, server_name: &ServerName<'_>) -> Option<Tls12ClientSessionValue> {
        self.current().tls12_session(server_name)
    }

    fn remove_tls12_session(&self, server_name: &ServerName<'static>) {
        self.current().remove_tls12_session(server_name)
    }

    fn insert_tls13_ticket(
        &self,
        server_name: ServerName<'static>,
        value: Tls13ClientSessionValue,
    ) {
        self.current().insert_tls13_ticket(server_name, value)
    }

    fn take_tls13_ticket(
        &self,
        server_name: &ServerName<'static>,
    ) -> Option<Tls13ClientSessionValue> {
        self.current().take_tls13_ticket(server_name)
    }
}

/// The name a context without a usable target is created with: rustls needs one, an IP
/// address makes it send no SNI, and the unspecified address is nobody's real name.
fn anonymous_name() -> ServerName<'static> {
    ServerName::IpAddress(std::net::Ipv4Addr::UNSPECIFIED.into())
}

/// The handshake-signature half of both verifiers: whatever the certificate policy, the peer
/// must prove it holds the presented key, checked with the provider's algorithms.
macro_rules! handshake_signature_checks {
    () => {
        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, Error> {
            rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, Error> {
            rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
        }

        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.algorithms.supported_schemes()
        }
    };
}

/// Server certificate policy of one credential, applied as the current context's
/// [`Validation`] says: full webpki validation against the system trust store (with or without
/// the name check), or — for manual validation — none, while the handshake signature is still
/// verified against the presented key.
#[derive(Debug)]
struct ServerCertCheck {
    /// `None` when the trust store is empty: nothing can chain to a trusted root.
    webpki: Option<Arc<WebPkiServerVerifier>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertCheck {
    fn new() -> Self {
        let webpki =
            WebPkiServerVerifier::builder_with_provider(SYSTEM_ROOTS.clone(), PROVIDER.clone())
                .build()
                .ok();
        ServerCertCheck {
            webpki,
            algorithms: PROVIDER.signature_verification_algorithms,
        }
    }
}

impl ServerCertVerifier for ServerCertCheck {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        // Kept for SECPKG_ATTR_REMOTE_CERT_CONTEXT whatever the validation: applications that
        // validate manually read it through their chain's revocation check.
        STAPLED_OCSP.with(|r| *r.borrow_mut() = Some(ocsp_response.to_vec()));
        let validation = current_validation();
        if validation.manual {
            return Ok(ServerCertVerified::assertion());
        }
        let Some(webpki) = &self.webpki else {
            return Err(Error::InvalidCertificate(CertificateError::UnknownIssuer));
        };
        let wrong_name = Error::InvalidCertificate(CertificateError::NotValidForName);
        // webpki checks the chain before the name, so a name error means the chain is good.
        match (
            webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now),
            validation.name,
        ) {
            (
                Err(Error::InvalidCertificate(
                    CertificateError::NotValidForName
                    | CertificateError::NotValidForNameContext { .. },
                )),
                NameCheck::Skip,
            ) => Ok(ServerCertVerified::assertion()),
            (Ok(_), NameCheck::Unmatchable) => Err(wrong_name),
            (other, _) => other,
        }
    }

    handshake_signature_checks!();
}

/// The CA names a server sends in its CertificateRequest: the subjects of `hRootStore` when the
/// credential has one (Windows: "trusted issuers" for client authentication), else the system
/// trust store's.
fn root_hints(root_store: HCERTSTORE) -> Result<Vec<DistinguishedName>, SECURITY_STATUS> {
    if root_store.is_null() {
        return Ok(SYSTEM_ROOTS.subjects());
    }
    let store = crate::cert::store::Store::lookup(root_store).ok_or(SEC_E_UNKNOWN_CREDENTIALS)?;
    Ok(store
        .certificates()
        .iter()
        .map(|c| DistinguishedName::from(c.subject_der().to_vec()))
        .collect())
}

/// A server that asks for a client certificate (`ASC_REQ_MUTUAL_AUTH`) and requires one, but,
/// like Schannel, leaves validating its chain to the application (which gets it from
/// `SECPKG_ATTR_REMOTE_CERT_CONTEXT`); the handshake signature is still checked against the
/// presented key.
#[derive(Debug)]
struct ClientCertRequest {
    hints: Vec<DistinguishedName>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ClientCertVerifier for ClientCertRequest {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        true
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &self.hints
    }

    fn verify_client_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, Error> {
        Ok(ClientCertVerified::assertion())
    }

    handshake_signature_checks!();
}

thread_local! {
    /// The CA names of the last CertificateRequest the client side answered on this thread.
    /// rustls asks for the client certificate synchronously, inside the handshake call the
    /// context makes on this thread, so the context reads this right after that call.
    static CERTIFICATE_REQUEST: RefCell<Option<Vec<Vec<u8>>>> = const { RefCell::new(None) };
    /// The OCSP response the server stapled (empty: none), from the last server certificate
    /// verified on this thread; read by the context the same way as `CERTIFICATE_REQUEST`.
    static STAPLED_OCSP: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

/// Forgets any earlier stapled response; call before driving a client handshake.
pub fn clear_stapled_ocsp() {
    STAPLED_OCSP.with(|r| r.borrow_mut().take());
}

/// The stapled OCSP response of a server certificate verified since [`clear_stapled_ocsp`]
/// (empty when the server stapled none), if one was verified.
pub fn take_stapled_ocsp() -> Option<Vec<u8>> {
    STAPLED_OCSP.with(|r| r.borrow_mut().take())
}

/// Forgets any earlier request; call before driving a client handshake.
pub fn clear_certificate_request() {
    CERTIFICATE_REQUEST.with(|r| r.borrow_mut().take());
}

/// The CA names of a CertificateRequest answered since [`clear_certificate_request`], if any.
pub fn take_certificate_request() -> Option<Vec<Vec<u8>>> {
    CERTIFICATE_REQUEST.with(|r| r.borrow_mut().take())
}

/// The client's certificate (from `paCred`), if any, answering every CertificateRequest; it
/// records that the server asked, for `SEC_I_INCOMPLETE_CREDENTIALS` and
/// `SECPKG_ATTR_ISSUER_LIST_EX`.
#[derive(Debug)]
struct ClientIdentity {
    certified: Option<Arc<CertifiedKey>>,
}

impl ResolvesClientCert for ClientIdentity {
    fn resolve(
        &self,
        root_hint_subjects: &[&[u8]],
        _sigschemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        let names = root_hint_subjects.iter().map(|n| n.to_vec()).collect();
        CERTIFICATE_REQUEST.with(|r| *r.borrow_mut() = Some(names));
        self.certified.clone()
    }

    fn has_certs(&self) -> bool {
        self.certified.is_some()
    }
}

thread_local! {
    /// Set when the server side refused a ClientHello (the alert it owes); read by the
    /// handshake driver right after the rustls call that asked for the certificate, on this
    /// thread, to send that alert instead of rustls's generic one.
    static HELLO_REFUSED: Cell<Option<AlertDescription>> = const { Cell::new(None) };
    /// Whether the ClientHello about to be processed on this thread offers TLS 1.3 in
    /// `supported_versions` (None: not known), noted by the handshake driver, which sees the
    /// bytes, for the certificate resolver, which does not.
    static CLIENT_OFFERS_TLS13: Cell<Option<bool>> = const { Cell::new(None) };
}

/// Notes what the ClientHello rustls is about to process offers (see `CLIENT_OFFERS_TLS13`).
pub fn note_client_tls13(offers: Option<bool>) {
    CLIENT_OFFERS_TLS13.with(|c| c.set(offers));
}

/// The alert owed for the last ClientHello refused on this thread, if any; clears the mark.
pub fn take_hello_refusal() -> Option<AlertDescription> {
    HELLO_REFUSED.with(|f| f.take())
}

/// `TLS_FALLBACK_SCSV` (RFC 7507 §6).
const TLS_FALLBACK_SCSV: u16 = 0x5600;

/// The server's certificate, and the RFC 7507 check rustls does not make (it relies on TLS 1.3's
/// downgrade sentinel, which only a TLS 1.3 client checks): a ClientHello carrying
/// `TLS_FALLBACK_SCSV` from a client whose highest version is below ours is a downgraded retry,
/// refused with inappropriate_fallback. The client's highest version comes from its
/// `supported_versions`, which the handshake driver reads from the ClientHello record (the
/// resolver does not see it); when the ClientHello spans records the driver cannot read it in
/// place, and a client without TLS 1.3 suites counts as one below TLS 1.3.
///
/// It also refuses, with handshake_failure, a ClientHello none of whose signature schemes the
/// key can sign with (rustls would fail later with a bare internal error and no alert): e.g. a
/// TLS 1.2 client offering a P-256 server only ecdsa_secp384r1_sha384, which is legal in TLS 1.2
/// but which ring cannot make with a P-256 key (it signs P-256 with SHA-256 only).
#[derive(Debug)]
struct ServerIdentity {
    certified: Arc<CertifiedKey>,
    tls13: bool,
}

impl ResolvesServerCert for ServerIdentity {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let suites = hello.cipher_suites();
        let fallback = suites.iter().any(|s| u16::from(*s) == TLS_FALLBACK_SCSV);
        let client_tls13 = CLIENT_OFFERS_TLS13
            .with(|c| c.get())
            .unwrap_or_else(|| suites.iter().any(|s| u16::from(*s) >> 8 == 0x13));
        if fallback && self.tls13 && !client_tls13 {
            HELLO_REFUSED.with(|f| f.set(Some(AlertDescription::InappropriateFallback)));
            return None;
        }
        if self
            .certified
            .key
            .choose_scheme(hello.signature_schemes())
            .is_none()
        {
            HELLO_REFUSED.with(|f| f.set(Some(AlertDescription::HandshakeFailure)));
            return None;
        }
        Some(self.certified.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BulkCipher::*;

    const TLS12_13_CLIENT: u32 = SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT;

    fn common(c_creds: DWORD, first_cred: Option<PCCERT_CONTEXT>) -> AuthCommon {
        AuthCommon {
            flags: 0,
            c_creds,
            first_cred,
            root_store: std::ptr::null_mut(),
        }
    }

    fn schannel_cred(enabled_protocols: u32) -> AuthData {
        schannel_cred_ciphers(enabled_protocols, &[], 0, 0)
    }

    fn schannel_cred_ciphers(
        enabled_protocols: u32,
        alg_ids: &[ALG_ID],
        min: u32,
        max: u32,
    ) -> AuthData {
        AuthData::SchannelCred {
            enabled_protocols,
            alg_ids: alg_ids.to_vec(),
            min_strength: min,
            max_strength: max,
            common: common(0, None),
        }
    }

    fn sch_credentials(disabled_protocols: u32, disabled_crypto: Vec<DisabledCrypto>) -> AuthData {
        AuthData::SchCredentials {
            disabled_protocols,
            disabled_crypto,
            common: common(0, None),
        }
    }

    fn disabled(
        usage: eTlsAlgorithmUsage,
        algorithm: &str,
        modes: &[&str],
        bits: (u32, u32),
    ) -> DisabledCrypto {
        DisabledCrypto {
            usage,
            algorithm: algorithm.to_owned(),
            chaining_modes: modes.iter().map(|m| m.to_string()).collect(),
            min_bits: bits.0,
            max_bits: bits.1,
        }
    }

    fn protocols(auth: Option<AuthData>, direction: Direction) -> Result<u32, SECURITY_STATUS> {
        Request::from_auth(auth, direction).map(|r| r.protocols)
    }

    fn ciphers(auth: AuthData) -> Vec<BulkCipher> {
        match Request::from_auth(Some(auth), Direction::Outbound) {
            Ok(r) => r.ciphers,
            Err(status) => panic!("from_auth failed: {status:#x}"),
        }
    }

    /// A `paCred[0]` that from_auth passes on and never reads.
    fn some_cert() -> PCCERT_CONTEXT {
        std::ptr::NonNull::<CERT_CONTEXT>::dangling().as_ptr()
    }

    // CONTRACT §3
    #[test]
    fn null_auth_data_is_the_default_client_and_no_server() {
        let r = Request::from_auth(None, Direction::Outbound).ok();
        let r = r.expect("NULL pAuthData outbound is the default client");
        assert_eq!(r.protocols, SP_PROT_TLS1_2_CLIENT, "a zeroed SCHANNEL_CRED");
        assert_eq!(r.ciphers, BulkCipher::ALL);
        assert!(r.certs.is_empty() && r.root_store.is_null() && r.flags == 0);
        assert_eq!(
            protocols(None, Direction::Inbound),
            Err(SEC_E_NO_CREDENTIALS)
        );
    }

    // CONTRACT §3
    #[test]
    fn schannel_cred_never_gives_tls13() {
        let out = Direction::Outbound;
        assert_eq!(
            protocols(Some(schannel_cred(0)), out),
            Ok(SP_PROT_TLS1_2_CLIENT)
        );
        assert_eq!(
            protocols(Some(schannel_cred(0)), Direction::Inbound),
            Ok(SP_PROT_TLS1_2_SERVER)
        );
        assert_eq!(
            protocols(Some(schannel_cred(TLS12_13_CLIENT)), out),
            Ok(SP_PROT_TLS1_2_CLIENT),
            "the TLS 1.3 bit set for the future is dropped"
        );
        assert_eq!(
            protocols(Some(schannel_cred(SP_PROT_TLS1_3_CLIENT)), out),
            Err(SEC_E_ALGORITHM_MISMATCH),
            "TLS 1.3 alone, as Windows 11"
        );
        // Bits of the other direction, and protocols we do not speak, leave nothing.
        assert_eq!(
            protocols(Some(schannel_cred(SP_PROT_TLS1_2_SERVER)), out),
            Err(SEC_E_ALGORITHM_MISMATCH)
        );
        assert_eq!(
            protocols(Some(schannel_cred(SP_PROT_TLS1_1_CLIENT)), out),
            Err(SEC_E_ALGORITHM_MISMATCH)
        );
        assert_eq!(
            protocols(
                Some(schannel_cred(SP_PROT_TLS1_1_CLIENT | SP_PROT_TLS1_2_CLIENT)),
                out
            ),
            Ok(SP_PROT_TLS1_2_CLIENT)
        );
    }

    // CONTRACT §3
    #[test]
    fn dtls_is_refused_even_next_to_tls() {
        for dtls in [SP_PROT_DTLS1_X_CLIENT, SP_PROT_DTLS1_X_SERVER] {
            assert_eq!(
                protocols(
                    Some(schannel_cred(dtls | SP_PROT_TLS1_2_CLIENT)),
                    Direction::Outbound
                ),
                Err(SEC_E_ALGORITHM_MISMATCH)
            );
        }
    }

    // CONTRACT §3
    #[test]
    fn one_certificate_at_most_and_only_with_pa_cred() {
        let with = |c_creds, first_cred| {
            Request::from_auth(
                Some(AuthData::SchCredentials {
                    disabled_protocols: 0,
                    disabled_crypto: Vec::new(),
                    common: common(c_creds, first_cred),
                }),
                Direction::Inbound,
            )
            .map(|r| r.certs.len())
        };
        assert_eq!(with(0, None), Ok(0));
        assert_eq!(with(0, Some(some_cert())), Ok(0), "cCreds says none");
        assert_eq!(with(1, Some(some_cert())), Ok(1));
        assert_eq!(with(1, None), Err(SEC_E_UNKNOWN_CREDENTIALS), "paCred NULL");
        assert_eq!(with(2, Some(some_cert())), Err(SEC_E_UNKNOWN_CREDENTIALS));
    }

    // CONTRACT §3
    #[test]
    fn supported_algs_and_strengths_restrict_schannel_cred() {
        let c = |algs: &[ALG_ID], min, max| ciphers(schannel_cred_ciphers(0, algs, min, max));
        assert_eq!(c(&[], 0, 0), BulkCipher::ALL);
        assert_eq!(c(&[CALG_AES_128], 0, 0), [Aes128Gcm]);
        assert_eq!(c(&[CALG_AES_256, CALG_SHA_256], 0, 0), [Aes256Gcm]);
        assert_eq!(
            c(&[CALG_AES], 0, 0),
            [Aes128Gcm, Aes256Gcm],
            "no ALG_ID names ChaCha20"
        );
        assert_eq!(
            c(&[CALG_SHA_256, CALG_ECDH_EPHEM], 0, 0),
            BulkCipher::ALL,
            "no bulk cipher named"
        );
        assert_eq!(c(&[], 256, 0), [Aes256Gcm, Chacha20Poly1305]);
        assert_eq!(c(&[], 0, 128), [Aes128Gcm]);
        assert_eq!(
            c(&[], 129, 255),
            [],
            "nothing left is judged when the configs are built"
        );
        assert_eq!(c(&[CALG_AES], 256, 0), [Aes256Gcm]);
    }

    // CONTRACT §3
    #[test]
    fn sch_credentials_default_to_tls13_and_12_and_disable_by_bits() {
        let p = |disabled, dir| protocols(Some(sch_credentials(disabled, Vec::new())), dir);
        assert_eq!(p(0, Direction::Outbound), Ok(TLS12_13_CLIENT));
        assert_eq!(
            p(0, Direction::Inbound),
            Ok(SP_PROT_TLS1_2_SERVER | SP_PROT_TLS1_3_SERVER)
        );
        // Callers set every bit they do not want, unknown bits included.
        assert_eq!(
            p(!SP_PROT_TLS1_3_CLIENT, Direction::Outbound),
            Ok(SP_PROT_TLS1_3_CLIENT)
        );
        assert_eq!(
            p(SP_PROT_TLS1_3_CLIENT, Direction::Outbound),
            Ok(SP_PROT_TLS1_2_CLIENT)
        );
        assert_eq!(
            p(SP_PROT_TLS1_3_CLIENT, Direction::Inbound),
            Ok(SP_PROT_TLS1_2_SERVER | SP_PROT_TLS1_3_SERVER),
            "client bits do not touch a server"
        );
        assert_eq!(
            p(TLS12_13_CLIENT, Direction::Outbound),
            Err(SEC_E_ALGORITHM_MISMATCH)
        );
        assert_eq!(
            p(u32::MAX, Direction::Inbound),
            Err(SEC_E_ALGORITHM_MISMATCH)
        );
    }

    // CONTRACT §3
    #[test]
    fn sch_credentials_disabled_crypto() {
        let cipher = TlsParametersCngAlgUsageCipher;
        let c = |list: Vec<DisabledCrypto>| ciphers(sch_credentials(0, list));
        assert_eq!(
            c(vec![disabled(cipher, "AES", &[], (0, 0))]),
            [Chacha20Poly1305]
        );
        assert_eq!(
            c(vec![disabled(cipher, "aes", &[], (0, 0))]),
            [Chacha20Poly1305]
        );
        assert_eq!(
            c(vec![disabled(cipher, "CHACHA20_POLY1305", &[], (0, 0))]),
            [Aes128Gcm, Aes256Gcm]
        );
        // Bit lengths keep the lengths inside the range.
        assert_eq!(
            c(vec![disabled(cipher, "AES", &[], (256, 256))]),
            [Aes256Gcm, Chacha20Poly1305]
        );
        // Chaining modes: only GCM is here.
        assert_eq!(
            c(vec![disabled(cipher, "AES", &["ChainingModeCBC"], (0, 0))]),
            BulkCipher::ALL
        );
        assert_eq!(
            c(vec![disabled(
                cipher,
                "AES",
                &["ChainingModeCBC", "ChainingModeGCM"],
                (0, 0)
            )]),
            [Chacha20Poly1305]
        );
        // Other usages and names this package has no cipher for change nothing.
        assert_eq!(
            c(vec![disabled(
                TlsParametersCngAlgUsageSignature,
                "AES",
                &[],
                (0, 0)
            )]),
            BulkCipher::ALL
        );
        assert_eq!(
            c(vec![disabled(cipher, "3DES", &[], (0, 0))]),
            BulkCipher::ALL
        );
        assert_eq!(
            c(vec![
                disabled(cipher, "AES", &[], (0, 0)),
                disabled(cipher, "CHACHA20_POLY1305", &[], (0, 0)),
            ]),
            [],
            "nothing left is judged when the configs are built"
        );
    }

    fn credential(flags: DWORD) -> Credential {
        Credential {
            direction: Direction::Outbound,
            protocols: SP_PROT_TLS1_2_CLIENT,
            flags,
            client: None,
            server: None,
            local_chain: Vec::new(),
            cipher_strengths: (128, 256),
            staples: Mutex::new(HashMap::new()),
        }
    }

    // CONTRACT §3, §4, §11
    #[test]
    fn validation_follows_the_context_request_and_the_credential_flags() {
        let v = |flags, manual_asked, name| credential(flags).validation(manual_asked, name);
        let full = |name| Validation {
            manual: false,
            name,
        };
        let manual = Validation {
            manual: true,
            name: NameCheck::Skip,
        };
        assert_eq!(v(0, false, NameCheck::Target), full(NameCheck::Target));
        assert_eq!(
            v(0, false, NameCheck::Unmatchable),
            full(NameCheck::Unmatchable)
        );
        assert_eq!(v(0, false, NameCheck::Skip), full(NameCheck::Skip));
        // ISC_REQ_MANUAL_CRED_VALIDATION or SCH_CRED_MANUAL_CRED_VALIDATION: no automatic check.
        assert_eq!(v(0, true, NameCheck::Target), manual);
        assert_eq!(
            v(
                SCH_CRED_MANUAL_CRED_VALIDATION,
                false,
                NameCheck::Unmatchable
            ),
            manual
        );
        assert_eq!(
            v(SCH_CRED_NO_SERVERNAME_CHECK, false, NameCheck::Unmatchable),
            full(NameCheck::Skip),
            "the chain is still checked"
        );
        // Other flags leave validation alone.
        assert_eq!(
            v(
                SCH_CRED_AUTO_CRED_VALIDATION | SCH_USE_STRONG_CRYPTO,
                false,
                NameCheck::Target
            ),
            full(NameCheck::Target)
        );
    }
}
