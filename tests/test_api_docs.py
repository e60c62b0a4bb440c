"""The OpenAPI document: an example for every parameter and request body, so /docs can fill in a real request."""

from __future__ import annotations

import pytest

from geokg.api.app import create_app
from geokg.api.settings import Settings
from geokg.graph.open import open_store


def empty_store(folder):
    """A data folder holding an empty store (serving needs one)."""
    open_store("embedded", folder).close()
    return folder


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return create_app(Settings(data_dir=empty_store(tmp_path_factory.mktemp("docs")))).openapi()


def has_example(schema: dict) -> bool:
    """Whether a parameter or schema (or one of its anyOf branches) carries an example."""
    if "example" in schema or "examples" in schema:
        return True
    return any(has_example(s) for s in (schema.get("schema", {}), *schema.get("anyOf", ())) if s)


def operations(spec: dict):
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            yield f"{method.upper()} {path}", op


def test_every_parameter_has_an_example(spec):
    missing = [f"{name}: {p['name']}" for name, op in operations(spec) for p in op.get("parameters", ())
               if not has_example(p)]
    assert missing == []


def test_every_request_body_has_an_example(spec):
    schemas = spec["components"]["schemas"]
    bodies = {name: op["requestBody"]["content"]["application/json"]["schema"]
              for name, op in operations(spec) if "requestBody" in op}
    assert {"POST /articles", "POST /cypher"} <= set(bodies)
    assert [name for name, ref in bodies.items() if not has_example(schemas[ref["$ref"].split("/")[-1]])] == []


def test_the_docs_pages_load_their_assets_from_this_server(spec, tmp_path):
    from fastapi.testclient import TestClient

    with TestClient(create_app(Settings(data_dir=empty_store(tmp_path)))) as client:
        for page in ("/docs", "/redoc"):
            html = client.get(page).text
            assert "cdn.jsdelivr" not in html and "/static/docs/" in html
        assert client.get("/static/docs/swagger-ui-bundle.js").status_code == 200
        assert client.get("/static/docs/redoc.standalone.js").status_code == 200
        assert client.get("/explorer/vendor/cytoscape.min.js").status_code == 200
        licence = client.get("/explorer/vendor/cytoscape.LICENSE").text
        assert "The Cytoscape Consortium" in licence and "Permission is hereby granted" in licence
