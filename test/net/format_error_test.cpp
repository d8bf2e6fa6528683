#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <string>
#include <utility>

#include "otpnet/inet/format_error.hpp"
#include "otpnet/net/errc.hpp"

using otpnet::errc;
using otpnet::inet::format_error;

namespace {

// Every entry of the "POSIX Error Codes" list of the inet reference (spec
// 004), with the markdown backticks of elibscn and enotty dropped.
const std::pair<errc, const char*> spec_posix_texts[] = {
  {errc::e2big, "Too long argument list"},
  {errc::eacces, "Permission denied"},
  {errc::eaddrinuse, "Address already in use"},
  {errc::eaddrnotavail, "Cannot assign requested address"},
  {errc::eadv, "Advertise error"},
  {errc::eafnosupport, "Address family not supported by protocol family"},
  {errc::eagain, "Resource temporarily unavailable"},
  {errc::ealign, "EALIGN"},
  {errc::ealready, "Operation already in progress"},
  {errc::ebade, "Bad exchange descriptor"},
  {errc::ebadf, "Bad file number"},
  {errc::ebadfd, "File descriptor in bad state"},
  {errc::ebadmsg, "Not a data message"},
  {errc::ebadr, "Bad request descriptor"},
  {errc::ebadrpc, "Bad RPC structure"},
  {errc::ebadrqc, "Bad request code"},
  {errc::ebadslt, "Invalid slot"},
  {errc::ebfont, "Bad font file format"},
  {errc::ebusy, "File busy"},
  {errc::echild, "No children"},
  {errc::echrng, "Channel number out of range"},
  {errc::ecomm, "Communication error on send"},
  {errc::econnaborted, "Software caused connection abort"},
  {errc::econnrefused, "Connection refused"},
  {errc::econnreset, "Connection reset by peer"},
  {errc::edeadlk, "Resource deadlock avoided"},
  {errc::edeadlock, "Resource deadlock avoided"},
  {errc::edestaddrreq, "Destination address required"},
  {errc::edirty, "Mounting a dirty fs without force"},
  {errc::edom, "Math argument out of range"},
  {errc::edotdot, "Cross mount point"},
  {errc::edquot, "Disk quota exceeded"},
  {errc::eduppkg, "Duplicate package name"},
  {errc::eexist, "File already exists"},
  {errc::efault, "Bad address in system call argument"},
  {errc::efbig, "File too large"},
  {errc::ehostdown, "Host is down"},
  {errc::ehostunreach, "Host is unreachable"},
  {errc::eidrm, "Identifier removed"},
  {errc::einit, "Initialization error"},
  {errc::einprogress, "Operation now in progress"},
  {errc::eintr, "Interrupted system call"},
  {errc::einval, "Invalid argument"},
  {errc::eio, "I/O error"},
  {errc::eisconn, "Socket is already connected"},
  {errc::eisdir, "Illegal operation on a directory"},
  {errc::eisnam, "Is a named file"},
  {errc::el2hlt, "Level 2 halted"},
  {errc::el2nsync, "Level 2 not synchronized"},
  {errc::el3hlt, "Level 3 halted"},
  {errc::el3rst, "Level 3 reset"},
  {errc::elbin, "ELBIN"},
  {errc::elibacc, "Cannot access a needed shared library"},
  {errc::elibbad, "Accessing a corrupted shared library"},
  {errc::elibexec, "Cannot exec a shared library directly"},
  {errc::elibmax,
   "Attempting to link in more shared libraries than system limit"},
  {errc::elibscn, ".lib section in a.out corrupted"},
  {errc::elnrng, "Link number out of range"},
  {errc::eloop, "Too many levels of symbolic links"},
  {errc::emfile, "Too many open files"},
  {errc::emlink, "Too many links"},
  {errc::emsgsize, "Message too long"},
  {errc::emultihop, "Multihop attempted"},
  {errc::enametoolong, "Filename too long"},
  {errc::enavail, "Unavailable"},
  {errc::enet, "ENET"},
  {errc::enetdown, "Network is down"},
  {errc::enetreset, "Network dropped connection on reset"},
  {errc::enetunreach, "Network is unreachable"},
  {errc::enfile, "File table overflow"},
  {errc::enoano, "Anode table overflow"},
  {errc::enobufs, "No buffer space available"},
  {errc::enocsi, "No CSI structure available"},
  {errc::enodata, "No data available"},
  {errc::enodev, "No such device"},
  {errc::enoent, "No such file or directory"},
  {errc::enoexec, "Exec format error"},
  {errc::enolck, "No locks available"},
  {errc::enolink, "Link has been severed"},
  {errc::enomem, "Not enough memory"},
  {errc::enomsg, "No message of desired type"},
  {errc::enonet, "Machine is not on the network"},
  {errc::enopkg, "Package not installed"},
  {errc::enoprotoopt, "Bad protocol option"},
  {errc::enospc, "No space left on device"},
  {errc::enosr, "Out of stream resources or not a stream device"},
  {errc::enosym, "Unresolved symbol name"},
  {errc::enosys, "Function not implemented"},
  {errc::enotblk, "Block device required"},
  {errc::enotconn, "Socket is not connected"},
  {errc::enotdir, "Not a directory"},
  {errc::enotempty, "Directory not empty"},
  {errc::enotnam, "Not a named file"},
  {errc::enotsock, "Socket operation on non-socket"},
  {errc::enotsup, "Operation not supported"},
  {errc::enotty, "Inappropriate device for ioctl"},
  {errc::enotuniq, "Name not unique on network"},
  {errc::enxio, "No such device or address"},
  {errc::eopnotsupp, "Operation not supported on socket"},
  {errc::eperm, "Not owner"},
  {errc::epfnosupport, "Protocol family not supported"},
  {errc::epipe, "Broken pipe"},
  {errc::eproclim, "Too many processes"},
  {errc::eprocunavail, "Bad procedure for program"},
  {errc::eprogmismatch, "Wrong program version"},
  {errc::eprogunavail, "RPC program unavailable"},
  {errc::eproto, "Protocol error"},
  {errc::eprotonosupport, "Protocol not supported"},
  {errc::eprototype, "Wrong protocol type for socket"},
  {errc::erange, "Math result unrepresentable"},
  {errc::erefused, "EREFUSED"},
  {errc::eremchg, "Remote address changed"},
  {errc::eremdev, "Remote device"},
  {errc::eremote, "Pathname hit remote filesystem"},
  {errc::eremoteio, "Remote I/O error"},
  {errc::eremoterelease, "EREMOTERELEASE"},
  {errc::erofs, "Read-only filesystem"},
  {errc::erpcmismatch, "Wrong RPC version"},
  {errc::erremote, "Object is remote"},
  {errc::eshutdown, "Cannot send after socket shutdown"},
  {errc::esocktnosupport, "Socket type not supported"},
  {errc::espipe, "Invalid seek"},
  {errc::esrch, "No such process"},
  {errc::esrmnt, "Srmount error"},
  {errc::estale, "Stale remote file handle"},
  {errc::esuccess, "Error 0"},
  {errc::etime, "Timer expired"},
  {errc::etimedout, "Connection timed out"},
  {errc::etoomanyrefs, "Too many references"},
  {errc::etxtbsy, "Text file or pseudo-device busy"},
  {errc::euclean, "Structure needs cleaning"},
  {errc::eunatch, "Protocol driver not attached"},
  {errc::eusers, "Too many users"},
  {errc::eversion, "Version mismatch"},
  {errc::ewouldblock, "Operation would block"},
  {errc::exdev, "Cross-device link"},
  {errc::exfull, "Message tables full"},
  {errc::nxdomain, "Hostname or domain name cannot be found"},
};

// The reasons gen_tcp returns besides the POSIX ones.
constexpr std::size_t non_posix_count = 7;
// Named by erts, not listed in the spec (errc.hpp).
constexpr std::size_t erts_only_count = 3;

} // namespace

