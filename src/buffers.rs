//! The only code that reads or rewrites the caller's `SecBuffer` arrays.
//!
//! Every rule about which buffer carries what (TOKEN/EMPTY on input, EXTRA and MISSING written
//! back into the first EMPTY slot, the positional HEADER/DATA/TRAILER/EXTRA rewrite of
//! DecryptMessage) lives here, so the engine only ever sees byte slices and counts. Buffer
//! types are compared with the attribute bits (`SECBUFFER_READONLY` …) masked off, as Windows does.
//!
//! The exports turn each `SecBufferDesc *` into a [`DescArg`] (the only `unsafe` step); every
//! type built from it borrows the caller's memory for the call only, and the record layer
//! receives ready slices of it, so encryption and decryption stay in place with no copy.

use std::marker::PhantomData;

use crate::abi::*;
use crate::ffi::malloc_copy;

/// The payload of a buffer type, without the `SECBUFFER_ATTRMASK` bits.
pub fn kind(b: &SecBuffer) -> u32 {
    b.BufferType & !SECBUFFER_ATTRMASK
}

/// A caller's `SecBufferDesc *` argument, not yet looked at.
///
/// Made at the boundary, the one `unsafe` step: from then on every type here is safe to use,
/// and none outlives the call (`'a`).
#[derive(Clone, Copy)]
pub struct DescArg<'a> {
    ptr: *mut SecBufferDesc,
    _call: PhantomData<&'a mut SecBufferDesc>,
}

impl<'a> DescArg<'a> {
    /// # Safety
    /// `desc` is NULL or points to a `SecBufferDesc` whose `pBuffers` holds `cBuffers` entries
    /// (or fewer than 65, the most we walk), each of whose `pvBuffer` is NULL or valid for reads
    /// and writes of `cbBuffer` bytes; all of it stays valid for `'a` and is not used by anyone
    /// else until the call returns (input and output may be the same descriptor).
    pub unsafe fn new(desc: *mut SecBufferDesc) -> DescArg<'a> {
        DescArg {
            ptr: desc,
            _call: PhantomData,
        }
    }

    pub fn is_null(&self) -> bool {
        self.ptr.is_null()
    }
}

/// A caller's descriptor, checked once for a usable array pointer.
///
/// Access to the `SecBuffer` entries is through raw pointers for the whole call: callers such
/// as libgit2 pass the same descriptor as input and output, so no Rust reference to a
/// `SecBuffer` outlives a helper.
#[derive(Clone, Copy)]
struct Desc<'a> {
    buffers: *mut SecBuffer,
    count: usize,
    _call: PhantomData<&'a mut SecBuffer>,
}

/// Arrays longer than this are rejected as garbage rather than walked.
const MAX_BUFFERS: u32 = 64;

impl<'a> Desc<'a> {
    fn new(arg: DescArg<'a>) -> Option<Desc<'a>> {
        if arg.ptr.is_null() {
            return None;
        }
        // SAFETY: non-NULL, and a valid descriptor for 'a (`DescArg::new`'s contract).
        let d = unsafe { arg.ptr.read() };
        if d.cBuffers > MAX_BUFFERS || (d.cBuffers > 0 && d.pBuffers.is_null()) {
            return None;
        }
        Some(Desc {
            buffers: d.pBuffers,
            count: d.cBuffers as usize,
            _call: PhantomData,
        })
    }

    fn len(&self) -> usize {
        self.count
    }

    fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn get(&self, i: usize) -> SecBuffer {
        assert!(i < self.count);
        // SAFETY: i < count, and the array holds count entries (checked in `new`).
        unsafe { self.buffers.add(i).read() }
    }

    fn set(&self, i: usize, b: SecBuffer) {
        assert!(i < self.count);
        // SAFETY: as in `get`; the array is the caller's, writable for the call.
        unsafe { self.buffers.add(i).write(b) };
    }

    fn find(&self, ty: u32) -> Option<usize> {
        (0..self.count).find(|&i| kind(&self.get(i)) == ty)
    }

    fn count_of(&self, ty: u32) -> usize {
        (0..self.count)
            .filter(|&i| kind(&self.get(i)) == ty)
            .count()
    }

    /// The bytes a buffer describes; an empty slice for `cbBuffer == 0`. The slice must not be
    /// used after anything is written into that buffer (see [`HandshakeInput`]).
    fn bytes(&self, i: usize) -> Result<&'a [u8], SECURITY_STATUS> {
        let b = self.get(i);
        if b.cbBuffer == 0 {
            return Ok(&[]);
        }
        if b.pvBuffer.is_null() {
            return Err(SEC_E_INVALID_TOKEN);
        }
        // SAFETY: pvBuffer is valid for cbBuffer bytes for 'a (`DescArg::new`'s contract).
        Ok(unsafe { std::slice::from_raw_parts(b.pvBuffer as *const u8, b.cbBuffer as usize) })
    }
}

