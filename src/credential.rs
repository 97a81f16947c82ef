//! `AcquireCredentialsHandle`: from `SCHANNEL_CRED` / `SCH_CREDENTIALS` to rustls configs.
//!
//! A credential is shared by every context created from it (curl keeps one per host and
//! reuses it), so it owns what Windows keeps per credential: the protocol set, the validation
//! policy, the client session cache (keyed by target name) and the server's ticket keys.
//! The rustls configs are built once here; contexts only clone `Arc`s.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use once_cell::sync::Lazy;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{
    ClientSessionMemoryCache, ResolvesClientCert, Resumption, WebPkiServerVerifier,
};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::{
    AlertDescription, CertificateError, ClientConfig, DigitallySignedStruct, DistinguishedName,
    Error, RootCertStore, ServerConfig, SignatureScheme, SupportedProtocolVersion,
};

use crate::abi::*;

/// The ring provider, shared by every config in the process.
pub static PROVIDER: Lazy<Arc<CryptoProvider>> =
    Lazy::new(|| Arc::new(rustls::crypto::ring::default_provider()));

/// The system trust store, loaded once: reading it costs hundreds of milliseconds.
/// rustls-native-certs honours `SSL_CERT_FILE` / `SSL_CERT_DIR`.
static SYSTEM_ROOTS: Lazy<Arc<RootCertStore>> = Lazy::new(|| {
    let mut roots = RootCertStore::empty();
    let found = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(found.certs);
    Arc::new(roots)
});

/// Client protocol bits we can negotiate, and the server ones.
const CLIENT_SUPPORTED: u32 = SP_PROT_TLS1_2_CLIENT | SP_PROT_TLS1_3_CLIENT;
const SERVER_SUPPORTED: u32 = SP_PROT_TLS1_2_SERVER | SP_PROT_TLS1_3_SERVER;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Direction {
    Inbound,
    Outbound,
}

