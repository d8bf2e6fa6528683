#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

#include <otpnet/inet/parse_address.hpp>

#include "common/cli.hpp"

using namespace otpnet;
using samples::cli_config;
using samples::cli_error;
using samples::parse_cli;

namespace {

std::variant<cli_config, cli_error>
parse(std::initializer_list<const char*> args, int default_acceptors = 1) {
  std::vector<const char*> argv{"echo_server"};
  argv.insert(argv.end(), args.begin(), args.end());
  return parse_cli(static_cast<int>(argv.size()), argv.data(),
                   default_acceptors);
}

cli_config ok(std::initializer_list<const char*> args,
              int default_acceptors = 1) {
  auto res = parse(args, default_acceptors);
  if (auto* err = std::get_if<cli_error>(&res))
    BOOST_FAIL("unexpected error: " << err->what);
  return std::get<cli_config>(res);
}

/// The error text, or "" if the line parsed.
std::string error_of(std::initializer_list<const char*> args) {
  auto res = parse(args);
  auto* err = std::get_if<cli_error>(&res);
  return err != nullptr ? err->what : std::string{};
}

inet::active active_of(const char* value) {
  return ok({"--active", value}).active;
}

} // namespace

BOOST_AUTO_TEST_SUITE(parse_cli_suite)

BOOST_AUTO_TEST_CASE(defaults_follow_the_contract) {
  BOOST_TEST_MESSAGE("Ensure that an empty command line gives host "
                     "127.0.0.1, port 0, packet raw, active once, the "
                     "sample's own acceptor count and no max-packet");
  for (int def : {1, 8}) {
    auto cfg = ok({}, def);
    BOOST_TEST(cfg.host == "127.0.0.1");
    BOOST_TEST((cfg.address == inet::ip_address::loopback_v4()));
    BOOST_TEST(cfg.port == 0);
    BOOST_TEST((cfg.packet == net::packet_type::raw));
    BOOST_TEST((cfg.active == inet::active{inet::once}));
    BOOST_TEST(cfg.acceptors == def);
    BOOST_TEST(cfg.max_packet == 0);
    BOOST_TEST(!cfg.help);
  }
}

BOOST_AUTO_TEST_CASE(every_flag_is_accepted_in_both_spellings) {
  BOOST_TEST_MESSAGE("Ensure that every flag works as '--flag value' and "
                     "as '--flag=value'");
  auto a = ok({"--host", "::1", "--port", "8080", "--packet", "line",
               "--active", "false", "--acceptors", "4", "--max-packet",
               "1000"});
  auto b = ok({"--host=::1", "--port=8080", "--packet=line", "--active=false",
               "--acceptors=4", "--max-packet=1000"});
  for (auto* cfg : {&a, &b}) {
    BOOST_TEST(cfg->host == "::1");
    BOOST_TEST((cfg->address == inet::ip_address::loopback_v6()));
    BOOST_TEST(cfg->port == 8080);
    BOOST_TEST((cfg->packet == net::packet_type::line));
    BOOST_TEST((cfg->active == inet::active{false}));
    BOOST_TEST(cfg->acceptors == 4);
    BOOST_TEST(cfg->max_packet == 1000);
  }
}

BOOST_AUTO_TEST_CASE(packet_types_map_to_erlang_packet_options) {
  BOOST_TEST_MESSAGE("Ensure that --packet takes exactly raw, 1, 2, 4 and "
                     "line");
  BOOST_TEST((ok({"--packet", "raw"}).packet == net::packet_type::raw));
  BOOST_TEST((ok({"--packet", "1"}).packet == net::packet_type::p1));
  BOOST_TEST((ok({"--packet", "2"}).packet == net::packet_type::p2));
  BOOST_TEST((ok({"--packet", "4"}).packet == net::packet_type::p4));
  BOOST_TEST((ok({"--packet", "line"}).packet == net::packet_type::line));
  for (auto* bad : {"0", "3", "8", "LINE", "http", "", " 2"})
    BOOST_TEST(!error_of({"--packet", bad}).empty(), "--packet " << bad);
}

BOOST_AUTO_TEST_CASE(active_accepts_true_false_once_and_the_erlang_range) {
  BOOST_TEST_MESSAGE("Ensure that --active takes true, false, once and N in "
                     "-32768..32767, and nothing else");
  BOOST_TEST((active_of("true") == inet::active{true}));
  BOOST_TEST((active_of("false") == inet::active{false}));
  BOOST_TEST((active_of("once") == inet::active{inet::once}));
  BOOST_TEST((active_of("5") == inet::active{5}));
  BOOST_TEST((active_of("0") == inet::active{0}));
  BOOST_TEST((active_of("-32768") == inet::active{-32768}));
  BOOST_TEST((active_of("32767") == inet::active{32767}));
  for (auto* bad : {"32768", "-32769", "yes", "TRUE", "", "1x", "+3",
                    "99999999999999999999"})
    BOOST_TEST(!error_of({"--active", bad}).empty(), "--active " << bad);
}

