#include "otpnet/net/inline_function.hpp"

#include <array>
#include <memory>
#include <string>
#include <utility>

#include <boost/test/unit_test.hpp>

#include "support/allocation_probe.hpp"

using otpnet::net::inline_function;

namespace {

/// A callable that is not trivially copyable and counts its live copies.
struct counted {
  static inline int live = 0;
  std::shared_ptr<int> hits = std::make_shared<int>(0);

  counted() {
    ++live;
  }
  counted(const counted& other) noexcept : hits(other.hits) {
    ++live;
  }
  counted(counted&& other) noexcept : hits(std::move(other.hits)) {
    ++live;
  }
  ~counted() {
    --live;
  }

  int operator()(int x) const {
    return *hits += x;
  }
};

/// Too large for the inline buffer.
struct big {
  std::array<char, 64> bytes{};
  int operator()(int x) const {
    return x + bytes[0];
  }
};

using fn = inline_function<int(int)>;

} // namespace

BOOST_AUTO_TEST_SUITE(inline_function_suite)

BOOST_AUTO_TEST_CASE(a_small_handle_capturing_callable_allocates_nothing) {
  BOOST_TEST_MESSAGE("Ensure that a callable holding a reference-counted "
                     "handle is stored, moved and copied without allocating");
  static_assert(!std::is_trivially_copyable_v<counted>);
  static_assert(fn::stores_inline<counted>);
  static_assert(sizeof(fn) == 4 * sizeof(void*));
  counted c;
  otpnet::test::allocation_probe probe;
  fn f{c};
  fn g{std::move(f)};
  fn h{g};
  BOOST_TEST(probe.count() == 0u);
  BOOST_TEST(!f);
  BOOST_TEST(g(2) == 2);
  BOOST_TEST(h(3) == 5); // a copy shares the captured handle
}

BOOST_AUTO_TEST_CASE(every_copy_is_destroyed_once) {
  BOOST_TEST_MESSAGE("Ensure that copies, moves, assignments and resets "
                     "leave no callable behind and destroy none twice");
  {
    counted c;
    fn f{c};
    fn g;
    g = f;
    fn h{std::move(g)};
    h = std::move(f);
    BOOST_TEST(counted::live == 2); // c and h's
    h = nullptr;
    BOOST_TEST(!h);
    BOOST_TEST(counted::live == 1);
    fn i{c};
    fn& alias = i;
    i = std::move(alias); // moving into itself keeps the callable
    BOOST_REQUIRE(static_cast<bool>(i));
    BOOST_TEST(i(1) == 1);
    BOOST_TEST(counted::live == 2);
  }
  BOOST_TEST(counted::live == 0);
}

BOOST_AUTO_TEST_CASE(a_large_callable_lives_on_the_heap_and_still_copies) {
  BOOST_TEST_MESSAGE("Ensure that a callable larger than the buffer is "
                     "allocated once and copied by value");
  static_assert(!fn::stores_inline<big>);
  big b;
  b.bytes[0] = 10;
  fn f;
  {
    otpnet::test::allocation_probe probe;
    f = fn{b};
    BOOST_TEST(probe.count() == 1u);
  }
  fn g{f};
  fn h{std::move(f)};
  BOOST_TEST(!f);
  BOOST_TEST(g(1) == 11);
  BOOST_TEST(h(2) == 12);
}

BOOST_AUTO_TEST_CASE(arguments_are_forwarded_not_copied) {
  BOOST_TEST_MESSAGE("Ensure that a by-value argument is moved into the "
                     "callable");
  inline_function<std::size_t(std::string)> f{
    [](std::string s) { return s.size(); }};
  std::string text(100, 'x'); // beyond the small-string buffer
  otpnet::test::allocation_probe probe;
  BOOST_TEST(f(std::move(text)) == 100u);
  BOOST_TEST(probe.count() == 0u); // a copy of the string would allocate
}

BOOST_AUTO_TEST_CASE(a_void_signature_takes_a_callable_with_a_result) {
  BOOST_TEST_MESSAGE("Ensure that, as with std::function, a callable's "
                     "result is dropped for a void signature");
  int calls = 0;
  inline_function<void(int)> f{[&calls](int x) { return calls += x; }};
  f(2);
  f(3);
  BOOST_TEST(calls == 5);
}

BOOST_AUTO_TEST_CASE(a_null_function_pointer_makes_an_empty_one) {
  BOOST_TEST_MESSAGE("Ensure that a null function pointer gives an empty "
                     "inline_function, as it gives an empty std::function");
  int (*none)(int) = nullptr;
  fn f{none};
  BOOST_TEST(!f);
  fn g{+[](int x) { return x * 2; }};
  BOOST_REQUIRE(static_cast<bool>(g));
  BOOST_TEST(g(4) == 8);
}

BOOST_AUTO_TEST_CASE(a_move_only_one_holds_a_move_only_callable_inline) {
  BOOST_TEST_MESSAGE("Ensure that the move-only form takes a callable that "
                     "cannot be copied, keeps it inline and cannot be "
                     "copied itself");
  using once = inline_function<int(int), 3 * sizeof(void*), false>;
  static_assert(!std::is_copy_constructible_v<once>);
  static_assert(std::is_nothrow_move_constructible_v<once>);
  auto base = std::make_unique<int>(40);
  otpnet::test::allocation_probe probe;
  once f{[p = std::move(base)](int x) { return *p + x; }};
  once g{std::move(f)};
  BOOST_TEST(probe.count() == 0u);
  BOOST_TEST(!f);
  BOOST_TEST(g(2) == 42);
}

BOOST_AUTO_TEST_SUITE_END()
