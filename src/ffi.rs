//! The C boundary's safety net: every export runs its body through [`boundary`], so a panic
//! becomes a status (or NULL) instead of unwinding into C, which would be undefined behaviour.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `body`, returning `on_panic` if it panics. Exports wrap their whole body in this.
pub fn boundary<T>(on_panic: T, body: impl FnOnce() -> T) -> T {
    // AssertUnwindSafe: a panic abandons the call; shared state is behind poisoning-tolerant
    // locks (see `handles`), so nothing half-updated is observed as valid afterwards.
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(on_panic)
}

/// Memory handed to the caller (output tokens, attribute strings, package infos) comes from
/// `malloc`, so that `FreeContextBuffer` (and a caller who wrongly calls `free`) can release it.
pub fn malloc_copy(bytes: &[u8]) -> *mut u8 {
    // SAFETY: malloc with a non-zero size; NULL is checked by the caller's contract (we return it).
    let p = unsafe { libc::malloc(bytes.len().max(1)) } as *mut u8;
    if !p.is_null() {
        // SAFETY: p has room for bytes.len() bytes and does not overlap `bytes`.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), p, bytes.len()) };
    }
    p
}

/// `n` zeroed bytes from `calloc`, suitably aligned for any C struct, or NULL.
pub fn malloc_zeroed(n: usize) -> *mut u8 {
    // SAFETY: calloc with a non-zero size has no preconditions.
    unsafe { libc::calloc(1, n.max(1)) as *mut u8 }
}
