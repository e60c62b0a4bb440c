"""The sources file and the commands over it: clear errors, in-place edits, `geokg sources`, GET /sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from geokg.api.app import create_app
from geokg.api.cli import main, sources_cmds
from geokg.api.settings import Settings
from geokg.graph.errors import InvalidInput
from geokg.graph.open import open_store
from geokg.ingest.sources.config import load_sources, parse_interval, parse_sources
from geokg.ingest.sources.sourcefile import add_source, remove_source

GOOD = """# my sources
[fetch]
retries = 0

[[source]]
name = "world"
kind = "rss"
location = "https://news.example.com/world.rss"
interval = "30m"
options = { max_entries = 5 }

# the inbox folder
[[source]]
name = "inbox"
kind = "folder"
location = "/srv/inbox"
cron = "*/15 * * * *"
[source.options]
allow_local = true
"""


def test_good_file_is_read_with_defaults_and_options():
    world, inbox = parse_sources(GOOD, "s.toml")
    assert (world.kind, world.interval, world.max_entries, world.fetch.retries) == ("rss", 1800, 5, 0)
    assert world.fetch.allow_local is False and world.fetch.max_bytes == 5 * 1024 * 1024
    assert (inbox.cron, inbox.interval, inbox.fetch.allow_local) == ("*/15 * * * *", None, True)
    assert (world.schedule, inbox.schedule) == ("every 30m", "cron */15 * * * *")


@pytest.mark.parametrize(("text", "message"), [
    ("[[source]\nname=1", "s.toml: not valid TOML"),
    ('[[source]]\nname = "a b"\nkind = "rss"\nlocation = "https://x.example/"', "source 'a b': name must be"),
    ('[[source]]\nname = "w"\nkind = "podcast"\nlocation = "https://x.example/"', "source 'w': kind 'podcast' is not"),
    ('[[source]]\nname = "w"\nkind = "rss"', "source 'w': location is missing"),
    ('[[source]]\nname = "w"\nkind = "rss"\nlocation = "file:///etc/passwd"', "must be an http:// or https:// URL"),
    ('[[source]]\nname = "w"\nkind = "url"\nlocation = "https://x.example/"\ninterval = "soon"',
     "source 'w': interval 'soon' is not like"),
    ('[[source]]\nname = "w"\nkind = "url"\nlocation = "https://x.example/"\ncron = "every day"',
     "source 'w': cron 'every day' is not a valid"),
    ('[[source]]\nname = "w"\nkind = "url"\nlocation = "https://x.example/"\ncron = "* * * * *"\ninterval = "1h"',
     "either interval or cron"),
    ('[[source]]\nname = "w"\nkind = "url"\nlocation = "https://x.example/"\nurl = "x"', "unknown key(s) url"),
    ('[[source]]\nname = "w"\nkind = "url"\nlocation = "https://x.example/"\noptions = { allow_local = "yes" }',
     "allow_local must be bool"),
    ('[[source]]\nname = "w"\nkind = "url"\nlocation = "https://x.example/"\noptions = { max_entries = 0 }',
     "max_entries must be a positive integer"),
    ('[fetch]\ntotal_timeout = -1', "[fetch]: total_timeout must not be negative"),
    ('[fetch]\nmax_entries = 3', "[fetch]: unknown option(s) max_entries"),
    ('[[source]]\nname = "w"\nkind = "url"\nlocation = "https://x.example/"\noptions = { alow_local = true }',
     "source 'w': unknown option(s) alow_local (known: allow_local, backoff,"),
    ('[[source]]\nname = "w"\nkind = "url"\nlocation = "https://x.example/"\n' * 2, "source 'w' is defined twice"),
])
def test_bad_files_name_the_file_the_source_and_the_problem(text, message):
    with pytest.raises(InvalidInput) as err:
        parse_sources(text, "s.toml")
    assert message in str(err.value) and str(err.value).startswith("s.toml")


@pytest.mark.parametrize(("text", "seconds"), [("90s", 90), ("30m", 1800), ("1h", 3600), ("1.5h", 5400), ("2d", 172800),
                                               (45, 45)])
def test_intervals(text, seconds):
    assert parse_interval(text, "x") == seconds


def test_add_and_remove_keep_the_rest_of_the_file_as_written(tmp_path: Path):
    path = tmp_path / "sources.toml"
    path.write_text(GOOD, encoding="utf-8")
    added = add_source(path, "bulk", "jsonl", "/srv/bulk.jsonl", interval="1d", options={"max_entries": 9})
    assert added.interval == 86400 and [s.name for s in load_sources(path)] == ["world", "inbox", "bulk"]
    remove_source(path, "inbox")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(GOOD.split("# the inbox folder")[0]) and "allow_local" not in text
    assert [s.name for s in load_sources(path)] == ["world", "bulk"]
    with pytest.raises(InvalidInput, match="a source named 'world' already exists"):
        add_source(path, "world", "rss", "https://other.example/")
    with pytest.raises(InvalidInput, match="no source named 'inbox'"):
        remove_source(path, "inbox")
    with pytest.raises(InvalidInput, match="interval 'often'"):
        add_source(path, "bad", "url", "https://x.example/", interval="often")
    assert [s.name for s in load_sources(path)] == ["world", "bulk"]  # a refused add leaves the file alone


@pytest.mark.usefixtures("cli_env")
def test_sources_commands_list_add_status_remove_and_the_api(data_dir: Path, tmp_path: Path, nlp, monkeypatch):
    monkeypatch.setattr(sources_cmds, "load_nlp", lambda settings: nlp)  # the session's pipeline, loaded once
    runner = CliRunner()

    def geokg(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Zarif met Tillerson in Vienna.\n", encoding="utf-8")
    assert "no sources in" in geokg("sources", "list").output
    added = geokg("sources", "add", "inbox", "folder", str(inbox), "--interval", "15m")
    assert added.exit_code == 0 and "added inbox (folder, every 15m)" in added.output
    assert (data_dir / "sources.toml").exists()
    bad = geokg("sources", "add", "feed", "rss", "http://x.example/", "--cron", "nope")
    assert bad.exit_code == 2 and "cron 'nope' is not a valid" in bad.output
    listed = json.loads(geokg("sources", "list", "--json").output)
    assert listed == [{"name": "inbox", "kind": "folder", "location": str(inbox), "schedule": "every 15m"}]
    before = geokg("sources", "status").output
    assert "inbox" in before and "never run" in before

    (inbox / "b.txt").write_bytes(b"\x00\x01binary")
    ran = geokg("ingest", "--source", "inbox")  # the real pipeline and embedded store
    assert ran.exit_code == 1 and "inbox: partial created=1 failed=1" in ran.output
    status = geokg("sources", "status", "inbox").output
    assert "partial" in status and "runs 1" in status and "b.txt: binary file" in status
    unknown = geokg("ingest", "--source", "nope")
    assert unknown.exit_code == 2 and "no source named 'nope' (sources: inbox)" in unknown.output

    store = open_store("embedded", data_dir)
    with TestClient(create_app(Settings(data_dir=data_dir), store=store)) as client:
        body = client.get("/sources").json()
    store.close()
    assert [(s["name"], s["last_status"], s["runs"], s["articles"], s["failed_articles"]) for s in body] == [
        ("inbox", "partial", 1, 2, 1)]
    assert body[0]["last_counts"] == {"created": 1, "failed": 1} and "b.txt" in body[0]["last_error"]

    assert "removed inbox" in geokg("sources", "remove", "inbox").output
    assert load_sources(data_dir / "sources.toml") == []


def test_get_sources_with_a_broken_sources_file_is_a_server_problem(tmp_path: Path, monkeypatch):
    broken = tmp_path / "mine.toml"
    broken.write_text('[[source]]\nname = "w"\nkind = "rss"\n', encoding="utf-8")
    monkeypatch.setenv("KG_SOURCES_FILE", str(broken))
    store = open_store("embedded", tmp_path / "data")
    with TestClient(create_app(Settings(data_dir=tmp_path / "data"), store=store)) as client:
        r = client.get("/sources")
    store.close()
    assert r.status_code == 500 and r.headers["content-type"].startswith("application/problem+json")
    assert "mine.toml: source 'w': location is missing" in r.json()["detail"]
    assert str(tmp_path) not in r.text  # the file is named, the server's folders are not
