"""Data files: gazetteer tables and the event lexicon."""
