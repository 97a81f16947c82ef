//! The C boundary's safety net: every export runs its body through [`boundary`], so a panic
//! becomes a status (or NULL) instead of unwinding into C, which would be undefined behaviour.

use std::ffi::CStr;
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::abi::SecHandle;
use crate::trace::{self, Arg, Traced};

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

/// Longest UTF-16 string read from a caller (target and package names): a bound against a
/// missing terminator, far above any host or package name.
const MAX_WIDE_LEN: usize = 4096;

/// A caller's string that is not valid UTF-8 / UTF-16, or has no terminator within the bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadText;

/// A caller's NUL-terminated string argument, in either width, checked for NULL only when read.
///
/// Made at the boundary (the one `unsafe` step); safe code reads it as often as it likes.
#[derive(Clone, Copy)]
pub enum Text<'a> {
    Narrow(*const std::ffi::c_char, PhantomData<&'a u8>),
    Wide(*const u16, PhantomData<&'a u16>),
}

impl<'a> Text<'a> {
    /// # Safety
    /// `p` is NULL or a NUL-terminated string that stays valid and unchanged for `'a`.
    pub unsafe fn narrow(p: *const std::ffi::c_char) -> Text<'a> {
        Text::Narrow(p, PhantomData)
    }

    /// # Safety
    /// `p` is NULL or a NUL-terminated UTF-16 string that stays valid and unchanged for `'a`.
    pub unsafe fn wide(p: *const u16) -> Text<'a> {
        Text::Wide(p, PhantomData)
    }

    /// The text as UTF-8: `Ok(None)` for NULL or empty, `Err` for text that is not valid
    /// UTF-8/UTF-16 (or a wide string longer than 4096 units).
    pub fn read(&self) -> Result<Option<String>, BadText> {
        let s = match *self {
            Text::Narrow(p, _) if p.is_null() => return Ok(None),
            Text::Wide(p, _) if p.is_null() => return Ok(None),
            // SAFETY: NUL-terminated and valid for 'a (constructor contract).
            Text::Narrow(p, _) => unsafe { CStr::from_ptr(p) }
                .to_str()
                .map_err(|_| BadText)?
                .to_owned(),
            Text::Wide(p, _) => {
                let mut units = Vec::new();
                loop {
                    // SAFETY: NUL-terminated (constructor contract); we stop at the NUL or
                    // at the length cap, never past either.
                    let u = unsafe { *p.add(units.len()) };
                    if u == 0 {
                        break;
                    }
                    if units.len() == MAX_WIDE_LEN {
                        return Err(BadText);
                    }
                    units.push(u);
                }
                String::from_utf16(&units).map_err(|_| BadText)?
            }
        };
        Ok(if s.is_empty() { None } else { Some(s) })
    }

    /// Whether the caller passed NULL.
    pub fn is_null(&self) -> bool {
        match *self {
            Text::Narrow(p, _) => p.is_null(),
            Text::Wide(p, _) => p.is_null(),
        }
    }
}

/// A caller's out-parameter (`phNewContext`, `pfContextAttr`, `ptsExpiry` ...): NULL is
/// allowed and then nothing is written, as SSPI does for optional outputs.
pub struct Out<'a, T> {
    ptr: *mut T,
    _caller: PhantomData<&'a mut T>,
}

impl<'a, T> Out<'a, T> {
    /// # Safety
    /// `p` is NULL or valid for writes of a `T` for `'a`, and not read by the caller before the
    /// call returns.
    pub unsafe fn new(p: *mut T) -> Out<'a, T> {
        Out {
            ptr: p,
            _caller: PhantomData,
        }
    }

    pub fn is_null(&self) -> bool {
        self.ptr.is_null()
    }

    /// Writes `value` unless the caller passed NULL.
    pub fn write(&mut self, value: T) {
        if !self.ptr.is_null() {
            // SAFETY: non-NULL and writable for 'a (constructor contract).
            unsafe { self.ptr.write(value) };
        }
    }
}

