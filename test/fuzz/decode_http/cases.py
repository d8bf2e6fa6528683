#!/usr/bin/env python3
"""Prints random HTTP framing and decoding cases, "TYPE PACKET_SIZE BUFFER
HEX": request and status lines for http_bin, header lines for httph_bin,
mostly well formed, then cut, folded, given odd terminators or mutated.
Numbers stay under ten digits: erts wraps longer ones around, otpnet
refuses them (a documented difference). Usage: cases.py SEED COUNT"""
import random
import sys

METHODS = ["GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE",
           "get", "Get", "PATCH", "CONNECT", "X-CUSTOM", "M\x7f", "G(T", "",
           "GE T"]
URIS = ["/", "/index.html?q=1&r=2", "*", "**", "x", "", "foo", "ftp:abc",
        "mailto:a@b", "http://host/p", "HTTP://Host:8080/p?q", "https://h",
        "https://h:443", "http://h:0/", "http://h:12x/", "http://h:/",
        "http://:80/", "http://h:99999/x", "http://", "https:///x",
        "http://a:b:c/d", "/a b"]
VERSIONS = ["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/10.20", "HTTP/1",
            "HTTP/.1", "HTTP/1.", "http/1.1", "HTTP/1.1junk", "HTTP/x.1",
            "HTTP/", "HTTP/123456789.1", "HTTQ/1.1", ""]
REASONS = ["OK", "Not Found", "", " ", "Whatever\tit is"]
STATUS = ["200", "404", "", "0", "99999", "2x0", "123456789"]
FIELDS = ["Host", "host", "HOST", "content-length", "Content-Type",
          "x-forwarded-for", "WWW-Authenticate", "content-md5", "Set-Cookie2",
          "X-Custom", "x--y", "-lead", "a" * 49, "b" * 50, "c" * 51,
          "D" * 60 + "-e", "", "Bad Name", "Bad(Name", "nam\x7fe", "é"]
VALUES = ["x", "", "  spaced  ", "text/html; charset=utf-8", "a:b", "\tt"]
ENDS = ["\r\n", "\r\n", "\n", "\r", "", "\r\r\n", "\n\r\n"]
SEPS = [" ", " ", "  ", "\t", " \t "]


def request_line():
    parts = [random.choice(METHODS), random.choice(SEPS),
             random.choice(URIS)]
    v = random.choice(VERSIONS)
    if v or random.random() < 0.5:
        parts += [random.choice(SEPS), v]
    return "".join(parts)


def status_line():
    return (random.choice(["HTTP/1.1", "HTTP/1.0", "HTTP/1", "HTTP/x",
                           "HTTP/1.1x", "HTTP/"])
            + random.choice(SEPS + ["", "x"]) + random.choice(STATUS)
            + random.choice(SEPS + [""]) + random.choice(REASONS))


def header_line():
    if random.random() < 0.1:
        return ""  # the empty line: http_eoh
    line = random.choice(FIELDS) + random.choice([":", ":", " :", ""]) \
        + random.choice(["", " ", "  ", "\t"]) + random.choice(VALUES)
    while random.random() < 0.2:  # a folded continuation line
        line += random.choice(["\r\n", "\n"]) + random.choice(SEPS) \
            + random.choice(VALUES)
    return line


def mutate(data):
    data = bytearray(data)
    for _ in range(random.choice([0, 0, 0, 1, 2])):
        op = random.randrange(3)
        pos = random.randint(0, len(data))
        byte = random.choice([random.getrandbits(8), 10, 13, 32, 9, 58])
        if byte == ord("["):
            byte = ord("]")  # keep clear of OTP 25's IPv6 URI parsing
        if op == 0:
            data.insert(pos, byte)
        elif data and pos < len(data):
            if op == 1:
                del data[pos]
            else:
                data[pos] = byte
    return bytes(data)


def case():
    headers = random.random() < 0.5
    t = "httph_bin" if headers else "http_bin"
    if headers:
        line = header_line()
    else:
        line = status_line() if random.random() < 0.3 else request_line()
    data = line.encode("latin-1") + random.choice(ENDS).encode()
    # What follows in the stream: nothing, the next line, or a fold.
    data += random.choice([b"", b"", b"Next: x\r\n", b" folded\r\n", b"\t",
                           b"\r\n"])
    data = mutate(data)
    size = random.choice([0, 0, 0, random.randint(1, 80)])
    buffer = random.choice([0, 0, random.randint(1, 80)])
    return f"{t} {size} {buffer} {data.hex() or '-'}"


random.seed(int(sys.argv[1]))
for _ in range(int(sys.argv[2])):
    print(case())
