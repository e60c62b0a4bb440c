#!/usr/bin/env bash
# What the test suite needs beyond Python packages: Debian's chromium and chromium-driver for the browser
# tests. Installed with apt when running as root (CI, dev machines); otherwise the browser tests say why they
# skip. Then the test Neo4j: scripts/neo4j/fetch.sh resolves it once with Maven (Java 17+ and Maven needed;
# it says so when they are missing, and the Neo4j tests skip, or fail under CI=true).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
neo4j() { bash "$here/neo4j/fetch.sh"; }
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  neo4j; exit $?
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "test-deps: chromium is not installed and this is not a root Debian machine: browser tests will skip" >&2
  neo4j; exit $?
fi
export DEBIAN_FRONTEND=noninteractive
echo "test-deps: installing chromium and chromium-driver with apt" >&2
if ! apt-get install -y -q chromium chromium-driver >/tmp/geokg-apt.log 2>&1; then
  apt-get update -q >>/tmp/geokg-apt.log 2>&1
  apt-get install -y -q chromium chromium-driver >>/tmp/geokg-apt.log 2>&1 \
    || { echo "test-deps: apt could not install chromium (see /tmp/geokg-apt.log)" >&2; exit 1; }
fi
neo4j
