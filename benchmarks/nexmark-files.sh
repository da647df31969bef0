#!/usr/bin/env bash
# Run one Nexmark query with Weir over nexmark-gen CSV files (see docs/benchmarks.md), with the JVM
# options the Flink runner gets; prints a RESULT line as run-flink.sh does.
#   usage: benchmarks/nexmark-files.sh QUERY DATADIR [--state heap|rocksdb] [--out FILE]
#   e.g.   WEIR_CMD="$PWD/benchmarks/nexmark-files.sh" ./side-by-side.sh data/1m 3 q0
# Env: WEIR_HEAP (default 6g) sets -Xms/-Xmx; WEIR_STATE (heap or rocksdb, default heap) picks the
# state backend when no --state is given; JAVA_OPTS is appended; JAVA picks the java binary.
# Needs benchmarks/target/benchmarks.jar: mvn -o -q -B package -DskipTests -pl benchmarks -am
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$HERE/target/benchmarks.jar"
if [[ $# -lt 2 ]]; then
  sed -n '2,8p' "$0"; exit 2
fi
if [[ ! -f "$JAR" ]]; then
  echo "error: $JAR is missing; build it with: mvn -o -q -B package -DskipTests -pl benchmarks -am" >&2
  exit 2
fi
HEAP="${WEIR_HEAP:-6g}"
JAVA="${JAVA:-java}"
# shellcheck disable=SC2086
exec "$JAVA" -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC ${JAVA_OPTS:-} \
  -cp "$JAR" dev.weir.benchmarks.NexmarkFiles --state "${WEIR_STATE:-heap}" "$@"
