"""Read-only Cypher, on the Neo4j store only."""

from __future__ import annotations

from fastapi import APIRouter, Request

from geokg.api import cypher_guard
from geokg.api.deps import CypherAccess, StoreDep
from geokg.api.problems import problem_responses
from geokg.api.schemas import CypherIn, CypherOut
from geokg.graph.errors import NotFound

router = APIRouter(tags=["cypher"])


@router.post("/cypher", response_model=CypherOut, dependencies=[CypherAccess],
             responses=problem_responses(401, 403, 404, 408, 413, 422, 503))
def cypher(request: Request, store: StoreDep, body: CypherIn) -> CypherOut:
    """Run a read-only Cypher query with parameters (Neo4j store only; writes, LOAD CSV, USE, most CALLs refused)."""
    if not hasattr(store, "driver"):
        raise NotFound("POST /cypher needs the Neo4j store (KG_STORE=neo4j); this server runs the embedded store, "
                       "which has no Cypher: use the other endpoints")
    return cypher_guard.run_read_cypher(cypher_driver(request, store), getattr(store, "database", None),
                                        body.query, body.parameters, body.limit)


def cypher_driver(request: Request, store: object) -> object:
    """The store's driver, or one logged in as KG_CYPHER_NEO4J_USER (opened once per app)."""
    settings = request.app.state.settings
    if not settings.cypher_neo4j_user:
        return store.driver
    driver = getattr(request.app.state, "cypher_driver", None)
    if driver is None:
        from geokg.graph.open import neo4j_driver

        password = settings.cypher_neo4j_password.get_secret_value() if settings.cypher_neo4j_password else ""
        driver = neo4j_driver(settings.neo4j_uri, settings.cypher_neo4j_user, password)
        request.app.state.cypher_driver = driver
    return driver
