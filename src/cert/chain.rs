//! Chain engines and chain building (`CertCreateCertificateChainEngine`, `CertGetCertificateChain`).
//!
//! Windows programs that validate a peer themselves (curl with a CA file, .NET, libgit2, the SDK
//! samples) build a chain from the peer's certificate and read the `CERT_TRUST_*` bits of the result
//! before asking the SSL policy about it, so the chain is built and reported the way Windows does:
//! one simple chain, leaf first, each element with its own trust status, the aggregate status on
//! the simple chain and on the chain context.
//!
//! Building: from the leaf, each certificate's issuer is looked for (subject Name equal to the
//! issuer Name, byte for byte) in the additional store, then the engine's other stores (the system
//! "CA" store, or `hRestrictedOther`/`hRestrictedTrust`, plus `rghAdditionalStore`), then its root
//! store. Among several candidates the one whose signature check succeeds wins, then one whose key
//! identifier matches, then one valid at the requested time. Building stops at a self-signed
//! certificate (issuer Name = subject Name, and a matching key identifier if both are present):
//! trusted if the engine's root store holds it, else `CERT_TRUST_IS_UNTRUSTED_ROOT`; or at a
//! certificate of an exclusive root store with `CERT_CHAIN_EXCLUSIVE_ENABLE_CA_FLAG` (trusted); or
//! where no issuer is found (`CERT_TRUST_IS_PARTIAL_CHAIN` on the chain).
//!
//! Each element then gets: `IS_NOT_TIME_VALID` (outside its validity at the requested time),
//! `IS_NOT_SIGNATURE_VALID` (its signature does not verify with its issuer's key; a self-signed
//! root's own signature is not checked, as webpki does not), `IS_NOT_VALID_FOR_USAGE` (leaf and
//! intermediates whose extended key usage lacks the requested usage), `INVALID_BASIC_CONSTRAINTS`
//! (an issuer whose basic constraints say it is not a CA, or whose path length is exceeded),
//! `HAS_NOT_SUPPORTED_CRITICAL_EXT`, and, for the certificates a `CERT_CHAIN_REVOCATION_CHECK_*`
//! flag covers, what the CRLs in the stores say (`crl::status`: `IS_REVOKED`, nothing, or
//! `REVOCATION_STATUS_UNKNOWN` [+ `IS_OFFLINE_REVOCATION`]; nothing is fetched), and for the end
//! certificate also what the OCSP response its server stapled says (`ocsp::status`, the
//! context's `CERT_OCSP_RESPONSE_PROP_ID`): revoked if either source says so, no bit if either
//! gives a current answer. Intermediates never have a stapled response, so with
//! `CERT_CHAIN_REVOCATION_CHECK_CHAIN` an intermediate without a CRL in the stores is
//! `REVOCATION_STATUS_UNKNOWN`, as on an offline Windows machine. Info bits: `HAS_EXACT_MATCH_ISSUER` (the
//! authority key identifier's serial matches), `HAS_KEY_MATCH_ISSUER` (its key identifier matches)
//! or `HAS_NAME_MATCH_ISSUER`, `HAS_PREFERRED_ISSUER` when an issuer was found, `IS_SELF_SIGNED`,
//! `IS_FROM_EXCLUSIVE_TRUST_STORE` and `IS_CA_TRUSTED` for exclusive anchors. The aggregate is
//! every element's error bits plus the chain's, and the element info bits above the low nibble,
//! as Windows combines them.

use std::sync::{Arc, Mutex, MutexGuard};

use super::context::CertContext;
use super::error::{CertResult, Win32Error};
use super::registry::Registry;
use super::store::{self, CertObject, Store};
use super::{crl, ocsp, system, x509};
use crate::abi::*;

/// The engines made by CertCreateCertificateChainEngine and not yet freed.
static ENGINES: Registry<Engine> = Registry::new();
/// The chain contexts callers hold a reference to.
static CHAINS: Registry<ChainObject> = Registry::new();

/// Longest chain built (leaf included); longer ones are reported as partial.
const MAX_CHAIN_LENGTH: usize = 16;

