#!/usr/bin/env bash
# The kit's main job: find the experiment functions, invoke each N times cold and M times warm with its events/ payload,
# keep every raw REPORT line under results/<run-id>/, and print the tables (scripts/report.sh).
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

LOCAL_DEFAULT_TECHNIQUES="context-reuse,sdk-slimming,scale-up,parallel,jvm-options,logging"
# every technique with an event (AWS default): the kit's events/ folder names them
ALL_TECHNIQUES="$(find "${KIT_EVENTS_DIR}" -maxdepth 1 -name '*.json' -printf '%f\n' 2>/dev/null | sed 's/\.json$//' | sort | paste -sd, -)"
# Local default memory sizes per technique (when --memory is not given): the CPU-bound ones across the CPU range, the
# others at one size where a JVM starts in about a second: 22 functions, about 6 minutes end to end on a 2-core machine
# (measured 6m12s with a fresh function build, report included).
LOCAL_DEFAULT_MEMORY_CPU="256,512,1024,1769,3008"
LOCAL_DEFAULT_MEMORY_OTHER="1024"

usage() {
  cat <<TXT
Usage: scripts/run-experiments.sh [--target local|aws] [--stack NAME] [--techniques a,b] [--memory 128,1769]
                                  [--cold N] [--warm M] [--region R] [--run-id ID] [--no-report] [--help]

Invokes every experiment function N times cold (each cold start forced by updating the function's configuration) and
M times warm, keeps the raw REPORT lines under results/<run-id>/ and prints the tables.

  --target local   (default) the kit's local Lambda on 127.0.0.1:\${LOCAL_LAMBDA_PORT:-3001}; started (and stopped at the
                   end) if it is not running. Needs no AWS account. sdk-slimming calls a local S3 (moto_server).
  --target aws     the functions of a deployed stack (sam deploy), with your AWS credentials.
  --stack NAME     stack to use on AWS (default: stack_name in samconfig.toml, now "$(kit_default_stack)").
  --techniques     comma-separated: context-reuse, sdk-slimming, scale-up, parallel, jvm-options, logging, snapstart.
                   Local default: ${LOCAL_DEFAULT_TECHNIQUES} (snapstart is AWS only). AWS default: all.
  --memory         only these memory sizes (MB). Local default: scale-up and parallel at ${LOCAL_DEFAULT_MEMORY_CPU},
                   the others at ${LOCAL_DEFAULT_MEMORY_OTHER}. 128 MB is left out locally by default: the local Lambda
                   gives a function memory/1769 of a vCPU as Lambda does, so at 128 MB a JVM cold start runs on
                   0.07 vCPU and takes many seconds (ask for it with --memory 128). AWS default: all sizes.
  --cold N         cold invocations per function (default 1 locally, 3 on AWS)
  --warm M         warm invocations after each cold one (default 3 locally, 10 on AWS)
  --region R       AWS region (default: your profile's; us-east-1 locally)
  --run-id ID      name of the results folder (default: a timestamp and the target)
  --no-report      keep the raw lines only; run scripts/report.sh results/<run-id> later

Exit status: 0 when every call succeeded; 1 when anything failed (what was collected is kept, run.json says failed).
TXT
}

target="local"
stack=""
techniques=""
memory=""
cold=""
warm=""
region=""
run_id=""
make_report=1

while (($# > 0)); do
  case "$1" in
    --help | -h) usage; exit 0 ;;
    --target) target="${2:?--target needs local or aws}"; shift 2 ;;
    --stack) stack="${2:?--stack needs a name}"; shift 2 ;;
    --techniques) techniques="${2:?--techniques needs a list}"; shift 2 ;;
    --memory) memory="${2:?--memory needs a list}"; shift 2 ;;
    --cold) cold="${2:?--cold needs a number}"; shift 2 ;;
    --warm) warm="${2:?--warm needs a number}"; shift 2 ;;
    --region) region="${2:?--region needs a region}"; shift 2 ;;
    --run-id) run_id="${2:?--run-id needs a name}"; shift 2 ;;
    --no-report) make_report=0; shift ;;
    *) usage >&2; kit_die "unknown argument: $1" ;;
  esac
