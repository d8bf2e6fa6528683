#include "otpnet/net/decode_http.hpp"

#include <array>
#include <climits>
#include <cstdint>
#include <cstring>

// Mirrors erts' packet_parser.c (packet_get_length for the http types,
// packet_parse_http, http_parse_uri) step by step, so that every line
// decodes as OTP decodes it; the fuzz comparison checks that.

namespace otpnet::net {

namespace {

constexpr std::ptrdiff_t need_more = 0;
constexpr std::ptrdiff_t invalid = -1;

// Longer field names are reported as received, without case changes.
constexpr std::size_t max_name_len = 50;

// erts' header table; a known field's bit is its position + 1.
constexpr std::array<const char*, 52> known_fields = {
  "Cache-Control",       "Connection",         "Date",
  "Pragma",              "Transfer-Encoding",  "Upgrade",
  "Via",                 "Accept",             "Accept-Charset",
  "Accept-Encoding",     "Accept-Language",    "Authorization",
  "From",                "Host",               "If-Modified-Since",
  "If-Match",            "If-None-Match",      "If-Range",
  "If-Unmodified-Since", "Max-Forwards",       "Proxy-Authorization",
  "Range",               "Referer",            "User-Agent",
  "Age",                 "Location",           "Proxy-Authenticate",
  "Public",              "Retry-After",        "Server",
  "Vary",                "Warning",            "Www-Authenticate",
  "Allow",               "Content-Base",       "Content-Encoding",
  "Content-Language",    "Content-Length",     "Content-Location",
  "Content-Md5",         "Content-Range",      "Content-Type",
  "Etag",                "Expires",            "Last-Modified",
  "Accept-Ranges",       "Set-Cookie",         "Set-Cookie2",
  "X-Forwarded-For",     "Cookie",             "Keep-Alive",
  "Proxy-Connection",
};

constexpr std::array<const char*, 7> known_methods = {
  "OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE",
};

bool is_sp(char c) {
  return c == ' ' || c == '\t';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// RFC 2616 separators, controls and non-ASCII; DEL (127) is not one in
// erts' table.
bool is_tspecial(char ch) {
  auto c = static_cast<unsigned char>(ch);
  if (c <= 32 || c >= 128)
    return true;
  return std::strchr("()<>@,;:\\\"/[]?={}", c) != nullptr;
}

// A cursor over the rest of the line, as erts' (ptr, n) pair.
struct cursor {
  const char* ptr;
  std::size_t n;

  bool at(bool (*pred)(char)) const {
    return n > 0 && pred(*ptr);
  }
  void skip() {
    ++ptr;
    --n;
  }
  void skip_sp() {
    while (at(is_sp))
      skip();
  }
  // erts accumulates digits in a C int; otpnet refuses what overflows it
  // instead of wrapping around.
  bool digits(int& out, bool& overflow) {
    const char* start = ptr;
    int64_t v = 0;
    while (at(is_digit)) {
      if (v <= INT_MAX)
        v = v * 10 + (*ptr - '0');
      skip();
    }
    overflow = v > INT_MAX;
    out = overflow ? 0 : static_cast<int>(v);
    return ptr != start;
  }
};

// "Major.Minor" with at least one digit on each side.
bool parse_version(cursor& c, http_version& v) {
  bool overflow = false;
  if (!c.digits(v.major, overflow) || overflow || c.n == 0 || *c.ptr != '.')
    return false;
  c.skip();
  return c.digits(v.minor, overflow) && !overflow;
}

std::optional<int> parse_port(const char* p, std::size_t n) {
  cursor c{p, n};
  int port = 0;
  bool overflow = false;
  c.digits(port, overflow);
  if (c.n == 0 && port != 0 && !overflow)
    return port;
  return std::nullopt;
}

// host [":" port] [abs_path], after "http://" or "https://".
void parse_absolute_uri(http_uri& uri, const char* s, std::size_t len) {
  if (const void* slash = std::memchr(s, '/', len); slash == nullptr) {
    uri.path = "/";
  } else {
    auto at = static_cast<std::size_t>(static_cast<const char*>(slash) - s);
    uri.path.assign(s + at, len - at);
    len = at;
  }
  const void* colon = std::memchr(s, ':', len);
  const void* close = len > 0 && s[0] == '[' ? std::memchr(s, ']', len)
                                             : nullptr;
  if (colon == nullptr) {
    uri.host.assign(s, len);
  } else if (close != nullptr) {
    // An IPv6 literal, [::1]:4000 (OTP 26 and later; OTP 25 cut the host
    // at its first colon).
    auto host_len = static_cast<std::size_t>(
                      static_cast<const char*>(close) - s)
                    + 1;
    uri.host.assign(s, host_len);
    if (host_len < len && s[host_len] == ':'
        && std::memchr(s + host_len + 1, ':', len - host_len - 1) == nullptr)
      uri.port = parse_port(s + host_len + 1, len - host_len - 1);
  } else {
    auto host_len = static_cast<std::size_t>(
      static_cast<const char*>(colon) - s);
    uri.host.assign(s, host_len);
    uri.port = parse_port(s + host_len + 1, len - host_len - 1);
  }
}

bool starts_with_nocase(const char* s, std::size_t len, const char* prefix) {
  std::size_t n = std::strlen(prefix);
  if (len < n)
    return false;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i])
      return false;
  }
  return true;
}

