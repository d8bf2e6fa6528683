// HttpPacket: what a socket in {packet, http | http_bin | httph |
// httph_bin} delivers instead of bytes (erlang:decode_packet/3's format;
// spec 004, option packet). Erlang's `http` and `http_bin` differ only in
// whether strings are lists or binaries; in C++ both are std::string, so
// the two types decode alike (and so do httph and httph_bin).
//
// Thread safety: plain values.

#pragma once

#include <optional>
#include <string>
#include <variant>

namespace otpnet::net {

/// A name erts may know: a method ('GET') or a header field
/// ('Content-Type') it knows is an atom in Erlang (`known`); any other name
/// is a string. `text` is the atom's or the string's characters.
struct http_name {
  std::string text;
  bool known = false;

  friend bool operator==(const http_name& x, const http_name& y) {
    return x.known == y.known && x.text == y.text;
  }
  friend bool operator!=(const http_name& x, const http_name& y) {
    return !(x == y);
  }
};

/// HttpUri: '*' | {absoluteURI, http|https, Host, Port, Path} |
/// {scheme, Scheme, String} | {abs_path, Path} | String.
struct http_uri {
  enum class kind { star, absolute_uri, scheme, abs_path, string };
  kind type = kind::string;
  /// absolute_uri: "http" or "https"; scheme: the text before ':'.
  std::string scheme;
  /// absolute_uri only.
  std::string host;
  /// absolute_uri only: the port, nullopt for Erlang's `undefined` (no
  /// port, 0, or not all digits).
  std::optional<int> port;
  /// absolute_uri and abs_path: the path ("/" when an absolute URI has
  /// none); scheme: the text after ':'; string: the whole URI.
  std::string path;

  friend bool operator==(const http_uri& x, const http_uri& y) {
    return x.type == y.type && x.scheme == y.scheme && x.host == y.host
           && x.port == y.port && x.path == y.path;
  }
  friend bool operator!=(const http_uri& x, const http_uri& y) {
    return !(x == y);
  }
};

/// HttpVersion: {Major, Minor}; a request line without a version is
/// HTTP/0.9.
struct http_version {
  int major = 0;
  int minor = 0;

  friend bool operator==(const http_version& x, const http_version& y) {
    return x.major == y.major && x.minor == y.minor;
  }
  friend bool operator!=(const http_version& x, const http_version& y) {
    return !(x == y);
  }
};

/// {http_request, Method, Uri, Version}.
struct http_request {
  http_name method;
  http_uri uri;
  http_version version;

  friend bool operator==(const http_request& x, const http_request& y) {
    return x.method == y.method && x.uri == y.uri && x.version == y.version;
  }
};

/// {http_response, Version, Status, Reason}.
struct http_response {
  http_version version;
  int status = 0;
  std::string reason;

  friend bool operator==(const http_response& x, const http_response& y) {
    return x.version == y.version && x.status == y.status
           && x.reason == y.reason;
  }
};

/// {http_header, Bit, Field, UnmodifiedField, Value}. `bit` is the
/// 1-based position of a known field in erts' table, 0 for others. A field
/// erts does not know is given with its case normalised (X-Custom-Name)
/// unless it is longer than 50 characters; `unmodified_field` is as
/// received. `value` keeps a folded continuation line's CRLF and leading
/// white space, as erts does.
struct http_header {
  int bit = 0;
  http_name field;
  std::string unmodified_field;
  std::string value;

  friend bool operator==(const http_header& x, const http_header& y) {
    return x.bit == y.bit && x.field == y.field
           && x.unmodified_field == y.unmodified_field && x.value == y.value;
  }
};

/// http_eoh: the empty line that ends the headers.
struct http_eoh {
  friend bool operator==(const http_eoh&, const http_eoh&) {
    return true;
  }
};

/// {http_error, Line}: a line that is not what was expected (the whole
/// line, terminator included). The stream goes on.
struct http_error {
  std::string line;

  friend bool operator==(const http_error& x, const http_error& y) {
    return x.line == y.line;
  }
};

using http_packet = std::variant<http_request, http_response, http_header,
                                 http_eoh, http_error>;

/// The Erlang term, as `io:format("~p")` of an http_bin packet would show
/// it on one line: {http_request,'GET',{abs_path,<<"/">>},{1,1}}. Bytes
/// outside printable ASCII are escaped (\r, \n, \t, \xHH).
std::string to_string(const http_packet& p);

} // namespace otpnet::net