/// What ISC/ASC take from their input descriptor.
///
/// The token is the caller's memory. Callers may pass the same descriptor as input and output,
/// so the token is read (by the handshake) before anything is written to the output, and only
/// its length is used afterwards.
pub struct HandshakeInput<'a> {
    token: &'a [u8],
    token_len: usize,
    /// ALPN protocol names from a `SECBUFFER_APPLICATION_PROTOCOLS` buffer anywhere in the array.
    pub alpn: Option<Vec<Vec<u8>>>,
    desc: Option<Desc<'a>>,
}

impl<'a> HandshakeInput<'a> {
    /// Input of a call with `pInput == NULL`, or one whose input must not be read.
    pub fn none() -> Self {
        HandshakeInput {
            token: &[],
            token_len: 0,
            alpn: None,
            desc: None,
        }
    }

    /// Reads an ISC/ASC input descriptor.
    ///
    /// An EMPTY buffer with a size is rejected on continuation calls (Windows accepts it on a
    /// client's first call, which ignores its input).
    pub fn read(arg: DescArg<'a>, reject_sized_empty: bool) -> Result<Self, SECURITY_STATUS> {
        let Some(d) = Desc::new(arg) else {
            return if arg.is_null() {
                Ok(HandshakeInput::none())
            } else {
                Err(SEC_E_INVALID_TOKEN)
            };
        };
        let mut input = HandshakeInput {
            desc: Some(d),
            ..HandshakeInput::none()
        };
        for i in 0..d.len() {
            let b = d.get(i);
            match kind(&b) {
                SECBUFFER_EMPTY if reject_sized_empty && b.cbBuffer != 0 => {
                    return Err(SEC_E_INVALID_TOKEN)
                }
                SECBUFFER_TOKEN if input.token.is_empty() => input.token = d.bytes(i)?,
                SECBUFFER_APPLICATION_PROTOCOLS => {
                    let raw = d.bytes(i)?;
                    input.alpn = Some(parse_alpn(raw).ok_or(SEC_E_INVALID_TOKEN)?);
                }
                _ => {}
            }
        }
        input.token_len = input.token.len();
        Ok(input)
    }

    /// Everything the caller has received (the first TOKEN buffer), possibly empty.
    pub fn token(&self) -> &[u8] {
        self.token
    }

    /// The token's length, usable after output has been written.
    pub fn token_len(&self) -> usize {
        self.token_len
    }

    /// Reports `count` unconsumed trailing bytes by turning the first EMPTY buffer into
    /// `SECBUFFER_EXTRA` (pv unchanged: the bytes are the tail of the caller's token).
    /// Returns false when the caller gave no slot for it.
    pub fn mark_extra(&self, count: usize) -> bool {
        self.mark_first_empty(SECBUFFER_EXTRA, count)
    }

    /// `SEC_E_INCOMPLETE_MESSAGE`: the first EMPTY buffer becomes `SECBUFFER_MISSING`.
    pub fn mark_missing(&self, count: usize) {
        self.mark_first_empty(SECBUFFER_MISSING, count);
    }

