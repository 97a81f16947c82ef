//! Certificate stores with Windows lifetime rules. A store lives while the caller holds an open handle
//! *or* any context from it is still referenced: closing a store whose certificates are still in use
//! (the usual pattern after `PFXImportCertStore` + `CertFindCertificateInStore`) must not invalidate
//! those certificates, and a context returned by the Schannel layer keeps its `hCertStore` (the peer's
//! chain) enumerable. Contexts belong to exactly one store and die with it; a context whose own count
//! drops to zero stays in its store, as on Windows.
//!
//! All reference counting for a store and its contexts happens under the store's one lock, which is
//! also where the "is it dead" decision is taken, so a pointer looked up concurrently with its final
//! release is recognised as dead instead of being revived. Only memory stores exist today; `StoreKind`
//! is where collection and system stores plug in.

use std::ffi::c_void;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard};

use rustls::pki_types::PrivateKeyDer;

use super::context::CertObject;
use super::error::{CertResult, Win32Error};
use super::{name, registry};
use crate::abi::*;

/// What backs a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    /// `CERT_STORE_PROV_MEMORY`, PFX imports, the stores behind created contexts and peer chains.
    Memory,
}

struct State {
    /// Open handles (CertOpenStore, PFXImportCertStore, CertDuplicateStore) not yet closed.
    handles: u32,
    /// Sum of the caller references of this store's contexts.
    ctx_refs: u64,
    dead: bool,
    /// The enumerable certificates, in insertion order.
    certs: Vec<Arc<CertObject>>,
    /// Certificates replaced in the store that callers may still reference.
    retired: Vec<Arc<CertObject>>,
}

/// A certificate store; `HCERTSTORE` is its address.
pub struct Store {
    kind: StoreKind,
    state: Mutex<State>,
}

/// How `CertFindCertificateInStore` selects certificates.
#[derive(Debug, Clone)]
pub enum FindCriterion {
    /// CERT_FIND_ANY.
    Any,
    /// CERT_FIND_HAS_PRIVATE_KEY.
    HasPrivateKey,
    /// CERT_FIND_SHA1_HASH / CERT_FIND_HASH: the thumbprint.
    Sha1(Vec<u8>),
    /// CERT_FIND_SUBJECT_STR_A/W: case-insensitive substring of the subject's simple name string.
    SubjectStr(String),
    /// CERT_FIND_ISSUER_STR_A/W: the same for the issuer.
    IssuerStr(String),
    /// CERT_FIND_SUBJECT_NAME: the subject's DER encoding, byte for byte.
    SubjectName(Vec<u8>),
    /// CERT_FIND_ISSUER_NAME: the issuer's DER encoding, byte for byte.
    IssuerName(Vec<u8>),
    /// CERT_FIND_EXISTING: the same certificate as the given context, compared as Windows'
    /// `CertCompareCertificate` does: same issuer and serial number.
    Existing {
        /// The issuer Name, DER.
        issuer: Vec<u8>,
        /// The serial number's content bytes, big-endian as encoded.
        serial: Vec<u8>,
    },
}

impl FindCriterion {
    fn matches(&self, c: &CertObject) -> bool {
        match self {
            FindCriterion::Any => true,
            FindCriterion::HasPrivateKey => c.has_key(),
            FindCriterion::Sha1(h) => c.sha1().as_slice() == h.as_slice(),
            FindCriterion::SubjectStr(s) => contains_ci(&name::simple_name_str(c, false), s),
            FindCriterion::IssuerStr(s) => contains_ci(&name::simple_name_str(c, true), s),
            FindCriterion::SubjectName(n) => c.subject_der() == n.as_slice(),
            FindCriterion::IssuerName(n) => c.issuer_der() == n.as_slice(),
            FindCriterion::Existing { issuer, serial } => {
                c.issuer_der() == issuer.as_slice() && c.serial_der() == serial.as_slice()
            }
        }
    }
}

fn contains_ci(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

/// What `CertAdd*ToStore` does when the certificate is already there (`CERT_STORE_ADD_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Disposition {
    New,
    UseExisting,
    Replace { inherit: bool },
    Always,
    Newer { inherit: bool },
}

impl Disposition {
    fn from_dword(d: u32) -> CertResult<Self> {
        Ok(match d {
            CERT_STORE_ADD_NEW => Disposition::New,
            CERT_STORE_ADD_USE_EXISTING => Disposition::UseExisting,
            CERT_STORE_ADD_REPLACE_EXISTING => Disposition::Replace { inherit: false },
            CERT_STORE_ADD_ALWAYS => Disposition::Always,
            CERT_STORE_ADD_REPLACE_EXISTING_INHERIT_PROPERTIES => {
                Disposition::Replace { inherit: true }
            }
            CERT_STORE_ADD_NEWER => Disposition::Newer { inherit: false },
            CERT_STORE_ADD_NEWER_INHERIT_PROPERTIES => Disposition::Newer { inherit: true },
            _ => return Err(Win32Error::of(E_INVALIDARG)),
        })
    }
}

