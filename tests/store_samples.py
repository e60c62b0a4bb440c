"""Hand-built article graphs for the store tests: a small Iran/US/Zarif world and a synthetic generator."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from geokg.graph.model import Article, ArticleGraph, Entity, Event, Mention, Relation

IRN = Entity("country:IRN", "Iran", "COUNTRY", ("Islamic Republic of Iran",), "IRN")
USA = Entity("country:USA", "United States", "COUNTRY", ("US", "U.S."), "USA")
ZARIF = Entity("person:mohammad-javad-zarif", "Mohammad Javad Zarif", "PERSON", ("Zarif",), None,
               ("foreign minister",), ("country:IRN",))
TILLERSON = Entity("person:rex-tillerson", "Rex Tillerson", "PERSON", ("Tillerson",), None, ("secretary of state",),
                   ("country:USA",))
EU = Entity("organization:european-union", "European Union", "ORGANIZATION", ("EU",))
JCPOA = Entity("agreement:jcpoa", "Joint Comprehensive Plan of Action", "AGREEMENT", ("JCPOA", "Iran nuclear deal"))

# A store of this format taken back to format 3 (no entity numbers, no links) and to format 2 (nor counts kept,
# nor a covering evidence index), as sqlite3 scripts.
BACK_TO_FORMAT_3 = """
DROP TABLE links; DROP TABLE nodes; DELETE FROM sqlite_sequence WHERE name = 'nodes'; DROP TRIGGER entity_numbered;
DROP TRIGGER entity_unnumbered; DROP TRIGGER entity_degree;
DROP TRIGGER relation_linked; DROP TRIGGER relation_unlinked;
UPDATE meta SET value = '3' WHERE key = 'version';
"""
BACK_TO_FORMAT_2 = BACK_TO_FORMAT_3 + """
DROP TABLE totals; DROP TRIGGER article_counted; DROP TRIGGER article_uncounted; DROP TRIGGER entity_counted;
DROP TRIGGER entity_uncounted; DROP TRIGGER entity_retyped; DROP INDEX evidence_summaries;
CREATE INDEX evidence_by_relation ON evidence (relation_id, day); UPDATE meta SET value = '2' WHERE key = 'version';
"""

MEET = Event("040", "CONSULT", 1.0, 1, "Consult")
SANCTION = Event("163", "SANCTION", -8.0, 4, "Impose embargo, boycott, or sanctions")
CRITICIZE = Event("111", "DISAPPROVE", -2.0, 3, "Criticize or denounce")


def article(aid: str, published: date | None, content: str = "v1", title: str = "") -> Article:
    """An article with a content hash derived from the given content tag."""
    return Article(aid, title or aid.replace("-", " ").title(), f"https://news.example/{aid}", "example",
                   published, f"hash-{aid}-{content}")


def rel(aid: str, subj: Entity, pred: str, obj: Entity, sentence: int, text: str, event: Event | None = None,
        day: date | None = None, theme: str | None = None, preposition: str | None = None) -> Relation:
    """One piece of evidence in article aid."""
    start = sentence * 100
    return Relation(subj.id, pred, obj.id, aid, sentence, start, start + len(text), text, theme, preposition,
                    pred.lower(), event, date=day)


def graph(art: Article, entities: tuple[Entity, ...], relations: tuple[Relation, ...]) -> ArticleGraph:
    """An article graph naming each entity once per relation it takes part in."""
    mentions = tuple(Mention(eid, eid.split(":")[1], r.sentence, r.start, r.start + 5)
                     for r in relations for eid in (r.subject, r.object))
    return ArticleGraph(art, entities, mentions, relations, sentences=len(relations) + 1)


def meeting(aid: str = "zarif-meets-tillerson", day: date = date(2017, 9, 20), content: str = "v1") -> ArticleGraph:
    """Zarif met Tillerson; the US criticised Iran."""
    a = article(aid, day, content)
    rels = (
        rel(aid, ZARIF, "MEET", TILLERSON, 0, "Zarif met Tillerson in New York.", MEET, day),
        rel(aid, USA, "CRITICIZE", IRN, 1, "The US criticised Iran's missile tests.", CRITICIZE, day),
    )
    return graph(a, (ZARIF, TILLERSON, USA, IRN), rels)


def sanctions(aid: str = "us-sanctions-iran", day: date = date(2018, 5, 8), content: str = "v1") -> ArticleGraph:
    """The US imposed sanctions on Iran, and the EU criticised the US."""
    a = article(aid, day, content)
    rels = (
        rel(aid, USA, "IMPOSE", IRN, 0, "The US imposed sanctions on Iran.", SANCTION, day, "sanctions", "on"),
        rel(aid, EU, "CRITICIZE", USA, 1, "The EU criticised the US decision.", CRITICIZE, day),
    )
    return graph(a, (USA, IRN, EU), rels)


def synthetic(i: int, entities: int = 50, per_article: int = 5) -> ArticleGraph:
    """Article number i of a deterministic synthetic stream (for crash and concurrency tests)."""
    aid = f"synthetic-{i:06d}"
    ents = {}
    rels = []
    for k in range(per_article):
        s = (i * 7 + k * 3) % entities
        o = (i * 11 + k * 5 + 1) % entities
        if s == o:
            o = (o + 1) % entities
        es, eo = (Entity(f"person:p{n}", f"Person {n}", "PERSON") for n in (s, o))
        ents[es.id], ents[eo.id] = es, eo
        rels.append(rel(aid, es, ("MEET", "CRITICIZE", "VISIT")[k % 3], eo, k, f"Person {s} and Person {o} {k}.",
                        MEET, date(2020, 1, 1 + i % 28)))
    return graph(article(aid, date(2020, 1, 1 + i % 28), f"n{per_article}"), tuple(ents.values()), tuple(rels))


def sectored_meeting() -> ArticleGraph:
    """The meeting article with sectors on its mentions and relation ends, and graded confidence."""
    g = meeting()
    mentions = tuple(replace(m, sector="GOVERNMENT") if m.entity_id == IRN.id else m for m in g.mentions)
    mentions += (Mention(USA.id, "US military", 1, 100, 111, "MILITARY"),)
    met, criticised = g.relations
    relations = (replace(met, confidence=0.9, subject_sector="GOVERNMENT"),
                 replace(criticised, confidence=0.4, subject_sector="MILITARY", object_sector="GOVERNMENT"))
    return replace(g, mentions=mentions, relations=relations)
