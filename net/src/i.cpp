#include <otpnet/inet/i.hpp>

#include <algorithm>
#include <array>

#include <netdb.h>
#include <netinet/in.h>

#include <otpnet/inet/parse_address.hpp>

namespace otpnet::inet {

namespace {

constexpr std::array<std::string_view, 10> state_names{{
  "accepting", "bound", "busy", "closed", "connected", "connecting",
  "listen", "listening", "open", "selected",
}};

// fmt_status3/1.
constexpr std::array<std::string_view, 10> state_short{{
  "A", "BD", "BY", "CLOSED", "CD", "CG", "LN", "LG", "O", "SD",
}};

constexpr std::array<std::string_view, 9> field_names{{
  "port", "module", "recv", "sent", "owner", "local_address",
  "foreign_address", "state", "type",
}};

using S = socket_state;

bool starts_with(const std::vector<S>& xs, std::initializer_list<S> prefix) {
  return xs.size() >= prefix.size()
         && std::equal(prefix.begin(), prefix.end(), xs.begin());
}

// "local_address" -> "Local Address" (h_field/1).
std::string heading(i_field f) {
  std::string out;
  bool upper = true;
  for (char c : field_names[static_cast<size_t>(f)]) {
    if (c == '_') {
      out += ' ';
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A')
                                         : c;
    upper = false;
  }
  return out;
}

std::string service_name(uint16_t port, socket_protocol proto) {
  if (proto == socket_protocol::sctp)
    return std::to_string(port);
  const char* pname = proto == socket_protocol::udp ? "udp" : "tcp";
  servent ent{};
  servent* res = nullptr;
  char buf[1024];
  if (getservbyport_r(htons(port), pname, &ent, buf, sizeof(buf), &res) == 0
      && res != nullptr && res->s_name != nullptr)
    return res->s_name;
  return std::to_string(port);
}

std::string cell(const i_row& row, const i_item& item,
                 socket_protocol proto) {
  switch (item.field) {
    case i_field::port:
      return std::to_string(row.port);
    case i_field::module:
      return row.module;
    case i_field::recv:
      return std::to_string(row.recv);
    case i_field::sent:
      return std::to_string(row.sent);
    case i_field::owner:
      return "<0." + std::to_string(row.owner) + ".0>";
    case i_field::local_address:
      return fmt_addr(row.local, proto, item.show_ports);
    case i_field::foreign_address:
      return fmt_addr(row.foreign, proto, item.show_ports);
    case i_field::state:
      return fmt_status(row.states);
    case i_field::type:
      return row.type;
  }
  return " ";
}

} // namespace

std::string_view to_string(socket_state x) {
  auto i = static_cast<size_t>(x);
  return i < state_names.size() ? state_names[i] : "unknown";
}

std::string fmt_status(std::vector<socket_state> xs) {
  std::sort(xs.begin(), xs.end());
  if (starts_with(xs, {S::accepting}))
    return "ACCEPTING";
  if (starts_with(xs, {S::bound, S::busy, S::connected}))
    return "CONNECTED(BB)";
  if (starts_with(xs, {S::bound, S::connected}))
    return "CONNECTED(B)";
  if (starts_with(xs, {S::bound, S::listen, S::listening}))
    return "LISTENING";
  if (starts_with(xs, {S::bound, S::listen}))
    return "LISTEN";
  if (starts_with(xs, {S::bound, S::connecting}))
    return "CONNECTING";
  if (xs == std::vector<S>{S::bound, S::open})
    return "BOUND";
  if (xs == std::vector<S>{S::connected, S::open})
    return "CONNECTED(O)";
  if (xs == std::vector<S>{S::open})
    return "IDLE";
  if (xs.empty())
    return "CLOSED";
  std::string out;
  for (auto x : xs) {
    if (!out.empty())
      out += ':';
    auto i = static_cast<size_t>(x);
    out += i < state_short.size() ? state_short[i] : "?";
  }
  return out;
}

std::vector<i_item> all_i_items(bool show_ports) {
  std::vector<i_item> out;
  for (size_t i = 0; i < field_names.size(); ++i)
    out.emplace_back(static_cast<i_field>(i), show_ports);
  return out;
}

std::string fmt_addr(const net::result<socket_address>& addr,
                     socket_protocol proto, bool show_ports) {
  if (!addr)
    return addr.error() == errc::enotconn ? "*:*" : " ";
  if (addr->local)
    return "local:" + addr->local->path;
  auto port = show_ports ? std::to_string(addr->port)
                         : service_name(addr->port, proto);
  const auto& ip = addr->addr;
  if (ip == ip_address::any_v4() || ip == ip_address::any_v6())
    return "*:" + port;
  if (ip == ip_address::loopback_v4() || ip == ip_address::loopback_v6())
    return "localhost:" + port;
  return ntoa(ip) + ":" + port;
}

std::string format_i(const std::vector<i_row>& rows,
                     const std::vector<i_item>& items, socket_protocol proto) {
  if (rows.empty())
    return {};
  std::vector<std::vector<std::string>> lines;
  lines.reserve(rows.size() + 1);
  std::vector<std::string> head;
  for (const auto& item : items)
    head.push_back(heading(item.field));
  lines.push_back(std::move(head));
  for (const auto& row : rows) {
    std::vector<std::string> line;
    for (const auto& item : items)
      line.push_back(cell(row, item, proto));
    lines.push_back(std::move(line));
  }
  std::vector<size_t> width(items.size(), 0);
  for (const auto& line : lines)
    for (size_t i = 0; i < line.size(); ++i)
      width[i] = std::max(width[i], line[i].size());
  std::string out;
  for (const auto& line : lines) {
    for (size_t i = 0; i < line.size(); ++i) {
      out += line[i];
      out.append(width[i] - line[i].size() + 1, ' ');
    }
    out += '\n';
  }
  return out;
}

} // namespace otpnet::inet
