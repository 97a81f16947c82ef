//! The layering of `src/cert/` holds: every module uses only modules of lower layers and those
//! listed before it in its own layer (so there is no import cycle), none uses `cert/mod.rs`'s own
//! items, and none reaches into the rest of the crate beyond `abi` and `handles`. The layers are
//! read from the numbered lines of `src/cert/mod.rs`'s module documentation, so the documentation
//! and this check cannot drift apart; a module missing from those lines fails too.
//!
//! The sources are scanned, not compiled: comments, string and character literals are blanked,
//! then every path beginning with `super::`, `crate::` (and so `crate::cert::`) is resolved the way
//! rustc would resolve it, counting the inline modules (`mod tests { .. }`) it sits in.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Modules of the crate outside `cert/` that `cert/` may use.
const CRATE_ALLOWED: &[&str] = &["abi", "handles", "cert"];

fn cert_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cert")
}

/// The layers in `mod.rs`'s documentation: lines `//! N. label: `a`, `b``, modules in order.
fn layers(mod_rs: &str) -> Vec<Vec<String>> {
    mod_rs
        .lines()
        .filter_map(|l| l.strip_prefix("//! "))
        .filter(|l| {
            let digits = l.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && l[digits..].starts_with(". ")
        })
        .map(|l| l.split('`').skip(1).step_by(2).map(str::to_owned).collect())
        .collect()
}

/// The modules `mod.rs` declares (`pub mod x;` / `mod x;`).
fn declared(mod_rs: &str) -> BTreeSet<String> {
    mod_rs
        .lines()
        .map(str::trim)
        .filter_map(|l| {
            l.strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("mod "))
                .and_then(|rest| rest.strip_suffix(';'))
        })
        .map(str::to_owned)
        .collect()
}

