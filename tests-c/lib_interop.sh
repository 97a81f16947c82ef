# lib_interop.sh: what tests-c/interop_client.sh and interop_server.sh share. Sourced, not run:
#
#   source "$(dirname "$0")/lib_interop.sh"
#   interop_setup client "$@"     # or server
#
# (Its name does not match interop_*.sh, which tests-c/CMakeLists.txt registers as tests.)
#
# interop_setup KIND ARGS... does the scripts' common start: the time limit, the example
# executable ($exe), the work directory ($work, removed on exit with every process in $pids),
# the certificates ($certs). Then the helpers below: expectations collected per case (err,
# expect_*; finish prints the verdict), waiting and process control (poll, wait_for, wait_size,
# wait_exit, start_listener), and readers of openssl's -msg logs (KeyUpdates, handshake messages).

# interop_setup KIND ARGS...: KIND is client or server, ARGS the script's arguments. Re-runs the
# script under `timeout` (the whole script stops after SCHSHIM_INTEROP_TIMEOUT, 110 s; 115 s with
# the grace period). Sets $interop (interop_KIND, the prefix of its messages), $here, $scripts,
# $exe (ARGS' first, else $SCHSHIM_EXAMPLE_<KIND>, else $SCHSHIM_BIN_DIR/example_KIND; made
# absolute), $work, $pids, $certs ($SCHSHIM_CERTS, or made with certs.sh in $work), $failures and
# $errors. Exits 2 when the executable or openssl is missing. The script sets $finish_logs.
interop_setup() {
    local kind=$1 exe_var
    shift
    interop=interop_$kind
    if [[ -z ${SCHSHIM_INTEROP_TIMED:-} ]]; then
        export SCHSHIM_INTEROP_TIMED=1
        exec timeout -k 5 "${SCHSHIM_INTEROP_TIMEOUT:-110}" bash "$0" "$@"
    fi

    here=$(cd "$(dirname "$0")" && pwd)
    scripts=${SCHSHIM_SCRIPTS:-$here/../scripts}
    exe_var=SCHSHIM_EXAMPLE_${kind^^}
    exe=${1:-${!exe_var:-${SCHSHIM_BIN_DIR:-.}/example_$kind}}
    if [[ ! -x $exe ]]; then
        echo "$interop: no $kind executable at $exe" >&2
        exit 2
    fi
    exe=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")
    command -v openssl >/dev/null || { echo "$interop: openssl not found" >&2; exit 2; }

    work=$(mktemp -d "${TMPDIR:-/tmp}/$interop.XXXXXX")
    pids=()
    trap cleanup EXIT
    trap 'echo "$interop: timed out or interrupted" >&2; exit 124' TERM INT

    certs=${SCHSHIM_CERTS:-}
    if [[ -z $certs || ! -f $certs/.done ]]; then
        certs=$work/certs
        bash "$here/certs.sh" "$certs"
    fi

    failures=0
    errors=()
}

# cleanup: stops every process in $pids, closes fd 3 (the cases' FIFO), removes $work.
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    exec 3>&- 2>/dev/null || true
    rm -rf "$work"
}

# interop_summary: the last line, and the exit status (1 when a case failed).
interop_summary() {
    if [[ $failures -ne 0 ]]; then
        echo "$interop: $failures case(s) failed"
        exit 1
    fi
    echo "$interop: all cases passed"
}

# ------------------------------------------------------------------------- expectations

err() { errors+=("$*"); }
has() { grep -Eq -- "$2" "$1" 2>/dev/null; }
expect_has() { has "$1" "$2" || err "$(basename "$1") lacks /$2/"; }
expect_lacks() { ! has "$1" "$2" || err "$(basename "$1") has /$2/"; }
expect_same() { cmp -s "$1" "$2" || err "$(basename "$1") differs from $(basename "$2") ($(stat -c %s "$1" 2>/dev/null || echo none) vs $(stat -c %s "$2") bytes)"; }
expect_rc() { [[ $2 -eq $3 ]] || err "$1 exited $2, expected $3"; }
# expect_order FILE RE1 RE2: the first line matching RE1 comes before the first matching RE2.
expect_order() {
    local a b
    a=$(grep -Enm1 -- "$2" "$1" 2>/dev/null | cut -d: -f1 || true)
    b=$(grep -Enm1 -- "$3" "$1" 2>/dev/null | cut -d: -f1 || true)
    [[ -n $a && -n $b && $a -lt $b ]] || err "$(basename "$1"): /$2/ (line ${a:-none}) not before /$3/ (line ${b:-none})"
}

