"""The FastAPI app: routers over the service layer, problem JSON for every error, CORS and a body limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import import_module
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from geokg.api.deps import BodyLimit, Pipeline, open_store_from
from geokg.api.jobs import Jobs
from geokg.api.problems import install_problem_handlers
from geokg.api.routes import explorer
from geokg.api.settings import Settings, get_settings
from geokg.ingest.extract_settings import configure as configure_extraction
from geokg.graph.store import GraphStore

ROUTERS = ("explorer", "health", "entities", "relations", "analysis", "articles", "cypher", "sources")
DESCRIPTION = """\
Query a knowledge graph of geopolitical events extracted from news: actors (people, countries, organisations,
groups, agreements), who did what to whom and when (CAMEO / PLOVER / Goldstein coded), and the sentences that
say so. Lists are paginated with `limit` and `offset` and report a `total`. Entity parameters take an id
(`person:rex-tillerson`, `country:IRN`) or an exact name, alias, ISO code or abbreviation (`UK`). Every error is
RFC 9457 problem JSON. Write endpoints need the key configured in `KG_API_KEY`, sent as `X-API-Key` or
`Authorization: Bearer`. The graph explorer is at `/`.
"""


def create_app(settings: Settings | None = None, *, store: GraphStore | None = None, nlp: Any = None) -> FastAPI:
    """The API over the given store, or over the store the settings name (closed when the app shuts down)."""
    settings = settings or get_settings()
    owned = store is None
    graph_store = open_store_from(settings) if store is None else store

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.jobs.close()
        if getattr(app.state, "cypher_driver", None) is not None:
            app.state.cypher_driver.close()
        if owned:
            graph_store.close()

    # Swagger UI (/docs) and ReDoc (/redoc) from the assets fastapi-offline ships: no CDN, so they work offline
    app = FastAPIOffline(title="geokg", version="0.1.0", description=DESCRIPTION, lifespan=lifespan,
                         static_url="/static/docs")
    app.state.settings, app.state.store = settings, graph_store
    configure_extraction(min_confidence=settings.min_confidence)
    app.state.pipeline = Pipeline(settings.spacy_model, nlp)
    # its own pipeline: long texts never hold short posts
    app.state.jobs = Jobs(Pipeline(settings.spacy_model), settings.data_dir)
    install_problem_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_post_bytes, read_timeout=settings.api_read_timeout)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "X-API-Key", "X-Cypher-Key"])
    for name in ROUTERS:
        app.include_router(_router(name))
    app.mount(explorer.ASSETS_URL, StaticFiles(directory=explorer.ASSETS), name="explorer")
    return app


def _router(name: str) -> Any:
    """A router module's router; sources is optional (the scheduler may not be installed)."""
    try:
        return import_module(f"geokg.api.routes.{name}").router
    except ModuleNotFoundError as e:
        if name == "sources" and e.name == "geokg.api.routes.sources":
            from fastapi import APIRouter

            return APIRouter()
        raise
