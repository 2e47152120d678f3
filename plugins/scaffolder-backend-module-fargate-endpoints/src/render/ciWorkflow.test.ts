/**
 * The generated CI gate, run the way GitHub Actions runs it: the step's script in a file,
 * under the shell Actions picks (`bash --noprofile --norc -eo pipefail {0}` for `shell:
 * bash`, `bash -e {0}` without it), with a checker that reports not ready. The job must fail.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { renderServiceRepository } from '.';
import { parseServiceInput } from '../service/input';
import { planService } from '../service/servicePlan';
import { CHECKER_CLI_PACKAGE } from './ciWorkflow';
import { runDeployStep } from '../__testUtils__/ciSteps';

function workflow() {
  const parsed = parseServiceInput({
    name: 'svc',
    owner: 'group:default/team',
    description: 'A service',
    region: 'eu-west-1',
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const files = renderServiceRepository(planService(parsed.value));
  return yaml.parse(files['.github/workflows/ci.yml']);
}

describe('the generated CI gate', () => {
  const doc = workflow();
  const GATES = [
    'Gate - the network lets Fargate tasks start',
    'Check the running service',
  ];

  it.each(GATES)('"%s" fails the job when the checker says not ready', name => {
    const { status, stdout, dir } = runDeployStep(doc, name, 1);
    expect(status).not.toBe(0);
    // The report was still written for the artifact upload.
    expect(stdout).toContain('"verdict": "not-ready"');
    expect(
      fs.readdirSync(dir).filter(f => f.endsWith('-check.json')),
    ).toHaveLength(1);
  });

  it.each(GATES)('"%s" passes when the checker says ready', name => {
    expect(runDeployStep(doc, name, 0).status).toBe(0);
  });

  it.each(GATES)(
    '"%s" fails even under the default shell, without shell: bash',
    name => {
      const withoutDefaults = { ...doc, defaults: undefined };
      expect(runDeployStep(withoutDefaults, name, 1).status).not.toBe(0);
    },
  );

  it('runs every step with shell: bash, and says why', () => {
    expect(doc.defaults.run.shell).toBe('bash');
  });

  it('installs the checker from npm at a pinned version, not from a platform checkout', () => {
    const steps = doc.jobs.deploy.steps;
    expect(steps.filter((s: any) => s.with?.repository)).toEqual([]);
    expect(doc.env.FARGATE_ENDPOINTS_CLI).toBe(
      `\${{ vars.FARGATE_ENDPOINTS_CLI || '${CHECKER_CLI_PACKAGE}' }}`,
    );
    expect(steps.map((s: any) => s.run).join('\n')).toContain(
      'npm install --global --no-audit --no-fund "$FARGATE_ENDPOINTS_CLI"',
    );
  });

  it('pins the CLI version this repository releases', () => {
    const cli = JSON.parse(
      fs.readFileSync(
        path.resolve(__dirname, '../../../../packages/cli/package.json'),
        'utf8',
      ),
    );
    expect(CHECKER_CLI_PACKAGE).toBe(`${cli.name}@${cli.version}`);
  });
});
