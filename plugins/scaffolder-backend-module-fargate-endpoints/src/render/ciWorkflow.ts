import type { ServicePlan } from '../service/servicePlan';
import { APPLY_SAVED_PLAN, renderImpactStep } from './impactStep';

/**
 * The checker's npm package, pinned to the version released with this module (a test holds
 * the two together). A platform can point the generated CI at another spec (a private
 * registry, a tarball URL) with the `FARGATE_ENDPOINTS_CLI` repository variable.
 */
export const CHECKER_CLI_PACKAGE = '@fargate-endpoints/cli@0.1.0';

/**
 * The GitHub Action of this repository that runs the checker (`actions/check`), at the tag of
 * the same release as {@link CHECKER_CLI_PACKAGE} (a test holds the two together).
 */
export const CHECK_ACTION =
  'fargate-endpoints/fargate-endpoints/actions/check@v0.1.0';

/**
 * A check of the network by the check action, with what it checks read from Terraform's
 * outputs first (an action's inputs cannot run commands): a step that writes each output to
 * its own step outputs, failing when `terraform output` fails, then the action, whose exit
 * code is the gate and whose JSON report lands in `reportFile` for the artifact upload.
 */
export function checkActionSteps(options: {
  name: string;
  /** The id of the step that reads the Terraform outputs. */
  id: string;
  /** Action input → Terraform output it takes its value from. */
  fromTerraform: Record<string, string>;
  /** Action inputs with fixed values. */
  inputs?: Record<string, string>;
  reportFile: string;
}): string {
  const names = Object.keys(options.fromTerraform);
  const variable = (input: string) => input.replace(/-/g, '_');
  const reads = names
    .map(
      input =>
        `          ${variable(input)}="$(terraform output -raw ${
          options.fromTerraform[input]
        })"`,
    )
    .join('\n');
  const writes = names
    .map(input => `            echo "${input}=$${variable(input)}"`)
    .join('\n');
  const withLines = [
    ['region', '${{ env.AWS_REGION }}'],
    ...names.map(input => [
      input,
      `\${{ steps.${options.id}.outputs.${input} }}`,
    ]),
    ...Object.entries(options.inputs ?? {}),
    ['cli', '${{ env.FARGATE_ENDPOINTS_CLI }}'],
    // The job has set up Node 22 already.
    ['setup-node', "'false'"],
    ['report-file', options.reportFile],
  ]
    .map(([input, value]) => `          ${input}: ${value}`)
    .join('\n');
  return `      - name: Read what "${options.name}" checks from the Terraform outputs
        id: ${options.id}
        run: |
${reads}
          {
${writes}
          } >> "$GITHUB_OUTPUT"
      - name: ${options.name}
        uses: ${CHECK_ACTION}
        with:
${withLines}
`;
}

/** `terraform init` against the S3 state backend the repository variables name. */
export function terraformInit(stateKey: string): string {
  return `terraform init -input=false \\
            -backend-config="bucket=\${{ vars.TF_STATE_BUCKET }}" \\
            -backend-config="key=${stateKey}" \\
            -backend-config="region=\${{ env.AWS_REGION }}"`;
}

/**
 * What every generated workflow opens with: the variables it needs, its triggers, the OIDC
 * permission, `shell: bash` for every step (pipefail), the region and the checker's package,
 * and the job every change runs: fmt, validate, and a plan when the role is set.
 */
