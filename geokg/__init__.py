"""geokg: turn news into a knowledge graph of geopolitical events.

The installed distribution has one import name, ``geokg``; the repository's top-level folders are its
subpackages: ``geokg.ingest`` (text to graph batches), ``geokg.graph`` (model and stores) and ``geokg.api``
(HTTP service and command line).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("geokg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
