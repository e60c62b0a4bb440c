#!/usr/bin/env bash
# Resolves the test Neo4j (scripts/neo4j/pom.xml) once: jars into ~/.m2, the classpath into
# ~/.cache/geokg/neo4j/classpath-<hash of pom and version>.txt. Later runs find the cached classpath and return at once.
# KG_TEST_NEO4J_VERSION picks another org.neo4j:neo4j than the pom's 5.26 LTS (2025.x needs Java 21+: KG_TEST_JAVA).
# Exit 0 with a message on stderr when Java 17+ or Maven is missing (the Neo4j tests then say why they skip).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${GEOKG_NEO4J_CACHE:-$HOME/.cache/geokg/neo4j}"
if ! command -v java >/dev/null 2>&1; then
  echo "test-deps: java is not installed (Java 17+ runs the test Neo4j): Neo4j tests will skip" >&2; exit 0
fi
if ! command -v mvn >/dev/null 2>&1; then
  echo "test-deps: mvn is not installed (Maven fetches the test Neo4j): Neo4j tests will skip" >&2; exit 0
fi
version="${KG_TEST_NEO4J_VERSION:-}"
key="$( (cat "$here/pom.xml"; printf %s "$version") | sha256sum | cut -c1-16)"
out="$cache/classpath-$key.txt"
if [ -s "$out" ]; then exit 0; fi
mkdir -p "$cache"
echo "test-deps: fetching Neo4j ${version:-of pom.xml} from Maven Central into ~/.m2 (first time only, several minutes)" >&2
start=$(date +%s)
if ! mvn -B -q -f "$here/pom.xml" ${version:+-Dneo4j.version="$version"} dependency:build-classpath -Dmdep.outputFile="$out.tmp" >"$cache/mvn.log" 2>&1; then
  echo "test-deps: Maven could not fetch the test Neo4j (see $cache/mvn.log):" >&2
  tail -n 5 "$cache/mvn.log" >&2
  rm -f "$out.tmp"; exit 1
fi
mv "$out.tmp" "$out"
echo "test-deps: Neo4j classpath ready in $(( $(date +%s) - start )) s: $out" >&2
