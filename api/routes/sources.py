"""Scheduled-ingestion sources: what is configured and how each source's last run went."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from geokg.api.problems import problem_responses
from geokg.graph.errors import ConfigError, InvalidInput
from geokg.ingest.sources.config import Source, load_sources, sources_file
from geokg.ingest.sources.state import SourceState
from geokg.ingest.sources.status import SourceReport, overview

router = APIRouter(tags=["sources"])


class SourceOut(BaseModel):
    """One source and the state its runs recorded."""

    name: str
    kind: str = Field(description="rss, atom, feed, url, folder or jsonl")
    location: str
    schedule: str | None = Field(description="'every 30m' or 'cron */15 * * * *'; null once removed from the file")
    configured: bool
    last_status: str | None = Field(description="ok, partial, not-modified, error, running; null if never run")
    last_started: str | None
    last_finished: str | None
    last_error: str | None
    runs: int
    failed_runs: int
    articles: int = Field(description="Articles this source has offered so far")
    failed_articles: int
    last_counts: dict[str, int] = Field(description="Articles by outcome in the last run: created, skipped, ...")

    @classmethod
    def of(cls, r: SourceReport) -> SourceOut:
        """The HTTP shape of a source report."""
        st = r.state
        return cls(name=r.name, kind=r.kind, location=r.location, schedule=r.schedule, configured=r.configured,
                   last_status=st.last_status, last_started=st.last_started, last_finished=st.last_finished,
                   last_error=st.last_error, runs=st.runs, failed_runs=st.failed_runs, articles=st.articles,
                   failed_articles=st.failed_articles, last_counts=st.last_counts)


def get_source_state(request: Request) -> tuple[list[Source], SourceState]:
    """The configured sources and the ingest state of the app's data folder."""
    settings = request.app.state.settings
    path = sources_file(settings.data_dir, settings.sources_file)
    try:
        configured = load_sources(path)
    except InvalidInput as e:  # the server's own file is broken: not the client's fault
        raise ConfigError(str(e)) from None
    return configured, SourceState(settings.data_dir)


SourcesDep = Annotated[tuple[list[Source], SourceState], Depends(get_source_state)]


@router.get("/sources", response_model=list[SourceOut], responses=problem_responses(500, 503))
def list_sources(sources: SourcesDep) -> list[SourceOut]:
    """Every configured source with its last run, counts and last error (from the state in the data folder)."""
    return [SourceOut.of(r) for r in overview(*sources)]
