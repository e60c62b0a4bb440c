"""geokg's edges: the HTTP API and the command line, thin layers over graph/ and ingest/."""
