import { Entity } from '@backstage/catalog-model';
import {
  AwsSandbox,
  registerSandboxTestHooks,
  createExampleWorld,
  EXAMPLE_SERVICES,
  FaultRule,
} from '@fargate-endpoints/aws-sandbox';
import type {
  EntityReport,
  OverviewResponse,
  RuleId,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import request from 'supertest';
import {
  reportPath,
  startSandboxBackend,
} from './__testUtils__/sandboxBackend';

/**
 * The fault matrix: each AWS failure a fleet meets, injected into the sandbox behind the real
 * SDK, through the plugin's router. Whatever fails, the answer is a 200 report whose affected
 * checks are `unknown` with the reason, whose other checks are right, and the next refresh
 * after the fault clears is the full report again.
 */

const SERVICES = [
  'payments-api',
  'orders-worker',
  'legacy-reports',
  // Shared endpoints in a VPC of its own account: zone records and the endpoints they name
  // are read with the same credentials, so faults there reach its report too.
  'inventory-api',
] as const;
type ServiceName = (typeof SERVICES)[number];

/** What each example service's report must say when everything can be read. */
const EXPECTED: Record<
  ServiceName,
  { verdict: string; errors: Array<{ rule: RuleId; service?: string }> }
> = {
  'payments-api': { verdict: 'ready', errors: [] },
  'orders-worker': {
    verdict: 'not-ready',
    errors: [
      { rule: 'missing-endpoint', service: 'ecr.api' },
      { rule: 's3-route-table-missing' },
    ],
  },
  'legacy-reports': { verdict: 'ready', errors: [] },
  'inventory-api': { verdict: 'ready', errors: [] },
};

const entities: Entity[] = SERVICES.map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'aws.amazon.com/amazon-ecs-service-arn':
        EXAMPLE_SERVICES[name].serviceArn,
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-shop' },
}));

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, { onUnhandledRequest: 'bypass' });

const startBackend = () =>
  startSandboxBackend({
    entities,
    fargateEndpoints: {
      maxAttempts: 2,
      requestTimeout: 0.3,
      aws: { retryBaseDelay: 0.005 },
      // Refreshes read again at once here; the real default answers them from a read of <15 s ago.
      cache: { minRefreshInterval: 0.001 },
    },
  });

/** Every error the design implies is found, unless the rule is among those left unknown; nothing else is an error. */
function expectRightWhereKnown(report: EntityReport, name: ServiceName) {
  const expected = EXPECTED[name];
  const unknownRules = new Set(report.unknown.flatMap(u => u.rules));
  for (const error of expected.errors) {
    if (unknownRules.has(error.rule)) continue;
    expect(report.findings).toContainEqual(
      expect.objectContaining({ ...error, severity: 'error' }),
    );
  }
  const allowed = new Set(expected.errors.map(e => e.rule));
  expect(
    report.findings.filter(f => f.severity === 'error' && !allowed.has(f.rule)),
  ).toEqual([]);
  if (report.unknown.length > 0) {
    expect(report.ready).toBe(false);
    expect(report.complete).toBe(false);
  }
}

function expectFullReport(report: EntityReport, name: ServiceName) {
  expect(report.unknown).toEqual([]);
  expect(report.complete).toBe(true);
  expect(report.verdict).toBe(EXPECTED[name].verdict);
  expectRightWhereKnown(report, name);
}

/** The finding that makes the broken example not ready whatever else fails around it. */
const MISSING_ECR_API = {
  rule: 'missing-endpoint',
  service: 'ecr.api',
  severity: 'error',
};

interface FaultCase {
  name: string;
  faults: FaultRule[];
  /** How the reason of an affected check reads. */
  reason: RegExp;
  /** Calls that must come back unknown with that reason (when the fault hits them surely). */
  unknownCalls?: string[];
  /**
   * The broken service's missing ecr.api must still be reported: the failed read is not one
   * the rule needs. (Without route tables it is: the egress path decides whether endpoints
   * are needed at all.)
   */
  brokenStillShown?: boolean;
}

