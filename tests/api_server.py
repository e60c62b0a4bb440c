"""A real uvicorn on a free port of 127.0.0.1 serving an app, for tests of the HTTP behaviour itself."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn


@contextmanager
def running(config: uvicorn.Config, start_seconds: float = 20) -> Iterator[tuple[str, int]]:
    """(host, port) of a uvicorn server run in a thread with this config (port 0: a free one); stopped on exit."""
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_seconds
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield server.servers[0].sockets[0].getsockname()[:2]
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def serving(app: Any, start_seconds: float = 20) -> Iterator[str]:
    """The base URL of uvicorn serving app in a thread; the server is stopped on exit."""
    with running(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"), start_seconds) as (host, port):
        yield f"http://{host}:{port}"
