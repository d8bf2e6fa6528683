// Fuzz target: inet:i/0..2's arguments as text (inet::parse_i_args), which
// the inspection endpoint reads from any client that connects to it.
//
// Properties: any bytes give arguments or einval; arguments name at least
// one protocol (all three, or the one named first) and at least one
// column; written back as text they parse to the same arguments, with
// blanks added around and inside the list or not.

#include <string>
#include <string_view>

#include "fuzz/fuzz_input.hpp"
#include "fuzz/fuzz_targets.hpp"

#include "otpnet/inet/i_args.hpp"

namespace otpnet::fuzz {

namespace {

using inet::i_field;

std::string_view field_name(i_field f) {
  switch (f) {
    case i_field::port:
      return "port";
    case i_field::module:
      return "module";
    case i_field::recv:
      return "recv";
    case i_field::sent:
      return "sent";
    case i_field::owner:
      return "owner";
    case i_field::local_address:
      return "local_address";
    case i_field::foreign_address:
      return "foreign_address";
    case i_field::state:
      return "state";
    case i_field::type:
      return "type";
  }
  return "?";
}

bool has_flag(i_field f) {
  return f == i_field::local_address || f == i_field::foreign_address;
}

/// `args` as the text parse_i_args takes; `gap` goes after each comma.
std::string text_of(const inet::i_args& args, std::string_view gap) {
  std::string out;
  if (args.protocols.size() == 1) {
    switch (args.protocols.front()) {
      case inet::socket_protocol::tcp:
        out = "tcp ";
        break;
      case inet::socket_protocol::udp:
        out = "udp ";
        break;
      case inet::socket_protocol::sctp:
        out = "sctp ";
        break;
    }
  }
  out += '[';
  for (size_t i = 0; i < args.items.size(); ++i) {
    if (i > 0) {
      out += ',';
      out += gap;
    }
    auto& x = args.items[i];
    if (has_flag(x.field)) {
      out += '{';
      out += field_name(x.field);
      out += x.show_ports ? ",true}" : ",false}";
    } else {
      out += field_name(x.field);
    }
  }
  out += ']';
  return out;
}

bool same(const inet::i_args& x, const inet::i_args& y) {
  if (x.protocols != y.protocols || x.items.size() != y.items.size())
    return false;
  for (size_t i = 0; i < x.items.size(); ++i) {
    auto& a = x.items[i];
    auto& b = y.items[i];
    // show_ports means nothing for a column without an address.
    if (a.field != b.field
        || (has_flag(a.field) && a.show_ports != b.show_ports))
      return false;
  }
  return true;
}

} // namespace

void i_args_target(const uint8_t* data, std::size_t size) {
  input in{data, size};
  auto text = in.rest();
  auto r = inet::parse_i_args(text);
  if (!r) {
    check(r.error() == errc::einval, "bad arguments are einval");
    return;
  }
  check(!r->protocols.empty() && r->protocols.size() != 2,
        "all three protocols or the one named");
  check(!r->items.empty(), "at least one column");
  for (auto gap : {"", " "}) {
    auto back = inet::parse_i_args(text_of(*r, gap));
    check(back.has_value(), "the arguments written back parse");
    check(same(*r, *back), "the arguments written back are the same");
    auto padded = inet::parse_i_args(" \t" + text_of(*r, gap) + "\r\n");
    check(padded.has_value() && same(*r, *padded),
          "blanks around the arguments change nothing");
  }
}

} // namespace otpnet::fuzz
