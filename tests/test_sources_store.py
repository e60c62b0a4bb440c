"""A feed ingested end to end: real HTTP server, real spaCy pipeline, real embedded store, the CLI's sink mapping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from geokg.api.cli.sources_cmds import outcomes_of
from geokg.graph.loader import load
from geokg.graph.open import open_store
from geokg.ingest.pipeline import process
from geokg.ingest.sources.config import FetchPolicy, Source
from geokg.ingest.sources.runner import run_source
from geokg.ingest.sources.state import SourceState
from tests.sources_server import page, rss


def test_feed_articles_land_in_the_store_and_an_update_replaces_evidence(site, nlp, tmp_path):
    zarif = ["Iranian Foreign Minister Javad Zarif met Secretary of State Rex Tillerson in Vienna on Tuesday.",
             "The two ministers discussed the nuclear agreement, officials said."]
    sanctions = ["The United States imposed new sanctions on Iran on Monday.",
                 "The Treasury said the measures target the Revolutionary Guards."]
    site.serve("/zarif", page("Zarif meets Tillerson", zarif))
    site.serve("/sanctions", page("US sanctions Iran", sanctions))
    when = datetime(2024, 3, 5, tzinfo=UTC)

    def publish(sanctions_date: datetime) -> None:
        items = [{"title": "Zarif meets Tillerson", "link": site.url("/zarif?utm_source=rss"), "date": when},
                 {"title": "US sanctions Iran", "link": site.url("/sanctions"), "date": sanctions_date}]
        site.serve("/feed.xml", rss("World", items), content_type="application/rss+xml")

    publish(when)
    store = open_store("embedded", tmp_path / "data")
    state = SourceState(tmp_path / "data")
    src = Source(name="world", kind="rss", location=site.url("/feed.xml"), interval=60,
                 fetch=FetchPolicy(allow_local=True))

    def sink(raws):
        return outcomes_of(raws, load(process(raws, nlp), store))

    try:
        first = run_source(src, state, sink)
        assert first.status == "ok" and first.counts == {"created": 2}, first
        assert store.counts().articles == 2
        ids = {a.url: a.id for a in store.list_articles().items}
        assert set(ids) == {site.url("/zarif"), site.url("/sanctions")}
        predicates = {r.predicate for r in store.article_graph(ids[site.url("/zarif")]).relations}
        assert "MEET" in predicates

        assert run_source(src, state, sink).status == "not-modified"

        more = sanctions + ["Iran accused the United States of economic terrorism."]
        site.serve("/sanctions", page("US sanctions Iran", more))
        publish(when + timedelta(days=1))
        third = run_source(src, state, sink)
        assert third.counts == {"updated": 1, "skipped": 1}, third
        assert store.counts().articles == 2
        stored = store.article_graph(ids[site.url("/sanctions")])
        triples = {(r.subject, r.predicate, r.object) for r in stored.relations}
        assert ("country:IRN", "ACCUSE", "country:USA") in triples
    finally:
        store.close()
