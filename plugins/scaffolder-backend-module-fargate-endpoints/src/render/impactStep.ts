/**
 * The deploy step that stops a change before it breaks someone else's service: plan to a
 * file, write the plan as JSON, and run `fargate-endpoints impact` on it; the apply that
 * follows applies exactly that plan file ({@link APPLY_SAVED_PLAN}).
 *
 * The checker's exit status decides the step: 0 the plan stops no Fargate service in the VPCs
 * it touches, 1 it does, 2 it cannot tell (a value known only after apply that a rule needs,
 * or a read that failed): the last two stop the job before `apply`. The status is captured
 * and re-raised explicitly, so the step fails whichever shell runs it (`bash -e {0}` without
 * pipefail, or `shell: bash`'s `-eo pipefail`), and the markdown summary is written to the
 * job summary and the log first.
 */

/** The step's name, as the workflow shows it. */
export const IMPACT_STEP_NAME =
  'Impact - the plan stops no Fargate service from starting';

/** The plan file the impact step writes and the apply step applies. */
export const SAVED_PLAN = 'plan.tfplan';

/** `terraform apply` of the plan the impact step assessed. */
export const APPLY_SAVED_PLAN = `terraform apply -input=false ${SAVED_PLAN}`;

/**
 * The impact step of a deploy job. `planArgs` are the `terraform plan` arguments the apply
 * would have been given (for example `-var desired_count=0`).
 */
export function renderImpactStep(options: { planArgs?: string } = {}): string {
  const planArgs = options.planArgs ? ` ${options.planArgs}` : '';
  return `      - name: ${IMPACT_STEP_NAME}
        run: |
          terraform plan -input=false -out=${SAVED_PLAN}${planArgs}
          terraform show -json ${SAVED_PLAN} > plan.json
          status=0
          fargate-endpoints impact --plan plan.json --region "$AWS_REGION" --markdown > plan-impact.md || status=$?
          cat plan-impact.md
          cat plan-impact.md >> "\${GITHUB_STEP_SUMMARY:-/dev/null}"
          exit "$status"
`;
}
