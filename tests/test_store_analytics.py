"""The embedded store's graph algorithms agree with networkx's reference implementations."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from geokg.graph import analytics


def random_graph(seed: int, nodes: int = 60, edges: int = 90) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    g.add_nodes_from(f"n{i}" for i in range(nodes))
    for _ in range(edges):
        g.add_edge(f"n{rng.randrange(nodes)}", f"n{rng.randrange(nodes)}", key=rng.choice("AB"))
    return g


@pytest.mark.parametrize("seed", range(8))
def test_bounded_shortest_paths_are_networkx_all_shortest_paths(seed: int):
    g = random_graph(seed)
    undirected = nx.Graph(g.to_undirected())
    rng = random.Random(seed)
    for _ in range(40):
        s, t = f"n{rng.randrange(60)}", f"n{rng.randrange(60)}"
        got = analytics.shortest_paths(analytics.NxAdjacency(g), s, t, max_hops=4, limit=10_000)
        try:
            expected = {tuple(p) for p in nx.all_shortest_paths(undirected, s, t)}
        except nx.NetworkXNoPath:
            expected = set()
        if expected and len(next(iter(expected))) - 1 > 4:
            expected = set()
        assert {tuple(p) for p in got} == expected, (s, t)
        assert len(got) == len(expected)  # no path twice
        assert analytics.shortest_paths(analytics.NxAdjacency(g), s, t, max_hops=4, limit=3) == got[:3]


def test_ball_respects_hops_and_the_node_cap():
    g = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d"), ("d", "e")])
    assert analytics.ball(analytics.NxAdjacency(g), "a", 2, 100) == (["a", "b", "c"], False)
    assert analytics.ball(analytics.NxAdjacency(g), "a", 3, 3) == (["a", "b", "c"], True)


def test_degree_centrality_matches_networkx():
    g = random_graph(3)
    expected = nx.degree_centrality(g)
    for node, score in analytics.degree_centrality(g, 10):
        assert score == pytest.approx(expected[node])
    top = analytics.degree_centrality(g, 1)[0]
    assert top[1] == pytest.approx(max(expected.values()))
