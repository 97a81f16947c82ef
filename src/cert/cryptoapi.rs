//! The legacy CryptoAPI (advapi32) hash functions: `CryptAcquireContext`, `CryptCreateHash`,
//! `CryptHashData`, `CryptGetHashParam`, `CryptDestroyHash`, `CryptReleaseContext`. curl's
//! Schannel backend hashes the server's public key with them for `--pinnedpubkey` (SHA-256
//! through `PROV_RSA_AES`), and its Windows builds do MD5 (HTTP Digest) and SHA-256 the same
//! way, so the providers answer as Windows' do: `PROV_RSA_FULL` (the Base, Strong and Enhanced
//! providers) hashes MD5 and SHA-1 only, `PROV_RSA_AES` adds SHA-256/384/512. A provider here
//! holds no keys: it exists to hash.
//!
//! Handles are `ULONG_PTR`s from generation-checked handle tables (`crate::handles`), so a stale,
//! zero or foreign handle fails the lookup instead of being dereferenced.
//!
//! Key containers: `CRYPT_VERIFYCONTEXT` needs none. Without it the named (or default) container
//! must exist; `CRYPT_NEWKEYSET` creates one and `CRYPT_DELETEKEYSET` removes it. They hold no
//! keys and live only as long as the process, which is enough for the "open, else create" loop
//! old code runs before it hashes.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard};

use md5::Digest;
use std::sync::LazyLock;

use super::error::{CertResult, Win32Error};
use crate::abi::*;
use crate::handles::{self, Kind, Table};

/// An acquired provider context.
pub struct Provider {
    prov_type: u32,
}

enum Running {
    Ring(ring::digest::Context),
    Md5(md5::Md5),
}

struct HashState {
    /// The running hash; None once the value has been read.
    running: Option<Running>,
    /// The value, once `HP_HASHVAL` has finished the hash.
    value: Option<Vec<u8>>,
}

/// A hash object (`HCRYPTHASH`).
pub struct Hash {
    alg: u32,
    size: usize,
    state: Mutex<HashState>,
}

static PROVIDERS: Table<Provider> = Table::new(Kind::CryptProv);
static HASHES: Table<Hash> = Table::new(Kind::CryptHash);
/// Key containers created with `CRYPT_NEWKEYSET`: (machine keyset, name; "" = default).
static CONTAINERS: LazyLock<Mutex<HashSet<(bool, String)>>> =
    LazyLock::new(|| Mutex::new(HashSet::new()));

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every critical section is a single insert, remove or update: a poisoned lock is consistent.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn err(code: i32) -> Win32Error {
    Win32Error::of(code)
}

/// Provider names and their types, compared case-insensitively as Windows does.
const NAMES: [(&str, u32); 5] = [
    (MS_DEF_PROV, PROV_RSA_FULL),
    (MS_ENHANCED_PROV, PROV_RSA_FULL),
    (MS_STRONG_PROV, PROV_RSA_FULL),
    (MS_ENH_RSA_AES_PROV, PROV_RSA_AES),
    (MS_ENH_RSA_AES_PROV_XP, PROV_RSA_AES),
];

const VALID_FLAGS: u32 = CRYPT_VERIFYCONTEXT
    | CRYPT_NEWKEYSET
    | CRYPT_DELETEKEYSET
    | CRYPT_MACHINE_KEYSET
    | CRYPT_SILENT
    | CRYPT_DEFAULT_CONTAINER_OPTIONAL;

/// `CryptAcquireContextA/W`'s inputs (strings already converted).
pub struct AcquireArgs<'a> {
    /// `szContainer` (None for NULL).
    pub container: Option<&'a str>,
    /// `szProvider` (None for NULL: the type's default provider).
    pub provider: Option<&'a str>,
    /// `dwProvType`.
    pub prov_type: u32,
    /// `dwFlags`.
    pub flags: u32,
}

