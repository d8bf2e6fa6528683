#include <boost/test/unit_test.hpp>

#include <cstring>
#include <string>

#include "otpnet/net/decode_http.hpp"

// erts' HttpPacket decoding, one line at a time. Expected terms are what
// OTP 25's erlang:decode_packet(http_bin | httph_bin, Line, []) returns,
// printed as net::to_string prints them; test/fuzz/decode_http/run.sh
// compares the two on random lines.

using otpnet::net::decode_http;
using otpnet::net::http_header;
using otpnet::net::http_packet;
using otpnet::net::http_request;
using otpnet::net::http_uri;

namespace {

std::string start_line(const std::string& line) {
  bool in_headers = false;
  return to_string(decode_http(line, in_headers));
}

std::string header_line(const std::string& line) {
  bool in_headers = true;
  return to_string(decode_http(line, in_headers));
}

} // namespace

BOOST_AUTO_TEST_SUITE(decode_http_suite)

BOOST_AUTO_TEST_CASE(request_lines) {
  BOOST_TEST_MESSAGE("Ensure that request lines decode as erts decodes "
                     "them: known methods as atoms, others as strings, "
                     "HTTP/0.9 without a version");
  BOOST_TEST(start_line("GET / HTTP/1.1\r\n")
             == "{http_request,'GET',{abs_path,<<\"/\">>},{1,1}}");
  BOOST_TEST(start_line("get /x HTTP/1.0\r\n")
             == "{http_request,<<\"get\">>,{abs_path,<<\"/x\">>},{1,0}}");
  BOOST_TEST(start_line("PATCH\t /x  HTTP/10.20\n")
             == "{http_request,<<\"PATCH\">>,{abs_path,<<\"/x\">>},{10,20}}");
  BOOST_TEST(start_line("GET /\r\n")
             == "{http_request,'GET',{abs_path,<<\"/\">>},{0,9}}");
  // erts ignores what follows the minor version.
  BOOST_TEST(start_line("GET / HTTP/1.1junk\r\n")
             == "{http_request,'GET',{abs_path,<<\"/\">>},{1,1}}");
  for (auto m : {"OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE"}) {
    bool in_headers = false;
    auto p = decode_http(std::string{m} + " * HTTP/1.1\r\n", in_headers);
    auto* req = std::get_if<http_request>(&p);
    BOOST_TEST_REQUIRE(req != nullptr, m);
    BOOST_TEST(req->method.known, m);
    BOOST_TEST(req->method.text == m);
    BOOST_TEST((req->uri.type == http_uri::kind::star));
    BOOST_TEST(in_headers);
  }
}

BOOST_AUTO_TEST_CASE(request_uris) {
  BOOST_TEST_MESSAGE("Ensure that each HttpUri form decodes: '*', "
                     "absoluteURI with and without port, scheme, abs_path "
                     "and plain string");
  auto uri = [](const std::string& u) {
    return start_line("GET " + u + " HTTP/1.1\r\n");
  };
  auto in_request = [](const std::string& u) {
    return "{http_request,'GET'," + u + ",{1,1}}";
  };
  BOOST_TEST(uri("*") == in_request("'*'"));
  BOOST_TEST(uri("http://h:80")
             == in_request("{absoluteURI,http,<<\"h\">>,80,<<\"/\">>}"));
  BOOST_TEST(uri("HTTPS://Host/p?q")
             == in_request(
               "{absoluteURI,https,<<\"Host\">>,undefined,<<\"/p?q\">>}"));
  BOOST_TEST(uri("https://h:x/")
             == in_request("{absoluteURI,https,<<\"h\">>,undefined,<<\"/\">>}"));
  BOOST_TEST(uri("http://h:0/")
             == in_request("{absoluteURI,http,<<\"h\">>,undefined,<<\"/\">>}"));
  BOOST_TEST(uri("ftp:abc") == in_request("{scheme,<<\"ftp\">>,<<\"abc\">>}"));
  BOOST_TEST(uri("/a?b=c") == in_request("{abs_path,<<\"/a?b=c\">>}"));
  BOOST_TEST(uri("x") == in_request("{abs_path,<<\"x\">>}"));
  BOOST_TEST(uri("foo") == in_request("<<\"foo\">>"));
}

