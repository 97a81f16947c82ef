//! C hands us back raw `PCCERT_CONTEXT`, `HCERTSTORE`, chain, engine and CRL pointers, some of them
//! stale or foreign (a context freed twice, a stack struct, a handle from another library).
//! Dereferencing those would be undefined behaviour, so every pointer is first looked up by address
//! in the registry of its kind: only objects known to be alive are ever touched. A registry holds a
//! strong reference, so a lookup that races with the final free still gets memory that stays valid
//! until the caller's clone is dropped; the Windows level "is it still alive" question is then
//! answered by the object's own state (see `store`).
//!
//! Each kind of object has its own `Registry`, a static of the module that defines the kind, so this
//! module names none of them and everything above may use it. An object is known by its own address:
//! the types C sees start with their C view (`ctx` at offset 0, asserted where each is defined), and
//! a store's `HCERTSTORE` is the store's address.

use std::collections::HashMap;
use std::ffi::c_void;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

type Live<T> = Mutex<HashMap<usize, Arc<T>>>;

fn empty<T>() -> Live<T> {
    Mutex::new(HashMap::new())
}

/// The live objects of one kind, by address.
pub struct Registry<T> {
    live: LazyLock<Live<T>>,
}

impl<T> Default for Registry<T> {
    fn default() -> Self {
        Self::new()
    }
}

fn address<T>(object: &T) -> usize {
    std::ptr::from_ref(object) as usize
}

impl<T> Registry<T> {
    /// An empty registry (usable as a `static`).
    pub const fn new() -> Self {
        Self {
            live: LazyLock::new(empty::<T>),
        }
    }

    fn table(&self) -> MutexGuard<'_, HashMap<usize, Arc<T>>> {
        // A panic while the table was locked cannot leave it half-updated (every operation is a
        // single insert or remove), so a poisoned lock is still consistent.
        self.live
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The live object at `ptr`, if it is one of this registry's.
    pub fn get(&self, ptr: *const c_void) -> Option<Arc<T>> {
        self.table().get(&(ptr as usize)).cloned()
    }

    /// Makes `object` known at its address.
    pub fn insert(&self, object: &Arc<T>) {
        self.table().insert(address(&**object), Arc::clone(object));
    }

    /// Forgets `object`; the removed reference is dropped after the lock is released, so
    /// destructors never run under it.
    pub fn remove(&self, object: &T) {
        let removed = self.table().remove(&address(object));
        drop(removed);
    }

    /// Forgets every one of `objects` under one lock, dropping the references after it.
    pub fn remove_all(&self, objects: &[Arc<T>]) {
        let mut removed = Vec::with_capacity(objects.len());
        {
            let mut t = self.table();
            for o in objects {
                removed.extend(t.remove(&address(&**o)));
            }
        }
        drop(removed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_objects_by_address_until_removed() {
        let r: Registry<u64> = Registry::new();
        let a = Arc::new(7u64);
        let b = Arc::new(8u64);
        let at = |o: &Arc<u64>| Arc::as_ptr(o).cast::<c_void>();
        assert!(r.get(at(&a)).is_none());
        r.insert(&a);
        r.insert(&b);
        assert_eq!(r.get(at(&a)).as_deref(), Some(&7));
        r.remove(&a);
        assert!(r.get(at(&a)).is_none());
        assert_eq!(r.get(at(&b)).as_deref(), Some(&8));
        r.remove_all(std::slice::from_ref(&b));
        assert!(r.get(at(&b)).is_none());
        assert_eq!(Arc::strong_count(&b), 1);
    }
}