BOOST_AUTO_TEST_SUITE(format_error_suite)

BOOST_AUTO_TEST_CASE(format_error_returns_spec_text_for_common_reasons) {
  BOOST_TEST_MESSAGE("Ensure that inet:format_error/1 texts match the spec "
                     "for the reasons sockets report most");
  BOOST_TEST(format_error(errc::econnrefused) == "Connection refused");
  BOOST_TEST(format_error(errc::econnreset) == "Connection reset by peer");
  BOOST_TEST(format_error(errc::eaddrinuse) == "Address already in use");
  BOOST_TEST(format_error(errc::eaddrnotavail)
             == "Cannot assign requested address");
  BOOST_TEST(format_error(errc::etimedout) == "Connection timed out");
  BOOST_TEST(format_error(errc::enotconn) == "Socket is not connected");
  BOOST_TEST(format_error(errc::epipe) == "Broken pipe");
  BOOST_TEST(format_error(errc::einval) == "Invalid argument");
  BOOST_TEST(format_error(errc::emsgsize) == "Message too long");
  BOOST_TEST(format_error(errc::ehostunreach) == "Host is unreachable");
  BOOST_TEST(format_error(errc::eperm) == "Not owner");
  BOOST_TEST(format_error(errc::esuccess) == "Error 0");
  BOOST_TEST(format_error(errc::nxdomain)
             == "Hostname or domain name cannot be found");
}

