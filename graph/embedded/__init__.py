"""The embedded store: networkx in memory, a snapshot and a checksummed append-only log in the data folder."""

from graph.embedded.store import EmbeddedStore

__all__ = ["EmbeddedStore"]
