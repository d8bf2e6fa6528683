// Error reasons, spelled exactly like the Erlang atoms of gen_tcp and inet.
//
// The first block holds the non-POSIX reasons gen_tcp returns (closed,
// timeout, not_owner, ...); the rest is the "POSIX Error Codes" list of the
// inet reference in the spec's (alphabetical) order. `ok` is 0 because CAF
// treats error code 0 as "no error". Every value fits in uint8_t.
//
// Thread safety: all functions are pure and may be called concurrently.

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace otpnet {

enum class errc : uint8_t {
  ok,
  closed,
  timeout,
  einval,
  not_owner,
  badarg,
  system_limit,
  nosock,
  e2big,
  eacces,
  eaddrinuse,
  eaddrnotavail,
  eadv,
  eafnosupport,
  eagain,
  ealign,
  ealready,
  ebade,
  ebadf,
  ebadfd,
  ebadmsg,
  ebadr,
  ebadrpc,
  ebadrqc,
  ebadslt,
  ebfont,
  ebusy,
  echild,
  echrng,
  ecomm,
  econnaborted,
  econnrefused,
  econnreset,
  edeadlk,
  edeadlock,
  edestaddrreq,
  edirty,
  edom,
  edotdot,
  edquot,
  eduppkg,
  eexist,
  efault,
  efbig,
  ehostdown,
  ehostunreach,
  eidrm,
  einit,
  einprogress,
  eintr,
  eio,
  eisconn,
  eisdir,
  eisnam,
  el2hlt,
  el2nsync,
  el3hlt,
  el3rst,
  elbin,
  elibacc,
  elibbad,
  elibexec,
  elibmax,
  elibscn,
  elnrng,
  eloop,
  emfile,
  emlink,
  emsgsize,
  emultihop,
  enametoolong,
  enavail,
  enet,
  enetdown,
  enetreset,
  enetunreach,
  enfile,
  enoano,
  enobufs,
  enocsi,
  enodata,
  enodev,
  enoent,
  enoexec,
  enolck,
  enolink,
  enomem,
  enomsg,
  enonet,
  enopkg,
  enoprotoopt,
  enospc,
  enosr,
  enosym,
  enosys,
  enotblk,
  enotconn,
  enotdir,
  enotempty,
  enotnam,
  enotsock,
  enotsup,
  enotty,
  enotuniq,
  enxio,
  eopnotsupp,
  eperm,
  epfnosupport,
  epipe,
  eproclim,
  eprocunavail,
  eprogmismatch,
  eprogunavail,
  eproto,
  eprotonosupport,
  eprototype,
  erange,
  erefused,
  eremchg,
  eremdev,
  eremote,
  eremoteio,
  eremoterelease,
  erofs,
  erpcmismatch,
  erremote,
  eshutdown,
  esocktnosupport,
  espipe,
  esrch,
  esrmnt,
  estale,
  esuccess,
  etime,
  etimedout,
  etoomanyrefs,
  etxtbsy,
  euclean,
  eunatch,
  eusers,
  eversion,
  ewouldblock,
  exdev,
  exfull,
  nxdomain,
  // Not in the spec's list, but named by erts (erl_errno_id) on Linux, so
  // OTP returns these atoms where otherwise otpnet would say eio.
  eilseq,
  enostr,
  eoverflow,
};

/// Number of enumerators; values are 0 .. errc_count - 1 without gaps.
inline constexpr std::size_t errc_count
  = static_cast<std::size_t>(errc::eoverflow) + 1;

/// The Erlang atom for `e`, e.g. "closed", "econnrefused". Never empty; an
/// out-of-range value (a cast from a bad integer) yields "unknown".
std::string_view to_atom(errc e);

/// The inverse of to_atom; nullopt for a string that names no errc.
std::optional<errc> errc_from_atom(std::string_view atom);

/// Maps a (Linux) errno value the way erts does: 0 -> ok, ECONNREFUSED ->
/// econnrefused, ... Aliases resolve like erl_posix_str.c: EWOULDBLOCK ->
/// eagain, EDEADLOCK -> edeadlk, EOPNOTSUPP -> enotsup (one value on
/// Linux). An errno erts has no name for either (ECANCELED, EOWNERDEAD...:
/// OTP says `unknown`) maps to eio.
errc errc_from_errno(int e);

} // namespace otpnet
