"""Runs of feed, page, folder and JSON Lines sources against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from geokg.ingest.sources.config import Source, load_sources
from geokg.ingest.sources.runner import Outcome, run_source
from geokg.ingest.sources.state import SourceState
from tests.sources_server import page, rss

FETCH = """[fetch]
retries = 1
backoff = 0.05
connect_timeout = 1.0
total_timeout = 1.0
max_bytes = 200000
"""
STORIES = {
    "zarif-tillerson": ("Zarif meets Tillerson in Vienna",
                        ["Iranian Foreign Minister Javad Zarif met US Secretary of State Rex Tillerson in Vienna "
                         "on Tuesday to discuss the nuclear agreement.",
                         "The two men spoke for an hour, officials said."]),
    "eu-sanctions": ("EU imposes sanctions on Russia",
                     ["The European Union imposed new sanctions on Russia on Monday over the war in Ukraine.",
                      "The measures target banks and energy companies, the European Commission said."]),
    "un-talks": ("UN hosts talks on Yemen",
                 ["The United Nations hosted talks between the Yemeni government and the Houthis in Geneva.",
                  "Envoy Hans Grundberg called the talks constructive."]),
}


class MemorySink:
    """Remembers each article's hash as a store would, answering created, updated or unchanged."""

    def __init__(self) -> None:
        self.hashes: dict[str, str] = {}
        self.received: list = []

    def __call__(self, raws: list) -> list[Outcome]:
        out = []
        for r in raws:
            prev = self.hashes.get(r.article.id)
            status = "created" if prev is None else ("unchanged" if prev == r.article.content_hash else "updated")
            self.hashes[r.article.id] = r.article.content_hash
            self.received.append(r)
            out.append(Outcome(r.article.id, status))
        return out



@pytest.fixture
def state(tmp_path: Path) -> SourceState:
    return SourceState(tmp_path / "data")


def sources_from(tmp_path: Path, body: str) -> dict[str, Source]:
    path = tmp_path / "sources.toml"
    path.write_text(FETCH + body, encoding="utf-8")
    return {s.name: s for s in load_sources(path)}


def feed_source(name: str, url: str, allow_local: bool = True) -> str:
    local = "true" if allow_local else "false"
    return f'[[source]]\nname = "{name}"\nkind = "rss"\nlocation = "{url}"\ninterval = "1h"\n' \
           f"options = {{ allow_local = {local} }}\n"


def publish(site, slugs: list[str], when: datetime, tracking: bool = True) -> str:
    """Serve an article page per slug and a feed linking to them (with tracking parameters, like real feeds)."""
    items = []
    for slug in slugs:
        title, paras = STORIES[slug]
        url = site.serve(f"/news/{slug}", page(title, paras, canonical=site.url(f"/news/{slug}")))
        link = url + ("?utm_source=rss&utm_medium=feed" if tracking else "")
        items.append({"title": title, "link": link, "date": when})
    return site.serve("/feed.xml", rss("World news", items), content_type="application/rss+xml")


def test_first_run_ingests_every_entry_and_second_run_gets_304(site, state, tmp_path):
    when = datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    url = publish(site, list(STORIES), when)
    src = sources_from(tmp_path, feed_source("world", url))["world"]
    sink = MemorySink()

    first = run_source(src, state, sink)
    assert first.status == "ok", first.error
    assert first.counts == {"created": 3}
    urls = sorted(r.article.url for r in sink.received)
    assert urls == sorted(site.url(f"/news/{s}") for s in STORIES)  # tracking parameters gone
    zarif = next(r for r in sink.received if r.article.url.endswith("zarif-tillerson"))
    assert zarif.article.title == "Zarif meets Tillerson in Vienna"
    assert "Javad Zarif met US Secretary of State" in zarif.text and "Copyright" not in zarif.text
    assert zarif.article.published.isoformat() == "2024-03-05"
    assert zarif.article.source == "world"

    second = run_source(src, state, sink)
    assert second.status == "not-modified" and second.counts == {}
    assert len(sink.received) == 3
    assert site.not_modified["/feed.xml"] == 1
    assert all(site.hits[f"/news/{s}"] == 1 for s in STORIES)
    status = state.source("world")
    assert status.runs == 2 and status.articles == 3 and status.last_error is None


