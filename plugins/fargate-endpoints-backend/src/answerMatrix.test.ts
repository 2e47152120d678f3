import { Entity } from '@backstage/catalog-model';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_SERVICES,
  FaultKind,
  registerSandboxTestHooks,
} from '@fargate-endpoints/aws-sandbox';
import type { EntityReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { CHECKER_IAM_ACTIONS } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import request from 'supertest';
import {
  reportPath,
  startSandboxBackend,
} from './__testUtils__/sandboxBackend';

/**
 * Answers that lack what a rule needs, for every AWS action the engine calls: a well-formed
 * but empty answer, one cut off mid-document, and an HTML page where XML or JSON was due,
 * through the real SDK and the plugin's router. Never a server error, and never `ready` on
 * an answer that lacked something: the one thing a checker must not do is a false pass.
 */

const SERVICES = [
  'payments-api',
  'orders-worker',
  'legacy-reports',
  'analytics-api',
  'media-worker',
] as const;

/**
 * Reads a service makes whose answer cannot change its verdict: payments-api and media-worker
 * have an endpoint with private DNS for every service they need, and AWS refuses to associate
 * a private hosted zone whose name conflicts with an endpoint's private DNS, so their zones
 * decide nothing.
 */
const DECIDES_NOTHING_FOR: Partial<Record<string, string[]>> = {
  ListHostedZonesByVPC: ['payments-api', 'media-worker'],
  ListProfileAssociations: ['payments-api', 'media-worker'],
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

/**
 * Empty answers that are true answers: a VPC may have no endpoints (the report then says
 * they are missing) and a service no stopped tasks.
 */
const EMPTY_IS_AN_ANSWER = new Set([
  'DescribeVpcEndpoints',
  'ListTasks',
  'DescribeTasks',
]);

const KINDS: FaultKind[] = ['empty', 'malformed', 'html'];
const ACTIONS = CHECKER_IAM_ACTIONS.map(a => a.split(':')[1]);
const CASES = ACTIONS.flatMap(action =>
  KINDS.map(kind => [action, kind] as const),
);

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, {
  onUnhandledRequest: 'bypass',
  world: createExampleWorld,
});

/** The actions a clean check of each service calls: those whose faults can touch it. */
const callsOf = new Map<string, Set<string>>();

const startBackend = () =>
  startSandboxBackend({
    entities,
    hub: true,
    fargateEndpoints: {
      maxAttempts: 1,
      requestTimeout: 1,
      aws: { retryBaseDelay: 0.005 },
    },
  });

describe('answers that lack what the rules need', () => {
  beforeAll(async () => {
    const server = await startBackend();
    for (const name of SERVICES) {
      sandbox.resetCalls();
      const answer = await request(server).get(reportPath(name));
      if (answer.status !== 200)
        throw new Error(`a clean report of ${name} answered ${answer.status}`);
      callsOf.set(name, new Set(sandbox.calls.map(c => c.action)));
    }
  });

  it.each(CASES)(
    '%s answering %s: 200s, and no false pass',
    async (action, kind) => {
      const server = await startBackend();
      sandbox.setFaults([{ action, kind }]);
      const answers = await Promise.all(
        SERVICES.map(name => request(server).get(reportPath(name))),
      );
      expect(answers.map(a => a.status)).toEqual(SERVICES.map(() => 200));
      const hit = sandbox.calls.some(c => c.action === action && c.fault);
      expect(hit).toBe(true);
      if (kind === 'empty' && EMPTY_IS_AN_ANSWER.has(action)) return;
      const passes = answers
        .map((a, i) => ({
          service: SERVICES[i],
          report: a.body as EntityReport,
        }))
        .filter(({ service }) => callsOf.get(service)!.has(action))
        .filter(
          ({ service }) => !DECIDES_NOTHING_FOR[action]?.includes(service),
        )
        .filter(({ report }) => report.verdict === 'ready')
        .map(({ service, report }) => ({
          service,
          unknown: report.unknown,
          path: report.path,
        }));
      expect(passes).toEqual([]);
    },
    30_000,
  );
});
