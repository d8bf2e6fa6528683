#pragma once

#include <netinet/in.h>

#include <boost/asio/ip/tcp.hpp>

#include "otpnet/inet/ip_address.hpp"

namespace otpnet::detail {

/// Conversions between otpnet's address values and Asio's.
boost::asio::ip::address to_asio(const inet::ip_address& addr);
inet::ip_address from_asio(const boost::asio::ip::address& addr);
inet::socket_address from_asio(const boost::asio::ip::tcp::endpoint& ep);

/// The kernel's structs (setsockopt arguments, control messages). An
/// address of the other family gives the zero address: callers have
/// checked the family.
in_addr to_in_addr(const inet::ip_address& addr);
in6_addr to_in6_addr(const inet::ip_address& addr);
inet::ip_address from_native(const in_addr& addr);
inet::ip_address from_native(const in6_addr& addr);

} // namespace otpnet::detail
