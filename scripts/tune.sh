#!/usr/bin/env bash
# Tunes one Java function of any SAM template (locally) or one deployed function (on AWS): for each memory size it sets
# MemorySize with update-function-configuration, forces the cold starts, runs the warm invocations, keeps every raw
# REPORT line and response under results/<run-id>/ and prints the tables (scripts/report.sh). On AWS the function's
# original configuration (MemorySize, Environment) is restored at the end, also after a failure or Ctrl-C.
# The steps are named functions, called in order by main at the end; the invocation and the CloudWatch Logs query are
# scripts/lib/invoke.sh's, shared with run-experiments.sh.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/invoke.sh
source "${KIT_ROOT}/scripts/lib/invoke.sh"

LOCAL_DEFAULT_MEMORY="128,256,512,1024,1769,3008"
AWS_DEFAULT_MEMORY="128,256,512,1024,1536,1769,2048,3008"

usage() {
  cat <<TXT
Usage: scripts/tune.sh --template FILE --function LOGICAL_ID --payload FILE [--payload FILE@WEIGHT ...] [options]
       scripts/tune.sh --target aws --function-name NAME --payload FILE [--payload FILE@WEIGHT ...] [options]

For each memory size: set MemorySize (update-function-configuration, as on AWS), force N cold starts (a configuration
change gives the function new execution environments), run M warm invocations after each, keep the REPORT lines (Tail
and CloudWatch Logs) and every response, then report per size: cold Init and first call, warm p50/p90, cost per
invocation and per 1M (INIT billed on cold starts, request charge, architecture price), the recommended size per
strategy, a duration/cost chart, report.html and report/power-tuning.json (AWS Lambda Power Tuning's output shape).

  --target local     (default) the kit's local Lambda on 127.0.0.1:\${LOCAL_LAMBDA_PORT:-3001}, started on --template
                     (its CodeUri built with its own pom, as sam build does) and stopped at the end; a local Lambda
                     already running on that port is used if it serves the function. No AWS account needed.
  --template FILE    the SAM template (local target)
  --function ID      the function's logical id in the template (local target)
  --target aws       a deployed function, with your AWS credentials
  --function-name N  its name or ARN (aws target)
  --payload FILE     the event (JSON) to send; repeat with FILE@WEIGHT for weighted payloads (relative integer weights,
                     as Power Tuning's): each size gets the same interleaved sequence of payloads
  --memory LIST      memory sizes in MB, 128-10240 (local default ${LOCAL_DEFAULT_MEMORY}, aws ${AWS_DEFAULT_MEMORY})
  --cold N           cold starts per size (default 1 locally, 3 on AWS)
  --warm M           warm invocations after each cold start (default 5 locally, 10 on AWS)
  --strategy S       cost | speed | balanced: the pick written to power-tuning.json (default balanced; the report shows all three)
  --weight W         balanced weight, 0 (speed) to 1 (cost) (default 0.5)
  --region R         AWS region (default: your profile's; us-east-1 locally)
  --run-id ID        name of the results folder (default: a timestamp, "tune" and the target)
  --no-report        keep the raw lines only; run scripts/report.sh results/<run-id> later

IAM permissions for --target aws (on the function, and on its log group for the logs):
  lambda:GetFunctionConfiguration, lambda:UpdateFunctionConfiguration, lambda:InvokeFunction, logs:FilterLogEvents
The function is changed while it runs (MemorySize, plus one environment variable KIT_TUNE_COLD_START that forces cold
starts): tune a function no one else calls, e.g. in a test stack. Its original MemorySize and Environment are put back at
the end, also after an error or Ctrl-C; run.json says whether the restore succeeded.

Exit status: 0 when every call succeeded; 1 when any failed (a function error fails its size's cell, the sweep goes on;
what was collected is kept and reported); 2 on bad input (nothing was started or changed); 130 after Ctrl-C.
TXT
}

bad_input() {
  printf 'error: %s\n' "$*" >&2
  exit 2
}

# --- options ------------------------------------------------------------------------------------------------------------
kit_run_option_defaults
template=""
logical_id=""
function_name=""
payload_specs=()
strategy="balanced"
weight="0.5"

# tune.sh's own options (the shared ones are kit_run_option's).
read_own_option() {
  kit_option_words=2
  case "$1" in
    --help | -h) usage; exit 0 ;;
    --template) template="${2:?--template needs a file}" ;;
    --function) logical_id="${2:?--function needs a logical id}" ;;
    --function-name) function_name="${2:?--function-name needs a name}" ;;
    --payload) payload_specs+=("${2:?--payload needs a file}") ;;
    --strategy) strategy="${2:?--strategy needs cost, speed or balanced}" ;;
    --weight) weight="${2:?--weight needs a number}" ;;
    *) usage >&2; bad_input "unknown argument: $1" ;;
  esac
}