    fn mark_first_empty(&self, ty: u32, count: usize) -> bool {
        let Some(d) = self.desc else { return false };
        let Some(i) = d.find(SECBUFFER_EMPTY) else {
            return false;
        };
        let mut b = d.get(i);
        b.BufferType = ty;
        b.cbBuffer = count as u32;
        d.set(i, b);
        true
    }
}

/// Parses a serialized `SEC_APPLICATION_PROTOCOLS`: a u32 total size, then lists of
/// (u32 ProtoNegoExt, u16 size, RFC 7301 length-prefixed names). Only ALPN lists are used.
pub fn parse_alpn(raw: &[u8]) -> Option<Vec<Vec<u8>>> {
    let total = u32::from_le_bytes(raw.get(0..4)?.try_into().ok()?) as usize;
    let mut lists = raw.get(4..4 + total)?;
    let mut names = Vec::new();
    while !lists.is_empty() {
        let ext = u32::from_le_bytes(lists.get(0..4)?.try_into().ok()?);
        let size = u16::from_le_bytes(lists.get(4..6)?.try_into().ok()?) as usize;
        let mut list = lists.get(6..6 + size)?;
        lists = &lists[6 + size..];
        if ext != SecApplicationProtocolNegotiationExt_ALPN {
            continue;
        }
        while let Some((&len, rest)) = list.split_first() {
            let name = rest.get(..len as usize)?;
            if name.is_empty() {
                return None;
            }
            names.push(name.to_vec());
            list = &rest[len as usize..];
        }
    }
    Some(names)
}

/// The output side of ISC/ASC/ApplyControlToken-driven calls.
pub struct HandshakeOutput<'a> {
    desc: Desc<'a>,
    allocate: bool,
}

impl<'a> HandshakeOutput<'a> {
    /// Checks an output descriptor the way Windows does before any work: NULL or no buffers is
    /// `SEC_E_INVALID_TOKEN`; a TOKEN or ALERT buffer with no room and no permission to
    /// allocate is `SEC_E_INSUFFICIENT_MEMORY`.
    pub fn new(arg: DescArg<'a>, allocate: bool) -> Result<Self, SECURITY_STATUS> {
        let d = Desc::new(arg).ok_or(SEC_E_INVALID_TOKEN)?;
        if d.is_empty() {
            return Err(SEC_E_INVALID_TOKEN);
        }
        if !allocate {
            for i in 0..d.len() {
                let b = d.get(i);
                let k = kind(&b);
                if (k == SECBUFFER_TOKEN || k == SECBUFFER_ALERT) && b.cbBuffer == 0 {
                    return Err(SEC_E_INSUFFICIENT_MEMORY);
                }
            }
        }
        Ok(HandshakeOutput { desc: d, allocate })
    }