done

case "${target}" in
  local)
    techniques="${techniques:-${LOCAL_DEFAULT_TECHNIQUES}}"
    if [[ -z "${memory}" ]]; then
      # per technique: {"scale-up":[...],"parallel":[...],"*":[...]}
      memory_by_technique="$(jq -cn --arg cpu "${LOCAL_DEFAULT_MEMORY_CPU}" --arg other "${LOCAL_DEFAULT_MEMORY_OTHER}" \
        '($cpu | split(",") | map(tonumber)) as $c | {"scale-up": $c, "parallel": $c, "*": ($other | split(",") | map(tonumber))}')"
    fi
    cold="${cold:-1}"
    warm="${warm:-3}"
    stack="${stack:-${KIT_LOCAL_STACK}}"
    region="${region:-us-east-1}"
    KIT_ENDPOINT="${KIT_LOCAL_ENDPOINT}"
    # the local Lambda checks no credentials, but the aws CLI wants some: dummy ones, so no real ones go to it
    export AWS_ACCESS_KEY_ID="local" AWS_SECRET_ACCESS_KEY="local"
    unset AWS_SESSION_TOKEN AWS_PROFILE
    ;;
  aws)
    techniques="${techniques:-${ALL_TECHNIQUES}}"
    cold="${cold:-3}"
    warm="${warm:-10}"
    stack="${stack:-$(kit_default_stack)}"
    ;;
  *) kit_die "--target must be local or aws, got: ${target}" ;;
esac
[[ "${cold}" =~ ^[0-9]+$ && "${warm}" =~ ^[0-9]+$ ]] || kit_die "--cold and --warm take whole numbers"
((cold + warm > 0)) || kit_die "nothing to do: --cold and --warm are both 0"
[[ -z "${memory}" || "${memory}" =~ ^[0-9]+(,[0-9]+)*$ ]] || kit_die "--memory takes sizes in MB like 128,1769"
if [[ -n "${region}" ]]; then
  export AWS_DEFAULT_REGION="${region}" AWS_REGION="${region}"
fi
for tool in aws jq; do
  command -v "${tool}" >/dev/null 2>&1 || kit_die "${tool} is not installed"
done
# a technique is known when it has an event (events/<technique>.json): adding one needs no change here
known="$(find "${KIT_EVENTS_DIR}" -maxdepth 1 -name '*.json' -printf '%f\n' 2>/dev/null | sed 's/\.json$//' | sort | paste -sd' ' -)"
IFS=',' read -r -a technique_list <<<"${techniques}"
for t in "${technique_list[@]}"; do
  [[ -n "${t}" && -f "${KIT_EVENTS_DIR}/${t}.json" ]] ||
    kit_die "unknown technique '${t}' (known: ${known// /, }; each has an event in ${KIT_EVENTS_DIR}/)"
done

run_id="${run_id:-$(date -u +%Y%m%dT%H%M%SZ)-${target}}"
run_dir="${KIT_ROOT}/results/${run_id}"
[[ ! -e "${run_dir}" ]] || kit_die "results/${run_id} exists already; pick another --run-id"
mkdir -p "${run_dir}/raw" "${run_dir}/responses"
started_ms="$(kit_now_ms)"
started_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
memory_by_technique="${memory_by_technique:-}"
final_written=0
failures=0
started_local=0
moto_pid=""
s3_endpoint=""
local_info='{}'

