"""Hostile feed servers on loopback: trickled headers, metadata addresses, IPv6-wrapped IPv4, lookalike sites."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from geokg.graph.errors import InvalidInput
from geokg.ingest.sources.canonical import article_url, site
from geokg.ingest.sources.config import FetchPolicy
from geokg.ingest.sources.feeds import parse_feed
from geokg.ingest.sources.fetch import PAGE_TYPES, FetchError, address_problem, checked_addresses, fetch


@pytest.fixture
def trickler():
    """A server on 127.0.0.1 that sends one header byte every 0.2 s, for ever; stopped after the test."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            threading.Thread(target=drip, args=(conn,), daemon=True).start()

    def drip(conn):
        with conn:
            try:
                conn.recv(4096)
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
                while not stop.is_set():
                    conn.sendall(b"X")
                    time.sleep(0.2)
            except OSError:
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/feed"
    stop.set()
    thread.join(5)
    server.close()


def test_a_server_trickling_header_bytes_is_cut_off_at_the_total_deadline(trickler):
    policy = FetchPolicy(total_timeout=1.5, connect_timeout=1, retries=0, allow_local=True)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(trickler, PAGE_TYPES, policy)
    assert time.monotonic() - started < 4


def test_the_deadline_covers_the_retries_and_their_backoff_too(trickler):
    # three attempts of 1.5 s each and their pauses would take over 5 s: the deadline is over the whole fetch
    policy = FetchPolicy(total_timeout=1.5, connect_timeout=1, retries=2, backoff=0.2, allow_local=True)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch(trickler, PAGE_TYPES, policy)
    assert time.monotonic() - started < 2.5


@pytest.mark.parametrize("ip", ["169.254.169.254", "fd00:ec2::254", "169.254.1.1", "fe80::1", "224.0.0.1",
                                "::ffff:169.254.169.254", "0.0.0.0"])
def test_allow_local_never_allows_metadata_or_link_local_addresses(ip):
    import httpx

    with pytest.raises(FetchError, match="never fetched"):
        checked_addresses(httpx.URL("http://host.test/"), FetchPolicy(allow_local=True), lambda h, p: [ip])


@pytest.mark.parametrize("ip", ["127.0.0.1", "10.0.0.7", "192.168.1.1", "::1"])
def test_allow_local_allows_loopback_and_private_ranges(ip):
    import httpx

    assert checked_addresses(httpx.URL("http://host.test/"), FetchPolicy(allow_local=True), lambda h, p: [ip])


@pytest.mark.parametrize(("ip", "problem"), [
    ("2002:7f00:1::", "loopback"), ("2002:a00:1::", "private"), ("2002:a9fe:a9fe::", "cloud metadata"),
    ("64:ff9b::10.0.0.1", "private"), ("64:ff9b::169.254.169.254", "cloud metadata"),
    ("64:ff9b:1::c0a8:101", "private"), ("::ffff:10.0.0.1", "private"), ("::10.0.0.1", "private"),
    ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private"), ("64:ff9b::8.8.8.8", None), ("2002:808:808::", None),
])
def test_ipv6_forms_that_embed_ipv4_are_judged_by_the_embedded_address(ip, problem):
    assert address_problem(ip) == problem


@pytest.mark.parametrize(("a", "b", "same"), [
    ("https://news.bbc.co.uk/x", "https://www.bbc.co.uk/y", True),
    ("https://www.bbc.co.uk/x", "https://evil.co.uk/y", False),
    ("https://alice.github.io/x", "https://bob.github.io/y", False),
    ("https://news.example.com/x", "https://example.com/y", True),
])
def test_same_site_is_the_registrable_domain_from_the_public_suffix_list(a, b, same):
    assert (site(a) == site(b)) is same


def test_a_page_on_a_lookalike_domain_cannot_claim_another_sites_canonical_url():
    html = '<html><head><link rel="canonical" href="https://www.bbc.co.uk/news/1"></head><body>x</body></html>'
    assert article_url(html, "https://evil.co.uk/copy") == "https://evil.co.uk/copy"
    assert article_url(html, "https://m.bbc.co.uk/news/1?utm_source=x") == "https://www.bbc.co.uk/news/1"


@pytest.mark.parametrize("body", [b"", b"   \n"])
def test_an_empty_feed_body_is_a_clear_error_not_a_traceback(body):
    with pytest.raises(InvalidInput, match="http://feeds.test/rss: empty feed"):
        parse_feed(body, "http://feeds.test/rss", 10)
