"""Questions about actors together: dyads, paths, neighbourhoods, timelines."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from geokg.api import service
from geokg.api.deps import StoreDep
from geokg.api.problems import problem_responses
from geokg.api.routes.params import EntityRef, Limit, Offset, RollupParam, Since, Until
from geokg.api.schemas import DyadOut, Page, PathOut, SubgraphOut, TimelineOut

router = APIRouter(tags=["analysis"])
ERRORS = problem_responses(404, 422)
Counterpart = Annotated[str, Query(min_length=1, max_length=300, examples=["US"],
                                   description="The other actor: id, or exact name, alias or code")]
TimeBucket = Annotated[Literal["day", "week", "month"], Query(examples=["month"], description="Period length")]


@router.get("/dyads", response_model=DyadOut, responses=ERRORS)
def dyad(store: StoreDep, a: EntityRef, b: Counterpart, since: Since = None, until: Until = None, limit: Limit = 100,
         offset: Offset = 0, rollup: RollupParam = None) -> DyadOut:
    """All events between two actors (or their countries) both ways, oldest first, Goldstein mean per month."""
    return service.dyad(store, a, b, since, until, limit, offset, rollup)


@router.get("/paths", response_model=Page[PathOut], responses=ERRORS)
def paths(store: StoreDep,
          source: Annotated[str, Query(alias="from", min_length=1, max_length=300, description="Entity id or name",
                                             examples=["Rex Tillerson"])],
          target: Annotated[str, Query(alias="to", min_length=1, max_length=300, description="Entity id or name",
                                           examples=["Iran"])],
          max_hops: Annotated[int, Query(ge=1, le=6, description="Longest path", examples=[4])] = 4,
          limit: Annotated[int, Query(ge=1, le=20, description="Most paths", examples=[5])] = 5,
          offset: Annotated[int, Query(ge=0, le=49, description="Paths to skip (for the next page)",
                                                  examples=[0])] = 0
          ) -> Page[PathOut]:
    """Shortest paths between two actors, ignoring direction, paged (total: paths found, at most 50)."""
    return service.paths(store, source, target, max_hops, limit, offset)


@router.get("/subgraph", response_model=SubgraphOut, responses=ERRORS)
def subgraph(store: StoreDep, center: EntityRef, hops: Annotated[int, Query(ge=1, le=3, examples=[1])] = 1,
             limit: Annotated[int, Query(ge=1, le=500, description="Most nodes", examples=[100])] = 100) -> SubgraphOut:
    """An actor's neighbourhood as nodes and edges, capped at limit nodes."""
    return service.subgraph(store, center, hops, limit)


@router.get("/timeline", response_model=TimelineOut, responses=ERRORS)
def timeline(store: StoreDep, entity: Annotated[str | None, Query(min_length=1, max_length=300,
                                                                    description="Entity id or name; all if omitted",
                                                                    examples=["Iran"])]
             = None, bucket: TimeBucket = "month", rollup: RollupParam = None) -> TimelineOut:
    """Events per day, week or month with the mean Goldstein score and counts per quad class."""
    return service.timeline(store, entity, bucket, rollup)
