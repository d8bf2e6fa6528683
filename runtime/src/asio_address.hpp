#pragma once

#include <netinet/in.h>

#include <string>

#include <boost/asio/generic/datagram_protocol.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "otpnet/inet/ip_address.hpp"

namespace otpnet::detail {

/// Conversions between otpnet's address values and Asio's.
boost::asio::ip::address to_asio(const inet::ip_address& addr);
inet::ip_address from_asio(const boost::asio::ip::address& addr);
inet::socket_address from_asio(const boost::asio::ip::tcp::endpoint& ep);

/// A generic stream socket's address: IPv4, IPv6, or a local socket's
/// {local, File} (a file name without its terminating NUL; an abstract
/// name with its leading NUL; empty for an unnamed socket).
inet::socket_address
from_asio(const boost::asio::generic::stream_protocol::endpoint& ep);

inet::socket_address
from_asio(const boost::asio::generic::datagram_protocol::endpoint& ep);

/// The endpoint of a local socket's file. Precondition: the path passed
/// inet::check_local_path.
boost::asio::generic::stream_protocol::endpoint
local_stream_endpoint(const std::string& path);
boost::asio::generic::datagram_protocol::endpoint
local_datagram_endpoint(const std::string& path);

/// The kernel's structs (setsockopt arguments, control messages). An
/// address of the other family gives the zero address: callers have
/// checked the family.
in_addr to_in_addr(const inet::ip_address& addr);
in6_addr to_in6_addr(const inet::ip_address& addr);
inet::ip_address from_native(const in_addr& addr);
inet::ip_address from_native(const in6_addr& addr);

} // namespace otpnet::detail
