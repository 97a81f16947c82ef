//! Certificate stores with Windows lifetime rules. A store lives while the caller holds an open handle
//! *or* any context from it is still referenced: closing a store whose certificates are still in use
//! (the usual pattern after `PFXImportCertStore` + `CertFindCertificateInStore`) must not invalidate
//! those certificates, and a context returned by the Schannel layer keeps its `hCertStore` (the peer's
//! chain) enumerable. Contexts belong to exactly one store and die with it; a context whose own count
//! drops to zero stays in its store, as on Windows.
//!
//! All reference counting for a store and its contexts happens under the store's one lock, which is
//! also where the "is it dead" decision is taken, so a pointer looked up concurrently with its final
//! release is recognised as dead instead of being revived.
//!
//! Three kinds exist. Memory stores hold their certificates. System stores ("MY", "ROOT", "CA", see
//! `system`) are memory stores filled when they are opened, optionally read-only. Collection stores
//! hold no certificates of their own: they hold an open handle to each sibling store and enumerate,
//! search and add through them; a context found through a collection belongs to (and keeps alive)
//! the sibling store that holds the certificate.
//!
//! A certificate in a store is a [`CertObject`]: the C view built by `context` plus what the store
//! keeps for it (its caller references and the way back to its store). The registries of live
//! stores and contexts live here too, so a pointer from C becomes a store or context only through
//! [`Store::lookup`] and [`CertObject::lookup`].

use std::ffi::c_void;
use std::ops::Deref;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use rustls::pki_types::PrivateKeyDer;

use super::context::CertContext;
use super::crl::CrlObject;
use super::error::{CertResult, Win32Error};
use super::registry::Registry;
use super::{name, x509};
use crate::abi::*;

/// The live stores (those not yet released by their last handle and reference).
static STORES: Registry<Store> = Registry::new();
/// The contexts of the live stores.
static CERTS: Registry<CertObject> = Registry::new();

/// One certificate context in a store. `context` must stay the first field: C's
/// `PCCERT_CONTEXT` is this address (and the context's, which starts with its `CERT_CONTEXT`).
#[repr(C)]
pub struct CertObject {
    context: CertContext,
    /// References handed out to callers (CertFreeCertificateContext drops one). Only changed while
    /// the owning store's lock is held, which orders it; the atomic just makes it shareable.
    refs: AtomicU32,
    store: Weak<Store>,
}

const _: () = assert!(std::mem::offset_of!(CertObject, context) == 0);

/// A stored certificate is read exactly like the bare context (DER, names, key), so it derefs to
/// it; only membership and reference counting are the store's.
impl Deref for CertObject {
    type Target = CertContext;

    fn deref(&self) -> &CertContext {
        &self.context
    }
}

impl CertObject {
    /// The live certificate context at `ctx`, if it is one of ours.
    pub fn lookup(ctx: PCCERT_CONTEXT) -> Option<Arc<CertObject>> {
        CERTS.get(ctx.cast())
    }

    /// The store this context belongs to, if it is still alive.
    pub fn store(&self) -> Option<Arc<Store>> {
        self.store.upgrade()
    }

    /// Current number of caller references (for tests and diagnostics).
    pub fn ref_count(&self) -> u32 {
        self.refs.load(Ordering::Relaxed)
    }
}

/// What backs a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    /// `CERT_STORE_PROV_MEMORY`, PFX imports, the stores behind created contexts and peer chains.
    Memory,
    /// `CERT_STORE_PROV_SYSTEM_A/W`, `CertOpenSystemStore`: filled from the system when opened.
    System,
    /// `CERT_STORE_PROV_COLLECTION`: the union of its sibling stores.
    Collection,
}

/// A store added to a collection with `CertAddStoreToCollection`; the collection holds one open
/// handle to it until it is removed or the collection dies.
struct Sibling {
    store: Arc<Store>,
    /// `CERT_PHYSICAL_STORE_ADD_ENABLE_FLAG`: additions to the collection go to the first such one.
    flags: u32,
    priority: u32,
}

/// Collections nested deeper than this are treated as empty below it (a guard only: cycles are
/// refused when they would be created).
const MAX_COLLECTION_DEPTH: usize = 16;

