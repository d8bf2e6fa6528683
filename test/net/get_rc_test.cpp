#include <otpnet/inet/get_rc.hpp>

#include <boost/test/unit_test.hpp>

using namespace otpnet;

BOOST_AUTO_TEST_SUITE(get_rc_suite)

BOOST_AUTO_TEST_CASE(get_rc_names_the_os_resolver_and_its_files) {
  BOOST_TEST_MESSAGE("Ensure that get_rc answers the one lookup method "
                     "otpnet has (native) with the files the C library's "
                     "resolver reads, printed as OTP 25's inet:get_rc() on "
                     "a Linux host");
  auto x = inet::get_rc();
  BOOST_TEST(x.resolv_conf == "/etc/resolv.conf");
  BOOST_TEST(x.hosts_file == "/etc/hosts");
  BOOST_REQUIRE(x.lookup.size() == 1u);
  BOOST_TEST((x.lookup[0] == inet::lookup_method::native));
  BOOST_TEST(inet::to_string(x)
             == "[{resolv_conf,\"/etc/resolv.conf\"},"
                "{hosts_file,\"/etc/hosts\"},{lookup,[native]}]");
  x.lookup.push_back(inet::lookup_method::native);
  BOOST_TEST(inet::to_string(x).find("{lookup,[native,native]}")
             != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
