"""Is the service up, and how much does the graph hold."""

from __future__ import annotations

from fastapi import APIRouter, Request

from geokg.api import service
from geokg.api.deps import StoreDep
from geokg.api.problems import problem_responses
from geokg.api.schemas import HealthOut, StatsOut

router = APIRouter(tags=["service"])


@router.get("/health", response_model=HealthOut, responses=problem_responses(503))
def health(request: Request, store: StoreDep) -> HealthOut:
    """Whether the store answers and whether the NLP pipeline is loaded (503 problem if the store is down)."""
    return service.health(store, request.app.state.pipeline.loaded)


@router.get("/stats", response_model=StatsOut, responses=problem_responses(503))
def stats(store: StoreDep) -> StatsOut:
    """Counts of articles, entities by type, relations by predicate, the newest article and the last ingest."""
    return service.stats(store)
