/**
 * EFS volumes through the real SDK: media-worker mounts a file system with a mount target in
 * each task AZ and NFS open both ways (ready); each way it breaks fires its rule.
 */
import {
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  regionOf,
  taskSecurityGroup,
  type SandboxWorld,
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

const errors = (report: CheckReport) =>
  report.findings.filter(f => f.severity === 'error').map(f => f.rule);

function changed(change: (world: SandboxWorld) => void) {
  const world = createExampleWorld();
  change(world);
  sandbox.world = world;
}

const region = (world: SandboxWorld) =>
  regionOf(world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION);

describe('EFS volumes', () => {
  it('is ready with a mount target per task AZ and NFS open both ways', async () => {
    const report = await check();
    expect(errors(report)).toEqual([]);
    expect(report.verdict).toBe('ready');
    expect(sandbox.callsPerAction()).toMatchObject({
      DescribeMountTargets: 1,
      DescribeMountTargetSecurityGroups: 2,
    });
  });

  it('fires efs-mount-target-missing when an AZ of the tasks has none', async () => {
    changed(world => {
      region(world).fileSystems![0].mountTargets.pop();
    });
    const report = await check();
    expect(errors(report)).toEqual(['efs-mount-target-missing']);
    expect(report.findings[0].fix).toContain('aws efs create-mount-target');
  });

  it('fires efs-nfs-blocked when the task group allows no 2049 out', async () => {
    changed(world => {
      const vpc = region(world).vpcs.find(v => v.id === media.vpcId)!;
      const group = taskSecurityGroup(vpc);
      group.egress = group.egress.filter(r => r.fromPort !== 2049);
    });
    const report = await check();
    expect(errors(report)).toEqual(['efs-nfs-blocked']);
    expect(report.findings[0].message).toContain('outbound TCP 2049');
  });

  it('fires efs-nfs-blocked when the mount target group admits no NFS from the tasks', async () => {
    changed(world => {
      const vpc = region(world).vpcs.find(v => v.id === media.vpcId)!;
      vpc.securityGroups.find(g => g.name === 'media-efs')!.ingress = [];
    });
    const report = await check();
    expect(errors(report)).toEqual(['efs-nfs-blocked']);
  });

  it('is unknown, never ready, when the mount targets cannot be read', async () => {
    sandbox.setFaults([
      { action: 'DescribeMountTargets', kind: 'access-denied' },
    ]);
    const report = await check();
    expect(errors(report)).toEqual([]);
    expect(report.verdict).toBe('unknown');
    expect(
      report.unknown.find(u => u.call === 'DescribeMountTargets')?.reason,
    ).toMatch(/elasticfilesystem:DescribeMountTargets/);
  });
});
