/**
 * The impact step of the generated workflows, run the way GitHub Actions runs it (under
 * `shell: bash` and under the default `bash -e {0}`), with a checker that exits 0, 1 or 2.
 */
import yaml from 'yaml';
import { renderServiceRepository } from '.';
import { runDeployStep } from '../__testUtils__/ciSteps';
import { parseServiceInput } from '../service/input';
import { planService } from '../service/servicePlan';
import { renderFixCiWorkflow } from './fix/fixDocs';
import { APPLY_SAVED_PLAN, IMPACT_STEP_NAME, SAVED_PLAN } from './impactStep';

function serviceWorkflow() {
  const parsed = parseServiceInput({
    name: 'svc',
    owner: 'group:default/team',
    description: 'A service',
    region: 'eu-west-1',
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return yaml.parse(
    renderServiceRepository(planService(parsed.value))[
      '.github/workflows/ci.yml'
    ],
  );
}

function fixWorkflow() {
  return yaml.parse(
    renderFixCiWorkflow({
      request: {
        name: 'orders-vpc-endpoints',
        region: 'eu-west-1',
        vpcId: 'vpc-0a1b2c3d4e5f60718',
      },
      spec: { needs: ['ecr', 'logs'] },
    } as never),
  );
}

describe.each([
  ['the generated service', serviceWorkflow(), '-var desired_count=0'],
  ['the VPC fix', fixWorkflow(), ''],
])('%s: impact before apply', (_, doc, planArgs) => {
  const steps: Array<{ name?: string; run?: string }> = doc.jobs.deploy.steps;
  const index = (predicate: (s: { name?: string; run?: string }) => boolean) =>
    steps.findIndex(predicate);

  it('plans to a file and assesses it before the first apply, which applies that file', () => {
    const impact = index(s => s.name === IMPACT_STEP_NAME);
    const firstApply = index(s => /terraform apply/.test(s.run ?? ''));
    expect(impact).toBeGreaterThan(0);
    expect(impact).toBeLessThan(firstApply);
    expect(steps[firstApply].run).toBe(APPLY_SAVED_PLAN);
    expect(steps[impact].run).toContain(
      `terraform plan -input=false -out=${SAVED_PLAN}${
        planArgs ? ` ${planArgs}` : ''
      }\n`,
    );
    expect(steps[impact].run).toContain(
      `terraform show -json ${SAVED_PLAN} > plan.json`,
    );
    expect(steps[impact].run).toContain(
      'fargate-endpoints impact --plan plan.json --region "$AWS_REGION" --markdown',
    );
  });

  it.each([
    [0, 0],
    [1, 1],
    [2, 2],
  ])(
    'a checker exiting %i ends the step with %i, under shell: bash and under bash -e',
    (exit, expected) => {
      for (const workflow of [doc, { ...doc, defaults: undefined }]) {
        const { status, stdout } = runDeployStep(
          workflow,
          IMPACT_STEP_NAME,
          exit,
        );
        expect(status).toBe(expected);
        // The summary is printed whatever the verdict, before the step ends.
        expect(stdout).toContain('"verdict"');
      }
    },
  );
});
