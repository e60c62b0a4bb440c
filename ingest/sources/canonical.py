"""Canonical article URLs: tracking parameters dropped, host lower-cased, `<link rel=canonical>` preferred."""

from __future__ import annotations

from functools import cache
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
                   "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wt_mc",
                   "cmpid", "s_cid", "ncid", "ocid", "sr_share", "at_medium", "at_campaign", "spm", "rss", "cmp"}
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking(key: str) -> bool:
    """True for query parameters that only say where a click came from."""
    k = key.lower()
    return k in TRACKING_PARAMS or k.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The URL without tracking parameters, fragment or default port, scheme and host lower case."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


class _CanonicalLink(HTMLParser):
    """Collects the first <link rel="canonical" href=...> of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link" or self.href is not None:
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        if "canonical" in values.get("rel", "").lower().split() and values.get("href", "").strip():
            self.href = values["href"].strip()


def rel_canonical(html: str, base: str) -> str | None:
    """The page's declared canonical URL made absolute, if it has an http(s) one."""
    parser = _CanonicalLink()
    try:
        parser.feed(html[:500_000])  # the <head> is near the start; no need to parse a huge body twice
    except Exception:  # noqa: BLE001 - a broken page just has no canonical link
        return None
    if not parser.href:
        return None
    url = urljoin(base, parser.href)
    return url if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname else None


@cache
def public_suffixes():
    """tldextract on its bundled public suffix list snapshot: never fetches the list, never writes a cache."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def site(url: str) -> str:
    """The registrable domain of the URL's host (news.bbc.co.uk -> bbc.co.uk); an IP or bare name is itself."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return public_suffixes()(host).top_domain_under_public_suffix or host


def article_url(html: str, fetched_url: str) -> str:
    """The canonical URL of a fetched page: its rel=canonical on the same site, else the URL it came from."""
    declared = rel_canonical(html, fetched_url)
    # a page must not claim another site's URL: that would overwrite that site's article
    use = declared if declared and site(declared) == site(fetched_url) else fetched_url
    return canonical_url(use)
