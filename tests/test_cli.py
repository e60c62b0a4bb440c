"""The command line a newcomer uses: ingest, extract, stats, and their handling of bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from geokg.api import cli as cli_module
from geokg.api.cli import main
from tests.conftest import GEOKG, SEED_ARTICLE

pytestmark = pytest.mark.usefixtures("cli_env")


@pytest.fixture
def run(nlp, monkeypatch: pytest.MonkeyPatch):
    """Run geokg in-process with the session's spaCy pipeline; returns the click Result."""
    monkeypatch.setattr(cli_module, "load_nlp", lambda settings: nlp)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A folder with the seed article and a short second article."""
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED_ARTICLE, folder / SEED_ARTICLE.name)
    (folder / "talks.txt").write_text("German Chancellor Angela Merkel met French President Emmanuel Macron in "
                                      "Berlin on Monday. Germany and France agreed to cooperate on defence.\n")
    return folder


def stats(run) -> dict:
    result = run("stats", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_ingest_a_folder_then_stats_counts_it(run, articles):
    result = run("ingest", str(articles))
    assert result.exit_code == 0, result.output
    assert "2 created" in result.output
    counts = stats(run)
    assert counts["articles"] == 2
    assert counts["entities"] >= 5
    assert counts["relations"] >= 3
    assert counts["entities_by_type"].get("COUNTRY", 0) >= 3


def test_reingesting_the_same_files_changes_nothing(run, articles):
    run("ingest", str(articles))
    before = stats(run)
    result = run("ingest", str(articles))
    assert result.exit_code == 0
    assert "2 unchanged" in result.output
    assert stats(run) == {**before, "last_ingest": stats(run)["last_ingest"]}


def test_unchanged_files_are_not_parsed_at_all(run, articles, monkeypatch, nlp):
    run("ingest", str(articles))
    (articles / "new.txt").write_text("Angela Merkel met Emmanuel Macron in Paris on Tuesday.\n")
    texts: list[str] = []  # what reaches spaCy
    real_pipe = nlp.pipe

    def pipe(items, **kw):
        seen = ((texts.append(x[0] if kw.get("as_tuples") else x) or x) for x in items)
        return real_pipe(seen, **kw)

    monkeypatch.setattr(nlp, "pipe", pipe)
    result = run("ingest", str(articles))
    assert "1 created, 0 updated, 2 unchanged" in result.output
    parsed = [t for t in texts if isinstance(t, str)]  # (the pipeline also pipes its own Docs)
    assert len(parsed) == 1 and "Merkel met Emmanuel Macron in Paris" in parsed[0]  # only the new file


def test_when_nothing_changed_the_pipeline_is_not_even_loaded(run, articles, monkeypatch):
    run("ingest", str(articles))

    def no_pipeline(settings):
        raise AssertionError("the NLP pipeline was loaded although every file was unchanged")

    monkeypatch.setattr(cli_module, "load_nlp", no_pipeline)
    result = run("ingest", str(articles))
    assert result.exit_code == 0 and "0 created, 0 updated, 2 unchanged" in result.output


def test_a_changed_file_replaces_its_old_evidence(run, articles):
    run("ingest", str(articles))
    (articles / "talks.txt").write_text("Japan and South Korea signed a trade agreement on Tuesday.\n")
    result = run("ingest", str(articles))
    assert "1 updated" in result.output and "1 unchanged" in result.output
    assert stats(run)["articles"] == 2
    from geokg.api.cli.common import open_store_from
    from geokg.api.settings import get_settings

    store = open_store_from(get_settings())
    try:
        # Merkel was named only in the old text: she is gone; the new text's actors are there
        assert all(h.entity.name != "Angela Merkel" for h in store.search_entities("Merkel").items)
        assert any(h.entity.name == "Japan" for h in store.search_entities("Japan").items)
        assert any(h.entity.name == "Iran" for h in store.search_entities("Iran").items)
    finally:
        store.close()


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n \t\n", "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("latin1.txt", "Gespräche in München über Sanktionen".encode("latin-1"), "UTF-8"),
])
def test_bad_files_get_one_line_errors_and_the_rest_is_ingested(run, articles, name, content, problem):
    bad = articles / name
    bad.write_bytes(content)
    result = run("ingest", str(articles))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert name in errors[0] and problem in errors[0]
    assert "2 created" in result.output
    assert stats(run)["articles"] == 2


def test_a_missing_path_is_named_and_the_others_still_load(run, articles):
    result = run("ingest", str(articles / "nope.txt"), str(articles))
    assert result.exit_code == 1
    assert "nope.txt" in result.output and "no such file" in result.output
    assert stats(run)["articles"] == 2


def test_extract_prints_the_eval_contract_without_touching_the_store(run, articles, data_dir):
    result = run("extract", str(articles / "talks.txt"), "--format", "jsonl")
    assert result.exit_code == 0
    record = json.loads(result.output.strip())
    assert record["article"] == "talks"
    ids = {e["id"] for e in record["entities"]}
    assert all(r["subject"] in ids and r["object"] in ids for r in record["relations"])
    assert {"Germany", "France"} <= {e["name"] for e in record["entities"]}
    assert not any(data_dir.iterdir())


def test_a_second_process_sees_what_the_first_stored(cli_env, articles):
    done = subprocess.run([*GEOKG, "ingest", str(articles / "talks.txt")], env=cli_env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "1 created" in done.stdout
    out = subprocess.run([*GEOKG, "stats", "--json"], env=cli_env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["articles"] == 1


def test_flags_override_the_environment(run, articles, tmp_path):
    other = tmp_path / "elsewhere"
    result = run("--data-dir", str(other), "ingest", str(articles / "talks.txt"))
    assert result.exit_code == 0
    assert any(other.iterdir())
    untouched = run("stats")  # KG_DATA_DIR still has no store, and reading it does not make one
    assert untouched.exit_code == 2 and "no store here" in untouched.output
    assert not any((tmp_path / "data").iterdir())


@pytest.mark.parametrize("command", [["stats"], ["export", "--format", "graphml", "out.graphml"], ["serve"]])
def test_a_read_command_on_a_folder_without_a_store_says_so_and_creates_nothing(cli_env, tmp_path, command):
    typo = tmp_path / "dta"
    run = subprocess.run([*GEOKG, "--data-dir", str(typo), *command], env=cli_env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 2
    assert f"error: {typo}: no store here" in run.stderr
    assert not typo.exists() and not (tmp_path / "out.graphml").exists()
