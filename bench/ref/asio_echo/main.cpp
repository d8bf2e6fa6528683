// asio_echo: the leanest single-threaded Boost.Asio echo server, the bar
// bench/compare holds otpnet to ("the practical limit of this machine
// without any actor runtime").
//
// Lean in CPU: one io_context on one thread with locking disabled; a
// connection waits for readability, then reads into one buffer shared by
// all connections, writes the complete packets straight back with a
// non-blocking write and only falls back to async_write (and stops reading)
// when the peer does not read. Lean in memory: an idle connection owns its
// socket, two empty vectors and two list links; a partial packet or unsent
// echo is the only per-connection buffer, and only while it exists.

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <variant>
#include <vector>

#include <boost/asio.hpp>

#include "cli.hpp"
#include "framing.hpp"

namespace asio_echo {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

class server;

class connection {
public:
  connection(server& srv, tcp::socket sock);

  void start() {
    wait_readable();
  }

  connection* prev_ = nullptr; // the server's list of live connections
  connection* next_ = nullptr;

private:
  void wait_readable();
  void on_readable();
  void echo(const char* data, std::size_t n);
  void on_written(const error_code& ec);
  void close();

  server& srv_;
  tcp::socket sock_;
  std::vector<char> in_;  // an incomplete packet carried to the next read
  std::vector<char> out_; // echo bytes the peer has not taken yet
};

class server {
public:
  server(asio::io_context& io, const config& cfg, tcp::endpoint at)
    : io_(io), cfg_(cfg), acceptor_(io), retry_(io) {
    acceptor_.open(at.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(at);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    for (int i = 0; i < cfg.acceptors; ++i)
      accept_one();
  }

  ~server() {
    while (head_ != nullptr) {
      connection* c = head_;
      unlink(c);
      delete c; // closes its socket
    }
  }

  server(const server&) = delete;
  server& operator=(const server&) = delete;

  uint16_t port() const {
    return acceptor_.local_endpoint().port();
  }

  const config& cfg() const noexcept {
    return cfg_;
  }

  // One read buffer for every connection: the server has one thread.
  char* buffer() noexcept {
    return buffer_.data();
  }

  std::size_t buffer_size() const noexcept {
    return buffer_.size();
  }

  void link(connection* c) noexcept {
    c->next_ = head_;
    if (head_ != nullptr)
      head_->prev_ = c;
    head_ = c;
  }

  void unlink(connection* c) noexcept {
    if (c->prev_ != nullptr)
      c->prev_->next_ = c->next_;
    else
      head_ = c->next_;
    if (c->next_ != nullptr)
      c->next_->prev_ = c->prev_;
  }

private:
  void accept_one() {
    acceptor_.async_accept([this](const error_code& ec, tcp::socket sock) {
      if (ec == asio::error::operation_aborted)
        return;
      if (ec) {
        // E.g. EMFILE: try again shortly rather than spin.
        ++accepts_to_retry_;
        if (accepts_to_retry_ == 1) {
          retry_.expires_after(std::chrono::milliseconds(10));
          retry_.async_wait([this](const error_code& wait_ec) {
            if (wait_ec)
              return;
            for (; accepts_to_retry_ > 0; --accepts_to_retry_)
              accept_one();
          });
        }
        return;
      }
      error_code ignored;
      sock.non_blocking(true, ignored);
      // As the Erlang reference: an echo is a reply, never held by Nagle.
      sock.set_option(tcp::no_delay(true), ignored);
      auto* c = new connection(*this, std::move(sock));
      link(c);
      c->start();
      accept_one();
    });
  }

  asio::io_context& io_;
  const config& cfg_;
  tcp::acceptor acceptor_;
  asio::steady_timer retry_;
  int accepts_to_retry_ = 0;
  connection* head_ = nullptr;
  std::vector<char> buffer_ = std::vector<char>(64 * 1024);
};

connection::connection(server& srv, tcp::socket sock)
  : srv_(srv), sock_(std::move(sock)) {
}

void connection::wait_readable() {
  // async_wait re-arms the descriptor, so data that is already queued is
  // reported at once.
  sock_.async_wait(tcp::socket::wait_read, [this](const error_code& ec) {
    if (ec)
      close();
    else
      on_readable();
  });
}

void connection::on_readable() {
  error_code ec;
  std::size_t n = sock_.read_some(
    asio::buffer(srv_.buffer(), srv_.buffer_size()), ec);
  if (ec == asio::error::would_block || ec == asio::error::try_again) {
    wait_readable();
    return;
  }
  if (ec) {
    // eof: every complete packet before it has already been echoed (this
    // connection reads only when nothing waits to be written), so close.
    close();
    return;
  }
  const char* data = srv_.buffer();
  std::size_t len = n;
  if (!in_.empty()) {
    in_.insert(in_.end(), data, data + n);
    data = in_.data();
    len = in_.size();
  }
  std::ptrdiff_t whole = complete_prefix(srv_.cfg().framing, data, len,
                                         srv_.cfg().max_packet);
  if (whole < 0) {
    close(); // a packet over --max-packet closes this connection only
    return;
  }
  auto k = static_cast<std::size_t>(whole);
  echo(data, k);
  if (in_.empty()) {
    if (k < len)
      in_.assign(data + k, data + len);
  } else if (k == len) {
    std::vector<char>().swap(in_);
  } else {
    in_.erase(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(k));
  }
  if (!out_.empty()) {
    asio::async_write(sock_, asio::buffer(out_),
                      [this](const error_code& wec, std::size_t) {
                        on_written(wec);
                      });
    return; // not reading until the peer took the echo
  }
  wait_readable();
}

void connection::echo(const char* data, std::size_t n) {
  while (n > 0) {
    error_code ec;
    std::size_t w = sock_.write_some(asio::buffer(data, n), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again)
      break;
    if (ec)
      return; // the next read reports the failure and closes
    data += w;
    n -= w;
  }
  if (n > 0)
    out_.assign(data, data + n);
}

void connection::on_written(const error_code& ec) {
  if (ec) {
    close();
    return;
  }
  std::vector<char>().swap(out_);
  on_readable();
}

void connection::close() {
  srv_.unlink(this);
  delete this; // the socket closes; no operation is pending on it
}

} // namespace asio_echo

int main(int argc, char** argv) {
  using namespace asio_echo;
  constexpr const char* about =
    "The reference echo server of bench/compare: single-threaded Boost.Asio,\n"
    "no actor runtime. It honours the otpnet samples' command-line contract.\n"
    "While a connection's echo waits for the peer to read, that connection\n"
    "is not read.";
  std::string program;
  config cfg;
  int early = parse_main(argc, argv, "asio_echo", about, program, cfg);
  if (early >= 0)
    return early;
  error_code ec;
  auto address = asio::ip::make_address(cfg.host, ec);
  if (ec) {
    std::fprintf(stderr, "%s: invalid --host '%s'; try --help\n",
                 program.c_str(), cfg.host.c_str());
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  // One thread: no locking in the scheduler or the reactor.
  asio::io_context io{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE};
  asio::signal_set stop{io, SIGINT, SIGTERM};
  stop.async_wait([&io](const error_code&, int) { io.stop(); });
  try {
    server srv{io, cfg, tcp::endpoint{address, cfg.port}};
    std::printf("listening %u\n", static_cast<unsigned>(srv.port()));
    std::fflush(stdout);
    io.run();
  } catch (const boost::system::system_error& e) {
    std::fprintf(stderr, "%s: cannot listen on %s port %u: %s\n",
                 program.c_str(), cfg.host.c_str(),
                 static_cast<unsigned>(cfg.port), e.code().message().c_str());
    return 1;
  }
  return 0;
}
