#!/usr/bin/env bash
# The kit's main job: find the experiment functions, invoke each N times cold and M times warm with its events/ payload,
# keep every raw REPORT line under results/<run-id>/, and print the tables (scripts/report.sh).
# What it knows of each technique (sizes, local defaults, the kit bucket, SnapStart) comes from scripts/lib/techniques.json,
# generated with template.yaml; the steps are named functions, called in order by main at the end.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/invoke.sh
source "${KIT_ROOT}/scripts/lib/invoke.sh"
# shellcheck source=lib/techniques.sh
source "${KIT_ROOT}/scripts/lib/techniques.sh"

# Local default cold starts per function: 4 for the talk's cold-start comparisons (the techniques whose tables compare
# cold starts, techniques.json "comparesColdStarts": a two-sided Mann-Whitney test at 0.05 can never decide with 3 per
# side; 4 per side can), 1 elsewhere (scale-up and parallel compare warm calls and are the long part of a run;
# jvm-options' cold starts are a second look), so that the default run stays within 10 minutes on 2 cores.
LOCAL_DEFAULT_COLD_COMPARED=4
LOCAL_DEFAULT_COLD_OTHER=1
# A calibration drift past this fraction is reported as a warning.
DRIFT_LIMIT="0.10"

usage() {
  cat <<TXT
Usage: scripts/run-experiments.sh [--target local|aws] [--stack NAME] [--techniques a,b] [--memory 128,1769]
                                  [--cold N] [--warm M] [--region R] [--run-id ID] [--no-report] [--help]

Invokes every experiment function N times cold (each cold start forced by updating the function's configuration) and
M times warm after each cold one, keeps the raw REPORT lines under results/<run-id>/ and prints the tables.
The functions a table compares are invoked round-robin (size after size, variant after variant, one call each per
round), so a change of the host's speed during the run hits them all alike; a fixed CPU loop timed at the start,
between techniques and at the end measures that speed (run.json "calibration").

  --target local   (default) the kit's local Lambda on 127.0.0.1:\${LOCAL_LAMBDA_PORT:-3001}. Started if it is not
                   running, and then stopped at the end by the run that started it (or by the last run still using it);
                   a local Lambda started by hand is left running. Needs no AWS account. sdk-slimming calls a local S3
                   (moto_server).
  --target aws     the functions of a deployed stack (sam deploy), with your AWS credentials.
  --stack NAME     stack to use on AWS (default: stack_name in samconfig.toml, now "$(kit_default_stack)").
  --techniques     comma-separated: $(techniques_all | sed 's/,/, /g').
                   Local default: all but $(techniques_aws_only) (AWS only). AWS default: all.
  --memory         only these memory sizes (MB); each must be a size template.yaml has for one of the techniques,
                   and each technique named in --techniques must have one of them (default techniques without
                   any are left out, e.g. --memory 128 runs scale-up and parallel). AWS default: all sizes.
                   Local default: $(techniques_local_sizes_text).
  --cold N         cold invocations per function (default locally: ${LOCAL_DEFAULT_COLD_COMPARED} for $(techniques_comparing_cold_starts),
                   whose tables compare cold starts, ${LOCAL_DEFAULT_COLD_OTHER} for the others; 3 on AWS)
  --warm M         warm invocations after each cold one (default 3 locally, 10 on AWS)
  --region R       AWS region (default: your profile's; us-east-1 locally)
  --run-id ID      name of the results folder (default: a timestamp and the target)
  --no-report      keep the raw lines only; run scripts/report.sh results/<run-id> later

Everything is checked before anything starts (sizes, techniques, tools, the stack on AWS). Ctrl-C (INT) or TERM ends
the run at once: its calls and what it started are stopped, what was collected is kept, run.json says "interrupted".

Exit status: 0 when every call succeeded; 1 when anything failed (what was collected is kept, run.json says failed);
130/143 when interrupted.
TXT
}

# --- options ------------------------------------------------------------------------------------------------------------
kit_run_option_defaults
stack=""
techniques=""
techniques_given=0

# run-experiments.sh's own options (the shared ones are kit_run_option's).
read_own_option() {
  kit_option_words=2
  case "$1" in
    --help | -h) usage; exit 0 ;;
    --stack) stack="${2:?--stack needs a name}" ;;
    --techniques) techniques="${2:?--techniques needs a list}" ;;
    *) usage >&2; kit_die "unknown argument: $1" ;;
  esac
}

parse_options() {
  kit_read_options read_own_option "$@"
  [[ -z "${techniques}" ]] || techniques_given=1
}

# --- checks: nothing is started and nothing written before they pass ---------------------------------------------------
memory_by_technique=""
cold_by_technique='{}'
max_cold=0
listing=""

# The target's defaults; the local target talks to the local Lambda with dummy credentials.
apply_target_defaults() {
  case "${target}" in
    local)
      techniques="${techniques:-$(techniques_local)}"
      if [[ -z "${memory}" ]]; then
        memory_by_technique="$(techniques_local_sizes_json)"
      fi
      warm="${warm:-3}"
      stack="${stack:-${KIT_LOCAL_STACK}}"
      region="${region:-us-east-1}"
      kit_use_local_endpoint
      ;;
    aws)
      techniques="${techniques:-$(techniques_all)}"
      cold="${cold:-3}"
      warm="${warm:-10}"
      stack="${stack:-$(kit_default_stack)}"
      ;;
    *) kit_die "--target must be local or aws, got: ${target}" ;;
  esac
}

