"""RFC 9457 problem JSON: the one error shape every failure of the API has."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from geokg.graph.errors import KGError
from geokg.graph.model import slug

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("geokg.api")


class ProblemResponse(JSONResponse):
    """A JSONResponse with the problem+json media type."""

    media_type = PROBLEM_MEDIA_TYPE


class HTTPProblem(Exception):
    """An HTTP error raised by the API itself (auth, size limits) with a specific title and headers."""

    def __init__(self, status: int, detail: str, title: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.detail = status, detail
        self.title = title or HTTPStatus(status).phrase
        self.headers = headers


def problem(status: int, detail: str, instance: str = "", title: str | None = None,
            headers: dict[str, str] | None = None, **extra: Any) -> ProblemResponse:
    """A problem response; the type names the kind of problem so clients can branch on it."""
    title = title or HTTPStatus(status).phrase
    body = {"type": f"urn:geokg:problem:{slug(title)}", "title": title, "status": status,
            "detail": detail, "instance": instance, **extra}
    return ProblemResponse(body, status_code=status, headers=headers)


def describe_validation_error(err: dict[str, Any]) -> str:
    """One readable line per validation error: where the bad value is, and what is wrong with it."""
    loc = [str(p) for p in err.get("loc", ())]
    where = {"query": "query parameter", "path": "path parameter", "header": "header", "body": "body field"}
    msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    if loc and loc[0] in where and len(loc) > 1:
        return f"{where[loc[0]]} '{'.'.join(loc[1:])}': {msg}"
    return f"{' '.join(loc) or 'request'}: {msg}"


# an absolute file path (two or more segments, not part of a URL): only its last segment is shown to clients
ABSOLUTE_PATH = re.compile(r"(?<![\w:/.~-])/(?:[^\s/'\"]+/)+([^\s/'\"]*)")


def without_paths(detail: str) -> str:
    """The detail with every absolute server path cut to its file name, so errors do not map the server."""
    return ABSOLUTE_PATH.sub(lambda m: m.group(1) or "(folder)", detail)


async def on_kg_error(request: Request, exc: KGError) -> ProblemResponse:
    """A geokg error: its class says the status and title, its message (without server paths) is the detail."""
    return problem(exc.status, without_paths(str(exc)), request.url.path, title=exc.title)


async def on_http_problem(request: Request, exc: HTTPProblem) -> ProblemResponse:
    """An error the API raised on purpose (401, 403, 413)."""
    return problem(exc.status, exc.detail, request.url.path, title=exc.title, headers=exc.headers)


async def on_http_exception(request: Request, exc: StarletteHTTPException) -> ProblemResponse:
    """Starlette's own errors (unknown route, wrong method) in the problem shape."""
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).description
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no such endpoint: {request.method} {request.url.path} (see /docs for the API)"
    elif exc.status_code == 405:
        detail = f"method {request.method} is not allowed on {request.url.path}"
    return problem(exc.status_code, detail, request.url.path, headers=getattr(exc, "headers", None))


async def on_validation_error(request: Request, exc: RequestValidationError) -> ProblemResponse:
    """FastAPI's 422s, as one detail line naming each bad input plus the structured list.

    On a write endpoint the key is checked first: a client without it learns nothing about the body (401, not 422).
    """
    refusal = await write_refusal(request)
    if refusal is not None:
        return await on_http_problem(request, refusal)
    errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg", ""), "type": e.get("type", "")}
              for e in exc.errors()]
    detail = "; ".join(describe_validation_error(e) for e in exc.errors()) or "invalid request"
    return problem(422, detail, request.url.path, title="Invalid input", errors=errors)


def needs(dependant: Any, call: Any) -> bool:
    """True when the route's dependency tree contains this callable."""
    return any(d.call is call or needs(d, call) for d in getattr(dependant, "dependencies", ()))


async def write_refusal(request: Request) -> HTTPProblem | None:
    """The 401/403 the route's API-key check gives this request, or None when it passes or is not needed."""
    from geokg.api.deps import api_key_header, bearer, require_api_key

    route = request.scope.get("route")
    if route is None or not needs(getattr(route, "dependant", None), require_api_key):
        return None
    try:
        await require_api_key(request, await api_key_header(request), await bearer(request))
    except HTTPProblem as refusal:
        return refusal
    return None


async def on_unexpected(request: Request, exc: Exception) -> ProblemResponse:
    """A bug: logged with its traceback, reported without internals."""
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem(500, "the server failed to answer this request; the error was logged", request.url.path)


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error the app returns a problem+json response."""
    app.add_exception_handler(KGError, on_kg_error)
    app.add_exception_handler(HTTPProblem, on_http_problem)
    app.add_exception_handler(StarletteHTTPException, on_http_exception)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_unexpected)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries saying these statuses answer with problem JSON."""
    from geokg.api.schemas import Problem

    schema = Problem.model_json_schema()
    return {s: {"description": HTTPStatus(s).phrase, "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}}}
            for s in statuses}