/// `src` with comments, strings and character literals replaced by spaces (newlines kept).
fn blank(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let keep_lines = |out: &mut String, s: &[char]| {
        out.extend(s.iter().map(|&ch| if ch == '\n' { '\n' } else { ' ' }));
    };
    while i < c.len() {
        let prev_ident = i > 0 && ident(c[i - 1]);
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            let end = c[i..]
                .iter()
                .position(|&ch| ch == '\n')
                .map_or(c.len(), |p| i + p);
            keep_lines(&mut out, &c[i..end]);
            i = end;
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let (mut j, mut depth) = (i + 2, 1);
            while j < c.len() && depth > 0 {
                if c[j] == '/' && c.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if c[j] == '*' && c.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            keep_lines(&mut out, &c[i..j]);
            i = j;
        } else if !prev_ident && (c[i] == 'r' || (c[i] == 'b' && c.get(i + 1) == Some(&'r'))) {
            // A raw string r"..", r#".."#, br"..": find the quote after the hashes.
            let start = if c[i] == 'b' { i + 2 } else { i + 1 };
            let hashes = c[start..].iter().take_while(|&&ch| ch == '#').count();
            if c.get(start + hashes) == Some(&'"') {
                let mut j = start + hashes + 1;
                while j < c.len() {
                    if c[j] == '"'
                        && c[j + 1..]
                            .iter()
                            .take(hashes)
                            .filter(|&&h| h == '#')
                            .count()
                            == hashes
                    {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                keep_lines(&mut out, &c[i..j.min(c.len())]);
                i = j.min(c.len());
            } else {
                out.push(c[i]);
                i += 1;
            }
        } else if c[i] == '"' {
            let mut j = i + 1;
            while j < c.len() && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(c.len());
            keep_lines(&mut out, &c[i..end]);
            i = end;
        } else if c[i] == '\'' {
            // A character literal ('x', '\n', '\u{..}'); otherwise a lifetime, kept.
            let end = if c.get(i + 1) == Some(&'\\') {
                c[i + 2..]
                    .iter()
                    .position(|&ch| ch == '\'')
                    .map(|p| i + 2 + p + 1)
            } else if c.get(i + 2) == Some(&'\'') {
                Some(i + 3)
            } else {
                None
            };
            match end {
                Some(end) => {
                    keep_lines(&mut out, &c[i..end]);
                    i = end;
                }
                None => {
                    out.push(c[i]);
                    i += 1;
                }
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// What one file uses: modules of `cert/` (a name that is not a module means an item of `mod.rs`)
/// and modules of the crate outside `cert/`, each with its line.
#[derive(Debug, Default, PartialEq, Eq)]
struct Uses {
    cert: Vec<(String, usize)>,
    crate_level: Vec<(String, usize)>,
}

/// The first segment of each item of a `{ .. }` group starting at `c[i] == '{'`, and the index
/// after the group.
fn group_heads(c: &[char], i: usize) -> (Vec<String>, usize) {
    let mut heads = Vec::new();
    let (mut depth, mut j, mut at_item) = (0, i, true);
    while j < c.len() {
        match c[j] {
            '{' => {
                depth += 1;
                at_item = depth == 1;
                j += 1;
            }
            '}' => {
                depth -= 1;
                j += 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => {
                at_item = true;
                j += 1;
            }
            ch if at_item && (ch.is_alphabetic() || ch == '_' || ch == '*') => {
                let len = if ch == '*' {
                    1
                } else {
                    c[j..]
                        .iter()
                        .take_while(|ch| ch.is_alphanumeric() || **ch == '_')
                        .count()
                };
                heads.push(c[j..j + len].iter().collect());
                at_item = false;
                j += len;
            }
            _ => j += 1,
        }
    }
    (heads, j)
}

/// Every `super::` / `crate::` path in a blanked source file, resolved.
fn uses(blanked: &str) -> Uses {
    let c: Vec<char> = blanked.chars().collect();
    let is_ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let line_at = |i: usize| c[..i].iter().filter(|&&ch| ch == '\n').count() + 1;
    let skip_ws = |mut i: usize| {
        while i < c.len() && c[i].is_whitespace() {
            i += 1;
        }
        i
    };
    let read_ident = |i: usize| -> (String, usize) {
        let len = c[i..].iter().take_while(|&&ch| is_ident(ch)).count();
        (c[i..i + len].iter().collect(), i + len)
    };
    let mut out = Uses::default();
    // Brace depths at which the inline modules around the cursor opened.
    let mut inline_mods: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut pending_mod = false;
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch == '{' {
            depth += 1;
            if pending_mod {
                inline_mods.push(depth);
                pending_mod = false;
            }
            i += 1;
            continue;
        }
        if ch == '}' {
            if inline_mods.last() == Some(&depth) {
                inline_mods.pop();
            }
            depth = depth.saturating_sub(1);
            i += 1;
            continue;
        }
        if ch == ';' {
            pending_mod = false;
        }
        if !(ch.is_alphabetic() || ch == '_') || (i > 0 && is_ident(c[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        let (word, next) = read_ident(i);
        i = next;
        if word == "mod" {
            pending_mod = true;
            continue;
        }
        if word != "super" && word != "crate" {
            continue;
        }
        // The path's segments up to the first that is not `super`/`crate`, then that one (or the
        // heads of a group there).
        let mut segments = vec![word];
        let mut heads = Vec::new();
        loop {
            let j = skip_ws(i);
            if !(c.get(j) == Some(&':') && c.get(j + 1) == Some(&':')) {
                break;
            }
            let j = skip_ws(j + 2);
            if c.get(j) == Some(&'{') {
                let (h, end) = group_heads(&c, j);
                heads = h;
                i = end;
                break;
            }
            if c.get(j) == Some(&'*') {
                heads = vec!["*".to_owned()];
                i = j + 1;
                break;
            }
            let (seg, end) = read_ident(j);
            i = end;
            // `super::super::..` and `crate::cert::..` go on to the segment naming the module.
            let go_on = seg == "super" || (segments == ["crate"] && seg == "cert");
            segments.push(seg);
            if !go_on {
                break;
            }
        }
        let line = line_at(start);
        let supers = segments.iter().take_while(|s| *s == "super").count();
        let (in_cert, names): (Option<bool>, Vec<String>) = if segments[0] == "crate" {
            if segments.get(1).map(String::as_str) == Some("cert") {
                (
                    Some(true),
                    segments.get(2).cloned().into_iter().chain(heads).collect(),
                )
            } else {
                (
                    Some(false),
                    segments.get(1).cloned().into_iter().chain(heads).collect(),
                )
            }
        } else if supers == inline_mods.len() + 1 {
            (
                Some(true),
                segments
                    .get(supers)
                    .cloned()
                    .into_iter()
                    .chain(heads)
                    .collect(),
            )
        } else if supers > inline_mods.len() + 1 {
            (
                Some(false),
                segments
                    .get(supers)
                    .cloned()
                    .into_iter()
                    .chain(heads)
                    .collect(),
            )
        } else {
            // `super` of an inline module: this same file.
            (None, Vec::new())
        };
        for n in names.into_iter().filter(|n| n != "self") {
            match in_cert {
                Some(true) => out.cert.push((n, line)),
                Some(false) => out.crate_level.push((n, line)),
                None => {}
            }
        }
    }
    out
}

/// The violations of the layering by module `module` (position `rank` in `order`) using `uses`.
fn violations(module: &str, order: &[String], uses: &Uses) -> Vec<String> {
    let rank = |m: &str| order.iter().position(|o| o == m);
    let own = rank(module);
    let mut out = Vec::new();
    for (used, line) in &uses.cert {
        if used == module {
            continue;
        }
        match (rank(used), own) {
            (Some(r), Some(o)) if r < o => {}
            (Some(_), _) => out.push(format!(
                "cert/{module}.rs:{line} uses `{used}`, which is not below it"
            )),
            (None, _) => out.push(format!(
                "cert/{module}.rs:{line} uses `{used}` of cert/mod.rs, the top layer"
            )),
        }
    }
    for (used, line) in &uses.crate_level {
        if !CRATE_ALLOWED.contains(&used.as_str()) {
            out.push(format!(
                "cert/{module}.rs:{line} uses crate::{used}, outside what cert/ may use"
            ));
        }
    }
    out
}

// CONTRACT — architecture (issue 11)
#[test]
fn cert_modules_import_only_downwards() {
    let dir = cert_dir();
    let mod_rs = std::fs::read_to_string(dir.join("mod.rs")).expect("read src/cert/mod.rs");
    let layers = layers(&mod_rs);
    let order: Vec<String> = layers.iter().flatten().cloned().collect();
    assert!(layers.len() >= 2, "no layer list found in src/cert/mod.rs");
    let listed: BTreeSet<String> = order.iter().cloned().collect();
    assert_eq!(
        listed.len(),
        order.len(),
        "a module is listed twice: {order:?}"
    );
    assert_eq!(
        listed,
        declared(&mod_rs),
        "the layer list in src/cert/mod.rs must name every module of cert/ once"
    );

    let mut problems = Vec::new();
    let mut edges = 0;
    for m in &order {
        let src = std::fs::read_to_string(dir.join(format!("{m}.rs")))
            .unwrap_or_else(|e| panic!("read src/cert/{m}.rs: {e}"));
        let u = uses(&blank(&src));
        edges += u.cert.len();
        problems.extend(violations(m, &order, &u));
    }
    // The scan must see the imports that exist (api alone uses a dozen modules).
    assert!(edges > 30, "only {edges} uses found: the scanner is broken");
    assert!(
        problems.is_empty(),
        "layering broken:\n{}",
        problems.join("\n")
    );
}

// The scanner itself, on sources made to break the rules.

fn order(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

fn names(v: &[(String, usize)]) -> Vec<&str> {
    v.iter().map(|(n, _)| n.as_str()).collect()
}

// CONTRACT — architecture (issue 11)
#[test]
fn scanner_resolves_use_lines_groups_and_inline_paths() {
    let src = "use super::error::{CertResult, Win32Error};\n\
               use super::{chain, store::{self, Store}};\n\
               use crate::abi::*;\n\
               fn f() { let _ = super::x509::signed_by(a, b); crate::cert::api::g(); }\n\
               use super::Identity;\n";
    let u = uses(&blank(src));
    assert_eq!(
        names(&u.cert),
        ["error", "chain", "store", "x509", "api", "Identity"]
    );
    assert_eq!(names(&u.crate_level), ["abi"]);
    assert_eq!(u.cert[1].1, 2);
    assert_eq!(u.cert[3].1, 4);
}

// CONTRACT — architecture (issue 11)
#[test]
fn scanner_ignores_comments_strings_and_inline_modules() {
    let src = "// use super::api;\n\
               /// See `super::chain::build`.\n\
               /* super::policy /* nested */ super::api */\n\
               const S: &str = \"super::api\";\n\
               const R: &str = r#\"super::api \"quoted\"\"#;\n\
               const C: char = '{';\n\
               fn g<'a>(x: &'a str) -> &'a str { x }\n\
               #[cfg(test)]\n\
               mod tests {\n    use super::*;\n    fn h() { super::helper(); }\n}\n\
               use super::name;\n";
    let u = uses(&blank(src));
    assert_eq!(names(&u.cert), ["name"]);
    assert_eq!(u.cert[0].1, 13);
    assert!(u.crate_level.is_empty());
}

// CONTRACT — architecture (issue 11)
#[test]
fn scanner_resolves_super_super_from_an_inline_module() {
    let src = "mod inner { use super::super::store; }\n\
               mod a { mod b { use super::super::super::api; } }\n";
    assert_eq!(names(&uses(&blank(src)).cert), ["store", "api"]);
}

// CONTRACT — architecture (issue 11)
#[test]
fn upward_sideways_facade_and_crate_uses_are_violations() {
    let o = order(&["error", "name", "store", "chain", "api"]);
    let u = uses(&blank(
        "use super::error::Win32Error;\nuse super::name;\nuse super::chain::Engine;\n\
         use super::Identity;\nuse crate::credential::Credential;\nuse crate::handles::Table;\n",
    ));
    let v = violations("store", &o, &u);
    assert_eq!(v.len(), 3, "{v:?}");
    assert!(v[0].contains("cert/store.rs:3 uses `chain`"), "{v:?}");
    assert!(v[1].contains("`Identity` of cert/mod.rs"), "{v:?}");
    assert!(v[2].contains("crate::credential"), "{v:?}");
    // A module not in the list at all may use nothing of cert/.
    assert_eq!(violations("unlisted", &o, &u).len(), 5);
    assert!(violations("api", &o, &uses(&blank("use super::chain;"))).is_empty());
}

// CONTRACT — architecture (issue 11)
#[test]
fn layers_are_read_from_numbered_doc_lines() {
    let doc = "//! Layers:\n//!\n//! 1. ground: `error`, `name`\n//!    — `name` reads names.\n\
               //! 2. top: `api`\n//! 10. x\npub mod api;\nmod error;\npub mod name;\n";
    assert_eq!(
        layers(doc),
        vec![order(&["error", "name"]), order(&["api"]), order(&[])]
    );
    assert_eq!(
        declared(doc),
        order(&["api", "error", "name"])
            .into_iter()
            .collect::<BTreeSet<_>>()
    );
}
