"""Per-source status for people: the configured sources joined with their recorded state."""

from __future__ import annotations

from dataclasses import dataclass

from geokg.ingest.sources.config import Source
from geokg.ingest.sources.state import SourceState, SourceStatus


@dataclass(frozen=True, slots=True)
class SourceReport:
    """A source as configured (if it still is) and what its runs recorded."""

    name: str
    kind: str
    location: str
    schedule: str | None  # None when the source is no longer in the sources file
    state: SourceStatus

    @property
    def configured(self) -> bool:
        """Whether the source is still in the sources file."""
        return self.schedule is not None


def overview(sources: list[Source], state: SourceState) -> list[SourceReport]:
    """Every configured source with its state (never-run ones too), then sources that ran but were removed."""
    recorded = {s.name: s for s in state.sources()}
    reports = [SourceReport(s.name, s.kind, s.location, s.schedule, recorded.pop(s.name, SourceStatus(s.name)))
               for s in sources]
    reports += [SourceReport(r.name, r.kind, r.location, None, r) for r in recorded.values()]
    return reports
