"""Guarded fetching: address checks, redirects re-checked, DNS pinning, retries, caps (httpx.MockTransport edge)."""

from __future__ import annotations

import httpx
import pytest

from geokg.ingest.sources.canonical import canonical_url, rel_canonical
from geokg.ingest.sources.config import FetchPolicy
from geokg.ingest.sources.fetch import FEED_TYPES, PAGE_TYPES, FetchError, address_problem, fetch, new_client

DNS = {"news.example.com": ["93.184.216.34"], "evil.example.com": ["10.0.0.5"],
       "meta.example.com": ["169.254.169.254"], "dual.example.com": ["2606:4700::1", "93.184.216.36"],
       "mixed.example.com": ["93.184.216.35", "192.168.1.9"]}
HTML = {"content-type": "text/html; charset=utf-8"}


def resolver(host: str, port: int) -> list[str]:
    return DNS.get(host) or [host]


def run(handler, url: str, accept=PAGE_TYPES, sleeps: list | None = None, **policy) -> tuple:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    client = new_client(httpx.MockTransport(record))
    pol = FetchPolicy(backoff=0.01, **policy)
    got = fetch(url, accept, pol, client=client, resolver=resolver, sleep=(sleeps.append if sleeps is not None
                                                                            else lambda s: None))
    return got, seen


@pytest.mark.parametrize(("ip", "problem"), [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("172.16.0.1", "private"),
    ("192.168.0.10", "private"), ("169.254.169.254", "cloud metadata"), ("fd00:ec2::254", "cloud metadata"),
    ("169.254.10.1", "link-local"), ("fe80::1", "link-local"), ("224.0.0.251", "multicast"),
    ("0.0.0.0", "unspecified"), ("::ffff:127.0.0.1", "loopback"),
    ("100.64.0.1", "non-public"), ("93.184.216.34", None), ("2606:4700::1111", None),
])
def test_address_classes(ip, problem):
    assert address_problem(ip) == problem


@pytest.mark.parametrize("url", ["http://evil.example.com/a", "http://meta.example.com/latest/meta-data",
                                 "http://mixed.example.com/", "http://127.0.0.1:8080/", "http://[::1]/"])
def test_non_public_hosts_are_refused_before_any_request(url):
    with pytest.raises(FetchError, match="refused: .* address"):
        run(lambda r: httpx.Response(200, headers=HTML, text="<p>x</p>"), url)


def test_unknown_host_names_the_url():
    from geokg.ingest.sources.fetch import resolve

    client = new_client(httpx.MockTransport(lambda r: httpx.Response(200)))
    with pytest.raises(FetchError, match=r"^http://no-such-host.invalid/feed: no-such-host.invalid: cannot resolve"):
        fetch("http://no-such-host.invalid/feed", FEED_TYPES, FetchPolicy(retries=0), client=client, resolver=resolve)


def test_redirect_to_a_private_address_is_refused():
    def handler(request):
        return httpx.Response(302, headers={"location": "http://evil.example.com/internal"})

    with pytest.raises(FetchError, match=r"evil.example.com/internal: refused: evil.example.com resolves to 10.0.0.5"):
        run(handler, "https://news.example.com/story")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://news.example.com/x", "gopher://news.example.com/"])
def test_only_http_and_https(url):
    with pytest.raises(FetchError, match="only http and https"):
        run(lambda r: httpx.Response(200), url)


def test_request_goes_to_the_checked_address_with_the_real_host_name():
    got, seen = run(lambda r: httpx.Response(200, headers=HTML, text="<p>hello</p>"),
                    "https://news.example.com:8443/story?id=1")
    assert got.body == b"<p>hello</p>" and got.url == "https://news.example.com:8443/story?id=1"
    assert seen[0].url.host == "93.184.216.34" and seen[0].headers["host"] == "news.example.com:8443"
    assert seen[0].extensions["sni_hostname"] == "news.example.com"


def test_next_checked_address_is_tried_when_the_first_refuses_the_connection():
    def handler(request):
        if request.url.host == "2606:4700::1":
            raise httpx.ConnectError("network unreachable", request=request)
        return httpx.Response(200, headers=HTML, text="<p>v4</p>")

    got, seen = run(handler, "http://dual.example.com/", retries=0)
    assert got.body == b"<p>v4</p>" and [r.url.host for r in seen] == ["2606:4700::1", "93.184.216.36"]


def test_transient_errors_are_retried_with_backoff_then_succeed():
    answers = iter([httpx.Response(503), httpx.Response(429), httpx.Response(200, headers=HTML, text="ok")])
    sleeps: list[float] = []
    got, seen = run(lambda r: next(answers), "https://news.example.com/", sleeps=sleeps, retries=2)
    assert got.body == b"ok" and len(seen) == 3 and sleeps == [0.01, 0.02]


def test_connect_errors_are_retried_then_reported():
    def handler(request):
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(FetchError, match="cannot connect") as err:
        run(handler, "https://news.example.com/", retries=1)
    assert err.value.transient


def test_declared_oversized_body_is_refused_before_reading():
    body = b"<p>" + b"x" * 2000
    with pytest.raises(FetchError, match="body of 2003 bytes is over the 1000 byte limit"):
        run(lambda r: httpx.Response(200, headers=HTML, content=body), "https://news.example.com/", max_bytes=1000)


def test_conditional_get_sends_validators_and_reports_304():
    def handler(request):
        assert request.headers["if-none-match"] == '"v1"'
        assert request.headers["if-modified-since"] == "Tue, 05 Mar 2024 09:00:00 GMT"
        return httpx.Response(304, headers={"etag": '"v1"'})

    client = new_client(httpx.MockTransport(handler))
    got = fetch("https://news.example.com/feed", FEED_TYPES, FetchPolicy(), etag='"v1"',
                last_modified="Tue, 05 Mar 2024 09:00:00 GMT", client=client, resolver=resolver)
    assert got.not_modified and got.etag == '"v1"'


@pytest.mark.parametrize(("kind", "accept"), [("application/json", FEED_TYPES), ("text/html", FEED_TYPES),
                                              ("application/rss+xml", PAGE_TYPES), ("", PAGE_TYPES)])
def test_wrong_content_types_are_refused(kind, accept):
    headers = {"content-type": kind} if kind else {}
    with pytest.raises(FetchError, match="content type .* refused"):
        run(lambda r: httpx.Response(200, headers=headers, content=b"<x/>"), "https://news.example.com/", accept)


@pytest.mark.parametrize(("url", "canonical"), [
    ("https://News.Example.com:443/a/b?utm_source=rss&id=7&fbclid=XYZ#top", "https://news.example.com/a/b?id=7"),
    ("http://news.example.com:8080/x?gclid=1&utm_campaign=c", "http://news.example.com:8080/x"),
    ("https://news.example.com", "https://news.example.com/"),
    ("https://news.example.com/p?b=2&a=1&mc_eid=5", "https://news.example.com/p?b=2&a=1"),
])
def test_canonical_url_drops_tracking(url, canonical):
    assert canonical_url(url) == canonical


def test_rel_canonical_is_made_absolute():
    html = '<html><head><LINK REL="canonical" HREF="/world/story-1"></head><body></body></html>'
    assert rel_canonical(html, "https://news.example.com/amp/story-1?x=1") == "https://news.example.com/world/story-1"
    assert rel_canonical("<link rel='canonical' href='javascript:alert(1)'>", "https://a.example/") is None
