"""Query parameters shared by several routes, each validated and documented once."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, BeforeValidator, Field, model_validator

from geokg.api import service
from geokg.graph.model import SECTORS
from geokg.graph.store import RelationFilter

MAX_OFFSET = 1_000_000

Limit = Annotated[int, Query(ge=1, le=500, description="Most items to return", examples=[10])]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip (for the next page)",
                                 examples=[0])]
EntityRef = Annotated[str, Query(min_length=1, max_length=300, examples=["Iran"],
                                 description="Entity id (person:rex-tillerson), or exact name, alias or code")]
EntityType = Literal["PERSON", "COUNTRY", "ORGANIZATION", "GROUP", "LOCATION", "AGREEMENT"]


def iso_day(value: object) -> object:
    """Only YYYY-MM-DD text is a day: a bare number such as 0 is not read as a Unix time (1970-01-01)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"{value!r} is not a day: expected YYYY-MM-DD")
    if isinstance(value, int | float):
        raise ValueError(f"{value!r} is not a day: expected YYYY-MM-DD")
    return value


Day = Annotated[dt.date, BeforeValidator(iso_day)]


def upper(value: object) -> object:
    """Sectors are matched in any case ("police" is POLICE)."""
    return value.strip().upper() if isinstance(value, str) else value


Sector = Annotated[Literal[SECTORS], BeforeValidator(upper)]
Since = Annotated[Day | None, Query(description="Only evidence dated on or after this day (YYYY-MM-DD)",
                                    examples=["2017-09-01"])]
Until = Annotated[Day | None, Query(description="Only evidence dated on or before this day (YYYY-MM-DD)",
                                    examples=["2017-12-31"])]
RollupParam = Annotated[Literal["country"] | None, Query(
    examples=["country"],
    description="country: count people, agencies, armed forces and places as the country they belong to")]


class RelationQuery(BaseModel):
    """Filters and paging of a relation query (one model: FastAPI validates it in one pass)."""

    predicate: str | None = Field(None, pattern=r"^[A-Za-z_]{1,40}$",
                                  description="Verb lemma (MEET) or relation type (MET)", examples=["MEET"])
    event: str | None = Field(None, pattern=r"^(\d{2,4}|[A-Za-z_]{2,40})$",
                              description="CAMEO code prefix (04) or PLOVER type (CONSULT)", examples=["CONSULT"])
    quad_class: int | None = Field(None, ge=1, le=4, examples=[1],
                                   description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
                                               "4 material conflict")
    since: Day | None = Field(None, description="Only evidence dated on or after this day (YYYY-MM-DD)",
                                  examples=["2017-09-01"])
    until: Day | None = Field(None, description="Only evidence dated on or before this day (YYYY-MM-DD)",
                                  examples=["2017-12-31"])
    min_confidence: float | None = Field(None, ge=0, le=1, examples=[0.5],
                                         description="Only evidence the extractor is at least this confident of")
    sector: Sector | None = Field(None, examples=["POLICE"],
                                  description="Only evidence where either end acted as this actor sector "
                                              "(\"Israeli police\" is Israel, POLICE): " + ", ".join(SECTORS))
    limit: int = Field(50, ge=1, le=500, description="Most items to return", examples=[50])
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip (for the next page)", examples=[0])
    rollup: Literal["country"] | None = Field(None, examples=["country"],
                                              description="country: count people, agencies, armed forces and places "
                                                          "as the country they belong to")

    @model_validator(mode="after")
    def _dates_in_order(self) -> RelationQuery:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self

    def filter(self, direction: Literal["out", "in", "both"] = "both") -> RelationFilter:
        """The store filter these parameters ask for."""
        return service.make_filter(direction, self.predicate, self.event, self.quad_class, self.since, self.until,
                                   self.min_confidence, self.sector)


class EntityRelationQuery(RelationQuery):
    """A relation query seen from one entity."""

    direction: Literal["out", "in", "both"] = Field("both", examples=["out"],
                                                    description="out: the entity is the subject; in: the object; "
                                                                "both: either")


class TripleQuery(RelationQuery):
    """A (subject, predicate, object) pattern; any part may be omitted."""

    subject: str | None = Field(None, min_length=1, max_length=300, description="Entity id or exact name",
                                examples=["United States"])
    object: str | None = Field(None, min_length=1, max_length=300, description="Entity id or exact name",
                               examples=["Iran"])
