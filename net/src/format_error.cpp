#include "otpnet/inet/format_error.hpp"

namespace otpnet::inet {

namespace {

const char* text_of(errc e) {
  // A switch without default: -Wswitch flags an enumerator left out here.
  switch (e) {
    case errc::ok:
      return "no error";
    case errc::closed:
      return "closed";
    case errc::timeout:
      return "timeout";
    case errc::einval:
      return "Invalid argument";
    case errc::not_owner:
      return "not owner";
    case errc::badarg:
      return "bad argument";
    case errc::system_limit:
      return "a system limit was hit";
    case errc::nosock:
      return "no such socket";
    case errc::e2big:
      return "Too long argument list";
    case errc::eacces:
      return "Permission denied";
    case errc::eaddrinuse:
      return "Address already in use";
    case errc::eaddrnotavail:
      return "Cannot assign requested address";
    case errc::eadv:
      return "Advertise error";
    case errc::eafnosupport:
      return "Address family not supported by protocol family";
    case errc::eagain:
      return "Resource temporarily unavailable";
    case errc::ealign:
      return "EALIGN";
    case errc::ealready:
      return "Operation already in progress";
    case errc::ebade:
      return "Bad exchange descriptor";
    case errc::ebadf:
      return "Bad file number";
    case errc::ebadfd:
      return "File descriptor in bad state";
    case errc::ebadmsg:
      return "Not a data message";
    case errc::ebadr:
      return "Bad request descriptor";
    case errc::ebadrpc:
      return "Bad RPC structure";
    case errc::ebadrqc:
      return "Bad request code";
    case errc::ebadslt:
      return "Invalid slot";
    case errc::ebfont:
      return "Bad font file format";
    case errc::ebusy:
      return "File busy";
    case errc::echild:
      return "No children";
    case errc::echrng:
      return "Channel number out of range";
    case errc::ecomm:
      return "Communication error on send";
    case errc::econnaborted:
      return "Software caused connection abort";
    case errc::econnrefused:
      return "Connection refused";
    case errc::econnreset:
      return "Connection reset by peer";
    case errc::edeadlk:
      return "Resource deadlock avoided";
    case errc::edeadlock:
      return "Resource deadlock avoided";
    case errc::edestaddrreq:
      return "Destination address required";
    case errc::edirty:
      return "Mounting a dirty fs without force";
    case errc::edom:
      return "Math argument out of range";
    case errc::edotdot:
      return "Cross mount point";
    case errc::edquot:
      return "Disk quota exceeded";
    case errc::eduppkg:
      return "Duplicate package name";
    case errc::eexist:
      return "File already exists";
    case errc::efault:
      return "Bad address in system call argument";
    case errc::efbig:
      return "File too large";
    case errc::ehostdown:
      return "Host is down";
    case errc::ehostunreach:
      return "Host is unreachable";
    case errc::eidrm:
      return "Identifier removed";
    case errc::einit:
      return "Initialization error";
    case errc::einprogress:
      return "Operation now in progress";
    case errc::eintr:
      return "Interrupted system call";
    case errc::eio:
      return "I/O error";
    case errc::eisconn:
      return "Socket is already connected";
    case errc::eisdir:
      return "Illegal operation on a directory";
    case errc::eisnam:
      return "Is a named file";
    case errc::el2hlt:
      return "Level 2 halted";
    case errc::el2nsync:
      return "Level 2 not synchronized";
    case errc::el3hlt:
      return "Level 3 halted";
    case errc::el3rst:
      return "Level 3 reset";
    case errc::elbin:
      return "ELBIN";
    case errc::elibacc:
      return "Cannot access a needed shared library";
    case errc::elibbad:
      return "Accessing a corrupted shared library";
    case errc::elibexec:
      return "Cannot exec a shared library directly";
    case errc::elibmax:
      return "Attempting to link in more shared libraries than system limit";
    case errc::elibscn:
      return ".lib section in a.out corrupted";
    case errc::elnrng:
      return "Link number out of range";
    case errc::eloop:
      return "Too many levels of symbolic links";
    case errc::emfile:
      return "Too many open files";
    case errc::emlink:
      return "Too many links";
    case errc::emsgsize:
      return "Message too long";
    case errc::emultihop:
      return "Multihop attempted";
    case errc::enametoolong:
      return "Filename too long";
    case errc::enavail:
      return "Unavailable";
    case errc::enet:
      return "ENET";
    case errc::enetdown:
      return "Network is down";
    case errc::enetreset:
      return "Network dropped connection on reset";
    case errc::enetunreach:
      return "Network is unreachable";
    case errc::enfile:
      return "File table overflow";
    case errc::enoano:
      return "Anode table overflow";
    case errc::enobufs:
      return "No buffer space available";
    case errc::enocsi:
      return "No CSI structure available";
    case errc::enodata:
      return "No data available";
    case errc::enodev:
      return "No such device";
    case errc::enoent:
      return "No such file or directory";
    case errc::enoexec:
      return "Exec format error";
    case errc::enolck:
      return "No locks available";
    case errc::enolink:
      return "Link has been severed";
    case errc::enomem:
      return "Not enough memory";
    case errc::enomsg:
      return "No message of desired type";
    case errc::enonet:
      return "Machine is not on the network";
    case errc::enopkg:
      return "Package not installed";
    case errc::enoprotoopt:
      return "Bad protocol option";
    case errc::enospc:
      return "No space left on device";
    case errc::enosr:
      return "Out of stream resources or not a stream device";
    case errc::enosym:
      return "Unresolved symbol name";
    case errc::enosys:
      return "Function not implemented";
    case errc::enotblk:
      return "Block device required";
    case errc::enotconn:
      return "Socket is not connected";
    case errc::enotdir:
      return "Not a directory";
    case errc::enotempty:
      return "Directory not empty";
    case errc::enotnam:
      return "Not a named file";
    case errc::enotsock:
      return "Socket operation on non-socket";
    case errc::enotsup:
      return "Operation not supported";
    case errc::enotty:
      return "Inappropriate device for ioctl";
    case errc::enotuniq:
      return "Name not unique on network";
    case errc::enxio:
      return "No such device or address";
    case errc::eopnotsupp:
      return "Operation not supported on socket";
    case errc::eperm:
      return "Not owner";
    case errc::epfnosupport:
      return "Protocol family not supported";
    case errc::epipe:
      return "Broken pipe";
    case errc::eproclim:
      return "Too many processes";
    case errc::eprocunavail:
      return "Bad procedure for program";
    case errc::eprogmismatch:
      return "Wrong program version";
    case errc::eprogunavail:
      return "RPC program unavailable";
    case errc::eproto:
      return "Protocol error";
    case errc::eprotonosupport:
      return "Protocol not supported";
    case errc::eprototype:
      return "Wrong protocol type for socket";
    case errc::erange:
      return "Math result unrepresentable";
    case errc::erefused:
      return "EREFUSED";
    case errc::eremchg:
      return "Remote address changed";
    case errc::eremdev:
      return "Remote device";
    case errc::eremote:
      return "Pathname hit remote filesystem";
    case errc::eremoteio:
      return "Remote I/O error";
    case errc::eremoterelease:
      return "EREMOTERELEASE";
    case errc::erofs:
      return "Read-only filesystem";
    case errc::erpcmismatch:
      return "Wrong RPC version";
    case errc::erremote:
      return "Object is remote";
    case errc::eshutdown:
      return "Cannot send after socket shutdown";
    case errc::esocktnosupport:
      return "Socket type not supported";
    case errc::espipe:
      return "Invalid seek";
    case errc::esrch:
      return "No such process";
    case errc::esrmnt:
      return "Srmount error";
    case errc::estale:
      return "Stale remote file handle";
    case errc::esuccess:
      return "Error 0";
    case errc::etime:
      return "Timer expired";
    case errc::etimedout:
      return "Connection timed out";
    case errc::etoomanyrefs:
      return "Too many references";
    case errc::etxtbsy:
      return "Text file or pseudo-device busy";
    case errc::euclean:
      return "Structure needs cleaning";
    case errc::eunatch:
      return "Protocol driver not attached";
    case errc::eusers:
      return "Too many users";
    case errc::eversion:
      return "Version mismatch";
    case errc::ewouldblock:
      return "Operation would block";
    case errc::exdev:
      return "Cross-device link";
    case errc::exfull:
      return "Message tables full";
    case errc::nxdomain:
      return "Hostname or domain name cannot be found";
    // Outside the spec's table (see errc.hpp): the kernel's meaning.
    case errc::eilseq:
      return "Illegal byte sequence";
    case errc::enostr:
      return "Not a stream";
    case errc::eoverflow:
      return "Value too large for defined data type";
  }
  return "unknown POSIX error";
}

} // namespace

std::string format_error(errc e) {
  return text_of(e);
}

} // namespace otpnet::inet