# finish NAME DIR: prints the verdict of the case; on failure its errors and the last lines of
# each of the logs named in $finish_logs (file names in DIR) that is not empty.
finish() {
    local name=$1 dir=$2 f
    if [[ ${#errors[@]} -eq 0 ]]; then
        echo "ok   $name"
    else
        failures=$((failures + 1))
        echo "FAIL $name"
        printf '       %s\n' "${errors[@]}"
        for f in "${finish_logs[@]}"; do
            if [[ -s $dir/$f ]]; then
                echo "     --- $f (last 25 lines)"
                tail -n 25 "$dir/$f" | grep -v '^    ' | sed 's/^/     | /'
            fi
        done
    fi
    errors=()
}

# -------------------------------------------------------------------- waits and processes

# poll COUNT PAUSE CMD...: runs CMD up to COUNT times, PAUSE seconds apart, until it succeeds.
poll() {
    local count=$1 pause=$2 i
    shift 2
    for ((i = 0; i < count; i++)); do
        "$@" && return 0
        sleep "$pause"
    done
    return 1
}

# size_at_least FILE BYTES: FILE has at least BYTES (a missing file has 0).
size_at_least() { [[ $(stat -c %s "$1" 2>/dev/null || echo 0) -ge $2 ]]; }

# wait_for FILE REGEX: polls up to 10 s until FILE has a line matching REGEX.
wait_for() { poll 200 0.05 has "$1" "$2"; }

# wait_size FILE BYTES: polls up to 10 s until FILE has at least BYTES.
wait_size() { poll 200 0.05 size_at_least "$1" "$2"; }

# alive PID: the process exists and is not a zombie.
alive() {
    local state
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
    [[ -n $state && $state != Z ]]
}

# wait_exit PID [SECONDS]: waits up to SECONDS (default 3) for it to end, then stops it;
# its exit status goes to $wrc.
wait_exit() {
    local i
    for ((i = 0; i < ${2:-3} * 20; i++)); do
        alive "$1" || break
        sleep 0.05
    done
    kill "$1" 2>/dev/null || true
    wrc=0
    wait "$1" || wrc=$?
}

# start_listener DIR LOG WHAT BUSY LAUNCH ARGS...: a listener on a free 127.0.0.1 port. Sets
# $port, runs LAUNCH ARGS... (a function that starts it in the background on $port, its stderr
# in DIR/LOG), sets $spid (also added to $pids) and waits until it listens. Tries again, three
# times at most, while DIR/LOG says the port was taken in between (BUSY, a case-insensitive
# grep pattern); otherwise the failure is an error of the case ("WHAT did not start").
start_listener() {
    local dir=$1 log=$2 what=$3 busy=$4 attempt
    shift 4
    for attempt in 1 2 3; do
        port=$(python3 "$scripts/free_port.py")
        "$@"
        spid=$!
        pids+=("$spid")
        if python3 "$scripts/wait_listen.py" "$port" 10 "$spid" 2>>"$dir/wait.err"; then
            return 0
        fi
        wait "$spid" 2>/dev/null || true
        grep -qi -- "$busy" "$dir/$log" || break
    done
    err "$what did not start: $(head -c 300 "$dir/$log")"
    return 1
}

# open_fifo DIR: DIR/stdin, a FIFO held open on fd 3 (read and write): a process started with it
# as stdin gets what is written to fd 3 and sees no end of input until fd 3 is closed.
open_fifo() {
    mkfifo "$1/stdin"
    exec 3<>"$1/stdin"
}

# ------------------------------------------------------------------------ data and -msg logs

# for_each_ver_key CASE: runs CASE VER KEY for VER tls12, tls13 and KEY ecdsa, rsa.
for_each_ver_key() {
    local ver key
    for ver in tls12 tls13; do
        for key in ecdsa rsa; do
            "$1" "$ver" "$key"
        done
    done
}

# ver_num VER: tls12, tls13 -> 1.3 (as openssl's logs name the version).
ver_num() { [[ $1 == tls12 ]] && echo 1.2 || echo 1.3; }

# hexline FILE TAG BYTES: a line "TAG " + 2*BYTES random hex digits + "\n".
hexline() {
    { printf '%s ' "$2"; head -c "$3" /dev/urandom | od -An -v -tx1 | tr -d ' \n'; printf '\n'; } >"$1"
}

# der_of PEM OUT: the certificate of PEM as DER.
der_of() { openssl x509 -in "$1" -outform DER -out "$2" 2>/dev/null; }

# keyupdate_line MSGLOG DIR REQ: the line number of the first KeyUpdate going DIR (">>>" sent,
# "<<<" received) with request_update byte REQ (1 update_requested, 0 not) in an openssl -msg
# log (the dump line "18 00 00 01 0X" after it); 0 when there is none.
keyupdate_line() {
    awk -v dir="$2" -v req="$3" '
        want { if ($0 ~ "^ +18 00 00 01 0" req " *$") { print NR - 1; found = 1; exit } want = 0 }
        index($0, dir " TLS 1.3, Handshake [length 0005], KeyUpdate") == 1 { want = 1 }
        END { if (!found) print 0 }' "$1"
}
expect_keyupdate() {
    [[ $(keyupdate_line "$@") -gt 0 ]] || err "$(basename "$1") lacks a KeyUpdate $2 with request_update $3"
}
# expect_redo_answered MSGLOG: openssl's -msg log has our redo's KeyUpdate ("<<<",
# update_requested) before its answer (">>>", update_not_requested).
expect_redo_answered() {
    local ours theirs
    ours=$(keyupdate_line "$1" '<<<' 1)
    theirs=$(keyupdate_line "$1" '>>>' 0)
    [[ $ours -gt 0 && $theirs -gt $ours ]] || err "$(basename "$1"): our KeyUpdate 01 (line $ours) not before its answer 00 (line $theirs)"
}
# expect_no_renegotiation MSGLOG: openssl's -msg log has no HelloRequest or KeyUpdate and no
# alert but close_notify (a refused redo, TLS 1.2, leaves the connection as it was).
expect_no_renegotiation() {
    expect_lacks "$1" 'HelloRequest|KeyUpdate'
    [[ -z $(grep 'Alert \[' "$1" | grep -v 'warning close_notify') ]] \
        || err "$(basename "$1"): an alert other than close_notify"
}

# followup_after_data FILE FUNCTION: the log line of the first FUNCTION call that follows the
# first SEC_I_RENEGOTIATE after the first decrypted application data (the follow-up to the
# event the script caused; the tickets' follow-ups come before any data).
followup_after_data() {
    awk -v fn="$2" '
        /^DecryptMessage -> SEC_E_OK .*, data [1-9][0-9]* bytes/ { data = 1 }
        data && /^DecryptMessage -> SEC_I_RENEGOTIATE / { event = 1; next }
        event && index($0, fn " -> ") == 1 { print; exit }' "$1"
}

# msg_holds MSGLOG DIR TYPE FILE: the -msg log has a handshake message TYPE going DIR (">>>" sent,
# "<<<" received) whose hex dump contains the bytes of FILE.
msg_holds() {
    python3 - "$@" <<'PY'
import re, sys
log, direction, kind, path = sys.argv[1:5]
want = open(path, "rb").read()
found, cur = False, None
for line in open(log, errors="replace"):
    if cur is not None and line.startswith("    "):
        cur += bytes.fromhex(line.strip())
        continue
    if cur is not None and want in cur:
        found = True
    cur = None
    m = re.match(r"^(<<<|>>>) TLS 1\.[23], Handshake \[length [0-9a-f]+\], (\S+)$", line.rstrip("\n"))
    if m and m.group(1) == direction and m.group(2) == kind:
        cur = b""
if cur is not None and want in cur:
    found = True
sys.exit(0 if found else 1)
PY
}
expect_msg_holds() { msg_holds "$@" || err "$(basename "$1"): no $2 $3 holding $(basename "$4")"; }