def test_updated_entry_is_reingested_with_the_same_article_id(site, state, tmp_path):
    when = datetime(2024, 3, 5, 9, 0, tzinfo=UTC)
    url = publish(site, list(STORIES), when)
    src = sources_from(tmp_path, feed_source("world", url))["world"]
    sink = MemorySink()
    run_source(src, state, sink)
    first_id = next(r.article.id for r in sink.received if r.article.url.endswith("eu-sanctions"))

    title, paras = STORIES["eu-sanctions"]
    changed = page(title, paras + ["Hungary said it would not block the package."],
                   canonical=site.url("/news/eu-sanctions"))
    site.serve("/news/eu-sanctions", changed)
    items = [{"title": STORIES[s][0], "link": site.url(f"/news/{s}?utm_source=rss&utm_medium=feed"),
              "date": when + timedelta(hours=2) if s == "eu-sanctions" else when} for s in STORIES]
    site.serve("/feed.xml", rss("World news", items), content_type="application/rss+xml")

    again = run_source(src, state, sink)
    assert again.status == "ok", again.error
    assert again.counts == {"updated": 1, "skipped": 2}
    assert sink.received[-1].article.id == first_id
    assert "Hungary" in sink.received[-1].text
    assert site.hits["/news/eu-sanctions"] == 2 and site.hits["/news/un-talks"] == 1  # unchanged entries not fetched


def test_failing_sources_record_clear_errors_and_the_others_complete(site, state, tmp_path):
    good = publish(site, ["un-talks"], datetime(2024, 1, 2, tzinfo=UTC))
    site.serve("/broken.xml", "<rss version='2.0'><channel><item><title>half <<< &&& </rss",
               content_type="application/rss+xml")
    site.serve("/error.xml", "oops", status=500, content_type="text/plain")
    site.serve("/slow.xml", rss("slow", []), content_type="application/rss+xml", delay=2.5)
    site.serve("/report.pdf", b"%PDF-1.4 binary", content_type="application/pdf")
    site.serve("/huge.html", "<p>" + "x" * 300_000 + "</p>", length=False)
    body = "".join([
        feed_source("a-malformed", site.url("/broken.xml")), feed_source("b-error", site.url("/error.xml")),
        feed_source("c-slow", site.url("/slow.xml")), feed_source("e-good", good),
        feed_source("d-pdf", site.url("/report.pdf")).replace('"rss"', '"url"'),
        feed_source("f-huge", site.url("/huge.html")).replace('"rss"', '"url"')])
    sources = sources_from(tmp_path, body)
    sink = MemorySink()
    reports = {name: run_source(src, state, sink) for name, src in sorted(sources.items())}

    assert reports["e-good"].status == "ok" and reports["e-good"].counts == {"created": 1}
    expected = {"a-malformed": "malformed feed", "b-error": "HTTP 500",
                "c-slow": "timed out", "d-pdf": "content type 'application/pdf' refused",
                "f-huge": "over the 200000 byte limit"}
    for name, words in expected.items():
        assert reports[name].status == "error"
        recorded = state.source(name)
        assert recorded.last_status == "error" and words in recorded.last_error, recorded.last_error
        assert sources[name].location in recorded.last_error  # the error names what failed
    assert site.hits["/error.xml"] == 2  # a 5xx is retried (retries = 1)
    assert site.hits["/report.pdf"] == 1  # a wrong content type is not


def test_failed_source_is_retried_at_its_next_run(site, state, tmp_path):
    site.serve("/feed.xml", "down", status=503, content_type="text/plain")
    src = sources_from(tmp_path, feed_source("world", site.url("/feed.xml")))["world"]
    sink = MemorySink()
    assert run_source(src, state, sink).status == "error"
    publish(site, ["zarif-tillerson"], datetime(2024, 1, 2, tzinfo=UTC))
    report = run_source(src, state, sink)
    assert report.status == "ok" and report.counts == {"created": 1}
    st = state.source("world")
    assert (st.runs, st.failed_runs, st.last_error) == (2, 1, None)


