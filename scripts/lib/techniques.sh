#!/usr/bin/env bash
# What run-experiments.sh knows of the kit's techniques, read with jq from scripts/lib/techniques.json. That file is
# generated with template.yaml from one table (kit-checks' TemplateGenerator; TemplateIsFreshTest keeps it fresh), so a
# new technique needs no change here. Sourced after common.sh, not run.
# shellcheck disable=SC2016 # the $names in single quotes are jq's, not the shell's

KIT_TECHNIQUES_FILE="${KIT_ROOT}/scripts/lib/techniques.json"

# jq over techniques.json, e.g. techniques_jq -r '.techniques[].name'
techniques_jq() {
  jq "$@" "${KIT_TECHNIQUES_FILE}"
}

# Names of all techniques, comma-separated, in the talk's order (the AWS default).
techniques_all() {
  techniques_jq -r '[.techniques[].name] | join(",")'
}

# Names of the techniques that run on the local Lambda (the local default).
techniques_local() {
  techniques_jq -r '[.techniques[] | select(.runsLocally) | .name] | join(",")'
}

# Names of the techniques that run on AWS only, comma-separated with a space.
techniques_aws_only() {
  techniques_jq -r '[.techniques[] | select(.runsLocally | not) | .name] | join(", ")'
}

# Whether a technique is in techniques.json.
technique_is_known() {
  techniques_jq -e --arg t "$1" 'any(.techniques[]; .name == $t)' >/dev/null
}

# Whether a technique's tables compare cold starts (a local run then forces more of them).
technique_compares_cold_starts() {
  techniques_jq -e --arg t "$1" 'any(.techniques[]; .name == $t and .comparesColdStarts)' >/dev/null
}

# Why a technique runs on AWS only; empty when it runs locally too.
technique_aws_only_because() {
  techniques_jq -r --arg t "$1" '.techniques[] | select(.name == $t) | .awsOnlyBecause // empty'
}

# "technique sizes" lines (sizes comma-separated, as deployed by template.yaml) for the techniques given (comma list),
# in their order.
techniques_sizes() {
  techniques_jq -r --arg ts "$1" '($ts | split(",")[]) as $n | .techniques[] | select(.name == $n)
    | "\(.name) \(.memorySizes | join(","))"'
}

# {"technique": [local default sizes], ...}
techniques_local_sizes_json() {
  techniques_jq -c '[.techniques[] | {key: .name, value: .localMemorySizes}] | from_entries'
}

# The local default sizes in words, e.g. "scale-up, parallel at 128,...,3008; context-reuse, ... at 1024".
techniques_local_sizes_text() {
  techniques_jq -r '[.techniques[] | select(.runsLocally)] | group_by(.localMemorySizes | join(","))
    | sort_by(-(.[0].localMemorySizes | length))
    | map("\(map(.name) | join(", ")) at \(.[0].localMemorySizes | join(","))") | join("; ")'
}

# Names of the techniques whose tables compare cold starts, comma-separated with a space.
techniques_comparing_cold_starts() {
  techniques_jq -r '[.techniques[] | select(.comparesColdStarts) | .name] | join(", ")'
}

# Names among the techniques given (comma list) that list the kit bucket (locally: a moto_server S3 stands in).
techniques_listing_bucket() {
  techniques_jq -r --arg ts "$1" '[($ts | split(",")) as $ts | .techniques[] | select(.listsBucket)
    | select(.name as $n | $ts | index($n)) | .name] | join(",")'
}

# Logical ids of every function that lists the kit bucket, one a line.
techniques_bucket_functions() {
  techniques_jq -r '.techniques[] | select(.listsBucket) | .functions[].logicalId'
}

# Per function (a functions.json array on stdin): what the runner does with it, as TSV lines
# "name technique variant memoryMB listsBucket groupOrder group alias", where group is its technique's round-robin
# group, groupOrder the position of the group's first technique in the talk's order, and alias the one SAM publishes a
# SnapStart variant's versions under (empty when the variant does not use SnapStart).
techniques_plan_rows() {
  jq -r --slurpfile kit "${KIT_TECHNIQUES_FILE}" '
    ($kit[0].techniques) as $ts
    | ($ts | map({key: .name, value: .}) | from_entries) as $by
    | ($ts | to_entries | group_by(.value.roundRobinGroup)
       | map({key: .[0].value.roundRobinGroup, value: (map(.key) | min)}) | from_entries) as $order
    | .[] | $by[.technique] as $t | .variant as $v
    | [.name, .technique, .variant, (.memoryMB | tostring), ($t.listsBucket | tostring),
       ($order[$t.roundRobinGroup] | tostring), $t.roundRobinGroup,
       ([$t.variants[] | select(.name == $v) | .alias // empty] | first // "")] | @tsv'
}