export function workflowOpening(options: {
  title: string;
  region: string;
  init: string;
}): string {
  return `# CI for ${options.title}.
#
# Repository variables (Settings > Secrets and variables > Actions > Variables):
#   AWS_ROLE_ARN           role GitHub OIDC assumes (plan and deploy are skipped without it);
#                          it needs the Terraform permissions and the checker's read-only ones
#   TF_STATE_BUCKET        S3 bucket for the Terraform state
#   FARGATE_ENDPOINTS_CLI  optional: npm spec of the network checker
#                          (default ${CHECKER_CLI_PACKAGE})
# No secrets: credentials come from the OIDC role.
name: ci

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read
  id-token: write

defaults:
  run:
    # bash --noprofile --norc -eo pipefail {0}: a step fails when any command of a pipe fails.
    shell: bash

env:
  AWS_REGION: ${options.region}
  TF_IN_AUTOMATION: 'true'
  FARGATE_ENDPOINTS_CLI: \${{ vars.FARGATE_ENDPOINTS_CLI || '${CHECKER_CLI_PACKAGE}' }}

jobs:
  terraform:
    name: fmt, validate, plan
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: hashicorp/setup-terraform@v3
      - run: terraform fmt -check -recursive
      - run: terraform init -backend=false -input=false
      - run: terraform validate
      - name: Configure AWS credentials
        if: vars.AWS_ROLE_ARN != ''
        uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: \${{ vars.AWS_ROLE_ARN }}
          aws-region: \${{ env.AWS_REGION }}
      - name: terraform plan
        if: vars.AWS_ROLE_ARN != ''
        run: |
          ${options.init}
          terraform plan -input=false -lock=false
`;
}

/**
 * The deploy job up to its first apply: on main only, with the checker installed from npm,
 * Terraform without its wrapper (so `terraform output -raw` is plain), the OIDC role, init.
 */
export function deployJobOpening(name: string, init: string): string {
  return `
  deploy:
    name: ${name}
    needs: terraform
    if: github.event_name == 'push' && github.ref == 'refs/heads/main' && vars.AWS_ROLE_ARN != ''
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
      - name: Install the network checker
        run: npm install --global --no-audit --no-fund "$FARGATE_ENDPOINTS_CLI"
      - uses: hashicorp/setup-terraform@v3
        with:
          terraform_wrapper: false
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: \${{ vars.AWS_ROLE_ARN }}
          aws-region: \${{ env.AWS_REGION }}
      - name: terraform init
        run: |
          ${init}
`;
}

/** The last step of a deploy: the checker's JSON reports, kept whether the job passed or not. */
export const UPLOAD_CHECK_REPORTS = `      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: fargate-endpoints-reports
          path: '*-check.json'
          if-no-files-found: ignore
`;

/**
 * .github/workflows/ci.yml: fmt, validate and plan on every change; on main, apply the
 * network with no tasks, gate on `fargate-endpoints check`, then push the image and scale up.
 * Tasks are never started into a network that cannot serve them.
 *
 * The checks are the repository's check action (actions/check), whose step fails with the
 * checker's exit code; the steps that read Terraform's outputs for it assign each output to a
 * variable first, so a failed `terraform output` fails the step under `bash -e` too.
 */
export function renderCiWorkflow(plan: ServicePlan): string {
  const buildsImage = plan.image.kind === 'new-repository';
  const init = terraformInit(`${plan.name}/terraform.tfstate`);
  const imageVar = buildsImage ? ' -var "image_tag=${{ github.sha }}"' : '';
  const pushImage = buildsImage
    ? `
      - name: Build and push the image to the service's ECR repository
        run: |
          repo="$(terraform output -raw ecr_repository_url)"
          aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "\${repo%%/*}"
          docker build -t "$repo:\${{ github.sha }}" app
          docker push "$repo:\${{ github.sha }}"
`
    : '';
  return `${workflowOpening({
    title: plan.name,
    region: plan.region,
    init,
  })}${deployJobOpening('deploy (network gate first)', init)}${renderImpactStep(
    {
      planArgs: '-var desired_count=0',
    },
  )}      - name: Apply the network, endpoints and roles with no tasks running
        run: ${APPLY_SAVED_PLAN}
${checkActionSteps({
  name: 'Gate - the network lets Fargate tasks start',
  id: 'network',
  fromTerraform: {
    vpc: 'vpc_id',
    subnets: 'task_subnet_ids',
    'security-groups': 'task_security_group_id',
    images: 'container_image',
  },
  inputs: { needs: plan.needs.join(',') },
  reportFile: 'network-check.json',
})}${pushImage}
      - name: Apply the service with its tasks
        run: terraform apply -input=false -auto-approve${imageVar}
${checkActionSteps({
  name: 'Check the running service',
  id: 'service',
  fromTerraform: { 'ecs-service': 'ecs_service_arn' },
  reportFile: 'service-check.json',
})}${UPLOAD_CHECK_REPORTS}`;
}