fn invalid() -> Win32Error {
    Win32Error::of(E_INVALIDARG)
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every critical section is a single read or assignment, so a poisoned lock is consistent.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// `CERT_CHAIN_ENGINE_CONFIG` as read from C (handles not yet resolved).
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// `hRestrictedRoot`.
    pub restricted_root: HCERTSTORE,
    /// `hRestrictedTrust`.
    pub restricted_trust: HCERTSTORE,
    /// `hRestrictedOther`.
    pub restricted_other: HCERTSTORE,
    /// `rghAdditionalStore[0..cAdditionalStore]`.
    pub additional: Vec<HCERTSTORE>,
    /// `hExclusiveRoot` (NULL when `cbSize` does not reach it).
    pub exclusive_root: HCERTSTORE,
    /// `dwExclusiveFlags` (0 when `cbSize` does not reach it).
    pub exclusive_flags: u32,
}

/// A chain engine: where trust anchors and issuers come from. It holds one open handle on each of
/// its stores, given back when the engine is freed.
pub struct Engine {
    /// Stores whose certificates are trust anchors.
    roots: Vec<Arc<Store>>,
    /// Further stores searched for issuers.
    others: Vec<Arc<Store>>,
    /// With `hRestrictedRoot`: the thumbprints of the system ROOT store; anchors must be in it.
    root_filter: Option<Vec<[u8; 20]>>,
    /// `hExclusiveRoot` was given: anchors come from it alone.
    exclusive: bool,
    /// `CERT_CHAIN_EXCLUSIVE_ENABLE_CA_FLAG`: any certificate of the exclusive root store is an
    /// anchor, not only self-signed ones.
    anchors_may_be_ca: bool,
    freed: Mutex<bool>,
}

fn resolve(h: HCERTSTORE) -> CertResult<Option<Arc<Store>>> {
    if h.is_null() {
        return Ok(None);
    }
    Store::lookup(h)
        .filter(|s| s.is_live())
        .map(Some)
        .ok_or_else(invalid)
}

/// Opens a system store for the engine (current user, read-only).
fn open_system(name: &str) -> CertResult<Arc<Store>> {
    system::open(
        name,
        CERT_SYSTEM_STORE_CURRENT_USER | CERT_STORE_READONLY_FLAG,
    )
}

impl Engine {
    /// The default engine (`hChainEngine` NULL, `HCCE_CURRENT_USER`, `HCCE_LOCAL_MACHINE`): the
    /// system ROOT store as anchors and the system CA store for issuers, read now.
    pub fn system_default() -> Arc<Engine> {
        let (root, ca) = system::roots_and_cas();
        Arc::new(Engine {
            roots: vec![root],
            others: vec![ca],
            root_filter: None,
            exclusive: false,
            anchors_may_be_ca: false,
            freed: Mutex::new(false),
        })
    }

