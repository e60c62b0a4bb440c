"""Article pages: fetched HTML reduced to text, title, date and canonical URL by trafilatura (which never fetches)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from geokg.graph.errors import InvalidInput
from geokg.ingest.readers import RawArticle, make_raw, normalise_text
from geokg.ingest.sources.canonical import article_url
from geokg.ingest.sources.config import Source
from geokg.ingest.sources.fetch import PAGE_TYPES, Fetched
from geokg.ingest.sources.items import Candidate, Collected, Fetcher, fetch_if_changed, validators_of
from geokg.ingest.sources.state import SourceState


@dataclass(frozen=True, slots=True)
class PageText:
    """What trafilatura found in a page."""

    text: str
    title: str
    date: str | None


def decode_html(fetched: Fetched) -> str:
    """The page as text: the declared charset or UTF-8, bad bytes replaced rather than failing the article."""
    charset = fetched.charset
    if fetched.body.startswith(b"\xef\xbb\xbf"):
        charset = "utf-8-sig"
    try:
        return fetched.body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return fetched.body.decode("utf-8", errors="replace")


def extract_page(html: str, url: str) -> PageText:
    """The main text, title and date of an article page, or InvalidInput when it has no article text."""
    import trafilatura

    found = trafilatura.extract(html, url=url, output_format="json", with_metadata=True, favor_recall=True,
                                include_comments=False, include_tables=False)
    data = json.loads(found) if found else {}
    text = normalise_text(data.get("text") or "")
    if not text:
        raise InvalidInput(f"{url}: no article text found in the page")
    return PageText(text=text, title=(data.get("title") or "").strip(), date=data.get("date") or None)


def name_for(url: str) -> str:
    """A short stable name for an article from its URL's last path segment (its id is derived from it)."""
    parts = urlsplit(url)
    last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]).rsplit(".", 1)[0]
    return last or parts.hostname or "article"


def page_article(fetched: Fetched, source: str, fallback: dict | None = None) -> RawArticle:
    """A fetched HTML page as a RawArticle keyed by its canonical URL; fallback fills missing title/date."""
    html = decode_html(fetched)
    url = article_url(html, fetched.url)
    page = extract_page(html, url)
    fallback = fallback or {}
    meta = {"url": url, "source": source, "title": page.title or fallback.get("title") or "",
            "date": page.date or fallback.get("date")}
    return make_raw(page.text, name=name_for(url), meta=meta, where=url)


def collect_page(source: Source, state: SourceState, fetcher: Fetcher) -> Collected:
    """The single article at the source's URL, fetched with a conditional GET."""
    fetched = fetch_if_changed(source, state, fetcher, PAGE_TYPES)
    if fetched is None:
        return Collected(not_modified=True)
    raw = page_article(fetched, source.name)
    return Collected(candidates=[Candidate(key=raw.article.url or fetched.url, raw=raw, link=fetched.url)],
                     validators=validators_of(fetched))
