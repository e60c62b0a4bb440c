"""The on-disk format of the embedded store: a header, then length-prefixed, CRC32-checked records.

Both the snapshot and the log use it. A record is `<u32 length><u32 crc32(payload)><payload>`; a reader stops
at the first record that is short or fails its checksum (a torn tail left by a crash, or a write in progress).
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from geokg.graph.errors import StoreError

VERSION = 1
LOG_MAGIC = b"GEOKGLOG"
SNAPSHOT_MAGIC = b"GEOKGSNP"
HEADER = struct.Struct("<8sHQ")  # magic, format version, generation
RECORD = struct.Struct("<II")  # payload length, crc32 of payload
MAX_RECORD = 1 << 30


def frame(payload: bytes) -> bytes:
    """One record: length, checksum, payload."""
    return RECORD.pack(len(payload), zlib.crc32(payload)) + payload


def header(magic: bytes, generation: int) -> bytes:
    """The header that starts a file of the given kind and generation."""
    return HEADER.pack(magic, VERSION, generation)


def read_header(f: BinaryIO, path: Path, magic: bytes) -> int:
    """The file's generation, or StoreError naming the file when it is not a geokg file of this kind."""
    raw = f.read(HEADER.size)
    if len(raw) < HEADER.size:
        raise StoreError(f"{path}: not a geokg store file (only {len(raw)} bytes); move it away or fix KG_DATA_DIR")
    got, version, generation = HEADER.unpack(raw)
    if got != magic:
        raise StoreError(f"{path}: not a geokg store file (bad magic {got!r}); refusing to touch it")
    if version != VERSION:
        raise StoreError(f"{path}: store format version {version}, this geokg reads version {VERSION}")
    return generation


def read_records(f: BinaryIO) -> Iterator[tuple[bytes, int]]:
    """Each intact record's payload and the file offset just after it, up to the first short or bad record."""
    offset = f.tell()
    while True:
        head = f.read(RECORD.size)
        if len(head) < RECORD.size:
            return
        length, crc = RECORD.unpack(head)
        if length > MAX_RECORD:
            return
        payload = f.read(length)
        if len(payload) < length or zlib.crc32(payload) != crc:
            return
        offset += RECORD.size + length
        yield payload, offset


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in the folder durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, magic: bytes, generation: int, payloads: Iterable[bytes]) -> int:
    """Write a whole file beside the target, fsync it and rename it into place; returns its size."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(header(magic, generation))
        for payload in payloads:
            f.write(frame(payload))
        f.flush()
        os.fsync(f.fileno())
        size = f.tell()
    os.replace(tmp, path)
    fsync_dir(path.parent)
    return size
