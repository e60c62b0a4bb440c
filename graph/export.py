"""Getting the graph into other tools: GraphML (Gephi), neo4j-admin import CSV, a cypher-shell script, and
copying one store into another (`geokg push`). All of it reads through the GraphStore protocol."""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geokg.graph import cypher, summaries
from geokg.graph import neo4j_rows as rows
from geokg.graph.errors import InvalidInput, StoreError
from geokg.graph.model import NEO4J_LABELS, ArticleGraph
from geokg.graph.naming import relationship_type
from geokg.graph.store import EntityRecord, EntityRef, GraphStore, RelationFilter, RelationSummary

FORMATS = ("graphml", "csv", "cypher")
PAGE = 500
# characters XML 1.0 does not allow (GraphML readers such as networkx and Gephi refuse the file)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: object) -> object:
    """A string without the characters XML 1.0 forbids; other values as they are."""
    return NOT_XML.sub("", value) if isinstance(value, str) else value


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote."""

    articles: int
    entities: int
    relations: int
    evidence: int
    files: tuple[Path, ...]


def iter_graphs(store: GraphStore) -> Iterator[ArticleGraph]:
    """Every stored article's graph, newest article first."""
    offset = 0
    while True:
        page = store.list_articles(limit=PAGE, offset=offset)
        for article in page.items:
            yield store.article_graph(article.id)
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return


@dataclass
class Snapshot:
    """The whole graph read out of a store: article graphs, merged entities, aggregated relations."""

    graphs: list[ArticleGraph]
    entities: dict[str, EntityRecord]
    relations: list[RelationSummary]

    @property
    def evidence(self) -> int:
        return sum(len(g.relations) for g in self.graphs)


def read_all(store: GraphStore) -> Snapshot:
    """Read everything once (exports need it all; stores hold what fits a laptop)."""
    graphs = list(iter_graphs(store))
    ids = dict.fromkeys(e.id for g in graphs for e in g.entities)
    entities = {eid: store.get_entity(eid) for eid in ids}
    groups: dict[str, list[summaries.Dated]] = {}
    for g in graphs:
        for r in g.relations:
            groups.setdefault(r.id, []).append((r, r.date or g.article.published))

    def ref(eid: str) -> EntityRef:
        e = entities[eid].entity
        return EntityRef(e.id, e.name, e.type)

    rels = [summaries.summarize(rid, ref(items[0][0].subject), items[0][0].predicate.upper(), ref(items[0][0].object),
                                items, RelationFilter()) for rid, items in groups.items()]
    return Snapshot(graphs, entities, summaries.ranked(rels))


