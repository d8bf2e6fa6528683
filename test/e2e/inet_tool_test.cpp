// tools/inet: its command line (parse_command, table-tested), its local
// commands' Erlang terms and exit statuses (run as a process), and the
// inspector end to end: echo_server --inspect-port, then `inet i` and
// `inet info` against it.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

#include <boost/test/unit_test.hpp>

#include <charconv>
#include <string>
#include <variant>
#include <vector>

#include <otpnet/inet/format_error.hpp>
#include <otpnet/inet/resolver.hpp>
#include <otpnet/inet/terms.hpp>

#include "e2e/sample_server.hpp"
#include "inet/command.hpp"

using namespace otpnet;
using namespace otpnet::e2e;
using tools::command;
using tools::command_error;

namespace {

const std::string inet_path = OTPNET_INET_TOOL_PATH;

std::variant<command, command_error>
parse(std::vector<const char*> args) {
  args.insert(args.begin(), "inet");
  return tools::parse_command(static_cast<int>(args.size()), args.data());
}

/// The error text, or "" if the line parsed.
std::string error_of(std::vector<const char*> args) {
  auto res = parse(std::move(args));
  auto* err = std::get_if<command_error>(&res);
  return err != nullptr ? err->what : std::string{};
}

run_result run_inet(std::vector<std::string> args) {
  auto res = run_to_end(inet_path, args, deadline_in(budget));
  BOOST_REQUIRE_MESSAGE(res, "inet did not finish in time");
  return std::move(*res);
}

/// Runs and checks one command's whole stdout and exit status.
void check(std::vector<std::string> args, const std::string& out,
           int status) {
  auto res = run_inet(args);
  std::string line;
  for (const auto& a : args)
    line += " " + a;
  BOOST_TEST(res.out == out, "inet" << line);
  BOOST_TEST(res.status == status, "inet" << line);
  BOOST_TEST(res.err.empty(), "inet" << line << ": " << res.err);
}

uint16_t local_port(int fd) {
  sockaddr_in sa{};
  socklen_t len = sizeof(sa);
  BOOST_REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len)
                == 0);
  return ntohs(sa.sin_port);
}

/// The number after "PROGRAM: inspection port " on stderr.
uint16_t inspection_port(child_process& proc) {
  auto line = proc.read_stderr_line(deadline_in(budget));
  BOOST_REQUIRE_MESSAGE(line, "no inspection line on stderr");
  constexpr std::string_view prefix = "echo_server: inspection port ";
  BOOST_REQUIRE_MESSAGE(line->rfind(prefix, 0) == 0, *line);
  unsigned port = 0;
  auto* first = line->data() + prefix.size();
  auto [ptr, ec] = std::from_chars(first, line->data() + line->size(), port);
  BOOST_REQUIRE(ec == std::errc{} && port > 0 && port < 65536);
  return static_cast<uint16_t>(port);
}

/// The line of `table` that contains `needle`, or "".
std::string line_with(const std::string& table, const std::string& needle) {
  auto at = table.find(needle);
  if (at == std::string::npos)
    return {};
  auto begin = table.rfind('\n', at);
  begin = begin == std::string::npos ? 0 : begin + 1;
  return table.substr(begin, table.find('\n', at) - begin);
}

} // namespace

BOOST_AUTO_TEST_SUITE(inet_tool_suite)