def test_entry_whose_page_fails_is_recorded_and_retried(site, state, tmp_path):
    url = publish(site, ["zarif-tillerson", "un-talks"], datetime(2024, 1, 2, tzinfo=UTC))
    site.serve("/news/un-talks", "gone", status=404, content_type="text/plain")
    src = sources_from(tmp_path, feed_source("world", url))["world"]
    sink = MemorySink()
    report = run_source(src, state, sink)
    assert report.status == "partial" and report.counts == {"created": 1, "failed": 1}
    assert "HTTP 404" in report.error and "/news/un-talks" in report.error
    failed = state.articles("world", status="failed")
    assert [a.key for a in failed] == [site.url("/news/un-talks")]

    title, paras = STORIES["un-talks"]
    site.serve("/news/un-talks", page(title, paras))
    again = run_source(src, state, sink)  # the feed's ETag was not kept, so the failed entry is tried again
    assert again.status == "ok" and again.counts == {"created": 1, "skipped": 1}


def test_localhost_is_reached_whichever_address_it_resolves_to_first(site, state, tmp_path):
    url = publish(site, ["un-talks"], datetime(2024, 1, 2, tzinfo=UTC)).replace("127.0.0.1", "localhost")
    report = run_source(sources_from(tmp_path, feed_source("world", url))["world"], state, MemorySink())
    assert report.status == "ok" and report.counts == {"created": 1}, report


def test_private_address_is_refused_unless_allowed(site, state, tmp_path):
    url = publish(site, ["un-talks"], datetime(2024, 1, 2, tzinfo=UTC))
    src = sources_from(tmp_path, feed_source("world", url, allow_local=False))["world"]
    report = run_source(src, state, MemorySink())
    assert report.status == "error"
    assert "refused: 127.0.0.1 is a loopback address" in report.error
    assert site.hits["/feed.xml"] == 0


def test_same_text_at_another_url_is_a_duplicate_and_foreign_canonical_is_ignored(site, state, tmp_path):
    title, paras = STORIES["zarif-tillerson"]
    site.serve("/a", page(title, paras, canonical="https://elsewhere.example.net/stolen"))
    site.serve("/mirror/a", page(title, paras))
    feed = site.serve("/feed.xml", rss("w", [{"title": title, "link": site.url("/a")},
                                              {"title": title, "link": site.url("/mirror/a")}]),
                      content_type="application/rss+xml")
    sink = MemorySink()
    report = run_source(sources_from(tmp_path, feed_source("w", feed))["w"], state, sink)
    assert report.counts == {"created": 1, "duplicate": 1}
    assert [r.article.url for r in sink.received] == [site.url("/a")]


def test_redirects_are_followed_up_to_three(site, state, tmp_path):
    title, paras = STORIES["un-talks"]
    site.serve("/final", page(title, paras))
    for i, target in enumerate(["/r1", "/r2", "/r3", "/final"]):
        site.serve(f"/r{i}", "", status=302, headers={"Location": target}, etag=False)
    body = feed_source("three", site.url("/r1")) + feed_source("four", site.url("/r0"))
    sources = {n: s for n, s in sources_from(tmp_path, body.replace('"rss"', '"url"')).items()}
    sink = MemorySink()
    assert run_source(sources["three"], state, sink).counts == {"created": 1}
    four = run_source(sources["four"], state, sink)
    assert four.status == "error" and "more than 3 redirects" in four.error


