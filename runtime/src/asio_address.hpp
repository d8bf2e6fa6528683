#pragma once

#include <boost/asio/ip/tcp.hpp>

#include "otpnet/inet/ip_address.hpp"

namespace otpnet::detail {

/// Conversions between otpnet's address values and Asio's.
boost::asio::ip::address to_asio(const inet::ip_address& addr);
inet::ip_address from_asio(const boost::asio::ip::address& addr);
inet::socket_address from_asio(const boost::asio::ip::tcp::endpoint& ep);

} // namespace otpnet::detail
