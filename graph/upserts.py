"""What every store does with a batch before writing it: check its references and stamp the write."""

from __future__ import annotations

from datetime import UTC, datetime

from geokg.graph.errors import InvalidInput
from geokg.graph.model import ArticleGraph


def now_stamp() -> str:
    """The ISO timestamp recorded with each write."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def seen_stamp() -> str:
    """The ISO timestamp (microseconds, so locations seen one after another keep their order) of a sighting."""
    return datetime.now(UTC).isoformat()


def validate(g: ArticleGraph) -> None:
    """InvalidInput naming the article when its graph refers to entities it does not define."""
    if not g.article.id:
        raise InvalidInput(f"article {g.article.title!r} has no id")
    known = {e.id for e in g.entities}
    for r in g.relations:
        for eid in (r.subject, r.object):
            if eid not in known:
                raise InvalidInput(f"article {g.article.id!r}: relation {r.predicate} refers to entity {eid!r} "
                                   "that the article does not define")
        if r.article_id != g.article.id:
            raise InvalidInput(f"article {g.article.id!r}: relation belongs to article {r.article_id!r}")
