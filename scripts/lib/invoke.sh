#!/usr/bin/env bash
# The calls both runners make (run-experiments.sh over the kit's techniques, tune.sh over one user function): one
# invocation with its tail log, the figures of its REPORT line, and the REPORT lines read back from CloudWatch Logs.
# Sourced after common.sh, not run.
# shellcheck disable=SC2034 # the KIT_INVOKE_* results are read by the scripts that source this file

# What the last kit_invoke saw: the decoded tail log, the HTTP status and the FunctionError ("" when none).
KIT_INVOKE_TAIL=""
KIT_INVOKE_STATUS=""
KIT_INVOKE_ERROR=""

# kit_invoke WORK_DIR FUNCTION PAYLOAD_FILE [AWS_ARGS...]
# One synchronous invocation with --log-type Tail. The response body is left in WORK_DIR/.out.json, the call's metadata
# in WORK_DIR/.meta.json and the CLI's error output in WORK_DIR/.err; sets KIT_INVOKE_TAIL, KIT_INVOKE_STATUS and
# KIT_INVOKE_ERROR. Returns 1 when the call itself failed (no answer from Lambda; the reason is in .err), 0 otherwise,
# also when the function returned an error (KIT_INVOKE_ERROR says which).
kit_invoke() {
  local dir="$1" fn="$2" payload="$3"
  shift 3
  KIT_INVOKE_TAIL=""
  KIT_INVOKE_STATUS=""
  KIT_INVOKE_ERROR=""
  rm -f "${dir}/.out.json" "${dir}/.meta.json"
  if ! kit_aws lambda invoke --function-name "${fn}" --payload "fileb://${payload}" --log-type Tail "$@" --output json \
    "${dir}/.out.json" >"${dir}/.meta.json" 2>"${dir}/.err"; then
    return 1
  fi
  KIT_INVOKE_TAIL="$(jq -r '.LogResult // empty' "${dir}/.meta.json" | base64 -d 2>/dev/null || true)"
  KIT_INVOKE_STATUS="$(jq -r '.StatusCode // empty' "${dir}/.meta.json")"
  KIT_INVOKE_ERROR="$(jq -r '.FunctionError // empty' "${dir}/.meta.json")"
}

# The CLI's error output of the last failed call, on one line.
kit_invoke_failure() {
  tr '\n' ' ' <"$1/.err"
}

# Duration (ms) of the last REPORT line of a log on stdin; empty when there is none.
kit_report_duration() {
  sed -n 's/.*REPORT RequestId:.*\tDuration: \([0-9.]*\) ms.*/\1/p' | tail -n 1
}

# "Init <ms>" or "Restore <ms>" of the last REPORT line of a log on stdin that has one; empty when none has.
kit_report_init() {
  sed -n 's/.*REPORT RequestId.*\t\(Init\|Restore\) Duration: \([0-9.]*\) ms.*/\1 \2/p' | tail -n 1
}

# Request ids of the REPORT records in a log on stdin: text lines, or JSON platform.report events (LogFormat JSON).
kit_request_ids() {
  sed -n -e 's/.*REPORT RequestId: \([0-9A-Za-z-]*\).*/\1/p' \
    -e '/"platform\.report"/s/.*"requestId" *: *"\([0-9A-Za-z-]*\)".*/\1/p'
}

# kit_fetch_reports LOG_GROUP START_MS EXPECTED DEADLINE WAIT OUT [LABEL]
# Writes the REPORT and INIT_REPORT events of LOG_GROUP since START_MS (filter-log-events' JSON) to OUT. With WAIT=1
# (AWS, where the logs arrive with a lag) the query is repeated every 5 s until EXPECTED REPORT records are there or
# the clock passes DEADLINE (epoch seconds; then a warning, the tail logs have them all); with WAIT=0 (the local Lambda's
# log store has every line at once) one answer is enough. A failing query is tried 3 times; then the function returns
# 1 and the CLI's error output is in OUT.err. LABEL prefixes the progress lines (e.g. the function's name).
kit_fetch_reports() {
  local group="$1" start_ms="$2" expected="$3" deadline="$4" wait_for_all="$5" out="$6" label="${7:-}"
  local attempt=0 found
  while true; do
    attempt=$((attempt + 1))
    if kit_aws logs filter-log-events --log-group-name "${group}" --start-time "${start_ms}" \
      --filter-pattern "?REPORT ?INIT_REPORT" --output json >"${out}" 2>"${out}.err"; then
      rm -f "${out}.err"
      ((wait_for_all)) || return 0
      found="$(jq '[.events[] | select(.message | test("REPORT RequestId|platform.report"))] | length' "${out}")"
      ((found < expected)) || return 0
      if (($(date +%s) >= deadline)); then
        kit_log "warning: ${label}${found} of ${expected} REPORT lines in CloudWatch Logs after waiting; the tail logs have them all"
        return 0
      fi
      kit_log "  ${label}${found} of ${expected} REPORT lines in CloudWatch Logs so far, waiting ..."
      sleep 5
    else
      if ((attempt >= 3)) || (($(date +%s) >= deadline)); then
        return 1
      fi
      sleep 2
    fi
  done
}
