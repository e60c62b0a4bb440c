"""Watched folders: each run reads the article files that are new or changed since the last run (mtime + size)."""

from __future__ import annotations

from pathlib import Path

from geokg.graph.errors import InvalidInput, KGError
from geokg.ingest.readers import Failure, iter_files, read_file, shown
from geokg.ingest.sources.config import Source
from geokg.ingest.sources.items import Candidate, Collected, Fetcher
from geokg.ingest.sources.state import OK_STATUSES, SourceState


def file_stamp(path: Path) -> str:
    """Changes whenever the file (or its metadata sidecar) is rewritten."""
    st = path.stat()
    sidecar = path.with_name(path.name[: -len(path.suffix)] + ".meta.toml") if path.suffix else None
    extra = f":{sidecar.stat().st_mtime_ns}" if sidecar and sidecar.is_file() else ""
    return f"{st.st_mtime_ns}:{st.st_size}{extra}"


def file_candidate(path: Path | Failure, state: SourceState) -> Candidate:
    """A file read as an article, or a skip when it has not changed since it was last ingested."""
    if isinstance(path, Failure):  # the folder walk could not use it (a dangling link, a FIFO, ...)
        return Candidate(key=path.source, error=path.reason)
    key = shown(path.resolve().as_uri())
    try:
        stamp = file_stamp(path)
        prev = state.article(key)
        if prev and prev.stamp == stamp and prev.status in OK_STATUSES:
            return Candidate(key=key, skip=True, stamp=stamp)
        return Candidate(key=key, raw=read_file(path), stamp=stamp)
    except KGError as e:
        return Candidate(key=key, error=str(e))
    except OSError as e:
        return Candidate(key=key, error=f"{shown(path)}: cannot read ({e.strerror or e})")


def collect_folder(source: Source, state: SourceState, fetcher: Fetcher) -> Collected:
    """New and changed article files under the folder (deleted files are left in the graph)."""
    folder = Path(source.location).expanduser()
    if not folder.is_dir():
        raise InvalidInput(f"{folder}: folder not found")
    return Collected(candidates=(file_candidate(p, state) for p in iter_files([folder])))