    /// CertCreateCertificateChainEngine. Caller stores are held with a handle of their own (the
    /// caller may close theirs). `hExclusiveRoot` replaces the system ROOT store; otherwise
    /// `hRestrictedRoot` replaces it, its certificates trusted only if the system ROOT store holds
    /// them too; otherwise the system ROOT store is used. `hRestrictedOther` and `hRestrictedTrust`
    /// replace the system CA store as the place issuers are looked for (there are no CTLs, so that is
    /// all `hRestrictedTrust` can mean here); `rghAdditionalStore` are searched too. A handle that is
    /// not a live store is `E_INVALIDARG`. The new engine is registered; free it with [`free_engine`].
    pub fn create(cfg: &EngineConfig) -> CertResult<Arc<Engine>> {
        let exclusive = resolve(cfg.exclusive_root)?;
        let restricted_root = resolve(cfg.restricted_root)?;
        let mut others: Vec<Arc<Store>> = Vec::new();
        for h in [cfg.restricted_other, cfg.restricted_trust] {
            others.extend(resolve(h)?);
        }
        let mut additional = Vec::new();
        for &h in &cfg.additional {
            additional.extend(resolve(h)?);
        }

        // From here on every store is held by a handle of ours, given back if anything fails.
        let mut held: Vec<Arc<Store>> = Vec::new();
        let give_back = |held: &[Arc<Store>]| {
            for s in held {
                let _ = s.close(false);
            }
        };
        let hold = |s: &Arc<Store>, held: &mut Vec<Arc<Store>>| -> CertResult<Arc<Store>> {
            s.duplicate_handle()?;
            held.push(Arc::clone(s));
            Ok(Arc::clone(s))
        };
        let result = (|| {
            let mut root_filter = None;
            let roots = if let Some(x) = &exclusive {
                vec![hold(x, &mut held)?]
            } else if let Some(r) = &restricted_root {
                let system_root = open_system("ROOT")?;
                root_filter = Some(
                    system_root
                        .certificates()
                        .iter()
                        .map(|c| *c.sha1())
                        .collect(),
                );
                let _ = system_root.close(false);
                vec![hold(r, &mut held)?]
            } else {
                let root = open_system("ROOT")?;
                held.push(Arc::clone(&root));
                vec![root]
            };
            let mut other_stores = Vec::new();
            if others.is_empty() {
                let ca = open_system("CA")?;
                held.push(Arc::clone(&ca));
                other_stores.push(ca);
            } else {
                for s in &others {
                    other_stores.push(hold(s, &mut held)?);
                }
            }
            for s in &additional {
                other_stores.push(hold(s, &mut held)?);
            }
            Ok((roots, other_stores, root_filter))
        })();
        match result {
            Ok((roots, others, root_filter)) => {
                let engine = Arc::new(Engine {
                    roots,
                    others,
                    root_filter,
                    exclusive: exclusive.is_some(),
                    anchors_may_be_ca: exclusive.is_some()
                        && cfg.exclusive_flags & CERT_CHAIN_EXCLUSIVE_ENABLE_CA_FLAG != 0,
                    freed: Mutex::new(false),
                });
                ENGINES.insert(&engine);
                Ok(engine)
            }
            Err(e) => {
                give_back(&held);
                Err(e)
            }
        }
    }

    /// The live engine at `h`, if it is one of ours.
    pub fn lookup(h: HCERTCHAINENGINE) -> Option<Arc<Engine>> {
        ENGINES.get(h.cast_const())
    }

    /// Gives back the engine's store handles (once).
    fn release(&self) {
        {
            let mut freed = lock(&self.freed);
            if *freed {
                return;
            }
            *freed = true;
        }
        for s in self.roots.iter().chain(self.others.iter()) {
            let _ = s.close(false);
        }
    }

    fn anchors(&self) -> Vec<Arc<CertObject>> {
        self.roots
            .iter()
            .flat_map(|s| s.certificates())
            .filter(|c| {
                self.root_filter
                    .as_ref()
                    .is_none_or(|f| f.contains(c.sha1()))
            })
            .collect()
    }
}

/// CertFreeCertificateChainEngine: unregisters the engine and gives back its store handles. Chains
/// built with it stay valid.
pub fn free_engine(e: &Arc<Engine>) {
    ENGINES.remove(e);
    e.release();
}

/// The usage a chain must be valid for (`CERT_CHAIN_PARA.RequestedUsage`).
#[derive(Debug, Clone, Default)]
pub struct Usage {
    /// `USAGE_MATCH_TYPE_OR` (any one suffices) rather than `_AND` (all are needed).
    pub any: bool,
    /// The usage OIDs; empty means no requirement.
    pub oids: Vec<String>,
}

/// What `CertGetCertificateChain` was asked for, besides the engine and the certificate.
#[derive(Clone, Default)]
pub struct ChainRequest {
    /// The time to check validity at, FILETIME ticks.
    pub time: u64,
    /// `hAdditionalStore`, searched first for issuers.
    pub additional: Option<Arc<Store>>,
    /// `RequestedUsage`.
    pub usage: Usage,
    /// `dwFlags` (the revocation flags matter).
    pub flags: u32,
}

