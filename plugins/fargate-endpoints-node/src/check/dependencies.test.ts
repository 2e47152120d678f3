/**
 * The report's `dependencies` through the real SDK: media-worker's EFS volume, its sidecar
 * behind the ECR pull-through cache and its sidecar from the shared-services account each get
 * a row saying they hold, and the row of the one that breaks says so, while the others stay
 * as they were. This is what the card's and the CLI's "Also needed" lists show.
 */
import {
  createExampleWorld,
  ecrImage,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_HUB_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  regionOf,
  taskSecurityGroup,
  type SandboxWorld,
} from '@fargate-endpoints/aws-sandbox';
import type {
  CheckReport,
  DependencyStatus,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { useExampleSandbox } from '../__testUtils__/exampleSandbox';
import { createAwsReader } from './reader';
import { runCheck } from './runCheck';

const media = EXAMPLE_SERVICES['media-worker'];
const { sandbox, clients } = useExampleSandbox();

const check = (serviceArn = media.serviceArn) =>
  runCheck(createAwsReader(clients()), { kind: 'ecs-service', serviceArn });

const region = (world: SandboxWorld, account = EXAMPLE_ACCOUNT_ID) =>
  regionOf(world, account, EXAMPLE_REGION);

function changed(change: (world: SandboxWorld) => void) {
  const world = createExampleWorld();
  change(world);
  sandbox.world = world;
}

/** kind and status of each row, in order. */
const statuses = (report: CheckReport) =>
  (report.dependencies ?? []).map(d => `${d.kind} ${d.status}`);

const rowOf = (report: CheckReport, kind: DependencyStatus['kind']) =>
  report.dependencies!.find(d => d.kind === kind)!;

describe('dependencies', () => {
  it('lists the EFS volume and both sidecar images of the ready media-worker as holding', async () => {
    const report = await check();
    expect(report.verdict).toBe('ready');
    expect(statuses(report)).toEqual([
      'efs-volume ok',
      'pull-through-cache-image ok',
      'cross-account-image ok',
    ]);
    const efs = rowOf(report, 'efs-volume');
    expect(efs.id).toMatch(/^fs-[0-9a-f]+$/);
    expect(efs.detail).toBe(
      'a mount target in each AZ of the task subnets (eu-west-1a, eu-west-1b); NFS (TCP 2049) open both ways',
    );
    expect(rowOf(report, 'pull-through-cache-image').detail).toContain(
      'cached by the pull-through cache rule ecr-public/ (upstream public.ecr.aws)',
    );
    expect(rowOf(report, 'cross-account-image').detail).toBe(
      `the repository policy of platform/image-tools in account ${EXAMPLE_HUB_ACCOUNT_ID} lets this account pull it`,
    );
  });

  it('has no rows for a service without volumes or such images', async () => {
    const report = await check(EXAMPLE_SERVICES['payments-api'].serviceArn);
    expect(report.dependencies).toEqual([]);
  });

  it('marks the EFS row failed, and only it, when an AZ of the tasks has no mount target', async () => {
    changed(world => {
      region(world).fileSystems![0].mountTargets.pop();
    });
    const report = await check();
    expect(statuses(report)).toEqual([
      'efs-volume fail',
      'pull-through-cache-image ok',
      'cross-account-image ok',
    ]);
    expect(rowOf(report, 'efs-volume').detail).toMatch(
      /no available mount target/,
    );
  });

  it('marks the EFS row failed when the task group lets no NFS out', async () => {
    changed(world => {
      const vpc = region(world).vpcs.find(v => v.id === media.vpcId)!;
      const group = taskSecurityGroup(vpc);
      group.egress = group.egress.filter(r => r.fromPort !== 2049);
    });
    const report = await check();
    expect(rowOf(report, 'efs-volume').status).toBe('fail');
    expect(rowOf(report, 'efs-volume').detail).toMatch(/TCP 2049/);
  });

  it('marks the EFS row unknown, with the call and reason, when its mount targets cannot be read', async () => {
    sandbox.setFaults([
      { action: 'DescribeMountTargets', kind: 'access-denied' },
    ]);
    const report = await check();
    const efs = rowOf(report, 'efs-volume');
    expect(efs.status).toBe('unknown');
    expect(efs.detail).toMatch(
      /^not checked: .*DescribeMountTargets.*elasticfilesystem:DescribeMountTargets/,
    );
  });

  it('marks the image row failed when the cache does not hold its tag', async () => {
    changed(world => {
      const task = region(world).taskDefinitions.find(
        t => t.family === 'media-worker',
      )!;
      task.containerDefinitions.find(c => c.name === 'thumbnail-cache')!.image =
        ecrImage(
          EXAMPLE_ACCOUNT_ID,
          EXAMPLE_REGION,
          'ecr-public/docker/library/redis',
          '8.0',
        );
    });
    const report = await check();
    expect(statuses(report)).toEqual([
      'efs-volume ok',
      'pull-through-cache-image fail',
      'cross-account-image ok',
    ]);
    expect(rowOf(report, 'pull-through-cache-image').id).toMatch(/redis:8\.0$/);
  });

  it('marks the cache image unknown when the pull-through cache rules cannot be read', async () => {
    sandbox.setFaults([
      { action: 'DescribePullThroughCacheRules', kind: 'access-denied' },
    ]);
    const report = await check();
    expect(report.verdict).toBe('unknown');
    const rows = report.dependencies!.filter(
      d => d.kind === 'pull-through-cache-image',
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map(d => d.status)).not.toContain('ok');
    expect(rows.some(d => /redis:7\.4$/.test(d.id))).toBe(true);
    expect(rows[0].detail).toMatch(
      /^not checked: .*DescribePullThroughCacheRules/,
    );
  });

  it("marks the other account's image as a warning when its policy cannot be read, failed when it refuses", async () => {
    const refuse = (statements: object[]) =>
      changed(world => {
        region(world, EXAMPLE_HUB_ACCOUNT_ID).repositories!.find(
          r => r.name === 'platform/image-tools',
        )!.policyText = JSON.stringify({
          Version: '2012-10-17',
          Statement: statements,
        });
      });
    // Pull allowed, the policy itself not readable: a note, the verdict stays ready.
    refuse([
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${EXAMPLE_ACCOUNT_ID}:root` },
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      },
    ]);
    let report = await check();
    expect(report.verdict).toBe('ready');
    expect(rowOf(report, 'cross-account-image').status).toBe('warn');
    // Readable, but only another account may pull.
    refuse([
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${EXAMPLE_ACCOUNT_ID}:root` },
        Action: 'ecr:GetRepositoryPolicy',
      },
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::333333333333:root' },
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
      },
    ]);
    report = await check();
    expect(report.verdict).toBe('not-ready');
    expect(rowOf(report, 'cross-account-image').status).toBe('fail');
  });
});
