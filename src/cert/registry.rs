//! C hands us back raw `PCCERT_CONTEXT` and `HCERTSTORE` pointers, some of them stale or foreign
//! (a context freed twice, a stack struct, a handle from another library). Dereferencing those would be
//! undefined behaviour, so every pointer is first looked up here by address: only objects this module
//! knows are alive are ever touched. The table holds a strong reference, so a lookup that races with
//! the final free still gets memory that stays valid until the caller's clone is dropped; the Windows
//! level "is it still alive" question is then answered by the store's own state (see `store`).

use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use super::chain::{ChainObject, Engine};
use super::context::CertObject;
use super::crl::CrlObject;
use super::store::Store;

enum Live {
    Cert(Arc<CertObject>),
    Store(Arc<Store>),
    Chain(Arc<ChainObject>),
    Engine(Arc<Engine>),
    Crl(Arc<CrlObject>),
}

static LIVE: LazyLock<Mutex<HashMap<usize, Live>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

fn table() -> MutexGuard<'static, HashMap<usize, Live>> {
    // A panic while the table was locked cannot leave it half-updated (every operation is a single
    // insert or remove), so a poisoned lock is still consistent.
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The live certificate context at `ptr`, if it is one of ours.
pub fn cert(ptr: *const c_void) -> Option<Arc<CertObject>> {
    match table().get(&(ptr as usize)) {
        Some(Live::Cert(c)) => Some(Arc::clone(c)),
        _ => None,
    }
}

/// The live store at `ptr`, if it is one of ours.
pub fn store(ptr: *const c_void) -> Option<Arc<Store>> {
    match table().get(&(ptr as usize)) {
        Some(Live::Store(s)) => Some(Arc::clone(s)),
        _ => None,
    }
}

/// The live chain context at `ptr`, if it is one of ours.
pub fn chain(ptr: *const c_void) -> Option<Arc<ChainObject>> {
    match table().get(&(ptr as usize)) {
        Some(Live::Chain(c)) => Some(Arc::clone(c)),
        _ => None,
    }
}

/// The live chain engine at `ptr`, if it is one of ours.
pub fn engine(ptr: *const c_void) -> Option<Arc<Engine>> {
    match table().get(&(ptr as usize)) {
        Some(Live::Engine(e)) => Some(Arc::clone(e)),
        _ => None,
    }
}

/// The CRL context at `ptr`, if it is one of ours that the caller still references.
pub fn crl(ptr: *const c_void) -> Option<Arc<CrlObject>> {
    match table().get(&(ptr as usize)) {
        Some(Live::Crl(c)) => Some(Arc::clone(c)),
        _ => None,
    }
}

pub(super) fn add_crl(crl: &Arc<CrlObject>) {
    table().insert(crl.address(), Live::Crl(Arc::clone(crl)));
}

pub(super) fn add_chain(chain: &Arc<ChainObject>) {
    table().insert(chain.address(), Live::Chain(Arc::clone(chain)));
}

pub(super) fn add_engine(engine: &Arc<Engine>) {
    table().insert(engine.address(), Live::Engine(Arc::clone(engine)));
}

/// Forgets one chain, engine or CRL; the removed reference is dropped after the lock is released.
pub(super) fn remove_object(address: usize) {
    let removed = table().remove(&address);
    drop(removed);
}

pub(super) fn add_cert(cert: &Arc<CertObject>) {
    table().insert(cert.address(), Live::Cert(Arc::clone(cert)));
}

pub(super) fn add_store(store: &Arc<Store>) {
    table().insert(store.address(), Live::Store(Arc::clone(store)));
}

/// Forgets a dead store and its certificates. The removed references are dropped after the table
/// lock is released, so destructors never run under it.
pub(super) fn remove(store: usize, certs: &[Arc<CertObject>]) {
    let mut removed = Vec::with_capacity(certs.len() + 1);
    {
        let mut t = table();
        removed.extend(t.remove(&store));
        for c in certs {
            removed.extend(t.remove(&c.address()));
        }
    }
    drop(removed);
}