/// One element of a built chain.
pub struct Element {
    /// The certificate (no reference taken yet).
    pub cert: Arc<CertObject>,
    /// Its trust status.
    pub status: CERT_TRUST_STATUS,
}

/// A chain as built, before it becomes a C-visible context.
pub struct Built {
    /// Leaf first.
    pub elements: Vec<Element>,
    /// The aggregate status (elements and chain-level bits).
    pub status: CERT_TRUST_STATUS,
}

pub fn self_signed(c: &CertObject) -> bool {
    if c.subject_der() != c.issuer_der() {
        return false;
    }
    let Some(p) = c.parsed() else {
        return true;
    };
    // A self-issued certificate from a key rollover names another key: not self-signed.
    match x509::authority_key_id(&p).and_then(|a| a.key_id) {
        Some(aki) => aki == x509::subject_key_id(&p),
        None => true,
    }
}

/// The info bits describing how `issuer` was matched to `child`.
fn match_bits(child: &CertObject, issuer: &CertObject) -> u32 {
    let aki = child.parsed().and_then(|p| x509::authority_key_id(&p));
    let serial = aki.as_ref().and_then(|a| a.serial.as_deref());
    let key_id = aki.as_ref().and_then(|a| a.key_id.as_deref());
    if serial.is_some_and(|s| s == issuer.serial_der()) {
        CERT_TRUST_HAS_EXACT_MATCH_ISSUER
    } else if key_id.is_some_and(|k| {
        issuer
            .parsed()
            .is_some_and(|p| x509::subject_key_id(&p) == k)
    }) {
        CERT_TRUST_HAS_KEY_MATCH_ISSUER
    } else {
        CERT_TRUST_HAS_NAME_MATCH_ISSUER
    }
}

fn time_valid(c: &CertObject, time: u64) -> bool {
    c.not_before() <= time && time <= c.not_after()
}

fn usage_ok(c: &CertObject, usage: &Usage) -> bool {
    if usage.oids.is_empty() {
        return true;
    }
    let Some(p) = c.parsed() else {
        return false;
    };
    if usage.any {
        usage.oids.iter().any(|o| x509::eku_allows(&p, o))
    } else {
        usage.oids.iter().all(|o| x509::eku_allows(&p, o))
    }
}

/// Picks the issuer of `cur` among `pool` (certificates not already in `chain`).
fn pick_issuer(
    cur: &CertObject,
    pool: &[Arc<CertObject>],
    chain: &[Arc<CertObject>],
    anchors: &[Arc<CertObject>],
    time: u64,
) -> Option<(Arc<CertObject>, bool)> {
    let mut best: Option<(u32, Arc<CertObject>, bool)> = None;
    for c in pool {
        if c.subject_der() != cur.issuer_der() || chain.iter().any(|x| x.sha1() == c.sha1()) {
            continue;
        }
        let sig = c.parsed().is_some_and(|p| x509::signed_by(cur.der(), &p));
        let key = match_bits(cur, c) != CERT_TRUST_HAS_NAME_MATCH_ISSUER;
        let score = u32::from(sig) * 8
            + u32::from(key) * 4
            + u32::from(time_valid(c, time)) * 2
            + u32::from(anchors.iter().any(|a| a.sha1() == c.sha1()));
        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, Arc::clone(c), sig));
        }
    }
    best.map(|(_, c, sig)| (c, sig))
}

fn dedup(certs: Vec<Arc<CertObject>>) -> Vec<Arc<CertObject>> {
    let mut out: Vec<Arc<CertObject>> = Vec::with_capacity(certs.len());
    for c in certs {
        if !out.iter().any(|x| x.sha1() == c.sha1()) {
            out.push(c);
        }
    }
    out
}

fn revocation_asked(flags: u32) -> bool {
    flags
        & (CERT_CHAIN_REVOCATION_CHECK_END_CERT
            | CERT_CHAIN_REVOCATION_CHECK_CHAIN
            | CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT)
        != 0
}

