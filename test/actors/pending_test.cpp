// pending<T>: the starter runs once, when await or then is called, with the
// caller's choice; it lives inside the pending when small, on the heap when
// not, and what it captured is destroyed exactly once either way.

#include <array>
#include <memory>
#include <optional>
#include <utility>

#include <boost/test/unit_test.hpp>

#include "otpnet/pending.hpp"

using otpnet::pending;

namespace {

struct outcome {
  int starts = 0;
  std::optional<bool> suspended;
};

/// A pending<int> delivering 42, with `Pad` extra bytes captured.
template <size_t Pad>
pending<int> make(outcome& out, std::shared_ptr<int> token) {
  std::array<char, Pad> pad{};
  return pending<int>{[&out, token, pad](bool suspend,
                                         pending<int>::callback cb) {
    static_cast<void>(pad);
    ++out.starts;
    out.suspended = suspend;
    cb(caf::expected<int>{42});
  }};
}

template <size_t Pad>
void check_runs_once_and_frees(bool use_await) {
  outcome out;
  auto token = std::make_shared<int>(0);
  int got = 0;
  {
    auto p = make<Pad>(out, token);
    auto moved = std::move(p); // the starter moves with its pending
    BOOST_TEST(token.use_count() == 2);
    auto cb = [&got](caf::expected<int> x) { got = x ? *x : -1; };
    if (use_await)
      moved.await(cb);
    else
      moved.then(cb);
  }
  BOOST_TEST(out.starts == 1);
  BOOST_TEST(*out.suspended == use_await);
  BOOST_TEST(got == 42);
  BOOST_TEST(token.use_count() == 1);
}

} // namespace

BOOST_AUTO_TEST_SUITE(pending_suite)

BOOST_AUTO_TEST_CASE(a_small_starter_runs_once_with_the_callers_choice) {
  BOOST_TEST_MESSAGE("Ensure that a pending with a small starter (kept "
                     "inline) runs it once on await/then and frees it");
  check_runs_once_and_frees<8>(true);
  check_runs_once_and_frees<8>(false);
}

BOOST_AUTO_TEST_CASE(a_large_starter_runs_once_with_the_callers_choice) {
  BOOST_TEST_MESSAGE("Ensure that a pending with a starter too large to "
                     "keep inline (heap) behaves the same");
  check_runs_once_and_frees<256>(true);
  check_runs_once_and_frees<256>(false);
}

BOOST_AUTO_TEST_CASE(an_unstarted_pending_frees_what_it_captured) {
  BOOST_TEST_MESSAGE("Ensure that dropping a pending without starting it "
                     "runs nothing and releases its captures");
  outcome out;
  auto token = std::make_shared<int>(0);
  {
    auto small = make<8>(out, token);
    auto large = make<256>(out, token);
    auto assigned = make<8>(out, token);
    assigned = std::move(large); // replaces (and frees) the small one
    BOOST_TEST(token.use_count() == 3);
  }
  BOOST_TEST(out.starts == 0);
  BOOST_TEST(token.use_count() == 1);
}

BOOST_AUTO_TEST_SUITE_END()
