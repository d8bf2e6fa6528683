#include <boost/test/unit_test.hpp>

#include "net/packet_test_helpers.hpp"

#include <string>
#include <vector>

#include "otpnet/net/packet_reader.hpp"

// {packet, http*} through the packet reader: framing, decoding and the
// request/headers state together. The expected packets are what OTP 25's
// gen_tcp delivered for the same bytes over loopback (their Erlang terms,
// as net::to_string prints an http_bin packet).

using otpnet::binary;
using otpnet::net::http_packet;
using otpnet::net::packet_limits;
using otpnet::net::packet_reader;
using otpnet::net::packet_type;
using status = packet_reader::next_status;

BOOST_TEST_DONT_PRINT_LOG_VALUE(packet_reader::next_status)

using namespace otpnet::net::test;

namespace {

const char* two_requests = "GET /a HTTP/1.1\r\nHost: x\r\n"
                           "Content-Length: 3\r\n\r\nabc"
                           "GET /b HTTP/1.0\r\n\r\n";

// Takes every whole packet, printed; stops at need_more or error (then
// "error" is the last entry).
std::vector<std::string> drain(packet_reader& r) {
  std::vector<std::string> out;
  for (;;) {
    http_packet p;
    auto st = r.next_http(p);
    if (st == status::need_more)
      return out;
    if (st == status::error) {
      out.push_back("error");
      return out;
    }
    out.push_back(to_string(p));
  }
}

std::vector<std::string> lines(std::initializer_list<const char*> xs) {
  return {xs.begin(), xs.end()};
}

} // namespace

BOOST_AUTO_TEST_SUITE(http_reader_suite)

