"""Read the shared libraries an ELF file needs (its DT_NEEDED entries).

A few lines of ``struct`` instead of ``ldd``/``readelf``: the spec uses it to leave
out libraries nothing needs, and the packaging tests use it to check that every
library the bundle needs but does not ship is a dependency of the .deb.
"""

from __future__ import annotations

import struct
from pathlib import Path

SHT_DYNAMIC = 6
DT_NULL = 0
DT_NEEDED = 1


def needed_libs(path: str | Path) -> list[str] | None:
    """The DT_NEEDED entries of an ELF64 little-endian file, or None if unreadable."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)
    ]
    for section in sections:
        if section[1] != SHT_DYNAMIC:
            continue
        # sh_link names the string table; (offset, size) are fields 4 and 5.
        strtab_offset = sections[section[6]][4]
        names = []
        for pos in range(section[4], section[4] + section[5], 16):
            tag, value = struct.unpack_from("<qQ", data, pos)
            if tag == DT_NULL:
                break
            if tag == DT_NEEDED:
                start = strtab_offset + value
                names.append(data[start : data.index(b"\0", start)].decode())
        return names
    return []
