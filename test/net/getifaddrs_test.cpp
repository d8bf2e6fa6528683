// inet:getifaddrs/0: prim_inet's regrouping of the OS records (checked on
// made-up records, where every rule shows) and the spec's rules on this
// machine's real interfaces. test/otp_compare/inet_utils/run.sh compares
// the whole result with OTP's.

#include <algorithm>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <otpnet/inet/getifaddrs.hpp>

using otpnet::errc;
using namespace otpnet::inet;

namespace {

using key = ifopt::key;

ifopt flags(std::vector<ifflag> fs) {
  return ifopt::of_flags(std::move(fs));
}

ifopt addr(key k, ip_address a) {
  return ifopt::of_address(k, a);
}

ifopt hw(std::vector<uint8_t> bytes) {
  return ifopt::of_hwaddr(std::move(bytes));
}

const ip_address ten = ip4_address{{10, 0, 0, 1}};
const ip_address mask = ip4_address{{255, 255, 255, 0}};
const ip_address bcast = ip4_address{{10, 0, 0, 255}};
const ip_address six = ip6_address{{0xfe80, 0, 0, 0, 0, 0, 0, 1}};
const ip_address six_mask = ip6_address{{0xffff, 0xffff, 0xffff, 0xffff}};

bool has_flag(const ifopt& o, ifflag f) {
  return std::find(o.flags.begin(), o.flags.end(), f) != o.flags.end();
}

} // namespace

BOOST_AUTO_TEST_SUITE(getifaddrs_suite)

BOOST_AUTO_TEST_CASE(records_of_one_interface_merge_under_their_flags) {
  BOOST_TEST_MESSAGE("Ensure that the OS's records are grouped per "
                     "interface (first-seen order) and per flag set, with "
                     "the hardware address moved last");
  std::vector<ifflag> up{ifflag::up, ifflag::broadcast, ifflag::running};
  std::vector<interface_info> records{
    {"eth0", {flags(up), hw({2, 0, 0, 0, 0, 1})}},
    {"lo", {flags({ifflag::up, ifflag::loopback}), hw({0, 0, 0, 0, 0, 0})}},
    {"eth0",
     {flags(up), addr(key::addr, ten), addr(key::netmask, mask),
      addr(key::broadaddr, bcast)}},
    {"eth0", {flags(up), addr(key::addr, six), addr(key::netmask, six_mask)}},
  };
  auto got = group_ifaddrs(records);
  std::vector<interface_info> want{
    {"eth0",
     {flags(up), addr(key::addr, ten), addr(key::netmask, mask),
      addr(key::broadaddr, bcast), addr(key::addr, six),
      addr(key::netmask, six_mask), hw({2, 0, 0, 0, 0, 1})}},
    {"lo", {flags({ifflag::up, ifflag::loopback}), hw({0, 0, 0, 0, 0, 0})}},
  };
  BOOST_TEST(to_string(got) == to_string(want));
  BOOST_TEST((got == want));
}

BOOST_AUTO_TEST_CASE(later_flag_sets_keep_prim_inets_hwaddr_order) {
  BOOST_TEST_MESSAGE("Ensure that an interface listed under several flag "
                     "sets gives one {flags, _} per set in first-seen order "
                     "and, as prim_inet does, gathers the hardware "
                     "addresses of the later sets at the very end");
  std::vector<ifflag> a{ifflag::up};
  std::vector<ifflag> b{ifflag::up, ifflag::running};
  std::vector<ifflag> c{ifflag::pointtopoint};
  std::vector<interface_info> records{
    {"x", {flags(a), hw({1})}},
    {"x", {flags(b), hw({2}), addr(key::addr, ten)}},
    {"x", {flags(c), addr(key::addr, six), hw({3})}},
    {"x", {flags(a), addr(key::addr, bcast)}},
  };
  auto got = group_ifaddrs(records);
  BOOST_REQUIRE(got.size() == 1u);
  BOOST_TEST(to_string(got)
             == "[{\"x\",[{flags,[up]},{addr,{10,0,0,255}},{hwaddr,[1]},"
                "{flags,[up,running]},{addr,{10,0,0,1}},"
                "{flags,[pointtopoint]},{addr,{65152,0,0,0,0,0,0,1}},"
                "{hwaddr,[2]},{hwaddr,[3]}]}]");
}

BOOST_AUTO_TEST_CASE(a_record_without_flags_is_ignored) {
  BOOST_TEST_MESSAGE("Ensure that grouping skips a record that does not "
                     "start with its flags instead of misplacing it");
  std::vector<interface_info> records{
    {"x", {}},
    {"x", {addr(key::addr, ten)}},
    {"y", {flags({ifflag::up})}},
  };
  BOOST_TEST(to_string(group_ifaddrs(records)) == "[{\"y\",[{flags,[up]}]}]");
}

BOOST_AUTO_TEST_CASE(this_machines_interfaces_follow_the_spec_rules) {
  BOOST_TEST_MESSAGE("Ensure that the real interfaces list a loopback one "
                     "with 127.0.0.1, each entry starts with {flags, _}, "
                     "every addr is followed by its netmask, and broadaddr "
                     "or dstaddr only under the flag that allows it");
  auto ifs = getifaddrs();
  BOOST_REQUIRE_MESSAGE(ifs, to_atom(ifs.error()));
  bool loopback_seen = false;
  for (const auto& i : *ifs) {
    BOOST_TEST_CONTEXT(to_string(std::vector<interface_info>{i})) {
      BOOST_TEST(!i.name.empty());
      BOOST_REQUIRE(!i.opts.empty());
      BOOST_TEST((i.opts.front().k == key::flags));
      const ifopt* current = nullptr;
      for (size_t n = 0; n < i.opts.size(); ++n) {
        const auto& o = i.opts[n];
        if (o.k == key::flags) {
          current = &o;
        } else if (o.k == key::addr) {
          BOOST_TEST(n + 1 < i.opts.size());
          if (n + 1 < i.opts.size())
            BOOST_TEST((i.opts[n + 1].k == key::netmask));
          if (o.addr == ip_address::loopback_v4())
            loopback_seen = has_flag(*current, ifflag::loopback);
        } else if (o.k == key::broadaddr) {
          BOOST_TEST(has_flag(*current, ifflag::broadcast));
        } else if (o.k == key::dstaddr) {
          BOOST_TEST(has_flag(*current, ifflag::pointtopoint));
        }
      }
    }
  }
  BOOST_TEST(loopback_seen);
}

BOOST_AUTO_TEST_SUITE_END()
