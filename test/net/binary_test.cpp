#include <boost/test/unit_test.hpp>

#include <atomic>
#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "otpnet/net/binary.hpp"

#include "support/allocation_probe.hpp"

using namespace std::literals;
using otpnet::binary;

namespace {

// BOOST_TEST compares char pointers as C strings; this compares addresses.
const void* addr(const char* p) {
  return p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(binary_suite)

BOOST_AUTO_TEST_CASE(empty_binary_has_no_buffer) {
  BOOST_TEST_MESSAGE("Ensure that <<>> allocates nothing yet has a valid "
                     "data pointer");
  binary b;
  BOOST_TEST(b.empty());
  BOOST_TEST(b.size() == 0u);
  BOOST_TEST(b.data() != nullptr);
  BOOST_TEST(b.view().empty());
  BOOST_TEST(!b.shares_buffer_with(binary{}));
  BOOST_TEST(!b.shares_buffer_with(b)); // no buffer to share
  BOOST_TEST(binary{""}.empty());
  BOOST_TEST(binary{std::string{}}.empty());
  BOOST_TEST(binary{static_cast<const char*>(nullptr)}.empty());
  BOOST_TEST(binary::copy_of(nullptr, 10).empty());
}

BOOST_AUTO_TEST_CASE(binary_adopts_a_moved_string_without_copying) {
  BOOST_TEST_MESSAGE("Ensure that binary{std::move(s)} keeps s's storage "
                     "(zero copy for a freshly read buffer)");
  std::string s(1000, 'x');
  const char* storage = s.data();
  binary b{std::move(s)};
  BOOST_TEST(addr(b.data()) == addr(storage));
  BOOST_TEST(b.size() == 1000u);
}

BOOST_AUTO_TEST_CASE(views_and_pointers_are_copied) {
  BOOST_TEST_MESSAGE("Ensure that string_view, const char* and copy_of "
                     "sources are copied, so later changes don't leak in");
  char src[] = "hello";
  binary a{std::string_view{src}};
  binary b{static_cast<const char*>(src)};
  binary c = binary::copy_of(src, 5);
  src[0] = 'j';
  BOOST_TEST(a.view() == "hello");
  BOOST_TEST(b.view() == "hello");
  BOOST_TEST(c.view() == "hello");
  BOOST_TEST(addr(a.data()) != addr(src));
}

BOOST_AUTO_TEST_CASE(binary_keeps_embedded_nul_bytes) {
  BOOST_TEST_MESSAGE("Ensure that bytes are bytes: NUL and high bytes are "
                     "kept, sizes are exact");
  auto bytes = "a\0b\xff"sv;
  binary b{bytes};
  BOOST_TEST(b.size() == 4u);
  BOOST_TEST(b.view() == bytes);
  BOOST_TEST(b.to_string() == std::string{bytes});
  BOOST_TEST(binary::copy_of(bytes.data(), 4).view() == bytes);
}

BOOST_AUTO_TEST_CASE(copies_share_one_buffer) {
  BOOST_TEST_MESSAGE("Ensure that copying a binary is cheap: the copy "
                     "shares the buffer");
  binary a{"some payload"};
  binary b = a;
  BOOST_TEST(addr(b.data()) == addr(a.data()));
  BOOST_TEST(b.shares_buffer_with(a));
  BOOST_TEST(!binary{"some payload"}.shares_buffer_with(a));
}

BOOST_AUTO_TEST_CASE(slice_is_a_sub_binary_of_the_same_buffer) {
  BOOST_TEST_MESSAGE("Ensure that slice shares the buffer and points into "
                     "it, like an Erlang sub-binary");
  binary whole{"0123456789"};
  binary mid = whole.slice(3, 4);
  BOOST_TEST(mid.view() == "3456");
  BOOST_TEST(addr(mid.data()) == addr(whole.data() + 3));
  BOOST_TEST(mid.shares_buffer_with(whole));
  binary inner = mid.slice(1, 2);
  BOOST_TEST(inner.view() == "45");
  BOOST_TEST(addr(inner.data()) == addr(whole.data() + 4));
  BOOST_TEST(whole.slice(0, 10).view() == "0123456789");
}

BOOST_AUTO_TEST_CASE(slice_outlives_its_parent) {
  BOOST_TEST_MESSAGE("Ensure that a slice keeps the buffer alive after the "
                     "binary it came from is gone");
  binary part;
  {
    binary whole{std::string(64, 'a') + "tail"};
    part = whole.slice(64, 4);
  }
  BOOST_TEST(part.view() == "tail");
}

BOOST_AUTO_TEST_CASE(slice_clamps_out_of_range_arguments) {
  BOOST_TEST_MESSAGE("Ensure that slice never trusts offsets: it clamps "
                     "instead of reading out of bounds");
  binary b{"abcdef"};
  BOOST_TEST(b.slice(4, 100).view() == "ef");
  BOOST_TEST(b.slice(6, 1).empty());
  BOOST_TEST(b.slice(100, 5).empty());
  BOOST_TEST(b.slice(static_cast<std::size_t>(-1), 3).empty());
  BOOST_TEST(b.slice(2, static_cast<std::size_t>(-1)).view() == "cdef");
  BOOST_TEST(binary{}.slice(0, 10).empty());
}

BOOST_AUTO_TEST_CASE(empty_slice_does_not_pin_the_buffer) {
  BOOST_TEST_MESSAGE("Ensure that an empty slice drops its reference to a "
                     "(possibly large) buffer");
  binary b{"abc"};
  BOOST_TEST(!b.slice(1, 0).shares_buffer_with(b));
  BOOST_TEST(b.slice(1, 0).data() != nullptr);
}

BOOST_AUTO_TEST_CASE(equality_compares_content) {
  BOOST_TEST_MESSAGE("Ensure that == and != compare bytes against binaries, "
                     "string_views, strings and literals, both ways round");
  binary b{"abc"};
  std::string s = "abc";
  std::string_view v = "abc";
  BOOST_CHECK(b == binary{"abc"});
  BOOST_CHECK(b == binary{"xabc"}.slice(1, 3));
  BOOST_CHECK(b == v);
  BOOST_CHECK(v == b);
  BOOST_CHECK(b == s);
  BOOST_CHECK(s == b);
  BOOST_CHECK(b == "abc");
  BOOST_CHECK("abc" == b);
  BOOST_CHECK(b != "abd");
  BOOST_CHECK("ab" != b);
  BOOST_CHECK(b != binary{"abcd"});
  BOOST_CHECK(b != std::string{"ab"});
  BOOST_CHECK(binary{} == "");
  BOOST_CHECK(binary{} == binary{});
  BOOST_CHECK(!(b == "ab"));
}

BOOST_AUTO_TEST_CASE(copy_of_makes_a_fresh_independent_buffer) {
  BOOST_TEST_MESSAGE("Ensure that copy_of copies the bytes into a buffer of "
                     "its own: later changes to the source don't show");
  std::string src(300, 'a');
  src[0] = 'x';
  binary a = binary::copy_of(src.data(), src.size());
  binary b = binary::copy_of(src.data(), src.size());
  BOOST_TEST(a.size() == 300u);
  BOOST_TEST(a.view() == src);
  BOOST_TEST(addr(a.data()) != addr(src.data()));
  BOOST_TEST(!a.shares_buffer_with(b)); // each call, its own buffer
  src.assign(300, 'z');
  BOOST_TEST(a.view() == std::string(1, 'x') + std::string(299, 'a'));
  BOOST_CHECK(a == b);
}

BOOST_AUTO_TEST_CASE(slices_of_a_copy_share_its_buffer) {
  BOOST_TEST_MESSAGE("Ensure that slices and copies of a copy_of binary "
                     "point into its one buffer and keep it alive");
  binary part;
  binary again;
  {
    auto whole = binary::copy_of("header:payload", 14);
    part = whole.slice(7, 100);
    BOOST_TEST(part.view() == "payload");
    BOOST_TEST(addr(part.data()) == addr(whole.data() + 7));
    BOOST_TEST(part.shares_buffer_with(whole));
    again = part.slice(3, 2);
    BOOST_TEST(again.shares_buffer_with(whole));
    BOOST_TEST(addr(again.data()) == addr(whole.data() + 10));
  }
  BOOST_TEST(part.view() == "payload");
  BOOST_TEST(again.view() == "lo");
  BOOST_TEST(part.shares_buffer_with(again));
}

BOOST_AUTO_TEST_CASE(long_strings_are_adopted_and_sliced_without_copying) {
  BOOST_TEST_MESSAGE("Ensure that a moved std::string longer than 64 bytes "
                     "keeps its storage, also through slices; shorter ones "
                     "keep their content");
  std::string s(65, 'y');
  const char* storage = s.data();
  binary b{std::move(s)};
  BOOST_TEST(addr(b.data()) == addr(storage));
  BOOST_TEST(b.view() == std::string(65, 'y'));
  binary tail = b.slice(60, 10);
  BOOST_TEST(addr(tail.data()) == addr(storage + 60));
  BOOST_TEST(tail.shares_buffer_with(b));
  BOOST_TEST(tail.view() == "yyyyy");
  for (std::size_t n : {1u, 15u, 16u, 64u}) {
    std::string small(n, 'q');
    binary c{std::move(small)};
    BOOST_TEST(c.view() == std::string(n, 'q'));
    BOOST_TEST(c.slice(0, 1).shares_buffer_with(c));
  }
}

BOOST_AUTO_TEST_CASE(copy_and_move_keep_the_buffer_and_empty_the_source) {
  BOOST_TEST_MESSAGE("Ensure that copies share, moves transfer (leaving an "
                     "empty, usable binary) and self-assignment is harmless");
  binary a{std::string(100, 'a')};
  const char* p = a.data();
  binary copy{a};
  BOOST_TEST(addr(copy.data()) == addr(p));
  BOOST_TEST(copy.shares_buffer_with(a));
  binary moved{std::move(a)};
  BOOST_TEST(addr(moved.data()) == addr(p));
  BOOST_TEST(a.empty());
  BOOST_TEST(a.data() != nullptr);
  BOOST_TEST(!a.shares_buffer_with(moved));
  a = moved.slice(1, 3); // a moved-from binary takes a new value
  BOOST_TEST(a.view() == "aaa");
  binary other{"other"};
  other = moved; // drops "other"'s buffer, shares moved's
  BOOST_TEST(addr(other.data()) == addr(p));
  binary piece = moved.slice(0, 1);
  const binary wider = moved.slice(10, 50);
  piece = wider; // a copy from the same buffer must still re-point
  BOOST_TEST(addr(piece.data()) == addr(p + 10));
  BOOST_TEST(piece.size() == 50u);
  other = binary{"third"};
  BOOST_CHECK(other == "third");
  binary target{"to be replaced"};
  target = std::move(moved);
  BOOST_TEST(addr(target.data()) == addr(p));
  BOOST_TEST(moved.empty());
  BOOST_TEST(moved.data() != nullptr);
  binary& alias = target; // the alias hides self-assignment from warnings
  target = alias;
  BOOST_TEST(addr(target.data()) == addr(p));
  BOOST_TEST(target.size() == 100u);
  target = std::move(alias);
  BOOST_TEST(addr(target.data()) == addr(p));
  BOOST_TEST(target.size() == 100u);
  binary empty;
  binary& empty_alias = empty;
  empty = empty_alias;
  empty = std::move(empty_alias);
  BOOST_TEST(empty.empty());
}

BOOST_AUTO_TEST_CASE(threads_copy_slice_and_drop_one_buffer_safely) {
  BOOST_TEST_MESSAGE("Ensure that copies of one buffer can be sliced, "
                     "copied and destroyed on several threads at once, and "
                     "the last owner, whichever it is, frees it once (run "
                     "under ASan/TSan to see leaks and races)");
  constexpr int workers = 4;
  constexpr int rounds = 20000;
  constexpr std::size_t n = 4096;
  std::string src(n, '\0');
  for (std::size_t i = 0; i < n; ++i)
    src[i] = static_cast<char>('a' + i % 26);
  const std::string_view expected{src};
  // Both kinds of buffer: copied bytes and an adopted string.
  binary copied = binary::copy_of(src.data(), src.size());
  binary adopted{std::string{src}};
  std::atomic<bool> go{false};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < workers; ++t)
    threads.emplace_back([&, t, a = copied, b = adopted]() mutable {
      while (!go.load(std::memory_order_acquire))
        std::this_thread::yield();
      std::vector<binary> held;
      for (int i = 0; i < rounds; ++i) {
        auto off = static_cast<std::size_t>(i * 7 + t) % n;
        binary s = (i % 2 == 0 ? a : b).slice(off, 100);
        if (s.view() != expected.substr(off, 100))
          wrong.fetch_add(1, std::memory_order_relaxed);
        held.push_back(s);
        if (held.size() == 64)
          held.clear();
      }
      // a, b and held die with the thread: the last one frees the buffer.
    });
  copied = binary{}; // from here on, only the workers own the buffers
  adopted = binary{};
  go.store(true, std::memory_order_release);
  for (auto& th : threads)
    th.join();
  BOOST_TEST(wrong.load() == 0);
}

BOOST_AUTO_TEST_CASE(copy_small_copies_and_rarely_allocates) {
  BOOST_TEST_MESSAGE("Ensure that copy_small returns the bytes given and "
                     "shares one buffer between small copies");
  std::vector<otpnet::binary> kept;
  std::vector<std::string> expected;
  kept.reserve(128);
  expected.reserve(128);
  otpnet::test::allocation_probe probe;
  for (int i = 0; i < 128; ++i) {
    char header[2] = {static_cast<char>(i), static_cast<char>(255 - i)};
    kept.push_back(otpnet::binary::copy_small(header, 2));
    expected.emplace_back(header, 2);
  }
  auto allocations = probe.count();
  // 256 bytes per shared buffer: 256 bytes need at most two (copy_of
  // would have made 128).
  BOOST_TEST(allocations <= 2u, allocations << " allocations");
  for (size_t i = 0; i < kept.size(); ++i)
    BOOST_TEST(kept[i].to_string() == expected[i]);
  BOOST_TEST(kept.front().size() == 2u);
}

BOOST_AUTO_TEST_CASE(copy_small_outlives_the_shared_buffer_turning_over) {
  BOOST_TEST_MESSAGE("Ensure that a small copy stays valid after its thread "
                     "moved on to new shared buffers, also on another "
                     "thread, and that long inputs are copied whole");
  auto first = otpnet::binary::copy_small("abc", 3);
  for (int i = 0; i < 1000; ++i)
    static_cast<void>(otpnet::binary::copy_small("0123456789abcdef", 16));
  std::string seen;
  std::thread th{[&seen, first] { seen = first.to_string(); }};
  th.join();
  BOOST_TEST(seen == "abc");
  BOOST_TEST(first.to_string() == "abc");
  std::string long_input(100, 'x');
  auto whole = otpnet::binary::copy_small(long_input.data(), long_input.size());
  BOOST_TEST(whole.to_string() == long_input);
  BOOST_TEST(otpnet::binary::copy_small(nullptr, 3).empty());
}

BOOST_AUTO_TEST_CASE(allocate_gives_a_buffer_to_fill_then_share) {
  BOOST_TEST_MESSAGE("Ensure that allocate returns n writable bytes that "
                     "the binary and its slices then show, and that n = 0 "
                     "is empty");
  char* bytes = nullptr;
  auto whole = otpnet::binary::allocate(10, bytes);
  BOOST_REQUIRE(bytes != nullptr);
  std::memcpy(bytes, "0123456789", 10);
  BOOST_TEST(whole.size() == 10u);
  BOOST_TEST(whole.to_string() == "0123456789");
  auto part = whole.slice(0, 4);
  BOOST_TEST(part.to_string() == "0123");
  BOOST_TEST(part.shares_buffer_with(whole));
  auto none = otpnet::binary::allocate(0, bytes);
  BOOST_TEST(none.empty());
  BOOST_TEST(bytes == nullptr);
}

BOOST_AUTO_TEST_CASE(pooled_buffers_are_recycled_once_unreferenced) {
  BOOST_TEST_MESSAGE("Ensure that allocate_pooled hands back a buffer whose "
                     "last binary is gone without a new allocation, never "
                     "one a slice still pins, and that the bytes stay "
                     "intact while shared");
  using otpnet::binary;
  char* bytes = nullptr;
  // Warm the pool: one buffer freed, so the next request can reuse it.
  static_cast<void>(binary::allocate_pooled(bytes));
  std::vector<char*> seen;
  std::vector<binary> held;
  seen.reserve(2);
  held.reserve(2);
  otpnet::test::allocation_probe probe;
  auto first = binary::allocate_pooled(bytes);
  BOOST_REQUIRE(bytes != nullptr);
  BOOST_TEST(first.size() == binary::pooled_size);
  BOOST_TEST(probe.count() == 0u); // came from the pool
  std::memset(bytes, 'a', binary::pooled_size);
  auto kept = first.slice(10, 20);
  const char* first_bytes = bytes;
  first = binary{};
  // The slice pins the block: a new request must get another buffer.
  char* second_bytes = nullptr;
  auto second = binary::allocate_pooled(second_bytes);
  BOOST_TEST(second_bytes != first_bytes);
  std::memset(second_bytes, 'b', binary::pooled_size);
  BOOST_TEST(kept.size() == 20u);
  BOOST_TEST(std::count(kept.data(), kept.data() + kept.size(), 'a') == 20);
  // Once the slice is gone too, its block is free for the next request.
  kept = binary{};
  second = binary{};
  for (int i = 0; i < 2; ++i) {
    char* p = nullptr;
    held.push_back(binary::allocate_pooled(p));
    seen.push_back(p);
  }
  auto reused = [&](const char* p) {
    return std::find(seen.begin(), seen.end(), p) != seen.end();
  };
  BOOST_TEST(reused(first_bytes));
  BOOST_TEST(reused(second_bytes));
  BOOST_TEST(probe.count() <= 1u); // only while the slice pinned the first
}

BOOST_AUTO_TEST_CASE(pooled_buffers_beyond_the_pool_are_freed) {
  BOOST_TEST_MESSAGE("Ensure that freeing many pooled buffers at once keeps "
                     "only a bounded number (the rest go back to the heap: "
                     "the leak checker of the sanitizer build sees them)");
  using otpnet::binary;
  std::vector<binary> many;
  many.reserve(100);
  for (int i = 0; i < 100; ++i) {
    char* p = nullptr;
    many.push_back(binary::allocate_pooled(p));
    p[0] = static_cast<char>(i);
  }
  many.clear();
  otpnet::test::allocation_probe probe;
  for (int i = 0; i < 100; ++i) {
    char* p = nullptr;
    many.push_back(binary::allocate_pooled(p));
  }
  // Some came from the pool, the rest were allocated anew.
  BOOST_TEST(probe.count() > 0u);
  BOOST_TEST(probe.count() < 100u);
}

BOOST_AUTO_TEST_SUITE_END()
