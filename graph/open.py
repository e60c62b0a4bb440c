"""open_store: the one place that turns settings values into a GraphStore."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geokg.graph.errors import ConfigError, StoreError
from geokg.graph.store import GraphStore

KINDS = ("embedded", "neo4j")


def open_store(kind: str = "embedded", data_dir: Path = Path("data"), *, neo4j_uri: str | None = None,
               neo4j_user: str = "neo4j", neo4j_password: str | None = None, neo4j_database: str = "neo4j",
               batch_size: int = 500, create: bool = True) -> GraphStore:
    """The embedded store in data_dir, or the Neo4j store at neo4j_uri (ConfigError for anything else).

    create: make an empty embedded store when data_dir has none (writes); readers pass False, so a mistyped
    folder is an error instead of a new empty store.
    """
    if kind == "embedded":
        from geokg.graph.embedded import EmbeddedStore

        return EmbeddedStore(Path(data_dir), create=create)
    if kind == "neo4j":
        if not neo4j_uri:
            raise ConfigError("store 'neo4j' needs a URI: set KG_NEO4J_URI (e.g. neo4j://localhost:7687)")
        return _open_neo4j(neo4j_uri, neo4j_user, neo4j_password, neo4j_database, batch_size)
    raise ConfigError(f"unknown store kind {kind!r}; use one of {', '.join(KINDS)}")


def neo4j_driver(uri: str, user: str, password: str | None) -> Any:
    """A driver for the URI, without the server's notifications about unknown property keys and labels."""
    import neo4j

    # Neo4j stores no nulls, so an optional property (subject_sector, iso, ...) that no row has set yet is an
    # "unknown property key" to the planner, and every read naming it would log a warning (01N52/01N50). geokg
    # names them on purpose; the other classifications (deprecations, performance hints) still reach the log.
    return neo4j.GraphDatabase.driver(uri, auth=(user, password or ""), notifications_disabled_classifications=[
        neo4j.NotificationDisabledClassification.UNRECOGNIZED])


def _open_neo4j(uri: str, user: str, password: str | None, database: str, batch_size: int) -> GraphStore:
    """A driver for the URI, checked reachable, handed to a Neo4jStore that creates its schema."""
    import neo4j

    from geokg.graph.neo4j_store import Neo4jStore

    try:
        driver = neo4j_driver(uri, user, password)
    except (ValueError, ImportError, neo4j.exceptions.DriverError) as e:
        raise ConfigError(f"bad Neo4j URI {uri!r}: {e}") from None
    try:
        driver.verify_connectivity()
    except neo4j.exceptions.Neo4jError as e:
        driver.close()
        raise StoreError(f"Neo4j at {uri}: {e.message or e}") from None
    except (neo4j.exceptions.DriverError, OSError) as e:
        driver.close()
        raise StoreError(f"Neo4j at {uri} is unreachable: {e}") from None
    return Neo4jStore(driver, database=database, batch_size=batch_size, owns_driver=True)
