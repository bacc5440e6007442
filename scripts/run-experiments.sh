#!/usr/bin/env bash
# The kit's main job: invoke every experiment function N times cold and M times warm with its events/ payload, keep
# every raw REPORT line under results/<run-id>/, and print the tables (scripts/report.sh). The checks, the round-robin
# plan, the invoke loop, the log collection and run.json are the runner's (runner/, Java: `--help` shows the options);
# this script starts what the local target needs (a local S3, the local Lambda) and stops it again.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  kit_build_runner
  java -cp "${KIT_RUNNER_CP}" runner.Main experiments-check --help
}

run_dir=""
make_report=true
moto_pid=""
s3_endpoint=""
env_vars_args=()

# settings.json of the run (written by the runner's checks): one field.
setting() {
  jq -r "$1" "${run_dir}/.settings.json"
}

# A moto_server S3 with the kit bucket, for the techniques that list it; the --env-vars file gives it to the functions
# that list the bucket when this run starts the local Lambda (a running one gets it with the cold starts' update).
start_local_s3() {
  local moto_port
  moto_port="$(kit_free_port)"
  moto_server -H 127.0.0.1 -p "${moto_port}" >"${run_dir}/moto.log" 2>&1 6>&- 7>&- &
  moto_pid=$!
  s3_endpoint="http://127.0.0.1:${moto_port}"
  for _ in $(seq 1 100); do
    curl -fsS --max-time 1 "${s3_endpoint}/" >/dev/null 2>&1 && break
    sleep 0.2
  done
  kit_wait aws --endpoint-url "${s3_endpoint}" s3api create-bucket --bucket "${KIT_LOCAL_BUCKET}" >/dev/null ||
    kit_die "could not create the local S3 bucket (see ${run_dir}/moto.log)"
  jq -n --arg e "${s3_endpoint}" --arg b "${KIT_LOCAL_BUCKET}" --slurpfile kit "${KIT_ROOT}/scripts/lib/techniques.json" \
    '[$kit[0].techniques[] | select(.listsBucket) | .functions[].logicalId | {key: ., value: {S3_ENDPOINT: $e, BUCKET_NAME: $b}}]
     | from_entries' >"${run_dir}/env-vars.json"
  env_vars_args=(--env-vars "${run_dir}/env-vars.json")
}

prepare_local_target() {
  [[ "$(setting .target)" == "local" ]] || return 0
  kit_use_local_endpoint
  if [[ "$(setting '.bucketTechniques | length')" != "0" ]]; then
    start_local_s3
  fi
  cd "${KIT_ROOT}"
  kit_local_use "${env_vars_args[@]}"
  cd - >/dev/null
}

# What this run started goes: the runner's calls, the local S3, its lease on the local Lambda (the last one stops it).
cleanup() {
  local code=$?
  trap '' INT TERM
  exec 1>&6 2>&7
  kit_stop_child
  if [[ -n "${moto_pid}" ]]; then
    kit_kill_tree "${moto_pid}"
  fi
  kit_local_release
  if [[ -n "${run_dir}" && -f "${run_dir}/run.json" ]] && [[ "$(jq -r .status "${run_dir}/run.json")" == "running" ]]; then
    jq '.status = "failed"' "${run_dir}/run.json" >"${run_dir}/run.json.tmp" && mv "${run_dir}/run.json.tmp" "${run_dir}/run.json"
  fi
  exit "${code}"
}

on_signal() {
  local signal="$1" code="$2"
  trap '' INT TERM
  exec 1>&6 2>&7
  kit_log ""
  kit_log "interrupted (${signal}): stopping the run's calls and what it started ..."
  # the runner writes run.json "interrupted" as it ends (a run.json already complete or failed stays as it is)
  kit_stop_child
  if [[ -n "${run_dir}" ]]; then
    kit_log "partial results kept in ${run_dir#"${KIT_ROOT}/"}/ (run.json status: interrupted); rebuild the report from them: scripts/report.sh ${run_dir#"${KIT_ROOT}/"}"
  fi
  exit "${code}"
}

main() {
  # The run's own stdout and stderr, kept on fds 6 and 7: a signal can arrive while a call's output is redirected to a
  # file, and the handler's messages must still reach the terminal.
  exec 6>&1 7>&2
  if [[ " $* " == *" --help "* || " $* " == *" -h "* ]]; then
    usage
    exit 0
  fi
  kit_build_runner
  run_dir="$(kit_runner_check experiments-check "$@")"
  trap cleanup EXIT
  trap 'on_signal INT 130' INT
  trap 'on_signal TERM 143' TERM
  kit_use_region "$(setting .region)"
  make_report="$(setting .makeReport)"
  prepare_local_target
  local status=0
  kit_runner experiments-run "${run_dir}" --s3-endpoint "${s3_endpoint}" --bucket "${KIT_LOCAL_BUCKET}" || status=$?
  ((status != 130 && status != 143)) || exit "${status}"
  if [[ -n "${moto_pid}" ]]; then
    kit_kill_tree "${moto_pid}"
    moto_pid=""
  fi
  kit_local_release
  kit_finish_run "${make_report}" "${status}" \
    "calls failed (see the FAILED lines above); what was collected is in ${run_dir#"${KIT_ROOT}/"}/ and run.json says \"failed\"" \
    "${run_dir}"
}

main "$@"