/// CryptAcquireContext. Returns the new `HCRYPTPROV`, or None after a successful
/// `CRYPT_DELETEKEYSET` (which acquires nothing). Errors, in the order checked:
/// `NTE_BAD_PROV_TYPE` (type 0 or above 999), `NTE_BAD_FLAGS` (unknown flags, or a container
/// name with `CRYPT_VERIFYCONTEXT`), `NTE_KEYSET_NOT_DEF` (unknown provider name),
/// `NTE_PROV_TYPE_NO_MATCH` (a name of another type), `NTE_PROV_TYPE_NOT_DEF` (a type other
/// than `PROV_RSA_FULL` / `PROV_RSA_AES`), `NTE_BAD_KEYSET` (the container does not exist),
/// `NTE_EXISTS` (`CRYPT_NEWKEYSET` for one that does).
pub fn acquire_context(a: &AcquireArgs<'_>) -> CertResult<Option<usize>> {
    if a.prov_type == 0 || a.prov_type > 999 {
        return Err(err(NTE_BAD_PROV_TYPE));
    }
    let container = a.container.unwrap_or("");
    let verify = a.flags & CRYPT_VERIFYCONTEXT == CRYPT_VERIFYCONTEXT;
    if a.flags & !VALID_FLAGS != 0 || (verify && !container.is_empty()) {
        return Err(err(NTE_BAD_FLAGS));
    }
    if let Some(name) = a.provider {
        let (_, t) = NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .ok_or_else(|| err(NTE_KEYSET_NOT_DEF))?;
        if *t != a.prov_type {
            return Err(err(NTE_PROV_TYPE_NO_MATCH));
        }
    }
    if a.prov_type != PROV_RSA_FULL && a.prov_type != PROV_RSA_AES {
        return Err(err(NTE_PROV_TYPE_NOT_DEF));
    }
    if !verify {
        let key = (
            a.flags & CRYPT_MACHINE_KEYSET != 0,
            container.to_ascii_lowercase(),
        );
        let mut containers = lock(&CONTAINERS);
        if a.flags & CRYPT_DELETEKEYSET != 0 {
            return if containers.remove(&key) {
                Ok(None)
            } else {
                Err(err(NTE_BAD_KEYSET))
            };
        }
        if a.flags & CRYPT_NEWKEYSET != 0 {
            if !containers.insert(key) {
                return Err(err(NTE_EXISTS));
            }
        } else if !containers.contains(&key) {
            return Err(err(NTE_BAD_KEYSET));
        }
    }
    let h = PROVIDERS.insert(Arc::new(Provider {
        prov_type: a.prov_type,
    }));
    match handles::pack(&h) {
        Some(v) => Ok(Some(v)),
        None => {
            PROVIDERS.remove(&h);
            Err(err(NTE_NO_MEMORY))
        }
    }
}

/// CryptReleaseContext: the handle is released; `dwFlags` other than 0 then reports
/// `NTE_BAD_FLAGS`, as Windows' providers do. Unknown handle: `NTE_BAD_UID`. Hashes made with
/// the provider stay usable until destroyed.
pub fn release_context(h: usize, flags: u32) -> CertResult<()> {
    PROVIDERS
        .remove(&handles::unpack(h))
        .ok_or_else(|| err(NTE_BAD_UID))?;
    if flags != 0 {
        return Err(err(NTE_BAD_FLAGS));
    }
    Ok(())
}

/// The digest size of `alg` under a provider of type `prov_type`, None if it cannot hash it.
fn hash_size(prov_type: u32, alg: u32) -> Option<usize> {
    match (prov_type, alg) {
        (_, CALG_MD5) => Some(16),
        (_, CALG_SHA1) => Some(20),
        (PROV_RSA_AES, CALG_SHA_256) => Some(32),
        (PROV_RSA_AES, CALG_SHA_384) => Some(48),
        (PROV_RSA_AES, CALG_SHA_512) => Some(64),
        _ => None,
    }
}

fn start(alg: u32) -> Running {
    let ring_alg = match alg {
        CALG_SHA1 => &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
        CALG_SHA_256 => &ring::digest::SHA256,
        CALG_SHA_384 => &ring::digest::SHA384,
        CALG_SHA_512 => &ring::digest::SHA512,
        _ => return Running::Md5(md5::Md5::new()),
    };
    Running::Ring(ring::digest::Context::new(ring_alg))
}

