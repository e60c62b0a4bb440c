"""The pipeline: batches, failures, bad input, long documents, non-English text, dates, provenance, processes."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from geokg.graph.errors import ConfigError
from geokg.graph.model import ArticleGraph
from geokg.ingest import pipeline
from geokg.ingest.contract import to_contract
from geokg.ingest.nlp import load_pipeline
from geokg.ingest.readers import Failure, make_raw
from tests.extract_helpers import run, triples

NEWS = ("Kenya expelled the Somali ambassador on Monday. Kenyan officials accused Somalia of meddling. "
        "Somalia denied the charge.")


def raw(text: str, name: str = "a", **meta):
    """A RawArticle for a text, as the readers make it."""
    return make_raw(text, name=name, meta=meta)


def test_failures_pass_through_and_order_is_kept(nlp):
    items = [raw(NEWS, "one"), Failure("missing.txt", "no such file"), raw("Chad attacked Niger.", "two")]
    out = list(pipeline.process(items, nlp, batch_size=2))
    assert [type(o).__name__ for o in out] == ["ArticleGraph", "Failure", "ArticleGraph"]
    assert out[1].source == "missing.txt"
    assert [o.article.title[:5] for o in (out[0], out[2])] == ["Kenya", "Chad "]


@pytest.mark.parametrize("text, reason", [
    ("", "empty text"),
    ("   \n  ", "empty text"),
    ("... --- !!! 123 456", "no sentences"),
])
def test_bad_input_is_a_failure_naming_the_article(nlp, text, reason):
    (out,) = pipeline.process([raw(text, "bad-one")], nlp)
    assert isinstance(out, Failure) and out.source == "bad-one" and reason in out.reason


@pytest.mark.parametrize("text", [
    "Le gouvernement a annoncé mardi que les négociations avec les syndicats reprendront la semaine prochaine.",
    "Die Regierung hat am Dienstag angekündigt, dass die Verhandlungen nächste Woche fortgesetzt werden.",
    "Правительство объявило во вторник, что переговоры возобновятся на следующей неделе в столице.",
])
def test_non_english_text_is_skipped_with_a_reason(nlp, text):
    (out,) = pipeline.process([raw(text)], nlp)
    assert isinstance(out, ArticleGraph) and out.skipped.startswith("not English")
    assert out.entities == () and out.relations == ()


def test_language_in_metadata_skips_too(nlp):
    (out,) = pipeline.process([raw(NEWS, language="fr")], nlp)
    assert "language 'fr'" in out.skipped


def test_date_inferred_from_the_dateline_when_metadata_has_none(nlp):
    (out,) = pipeline.process([raw("NAIROBI, 12 October 2017 - " + NEWS)], nlp)
    assert out.article.published == date(2017, 10, 12)
    assert min(r.date for r in out.relations) == date(2017, 10, 9)  # "on Monday"


def test_metadata_date_wins_over_the_text(nlp):
    (out,) = pipeline.process([raw("NAIROBI, 12 October 2017 - " + NEWS, date="2017-10-13")], nlp)
    assert out.article.published == date(2017, 10, 13)


def test_spans_point_at_the_text(nlp):
    text = "Preamble line.\n\n" + NEWS
    (out,) = pipeline.process([raw(text)], nlp)
    assert out.mentions and out.relations
    for m in out.mentions:
        assert text[m.start:m.end] == m.text
    for r in out.relations:
        assert text[r.start:r.end] == r.text


def test_long_documents_are_chunked_with_offsets_kept(nlp, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 2000)
    paragraphs = [f"Paragraph {i}. " + NEWS for i in range(60)]
    text = "\n\n".join(paragraphs)
    (out,) = pipeline.process([raw(text)], nlp)
    assert len(pipeline.chunks(text)) > 3
    assert len({r.sentence for r in out.relations}) >= 60
    for m in out.mentions:
        assert text[m.start:m.end] == m.text
    for r in out.relations:
        assert text[r.start:r.end] == r.text
    assert len([e for e in out.entities if e.id == "country:KEN"]) == 1


def test_five_megabytes_split_into_bounded_chunks():
    text = ("Kenya expelled the Somali ambassador. " * 40 + "\n\n") * 3300
    assert len(text) > 5_000_000
    pieces = pipeline.chunks(text)
    assert all(len(p) <= pipeline.CHUNK_CHARS for _, p in pieces)
    assert "".join(p for _, p in pieces) == text.strip() or sum(len(p) for _, p in pieces) <= len(text)
    for offset, piece in pieces[:5]:
        assert text[offset:offset + len(piece)] == piece


def test_one_bad_article_does_not_stop_the_batch(nlp, monkeypatch):
    real = pipeline.extract_part

    def flaky(doc, article, offset, base):
        if "Chad" in doc.text:
            raise ValueError("boom")
        return real(doc, article, offset, base)

    monkeypatch.setattr(pipeline, "extract_part", flaky)
    out = list(pipeline.process([raw("Chad attacked Niger.", "x"), raw(NEWS, "y")], nlp))
    assert isinstance(out[0], Failure) and "boom" in out[0].reason
    assert isinstance(out[1], ArticleGraph) and out[1].relations


def test_two_workers_give_the_same_results_in_order(nlp):
    items = [raw(NEWS.replace("Kenya", c), f"n{i}") for i, c in enumerate(["Kenya", "Uganda", "Ghana", "Chad"] * 3)]
    one = list(pipeline.process(items, nlp))
    two = list(pipeline.process(items, nlp, workers=2, batch_size=2))
    assert [to_contract(g) for g in one] == [to_contract(g) for g in two]


def test_contract_object(nlp):
    (out,) = pipeline.process([make_raw(NEWS, name="kenya-somalia", path=None)], nlp)
    rec = to_contract(out)
    assert rec["article"] == out.article.id
    ids = {e["id"] for e in rec["entities"]}
    assert {"country:KEN", "country:SOM"} <= ids
    for r in rec["relations"]:
        assert r["subject"] in ids and r["object"] in ids and r["predicate"].isupper()
        assert {"negated", "hypothetical", "reported", "confidence", "theme", "preposition", "start", "end"} <= set(r)
    assert json.loads(json.dumps(rec)) == rec


def test_contract_module_prints_one_line_per_file(tmp_path):
    f = tmp_path / "kenya-somalia.txt"
    f.write_text(NEWS)
    proc = subprocess.run([sys.executable, "-m", "geokg.ingest.contract", str(f)], capture_output=True, text=True,
                          timeout=120)
    (line,) = proc.stdout.splitlines()
    assert json.loads(line)["article"] == "kenya-somalia"


def test_unknown_pipeline_is_a_config_error():
    with pytest.raises(ConfigError, match="no_such_pipeline"):
        load_pipeline("no_such_pipeline")


def test_dateline_is_not_read_as_an_actor(nlp):
    text = "NAIROBI, 12 October 2017 (Reuters) - Ugandan and Kenyan negotiators met in Tanzania on Monday."
    (out,) = pipeline.process([raw(text)], nlp)
    pairs = {(r.subject, r.object) for r in out.relations}
    assert pairs == {("country:UGA", "country:KEN")}
    assert all(text[r.start:r.end] == r.text for r in out.relations)


@pytest.mark.parametrize("text", [
    "Iran Seizes Oil Tanker in Gulf of Oman\n\nDUBAI - Iran's navy seized a tanker. Greece summoned Iran's ambassador.",
    "Greece Summons Iranian Envoy Over Tanker\nGreece summoned Iran's ambassador on Friday.",
    "Greece summons Iran's envoy over seized tanker\n\nGreece summoned Iran's ambassador on Friday.",
])
def test_a_headline_line_is_not_read_into_the_story(nlp, text):
    (out,) = pipeline.process([raw(text)], nlp)
    names = {e.name for e in out.entities}
    assert names <= {"Iran", "Greece", "Oman", "Gulf of Oman"}, names  # no "Greece Summons Iranian Envoy" actor
    assert ("country:GRC", "country:IRN") in {(r.subject, r.object) for r in out.relations}
    assert all(r.start >= text.index("\n") and text[r.start:r.end] == r.text for r in out.relations)


@pytest.mark.parametrize("line", [
    "Kenya expelled the Somali ambassador on Monday",  # a first sentence that lost its stop is kept
    "The talks, officials said, went well.",
])
def test_a_first_sentence_is_not_taken_for_a_headline(line):
    text = line + "\nKenyan officials accused Somalia of meddling."
    assert pipeline.lead_end(text) == 0


@pytest.mark.parametrize("text", [
    "US SANCTIONS IRAN OVER MISSILE TESTS; TEHRAN VOWS RESPONSE AS EU URGES CALM AMID RISING TENSIONS",
    "Iran, Iraq, Syria, Turkey, Jordan, Lebanon, Israel, Egypt: regional round-up, prices, markets.",
])
def test_terse_english_is_not_skipped(nlp, text):
    assert pipeline.english_problem(text) is None


@pytest.mark.parametrize(("text", "second"), [
    ("Regional reaction A Kenyan government spokesperson condemned the attack.",
     "A Kenyan government spokesperson condemned the attack."),
    ("Talks stalled On Monday, Sudan's army rejected the truce.", "On Monday, Sudan's army rejected the truce."),
    ("Troops withdrawn The army left the border town on Friday.", "The army left the border town on Friday."),
    ("Aid suspended However, the agency resumed deliveries a week later.",
     "However, the agency resumed deliveries a week later."),
])
def test_a_heading_run_into_its_paragraph_is_a_sentence_of_its_own(nlp, text, second):
    assert [s.text for s in nlp(text).sents][-1] == second


@pytest.mark.parametrize("text", [
    "The envoy told The Associated Press that Iran would respond.",
    "The minister praised the vitamin A campaign in Nigeria.",
    "The court in The Hague ruled on Monday.",
])
def test_a_capitalised_word_inside_a_sentence_does_not_split_it(nlp, text):
    assert len(list(nlp(text).sents)) == 1


def test_the_speaker_after_a_heading_acts(nlp):
    g = run(nlp, "Regional reaction A Kenyan government spokesperson condemned Ethiopia for the border raid.")
    assert ("Kenya", "CONDEMN", "Ethiopia") in triples(g), triples(g)
