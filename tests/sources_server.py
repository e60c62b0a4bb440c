"""A real HTTP server on 127.0.0.1 for the sources tests: routes the test sets, ETag/304, delays, hit counts."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Route:
    """What the server answers at one path."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: bool = True  # answer If-None-Match with 304 when the body is unchanged
    length: bool = True  # send Content-Length (False: stream until the connection closes)


class Site:
    """The routes and what was asked of them."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter = Counter()
        self.not_modified: Counter = Counter()
        self.base = ""

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return self.base + path

    def serve(self, path: str, body: str | bytes, **kw: object) -> str:
        """Serve body at path (replacing what was there); returns the URL."""
        self.routes[path] = Route(body=body.encode() if isinstance(body, str) else body, **kw)  # type: ignore[arg-type]
        return self.url(path)


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to the site."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep pytest output clean
            pass

        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            path = urlsplit(self.path).path
            route = site.routes.get(path)
            site.hits[path] += 1
            if route is None:
                self.send_error(404)
                return
            time.sleep(route.delay)
            tag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"' if route.etag else None
            if tag and self.headers.get("If-None-Match") == tag and route.status == 200:
                site.not_modified[path] += 1
                self.send_response(304)
                self.send_header("ETag", tag)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.length:
                self.send_header("Content-Length", str(len(route.body)))
            if tag:
                self.send_header("ETag", tag)
            for k, v in route.headers.items():
                self.send_header(k, v)
            self.end_headers()
            try:
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (size cap, timeout): that is the point of some tests

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


def start_site() -> tuple[Site, Server]:
    """Start a server on a free port of 127.0.0.1 in a thread."""
    site = Site()
    server = Server(("127.0.0.1", 0), handler_for(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return site, server


def rss(title: str, items: list[dict]) -> str:
    """An RSS 2.0 document; each item has title, link and optionally date (a datetime) and guid."""
    parts = [f"<?xml version='1.0' encoding='utf-8'?>\n<rss version='2.0'><channel><title>{escape(title)}</title>"
             "<link>http://example.org/</link><description>test feed</description>"]
    for it in items:
        date = f"<pubDate>{format_datetime(it['date'])}</pubDate>" if it.get("date") else ""
        parts.append(f"<item><title>{escape(it['title'])}</title><link>{escape(it['link'])}</link>"
                     f"<guid>{escape(it.get('guid', it['link']))}</guid>{date}</item>")
    parts.append("</channel></rss>")
    return "".join(parts)


def page(title: str, paragraphs: list[str], canonical: str | None = None) -> str:
    """An article page as news sites write them: head, navigation, the article, a footer."""
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{escape(title)}</title>{link}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><main><article><h1>{escape(title)}</h1>"
            f"{body}</article></main><footer>Copyright Example News</footer></body></html>")
