"""geokg as a library: the README's example runs as written, and the public functions behave as documented."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import geokg
from tests.conftest import ROOT, SEED_ARTICLE, SEEDS


def readme_example() -> str:
    """The Python block of the README's "Use from Python" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^## Use from Python\n.*?^```python\n(.*?)^```", text, re.S | re.M)
    assert found, "README.md has no 'Use from Python' section with a python block"
    return found.group(1)


def test_the_readme_example_runs_in_a_clone(tmp_path: Path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "example.py").write_text(readme_example(), encoding="utf-8")
    run = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert "'Mohammad Javad Zarif'" in lines[0] and "'Rex Tillerson'" in lines[0]
    assert lines[1].startswith("1 created")
    assert "Mohammad Javad Zarif MET Rex Tillerson 1" in lines
    assert lines[-1].startswith("Rex Tillerson - ") and lines[-1].endswith(" - Iran")
    assert (tmp_path / "data").is_dir()


def test_extract_takes_text_or_a_path(nlp):
    from_text = geokg.extract("Zarif met Tillerson in New York.", nlp=nlp, published="2017-09-20")
    assert from_text.article.published == date(2017, 9, 20)
    assert any(r.predicate == "MEET" for r in from_text.relations)
    from_path = geokg.extract(SEED_ARTICLE, nlp=nlp)
    assert from_path.article.path == str(SEED_ARTICLE)
    assert from_path == geokg.extract(str(SEED_ARTICLE), nlp=nlp)


@pytest.mark.parametrize("bad", ["", "   \n  "])
def test_extract_refuses_empty_text(nlp, bad):
    with pytest.raises(geokg.InvalidInput, match="empty"):
        geokg.extract(bad, nlp=nlp)


def test_ingest_reports_a_bad_file_and_keeps_the_others(nlp, tmp_path: Path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x81bad \xc3\x28 text\xff")  # not UTF-8, no UTF-16 mark
    store = geokg.open_store(tmp_path / "data")
    try:
        report = geokg.ingest([SEED_ARTICLE, bad, tmp_path / "missing.txt"], store, nlp=nlp)
        assert report.stored == 1 and len(report.failures) == 2
        assert any("missing.txt" in f.reason for f in report.failures)
        assert geokg.search(store, "Zarif").items[0].entity.name == "Mohammad Javad Zarif"
        listed = geokg.search(store, type_="PERSON", limit=100)
        assert {"Mohammad Javad Zarif", "Rex Tillerson"} <= {r.entity.name for r in listed.items}
        with pytest.raises(geokg.NotFound, match="Atlantis"):
            geokg.relations(store, "Atlantis")
    finally:
        store.close()


def test_the_subpackages_import_as_before_next_to_the_ingest_function():
    from geokg.ingest.readers import read_paths

    assert callable(geokg.ingest) and callable(read_paths)
    code = "import geokg.ingest.pipeline, geokg; print(callable(geokg.ingest), geokg.ingest.__module__)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["True", "geokg"], run.stderr
    module = subprocess.run([sys.executable, "-m", "geokg", "--help"], capture_output=True, text=True, timeout=60)
    assert module.returncode == 0 and "ingest" in module.stdout
