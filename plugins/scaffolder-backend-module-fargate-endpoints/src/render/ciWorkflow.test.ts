/**
 * The generated CI gate: the repository's check action (actions/check) at the pinned release,
 * fed by a step that reads Terraform's outputs, run the way GitHub Actions runs it (the
 * step's script in a file, under the shell Actions picks). The action's own behaviour (exit
 * code as the gate, summary, annotations) is tested in packages/cli (githubAction.test.ts).
 */
import { validateWorkflow } from '@action-validator/core';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { renderServiceRepository } from '.';
import { parseServiceInput } from '../service/input';
import { planService } from '../service/servicePlan';
import { CHECK_ACTION, CHECKER_CLI_PACKAGE } from './ciWorkflow';
import { runDeployStep } from '../__testUtils__/ciSteps';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

function workflowSource() {
  const parsed = parseServiceInput({
    name: 'svc',
    owner: 'group:default/team',
    description: 'A service',
    region: 'eu-west-1',
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const files = renderServiceRepository(planService(parsed.value));
  return files['.github/workflows/ci.yml'];
}

/** The inputs actions/check declares. */
function checkActionInputs(): string[] {
  const action = yaml.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'actions/check/action.yml'), 'utf8'),
  );
  return Object.keys(action.inputs);
}

/** The step that reads what a check step's `${{ steps.<id>.outputs.* }}` inputs name. */
function readerOf(doc: any, check: any) {
  const ids = new Set(
    Object.values<string>(check.with).flatMap(value =>
      [...String(value).matchAll(/steps\.([\w-]+)\.outputs\./g)].map(m => m[1]),
    ),
  );
  expect(ids.size).toBe(1);
  const [id] = ids;
  return doc.jobs.deploy.steps.find((s: any) => s.id === id);
}

describe('the generated CI gate', () => {
  const source = workflowSource();
  const doc = yaml.parse(source);
  const GATES = [
    'Gate - the network lets Fargate tasks start',
    'Check the running service',
  ];
  const stepNamed = (name: string) =>
    doc.jobs.deploy.steps.find((s: any) => s.name === name);

  it("is a valid workflow by GitHub's workflow schema", () => {
    expect(validateWorkflow(source).errors).toEqual([]);
  });

  it.each(GATES)(
    '"%s" is the check action at the pinned release, with inputs it declares',
    name => {
      const check = stepNamed(name);
      expect(check.uses).toBe(CHECK_ACTION);
      const declared = checkActionInputs();
      expect(
        Object.keys(check.with).filter(i => !declared.includes(i)),
      ).toEqual([]);
      expect(check.with.cli).toBe('${{ env.FARGATE_ENDPOINTS_CLI }}');
      // The report is kept for the artifact upload.
      expect(check.with['report-file']).toMatch(/-check\.json$/);
    },
  );

  it.each(GATES)(
    'the step before "%s" hands it every Terraform output it names',
    name => {
      const check = stepNamed(name);
      const reader = readerOf(doc, check);
      const { status, outputs } = runDeployStep(doc, reader.name, 0);
      expect(status).toBe(0);
      const handed = Object.entries<string>(check.with).flatMap(
        ([input, value]) => {
          const ref = /^\$\{\{ steps\.[\w-]+\.outputs\.([\w-]+) \}\}$/.exec(
            value,
          );
          return ref ? [{ input, output: ref[1] }] : [];
        },
      );
      expect(handed.length).toBeGreaterThan(0);
      for (const { input, output } of handed) {
        expect(output).toBe(input);
        expect(outputs[output]).toMatch(/^fake-/);
      }
    },
  );

  it.each(GATES)(
    'the step before "%s" fails when Terraform cannot say, under either shell',
    name => {
      const reader = readerOf(doc, stepNamed(name));
      expect(
        runDeployStep(doc, reader.name, 0, { terraformExit: 1 }).status,
      ).not.toBe(0);
      expect(
        runDeployStep({ ...doc, defaults: undefined }, reader.name, 0, {
          terraformExit: 1,
        }).status,
      ).not.toBe(0);
    },
  );

  it('checks the network with the needs and image of the plan', () => {
    const gate = stepNamed(GATES[0]);
    expect(gate.with.needs).toBe('ecr,logs');
    expect(gate.with.images).toBe('${{ steps.network.outputs.images }}');
    expect(stepNamed(GATES[1]).with['ecs-service']).toBe(
      '${{ steps.service.outputs.ecs-service }}',
    );
  });

  it('runs every step with shell: bash, and says why', () => {
    expect(doc.defaults.run.shell).toBe('bash');
  });

  it('pins the checker from npm, overridable by a repository variable', () => {
    expect(doc.env.FARGATE_ENDPOINTS_CLI).toBe(
      `\${{ vars.FARGATE_ENDPOINTS_CLI || '${CHECKER_CLI_PACKAGE}' }}`,
    );
    const steps = doc.jobs.deploy.steps;
    expect(steps.filter((s: any) => s.with?.repository)).toEqual([]);
  });

  it('pins the CLI version and the action tag this repository releases', () => {
    const cli = JSON.parse(
      fs.readFileSync(
        path.join(REPO_ROOT, 'packages/cli/package.json'),
        'utf8',
      ),
    );
    expect(CHECKER_CLI_PACKAGE).toBe(`${cli.name}@${cli.version}`);
    expect(CHECK_ACTION).toMatch(new RegExp(`/actions/check@v${cli.version}$`));
    const action = yaml.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'actions/check/action.yml'), 'utf8'),
    );
    expect(action.inputs.cli.default).toBe(CHECKER_CLI_PACKAGE);
  });
});
