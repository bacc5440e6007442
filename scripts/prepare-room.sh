#!/usr/bin/env bash
# Readies a machine for a workshop the day before, while it still has a network: after it, the labs of WORKSHOP.md need
# none. It fetches every Maven dependency and builds every function the labs run -- as they are and with each lab's
# change (workshop/*.patch) applied -- into the local Lambda's build cache, which the labs' runs then reuse.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'TXT'
Usage: scripts/prepare-room.sh [--help]

Run once per machine before a workshop, with a network (Maven Central). It:
  1. runs scripts/doctor.sh (and stops when something needed is missing);
  2. builds the local Lambda, the runner and the report tool (their Maven dependencies land in ~/.m2);
  3. builds every function of template.yaml and of the stand-in user app (e2e/user-app/template.yaml) as sam build
     does, into the local Lambda's build cache (LOCAL_LAMBDA_STATE_DIR, default .local-lambda/build);
  4. builds them again with each lab's change (workshop/*.patch) applied in a scratch copy of the kit, so the labs'
     "after" runs find their builds (and any dependency a change adds) cached too.
Your working tree is never changed. Run it again after pulling a new version of the kit: what is cached is skipped.
Takes 5-10 minutes on 2 cores the first time, under a minute when everything is cached.

Exit status: 0 when everything built; 1 when something did not (the message says what); 2 on bad arguments.
TXT
}

SCRATCH=""
PREP_PORT=""

cleanup() {
  if [[ -n "${PREP_PORT}" ]]; then
    LOCAL_LAMBDA_PORT="${PREP_PORT}" LOCAL_LAMBDA_STATE_DIR="${SCRATCH_STATE}" \
      "${KIT_ROOT}/scripts/local-lambda.sh" stop >/dev/null 2>&1 || true
  fi
  [[ -z "${SCRATCH}" ]] || rm -rf "${SCRATCH}"
}

# build_template TEMPLATE WHAT: every CodeUri of TEMPLATE built into the labs' build cache, by starting a local Lambda
# on a spare port and state folder (its eager builds at start) that shares the labs' cache folder, then stopping it.
build_template() {
  local template="$1" what="$2"
  kit_log "building the functions of ${what} ..."
  PREP_PORT="$(kit_free_port)"
  mkdir -p "${SCRATCH_STATE}" "${KIT_LOCAL_STATE_DIR}/build"
  ln -sfn "${KIT_LOCAL_STATE_DIR}/build" "${SCRATCH_STATE}/build"
  if ! LOCAL_LAMBDA_PORT="${PREP_PORT}" LOCAL_LAMBDA_STATE_DIR="${SCRATCH_STATE}" \
    "${KIT_ROOT}/scripts/local-lambda.sh" start --template "${template}" >"${SCRATCH}/start.log" 2>&1; then
    cat "${SCRATCH}/start.log" >&2
    kit_die "the local Lambda did not start on ${what}"
  fi
  grep -E '^build [0-9]+/[0-9]+:' "${SCRATCH_STATE}/server.log" >&2 || true
  if grep -E '^build [0-9]+/[0-9]+:.*(FAILED|failed)' "${SCRATCH_STATE}/server.log" >/dev/null; then
    kit_die "a function of ${what} did not build (above; its build.log is under ${KIT_LOCAL_STATE_DIR}/build/)"
  fi
  LOCAL_LAMBDA_PORT="${PREP_PORT}" LOCAL_LAMBDA_STATE_DIR="${SCRATCH_STATE}" \
    "${KIT_ROOT}/scripts/local-lambda.sh" stop >/dev/null
  PREP_PORT=""
}

main() {
  case "${1:-}" in
    -h | --help)
      usage
      exit 0
      ;;
    "") ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  "${KIT_ROOT}/scripts/doctor.sh" || kit_die "fix what doctor.sh calls missing first"

  kit_log "building the local Lambda, the runner and the report tool ..."
  "${KIT_ROOT}/scripts/local-lambda.sh" build
  kit_build_runner

  SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/kit-prepare-room.XXXXXX")"
  SCRATCH_STATE="${SCRATCH}/state"
  build_template "${KIT_ROOT}/template.yaml" "template.yaml"
  build_template "${KIT_ROOT}/e2e/user-app/template.yaml" "the user app (e2e/user-app)"

  local patch copy
  for patch in "${KIT_ROOT}"/workshop/*.patch; do
    [[ -f "${patch}" ]] || continue
    copy="${SCRATCH}/kit-$(basename "${patch}" .patch)"
    mkdir -p "${copy}"
    # the kit as committed, with the working tree's own changes, then the lab's change
    git -C "${KIT_ROOT}" ls-files -z --cached --others --exclude-standard -- template.yaml functions events |
      (cd "${KIT_ROOT}" && xargs -0 cp --parents -t "${copy}" 2>/dev/null) || true
    git -C "${copy}" init -q
    git -C "${copy}" apply "${patch}" || kit_die "workshop/$(basename "${patch}") does not apply to this kit"
    build_template "${copy}/template.yaml" "template.yaml with workshop/$(basename "${patch}")"
  done

  kit_log "ready: the labs of WORKSHOP.md need no network on this machine now (builds cached under ${KIT_LOCAL_STATE_DIR}/build)"
}

main "$@"
