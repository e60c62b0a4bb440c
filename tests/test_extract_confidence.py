"""The confidence minimum: candidates the lexicon cannot type are kept with a low confidence, and a settable
minimum (KG_MIN_CONFIDENCE, --min-confidence, default 0.4) decides what is emitted, stored and served."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geokg.api.cli import main
from geokg.ingest.extract_settings import DEFAULT_MIN_CONFIDENCE, ExtractionSettings, configure, current
from tests.extract_helpers import run, triples

# Verbs no codebook lists: the two countries are related, but what kind of event it is stays unknown.
UNTYPED = ["Brazil outpaced Argentina in soybean exports last year.", "Egypt housed thousands of Sudanese refugees."]
TYPED = "Japan condemned North Korea's missile launch."


@pytest.fixture
def settings_restored():
    """Whatever a test configures, the next one starts from the settings it found."""
    before = current()
    yield
    configure(min_confidence=before.min_confidence)


@pytest.mark.parametrize("text", UNTYPED)
def test_an_untyped_relation_is_a_low_confidence_candidate(nlp, settings_restored, text):
    configure(min_confidence=0.0)
    graph = run(nlp, text)
    assert graph.relations, f"no candidate in {text!r}"
    assert all(r.event is None and r.confidence < DEFAULT_MIN_CONFIDENCE for r in graph.relations)
    configure(min_confidence=DEFAULT_MIN_CONFIDENCE)
    assert run(nlp, text).relations == ()


def test_a_typed_relation_passes_the_default_minimum_but_not_a_strict_one(nlp, settings_restored):
    configure(min_confidence=DEFAULT_MIN_CONFIDENCE)
    assert ("Japan", "CONDEMN", "North Korea") in triples(run(nlp, TYPED))
    configure(min_confidence=0.95)
    assert run(nlp, TYPED).relations == ()


def test_a_minimum_outside_zero_to_one_is_refused_by_name():
    with pytest.raises(ValueError, match="min_confidence must be between 0 and 1, not 1.5"):
        ExtractionSettings(min_confidence=1.5)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """One article mixing an untyped and a typed relation."""
    path = tmp_path / "story.txt"
    path.write_text(f"{UNTYPED[0]} {TYPED}\n", encoding="utf-8")
    return path


def extracted(*args: str, env: dict[str, str] | None = None) -> list[dict]:
    """The relations `geokg extract` prints, run in-process with the real pipeline loading path."""
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [rel for line in result.stdout.splitlines() if line.strip() for rel in json.loads(line)["relations"]]


@pytest.mark.usefixtures("cli_env", "settings_restored")
def test_the_flag_and_the_environment_set_the_minimum(story):
    default = extracted("extract", str(story))
    everything = extracted("--min-confidence", "0", "extract", str(story))
    from_env = extracted("extract", str(story), env={"KG_MIN_CONFIDENCE": "0"})
    assert default and all(r["confidence"] >= DEFAULT_MIN_CONFIDENCE for r in default)
    assert len(everything) > len(default) and any(r["event"] is None for r in everything)
    assert from_env == everything


@pytest.mark.usefixtures("cli_env", "settings_restored")
@pytest.mark.parametrize("args, env, problem", [
    (["--min-confidence", "2", "extract"], None, "--min-confidence': 2.0 is not in the range"),
    (["extract"], {"KG_MIN_CONFIDENCE": "high"}, "min_confidence"),
])
def test_a_bad_minimum_is_a_clear_error(story, args, env, problem):
    result = CliRunner().invoke(main, [*args, str(story)], env=env)
    assert result.exit_code == 2
    assert problem in result.output
