import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AwsSandbox,
  registerSandboxTestHooks,
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
} from '@fargate-endpoints/aws-sandbox';
import type {
  EntityReport,
  OverviewResponse,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import request from 'supertest';
import {
  reportPath,
  startSandboxBackend,
  TEST_MAIN_ACCESS_KEY_ID,
} from './__testUtils__/sandboxBackend';

const {
  'payments-api': payments,
  'orders-worker': orders,
  'legacy-reports': legacy,
} = EXAMPLE_SERVICES;

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-shop' },
  };
}

const ecsLinked = (name: string, arn: string) =>
  component(name, { 'aws.amazon.com/amazon-ecs-service-arn': arn });

const entities = [
  ecsLinked('payments-api', payments.serviceArn),
  ecsLinked('orders-worker', orders.serviceArn),
  ecsLinked('legacy-reports', legacy.serviceArn),
  // A service not in ECS yet, in the payments VPC, linked by its network.
  component('payments-batch', {
    'fargate-endpoints.io/region': EXAMPLE_REGION,
    'fargate-endpoints.io/account-id': EXAMPLE_ACCOUNT_ID,
    'fargate-endpoints.io/vpc-id': payments.vpcId,
    'fargate-endpoints.io/subnet-ids': payments.subnetIds.join(','),
    'fargate-endpoints.io/security-group-ids':
      payments.securityGroupIds.join(','),
    'fargate-endpoints.io/needs': 'ecr,logs',
  }),
  // The same VPC named without an account id: the main account.
  component('payments-preview', {
    'fargate-endpoints.io/region': EXAMPLE_REGION,
    'fargate-endpoints.io/vpc-id': payments.vpcId,
    'fargate-endpoints.io/subnet-ids': payments.subnetIds.join(','),
    'fargate-endpoints.io/security-group-ids':
      payments.securityGroupIds.join(','),
  }),
  ecsLinked(
    'rogue',
    `arn:aws:ecs:${EXAMPLE_REGION}:999999999999:service/shop/rogue`,
  ),
  component('plain-website', {}),
];

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, { onUnhandledRequest: 'bypass' });

const startBackend = () =>
  startSandboxBackend({
    entities,
    fargateEndpoints: { maxAttempts: 2, requestTimeout: 5 },
  });

describe('the fargate-endpoints backend over the AWS sandbox', () => {
  it('reports the healthy example ready', async () => {
    const server = await startBackend();
    const res = await request(server).get(reportPath('payments-api'));
    expect(res.status).toBe(200);
    const report: EntityReport = res.body;
    expect(report).toMatchObject({
      entityRef: 'component:default/payments-api',
      verdict: 'ready',
      ready: true,
      path: 'isolated',
      stale: false,
      target: { serviceArn: payments.serviceArn, vpcId: payments.vpcId },
    });
    expect(report.findings.filter(f => f.severity === 'error')).toEqual([]);
    expect(report.ageSeconds).toBeLessThan(5);
  });

  it('reports the broken example not ready: ecr.api missing, S3 gateway on the wrong route table', async () => {
    const server = await startBackend();
    const res = await request(server).get(reportPath('orders-worker'));
    expect(res.status).toBe(200);
    const report: EntityReport = res.body;
    expect(report.verdict).toBe('not-ready');
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          rule: 'missing-endpoint',
          service: 'ecr.api',
          severity: 'error',
        }),
        expect.objectContaining({
          rule: 's3-route-table-missing',
          severity: 'error',
        }),
      ]),
    );
  });

  it('checks a service linked by its network annotations', async () => {
    const server = await startBackend();
    const res = await request(server).get(reportPath('payments-batch'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      verdict: 'ready',
      target: { vpcId: payments.vpcId },
    });
  });

  it('turns an AWS fault into an unknown check in a 200 answer, never a 500', async () => {
    const server = await startBackend();
    sandbox.setFaults([
      { action: 'DescribeSecurityGroups', kind: 'access-denied' },
    ]);
    const res = await request(server).get(reportPath('payments-api'));
    expect(res.status).toBe(200);
    const report: EntityReport = res.body;
    expect(report.verdict).not.toBe('ready');
    expect(report.ready).toBe(false);
    expect(report.complete).toBe(false);
    expect(report.unknown).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          call: 'DescribeSecurityGroups',
          reason: expect.stringMatching(
            /not authorized to perform ec2:DescribeSecurityGroups/,
          ),
        }),
      ]),
    );
    expect(JSON.stringify(report)).not.toContain(TEST_MAIN_ACCESS_KEY_ID);
  });

  it('checks explicit network input, and rejects a subnet of another VPC naming the field', async () => {
    const server = await startBackend();
    const body = {
      region: EXAMPLE_REGION,
      accountId: EXAMPLE_ACCOUNT_ID,
      vpcId: orders.vpcId,
      subnetIds: orders.subnetIds,
      securityGroupIds: orders.securityGroupIds,
      needs: ['ecr', 'logs'],
    };
    const ok = await request(server)
      .post('/api/fargate-endpoints/v1/check')
      .send(body);
    expect(ok.status).toBe(200);
    expect(ok.body.verdict).toBe('not-ready');
    expect(ok.body.findings.map((f: { rule: string }) => f.rule)).toContain(
      'missing-endpoint',
    );

    const mixed = await request(server)
      .post('/api/fargate-endpoints/v1/check')
      .send({ ...body, subnetIds: payments.subnetIds });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.message).toMatch(
      /^subnetIds: subnet-\w+.* not in vpc-/,
    );
  });

  it('refuses an account that config does not allow with 403 and makes no AWS call', async () => {
    const server = await startBackend();
    const res = await request(server).get(reportPath('rogue'));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /AWS account 999999999999 is not one this Backstage may read/,
    );
    expect(sandbox.calls).toEqual([]);
  });

  it('answers 400 with what to annotate for an entity that is not linked, 404 for an unknown entity', async () => {
    const server = await startBackend();
    const plain = await request(server).get(reportPath('plain-website'));
    expect(plain.status).toBe(400);
    expect(plain.body.error.message).toMatch(
      /not linked to a Fargate service: add the annotation/,
    );
    const missing = await request(server).get(reportPath('nobody'));
    expect(missing.status).toBe(404);
  });

  it('rejects unauthenticated calls with 401 but answers /health', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get(reportPath('payments-api'))
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
    const health = await request(server)
      .get('/api/fargate-endpoints/health')
      .set('Authorization', mockCredentials.none.header());
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  });

  it('gives the overview grouped by account, region and VPC, with problems listed, not thrown', async () => {
    const server = await startBackend();
    const res = await request(server).get('/api/fargate-endpoints/v1/overview');
    expect(res.status).toBe(200);
    const overview: OverviewResponse = res.body;
    const group = (vpcId: string) =>
      overview.groups.find(
        g => g.accountId === EXAMPLE_ACCOUNT_ID && g.vpcId === vpcId,
      );
    expect(
      group(payments.vpcId)?.services.map(s => [s.entityRef, s.verdict]),
    ).toEqual([
      ['component:default/payments-api', 'ready'],
      ['component:default/payments-batch', 'ready'],
      ['component:default/payments-preview', 'ready'],
    ]);
    expect(
      overview.groups.filter(g => g.vpcId === payments.vpcId),
    ).toHaveLength(1);
    expect(group(orders.vpcId)?.services).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/orders-worker',
        verdict: 'not-ready',
        errorRules: expect.arrayContaining([
          'missing-endpoint',
          's3-route-table-missing',
        ]),
        // The overview names the endpoint and the route table, not only the rule.
        errorHeadlines: expect.arrayContaining([
          'no ecr.api endpoint',
          expect.stringMatching(/^S3 route missing on rtb-/),
        ]),
      }),
    ]);
    expect(group(legacy.vpcId)?.services[0]).toMatchObject({
      verdict: 'ready',
      path: 'nat',
    });
    const rogue = overview.groups.find(g => g.accountId === '999999999999');
    expect(rogue?.services[0]).toMatchObject({
      entityRef: 'component:default/rogue',
      verdict: 'unknown',
      problem: expect.stringMatching(/not one this Backstage may read/),
    });
    // The entity without annotations is not part of the fleet.
    expect(JSON.stringify(overview)).not.toContain('plain-website');
  });
});

