//! The C boundary's safety net: every export runs its body through [`boundary`], so a panic
//! becomes a status (or NULL) instead of unwinding into C, which would be undefined behaviour.

use std::ffi::CStr;
use std::fmt::Write as _;
use std::marker::PhantomData;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::abi::SecHandle;
use crate::abi::{BOOL, DWORD, FALSE, LONG, SECURITY_STATUS, SEC_E_INTERNAL_ERROR};
pub mod trace;

use trace::Arg;

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

/// Longest name read from a caller, in code units of either width (bytes for the A functions,
/// UTF-16 units for the W ones): 32767, the longest string Windows itself carries (a
/// `UNICODE_STRING`, an extended-length path). It bounds the damage of a missing terminator; no
/// package, host, store, container or find string comes near it.
pub const MAX_TEXT_UNITS: usize = 32767;

/// A caller's string that is not valid UTF-8 / UTF-16, or has no terminator within
/// [`MAX_TEXT_UNITS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadText;

/// A caller's NUL-terminated string argument, in either width, checked for NULL only when read.
///
/// The one rule for every export's string arguments: NULL is "absent"; a name ([`Text::string`],
/// [`Text::read`]) must end within [`MAX_TEXT_UNITS`] units and be valid UTF-8 (A) or UTF-16
/// (W), else it is [`BadText`] and the export answers with its documented invalid-parameter
/// status. Windows is more lenient with the W strings of crypt32 (a store name or find string
/// with an unpaired surrogate is compared unit by unit there); here it is refused, which only a
/// corrupted string can tell apart. Documents (PEM, base64 text) and file paths are not names:
/// [`Text::narrow_bytes`] / [`Text::wide_units`] return them raw, to their NUL, as C reads them.
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

    /// The text as UTF-8, empty kept: `Ok(None)` for NULL, `Err` for text that breaks the rule.
    pub fn string(&self) -> Result<Option<String>, BadText> {
        Ok(Some(match *self {
            Text::Narrow(p, _) if p.is_null() => return Ok(None),
            Text::Wide(p, _) if p.is_null() => return Ok(None),
            // SAFETY: NUL-terminated and valid for 'a (constructor contract).
            Text::Narrow(p, _) => {
                String::from_utf8(unsafe { bounded(p.cast::<u8>()) }?).map_err(|_| BadText)?
            }
            // SAFETY: as above.
            Text::Wide(p, _) => decode_wide(&unsafe { bounded(p) }?)?,
        }))
    }

    /// As [`Text::string`], with the empty string also `Ok(None)` (SSPI's and crypt32's names
    /// treat "" as no name).
    pub fn read(&self) -> Result<Option<String>, BadText> {
        Ok(self.string()?.filter(|s| !s.is_empty()))
    }

    /// A narrow document or path as its bytes up to the NUL, unbounded and undecoded (NULL and
    /// the W form give `None`).
    pub fn narrow_bytes(&self) -> Option<&'a [u8]> {
        match *self {
            // SAFETY: non-NULL, NUL-terminated and valid for 'a (constructor contract).
            Text::Narrow(p, _) if !p.is_null() => Some(unsafe { CStr::from_ptr(p) }.to_bytes()),
            _ => None,
        }
    }

    /// A wide document or path as its units up to the NUL, unbounded and undecoded (NULL and the
    /// A form give `None`).
    pub fn wide_units(&self) -> Option<&'a [u16]> {
        match *self {
            Text::Wide(p, _) if !p.is_null() => {
                let mut len = 0;
                // SAFETY: NUL-terminated (constructor contract): every unit up to the NUL is
                // readable, and we stop at it.
                while unsafe { *p.add(len) } != 0 {
                    len += 1;
                }
                // SAFETY: the `len` units before the NUL were just read; valid for 'a.
                Some(unsafe { std::slice::from_raw_parts(p, len) })
            }
            _ => None,
        }
    }

    /// Whether the caller passed NULL.
    pub fn is_null(&self) -> bool {
        match *self {
            Text::Narrow(p, _) => p.is_null(),
            Text::Wide(p, _) => p.is_null(),
        }
    }
}

/// UTF-16 from a caller as UTF-8, under [`Text`]'s rule: an unpaired surrogate is [`BadText`].
pub fn decode_wide(units: &[u16]) -> Result<String, BadText> {
    String::from_utf16(units).map_err(|_| BadText)
}