    fn write_into(&self, i: usize, ty: u32, bytes: &[u8]) -> Result<bool, SECURITY_STATUS> {
        let mut b = self.desc.get(i);
        let allocated = self.allocate || b.pvBuffer.is_null();
        if allocated {
            if bytes.is_empty() {
                b.pvBuffer = std::ptr::null_mut();
            } else {
                let p = malloc_copy(bytes);
                if p.is_null() {
                    return Err(SEC_E_INSUFFICIENT_MEMORY);
                }
                b.pvBuffer = p.cast();
            }
        } else {
            if (b.cbBuffer as usize) < bytes.len() {
                return Err(SEC_E_INSUFFICIENT_MEMORY);
            }
            // SAFETY: the caller's buffer holds cbBuffer >= bytes.len() writable bytes for the
            // call (`DescArg::new`'s contract); the source is our own memory, so the two cannot
            // overlap.
            unsafe {
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), b.pvBuffer as *mut u8, bytes.len())
            };
        }
        b.cbBuffer = bytes.len() as u32;
        b.BufferType = ty;
        self.desc.set(i, b);
        Ok(allocated)
    }

    /// Writes the token into the first TOKEN buffer (else the first EMPTY one, as curl passes
    /// on its first call). Returns whether the package allocated the memory.
    /// A caller buffer that is too small gives `SEC_E_INSUFFICIENT_MEMORY`; nothing is written.
    pub fn write_token(&self, bytes: &[u8]) -> Result<bool, SECURITY_STATUS> {
        let slot = self
            .desc
            .find(SECBUFFER_TOKEN)
            .or_else(|| self.desc.find(SECBUFFER_EMPTY))
            .ok_or(SEC_E_INVALID_TOKEN)?;
        self.write_into(slot, SECBUFFER_TOKEN, bytes)
    }

    /// Puts an alert record into the first ALERT buffer; false if there is none.
    pub fn write_alert(&self, bytes: &[u8]) -> Result<bool, SECURITY_STATUS> {
        match self.desc.find(SECBUFFER_ALERT) {
            Some(i) => self.write_into(i, SECBUFFER_ALERT, bytes).map(|_| true),
            None => Ok(false),
        }
    }

    /// The token slot reports nothing to send (cb 0), its memory untouched.
    pub fn clear_token(&self) {
        let slot = self
            .desc
            .find(SECBUFFER_TOKEN)
            .or_else(|| self.desc.find(SECBUFFER_EMPTY));
        if let Some(i) = slot {
            let mut b = self.desc.get(i);
            b.cbBuffer = 0;
            self.desc.set(i, b);
        }
    }

    /// Every ALERT buffer reports no alert (successful calls, or an alert that did not fit).
    pub fn clear_alerts(&self) {
        for i in 0..self.desc.len() {
            let mut b = self.desc.get(i);
            if kind(&b) == SECBUFFER_ALERT {
                b.cbBuffer = 0;
                self.desc.set(i, b);
            }
        }
    }
}

/// The three regions EncryptMessage fills, with their caller-given sizes.
pub struct EncryptBuffers<'a> {
    desc: Desc<'a>,
    header: usize,
    data: usize,
    trailer: usize,
}

/// Where one record is sealed: slices of the caller's buffers, ready for the record layer.
pub enum SealRegions<'b> {
    /// DATA is directly followed by STREAM_TRAILER in memory (the layout every caller
    /// allocates): `body` is the payload followed by room for the trailer.
    Contiguous {
        header: &'b mut [u8],
        body: &'b mut [u8],
        data_len: usize,
    },
    /// Header, data and trailer live apart.
    Split {
        header: &'b mut [u8],
        data: &'b mut [u8],
        trailer: &'b mut [u8],
    },
}

impl<'a> EncryptBuffers<'a> {
    /// Finds STREAM_HEADER, DATA and STREAM_TRAILER (any order, extra buffers ignored).
    pub fn new(arg: DescArg<'a>) -> Result<Self, SECURITY_STATUS> {
        let d = Desc::new(arg).ok_or(SEC_E_INVALID_TOKEN)?;
        let data = d.find(SECBUFFER_DATA).ok_or(SEC_E_INVALID_TOKEN)?;
        let header = d.find(SECBUFFER_STREAM_HEADER).ok_or(SEC_E_INVALID_TOKEN)?;
        let trailer = d
            .find(SECBUFFER_STREAM_TRAILER)
            .ok_or(SEC_E_INVALID_TOKEN)?;
        for i in [data, header, trailer] {
            let b = d.get(i);
            if b.pvBuffer.is_null() && b.cbBuffer != 0 {
                return Err(SEC_E_INVALID_TOKEN);
            }
        }
        Ok(EncryptBuffers {
            desc: d,
            header,
            data,
            trailer,
        })
    }

    /// The payload's length.
    pub fn data_len(&self) -> usize {
        self.desc.get(self.data).cbBuffer as usize
    }