/// The revocation status of a certificate two sources (CRLs, a stapled OCSP response) gave:
/// revoked if either says so, known if either knows, else unknown (offline if either was).
fn combine_revocation(a: u32, b: u32) -> u32 {
    if (a | b) & CERT_TRUST_IS_REVOKED != 0 {
        CERT_TRUST_IS_REVOKED
    } else if a == 0 || b == 0 {
        0
    } else {
        a | b
    }
}

/// Builds the chain of `leaf` with `engine`, as the module documentation describes.
pub fn build(engine: &Engine, leaf: &Arc<CertObject>, req: &ChainRequest) -> Built {
    let anchors = engine.anchors();
    let mut pool: Vec<Arc<CertObject>> = Vec::new();
    if let Some(s) = &req.additional {
        pool.extend(s.certificates());
    }
    for s in &engine.others {
        pool.extend(s.certificates());
    }
    pool.extend(anchors.iter().cloned());
    let pool = dedup(pool);

    let mut chain = vec![Arc::clone(leaf)];
    let mut err = vec![0u32];
    let mut info = vec![0u32];
    let mut chain_err = 0u32;
    // Whether the top element is a trust anchor or a self-signed root (its usage is not checked).
    let mut top_is_root = false;
    loop {
        let i = chain.len() - 1;
        let cur = Arc::clone(&chain[i]);
        let trusted = anchors.iter().any(|a| a.sha1() == cur.sha1());
        let exclusive_bits = if engine.exclusive {
            CERT_TRUST_IS_FROM_EXCLUSIVE_TRUST_STORE
        } else {
            0
        };
        if self_signed(&cur) {
            info[i] |= CERT_TRUST_IS_SELF_SIGNED
                | match_bits(&cur, &cur)
                | CERT_TRUST_HAS_PREFERRED_ISSUER;
            if trusted {
                info[i] |= exclusive_bits;
            } else {
                err[i] |= CERT_TRUST_IS_UNTRUSTED_ROOT;
            }
            top_is_root = true;
            break;
        }
        if trusted && engine.anchors_may_be_ca {
            info[i] |= exclusive_bits | CERT_TRUST_IS_CA_TRUSTED;
            top_is_root = true;
            break;
        }
        if chain.len() >= MAX_CHAIN_LENGTH {
            chain_err |= CERT_TRUST_IS_PARTIAL_CHAIN;
            break;
        }
        let Some((issuer, sig_ok)) = pick_issuer(&cur, &pool, &chain, &anchors, req.time) else {
            chain_err |= CERT_TRUST_IS_PARTIAL_CHAIN;
            break;
        };
        if !sig_ok {
            err[i] |= CERT_TRUST_IS_NOT_SIGNATURE_VALID;
        }
        info[i] |= match_bits(&cur, &issuer) | CERT_TRUST_HAS_PREFERRED_ISSUER;
        chain.push(issuer);
        err.push(0);
        info.push(0);
    }

    let n = chain.len();
    // The CRLs the application put in the stores this chain was built from.
    let mut crls = Vec::new();
    if revocation_asked(req.flags) {
        let stores = req
            .additional
            .iter()
            .chain(engine.others.iter())
            .chain(engine.roots.iter())
            .cloned()
            .chain(leaf.store());
        for st in stores {
            crls.extend(st.crls());
        }
    }
    let revocation = req.flags
        & (CERT_CHAIN_REVOCATION_CHECK_END_CERT
            | CERT_CHAIN_REVOCATION_CHECK_CHAIN
            | CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT);
    for (i, c) in chain.iter().enumerate() {
        let parsed = c.parsed();
        let is_top_root = top_is_root && i == n - 1;
        if !time_valid(c, req.time) {
            err[i] |= CERT_TRUST_IS_NOT_TIME_VALID;
        }
        if !is_top_root && !usage_ok(c, &req.usage) {
            err[i] |= CERT_TRUST_IS_NOT_VALID_FOR_USAGE;
        }
        if i > 0 {
            // `i - 1` CA certificates lie between this issuer and the leaf.
            if let Some((ca, path_len)) = parsed.as_ref().and_then(x509::basic_constraints) {
                let too_long = path_len.is_some_and(|p| (i - 1) as u64 > u64::from(p));
                if !ca || too_long {
                    err[i] |= CERT_TRUST_INVALID_BASIC_CONSTRAINTS;
                }
            }
        }
        if parsed
            .as_ref()
            .is_some_and(x509::has_unsupported_critical_extension)
        {
            err[i] |= CERT_TRUST_HAS_NOT_SUPPORTED_CRITICAL_EXT;
        }
        let covered = if revocation & CERT_CHAIN_REVOCATION_CHECK_CHAIN != 0 {
            true
        } else if revocation & CERT_CHAIN_REVOCATION_CHECK_CHAIN_EXCLUDE_ROOT != 0 {
            !is_top_root
        } else {
            revocation & CERT_CHAIN_REVOCATION_CHECK_END_CERT != 0 && i == 0
        };
        if covered {
            let issuer: Option<&CertContext> = match chain.get(i + 1) {
                Some(up) => Some(up),
                None if is_top_root => Some(c),
                None => None,
            };
            let from_crls = crl::status(c, issuer, &crls, req.time);
            // Only the end certificate can carry a stapled response (the server's).
            let stapled = (i == 0)
                .then(|| c.ocsp_response())
                .flatten()
                .map(|r| ocsp::status(c, issuer, &r, req.time));
            err[i] |= match stapled {
                Some(from_ocsp) => combine_revocation(from_crls, from_ocsp),
                None => from_crls,
            };
        }
    }

    let mut status = CERT_TRUST_STATUS {
        dwErrorStatus: chain_err,
        dwInfoStatus: 0,
    };
    let elements = chain
        .into_iter()
        .zip(err.iter().zip(info.iter()))
        .map(|(cert, (&e, &i))| {
            status.dwErrorStatus |= e;
            // The low nibble (how the issuer matched, self-signed) is per element only.
            status.dwInfoStatus |= i & !0xf;
            Element {
                cert,
                status: CERT_TRUST_STATUS {
                    dwErrorStatus: e,
                    dwInfoStatus: i,
                },
            }
        })
        .collect();
    Built { elements, status }
}

