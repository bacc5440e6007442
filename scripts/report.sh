#!/usr/bin/env bash
# Rebuilds the tables, charts and HTML report of a run from its raw REPORT lines (results/<run-id>/raw), or compares two
# runs. Reads files only; talks to no server.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'TXT'
Usage: scripts/report.sh results/<run-id> [--region R] [--weight 0..1]
       scripts/report.sh --compare results/<run-a> results/<run-b> [--region R]
       scripts/report.sh stats [--by-key] [STATISTIC ...] < numbers
       scripts/report.sh --help

Writes results/<run-id>/report/: tables.md (also printed), cells.csv, cells.json, charts/*.svg and report.html (one
self-contained file). --region picks the price table (default us-east-1); --weight sets the balanced recommendation
(0 = speed only, 1 = cost only; default 0.5). --compare prints, per cell both runs share, the change of the p50 duration
and whether it is beyond the run-to-run spread. stats prints statistics of the numbers on stdin (one a line; with
--by-key "KEY NUMBER" lines, one result line per key): count, median, p10, p50, p90, min, max, mean (default: count
median p50 p90), tab-separated; p50/p90 are nearest-rank as in the tables, median is the middle value (the mean of the
two middle ones for an even count).
TXT
}

jar="${KIT_ROOT}/report/target/report.jar"

# Builds report/target/report.jar when it is missing or older than its sources (and the root pom it inherits from).
build_when_stale() {
  local stale
  stale="$(find "${KIT_ROOT}/report/src/main" "${KIT_ROOT}/report/pom.xml" -newer "${jar}" -type f -print -quit 2>/dev/null || true)"
  if [[ ! -f "${jar}" || -n "${stale}" ]]; then
    kit_log "building the report tool ..."
    if [[ ! -f "${HOME}/.m2/repository/kit/lambdatuning/lambda-tuning-kit/1.0.0-SNAPSHOT/lambda-tuning-kit-1.0.0-SNAPSHOT.pom" ]]; then
      mvn -B -q -N -f "${KIT_ROOT}/pom.xml" install >&2
    fi
    mvn -B -q -f "${KIT_ROOT}/report/pom.xml" package -DskipTests >&2 || kit_die "the report tool did not build"
  fi
}

main() {
  if (($# == 0)); then
    usage >&2
    exit 2
  fi
  if [[ "$1" == "--help" || "$1" == "-h" ]]; then
    usage
    exit 0
  fi
  build_when_stale
  exec java -D"kit.techniques=${KIT_ROOT}/techniques.json" -jar "${jar}" "$@"
}

main "$@"
