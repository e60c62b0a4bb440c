#!/usr/bin/env bash
# What the test suite needs beyond Python packages: Debian's chromium and chromium-driver for the browser
# tests. Installed with apt when running as root (CI, dev machines); otherwise the browser tests say why they
# skip. Java 17 and Maven (for the test Neo4j) are checked by the tests that need them.
set -uo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "test-deps: chromium is not installed and this is not a root Debian machine: browser tests will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
echo "test-deps: installing chromium and chromium-driver with apt" >&2
if ! apt-get install -y -q chromium chromium-driver >/tmp/geokg-apt.log 2>&1; then
  apt-get update -q >>/tmp/geokg-apt.log 2>&1
  apt-get install -y -q chromium chromium-driver >>/tmp/geokg-apt.log 2>&1 \
    || { echo "test-deps: apt could not install chromium (see /tmp/geokg-apt.log)" >&2; exit 1; }
fi