check_numbers_and_tools() {
  if [[ ! "${cold:-0}" =~ ^[0-9]+$ || ! "${warm}" =~ ^[0-9]+$ ]]; then
    kit_die "--cold and --warm take whole numbers"
  fi
  [[ -z "${memory}" || "${memory}" =~ ^[0-9]+(,[0-9]+)*$ ]] || kit_die "--memory takes sizes in MB like 128,1769"
  kit_use_region "${region}"
  local -a tools=(aws jq curl)
  if [[ "${target}" == "local" ]]; then
    tools+=(java javac flock)
  fi
  kit_require_tools "${tools[@]}"
}

# Every technique named is in techniques.json and has its event; locally, the AWS-only ones are left out (with a note).
check_techniques() {
  local t because kept=()
  local -a technique_list
  IFS=',' read -r -a technique_list <<<"${techniques}"
  for t in "${technique_list[@]}"; do
    if [[ -z "${t}" ]] || ! technique_is_known "${t}"; then
      kit_die "unknown technique '${t}' (known: $(techniques_all | sed 's/,/, /g'); see scripts/lib/techniques.json)"
    fi
    [[ -f "${KIT_EVENTS_DIR}/${t}.json" ]] || kit_die "technique '${t}' has no event: ${KIT_EVENTS_DIR}/${t}.json"
  done
  [[ "${target}" == "local" ]] || return 0
  for t in "${technique_list[@]}"; do
    because="$(technique_aws_only_because "${t}")"
    if [[ -n "${because}" ]]; then
      kit_log "note: ${t} runs on AWS only (${because}); skipped locally"
    else
      kept+=("${t}")
    fi
  done
  if ((${#kept[@]} < ${#technique_list[@]})); then
    techniques="$(IFS=,; echo "${kept[*]}")"
    [[ -n "${techniques}" ]] || kit_die "nothing left to run locally without $(techniques_aws_only)"
  fi
}

# --memory: each size must be deployed for one of the techniques; a technique named in --techniques must have one of
# them, one that is there by default and has none is left out.
check_memory() {
  [[ -n "${memory}" ]] || return 0
  local valid valid_text m t list hit kept=()
  valid="$(techniques_sizes "${techniques}")"
  valid_text="$(awk '{ printf "%s%s: %s", (NR > 1 ? "; " : ""), $1, ($2 == "" ? "none" : $2) }' <<<"${valid}")"
  for m in ${memory//,/ }; do
    awk -v m="${m}" '{ n = split($2, s, ","); for (i = 1; i <= n; i++) if (s[i] == m) found = 1 } END { exit !found }' \
      <<<"${valid}" || kit_die "--memory ${m}: no function of ${techniques} has ${m} MB; the sizes in template.yaml are ${valid_text}"
  done
  while read -r t list; do
    hit=0
    for m in ${memory//,/ }; do
      [[ ",${list}," == *",${m},"* ]] && hit=1
    done
    if ((hit)); then
      kept+=("${t}")
    elif ((techniques_given)); then
      kit_die "--memory ${memory}: ${t} has none of these sizes; the sizes in template.yaml are ${valid_text}"
    else
      kit_log "note: ${t} left out: it has none of the sizes ${memory} (it has ${list:-none})"
    fi
  done <<<"${valid}"
  techniques="$(IFS=,; echo "${kept[*]}")"
}

check_local_s3() {
  local bucket_techniques
  [[ "${target}" == "local" ]] || return 0
  bucket_techniques="$(techniques_listing_bucket "${techniques}")"
  if [[ -n "${bucket_techniques}" ]]; then
    command -v moto_server >/dev/null 2>&1 ||
      kit_die "${bucket_techniques//,/, } needs moto_server locally (pip install 'moto[server]')"
  fi
}

# cold starts of a technique: --cold, or the local default
cold_of() {
  if [[ -n "${cold}" ]]; then
    echo "${cold}"
  elif technique_compares_cold_starts "$1"; then
    echo "${LOCAL_DEFAULT_COLD_COMPARED}"
  else
    echo "${LOCAL_DEFAULT_COLD_OTHER}"
  fi
}

declare -A cold_count=()
plan_cold_starts() {
  local t
  for t in ${techniques//,/ }; do
    cold_count[${t}]="$(cold_of "${t}")"
  done
  cold_by_technique="$(for t in ${techniques//,/ }; do printf '%s\t%s\n' "${t}" "${cold_count[${t}]}"; done |
    jq -Rn '[inputs | split("\t") | {key: .[0], value: (.[1] | tonumber)}] | from_entries')"
  max_cold="$(jq '[.[]] | max // 0' <<<"${cold_by_technique}")"
  ((max_cold + warm > 0)) || kit_die "nothing to do: --cold and --warm are both 0"
}

# On AWS the stack is checked before anything is written: its functions must be there.
check_stack_on_aws() {
  local others
  [[ "${target}" == "aws" ]] || return 0
  listing="$(kit_aws lambda list-functions --output json)" || kit_die "list-functions failed (credentials? region?)"
  if ! jq -e --arg s "${stack}" 'any(.Functions[]; .Environment.Variables.KIT_STACK == $s)' <<<"${listing}" >/dev/null; then
    others="$(jq -r '[.Functions[] | .Environment.Variables.KIT_STACK // empty] | unique | join(", ")' <<<"${listing}")"
    kit_die "no functions of stack '${stack}' in ${AWS_DEFAULT_REGION:-your default region}; deployed? (sam deploy)${others:+; stacks with kit functions there: ${others}}"
  fi
}

# --- the run's state, and its record run.json ------------------------------------------------------------------------------
run_dir=""
started_ms=""
started_at=""
final_written=0
failures=0
moto_pid=""
s3_endpoint=""
local_info='{}'
calibration_samples='[]'
calibration_method=""
calibration_dir=""
token=""
lease_file=""

start_run_folder() {
  run_id="${run_id:-$(date -u +%Y%m%dT%H%M%SZ)-${target}}"
  run_dir="${KIT_ROOT}/results/${run_id}"
  [[ ! -e "${run_dir}" ]] || kit_die "results/${run_id} exists already; pick another --run-id"
  mkdir -p "${run_dir}/raw" "${run_dir}/responses"
  started_ms="$(kit_now_ms)"
  started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  # this run's token: marks the local Lambda it starts, and its use of one (a lease file while it runs)
  token="run-$$-${run_id}"
}

write_run_json() {
  local status="$1"
  jq -n --arg runId "${run_id}" --arg startedAt "${started_at}" --arg target "${target}" --arg stack "${stack}" \
    --arg region "${AWS_DEFAULT_REGION:-$(aws configure get region 2>/dev/null || true)}" \
    --argjson host "$(kit_host_json)" \
    --argjson info "${local_info}" --argjson cold "${max_cold}" --argjson coldBy "${cold_by_technique}" \
    --argjson warm "${warm}" --arg techniques "${techniques}" --arg memory "${memory}" --arg status "${status}" \
    --argjson failures "${failures}" --slurpfile functions <(cat "${run_dir}/functions.json" 2>/dev/null || echo '[]') \
    --arg method "${calibration_method}" --argjson samples "${calibration_samples}" \
    --arg finishedAt "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${KIT_JQ_RUN_FACTS}"'
    {runId: $runId, startedAt: $startedAt, finishedAt: $finishedAt, target: $target, stack: $stack, region: $region,
     machine: machine($info; $host),
     cpuLimitMode: (if $target == "local" then ($info.cpuLimitMode // "unknown") else "lambda" end)}
    + (if $target == "local" and ($info | has("initCpuMode")) then {initCpuMode: $info.initCpuMode} else {} end)
    + (if $target == "local" and ($info | has("cpuKeeper")) then {cpuKeeper: $info.cpuKeeper} else {} end)
    + {jdk: (if $target == "local" then local_jdks($info) else ([$functions[0][]? | .runtime] | unique | join(", ")) end),
     cold: $cold, coldByTechnique: $coldBy, warm: $warm, order: "round-robin", techniques: ($techniques | split(",")),
     memory: (if $memory == "" then [$functions[0][]? | .memoryMB] | unique else ($memory | split(",") | map(tonumber)) end),
     calibration: {method: $method, samples: $samples,
                   drift: (if ($samples | length) > 1 then ([$samples[].ms] | (max - min) / min) else null end)},
     failures: $failures, status: $status}' >"${run_dir}/run.json.tmp"
  mv "${run_dir}/run.json.tmp" "${run_dir}/run.json"
}

fail() {
  failures=$((failures + 1))
  kit_log "FAILED: $*"
}

# --- sharing the local Lambda with other runs -----------------------------------------------------------------------------
lock_file="${KIT_LOCAL_STATE_DIR}/lifecycle.lock"
runs_dir="${KIT_LOCAL_STATE_DIR}/runs"

# Takes the local Lambda lock on fd 8 (who starts, adopts or stops the server is decided under it).
take_lock() {
  mkdir -p "${KIT_LOCAL_STATE_DIR}"
  exec 8>"${lock_file}"
  if ! flock -n 8; then
    kit_log "another run is starting or stopping the local Lambda in ${KIT_LOCAL_STATE_DIR}; waiting for it ..."
    flock -w "${1}" 8 || return 1
  fi
}

release_lock() {
  flock -u 8 2>/dev/null || true
  exec 8>&-
}

# Other runs using the local Lambda now (lease files whose process lives): "token pid" lines.
other_runs() {
  local f pid
  for f in "${runs_dir}"/*; do
    [[ -f "${f}" && "${f}" != "${lease_file}" ]] || continue
    pid="$(cat "${f}" 2>/dev/null || true)"
    if [[ -n "${pid}" ]] && kill -0 "${pid}" 2>/dev/null; then
      printf '%s %s\n' "$(basename "${f}")" "${pid}"
    else
      rm -f "${f}"
    fi
  done
}

# At the end: leave the local Lambda to a run still using it, or stop it if this run owns it and none is left.
release_server() {
  [[ -n "${lease_file}" ]] || return 0
  take_lock 120 || { kit_log "warning: could not take ${lock_file}; the local Lambda is left running"; return 0; }
  rm -f "${lease_file}"
  local server_pid next
  server_pid="$(cat "${KIT_LOCAL_STATE_DIR}/server.pid" 2>/dev/null || true)"
  # ownership is what server.owner says now: this run may have started the server, taken it over from a run that
  # is gone, or been handed it by the run that started it
  if [[ -n "${server_pid}" && "$(cat "${KIT_LOCAL_STATE_DIR}/server.owner" 2>/dev/null || true)" == "${server_pid} ${token}" ]]; then
    next="$(other_runs | head -n 1)"
    if [[ -n "${next}" ]]; then
      echo "${server_pid} ${next%% *}" >"${KIT_LOCAL_STATE_DIR}/server.owner"
      kit_log "the local Lambda (pid ${server_pid}) stays up: run pid ${next##* } still uses it and stops it when done"
    else
      "${KIT_ROOT}/scripts/local-lambda.sh" stop --owner "${token}" >&2 8>&- || true
    fi
  fi
  release_lock
}

# Under the lock: start the local Lambda (marked as this run's), or use the one running; register this run's use.
start_or_share_local_lambda() {
  local -a start_args=("$@")
  local server_pid owner others owner_token owner_run_pid
  take_lock "${LOCAL_LAMBDA_START_TIMEOUT:-900}" || kit_die "timed out waiting for ${lock_file}"
  mkdir -p "${runs_dir}"
  lease_file="${runs_dir}/${token}"
  echo "$$" >"${lease_file}"
  if ! kit_local_lambda_answers; then
    kit_log "starting the local Lambda on port ${KIT_LOCAL_PORT} (the first start builds the functions) ..."
    # not in a subshell: a signal must find the start in KIT_CHILD to stop it (and the server it is starting)
    cd "${KIT_ROOT}"
    kit_wait env LOCAL_LAMBDA_PORT="${KIT_LOCAL_PORT}" LOCAL_LAMBDA_OWNER="${token}" \
      scripts/local-lambda.sh start "${start_args[@]}" >&2 6>&- 7>&- 8>&- ||
      kit_die "the local Lambda did not start (see ${KIT_LOCAL_STATE_DIR}/server.log)"
    cd - >/dev/null
  else
    server_pid="$(cat "${KIT_LOCAL_STATE_DIR}/server.pid" 2>/dev/null || true)"
    owner="$(cat "${KIT_LOCAL_STATE_DIR}/server.owner" 2>/dev/null || true)"
    others="$(other_runs)"
    owner_token="${owner#* }"
    owner_run_pid="$(sed -n 's/^run-\([0-9]*\)-.*/\1/p' <<<"${owner_token}")"
    if [[ -n "${owner}" && "${owner%% *}" == "${server_pid}" && -n "${owner_run_pid}" && -z "${others}" ]] &&
      ! kill -0 "${owner_run_pid}" 2>/dev/null; then
      # started by a run that is gone (killed): this run takes it over and stops it at the end
      echo "${server_pid} ${token}" >"${KIT_LOCAL_STATE_DIR}/server.owner"
      kit_log "using the local Lambda on port ${KIT_LOCAL_PORT} (pid ${server_pid}) that a finished run left; stopped at the end"
    else
      kit_log "using the local Lambda already running on port ${KIT_LOCAL_PORT}${server_pid:+ (pid ${server_pid})}; this run leaves it running"
    fi
    if [[ -n "${others}" ]]; then
      kit_log "warning: another run (pid $(awk '{print $2}' <<<"${others}" | paste -sd, -)) uses this local Lambda now:" \
        "both runs' calls share the CPUs and the functions, so the timings of both are disturbed"
    fi
  fi
  release_lock
}

# --- ending: normally, after a failure, or on a signal ------------------------------------------------------------------
cleanup() {
  local code=$?
  trap '' INT TERM
  exec 1>&6 2>&7
  if ((code != 0 && !final_written)) && [[ -d "${run_dir}" ]]; then
    write_run_json failed 2>/dev/null || true
  fi
  if [[ -n "${KIT_CHILD}" ]]; then
    kit_kill_tree "${KIT_CHILD}"
  fi
  if [[ -n "${moto_pid}" ]]; then
    kit_kill_tree "${moto_pid}"
  fi
  release_server
  # anything else this script still has running (a command substitution's aws call, a sleep)
  local child
  for child in $(ps -o pid= --ppid "$$" 2>/dev/null); do
    kit_kill_tree "${child}"
  done
  if [[ -n "${calibration_dir}" ]]; then
    rm -rf "${calibration_dir}"
  fi
  remove_call_files
  rm -f "${run_dir}/run.json.tmp"
  exit "${code}"
}

on_signal() {
  local signal="$1" code="$2"
  trap '' INT TERM
  exec 1>&6 2>&7
  kit_log ""
  kit_log "interrupted (${signal}): stopping the run's calls and what it started ..."
  if [[ -n "${KIT_CHILD}" ]]; then
    kit_kill_tree "${KIT_CHILD}"
  fi
  # (once the calls are done and run.json says complete or failed, an interrupted report leaves it as it is)
  if ((!final_written)); then
    write_run_json interrupted 2>/dev/null || true
    final_written=1
  fi
  kit_log "partial results kept in results/${run_id}/ (run.json status: interrupted); rebuild the report from them: scripts/report.sh results/${run_id}"
  exit "${code}"
}

# The scratch files of the calls (kit_invoke's and update_environment's).
remove_call_files() {
  rm -f "${run_dir}/.out.json" "${run_dir}/.meta.json" "${run_dir}/.err" "${run_dir}/.env.json"
}

# --- host-speed calibration ---------------------------------------------------------------------------------------------
compile_calibration() {
  calibration_dir="$(mktemp -d)"
  if kit_wait javac -d "${calibration_dir}" "${KIT_ROOT}/scripts/lib/Calibrate.java" 2>"${run_dir}/.err"; then
    calibration_method="$(java -cp "${calibration_dir}" Calibrate --method)"
  else
    kit_log "warning: scripts/lib/Calibrate.java did not compile ($(tr '\n' ' ' <"${run_dir}/.err")); no calibration"
    rm -rf "${calibration_dir}"
    calibration_dir=""
  fi
}

calibrate() {
  local label="$1" ms
  [[ -n "${calibration_dir}" ]] || return 0
  if ms="$(kit_wait java -XX:TieredStopAtLevel=1 -Xshare:auto -cp "${calibration_dir}" Calibrate)" && [[ "${ms}" =~ ^[0-9.]+$ ]]; then
    calibration_samples="$(jq -c --arg l "${label}" --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --argjson ms "${ms}" \
      '. + [{label: $l, at: $at, ms: $ms}]' <<<"${calibration_samples}")"
    kit_log "host speed (${label}): calibration loop ${ms} ms$(jq -r '[.[].ms] | if length > 1 then
      " (first \(.[0]) ms, \((((.[-1] - .[0]) / .[0]) * 100) | round)% since)" else "" end' <<<"${calibration_samples}")"
  else
    kit_log "warning: the calibration loop failed at ${label}"
  fi
}

# --- local stand-ins --------------------------------------------------------------------------------------------------
# A moto_server S3 with the kit bucket, for the techniques that list it. Prints the server's SAM --env-vars arguments
# (one entry per such function of the template: used when this run starts the local Lambda; a running one gets the same
# variables through update-function-configuration) into env_vars_args.
env_vars_args=()
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
    kit_die "could not create the local S3 bucket (see results/${run_id}/moto.log)"
  techniques_bucket_functions |
    jq -Rn --arg e "${s3_endpoint}" --arg b "${KIT_LOCAL_BUCKET}" \
      '[inputs | {key: ., value: {S3_ENDPOINT: $e, BUCKET_NAME: $b}}] | from_entries' >"${run_dir}/env-vars.json"
  env_vars_args=(--env-vars "${run_dir}/env-vars.json")
}

prepare_local_target() {
  [[ "${target}" == "local" ]] || return 0
  if [[ -n "$(techniques_listing_bucket "${techniques}")" ]]; then
    start_local_s3
  fi
  start_or_share_local_lambda "${env_vars_args[@]}"
  local_info="$(kit_local_info)" || exit 1
  listing="$(kit_aws lambda list-functions --output json)" || kit_die "list-functions failed"
}

# --- find the functions, plan the rounds ------------------------------------------------------------------------------
total=0
total_calls=0
declare -A technique_of=() bucket_of=() alias_of=()

find_functions() {
  jq --arg stack "${stack}" --arg techniques "${techniques}" --arg memory "${memory}" \
    --argjson bt "${memory_by_technique:-null}" '
    ($techniques | split(",")) as $t
    | (if $memory == "" then null else ($memory | split(",") | map(tonumber)) end) as $m
    | [.Functions[]
       | select(.Environment.Variables.KIT_STACK == $stack)
       | select(.Environment.Variables.KIT_TECHNIQUE as $x | $t | index($x))
       | select($m == null or (.MemorySize as $x | $m | index($x)))
       | select($bt == null or (.MemorySize as $x | ($bt[.Environment.Variables.KIT_TECHNIQUE] // []) | index($x)))
       | {name: .FunctionName, technique: .Environment.Variables.KIT_TECHNIQUE,
          variant: (.Environment.Variables.KIT_VARIANT // "default"), memoryMB: .MemorySize,
          architecture: ((.Architectures // ["x86_64"])[0]), runtime: .Runtime, codeSize: .CodeSize,
          logGroup: (.LoggingConfig.LogGroup // ("/aws/lambda/" + .FunctionName)),
          environment: (.Environment.Variables // {})}]
    | sort_by(.technique, .variant, .memoryMB)' <<<"${listing}" >"${run_dir}/.functions.json"
  jq 'map(del(.environment))' "${run_dir}/.functions.json" >"${run_dir}/functions.json"
  total="$(jq 'length' "${run_dir}/functions.json")"
  if ((total == 0)); then
    write_run_json failed
    kit_die "no functions of stack '${stack}' for techniques ${techniques} (memory: ${memory:-any}); deployed? (sam deploy)"
  fi
}

# Round-robin groups, in the talk's order: the cells one table compares (techniques.json "roundRobinGroup": scale-up and
# parallel share one, the parallel table divides by scale-up). Within a group: size after size, variant after variant.
plan_rounds() {
  local fn technique variant mem bucket order group alias
  # columns: group order, group, memory, technique, variant, function, cold starts, lists the bucket, SnapStart alias
  techniques_plan_rows <"${run_dir}/functions.json" |
    while IFS=$'\t' read -r fn technique variant mem bucket order group alias; do
      printf '%02d\t%s\t%06d\t%s\t%s\t%s\t%s\t%s\t%s\n' "${order}" "${group}" "${mem}" "${technique}" "${variant}" "${fn}" \
        "${cold_count[${technique}]}" "${bucket}" "${alias}"
    done | sort -t $'\t' -k1,1n -k2,2 -k3,3n -k4,4 -k5,5 >"${run_dir}/.plan.tsv"
  while IFS=$'\t' read -r _ _ _ technique _ fn _ bucket alias; do
    technique_of[${fn}]="${technique}"
    bucket_of[${fn}]="${bucket}"
    alias_of[${fn}]="${alias}"
  done <"${run_dir}/.plan.tsv"
  total_calls="$(awk -F'\t' -v w="${warm}" '{ c = $7; total += (c > 0 ? c * (1 + w) : w) } END { print total + 0 }' "${run_dir}/.plan.tsv")"
  kit_log "run ${run_id}: ${total} functions, $(jq -c . <<<"${cold_by_technique}" | tr -d '"{}' | sed 's/,/, /g') cold each" \
    "(+ ${warm} warm after each cold, round-robin), ${total_calls} calls on ${target} -> results/${run_id}/"
}

# --- invoke -----------------------------------------------------------------------------------------------------------
# Merges extra variables into a function's environment; any configuration update gives it new execution environments,
# which is how a cold start is forced without publishing versions.
update_environment() {
  local fn="$1" extra="$2" status
  jq -c --arg fn "${fn}" --argjson extra "${extra}" '.[] | select(.name == $fn) | {Variables: (.environment + $extra)}' \
    "${run_dir}/.functions.json" >"${run_dir}/.env.json"
  status="$(kit_aws lambda update-function-configuration --function-name "${fn}" \
    --environment "file://${run_dir}/.env.json" --query LastUpdateStatus --output text)" || return 1
  # AWS answers InProgress and needs the wait; the local Lambda has applied it already (Successful)
  if [[ "${status}" != "Successful" ]]; then
    kit_aws lambda wait function-updated --function-name "${fn}" || return 1
  fi
}

# One invocation; appends its tail log and response; sets last_report to what its REPORT line says ("failed" when it
# failed). Called directly (not in $(...)) so that fail() counts in this shell.
last_report=""
invoke_once() {
  local fn="$1" phase="$2" qualifier="$3" duration init
  local -a args=()
  last_report="failed"
  if [[ -n "${qualifier}" ]]; then
    args+=(--qualifier "${qualifier}")
  fi
  if ! kit_invoke "${run_dir}" "${fn}" "${KIT_EVENTS_DIR}/${technique_of[${fn}]}.json" "${args[@]}"; then
    fail "${fn} ${phase}: $(kit_invoke_failure "${run_dir}")"
    jq -cn --arg phase "${phase}" --rawfile err "${run_dir}/.err" \
      '{phase: $phase, status: null, functionError: "InvokeFailed", payload: $err}' >>"${run_dir}/responses/${fn}.jsonl"
    return 0
  fi
  printf '%s\n' "${KIT_INVOKE_TAIL}" | sed '/^$/d' >>"${run_dir}/raw/${fn}.tail.log"
  # the payload as JSON when it is JSON, else as a string
  jq -cn --arg phase "${phase}" --arg status "${KIT_INVOKE_STATUS}" --arg error "${KIT_INVOKE_ERROR}" \
    --rawfile body "${run_dir}/.out.json" '
    {phase: $phase, status: ($status | tonumber? // null), functionError: (if $error == "" then null else $error end),
     payload: ($body | fromjson? // $body)}' >>"${run_dir}/responses/${fn}.jsonl"
  duration="$(kit_report_duration <<<"${KIT_INVOKE_TAIL}")"
  init="$(kit_report_init <<<"${KIT_INVOKE_TAIL}")"
  if [[ -n "${init}" ]]; then
    last_report="${init% *} ${init#* } ms + Duration ${duration:-?} ms"
  elif [[ "${phase}" == "cold" ]]; then
    last_report="Duration ${duration:-?} ms (no Init Duration: the environment was not new)"
  else
    last_report="${duration:-?} ms"
  fi
  if [[ -n "${KIT_INVOKE_ERROR}" ]]; then
    fail "${fn} ${phase}: function error ${KIT_INVOKE_ERROR}: $(head -c 300 "${run_dir}/.out.json")"
    last_report="${last_report}, function error"
  fi
  return 0
}

# p50 (nearest rank) of numbers on stdin, one a line; empty when none
p50() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR > 0) { r = int((NR + 1) / 2); printf "%.2f", v[r] } }'
}

# One line per function: the p50s of its cell so far (from its tail log).
cell_summary() {
  local fn="$1" f="${run_dir}/raw/$1.tail.log" reports cold_init cold_dur warm_dur n_cold n_warm
  reports="$(grep 'REPORT RequestId' "${f}" 2>/dev/null || true)"
  # (|| true: a cell without cold or warm calls has no such lines, and grep's status must not end the run)
  cold_init="$(grep -E 'Init Duration|Restore Duration' <<<"${reports}" |
    sed -n 's/.*\(Init\|Restore\) Duration: \([0-9.]*\) ms.*/\2/p' | p50 || true)"
  cold_dur="$(grep -E 'Init Duration|Restore Duration' <<<"${reports}" |
    sed -n 's/.*\tDuration: \([0-9.]*\) ms.*/\1/p' | p50 || true)"
  warm_dur="$(grep 'REPORT RequestId' <<<"${reports}" | grep -vE 'Init Duration|Restore Duration' |
    sed -n 's/.*\tDuration: \([0-9.]*\) ms.*/\1/p' | p50 || true)"
  n_cold="$(grep -cE 'Init Duration|Restore Duration' <<<"${reports}" || true)"
  n_warm="$(grep 'REPORT RequestId' <<<"${reports}" | grep -vcE 'Init Duration|Restore Duration' || true)"
  kit_log "  = ${fn}: cold Init p50 ${cold_init:--} ms, first call p50 ${cold_dur:--} ms (n=${n_cold:-0}); warm p50 ${warm_dur:--} ms (n=${n_warm:-0})"
}

calls_done=0
invoke_started=0
progress() {
  calls_done=$((calls_done + 1))
  local elapsed left=""
  elapsed=$(($(date +%s) - invoke_started))
  # an estimate from the calls so far: shown once the run has gone long enough for it to mean something
  if ((elapsed >= 30 && calls_done < total_calls)); then
    left=$((elapsed * (total_calls - calls_done) / calls_done))
    left=", about $((left / 60))m$(printf '%02d' $((left % 60)))s left"
  fi
  kit_log "[${calls_done}/${total_calls}${left}] $*"
}

declare -A qualifier_of=() version_of=()

# Forces one cold start of a function and makes it: a configuration update (with the local S3's variables for a function
# that lists the bucket), and for a SnapStart variant (one with an alias) a version published for it (SnapStart restores
# only published versions), invoked by its number and deleted after the chunk's rounds (no sprawl).
cold_start() {
  local fn="$1" round="$2" rounds="$3" extra='{}' v
  if [[ "${target}" == "local" && "${bucket_of[${fn}]}" == "true" ]]; then
    extra="$(jq -cn --arg e "${s3_endpoint}" --arg b "${KIT_LOCAL_BUCKET}" '{S3_ENDPOINT: $e, BUCKET_NAME: $b}')"
  fi
  qualifier_of[${fn}]="${alias_of[${fn}]}"
  version_of[${fn}]=""
  if ! update_environment "${fn}" "$(jq -c --arg t "${run_id}-${round}" '. + {KIT_COLD_START: $t}' <<<"${extra}")"; then
    fail "${fn}: could not update its configuration to force a cold start"
    return 0
  fi
  if [[ -n "${qualifier_of[${fn}]}" ]]; then
    if v="$(kit_aws lambda publish-version --function-name "${fn}" --query Version --output text)"; then
      kit_aws lambda wait function-active-v2 --function-name "${fn}" --qualifier "${v}" 2>/dev/null || true
      version_of[${fn}]="${v}"
      qualifier_of[${fn}]="${v}"
    else
      fail "${fn}: publish-version failed"
      return 0
    fi
  fi
  invoke_once "${fn}" cold "${qualifier_of[${fn}]}"
  progress "${fn} cold ${round}/${rounds}: ${last_report}"
}

delete_published_version() {
  local fn="$1"
  if [[ -n "${version_of[${fn}]:-}" ]]; then
    kit_aws lambda delete-function --function-name "${fn}" --qualifier "${version_of[${fn}]}" >/dev/null ||
      fail "${fn}: could not delete version ${version_of[${fn}]}"
    version_of[${fn}]=""
  fi
}

# Runs one chunk of a group round-robin: per cold round, every function's forced cold start, then warm rounds.
run_chunk() {
  local rounds="$1" fn c w
  shift
  local -a fns=("$@")
  for c in $(seq 1 "$((rounds > 0 ? rounds : 1))"); do
    if ((rounds > 0)); then
      for fn in "${fns[@]}"; do
        cold_start "${fn}" "${c}" "${rounds}"
      done
    fi
    for w in $(seq 1 "${warm}"); do
      for fn in "${fns[@]}"; do
        invoke_once "${fn}" warm "${qualifier_of[${fn}]:-}"
        progress "${fn}   warm ${w}/${warm}: ${last_report}"
      done
    done
    for fn in "${fns[@]}"; do
      delete_published_version "${fn}"
    done
  done
  for fn in "${fns[@]}"; do
    cell_summary "${fn}"
  done
}

# Every group in turn, the host's speed timed between them. A group is cut into chunks of at most max_envs functions,
# so that every function keeps its warm environment between rounds (the local Lambda recycles the least recently used
# idle one past --max-environments).
run_groups() {
  local max_envs groups group first_group=1 rounds i
  local -a group_fns
  max_envs="$(jq -r '.maxEnvironments // empty' <<<"${local_info}")"
  max_envs="${max_envs:-1000}"
  invoke_started="$(date +%s)"
  groups="$(cut -f2 "${run_dir}/.plan.tsv" | awk '!seen[$0]++')"
  while IFS= read -r group; do
    [[ -n "${group}" ]] || continue
    if ((!first_group)); then
      calibrate "before ${group}"
    fi
    first_group=0
    mapfile -t group_fns < <(awk -F'\t' -v g="${group}" '$2 == g { print $6 }' "${run_dir}/.plan.tsv")
    rounds="$(awk -F'\t' -v g="${group}" '$2 == g { print $7; exit }' "${run_dir}/.plan.tsv")"
    kit_log "--- ${group}: ${#group_fns[@]} functions round-robin, ${rounds} cold + ${warm} warm after each"
    for ((i = 0; i < ${#group_fns[@]}; i += max_envs)); do
      run_chunk "${rounds}" "${group_fns[@]:i:max_envs}"
    done
  done <<<"${groups}"
}

# --- collect the log lines -------------------------------------------------------------------------------------------
# Expect as many REPORT lines as the invocations that reached the function (their tail logs show one each). On AWS the
# logs arrive with a lag: retry until they are all there or KIT_LOGS_TIMEOUT seconds (default 120) have passed.
collect_logs() {
  local fn group file expected deadline wait_for_all=1
  if [[ "${target}" == "local" ]]; then
    wait_for_all=0
    kit_log "reading the REPORT lines back from the local Lambda's log store (its CloudWatch Logs API), to cross-check the tail logs ..."
  else
    kit_log "collecting REPORT lines from CloudWatch Logs ..."
  fi
  deadline=$(($(date +%s) + ${KIT_LOGS_TIMEOUT:-120}))
  while IFS=$'\t' read -r fn group <&3; do
    file="${run_dir}/raw/${fn}.cloudwatch.json"
    expected="$(grep -c 'REPORT RequestId' "${run_dir}/raw/${fn}.tail.log" 2>/dev/null || true)"
    if ! kit_fetch_reports "${group}" "${started_ms}" "${expected:-0}" "${deadline}" "${wait_for_all}" "${file}.tmp" "${fn}: "; then
      fail "${fn}: filter-log-events on ${group}: $(tr '\n' ' ' <"${file}.tmp.err")"
    elif [[ "${target}" == "local" ]]; then
      # a run sharing the local Lambda invokes the same functions: keep this run's REPORT lines (its request ids)
      grep -o 'REPORT RequestId: [^[:space:]]*' "${run_dir}/raw/${fn}.tail.log" 2>/dev/null | awk '{print $3}' |
        jq -Rn --slurpfile cw "${file}.tmp" '[inputs] as $ids | $cw[0] | .events |= map(select(
          (.message | test("REPORT RequestId: ") | not)
          or ((.message | capture("REPORT RequestId: (?<id>[^\\s]+)").id) as $id | $ids | index($id))))' >"${file}"
    else
      mv "${file}.tmp" "${file}"
    fi
    rm -f "${file}.tmp" "${file}.tmp.err"
  done 3< <(jq -r '.[] | [.name, .logGroup] | @tsv' "${run_dir}/functions.json")
  rm -f "${run_dir}/.functions.json"
}

# --- the end ----------------------------------------------------------------------------------------------------------
finish_run() {
  local status="complete" drift
  ((failures == 0)) || status="failed"
  write_run_json "${status}"
  final_written=1
  kit_log "raw lines kept in results/${run_id}/ (status: ${status}, ${failures} failure(s))"
  drift="$(jq -r '.calibration.drift // empty' "${run_dir}/run.json")"
  if [[ -n "${drift}" ]] && jq -e --argjson d "${drift}" --argjson l "${DRIFT_LIMIT}" -n '$d > $l' >/dev/null; then
    kit_log "WARNING: the host's speed drifted $(jq -rn --argjson d "${drift}" '$d * 100 | round')% during this run" \
      "(calibration loop $(jq -r '[.calibration.samples[].ms] | "\(min)-\(max)"' "${run_dir}/run.json") ms): differences" \
      "of that size between cells are not the functions' doing; re-run on a quiet machine before drawing conclusions"
  fi
  kit_finish_run "${make_report}" "${failures}" "${failures} call(s) failed (see the FAILED lines above); what was collected is in results/${run_id}/ and run.json says \"failed\"" \
    "${run_dir}"
}

main() {
  # The run's own stdout and stderr, kept on fds 6 and 7: a signal can arrive while a call's output is redirected to a
  # file, and the handler's messages must still reach the terminal.
  exec 6>&1 7>&2
  parse_options "$@"
  apply_target_defaults
  check_numbers_and_tools
  check_techniques
  check_memory
  check_local_s3
  plan_cold_starts
  check_stack_on_aws

  start_run_folder
  trap cleanup EXIT
  trap 'on_signal INT 130' INT
  trap 'on_signal TERM 143' TERM
  compile_calibration
  calibrate start
  prepare_local_target
  find_functions
  plan_rounds
  write_run_json running
  run_groups
  calibrate end
  remove_call_files
  rm -f "${run_dir}/.plan.tsv"
  collect_logs
  finish_run
}

main "$@"
