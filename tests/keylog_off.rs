//! `SSLKEYLOGFILE` unset when the process makes its first credential: no key log, and none
//! later either, since the variable is read once (its own process: `tests/keylog.rs` sets it).

mod common;

use std::path::PathBuf;

use common::*;

fn connect_and_exchange(versions: (u32, u32)) {
    let (mut c, mut s) = pair("ecdsa", versions.0, versions.1);
    handshake(&mut c, &mut s);
    drain(&mut c, &mut s);
    s.inbox = c.encrypt(b"ping").unwrap();
    assert_eq!(drain(&mut s, &mut c), b"ping");
    c.inbox = s.encrypt(b"pong").unwrap();
    assert_eq!(drain(&mut c, &mut s), b"pong");
}

/// One test in this file: the environment is the process's, shared by test threads.
// CONTRACT — key log (issue 9)
#[test]
fn unset_at_the_first_credential_means_no_key_log() {
    std::env::remove_var("SSLKEYLOGFILE");
    for versions in [TLS12, TLS13] {
        connect_and_exchange(versions);
    }
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("keylog-off-{}.txt", std::process::id()));
    let _ = std::fs::remove_file(&path);
    std::env::set_var("SSLKEYLOGFILE", &path);
    for versions in [TLS12, TLS13] {
        connect_and_exchange(versions);
    }
    assert!(
        !path.exists(),
        "set after the first credential: still off, nothing opened or written"
    );
}