BOOST_AUTO_TEST_CASE(format_error_drops_markdown_backticks) {
  BOOST_TEST_MESSAGE("Ensure that the two spec texts written with code "
                     "markup come out as plain text");
  BOOST_TEST(format_error(errc::enotty) == "Inappropriate device for ioctl");
  BOOST_TEST(format_error(errc::elibscn)
             == ".lib section in a.out corrupted");
}

BOOST_AUTO_TEST_CASE(format_error_describes_non_posix_reasons) {
  BOOST_TEST_MESSAGE("Ensure that closed, timeout, not_owner, badarg, "
                     "system_limit, nosock and ok have their fixed texts");
  BOOST_TEST(format_error(errc::ok) == "no error");
  BOOST_TEST(format_error(errc::closed) == "closed");
  BOOST_TEST(format_error(errc::timeout) == "timeout");
  BOOST_TEST(format_error(errc::not_owner) == "not owner");
  BOOST_TEST(format_error(errc::badarg) == "bad argument");
  BOOST_TEST(format_error(errc::system_limit) == "a system limit was hit");
  BOOST_TEST(format_error(errc::nosock) == "no such socket");
}

BOOST_AUTO_TEST_CASE(format_error_matches_the_whole_spec_table) {
  BOOST_TEST_MESSAGE("Ensure that every POSIX atom of the spec has an errc "
                     "and exactly the spec's text");
  BOOST_TEST(std::size(spec_posix_texts) + non_posix_count + erts_only_count
             == otpnet::errc_count);
  for (const auto& [code, text] : spec_posix_texts) {
    BOOST_TEST_CONTEXT("atom " << otpnet::to_atom(code)) {
      BOOST_TEST(format_error(code) == text);
    }
  }
}

BOOST_AUTO_TEST_CASE(format_error_has_text_for_every_errc) {
  BOOST_TEST_MESSAGE("Ensure that no errc value is left without a text");
  for (std::size_t i = 0; i < otpnet::errc_count; ++i) {
    auto e = static_cast<errc>(i);
    BOOST_TEST_CONTEXT("atom " << otpnet::to_atom(e)) {
      auto text = format_error(e);
      BOOST_TEST(!text.empty());
      BOOST_TEST(text != "unknown POSIX error");
    }
  }
}

BOOST_AUTO_TEST_CASE(format_error_survives_out_of_range_values) {
  BOOST_TEST_MESSAGE("Ensure that a value cast from a bad integer yields a "
                     "text, not a crash");
  auto bad = static_cast<errc>(otpnet::errc_count);
  BOOST_TEST(format_error(bad) == "unknown POSIX error");
}

BOOST_AUTO_TEST_SUITE_END()