BOOST_AUTO_TEST_CASE(ipv6_hosts_in_absolute_uris) {
  BOOST_TEST_MESSAGE("Ensure that an IPv6 literal host keeps its brackets "
                     "and its port (OTP 26's decoding; OTP 25 cut the host "
                     "at its first colon)");
  auto uri = [](const std::string& u) {
    return start_line("GET " + u + " HTTP/1.1\r\n");
  };
  BOOST_TEST(uri("http://[::1]:4000/p")
             == "{http_request,'GET',{absoluteURI,http,<<\"[::1]\">>,4000,"
                "<<\"/p\">>},{1,1}}");
  BOOST_TEST(uri("http://[::1]/p")
             == "{http_request,'GET',{absoluteURI,http,<<\"[::1]\">>,"
                "undefined,<<\"/p\">>},{1,1}}");
  BOOST_TEST(uri("http://[::1]x:80")
             == "{http_request,'GET',{absoluteURI,http,<<\"[::1]\">>,"
                "undefined,<<\"/\">>},{1,1}}");
}

BOOST_AUTO_TEST_CASE(status_lines) {
  BOOST_TEST_MESSAGE("Ensure that status lines decode, with an empty "
                     "reason or status allowed, and malformed ones are "
                     "http_error");
  BOOST_TEST(start_line("HTTP/1.1 200 OK\r\n")
             == "{http_response,{1,1},200,<<\"OK\">>}");
  BOOST_TEST(start_line("HTTP/1.1 200\r\n")
             == "{http_response,{1,1},200,<<\"\">>}");
  BOOST_TEST(start_line("HTTP/1.0 404 Not Found\n")
             == "{http_response,{1,0},404,<<\"Not Found\">>}");
  BOOST_TEST(start_line("HTTP/1.1 \r\n")
             == "{http_response,{1,1},0,<<\"\">>}");
  for (auto bad : {"HTTP/1.1\r\n", "HTTP/1.1  Odd\r\n", "HTTP/1 200 OK\r\n", "HTTP/.1 200\r\n",
                   "HTTP/1.1 2x0 OK\r\n"}) {
    std::string text(bad, std::strlen(bad) - 2); // without CRLF
    BOOST_TEST(start_line(bad) == "{http_error,<<\"" + text + "\\r\\n\">>}",
               bad);
  }
}

BOOST_AUTO_TEST_CASE(bad_start_lines_are_http_errors) {
  BOOST_TEST_MESSAGE("Ensure that a start line erts cannot parse is "
                     "{http_error, Line} and leaves the state unchanged");
  for (auto bad : {"BAD\r\n", "G(T / HTTP/1.1\r\n", " GET / HTTP/1.1\r\n",
                   "GET / HTTQ/1.1\r\n", "GET / HTTP/x.1\r\n",
                   "GET / HTTP/1\r\n", "GET / HTTP/\r\n", "\r\n"}) {
    bool in_headers = false;
    auto p = decode_http(bad, in_headers);
    BOOST_TEST(to_string(p).rfind("{http_error,", 0) == 0, bad);
    BOOST_TEST(!in_headers, bad);
  }
}

BOOST_AUTO_TEST_CASE(numbers_that_overflow_are_refused) {
  BOOST_TEST_MESSAGE("Ensure that a version or status beyond INT_MAX is "
                     "http_error (erts wraps it around) and such a port is "
                     "undefined, while INT_MAX itself decodes");
  BOOST_TEST(start_line("GET / HTTP/99999999999.1\r\n")
             == "{http_error,<<\"GET / HTTP/99999999999.1\\r\\n\">>}");
  BOOST_TEST(start_line("HTTP/1.1 2147483648 x\r\n")
             == "{http_error,<<\"HTTP/1.1 2147483648 x\\r\\n\">>}");
  BOOST_TEST(start_line("HTTP/1.1 2147483647 x\r\n")
             == "{http_response,{1,1},2147483647,<<\"x\">>}");
  BOOST_TEST(start_line("GET http://h:4294967377/ HTTP/1.1\r\n")
             == "{http_request,'GET',{absoluteURI,http,<<\"h\">>,undefined,"
                "<<\"/\">>},{1,1}}");
}