/// CryptCreateHash: a new hash object. Errors: `NTE_BAD_UID` (unknown provider), `NTE_BAD_FLAGS`
/// (flags other than `CRYPT_SECRETDIGEST`), `NTE_BAD_KEY` (a key handle: there are no keys; or
/// the keyed `CALG_HMAC`/`CALG_MAC` without one), `NTE_BAD_ALGID` (an algorithm the provider
/// type does not hash: SHA-2 under `PROV_RSA_FULL` as on Windows; MD2, MD4 and the SSL3/TLS
/// internal hashes always).
pub fn create_hash(prov: usize, alg: u32, key: usize, flags: u32) -> CertResult<usize> {
    let p = PROVIDERS
        .get(&handles::unpack(prov))
        .ok_or_else(|| err(NTE_BAD_UID))?;
    if flags & !CRYPT_SECRETDIGEST != 0 {
        return Err(err(NTE_BAD_FLAGS));
    }
    if key != 0 || alg == CALG_HMAC || alg == CALG_MAC {
        return Err(err(NTE_BAD_KEY));
    }
    let size = hash_size(p.prov_type, alg).ok_or_else(|| err(NTE_BAD_ALGID))?;
    let h = HASHES.insert(Arc::new(Hash {
        alg,
        size,
        state: Mutex::new(HashState {
            running: Some(start(alg)),
            value: None,
        }),
    }));
    match handles::pack(&h) {
        Some(v) => Ok(v),
        None => {
            HASHES.remove(&h);
            Err(err(NTE_NO_MEMORY))
        }
    }
}

fn hash_of(h: usize) -> CertResult<Arc<Hash>> {
    HASHES
        .get(&handles::unpack(h))
        .ok_or_else(|| err(NTE_BAD_HASH))
}

/// CryptHashData: adds `data`. Errors: `NTE_BAD_HASH` (unknown handle), `NTE_BAD_FLAGS` (flags
/// other than `CRYPT_USERDATA`), `NTE_BAD_HASH_STATE` (the value has already been read).
pub fn hash_data(h: usize, data: &[u8], flags: u32) -> CertResult<()> {
    let hash = hash_of(h)?;
    if flags & !CRYPT_USERDATA != 0 {
        return Err(err(NTE_BAD_FLAGS));
    }
    let mut st = lock(&hash.state);
    match st.running.as_mut() {
        Some(Running::Ring(c)) => c.update(data),
        Some(Running::Md5(m)) => m.update(data),
        None => return Err(err(NTE_BAD_HASH_STATE)),
    }
    Ok(())
}

/// CryptGetHashParam's value: `HP_ALGID` (the ALG_ID), `HP_HASHSIZE` (the digest size), both
/// 4-byte DWORDs, and `HP_HASHVAL` (the digest). Reading `HP_HASHVAL` (`finish`: the caller gave
/// a buffer) finishes the hash: later `CryptHashData` calls fail, later reads give the same
/// value; a size query (`finish` false) does not. Errors: `NTE_BAD_HASH`, `NTE_BAD_FLAGS`
/// (flags other than 0), `NTE_BAD_TYPE` (another `dwParam`).
pub fn hash_param(h: usize, param: u32, flags: u32, finish: bool) -> CertResult<Vec<u8>> {
    let hash = hash_of(h)?;
    if flags != 0 {
        return Err(err(NTE_BAD_FLAGS));
    }
    let dword = |v: usize| u32::try_from(v).unwrap_or(u32::MAX).to_ne_bytes().to_vec();
    match param {
        HP_ALGID => Ok(hash.alg.to_ne_bytes().to_vec()),
        HP_HASHSIZE => Ok(dword(hash.size)),
        HP_HASHVAL if !finish => Ok(vec![0; hash.size]),
        HP_HASHVAL => {
            let mut st = lock(&hash.state);
            if let Some(running) = st.running.take() {
                let value = match running {
                    Running::Ring(c) => c.finish().as_ref().to_vec(),
                    Running::Md5(m) => m.finalize().to_vec(),
                };
                st.value = Some(value);
            }
            Ok(st.value.clone().unwrap_or_default())
        }
        _ => Err(err(NTE_BAD_TYPE)),
    }
}

/// CryptDestroyHash. Unknown handle: `NTE_BAD_HASH`.
pub fn destroy_hash(h: usize) -> CertResult<()> {
    HASHES
        .remove(&handles::unpack(h))
        .map(|_| ())
        .ok_or_else(|| err(NTE_BAD_HASH))
}
