/**
 * What the agent fetches before the containers run, through the real SDK against the sandbox:
 * secrets, parameters, log groups and S3 objects in the task's region and in another, on an
 * isolated path and on NAT, allowed and refused by an endpoint policy. Each such fetch beyond
 * what the endpoint rows stand for is a row of the report's `dependencies`.
 */
import {
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  findEndpoint,
  regionOf,
  type SandboxWorld,
} from '@fargate-endpoints/aws-sandbox';
import type { CheckReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { useExampleSandbox } from '../__testUtils__/exampleSandbox';
import { createAwsReader } from './reader';
import { runCheck } from './runCheck';

const payments = EXAMPLE_SERVICES['payments-api'];
const reports = EXAMPLE_SERVICES['legacy-reports'];
const { sandbox, clients } = useExampleSandbox();

const check = (serviceArn = payments.serviceArn) =>
  runCheck(createAwsReader(clients()), { kind: 'ecs-service', serviceArn });

const OTHER_REGION = 'us-east-1';
const otherRegionSecret = `arn:aws:secretsmanager:${OTHER_REGION}:${EXAMPLE_ACCOUNT_ID}:secret:payments/stripe-Ab12Cd`;
const envFile = 'arn:aws:s3:::payments-config-111111111111/prod/app.env';

function changed(change: (world: SandboxWorld) => void) {
  const world = createExampleWorld();
  change(world);
  sandbox.world = world;
}

const region = (world: SandboxWorld) =>
  regionOf(world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION);

/** The first container of the service's task definition. */
function container(world: SandboxWorld, family: string) {
  return region(world).taskDefinitions.find(t => t.family === family)!
    .containerDefinitions[0];
}

const vpcOf = (world: SandboxWorld, vpcId: string) =>
  region(world).vpcs.find(v => v.id === vpcId)!;

const errors = (report: CheckReport) =>
  report.findings
    .filter(f => f.severity === 'error')
    .map(f => `${f.rule} ${f.service}`);

const fetchRows = (report: CheckReport) =>
  (report.dependencies ?? [])
    .filter(d => d.kind === 'start-fetch')
    .map(d => `${d.fetch?.service} ${d.fetch?.region} ${d.status}`);

describe('start fetches', () => {
  it('stays quiet, with no extra rows, when every fetch is in the task region and allowed', async () => {
    const report = await check();
    expect(report.verdict).toBe('ready');
    expect(report.dependencies).toEqual([]);
  });

  it('fires for a secret in another region on an isolated path, naming the choices', async () => {
    changed(world => {
      container(world, 'payments-api').secrets!.push({
        name: 'STRIPE_KEY',
        valueFrom: otherRegionSecret,
      });
    });
    const report = await check();
    expect(report.verdict).toBe('not-ready');
    expect(errors(report)).toEqual(['start-fetch-other-region secretsmanager']);
    const f = report.findings.find(x => x.rule === 'start-fetch-other-region')!;
    expect(f.resourceId).toBe(otherRegionSecret);
    expect(f.message).toContain(
      'containerDefinitions[payments-api].secrets[STRIPE_KEY]',
    );
    expect(f.message).toMatch(/no cross-Region interface endpoint/);
    expect(f.fix).toMatch(/replicate-secret-to-regions .*Region=eu-west-1/);
    expect(f.fix).toMatch(/NAT gateway/);
    expect(fetchRows(report)).toEqual([`secretsmanager ${OTHER_REGION} fail`]);
  });

  it('fires for an awslogs-region other than the task region, and asks for no logs endpoint of its own region for it', async () => {
    changed(world => {
      const c = container(world, 'payments-api');
      c.logConfiguration!.options!['awslogs-region'] = OTHER_REGION;
    });
    const report = await check();
    expect(errors(report)).toEqual(['start-fetch-other-region logs']);
    expect(report.needs).not.toContain('logs');
    expect(fetchRows(report)).toEqual([`logs ${OTHER_REGION} fail`]);
  });

  it('is quiet for a fetch in another region over NAT, with a row saying how it gets there', async () => {
    changed(world => {
      container(world, 'legacy-reports').logConfiguration!.options![
        'awslogs-region'
      ] = OTHER_REGION;
    });
    const report = await check(reports.serviceArn);
    expect(report.verdict).toBe('ready');
    expect(errors(report)).toEqual([]);
    const row = report.dependencies!.find(d => d.kind === 'start-fetch')!;
    expect(row.status).toBe('ok');
    expect(row.detail).toMatch(
      /in us-east-1, reached over the task subnets' nat path/,
    );
  });

  it('lists an environment file in S3 as fetched through the S3 gateway, allowed by its policy', async () => {
    changed(world => {
      container(world, 'payments-api').environmentFiles = [
        { value: envFile, type: 's3' },
      ];
    });
    const report = await check();
    expect(report.verdict).toBe('ready');
    expect(report.needs).toContain('s3');
    const row = report.dependencies!.find(d => d.id === envFile)!;
    expect(row).toMatchObject({
      kind: 'start-fetch',
      status: 'ok',
      fetch: {
        service: 's3',
        region: EXAMPLE_REGION,
        field: 'containerDefinitions[payments-api].environmentFiles',
      },
    });
    expect(row.detail).toMatch(
      /^s3 through vpce-[0-9a-f]+, whose policy allows it$/,
    );
  });

  it('fails the environment file when the S3 gateway policy allows only the ECR layer bucket', async () => {
    changed(world => {
      container(world, 'payments-api').environmentFiles = [
        { value: envFile, type: 's3' },
      ];
      findEndpoint(vpcOf(world, payments.vpcId), 's3')!.policyDocument =
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::prod-${EXAMPLE_REGION}-starport-layer-bucket/*`,
            },
          ],
        });
    });
    const report = await check();
    expect(errors(report)).toEqual(['endpoint-policy-denies s3']);
    const f = report.findings.find(x => x.rule === 'endpoint-policy-denies')!;
    expect(f.message).toContain(`s3:GetObject on ${envFile}`);
    expect(f.fix).toContain(envFile);
    expect(fetchRows(report)).toEqual([`s3 ${EXAMPLE_REGION} fail`]);
  });

  it('judges a Secrets Manager endpoint policy against the secrets the task names: another secret only is a refusal', async () => {
    changed(world => {
      findEndpoint(
        vpcOf(world, payments.vpcId),
        'secretsmanager',
      )!.policyDocument = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 'secretsmanager:GetSecretValue',
            Resource: `arn:aws:secretsmanager:${EXAMPLE_REGION}:${EXAMPLE_ACCOUNT_ID}:secret:orders/*`,
          },
        ],
      });
    });
    const report = await check();
    expect(errors(report)).toEqual(['endpoint-policy-denies secretsmanager']);
    expect(
      report.findings.find(x => x.rule === 'endpoint-policy-denies')!.message,
    ).toContain(
      `secretsmanager:GetSecretValue on arn:aws:secretsmanager:${EXAMPLE_REGION}:${EXAMPLE_ACCOUNT_ID}:secret:payments/db-credentials`,
    );
  });
});
