#include "otpnet/net/http_packet.hpp"

#include "erlang_terms.hpp"

namespace otpnet::net {

namespace {

// A binary as the shell prints it: <<"text">>.
void put_string(std::string& out, const std::string& s) {
  out += "<<";
  inet::detail::put_string_term(out, s);
  out += ">>";
}

void put_name(std::string& out, const http_name& name) {
  if (name.known)
    out += "'" + name.text + "'";
  else
    put_string(out, name.text);
}

void put_version(std::string& out, const http_version& v) {
  out += "{" + std::to_string(v.major) + "," + std::to_string(v.minor) + "}";
}

void put_uri(std::string& out, const http_uri& u) {
  switch (u.type) {
    case http_uri::kind::star:
      out += "'*'";
      return;
    case http_uri::kind::absolute_uri:
      out += "{absoluteURI," + u.scheme + ",";
      put_string(out, u.host);
      out += "," + (u.port ? std::to_string(*u.port) : "undefined") + ",";
      put_string(out, u.path);
      out += "}";
      return;
    case http_uri::kind::scheme:
      out += "{scheme,";
      put_string(out, u.scheme);
      out += ",";
      put_string(out, u.path);
      out += "}";
      return;
    case http_uri::kind::abs_path:
      out += "{abs_path,";
      put_string(out, u.path);
      out += "}";
      return;
    case http_uri::kind::string:
      put_string(out, u.path);
      return;
  }
}

struct printer {
  std::string& out;

  void operator()(const http_request& r) {
    out += "{http_request,";
    put_name(out, r.method);
    out += ",";
    put_uri(out, r.uri);
    out += ",";
    put_version(out, r.version);
    out += "}";
  }
  void operator()(const http_response& r) {
    out += "{http_response,";
    put_version(out, r.version);
    out += "," + std::to_string(r.status) + ",";
    put_string(out, r.reason);
    out += "}";
  }
  void operator()(const http_header& h) {
    out += "{http_header," + std::to_string(h.bit) + ",";
    put_name(out, h.field);
    out += ",";
    put_string(out, h.unmodified_field);
    out += ",";
    put_string(out, h.value);
    out += "}";
  }
  void operator()(const http_eoh&) {
    out += "http_eoh";
  }
  void operator()(const http_error& e) {
    out += "{http_error,";
    put_string(out, e.line);
    out += "}";
  }
};

} // namespace

std::string to_string(const http_packet& p) {
  std::string out;
  std::visit(printer{out}, p);
  return out;
}

} // namespace otpnet::net
