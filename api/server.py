"""Serving the API with limits a hostile client cannot outwait: a request-read deadline, a header-size cap and a
cap on concurrent connections (uvicorn's h11 protocol; httptools has no header cap)."""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from geokg.api.settings import Settings


class DeadlineH11Protocol(H11Protocol):
    """h11 with a deadline on reading each request's headers: a client trickling them is disconnected."""

    read_timeout = 10.0
    max_head_bytes = 32_768

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.read_deadline: asyncio.TimerHandle | None = None
        self.arm_read_deadline()

    def arm_read_deadline(self) -> None:
        """Start the clock for the next request's headers."""
        self.disarm_read_deadline()
        self.head_bytes = 0
        self.read_deadline = self.loop.call_later(self.read_timeout, self.on_read_timeout)

    def disarm_read_deadline(self) -> None:
        if getattr(self, "read_deadline", None) is not None:
            self.read_deadline.cancel()
            self.read_deadline = None

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:  # still reading a request head: count it, body bytes excluded
            end = data.find(b"\r\n\r\n")
            self.head_bytes += len(data) if end < 0 else end
            if self.head_bytes > self.max_head_bytes:
                return self.refuse_head()
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the headers are complete
            self.disarm_read_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self.arm_read_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self.disarm_read_deadline()
        super().connection_lost(exc)

    def refuse_head(self) -> None:
        """431 and close: the request line and headers are over the cap (h11 only caps incomplete heads)."""
        self.disarm_read_deadline()
        if not self.transport.is_closing():
            body = b"request line and headers are over the limit of %d bytes (KG_API_MAX_HEADER_BYTES)" % (
                self.max_head_bytes)
            self.transport.write(b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain\r\n"
                                 b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body))
            self.transport.close()

    def on_read_timeout(self) -> None:
        """The headers did not arrive in time: close the connection."""
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.logger.info("closing a connection whose request headers took over %g s", self.read_timeout)
            self.transport.close()


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments of uvicorn.run for the settings' host, port and limits."""
    protocol = type("ServerProtocol", (DeadlineH11Protocol,), {"read_timeout": settings.api_read_timeout,
                                                               "max_head_bytes": settings.api_max_header_bytes})
    return {"host": settings.api_host, "port": settings.api_port, "log_level": "info", "http": protocol,
            "h11_max_incomplete_event_size": settings.api_max_header_bytes,
            "limit_concurrency": settings.api_max_connections, "timeout_keep_alive": 5,
            "proxy_headers": bool(settings.forwarded_allow_ips),
            "forwarded_allow_ips": settings.forwarded_allow_ips or None}