parse_options() {
  kit_read_options read_own_option "$@"
}

# --- check the input before anything starts or changes -----------------------------------------------------------------
sizes=()
payload_files=()
payload_weights=()
per_size=0
lookup='{}'
original=""

check_target() {
  local tool
  for tool in aws jq java; do
    command -v "${tool}" >/dev/null 2>&1 || bad_input "${tool} is not installed"
  done
  case "${target}" in
    local)
      [[ -n "${template}" ]] || bad_input "--template FILE is needed for the local target (or --target aws --function-name NAME)"
      [[ -n "${logical_id}" ]] || bad_input "--function LOGICAL_ID is needed: the function's logical id in ${template}"
      [[ -f "${template}" ]] || bad_input "template ${template} not found"
      template="$(cd "$(dirname "${template}")" && pwd)/$(basename "${template}")"
      memory="${memory:-${LOCAL_DEFAULT_MEMORY}}"
      cold="${cold:-1}"
      warm="${warm:-5}"
      region="${region:-us-east-1}"
      ;;
    aws)
      [[ -n "${function_name}" ]] || bad_input "--function-name NAME is needed for --target aws"
      [[ -z "${template}" && -z "${logical_id}" ]] ||
        bad_input "--template/--function are for the local target; on AWS give --function-name (the deployed name or ARN)"
      memory="${memory:-${AWS_DEFAULT_MEMORY}}"
      cold="${cold:-3}"
      warm="${warm:-10}"
      ;;
    *) bad_input "--target must be local or aws, got: ${target}" ;;
  esac
}

check_sweep() {
  local m
  [[ "${cold}" =~ ^[0-9]+$ && "${warm}" =~ ^[0-9]+$ ]] || bad_input "--cold and --warm take whole numbers"
  ((cold + warm > 0)) || bad_input "nothing to do: --cold and --warm are both 0"
  [[ "${memory}" =~ ^[0-9]+(,[0-9]+)*$ ]] || bad_input "--memory takes sizes in MB like 256,1024,1769"
  IFS=',' read -r -a sizes <<<"${memory}"
  for m in "${sizes[@]}"; do
    ((10#${m} >= 128 && 10#${m} <= 10240)) || bad_input "memory ${m} MB is outside Lambda's 128-10240 MB"
  done
  [[ "$(tr ',' '\n' <<<"${memory}" | sort -n | uniq -d)" == "" ]] || bad_input "--memory lists a size twice: ${memory}"
  case "${strategy}" in
    cost | speed | balanced) ;;
    *) bad_input "--strategy must be cost, speed or balanced, got: ${strategy}" ;;
  esac
  awk -v w="${weight}" 'BEGIN { exit !(w ~ /^[0-9]*\.?[0-9]+$/ && w >= 0 && w <= 1) }' ||
    bad_input "--weight takes a number from 0 (speed) to 1 (cost), got: ${weight}"
  weight="$(awk -v w="${weight}" 'BEGIN { printf "%g", w }')"
}

