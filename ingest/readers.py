"""Reading articles from files and folders: text, Markdown and HTML, with optional metadata sidecars.

A file `NAME.txt` (or .md, .html) may have a sidecar `NAME.meta.toml` with any of
`id`, `title`, `url`, `source`, `date` (YYYY-MM-DD) and `language`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
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


# C0/C1 controls except tab and newline, lone surrogates and the non-characters XML 1.0 refuses
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_chars(value: str) -> str:
    """The string in NFC without control characters (tabs and newlines kept) or lone surrogates."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", UNSAFE_CHARS.sub("", value))


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, no control characters, trailing spaces dropped: the form that is hashed and parsed."""
    return "\n".join(line.rstrip() for line in clean_chars(text).split("\n")).strip()


def shown(path: Path | str) -> str:
    """A path as printable text: bytes of a name that is not UTF-8 appear as \\xNN escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def content_hash(text: str, meta: dict | None = None) -> str:
    """sha256 of the text (runs of white space folded, so reflowing is no change) and of the metadata; with no
    metadata, the text's own hash (Article.text_hash)."""
    folded = re.sub(r"\s+", " ", text).strip()
    stamp = "\x1f".join(f"{k}={meta[k]}" for k in sorted(meta or {})
                     if k not in ("id", "url") and meta[k] not in (None, ""))
    return hashlib.sha256(f"{folded}\x1e{stamp}".encode("utf-8", "backslashreplace")).hexdigest()


def article_id_for(url: str | None, path: Path | None, name: str, text: str = "") -> str:
    """Stable article id: from the URL, else the file's resolved location, else the text; never the title."""
    where = url or (shown(path.resolve()) if path else None)
    key = short_hash(where) if where else content_hash(text)
    prefix = slug(shown(name))[:48] if path else ""
    return f"{prefix or 'article'}-{key[:10]}"


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


def utf16_kind(data: bytes) -> str | None:
    """'utf-16' for a UTF-16 text (a BOM, or NULs in every other byte of the start), else None."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    head = data[:4096]
    if len(head) >= 4 and len(head) % 2 == 0:
        if head[1::2].count(0) == len(head) // 2 and 0 not in head[0::2]:
            return "utf-16-le"
        if head[0::2].count(0) == len(head) // 2 and 0 not in head[1::2]:
            return "utf-16-be"
    return None


def decode(data: bytes, path: Path) -> str:
    """UTF-8 or UTF-16 text (BOM allowed), or InvalidInput saying why the bytes are not an article."""
    if not data.strip():
        raise InvalidInput(f"{shown(path)}: file is empty")
    encoding = utf16_kind(data) or "utf-8-sig"
    if encoding == "utf-8-sig" and b"\x00" in data[:8192]:
        raise InvalidInput(f"{shown(path)}: binary file (contains NUL bytes), not a text article")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise InvalidInput(f"{shown(path)}: not valid {encoding.upper().removesuffix('-SIG')} (byte {e.start}); "
                           "convert it to UTF-8") from None


def read_bounded(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file, refused past `limit` bytes actually read; never blocks on a FIFO or device."""
    limit = limit or MAX_FILE_BYTES
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InvalidInput(f"{shown(path)}: no such file or folder") from None
    with os.fdopen(fd, "rb") as f:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InvalidInput(f"{shown(path)}: not a regular file ({file_kind(mode)}), not an article")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(f"{shown(path)}: over the {limit} byte limit")
    return data


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
    return next((word for test, word in kinds if test(mode)), "not a plain file")


