"""Reading articles from files and folders: text, Markdown and HTML, with optional metadata sidecars.

A file `NAME.txt` (or .md, .html) may have a sidecar `NAME.meta.toml` with any of
`id`, `title`, `url`, `source`, `date` (YYYY-MM-DD) and `language`.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from geokg.graph.errors import InvalidInput
from geokg.graph.model import Article, short_hash, slug

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                 ".html": "html", ".htm": "html"}
META_SUFFIX = ".meta.toml"
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class RawArticle:
    """An article's metadata and its plain text, ready for the NLP pipeline."""

    article: Article
    text: str
    name: str  # the input's name without extension (the `article` key of `extract` output)


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read, and why."""

    source: str
    reason: str


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, trailing spaces dropped: the form that is hashed and parsed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def content_hash(text: str) -> str:
    """sha256 of the text with runs of white space folded, so reflowing a file is no change."""
    folded = re.sub(r"\s+", " ", text).strip()
    return hashlib.sha256(folded.encode()).hexdigest()


def article_id_for(url: str | None, path: Path | None, name: str) -> str:
    """Stable article id: from the URL when known, else the file's name and resolved location."""
    if url:
        return f"{slug(name)[:48] or 'article'}-{short_hash(url)[:10]}"
    where = str(path.resolve()) if path else name
    return f"{slug(name)[:48] or 'article'}-{short_hash(where)[:10]}"


def parse_date(value: object, where: str) -> date | None:
    """A date from metadata (a TOML date or YYYY-MM-DD text), or InvalidInput naming where it was."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InvalidInput(f"{where}: date {value!r} is not YYYY-MM-DD") from None


def html_to_text(html: str) -> tuple[str, str]:
    """The main text and title of an HTML page (trafilatura), falling back to all visible text."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta and meta.title else "") or ""
    if not text.strip():
        text = re.sub(r"<[^>]+>", " ", re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", html))
    return text, title


def decode(data: bytes, path: Path) -> str:
    """UTF-8 text (BOM allowed), or InvalidInput saying why the bytes are not an article."""
    if not data.strip():
        raise InvalidInput(f"{path}: file is empty")
    if b"\x00" in data[:8192]:
        raise InvalidInput(f"{path}: binary file (contains NUL bytes), not a text article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InvalidInput(f"{path}: not valid UTF-8 (byte {e.start}); convert it to UTF-8") from None


def read_meta(path: Path) -> dict:
    """The sidecar metadata of an article file, or {} when it has none."""
    meta_path = path.with_name(path.name[: -len(path.suffix)] + META_SUFFIX) if path.suffix else None
    if not meta_path or not meta_path.is_file():
        return {}
    try:
        return tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InvalidInput(f"{meta_path}: bad metadata file ({e})") from None


def read_file(path: Path) -> RawArticle:
    """Read one article file and its sidecar, or raise InvalidInput naming the file."""
    if not path.exists():
        raise InvalidInput(f"{path}: no such file or folder")
    kind = TEXT_SUFFIXES.get(path.suffix.lower(), "text")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InvalidInput(f"{path}: {path.stat().st_size} bytes is over the {MAX_FILE_BYTES} byte limit")
    text = decode(path.read_bytes(), path)
    meta = read_meta(path)
    title = ""
    if kind == "html":
        text, title = html_to_text(text)
    text = normalise_text(text)
    if not text:
        raise InvalidInput(f"{path}: no text in the file")
    name = path.name[: -len(path.suffix)] if path.suffix else path.name
    return make_raw(text, name=name, path=path, meta=meta, title=title, where=str(path))


def make_raw(text: str, name: str, path: Path | None = None, meta: dict | None = None,
             title: str = "", where: str = "") -> RawArticle:
    """Build a RawArticle from text and metadata (used for files, API posts and fetched pages)."""
    meta = meta or {}
    text = normalise_text(text)
    url = meta.get("url") or None
    article = Article(
        id=str(meta.get("id") or article_id_for(url, path, name)),
        title=str(meta.get("title") or title or first_line(text)),
        url=url,
        source=meta.get("source") or None,
        published=parse_date(meta.get("date") or meta.get("published"), where or name),
        content_hash=content_hash(text),
        path=str(path) if path else None,
        language=str(meta.get("language") or "en"),
    )
    return RawArticle(article=article, text=text, name=name)


def first_line(text: str, limit: int = 120) -> str:
    """A title for an article that has none: its first line, shortened."""
    line = text.strip().split("\n", 1)[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1].rsplit(" ", 1)[0] + "…"


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Article files under the given paths (folders walked in name order, sidecars skipped)."""
    for p in paths:
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if (child.is_file() and child.suffix.lower() in TEXT_SUFFIXES
                        and not child.name.endswith(META_SUFFIX) and not child.name.startswith(".")):
                    yield child
        else:
            yield p  # missing paths too, so the reader reports them


def read_paths(paths: Iterable[Path]) -> Iterator[RawArticle | Failure]:
    """Every article under the paths; unreadable inputs become Failure items, never exceptions."""
    for p in iter_files(paths):
        try:
            yield read_file(p)
        except InvalidInput as e:
            yield Failure(source=str(p), reason=str(e))
        except OSError as e:
            yield Failure(source=str(p), reason=f"{p}: cannot read ({e.strerror or e})")


def with_published(raw: RawArticle, published: date | None) -> RawArticle:
    """The same article with its date set (when the date comes from the text)."""
    return replace(raw, article=replace(raw.article, published=published))