def export(store: GraphStore, fmt: str, out: Path) -> ExportSummary:
    """Write the store's graph to out in the format (graphml: a file; csv: a folder; cypher: a file)."""
    writers = {"graphml": write_graphml, "csv": write_csv, "cypher": write_cypher}
    if fmt not in writers:
        raise InvalidInput(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    snap = read_all(store)
    try:
        files = writers[fmt](snap, Path(out))
    except OSError as e:
        raise StoreError(f"{out}: cannot write the export: {e.strerror}") from None
    return ExportSummary(len(snap.graphs), len(snap.entities), len(snap.relations), snap.evidence, tuple(files))


def write_graphml(snap: Snapshot, out: Path) -> list[Path]:
    """One node per entity, one edge per aggregated relation (weight = evidence count), for Gephi."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for eid, rec in snap.entities.items():
        e = rec.entity
        g.add_node(xml_safe(eid), label=e.name, type=e.type, aliases="|".join(e.aliases), iso=e.iso or "",
                   roles="|".join(e.roles), degree=rec.degree, articles=rec.article_count,
                   first_seen=_iso(rec.first_seen), last_seen=_iso(rec.last_seen))
    for s in snap.relations:
        ev = s.event
        g.add_edge(xml_safe(s.subject.id), xml_safe(s.object.id), key=xml_safe(s.id), label=s.type,
                   predicate=s.predicate, weight=s.evidence_count,
                   cameo=ev.cameo if ev else "", plover=ev.plover if ev else "",
                   goldstein=ev.goldstein if ev else 0.0, quad_class=ev.quad_class if ev else 0,
                   first_date=_iso(s.first_date), last_date=_iso(s.last_date), themes="|".join(s.themes))
    for _, attrs in g.nodes(data=True):
        attrs.update({k: xml_safe(v) for k, v in attrs.items()})
    for *_, attrs in g.edges(keys=True, data=True):
        attrs.update({k: xml_safe(v) for k, v in attrs.items()})
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")  # a failed export never leaves a truncated file under out
    nx.write_graphml(g, partial)
    os.replace(partial, out)
    return [out]


def _iso(d) -> str:
    return d.isoformat() if d else ""


def _entity_rows(snap: Snapshot) -> Iterator[dict]:
    for rec in snap.entities.values():
        yield rows.entity_row(rec.entity)


def _mention_rows(snap: Snapshot) -> Iterator[dict]:
    for g in reversed(snap.graphs):  # oldest first, as the articles' seq
        yield from rows.mention_rows(g)


def _article_rows(snap: Snapshot) -> Iterator[dict]:
    for seq, g in enumerate(reversed(snap.graphs)):
        yield rows.article_row(g, "", seq)


def write_cypher(snap: Snapshot, out: Path, chunk: int = 100) -> list[Path]:
    """A cypher-shell script: schema, then UNWIND-literal MERGE batches; running it twice changes nothing."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("// geokg graph export: cypher-shell -u neo4j -p <password> -d neo4j -f " + out.name + "\n")
        for statement in cypher.SCHEMA:
            f.write(statement + ";\n")
        for query, batch in _statements(snap):
            for i in range(0, len(batch), chunk):
                f.write(":begin\n" + cypher.inline_rows(query, batch[i:i + chunk]) + "\n:commit\n")
    return [out]


def _statements(snap: Snapshot) -> Iterator[tuple[str, list[dict]]]:
    """(query, rows) in the order the Neo4j store writes them: articles, entities, mentions, evidence, keys."""
    yield cypher.MERGE_ARTICLES, list(_article_rows(snap))
    by_type: dict[str, list[dict]] = {}
    for row in _entity_rows(snap):
        by_type.setdefault(row["props"]["type"], []).append(row)
    for type_, entity_rows in by_type.items():
        yield cypher.merge_entities(type_), entity_rows
    yield cypher.MERGE_MENTIONS, list(_mention_rows(snap))
    for rel_type, evidence in rows.evidence_rows(snap.graphs).items():
        yield cypher.merge_evidence(rel_type), evidence
    yield cypher.MERGE_RELATION_KEYS, rows.relation_key_rows(snap.graphs)


# neo4j-admin import headers: name:TYPE, with :ID/:START_ID/:END_ID in ID spaces and :LABEL/:TYPE columns.
ENTITY_COLUMNS = [("id:ID(Entity)", "id"), ("name", "name"), ("type", "type"), ("aliases:string[]", "aliases"),
                  ("iso", "iso"), ("roles:string[]", "roles"), ("affiliations:string[]", "affiliations"),
                  ("names_text", "names_text")]
ARTICLE_COLUMNS = [("id:ID(Article)", "id"), ("title", "title"), ("url", "url"), ("source", "source"),
                   ("published:date", "published"), ("content_hash", "content_hash"), ("path", "path"),
                   ("language", "language"), ("sentences:int", "sentences"), ("skipped", "skipped"),
                   ("extraction", "extraction"), ("seq:long", "seq")]
MENTION_COLUMNS = [("count:int", "count"), ("sectors:string[]", "sectors")]
EVIDENCE_COLUMNS = [("evidence_id", "evidence_id"), ("relation_id", "relation_id"), ("predicate", "predicate"),
                    ("article_id", "article_id"), ("sentence:int", "sentence"), ("start_char:int", "start_char"),
                    ("end_char:int", "end_char"), ("text", "text"), ("theme", "theme"),
                    ("preposition", "preposition"), ("verb_phrase", "verb_phrase"), ("cameo", "cameo"),
                    ("plover", "plover"), ("goldstein:double", "goldstein"), ("quad_class:int", "quad_class"),
                    ("event_label", "event_label"), ("has_event:boolean", "has_event"),
                    ("negated:boolean", "negated"), ("hypothetical:boolean", "hypothetical"),
                    ("reported:boolean", "reported"), ("attributed_to", "attributed_to"),
                    ("confidence:double", "confidence"), ("date:date", "date"), ("published:date", "published"),
                    ("subject_sector", "subject_sector"), ("object_sector", "object_sector")]
KEY_COLUMNS = [("id:ID(RelationKey)", "id"), ("subject", "subject"), ("predicate", "predicate"),
               ("object", "object"), ("type", "type")]
IMPORT_COMMAND = ("neo4j-admin database import full neo4j --overwrite-destination --array-delimiter=U+001F "
                  "--multiline-fields=true "
                  "--nodes=entities.csv --nodes=articles.csv --nodes=relation_keys.csv "
                  "--relationships=mentions.csv --relationships=evidence.csv")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "\x1f".join(str(v) for v in value)
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _write_table(path: Path, header: list[str], table: Iterator[list[object]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for line in table:
            w.writerow([_cell(v) for v in line])
    return path


def write_csv(snap: Snapshot, out: Path) -> list[Path]:
    """Node and relationship files for `neo4j-admin database import` (command in IMPORT.txt beside them)."""
    out.mkdir(parents=True, exist_ok=True)

    def props(row: dict, columns: list[tuple[str, str]], extra: dict) -> list[object]:
        merged = {**row.get("props", {}), **{k: v for k, v in row.items() if k != "props"}, **extra}
        return [merged.get(key) for _, key in columns]

    files = [
        _write_table(out / "entities.csv", [h for h, _ in ENTITY_COLUMNS] + [":LABEL"],
                     (props(r, ENTITY_COLUMNS, {}) + [["Entity", NEO4J_LABELS[r["props"]["type"]]]]
                      for r in _entity_rows(snap))),
        _write_table(out / "articles.csv", [h for h, _ in ARTICLE_COLUMNS] + [":LABEL"],
                     (props(r, ARTICLE_COLUMNS, {}) + ["Article"] for r in _article_rows(snap))),
        _write_table(out / "relation_keys.csv", [h for h, _ in KEY_COLUMNS] + [":LABEL"],
                     (props(r, KEY_COLUMNS, {}) + ["RelationKey"] for r in rows.relation_key_rows(snap.graphs))),
        _write_table(out / "mentions.csv", [":START_ID(Article)", ":END_ID(Entity)"]
                     + [h for h, _ in MENTION_COLUMNS] + [":TYPE"],
                     ([r["article_id"], r["entity_id"]] + props(r, MENTION_COLUMNS, {})
                      + ["MENTIONS"] for r in _mention_rows(snap))),
        _write_table(out / "evidence.csv", [":START_ID(Entity)", ":END_ID(Entity)"]
                     + [h for h, _ in EVIDENCE_COLUMNS] + [":TYPE"],
                     ([r["subject"], r["object"]] + props(r, EVIDENCE_COLUMNS, {}) + [t]
                      for t, rs in rows.evidence_rows(snap.graphs).items() for r in rs)),
    ]
    (out / "IMPORT.txt").write_text(f"cd {out.resolve()}\n{IMPORT_COMMAND}\n# then run the schema statements:\n"
                                    + ";\n".join(cypher.SCHEMA) + ";\n", encoding="utf-8")
    return [*files, out / "IMPORT.txt"]


def push(source: GraphStore, target: GraphStore, batch: int = 200) -> tuple[int, int]:
    """Copy every article graph from source into target, oldest first; (written, unchanged) article counts."""
    graphs = list(iter_graphs(source))[::-1]  # oldest first, so entity names merge as they did in the source
    written = unchanged = 0
    for i in range(0, len(graphs), batch):
        for r in target.upsert_articles(graphs[i:i + batch]):
            unchanged += r.status == "unchanged"
            written += r.status != "unchanged"
    return written, unchanged


__all__ = ["FORMATS", "ExportSummary", "export", "push", "read_all", "relationship_type"]
