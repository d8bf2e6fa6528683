#include "otpnet/testing/expectations.hpp"

#include <boost/test/unit_test.hpp>

namespace otpnet::testing {

bool message_pattern::matches(const recorded_message& x) const {
  if (!tag.empty() && tag != x.tag)
    return false;
  if (socket && *socket != x.socket)
    return false;
  if (data && *data != x.data)
    return false;
  if (reason && *reason != x.reason)
    return false;
  if (text && *text != x.text)
    return false;
  return true;
}

std::string message_pattern::to_string() const {
  if (tag.empty())
    return "_";
  auto sock = socket ? "#Socket<" + std::to_string(*socket) + ">" : "_";
  if (tag == "tcp")
    return "{tcp," + sock + "," + (data ? printable(*data) : "_") + "}";
  if (tag == "udp")
    return "{udp," + sock + ",_,_," + (data ? printable(*data) : "_") + "}";
  if (tag == "http")
    return "{http," + sock + "," + (data ? *data : "_") + "}";
  if (tag == "tcp_error" || tag == "udp_error" || tag == "DOWN") {
    auto r = reason ? std::string{to_atom(*reason)} : "_";
    if (tag == "DOWN")
      return "{'DOWN',_,port," + sock + "," + r + "}";
    return "{" + tag + "," + sock + "," + r + "}";
  }
  if (tag == "select" || tag == "abort") {
    auto s = socket ? "{'$socket'," + std::to_string(*socket) + "}" : "_";
    auto h = data ? *data : "_";
    if (tag == "select")
      return "{'$socket'," + s + ",select," + h + "}";
    auto r = reason ? std::string{to_atom(*reason)} : "_";
    return "{'$socket'," + s + ",abort,{" + h + "," + r + "}}";
  }
  if (tag == "other")
    return text ? *text : "_";
  return "{" + tag + "," + sock + "}";
}

message_pattern tcp(std::string_view data) {
  return {"tcp", std::nullopt, std::string{data}, std::nullopt, std::nullopt};
}

message_pattern tcp(const otpnet::socket& s, std::string_view data) {
  return {"tcp", s.id(), std::string{data}, std::nullopt, std::nullopt};
}

message_pattern http(const net::http_packet& packet) {
  return {"http", std::nullopt, net::to_string(packet), std::nullopt,
          std::nullopt};
}

message_pattern http(const otpnet::socket& s, const net::http_packet& packet) {
  return {"http", s.id(), net::to_string(packet), std::nullopt, std::nullopt};
}

message_pattern tcp_closed() {
  return {"tcp_closed", std::nullopt, std::nullopt, std::nullopt,
          std::nullopt};
}

message_pattern tcp_closed(const otpnet::socket& s) {
  return {"tcp_closed", s.id(), std::nullopt, std::nullopt, std::nullopt};
}

message_pattern tcp_error(errc reason) {
  return {"tcp_error", std::nullopt, std::nullopt, reason, std::nullopt};
}

message_pattern tcp_error(const otpnet::socket& s, errc reason) {
  return {"tcp_error", s.id(), std::nullopt, reason, std::nullopt};
}

message_pattern tcp_passive() {
  return {"tcp_passive", std::nullopt, std::nullopt, std::nullopt,
          std::nullopt};
}

message_pattern tcp_passive(const otpnet::socket& s) {
  return {"tcp_passive", s.id(), std::nullopt, std::nullopt, std::nullopt};
}

message_pattern udp(std::string_view data) {
  return {"udp", std::nullopt, std::string{data}, std::nullopt, std::nullopt};
}

message_pattern udp(const otpnet::socket& s, std::string_view data) {
  return {"udp", s.id(), std::string{data}, std::nullopt, std::nullopt};
}

message_pattern sock_select(const sock::socket& s,
                            const sock::select_info& i) {
  return {"select", s.id(), std::to_string(i.handle), std::nullopt,
          std::nullopt};
}

message_pattern sock_abort(const sock::socket& s, const sock::select_info& i,
                           errc reason) {
  return {"abort", s.id(), std::to_string(i.handle), reason, std::nullopt};
}

message_pattern udp_passive() {
  return {"udp_passive", std::nullopt, std::nullopt, std::nullopt,
          std::nullopt};
}

message_pattern udp_passive(const otpnet::socket& s) {
  return {"udp_passive", s.id(), std::nullopt, std::nullopt, std::nullopt};
}

message_pattern udp_error(errc reason) {
  return {"udp_error", std::nullopt, std::nullopt, reason, std::nullopt};
}

message_pattern udp_error(const otpnet::socket& s, errc reason) {
  return {"udp_error", s.id(), std::nullopt, reason, std::nullopt};
}

message_pattern inet_down(errc info) {
  return {"DOWN", std::nullopt, std::nullopt, info, std::nullopt};
}

message_pattern inet_down(const otpnet::socket& s, errc info) {
  return {"DOWN", s.id(), std::nullopt, info, std::nullopt};
}

message_pattern other(std::string text) {
  return {"other", std::nullopt, std::nullopt, std::nullopt, std::move(text)};
}

message_pattern any_message() {
  return {};
}

namespace detail {

bool report(bool ok, const std::string& message, const char* file, int line) {
  namespace tt = boost::test_tools::tt_detail;
  BOOST_TEST_PASSPOINT();
  tt::report_assertion(ok, BOOST_TEST_LAZY_MSG(message),
                       boost::unit_test::const_string{file},
                       static_cast<std::size_t>(line), tt::CHECK,
                       tt::CHECK_MSG, 0);
  return ok;
}

} // namespace detail

std::string describe_mismatch(const std::vector<message_pattern>& expected,
                              const std::vector<recorded_message>& arrived,
                              size_t first_bad) {
  std::string out = "message " + std::to_string(first_bad + 1)
                    + " differs\n  expected, in order:";
  for (size_t i = 0; i < expected.size(); ++i)
    out += std::string{"\n    "} + (i == first_bad ? "> " : "  ")
           + expected[i].to_string();
  out += "\n  arrived, in order:";
  if (arrived.empty())
    out += "\n      (nothing)";
  for (size_t i = 0; i < arrived.size(); ++i)
    out += std::string{"\n    "} + (i == first_bad ? "> " : "  ")
           + arrived[i].text;
  if (first_bad >= arrived.size())
    out += "\n    > (nothing more arrived)";
  return out;
}

namespace {

std::vector<recorded_message> after_cursor(probe& p) {
  auto all = p.messages();
  auto from = std::min(p.cursor(), all.size());
  return {all.begin() + static_cast<std::ptrdiff_t>(from), all.end()};
}

std::string story(driver* drv) {
  return drv != nullptr ? "\n  trace of the run:\n" + drv->log().dump()
                        : std::string{};
}

} // namespace

bool expect_messages(probe& p, std::vector<message_pattern> expected,
                     const char* file, int line) {
  auto* drv = p.get_driver();
  auto start = p.cursor();
  if (drv != nullptr)
    drv->run_until([&] { return p.count() >= start + expected.size(); });
  auto got = after_cursor(p);
  size_t bad = expected.size();
  for (size_t i = 0; i < expected.size(); ++i) {
    if (i >= got.size() || !expected[i].matches(got[i])) {
      bad = i;
      break;
    }
  }
  bool ok = bad == expected.size();
  std::string msg;
  if (!ok) {
    // Show a few messages beyond what was expected too: they often tell
    // what went wrong (a tcp_closed instead of the data, ...).
    got.resize(std::min(got.size(), expected.size() + 3));
    msg = "probe " + p.name() + ": "
          + describe_mismatch(expected, got, bad) + story(drv);
  }
  p.set_cursor(std::min(start + expected.size(), p.count()));
  if (ok)
    msg = "probe " + p.name() + " got the expected messages";
  return detail::report(ok, msg, file, line);
}

bool expect_data(probe& p, std::string_view bytes, const char* file,
                 int line) {
  auto* drv = p.get_driver();
  auto start = p.cursor();
  auto collected = [&] {
    std::string out;
    size_t used = 0;
    for (auto& m : after_cursor(p)) {
      if (m.tag != "tcp" || out.size() >= bytes.size())
        break;
      out += m.data;
      ++used;
    }
    return std::make_pair(out, used);
  };
  if (drv != nullptr)
    drv->run_until([&] {
      auto [out, used] = collected();
      static_cast<void>(used);
      return out.size() >= bytes.size()
             || after_cursor(p).size() > used; // something else came first
    });
  auto [out, used] = collected();
  bool ok = out == bytes;
  p.set_cursor(start + used);
  std::string msg;
  if (!ok) {
    auto rest = after_cursor(p);
    msg = "probe " + p.name() + ": tcp data should be "
          + printable(bytes, 200) + "\n  but was " + printable(out, 200);
    if (!rest.empty())
      msg += "\n  followed by " + rest.front().text;
    msg += story(drv);
  }
  if (ok)
    msg = "probe " + p.name() + " got the expected data";
  return detail::report(ok, msg, file, line);
}

bool expect_no_more(probe& p, const char* file, int line) {
  auto* drv = p.get_driver();
  if (drv != nullptr)
    drv->settle();
  auto got = after_cursor(p);
  bool ok = got.empty();
  std::string msg;
  if (!ok) {
    msg = "probe " + p.name() + ": expected no more messages, but arrived:";
    for (auto& m : got)
      msg += "\n    " + m.text;
    msg += story(drv);
  }
  p.set_cursor(p.count());
  if (ok)
    msg = "probe " + p.name() + " got nothing more";
  return detail::report(ok, msg, file, line);
}

} // namespace otpnet::testing
