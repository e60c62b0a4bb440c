"""The embedded store: networkx in memory, a snapshot and a checksummed append-only log in the data folder."""

from geokg.graph.embedded.store import EmbeddedStore

__all__ = ["EmbeddedStore"]
