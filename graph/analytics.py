"""Graph algorithms over any store's adjacency: bounded shortest paths, neighbourhoods, centrality.

They treat the graph as undirected (an actor's relations count whichever way they point) and ask an Adjacency
for whole BFS layers at once, so a store on a database answers a layer in one query. NxAdjacency serves a
networkx graph (a subgraph read from a store, or the tests' reference graphs).
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterator
from typing import Protocol

import networkx as nx


class Adjacency(Protocol):
    """Who is joined to whom, in either direction."""

    def neighbours(self, nodes: list[str], cap: int | None = None,
                   among: Collection[str] | None = None) -> dict[str, list[str]]:
        """Each node's neighbours (a node may repeat), in no particular order; with cap, at most cap of them per
        node, strongest first; only those among the given nodes when among is given."""

    def cost(self, nodes: list[str]) -> int:
        """How many adjacency entries expanding the nodes would walk."""


class NxAdjacency:
    """The Adjacency of a networkx MultiDiGraph, read from its adjacency dicts directly."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph

    def neighbours(self, nodes: list[str], cap: int | None = None,
                   among: Collection[str] | None = None) -> dict[str, list[str]]:
        """Successors then predecessors of each node, each once."""
        succ, pred = self.graph._succ, self.graph._pred
        return {n: [m for m in dict.fromkeys([*succ[n], *pred[n]]) if among is None or m in among][:cap]
                for n in nodes}

    def cost(self, nodes: list[str]) -> int:
        """The nodes' successor and predecessor counts."""
        succ, pred = self.graph._succ, self.graph._pred
        return sum(len(succ[n]) + len(pred[n]) for n in nodes)


def shortest_paths(graph: Adjacency, source: str, target: str, max_hops: int, limit: int) -> list[list[str]]:
    """Up to limit shortest undirected node paths from source to target of at most max_hops edges."""
    if source == target:
        return [[source]]
    fwd: dict[str, list[str]] = {source: []}  # node -> its parents on shortest paths from source
    bwd: dict[str, list[str]] = {target: []}  # node -> its parents on shortest paths from target
    f_front, b_front, hops = [source], [target], 0
    while f_front and b_front and hops < max_hops:
        hops += 1
        forward = graph.cost(f_front) <= graph.cost(b_front)  # by edges to walk, not nodes: hubs are costly
        if hops == max_hops:  # only a meeting matters: look for it from the other side's last layer
            if forward:
                return _last_hop(graph, f_front, fwd, b_front, fwd, bwd, limit)
            return _last_hop(graph, b_front, bwd, f_front, fwd, bwd, limit)
        if forward:
            f_front, meet = _expand(graph, f_front, fwd, bwd)
        else:
            b_front, meet = _expand(graph, b_front, bwd, fwd)
        if meet:
            return _join_paths(sorted(meet), fwd, bwd, limit)
    return []


def _expand(graph: Adjacency, front: list[str], seen: dict[str, list[str]],
            other: dict[str, list[str]]) -> tuple[list[str], set[str]]:
    """One BFS layer out of front; returns the new layer and the nodes the other search already reached."""
    layer: dict[str, list[str]] = {}
    adjacent = graph.neighbours(front)
    for node in front:
        for nb in adjacent[node]:
            if nb in seen:
                continue
            parents = layer.setdefault(nb, [])
            if not parents or parents[-1] != node:
                parents.append(node)
    seen.update(layer)
    return list(layer), {n for n in layer if n in other}


def _last_hop(graph: Adjacency, front: list[str], seen: dict[str, list[str]], other_front: list[str],
              fwd: dict[str, list[str]], bwd: dict[str, list[str]], limit: int) -> list[list[str]]:
    """The first limit paths through a last edge from front to the other search's last layer.

    The paths come in the order of their meeting node, so the other layer's nodes are asked, in that order and
    in growing chunks, which of them touch front; the search stops once limit paths are found. Expanding front
    instead would walk every neighbour of every front node (for hundreds of nodes of degree hundreds, a
    hundred times more than a meeting usually needs).
    """
    ends, meet, start, size, paths = set(front), [], 0, 8, []
    candidates = sorted(other_front)
    while start < len(candidates):
        chunk = candidates[start:start + size]
        adjacent = graph.neighbours(chunk, among=ends)
        for node in chunk:
            if parents := sorted(set(adjacent[node])):
                seen[node] = parents
                meet.append(node)
        paths = _join_paths(meet, fwd, bwd, limit)
        if len(paths) >= limit:
            break
        start, size = start + size, size * 2
    return paths


def _join_paths(meet: list[str], fwd: dict[str, list[str]], bwd: dict[str, list[str]], limit: int) -> list[list[str]]:
    paths: list[list[str]] = []
    for m in meet:
        for head in _walk(m, fwd):
            for tail in _walk(m, bwd):
                paths.append(head[::-1] + tail[1:])
                if len(paths) >= limit:
                    return paths
    return paths


def _walk(node: str, parents: dict[str, list[str]]) -> Iterator[list[str]]:
    """Every parent chain from node back to the search's root, node first."""
    ps = parents[node]
    if not ps:
        yield [node]
        return
    for p in sorted(set(ps)):
        for chain in _walk(p, parents):
            yield [node, *chain]


def ball(graph: Adjacency, center: str, hops: int, limit: int) -> tuple[list[str], bool]:
    """Nodes within hops of center in BFS order, at most limit of them, and whether the cap cut some off.

    A hub's neighbours are asked for only up to the cap (its strongest first), not all of them.
    """
    order, seen, front = [center], {center}, [center]
    for _ in range(hops):
        nxt: list[str] = []
        adjacent = graph.neighbours(front, cap=limit + 1)
        for node in front:
            for nb in adjacent[node]:
                if nb in seen:
                    continue
                if len(order) >= limit:
                    return order, True
                seen.add(nb)
                order.append(nb)
                nxt.append(nb)
        front = nxt
    return order, False


def degree_centrality(graph: nx.MultiDiGraph, limit: int) -> list[tuple[str, float]]:
    """The limit nodes with the highest degree centrality (distinct relations / (n - 1)), best first."""
    n = graph.number_of_nodes()
    if n <= 1:
        return [(node, 0.0) for node in graph]
    scale = 1.0 / (n - 1)
    top = heapq.nlargest(limit, graph.degree(), key=lambda nd: (nd[1], _neg(nd[0])))
    return [(node, deg * scale) for node, deg in top]


def _neg(text: str) -> tuple[int, ...]:
    """A key that sorts strings in reverse, so ties in nlargest come out in ascending id order."""
    return tuple(-ord(c) for c in text)


def communities(graph: nx.MultiDiGraph, limit: int = 10) -> list[list[str]]:
    """The largest communities of actors (greedy modularity on the undirected, simple graph)."""
    from networkx.algorithms.community import greedy_modularity_communities

    simple = nx.Graph(graph.to_undirected(as_view=True))
    found = greedy_modularity_communities(simple) if simple.number_of_edges() else []
    return [sorted(c) for c in sorted(found, key=len, reverse=True)[:limit]]
