"""The embedded store: one SQLite database in the data folder, no server."""

from geokg.graph.embedded.store import EmbeddedStore

__all__ = ["EmbeddedStore"]