/// What a store that just died leaves to be cleaned up outside its lock.
struct Remains {
    certs: Vec<Arc<CertObject>>,
    siblings: Vec<Arc<Store>>,
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
    /// `CERT_STORE_READONLY_FLAG`: additions are refused with `E_ACCESSDENIED`.
    read_only: bool,
    /// Collection stores only: the siblings, highest priority first (equal ones in the order added).
    siblings: Vec<Sibling>,
    /// CRLs added with CertAddEncodedCRLToStore / CertAddCRLContextToStore, in order.
    crls: Vec<Arc<CrlObject>>,
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
    /// CERT_FIND_ISSUER_OF (and CertGetIssuerCertificateFromStore): a possible issuer of a
    /// subject: the key identifier of the subject's authority key identifier extension when it
    /// has one, else the subject's issuer Name, byte for byte.
    IssuerOf {
        /// The subject's issuer Name, DER.
        issuer: Vec<u8>,
        /// The subject's authority key identifier, if any.
        key_id: Option<Vec<u8>>,
    },
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
            FindCriterion::SubjectStr(s) => contains_ci(&simple_name_str(c, false), s),
            FindCriterion::IssuerStr(s) => contains_ci(&simple_name_str(c, true), s),
            FindCriterion::SubjectName(n) => c.subject_der() == n.as_slice(),
            FindCriterion::IssuerName(n) => c.issuer_der() == n.as_slice(),
            FindCriterion::IssuerOf { issuer, key_id } => match key_id {
                Some(k) => c.parsed().is_some_and(|p| x509::subject_key_id(&p) == *k),
                None => c.subject_der() == issuer.as_slice(),
            },
            FindCriterion::Existing { issuer, serial } => {
                c.issuer_der() == issuer.as_slice() && c.serial_der() == serial.as_slice()
            }
        }
    }
}

