// socket:sendmsg and socket:recvmsg over loopback: gathered iovs, one
// read per recvmsg, control messages both ways (ip tos/ttl, ipv6
// tclass/hoplimit), the kernel's flags (trunc, ctrunc, peek), nowait with
// the recvmsg and sendmsg select tags, and the refusals that happen
// before anything is sent.

#include <net/if.h>

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <otpnet/sock.hpp>

#include "support/sock_fixture.hpp"

using namespace otpnet;
using namespace otpnet::test;
using namespace std::literals;

namespace {

using sock::cmsg;
using sock::cmsg_type;
using sock::level;
using sock::msg_flag;
using sock::name;

std::string joined(const std::vector<binary>& iov) {
  return sock::iov_join(iov).to_string();
}

struct msg_fixture : sock_fixture {
  void set(const sock::socket& s, sock::option o, sock::value v) {
    auto r = sock::setopt(self(), s, o, v);
    BOOST_REQUIRE_MESSAGE(r, sock::to_string(o) << ": " << why(r));
  }

  sock::msg_recv recvmsg(const sock::socket& s, size_t bufsz = 0,
                         size_t ctrlsz = 0, sock::msg_flags flags = {}) {
    auto m = sock::recvmsg(self(), s, bufsz, ctrlsz, std::move(flags),
                           budget);
    BOOST_REQUIRE_MESSAGE(m, "recvmsg failed: " << why(m));
    return *m;
  }

  /// The value of `m`'s control message of `t`, or -1 if it has none.
  static int value_of(const sock::msg_recv& m, cmsg_type t) {
    for (auto& c : m.ctrl)
      if (c.type == t && c.value)
        return *c.value;
    return -1;
  }

  static unsigned loopback_index() {
    return if_nametoindex("lo");
  }

