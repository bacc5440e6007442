#!/usr/bin/env bash
# Tunes one Java function of any SAM template (locally) or one deployed function (on AWS): for each memory size it sets
# MemorySize, forces the cold starts, runs the warm invocations, keeps every raw REPORT line and response under
# results/<run-id>/ and prints the tables (scripts/report.sh). The checks, the sweep, the restore of the function's
# original configuration (also after a failure or Ctrl-C), the log collection and run.json are the runner's (runner/,
# Java: `--help` shows the options); this script starts the local Lambda for the local target and stops it again.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

run_dir=""

setting() {
  jq -r "$1" "${run_dir}/.settings.json"
}

# Uses a local Lambda that serves the function, or starts one on the template (it stops when this sweep ends).
prepare_local_lambda() {
  kit_use_local_endpoint
  if kit_local_lambda_answers; then
    aws --endpoint-url "${KIT_LOCAL_ENDPOINT}" lambda get-function-configuration --function-name "$(setting .functionName)" \
      --output json >/dev/null 2>&1 ||
      kit_die "the local Lambda on port ${KIT_LOCAL_PORT} does not serve $(setting .functionName) (another template?): stop it (scripts/local-lambda.sh stop) or set LOCAL_LAMBDA_PORT"
  else
    kit_log "starting the local Lambda on $(setting .template) (builds its Java functions with their own poms the first time) ..."
  fi
  kit_local_use --template "$(setting .template)"
}

cleanup() {
  local code=$?
  trap '' INT TERM
  exec 1>&6 2>&7
  kit_stop_child
  kit_local_release
  exit "${code}"
}

interrupted() {
  trap '' INT TERM
  exec 1>&6 2>&7
  # the runner stops its call in flight, puts the configuration back and writes run.json before it ends
  kit_stop_child
  exit 130
}

main() {
  # The sweep's own stdout and stderr, kept on fds 6 and 7: a signal can arrive while a call's output is redirected to a
  # file, and the restore's messages must still reach the terminal.
  exec 6>&1 7>&2
  kit_build_runner
  if [[ " $* " == *" --help "* || " $* " == *" -h "* ]]; then
    java -cp "${KIT_RUNNER_CP}" runner.Main tune-check --help
    exit 0
  fi
  run_dir="$(kit_runner_check tune-check "$@")"
  trap cleanup EXIT
  trap interrupted INT TERM
  kit_use_region "$(setting .region)"
  local make_report weight status=0
  make_report="$(setting .makeReport)"
  weight="$(setting .weightText)"
  if [[ "$(setting .target)" == "local" ]]; then
    prepare_local_lambda
  fi
  kit_runner tune-run "${run_dir}" || status=$?
  ((status != 130 && status != 143)) || exit "${status}"
  kit_local_release
  kit_finish_run "${make_report}" "${status}" \
    "failure(s) (see the FAILED lines above); what was collected is in ${run_dir#"${KIT_ROOT}/"}/" "${run_dir}" --weight "${weight}"
}

main "$@"
