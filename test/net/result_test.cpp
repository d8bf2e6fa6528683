#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "otpnet/net/result.hpp"

using otpnet::errc;
using otpnet::net::result;

BOOST_AUTO_TEST_SUITE(result_suite)

BOOST_AUTO_TEST_CASE(result_holds_a_value_or_a_reason) {
  BOOST_TEST_MESSAGE("Ensure that result<T> is {ok, T} | {error, errc}, "
                     "implicitly built from either, without throwing");
  result<std::string> ok = std::string{"hello"};
  BOOST_TEST(ok.has_value());
  BOOST_TEST(static_cast<bool>(ok));
  BOOST_TEST(*ok == "hello");
  BOOST_TEST(ok->size() == 5u);
  BOOST_TEST(ok.value() == "hello");
  BOOST_TEST((ok.error() == errc::ok));
  result<std::string> bad = errc::einval;
  BOOST_TEST(!bad.has_value());
  BOOST_TEST(!bad);
  BOOST_TEST(otpnet::to_atom(bad.error()) == "einval");
}

BOOST_AUTO_TEST_CASE(result_supports_move_only_values) {
  BOOST_TEST_MESSAGE("Ensure that a move-only value can be moved out");
  result<std::unique_ptr<int>> r = std::make_unique<int>(42);
  std::unique_ptr<int> p = std::move(r).value();
  BOOST_TEST(*p == 42);
}

BOOST_AUTO_TEST_CASE(result_void_is_ok_or_a_reason) {
  BOOST_TEST_MESSAGE("Ensure that result<void> is ok by default or from "
                     "errc::ok, and an error otherwise");
  result<void> a;
  result<void> b = errc::ok;
  result<void> c = errc::closed;
  BOOST_TEST(a.has_value());
  BOOST_TEST(static_cast<bool>(b));
  BOOST_TEST(!c);
  BOOST_TEST(otpnet::to_atom(c.error()) == "closed");
}

BOOST_AUTO_TEST_SUITE_END()