BOOST_AUTO_TEST_CASE(a_request_head_then_a_body_in_raw_mode) {
  BOOST_TEST_MESSAGE("Ensure that a request head decodes line by line, the "
                     "body is read in raw mode and the next request decodes "
                     "after switching back, as OTP delivers it");
  packet_reader r{packet_type::http_bin, {}};
  r.append(two_requests);
  BOOST_TEST(drain(r)
             == lines({"{http_request,'GET',{abs_path,<<\"/a\">>},{1,1}}",
                       "{http_header,14,'Host',<<\"Host\">>,<<\"x\">>}",
                       "{http_header,38,'Content-Length',<<\"Content-Length\">>,"
                       "<<\"3\">>}",
                       "http_eoh",
                       // Without the switch the body runs into the next
                       // request line, as in OTP.
                       "{http_request,<<\"abcGET\">>,{abs_path,<<\"/b\">>},"
                       "{1,0}}",
                       "http_eoh"}),
             boost::test_tools::per_element());
  packet_reader s{packet_type::http_bin, {}};
  s.append(two_requests);
  for (int i = 0; i < 4; ++i) {
    http_packet p;
    BOOST_TEST_REQUIRE((s.next_http(p) == status::packet));
  }
  s.reset(packet_type::raw, {});
  binary body;
  BOOST_TEST_REQUIRE(s.take_exact(3, body));
  BOOST_TEST(body.to_string() == "abc");
  s.reset(packet_type::http_bin, {});
  BOOST_TEST(drain(s)
             == lines({"{http_request,'GET',{abs_path,<<\"/b\">>},{1,0}}",
                       "http_eoh"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(any_split_of_the_stream_gives_the_same_packets) {
  BOOST_TEST_MESSAGE("Ensure that lines, folded headers included, decode "
                     "the same however the bytes arrive: whole, byte by "
                     "byte, or cut in two anywhere");
  const std::string stream = "HTTP/1.1 200 OK\r\nX-A: b\r\n c\r\n\td\r\n"
                             "Server: s\n\r\nHTTP/1.0 404 \r\n\r\n";
  packet_reader whole{packet_type::http, {}};
  whole.append(stream);
  auto expected = drain(whole);
  BOOST_TEST(expected
             == lines({"{http_response,{1,1},200,<<\"OK\">>}",
                       "{http_header,0,<<\"X-A\">>,<<\"X-A\">>,"
                       "<<\"b\\r\\n c\\r\\n\\td\">>}",
                       "{http_header,30,'Server',<<\"Server\">>,<<\"s\">>}",
                       "http_eoh", "{http_response,{1,0},404,<<\"\">>}",
                       "http_eoh"}),
             boost::test_tools::per_element());
  packet_reader bytewise{packet_type::http, {}};
  std::vector<std::string> got;
  for (char c : stream) {
    bytewise.append(std::string(1, c));
    for (auto& p : drain(bytewise))
      got.push_back(p);
  }
  BOOST_TEST(got == expected, boost::test_tools::per_element());
  for (std::size_t cut = 1; cut < stream.size(); ++cut) {
    packet_reader r{packet_type::http, {}};
    r.append(stream.substr(0, cut));
    auto part = drain(r);
    r.append(stream.substr(cut));
    for (auto& p : drain(r))
      part.push_back(p);
    BOOST_TEST(part == expected, "cut at " << cut);
  }
}

BOOST_AUTO_TEST_CASE(the_state_survives_setopts) {
  BOOST_TEST_MESSAGE("Ensure that changing the packet option keeps the "
                     "request/headers state (OTP 25 over loopback: a request "
                     "line after setopts in the headers is an http_error)");
  packet_reader r{packet_type::http_bin, {}};
  r.append("GET /a HTTP/1.1\r\nHost: x\r\nGET /z HTTP/1.1\r\nX");
  http_packet p;
  BOOST_TEST_REQUIRE((r.next_http(p) == status::packet));
  BOOST_TEST_REQUIRE((r.next_http(p) == status::packet));
  BOOST_TEST(r.http_in_headers());
  r.reset(packet_type::raw, {});
  r.reset(packet_type::http_bin, {});
  BOOST_TEST(drain(r)
             == lines({"{http_error,<<\"GET /z HTTP/1.1\\r\\n\">>}"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.http_in_headers());
}

BOOST_AUTO_TEST_CASE(httph_reads_headers_and_leaves_the_state_in_them) {
  BOOST_TEST_MESSAGE("Ensure that httph decodes header lines only, and "
                     "that http after it goes on with headers until "
                     "http_eoh, then reads a request line");
  packet_reader r{packet_type::httph_bin, {}};
  r.append("A: b\r\n\r\nC: d\r\n\r\n");
  BOOST_TEST(drain(r)
             == lines({"{http_header,0,<<\"A\">>,<<\"A\">>,<<\"b\">>}",
                       "http_eoh",
                       "{http_header,0,<<\"C\">>,<<\"C\">>,<<\"d\">>}",
                       "http_eoh"}),
             boost::test_tools::per_element());
  packet_reader s{packet_type::http_bin, {}};
  s.append("GET / HTTP/1.1\r\nA: b\r\nC: d\r\n\r\nGET /x HTTP/1.1\r\n");
  http_packet p;
  BOOST_TEST_REQUIRE((s.next_http(p) == status::packet));
  s.reset(packet_type::httph_bin, {});
  BOOST_TEST_REQUIRE((s.next_http(p) == status::packet));
  s.reset(packet_type::http_bin, {});
  BOOST_TEST(drain(s)
             == lines({"{http_header,0,<<\"C\">>,<<\"C\">>,<<\"d\">>}",
                       "http_eoh",
                       "{http_request,'GET',{abs_path,<<\"/x\">>},{1,1}}"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_bad_line_is_an_http_error_and_the_stream_goes_on) {
  BOOST_TEST_MESSAGE("Ensure that an unparsable line is {http_error, Line} "
                     "and leaves the state as it was (OTP 25 over loopback)");
  packet_reader r{packet_type::http_bin, {}};
  r.append("x y\r\nGET / HTTP/1.1\r\nbad\r\nA: b\r\n\r\n");
  BOOST_TEST(drain(r)
             == lines({"{http_request,<<\"x\">>,{abs_path,<<\"y\">>},{0,9}}",
                       "{http_error,<<\"GET / HTTP/1.1\\r\\n\">>}",
                       "{http_error,<<\"bad\\r\\n\">>}",
                       "{http_header,0,<<\"A\">>,<<\"A\">>,<<\"b\">>}",
                       "http_eoh"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_line_over_the_limit_fails_the_stream) {
  BOOST_TEST_MESSAGE("Ensure that a line longer than packet_size (or the "
                     "buffer without one) is an error, even when it arrives "
                     "in pieces, and that packet_size lifts the buffer's "
                     "limit");
  const std::string line = "GET /aaaaaaaaaaaaaaa HTTP/1.1\r\n";
  for (auto lim : {max_size(10), buffer_of(10)}) {
    packet_reader r{packet_type::http_bin, lim};
    for (char c : line)
      r.append(std::string(1, c));
    BOOST_TEST(drain(r) == lines({"error"}), boost::test_tools::per_element());
  }
  packet_reader r{packet_type::http_bin, limits(100, 10)};
  r.append(line);
  BOOST_TEST(drain(r)
             == lines({"{http_request,'GET',"
                       "{abs_path,<<\"/aaaaaaaaaaaaaaa\">>},{1,1}}"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