write_run_json() {
  local status="$1"
  local cpu_model cores
  cpu_model="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)"
  cores="$(nproc 2>/dev/null || echo 0)"
  jq -n --arg runId "${run_id}" --arg startedAt "${started_at}" --arg target "${target}" --arg stack "${stack}" \
    --arg region "${AWS_DEFAULT_REGION:-$(aws configure get region 2>/dev/null || true)}" \
    --arg cpuModel "${cpu_model:-unknown}" --argjson cores "${cores}" --arg os "$(uname -srm)" \
    --argjson info "${local_info}" --argjson cold "${cold}" --argjson warm "${warm}" \
    --arg techniques "${techniques}" --arg memory "${memory}" --arg status "${status}" \
    --argjson failures "${failures}" --slurpfile functions <(cat "${run_dir}/functions.json" 2>/dev/null || echo '[]') \
    --arg finishedAt "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '
    {runId: $runId, startedAt: $startedAt, finishedAt: $finishedAt, target: $target, stack: $stack, region: $region,
     machine: {cpuModel: ($info.cpuModel // $cpuModel), cores: ($info.cores // $cores), os: $os},
     cpuLimitMode: (if $target == "local" then ($info.cpuLimitMode // "unknown") else "lambda" end),
     jdk: (if $target == "local" then ([$info.jdks // {} | to_entries[] | "\(.key): \(.value.version // "?")"
                                        + (if .value.exact == false then " (nearest)" else "" end)] | join(", "))
           else ([$functions[0][]? | .runtime] | unique | join(", ")) end),
     cold: $cold, warm: $warm, techniques: ($techniques | split(",")),
     memory: (if $memory == "" then [$functions[0][]? | .memoryMB] | unique else ($memory | split(",") | map(tonumber)) end),
     failures: $failures, status: $status}' >"${run_dir}/run.json"
}

cleanup() {
  local code=$?
  if ((code != 0 && !final_written)) && [[ -d "${run_dir}" ]]; then
    write_run_json failed 2>/dev/null || true
  fi
  if [[ -n "${moto_pid}" ]]; then
    kill "${moto_pid}" 2>/dev/null || true
  fi
  if ((started_local)); then
    "${KIT_ROOT}/scripts/local-lambda.sh" stop >/dev/null 2>&1 || true
  fi
  exit "${code}"
}
trap cleanup EXIT

fail() {
  failures=$((failures + 1))
  kit_log "FAILED: $*"
}

# --- local stand-ins --------------------------------------------------------------------------------------------------
if [[ "${target}" == "local" ]]; then
  if [[ ",${techniques}," == *",snapstart,"* ]]; then
    kit_log "note: snapstart runs on AWS only (SnapStart snapshots and restores have no local equivalent); skipped locally"
    techniques="$(tr ',' '\n' <<<"${techniques}" | grep -vx snapstart | paste -sd, - || true)"
    [[ -n "${techniques}" ]] || { write_run_json failed; kit_die "nothing left to run locally without snapstart"; }
  fi
  env_vars_args=()
  if [[ ",${techniques}," == *",sdk-slimming,"* ]]; then
    command -v moto_server >/dev/null 2>&1 || kit_die "sdk-slimming needs moto_server locally (pip install 'moto[server]')"
    moto_port="$(kit_free_port)"
    moto_server -H 127.0.0.1 -p "${moto_port}" >"${run_dir}/moto.log" 2>&1 &
    moto_pid=$!
    s3_endpoint="http://127.0.0.1:${moto_port}"
    for _ in $(seq 1 100); do
      curl -fsS --max-time 1 "${s3_endpoint}/" >/dev/null 2>&1 && break
      sleep 0.2
    done
    aws --endpoint-url "${s3_endpoint}" s3api create-bucket --bucket "${KIT_LOCAL_BUCKET}" >/dev/null ||
      kit_die "could not create the local S3 bucket (see results/${run_id}/moto.log)"
    # SAM --env-vars format, one entry per sdk-slimming function of the template (used when this run starts the local
    # Lambda; a running one gets the same variables through update-function-configuration below)
    grep -oE '^  SdkSlimming[A-Za-z0-9]*Function:' "${KIT_ROOT}/template.yaml" | tr -d ' :' |
      jq -Rn --arg e "${s3_endpoint}" --arg b "${KIT_LOCAL_BUCKET}" \
        '[inputs | {key: ., value: {S3_ENDPOINT: $e, BUCKET_NAME: $b}}] | from_entries' >"${run_dir}/env-vars.json"
    env_vars_args=(--env-vars "${run_dir}/env-vars.json")
  fi
  if ! curl -fsS --max-time 2 "${KIT_LOCAL_ENDPOINT}/_local/info" >/dev/null 2>&1; then
    kit_log "starting the local Lambda (builds the functions the first time) ..."
    started_local=1
    (cd "${KIT_ROOT}" && LOCAL_LAMBDA_PORT="${KIT_LOCAL_PORT}" scripts/local-lambda.sh start "${env_vars_args[@]}") >&2 ||
      { write_run_json failed; kit_die "the local Lambda did not start (see .local-lambda/server.log)"; }
  fi
  local_info="$(curl -fsS --max-time 5 "${KIT_LOCAL_ENDPOINT}/_local/info")" || kit_die "no /_local/info at ${KIT_LOCAL_ENDPOINT}"
  kit_log "local Lambda at ${KIT_LOCAL_ENDPOINT}: cpu limit $(jq -r '.cpuLimitMode' <<<"${local_info}")"
fi

# --- find the functions -----------------------------------------------------------------------------------------------
listing="$(kit_aws lambda list-functions --output json)" || kit_die "list-functions failed"
jq --arg stack "${stack}" --arg techniques "${techniques}" --arg memory "${memory}" \
  --argjson bt "${memory_by_technique:-null}" '
  ($techniques | split(",")) as $t
  | (if $memory == "" then null else ($memory | split(",") | map(tonumber)) end) as $m
  | [.Functions[]
     | select(.Environment.Variables.KIT_STACK == $stack)
     | select(.Environment.Variables.KIT_TECHNIQUE as $x | $t | index($x))
     | select($m == null or (.MemorySize as $x | $m | index($x)))
     | select($bt == null or (.MemorySize as $x | ($bt[.Environment.Variables.KIT_TECHNIQUE] // $bt["*"]) | index($x)))
     | {name: .FunctionName, technique: .Environment.Variables.KIT_TECHNIQUE,
        variant: (.Environment.Variables.KIT_VARIANT // "default"), memoryMB: .MemorySize,
        architecture: ((.Architectures // ["x86_64"])[0]), runtime: .Runtime, codeSize: .CodeSize,
        logGroup: (.LoggingConfig.LogGroup // ("/aws/lambda/" + .FunctionName))}]
  | sort_by(.technique, .variant, .memoryMB)' <<<"${listing}" >"${run_dir}/functions.json"
total="$(jq 'length' "${run_dir}/functions.json")"
if ((total == 0)); then
  write_run_json failed
  kit_die "no functions of stack '${stack}' for techniques ${techniques} (memory: ${memory:-any}); deployed? (sam deploy)"
fi
kit_log "run ${run_id}: ${total} functions x (${cold} cold + ${warm} warm after each) on ${target} -> results/${run_id}/"
write_run_json running

# --- invoke -----------------------------------------------------------------------------------------------------------
# Merges extra variables into a function's environment; any configuration update gives it new execution environments,
# which is how a cold start is forced without publishing versions.
update_environment() {
  local fn="$1" extra="$2" current
  current="$(kit_aws lambda get-function-configuration --function-name "${fn}" --output json)" || return 1
  jq -c --argjson extra "${extra}" '{Variables: ((.Environment.Variables // {}) + $extra)}' <<<"${current}" >"${run_dir}/.env.json"
  kit_aws lambda update-function-configuration --function-name "${fn}" \
    --environment "file://${run_dir}/.env.json" --output json >/dev/null || return 1
  kit_aws lambda wait function-updated --function-name "${fn}" || return 1
}

# One invocation; appends its tail log and response, sets last_ms to its REPORT Duration ("failed" when it failed).
# Called directly (not in $(...)) so that fail() counts in this shell.
last_ms=""
invoke_once() {
  local fn="$1" technique="$2" phase="$3" qualifier="$4" out meta err status error
  out="${run_dir}/.out.json"
  meta="${run_dir}/.meta.json"
  err="${run_dir}/.err"
  last_ms="failed"
  rm -f "${out}" "${meta}"
  local args=(lambda invoke --function-name "${fn}" --payload "fileb://${KIT_EVENTS_DIR}/${technique}.json"
    --log-type Tail --output json)
  if [[ -n "${qualifier}" ]]; then
    args+=(--qualifier "${qualifier}")
  fi
  if ! kit_aws "${args[@]}" "${out}" >"${meta}" 2>"${err}"; then
    fail "${fn} ${phase}: $(tr '\n' ' ' <"${err}")"
    jq -cn --arg phase "${phase}" --rawfile err "${err}" \
      '{phase: $phase, status: null, functionError: "InvokeFailed", payload: $err}' >>"${run_dir}/responses/${fn}.jsonl"
    return 0
  fi
  jq -r '.LogResult // empty' "${meta}" | base64 -d >>"${run_dir}/raw/${fn}.tail.log" 2>/dev/null || true
  status="$(jq -r '.StatusCode // empty' "${meta}")"
  error="$(jq -r '.FunctionError // empty' "${meta}")"
  # the payload as JSON when it is JSON, else as a string
  jq -cn --arg phase "${phase}" --arg status "${status}" --arg error "${error}" --rawfile body "${out}" '
    {phase: $phase, status: ($status | tonumber? // null), functionError: (if $error == "" then null else $error end),
     payload: ($body | fromjson? // $body)}' >>"${run_dir}/responses/${fn}.jsonl"
  last_ms="$(jq -r '.LogResult // empty' "${meta}" | base64 -d 2>/dev/null |
    sed -n 's/.*REPORT RequestId.*\tDuration: \([0-9.]*\) ms.*/\1/p' | tail -n 1)"
  last_ms="${last_ms:-?} ms"
  if [[ -n "${error}" ]]; then
    fail "${fn} ${phase}: function error ${error}: $(head -c 300 "${out}")"
    last_ms="${last_ms}, function error"
  fi
  return 0
}

index=0
while IFS=$'\t' read -r fn technique variant _ <&3; do
  index=$((index + 1))
  qualifier=""
  extra='{}'
  if [[ "${target}" == "local" && "${technique}" == "sdk-slimming" ]]; then
    extra="$(jq -cn --arg e "${s3_endpoint}" --arg b "${KIT_LOCAL_BUCKET}" '{S3_ENDPOINT: $e, BUCKET_NAME: $b}')"
  fi
  if [[ "${technique}" == "snapstart" && "${variant}" != "Off" ]]; then
    qualifier="live"
  fi
  # --cold 0: one round of warm invocations on whatever environment is there
  for c in $(seq 1 "$((cold > 0 ? cold : 1))"); do
    if ((cold == 0)); then
      for w in $(seq 1 "${warm}"); do
        invoke_once "${fn}" "${technique}" warm "${qualifier}"
        kit_log "[${index}/${total}] ${fn}   warm ${w}/${warm}: ${last_ms}"
      done
      continue
    fi
    token="${run_id}-${c}"
    if ! update_environment "${fn}" "$(jq -c --arg t "${token}" '. + {KIT_COLD_START: $t}' <<<"${extra}")"; then
      fail "${fn}: could not update its configuration to force a cold start"
      continue
    fi
    version_to_delete=""
    if [[ -n "${qualifier}" ]]; then
      # SnapStart restores only published versions: publish one for this cold start, delete it afterwards (no sprawl)
      if version_to_delete="$(kit_aws lambda publish-version --function-name "${fn}" --query Version --output text)"; then
        kit_aws lambda wait function-active-v2 --function-name "${fn}" --qualifier "${version_to_delete}" 2>/dev/null || true
        qualifier="${version_to_delete}"
      else
        fail "${fn}: publish-version failed"
        continue
      fi
    fi
    invoke_once "${fn}" "${technique}" cold "${qualifier}"
    kit_log "[${index}/${total}] ${fn} cold ${c}/${cold}: ${last_ms}"
    for w in $(seq 1 "${warm}"); do
      invoke_once "${fn}" "${technique}" warm "${qualifier}"
      kit_log "[${index}/${total}] ${fn}   warm ${w}/${warm}: ${last_ms}"
    done
    if [[ -n "${version_to_delete}" ]]; then
      kit_aws lambda delete-function --function-name "${fn}" --qualifier "${version_to_delete}" >/dev/null ||
        fail "${fn}: could not delete version ${version_to_delete}"
      qualifier="live"
    fi
  done
done 3< <(jq -r '.[] | [.name, .technique, .variant, (.memoryMB | tostring)] | @tsv' "${run_dir}/functions.json")
rm -f "${run_dir}/.out.json" "${run_dir}/.meta.json" "${run_dir}/.err" "${run_dir}/.env.json"

# --- collect CloudWatch Logs ------------------------------------------------------------------------------------------
# Expect as many REPORT lines as the invocations that reached the function (their tail logs show one each). On AWS the
# logs arrive with a lag: retry until they are all there or KIT_LOGS_TIMEOUT seconds (default 120) have passed.
kit_log "collecting REPORT lines from CloudWatch Logs ..."
logs_deadline=$(($(date +%s) + ${KIT_LOGS_TIMEOUT:-120}))
while IFS=$'\t' read -r fn group <&3; do
  file="${run_dir}/raw/${fn}.cloudwatch.json"
  expected="$(grep -c 'REPORT RequestId' "${run_dir}/raw/${fn}.tail.log" 2>/dev/null || true)"
  expected="${expected:-0}"
  attempt=0
  while true; do
    attempt=$((attempt + 1))
    if kit_aws logs filter-log-events --log-group-name "${group}" --start-time "${started_ms}" \
      --filter-pattern "?REPORT ?INIT_REPORT" --output json >"${file}.tmp" 2>"${run_dir}/.err"; then
      mv "${file}.tmp" "${file}"
      found="$(jq '[.events[] | select(.message | test("REPORT RequestId|platform.report"))] | length' "${file}")"
      if [[ "${target}" == "local" ]] || ((found >= expected)); then
        break
      fi
      if (($(date +%s) >= logs_deadline)); then
        kit_log "warning: ${fn}: ${found} of ${expected} REPORT lines in CloudWatch Logs after waiting; the tail logs have them all"
        break
      fi
      kit_log "  ${fn}: ${found} of ${expected} REPORT lines in CloudWatch Logs so far, waiting ..."
      sleep 5
    else
      if ((attempt >= 3)) || (($(date +%s) >= logs_deadline)); then
        fail "${fn}: filter-log-events on ${group}: $(tr '\n' ' ' <"${run_dir}/.err")"
        break
      fi
      sleep 2
    fi
  done
  rm -f "${file}.tmp"
done 3< <(jq -r '.[] | [.name, .logGroup] | @tsv' "${run_dir}/functions.json")
rm -f "${run_dir}/.err"

status="complete"
((failures == 0)) || status="failed"
write_run_json "${status}"
final_written=1
kit_log "raw lines kept in results/${run_id}/ (status: ${status}, ${failures} failure(s))"

if ((make_report)); then
  "${KIT_ROOT}/scripts/report.sh" "${run_dir}" || fail "the report could not be built (raw lines are kept)"
fi
if ((failures > 0)); then
  kit_log "error: ${failures} call(s) failed (see the FAILED lines above); what was collected is in results/${run_id}/ and run.json says \"failed\""
  exit 1
fi