/// The units before the NUL, or `BadText` past [`MAX_TEXT_UNITS`].
///
/// # Safety
/// `p` is a NUL-terminated string of `U`s.
unsafe fn bounded<U: Copy + Default + PartialEq>(p: *const U) -> Result<Vec<U>, BadText> {
    let mut units = Vec::new();
    loop {
        // SAFETY: NUL-terminated (function contract); we stop at the NUL or at the bound,
        // never past either.
        let u = unsafe { *p.add(units.len()) };
        if u == U::default() {
            return Ok(units);
        }
        if units.len() == MAX_TEXT_UNITS {
            return Err(BadText);
        }
        units.push(u);
    }
}

/// A caller's out-parameter (`phNewContext`, `pfContextAttr`, `ptsExpiry`, `ppCertContext`,
/// `pdwSkip` ...): NULL is allowed and then nothing is written, as SSPI and crypt32 do for
/// optional outputs. The one NULL-skipping writer of the exports.
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
            // SAFETY: non-NULL and writable for 'a (constructor contract). Unaligned: a
            // member of a caller's packed struct is still a valid out-parameter.
            unsafe { self.ptr.write_unaligned(value) };
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

/// A caller's array that cannot be read: NULL with a non-zero count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadSlice;

/// The `count` entries of a caller array or byte buffer: empty for a count of 0 (whatever the
/// pointer), [`BadSlice`] for NULL with a non-zero count, which each export answers with its
/// documented invalid-parameter status. The count is trusted as Windows trusts it, with no cap:
/// a cap would silently drop the entries past it and change the outcome.
///
/// # Safety
/// `p` is NULL or points to `count` initialised entries that outlive `'a`.
pub unsafe fn caller_slice<'a, T>(p: *const T, count: u32) -> Result<&'a [T], BadSlice> {
    match (count, p.is_null()) {
        (0, _) => Ok(&[]),
        (_, true) => Err(BadSlice),
        // SAFETY: non-NULL with `count` entries (function contract).
        _ => Ok(unsafe { std::slice::from_raw_parts(p, count as usize) }),
    }
}

/// What an export returns, by its C meaning: the value a panic becomes and how the trace shows
/// it, so neither is chosen export by export.
///
/// This is rustls-ffi's `PanicOrDefault` keyed on a marker ([`Status`], [`Bool`], [`Dword`],
/// [`Null`], [`Long`]) instead of on the Rust type, because the SDK's C types collapse:
/// `SECURITY_STATUS`, `BOOL` and `LONG` are all `i32`, yet a panic must be
/// `SEC_E_INTERNAL_ERROR` for the first and `FALSE` for the second.
pub trait Returns<T>: Copy {
    /// The value returned when the body panicked.
    fn on_panic(self) -> T;
    /// `value` as the trace line shows it after `->`.
    fn describe(self, value: &T, out: &mut String);
}

/// A `SECURITY_STATUS`: a panic is `SEC_E_INTERNAL_ERROR`; traced by its SDK name.
#[derive(Clone, Copy)]
pub struct Status;

/// A `BOOL`: a panic is `FALSE`; a `FALSE` is traced with the thread's last error.
#[derive(Clone, Copy)]
pub struct Bool;

/// A `DWORD` count or size: a panic is 0.
#[derive(Clone, Copy)]
pub struct Dword;

/// A pointer or handle: a panic is NULL; a NULL is traced with the thread's last error.
#[derive(Clone, Copy)]
pub struct Null;

/// A `LONG` whose panic value the export documents (`CertVerifyTimeValidity`: 1, not valid).
#[derive(Clone, Copy)]
pub struct Long(pub LONG);

/// No return value.
#[derive(Clone, Copy)]
pub struct Void;

impl Returns<SECURITY_STATUS> for Status {
    fn on_panic(self) -> SECURITY_STATUS {
        SEC_E_INTERNAL_ERROR
    }
    fn describe(self, value: &SECURITY_STATUS, out: &mut String) {
        let _ = write!(
            out,
            "{} (0x{:08X})",
            trace::status_name(*value),
            *value as u32
        );
    }
}

impl Returns<BOOL> for Bool {
    fn on_panic(self) -> BOOL {
        FALSE
    }
    fn describe(self, value: &BOOL, out: &mut String) {
        if *value == FALSE {
            let _ = write!(
                out,
                "FALSE (last error 0x{:08X})",
                crate::cert::last_error()
            );
        } else {
            out.push_str("TRUE");
        }
    }
}