http_uri parse_uri(const char* s, std::size_t len) {
  http_uri uri;
  if (len == 1 && s[0] == '*') {
    uri.type = http_uri::kind::star;
  } else if (len <= 1 || s[0] == '/') {
    uri.type = http_uri::kind::abs_path;
    uri.path.assign(s, len);
  } else if (starts_with_nocase(s, len, "http://")) {
    uri.type = http_uri::kind::absolute_uri;
    uri.scheme = "http";
    parse_absolute_uri(uri, s + 7, len - 7);
  } else if (starts_with_nocase(s, len, "https://")) {
    uri.type = http_uri::kind::absolute_uri;
    uri.scheme = "https";
    parse_absolute_uri(uri, s + 8, len - 8);
  } else if (const void* colon = std::memchr(s, ':', len); colon == nullptr) {
    uri.type = http_uri::kind::string;
    uri.path.assign(s, len);
  } else {
    auto at = static_cast<std::size_t>(static_cast<const char*>(colon) - s);
    uri.type = http_uri::kind::scheme;
    uri.scheme.assign(s, at);
    uri.path.assign(s + at + 1, len - at - 1);
  }
  return uri;
}

bool parse_status_line(const char* buf, std::size_t n, http_response& out) {
  cursor c{buf + 5, n - 5}; // after "HTTP/"
  if (!parse_version(c, out.version))
    return false;
  const char* p0 = c.ptr;
  c.skip_sp();
  if (c.ptr == p0)
    return false;
  bool overflow = false;
  c.digits(out.status, overflow); // may be empty: status 0
  if (overflow)
    return false;
  p0 = c.ptr;
  c.skip_sp();
  if (c.ptr == p0 && c.n > 0)
    return false;
  out.reason.assign(c.ptr, c.n); // may be empty
  return true;
}

bool parse_request_line(const char* buf, std::size_t n, http_request& out) {
  cursor c{buf, n};
  while (c.n > 0 && !is_tspecial(*c.ptr))
    c.skip();
  std::size_t meth_len = n - c.n;
  if (c.n == 0 || meth_len == 0 || !is_sp(*c.ptr))
    return false;
  out.method.text.assign(buf, meth_len);
  for (const char* m : known_methods)
    if (out.method.text == m)
      out.method.known = true;
  c.skip_sp();
  const char* uri = c.ptr;
  while (c.n > 0 && !is_sp(*c.ptr))
    c.skip();
  auto uri_len = static_cast<std::size_t>(c.ptr - uri);
  if (uri_len == 0)
    return false;
  c.skip_sp();
  if (c.n == 0) {
    out.version = http_version{0, 9}; // a simple request: HTTP/0.9
  } else {
    if (c.n < 8 || std::strncmp(c.ptr, "HTTP/", 5) != 0)
      return false;
    c.ptr += 5;
    c.n -= 5;
    // Anything after the minor version is ignored, as in erts.
    if (!parse_version(c, out.version))
      return false;
  }
  out.uri = parse_uri(uri, uri_len);
  return true;
}

