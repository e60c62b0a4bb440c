"""Hostile inputs at the door: a torture folder where every bad item is one error line and every good one is stored."""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from geokg.api import cli as cli_module
from geokg.api.cli import main
from geokg.ingest.readers import Failure, make_raw, read_file, read_paths
from tests.conftest import GEOKG

pytestmark = pytest.mark.usefixtures("cli_env")

GOOD = "Germany and France agreed to cooperate on defence in Berlin on Monday.\n"
BAD_NAMES = ["fifo.txt", "dangling.txt", "loop", "locked", "device.txt"]


def torture_folder(root: Path) -> Path:
    """Good articles beside a non-UTF-8 name, a FIFO, a dangling link, a link loop, an unreadable folder, a device."""
    folder = root / "torture"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "utf16.txt").write_text("Russia and China signed a trade deal in Moscow.\n", encoding="utf-16")
    (folder / "controls.txt").write_text("Iran\x0c and Iraq\x07 held \x1b[31mtalks in Baghdad.\n")
    os.makedirs(folder / "sub")
    (folder / "sub" / "nested.md").write_text("Japan and India met in Tokyo.\n")
    with open(os.path.join(os.fsencode(folder), b"b\xff.txt"), "w") as f:
        f.write("Brazil and Argentina met in Buenos Aires.\n")
    os.mkfifo(folder / "fifo.txt")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "loop").symlink_to(folder)
    (folder / "locked").mkdir()
    (folder / "locked" / "hidden.txt").write_text("Spain and Portugal met in Madrid.\n")  # root can read it
    (folder / "locked").chmod(0)
    (folder / "device.txt").symlink_to("/dev/zero")
    return folder


@pytest.fixture
def torture(tmp_path: Path):
    folder = torture_folder(tmp_path)
    yield folder
    (folder / "locked").chmod(0o755)


def test_every_bad_item_in_the_torture_folder_is_one_failure_and_the_rest_is_read(torture):
    items = list(read_paths([torture]))
    failures = [i.reason for i in items if isinstance(i, Failure)]
    texts = {i.name: i.text for i in items if not isinstance(i, Failure)}
    expected = BAD_NAMES if os.geteuid() else [n for n in BAD_NAMES if n != "locked"]  # root reads any folder
    if not os.geteuid():
        texts.pop("hidden", None)
    assert sorted(texts) == ["b\\xff", "controls", "good", "nested", "utf16"]
    assert len(failures) == len(expected), failures
    for name in expected:
        assert sum(name in f for f in failures) == 1, (name, failures)
    assert texts["utf16"].startswith("Russia and China")
    assert texts["controls"] == "Iran and Iraq held [31mtalks in Baghdad."


def test_geokg_ingest_of_the_torture_folder_stores_the_good_ones_and_exits_1(torture, nlp, monkeypatch):
    monkeypatch.setattr(cli_module, "load_nlp", lambda settings: nlp)
    result = CliRunner().invoke(main, ["ingest", str(torture)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "5 created" in result.output if os.geteuid() else "6 created" in result.output
    for name in ("fifo.txt", "dangling.txt", "device.txt"):
        assert name in result.output


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_ingest_of_a_device_or_fifo_is_an_error_at_once_not_a_hang(tmp_path, cli_env, target):
    if target == "fifo":
        target = str(tmp_path / "fifo.txt")
        os.mkfifo(target)
    run = subprocess.run([*GEOKG, "extract", target], env=cli_env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "not a regular file" in run.stderr and target in run.stderr


def test_reads_are_capped_by_bytes_read_not_by_what_stat_says(tmp_path, monkeypatch):
    from geokg.ingest import readers

    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    with pytest.raises(readers.InvalidInput, match="over the 1000 byte limit"):
        read_file(big)


def test_an_edited_sidecar_changes_the_hash_so_reingest_notices(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    sidecar = tmp_path / "a.meta.toml"
    sidecar.write_text('title = "Talks"\ndate = 2024-01-01\n')
    first = read_file(article).article
    sidecar.write_text('title = "Talks"\ndate = 2024-02-01\n')
    second = read_file(article).article
    assert first.id == second.id and first.content_hash != second.content_hash


def test_control_characters_are_dropped_at_the_door_tabs_and_newlines_kept():
    raw = make_raw("Iran\x00 and\tIraq\x07 met.\r\nThen e\u0301\x1b left.", name="posted",
                   meta={"title": "Ta\x00lks\x1b"})
    assert raw.text == "Iran and\tIraq met.\nThen \u00e9 left."
    assert raw.article.title == "Talks"


def test_identity_is_url_then_text_never_the_title():
    a = make_raw(GOOD, name="posted", meta={"url": "https://x.test/a", "title": "One"}).article
    b = make_raw(GOOD, name="posted", meta={"url": "https://x.test/a", "title": "Two"}).article
    c = make_raw(GOOD, name="posted", meta={"title": "Three"}).article
    d = make_raw(GOOD, name="posted", meta={"title": "Four"}).article
    assert a.id == b.id and c.id == d.id and a.id != c.id


def test_a_full_disk_is_one_clear_error_line_not_a_traceback(tmp_path, cli_env, data_dir):
    article = tmp_path / "a.txt"
    article.write_text(GOOD * 50)

    def small_files():  # Python ignores SIGXFSZ, so a write past the limit fails like a full disk would
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    run = subprocess.run([*GEOKG, "ingest", str(article)], env=cli_env, capture_output=True, text=True,
                         timeout=300, preexec_fn=small_files)
    assert run.returncode in (1, 2)
    assert "Traceback" not in run.stderr, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert errors and "too large" in errors[-1].lower(), run.stderr


def test_reingest_after_a_sidecar_edit_updates_the_article(tmp_path, nlp, monkeypatch):
    monkeypatch.setattr(cli_module, "load_nlp", lambda settings: nlp)
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    (tmp_path / "a.meta.toml").write_text('title = "Talks"\ndate = 2024-01-01\n')
    runner = CliRunner()
    assert "1 created" in runner.invoke(main, ["ingest", str(article)], catch_exceptions=False).output
    (tmp_path / "a.meta.toml").write_text('title = "Talks"\ndate = 2024-02-01\n')
    assert "1 updated" in runner.invoke(main, ["ingest", str(article)], catch_exceptions=False).output
