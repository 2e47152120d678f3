/**
 * `fargate-endpoints impact` through the real SDK against the sandbox's example world, with
 * plan files in HashiCorp's JSON output format (src/__fixtures__/plans) and the example
 * catalog (examples/entities.yaml) for owners.
 */
import { join } from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import {
  addToWorld,
  AwsSandbox,
  createExampleWorld,
  ecrImage,
  ecsService,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  regionOf,
  registerSandboxTestHooks,
} from '@fargate-endpoints/aws-sandbox';
import {
  createAwsClients,
  type PlanImpact,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { runCli } from './run';

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, { world: createExampleWorld });

const plans = join(__dirname, '__fixtures__', 'plans');
const catalog = join(__dirname, '..', '..', '..', 'examples', 'entities.yaml');

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    createClients: o =>
      createAwsClients({
        ...o,
        credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
        retryBaseDelayMs: 1,
        maxAttempts: 2,
      }),
  });
  return { code, stdout, stderr };
}

describe('fargate-endpoints impact --plan', () => {
  it('exits 1 for a plan deleting payments-api ecr.api endpoint, naming the service, cluster, owner, finding and address', async () => {
    const { code, stdout, stderr } = await run([
      'impact',
      '--plan',
      join(plans, 'delete-payments-ecr-api.json'),
      '--catalog',
      catalog,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toContain(
      'BREAKS: this plan stops Fargate services from starting',
    );
    expect(stdout).toContain(
      'payments-api  (cluster shop, owner team-payments, component:default/payments-api)  ready -> not ready',
    );
    expect(stdout).toMatch(
      /missing-endpoint ecr\.api: .+\n\s+caused by aws_vpc_endpoint\.ecr_api/,
    );
  });

  it('--json: the same impact as one object; --markdown: a pull-request comment', async () => {
    const json = await run([
      'impact',
      '--plan',
      join(plans, 'delete-payments-ecr-api.json'),
      '--catalog',
      catalog,
      '--json',
    ]);
    expect(json.code).toBe(1);
    const impact: PlanImpact = JSON.parse(json.stdout);
    expect(impact.verdict).toBe('breaks');
    expect(impact.services).toEqual([
      expect.objectContaining({
        serviceArn: EXAMPLE_SERVICES['payments-api'].serviceArn,
        outcome: 'breaks',
        entity: {
          ref: 'component:default/payments-api',
          owner: 'team-payments',
        },
        newFindings: [
          expect.objectContaining({
            finding: expect.objectContaining({
              rule: 'missing-endpoint',
              service: 'ecr.api',
            }),
            causes: ['aws_vpc_endpoint.ecr_api'],
          }),
        ],
      }),
    ]);
    const markdown = await run([
      'impact',
      '--plan',
      join(plans, 'delete-payments-ecr-api.json'),
      '--catalog',
      catalog,
      '--markdown',
    ]);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toContain(
      '### :x: This plan stops Fargate services from starting',
    );
    expect(markdown.stdout).toMatch(
      /\| `payments-api` \| shop \| team-payments \| `missing-endpoint` \(ecr\.api\): .+ \| `aws_vpc_endpoint\.ecr_api` \|/,
    );
  });

  it('exits 0 for the same plan with the endpoint kept', async () => {
    const { code, stdout, stderr } = await run([
      'impact',
      '--plan',
      join(plans, 'keep-payments-ecr-api.json'),
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(
      'SAFE: this plan stops no Fargate service from starting',
    );
  });

  it('names every service whose subnets use the route table a plan takes off the S3 gateway', async () => {
    const vpc = regionOf(
      sandbox.world,
      EXAMPLE_ACCOUNT_ID,
      EXAMPLE_REGION,
    ).vpcs.find(v => v.id === EXAMPLE_SERVICES['payments-api'].vpcId)!;
    addToWorld(
      sandbox.world,
      { accountId: EXAMPLE_ACCOUNT_ID, region: EXAMPLE_REGION },
      {
        services: [
          ecsService({
            accountId: EXAMPLE_ACCOUNT_ID,
            region: EXAMPLE_REGION,
            serviceName: 'payments-batch',
            clusterName: 'batch',
            vpc,
            image: ecrImage(
              EXAMPLE_ACCOUNT_ID,
              EXAMPLE_REGION,
              'payments-batch',
              '1.0.0',
            ),
          }),
        ],
      },
    );
    const { code, stdout } = await run([
      'impact',
      '--plan',
      join(plans, 's3-gateway-drops-task-route-table.json'),
      '--json',
    ]);
    expect(code).toBe(1);
    const impact: PlanImpact = JSON.parse(stdout);
    expect(
      impact.services.map(s => [
        s.serviceName,
        s.clusterName,
        s.outcome,
        s.newFindings[0]?.finding.rule,
        s.newFindings[0]?.causes,
      ]),
    ).toEqual([
      [
        'payments-batch',
        'batch',
        'breaks',
        's3-route-table-missing',
        ['aws_vpc_endpoint.s3'],
      ],
      [
        'payments-api',
        'shop',
        'breaks',
        's3-route-table-missing',
        ['aws_vpc_endpoint.s3'],
      ],
    ]);
  });

  describe('exit 2 when it cannot tell', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'impact-'));
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it.each([
      [['impact'], 'impact needs --plan FILE'],
      [['impact', '--plan', 'nope.json'], '--plan: cannot read nope.json'],
      [
        ['impact', '--plan', 'x', '--json', '--markdown'],
        '--json and --markdown are two outputs',
      ],
      [['impact', '--plan', 'x', '--colour'], 'unknown flag --colour'],
    ])('%j', async (argv, message) => {
      const { code, stderr } = await run(argv);
      expect(code).toBe(2);
      expect(stderr).toContain(message);
    });

    it('a file that is not a plan, naming the field', async () => {
      const file = join(dir, 'state.json');
      await writeFile(
        file,
        JSON.stringify({ format_version: '1.0', values: {} }),
      );
      const { code, stderr } = await run([
        'impact',
        '--plan',
        file,
        '--region',
        EXAMPLE_REGION,
      ]);
      expect(code).toBe(2);
      expect(stderr).toContain(
        '--plan: resource_changes: this is a state, not a plan',
      );
    });

    it('a replacement whose subnets are known only after apply', async () => {
      const file = join(dir, 'plan.json');
      const plan = JSON.parse(
        JSON.stringify(
          require('./__fixtures__/plans/delete-payments-ecr-api.json'),
        ),
      );
      const change = plan.resource_changes[0].change;
      change.actions = ['delete', 'create'];
      change.after = { ...change.before, id: null, subnet_ids: null };
      change.after_unknown = { id: true, subnet_ids: true };
      plan.configuration.root_module.resources = [
        {
          address: 'aws_vpc_endpoint.ecr_api',
          mode: 'managed',
          type: 'aws_vpc_endpoint',
          name: 'ecr_api',
          expressions: {
            subnet_ids: {
              references: [
                'module.network.private_subnet_ids',
                'module.network',
              ],
            },
          },
        },
      ];
      await writeFile(file, JSON.stringify(plan));
      const { code, stdout, stderr } = await run(['impact', '--plan', file]);
      expect(code).toBe(2);
      expect(stdout).toContain('CANNOT TELL');
      expect(stderr).toContain(
        'cannot tell (aws_vpc_endpoint.ecr_api: subnet_ids is known only after apply)',
      );
    });
  });
});
