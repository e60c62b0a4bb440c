"""The sources file: TOML with one `[[source]]` table per source and an optional `[fetch]` table of limits."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from geokg.graph.errors import InvalidInput

KINDS = ("rss", "atom", "feed", "url", "folder", "jsonl")
FEED_KINDS = ("rss", "atom", "feed")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
INTERVAL_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$")


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits of guarded fetching; the defaults are the production ones, tests shorten them."""

    connect_timeout: float = 5.0
    total_timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 3
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry; doubled each time
    allow_local: bool = False
    user_agent: str = "geokg/0.1 (news knowledge graph; scheduled ingestion)"


@dataclass(frozen=True, slots=True)
class Source:
    """One configured source: what to read, where, how often and with which limits."""

    name: str
    kind: str
    location: str
    interval: float | None = None  # seconds
    cron: str | None = None
    max_entries: int = 50
    fetch: FetchPolicy = field(default_factory=FetchPolicy)

    @property
    def schedule(self) -> str:
        """The schedule as a person would write it."""
        return f"cron {self.cron}" if self.cron else f"every {format_interval(self.interval or 3600)}"


def parse_interval(text: object, where: str) -> float:
    """Seconds from "90s", "30m", "1h", "1d" (or a bare number of seconds), or InvalidInput naming where."""
    if isinstance(text, int | float) and not isinstance(text, bool) and text > 0:
        return float(text)
    m = INTERVAL_RE.match(str(text))
    if not m or float(m.group(1)) <= 0:
        raise InvalidInput(f"{where}: interval {text!r} is not like '30s', '15m', '1h' or '1d'")
    return float(m.group(1)) * UNITS[m.group(2)]


def format_interval(seconds: float) -> str:
    """The shortest exact form of an interval: 3600 -> "1h"."""
    for unit in ("d", "h", "m"):
        if seconds >= UNITS[unit] and seconds % UNITS[unit] == 0:
            return f"{int(seconds // UNITS[unit])}{unit}"
    return f"{seconds:g}s"


def check_cron(expr: str, where: str) -> str:
    """The cron expression if APScheduler accepts it, else InvalidInput naming where."""
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(expr)
    except ValueError as e:
        raise InvalidInput(f"{where}: cron {expr!r} is not a valid 5-field crontab expression ({e})") from None
    return expr


def fetch_policy(table: dict, base: FetchPolicy, where: str, extra: tuple[str, ...] = ()) -> FetchPolicy:
    """A FetchPolicy with the keys of a TOML table applied on top of base (keys in extra are someone else's)."""
    known = {f.name for f in fields(FetchPolicy)}
    unknown = set(table) - known - set(extra)
    if unknown:
        raise InvalidInput(f"{where}: unknown option(s) {', '.join(sorted(unknown))} "
                           f"(known: {', '.join(sorted(known | set(extra)))})")
    values = {}
    for key, value in table.items():
        if key not in known:
            continue
        default = getattr(base, key)
        ok = isinstance(value, type(default)) or (isinstance(default, float) and isinstance(value, int))
        if not ok or isinstance(value, bool) != isinstance(default, bool):
            raise InvalidInput(f"{where}: {key} must be {type(default).__name__}, not {value!r}")
        if not isinstance(value, bool | str) and value < 0:
            raise InvalidInput(f"{where}: {key} must not be negative")
        values[key] = type(default)(value)
    return replace(base, **values)


def parse_source(table: object, index: int, defaults: FetchPolicy, file: str) -> Source:
    """One `[[source]]` table as a Source, or InvalidInput naming the file and the source."""
    if not isinstance(table, dict):
        raise InvalidInput(f"{file}: source #{index} is not a table")
    name = str(table.get("name") or "")
    where = f"{file}: source {name!r}" if name else f"{file}: source #{index}"
    if not NAME_RE.match(name):
        raise InvalidInput(f"{where}: name must be 1-64 letters, digits, '.', '_' or '-'")
    kind = str(table.get("kind") or "")
    if kind not in KINDS:
        raise InvalidInput(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    location = table.get("location")
    if not isinstance(location, str) or not location.strip():
        raise InvalidInput(f"{where}: location is missing (a URL, a folder or a .jsonl file)")
    if kind in FEED_KINDS + ("url",) and not re.match(r"^https?://", location, re.I):
        raise InvalidInput(f"{where}: location {location!r} must be an http:// or https:// URL for kind {kind}")
    if "interval" in table and "cron" in table:
        raise InvalidInput(f"{where}: give either interval or cron, not both")
    interval = parse_interval(table.get("interval", "1h"), where) if "cron" not in table else None
    cron = check_cron(str(table["cron"]), where) if "cron" in table else None
    options = table.get("options", {})
    if not isinstance(options, dict):
        raise InvalidInput(f"{where}: options must be a table")
    unknown = set(table) - {"name", "kind", "location", "interval", "cron", "options"}
    if unknown:
        raise InvalidInput(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    max_entries = options.get("max_entries", 50)
    if not isinstance(max_entries, int) or isinstance(max_entries, bool) or max_entries < 1:
        raise InvalidInput(f"{where}: options.max_entries must be a positive integer")
    return Source(name=name, kind=kind, location=location.strip(), interval=interval, cron=cron,
                  max_entries=max_entries, fetch=fetch_policy(options, defaults, where, ("max_entries",)))


def parse_sources(text: str, file: str) -> list[Source]:
    """All sources of a sources file's text, or InvalidInput naming the file and the bad source."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InvalidInput(f"{file}: not valid TOML ({e})") from None
    defaults = fetch_policy(doc.get("fetch", {}), FetchPolicy(), f"{file}: [fetch]")
    tables = doc.get("source", [])
    if not isinstance(tables, list):
        raise InvalidInput(f"{file}: 'source' must be an array of tables: write [[source]]")
    sources = [parse_source(t, i + 1, defaults, file) for i, t in enumerate(tables)]
    seen: set[str] = set()
    for s in sources:
        if s.name in seen:
            raise InvalidInput(f"{file}: source {s.name!r} is defined twice")
        seen.add(s.name)
    return sources


def load_sources(path: Path) -> list[Source]:
    """The sources in a sources file; a missing file means no sources."""
    if not path.exists():
        return []
    try:
        return parse_sources(path.read_text(encoding="utf-8"), str(path))
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: not UTF-8 text") from None


def find_source(sources: list[Source], name: str, file: Path) -> Source:
    """The source with this name, or InvalidInput listing the names there are."""
    for s in sources:
        if s.name == name:
            return s
    names = ", ".join(s.name for s in sources) or "none"
    raise InvalidInput(f"{file}: no source named {name!r} (sources: {names})")


def sources_file(data_dir: Path, explicit: str | Path | None = None) -> Path:
    """The sources file to use: the one given (flag or KG_SOURCES_FILE), else DATA_DIR/sources.toml."""
    return Path(explicit).expanduser() if explicit else Path(data_dir) / "sources.toml"
