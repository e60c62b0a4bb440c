"""Reading the store format geokg wrote before SQLite (a pickle snapshot plus a checksummed log), to migrate it.

Both files are a header (magic, version, generation) then `<u32 length><u32 crc32><payload>` records, each
payload a pickle of plain tuples: ("u", stamp, encoded graph), ("d", stamp, article id) or ("t", stamp).
A log whose generation is older than the snapshot's was left by a compaction cut short and holds nothing new.
"""

from __future__ import annotations

import io
import pickle
import struct
import zlib
from datetime import date
from pathlib import Path

from geokg.graph.errors import StoreError
from geokg.graph.model import Article, ArticleGraph, Entity, Event, Mention, Relation

SNAPSHOT, LOG = "store.snapshot", "store.wal"
MAGIC = {SNAPSHOT: b"GEOKGSNP", LOG: b"GEOKGLOG"}
HEADER = struct.Struct("<8sHQ")  # magic, format version, generation
RECORD = struct.Struct("<II")  # payload length, crc32 of payload


class _PlainUnpickler(pickle.Unpickler):
    """Loads only built-in containers and scalars: a class reference means a damaged or foreign file."""

    def find_class(self, module: str, name: str):  # noqa: D102 - pickle hook
        raise pickle.UnpicklingError(f"unexpected class {module}.{name}")


def present(data_dir: Path) -> bool:
    """Whether the folder holds a store in the old format."""
    return any((data_dir / name).exists() for name in (SNAPSHOT, LOG))


def read(data_dir: Path) -> tuple[list[ArticleGraph], str | None]:
    """Every live article of the old store, in the order it was stored, and the last write's stamp."""
    articles: dict[str, ArticleGraph] = {}
    stamp: str | None = None
    generations: dict[str, int] = {}
    for name in (SNAPSHOT, LOG):
        path = data_dir / name
        if not path.exists():
            continue
        raw = path.read_bytes()
        generations[name] = _generation(path, raw)
        if name == LOG and generations[name] < generations.get(SNAPSHOT, 0):
            continue  # a compaction cut short: the snapshot already holds these records
        for record in _records(path, raw, whole=name == SNAPSHOT):
            kind, stamp = record[0], record[1] or stamp
            if kind == "u":
                g = graph_from_tuple(record[2])
                articles.pop(g.article.id, None)  # an update moves the article to the end, as the old store did
                articles[g.article.id] = g
            elif kind == "d":
                articles.pop(record[2], None)
    return list(articles.values()), stamp


def _generation(path: Path, raw: bytes) -> int:
    if len(raw) < HEADER.size:
        raise StoreError(f"{path}: not a geokg store file (only {len(raw)} bytes); move it away or fix KG_DATA_DIR")
    magic, version, generation = HEADER.unpack_from(raw)
    if magic != MAGIC[path.name] or version != 1:
        raise StoreError(f"{path}: not a geokg store file (bad magic {magic!r}); refusing to touch it")
    return generation


def _records(path: Path, raw: bytes, whole: bool):
    """Each record decoded; a damaged record is an error, except a torn tail of the log (a write cut short)."""
    pos = HEADER.size
    while pos < len(raw):
        ok = pos + RECORD.size <= len(raw)
        length, crc = RECORD.unpack_from(raw, pos) if ok else (0, 0)
        payload = raw[pos + RECORD.size:pos + RECORD.size + length]
        if not ok or len(payload) < length or zlib.crc32(payload) != crc:
            if whole or pos + RECORD.size + length < len(raw):
                raise StoreError(f"{path}: damaged at byte {pos}; nothing was converted (restore it from a backup)")
            return
        try:
            yield _PlainUnpickler(io.BytesIO(payload)).load()
        except (pickle.UnpicklingError, ValueError, TypeError, EOFError, AttributeError) as e:
            raise StoreError(f"{path}: unreadable record at byte {pos} ({e}); nothing was converted") from None
        pos += RECORD.size + length


def _date(n: int | None) -> date | None:
    return date.fromordinal(n) if n is not None else None


def graph_from_tuple(t: tuple | list) -> ArticleGraph:
    """The ArticleGraph the old store encoded as nested tuples (lists, when it came through JSON).

    Mentions and relations written before sectors existed lack them (5 and 18 fields, later 6 and 20).
    """
    article, entities, mentions, relations, sentences, skipped = t
    a = Article(*article[:4], _date(article[4]), *article[5:])
    ents = tuple(Entity(e[0], e[1], e[2], tuple(e[3]), e[4], tuple(e[5]), tuple(e[6])) for e in entities)
    rels = tuple(Relation(*r[:11], Event(*r[11]) if r[11] is not None else None, *r[12:17], _date(r[17]),
                          *r[18:20]) for r in relations)  # the two sectors, in records written since sectors
    return ArticleGraph(a, ents, tuple(Mention(*m) for m in mentions), rels, sentences, skipped)
