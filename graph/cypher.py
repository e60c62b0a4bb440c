"""Every Cypher statement geokg sends to Neo4j, parameterised; only validated labels, types and hop counts are
written into the text (Cypher cannot take them as parameters).

Model (docs/graph-model.md): `(:Entity:<Type> {id})`, `(:Article {id})-[:MENTIONS]->(:Entity)`, one relationship
per piece of evidence `(:Entity)-[:<PAST_TENSE> {evidence_id, relation_id, article_id, text, ...}]->(:Entity)`,
and `(:RelationKey {id, subject, predicate, object})` to find an aggregated relation's evidence by its id.
"""

from __future__ import annotations

from geokg.graph.model import NEO4J_LABELS
from geokg.graph.naming import cypher_type

# -- schema (Neo4j 5 DDL; not openCypher, so the syntax tests skip these) ------------------------------------
FULLTEXT_INDEX = "entity_names"
FULLTEXT_FIELD = "names_text"  # the field searched: the name and every alias
SCHEMA = (
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
    "CREATE CONSTRAINT article_id IF NOT EXISTS FOR (a:Article) REQUIRE a.id IS UNIQUE",
    "CREATE CONSTRAINT relation_key_id IF NOT EXISTS FOR (k:RelationKey) REQUIRE k.id IS UNIQUE",
    "CREATE INDEX article_published IF NOT EXISTS FOR (a:Article) ON (a.published)",
    "CREATE INDEX article_text IF NOT EXISTS FOR (a:Article) ON (a.text_hash)",
    "CREATE CONSTRAINT address_location IF NOT EXISTS FOR (l:Address) REQUIRE l.location IS UNIQUE",
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.names_text]",
    "CALL db.awaitIndexes(300)",  # a full-text index cannot be queried until it is online
)

# -- writes --------------------------------------------------------------------------------------------------
EXISTING_ARTICLES = """
UNWIND $ids AS id
MATCH (a:Article {id: id})
RETURN a.id AS id, a.content_hash AS content_hash, a.text_hash AS text_hash, a.extraction AS extraction"""

# the first stored article (by seq) with each text, other than the one asking
TEXT_HOLDERS = """
UNWIND $rows AS row
MATCH (a:Article {text_hash: row.text_hash})
WHERE a.id <> row.id
WITH row, a ORDER BY a.seq
RETURN row.id AS id, collect(a.id)[0] AS holder"""

# (:Article)-[:SEEN_AT {source, first_seen, last_seen}]->(:Address {location}) (not the entity label Location);
# a URL or file (moves) lists one article at a time
RECORD_LOCATIONS = """
UNWIND $rows AS row
MATCH (a:Article {id: row.holder})
MERGE (l:Address {location: row.location})
MERGE (a)-[s:SEEN_AT]->(l)
ON CREATE SET s.first_seen = row.stamp
SET s.last_seen = row.stamp, s.source = coalesce(row.source, s.source)
WITH row, l
OPTIONAL MATCH (l)<-[old:SEEN_AT]-(other:Article)
WHERE row.moves AND other.id <> row.holder
DELETE old"""

LOCATIONS_OF = """
UNWIND $ids AS id
MATCH (:Article {id: id})-[s:SEEN_AT]->(l:Address)
RETURN id, l.location AS location, s.source AS source, s.first_seen AS first_seen, s.last_seen AS last_seen
ORDER BY s.first_seen, l.location"""

ENTITIES_OF_ARTICLES = """
UNWIND $ids AS id
MATCH (:Article {id: id})-[:MENTIONS]->(e:Entity)
RETURN DISTINCT e.id AS id"""

DELETE_EVIDENCE_OF_ARTICLES = """
UNWIND $ids AS id
MATCH (:Article {id: id})-[:MENTIONS]->(:Entity)-[r]->(:Entity)
WHERE r.article_id = id
WITH r, r.relation_id AS rid
DELETE r
RETURN DISTINCT rid"""

DELETE_MENTIONS_OF_ARTICLES = """
UNWIND $ids AS id
MATCH (:Article {id: id})-[m:MENTIONS]->(:Entity)
DELETE m"""

DELETE_ARTICLES = """
UNWIND $ids AS id
MATCH (a:Article {id: id})
DETACH DELETE a"""


