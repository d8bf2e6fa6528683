#include "otpnet/net/errc.hpp"

#include <cerrno>
#include <utility>

namespace otpnet {

std::string_view to_atom(errc e) {
  // A switch without default: -Wswitch flags an enumerator left out here.
  switch (e) {
    case errc::ok:
      return "ok";
    case errc::closed:
      return "closed";
    case errc::timeout:
      return "timeout";
    case errc::einval:
      return "einval";
    case errc::not_owner:
      return "not_owner";
    case errc::badarg:
      return "badarg";
    case errc::system_limit:
      return "system_limit";
    case errc::nosock:
      return "nosock";
    case errc::e2big:
      return "e2big";
    case errc::eacces:
      return "eacces";
    case errc::eaddrinuse:
      return "eaddrinuse";
    case errc::eaddrnotavail:
      return "eaddrnotavail";
    case errc::eadv:
      return "eadv";
    case errc::eafnosupport:
      return "eafnosupport";
    case errc::eagain:
      return "eagain";
    case errc::ealign:
      return "ealign";
    case errc::ealready:
      return "ealready";
    case errc::ebade:
      return "ebade";
    case errc::ebadf:
      return "ebadf";
    case errc::ebadfd:
      return "ebadfd";
    case errc::ebadmsg:
      return "ebadmsg";
    case errc::ebadr:
      return "ebadr";
    case errc::ebadrpc:
      return "ebadrpc";
    case errc::ebadrqc:
      return "ebadrqc";
    case errc::ebadslt:
      return "ebadslt";
    case errc::ebfont:
      return "ebfont";
    case errc::ebusy:
      return "ebusy";
    case errc::echild:
      return "echild";
    case errc::echrng:
      return "echrng";
    case errc::ecomm:
      return "ecomm";
    case errc::econnaborted:
      return "econnaborted";
    case errc::econnrefused:
      return "econnrefused";
    case errc::econnreset:
      return "econnreset";
    case errc::edeadlk:
      return "edeadlk";
    case errc::edeadlock:
      return "edeadlock";
    case errc::edestaddrreq:
      return "edestaddrreq";
    case errc::edirty:
      return "edirty";
    case errc::edom:
      return "edom";
    case errc::edotdot:
      return "edotdot";
    case errc::edquot:
      return "edquot";
    case errc::eduppkg:
      return "eduppkg";
    case errc::eexist:
      return "eexist";
    case errc::efault:
      return "efault";
    case errc::efbig:
      return "efbig";
    case errc::ehostdown:
      return "ehostdown";
    case errc::ehostunreach:
      return "ehostunreach";
    case errc::eidrm:
      return "eidrm";
    case errc::einit:
      return "einit";
    case errc::einprogress:
      return "einprogress";
    case errc::eintr:
      return "eintr";
    case errc::eio:
      return "eio";
    case errc::eisconn:
      return "eisconn";
    case errc::eisdir:
      return "eisdir";
    case errc::eisnam:
      return "eisnam";
    case errc::el2hlt:
      return "el2hlt";
    case errc::el2nsync:
      return "el2nsync";
    case errc::el3hlt:
      return "el3hlt";
    case errc::el3rst:
      return "el3rst";
    case errc::elbin:
      return "elbin";
    case errc::elibacc:
      return "elibacc";
    case errc::elibbad:
      return "elibbad";
    case errc::elibexec:
      return "elibexec";
    case errc::elibmax:
      return "elibmax";
    case errc::elibscn:
      return "elibscn";
    case errc::elnrng:
      return "elnrng";
    case errc::eloop:
      return "eloop";
    case errc::emfile:
      return "emfile";
    case errc::emlink:
      return "emlink";
    case errc::emsgsize:
      return "emsgsize";
    case errc::emultihop:
      return "emultihop";
    case errc::enametoolong:
      return "enametoolong";
    case errc::enavail:
      return "enavail";
    case errc::enet:
      return "enet";
    case errc::enetdown:
      return "enetdown";
    case errc::enetreset:
      return "enetreset";
    case errc::enetunreach:
      return "enetunreach";
    case errc::enfile:
      return "enfile";
    case errc::enoano:
      return "enoano";
    case errc::enobufs:
      return "enobufs";
    case errc::enocsi:
      return "enocsi";
    case errc::enodata:
      return "enodata";
    case errc::enodev:
      return "enodev";
    case errc::enoent:
      return "enoent";
    case errc::enoexec:
      return "enoexec";
    case errc::enolck:
      return "enolck";
    case errc::enolink:
      return "enolink";
    case errc::enomem:
      return "enomem";
    case errc::enomsg:
      return "enomsg";
    case errc::enonet:
      return "enonet";
    case errc::enopkg:
      return "enopkg";
    case errc::enoprotoopt:
      return "enoprotoopt";
    case errc::enospc:
      return "enospc";
    case errc::enosr:
      return "enosr";
    case errc::enosym:
      return "enosym";
    case errc::enosys:
      return "enosys";
    case errc::enotblk:
      return "enotblk";
    case errc::enotconn:
      return "enotconn";
    case errc::enotdir:
      return "enotdir";
    case errc::enotempty:
      return "enotempty";
    case errc::enotnam:
      return "enotnam";
    case errc::enotsock:
      return "enotsock";
    case errc::enotsup:
      return "enotsup";
    case errc::enotty:
      return "enotty";
    case errc::enotuniq:
      return "enotuniq";
    case errc::enxio:
      return "enxio";
    case errc::eopnotsupp:
      return "eopnotsupp";
    case errc::eperm:
      return "eperm";
    case errc::epfnosupport:
      return "epfnosupport";
    case errc::epipe:
      return "epipe";
    case errc::eproclim:
      return "eproclim";
    case errc::eprocunavail:
      return "eprocunavail";
    case errc::eprogmismatch:
      return "eprogmismatch";
    case errc::eprogunavail:
      return "eprogunavail";
    case errc::eproto:
      return "eproto";
    case errc::eprotonosupport:
      return "eprotonosupport";
    case errc::eprototype:
      return "eprototype";
    case errc::erange:
      return "erange";
    case errc::erefused:
      return "erefused";
    case errc::eremchg:
      return "eremchg";
    case errc::eremdev:
      return "eremdev";
    case errc::eremote:
      return "eremote";
    case errc::eremoteio:
      return "eremoteio";
    case errc::eremoterelease:
      return "eremoterelease";
    case errc::erofs:
      return "erofs";
    case errc::erpcmismatch:
      return "erpcmismatch";
    case errc::erremote:
      return "erremote";
    case errc::eshutdown:
      return "eshutdown";
    case errc::esocktnosupport:
      return "esocktnosupport";
    case errc::espipe:
      return "espipe";
    case errc::esrch:
      return "esrch";
    case errc::esrmnt:
      return "esrmnt";
    case errc::estale:
      return "estale";
    case errc::esuccess:
      return "esuccess";
    case errc::etime:
      return "etime";
    case errc::etimedout:
      return "etimedout";
    case errc::etoomanyrefs:
      return "etoomanyrefs";
    case errc::etxtbsy:
      return "etxtbsy";
    case errc::euclean:
      return "euclean";
    case errc::eunatch:
      return "eunatch";
    case errc::eusers:
      return "eusers";
    case errc::eversion:
      return "eversion";
    case errc::ewouldblock:
      return "ewouldblock";
    case errc::exdev:
      return "exdev";
    case errc::exfull:
      return "exfull";
    case errc::nxdomain:
      return "nxdomain";
    case errc::eilseq:
      return "eilseq";
    case errc::enostr:
      return "enostr";
    case errc::eoverflow:
      return "eoverflow";
  }
  return "unknown";
}

std::optional<errc> errc_from_atom(std::string_view atom) {
  for (std::size_t i = 0; i < errc_count; ++i) {
    auto e = static_cast<errc>(i);
    if (to_atom(e) == atom)
      return e;
  }
  return std::nullopt;
}

namespace {

// A table rather than a switch: several names are aliases of one value on
// Linux, and a duplicate case label would not compile. The first match
// wins, so the name erts reports comes first (EAGAIN before EWOULDBLOCK,
// EDEADLK before EDEADLOCK, ENOTSUP before EOPNOTSUPP: OTP 25's
// socket:getopt_native answers enotsup for Linux's 95).
constexpr std::pair<int, errc> errno_table[] = {
#ifdef E2BIG
  {E2BIG, errc::e2big},
#endif
#ifdef EACCES
  {EACCES, errc::eacces},
#endif
#ifdef EADDRINUSE
  {EADDRINUSE, errc::eaddrinuse},
#endif
#ifdef EADDRNOTAVAIL
  {EADDRNOTAVAIL, errc::eaddrnotavail},
#endif
#ifdef EADV
  {EADV, errc::eadv},
#endif
#ifdef EAFNOSUPPORT
  {EAFNOSUPPORT, errc::eafnosupport},
#endif
#ifdef EAGAIN
  {EAGAIN, errc::eagain},
#endif
#ifdef EALIGN
  {EALIGN, errc::ealign},
#endif
#ifdef EALREADY
  {EALREADY, errc::ealready},
#endif
#ifdef EBADE
  {EBADE, errc::ebade},
#endif
#ifdef EBADF
  {EBADF, errc::ebadf},
#endif
#ifdef EBADFD
  {EBADFD, errc::ebadfd},
#endif
#ifdef EBADMSG
  {EBADMSG, errc::ebadmsg},
#endif
#ifdef EBADR
  {EBADR, errc::ebadr},
#endif
#ifdef EBADRPC
  {EBADRPC, errc::ebadrpc},
#endif
#ifdef EBADRQC
  {EBADRQC, errc::ebadrqc},
#endif
#ifdef EBADSLT
  {EBADSLT, errc::ebadslt},
#endif
#ifdef EBFONT
  {EBFONT, errc::ebfont},
#endif
#ifdef EBUSY
  {EBUSY, errc::ebusy},
#endif
#ifdef ECHILD
  {ECHILD, errc::echild},
#endif
#ifdef ECHRNG
  {ECHRNG, errc::echrng},
#endif
#ifdef ECOMM
  {ECOMM, errc::ecomm},
#endif
#ifdef ECONNABORTED
  {ECONNABORTED, errc::econnaborted},
#endif
#ifdef ECONNREFUSED
  {ECONNREFUSED, errc::econnrefused},
#endif
#ifdef ECONNRESET
  {ECONNRESET, errc::econnreset},
#endif
#ifdef EDEADLK
  {EDEADLK, errc::edeadlk},
#endif
#ifdef EDEADLOCK
  {EDEADLOCK, errc::edeadlock},
#endif
#ifdef EDESTADDRREQ
  {EDESTADDRREQ, errc::edestaddrreq},
#endif
#ifdef EDIRTY
  {EDIRTY, errc::edirty},
#endif
#ifdef EDOM
  {EDOM, errc::edom},
#endif
#ifdef EDOTDOT
  {EDOTDOT, errc::edotdot},
#endif
#ifdef EDQUOT
  {EDQUOT, errc::edquot},
#endif
#ifdef EDUPPKG
  {EDUPPKG, errc::eduppkg},
#endif
#ifdef EEXIST
  {EEXIST, errc::eexist},
#endif
#ifdef EFAULT
  {EFAULT, errc::efault},
#endif
#ifdef EFBIG
  {EFBIG, errc::efbig},
#endif
#ifdef EHOSTDOWN
  {EHOSTDOWN, errc::ehostdown},
#endif
#ifdef EHOSTUNREACH
  {EHOSTUNREACH, errc::ehostunreach},
#endif
#ifdef EIDRM
  {EIDRM, errc::eidrm},
#endif
#ifdef EINIT
  {EINIT, errc::einit},
#endif
#ifdef EINPROGRESS
  {EINPROGRESS, errc::einprogress},
#endif
#ifdef EINTR
  {EINTR, errc::eintr},
#endif
#ifdef EINVAL
  {EINVAL, errc::einval},
#endif
#ifdef EIO
  {EIO, errc::eio},
#endif
#ifdef EISCONN
  {EISCONN, errc::eisconn},
#endif
#ifdef EISDIR
  {EISDIR, errc::eisdir},
#endif
#ifdef EISNAM
  {EISNAM, errc::eisnam},
#endif
#ifdef EL2HLT
  {EL2HLT, errc::el2hlt},
#endif
#ifdef EL2NSYNC
  {EL2NSYNC, errc::el2nsync},
#endif
#ifdef EL3HLT
  {EL3HLT, errc::el3hlt},
#endif
#ifdef EL3RST
  {EL3RST, errc::el3rst},
#endif
#ifdef ELBIN
  {ELBIN, errc::elbin},
#endif
#ifdef ELIBACC
  {ELIBACC, errc::elibacc},
#endif
#ifdef ELIBBAD
  {ELIBBAD, errc::elibbad},
#endif
#ifdef ELIBEXEC
  {ELIBEXEC, errc::elibexec},
#endif
#ifdef ELIBMAX
  {ELIBMAX, errc::elibmax},
#endif
#ifdef ELIBSCN
  {ELIBSCN, errc::elibscn},
#endif
#ifdef ELNRNG
  {ELNRNG, errc::elnrng},
#endif
#ifdef ELOOP
  {ELOOP, errc::eloop},
#endif
#ifdef EMFILE
  {EMFILE, errc::emfile},
#endif
#ifdef EMLINK
  {EMLINK, errc::emlink},
#endif
#ifdef EMSGSIZE
  {EMSGSIZE, errc::emsgsize},
#endif
#ifdef EMULTIHOP
  {EMULTIHOP, errc::emultihop},
#endif
#ifdef ENAMETOOLONG
  {ENAMETOOLONG, errc::enametoolong},
#endif
#ifdef ENAVAIL
  {ENAVAIL, errc::enavail},
#endif
#ifdef ENET
  {ENET, errc::enet},
#endif
#ifdef ENETDOWN
  {ENETDOWN, errc::enetdown},
#endif
#ifdef ENETRESET
  {ENETRESET, errc::enetreset},
#endif
#ifdef ENETUNREACH
  {ENETUNREACH, errc::enetunreach},
#endif
#ifdef ENFILE
  {ENFILE, errc::enfile},
#endif
#ifdef ENOANO
  {ENOANO, errc::enoano},
#endif
#ifdef ENOBUFS
  {ENOBUFS, errc::enobufs},
#endif
#ifdef ENOCSI
  {ENOCSI, errc::enocsi},
#endif
#ifdef ENODATA
  {ENODATA, errc::enodata},
#endif
#ifdef ENODEV
  {ENODEV, errc::enodev},
#endif
#ifdef ENOENT
  {ENOENT, errc::enoent},
#endif
#ifdef ENOEXEC
  {ENOEXEC, errc::enoexec},
#endif
#ifdef ENOLCK
  {ENOLCK, errc::enolck},
#endif
#ifdef ENOLINK
  {ENOLINK, errc::enolink},
#endif
#ifdef ENOMEM
  {ENOMEM, errc::enomem},
#endif
#ifdef ENOMSG
  {ENOMSG, errc::enomsg},
#endif
#ifdef ENONET
  {ENONET, errc::enonet},
#endif
#ifdef ENOPKG
  {ENOPKG, errc::enopkg},
#endif
#ifdef ENOPROTOOPT
  {ENOPROTOOPT, errc::enoprotoopt},
#endif
#ifdef ENOSPC
  {ENOSPC, errc::enospc},
#endif
#ifdef ENOSR
  {ENOSR, errc::enosr},
#endif
#ifdef ENOSYM
  {ENOSYM, errc::enosym},
#endif
#ifdef ENOSYS
  {ENOSYS, errc::enosys},
#endif
#ifdef ENOTBLK
  {ENOTBLK, errc::enotblk},
#endif
#ifdef ENOTCONN
  {ENOTCONN, errc::enotconn},
#endif
#ifdef ENOTDIR
  {ENOTDIR, errc::enotdir},
#endif
#ifdef ENOTEMPTY
  {ENOTEMPTY, errc::enotempty},
#endif
#ifdef ENOTNAM
  {ENOTNAM, errc::enotnam},
#endif
#ifdef ENOTSOCK
  {ENOTSOCK, errc::enotsock},
#endif
#ifdef ENOTSUP
  {ENOTSUP, errc::enotsup},
#endif
#ifdef EOPNOTSUPP
  {EOPNOTSUPP, errc::eopnotsupp},
#endif
#ifdef ENOTTY
  {ENOTTY, errc::enotty},
#endif
#ifdef ENOTUNIQ
  {ENOTUNIQ, errc::enotuniq},
#endif
#ifdef ENXIO
  {ENXIO, errc::enxio},
#endif
#ifdef EPERM
  {EPERM, errc::eperm},
#endif
#ifdef EPFNOSUPPORT
  {EPFNOSUPPORT, errc::epfnosupport},
#endif
#ifdef EPIPE
  {EPIPE, errc::epipe},
#endif
#ifdef EPROCLIM
  {EPROCLIM, errc::eproclim},
#endif
#ifdef EPROCUNAVAIL
  {EPROCUNAVAIL, errc::eprocunavail},
#endif
#ifdef EPROGMISMATCH
  {EPROGMISMATCH, errc::eprogmismatch},
#endif
#ifdef EPROGUNAVAIL
  {EPROGUNAVAIL, errc::eprogunavail},
#endif
#ifdef EPROTO
  {EPROTO, errc::eproto},
#endif
#ifdef EPROTONOSUPPORT
  {EPROTONOSUPPORT, errc::eprotonosupport},
#endif
#ifdef EPROTOTYPE
  {EPROTOTYPE, errc::eprototype},
#endif
#ifdef ERANGE
  {ERANGE, errc::erange},
#endif
#ifdef EREFUSED
  {EREFUSED, errc::erefused},
#endif
#ifdef EREMCHG
  {EREMCHG, errc::eremchg},
#endif
#ifdef EREMDEV
  {EREMDEV, errc::eremdev},
#endif
#ifdef EREMOTE
  {EREMOTE, errc::eremote},
#endif
#ifdef EREMOTEIO
  {EREMOTEIO, errc::eremoteio},
#endif
#ifdef EREMOTERELEASE
  {EREMOTERELEASE, errc::eremoterelease},
#endif
#ifdef EROFS
  {EROFS, errc::erofs},
#endif
#ifdef ERPCMISMATCH
  {ERPCMISMATCH, errc::erpcmismatch},
#endif
#ifdef ERREMOTE
  {ERREMOTE, errc::erremote},
#endif
#ifdef ESHUTDOWN
  {ESHUTDOWN, errc::eshutdown},
#endif
#ifdef ESOCKTNOSUPPORT
  {ESOCKTNOSUPPORT, errc::esocktnosupport},
#endif
#ifdef ESPIPE
  {ESPIPE, errc::espipe},
#endif
#ifdef ESRCH
  {ESRCH, errc::esrch},
#endif
#ifdef ESRMNT
  {ESRMNT, errc::esrmnt},
#endif
#ifdef ESTALE
  {ESTALE, errc::estale},
#endif
#ifdef ETIME
  {ETIME, errc::etime},
#endif
#ifdef ETIMEDOUT
  {ETIMEDOUT, errc::etimedout},
#endif
#ifdef ETOOMANYREFS
  {ETOOMANYREFS, errc::etoomanyrefs},
#endif
#ifdef ETXTBSY
  {ETXTBSY, errc::etxtbsy},
#endif
#ifdef EUCLEAN
  {EUCLEAN, errc::euclean},
#endif
#ifdef EUNATCH
  {EUNATCH, errc::eunatch},
#endif
#ifdef EUSERS
  {EUSERS, errc::eusers},
#endif
#ifdef EVERSION
  {EVERSION, errc::eversion},
#endif
#ifdef EWOULDBLOCK
  {EWOULDBLOCK, errc::ewouldblock},
#endif
#ifdef EXDEV
  {EXDEV, errc::exdev},
#endif
#ifdef EXFULL
  {EXFULL, errc::exfull},
#endif
#ifdef NXDOMAIN
  {NXDOMAIN, errc::nxdomain},
#endif
#ifdef EILSEQ
  {EILSEQ, errc::eilseq},
#endif
#ifdef ENOSTR
  {ENOSTR, errc::enostr},
#endif
#ifdef EOVERFLOW
  {EOVERFLOW, errc::eoverflow},
#endif
};

} // namespace

errc errc_from_errno(int e) {
  if (e == 0)
    return errc::ok;
  for (const auto& [value, code] : errno_table)
    if (value == e)
      return code;
  return errc::eio;
}

} // namespace otpnet
