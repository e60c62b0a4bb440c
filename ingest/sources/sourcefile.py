"""Editing the sources file in place: append or remove one `[[source]]` block, keeping everything else as written."""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

from geokg.graph.errors import InvalidInput
from geokg.ingest.sources.config import Source, load_sources, parse_sources

HEADER_RE = re.compile(r"^\s*\[")
SOURCE_HEADER_RE = re.compile(r"^\s*\[\[\s*source\s*\]\]")
OWNED_HEADER_RE = re.compile(r"^\s*\[\s*source\s*\.")  # [source.options] belongs to the block above it


def toml_value(value: object) -> str:
    """A TOML literal for a str, int, float, bool or flat dict."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def source_block(name: str, kind: str, location: str, interval: str | None, cron: str | None,
                 options: dict) -> str:
    """The text of one `[[source]]` block."""
    lines = ["[[source]]", f"name = {toml_value(name)}", f"kind = {toml_value(kind)}",
             f"location = {toml_value(location)}"]
    if cron:
        lines.append(f"cron = {toml_value(cron)}")
    else:
        lines.append(f"interval = {toml_value(interval or '1h')}")
    if options:
        lines.append(f"options = {toml_value(options)}")
    return "\n".join(lines) + "\n"


def write_atomically(path: Path, text: str) -> None:
    """Replace the file's content in one step, so a crash never leaves half a sources file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def add_source(path: Path, name: str, kind: str, location: str, interval: str | None = None,
               cron: str | None = None, options: dict | None = None) -> Source:
    """Append a source to the file (created if missing), after checking the result is a valid sources file."""
    existing = load_sources(path)
    if any(s.name == name for s in existing):
        raise InvalidInput(f"{path}: a source named {name!r} already exists; remove it first")
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    sep = "" if not old or old.endswith("\n\n") else ("\n" if old.endswith("\n") else "\n\n")
    new = old + sep + source_block(name, kind, location, interval, cron, options or {})
    added = [s for s in parse_sources(new, str(path)) if s.name == name][0]
    write_atomically(path, new)
    return added


def blocks(text: str) -> list[list[str]]:
    """The file's lines split into chunks: the preamble, then one chunk per top-level table."""
    chunks: list[list[str]] = [[]]
    for line in text.splitlines(keepends=True):
        if HEADER_RE.match(line) and not OWNED_HEADER_RE.match(line):
            chunks.append([])
        chunks[-1].append(line)
    return chunks


def remove_source(path: Path, name: str) -> None:
    """Delete the named source's block from the file, or InvalidInput when there is none."""
    if not path.exists():
        raise InvalidInput(f"{path}: no sources file, so no source named {name!r}")
    load_sources(path)  # a broken file gets its own, clearer error before any edit
    kept, found = [], False
    for chunk in blocks(path.read_text(encoding="utf-8")):
        text = "".join(chunk)
        if chunk and SOURCE_HEADER_RE.match(chunk[0]) and tomllib.loads(text)["source"][0].get("name") == name:
            found = True
            continue
        kept.append(text)
    if not found:
        raise InvalidInput(f"{path}: no source named {name!r}")
    write_atomically(path, "".join(kept))
