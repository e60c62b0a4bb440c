"""The test Neo4j: scripts/neo4j/Launcher.java on the classpath scripts/neo4j/fetch.sh cached, started on free
127.0.0.1 ports with auth enabled, stopped by its pid. One per test session (see the neo4j_server fixture)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER_DIR = ROOT / "scripts" / "neo4j"
PASSWORD = "geokg-test-password"  # Neo4j 5 refuses passwords under 8 characters
START_TIMEOUT_S = 240.0


class Unavailable(Exception):
    """Why the test Neo4j cannot run on this machine (Java or the fetched jars missing)."""


@dataclass
class Neo4jServer:
    """A running test Neo4j: where to reach it and as whom."""

    uri: str
    http_url: str
    user: str
    password: str
    process: subprocess.Popen
    home: Path
    started_in_s: float

    def stop(self) -> None:
        """SIGTERM (the launcher shuts the database down cleanly), then SIGKILL after 60 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def classpath_file() -> Path:
    """Where fetch.sh writes the classpath for the current pom.xml and KG_TEST_NEO4J_VERSION (its key, too)."""
    cache = Path(os.environ.get("GEOKG_NEO4J_CACHE", Path.home() / ".cache" / "geokg" / "neo4j"))
    version = os.environ.get("KG_TEST_NEO4J_VERSION", "")
    key = hashlib.sha256((LAUNCHER_DIR / "pom.xml").read_bytes() + version.encode()).hexdigest()[:16]
    return cache / f"classpath-{key}.txt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def java() -> str:
    """The java to run the launcher with (KG_TEST_JAVA, else JAVA_HOME's, else the one on PATH)."""
    explicit = os.environ.get("KG_TEST_JAVA")
    if explicit:
        return explicit
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise Unavailable("java is not installed (Java 17+ runs the test Neo4j)")
    return found


def start(home: Path) -> Neo4jServer:
    """Start the launcher with its database under home; Unavailable if it cannot run here."""
    java_bin = java()
    cp_file = classpath_file()
    if not cp_file.is_file():
        raise Unavailable(f"the test Neo4j is not fetched ({cp_file} is missing): run `make test-deps` "
                          "(needs Maven and Maven Central)")
    bolt, http = free_port(), free_port()
    log = home / "launcher.log"
    home.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    with log.open("wb") as err:
        process = subprocess.Popen(
            [java_bin, "-Xmx768m", "-XX:+UseSerialGC", "-cp", cp_file.read_text().strip(),
             str(LAUNCHER_DIR / "Launcher.java"), str(home / "db"), str(bolt), str(http), PASSWORD],
            stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL, text=True)
    deadline = began + START_TIMEOUT_S
    assert process.stdout is not None
    for line in process.stdout:  # ends when the process exits
        if line.startswith("READY "):
            process.stdout.close()
            return Neo4jServer(f"bolt://127.0.0.1:{bolt}", f"http://127.0.0.1:{http}", "neo4j", PASSWORD,
                               process, home, time.monotonic() - began)
        if time.monotonic() > deadline:
            break
    process.kill()
    process.wait()
    tail = log.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"the test Neo4j did not start within {START_TIMEOUT_S:.0f} s (exit {process.returncode}):"
                       f"\n{tail}")