const MATRIX: FaultCase[] = [
  {
    name: 'throttling on every third call',
    faults: [{ kind: 'throttle', everyNth: 3 }],
    // EC2 RequestLimitExceeded, ECS/EFS ThrottlingException, Route 53 Throttling.
    reason:
      /^throttled \((RequestLimitExceeded|ThrottlingException|Throttling)\)/,
  },
  {
    name: 'a 500 on every fifth call',
    faults: [{ kind: 'server-error', everyNth: 5 }],
    // Any service's call can be the fifth, its retry the tenth: each says its own 500, as the
    // sandbox answers it (sandbox.ts: EC2 InternalError, ECS ServerException, Route 53
    // InternalFailure, Route 53 Profiles InternalServiceErrorException, EFS InternalServerError).
    reason:
      /^(EC2 server error \(InternalError|ECS server error \(ServerException|Route 53 server error \(InternalFailure|Route 53 Profiles server error \(InternalServiceErrorException|EFS server error \(InternalServerError|ECR server error \(ServerException), HTTP 500\)/,
  },
  {
    name: 'AccessDenied on DescribeNetworkAcls',
    faults: [{ action: 'DescribeNetworkAcls', kind: 'access-denied' }],
    reason:
      /^UnauthorizedOperation: not authorized to perform ec2:DescribeNetworkAcls$/,
    unknownCalls: ['DescribeNetworkAcls'],
    brokenStillShown: true,
  },
  {
    name: 'AccessDenied on DescribeSecurityGroups and DescribeNetworkAcls',
    faults: [
      { action: 'DescribeSecurityGroups', kind: 'access-denied' },
      { action: 'DescribeNetworkAcls', kind: 'access-denied' },
    ],
    reason:
      /^(the read of the hub endpoints failed: )?UnauthorizedOperation: not authorized to perform ec2:Describe(SecurityGroups|NetworkAcls)$/,
    unknownCalls: ['DescribeSecurityGroups', 'DescribeNetworkAcls'],
    brokenStillShown: true,
  },
  {
    name: 'DescribeSecurityGroups hanging past the request timeout',
    faults: [{ action: 'DescribeSecurityGroups', kind: 'hang' }],
    reason: /^(the read of the hub endpoints failed: )?timed out after 300 ms/,
    unknownCalls: ['DescribeSecurityGroups'],
    brokenStillShown: true,
  },
  {
    name: 'AccessDenied on DescribeVpcEndpoints (the VPC and its shared-services VPC)',
    faults: [{ action: 'DescribeVpcEndpoints', kind: 'access-denied' }],
    // The shared-services VPC's endpoints are read by id, after the VPC's own.
    reason:
      /^(the read of the hub endpoints failed: )?UnauthorizedOperation: not authorized to perform ec2:DescribeVpcEndpoints$/,
    unknownCalls: ['DescribeVpcEndpoints'],
  },
  {
    name: 'AccessDenied on ListResourceRecordSets (the zones of the shared-services VPC)',
    faults: [{ action: 'ListResourceRecordSets', kind: 'access-denied' }],
    reason: /AccessDenied|not authorized/,
    brokenStillShown: true,
  },
  {
    name: 'malformed XML from DescribeRouteTables',
    faults: [{ action: 'DescribeRouteTables', kind: 'malformed' }],
    reason: /^malformed response from EC2$/,
    unknownCalls: ['DescribeRouteTables'],
  },
];

describe('fault matrix', () => {
  it.each(MATRIX)(
    '$name: 200s with the affected checks unknown and the rest right, then a full report after the fault clears',
    async ({ faults, reason, unknownCalls, brokenStillShown }) => {
      const server = await startBackend();
      sandbox.setFaults(faults);

      const answers = await Promise.all(
        SERVICES.map(name => request(server).get(reportPath(name))),
      );
      expect(answers.map(a => a.status)).toEqual(SERVICES.map(() => 200));
      expect(sandbox.calls.some(c => c.fault !== undefined)).toBe(true);

      answers.forEach((answer, i) => {
        const report: EntityReport = answer.body;
        const name = SERVICES[i];
        expectRightWhereKnown(report, name);
        // Each unknown names a call and says why: the fault, or a read that needed the failed one.
        for (const unknown of report.unknown) {
          expect(unknown.call).toBeTruthy();
          // A shared-services VPC's read says whose read failed, then the fault.
          expect(
            unknown.reason.replace(
              /^the read of the hub endpoints failed: /,
              '',
            ),
          ).toMatch(new RegExp(`${reason.source}|could not be read`));
        }
        for (const call of unknownCalls ?? []) {
          expect(report.unknown).toContainEqual(
            expect.objectContaining({
              call,
              reason: expect.stringMatching(reason),
            }),
          );
        }
      });
      // The broken service still shows what is wrong wherever the failed reads do not matter.
      const orders: EntityReport = answers[1].body;
      expect(orders.findings).toEqual(
        expect.arrayContaining(
          (brokenStillShown ? [MISSING_ECR_API] : []).map(finding =>
            expect.objectContaining(finding),
          ),
        ),
      );

      const overview = await request(server).get(
        '/api/fargate-endpoints/v1/overview',
      );
      expect(overview.status).toBe(200);
      const services = (overview.body as OverviewResponse).groups.flatMap(
        g => g.services,
      );
      expect(services.map(s => s.entityRef).sort()).toEqual(
        SERVICES.map(n => `component:default/${n}`).sort(),
      );

      // The fault clears: the next refresh reads everything again.
      sandbox.setFaults([]);
      const refreshed = await Promise.all(
        SERVICES.map(name => request(server).get(reportPath(name, true))),
      );
      expect(refreshed.map(a => a.status)).toEqual(SERVICES.map(() => 200));
      refreshed.forEach((answer, i) =>
        expectFullReport(answer.body, SERVICES[i]),
      );
      expect(refreshed.every(a => a.body.stale === false)).toBe(true);
    },
    30_000,
  );
});
