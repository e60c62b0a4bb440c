"""Read-only Cypher for POST /cypher, on the Neo4j store only.

Layers, because Neo4j's read mode alone is not access control: a textual guard (no LOAD CSV, USE, write or
admin clauses, CALL only to allowlisted read procedures, namespaced functions only from built-in namespaces),
then EXPLAIN must report query type "r", then the query runs in a read transaction with the caller's
parameters, a time limit and a row cap. It receives the Neo4j store's `.driver` and `.database`.
"""

from __future__ import annotations

import math
import re
from typing import Any

from geokg.api import schemas as o
from geokg.graph.errors import InvalidInput, KGError, StoreError

CYPHER_TIMEOUT_S = 10.0
READ_PROCEDURES = frozenset({
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.index.fulltext.querynodes",
    "db.index.fulltext.queryrelationships", "db.schema.visualization", "db.schema.nodetypeproperties",
    "db.schema.reltypeproperties",
})
FUNCTION_NAMESPACES = frozenset({"date", "datetime", "localdatetime", "localtime", "time", "duration", "point",
                                 "vector"})
WRITE_CLAUSES = ("CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "DROP", "ALTER", "GRANT", "DENY",
                 "REVOKE", "TERMINATE", "FOREACH", "SHOW", "ENABLE", "DEALLOCATE", "REALLOCATE")
_HIDDEN = re.compile(r"""'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:``|[^`])*`|//[^\n]*|/\*.*?\*/""", re.S)
_NAME = r"[A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_][\w]*)*"
_CALL = re.compile(rf"\bCALL\b\s*({_NAME})?", re.I)
_FUNCTION = re.compile(rf"(?<![\w.$])({_NAME})\s*\(", re.I)
_WRITE = re.compile(rf"(?<![\w.$])({'|'.join(WRITE_CLAUSES)})\b", re.I)


class CypherRefused(KGError):
    """A Cypher query that the read-only guard will not run."""

    status = 400
    title = "Cypher query refused"


def visible_cypher(query: str) -> str:
    """The query with strings, quoted names and comments blanked: what is left is what Neo4j parses as code."""
    return _HIDDEN.sub(lambda mt: " " if mt.group().startswith("/") else "''", query)


def guard_cypher(query: str) -> None:
    """Refuse, by its text, a query that could write, load files, switch database or call unsafe procedures."""
    code = visible_cypher(query)
    if re.search(r"\bLOAD\s+CSV\b", code, re.I):
        raise CypherRefused("LOAD CSV is not allowed: the API does not read files or URLs")
    if re.search(r"(?<![\w.$])USE\b", code, re.I):
        raise CypherRefused("USE is not allowed: queries run on the configured database only")
    if re.match(r"\s*(EXPLAIN|PROFILE|CYPHER)\b", code, re.I):
        raise CypherRefused("EXPLAIN, PROFILE and CYPHER options are not allowed: send the bare query")
    if ";" in code.strip().rstrip(";"):
        raise CypherRefused("send one statement (no ';' between statements)")
    if found := _WRITE.search(code):
        raise CypherRefused(f"{found.group(1).upper()} is not allowed: this endpoint only reads")
    for call in _CALL.finditer(code):
        name = re.sub(r"\s+", "", call.group(1) or "")
        if name.casefold() not in READ_PROCEDURES:
            allowed = ", ".join(sorted(READ_PROCEDURES))
            raise CypherRefused(f"CALL {name or '{...}'} is not allowed; only these procedures are: {allowed}")
    if re.search(r"''\s*[.(]", code):
        raise CypherRefused("quoted names may not be called or used as a namespace: write procedure and function "
                            "names plainly")
    for fn in _FUNCTION.finditer(_CALL.sub(" ", code)):
        name = re.sub(r"\s+", "", fn.group(1))
        if "." in name and name.split(".")[0].casefold() not in FUNCTION_NAMESPACES:
            raise CypherRefused(f"function {name}() is not allowed: only built-in functions may be called")


def cypher_value(value: Any) -> Any:
    """A Neo4j result value as JSON: nodes, relationships and paths as objects, temporals as ISO text."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"element_id": value.element_id, "labels": sorted(value.labels),
                "properties": {k: cypher_value(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"element_id": value.element_id, "type": value.type,
                "start": value.start_node.element_id if value.start_node else None,
                "end": value.end_node.element_id if value.end_node else None,
                "properties": {k: cypher_value(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"nodes": [cypher_value(n) for n in value.nodes],
                "relationships": [cypher_value(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {str(k): cypher_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [cypher_value(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def run_read_cypher(driver: Any, database: str, query: str, parameters: dict[str, Any], limit: int,
                    timeout: float = CYPHER_TIMEOUT_S) -> o.CypherOut:
    """Run a guarded read-only query: text guard, EXPLAIN type 'r', read transaction, time limit, row cap."""
    import neo4j
    from neo4j.exceptions import ClientError, DriverError, Neo4jError

    guard_cypher(query)
    try:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
            kind = session.execute_read(_explain_type, query, parameters, timeout)
            if kind != "r":
                raise CypherRefused(f"EXPLAIN says this query is of type {kind!r}; only read queries ('r') run")
            return session.execute_read(_fetch_rows, query, parameters, limit, timeout)
    except ClientError as e:
        raise InvalidInput(f"Neo4j refused the query: {e}") from None
    except (Neo4jError, DriverError) as e:
        raise StoreError(f"Neo4j could not run the query: {e}") from None


def _explain_type(tx: Any, query: str, parameters: dict[str, Any], timeout: float) -> str:
    import neo4j

    return tx.run(neo4j.Query("EXPLAIN " + query, timeout=timeout), parameters).consume().query_type


def _fetch_rows(tx: Any, query: str, parameters: dict[str, Any], limit: int, timeout: float) -> o.CypherOut:
    import neo4j

    result = tx.run(neo4j.Query(query, timeout=timeout), parameters)
    rows: list[list[Any]] = []
    truncated = False
    for record in result:
        if len(rows) == limit:
            truncated = True
            break
        rows.append([cypher_value(v) for v in record.values()])
    return o.CypherOut(columns=list(result.keys()), rows=rows, truncated=truncated)
