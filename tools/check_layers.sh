#!/usr/bin/env bash
# The layer rule: net <- runtime <- actors <- samples/tools.
# - net/ is plain C++: no CAF, no Asio.
# - only runtime/ includes Boost.Asio.
# - runtime/ knows nothing of gen_tcp, inet API or the socket actors.
# - samples/ and tools/ use public headers only (<otpnet/...>, <caf/...>,
#   the standard library and their own files).
set -u
cd "$(dirname "$0")/.."
fail=0
report() { echo "layer violation: $*"; fail=1; }

while IFS= read -r hit; do report "$hit"; done < <(
  grep -rnE '#include\s*[<"](caf/|boost/asio)' net/ 2>/dev/null)
while IFS= read -r hit; do report "$hit"; done < <(
  grep -rnE '#include\s*[<"]boost/asio' actors/ samples/ tools/ 2>/dev/null)
while IFS= read -r hit; do report "$hit"; done < <(
  grep -rnE '#include\s*[<"]otpnet/(gen_tcp|inet|socket|messages|pending)\.hpp' runtime/ 2>/dev/null)
while IFS= read -r hit; do report "$hit"; done < <(
  grep -rnE '#include\s*"[^"]*\.\./' samples/ tools/ 2>/dev/null)
while IFS= read -r hit; do report "$hit"; done < <(
  grep -rnE '#include\s*[<"](actors|runtime|net)/(src|include)' samples/ tools/ 2>/dev/null)

[ $fail -eq 0 ] && echo "layers: ok"
exit $fail