fn invalid() -> Win32Error {
    Win32Error::of(ERROR_INVALID_PARAMETER)
}

impl Store {
    /// A new memory store with `handles` open handles (0 for a store that only its contexts keep alive).
    pub fn new_memory(handles: u32) -> Arc<Store> {
        let store = Arc::new(Store {
            kind: StoreKind::Memory,
            state: Mutex::new(State {
                handles,
                ctx_refs: 0,
                dead: false,
                certs: Vec::new(),
                retired: Vec::new(),
            }),
        });
        registry::add_store(&store);
        store
    }

    /// The address C knows this store by.
    pub fn address(&self) -> usize {
        self as *const Store as usize
    }

    /// The `HCERTSTORE` handed to C.
    pub fn handle(&self) -> HCERTSTORE {
        (self as *const Store).cast_mut().cast::<c_void>()
    }

    /// What backs this store.
    pub fn kind(&self) -> StoreKind {
        self.kind
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Each critical section leaves the state consistent before anything that could panic.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn live(&self) -> CertResult<MutexGuard<'_, State>> {
        let st = self.lock();
        if st.dead {
            Err(invalid())
        } else {
            Ok(st)
        }
    }

    /// Marks the store dead if nothing holds it any more; returns what must be unregistered.
    fn collect(st: &mut State) -> Option<Vec<Arc<CertObject>>> {
        if st.dead || st.handles > 0 || st.ctx_refs > 0 {
            return None;
        }
        st.dead = true;
        let mut all = std::mem::take(&mut st.certs);
        all.append(&mut st.retired);
        Some(all)
    }

    fn finish(&self, dead: Option<Vec<Arc<CertObject>>>) {
        if let Some(certs) = dead {
            registry::remove(self.address(), &certs);
        }
    }

    /// Adds one caller reference to `c` (which must belong to this store).
    fn add_ref(st: &mut State, c: &CertObject) {
        c.refs.fetch_add(1, Ordering::Relaxed);
        st.ctx_refs += 1;
    }

    /// Drops one caller reference to `c` (which must belong to this store).
    fn drop_ref(st: &mut State, c: &CertObject) -> CertResult<()> {
        if c.refs.load(Ordering::Relaxed) == 0 || st.ctx_refs == 0 {
            // Freed more often than referenced: refuse rather than release someone else's reference.
            return Err(invalid());
        }
        c.refs.fetch_sub(1, Ordering::Relaxed);
        st.ctx_refs -= 1;
        Ok(())
    }

    /// CertDuplicateStore: one more open handle.
    pub fn duplicate_handle(&self) -> CertResult<()> {
        let mut st = self.live()?;
        st.handles += 1;
        Ok(())
    }

    /// CertCloseStore. Closing a store that has no open handle (one only its contexts keep alive, such
    /// as a peer certificate's `hCertStore`) is accepted and changes nothing. With `check`, reports
    /// `CRYPT_E_PENDING_CLOSE` when contexts are still referenced (the store is closed anyway).
    pub fn close(&self, check: bool) -> CertResult<()> {
        let (dead, pending) = {
            let mut st = self.live()?;
            if st.handles == 0 {
                return Ok(());
            }
            st.handles -= 1;
            let pending = st.handles == 0 && st.ctx_refs > 0;
            (Self::collect(&mut st), pending)
        };
        self.finish(dead);
        if check && pending {
            Err(Win32Error::of(CRYPT_E_PENDING_CLOSE))
        } else {
            Ok(())
        }
    }

    /// Parses `der` and adds it per `disposition` (`CERT_STORE_ADD_*`). With `want_ref`, returns the
    /// resulting context with one caller reference.
    pub fn add_encoded(
        self: &Arc<Self>,
        der: &[u8],
        encoding: u32,
        disposition: u32,
        key: Option<PrivateKeyDer<'static>>,
        want_ref: bool,
    ) -> CertResult<Option<Arc<CertObject>>> {
        let disposition = Disposition::from_dword(disposition)?;
        let new = Arc::new(CertObject::new(der, encoding, self, key)?);
        let mut st = self.live()?;
        let existing = st.certs.iter().position(|c| c.sha1() == new.sha1());
        let chosen = match (existing, disposition) {
            (None, _) | (Some(_), Disposition::Always) => {
                registry::add_cert(&new);
                st.certs.push(Arc::clone(&new));
                new
            }
            (Some(_), Disposition::New) => return Err(Win32Error::of(CRYPT_E_EXISTS)),
            (Some(i), Disposition::UseExisting) => {
                let old = Arc::clone(&st.certs[i]);
                if !old.has_key() {
                    if let Some(k) = new.key() {
                        old.set_key(Some(k));
                    }
                }
                old
            }
            (Some(i), Disposition::Newer { .. })
                if new.not_before() <= st.certs[i].not_before() =>
            {
                return Err(Win32Error::of(CRYPT_E_EXISTS));
            }
            (Some(i), Disposition::Replace { inherit } | Disposition::Newer { inherit }) => {
                if inherit && !new.has_key() {
                    new.set_key(st.certs[i].key());
                }
                registry::add_cert(&new);
                let old = std::mem::replace(&mut st.certs[i], Arc::clone(&new));
                st.retired.push(old);
                new
            }
        };
        if want_ref {
            Self::add_ref(&mut st, &chosen);
            Ok(Some(chosen))
        } else {
            Ok(None)
        }
    }

