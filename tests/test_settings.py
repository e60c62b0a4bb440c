"""Configuration: KG_ environment variables, a .env file, and flags on top."""

from __future__ import annotations

from pathlib import Path

import pytest

from geokg.api.settings import get_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    import os

    for key in list(os.environ):
        if key.startswith("KG_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)


def test_defaults_need_no_server():
    s = get_settings()
    assert s.store == "embedded"
    assert s.data_dir == Path("./data")
    assert s.spacy_model == "en_core_web_sm"
    assert (s.api_host, s.api_port) == ("127.0.0.1", 8000)
    assert s.api_key is None


def test_environment_then_dotenv_then_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    (tmp_path / ".env").write_text("KG_STORE=neo4j\nKG_NEO4J_URI=bolt://db:7687\nKG_API_PORT=9000\n")
    monkeypatch.setenv("KG_API_PORT", "9100")
    monkeypatch.setenv("KG_NEO4J_PASSWORD", "s3cret")
    s = get_settings(api_port=9200, api_host=None)
    assert s.store == "neo4j" and s.neo4j_uri == "bolt://db:7687"
    assert s.api_port == 9200
    assert s.neo4j_password.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(s)
    assert get_settings().api_port == 9100


@pytest.mark.parametrize(("name", "value"), [("KG_STORE", "postgres"), ("KG_API_PORT", "http")])
def test_a_bad_setting_is_refused_naming_it(monkeypatch: pytest.MonkeyPatch, name: str, value: str):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name.removeprefix("KG_").lower()):
        get_settings()
