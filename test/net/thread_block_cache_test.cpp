// Per-thread recycling of fixed-size blocks (net/thread_block_cache.hpp)
// and the small binaries built on it.

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <set>
#include <thread>
#include <vector>

#include <otpnet/net/binary.hpp>
#include <otpnet/net/thread_block_cache.hpp>

using otpnet::binary;

namespace {

// A size of its own, so that no other code shares these lists.
using cache = otpnet::net::thread_block_cache<72, 4>;

} // namespace

BOOST_AUTO_TEST_SUITE(thread_block_cache_suite)

#ifndef OTPNET_NO_BLOCK_CACHE

BOOST_AUTO_TEST_CASE(a_freed_block_is_handed_out_again_on_its_thread) {
  BOOST_TEST_MESSAGE("Ensure that a block given back is the next one taken on the same thread, and that the list is empty again afterwards");
  auto* a = cache::take();
  std::memset(a, 0xab, cache::block_size); // the whole block is usable
  cache::give(a);
  BOOST_TEST(cache::cached() == 1u);
  auto* b = cache::take();
  BOOST_TEST(b == a);
  BOOST_TEST(cache::cached() == 0u);
  cache::give(b);
}

BOOST_AUTO_TEST_CASE(blocks_beyond_capacity_are_parked_in_batches) {
  BOOST_TEST_MESSAGE("Ensure that a thread keeps at most capacity blocks and parks what is given back beyond that in the shared depot, a whole batch at a time");
  using c = otpnet::net::thread_block_cache<80, 4>; // batches of 2
  std::vector<void*> blocks;
  for (size_t i = 0; i < c::capacity + 2 * c::batch_size + 1; ++i)
    blocks.push_back(c::take());
  for (auto* p : blocks)
    c::give(p);
  BOOST_TEST(c::cached() == c::capacity + 1); // the list, and half a batch
  BOOST_TEST(c::parked() == 2 * c::batch_size);
}

BOOST_AUTO_TEST_CASE(the_depot_is_bounded) {
  BOOST_TEST_MESSAGE("Ensure that once the depot holds depot_batches batches, further blocks go back to the heap instead of growing it");
  using c = otpnet::net::thread_block_cache<88, 4>;
  std::vector<void*> blocks;
  auto room = c::capacity + c::depot_batches * c::batch_size;
  for (size_t i = 0; i < room + 3 * c::batch_size + 1; ++i)
    blocks.push_back(c::take());
  for (auto* p : blocks)
    c::give(p);
  BOOST_TEST(c::cached() == c::capacity + 1);
  BOOST_TEST(c::parked() == c::depot_batches * c::batch_size);
}

BOOST_AUTO_TEST_CASE(a_thread_that_runs_dry_takes_what_another_thread_parked) {
  BOOST_TEST_MESSAGE("Ensure that blocks flowing one way (made on one thread, freed on another, as packets under {active, true}) come back to the making thread through the depot instead of the heap");
  using c = otpnet::net::thread_block_cache<104, 4>;
  std::vector<void*> made;
  for (size_t i = 0; i < c::capacity + 3 * c::batch_size; ++i)
    made.push_back(c::take());
  BOOST_TEST(c::cached() == 0u);
  std::thread t{[&] {
    for (auto* p : made)
      c::give(p); // the list fills up; three batches go to the depot
  }};
  t.join(); // its own list is freed as it ends
  BOOST_TEST(c::parked() == 3 * c::batch_size);
  std::set<void*> freed(made.begin(), made.end());
  std::vector<void*> again;
  for (size_t i = 0; i < 3 * c::batch_size; ++i) {
    again.push_back(c::take());
    BOOST_TEST(freed.count(again.back()) == 1u, "block " << i);
  }
  BOOST_TEST(c::parked() == 0u);
  for (auto* p : again)
    c::give(p);
}

BOOST_AUTO_TEST_CASE(a_block_freed_on_another_thread_joins_that_threads_list) {
  BOOST_TEST_MESSAGE("Ensure that a block taken on one thread and given back on another is kept by the second one (and freed when it ends), not returned to the first");
  auto before = cache::cached();
  auto* p = cache::take();
  size_t there = 0;
  std::thread t{[&] {
    cache::give(p);
    there = cache::cached();
  }};
  t.join();
  BOOST_TEST(there == 1u);
  BOOST_TEST(cache::cached() == (before == 0 ? 0u : before - 1));
}

BOOST_AUTO_TEST_CASE(small_binaries_reuse_their_blocks) {
  BOOST_TEST_MESSAGE("Ensure that a small binary (a 64-byte packet) gets its block from the thread's cache: dropping one and copying another of the same size reuses the memory, with the new bytes");
  const char* before = nullptr;
  {
    auto x = binary::copy_of(std::string(64, 'x').data(), 64);
    before = x.data();
  }
  auto y = binary::copy_of(std::string(64, 'y').data(), 64);
  BOOST_TEST(y.data() == before);
  BOOST_TEST(y.to_string() == std::string(64, 'y'));
}

#else

BOOST_AUTO_TEST_CASE(under_asan_blocks_are_not_recycled) {
  BOOST_TEST_MESSAGE("Ensure that with AddressSanitizer no block is kept, so that a use after free is still reported");
  auto* p = cache::take();
  cache::give(p);
  BOOST_TEST(cache::cached() == 0u);
}

#endif

BOOST_AUTO_TEST_CASE(binaries_of_every_size_class_keep_their_bytes) {
  BOOST_TEST_MESSAGE("Ensure that binaries around the two cached block sizes and above them hold exactly the bytes copied in, slices included, after their blocks were recycled");
  for (size_t n : {1, 50, 100, 110, 111, 112, 200, 238, 239, 240, 241, 300,
                   5000}) {
    for (int round = 0; round < 3; ++round) {
      std::string s(n, static_cast<char>('a' + round));
      s[0] = '<';
      s[n - 1] = '>';
      auto b = binary::copy_of(s.data(), s.size());
      auto tail = b.slice(n / 2, n - n / 2);
      BOOST_TEST(b.to_string() == s, n);
      BOOST_TEST(tail.to_string() == s.substr(n / 2), n);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
