import type { Entity } from '@backstage/catalog-model';
import type { CheckReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { buildOverview } from './overview';

const ARN = 'arn:aws:ecs:eu-west-1:111111111111:service/shop/orders-worker';

function entity(name: string, owner?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'aws.amazon.com/amazon-ecs-service-arn': ARN },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

function report(ready: boolean): CheckReport {
  return {
    ready,
    verdict: ready ? 'ready' : 'not-ready',
    complete: true,
    path: 'isolated',
    target: {
      region: 'eu-west-1',
      accountId: '111111111111',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
      subnetIds: ['subnet-0a1b2c3d4e5f60718'],
      securityGroupIds: ['sg-0a1b2c3d4e5f60718'],
      serviceArn: ARN,
    },
    needs: ['ecr'],
    needSources: [],
    findings: ready
      ? []
      : [
          {
            rule: 'missing-endpoint',
            severity: 'error',
            service: 'ecr.api',
            message: 'No ecr.api endpoint.',
            fix: 'Add it.',
          },
        ],
    unknown: [],
    subnets: [],
    endpoints: [],
    stoppedTasks: [],
    checkedAt: '2026-12-08T00:00:00.000Z',
  } as CheckReport;
}

describe('buildOverview', () => {
  it("gives each service its owner and, when the template fixes its errors, the fix form's path", async () => {
    const overview = await buildOverview(
      [
        entity('orders-worker', 'group:default/team-orders'),
        entity('payments-api'),
      ],
      {
        concurrency: 2,
        now: () => new Date('2026-12-08T00:00:00.000Z'),
        check: async (_target, entityRef) => ({
          report: report(entityRef.endsWith('payments-api')),
        }),
      },
    );
    const [orders, payments] = overview.groups[0].services;
    expect(orders.owner).toBe('group:default/team-orders');
    expect(orders.fixTemplatePath).toMatch(
      /^\/templates\/default\/fix-vpc-endpoints\?formData=/,
    );
    expect(
      JSON.parse(
        decodeURIComponent(orders.fixTemplatePath!.split('formData=')[1]),
      ),
    ).toMatchObject({ vpcId: 'vpc-0a1b2c3d4e5f60718', needs: ['ecr'] });
    // Ready: nothing to fix; no owner in the catalog: none invented.
    expect(payments.fixTemplatePath).toBeUndefined();
    expect(payments.owner).toBeUndefined();
  });
});
