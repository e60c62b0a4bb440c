"""Property-based: requests generated from the app's own OpenAPI never get a 5xx and always get what the spec says."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from geokg.api.app import create_app
from geokg.api.settings import Settings
from tests.test_api_queries import fixture_graphs, open_embedded

KEY = "fuzz-key"
# The operations, read from the spec of an app that is never served (so collection opens no store).
OPERATIONS = [f"{method.upper()} {path}" for path, item in create_app(Settings(), store=object()).openapi()["paths"]
              .items() for method in item]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory, nlp):
    """The OpenAPI schema of an app over the fixture graphs, with writes enabled and the real pipeline."""
    data_dir = tmp_path_factory.mktemp("api-fuzz")
    store = open_embedded(data_dir)
    store.upsert_articles(fixture_graphs())
    app = create_app(Settings(data_dir=data_dir, api_key=KEY, max_post_bytes=20_000), store=store, nlp=nlp)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    store.close()


@pytest.mark.parametrize("label", OPERATIONS)
def test_the_api_conforms_to_its_openapi(api_schema, label):
    operation = api_schema.find_operation_by_label(label)

    @given(case=operation.as_strategy())
    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def fuzz(case):
        # With the key, so writes get past auth and their bodies are exercised too. Schema-valid input may still
        # be a 422 the schema cannot express (since after until, a text with no words): all other checks apply.
        # ignored_auth would resend these very headers as its "invalid" auth; 401s are tested in test_hostile_api
        case.call_and_validate(headers={"X-API-Key": KEY}, excluded_checks=[positive_data_acceptance, ignored_auth])

    fuzz()
