#!/usr/bin/env bash
# Runs every test of the kit: function handlers, template checks (cfn-lint, freshness, build-alone), local Lambda
# integration tests, report tests and the end-to-end runs of the scripts. It is the command README.md gives.
set -euo pipefail

usage() {
  cat <<'TXT'
Usage: scripts/test.sh [--help] [MAVEN_ARGS...]

Runs all tests of the Lambda Tuning Kit with `mvn -B verify` from the repository root.
Needs: JDK 17+, Maven 3.8+, aws CLI, jq, cfn-lint, shellcheck, moto_server, chromium (for the HTML report check).
Extra arguments go to Maven, e.g. `scripts/test.sh -pl report` to test one module.
TXT
}

# Exits (status 2) with the install line when a tool the tests need is missing.
require_tools() {
  local tool missing=()
  for tool in java mvn aws jq cfn-lint shellcheck moto_server chromium; do
    command -v "${tool}" >/dev/null 2>&1 || missing+=("${tool}")
  done
  if ((${#missing[@]} > 0)); then
    echo "test.sh: missing tools: ${missing[*]}" >&2
    echo "test.sh: on Debian: apt-get install shellcheck chromium jq; pip install awscli cfn-lint 'moto[server]'" >&2
    exit 2
  fi
}

main() {
  if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
    usage
    exit 0
  fi
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  require_tools
  exec mvn -B verify "$@"
}

main "$@"
