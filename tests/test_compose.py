"""docker-compose.yml cannot run here (no Docker engine): check it parses and promises what the README says."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def ports(service: str) -> set[str]:
    return {str(p).split(":")[-1] for p in COMPOSE["services"][service].get("ports", [])}


def test_neo4j_service_is_neo4j_5_community_with_browser_and_bolt_ports():
    neo4j = COMPOSE["services"]["neo4j"]
    assert re.fullmatch(r"neo4j:5[\w.\-]*community", neo4j["image"])
    assert {"7474", "7687"} <= ports("neo4j")
    assert "NEO4J_PASSWORD" in neo4j["environment"]["NEO4J_AUTH"]
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    assert neo4j["healthcheck"]["test"]


def test_api_service_is_built_here_and_points_at_neo4j():
    api = COMPOSE["services"]["api"]
    assert api["build"] == "."
    assert (ROOT / "Dockerfile").is_file()
    assert "8000" in ports("api")
    env = api["environment"]
    assert env["KG_STORE"] == "neo4j"
    assert env["KG_NEO4J_URI"].startswith("bolt://neo4j:")
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_named_volumes_are_declared():
    used = {v.split(":")[0] for s in COMPOSE["services"].values() for v in s.get("volumes", [])}
    assert {u for u in used if not u.startswith((".", "/"))} <= set(COMPOSE.get("volumes", {}))


def test_readme_names_the_services_and_ports_compose_provides():
    readme = (ROOT / "README.md").read_text()
    for service in COMPOSE["services"]:
        assert f"`{service}`" in readme
    for port in ("7474", "7687", "8000"):
        assert port in readme


def test_cluster_profile_has_a_scheduler_and_single_threaded_workers_pointed_at_it():
    scheduler, worker = COMPOSE["services"]["dask-scheduler"], COMPOSE["services"]["dask-worker"]
    assert scheduler["profiles"] == worker["profiles"] == ["cluster"]
    assert "8786" in ports("dask-scheduler") and "--port" in scheduler["command"]
    assert "tcp://dask-scheduler:8786" in worker["command"]
    assert worker["command"][worker["command"].index("--nthreads") + 1] == "1"
    assert all("profiles" not in COMPOSE["services"][s] for s in ("neo4j", "api", "scheduler"))  # plain `up` as before


def test_api_and_scheduler_run_one_image_built_once_with_a_healthcheck():
    api, scheduler = COMPOSE["services"]["api"], COMPOSE["services"]["scheduler"]
    assert api["image"] == scheduler["image"] and "build" not in scheduler
    assert scheduler["pull_policy"] == "never" and "api" in scheduler["depends_on"]
    assert "/health" in " ".join(api["healthcheck"]["test"])


def test_the_image_runs_as_a_non_root_user():
    users = re.findall(r"^USER\s+(\S+)", (ROOT / "Dockerfile").read_text(), re.M)
    assert users and users[-1] not in ("root", "0")


def test_documented_passwords_are_long_enough_for_neo4j_5():
    text = (ROOT / "docker-compose.yml").read_text()
    documented = re.findall(r"NEO4J_PASSWORD=(\S+)", text)
    assert documented and all(len(p) >= 8 for p in documented)
    assert "at least 8 characters" in COMPOSE["services"]["neo4j"]["environment"]["NEO4J_AUTH"]
