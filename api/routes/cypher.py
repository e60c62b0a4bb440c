"""Read-only Cypher, on the Neo4j store only."""

from __future__ import annotations

from fastapi import APIRouter

from geokg.api import cypher_guard
from geokg.api.deps import StoreDep
from geokg.api.problems import problem_responses
from geokg.api.schemas import CypherIn, CypherOut
from geokg.graph.errors import NotFound

router = APIRouter(tags=["cypher"])


@router.post("/cypher", response_model=CypherOut, responses=problem_responses(400, 404, 413, 422, 503))
def cypher(store: StoreDep, body: CypherIn) -> CypherOut:
    """Run a read-only Cypher query with parameters (Neo4j store only; writes, LOAD CSV, USE, most CALLs refused)."""
    if not hasattr(store, "driver"):
        raise NotFound("POST /cypher needs the Neo4j store (KG_STORE=neo4j); this server runs the embedded store, "
                       "which has no Cypher: use the other endpoints")
    return cypher_guard.run_read_cypher(store.driver, getattr(store, "database", None), body.query, body.parameters,
                                   body.limit)
