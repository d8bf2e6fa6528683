#!/usr/bin/env python3
"""Prints random framing cases, "TYPE PACKET_SIZE BUFFER DELIMITER HEX",
most of them with a well-formed header so that whole packets, partial ones
and limits are all reached. Usage: cases.py SEED COUNT"""
import random
import sys


def noise(n):
    return bytes(random.getrandbits(8) for _ in range(n))


def big_length(size):
    """A length near the 2 GB cap (or the type's maximum): only the header
    and a few bytes follow, as from a hostile peer."""
    top = 2 ** (8 * size) - 1
    return random.choice([top, top - 1, 2**31 - 1, 2**31 - 2, 2**31 - 5,
                          2**31, 2**31 - 4, 2**31 - 8]) & top


def length_prefixed(size):
    if size == 4 and random.random() < 0.2:
        return big_length(4).to_bytes(4, "big") + noise(random.randint(0, 5))
    n = random.randint(0, 40)
    return n.to_bytes(size, "big") + noise(random.randint(0, n + 5))


def asn1():
    tag = random.choice([b"\x30", b"\x1f\x81\x05", b"\x02", b"\x1f\x7f"])
    n = random.randint(0, 300)
    if n < 128 and random.random() < 0.7:
        length = bytes([n])
    elif random.random() < 0.2:
        length = b"\x80"
    else:
        raw = n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big")
        length = bytes([0x80 | len(raw)]) + raw
    return tag + length + noise(random.randint(0, min(n, 60) + 3))


def case():
    t = random.choice(["raw", "1", "2", "4", "line", "asn1", "sunrm", "cdr",
                       "fcgi", "tpkt"])
    size = random.choice([0, 0, 0, random.randint(1, 40),
                          random.randint(1, 300)])
    buffer = random.choice([0, 0, random.randint(1, 40)])
    delimiter = random.choice([10, 10, random.randint(0, 255)])
    if random.random() >= 0.6:
        data = noise(random.randint(0, 48))
    elif t in ("1", "2", "4"):
        data = length_prefixed(int(t))
    elif t == "sunrm":
        n = random.randint(0, 40)
        if random.random() < 0.2:
            n = big_length(4) & 0x7fffffff
        data = ((random.getrandbits(1) << 31) | n).to_bytes(4, "big") \
            + noise(random.randint(0, min(n, 40) + 5))
    elif t == "tpkt":
        n = random.randint(0, 44)
        data = bytes([3, random.choice([0, 0, 7])]) + n.to_bytes(2, "big") \
            + noise(random.randint(0, n + 3))
    elif t == "fcgi":
        c, p = random.randint(0, 30), random.randint(0, 8)
        data = bytes([random.choice([1, 1, 2]), random.randint(0, 11)]) \
            + noise(2) + c.to_bytes(2, "big") + bytes([p, 0]) \
            + noise(random.randint(0, c + p + 4))
    elif t == "cdr":
        n, little = random.randint(0, 30), random.getrandbits(1)
        data = b"GIOP" + bytes([1, random.randint(0, 3), little, 0]) \
            + n.to_bytes(4, "little" if little else "big") \
            + noise(random.randint(0, n + 4))
    elif t == "asn1":
        data = asn1()
    elif t == "line":
        data = b"".join(noise(random.randint(0, 12)) + bytes([delimiter])
                        for _ in range(random.randint(0, 3))) \
            + noise(random.randint(0, 10))
    else:
        data = noise(random.randint(1, 48))
    return f"{t} {size} {buffer} {delimiter} {data.hex() or '-'}"


random.seed(int(sys.argv[1]))
for _ in range(int(sys.argv[2])):
    print(case())
