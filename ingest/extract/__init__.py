"""The extraction engine: a parsed Doc and its article metadata in, an ArticleGraph out. Pure: no I/O."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.tokens import Doc

from geokg.graph.model import Article, ArticleGraph, Mention
from geokg.ingest.extract.actors import find_refs
from geokg.ingest.extract.canon import build_cast
from geokg.ingest.extract.gazetteer import load_gazetteer
from geokg.ingest.extract.names import generic_word, organisation_word
from geokg.ingest.extract.relations import Context, sentence_relations
from geokg.ingest.extract.resolve import Resolver
from geokg.ingest.extract.sectors import mention_sector
from geokg.ingest.extract_settings import current as current_settings

__all__ = ["extract", "extract_part", "merge_parts"]


def extract(doc: Doc, article: Article) -> ArticleGraph:
    """Canonical entities, their mentions and the actor-to-actor relations of one parsed article."""
    return extract_part(doc, article, offset=0, sentence_base=0)


def extract_part(doc: Doc, article: Article, offset: int, sentence_base: int) -> ArticleGraph:
    """Extraction from one chunk of an article whose text starts at `offset` and sentence `sentence_base`."""
    gaz = load_gazetteer()
    cast = build_cast(doc, find_refs(doc, gaz), gaz)
    res = Resolver(cast, gaz)
    ctx = Context(article.id, article.published, offset, sentence_base)
    sents = list(doc.sents)
    floor = current_settings().min_confidence
    relations = [r for i, sent in enumerate(sents) for r in sentence_relations(sent, i, res, ctx)
                 if r.confidence >= floor]
    used = {r.subject for r in relations} | {r.object for r in relations}
    keep = {k for k in cast.actors if (k not in cast.optional and salient(doc, k, cast, gaz)) or k in used}
    for key in list(keep):  # the countries an emitted actor is affiliated with are nodes too
        keep.update(a for a in cast.actors[key].affiliations if a in cast.actors)
    starts = [s.start for s in sents]
    mentions = []
    for key, start, end in sorted(cast.mentions, key=lambda m: (m[1], m[0])):
        if key in keep:
            span = doc[start:end]
            mentions.append(Mention(key, span.text, sentence_base + bisect_right(starts, start) - 1,
                                    offset + span.start_char, offset + span.end_char,
                                    mention_sector(span, key, cast)))
    entities = tuple(cast.actors[k].entity() for k in cast.actors if k in keep)
    return ArticleGraph(article, entities, tuple(dict.fromkeys(mentions)), tuple(relations), len(sents))


def salient(doc: Doc, key: str, cast, gaz) -> bool:
    """An organisation the gazetteer does not know is a node when it acts, recurs or is named as one ("Yeditepe
    University", "Socialist Party", "the Village de Dieu gang"): NER also tags companies, newspapers and
    buildings named once in passing."""
    actor = cast.actors[key]
    if actor.type != "ORGANIZATION" or key in gaz.entries:
        return True
    if any(k == key and end < len(doc) and doc[end].lower_ in gaz.roles["armed"] for k, _, end in cast.mentions):
        return True
    words = actor.name.split()
    if any(organisation_word(w, gaz) for w in words) and not all(generic_word(w, gaz) for w in words):
        return True
    return sum(1 for k, _, _ in cast.mentions if k == key) > 1


def merge_parts(article: Article, parts: list[ArticleGraph]) -> ArticleGraph:
    """One ArticleGraph from the graphs of an article's chunks: entities merged by id, aliases united."""
    entities: dict[str, object] = {}
    for part in parts:
        for e in part.entities:
            old = entities.get(e.id)
            entities[e.id] = e if old is None else replace(
                old, aliases=tuple(dict.fromkeys(old.aliases + e.aliases)),
                roles=tuple(dict.fromkeys(old.roles + e.roles)),
                affiliations=tuple(dict.fromkeys(old.affiliations + e.affiliations)))
    return ArticleGraph(article, tuple(entities.values()), tuple(m for p in parts for m in p.mentions),
                        tuple(r for p in parts for r in p.relations), sum(p.sentences for p in parts))
