"""Extraction settings: what every document's extraction shares, set once per process (the CLI and API do)."""

from __future__ import annotations

from dataclasses import dataclass, replace

# Chosen with bench/confidence.py: below it the untyped candidates enter, which cost precision on the PLOVER and
# seed sets (dyad P .77 -> .71, seed relation P 1.0 -> .77) while adding dyad recall on the VOA stories.
DEFAULT_MIN_CONFIDENCE = 0.4


@dataclass(frozen=True, slots=True)
class ExtractionSettings:
    """min_confidence: relations below it are not emitted (nor stored, nor served)."""

    min_confidence: float = DEFAULT_MIN_CONFIDENCE

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be between 0 and 1, not {self.min_confidence!r}")


_current = ExtractionSettings()


def current() -> ExtractionSettings:
    """The settings extraction in this process uses (forked workers inherit them)."""
    return _current


def configure(**changes: object) -> ExtractionSettings:
    """Replace some settings for this process, e.g. configure(min_confidence=0.6); returns the new settings."""
    global _current
    _current = replace(_current, **{k: v for k, v in changes.items() if v is not None})
    return _current