BOOST_AUTO_TEST_CASE(command_lines_parse_with_flags_before_the_command) {
  BOOST_TEST_MESSAGE("Ensure that flags, command and arguments parse, with "
                     "defaults host 127.0.0.1 and timeout 5000 ms");
  auto res = parse({"--host=::1", "--port", "4000", "--timeout", "250", "i",
                    "tcp", "[port,", "state]"});
  auto* cmd = std::get_if<command>(&res);
  BOOST_REQUIRE(cmd);
  BOOST_TEST(cmd->host == "::1");
  BOOST_TEST(cmd->port == 4000);
  BOOST_TEST(cmd->timeout_ms == 250);
  BOOST_TEST(cmd->name == "i");
  BOOST_TEST(cmd->args == (std::vector<std::string>{"tcp", "[port,", "state]"}));
  BOOST_TEST(tools::is_remote(*cmd));
  auto local = parse({"getaddrs", "localhost", "inet6"});
  auto* lc = std::get_if<command>(&local);
  BOOST_REQUIRE(lc);
  BOOST_TEST(lc->host == "127.0.0.1");
  BOOST_TEST(lc->timeout_ms == 5000);
  BOOST_TEST(!tools::is_remote(*lc));
  BOOST_TEST(std::get<command>(parse({"--help", "--bogus"})).help);
}

BOOST_AUTO_TEST_CASE(bad_command_lines_are_named) {
  BOOST_TEST_MESSAGE("Ensure that each kind of bad command line gets its own "
                     "one-line error");
  BOOST_TEST(error_of({}) == "missing command");
  BOOST_TEST(error_of({"--port", "1"}) == "missing command");
  BOOST_TEST(error_of({"frobnicate"}) == "unknown command 'frobnicate'");
  BOOST_TEST(error_of({"--verbose", "i"}) == "unknown flag '--verbose'");
  BOOST_TEST(error_of({"--port"}) == "missing value for --port");
  BOOST_TEST(error_of({"--port", "0", "i"})
             == "invalid value '0' for --port (expected 1..65535)");
  BOOST_TEST(error_of({"--port", "65536", "i"})
             == "invalid value '65536' for --port (expected 1..65535)");
  BOOST_TEST(error_of({"--host", "example.org", "i"})
             == "invalid value 'example.org' for --host (expected an IPv4 "
                "or IPv6 address)");
  BOOST_TEST(error_of({"--timeout", "0", "i"})
             == "invalid value '0' for --timeout (expected 1..3600000 ms)");
  BOOST_TEST(error_of({"gethostname", "x"})
             == "wrong number of arguments for gethostname");
  BOOST_TEST(error_of({"getaddr"}) == "wrong number of arguments for getaddr");
  BOOST_TEST(error_of({"getaddrs", "h", "inet6", "x"})
             == "wrong number of arguments for getaddrs");
  BOOST_TEST(error_of({"getaddr", "h", "inet7"})
             == "invalid family 'inet7' (expected inet or inet6)");
  BOOST_TEST(error_of({"i"}) == "i asks a running program: give its --port");
  BOOST_TEST(error_of({"--port", "9", "i", "tcp", "udp"})
             == "invalid arguments for i: 'tcp udp' (expected "
                "[tcp|udp|sctp] [show_ports|OPTION,...])");
  BOOST_TEST(error_of({"--port", "9", "info", "x"})
             == "invalid socket number 'x'");
  BOOST_TEST(error_of({"ntoa", "a\nb", "c"})
             == "wrong number of arguments for ntoa");
  BOOST_TEST(error_of({"--port", "9", "info", "\x01"})
             == "invalid socket number '?'");
}