  static bool has(const sock::msg_flags& fs, msg_flag f) {
    for (auto x : fs)
      if (x == f)
        return true;
    return false;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(sock_msg_suite, msg_fixture)

BOOST_AUTO_TEST_CASE(sendmsg_gathers_and_recvmsg_reads_what_one_call_gets) {
  BOOST_TEST_MESSAGE("Ensure that sendmsg sends its iov's binaries in "
                     "order as one stream, and that recvmsg on a stream "
                     "returns what one read gets (at most BufSz, without "
                     "waiting for more), with no address, no control "
                     "messages and no flags");
  auto [c, a] = pair();
  sock::msg_send m;
  m.iov = {binary{"ab"}, binary{}, binary{"cde"}};
  BOOST_REQUIRE(sock::sendmsg(self(), c, m));
  auto first = recvmsg(a, 2);
  BOOST_TEST(joined(first.iov) == "ab");
  BOOST_TEST(first.iov.size() == 1u);
  BOOST_TEST(!first.addr);
  BOOST_TEST(first.ctrl.empty());
  BOOST_TEST(first.flags.empty());
  auto rest = recvmsg(a, 10);
  BOOST_TEST(joined(rest.iov) == "cde");
  // An empty iov sends nothing and succeeds, as in OTP.
  BOOST_TEST(ok(sock::sendmsg(self(), c, sock::msg_send{})));
  BOOST_TEST(why(sock::recvmsg(self(), a, 0, 0, {}, 0ms)) == "timeout");
  BOOST_REQUIRE(sock::close(self(), c));
  BOOST_TEST(why(sock::recvmsg(self(), a, 0, 0, {}, budget)) == "closed");
  BOOST_TEST(ok(sock::close(self(), a)));
}

BOOST_AUTO_TEST_CASE(a_datagram_gathers_at_most_64_binaries) {
  BOOST_TEST_MESSAGE("Ensure that a dgram sendmsg of 64 binaries arrives "
                     "as one datagram of their bytes in order, and one of "
                     "65 is emsgsize with nothing sent");
  auto r = udp();
  auto s = udp();
  sock::msg_send m;
  m.addr = name_of(r);
  std::string all;
  for (int i = 0; i < 64; ++i) {
    all += static_cast<char>('A' + i % 26);
    m.iov.emplace_back(all.substr(all.size() - 1));
  }
  BOOST_REQUIRE(sock::sendmsg(self(), s, m));
  BOOST_TEST(joined(recvmsg(r).iov) == all);
  m.iov.emplace_back("!");
  BOOST_TEST(why(sock::sendmsg(self(), s, m)) == "emsgsize");
  BOOST_TEST(why(sock::recvmsg(self(), r, 0, 0, {}, 0ms)) == "timeout");
  for (auto& x : {r, s})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_CASE(recvmsg_takes_the_bytes_a_timed_out_recv_kept_first) {
  BOOST_TEST_MESSAGE("Ensure that the bytes a recv(N) gathered before its "
                     "time-out come out of the next recvmsg before newer "
                     "ones, and that peek leaves them for the call after");
  auto [c, a] = pair();
  send(c, "abc");
  BOOST_TEST(why(sock::recv(self(), a, 5, 50ms)) == "timeout");
  send(c, "de");
  auto peeked = recvmsg(a, 0, 0, {msg_flag::peek});
  BOOST_TEST(joined(peeked.iov) == "abc");
  BOOST_TEST(joined(recvmsg(a, 2).iov) == "ab");
  BOOST_TEST(joined(recvmsg(a).iov) == "c");
  BOOST_TEST(joined(recvmsg(a).iov) == "de");
  for (auto& s : {c, a})
    BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(udp_control_messages_travel_both_ways) {
  BOOST_TEST_MESSAGE("Ensure that a dgram sendmsg to msg.addr with {ip, "
                     "tos} and {ip, ttl} control messages arrives with "
                     "those values in recvmsg's ctrl (recvtos and recvttl "
                     "set), with the sender's address, and that without "
                     "them the kernel's defaults come (tos 0, ttl 64 or "
                     "the system's)");
  auto r = udp();
  auto s = udp();
  set(r, {level::ip, name::recvtos}, true);
  set(r, {level::ip, name::recvttl}, true);
  BOOST_TEST((sock::getopt(self(), r, {level::ip, name::recvtos})
              == sock::value{true}));
  sock::msg_send m;
  m.addr = name_of(r);
  m.iov = {binary{"ab"}, binary{"cd"}};
  m.ctrl = {cmsg{level::ip, cmsg_type::tos, 16},
            cmsg{level::ip, cmsg_type::ttl, 7}};
  BOOST_REQUIRE(sock::sendmsg(self(), s, m));
  auto got = recvmsg(r);
  BOOST_TEST(joined(got.iov) == "abcd");
  BOOST_REQUIRE(got.addr);
  BOOST_TEST((*got.addr == name_of(s)));
  BOOST_TEST(value_of(got, cmsg_type::tos) == 16);
  BOOST_TEST(value_of(got, cmsg_type::ttl) == 7);
  BOOST_TEST(got.flags.empty());
  // The kernel's bytes are kept too: IP_TOS is one byte.
  for (auto& c : got.ctrl)
    if (c.type == cmsg_type::tos)
      BOOST_TEST(c.data.size() == 1u);
  m.ctrl.clear();
  BOOST_REQUIRE(sock::sendmsg(self(), s, m));
  auto plain = recvmsg(r);
  BOOST_TEST(value_of(plain, cmsg_type::tos) == 0);
  BOOST_TEST(value_of(plain, cmsg_type::ttl) > 7);
  for (auto& x : {r, s})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_CASE(ipv6_tclass_and_hoplimit_travel_both_ways) {
  BOOST_TEST_MESSAGE("Ensure that on ::1 sendmsg's {ipv6, tclass} and "
                     "{ipv6, hoplimit} arrive in recvmsg's ctrl with "
                     "recvtclass and recvhoplimit set, and that {ipv6, "
                     "tclass} is a socket option read back as set");
  auto r = udp(sock::domain::inet6);
  auto s = udp(sock::domain::inet6);
  set(r, {level::ipv6, name::recvtclass}, true);
  set(r, {level::ipv6, name::recvhoplimit}, true);
  set(s, {level::ipv6, name::tclass}, 8);
  BOOST_TEST((sock::getopt(self(), s, {level::ipv6, name::tclass})
              == sock::value{8}));
  sock::msg_send m;
  m.addr = name_of(r);
  m.iov = {binary{"six"}};
  m.ctrl = {cmsg{level::ipv6, cmsg_type::tclass, 32},
            cmsg{level::ipv6, cmsg_type::hoplimit, 9}};
  BOOST_REQUIRE(sock::sendmsg(self(), s, m));
  auto got = recvmsg(r);
  BOOST_TEST(joined(got.iov) == "six");
  BOOST_TEST(value_of(got, cmsg_type::tclass) == 32);
  BOOST_TEST(value_of(got, cmsg_type::hoplimit) == 9);
  m.ctrl.clear(); // the socket's own tclass
  BOOST_REQUIRE(sock::sendmsg(self(), s, m));
  BOOST_TEST(value_of(recvmsg(r), cmsg_type::tclass) == 8);
  for (auto& x : {r, s})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_CASE(pktinfo_names_the_destination_and_interface) {
  BOOST_TEST_MESSAGE("Ensure that with {ip, pktinfo} / {ipv6, recvpktinfo} "
                     "recvmsg's ctrl holds a pktinfo message whose value "
                     "is the datagram's destination address, loopback's "
                     "interface index and (IPv4) spec_dst, as OTP decodes "
                     "it");
  for (auto d : {sock::domain::inet, sock::domain::inet6}) {
    auto r = udp(d);
    auto s = udp(d);
    auto v4 = d == sock::domain::inet;
    if (v4)
      set(r, {level::ip, name::pktinfo}, true);
    else
      set(r, {level::ipv6, name::recvpktinfo}, true);
    BOOST_REQUIRE(sock::sendto(self(), s, binary{"where"}, name_of(r)));
    auto got = recvmsg(r);
    BOOST_REQUIRE(got.ctrl.size() == 1u);
    auto& c = got.ctrl.front();
    BOOST_TEST((c.type == cmsg_type::pktinfo));
    BOOST_TEST((c.level == (v4 ? level::ip : level::ipv6)));
    BOOST_REQUIRE(c.info);
    auto lo = name_of(r).addr;
    BOOST_TEST((c.info->addr == lo));
    BOOST_TEST(c.info->ifindex == loopback_index());
    BOOST_TEST(c.info->spec_dst.has_value() == v4);
    if (v4)
      BOOST_TEST((*c.info->spec_dst == lo));
    BOOST_TEST(!c.value);
    BOOST_TEST(c.data.size() == (v4 ? 12u : 20u));
    for (auto& x : {r, s})
      BOOST_TEST(ok(sock::close(self(), x)));
  }
}

BOOST_AUTO_TEST_CASE(recvmsg_reports_trunc_ctrunc_and_peeks) {
  BOOST_TEST_MESSAGE("Ensure that a datagram longer than BufSz comes cut "
                     "with the trunc flag (the rest is gone, as recvmsg(2) "
                     "does), control messages beyond CtrlSz set ctrunc, "
                     "and peek leaves the datagram for the next call");
  auto r = udp();
  auto s = udp();
  set(r, {level::ip, name::recvtos}, true);
  set(r, {level::ip, name::recvttl}, true);
  auto to = name_of(r);
  BOOST_REQUIRE(sock::sendto(self(), s, binary{"hello world"}, to));
  auto cut = recvmsg(r, 4);
  BOOST_TEST(joined(cut.iov) == "hell");
  BOOST_TEST((cut.flags == sock::msg_flags{msg_flag::trunc}));
  BOOST_REQUIRE(sock::sendto(self(), s, binary{"peek"}, to));
  auto peeked = recvmsg(r, 0, 0, {msg_flag::peek});
  BOOST_TEST(joined(peeked.iov) == "peek");
  // One control message's room (a header and an int) for two.
  auto tight = recvmsg(r, 0, 20);
  BOOST_TEST(joined(tight.iov) == "peek");
  BOOST_TEST(has(tight.flags, msg_flag::ctrunc));
  BOOST_TEST(tight.ctrl.size() < 2u);
  // CtrlSz 0 takes {otp, rcvctrlbuf}: the same room, the same cut.
  set(r, {level::otp, name::rcvctrlbuf}, 20);
  BOOST_REQUIRE(sock::sendto(self(), s, binary{"again"}, to));
  BOOST_TEST(has(recvmsg(r).flags, msg_flag::ctrunc));
  BOOST_TEST(why(sock::recvmsg(self(), r, 0, 0, {}, 0ms)) == "timeout");
  for (auto& x : {r, s})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_CASE(bad_control_messages_are_refused_before_sending) {
  BOOST_TEST_MESSAGE("Ensure that sendmsg refuses with einval, sending "
                     "nothing, a control message out of range, at the "
                     "wrong level, without value or data, or needing more "
                     "than {otp, sndctrlbuf}; and that recvmsg refuses a "
                     "CtrlSz above the bound");
  auto r = udp();
  auto s = udp();
  auto to = name_of(r);
  auto refused = [&](cmsg c) {
    sock::msg_send m;
    m.addr = to;
    m.iov = {binary{"x"}};
    m.ctrl = {std::move(c)};
    return why(sock::sendmsg(self(), s, std::move(m))) == "einval";
  };
  BOOST_TEST(refused(cmsg{level::ip, cmsg_type::tos, 256}));
  BOOST_TEST(refused(cmsg{level::ip, cmsg_type::tos, -1}));
  BOOST_TEST(refused(cmsg{level::ip, cmsg_type::ttl, 0}));
  BOOST_TEST(refused(cmsg{level::ipv6, cmsg_type::tos, 16}));
  BOOST_TEST(refused(cmsg{level::ip, cmsg_type::hoplimit, 3}));
  BOOST_TEST(refused(cmsg{level::ip, cmsg_type::other, 3}));
  BOOST_TEST(refused(cmsg{level::ip, cmsg_type::tos, binary{}}));
  set(s, {level::otp, name::sndctrlbuf}, 8);
  BOOST_TEST(refused(cmsg{level::ip, cmsg_type::tos, 16}));
  BOOST_TEST(why(sock::recvmsg(self(), r, 0, sock::max_control_buffer + 1,
                               {}, 0ms))
             == "einval");
  BOOST_TEST(why(sock::recvmsg(self(), r, 0, 0, {}, 0ms)) == "timeout");
  // Raw bytes are sent as they are: an int 16 for IP_TOS.
  set(s, {level::otp, name::sndctrlbuf}, 1024);
  set(r, {level::ip, name::recvtos}, true);
  int v = 16;
  sock::msg_send m;
  m.addr = to;
  m.iov = {binary{"raw"}};
  m.ctrl = {cmsg{level::ip, cmsg_type::tos, binary::copy_of(&v, sizeof v)}};
  BOOST_REQUIRE(sock::sendmsg(self(), s, m));
  BOOST_TEST(value_of(recvmsg(r), cmsg_type::tos) == 16);
  for (auto& x : {r, s})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_CASE(control_buffer_options_read_back) {
  BOOST_TEST_MESSAGE("Ensure that {otp, rcvctrlbuf} and {otp, sndctrlbuf} "
                     "start at OTP's 1024, read back what was set, and "
                     "refuse 0 and more than the bound");
  auto s = udp();
  for (auto n : {name::rcvctrlbuf, name::sndctrlbuf}) {
    sock::option o{level::otp, n};
    BOOST_TEST((sock::getopt(self(), s, o) == sock::value{1024}));
    set(s, o, 2048);
    BOOST_TEST((sock::getopt(self(), s, o) == sock::value{2048}));
    BOOST_TEST(why(sock::setopt(self(), s, o, 0)) == "einval");
    BOOST_TEST(why(sock::setopt(self(), s, o, 65537)) == "einval");
  }
  BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(recvmsg_nowait_selects_with_its_own_tag) {
  BOOST_TEST_MESSAGE("Ensure that recvmsg(nowait) with nothing to read "
                     "returns a select_info tagged recvmsg, that its select "
                     "message comes when a datagram arrives, and that the "
                     "call made again returns it");
  auto r = udp();
  auto s = udp();
  auto w = sock::recvmsg(self(), r, 0, 0, {}, nowait);
  BOOST_REQUIRE(w);
  BOOST_REQUIRE(!w->completed());
  BOOST_TEST((w->select->tag == sock::select_tag::recvmsg));
  BOOST_TEST(sock::to_string(w->select->tag) == "recvmsg");
  BOOST_REQUIRE(sock::sendto(self(), s, binary{"late"}, name_of(r)));
  expect_select(r, *w->select);
  auto again = sock::recvmsg(self(), r, 0, 0, {}, nowait);
  BOOST_REQUIRE(again);
  BOOST_REQUIRE(again->completed());
  BOOST_TEST(joined(again->value.iov) == "late");
  BOOST_TEST((again->value.addr == name_of(s)));
  for (auto& x : {r, s})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_CASE(sendmsg_nowait_returns_the_unsent_rest_in_order) {
  BOOST_TEST_MESSAGE("Ensure that sendmsg(nowait) of more than the kernel "
                     "takes returns a select_info tagged sendmsg with the "
                     "unsent rest of the iov, and that sending the rest "
                     "after each select message delivers every byte once "
                     "and in order");
  auto [c, a] = pair();
  set(c, {level::socket, name::sndbuf}, 4096);
  set(a, {level::socket, name::rcvbuf}, 4096);
  std::string all;
  std::vector<binary> iov;
  for (int seg = 0; seg < 4; ++seg) {
    std::string part(300000, '\0');
    for (size_t i = 0; i < part.size(); ++i)
      part[i] = static_cast<char>('a' + (seg * 7 + i) % 26);
    all += part;
    iov.emplace_back(part);
  }
  std::string got;
  size_t selects = 0;
  for (;;) {
    sock::msg_send m;
    m.iov = iov;
    auto r = sock::sendmsg(self(), c, std::move(m), {}, nowait);
    BOOST_REQUIRE_MESSAGE(r, why(r));
    if (r->completed())
      break;
    BOOST_REQUIRE((r->select->tag == sock::select_tag::sendmsg));
    BOOST_REQUIRE(sock::iov_size(r->value) < sock::iov_size(iov));
    iov = r->value;
    ++selects;
    // The peer reads until the select message is there (a short recv
    // time-out: the kernel may have nothing more in flight).
    for (int turns = 0; quiet(self(), c); ++turns) {
      BOOST_REQUIRE(turns < 10000);
      auto chunk = sock::recv(self(), a, 0, 20ms);
      if (chunk)
        got += chunk->to_string();
      else
        BOOST_REQUIRE(why(chunk) == "timeout");
    }
    expect_select(c, *r->select);
  }
  BOOST_TEST(selects > 0u);
  while (got.size() < all.size()) {
    auto chunk = sock::recv(self(), a, 0, budget);
    BOOST_REQUIRE_MESSAGE(chunk, why(chunk));
    got += chunk->to_string();
  }
  BOOST_TEST(got.size() == all.size());
  BOOST_TEST((got == all));
  for (auto& s : {c, a})
    BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(recv_with_peek_reads_once_and_leaves_the_bytes) {
  BOOST_TEST_MESSAGE("Ensure that recv(N, [peek]) returns at most N of the "
                     "bytes there, once each (OTP 25 repeats them), and "
                     "leaves them for the next recv; peek also sees bytes "
                     "a timed-out recv(N) kept");
  auto [c, a] = pair();
  send(c, "abcdef");
  auto ten = sock::recv(self(), a, 10, {msg_flag::peek}, budget);
  BOOST_REQUIRE_MESSAGE(ten, why(ten));
  BOOST_TEST(ten->to_string() == "abcdef");
  auto three = sock::recv(self(), a, 3, {msg_flag::peek}, budget);
  BOOST_REQUIRE(three);
  BOOST_TEST(three->to_string() == "abc");
  BOOST_TEST(sock::recv(self(), a, 2, budget)->to_string() == "ab");
  BOOST_TEST(why(sock::recv(self(), a, 5, 50ms)) == "timeout"); // keeps 4
  auto kept = sock::recv(self(), a, 0, {msg_flag::peek}, budget);
  BOOST_REQUIRE(kept);
  BOOST_TEST(kept->to_string() == "cdef");
  BOOST_TEST(sock::recv(self(), a, 0, budget)->to_string() == "cdef");
  for (auto& s : {c, a})
    BOOST_TEST(ok(sock::close(self(), s)));
}

BOOST_AUTO_TEST_CASE(send_and_recvfrom_pass_their_flags_to_the_kernel) {
  BOOST_TEST_MESSAGE("Ensure that send with [more] holds its byte until a "
                     "send without it (MSG_MORE), that [trunc] on a stream "
                     "read is einval with the bytes kept, and that "
                     "recvfrom with [peek] leaves the datagram and with "
                     "[trunc] returns only the bytes asked for, with the "
                     "source");
  auto [c, a] = pair();
  BOOST_REQUIRE(sock::send(self(), c, binary{"x"}, {msg_flag::more}));
  BOOST_TEST(why(sock::recv(self(), a, 0, 50ms)) == "timeout");
  BOOST_REQUIRE(sock::send(self(), c, binary{"y"}, sock::msg_flags{}));
  BOOST_TEST(sock::recv(self(), a, 2, budget)->to_string() == "xy");
  // [trunc] on a stream discards without copying: refused, bytes kept.
  send(c, "kept");
  BOOST_TEST(why(sock::recv(self(), a, 0, {msg_flag::trunc}, budget))
             == "einval");
  BOOST_TEST(why(sock::recvmsg(self(), a, 0, 0, {msg_flag::trunc}, budget))
             == "einval");
  BOOST_TEST(sock::recv(self(), a, 4, budget)->to_string() == "kept");
  auto r = udp();
  auto s = udp();
  auto to = name_of(r);
  BOOST_REQUIRE(sock::sendto(self(), s, binary{"dgram"}, to,
                             {msg_flag::confirm}));
  auto peeked = sock::recvfrom(self(), r, 0, {msg_flag::peek}, budget);
  BOOST_REQUIRE_MESSAGE(peeked, why(peeked));
  BOOST_TEST(peeked->data.to_string() == "dgram");
  BOOST_TEST((peeked->from == name_of(s)));
  BOOST_TEST(sock::recvfrom(self(), r, 2, budget)->data.to_string() == "dg");
  BOOST_TEST(why(sock::recvfrom(self(), r, 0, 0ms)) == "timeout");
  BOOST_REQUIRE(sock::sendto(self(), s, binary{"dgram"}, to));
  auto cut = sock::recvfrom(self(), r, 2, {msg_flag::trunc}, budget);
  BOOST_REQUIRE(cut);
  BOOST_TEST(cut->data.to_string() == "dg");
  for (auto& x : {c, a, r, s})
    BOOST_TEST(ok(sock::close(self(), x)));
}

BOOST_AUTO_TEST_SUITE_END()
