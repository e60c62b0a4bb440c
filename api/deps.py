"""The API's dependencies: the store, the lazily loaded NLP pipeline, the API key check and the body limit."""

from __future__ import annotations

import asyncio
import hmac
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from geokg.api.problems import HTTPProblem, problem
from geokg.api.settings import Settings
from geokg.graph.store import GraphStore

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="The key set in KG_API_KEY")
bearer = HTTPBearer(auto_error=False, description="The key set in KG_API_KEY, as a bearer token")


def open_store_from(settings: Settings) -> GraphStore:
    """The store the settings name: embedded in data_dir (which must hold one), or Neo4j."""
    from geokg.graph.open import open_store

    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
    return open_store(settings.store, settings.data_dir, neo4j_uri=settings.neo4j_uri,
                      neo4j_user=settings.neo4j_user, neo4j_password=password,
                      neo4j_database=settings.neo4j_database, batch_size=settings.neo4j_batch_size,
                      create=False)


class Pipeline:
    """The spaCy pipeline, loaded once on first use (most requests never need it)."""

    def __init__(self, model: str, nlp: Any = None):
        self.model, self.nlp = model, nlp
        self._lock = threading.RLock()

    @property
    def loaded(self) -> bool:
        """Whether the pipeline is in memory."""
        return self.nlp is not None

    def get(self) -> Any:
        """The pipeline, loading it on the first call."""
        with self._lock:
            if self.nlp is None:
                from geokg.ingest.nlp import load_pipeline

                self.nlp = load_pipeline(self.model)
            return self.nlp

    @contextmanager
    def using(self) -> Iterator[Any]:
        """The pipeline, held by one request at a time (spaCy pipelines are not documented as thread-safe)."""
        nlp = self.get()
        with self._lock:
            yield nlp


async def get_store(request: Request) -> GraphStore:
    """The store the app was created with (async: it only reads app state, so no worker thread is needed)."""
    return request.app.state.store


async def require_api_key(request: Request, key: Annotated[str | None, Security(api_key_header)] = None,
                    creds: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)] = None) -> None:
    """Let a write through only with the configured key; with no key configured, refuse every write."""
    configured = request.app.state.settings.api_key
    secret = configured.get_secret_value() if configured else ""
    if not secret:
        raise HTTPProblem(403, "writes are disabled because no API key is configured: set KG_API_KEY "
                               "(environment or .env) and restart the server", title="Writes disabled")
    check_key(key or (creds.credentials if creds else ""), secret, "X-API-Key", "the API key")


def check_key(given: str, secret: str, header: str, what: str) -> None:
    """401 with a challenge unless given is the configured secret (compared in constant time)."""
    challenge = {"WWW-Authenticate": 'Bearer realm="geokg"'}
    if not given:
        raise HTTPProblem(401, f"this endpoint needs {what}: send '{header}: <key>'"
                               + (" or 'Authorization: Bearer <key>'" if header == "X-API-Key" else ""),
                          headers=challenge)
    if not hmac.compare_digest(given.encode(), secret.encode()):
        raise HTTPProblem(401, f"{what} is not the configured one", headers=challenge)


cypher_key_header = APIKeyHeader(name="X-Cypher-Key", auto_error=False, description="The key set in KG_CYPHER_KEY")


async def require_cypher_key(request: Request,
                             key: Annotated[str | None, Security(cypher_key_header)] = None) -> None:
    """POST /cypher only when enabled (KG_CYPHER_ENABLED) and with its own key (KG_CYPHER_KEY)."""
    settings = request.app.state.settings
    if not settings.cypher_enabled:
        raise HTTPProblem(403, "POST /cypher is off: set KG_CYPHER_ENABLED=true and KG_CYPHER_KEY, then restart "
                               "the server", title="Cypher disabled")
    secret = settings.cypher_key.get_secret_value() if settings.cypher_key else ""
    if not secret:
        raise HTTPProblem(403, "POST /cypher is enabled but KG_CYPHER_KEY is not set: it needs a key of its own",
                          title="Cypher disabled")
    check_key(key or "", secret, "X-Cypher-Key", "the Cypher key")


StoreDep = Annotated[GraphStore, Depends(get_store)]
WriteAccess = Depends(require_api_key)
CypherAccess = Depends(require_cypher_key)


class BodyLimit:
    """ASGI middleware refusing request bodies over max_bytes with 413, by Content-Length and as streamed,
    and bodies that take longer than read_timeout seconds to arrive with 408."""

    def __init__(self, app: Any, max_bytes: int, read_timeout: float = 10.0):
        self.app, self.max_bytes, self.read_timeout = app, max_bytes, read_timeout

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"0").decode("latin-1")
        if not declared.isdigit():
            return await self._refuse(scope, receive, send, 400, f"Content-Length {declared!r} is not a number")
        if int(declared) > self.max_bytes:
            return await self._refuse(scope, receive, send, 413, self._too_large(int(declared)))
        try:
            async with asyncio.timeout(self.read_timeout):
                body = await self._read(receive)
        except TimeoutError:
            return await self._refuse(scope, receive, send, 408, f"the request body did not arrive within "
                                                                 f"{self.read_timeout:g} s (KG_API_READ_TIMEOUT)")
        except _TooLarge as e:
            return await self._refuse(scope, receive, send, 413, self._too_large(e.size, streamed=True))
        if body is None:
            return None
        return await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Any) -> bytes | None:
        """The whole body, None when the client went away, _TooLarge past the limit."""
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                raise _TooLarge(size)
            if not message.get("more_body"):
                return b"".join(chunks)

    def _too_large(self, size: int, streamed: bool = False) -> str:
        what = "the body sent so far" if streamed else "the declared body"
        return f"{what} is {size} bytes, over the limit of {self.max_bytes} bytes (KG_MAX_POST_BYTES)"

    async def _refuse(self, scope: dict, receive: Any, send: Any, status: int, detail: str) -> None:
        await problem(status, detail, scope.get("path", ""))(scope, receive, send)


class _TooLarge(Exception):
    def __init__(self, size: int):
        self.size = size


def _replay(body: bytes, receive: Any) -> Any:
    """A receive callable that hands the buffered body to the app, then defers to the real one."""
    sent = False

    async def replay() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
