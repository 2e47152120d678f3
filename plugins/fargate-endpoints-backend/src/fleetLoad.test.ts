import { Entity } from '@backstage/catalog-model';
import {
  AwsSandbox,
  registerSandboxTestHooks,
  createFleetWorld,
  describeFleet,
  EXAMPLE_ACCOUNT_ID,
} from '@fargate-endpoints/aws-sandbox';
import type { EntityReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import request from 'supertest';
import {
  reportPath,
  startSandboxBackend,
} from './__testUtils__/sandboxBackend';

/** 200 services in 10 VPCs (one cluster each) over two regions. */
const fleet = {
  services: 200,
  vpcs: 10,
  regions: ['eu-west-1', 'us-east-1'],
  accountId: EXAMPLE_ACCOUNT_ID,
};
const plans = describeFleet(fleet);
const entities: Entity[] = plans.map(plan => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: plan.serviceName,
    namespace: 'default',
    annotations: { 'aws.amazon.com/amazon-ecs-service-arn': plan.serviceArn },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-fleet' },
}));

// Network time per call, so that the 200 requests overlap the VPC reads they share.
const sandbox = new AwsSandbox(createFleetWorld(fleet), { latencyMs: 25 });
registerSandboxTestHooks(sandbox, { onUnhandledRequest: 'bypass' });

const EXPECTED_VERDICT = {
  healthy: 'ready',
  nat: 'ready',
  'missing-ecr-api': 'not-ready',
  's3-wrong-route-table': 'not-ready',
} as const;

describe('fleet load', () => {
  it('answers 200 concurrent report requests over 10 VPCs with at most one read per VPC and no errors', async () => {
    const server = await startSandboxBackend({ entities });

    const answers = await Promise.all(
      plans.map(plan => request(server).get(reportPath(plan.serviceName))),
    );

    expect(answers.map(a => a.status)).toEqual(plans.map(() => 200));
    const reports: EntityReport[] = answers.map(a => a.body);
    expect(reports.filter(r => r.unknown.length > 0)).toEqual([]);
    expect(reports.map(r => r.verdict)).toEqual(
      plans.map(p => EXPECTED_VERDICT[p.design]),
    );

    // One read per VPC, whatever the number of services asking for it at once.
    const vpcIds = [...new Set(reports.map(r => r.target.vpcId!))];
    expect(vpcIds).toHaveLength(10);
    for (const vpcId of vpcIds) {
      for (const action of [
        'DescribeRouteTables',
        'DescribeSubnets',
        'DescribeVpcEndpoints',
        'DescribeSecurityGroups',
        'DescribeNetworkAcls',
      ]) {
        expect({
          vpcId,
          action,
          calls: sandbox.countCalls({ action, vpcId }),
        }).toEqual({ vpcId, action, calls: 1 });
      }
    }
    // The S3 prefix list is read once per region.
    expect(sandbox.countCalls({ action: 'DescribePrefixLists' })).toBe(2);
    expect(sandbox.calls.filter(c => c.status >= 400)).toEqual([]);
  }, 60_000);
});