/// A chain context. `ctx` must stay the first field: C's `PCCERT_CHAIN_CONTEXT` is this address.
/// Every pointer in the C view points into buffers this object owns, filled before the pointers
/// were taken and never changed.
#[repr(C)]
pub struct ChainObject {
    ctx: CERT_CHAIN_CONTEXT,
    /// Caller references (CertDuplicateCertificateChain / CertFreeCertificateChain); 0 = freed.
    refs: Mutex<u32>,
    /// The element certificates, each holding one caller reference until the chain is freed.
    certs: Vec<Arc<CertObject>>,
    _simple: Box<CERT_SIMPLE_CHAIN>,
    _chains: Vec<PCERT_SIMPLE_CHAIN>,
    elements: Vec<CERT_CHAIN_ELEMENT>,
    _element_ptrs: Vec<PCERT_CHAIN_ELEMENT>,
}

const _: () = assert!(std::mem::offset_of!(ChainObject, ctx) == 0);

// SAFETY: the raw pointers in the C view point only into buffers this object owns and never mutates
// after construction, and to certificate contexts it holds references on; the only mutable state is
// behind a mutex. Sharing or sending it is as safe as sharing the owned vectors.
unsafe impl Send for ChainObject {}
// SAFETY: see the `Send` impl.
unsafe impl Sync for ChainObject {}

fn size32<T>() -> u32 {
    u32::try_from(std::mem::size_of::<T>()).unwrap_or(u32::MAX)
}