fn simple_name_str(c: &CertObject, issuer: bool) -> String {
    c.parsed()
        .map(|p| name::simple_name_str(&p, issuer))
        .unwrap_or_default()
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
        Self::new(StoreKind::Memory, handles)
    }

    /// A new, empty, writable store of `kind` with `handles` open handles.
    pub fn new(kind: StoreKind, handles: u32) -> Arc<Store> {
        let store = Arc::new(Store {
            kind,
            state: Mutex::new(State {
                handles,
                ctx_refs: 0,
                dead: false,
                certs: Vec::new(),
                retired: Vec::new(),
                read_only: false,
                siblings: Vec::new(),
                crls: Vec::new(),
            }),
        });
        STORES.insert(&store);
        store
    }

    /// The live store at `h`, if it is one of ours.
    pub fn lookup(h: HCERTSTORE) -> Option<Arc<Store>> {
        STORES.get(h.cast_const())
    }

    /// From now on additions are refused (`CERT_STORE_READONLY_FLAG`, set after a system store is
    /// filled).
    pub fn set_read_only(&self) {
        self.lock().read_only = true;
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

    /// Marks the store dead if nothing holds it any more; returns what must be cleaned up.
    fn collect(st: &mut State) -> Option<Remains> {
        if st.dead || st.handles > 0 || st.ctx_refs > 0 {
            return None;
        }
        st.dead = true;
        let mut certs = std::mem::take(&mut st.certs);
        certs.append(&mut st.retired);
        let siblings = std::mem::take(&mut st.siblings)
            .into_iter()
            .map(|s| s.store)
            .collect();
        Some(Remains { certs, siblings })
    }

    /// Unregisters a dead store and its certificates and gives up its handles to siblings; runs
    /// after the store's lock is released (closing a sibling takes the sibling's lock).
    fn finish(&self, dead: Option<Remains>) {
        if let Some(r) = dead {
            CERTS.remove_all(&r.certs);
            STORES.remove(self);
            for s in r.siblings {
                let _ = s.close(false);
            }
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
        if self.kind == StoreKind::Collection {
            // Windows adds to the first sibling that allows it, and fails if none does.
            let target = {
                let st = self.live()?;
                st.siblings
                    .iter()
                    .find(|s| s.flags & CERT_PHYSICAL_STORE_ADD_ENABLE_FLAG != 0)
                    .map(|s| Arc::clone(&s.store))
            };
            let target = target.ok_or_else(|| Win32Error::of(E_ACCESSDENIED))?;
            return target.add_encoded(
                der,
                encoding,
                disposition_dword(disposition),
                key,
                want_ref,
            );
        }
        let new = Arc::new(CertObject {
            context: CertContext::new(der, encoding, self.handle(), key)?,
            refs: AtomicU32::new(0),
            store: Arc::downgrade(self),
        });
        let mut st = self.live()?;
        if st.read_only {
            return Err(Win32Error::of(E_ACCESSDENIED));
        }
        let existing = st.certs.iter().position(|c| c.sha1() == new.sha1());
        let chosen = match (existing, disposition) {
            (None, _) | (Some(_), Disposition::Always) => {
                CERTS.insert(&new);
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
                CERTS.insert(&new);
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
        if self.kind == StoreKind::Collection {
            return self.find_in_collection(crit, prev);
        }
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

    /// CertAddEncodedCRLToStore: adds a CRL per `disposition` (`CERT_STORE_ADD_*`, the same CRL
    /// being the same DER; `_NEWER` compares thisUpdate) and returns the CRL now in the store.
    /// A collection adds to its first sibling with `CERT_PHYSICAL_STORE_ADD_ENABLE_FLAG`.
    pub fn add_crl(
        self: &Arc<Self>,
        der: &[u8],
        encoding: u32,
        disposition: u32,
    ) -> CertResult<Arc<CrlObject>> {
        let disposition = Disposition::from_dword(disposition)?;
        if self.kind == StoreKind::Collection {
            let target = {
                let st = self.live()?;
                st.siblings
                    .iter()
                    .find(|s| s.flags & CERT_PHYSICAL_STORE_ADD_ENABLE_FLAG != 0)
                    .map(|s| Arc::clone(&s.store))
            };
            let target = target.ok_or_else(|| Win32Error::of(E_ACCESSDENIED))?;
            return target.add_crl(der, encoding, disposition_dword(disposition));
        }
        let new = Arc::new(CrlObject::new(der, encoding, self.handle())?);
        let mut st = self.live()?;
        if st.read_only {
            return Err(Win32Error::of(E_ACCESSDENIED));
        }
        let existing = st.crls.iter().position(|c| c.sha1() == new.sha1());
        Ok(match (existing, disposition) {
            (None, _) | (Some(_), Disposition::Always) => {
                st.crls.push(Arc::clone(&new));
                new
            }
            (Some(_), Disposition::New) => return Err(Win32Error::of(CRYPT_E_EXISTS)),
            (Some(i), Disposition::UseExisting) => Arc::clone(&st.crls[i]),
            (Some(i), Disposition::Newer { .. })
                if new.this_update() <= st.crls[i].this_update() =>
            {
                return Err(Win32Error::of(CRYPT_E_EXISTS));
            }
            (Some(i), Disposition::Replace { .. } | Disposition::Newer { .. }) => {
                st.crls[i] = Arc::clone(&new);
                new
            }
        })
    }

    /// The CRLs of this store (for a collection, of its siblings).
    pub fn crls(&self) -> Vec<Arc<CrlObject>> {
        if self.kind == StoreKind::Collection {
            return self
                .sibling_stores()
                .iter()
                .flat_map(|s| s.crls())
                .collect();
        }
        let st = self.lock();
        if st.dead {
            Vec::new()
        } else {
            st.crls.clone()
        }
    }

    /// Whether the store is still alive (not yet released by its last handle and reference).
    pub fn is_live(&self) -> bool {
        !self.lock().dead
    }

    /// The enumerable certificates, in order (no references are taken). For a collection: those of
    /// its siblings, highest priority first.
    pub fn certificates(&self) -> Vec<Arc<CertObject>> {
        self.certificates_at(0)
    }

    fn certificates_at(&self, depth: usize) -> Vec<Arc<CertObject>> {
        if self.kind != StoreKind::Collection {
            let st = self.lock();
            return if st.dead {
                Vec::new()
            } else {
                st.certs.clone()
            };
        }
        if depth >= MAX_COLLECTION_DEPTH {
            return Vec::new();
        }
        self.sibling_stores()
            .iter()
            .flat_map(|s| s.certificates_at(depth + 1))
            .collect()
    }

    fn sibling_stores(&self) -> Vec<Arc<Store>> {
        let st = self.lock();
        if st.dead {
            return Vec::new();
        }
        st.siblings.iter().map(|s| Arc::clone(&s.store)).collect()
    }

    /// Whether `other` is this store or (transitively) one of its siblings.
    fn reaches(&self, other: &Store, depth: usize) -> bool {
        if std::ptr::eq(self, other) {
            return true;
        }
        depth < MAX_COLLECTION_DEPTH
            && self
                .sibling_stores()
                .iter()
                .any(|s| s.reaches(other, depth + 1))
    }

    /// CertAddStoreToCollection: the collection takes an open handle to `sibling`. Adding a store
    /// that is already a sibling updates its flags and priority; a store that would make the
    /// collection contain itself is refused (`E_INVALIDARG`), as is a non-collection target.
    pub fn add_sibling(&self, sibling: &Arc<Store>, flags: u32, priority: u32) -> CertResult<()> {
        if self.kind != StoreKind::Collection {
            return Err(Win32Error::of(E_INVALIDARG));
        }
        if sibling.reaches(self, 0) {
            return Err(Win32Error::of(E_INVALIDARG));
        }
        sibling.duplicate_handle()?;
        let result = (|| {
            let mut st = self.live()?;
            let existing = st
                .siblings
                .iter()
                .position(|s| Arc::ptr_eq(&s.store, sibling));
            let already = existing.map(|i| st.siblings.remove(i)).is_some();
            let at = st
                .siblings
                .iter()
                .position(|s| s.priority < priority)
                .unwrap_or(st.siblings.len());
            st.siblings.insert(
                at,
                Sibling {
                    store: Arc::clone(sibling),
                    flags,
                    priority,
                },
            );
            Ok(already)
        })();
        // A store that was already a sibling keeps the one handle it had.
        if !matches!(result, Ok(false)) {
            let _ = sibling.close(false);
        }
        result.map(|_| ())
    }

    /// CertRemoveStoreFromCollection: the collection gives up its handle to `sibling` (nothing
    /// happens if it is not a sibling).
    pub fn remove_sibling(&self, sibling: &Arc<Store>) {
        let removed = {
            let mut st = self.lock();
            st.siblings
                .iter()
                .position(|s| Arc::ptr_eq(&s.store, sibling))
                .map(|i| st.siblings.remove(i))
        };
        if let Some(s) = removed {
            let _ = s.store.close(false);
        }
    }

    /// `find` for a collection: walks the siblings' certificates; the result is referenced in the
    /// sibling that holds it, then `prev` is released.
    fn find_in_collection(
        &self,
        crit: &FindCriterion,
        prev: Option<&Arc<CertObject>>,
    ) -> CertResult<Arc<CertObject>> {
        let live = self.live().map(|_| ());
        let all = self.certificates();
        let start = match prev {
            None => 0,
            // A previous context that is not (or no longer) in the collection ends the walk.
            Some(p) => all
                .iter()
                .position(|c| Arc::ptr_eq(c, p))
                .map_or(all.len(), |i| i + 1),
        };
        let mut found = None;
        if live.is_ok() {
            for c in all[start.min(all.len())..]
                .iter()
                .filter(|c| crit.matches(c))
            {
                // A sibling closed meanwhile cannot hand out references any more: skip it.
                if duplicate(c).is_ok() {
                    found = Some(Arc::clone(c));
                    break;
                }
            }
        }
        if let Some(p) = prev {
            let _ = release(p);
        }
        live?;
        found.ok_or_else(|| Win32Error::of(CRYPT_E_NOT_FOUND))
    }
}

fn disposition_dword(d: Disposition) -> u32 {
    match d {
        Disposition::New => CERT_STORE_ADD_NEW,
        Disposition::UseExisting => CERT_STORE_ADD_USE_EXISTING,
        Disposition::Replace { inherit: false } => CERT_STORE_ADD_REPLACE_EXISTING,
        Disposition::Replace { inherit: true } => {
            CERT_STORE_ADD_REPLACE_EXISTING_INHERIT_PROPERTIES
        }
        Disposition::Always => CERT_STORE_ADD_ALWAYS,
        Disposition::Newer { inherit: false } => CERT_STORE_ADD_NEWER,
        Disposition::Newer { inherit: true } => CERT_STORE_ADD_NEWER_INHERIT_PROPERTIES,
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