ENTITY_REFS = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN e.id AS id, e.name AS name, e.type AS type"""

MERGE_MENTIONS = """
UNWIND $rows AS row
MATCH (a:Article {id: row.article_id})
MATCH (e:Entity {id: row.entity_id})
MERGE (a)-[m:MENTIONS]->(e)
SET m += row.props"""

# The properties of an article, a MENTIONS edge, an evidence relationship, an entity and a relation key
# (neo4j_rows.article_row, mention_rows, relation_props, entity_row, relation_key_rows). The writer sets them one
# by one: `SET x += row.props` may write any key, the id its MATCH or MERGE reads among them, so Neo4j plans an
# Eager (every row held before the first is written); named keys plan none. A key a row lacks is set to null,
# which Neo4j does not store: rows leave out empty lists and nulls.
ARTICLE_PROPERTIES = ("title", "url", "source", "published", "content_hash", "text_hash", "path", "language",
                      "sentences", "skipped", "extraction", "ingested_at", "seq")
MENTION_PROPERTIES = ("count", "sectors")
EVIDENCE_PROPERTIES = (
    "relation_id", "predicate", "article_id", "sentence", "start_char", "end_char", "text", "theme", "preposition",
    "verb_phrase", "cameo", "plover", "goldstein", "quad_class", "event_label", "has_event", "negated",
    "hypothetical", "reported", "attributed_to", "confidence", "date", "published", "subject_sector",
    "object_sector")
ENTITY_PROPERTIES = ("name", "type", "aliases", "iso", "roles", "affiliations", "names_text")
RELATION_KEY_PROPERTIES = ("subject", "predicate", "object", "type")


def _set_each(var: str, keys: tuple[str, ...], row: str = "row") -> str:
    return ", ".join(f"{var}.{k} = {row}.props.{k}" for k in keys)


MERGE_ARTICLES = f"""
UNWIND $rows AS row
MERGE (a:Article {{id: row.id}})
SET {_set_each("a", ARTICLE_PROPERTIES)}"""

# Neo4j 5.26+ only (dynamic labels and types, `$(...)`), not openCypher: the writer's one statement for every
# entity type and every evidence type, instead of a statement (and a round trip) per label or type.
#
# The writer's statement for new or replaced articles (their entities merged before): a row per article with its
# mentions and evidence. The article is found once, each of its entities once (`[e]` keeps a missing one's place,
# and CREATE fails on it), and the evidence joins two of them by position (`s`, `o`: indexes into the mentions),
# so a piece of evidence costs no index seek. Mentions and evidence are created, not merged: upsert_chunk has
# deleted a replaced article's old ones first, and an evidence id includes its article's id, so nothing can match.
WRITE_ARTICLES = f"""
UNWIND $rows AS row
MERGE (a:Article {{id: row.id}})
SET {_set_each("a", ARTICLE_PROPERTIES)}
WITH a, row
CALL (a, row) {{
  UNWIND row.mentions AS mention
  OPTIONAL MATCH (e:Entity {{id: mention.entity_id}})
  CREATE (a)-[m:MENTIONS]->(e)
  SET {_set_each("m", MENTION_PROPERTIES, "mention")}
  RETURN collect([e]) AS nodes
}}
CALL (row, nodes) {{
  UNWIND row.evidence AS ev
  WITH ev, nodes[ev.s][0] AS s, nodes[ev.o][0] AS o
  CREATE (s)-[r:$(ev.type) {{evidence_id: ev.evidence_id}}]->(o)
  SET {_set_each("r", EVIDENCE_PROPERTIES, "ev")}
}}"""

MERGE_ENTITIES = f"""
UNWIND $rows AS row
MERGE (e:Entity {{id: row.id}})
SET e:$(row.label)
SET {_set_each("e", ENTITY_PROPERTIES)}"""

# New articles' views of their entities (one row per entity: its views in this chunk merged in Python), merged
# into the stored ones by the database, with no read back: a new node takes the view; a stored one keeps its name
# and type and gains the names, roles and affiliations it lacks (in the view's order, as entities.merge_entity
# does) and an iso if it had none. A node the view adds nothing to, the common case, is not written.
MERGE_ENTITY_VIEWS = f"""
UNWIND $rows AS row
MERGE (e:Entity {{id: row.id}})
ON CREATE SET e:$(row.label), {_set_each("e", ENTITY_PROPERTIES)}
WITH e, row,
     [x IN row.names WHERE x <> e.name AND NOT x IN coalesce(e.aliases, [])] AS aliases,
     [x IN coalesce(row.props.roles, []) WHERE NOT x IN coalesce(e.roles, [])] AS roles,
     [x IN coalesce(row.props.affiliations, []) WHERE NOT x IN coalesce(e.affiliations, [])] AS affiliations