BOOST_AUTO_TEST_CASE(numbers_are_range_checked) {
  BOOST_TEST_MESSAGE("Ensure that --port, --acceptors and --max-packet "
                     "reject values outside their ranges and non-numbers");
  BOOST_TEST(ok({"--port", "65535"}).port == 65535);
  BOOST_TEST(ok({"--acceptors", "1"}).acceptors == 1);
  BOOST_TEST(ok({"--acceptors", "1024"}).acceptors == 1024);
  BOOST_TEST(ok({"--max-packet", "0"}).max_packet == 0);
  BOOST_TEST(ok({"--max-packet", "2147483647"}).max_packet == 2147483647);
  for (auto* bad : {"65536", "-1", "abc", "", "80x", "0x50"})
    BOOST_TEST(!error_of({"--port", bad}).empty(), "--port " << bad);
  for (auto* bad : {"0", "-2", "1025", "many"})
    BOOST_TEST(!error_of({"--acceptors", bad}).empty(), "--acceptors " << bad);
  for (auto* bad : {"-1", "2147483648", "1k"})
    BOOST_TEST(!error_of({"--max-packet", bad}).empty(),
               "--max-packet " << bad);
}

BOOST_AUTO_TEST_CASE(host_must_be_an_ip_address) {
  BOOST_TEST_MESSAGE("Ensure that --host takes IPv4 and IPv6 addresses as "
                     "inet:parse_address does, and no host names");
  BOOST_TEST((ok({"--host", "0.0.0.0"}).address
              == inet::ip_address::any_v4()));
  BOOST_TEST(ok({"--host", "::"}).address.is_v6());
  BOOST_TEST((ok({"--host", "10.1.2.3"}).address
              == *inet::parse_address("10.1.2.3")));
  for (auto* bad : {"localhost", "", "1.2.3.4.5", "300.1.1.1", ":::"})
    BOOST_TEST(!error_of({"--host", bad}).empty(), "--host " << bad);
}

BOOST_AUTO_TEST_CASE(bad_command_lines_say_what_is_wrong) {
  BOOST_TEST_MESSAGE("Ensure that unknown flags, missing values, stray "
                     "arguments and --help=x are errors naming the problem");
  BOOST_TEST(error_of({"--bogus", "1"}) == "unknown flag '--bogus'");
  BOOST_TEST(error_of({"--bogus"}) == "unknown flag '--bogus'");
  BOOST_TEST(error_of({"--port"}) == "missing value for --port");
  BOOST_TEST(error_of({"--port=65536"})
             == "invalid value '65536' for --port (expected 0..65535)");
  BOOST_TEST(error_of({"8080"}) == "unexpected argument '8080'");
  BOOST_TEST(error_of({"-p", "1"}) == "unexpected argument '-p'");
  BOOST_TEST(error_of({"--"}) == "unexpected argument '--'");
  BOOST_TEST(error_of({"--help=yes"}) == "--help takes no value");
  // A value with a newline must not break the one-line error.
  BOOST_TEST(error_of({"--host", "a\nb"}).find('\n') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(help_wins_and_the_last_value_wins) {
  BOOST_TEST_MESSAGE("Ensure that --help anywhere asks for help, and that a "
                     "repeated flag keeps its last value");
  BOOST_TEST(ok({"--help"}).help);
  BOOST_TEST(ok({"--port", "1", "--help", "--bogus"}).help);
  BOOST_TEST(ok({"--port", "1", "--port=2"}).port == 2);
}

BOOST_AUTO_TEST_CASE(inspect_port_is_optional_and_checked) {
  BOOST_TEST_MESSAGE("Ensure that --inspect-port is off by default, takes "
                     "0..65535 and refuses anything else");
  BOOST_TEST(!ok({}).inspect_port.has_value());
  BOOST_TEST((ok({"--inspect-port", "0"}).inspect_port == uint16_t{0}));
  BOOST_TEST((ok({"--inspect-port=65535"}).inspect_port == uint16_t{65535}));
  for (auto* bad : {"-1", "65536", "x", "", "1 ", "+5"})
    BOOST_TEST(error_of({"--inspect-port", bad})
                 == "invalid value '" + std::string{bad}
                      + "' for --inspect-port (expected 0..65535)",
               "--inspect-port " << bad);
  BOOST_TEST(error_of({"--inspect-port"}) == "missing value for "
                                             "--inspect-port");
}

BOOST_AUTO_TEST_CASE(error_line_and_usage_follow_the_contract) {
  BOOST_TEST_MESSAGE("Ensure that a usage error reads 'PROGRAM: WHAT; try "
                     "--help' and that the usage documents every flag");
  BOOST_TEST(samples::error_line("echo_server", cli_error{"unknown flag "
                                                          "'--x'"})
             == "echo_server: unknown flag '--x'; try --help");
  BOOST_TEST(samples::program_name("/usr/bin/echo_server") == "echo_server");
  BOOST_TEST(samples::program_name("acceptor_pool") == "acceptor_pool");
  auto text = samples::usage("acceptor_pool", 8);
  for (auto* needle :
       {"acceptor_pool", "--host", "--port", "--packet", "--active",
        "--acceptors", "--max-packet", "--inspect-port", "--help",
        "raw|1|2|4|line",
        "true|false|once|N", "(default 8)", "listening PORT", "SIGTERM"})
    BOOST_TEST(text.find(needle) != std::string::npos, needle);
}

BOOST_AUTO_TEST_SUITE_END()