bool parse_header(const char* buf, std::size_t n, http_header& out) {
  cursor c{buf, n};
  std::string canonical;
  bool up = true; // the first letter and each one after '-' upper case
  std::size_t name_len = 0;
  while (!is_tspecial(*c.ptr)) {
    if (name_len < max_name_len) {
      char ch = *c.ptr;
      if (up) {
        if (ch >= 'a' && ch <= 'z')
          ch = static_cast<char>(ch - 'a' + 'A');
        up = false;
      } else if (ch >= 'A' && ch <= 'Z') {
        ch = static_cast<char>(ch - 'A' + 'a');
      } else if (ch == '-') {
        up = true;
      }
      canonical += ch;
    }
    ++name_len;
    c.skip();
    if (c.n == 0)
      return false;
  }
  if (*c.ptr != ':')
    return false;
  out.unmodified_field.assign(buf, name_len);
  if (name_len <= max_name_len) {
    for (std::size_t i = 0; i < known_fields.size(); ++i)
      if (canonical == known_fields[i]) {
        out.bit = static_cast<int>(i) + 1;
        out.field.known = true;
      }
    out.field.text = std::move(canonical);
  } else {
    out.field.text = out.unmodified_field;
  }
  c.skip();
  c.skip_sp();
  out.value.assign(c.ptr, c.n);
  return true;
}

} // namespace

std::ptrdiff_t http_packet_length(std::string_view in, bool in_headers,
                                  const packet_limits& lim) {
  const std::size_t n = in.size();
  const std::size_t max = lim.packet_size != 0 ? lim.packet_size : lim.buffer;
  // erts takes a lone empty line without looking at the limit, so with a
  // limit of 1 a CRLF passed or failed depending on what else had arrived;
  // otpnet applies the limit to it too, whatever the reads.
  if ((n == 1 && in[0] == '\n') || (n == 2 && in[0] == '\r' && in[1] == '\n'))
    return max != 0 && n > max ? invalid : static_cast<std::ptrdiff_t>(n);
  const char* base = in.data();
  std::size_t from = 0;
  for (;;) {
    const void* hit = n > from ? std::memchr(base + from, '\n', n - from)
                               : nullptr;
    if (hit == nullptr)
      return max != 0 && n >= max ? invalid : need_more;
    auto len = static_cast<std::size_t>(static_cast<const char*>(hit) - base)
               + 1;
    if (max != 0 && len > max)
      return invalid;
    if (!in_headers)
      return static_cast<std::ptrdiff_t>(len);
    if (len == n)
      return need_more; // a folded continuation may follow
    if (!(is_sp(base[len]) && len > 2))
      return static_cast<std::ptrdiff_t>(len);
    from = len; // the header goes on on the next line
  }
}

http_packet decode_http(std::string_view line, bool& in_headers) {
  const char* buf = line.data();
  std::size_t n = line.size();
  // The terminator goes: CRLF, or a bare LF.
  if (n >= 2 && buf[n - 2] == '\r')
    n -= 2;
  else if (n >= 1 && buf[n - 1] == '\n')
    n -= 1;
  if (!in_headers) {
    if (n >= 5 && std::strncmp(buf, "HTTP/", 5) == 0) {
      http_response rsp;
      if (parse_status_line(buf, n, rsp)) {
        in_headers = true;
        return rsp;
      }
    } else {
      http_request req;
      if (parse_request_line(buf, n, req)) {
        in_headers = true;
        return req;
      }
    }
    return http_error{std::string{line}};
  }
  if (n == 0) {
    in_headers = false; // ready for the next request
    return http_eoh{};
  }
  http_header hdr;
  if (parse_header(buf, n, hdr))
    return hdr;
  return http_error{std::string{line}};
}

} // namespace otpnet::net