def read_meta(path: Path) -> dict:
    """The sidecar metadata of an article file, or {} when it has none."""
    meta_path = path.with_name(path.name[: -len(path.suffix)] + META_SUFFIX) if path.suffix else None
    if not meta_path or not meta_path.is_file():
        return {}
    try:
        return tomllib.loads(read_bounded(meta_path, 1_000_000).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InvalidInput(f"{shown(meta_path)}: bad metadata file ({e})") from None


def read_file(path: Path) -> RawArticle:
    """Read one article file and its sidecar, or raise InvalidInput naming the file."""
    kind = TEXT_SUFFIXES.get(path.suffix.lower(), "text")
    text = decode(read_bounded(path), path)
    meta = read_meta(path)
    title = ""
    if kind == "html":
        text, title = html_to_text(text)
    text = normalise_text(text)
    if not text:
        raise InvalidInput(f"{shown(path)}: no text in the file")
    name = path.name[: -len(path.suffix)] if path.suffix else path.name
    return make_raw(text, name=shown(name), path=path, meta=meta, title=title, where=shown(path))


def make_raw(text: str, name: str, path: Path | None = None, meta: dict | None = None,
             title: str = "", where: str = "") -> RawArticle:
    """Build a RawArticle from text and metadata (used for files, API posts and fetched pages)."""
    meta = {k: clean_chars(v) if isinstance(v, str) else v for k, v in (meta or {}).items()}
    text = normalise_text(text)
    url = meta.get("url") or None
    article = Article(
        id=str(meta.get("id") or article_id_for(url, path, name, text)),
        title=str(meta.get("title") or clean_chars(title) or first_line(text)),
        url=url,
        source=meta.get("source") or None,
        published=parse_date(meta.get("date") or meta.get("published"), where or name),
        content_hash=content_hash(text, {**meta, "title": title or meta.get("title")}),
        text_hash=content_hash(text),
        path=shown(path) if path else None,
        language=str(meta.get("language") or "en"),
    )
    return RawArticle(article=article, text=text, name=name)


def first_line(text: str, limit: int = 120) -> str:
    """A title for an article that has none: its first line, shortened."""
    line = text.strip().split("\n", 1)[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1].rsplit(" ", 1)[0] + "…"


def is_article_name(name: str) -> bool:
    """True for the names of article files (not sidecars, not hidden files)."""
    return (Path(name).suffix.lower() in TEXT_SUFFIXES and not name.endswith(META_SUFFIX)
            and not name.startswith("."))


def iter_files(paths: Iterable[Path]) -> Iterator[Path | Failure]:
    """Article files under the given paths (folders walked in name order, sidecars skipped).

    Whatever cannot be walked or is not a plain file (a dangling or looping link, an unreadable folder, a FIFO
    or device with an article's name) is a Failure naming it, so nothing under the folder vanishes silently.
    """
    for p in paths:
        if p.is_dir():
            yield from walk(p, set())
        else:
            yield p  # missing paths too, so the reader reports them


def walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Failure]:
    """The article files under one folder, following links to folders once each."""
    try:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in seen:
            yield Failure(shown(folder), f"{shown(folder)}: link loop (this folder was already walked)")
            return
        seen.add((st.st_dev, st.st_ino))
        entries = sorted(os.scandir(folder), key=lambda e: os.fsencode(e.name))
    except OSError as e:
        yield Failure(shown(folder), f"{shown(folder)}: cannot read folder ({e.strerror or e})")
        return
    for entry in entries:
        yield from walk_entry(Path(entry.path), entry, seen)


def walk_entry(path: Path, entry: os.DirEntry, seen: set[tuple[int, int]]) -> Iterator[Path | Failure]:
    """One folder entry: the file itself, the files below it, a Failure, or nothing for other files."""
    try:
        is_dir = entry.is_dir()
        target = path.stat() if entry.is_symlink() else None
    except OSError as e:
        reason = "link loop" if e.errno == 40 else "dangling link" if entry.is_symlink() else e.strerror
        yield Failure(shown(path), f"{shown(path)}: {reason} ({e.strerror or e})")
        return
    if entry.name.startswith("."):
        return
    if is_dir:
        yield from walk(path, seen)
    elif is_article_name(entry.name):
        mode = target.st_mode if target else entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISREG(mode):
            yield path
        else:
            yield Failure(shown(path), f"{shown(path)}: not a regular file ({file_kind(mode)}), not an article")


def read_item(item: Path | Failure) -> RawArticle | Failure:
    """One input read as an article, or a Failure naming it and the problem."""
    if isinstance(item, Failure):
        return item
    try:
        return read_file(item)
    except InvalidInput as e:
        return Failure(source=shown(item), reason=str(e))
    except OSError as e:
        return Failure(source=shown(item), reason=f"{shown(item)}: cannot read ({e.strerror or e})")


def read_paths(paths: Iterable[Path]) -> Iterator[RawArticle | Failure]:
    """Every article under the paths; unreadable inputs become Failure items, never exceptions."""
    for item in iter_files(paths):
        yield read_item(item)


def with_published(raw: RawArticle, published: date | None) -> RawArticle:
    """The same article with its date set (when the date comes from the text)."""
    return replace(raw, article=replace(raw.article, published=published))
