"""Scheduled ingestion: sources (feeds, pages, folders, JSON Lines), guarded fetching, dedup state, the scheduler.

Nothing here touches the graph store: a run hands the new or changed articles to a sink it is given.
"""
