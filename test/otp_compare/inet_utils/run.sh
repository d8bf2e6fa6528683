#!/usr/bin/env bash
# Compares otpnet's inet resolver functions and getifaddrs with OTP's on
# this machine (same /etc/hosts, same interfaces). Needs erlang-nox and a
# built otpnet_net (bash scripts/setup.sh build). With --hosts it first
# appends test lines to /etc/hosts (as root; restored on exit) to cover
# aliases, several addresses per name and IPv6 names. The one known
# difference (resolver.hpp: the host's-own-name fallback of gethostbyaddr
# also for an address given as text) is listed, not counted.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../../.."
work="$(mktemp -d)"
cleanup() {
  [ -f "$work/hosts" ] && cp "$work/hosts" /etc/hosts
  rm -rf "$work"
}
trap cleanup EXIT
if [ "${1:-}" = --hosts ]; then
  cp /etc/hosts "$work/hosts"
  printf '127.0.0.2 alpha beta gamma\n127.0.0.3 alpha\n::2 alpha six\n' \
    >> /etc/hosts
fi
g++ -std=c++17 -O1 -I"$root/net/include" "$here/inet_utils_cli.cpp" \
  "$root/build/net/libotpnet_net.a" -o "$work/cli"
hex() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'; }
me="$(hostname)"
{
  for name in localhost LOCALHOST alpha beta ALPHA alpha. "no such" "" \
      "$me" "${me^^}" 127.1 3232235521 0x7f.1 127.0.0.1 ::1 \
      ::ffff:127.0.0.1 fe80::1%lo 1.2.3.256 foo.invalid a..b \
      "$(printf 'a%.0s' {1..300})"; do
    for fam in inet inet6; do
      for op in byname addrs addr; do
        echo "$op $fam $(hex "$name")"
      done
    done
  done
  for a in 127.0.0.1 127.0.0.2 127.2 ::1 ::2 127.0.0.9 bogus "" \
      192.0.2.1 fe80::1; do
    echo "byaddr inet $(hex "$a")"
  done
  echo "hostname inet"
  echo "ifaddrs inet"
} > "$work/cases"
"$work/cli" < "$work/cases" > "$work/otpnet"
escript "$here/inet_utils.escript" < "$work/cases" > "$work/otp"
paste -d '\t' "$work/cases" "$work/otpnet" "$work/otp" | python3 -c '
import sys
total = differ = known = 0
for row in sys.stdin:
    case, ours, theirs = row.rstrip("\n").split("\t")
    total += 1
    op, fam, arg = (case.split(" ") + [""])[:3]
    if op == "byaddr" and theirs == "{error,nxdomain}" \
            and ours.startswith("{ok,{hostent,") \
            and bytes.fromhex(arg).decode() in ("127.0.0.1", "::1"):
        known += 1
        continue
    if ours != theirs:
        differ += 1
        print("differs:", case, "\n  otpnet:", ours, "\n  otp:   ", theirs)
print(f"{total} cases: {total - differ - known} agree, {known} known "
      f"difference (gethostbyaddr of a loopback text), {differ} differ")
sys.exit(1 if differ else 0)
'