WHERE aliases <> [] OR roles <> [] OR affiliations <> [] OR (e.iso IS NULL AND row.props.iso IS NOT NULL)
SET e.aliases = CASE WHEN aliases = [] THEN e.aliases ELSE coalesce(e.aliases, []) + aliases END,
    e.roles = CASE WHEN roles = [] THEN e.roles ELSE coalesce(e.roles, []) + roles END,
    e.affiliations = CASE WHEN affiliations = [] THEN e.affiliations
                     ELSE coalesce(e.affiliations, []) + affiliations END,
    e.iso = coalesce(e.iso, row.props.iso),
    e.names_text = reduce(text = e.names_text, name IN aliases | text + '\\n' + name)"""

NEO4J_ONLY = (MERGE_ENTITIES, MERGE_ENTITY_VIEWS, WRITE_ARTICLES)

MERGE_RELATION_KEYS = f"""
UNWIND $rows AS row
MERGE (k:RelationKey {{id: row.id}})
SET {_set_each("k", RELATION_KEY_PROPERTIES)}"""

PRUNE_RELATION_KEYS = """
UNWIND $ids AS rid
MATCH (k:RelationKey {id: rid})
OPTIONAL MATCH (:Entity {id: k.subject})-[r]->(:Entity {id: k.object})
WHERE r.relation_id = rid
WITH k, count(r) AS n
WHERE n = 0
DELETE k"""

# the articles naming any of the entities, in storage order, each once with the ids it names: their extraction
# holds each article's own view of the entity
ENTITY_SOURCES = """
UNWIND $ids AS id
MATCH (a:Article)-[:MENTIONS]->(:Entity {id: id})
WITH a, collect(id) AS named
RETURN named, a.extraction AS extraction
ORDER BY a.seq"""

PRUNE_ENTITIES = """
UNWIND $ids AS id
MATCH (e:Entity {id: id})
WHERE NOT EXISTS { (e)--() }
DELETE e"""

# clear() deletes relationships first, then the bare nodes: a DETACH DELETE of a batch of hub nodes would take
# all their relationships into one transaction (over Neo4j's transaction memory limit on a large graph)
CLEAR_RELATIONSHIPS_BATCH = """
MATCH (n)-[r]->()
WHERE n:Entity OR n:Article
WITH r LIMIT $batch
DELETE r
RETURN count(*) AS n"""

CLEAR_BATCH = """
MATCH (n)
WHERE n:Entity OR n:Article OR n:RelationKey
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS n"""


def merge_entities(type_: str) -> str:
    """MERGE entities of one type, with the Entity label and the type's own label."""
    label = NEO4J_LABELS[type_]  # a KeyError here means an unknown type; validated before
    return f"""
UNWIND $rows AS row
MERGE (e:Entity {{id: row.id}})
SET e:{label}
SET e += row.props"""


def merge_evidence(rel_type: str) -> str:
    """MERGE one relationship per piece of evidence of one type, keyed by its evidence id."""
    return f"""
UNWIND $rows AS row
MATCH (s:Entity {{id: row.subject}})
MATCH (o:Entity {{id: row.object}})
MERGE (s)-[r:{cypher_type(rel_type)} {{evidence_id: row.evidence_id}}]->(o)
SET r += row.props"""


# -- reads ---------------------------------------------------------------------------------------------------
ARTICLE_FIELDS = ("a.id AS id, a.title AS title, a.url AS url, a.source AS source, a.published AS published, "
                  "a.content_hash AS content_hash, a.path AS path, a.language AS language, a.text_hash AS text_hash")
EVIDENCE_FIELDS = ("startNode(r).id AS subject, startNode(r).name AS subject_name, startNode(r).type AS subject_type, "
                   "endNode(r).id AS object, endNode(r).name AS object_name, endNode(r).type AS object_type, "
                   "properties(r) AS r")

ARTICLE = f"""
MATCH (a:Article {{id: $id}})
RETURN {ARTICLE_FIELDS}, a.extraction AS extraction"""

ARTICLES_BY_ID = f"""
UNWIND $ids AS id
MATCH (a:Article {{id: id}})
RETURN {ARTICLE_FIELDS}"""

