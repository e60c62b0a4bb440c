"""Graph algorithms over the embedded store's networkx graph: bounded shortest paths, neighbourhoods, centrality.

They treat the graph as undirected (an actor's relations count whichever way they point) and read networkx's
adjacency dicts directly, because these run per API request on graphs of a million edges.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator

import networkx as nx


def neighbours(graph: nx.MultiDiGraph, node: str) -> Iterator[str]:
    """Nodes joined to node by a relation in either direction (a node may repeat)."""
    yield from graph._succ[node]
    yield from graph._pred[node]


def shortest_paths(graph: nx.MultiDiGraph, source: str, target: str, max_hops: int, limit: int) -> list[list[str]]:
    """Up to limit shortest undirected node paths from source to target of at most max_hops edges."""
    if source == target:
        return [[source]]
    fwd: dict[str, list[str]] = {source: []}  # node -> its parents on shortest paths from source
    bwd: dict[str, list[str]] = {target: []}  # node -> its parents on shortest paths from target
    f_front, b_front, hops = [source], [target], 0
    while f_front and b_front and hops < max_hops:
        hops += 1
        if _cost(graph, f_front) <= _cost(graph, b_front):  # by edges to walk, not nodes: hubs are costly
            f_front, meet = _expand(graph, f_front, fwd, bwd)
        else:
            b_front, meet = _expand(graph, b_front, bwd, fwd)
        if meet:
            return _join_paths(sorted(meet), fwd, bwd, limit)
    return []


def _cost(graph: nx.MultiDiGraph, front: list[str]) -> int:
    """How many adjacency entries expanding front would walk."""
    succ, pred = graph._succ, graph._pred
    return sum(len(succ[n]) + len(pred[n]) for n in front)


def _expand(graph: nx.MultiDiGraph, front: list[str], seen: dict[str, list[str]],
            other: dict[str, list[str]]) -> tuple[list[str], set[str]]:
    """One BFS layer out of front; returns the new layer and the nodes the other search already reached."""
    layer: dict[str, list[str]] = {}
    for node in front:
        for nb in neighbours(graph, node):
            if nb in seen:
                continue
            parents = layer.setdefault(nb, [])
            if not parents or parents[-1] != node:
                parents.append(node)
    seen.update(layer)
    return list(layer), {n for n in layer if n in other}


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


def ball(graph: nx.MultiDiGraph, center: str, hops: int, limit: int) -> tuple[list[str], bool]:
    """Nodes within hops of center in BFS order, at most limit of them, and whether the cap cut some off."""
    order, seen, front = [center], {center}, [center]
    for _ in range(hops):
        nxt: list[str] = []
        for node in front:
            for nb in neighbours(graph, node):
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
