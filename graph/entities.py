"""Merging the views different articles give of one entity."""

from __future__ import annotations

from geokg.graph.model import Entity


def merge_entity(old: Entity, new: Entity) -> Entity:
    """One entity from two views of it: the first name kept, the other's name and aliases become aliases."""
    if new is old or new == old:
        return old  # the common case when an entity recurs: nothing to merge
    aliases = _union(old.aliases, (new.name,) if new.name != old.name else (), new.aliases)
    aliases = tuple(a for a in aliases if a != old.name)
    roles = _union(old.roles, new.roles)
    affiliations = _union(old.affiliations, new.affiliations)
    iso = old.iso or new.iso
    if (aliases, roles, affiliations, iso) == (old.aliases, old.roles, old.affiliations, old.iso):
        return old
    return Entity(old.id, old.name, old.type, aliases, iso, roles, affiliations)


def merge_all(views: list[Entity]) -> Entity:
    """The merged entity from its views in the order they were stored."""
    merged = views[0]
    for e in views[1:]:
        merged = merge_entity(merged, e)
    return merged


def _union(*parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for part in parts for x in part))