ARTICLES_PAGE = f"""
MATCH (a:Article)
RETURN {ARTICLE_FIELDS}
ORDER BY a.published IS NULL, a.published DESC, a.id
SKIP $offset_rows LIMIT $row_limit"""

ARTICLE_TOTALS = """
MATCH (a:Article)
RETURN count(a) AS n, max(a.published) AS newest, max(a.ingested_at) AS last_ingest"""

ENTITY = """
MATCH (e:Entity {id: $id})
OPTIONAL MATCH (e)-[r]-(:Entity)
WITH e, count(DISTINCT r.relation_id) AS degree
OPTIONAL MATCH (a:Article)-[m:MENTIONS]->(e)
RETURN properties(e) AS e, degree, sum(m.count) AS mentions, count(a) AS articles,
       min(a.published) AS first_seen, max(a.published) AS last_seen"""

# the limit goes to Lucene (a top-k collector, not every hit sorted); only the fields entity_from_props reads, so
# no temporal first_seen/last_seen to decode and no names_text to ship
SEARCH = """
CALL db.index.fulltext.queryNodes($index, $lucene, {limit: $row_limit}) YIELD node
RETURN node.id AS id, node.name AS name, node.type AS type, node.aliases AS aliases, node.iso AS iso,
       node.roles AS roles, node.affiliations AS affiliations"""

# RelationFilter.sector and .min_confidence, applied by the database ($sector, $min_confidence may be null)
EVIDENCE_FILTER = """
WHERE ($sector IS NULL OR r.subject_sector = $sector OR r.object_sector = $sector)
  AND ($min_confidence IS NULL OR r.confidence >= $min_confidence)"""

EVIDENCE_OUT = f"""
MATCH (e:Entity {{id: $id}})-[r]->(:Entity){EVIDENCE_FILTER}
RETURN {EVIDENCE_FIELDS}"""

EVIDENCE_IN = f"""
MATCH (e:Entity {{id: $id}})<-[r]-(:Entity){EVIDENCE_FILTER}
RETURN {EVIDENCE_FIELDS}"""

EVIDENCE_BOTH = f"""
MATCH (e:Entity {{id: $id}})-[r]-(:Entity){EVIDENCE_FILTER}
RETURN {EVIDENCE_FIELDS}"""

EVIDENCE_FROM_TO = f"""
MATCH (:Entity {{id: $subject}})-[r]->(:Entity {{id: $object}}){EVIDENCE_FILTER}
RETURN {EVIDENCE_FIELDS}"""

EVIDENCE_ALL = f"""
MATCH (:Entity)-[r]->(:Entity){EVIDENCE_FILTER}
RETURN {EVIDENCE_FIELDS}"""

EVIDENCE_BETWEEN = f"""
MATCH (:Entity {{id: $a}})-[r]-(:Entity {{id: $b}})
RETURN {EVIDENCE_FIELDS}"""

EVIDENCE_OF_RELATION = f"""
MATCH (k:RelationKey {{id: $rid}})
MATCH (:Entity {{id: k.subject}})-[r]->(:Entity {{id: k.object}})
WHERE r.relation_id = $rid
RETURN {EVIDENCE_FIELDS}"""

EVIDENCE_AMONG = f"""
MATCH (s:Entity)-[r]->(o:Entity)
WHERE s.id IN $ids AND o.id IN $ids
RETURN {EVIDENCE_FIELDS}"""

NEIGHBOURS = """
UNWIND $ids AS id
MATCH (:Entity {id: id})-[]-(x:Entity)
RETURN DISTINCT id, x.id AS neighbour
ORDER BY id, neighbour"""

COUNTERPARTS = """
MATCH (e:Entity {id: $id})-[r]-(x:Entity)
WHERE x.id <> $id
RETURN x.id AS id, x.name AS name, x.type AS type, count(DISTINCT r) AS n
ORDER BY n DESC, id
LIMIT $row_limit"""

TIMELINE_ALL = """
MATCH (:Entity)-[r]->(:Entity)
RETURN coalesce(r.date, r.published) AS day, count(r) AS n"""

TIMELINE_OF = """
MATCH (:Entity {id: $id})-[r]-(:Entity)
RETURN coalesce(r.date, r.published) AS day, count(DISTINCT r) AS n"""

CENTRALITY = """
MATCH (e:Entity)
OPTIONAL MATCH (e)-[r]-(:Entity)
WITH e, count(DISTINCT r.relation_id) AS degree
ORDER BY degree DESC, e.id
LIMIT $row_limit
RETURN e.id AS id, e.name AS name, e.type AS type, degree"""

