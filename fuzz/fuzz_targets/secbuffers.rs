//! SecBufferDesc shapes through the C API: descriptors with any version, count, buffer types
//! (READONLY bits included), sizes and NULL or overlapping pointers, handed to ISC, ASC,
//! EncryptMessage, DecryptMessage and ApplyControlToken on fresh and established contexts.
//! Every pointer is NULL or points into memory we own with at least cbBuffer bytes: that is
//! the API's contract, which Windows does not check either.
//!
//! Input: [call][versions][flags][real?][count][per buffer: type, size hi/lo, where][arena bytes]
#![no_main]

use std::ptr::null_mut;

use libfuzzer_sys::fuzz_target;
use schannel_shim::abi::*;
use schannel_shim::exports::sspi::*;
use schannel_shim_fuzz::harness::{handshake, pki, Input, Peer, Versions, ASC_FLAGS, ISC_FLAGS};

const TYPES: [u32; 14] = [
    SECBUFFER_EMPTY,
    SECBUFFER_DATA,
    SECBUFFER_TOKEN,
    SECBUFFER_EXTRA,
    SECBUFFER_STREAM_TRAILER,
    SECBUFFER_STREAM_HEADER,
    SECBUFFER_MISSING,
    SECBUFFER_ALERT,
    SECBUFFER_APPLICATION_PROTOCOLS,
    SECBUFFER_PKG_PARAMS,
    SECBUFFER_STREAM,
    SECBUFFER_PADDING,
    SECBUFFER_TOKEN | SECBUFFER_READONLY,
    SECBUFFER_DATA | SECBUFFER_READONLY_WITH_CHECKSUM,
];
const ARENA: usize = 20_000;

struct Shape {
    bufs: Vec<SecBuffer>,
    desc: SecBufferDesc,
    null_desc: bool,
}

fn shape(input: &mut Input, arena: &mut [u8]) -> Shape {
    let version = match input.byte() {
        0..=239 => SECBUFFER_VERSION,
        v => v as u32,
    };
    let count = (input.byte() % 9) as usize;
    let mut bufs = Vec::with_capacity(count);
    for _ in 0..count {
        let t = input.byte();
        let ty = if t < 224 {
            TYPES[t as usize % TYPES.len()]
        } else {
            u32::from(t) << 20 | u32::from(t)
        };
        let size = (input.u16() as usize) % (ARENA + 1);
        let where_ = input.byte();
        let ptr = if where_ == 0xff {
            null_mut()
        } else {
            let off = (where_ as usize * 97) % (ARENA - size + 1);
            // SAFETY: off + size <= ARENA, inside the arena.
            unsafe { arena.as_mut_ptr().add(off) }.cast()
        };
        bufs.push(SecBuffer {
            cbBuffer: size as u32,
            BufferType: ty,
            pvBuffer: ptr,
        });
    }
    let null_desc = count == 0 && version == SECBUFFER_VERSION && input.byte() & 1 == 1;
    let desc = SecBufferDesc {
        ulVersion: version,
        cBuffers: bufs.len() as u32,
        pBuffers: if bufs.is_empty() { null_mut() } else { bufs.as_mut_ptr() },
    };
    Shape { bufs, desc, null_desc }
}

impl Shape {
    fn ptr(&mut self) -> *mut SecBufferDesc {
        if self.null_desc {
            null_mut()
        } else {
            self.desc.pBuffers = if self.bufs.is_empty() { null_mut() } else { self.bufs.as_mut_ptr() };
            &mut self.desc
        }
    }

    /// Frees what the package allocated into output buffers (pointers outside the arena).
    fn free_outputs(&self, arena: &[u8]) {
        let lo = arena.as_ptr() as usize;
        let hi = lo + arena.len();
        for b in &self.bufs {
            let p = b.pvBuffer as usize;
            if p != 0 && !(lo..hi).contains(&p) {
                // SAFETY: the package allocated this buffer.
                unsafe { FreeContextBuffer(b.pvBuffer) };
            }
        }
    }
}