describe('a service generated by the template but not deployed yet', () => {
  const plan =
    'a new isolated VPC 10.0.0.0/16 in 2 AZs, endpoints ecr.api, ecr.dkr, logs, s3';
  const generated = [
    // With the account id the template writes the planned ECS service ARN; ECS has no such service yet.
    component('fresh-api', {
      'aws.amazon.com/amazon-ecs-service-arn': payments.serviceArn.replace(
        'payments-api',
        'fresh-api',
      ),
      'fargate-endpoints.io/region': EXAMPLE_REGION,
      'fargate-endpoints.io/needs': 'ecr,logs',
      'fargate-endpoints.io/network-plan': plan,
    }),
    // Without an account id: only the region and the plan.
    component('fresh-newvpc', {
      'fargate-endpoints.io/region': EXAMPLE_REGION,
      'fargate-endpoints.io/needs': 'ecr,logs',
      'fargate-endpoints.io/network-plan': plan,
    }),
    // An existing VPC: its id and subnets are known, the task security group not yet.
    component('fresh-existing', {
      'fargate-endpoints.io/region': EXAMPLE_REGION,
      'fargate-endpoints.io/vpc-id': payments.vpcId,
      'fargate-endpoints.io/subnet-ids': payments.subnetIds.join(','),
      'fargate-endpoints.io/network-plan': `existing VPC ${payments.vpcId}`,
    }),
    // Not generated: a missing service stays a 404.
    ecsLinked(
      'gone-api',
      payments.serviceArn.replace('payments-api', 'gone-api'),
    ),
  ];
  const start = () =>
    startSandboxBackend({
      entities: generated,
      fargateEndpoints: { maxAttempts: 2, requestTimeout: 5 },
    });

  it.each(['fresh-api', 'fresh-newvpc', 'fresh-existing'])(
    '%s says "not deployed yet" with its plan: unknown, not an error, not ready',
    async name => {
      const server = await start();
      const res = await request(server).get(reportPath(name));
      expect(res.status).toBe(200);
      const report: EntityReport = res.body;
      expect(report).toMatchObject({
        verdict: 'unknown',
        ready: false,
        findings: [],
        notDeployed: {
          networkPlan: expect.any(String),
          linkedBy: expect.stringMatching(/terraform apply/),
        },
      });
      expect(report.unknown[0].reason).toMatch(/^not deployed yet: /);
    },
  );

  it('groups a planned existing-VPC service under its VPC in the overview, marked not deployed', async () => {
    const server = await start();
    const res = await request(server).get('/api/fargate-endpoints/v1/overview');
    expect(res.status).toBe(200);
    const body: OverviewResponse = res.body;
    const group = body.groups.find(g => g.vpcId === payments.vpcId)!;
    expect(group.services).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/fresh-existing',
        verdict: 'unknown',
        notDeployed: expect.objectContaining({
          networkPlan: `existing VPC ${payments.vpcId}`,
        }),
      }),
    ]);
  });

  it('keeps a missing service that was not generated a 404', async () => {
    const server = await start();
    const res = await request(server).get(reportPath('gone-api'));
    expect(res.status).toBe(404);
  });
});