/// Reads a caller's `CredHandle`/`CtxtHandle` argument; NULL gives `None`.
///
/// # Safety
/// `h` is NULL or points to a readable handle.
pub unsafe fn read_handle(h: *const SecHandle) -> Option<SecHandle> {
    // SAFETY: NULL checked; otherwise readable per the function contract.
    (!h.is_null()).then(|| unsafe { *h })
}

/// Writes `value` through a caller pointer unless it is NULL.
///
/// # Safety
/// `p` is NULL or valid for writes of a `T`.
pub unsafe fn write_opt<T>(p: *mut T, value: T) {
    if !p.is_null() {
        // SAFETY: non-NULL and writable per the function contract.
        unsafe { p.write(value) };
    }
}

/// One `malloc` block holding `count` C structs followed by the byte strings they point to, so
/// that a single `FreeContextBuffer` releases everything. `build` receives the address each
/// string was copied to (in order) and returns the structs. NULL if memory ran out.
pub fn malloc_block<T>(
    count: usize,
    strings: &[&[u8]],
    build: impl FnOnce(&[*mut u8]) -> Vec<T>,
) -> *mut T {
    let head = count * std::mem::size_of::<T>();
    let total = head + strings.iter().map(|s| s.len()).sum::<usize>();
    let block = malloc_zeroed(total);
    if block.is_null() {
        return block.cast();
    }
    let mut at = head;
    let mut places = Vec::with_capacity(strings.len());
    for s in strings {
        let place = block.wrapping_add(at);
        // SAFETY: the block has room for the head plus every string; `s` is our own memory.
        unsafe { std::ptr::copy_nonoverlapping(s.as_ptr(), place, s.len()) };
        places.push(place);
        at += s.len();
    }
    let items = build(&places);
    debug_assert_eq!(items.len(), count);
    for (i, item) in items.into_iter().take(count).enumerate() {
        // SAFETY: entry i < count lies in the head of the block; calloc memory is aligned for
        // any C struct.
        unsafe { block.cast::<T>().add(i).write(item) };
    }
    block.cast()
}

/// A string as the caller's width expects it, NUL-terminated, as bytes: UTF-8 for the A
/// functions, UTF-16 (native order) for the W ones.
pub fn c_string_bytes(s: &str, wide: bool) -> Vec<u8> {
    if wide {
        s.encode_utf16()
            .chain(std::iter::once(0))
            .flat_map(u16::to_ne_bytes)
            .collect()
    } else {
        let mut bytes = s.as_bytes().to_vec();
        bytes.push(0);
        bytes
    }
}

/// The `count` entries of a caller array (empty for NULL or 0). Counts above 256 are cut to
/// 256: no Schannel array legitimately comes near it, and garbage must not be walked far.
///
/// # Safety
/// `p` is NULL or points to `count` initialised entries that outlive `'a`.
pub unsafe fn caller_slice<'a, T>(p: *const T, count: u32) -> &'a [T] {
    if p.is_null() || count == 0 {
        return &[];
    }
    // SAFETY: per the function contract; the count is capped against garbage.
    unsafe { std::slice::from_raw_parts(p, count.min(256) as usize) }
}

/// The wrapper every export runs its body in: the panic [`boundary`], and the call trace when
/// `SCHSHIM_TRACE` is set (see [`crate::trace`]). `args` describes the export's arguments; it
/// is only called when tracing is on, so an untraced call pays one flag load.
pub fn export<T, A>(
    name: &'static str,
    on_panic: T,
    args: impl Fn() -> A,
    body: impl FnOnce() -> T,
) -> T
where
    T: Traced + Copy,
    A: AsRef<[Arg]>,
{
    if !trace::enabled() {
        return boundary(on_panic, body);
    }
    let mut line = format!("schshim: {name}");
    trace::describe_args(args().as_ref(), false, &mut line);
    let result = boundary(on_panic, body);
    line.push_str(" -> ");
    result.describe(&mut line);
    trace::describe_args(args().as_ref(), true, &mut line);
    trace::emit(&line);
    result
}
