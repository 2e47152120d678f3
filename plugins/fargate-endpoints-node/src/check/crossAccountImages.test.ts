/**
 * Images in another account's registry through the real SDK: media-worker's `image-tools`
 * sidecar comes from the shared-services account, whose repository policy lets this account
 * pull (and read the policy): ready. A policy that refuses the pull is an error; one the
 * checker may not read is an info naming what to verify, never a false error.
 */
import {
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_HUB_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  regionOf,
} from '@fargate-endpoints/aws-sandbox';
import type { CheckReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { useExampleSandbox } from '../__testUtils__/exampleSandbox';
import { createAwsReader } from './reader';
import { runCheck } from './runCheck';

const media = EXAMPLE_SERVICES['media-worker'];
const { sandbox, clients } = useExampleSandbox();

const check = () =>
  runCheck(createAwsReader(clients()), {
    kind: 'ecs-service',
    serviceArn: media.serviceArn,
  });

const rules = (report: CheckReport) =>
  report.findings
    .filter(f => f.severity !== 'warning')
    .map(f => `${f.severity} ${f.rule}`);

const SHARED_REPO = 'platform/image-tools';
const EXECUTION_ROLE = `arn:aws:iam::${EXAMPLE_ACCOUNT_ID}:role/media-worker-execution`;

function withPolicy(statements: object[] | undefined) {
  const world = createExampleWorld();
  const repository = regionOf(
    world,
    EXAMPLE_HUB_ACCOUNT_ID,
    EXAMPLE_REGION,
  ).repositories!.find(r => r.name === SHARED_REPO)!;
  repository.policyText = statements
    ? JSON.stringify({ Version: '2012-10-17', Statement: statements })
    : undefined;
  sandbox.world = world;
  return world;
}

const readable = {
  Sid: 'LetWorkloadsReadThePolicy',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${EXAMPLE_ACCOUNT_ID}:root` },
  Action: 'ecr:GetRepositoryPolicy',
};

describe('images in another account', () => {
  it("is ready when the other account's repository policy lets this account pull", async () => {
    const report = await check();
    expect(rules(report)).toEqual([]);
    expect(report.verdict).toBe('ready');
    expect(sandbox.callsPerAction().GetRepositoryPolicy).toBe(1);
  });

  it('is ready when the policy names the task execution role', async () => {
    withPolicy([
      readable,
      {
        Effect: 'Allow',
        Principal: { AWS: [EXECUTION_ROLE] },
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      },
    ]);
    const report = await check();
    expect(rules(report)).toEqual([]);
    expect(report.verdict).toBe('ready');
  });

  it('fires cross-account-image-denied when the policy lets only another account pull', async () => {
    withPolicy([
      readable,
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::333333333333:root' },
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      },
    ]);
    const report = await check();
    expect(rules(report)).toEqual(['error cross-account-image-denied']);
    expect(report.verdict).toBe('not-ready');
    const found = report.findings.find(
      f => f.rule === 'cross-account-image-denied',
    )!;
    expect(found.message).toContain(
      `does not allow ecr:BatchGetImage or ecr:GetDownloadUrlForLayer to account ${EXAMPLE_ACCOUNT_ID}`,
    );
    expect(found.terraform).toContain('resource "aws_ecr_repository_policy"');
    expect(found.terraform).toContain(EXECUTION_ROLE);
  });

  it('fires it for the one pull action the policy leaves out', async () => {
    withPolicy([
      readable,
      {
        Effect: 'Allow',
        Principal: { AWS: EXAMPLE_ACCOUNT_ID },
        Action: 'ecr:BatchGetImage',
      },
    ]);
    const report = await check();
    expect(rules(report)).toEqual(['error cross-account-image-denied']);
    expect(report.findings[0].message).toContain(
      'does not allow ecr:GetDownloadUrlForLayer to',
    );
  });

  it('is an info naming what to verify, not an error, when the policy cannot be read', async () => {
    // No statement grants this account ecr:GetRepositoryPolicy: AccessDeniedException.
    withPolicy([
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${EXAMPLE_ACCOUNT_ID}:root` },
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      },
    ]);
    const report = await check();
    expect(rules(report)).toEqual(['info cross-account-image-unverified']);
    expect(report.verdict).toBe('ready');
    const info = report.findings.find(
      f => f.rule === 'cross-account-image-unverified',
    )!;
    expect(info.message).toMatch(/ecr:GetRepositoryPolicy/);
    expect(info.message).toContain(
      `verify in account ${EXAMPLE_HUB_ACCOUNT_ID} that the policy of ${SHARED_REPO} allows ${EXAMPLE_ACCOUNT_ID}`,
    );
  });

  it("fires endpoint-policy-denies when the ecr.dkr endpoint policy allows only this account's repositories", async () => {
    const world = createExampleWorld();
    const vpc = regionOf(world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION).vpcs.find(
      v => v.id === media.vpcId,
    )!;
    vpc.endpoints.find(e =>
      e.serviceName.endsWith('.ecr.dkr'),
    )!.policyDocument = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: `arn:aws:ecr:${EXAMPLE_REGION}:${EXAMPLE_ACCOUNT_ID}:repository/*`,
        },
      ],
    });
    sandbox.world = world;
    const report = await check();
    expect(rules(report)).toEqual(['error endpoint-policy-denies']);
    expect(report.findings[0].message).toContain(
      `arn:aws:ecr:${EXAMPLE_REGION}:${EXAMPLE_HUB_ACCOUNT_ID}:repository/${SHARED_REPO}`,
    );
  });

  it('is unknown, never ready, when GetRepositoryPolicy is throttled past retries', async () => {
    sandbox.setFaults([{ action: 'GetRepositoryPolicy', kind: 'throttle' }]);
    const report = await check();
    expect(rules(report)).toEqual([]);
    expect(report.verdict).toBe('unknown');
    const unknown = report.unknown.find(u => u.call === 'GetRepositoryPolicy');
    expect(unknown?.rules).toEqual(['cross-account-image-denied']);
  });
});