    /// The caller's memory for a record with `header_len` and `trailer_len` bytes around the
    /// payload. Too small a header or trailer is `SEC_E_BUFFER_TOO_SMALL`; missing or
    /// overlapping regions are `SEC_E_INVALID_TOKEN`.
    pub fn regions(
        &mut self,
        header_len: usize,
        trailer_len: usize,
    ) -> Result<SealRegions<'_>, SECURITY_STATUS> {
        let (h, d, t) = (
            self.desc.get(self.header),
            self.desc.get(self.data),
            self.desc.get(self.trailer),
        );
        let (hp, dp, tp) = (
            h.pvBuffer as *mut u8,
            d.pvBuffer as *mut u8,
            t.pvBuffer as *mut u8,
        );
        let dl = d.cbBuffer as usize;
        if (h.cbBuffer as usize) < header_len || (t.cbBuffer as usize) < trailer_len {
            return Err(SEC_E_BUFFER_TOO_SMALL);
        }
        if hp.is_null() || tp.is_null() || (dp.is_null() && dl != 0) {
            return Err(SEC_E_INVALID_TOKEN);
        }
        let (h0, d0, t0) = (hp as usize, dp as usize, tp as usize);
        let disjoint = |a: usize, al: usize, b: usize, bl: usize| a + al <= b || b + bl <= a;
        if !disjoint(h0, header_len, d0, dl) || !disjoint(h0, header_len, t0, trailer_len) {
            return Err(SEC_E_INVALID_TOKEN);
        }
        // SAFETY: the caller's STREAM_HEADER buffer, at least header_len bytes (checked),
        // disjoint from data and trailer (checked), valid for the call (`DescArg::new`).
        let header = unsafe { std::slice::from_raw_parts_mut(hp, header_len) };
        if dl > 0 && t0 == d0 + dl {
            // SAFETY: DATA and STREAM_TRAILER are adjacent caller buffers, so dl + trailer_len
            // bytes from dp are the caller's, and disjoint from the header (checked).
            let body = unsafe { std::slice::from_raw_parts_mut(dp, dl + trailer_len) };
            return Ok(SealRegions::Contiguous {
                header,
                body,
                data_len: dl,
            });
        }
        if !disjoint(d0, dl, t0, trailer_len) {
            return Err(SEC_E_INVALID_TOKEN);
        }
        let data: &mut [u8] = if dl == 0 {
            &mut []
        } else {
            // SAFETY: the caller's DATA buffer of dl bytes, disjoint from the others (checked).
            unsafe { std::slice::from_raw_parts_mut(dp, dl) }
        };
        // SAFETY: the caller's STREAM_TRAILER buffer, at least trailer_len bytes (checked),
        // disjoint from the others (checked).
        let trailer = unsafe { std::slice::from_raw_parts_mut(tp, trailer_len) };
        Ok(SealRegions::Split {
            header,
            data,
            trailer,
        })
    }

    /// Records the real sizes written, so the caller sends `hdr.cb + data.cb + trailer.cb`.
    pub fn set_sizes(&mut self, header: usize, trailer: usize) {
        for (i, cb) in [(self.header, header), (self.trailer, trailer)] {
            let mut b = self.desc.get(i);
            b.cbBuffer = cb as u32;
            self.desc.set(i, b);
        }
    }
}

/// DecryptMessage's descriptor: one DATA buffer holding what was received, and the EMPTY
/// buffers that become DATA, STREAM_TRAILER and EXTRA.
pub struct DecryptBuffers<'a> {
    desc: Desc<'a>,
    data: usize,
    empties: [usize; 3],
    received: &'a mut [u8],
}

/// Where the record's pieces ended up, as offsets into the received bytes.
pub struct DecryptedLayout {
    pub header_len: usize,
    pub plaintext: std::ops::Range<usize>,
    pub record_len: usize,
    /// Where `SECBUFFER_EXTRA` starts: after the record, or at it (`SEC_I_RENEGOTIATE`).
    pub extra_start: usize,
    pub total_len: usize,
}

