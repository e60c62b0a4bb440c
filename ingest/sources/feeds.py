"""RSS and Atom feeds: feedparser on bytes geokg fetched itself, reduced to the entries' links and dates."""

from __future__ import annotations

import time
from dataclasses import dataclass

from geokg.graph.errors import InvalidInput, KGError
from geokg.ingest.sources.canonical import canonical_url
from geokg.ingest.sources.config import Source
from geokg.ingest.sources.fetch import FEED_TYPES, PAGE_TYPES
from geokg.ingest.sources.items import Candidate, Collected, Fetcher, fetch_if_changed, validators_of
from geokg.ingest.sources.pages import page_article
from geokg.ingest.sources.state import OK_STATUSES, SourceState


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed entry: the article it links to and what the feed says about it."""

    url: str  # canonical
    title: str
    date: str | None  # YYYY-MM-DD
    stamp: str  # changes when the feed says the entry changed


def iso_date(parsed: time.struct_time | None) -> str | None:
    """YYYY-MM-DD of a feedparser time tuple."""
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def entry_of(raw: dict) -> FeedEntry | None:
    """A FeedEntry from a feedparser entry, or None when it links to no web page."""
    link = raw.get("link") or ""
    if not link.lower().startswith(("http://", "https://")):
        return None
    # dict.get: FeedParserDict.get maps a missing "updated" to "published" with a deprecation warning
    published = dict.get(raw, "published_parsed") or dict.get(raw, "updated_parsed")
    updated = dict.get(raw, "updated") or dict.get(raw, "published") or ""
    # without a date the feed cannot tell us the entry changed, so such entries are always fetched (empty stamp)
    stamp = f"{raw.get('id') or link}|{updated}" if updated else ""
    return FeedEntry(url=canonical_url(link), title=(raw.get("title") or "").strip(), date=iso_date(published),
                     stamp=stamp)


def parse_feed(body: bytes, url: str, limit: int) -> list[FeedEntry]:
    """The first `limit` entries of an RSS/Atom document, or InvalidInput when it is not a usable feed."""
    import feedparser

    if not body.strip():
        raise InvalidInput(f"{url}: empty feed (the server answered with no body)")
    # bytes, never a str: feedparser would treat a str as a URL and fetch it itself
    parsed = feedparser.parse(bytes(body), response_headers={"content-location": url})
    entries, seen = [], set()
    for raw in parsed.entries:
        entry = entry_of(raw)
        if entry and entry.url not in seen:
            seen.add(entry.url)
            entries.append(entry)
    if not entries and parsed.bozo:  # feedparser recovers what it can; only give up when nothing was usable
        raise InvalidInput(f"{url}: malformed feed ({parsed.get('bozo_exception')})")
    if not entries and not parsed.get("version"):
        raise InvalidInput(f"{url}: not an RSS or Atom feed")
    return entries[:limit]


def entry_candidate(entry: FeedEntry, source: Source, state: SourceState, fetcher: Fetcher) -> Candidate:
    """The entry's article page fetched and extracted, or a skip when the feed or the page says it has not changed."""
    prev = state.article(entry.url)
    known = prev is not None and prev.status in OK_STATUSES
    if known and entry.stamp and prev.stamp == entry.stamp:
        return Candidate(key=prev.key, skip=True, stamp=entry.stamp, link=entry.url)
    validators = {"etag": prev.etag, "last_modified": prev.last_modified} if known else {}
    try:
        page = fetcher(entry.url, PAGE_TYPES, source.fetch, **validators)
        if page.not_modified:
            return Candidate(key=prev.key, skip=True, stamp=entry.stamp, link=entry.url)
        raw = page_article(page, source.name, {"title": entry.title, "date": entry.date})
    except KGError as e:
        return Candidate(key=entry.url, error=str(e), stamp=entry.stamp)
    return Candidate(key=raw.article.url or entry.url, raw=raw, stamp=entry.stamp, link=entry.url, etag=page.etag,
                     last_modified=page.last_modified)


def collect_feed(source: Source, state: SourceState, fetcher: Fetcher) -> Collected:
    """New or changed articles of a feed (nothing at all when the server answers 304 Not Modified)."""
    fetched = fetch_if_changed(source, state, fetcher, FEED_TYPES)
    if fetched is None:
        return Collected(not_modified=True)
    entries = parse_feed(fetched.body, fetched.url, source.max_entries)
    return Collected(candidates=(entry_candidate(e, source, state, fetcher) for e in entries),
                     validators=validators_of(fetched))
