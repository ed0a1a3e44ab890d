#!/usr/bin/env bash
# The seed table in one command: builds bench/seed_table, starts a private nginx on loopback,
# runs every configuration in its own process, stops nginx, and writes docs/seed-table.md and
# docs/seed-table.png. Usage: bench/seed_table/run.sh [--quick | --cpu-only]
#   --cpu-only re-measures the CPU rows and keeps the I/O rows of bench/seed_table/results.jsonl
#   (for when another job took a core during the CPU rows).
#   SEED_TABLE_NS="10 100 1000 10000"  the I/O fan-outs (100000 needs more file descriptors
#                                      and ephemeral ports than one loopback client has)
#   SEED_TABLE_CPU_STEPS / SEED_TABLE_PY_CPU_STEPS  the kernel's total size (C++ / Python)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/seed_table"
NS="${SEED_TABLE_NS:-10 100 1000 10000}"
CPU_NS="${SEED_TABLE_CPU_NS:-10 100 1000 10000}"
CPU_STEPS="${SEED_TABLE_CPU_STEPS:-1000000000}"
PY_CPU_STEPS="${SEED_TABLE_PY_CPU_STEPS:-5000000}"
RUN_TIMEOUT="${SEED_TABLE_RUN_TIMEOUT:-180}"
if [[ "${1:-}" == "--quick" ]]; then
  NS="10 100"; CPU_NS="10 100"; CPU_STEPS=200000000; PY_CPU_STEPS=2000000
fi
CPU_ONLY=0; [[ "${1:-}" == "--cpu-only" ]] && CPU_ONLY=1 && NS=

need() { # need <command> <debian package>...
  local cmd="$1"; shift
  command -v "$cmd" >/dev/null && return
  echo "seed_table: installing $* for $cmd" >&2
  local sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  for pkg in "$@"; do
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$pkg" >/dev/null 2>&1 && return
  done
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  for pkg in "$@"; do
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$pkg" >/dev/null 2>&1 && return
  done
  echo "seed_table: cannot install $cmd ($*)" >&2; exit 2
}
need nginx nginx-light nginx
need gnuplot gnuplot-nox gnuplot
command -v /usr/sbin/nginx >/dev/null && NGINX=/usr/sbin/nginx || NGINX="$(command -v nginx)"
CXX="${CXX:-$(command -v clang++-19 || command -v g++)}"

WORK="$(mktemp -d /tmp/seed_table.XXXXXX)"
chmod 755 "$WORK"
cleanup() {
  if [[ -f "$WORK/nginx.pid" ]]; then
    "$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/error.log" -s quit 2>/dev/null || true
    for _ in $(seq 50); do [[ -f "$WORK/nginx.pid" ]] || break; sleep 0.1; done
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "seed_table: building with $CXX" >&2
"$CXX" -std=c++20 -O2 -I"$ROOT/runtime/include" "$HERE/seed_table.cpp" -pthread -o "$WORK/seed_table"

# A private nginx: its own prefix, config, pid and logs in $WORK, a free high port, one worker
# (the client needs the other core), 512-byte static file, keep-alive.
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$WORK/www" "$WORK/tmp" "$WORK/logs"
head -c 512 /dev/zero | tr '\0' 'x' >"$WORK/www/payload.txt"
chmod -R a+rX "$WORK/www"
USER_LINE=""; [[ $(id -u) -eq 0 ]] && USER_LINE="user root;"
cat >"$WORK/nginx.conf" <<EOF
$USER_LINE
worker_processes 1;
worker_rlimit_nofile 20000;
daemon on;
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
events { worker_connections 16384; multi_accept on; }
http {
  access_log off;
  keepalive_requests 1000;
  keepalive_timeout 60s;
  client_body_temp_path $WORK/tmp/body;
  proxy_temp_path $WORK/tmp/proxy;
  fastcgi_temp_path $WORK/tmp/fastcgi;
  uwsgi_temp_path $WORK/tmp/uwsgi;
  scgi_temp_path $WORK/tmp/scgi;
  server {
    listen 127.0.0.1:$PORT backlog=4096;
    root $WORK/www;
    location / { }
  }
}
EOF
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/error.log"
for _ in $(seq 50); do
  python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$PORT)).close()" 2>/dev/null && break
  sleep 0.1
