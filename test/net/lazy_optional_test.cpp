#include "otpnet/net/lazy_optional.hpp"

#include <string>
#include <utility>

#include <boost/test/unit_test.hpp>

#include "support/allocation_probe.hpp"

using otpnet::net::lazy_optional;

namespace {

/// Counts the live instances, so that tests see values being destroyed.
struct tracked {
  static inline int live = 0;
  std::string text;

  explicit tracked(std::string x) : text(std::move(x)) {
    ++live;
  }
  tracked(const tracked& other) : text(other.text) {
    ++live;
  }
  ~tracked() {
    --live;
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(lazy_optional_suite)

BOOST_AUTO_TEST_CASE(an_unused_one_allocates_nothing) {
  BOOST_TEST_MESSAGE("Ensure that an empty lazy_optional, created and moved, "
                     "allocates nothing and holds nothing");
  otpnet::test::allocation_probe probe;
  lazy_optional<tracked> x;
  lazy_optional<tracked> y{std::move(x)};
  BOOST_TEST(!y);
  BOOST_TEST(!y.has_storage());
  y.reset();
  BOOST_TEST(probe.count() == 0u);
  BOOST_TEST(sizeof(lazy_optional<tracked>) == sizeof(void*));
}

BOOST_AUTO_TEST_CASE(reset_destroys_the_value_and_keeps_the_storage) {
  BOOST_TEST_MESSAGE("Ensure that reset destroys the value at once, and that "
                     "the next value reuses the storage without allocating");
  tracked::live = 0;
  lazy_optional<tracked> x;
  x.emplace("first");
  BOOST_TEST(bool{x});
  BOOST_TEST(x->text == "first");
  BOOST_TEST(tracked::live == 1);
  auto* where = &*x;
  x.reset();
  BOOST_TEST(!x);
  BOOST_TEST(x.has_storage());
  BOOST_TEST(tracked::live == 0);
  otpnet::test::allocation_probe probe;
  x.emplace("s"); // short: no string allocation either
  BOOST_TEST(probe.count() == 0u);
  BOOST_TEST(&*x == where);
  BOOST_TEST((*x).text == "s");
}

BOOST_AUTO_TEST_CASE(emplace_replaces_and_the_end_destroys) {
  BOOST_TEST_MESSAGE("Ensure that emplace over a value destroys the old one, "
                     "that moving hands the value over, and that the "
                     "lazy_optional's end destroys what it holds");
  tracked::live = 0;
  {
    lazy_optional<tracked> x;
    x.emplace("one");
    x.emplace("two");
    BOOST_TEST(tracked::live == 1);
    BOOST_TEST(x->text == "two");
    lazy_optional<tracked> y;
    y = std::move(x);
    BOOST_TEST(bool{y});
    BOOST_TEST(y->text == "two");
    BOOST_TEST(tracked::live == 1);
  }
  BOOST_TEST(tracked::live == 0);
}

BOOST_AUTO_TEST_SUITE_END()
