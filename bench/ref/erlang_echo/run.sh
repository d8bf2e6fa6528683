#!/usr/bin/env bash
# Starts the Erlang/OTP reference echo server (echo.erl) with the otpnet
# samples' command line:
#   run.sh [--host ADDR] [--port N] [--packet raw|1|2|4|line]
#          [--active true|false|once|N] [--acceptors K] [--max-packet BYTES]
# It installs Debian's erlang-nox when erl is missing (as root), compiles
# echo.erl into $OTPNET_BUILD_DIR/bench/erlang_echo (default build/ at the
# top of the repository) when the source is newer, and runs it with
# `erl -noshell`. The flags are parsed by echo.erl itself.
#
# Signals: OTP turns SIGTERM into init:stop() (exit 0) but cannot handle
# SIGINT, so this script stays as the parent and turns SIGINT (and SIGTERM)
# into a SIGTERM for the emulator; its exit status is the emulator's. The emulator runs with +Bi so that a terminal's Ctrl-C
# reaches it only through this translation.
set -euo pipefail

# A shell cannot trap a signal that was ignored when it started (bash ignores
# SIGINT in background jobs of scripts): start over with SIGINT and SIGTERM
# at their defaults so that the trap below always works.
if [ -z "${OTPNET_ECHO_SIGNALS_RESET:-}" ] && env --default-signal=INT true 2>/dev/null; then
  export OTPNET_ECHO_SIGNALS_RESET=1
  exec env --default-signal=INT,TERM bash "${BASH_SOURCE[0]}" "$@"
fi
unset OTPNET_ECHO_SIGNALS_RESET

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
program=$(basename "${BASH_SOURCE[0]}")

if ! command -v erl >/dev/null 2>&1 || ! command -v erlc >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "$program: Erlang/OTP is missing; install Debian's erlang-nox (apt-get install erlang-nox) as root" >&2
    exit 1
  fi
  echo "$program: installing erlang-nox" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq erlang-nox >&2
fi

out="${OTPNET_BUILD_DIR:-$root/build}/bench/erlang_echo"
mkdir -p "$out"
if [ ! -f "$out/echo.beam" ] || [ "$here/echo.erl" -nt "$out/echo.beam" ]; then
  tmp=$(mktemp -d "$out/.erlc.XXXXXX")
  if ! erlc -Werror -o "$tmp" "$here/echo.erl" >&2; then
    rm -rf "$tmp"
    exit 1
  fi
  mv -f "$tmp/echo.beam" "$out/echo.beam" # atomic: concurrent runs are safe
  rmdir "$tmp"
fi

# +sbwt none ...: no scheduler busy-waiting. Spinning schedulers would take
# the CPU the load generator needs on a small machine and be counted as the
# server's work. Logger at warning: no report line for the SIGTERM.
erl -noshell +Bi +sbwt none +sbwtdcpu none +sbwtdio none \
    -kernel logger_level warning \
    -pa "$out" -s echo main -extra "$program" "$@" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' INT TERM
status=0
while :; do
  if wait "$pid"; then status=0; else status=$?; fi
  kill -0 "$pid" 2>/dev/null || break # a trapped signal interrupted wait
done
exit "$status"
