#!/usr/bin/env bash
# Puts the tables of a real run into README.md (between the example-run markers), so the README shows measured figures
# that nobody typed. Default run: results/example.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() {
  cat <<'TXT'
Usage: scripts/readme-example.sh [results/<run-id>]   (default: results/example)

Replaces the part of README.md between <!-- example-run:start --> and <!-- example-run:end --> with the run's
report/tables.md (rebuild it first with scripts/report.sh if needed).
TXT
}

# Replaces the example-run section of README ($1) with the tables ($2).
replace_example_section() {
  python3 - "$1" "$2" <<'PY'
import re, sys
readme, tables = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
body = open(tables, encoding="utf-8").read()
# the run's own title is the README section's; tables keep their ### headings
body = re.sub(r"^# .*\n+", "", body)
new = re.sub(r"(<!-- example-run:start -->\n).*?(<!-- example-run:end -->)",
             lambda m: m.group(1) + body.rstrip() + "\n" + m.group(2), text, flags=re.S)
open(readme, "w", encoding="utf-8").write(new)
PY
}

main() {
  if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
    usage
    exit 0
  fi
  local run_dir="${1:-${KIT_ROOT}/results/example}"
  local tables="${run_dir}/report/tables.md" readme="${KIT_ROOT}/README.md"
  [[ -f "${tables}" ]] || kit_die "${tables} not found: run scripts/report.sh ${run_dir} first"
  grep -q '<!-- example-run:start -->' "${readme}" || kit_die "README.md has no example-run markers"
  replace_example_section "${readme}" "${tables}"
  kit_log "README.md now shows the tables of ${run_dir}"
}

main "$@"
