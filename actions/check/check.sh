#!/usr/bin/env bash
# The action's check step: runs the installed checker with the inputs as flags, hands its
# JSON report to report.mjs (summary, annotations, outputs) and exits with the checker's code,
# which is the gate. Actions runs it under `bash --noprofile --norc -eo pipefail`.
set -euo pipefail

args=(check --json)
flag() { if [[ -n "$2" ]]; then args+=("$1" "$2"); fi; }
flag --ecs-service "$INPUT_ECS_SERVICE"
flag --region "$INPUT_REGION"
flag --vpc "$INPUT_VPC"
flag --subnets "$INPUT_SUBNETS"
flag --security-groups "$INPUT_SECURITY_GROUPS"
flag --needs "$INPUT_NEEDS"
flag --images "$INPUT_IMAGES"
flag --account-id "$INPUT_ACCOUNT_ID"
flag --hub-account "$INPUT_HUB_ACCOUNT"
flag --hub-role-arn "$INPUT_HUB_ROLE_ARN"
case "$INPUT_ASSIGN_PUBLIC_IP" in
  true) args+=(--assign-public-ip) ;;
  false | '') ;;
  *)
    echo "::error title=fargate-endpoints check::Invalid input assign-public-ip: '$INPUT_ASSIGN_PUBLIC_IP'; use 'true' or 'false'"
    exit 2
    ;;
esac

dir="${RUNNER_TEMP:-$(mktemp -d)}/fargate-endpoints-check-$$"
mkdir -p "$dir"
report="${INPUT_REPORT_FILE:-$dir/report.json}"
stderr="$dir/stderr.txt"

set +e
"${FARGATE_ENDPOINTS_BIN:-fargate-endpoints}" "${args[@]}" >"$report" 2>"$stderr"
code=$?
set -e
# The checker's own words on stderr (bad input, hub hints) stay in the log.
cat "$stderr" >&2

node "$GITHUB_ACTION_PATH/report.mjs" "$report" "$code" "$stderr"
exit "$code"