impl<'a> DecryptBuffers<'a> {
    /// Validates as Windows: at least 4 buffers, exactly one DATA, at least 3 EMPTY; anything
    /// else is `SEC_E_INVALID_TOKEN`.
    pub fn new(arg: DescArg<'a>) -> Result<Self, SECURITY_STATUS> {
        let d = Desc::new(arg).ok_or(SEC_E_INVALID_TOKEN)?;
        if d.len() < 4 || d.count_of(SECBUFFER_DATA) != 1 || d.count_of(SECBUFFER_EMPTY) < 3 {
            return Err(SEC_E_INVALID_TOKEN);
        }
        let data = d.find(SECBUFFER_DATA).ok_or(SEC_E_INVALID_TOKEN)?;
        let mut empties = [0; 3];
        let mut n = 0;
        for i in 0..d.len() {
            if n < 3 && kind(&d.get(i)) == SECBUFFER_EMPTY {
                empties[n] = i;
                n += 1;
            }
        }
        let b = d.get(data);
        let received: &'a mut [u8] = match (b.pvBuffer.is_null(), b.cbBuffer) {
            (_, 0) => &mut [],
            (true, _) => return Err(SEC_E_INVALID_TOKEN),
            // SAFETY: the caller's DATA buffer, valid for reads and writes of cbBuffer bytes for
            // the call (`DescArg::new`'s contract); only this slice touches it.
            (false, cb) => unsafe {
                std::slice::from_raw_parts_mut(b.pvBuffer as *mut u8, cb as usize)
            },
        };
        Ok(DecryptBuffers {
            desc: d,
            data,
            empties,
            received,
        })
    }

    /// The received bytes, to be decrypted in place.
    pub fn received(&mut self) -> &mut [u8] {
        self.received
    }

    /// `SEC_E_INCOMPLETE_MESSAGE`: the DATA buffer (and the first EMPTY one) become
    /// `SECBUFFER_MISSING` with the number of bytes still needed. Nothing is consumed.
    pub fn mark_missing(&mut self, missing: usize) {
        for i in [self.data, self.empties[0]] {
            let mut b = self.desc.get(i);
            b.BufferType = SECBUFFER_MISSING;
            b.cbBuffer = missing as u32;
            self.desc.set(i, b);
        }
    }

    /// Rewrites the array after one record: `[DATA→STREAM_HEADER, EMPTY→DATA,
    /// EMPTY→STREAM_TRAILER, EMPTY→EXTRA from extra_start if any bytes are there]`.
    pub fn set_layout(&mut self, l: &DecryptedLayout) {
        let base = self.received.as_mut_ptr();
        let at = |off: usize| base.wrapping_add(off) as *mut std::ffi::c_void;
        let put = |i: usize, ty: u32, off: usize, cb: usize| {
            self.desc.set(
                i,
                SecBuffer {
                    cbBuffer: cb as u32,
                    BufferType: ty,
                    pvBuffer: at(off),
                },
            )
        };
        put(self.data, SECBUFFER_STREAM_HEADER, 0, l.header_len);
        put(
            self.empties[0],
            SECBUFFER_DATA,
            l.plaintext.start,
            l.plaintext.len(),
        );
        put(
            self.empties[1],
            SECBUFFER_STREAM_TRAILER,
            l.plaintext.end,
            l.record_len - l.plaintext.end,
        );
        if l.total_len > l.extra_start {
            put(
                self.empties[2],
                SECBUFFER_EXTRA,
                l.extra_start,
                l.total_len - l.extra_start,
            );
        }
    }
}

/// The single TOKEN buffer of `ApplyControlToken`, validated in Windows' order.
pub fn control_token(arg: DescArg<'_>) -> Result<&[u8], SECURITY_STATUS> {
    let d = Desc::new(arg).ok_or(SEC_E_INVALID_TOKEN)?;
    if d.len() != 1 || kind(&d.get(0)) != SECBUFFER_TOKEN {
        return Err(SEC_E_INVALID_TOKEN);
    }
    d.bytes(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpn_wire_format_from_wine_test() {
        let raw = [
            0x12, 0, 0, 0, 2, 0, 0, 0, 0x0c, 0, 8, b'h', b't', b't', b'p', b'/', b'1', b'.', b'1',
            2, b'h', b'2',
        ];
        let names = parse_alpn(&raw).unwrap();
        assert_eq!(names, vec![b"http/1.1".to_vec(), b"h2".to_vec()]);
        assert!(
            parse_alpn(&raw[..10]).is_none(),
            "truncated list is rejected"
        );
    }
}