/// Client half: configs sharing one session cache, by validation policy and SNI. The
/// anonymous ones serve contexts without a usable `pszTargetName` (no SNI, no name check); the
/// manual ones serve `SCH_CRED_MANUAL_CRED_VALIDATION` credentials and contexts that ask for
/// `ISC_REQ_MANUAL_CRED_VALIDATION`. Sessions only resume under the config that made them
/// (rustls compares the verifiers), so a manual context never resumes an unvalidated session
/// into an automatically validated one.
pub struct ClientSide {
    pub named: Arc<ClientConfig>,
    pub anonymous: Arc<ClientConfig>,
    pub manual_named: Arc<ClientConfig>,
    pub manual_anonymous: Arc<ClientConfig>,
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

/// What the caller's `pAuthData` says, independent of its struct version (read by
/// `exports::auth_data`, the C boundary).
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

/// Protocol bits this package can negotiate, by direction.
pub(crate) fn supported_protocols(direction: Direction) -> u32 {
    match direction {
        Direction::Outbound => CLIENT_SUPPORTED,
        Direction::Inbound => SERVER_SUPPORTED,
    }
}

/// The default client request (`pAuthData` NULL): a zeroed `SCHANNEL_CRED`, so TLS 1.2 only.
pub(crate) fn default_client_request() -> Request {
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
        let mut cred = Credential {
            direction,
            protocols: req.protocols,
            flags: req.flags,
            client: None,
            server: None,
            local_chain,
        };
        match direction {
            Direction::Outbound => {
                let manual = req.flags & SCH_CRED_MANUAL_CRED_VALIDATION != 0;
                let check_name = req.flags & SCH_CRED_NO_SERVERNAME_CHECK == 0;
                let resumption = if reconnects {
                    Resumption::store(Arc::new(ClientSessionMemoryCache::new(256)))
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
                let build = |manual: bool,
                             check_name: bool,
                             sni: bool|
                 -> Result<Arc<ClientConfig>, SECURITY_STATUS> {
                    let verifier = Arc::new(ServerCertCheck::new(manual, check_name));
                    let builder = ClientConfig::builder_with_provider(provider.clone())
                        .with_protocol_versions(&versions)
                        .map_err(|_| SEC_E_ALGORITHM_MISMATCH)?
                        .dangerous()
                        .with_custom_certificate_verifier(verifier);
                    let mut cfg = builder.with_client_cert_resolver(client_identity.clone());
                    cfg.enable_secret_extraction = true;
                    cfg.enable_sni = sni;
                    cfg.resumption = resumption.clone();
                    cfg.key_log = Arc::new(rustls::KeyLogFile::new());
                    Ok(Arc::new(cfg))
                };
                cred.client = Some(ClientSide {
                    named: build(manual, check_name, true)?,
                    anonymous: build(manual, false, false)?,
                    manual_named: build(true, false, true)?,
                    manual_anonymous: build(true, false, false)?,
                });
            }
            Direction::Inbound => {
                if let Some(id) = identity {
                    let key = id.key.ok_or(SEC_E_NO_CREDENTIALS)?;
                    let certified = Arc::new(
                        CertifiedKey::from_der(id.chain, key, &PROVIDER)
                            .map_err(|_| SEC_E_NO_CREDENTIALS)?,
                    );
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
                        cfg.key_log = Arc::new(rustls::KeyLogFile::new());
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

    /// The rustls config and server name for a new client context; `manual` is the context's
    /// `ISC_REQ_MANUAL_CRED_VALIDATION`. A target that is no valid DNS name or IP literal is
    /// `SEC_E_WRONG_PRINCIPAL` when the name would be checked; otherwise such contexts (and NULL
    /// targets) go without SNI.
    pub fn client_config(
        &self,
        target: Option<&str>,
        manual: bool,
    ) -> Result<(Arc<ClientConfig>, ServerName<'static>), SECURITY_STATUS> {
        let side = self.client.as_ref().ok_or(SEC_E_INVALID_HANDLE)?;
        let manual = manual || self.flags & SCH_CRED_MANUAL_CRED_VALIDATION != 0;
        let skip_name = manual || self.flags & SCH_CRED_NO_SERVERNAME_CHECK != 0;
        let (named, anonymous) = if manual {
            (&side.manual_named, &side.manual_anonymous)
        } else {
            (&side.named, &side.anonymous)
        };
        match target.map(|t| ServerName::try_from(t.to_owned())) {
            Some(Ok(name)) => Ok((named.clone(), name)),
            Some(Err(_)) if !skip_name => Err(SEC_E_WRONG_PRINCIPAL),
            _ => Ok((anonymous.clone(), anonymous_name())),
        }
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

/// Server certificate policy of one credential: full webpki validation against the system
/// trust store (optionally without the name check), or — for manual validation — none, while
/// the handshake signature is still verified against the presented key.
#[derive(Debug)]
struct ServerCertCheck {
    webpki: Option<Arc<WebPkiServerVerifier>>,
    manual: bool,
    check_name: bool,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertCheck {
    fn new(manual: bool, check_name: bool) -> Self {
        let webpki = if manual {
            None
        } else {
            WebPkiServerVerifier::builder_with_provider(SYSTEM_ROOTS.clone(), PROVIDER.clone())
                .build()
                .ok()
        };
        ServerCertCheck {
            webpki,
            manual,
            check_name,
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
        if self.manual {
            return Ok(ServerCertVerified::assertion());
        }
        // An empty trust store: nothing can chain to a trusted root.
        let Some(webpki) = &self.webpki else {
            return Err(Error::InvalidCertificate(CertificateError::UnknownIssuer));
        };
        match webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            // webpki checks the chain before the name, so this error means the chain is good.
            Err(Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.check_name => Ok(ServerCertVerified::assertion()),
            other => other,
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
    let store = crate::cert::registry::store(root_store.cast()).ok_or(SEC_E_UNKNOWN_CREDENTIALS)?;
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
