"""geokg's ingestion: reading articles and turning text into graph batches (never touches a store)."""