impl Returns<DWORD> for Dword {
    fn on_panic(self) -> DWORD {
        0
    }
    fn describe(self, value: &DWORD, out: &mut String) {
        let _ = write!(out, "{value}");
    }
}

impl Returns<LONG> for Long {
    fn on_panic(self) -> LONG {
        self.0
    }
    fn describe(self, value: &LONG, out: &mut String) {
        let _ = write!(out, "{value}");
    }
}

impl Returns<()> for Void {
    fn on_panic(self) {}
    fn describe(self, _: &(), out: &mut String) {
        out.push_str("void");
    }
}

fn describe_ptr(p: *const std::ffi::c_void, out: &mut String) {
    if p.is_null() {
        let _ = write!(out, "NULL (last error 0x{:08X})", crate::cert::last_error());
    } else {
        let _ = write!(out, "{p:p}");
    }
}

impl<T> Returns<*mut T> for Null {
    fn on_panic(self) -> *mut T {
        std::ptr::null_mut()
    }
    fn describe(self, value: &*mut T, out: &mut String) {
        describe_ptr(value.cast_const().cast(), out);
    }
}

impl<T> Returns<*const T> for Null {
    fn on_panic(self) -> *const T {
        std::ptr::null()
    }
    fn describe(self, value: &*const T, out: &mut String) {
        describe_ptr(value.cast(), out);
    }
}

/// The wrapper every export runs its body in: the panic [`boundary`] (a panic becomes what
/// `returns` says), and the call trace when `SCHSHIM_TRACE` is set (see [`crate::ffi::trace`]).
/// `args` describes the export's arguments; it is only called when tracing is on, so an
/// untraced call pays one flag load.
pub fn export<T, R, A>(
    name: &'static str,
    returns: R,
    args: impl Fn() -> A,
    body: impl FnOnce() -> T,
) -> T
where
    R: Returns<T>,
    A: AsRef<[Arg]>,
{
    if !trace::enabled() {
        return boundary(returns.on_panic(), body);
    }
    let mut line = format!("schshim: {name}");
    trace::describe_args(args().as_ref(), false, &mut line);
    let result = boundary(returns.on_panic(), body);
    line.push_str(" -> ");
    returns.describe(&result, &mut line);
    trace::describe_args(args().as_ref(), true, &mut line);
    trace::emit(&line);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panics<T>() -> T {
        std::panic::panic_any("a bug below the boundary")
    }

    #[test]
    fn a_panic_becomes_the_value_the_return_kind_names() {
        let none = || [] as [Arg; 0];
        assert_eq!(export("S", Status, none, panics), SEC_E_INTERNAL_ERROR);
        assert_eq!(export("B", Bool, none, panics), FALSE);
        assert_eq!(export("D", Dword, none, panics), 0);
        assert_eq!(export("L", Long(1), none, panics), 1);
        assert!(export("P", Null, none, panics::<*mut u8>).is_null());
        assert!(export("C", Null, none, panics::<*const u8>).is_null());
        export("V", Void, none, panics::<()>);
    }

    #[test]
    fn a_bool_and_a_status_of_the_same_value_trace_apart() {
        crate::cert::set_last_error(0x8009_2004);
        let (mut b, mut s) = (String::new(), String::new());
        Bool.describe(&FALSE, &mut b);
        Status.describe(&0, &mut s);
        assert_eq!(b, "FALSE (last error 0x80092004)");
        assert_eq!(s, "SEC_E_OK (0x00000000)");
        let mut t = String::new();
        Bool.describe(&1, &mut t);
        assert_eq!(t, "TRUE");
    }

    #[test]
    fn caller_slice_refuses_null_with_a_count_and_never_caps() {
        // SAFETY: NULL, or our own array of the count given.
        unsafe {
            assert_eq!(caller_slice::<u32>(std::ptr::null(), 0), Ok(&[][..]));
            assert_eq!(caller_slice::<u32>(std::ptr::null(), 1), Err(BadSlice));
            let many = vec![7u32; 1000];
            assert_eq!(
                caller_slice(many.as_ptr(), 1000).map(<[u32]>::len),
                Ok(1000)
            );
        }
    }
}
