"""JSON Lines bulk files: one article object per line with text and optionally title, url, date, id, source."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from geokg.graph.errors import InvalidInput, KGError
from geokg.ingest.readers import make_raw
from geokg.ingest.sources.canonical import canonical_url
from geokg.ingest.sources.config import Source
from geokg.ingest.sources.items import Candidate, Collected, Fetcher
from geokg.ingest.sources.pages import name_for
from geokg.ingest.sources.state import SourceState


def line_candidate(line: str, path: Path, number: int, source: str) -> Candidate:
    """One JSON Lines record as a candidate article (keyed by URL, else id, else line number)."""
    where = f"{path}:{number}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return Candidate(key=f"{path.resolve().as_uri()}#{number}", error=f"{where}: not JSON ({e.msg})")
    if not isinstance(obj, dict):
        return Candidate(key=f"{path.resolve().as_uri()}#{number}", error=f"{where}: not a JSON object")
    url = canonical_url(obj["url"]) if isinstance(obj.get("url"), str) and obj["url"].strip() else None
    key = url or f"{path.resolve().as_uri()}#{obj.get('id') or number}"
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return Candidate(key=key, error=f"{where}: no \"text\" field with the article's text")
    meta = {k: obj[k] for k in ("id", "title", "date", "published", "language") if obj.get(k)}
    meta |= {"url": url, "source": obj.get("source") or source}
    name = name_for(url) if url else str(obj.get("id") or f"{path.stem}-{number}")
    try:
        return Candidate(key=key, raw=make_raw(text, name=name, meta=meta, where=where), link=url)
    except KGError as e:
        return Candidate(key=key, error=str(e))


def jsonl_files(location: Path) -> list[Path]:
    """The .jsonl files of a location: the file itself, or those in the folder, by name."""
    if location.is_file():
        return [location]
    if location.is_dir():
        return sorted(p for p in location.rglob("*") if p.suffix.lower() in (".jsonl", ".ndjson") and p.is_file())
    raise InvalidInput(f"{location}: no such JSON Lines file or folder")


def read_lines(path: Path, source: str) -> Iterator[Candidate]:
    """Every non-blank line of a JSON Lines file as a candidate, read as a stream."""
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield line_candidate(line, path, number, source)
    except UnicodeDecodeError:
        yield Candidate(key=path.resolve().as_uri(), error=f"{path}: not UTF-8 text")


def collect_jsonl(source: Source, state: SourceState, fetcher: Fetcher) -> Collected:
    """The records of JSON Lines files that changed since the last run (unchanged files are not reread)."""
    prev = state.source(source.name)
    seen: dict[str, str] = json.loads(prev.cursor) if prev and prev.cursor else {}
    files = jsonl_files(Path(source.location).expanduser())
    stamps = {str(p): f"{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in files}
    changed = [p for p in files if seen.get(str(p)) != stamps[str(p)]]
    return Collected(candidates=(c for p in changed for c in read_lines(p, source.name)),
                     validators={"cursor": json.dumps(stamps)}, not_modified=not changed and stamps == seen)
