"""The output contract of `geokg extract --format jsonl` (see shared/eval/README.md)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from geokg.graph.model import ArticleGraph, Relation
from geokg.ingest.extract import timex


def to_contract(graph: ArticleGraph) -> dict:
    """The contract's JSON object for one article: canonical entities with their mentions, and relations."""
    surfaces: dict[str, list[str]] = {}
    spans: dict[str, list[dict]] = {}
    for m in graph.mentions:
        bucket = surfaces.setdefault(m.entity_id, [])
        if m.text not in bucket:
            bucket.append(m.text)
        spans.setdefault(m.entity_id, []).append({"text": m.text, "sentence": m.sentence, "start": m.start,
                                                  "end": m.end, "sector": m.sector})
    entities = [{"id": e.id, "name": e.name, "type": e.type, "mentions": surfaces.get(e.id, []),
                 "mention_spans": spans.get(e.id, []),
                 "sectors": list(dict.fromkeys(s["sector"] for s in spans.get(e.id, []) if s["sector"])),
                 "aliases": list(e.aliases), "iso": e.iso, "roles": list(e.roles),
                 "affiliations": list(e.affiliations)} for e in graph.entities]
    published = graph.article.published
    out = {"article": article_key(graph), "entities": entities,
           "relations": [relation_json(r) | {"date_precision": timex.precision(r.text, r.date, published)}
                         for r in graph.relations]}
    if graph.skipped:
        out["skipped"] = graph.skipped
    if graph.article.published:
        out["date"] = graph.article.published.isoformat()
    return out


def article_key(graph: ArticleGraph) -> str:
    """The stem of the article's file when it has one, else its id."""
    return Path(graph.article.path).stem if graph.article.path else graph.article.id


def relation_json(r: Relation) -> dict:
    """One relation of the contract, with the extra evidence fields."""
    return {"subject": r.subject, "predicate": r.predicate, "object": r.object, "sentence": r.sentence,
            "text": r.text, "event": asdict(r.event) if r.event else None, "negated": r.negated,
            "hypothetical": r.hypothetical, "reported": r.reported, "attributed_to": r.attributed_to,
            "confidence": r.confidence, "theme": r.theme, "preposition": r.preposition,
            "verb_phrase": r.verb_phrase, "date": r.date.isoformat() if r.date else None,
            "start": r.start, "end": r.end, "subject_sector": r.subject_sector, "object_sector": r.object_sector}


def main(argv: list[str] | None = None) -> int:
    """Read the paths, extract, print one contract object per article (failures go to stderr)."""
    import json
    import sys

    from geokg.ingest.nlp import load_pipeline
    from geokg.ingest.pipeline import process
    from geokg.ingest.readers import Failure, read_paths

    args = sys.argv[1:] if argv is None else argv
    nlp = load_pipeline()
    failed = 0
    for item in process(read_paths(Path(a) for a in args), nlp):
        if isinstance(item, Failure):
            failed += 1
            print(f"{item.source}: {item.reason}", file=sys.stderr)
        else:
            print(json.dumps(to_contract(item), ensure_ascii=False))
    return 1 if failed and failed == len(args) else 0


if __name__ == "__main__":
    raise SystemExit(main())