ENTITY_TYPES = """
MATCH (e:Entity)
RETURN e.type AS type, count(e) AS n"""

RELATION_PREDICATES = """
MATCH (k:RelationKey)
RETURN k.predicate AS predicate, count(k) AS n"""

EVIDENCE_TOTAL = """
MATCH (:Entity)-[r]->(:Entity)
RETURN count(r) AS n"""

RELATION_KEY = """
MATCH (k:RelationKey {id: $rid})
RETURN k.id AS id"""


def shortest_paths(max_hops: int) -> str:
    """The first $row_limit (by their ids) shortest undirected paths of at most max_hops relations between two
    entities, not through articles, in one round trip: a row per path, hop and evidence between the hop's two
    entities (either direction), with the path's ids. No row when there is no path (or an entity is missing)."""
    if not isinstance(max_hops, int) or not 1 <= max_hops <= 10:
        raise ValueError(f"max_hops must be an integer from 1 to 10, not {max_hops!r}")
    return f"""
MATCH (s:Entity {{id: $source}})
MATCH (t:Entity {{id: $target}})
MATCH p = allShortestPaths((s)-[*..{max_hops}]-(t))
WHERE none(r IN relationships(p) WHERE type(r) = 'MENTIONS')
WITH DISTINCT [n IN nodes(p) | n.id] AS ids
ORDER BY ids LIMIT $row_limit
UNWIND range(0, size(ids) - 2) AS i
MATCH (:Entity {{id: ids[i]}})-[r]-(:Entity {{id: ids[i + 1]}})
RETURN ids, {EVIDENCE_FIELDS}"""


def data_queries() -> list[str]:
    """Every openCypher data statement (not SCHEMA or NEO4J_ONLY), with a sample of each generated one."""
    fixed = [v for k, v in globals().items() if k.isupper() and isinstance(v, str) and v.lstrip().startswith(
        ("MATCH", "UNWIND", "CALL", "OPTIONAL")) and v not in NEO4J_ONLY]
    generated = [merge_entities(t) for t in NEO4J_LABELS] + [merge_evidence("MET"), shortest_paths(4)]
    return fixed + generated


# -- literal values, for the .cypher export that cypher-shell runs without parameters --------------------------
def literal(value: object) -> str:
    """A Cypher literal for a property value: string, number, boolean, null, date, list or map."""
    import math
    from datetime import date as date_

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "null"
    if isinstance(value, date_):
        return f"date('{value.isoformat()}')"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
        return f"'{escaped}'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{k}`: {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def inline_rows(query: str, rows: list[dict]) -> str:
    """An UNWIND $rows statement with the rows written in as a literal list, ended with ';'."""
    return query.strip().replace("UNWIND $rows AS row", f"UNWIND {literal(rows)} AS row", 1) + ";"

# Browsing without a search term: entities by degree (distinct relations), optionally of one type.
ENTITY_LIST = """
MATCH (e:Entity)
WHERE $type IS NULL OR e.type = $type
OPTIONAL MATCH (e)-[r]-(:Entity)
WITH e, count(DISTINCT r.relation_id) AS degree
ORDER BY degree DESC, e.id
SKIP $offset LIMIT $row_limit
OPTIONAL MATCH (a:Article)-[m:MENTIONS]->(e)
RETURN properties(e) AS e, degree, sum(m.count) AS mentions, count(a) AS articles, min(a.published) AS first_seen,
       max(a.published) AS last_seen
ORDER BY degree DESC, e.id"""

ENTITY_TOTAL = """
MATCH (e:Entity)
WHERE $type IS NULL OR e.type = $type
RETURN count(e) AS n"""

MEMBERS = """
MATCH (e:Entity)
WHERE $id IN e.affiliations
RETURN properties(e) AS e
ORDER BY e.id"""

# Events per period: one row per (day, Goldstein, quad class), each evidence once; the store buckets them.
PERIODS_ALL = """
MATCH (:Entity)-[r]->(:Entity)
RETURN coalesce(r.date, r.published) AS day, r.goldstein AS goldstein, r.quad_class AS quad, count(r) AS n"""

PERIODS_OF = """
MATCH (e:Entity)-[r]-(:Entity)
WHERE e.id IN $ids
WITH DISTINCT r
RETURN coalesce(r.date, r.published) AS day, r.goldstein AS goldstein, r.quad_class AS quad, count(r) AS n"""
