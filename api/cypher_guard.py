"""Read-only Cypher for POST /cypher, on the Neo4j store only.

Layers, because Neo4j's read mode alone is not access control: a textual guard (no LOAD CSV, USE, write or
admin clauses, CALL only to allowlisted read procedures, namespaced functions only from built-in namespaces),
then EXPLAIN must report query type "r", then the query runs in a read transaction with the caller's
parameters, a time limit and a row cap. It receives the Neo4j store's `.driver` and `.database`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
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
# Clauses that write, administer, load files or switch database. LOAD CSV and procedure calls are *read*
# queries to Neo4j (EXPLAIN reports 'r'), so only this guard stops them.
REFUSED_KEYWORDS = {
    **dict.fromkeys(("CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "FOREACH", "INSERT"),
                    "this endpoint only reads"),
    **dict.fromkeys(("DROP", "ALTER", "GRANT", "DENY", "REVOKE", "RENAME", "TERMINATE", "SHOW", "ENABLE",
                     "DEALLOCATE", "REALLOCATE", "START", "STOP"), "administration commands are not allowed"),
    "LOAD": "LOAD CSV is not allowed: the API does not read files or URLs",
    "USE": "USE is not allowed: queries run on the configured database only",
    "EXPLAIN": "EXPLAIN, PROFILE and CYPHER options are not allowed: send the bare query",
    "PROFILE": "EXPLAIN, PROFILE and CYPHER options are not allowed: send the bare query",
}


class CypherRefused(KGError):
    """A Cypher query that the read-only guard will not run."""

    status = 403
    title = "Cypher query refused"


class QueryTimedOut(KGError):
    """A /cypher query stopped by its time limit."""

    status = 408
    title = "Cypher query timed out"


@dataclass(frozen=True)
class Token:
    """One lexical token of a Cypher query, as Neo4j 5's lexer splits it."""

    kind: str  # name (plain identifier), quoted (`escaped` name), param, string, number, symbol
    text: str  # for quoted names, the name with `` unescaped; for symbols, the symbol


_SYMBOLS = ("..", "<>", "<=", ">=", "=~", "+=", "->", "<-", "::")
_NUMBER = re.compile(r"0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|(?:\d[\d_]*)?\.\d[\d_]*(?:[eE][+-]?\d+)?|\d[\d_]*(?:[eE][+-]?\d+)?")
_STRING_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)", re.S)


def _is_name_start(ch: str) -> bool:
    return ch == "_" or ch.isalpha()


def _is_name_part(ch: str) -> bool:
    return ch == "_" or ch.isalnum() or unicodedata.category(ch) in ("Mn", "Mc", "Pc", "Nd")


def tokenize(query: str) -> list[Token]:
    """The query's tokens, comments and whitespace dropped, lexed the way Neo4j does: a `//` comment ends at
    `\\r` or `\\n`, strings take backslash escapes, `escaped names` double their backticks. Unterminated
    strings, names or comments are refused (Neo4j would not parse them, and they would hide the rest)."""
    tokens: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif query.startswith("//", i):
            while i < n and query[i] not in "\r\n":
                i += 1
        elif query.startswith("/*", i):
            end = query.find("*/", i + 2)
            if end < 0:
                raise CypherRefused("a /* comment is not closed")
            i = end + 2
        elif ch in "'\"":
            j, parts = i + 1, []
            while j < n and query[j] != ch:
                if query[j] == "\\":
                    esc = _STRING_ESCAPE.match(query, j)
                    if esc is None:
                        break
                    parts.append(esc.group())
                    j = esc.end()
                else:
                    parts.append(query[j])
                    j += 1
            if j >= n:
                raise CypherRefused("a string is not closed")
            tokens.append(Token("string", "".join(parts)))
            i = j + 1
        elif ch == "`":
            j, parts = i + 1, []
            while True:
                end = query.find("`", j)
                if end < 0:
                    raise CypherRefused("a `quoted name` is not closed")
                parts.append(query[j:end])
                if query.startswith("``", end):
                    parts.append("`")
                    j = end + 2
                    continue
                i = end + 1
                break
            tokens.append(Token("quoted", "".join(parts)))
        elif ch == "$":
            j = i + 1
            while j < n and _is_name_part(query[j]):
                j += 1
            tokens.append(Token("param", query[i:j]))
            i = j
        elif _is_name_start(ch):
            j = i + 1
            while j < n and _is_name_part(query[j]):
                j += 1
            tokens.append(Token("name", query[i:j]))
            i = j
        elif (num := _NUMBER.match(query, i)) is not None and num.group():
            tokens.append(Token("number", num.group()))
            i = num.end()
        else:
            sym = next((s for s in _SYMBOLS if query.startswith(s, i)), ch)
            tokens.append(Token("symbol", sym))
            i += len(sym)
    return tokens


