#!/usr/bin/env python3
"""Stages the built library for C consumers (used by `make build`).

    scripts/stage_lib.py CARGO_JSON DEST

CARGO_JSON holds the output of `cargo build --release --message-format=json-render-diagnostics`.
From it this takes the artifacts of package schannel-shim (not guessed paths, so it also works
with CARGO_TARGET_DIR) and puts into DEST:

    libschannel_shim.so      copy of the cdylib
    libschannel_shim.so.0    symlink -> libschannel_shim.so (the soname, what programs load)
    libschannel_shim.a       copy of the staticlib
    schannel_shim.map        the version script build.rs generated (for check_exports.sh)

Files are replaced only when their content changed, so an unchanged library does not make
the C tests relink.
"""
import filecmp
import json
import os
import shutil
import sys

PACKAGE = "schannel-shim"
SO = "libschannel_shim.so"
SONAME = "libschannel_shim.so.0"
STATIC = "libschannel_shim.a"
MAP = "schannel_shim.map"


def is_ours(package_id: str) -> bool:
    # "path+file:///work/main#schannel-shim@0.1.0" (new) or "schannel-shim 0.1.0 (path+...)" (old)
    return f"#{PACKAGE}@" in package_id or package_id.startswith(f"{PACKAGE} ")


def copy_if_changed(src: str, dst: str) -> None:
    if os.path.isfile(dst) and not os.path.islink(dst) and filecmp.cmp(src, dst, shallow=False):
        return
    tmp = dst + ".tmp"
    shutil.copy2(src, tmp)
    os.replace(tmp, dst)


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    json_path, dest = sys.argv[1], sys.argv[2]
    so = static = out_dir = None
    with open(json_path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            msg = json.loads(line)
            if not is_ours(msg.get("package_id", "")):
                continue
            if msg.get("reason") == "build-script-executed":
                out_dir = msg.get("out_dir")
            elif msg.get("reason") == "compiler-artifact" and "cdylib" in msg["target"]["kind"]:
                for name in msg.get("filenames", []):
                    if name.endswith("/" + SO):
                        so = name
                    elif name.endswith("/" + STATIC):
                        static = name
    missing = [what for what, v in (("cdylib", so), ("staticlib", static), ("build script out_dir", out_dir)) if not v]
    if missing:
        print(f"stage_lib: cargo output has no {', '.join(missing)} for {PACKAGE}", file=sys.stderr)
        return 1
    os.makedirs(dest, exist_ok=True)
    copy_if_changed(so, os.path.join(dest, SO))
    copy_if_changed(static, os.path.join(dest, STATIC))
    copy_if_changed(os.path.join(out_dir, MAP), os.path.join(dest, MAP))
    link = os.path.join(dest, SONAME)
    if not (os.path.islink(link) and os.readlink(link) == SO):
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(SO, link)
    return 0


if __name__ == "__main__":
    sys.exit(main())
