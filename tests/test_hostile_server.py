"""Hostile clients of the HTTP server on loopback: slow headers, slow bodies, huge headers, too many connections."""

from __future__ import annotations

import socket
import time

import httpx
import pytest
import uvicorn

from geokg.api.app import create_app
from geokg.api.server import uvicorn_options
from geokg.api.settings import Settings
from tests.test_api_queries import fixture_graphs, open_embedded
from tests.api_server import running

KEY = "server-key"


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory):
    """`geokg serve`'s uvicorn options with a 1 s read timeout and an 8 KB header cap, on a free loopback port."""
    data_dir = tmp_path_factory.mktemp("hostile-server")
    store = open_embedded(data_dir)
    store.upsert_articles(fixture_graphs())
    settings = Settings(data_dir=data_dir, api_key=KEY, api_read_timeout=1.0, api_max_header_bytes=8192,
                        api_max_connections=20)
    options = {**uvicorn_options(settings), "port": 0, "log_level": "warning"}
    with running(uvicorn.Config(create_app(settings, store=store), **options)) as address:
        yield address
    store.close()


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """True when the server closes the connection (EOF or reset) within the time."""
    sock.settimeout(seconds)
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        pass
    return True


def test_connections_trickling_headers_are_closed_after_the_read_timeout(address):
    slow = []
    for _ in range(10):
        s = socket.create_connection(address)
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        slow.append(s)
    started = time.monotonic()
    for s in slow:
        s.sendall(b"X-Slow: 1\r\n")
    assert all(closed_within(s, 5) for s in slow)
    assert time.monotonic() - started < 5
    assert httpx.get(f"http://{address[0]}:{address[1]}/health").status_code == 200


def test_a_huge_header_is_refused_not_buffered(address):
    with socket.create_connection(address) as s:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n")
        s.settimeout(5)
        reply = s.recv(4096)
    assert reply.startswith(b"HTTP/1.1 431"), reply[:200]
    assert httpx.get(f"http://{address[0]}:{address[1]}/health", headers={"X-Ok": "a" * 4000}).status_code == 200


def test_a_body_trickled_slower_than_the_read_timeout_is_408(address):
    with socket.create_connection(address) as s:
        s.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"X-API-Key: " + KEY.encode() + b"\r\nContent-Length: 100\r\n\r\n{")
        s.settimeout(5)
        reply = s.recv(4096)
    assert reply.startswith(b"HTTP/1.1 408"), reply
