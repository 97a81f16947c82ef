//! `CredHandle` / `CtxtHandle` ⇄ objects.
//!
//! Handles are never pointers: `dwLower` is a slot index + 1 and `dwUpper` carries the handle
//! kind and the slot's generation. A NULL, zeroed, `{-1,-1}`, freed (stale generation), foreign or
//! wrong-kind handle therefore fails the lookup and the export returns `SEC_E_INVALID_HANDLE`
//! instead of touching freed memory. The table lock is held only to clone an `Arc`, never while
//! a call does TLS work, so contexts on different threads never serialise on it.

use std::sync::{Arc, RwLock};

use crate::abi::SecHandle;

/// Which table a handle belongs to, encoded in `dwUpper` so a context handle passed where a
/// credential is expected fails the lookup.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Credential = 1,
    Context = 2,
}

const KIND_SHIFT: u32 = 28;
const GENERATION_MASK: usize = (1 << KIND_SHIFT) - 1;

struct Slot<T> {
    generation: usize,
    object: Option<Arc<T>>,
}

struct Slots<T> {
    slots: Vec<Slot<T>>,
    free: Vec<usize>,
}

/// A handle table for one kind of object.
pub struct Table<T> {
    kind: Kind,
    inner: RwLock<Slots<T>>,
}

impl<T> Table<T> {
    pub const fn new(kind: Kind) -> Self {
        Self {
            kind,
            inner: RwLock::new(Slots {
                slots: Vec::new(),
                free: Vec::new(),
            }),
        }
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Slots<T>> {
        // A panic while holding the lock cannot leave a slot half-written (each update is one
        // assignment), so a poisoned lock is still consistent.
        self.inner.write().unwrap_or_else(|p| p.into_inner())
    }

    /// Stores `object` and returns its new handle.
    pub fn insert(&self, object: Arc<T>) -> SecHandle {
        let mut s = self.write();
        let index = match s.free.pop() {
            Some(i) => i,
            None => {
                s.slots.push(Slot {
                    generation: 1,
                    object: None,
                });
                s.slots.len() - 1
            }
        };
        let slot = &mut s.slots[index];
        slot.object = Some(object);
        SecHandle {
            dwLower: index + 1,
            dwUpper: ((self.kind as usize) << KIND_SHIFT) | slot.generation,
        }
    }

    fn index_of(&self, h: &SecHandle) -> Option<(usize, usize)> {
        let kind = h.dwUpper >> KIND_SHIFT;
        if kind != self.kind as usize || h.dwLower == 0 || h.dwLower == usize::MAX {
            return None;
        }
        Some((h.dwLower - 1, h.dwUpper & GENERATION_MASK))
    }

    /// The live object behind `h`, if `h` is a current handle of this table.
    pub fn get(&self, h: &SecHandle) -> Option<Arc<T>> {
        let (index, generation) = self.index_of(h)?;
        let s = self.inner.read().unwrap_or_else(|p| p.into_inner());
        let slot = s.slots.get(index)?;
        if slot.generation != generation {
            return None;
        }
        slot.object.clone()
    }

    /// Invalidates `h` and returns its object; later lookups of `h` fail.
    pub fn remove(&self, h: &SecHandle) -> Option<Arc<T>> {
        let (index, generation) = self.index_of(h)?;
        let mut s = self.write();
        let slot = s.slots.get_mut(index)?;
        if slot.generation != generation || slot.object.is_none() {
            return None;
        }
        let object = slot.object.take();
        slot.generation = (slot.generation % GENERATION_MASK) + 1;
        s.free.push(index);
        object
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_foreign_and_wrong_kind_handles_fail() {
        let creds: Table<u32> = Table::new(Kind::Credential);
        let ctxs: Table<u32> = Table::new(Kind::Context);
        let h = creds.insert(Arc::new(7));
        assert_eq!(creds.get(&h).as_deref(), Some(&7));
        assert!(ctxs.get(&h).is_none(), "wrong kind");
        assert!(creds
            .get(&SecHandle {
                dwLower: 0,
                dwUpper: 0
            })
            .is_none());
        assert!(creds
            .get(&SecHandle {
                dwLower: usize::MAX,
                dwUpper: usize::MAX
            })
            .is_none());
        assert!(creds.remove(&h).is_some());
        assert!(creds.get(&h).is_none(), "stale");
        let h2 = creds.insert(Arc::new(8));
        assert_eq!(h2.dwLower, h.dwLower, "slot reused");
        assert!(creds.get(&h).is_none(), "old generation still rejected");
        assert!(creds.remove(&h).is_none());
    }
}