BOOST_AUTO_TEST_CASE(local_commands_print_the_erlang_result) {
  BOOST_TEST_MESSAGE("Ensure that each local command prints its inet "
                     "function's result as the Erlang shell does (checked "
                     "against OTP 25) and exits 0 for ok, 1 for an error");
  check({"parse_address", "127.1"}, "{ok,{127,0,0,1}}\n", 0);
  check({"parse_strict_address", "127.1"}, "{error,einval}\n", 1);
  check({"parse_ipv4strict_address", "10.0.0.1"}, "{ok,{10,0,0,1}}\n", 0);
  check({"parse_ipv6_address", "127.0.0.1"},
        "{ok,{0,0,0,0,0,65535,32512,1}}\n", 0);
  check({"parse_ipv6strict_address", "fe80::1"},
        "{ok,{65152,0,0,0,0,0,0,1}}\n", 0);
  check({"parse_ipv4_address", "::1"}, "{error,einval}\n", 1);
  check({"ntoa", "{127,0,0,1}"}, "\"127.0.0.1\"\n", 0);
  check({"ntoa", "{0,0,0,0,0,65535,32512,1}"}, "\"::ffff:127.0.0.1\"\n", 0);
  check({"ntoa", "0:0::1"}, "\"::1\"\n", 0);
  check({"ntoa", "{1,2,3}"}, "{error,einval}\n", 1);
  check({"ntoa", "{256,0,0,1}"}, "{error,einval}\n", 1);
  check({"ntoa", "{1,2,3,4,}"}, "{error,einval}\n", 1);
  check({"ipv4_mapped_ipv6_address", "{127,0,0,1}"},
        "{0,0,0,0,0,65535,32512,1}\n", 0);
  check({"ipv4_mapped_ipv6_address", "{8193,3512,0,0,0,0,2,3}"},
        "{0,2,0,3}\n", 0);
  check({"ipv4_mapped_ipv6_address", "{1,2}"}, "{error,einval}\n", 1);
  check({"is_ip_address", "{ 10, 0, 0, 1 }"}, "true\n", 0);
  check({"is_ipv4_address", "{0,0,0,0,0,0,0,1}"}, "false\n", 1);
  check({"is_ipv6_address", "{0,0,0,0,0,0,0,1}"}, "true\n", 0);
  check({"is_ip_address", "127.0.0.1"}, "false\n", 1); // a string
  check({"is_ip_address", "{256,0,0,1}"}, "false\n", 1);
  check({"getaddr", "127.0.0.1"}, "{ok,{127,0,0,1}}\n", 0);
  check({"getaddrs", "::1", "inet6"}, "{ok,[{0,0,0,0,0,0,0,1}]}\n", 0);
  check({"getaddr", "::1", "inet"}, "{error,nxdomain}\n", 1);
  check({"gethostname"},
        "{ok," + inet::string_term(inet::gethostname()) + "}\n", 0);
  check({"format_error", "econnrefused"},
        inet::string_term(inet::format_error(errc::econnrefused)) + "\n", 0);
  check({"format_error", "no_such_reason"}, "\"unknown POSIX error\"\n", 0);
  // OTP 25's inet:get_rc() on this host, as its shell prints it.
  check({"get_rc"},
        "[{resolv_conf,\"/etc/resolv.conf\"},{hosts_file,\"/etc/hosts\"},"
        "{lookup,[native]}]\n",
        0);
  auto ifs = run_inet({"getifaddrs"});
  BOOST_TEST(ifs.status == 0);
  BOOST_TEST(ifs.out.rfind("{ok,[{\"lo\",[{flags,[up,loopback,running]}", 0)
               == 0,
             ifs.out);
  // getifaddrs([{netns, NS}]): a path that is no namespace fails as in OTP.
  check({"getifaddrs", "/nonexistent/netns"}, "{error,enoent}\n", 1);
  check({"getifaddrs", "/etc/hosts"}, "{error,einval}\n", 1);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2_with_one_line) {
  BOOST_TEST_MESSAGE("Ensure that a bad command line prints one stderr line "
                     "'inet: WHAT; try --help', nothing on stdout, exit 2; "
                     "--help documents every command and exits 0");
  auto bad = run_inet({"getaddr"});
  BOOST_TEST(bad.status == 2);
  BOOST_TEST(bad.out.empty());
  BOOST_TEST(bad.err == "inet: wrong number of arguments for getaddr; try "
                        "--help\n");
  auto help = run_inet({"--help"});
  BOOST_TEST(help.status == 0);
  for (auto* needle :
       {"parse_address", "parse_strict_address", "parse_ipv4_address",
        "parse_ipv4strict_address", "parse_ipv6_address",
        "parse_ipv6strict_address", "ntoa", "gethostname", "gethostbyname",
        "gethostbyaddr", "getaddr ", "getaddrs", "getifaddrs",
        "format_error", "get_rc", "ipv4_mapped_ipv6_address",
        "is_ip_address", "is_ipv4_address", "is_ipv6_address",
        "i [tcp|udp|sctp]", "info N", "--host", "--port", "--timeout",
        "--inspect-port", "Exit status"})
    BOOST_TEST(help.out.find(needle) != std::string::npos, needle);
}

