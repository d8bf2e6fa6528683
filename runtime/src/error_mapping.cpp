#include "error_mapping.hpp"

#include <boost/asio/error.hpp>

namespace otpnet::detail {

errc to_errc(const boost::system::error_code& ec) {
  namespace ae = boost::asio::error;
  if (!ec)
    return errc::ok;
  if (ec == ae::eof || ec == ae::operation_aborted || ec == ae::bad_descriptor)
    return errc::closed;
  if (ec.category() == boost::system::system_category()
      || ec.category() == boost::system::generic_category())
    return errc_from_errno(ec.value());
  if (ec.category() == ae::get_netdb_category())
    return errc::nxdomain;
  if (ec.category() == ae::get_addrinfo_category())
    return errc::nxdomain;
  return errc::einval;
}

} // namespace otpnet::detail