BOOST_AUTO_TEST_CASE(header_lines) {
  BOOST_TEST_MESSAGE("Ensure that headers decode with erts' field table, "
                     "case normalisation, unmodified field and value");
  BOOST_TEST(header_line("content-type: text/html\r\n")
             == "{http_header,42,'Content-Type',<<\"content-type\">>,"
                "<<\"text/html\">>}");
  BOOST_TEST(header_line("WWW-Authenticate:x\r\n")
             == "{http_header,33,'Www-Authenticate',<<\"WWW-Authenticate\">>,"
                "<<\"x\">>}");
  BOOST_TEST(header_line("Cache-Control: a\n")
             == "{http_header,1,'Cache-Control',<<\"Cache-Control\">>,"
                "<<\"a\">>}");
  BOOST_TEST(header_line("proxy-connection: a\n")
             == "{http_header,52,'Proxy-Connection',<<\"proxy-connection\">>,"
                "<<\"a\">>}");
  BOOST_TEST(header_line("x-FOO-bar:  v\r\n more\r\n")
             == "{http_header,0,<<\"X-Foo-Bar\">>,<<\"x-FOO-bar\">>,"
                "<<\"v\\r\\n more\">>}");
  BOOST_TEST(header_line(": empty\r\n")
             == "{http_header,0,<<\"\">>,<<\"\">>,<<\"empty\">>}");
  BOOST_TEST(header_line("A:\r\n")
             == "{http_header,0,<<\"A\">>,<<\"A\">>,<<\"\">>}");
}

BOOST_AUTO_TEST_CASE(long_field_names_keep_their_case) {
  BOOST_TEST_MESSAGE("Ensure that a field name up to 50 characters is "
                     "normalised and a longer one is reported as received");
  std::string fifty = "x" + std::string(49, 'Y');
  bool in_headers = true;
  auto p = decode_http(fifty + ": v\r\n", in_headers);
  BOOST_TEST(std::get<http_header>(p).field.text
             == "X" + std::string(49, 'y'));
  auto q = decode_http(fifty + "Z: v\r\n", in_headers);
  BOOST_TEST(std::get<http_header>(q).field.text == fifty + "Z");
  BOOST_TEST(!std::get<http_header>(q).field.known);
}

BOOST_AUTO_TEST_CASE(end_of_headers_and_bad_headers) {
  BOOST_TEST_MESSAGE("Ensure that the empty line is http_eoh and ends the "
                     "headers; a header without a colon is http_error and "
                     "the headers go on");
  for (auto eoh : {"\r\n", "\n"}) {
    bool in_headers = true;
    BOOST_TEST(to_string(decode_http(eoh, in_headers)) == "http_eoh");
    BOOST_TEST(!in_headers);
  }
  for (auto bad : {"bad header\r\n", "nocolon\r\n", "(x): y\r\n"}) {
    bool in_headers = true;
    BOOST_TEST(to_string(decode_http(bad, in_headers)).rfind("{http_error,", 0)
                 == 0,
               bad);
    BOOST_TEST(in_headers, bad);
  }
}

BOOST_AUTO_TEST_CASE(printing_escapes_what_is_not_printable) {
  BOOST_TEST_MESSAGE("Ensure that to_string escapes quotes, backslashes, "
                     "control and high bytes");
  BOOST_TEST(to_string(http_packet{otpnet::net::http_error{
               std::string{"a\"\\\t\x01\xff", 6}}})
             == "{http_error,<<\"a\\\"\\\\\\t\\x01\\xFF\">>}");
}

BOOST_AUTO_TEST_SUITE_END()
