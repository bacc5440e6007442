#!/usr/bin/env bash
# Scaffolds a technique: its module, event, registry entry and root pom module, then regenerates template.yaml and
# scripts/lib/techniques.json. The logic is kit-checks' TechniqueScaffold (unit-tested); this script only runs it.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'TXT'
Usage: scripts/new-technique.sh NAME
       scripts/new-technique.sh --regenerate
       scripts/new-technique.sh --help

NAME     lowercase words joined by dashes (e.g. string-building). Writes functions/NAME/ (a standalone pom, a handler
         with a Baseline and a Tuned variant, a unit test), events/NAME.json, NAME's entry at the end of
         techniques.json, <module>functions/NAME</module> in the root pom and a row in functions/README.md, then
         regenerates template.yaml and scripts/lib/techniques.json. A name that is taken, reserved or malformed is
         refused with the reason, and nothing is written. Then:
           mvn -B -q -f functions/NAME/pom.xml verify
           scripts/run-experiments.sh --techniques NAME
--regenerate  only regenerates template.yaml and scripts/lib/techniques.json from techniques.json (after editing it).
TXT
}

# Runs one of kit-checks' mains from the root's reactor: the reactor supplies local-lambda (a test dependency of
# kit-checks that exec:java resolves too); the other modules skip exec, kit-checks' own configuration does not.
run_kit_checks() {
  (cd "${KIT_ROOT}" && mvn -B -q -Dstyle.color=never -pl kit-checks -am compile "$@" -Dexec.skip=true -Dexec.mainClass=skipped)
}

main() {
  if (($# != 1)); then
    usage >&2
    exit 2
  fi
  case "$1" in
    -h | --help)
      usage
      ;;
    --regenerate)
      run_kit_checks exec:java
      ;;
    -*)
      usage >&2
      exit 2
      ;;
    *)
      run_kit_checks exec:java@new-technique -Dtechnique="$1"
      # the handler and test follow the kit's layout whatever the name's length
      (cd "${KIT_ROOT}" && mvn -B -q -N spotless:apply -DspotlessFiles=".*/functions/$1/.*\\.java")
      ;;
  esac
}

main "$@"