fuzz_target!(
    init: {
        pki();
    },
    |data: &[u8]| {
        let mut input = Input(data);
        let call = input.byte() % 6;
        let versions = Versions::from_byte(input.byte());
        let flag_bits = input.byte();
        let real = input.byte();
        let mut arena = vec![0u8; ARENA];
        let mut client = Peer::new(false, versions);
        let mut server = Peer::new(true, versions);
        // An established pair for the record calls, a ClientHello for ASC.
        let mut hello = Vec::new();
        let established = call >= 2 && handshake(&mut client, &mut server, |from_server, t| {
            if !from_server && hello.is_empty() {
                hello = t.to_vec();
            }
        });
        let seed: Vec<u8> = match real % 3 {
            0 if call == 1 => {
                let mut c = Peer::new(false, versions);
                c.step().1
            }
            1 if established => client.encrypt(b"GET / HTTP/1.1\r\n\r\n").unwrap_or_default(),
            _ => Vec::new(),
        };
        let mut in_shape = shape(&mut input, &mut arena);
        let mut out_shape = shape(&mut input, &mut arena);
        let n = seed.len().min(ARENA);
        arena[..n].copy_from_slice(&seed[..n]);
        let rest = input.take(ARENA - n).to_vec();
        arena[n..n + rest.len()].copy_from_slice(&rest);
        let alloc = flag_bits & 1 == 1;
        let mut attrs = 0u32;
        let mut new_ctx = CtxtHandle { dwLower: 0, dwUpper: 0 };
        let target = b"localhost\0";
        // SAFETY: every descriptor pointer is NULL or points at live memory of cbBuffer bytes.
        unsafe {
            match call {
                0 => {
                    let mut flags = ISC_FLAGS;
                    if !alloc {
                        flags &= !ISC_REQ_ALLOCATE_MEMORY;
                    }
                    let started = client.started;
                    let _ = InitializeSecurityContextA(
                        &mut client.cred,
                        if started { &mut client.ctx } else { null_mut() },
                        target.as_ptr() as *mut _,
                        flags,
                        0,
                        0,
                        in_shape.ptr(),
                        0,
                        &mut new_ctx,
                        out_shape.ptr(),
                        &mut attrs,
                        null_mut(),
                    );
                    if !started && new_ctx.dwLower | new_ctx.dwUpper != 0 {
                        client.ctx = new_ctx;
                        client.started = true;
                    }
                }
                1 => {
                    let mut flags = ASC_FLAGS;
                    if !alloc {
                        flags &= !ASC_REQ_ALLOCATE_MEMORY;
                    }
                    let _ = AcceptSecurityContext(
                        &mut server.cred,
                        null_mut(),
                        in_shape.ptr(),
                        flags,
                        0,
                        &mut new_ctx,
                        out_shape.ptr(),
                        &mut attrs,
                        null_mut(),
                    );
                    if new_ctx.dwLower | new_ctx.dwUpper != 0 {
                        server.ctx = new_ctx;
                        server.started = true;
                    }
                }
                2 => {
                    let _ = EncryptMessage(&mut client.ctx, 0, in_shape.ptr(), 0);
                }
                3 => {
                    let _ = DecryptMessage(&mut server.ctx, in_shape.ptr(), 0, null_mut());
                }
                4 => {
                    let _ = ApplyControlToken(&mut server.ctx, in_shape.ptr());
                }
                _ => {
                    // A follow-up ASC on the established context (shutdown after
                    // ApplyControlToken, or a redo) with the fuzzed shapes.
                    let mut shut = SCHANNEL_SHUTDOWN.to_ne_bytes();
                    let mut tb = [SecBuffer {
                        cbBuffer: 4,
                        BufferType: SECBUFFER_TOKEN,
                        pvBuffer: shut.as_mut_ptr().cast(),
                    }];
                    let mut td = SecBufferDesc {
                        ulVersion: SECBUFFER_VERSION,
                        cBuffers: 1,
                        pBuffers: tb.as_mut_ptr(),
                    };
                    if flag_bits & 2 == 2 {
                        let _ = ApplyControlToken(&mut server.ctx, &mut td);
                    }
                    let mut flags = ASC_FLAGS;
                    if !alloc {
                        flags &= !ASC_REQ_ALLOCATE_MEMORY;
                    }
                    let started = server.started;
                    let _ = AcceptSecurityContext(
                        &mut server.cred,
                        if started { &mut server.ctx } else { null_mut() },
                        in_shape.ptr(),
                        flags,
                        0,
                        &mut new_ctx,
                        out_shape.ptr(),
                        &mut attrs,
                        null_mut(),
                    );
                }
            }
        }
        // Allocated with ALLOCATE_MEMORY, and also without it into a NULL pvBuffer (CONTRACT §2).
        out_shape.free_outputs(&arena);
    }
);