BOOST_AUTO_TEST_CASE(i_and_info_inspect_a_running_echo_server) {
  BOOST_TEST_MESSAGE("Ensure that echo_server --inspect-port serves the "
                     "inspector: `inet i` lists a client's connection with "
                     "its addresses and state, `inet info` its map; a "
                     "server gone is one stderr line and exit 1");
  child_process proc{echo_server_path, {"--inspect-port", "0"}, true};
  auto iport = inspection_port(proc);
  auto port = proc.wait_listening(deadline_in(budget));
  BOOST_REQUIRE(port);
  auto client = tcp_client::connect(*port, deadline_in(budget));
  BOOST_REQUIRE(client);
  // An echo round trip: the server has accepted and handed it over.
  BOOST_REQUIRE(client->send_all("ping", deadline_in(budget)));
  BOOST_REQUIRE((client->recv_exact(4, deadline_in(budget)) == "ping"));
  auto peer = "localhost:" + std::to_string(local_port(client->fd()));
  auto ip = std::to_string(iport);
  auto table = run_inet({"--port", ip, "i", "tcp",
                         "[port,recv,sent,{foreign_address,true},state]"});
  BOOST_TEST(table.status == 0);
  BOOST_TEST(table.err.empty(), table.err);
  BOOST_TEST(table.out.rfind("Port Recv Sent Foreign Address", 0) == 0,
             table.out);
  auto row = line_with(table.out, peer);
  BOOST_REQUIRE_MESSAGE(!row.empty(), table.out);
  BOOST_TEST(row.find(" 4    4    ") != std::string::npos, row);
  BOOST_TEST(row.find("CONNECTED(O)") != std::string::npos, row);
  auto number = row.substr(0, row.find(' '));
  auto info = run_inet({"--port", ip, "info", number});
  BOOST_TEST(info.status == 0);
  BOOST_TEST(info.out.rfind("#{counters => #{", 0) == 0, info.out);
  BOOST_TEST(info.out.find("recv_oct => 4,") != std::string::npos, info.out);
  BOOST_TEST(info.out.find("states => [connected,open]}\n")
               != std::string::npos,
             info.out);
  auto gone = run_inet({"--port", ip, "info", "0"});
  BOOST_TEST(gone.status == 1);
  BOOST_TEST(gone.out == "{error,enoent}\n");
  proc.signal(SIGTERM);
  BOOST_REQUIRE((proc.wait_exit(deadline_in(budget)) == 0));
  auto refused = run_inet({"--port", ip, "i"});
  BOOST_TEST(refused.status == 1);
  BOOST_TEST(refused.out.empty());
  BOOST_TEST(refused.err
             == "inet: cannot connect to 127.0.0.1 port " + ip + ": "
                  + inet::format_error(errc::econnrefused) + "\n");
}

BOOST_AUTO_TEST_CASE(a_taken_inspect_port_stops_the_sample) {
  BOOST_TEST_MESSAGE("Ensure that echo_server exits 1 with one stderr line, "
                     "and without a listening line, when its --inspect-port "
                     "is taken");
  child_process first{echo_server_path, {"--inspect-port", "0"}, true};
  auto taken = std::to_string(inspection_port(first));
  auto res = run_to_end(echo_server_path, {"--inspect-port", taken},
                        deadline_in(budget));
  BOOST_REQUIRE(res);
  BOOST_TEST(res->status == 1);
  BOOST_TEST(res->out.empty());
  BOOST_TEST(res->err == "echo_server: cannot serve the inspection on "
                         "127.0.0.1 port " + taken + ": "
                           + inet::format_error(errc::eaddrinuse) + "\n");
}

BOOST_AUTO_TEST_SUITE_END()
