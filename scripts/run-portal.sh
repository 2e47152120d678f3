#!/usr/bin/env bash
# `yarn start`: the local AWS sandbox (an EC2/ECS-compatible endpoint with example VPCs) plus
# the portal. The backend reaches the sandbox through the SDK's standard endpoint settings,
# exactly as it would reach AWS. FARGATE_ENDPOINTS_SANDBOX=off talks to real AWS instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${FARGATE_ENDPOINTS_SANDBOX:-on}" != "off" ]]; then
  port="${FARGATE_ENDPOINTS_SANDBOX_PORT:-4566}"
  export FARGATE_ENDPOINTS_SANDBOX_PORT="$port"
  packages/aws-sandbox/bin/sandbox &
  sandbox_pid=$!
  trap 'kill "$sandbox_pid" 2>/dev/null || true' EXIT INT TERM
  for _ in $(seq 1 100); do
    (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.2
  done
  export AWS_ENDPOINT_URL_EC2="http://127.0.0.1:$port"
  export AWS_ENDPOINT_URL_ECS="http://127.0.0.1:$port"
  export AWS_ENDPOINT_URL_STS="http://127.0.0.1:$port"
  export AWS_ENDPOINT_URL_ROUTE_53="http://127.0.0.1:$port"
  export AWS_ENDPOINT_URL_ROUTE53PROFILES="http://127.0.0.1:$port"
  export AWS_ENDPOINT_URL_EFS="http://127.0.0.1:$port"
  export AWS_ENDPOINT_URL_ECR="http://127.0.0.1:$port"
  # The sandbox's shared-services account, whose VPC holds analytics-api's shared endpoints.
  export FARGATE_ENDPOINTS_HUB_ACCOUNT_ID="${FARGATE_ENDPOINTS_HUB_ACCOUNT_ID:-222222222222}"
  # Sandbox credentials: the sandbox accepts any key; these never leave this machine.
  export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-AKIASANDBOXEXAMPLE00}"
  export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-sandbox-secret}"
  export AWS_REGION="${AWS_REGION:-eu-west-1}"
  unset AWS_PROFILE AWS_SESSION_TOKEN
  # Told within a minute: the sandbox's queue of CloudTrail change events (its control routes
  # publish to it), consumed by the events SQS module and re-checked by fargateEndpoints.changes.
  queue="http://127.0.0.1:$port/111111111111/fargate-endpoints-changes"
  export APP_CONFIG_events="{\"modules\":{\"awsSqs\":{\"awsSqsConsumingEventPublisher\":{\"topics\":{\"fargate-endpoints-aws-changes\":{\"queue\":{\"url\":\"$queue\",\"region\":\"eu-west-1\",\"endpoint\":\"http://127.0.0.1:$port\",\"waitTime\":{\"seconds\":10}},\"waitTimeAfterEmptyReceive\":{\"seconds\":0}}}}}}}"
  export APP_CONFIG_fargateEndpoints_changes_enabled=true
  echo "[portal] AWS sandbox on http://127.0.0.1:$port (FARGATE_ENDPOINTS_SANDBOX=off for real AWS)" >&2
fi

yarn backstage-cli repo start "$@"