impl ChainObject {
    /// The C-visible, registered chain context for `built`, with one caller reference; every
    /// element's certificate context gets a reference of its own.
    pub fn publish(built: Built) -> CertResult<Arc<ChainObject>> {
        let mut certs: Vec<Arc<CertObject>> = Vec::with_capacity(built.elements.len());
        for e in &built.elements {
            if let Err(err) = store::duplicate(&e.cert) {
                for c in &certs {
                    let _ = store::release(c);
                }
                return Err(err);
            }
            certs.push(Arc::clone(&e.cert));
        }
        let mut elements: Vec<CERT_CHAIN_ELEMENT> = built
            .elements
            .iter()
            .map(|e| CERT_CHAIN_ELEMENT {
                cbSize: size32::<CERT_CHAIN_ELEMENT>(),
                pCertContext: e.cert.context_ptr(),
                TrustStatus: e.status,
                pRevocationInfo: std::ptr::null_mut(),
                pIssuanceUsage: std::ptr::null_mut(),
                pApplicationUsage: std::ptr::null_mut(),
                pwszExtendedErrorInfo: std::ptr::null(),
            })
            .collect();
        let mut element_ptrs: Vec<PCERT_CHAIN_ELEMENT> = elements
            .iter_mut()
            .map(|e| e as PCERT_CHAIN_ELEMENT)
            .collect();
        let mut simple = Box::new(CERT_SIMPLE_CHAIN {
            cbSize: size32::<CERT_SIMPLE_CHAIN>(),
            TrustStatus: built.status,
            cElement: u32::try_from(element_ptrs.len()).unwrap_or(u32::MAX),
            rgpElement: element_ptrs.as_mut_ptr(),
            pTrustListInfo: std::ptr::null_mut(),
            fHasRevocationFreshnessTime: FALSE,
            dwRevocationFreshnessTime: 0,
        });
        let mut chains: Vec<PCERT_SIMPLE_CHAIN> = vec![&mut *simple as PCERT_SIMPLE_CHAIN];
        let ctx = CERT_CHAIN_CONTEXT {
            cbSize: size32::<CERT_CHAIN_CONTEXT>(),
            TrustStatus: built.status,
            cChain: 1,
            rgpChain: chains.as_mut_ptr(),
            cLowerQualityChainContext: 0,
            rgpLowerQualityChainContext: std::ptr::null_mut(),
            fHasRevocationFreshnessTime: FALSE,
            dwRevocationFreshnessTime: 0,
            dwCreateFlags: 0,
            ChainId: GUID {
                Data1: 0,
                Data2: 0,
                Data3: 0,
                Data4: [0; 8],
            },
        };
        let chain = Arc::new(ChainObject {
            ctx,
            refs: Mutex::new(1),
            certs,
            _simple: simple,
            _chains: chains,
            elements,
            _element_ptrs: element_ptrs,
        });
        CHAINS.insert(&chain);
        Ok(chain)
    }

    /// The chain context at `p`, if it is one of ours that the caller still references.
    pub fn lookup(p: PCCERT_CHAIN_CONTEXT) -> Option<Arc<ChainObject>> {
        CHAINS.get(p.cast())
    }

    /// The `PCCERT_CHAIN_CONTEXT` handed to C.
    pub fn context_ptr(&self) -> PCCERT_CHAIN_CONTEXT {
        &self.ctx
    }

    /// The aggregate trust status.
    pub fn status(&self) -> CERT_TRUST_STATUS {
        self.ctx.TrustStatus
    }

    /// The elements' certificates and statuses, leaf first.
    pub fn elements(&self) -> impl Iterator<Item = (&Arc<CertObject>, CERT_TRUST_STATUS)> {
        self.certs
            .iter()
            .zip(self.elements.iter().map(|e| e.TrustStatus))
    }

    /// CertDuplicateCertificateChain: one more reference (`E_INVALIDARG` once freed).
    pub fn duplicate(&self) -> CertResult<()> {
        let mut r = lock(&self.refs);
        if *r == 0 {
            return Err(invalid());
        }
        *r += 1;
        Ok(())
    }

    /// CertFreeCertificateChain: one reference fewer; the last one unregisters the chain and gives
    /// back the element certificates' references.
    pub fn free(&self) -> CertResult<()> {
        let last = {
            let mut r = lock(&self.refs);
            if *r == 0 {
                return Err(invalid());
            }
            *r -= 1;
            *r == 0
        };
        if last {
            CHAINS.remove(self);
            for c in &self.certs {
                let _ = store::release(c);
            }
        }
        Ok(())
    }
}
