//! `CredHandle` / `CtxtHandle` ⇄ objects.
//!
//! Handles are never pointers: `dwLower` is a slot index + 1 and `dwUpper` carries the handle
//! kind and the slot's generation. A NULL, zeroed, `{-1,-1}`, freed (stale generation), foreign or
//! wrong-kind handle therefore fails the lookup and the export returns `SEC_E_INVALID_HANDLE`
//! instead of touching freed memory. A table lock is held only to clone an `Arc`, never while
//! a call does TLS work, and the table is sharded so that calls on different connections do
//! not even share a lock word.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use crate::abi::SecHandle;

/// Which table a handle belongs to, encoded in `dwUpper` so a context handle passed where a
/// credential is expected fails the lookup.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Credential = 1,
    Context = 2,
    /// `HCRYPTPROV` (legacy CryptoAPI), packed into one `ULONG_PTR` by [`pack`].
    CryptProv = 3,
    /// `HCRYPTHASH`, packed the same way.
    CryptHash = 4,
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

/// Slots live in independent shards so that threads working on different connections do
/// not contend on one lock word: even an uncontended read lock writes the lock's reader count,
/// and a single shared count would bounce one cache line between cores on every
/// EncryptMessage/DecryptMessage.
const SHARDS: usize = 16;

/// One shard, alone on its cache line(s).
#[repr(align(128))]
struct Shard<T>(RwLock<Slots<T>>);

/// A handle table for one kind of object.
pub struct Table<T> {
    kind: Kind,
    shards: [Shard<T>; SHARDS],
    /// Round-robin choice of the shard for the next object.
    next: AtomicUsize,
}

/// Locks a shard; a panic while it was held cannot leave a slot half-written (each update is
/// one assignment), so a poisoned lock is still consistent.
fn read<T>(l: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|p| p.into_inner())
}

fn write<T>(l: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|p| p.into_inner())
}

impl<T> Table<T> {
    pub const fn new(kind: Kind) -> Self {
        Self {
            kind,
            shards: [const {
                Shard(RwLock::new(Slots {
                    slots: Vec::new(),
                    free: Vec::new(),
                }))
            }; SHARDS],
            next: AtomicUsize::new(0),
        }
    }

    /// Stores `object` and returns its new handle.
    pub fn insert(&self, object: Arc<T>) -> SecHandle {
        let shard = self.next.fetch_add(1, Ordering::Relaxed) % SHARDS;
        let mut s = write(&self.shards[shard].0);
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
            dwLower: index * SHARDS + shard + 1,
            dwUpper: ((self.kind as usize) << KIND_SHIFT) | slot.generation,
        }
    }

    /// (shard, index in shard, generation) of a handle of this table's kind.
    fn locate(&self, h: &SecHandle) -> Option<(usize, usize, usize)> {
        let kind = h.dwUpper >> KIND_SHIFT;
        if kind != self.kind as usize || h.dwLower == 0 || h.dwLower == usize::MAX {
            return None;
        }
        let global = h.dwLower - 1;
        Some((
            global % SHARDS,
            global / SHARDS,
            h.dwUpper & GENERATION_MASK,
        ))
    }

    /// The live object behind `h`, if `h` is a current handle of this table.
    pub fn get(&self, h: &SecHandle) -> Option<Arc<T>> {
        let (shard, index, generation) = self.locate(h)?;
        let s = read(&self.shards[shard].0);
        let slot = s.slots.get(index)?;
        if slot.generation != generation {
            return None;
        }
        slot.object.clone()
    }

    /// Invalidates `h` and returns its object; later lookups of `h` fail.
    pub fn remove(&self, h: &SecHandle) -> Option<Arc<T>> {
        let (shard, index, generation) = self.locate(h)?;
        let mut s = write(&self.shards[shard].0);
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

/// Packs a handle into one 64-bit `ULONG_PTR` (CryptoAPI handles are a single integer):
/// `dwUpper` (kind and generation, 32 bits) above `dwLower` (slot, 32 bits). None if the slot
/// number does not fit, which takes billions of live handles.
pub fn pack(h: &SecHandle) -> Option<usize> {
    let lower = u32::try_from(h.dwLower).ok()?;
    let upper = u32::try_from(h.dwUpper).ok()?;
    usize::try_from((u64::from(upper) << 32) | u64::from(lower)).ok()
}

/// The handle [`pack`] packed; any integer unpacks to something, and lookups reject what is not
/// a current handle.
pub fn unpack(v: usize) -> SecHandle {
    let v = v as u64;
    SecHandle {
        dwLower: (v & 0xffff_ffff) as usize,
        dwUpper: (v >> 32) as usize,
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
        // Fill every shard once more: one of them reuses the freed slot with a new generation.
        let reused: Vec<SecHandle> = (0..SHARDS)
            .map(|i| creds.insert(Arc::new(i as u32)))
            .collect();
        assert!(reused.iter().any(|n| n.dwLower == h.dwLower), "slot reused");
        assert!(creds.get(&h).is_none(), "old generation still rejected");
        assert!(creds.remove(&h).is_none());
    }
}