def test_folder_source_reads_new_and_changed_files_only(state, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.txt").write_text("Zarif met Tillerson in Vienna on Tuesday.\n", encoding="utf-8")
    (inbox / "two.md").write_text("The EU imposed sanctions on Russia.\n", encoding="utf-8")
    (inbox / "bad.txt").write_bytes(b"\xff\xfe\x00binary")
    src = Source(name="inbox", kind="folder", location=str(inbox))
    sink = MemorySink()
    first = run_source(src, state, sink)
    assert first.status == "partial" and first.counts == {"created": 2, "failed": 1}
    assert "bad.txt" in first.error

    (inbox / "bad.txt").unlink()
    (inbox / "two.md").write_text("The EU imposed new sanctions on Russia on Monday.\n", encoding="utf-8")
    (inbox / "three.txt").write_text("The UN hosted talks on Yemen.\n", encoding="utf-8")
    second = run_source(src, state, sink)
    assert second.status == "ok" and second.counts == {"created": 1, "updated": 1, "skipped": 1}
    assert sorted(r.name for r in sink.received) == ["one", "three", "two", "two"]


def test_jsonl_source_loads_records_and_reports_bad_lines(state, tmp_path):
    bulk = tmp_path / "bulk.jsonl"
    rows = [{"text": "Zarif met Tillerson in Vienna.", "title": "Vienna", "url": "https://news.example/a?fbclid=1",
             "date": "2024-02-01"},
            {"text": "The EU imposed sanctions on Russia.", "id": "eu-1"},
            "not json {",
            {"title": "no text here"}]
    bulk.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    src = Source(name="bulk", kind="jsonl", location=str(bulk))
    sink = MemorySink()
    report = run_source(src, state, sink)
    assert report.status == "partial" and report.counts == {"created": 2, "failed": 2}
    a = next(r.article for r in sink.received if r.article.url)
    assert (a.url, a.title, a.published.isoformat()) == ("https://news.example/a", "Vienna", "2024-02-01")
    assert any(r.article.id == "eu-1" for r in sink.received)
    errors = sorted(x.error for x in state.articles("bulk", status="failed"))
    assert errors == [f"{bulk}:3: not JSON (Expecting value)", f'{bulk}:4: no "text" field with the article\'s text']
    again = run_source(src, state, sink)  # bad lines stay bad; the good ones are not handed on again
    assert again.status == "partial" and again.counts == {"skipped": 2, "failed": 2}
    assert len(sink.received) == 2
    fixed_text = bulk.read_text().replace("not json {", '{"text": "Fixed."}')
    bulk.write_text(fixed_text.replace('{"title"', '{"id": "x", "text": "Also fixed.", "title"'), encoding="utf-8")
    fixed = run_source(src, state, sink)
    assert fixed.status == "ok" and fixed.counts == {"skipped": 2, "created": 2}
    assert run_source(src, state, sink).status == "not-modified"  # an unchanged file is not reread


def test_atom_feed_with_entry_limit(site, state, tmp_path):
    entries = []
    for slug in STORIES:
        title, paras = STORIES[slug]
        url = site.serve(f"/news/{slug}", page(title, paras))
        entries.append(f"<entry><title>{title}</title><link href='{url}'/><id>urn:{slug}</id>"
                       "<updated>2024-04-01T10:00:00Z</updated></entry>")
    feed = site.serve("/atom.xml", "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>W</title>"
                      "<id>urn:w</id><updated>2024-04-01T10:00:00Z</updated>" + "".join(entries) + "</feed>",
                      content_type="application/atom+xml")
    body = feed_source("w", feed).replace('"rss"', '"atom"').replace("allow_local = true", "allow_local = true, "
                                                                      "max_entries = 2")
    sink = MemorySink()
    report = run_source(sources_from(tmp_path, body)["w"], state, sink)
    assert report.counts == {"created": 2}
    assert [r.article.published.isoformat() for r in sink.received] == ["2024-04-01", "2024-04-01"]


def test_entries_without_dates_are_checked_with_a_conditional_get_of_their_page(site, state, tmp_path):
    publish(site, ["un-talks", "eu-sanctions"], when=None)
    src = sources_from(tmp_path, feed_source("w", site.url("/feed.xml")))["w"]
    sink = MemorySink()
    assert run_source(src, state, sink).counts == {"created": 2}
    title, paras = STORIES["eu-sanctions"]
    site.serve("/news/eu-sanctions", page(title, paras + ["Hungary objected."]))
    items = [{"title": STORIES[s][0], "link": site.url(f"/news/{s}")} for s in ("un-talks", "eu-sanctions")]
    site.serve("/feed.xml", rss("World news, retitled", items), content_type="application/rss+xml")
    again = run_source(src, state, sink)
    assert again.counts == {"updated": 1, "skipped": 1}
    assert site.not_modified["/news/un-talks"] == 1 and site.not_modified["/news/eu-sanctions"] == 0
