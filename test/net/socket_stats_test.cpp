#include <boost/test/unit_test.hpp>

#include <string>

#include "otpnet/net/socket_stats.hpp"

// inet:getstat's arithmetic. The expected numbers are what OTP 25 reported
// for the same packets over loopback ({packet, 2}: each packet counts with
// its 2-byte header).

using otpnet::inet::all_stat_options;
using otpnet::inet::stat_option;
using otpnet::inet::stat_option_from_string;
using otpnet::net::socket_stats;

BOOST_AUTO_TEST_SUITE(socket_stats_suite)

BOOST_AUTO_TEST_CASE(received_packets_give_otps_running_figures) {
  BOOST_TEST_MESSAGE("Ensure that recv_avg, recv_dvi and recv_max follow "
                     "OTP's running mean and deviation, truncated, after "
                     "each packet");
  struct step {
    std::size_t len;
    uint64_t avg, dvi, max;
  };
  // OTP 25: payloads 8, 0, 0, 0, 100, 1, 7 with {packet, 2}.
  const step steps[] = {{10, 10, 0, 10}, {2, 6, 2, 10},    {2, 4, 2, 10},
                        {2, 4, 2, 10},   {102, 23, 13, 102}, {3, 20, 8, 102},
                        {9, 18, 6, 102}};
  socket_stats st;
  uint64_t oct = 0, cnt = 0;
  for (auto& s : steps) {
    st.count_received(s.len);
    oct += s.len;
    ++cnt;
    BOOST_TEST(st.value(stat_option::recv_avg, 0) == s.avg, s.len);
    BOOST_TEST(st.value(stat_option::recv_dvi, 0) == s.dvi, s.len);
    BOOST_TEST(st.value(stat_option::recv_max, 0) == s.max, s.len);
    BOOST_TEST(st.value(stat_option::recv_oct, 0) == oct);
    BOOST_TEST(st.value(stat_option::recv_cnt, 0) == cnt);
  }
  for (auto o : {stat_option::send_avg, stat_option::send_cnt,
                 stat_option::send_max, stat_option::send_oct})
    BOOST_TEST(st.value(o, 0) == 0u);
}

BOOST_AUTO_TEST_CASE(sent_packets_count_on_their_own_side) {
  BOOST_TEST_MESSAGE("Ensure that sends count into send_oct/cnt/max/avg "
                     "only, and send_pend is the queue the socket reports");
  socket_stats st;
  for (std::size_t len : {5, 7, 12, 2}) // OTP 25: 3, 5, 10, 0 + 2
    st.count_sent(len);
  BOOST_TEST(st.value(stat_option::send_oct, 0) == 26u);
  BOOST_TEST(st.value(stat_option::send_cnt, 0) == 4u);
  BOOST_TEST(st.value(stat_option::send_max, 0) == 12u);
  BOOST_TEST(st.value(stat_option::send_avg, 0) == 6u);
  BOOST_TEST(st.value(stat_option::send_pend, 4242) == 4242u);
  BOOST_TEST(st.value(stat_option::recv_cnt, 0) == 0u);
  BOOST_TEST(st.value(stat_option::recv_dvi, 0) == 0u);
}

BOOST_AUTO_TEST_CASE(values_come_in_the_order_asked) {
  BOOST_TEST_MESSAGE("Ensure that values() answers in the order asked, "
                     "repeats included, and refuses a name outside the "
                     "enum");
  socket_stats st;
  st.count_received(10);
  auto v = st.values({stat_option::send_pend, stat_option::recv_oct,
                      stat_option::recv_oct},
                     7);
  BOOST_REQUIRE(v);
  BOOST_REQUIRE_EQUAL(v->size(), 3u);
  BOOST_TEST(((*v)[0] == std::pair{stat_option::send_pend, uint64_t{7}}));
  BOOST_TEST(((*v)[1] == std::pair{stat_option::recv_oct, uint64_t{10}}));
  BOOST_TEST(((*v)[2] == std::pair{stat_option::recv_oct, uint64_t{10}}));
  BOOST_TEST(st.values({}, 0)->empty());
  BOOST_TEST(!st.values({stat_option::recv_cnt, static_cast<stat_option>(10)},
                        0));
}

BOOST_AUTO_TEST_CASE(names_are_the_erlang_atoms) {
  BOOST_TEST_MESSAGE("Ensure that every stat_option prints as its atom and "
                     "parses back, and that getstat/1's list is the spec's");
  std::string joined;
  for (auto o : all_stat_options) {
    joined += std::string{to_string(o)} + " ";
    BOOST_TEST((stat_option_from_string(to_string(o)) == o));
  }
  BOOST_TEST(joined
             == "recv_avg recv_cnt recv_dvi recv_max recv_oct send_avg "
                "send_cnt send_pend send_max send_oct ");
  BOOST_TEST(!stat_option_from_string("recv_foo"));
  BOOST_TEST(to_string(static_cast<stat_option>(10)).empty());
}

BOOST_AUTO_TEST_SUITE_END()
