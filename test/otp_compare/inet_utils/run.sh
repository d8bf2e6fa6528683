#!/usr/bin/env bash
# Compares otpnet's inet resolver functions and getifaddrs, as tools/inet
# prints them, with OTP's on this machine (same /etc/hosts, same
# interfaces). Needs erlang-nox and a built build/tools/inet (bash
# scripts/setup.sh build). With --hosts it first
# appends test lines to /etc/hosts (as root; restored on exit) to cover
# aliases, several addresses per name and IPv6 names. Also the parse_*
# functions and ntoa. The known differences (resolver.hpp: the host's-own-
# name fallback of gethostbyaddr also for an address given as text;
# parse_address.hpp: a numeric scope id kept in fe80::/ff02:: addresses)
# are listed, not counted.
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
tool="$root/build/tools/inet"
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
  for a in 127.1 127.0.0.1 0x7f.1 017.0.0.1 1.2.3.256 ::1 ::ffff:1.2.3.4 \
      fe80::1%1 1::2::3 "" " 1.2.3.4" 1.2.3.4. 4294967295 ::127.0.0.1; do
    for op in parse_address parse_strict_address parse_ipv4_address \
        parse_ipv4strict_address parse_ipv6_address \
        parse_ipv6strict_address; do
      echo "$op inet $(hex "$a")"
    done
  done
  for t in "{127,0,0,1}" "{0,0,0,0,0,0,0,1}" "{0,0,0,0,0,0,0,0}" \
      "{0,0,0,0,0,65535,32512,1}" "{0,0,0,0,0,0,32512,1}" \
      "{65152,0,0,0,0,0,0,1}" "{8193,3512,0,0,1,0,0,1}" "{1,2,3}" \
      "{256,0,0,1}" "{65536,0,0,0,0,0,0,0}"; do
    echo "ntoa inet $(hex "$t")"
    for op in is_ip_address is_ipv4_address is_ipv6_address; do
      echo "$op inet $(hex "$t")"
    done
  done
  for t in "{127,0,0,1}" "{0,0,0,0,0,65535,32512,1}" "{0,0,0,0,0,0,0,1}" \
      "{8193,3512,0,0,0,0,2,3}" "{ 10, 0, 0, 1 }"; do
    echo "ipv4_mapped_ipv6_address inet $(hex "$t")"
  done
  echo "hostname inet"
  echo "ifaddrs inet"
} > "$work/cases"
# One tool run per case, named as the escript names it.
while read -r op fam arg; do
  name="$(python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "${arg:-}")"
  case "$op" in
    byname) "$tool" gethostbyname "$name" "$fam" ;;
    addrs) "$tool" getaddrs "$name" "$fam" ;;
    addr) "$tool" getaddr "$name" "$fam" ;;
    byaddr) "$tool" gethostbyaddr "$name" ;;
    hostname) "$tool" gethostname ;;
    parse_*|ntoa|is_*|ipv4_mapped_ipv6_address) "$tool" "$op" "$name" ;;
    ifaddrs) "$tool" getifaddrs ;;
  esac || true
done < "$work/cases" > "$work/otpnet"
escript "$here/inet_utils.escript" < "$work/cases" > "$work/otp"
paste -d '\t' "$work/cases" "$work/otpnet" "$work/otp" | python3 -c '
import re, sys
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
    # parse_address.hpp: otpnet keeps a numeric scope of fe80::/ff02:: in
    # the second group; OTP 25 drops it.
    scoped = re.fullmatch(r"(fe80|ff02)::1%[0-9]+", bytes.fromhex(arg).decode())
    if ours != theirs and op.startswith("parse_") and scoped:
        known += 1
        continue
    if ours != theirs:
        differ += 1
        print("differs:", case, "\n  otpnet:", ours, "\n  otp:   ", theirs)
print(f"{total} cases: {total - differ - known} agree, {known} known "
      f"differences (gethostbyaddr of a loopback text, scope ids), "
      f"{differ} differ")
sys.exit(1 if differ else 0)
'