done
echo "seed_table: nginx $("$NGINX" -v 2>&1 | sed 's/.*\///') on 127.0.0.1:$PORT" >&2

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
RESULTS="$WORK/results.jsonl"
: >"$RESULTS"
if (( CPU_ONLY )); then
  grep '"kind": "io"' "$ROOT/bench/seed_table/results.jsonl" >"$RESULTS"
fi
measure() { # measure <kind> <lang> <model> <n> <command...>
  local kind="$1" lang="$2" model="$3" n="$4"; shift 4
  echo "seed_table: $kind $lang $model N=$n" >&2
  local out
  if out="$(timeout -s KILL "$RUN_TIMEOUT" "$@" 2>"$WORK/last.err" | tail -1)" && [[ "$out" == \{* ]]; then
    echo "$out" >>"$RESULTS"
  else
    local why; why="$(tr '\n"' ' ' <"$WORK/last.err" | cut -c1-120)"
    [[ -z "$why" ]] && why="no result (killed after ${RUN_TIMEOUT}s or crashed)"
    printf '{"lang": "%s", "kind": "%s", "model": "%s", "n": %s, "ok": false, "wall_s": null, "requests": 0, "rss_kb": null, "vm_kb": null, "children_rss_kb": -1, "error": "%s"}\n' \
      "$lang" "$kind" "$model" "$n" "$why" >>"$RESULTS"
  fi
  sleep 0.5 # let closed connections leave the loopback (TIME_WAIT stays on the client side)
}

# Small runs last milliseconds: measure them three times (the report keeps the fastest).
reps() { if (( $1 <= 1000 )); then echo 1 2 3; else echo 1; fi; }
for n in $NS; do
  for _ in $(reps "$n"); do
  measure io C++ threads "$n" "$WORK/seed_table" io threads "$n" "$PORT"
  measure io C++ pool16 "$n" "$WORK/seed_table" io pool16 "$n" "$PORT"
  measure io C++ loop "$n" "$WORK/seed_table" io loop "$n" "$PORT"
  measure io Python asyncio "$n" python3 "$HERE/seed_table.py" io asyncio "$n" "$PORT"
  measure io Python threads "$n" python3 "$HERE/seed_table.py" io threads "$n" "$PORT"
  done
done
measure cpu Python single 1 python3 "$HERE/seed_table.py" cpu single 1 "$PY_CPU_STEPS"
for n in $CPU_NS; do
  measure cpu C++ loop "$n" "$WORK/seed_table" cpu loop "$n" "$CPU_STEPS"
  measure cpu C++ threadpool "$n" "$WORK/seed_table" cpu threadpool "$n" "$CPU_STEPS"
  measure cpu C++ processpool "$n" "$WORK/seed_table" cpu processpool "$n" "$CPU_STEPS"
  measure cpu Python threads "$n" python3 "$HERE/seed_table.py" cpu threads "$n" "$PY_CPU_STEPS"
  measure cpu Python processes "$n" python3 "$HERE/seed_table.py" cpu processes "$n" "$PY_CPU_STEPS"
done

cp "$RESULTS" "$ROOT/bench/seed_table/results.jsonl"
python3 "$HERE/report.py" "$RESULTS" "$ROOT/docs/seed-table.md" "$ROOT/docs/seed-table.png" \
  --cpu-steps "$CPU_STEPS" --py-cpu-steps "$PY_CPU_STEPS" --nginx "$("$NGINX" -v 2>&1 | sed 's/.*\///')"
echo "seed_table: wrote docs/seed-table.md and docs/seed-table.png" >&2