check_payloads() {
  local spec file w
  ((${#payload_specs[@]} > 0)) || bad_input "--payload FILE is needed (the event to send, JSON)"
  for spec in "${payload_specs[@]}"; do
    file="${spec}"
    w=1
    if [[ "${spec}" =~ ^(.+)@([0-9]+)$ && ! -f "${spec}" ]]; then
      file="${BASH_REMATCH[1]}"
      w="${BASH_REMATCH[2]}"
      ((10#${w} > 0)) || bad_input "payload weight must be a positive whole number: ${spec}"
    fi
    [[ -f "${file}" ]] || bad_input "payload ${file} not found"
    jq -e . "${file}" >/dev/null 2>&1 || bad_input "payload ${file} is not JSON"
    payload_files+=("$(cd "$(dirname "${file}")" && pwd)/$(basename "${file}")")
    payload_weights+=("$((10#${w}))")
  done
  per_size=$((cold > 0 ? cold * (1 + warm) : warm))
  ((per_size >= ${#payload_files[@]})) ||
    bad_input "${#payload_files[@]} payloads but only ${per_size} invocations per size: raise --warm or --cold"
}

# Locally: the function is in the template and runs Java (the local Lambda's FunctionLookup says why not, exit 2).
# On AWS: the first call reads only; it also tells whether there are credentials and whether the function is Java.
check_function() {
  local rc errfile err runtime
  if [[ "${target}" == "local" ]]; then
    "${KIT_ROOT}/scripts/local-lambda.sh" build >&2 || bad_input "the local Lambda could not be built"
    set +e
    lookup="$(java -cp "${KIT_ROOT}/local-lambda/target/local-lambda.jar" locallambda.FunctionLookup "${template}" "${logical_id}")"
    rc=$?
    set -e
    ((rc == 0)) || exit 2 # FunctionLookup said why on stderr: not found, not in the template, not Java
    function_name="${logical_id}"
    kit_use_local_endpoint
    return 0
  fi
  errfile="$(mktemp)"
  if ! original="$(kit_aws lambda get-function-configuration --function-name "${function_name}" --output json 2>"${errfile}")"; then
    err="$(tr '\n' ' ' <"${errfile}")"
    rm -f "${errfile}"
    if grep -qiE 'Unable to locate credentials|could not be found|InvalidClientTokenId|ExpiredToken|security token|NoCredentials' <<<"${err}"; then
      bad_input "no usable AWS credentials for --target aws (aws configure, AWS_PROFILE or AWS_ACCESS_KEY_ID): ${err}"
    fi
    bad_input "cannot read ${function_name}'s configuration: ${err}"
  fi
  rm -f "${errfile}"
  runtime="$(jq -r '.Runtime // ""' <<<"${original}")"
  [[ "${runtime}" == java* ]] ||
    bad_input "${function_name} runs ${runtime:-a container image or custom runtime}, not a Java runtime (java11, java17, java21, java25)"
}

# --- the run's state, and its record run.json ------------------------------------------------------------------------------
run_dir=""
started_ms=""
started_at=""
final_written=0
failures=0
started_local=0
owner_token=""
restore_needed=0
restored="not needed"
local_info='{}'
payloads_json='[]'
architecture=""
log_group=""

start_run_folder() {
  local i
  run_id="${run_id:-$(date -u +%Y%m%dT%H%M%SZ)-tune-${target}}"
  run_dir="${KIT_ROOT}/results/${run_id}"
  [[ ! -e "${run_dir}" ]] || bad_input "results/${run_id} exists already; pick another --run-id"
  mkdir -p "${run_dir}/raw" "${run_dir}/responses"
  started_ms="$(kit_now_ms)"
  started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '[]' >"${run_dir}/functions.json"
  payloads_json="$(for i in "${!payload_files[@]}"; do
    jq -cn --arg f "${payload_files[i]}" --argjson w "${payload_weights[i]}" '{file: $f, weight: $w}'
  done | jq -cs .)"
}

write_run_json() {
  local status="$1"
  jq -n --arg runId "${run_id}" --arg startedAt "${started_at}" --arg target "${target}" \
    --arg region "${AWS_DEFAULT_REGION:-$(aws configure get region 2>/dev/null || true)}" \
    --argjson host "$(kit_host_json)" \
    --argjson info "${local_info}" --argjson cold "${cold}" --argjson warm "${warm}" --arg memory "${memory}" \
    --arg status "${status}" --argjson failures "${failures}" --arg fn "${function_name}" --arg logicalId "${logical_id}" \
    --arg template "${template}" --argjson lookup "${lookup}" --arg strategy "${strategy}" --argjson weight "${weight}" \
    --argjson payloads "${payloads_json}" --arg restored "${restored}" \
    --slurpfile original <(cat "${run_dir}/original-configuration.json" 2>/dev/null || echo 'null') \
    --slurpfile functions <(cat "${run_dir}/functions.json" 2>/dev/null || echo '[]') \
    --arg finishedAt "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${KIT_JQ_RUN_FACTS}"'
    {runId: $runId, kind: "tune", startedAt: $startedAt, finishedAt: $finishedAt, target: $target,
     stack: (if $target == "local" then "local" else "" end), region: $region,
     function: {name: $fn, logicalId: (if $logicalId == "" then null else $logicalId end),
                template: (if $template == "" then null else $template end),
                runtime: ($original[0].Runtime // $lookup.runtime // null),
                architecture: (($original[0].Architectures // [$lookup.architecture // "x86_64"])[0])},
     originalConfiguration: (if $original[0] == null then null
                             else {memoryMB: $original[0].MemorySize, environment: ($original[0].Environment.Variables // {})} end),
     restored: $restored,
     machine: machine($info; $host),
     cpuLimitMode: (if $target == "local" then ($info.cpuLimitMode // "unknown") else "lambda" end),
     jdk: (if $target == "local" then local_jdks($info) else ($original[0].Runtime // "") end),
     cold: $cold, warm: $warm, techniques: ["tune"], memory: ($memory | split(",") | map(tonumber)),
     strategy: $strategy, balancedWeight: $weight, payloads: $payloads,
     failures: $failures, status: $status}' >"${run_dir}/run.json"
}

fail() {
  failures=$((failures + 1))
  kit_log "FAILED: $*"
}

# Puts the original MemorySize and Environment back (waiting for any update in progress first), then reads the
# configuration again to check. Runs once; Ctrl-C is ignored while it runs.
restore_original() {
  ((restore_needed)) || return 0
  restore_needed=0
  trap '' INT TERM
  local mem attempt ok=0
  mem="$(jq -r '.MemorySize' "${run_dir}/original-configuration.json")"
  jq -c '{Variables: (.Environment.Variables // {})}' "${run_dir}/original-configuration.json" >"${run_dir}/.restore-env.json"
  kit_log "restoring ${function_name}'s original configuration (MemorySize ${mem} MB, Environment) ..."
  for attempt in 1 2 3 4 5; do
    kit_aws lambda wait function-updated --function-name "${function_name}" >/dev/null 2>&1 || true
    if kit_aws lambda update-function-configuration --function-name "${function_name}" --memory-size "${mem}" \
      --environment "file://${run_dir}/.restore-env.json" --output json >/dev/null 2>"${run_dir}/.restore.err"; then
      ok=1
      break
    fi
    kit_log "  restore attempt ${attempt} failed: $(tr '\n' ' ' <"${run_dir}/.restore.err")"
    sleep 2
  done
  kit_aws lambda wait function-updated --function-name "${function_name}" >/dev/null 2>&1 || true
  local now=""
  if ((ok)) && now="$(kit_aws lambda get-function-configuration --function-name "${function_name}" --output json)" &&
    jq -e --slurpfile o "${run_dir}/original-configuration.json" \
      '.MemorySize == $o[0].MemorySize and (.Environment.Variables // {}) == ($o[0].Environment.Variables // {})' \
      <<<"${now}" >/dev/null; then
    restored="yes"
    kit_log "restored: ${function_name} has its original MemorySize and Environment again"
  else
    restored="FAILED"
    [[ -z "${now:-}" ]] || kit_log "  now: $(jq -c '{MemorySize, Environment}' <<<"${now}" 2>/dev/null || echo "${now}")"
    kit_log "error: could NOT restore ${function_name}'s configuration; put it back by hand from results/${run_id}/original-configuration.json:"
    kit_log "  aws lambda update-function-configuration --function-name ${function_name} --memory-size ${mem} --environment file://results/${run_id}/.restore-env.json"
    failures=$((failures + 1))
  fi
  rm -f "${run_dir}/.restore.err"
  [[ "${restored}" != "yes" ]] || rm -f "${run_dir}/.restore-env.json"
}

# The scratch files of the calls (kit_invoke's and configure's).
remove_call_files() {
  rm -f "${run_dir}/.out.json" "${run_dir}/.meta.json" "${run_dir}/.err" "${run_dir}/.env.json"
}

cleanup() {
  local code=$?
  trap '' INT TERM
  exec 1>&6 2>&7
  restore_original || true
  if ((!final_written)) && [[ -d "${run_dir}" ]]; then
    write_run_json failed 2>/dev/null || true
  fi
  if ((started_local)); then
    # only the server this sweep started (its owner token): one started meanwhile by someone else stays
    LOCAL_LAMBDA_PORT="${KIT_LOCAL_PORT}" "${KIT_ROOT}/scripts/local-lambda.sh" stop --owner "${owner_token}" >/dev/null 2>&1 || true
  fi
  remove_call_files
  exit "${code}"
}

interrupted() {
  exec 1>&6 2>&7
  trap '' INT TERM
  kit_log "interrupted: stopping the sweep"
  # the call in flight runs in the background (kit_wait): stop it before the restore changes the configuration
  if [[ -n "${KIT_CHILD:-}" ]]; then
    kit_kill_tree "${KIT_CHILD}"
    wait "${KIT_CHILD}" 2>/dev/null || true
    KIT_CHILD=""
  fi
  exit 130
}

# --- local Lambda -----------------------------------------------------------------------------------------------------
# Uses a local Lambda that serves the function, or starts one on the template (stopped at the end); reads the
# function's configuration, which the sweep changes and restores.
prepare_local_lambda() {
  if kit_local_lambda_answers; then
    kit_aws lambda get-function-configuration --function-name "${function_name}" --output json >/dev/null 2>&1 ||
      kit_die "the local Lambda on port ${KIT_LOCAL_PORT} does not serve ${function_name} (another template?): stop it (scripts/local-lambda.sh stop) or set LOCAL_LAMBDA_PORT"
    kit_log "using the local Lambda already running at ${KIT_LOCAL_ENDPOINT}"
  else
    kit_log "starting the local Lambda on ${template} (builds its Java functions with their own poms the first time) ..."
    started_local=1
    owner_token="tune-$$-${RANDOM}"
    LOCAL_LAMBDA_OWNER="${owner_token}" LOCAL_LAMBDA_PORT="${KIT_LOCAL_PORT}" \
      "${KIT_ROOT}/scripts/local-lambda.sh" start --template "${template}" >&2 6>&- 7>&- ||
      kit_die "the local Lambda did not start (see ${LOCAL_LAMBDA_STATE_DIR:-.local-lambda}/server.log)"
  fi
  local_info="$(kit_local_info)" || exit 1
  original="$(kit_aws lambda get-function-configuration --function-name "${function_name}" --output json)" ||
    kit_die "get-function-configuration ${function_name} failed"
  [[ "$(jq -r '.State // "Active"' <<<"${original}")" != "Failed" ]] ||
    kit_die "${function_name} did not build: $(jq -r '.StateReason // ""' <<<"${original}") (see the local Lambda's server.log)"
}

keep_original_configuration() {
  printf '%s\n' "${original}" >"${run_dir}/original-configuration.json"
  architecture="$(jq -r '(.Architectures // ["x86_64"])[0]' <<<"${original}")"
  log_group="$(jq -r --arg n "${function_name}" '.LoggingConfig.LogGroup // ("/aws/lambda/" + (.FunctionName // $n))' <<<"${original}")"
}

# --- the sweep --------------------------------------------------------------------------------------------------------
plan=()

# Payload sequence of one size: smooth weighted round robin over the payloads (integer weights), so every prefix (the
# cold calls, the first warm calls) is mixed like the whole; the same sequence at every size.
plan_payloads() {
  local -a current=()
  local total_weight=0 w k i best
  for w in "${payload_weights[@]}"; do
    total_weight=$((total_weight + w))
    current+=(0)
  done
  for ((k = 0; k < per_size; k++)); do
    best=0
    for i in "${!payload_weights[@]}"; do
      current[i]=$((current[i] + payload_weights[i]))
      if ((current[i] > current[best])); then
        best=${i}
      fi
    done
    current[best]=$((current[best] - total_weight))
    plan+=("${best}")
  done
}

# Sets MemorySize and a fresh KIT_TUNE_COLD_START in the environment (any configuration change gives the function new
# execution environments: the next call is a cold start), then waits until LastUpdateStatus is Successful.
configure() {
  local mem="$1" token="$2"
  jq -c --arg t "${token}" '{Variables: ((.Environment.Variables // {}) + {KIT_TUNE_COLD_START: $t})}' \
    "${run_dir}/original-configuration.json" >"${run_dir}/.env.json"
  restore_needed=1
  kit_aws lambda update-function-configuration --function-name "${function_name}" --memory-size "${mem}" \
    --environment "file://${run_dir}/.env.json" --output json >/dev/null 2>"${run_dir}/.err" || return 1
  kit_aws lambda wait function-updated --function-name "${function_name}" 2>>"${run_dir}/.err" || return 1
}

# One invocation of cell ${cell} (at ${mem} MB) with the payload of plan step $2; appends the tail log and the response;
# sets last_ms and counts cell_errors.
last_ms=""
cell=""
cell_errors=0
invoke_once() {
  local phase="$1" step="$2" payload request_id
  payload="${payload_files[${plan[step]}]}"
  last_ms="failed"
  if ! kit_invoke "${run_dir}" "${function_name}" "${payload}" --cli-read-timeout 0; then
    cell_errors=$((cell_errors + 1))
    kit_log "  ${phase}: invoke failed: $(kit_invoke_failure "${run_dir}")"
    jq -cn --arg phase "${phase}" --rawfile err "${run_dir}/.err" --arg p "${payload}" --argjson m "${mem}" \
      '{phase: $phase, memoryMB: $m, status: null, functionError: "InvokeFailed", requestId: null, payloadFile: $p, payload: $err}' \
      >>"${run_dir}/responses/${cell}.jsonl"
    return 0
  fi
  printf '%s\n' "${KIT_INVOKE_TAIL}" >>"${run_dir}/raw/${cell}.tail.log"
  request_id="$(kit_request_ids <<<"${KIT_INVOKE_TAIL}" | tail -n 1)"
  jq -cn --arg phase "${phase}" --arg status "${KIT_INVOKE_STATUS}" --arg error "${KIT_INVOKE_ERROR}" \
    --rawfile body "${run_dir}/.out.json" --arg p "${payload}" --arg id "${request_id}" --argjson m "${mem}" '
    {phase: $phase, memoryMB: $m, status: ($status | tonumber? // null),
     functionError: (if $error == "" then null else $error end), requestId: (if $id == "" then null else $id end),
     payloadFile: $p, payload: ($body | fromjson? // $body)}' >>"${run_dir}/responses/${cell}.jsonl"
  last_ms="$(kit_report_duration <<<"${KIT_INVOKE_TAIL}")"
  last_ms="${last_ms:-?} ms"
  if [[ -n "${KIT_INVOKE_ERROR}" ]]; then
    cell_errors=$((cell_errors + 1))
    last_ms="${last_ms}, function error ${KIT_INVOKE_ERROR}: $(head -c 200 "${run_dir}/.out.json")"
  fi
  return 0
}

# Adds this size's cell to functions.json (a tuning run's cells are the sizes of one function).
record_cell() {
  jq --arg name "${cell}" --arg fn "${function_name}" --arg v "${logical_id:-${function_name##*:}}" --argjson m "${mem}" \
    --arg arch "${architecture}" --argjson cfg "${original}" --arg group "${log_group}" \
    '. + [{name: $name, functionName: $fn, technique: "tune", variant: $v, memoryMB: $m, architecture: $arch,
           runtime: $cfg.Runtime, codeSize: ($cfg.CodeSize // 0), logGroup: $group}]' \
    "${run_dir}/functions.json" >"${run_dir}/functions.json.tmp" && mv "${run_dir}/functions.json.tmp" "${run_dir}/functions.json"
}

# One size: N rounds of (configure = a cold start, the cold call, the warm calls); a failing size fails its cell and the
# sweep goes on with the next.
mem=0
sweep_size() {
  local index="$1" step=0 rounds c w
  cell="${function_name##*:}@${mem}"
  cell_errors=0
  record_cell
  : >"${run_dir}/raw/${cell}.tail.log"
  rounds=$((cold > 0 ? cold : 1))
  for ((c = 1; c <= rounds; c++)); do
    if ! configure "${mem}" "${run_id}-${mem}-${c}"; then
      cell_errors=$((cell_errors + 1))
      kit_log "[${index}/${#sizes[@]}] ${mem} MB: update-function-configuration failed: $(tr '\n' ' ' <"${run_dir}/.err")"
      break
    fi
    if ((cold > 0)); then
      invoke_once cold "${step}"
      step=$((step + 1))
      kit_log "[${index}/${#sizes[@]}] ${mem} MB cold ${c}/${cold}: ${last_ms}"
    fi
    for ((w = 1; w <= warm; w++)); do
      invoke_once warm "${step}"
      step=$((step + 1))
      kit_log "[${index}/${#sizes[@]}] ${mem} MB   warm ${w}/${warm}: ${last_ms}"
    done
  done
  if ((cell_errors > 0)); then
    fail "${mem} MB: ${cell_errors} of ${step} call(s) failed (responses/${cell}.jsonl); going on with the next size"
  fi
}

sweep() {
  local index=0 size
  kit_log "run ${run_id}: tuning ${function_name} (${architecture}) at ${memory} MB, ${cold} cold + ${warm} warm after each," \
    "${#payload_files[@]} payload(s), on ${target} -> results/${run_id}/"
  for size in "${sizes[@]}"; do
    mem=$((10#${size}))
    index=$((index + 1))
    sweep_size "${index}"
  done
}

# --- collect CloudWatch Logs ------------------------------------------------------------------------------------------
# One query for the run's window; each size's lines are those of its log streams (a stream is one execution environment,
# and a configuration change gives new ones), found by the request ids its tail logs saw. On AWS the logs arrive with a
# lag: retry until every REPORT line is there or KIT_LOGS_TIMEOUT seconds (default 120) have passed.
collect_logs() {
  local all expected wait_for_all=1 ids
  kit_log "collecting REPORT lines from CloudWatch Logs (${log_group}) ..."
  all="${run_dir}/raw/.cloudwatch-all.json"
  expected="$(cat "${run_dir}"/raw/*.tail.log 2>/dev/null | grep -cE 'REPORT RequestId|"platform\.report"' || true)"
  [[ "${target}" != "local" ]] || wait_for_all=0
  if ! kit_fetch_reports "${log_group}" "${started_ms}" "${expected:-0}" "$(($(date +%s) + ${KIT_LOGS_TIMEOUT:-120}))" \
    "${wait_for_all}" "${all}"; then
    fail "filter-log-events on ${log_group}: $(tr '\n' ' ' <"${all}.err")"
    echo '{"events": []}' >"${all}"
  fi
  while IFS= read -r cell; do
    ids="$(kit_request_ids <"${run_dir}/raw/${cell}.tail.log" | jq -Rsc 'split("\n") | map(select(. != ""))')"
    jq --argjson ids "${ids}" '
      ([.events[] | (.message | (capture("REPORT RequestId: (?<id>[0-9A-Za-z-]+)")? | .id),
                                (fromjson? | select(.type? == "platform.report") | .record.requestId)) as $id
        | select($ids | index($id)) | .logStreamName] | unique) as $streams
      | {events: [.events[] | select(.logStreamName as $s | $streams | index($s))]}' "${all}" \
      >"${run_dir}/raw/${cell}.cloudwatch.json"
  done < <(jq -r '.[].name' "${run_dir}/functions.json")
  rm -f "${all}" "${all}.err" "${run_dir}/.err"
}

# --- the end ----------------------------------------------------------------------------------------------------------
finish_run() {
  local status="complete"
  ((failures == 0)) || status="failed"
  write_run_json "${status}"
  final_written=1
  kit_log "raw lines kept in results/${run_id}/ (status: ${status}, ${failures} failure(s), original configuration restored: ${restored})"
  kit_finish_run "${make_report}" "${failures}" "${failures} failure(s) (see the FAILED lines above); what was collected is in results/${run_id}/" \
    "${run_dir}" --weight "${weight}"
}

main() {
  # The sweep's own stdout and stderr, kept on fds 6 and 7: a signal can arrive while a call's output is redirected to a
  # file (bash runs the handler inside that redirection), and the restore's messages must still reach the terminal.
  exec 6>&1 7>&2
  parse_options "$@"
  check_target
  check_sweep
  check_payloads
  kit_use_region "${region}"
  check_function

  start_run_folder
  trap cleanup EXIT
  trap interrupted INT TERM
  if [[ "${target}" == "local" ]]; then
    prepare_local_lambda
  fi
  keep_original_configuration
  write_run_json running
  plan_payloads
  sweep
  restore_original
  remove_call_files
  collect_logs
  finish_run
}

main "$@"
