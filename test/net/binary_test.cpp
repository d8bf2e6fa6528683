#include <boost/test/unit_test.hpp>

#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "otpnet/net/binary.hpp"

using namespace std::literals;
using otpnet::binary;

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
  BOOST_TEST(b.data() == storage);
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
  BOOST_TEST(a.data() != static_cast<const char*>(src));
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
  BOOST_TEST(b.data() == a.data());
  BOOST_TEST(b.shares_buffer_with(a));
  BOOST_TEST(!binary{"some payload"}.shares_buffer_with(a));
}

BOOST_AUTO_TEST_CASE(slice_is_a_sub_binary_of_the_same_buffer) {
  BOOST_TEST_MESSAGE("Ensure that slice shares the buffer and points into "
                     "it, like an Erlang sub-binary");
  binary whole{"0123456789"};
  binary mid = whole.slice(3, 4);
  BOOST_TEST(mid.view() == "3456");
  BOOST_TEST(mid.data() == whole.data() + 3);
  BOOST_TEST(mid.shares_buffer_with(whole));
  binary inner = mid.slice(1, 2);
  BOOST_TEST(inner.view() == "45");
  BOOST_TEST(inner.data() == whole.data() + 4);
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

BOOST_AUTO_TEST_SUITE_END()