    /// The certificate after `prev` (or the first) that satisfies `crit`, with one caller reference.
    /// `prev`, if given, loses one reference whatever the outcome, as on Windows.
    pub fn find(
        &self,
        crit: &FindCriterion,
        prev: Option<&Arc<CertObject>>,
    ) -> CertResult<Arc<CertObject>> {
        if let Some(p) = prev {
            let same = p
                .store()
                .is_some_and(|s| std::ptr::eq(Arc::as_ptr(&s), self));
            if !same {
                let _ = release(p);
                return Err(Win32Error::of(E_INVALIDARG));
            }
        }
        let (found, dead) = {
            let mut st = self.live()?;
            let start = match prev {
                None => 0,
                // A previous context no longer enumerable (replaced meanwhile) ends the walk.
                Some(p) => st
                    .certs
                    .iter()
                    .position(|c| Arc::ptr_eq(c, p))
                    .map_or(st.certs.len(), |i| i + 1),
            };
            let found = st.certs[start.min(st.certs.len())..]
                .iter()
                .find(|c| crit.matches(c))
                .cloned();
            // Reference the result before releasing `prev`, so the store cannot die in between.
            if let Some(f) = &found {
                Self::add_ref(&mut st, f);
            }
            let released = match prev {
                Some(p) => Self::drop_ref(&mut st, p),
                None => Ok(()),
            };
            if let Err(e) = released {
                if let Some(f) = &found {
                    let _ = Self::drop_ref(&mut st, f);
                }
                return Err(e);
            }
            (found, Self::collect(&mut st))
        };
        self.finish(dead);
        found.ok_or_else(|| Win32Error::of(CRYPT_E_NOT_FOUND))
    }

    /// Whether the store is still alive (not yet released by its last handle and reference).
    pub fn is_live(&self) -> bool {
        !self.lock().dead
    }

    /// The enumerable certificates, in order (no references are taken).
    pub fn certificates(&self) -> Vec<Arc<CertObject>> {
        self.lock().certs.clone()
    }
}

/// CertDuplicateCertificateContext: one more caller reference.
pub fn duplicate(c: &Arc<CertObject>) -> CertResult<()> {
    let store = c.store().ok_or_else(invalid)?;
    let mut st = store.live()?;
    Store::add_ref(&mut st, c);
    Ok(())
}

/// CertFreeCertificateContext: one caller reference fewer; the store (and with it the context) goes
/// away once neither handles nor references remain.
pub fn release(c: &Arc<CertObject>) -> CertResult<()> {
    let store = c.store().ok_or_else(invalid)?;
    let dead = {
        let mut st = store.live()?;
        Store::drop_ref(&mut st, c)?;
        Store::collect(&mut st)
    };
    store.finish(dead);
    Ok(())
}

/// A context in a new memory store of its own, holding every certificate of `chain` (leaf first;
/// certificates after the leaf that do not parse are left out). Returned with one caller reference,
/// which is all that keeps the store alive.
pub fn standalone(
    chain: &[&[u8]],
    encoding: u32,
    key: Option<PrivateKeyDer<'static>>,
) -> CertResult<Arc<CertObject>> {
    let (leaf, rest) = chain
        .split_first()
        .ok_or_else(|| Win32Error::of(CRYPT_E_ASN1_BADTAG))?;
    let store = Store::new_memory(1);
    let result = (|| {
        let leaf = store
            .add_encoded(leaf, encoding, CERT_STORE_ADD_ALWAYS, key, true)?
            .ok_or_else(invalid)?;
        for der in rest {
            let _ = store.add_encoded(der, encoding, CERT_STORE_ADD_ALWAYS, None, false);
        }
        Ok(leaf)
    })();
    // Give up the construction handle: from now on only the leaf's reference keeps the store.
    let _ = store.close(false);
    result
}
