"""The embedded store's files: a snapshot plus an append-only log, replayed into a GraphState.

`store.snapshot` holds every live article as of generation G; `store.wal` (header generation G) holds the article
upserts and deletes since. Writers append under an exclusive fcntl lock on `store.lock` and fsync once per call;
readers in other processes catch up by reading records appended after their offset. Compaction writes a new
snapshot (G+1) and then an empty log (G+1), each by atomic rename, so a crash between the two leaves a stale log
(generation G) that is ignored because the snapshot already holds its records.
"""

from __future__ import annotations

import fcntl
import logging
import os
import pickle
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from geokg.graph.embedded import codec, wal
from geokg.graph.embedded.state import GraphState, gc_paused
from geokg.graph.errors import StoreError

log = logging.getLogger(__name__)

SNAPSHOT, LOG, LOCK = "store.snapshot", "store.wal", "store.lock"
COMPACT_MIN_BYTES = 64 << 20
HEADER_END = wal.HEADER.size


def now_stamp() -> str:
    """The ISO timestamp recorded with each write."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Journal:
    """Reads and appends the store's files; one per open store."""

    def __init__(self, data_dir: Path, compact_min_bytes: int = COMPACT_MIN_BYTES) -> None:
        if data_dir.exists() and not data_dir.is_dir():
            raise StoreError(f"{data_dir}: data folder is a file, not a folder")
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            self._lock_fd = os.open(data_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise StoreError(f"{data_dir}: cannot open the data folder: {e.strerror}") from None
        self.snapshot_path, self.log_path = data_dir / SNAPSHOT, data_dir / LOG
        self.compact_min_bytes = compact_min_bytes
        self.generation = 0
        self._log_file = None  # read handle on the log we are following
        self._log_ino: int | None = None
        self.offset = 0  # end of the last intact log record applied
        self.sizes: dict[str, int] = {}  # article id -> bytes of its latest record, to judge compaction
        self.live_bytes = 0  # sum of sizes
        self._decoder = codec.Decoder()

    @property
    def closed(self) -> bool:
        """Whether close() was called."""
        return self._lock_fd < 0

    def close(self) -> None:
        """Release the file handles."""
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        if self._lock_fd >= 0:
            os.close(self._lock_fd)
            self._lock_fd = -1

    @contextmanager
    def _locked(self, kind: int) -> Iterator[None]:
        if self._lock_fd < 0:
            raise StoreError("the store is closed")
        fcntl.flock(self._lock_fd, kind)
        try:
            yield
        finally:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    def load(self) -> GraphState:
        """The whole store read from disk (snapshot, then log), under a shared lock so no compaction interferes."""
        with self._locked(fcntl.LOCK_SH), gc_paused():
            return self._load()

    def _load(self) -> GraphState:
        state, self.sizes, self.live_bytes, self._decoder = GraphState(), {}, 0, codec.Decoder()
        self.generation = 0
        if self.snapshot_path.exists():
            with open(self.snapshot_path, "rb") as f:
                self.generation = wal.read_header(f, self.snapshot_path, wal.SNAPSHOT_MAGIC)
                end = HEADER_END
                for payload, end in wal.read_records(f):
                    self._apply(state, payload, self.snapshot_path, end)
                if end != os.fstat(f.fileno()).st_size:
                    raise StoreError(f"{self.snapshot_path}: damaged at byte {end}; restore it from a backup")
        self._open_log(state)
        return state

    def _open_log(self, state: GraphState) -> None:
        if self._log_file is not None:
            self._log_file.close()
        self._log_file, self._log_ino, self.offset = None, None, 0
        try:
            f = open(self.log_path, "rb")
        except FileNotFoundError:
            return
        gen = wal.read_header(f, self.log_path, wal.LOG_MAGIC)
        if gen > self.generation:
            f.close()
            raise StoreError(f"{self.log_path}: generation {gen} is newer than {self.snapshot_path} "
                             f"({self.generation}); the snapshot is missing or was replaced")
        st = os.fstat(f.fileno())
        self._log_file, self._log_ino, self.offset = f, st.st_ino, f.tell()
        if gen == self.generation:
            self._replay(state)
        else:  # a log left by a compaction cut short: the snapshot already holds its records
            self.offset = st.st_size

    def _replay(self, state: GraphState) -> None:
        assert self._log_file is not None
        self._log_file.seek(self.offset)
        for payload, end in wal.read_records(self._log_file):
            self._apply(state, payload, self.log_path, end)
            self.offset = end

    def _apply(self, state: GraphState, payload: bytes, path: Path, end: int) -> None:
        try:
            record = codec.loads(payload)
            kind, stamp = record[0], record[1]
            if kind == "u":
                stored = self._decoder.stored(record[2])
                state.apply_upsert(stored, stamp)
                self._sized(stored.article.id, len(payload))
            elif kind == "d":
                state.apply_delete(record[2], stamp)
                self._sized(record[2], 0)
            elif kind == "t":
                state.last_ingest = stamp
            else:
                raise ValueError(f"unknown record kind {kind!r}")
        except (pickle.UnpicklingError, ValueError, TypeError, IndexError, KeyError, EOFError, OverflowError,
                AttributeError) as e:
            raise StoreError(f"{path}: unreadable record ending at byte {end} ({e}); not a geokg store file "
                             "of this version, or damaged") from None

    def refresh(self, state: GraphState, locked: bool = False) -> GraphState:
        """State with the records other processes appended since; a full reload after a compaction.

        locked: the caller holds the exclusive lock (flock would turn it into a shared one and then drop it).
        """
        try:
            st = os.stat(self.log_path)
        except FileNotFoundError:
            st = None
        if (st.st_ino if st else None) != self._log_ino:
            if not locked:
                return self.load()
            with gc_paused():
                return self._load()
        if st is not None and st.st_size > self.offset:
            with gc_paused():
                self._replay(state)
        return state

    @contextmanager
    def writing(self, state: GraphState) -> Iterator[GraphState]:
        """An exclusive write section: the state caught up, the log present and any torn tail set aside."""
        with self._locked(fcntl.LOCK_EX):
            state = self.refresh(state, locked=True)
            if self._log_file is None or self._log_generation() != self.generation:
                wal.write_atomic(self.log_path, wal.LOG_MAGIC, self.generation, [])
                self._open_log(state)
            self._cut_torn_tail()
            yield state

    def _log_generation(self) -> int:
        assert self._log_file is not None
        pos = self._log_file.tell()
        self._log_file.seek(0)
        gen = wal.read_header(self._log_file, self.log_path, wal.LOG_MAGIC)
        self._log_file.seek(pos)
        return gen

    def _cut_torn_tail(self) -> None:
        """Move bytes after the last intact record (a write cut short by a crash) aside, then truncate."""
        size = os.path.getsize(self.log_path)
        if size <= self.offset:
            return
        aside = self.log_path.with_name(f"{LOG}.torn-{int(time.time())}-{self.offset}")
        with open(self.log_path, "rb") as f:
            f.seek(self.offset)
            aside.write_bytes(f.read())
        with open(self.log_path, "r+b") as f:
            f.truncate(self.offset)
            os.fsync(f.fileno())
        log.warning("%s: set aside %d bytes of an incomplete write in %s", self.log_path, size - self.offset, aside)

    def append(self, records: list[tuple[str | None, bytes]]) -> None:
        """Append (article id, payload) records as one write and fsync; call inside writing()."""
        blob = b"".join(wal.frame(p) for _, p in records)
        try:
            with open(self.log_path, "ab") as f:
                f.write(blob)
                f.flush()
                os.fsync(f.fileno())
        except OSError as e:  # e.g. a full disk: what was half written is cut off by the next writer
            raise StoreError(f"{self.log_path}: cannot append: {e.strerror}") from None
        self.offset += len(blob)
        for aid, payload in records:
            if aid is not None:
                self._sized(aid, len(payload))

    def _sized(self, article_id: str, size: int) -> None:
        """Record the size of an article's live record (0: it has none)."""
        self.live_bytes += size - self.sizes.pop(article_id, 0)
        if size:
            self.sizes[article_id] = size

    def forget(self, article_id: str) -> None:
        """Note that an article's record is dead (it was deleted)."""
        self._sized(article_id, 0)

    def maybe_compact(self, state: GraphState) -> bool:
        """Rewrite the snapshot when the log is large and mostly dead records; call inside writing()."""
        log_size = os.path.getsize(self.log_path)
        if log_size < self.compact_min_bytes or log_size < 2 * self.live_bytes:
            return False
        self.compact(state)
        return True

    def compact(self, state: GraphState) -> None:
        """Write every live article to a new snapshot and start an empty log; call inside writing()."""
        gen = self.generation + 1
        records = (codec.dumps(("u", None, g.encoded())) for g in state.articles.values())
        stamp = [codec.dumps(("t", state.last_ingest))] if state.last_ingest else []
        wal.write_atomic(self.snapshot_path, wal.SNAPSHOT_MAGIC, gen, [*records, *stamp])
        self.generation = gen
        wal.write_atomic(self.log_path, wal.LOG_MAGIC, gen, [])
        self._open_log(GraphState())  # the new log is empty: nothing to replay

