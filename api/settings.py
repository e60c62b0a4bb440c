"""The one settings object: environment variables with the KG_ prefix, or a .env file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from geokg.ingest.extract_settings import DEFAULT_MIN_CONFIDENCE


class Settings(BaseSettings):
    """geokg's configuration; command-line flags override these values."""

    model_config = SettingsConfigDict(env_prefix="KG_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("./data"), description="Folder of the embedded store and ingest state")
    sources_file: Path | None = Field(None, description="Sources file of the scheduler; default DATA_DIR/sources.toml")
    store: Literal["embedded", "neo4j"] = Field("embedded", description="Which GraphStore to use")
    neo4j_uri: str | None = Field(None, description="bolt:// or neo4j:// URI of the Neo4j server")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"
    neo4j_batch_size: int = Field(500, ge=1, le=100_000, description="Rows per UNWIND batch")
    spacy_model: str = Field("en_core_web_sm", description="spaCy pipeline to load")
    cluster: str | None = Field(None, description="Dask scheduler (tcp://host:8786) whose workers ingest parses on")
    min_confidence: float = Field(DEFAULT_MIN_CONFIDENCE, ge=0.0, le=1.0,
                                  description="Relations extracted with less confidence are not stored or served")
    api_host: str = "127.0.0.1"
    api_port: int = Field(8000, ge=1, le=65535)
    api_key: SecretStr | None = Field(None, description="Key required by write endpoints")
    cypher_enabled: bool = Field(False, description="Serve POST /cypher (Neo4j store only); off by default")
    cypher_key: SecretStr | None = Field(None, description="Key POST /cypher requires (X-Cypher-Key), not the API key")
    cypher_neo4j_user: str | None = Field(None, description="Neo4j user for POST /cypher (a read-only one on "
                                                            "Enterprise); default the store's user")
    cypher_neo4j_password: SecretStr | None = None
    cors_origins: list[str] = Field(default_factory=list, description="Allowed CORS origins; none by default")
    max_post_bytes: int = Field(2_000_000, ge=1, description="Largest POST /articles body")
    background_post_chars: int = Field(100_000, ge=1, description="POST /articles texts longer than this are "
                                                                  "ingested in the background (202 + status URL)")
    api_read_timeout: float = Field(10.0, gt=0, description="Seconds a client has to send a request's headers, "
                                                            "and again its body")
    api_max_header_bytes: int = Field(32_768, ge=1024, description="Largest request head (request line + headers)")
    api_max_connections: int = Field(100, ge=1, description="Concurrent connections; more are answered 503")
    forwarded_allow_ips: str | None = Field(None, description="Reverse proxy addresses trusted for X-Forwarded-*")


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment and .env, with explicit overrides (e.g. CLI flags) on top."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)
