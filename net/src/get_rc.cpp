#include <otpnet/inet/get_rc.hpp>

#include <netdb.h>
#include <resolv.h>

#include <otpnet/inet/terms.hpp>

namespace otpnet::inet {

namespace {

const char* atom(lookup_method m) {
  switch (m) {
    case lookup_method::native:
      return "native";
  }
  return "native"; // a value outside the enum: the only method there is
}

} // namespace

rc get_rc() {
  // The C library's own paths: the files its resolver reads.
  return {_PATH_RESCONF, _PATH_HOSTS, {lookup_method::native}};
}

std::string to_string(const rc& x) {
  std::string out = "[{resolv_conf," + string_term(x.resolv_conf)
                    + "},{hosts_file," + string_term(x.hosts_file)
                    + "},{lookup,[";
  for (size_t i = 0; i < x.lookup.size(); ++i) {
    if (i > 0)
      out += ',';
    out += atom(x.lookup[i]);
  }
  return out + "]}]";
}

} // namespace otpnet::inet
