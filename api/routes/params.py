"""Query parameters shared by several routes, each validated and documented once."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import Depends, Query

from api import service
from graph.store import RelationFilter

MAX_OFFSET = 1_000_000

Limit = Annotated[int, Query(ge=1, le=500, description="Most items to return")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip (for the next page)")]
EntityRef = Annotated[str, Query(min_length=1, max_length=300, description="Entity id (person:rex-tillerson) "
                                                                           "or exact name or alias")]
EntityType = Literal["PERSON", "COUNTRY", "ORGANIZATION", "GROUP", "LOCATION", "AGREEMENT"]
Since = Annotated[dt.date | None, Query(description="Only evidence dated on or after this day (YYYY-MM-DD)")]
Until = Annotated[dt.date | None, Query(description="Only evidence dated on or before this day (YYYY-MM-DD)")]


def relation_filter(
    predicate: Annotated[str | None, Query(pattern=r"^[A-Za-z_]{1,40}$", description="Verb lemma (MEET) or "
                                                                                    "relation type (MET)")] = None,
    event: Annotated[str | None, Query(pattern=r"^(\d{2,4}|[A-Za-z_]{2,40})$",
                                       description="CAMEO code prefix (04) or PLOVER type (CONSULT)")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4, description="1 verbal coop, 2 material coop, "
                                                                    "3 verbal conflict, 4 material conflict")] = None,
    since: Since = None,
    until: Until = None,
) -> RelationFilter:
    """The filters every relation query takes."""
    return service.make_filter(predicate=predicate, event=event, quad_class=quad_class, since=since, until=until)


def directed_filter(
    base: Annotated[RelationFilter, Depends(relation_filter)],
    direction: Annotated[Literal["out", "in", "both"], Query(description="out: entity is the subject; "
                                                                          "in: the object")] = "both",
) -> RelationFilter:
    """Relation filters plus the direction seen from one entity."""
    return service.make_filter(direction, base.predicate, base.event, base.quad_class, base.since, base.until)


Filter = Annotated[RelationFilter, Depends(relation_filter)]
DirectedFilter = Annotated[RelationFilter, Depends(directed_filter)]