def _is_keyword(tokens: list[Token], k: int) -> bool:
    """Whether tokens[k] is a plain word in keyword position (not a property, label, or map key after . : $)."""
    return tokens[k].kind == "name" and not (k > 0 and tokens[k - 1].kind == "symbol" and tokens[k - 1].text in (".", ":"))


def _dotted_name(tokens: list[Token], k: int) -> tuple[str, int]:
    """The dotted (possibly `quoted`) name starting at tokens[k], and the index after it ('' if none)."""
    parts: list[str] = []
    while k < len(tokens) and tokens[k].kind in ("name", "quoted"):
        parts.append(tokens[k].text)
        k += 1
        if k + 1 < len(tokens) and tokens[k].text == "." and tokens[k].kind == "symbol" \
                and tokens[k + 1].kind in ("name", "quoted"):
            k += 1
            continue
        break
    return ".".join(parts), k


def guard_cypher(query: str) -> None:
    """Refuse, by its tokens, a query that could write, load files, switch database or call unsafe procedures."""
    tokens = tokenize(query)
    if not tokens:
        raise CypherRefused("the query is empty (only comments or spaces)")
    if tokens[0].kind == "name" and tokens[0].text.upper() == "CYPHER":
        raise CypherRefused("EXPLAIN, PROFILE and CYPHER options are not allowed: send the bare query")
    semicolons = [k for k, t in enumerate(tokens) if t.kind == "symbol" and t.text == ";"]
    if semicolons and semicolons != [len(tokens) - 1]:
        raise CypherRefused("send one statement (no ';' between statements)")
    for k, tok in enumerate(tokens):
        word = tok.text.upper()
        if _is_keyword(tokens, k) and word in REFUSED_KEYWORDS:
            raise CypherRefused(f"{'LOAD CSV' if word == 'LOAD' else word} is not allowed: {REFUSED_KEYWORDS[word]}")
        if _is_keyword(tokens, k) and word == "CALL":
            name, _ = _dotted_name(tokens, k + 1)
            if name.casefold() not in READ_PROCEDURES:
                allowed = ", ".join(sorted(READ_PROCEDURES))
                raise CypherRefused(f"CALL {name or '{...}'} is not allowed; only these procedures are: {allowed}")
        if tok.kind == "symbol" and tok.text == "(" and k > 0 and tokens[k - 1].kind in ("name", "quoted"):
            _check_function(tokens, k)


def _check_function(tokens: list[Token], paren: int) -> None:
    """Refuse a call of a namespaced function outside the built-in namespaces (the name ends before paren)."""
    start = paren - 1
    while start >= 2 and tokens[start - 1].kind == "symbol" and tokens[start - 1].text == "." \
            and tokens[start - 2].kind in ("name", "quoted"):
        start -= 2
    if start > 0 and tokens[start - 1].kind == "symbol" and tokens[start - 1].text == ".":
        raise CypherRefused("a function may only be called by its name, not on an expression")
    if start > 0 and _is_keyword(tokens, start - 1) and tokens[start - 1].text.upper() == "CALL":
        return  # a procedure, checked against the allowlist
    name, _ = _dotted_name(tokens, start)
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
    explain = neo4j.unit_of_work(timeout=timeout)(_explain_type)
    fetch = neo4j.unit_of_work(timeout=timeout)(_fetch_rows)
    try:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS,
                            bookmark_manager=driver.execute_query_bookmark_manager) as session:
            kind = session.execute_read(explain, query, parameters)
            if kind != "r":
                raise CypherRefused(f"EXPLAIN says this query is of type {kind!r}; only read queries ('r') run")
            return session.execute_read(fetch, query, parameters, limit)
    except ClientError as e:
        if "TransactionTimedOut" in (e.code or ""):
            raise QueryTimedOut(f"the query ran over the {timeout:g} s time limit and was stopped") from None
        raise InvalidInput(f"Neo4j refused the query: {e}") from None
    except (Neo4jError, DriverError) as e:
        raise StoreError(f"Neo4j could not run the query: {e}") from None


def _explain_type(tx: Any, query: str, parameters: dict[str, Any]) -> str:
    return tx.run("EXPLAIN " + query, parameters).consume().query_type


def _fetch_rows(tx: Any, query: str, parameters: dict[str, Any], limit: int) -> o.CypherOut:
    result = tx.run(query, parameters)
    rows: list[list[Any]] = []
    truncated = False
    for record in result:
        if len(rows) == limit:
            truncated = True
            break
        rows.append([cypher_value(v) for v in record.values()])
    keys = list(result.keys())
    result.consume()  # a capped result is discarded on the server, not streamed to the end
    return o.CypherOut(columns=keys, rows=rows, truncated=truncated)
