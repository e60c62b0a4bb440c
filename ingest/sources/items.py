"""What a source's collection step hands to the runner: candidate articles and the validators to keep."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from geokg.ingest.readers import RawArticle
from geokg.ingest.sources.config import FetchPolicy, Source
from geokg.ingest.sources.fetch import Fetched
from geokg.ingest.sources.state import SourceState

Fetcher = Callable[..., Fetched]  # fetch(url, accept, policy, etag=None, last_modified=None) with client bound


@dataclass(frozen=True, slots=True)
class Candidate:
    """One article a source offers: read (raw), unreadable (error), or known unchanged without reading (skip)."""

    key: str  # canonical URL, or file URI for local files
    raw: RawArticle | None = None
    error: str | None = None
    skip: bool = False
    stamp: str = ""
    link: str | None = None
    etag: str | None = None  # the fetched page's validators
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Collected:
    """A source's candidates, the validators to store once they are handled, and whether nothing changed."""

    candidates: Iterable[Candidate] = ()  # lazy: pages are fetched and files read as the runner asks
    validators: dict[str, str | None] = field(default_factory=dict)
    not_modified: bool = False


def bind_fetcher(fetch: Callable[..., Fetched], **bound: object) -> Fetcher:
    """fetch with a client and resolver bound, so collectors only pass the URL and what they accept."""

    def fetcher(url: str, accept: Sequence[str], policy: FetchPolicy, **kw: object) -> Fetched:
        return fetch(url, accept, policy, **bound, **kw)

    return fetcher


def fetch_if_changed(source: Source, state: SourceState, fetcher: Fetcher,
                     accept: Sequence[str]) -> Fetched | None:
    """The source's location fetched with a conditional GET from its stored validators; None on 304."""
    prev = state.source(source.name)
    fetched = fetcher(source.location, accept, source.fetch, etag=prev.etag if prev else None,
                      last_modified=prev.last_modified if prev else None)
    return None if fetched.not_modified else fetched


def validators_of(fetched: Fetched) -> dict[str, str | None]:
    """The validators to store once a fetched source's articles are handled."""
    return {"etag": fetched.etag, "last_modified": fetched.last_modified}
