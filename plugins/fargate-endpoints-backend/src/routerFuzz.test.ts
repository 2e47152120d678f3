import { Entity } from '@backstage/catalog-model';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_SERVICES,
  startSandboxServer,
  type SandboxServer,
} from '@fargate-endpoints/aws-sandbox';
import request from 'supertest';
import { startSandboxBackend } from './__testUtils__/sandboxBackend';

/**
 * Hostile input through the whole plugin and Backstage's own error handler: path traversal,
 * odd encodings, oversize values and wrong types. Every answer is a 2xx or a 4xx naming
 * what is wrong; never a 5xx, and never another entity's report.
 */

const BASE = '/api/fargate-endpoints/v1';
const payments = EXAMPLE_SERVICES['payments-api'];

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      namespace: 'default',
      uid: 'e5b6c4a0-0000-4000-8000-000000000001',
      annotations: {
        'aws.amazon.com/amazon-ecs-service-arn': payments.serviceArn,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-shop' },
  },
];

// The sandbox over real HTTP on loopback, reached through the SDK's endpoint settings: no
// request interception in this process, so the URLs reach the backend byte for byte.
const sandbox = new AwsSandbox(createExampleWorld());
let sandboxServer: SandboxServer;
const savedEnv = { ...process.env };
beforeAll(async () => {
  sandboxServer = await startSandboxServer(sandbox, { port: 0 });
  process.env.AWS_ENDPOINT_URL_EC2 = sandboxServer.url;
  process.env.AWS_ENDPOINT_URL_ECS = sandboxServer.url;
  process.env.AWS_ENDPOINT_URL_ROUTE_53 = sandboxServer.url;
  process.env.AWS_ENDPOINT_URL_ROUTE53PROFILES = sandboxServer.url;
  process.env.AWS_ENDPOINT_URL_EFS = sandboxServer.url;
  process.env.AWS_ENDPOINT_URL_ECR = sandboxServer.url;
});
afterAll(async () => {
  process.env = savedEnv;
  await sandboxServer.close();
  sandbox.close();
});

const LONG = 'a'.repeat(10_000);

/** Report paths that are not a component's report: traversal, encodings, sizes. */
const REPORT_PATHS = [
  '/entities/component/%2e%2e/%2e%2e/report',
  '/entities/component/%2e%2e/by-uid/e5b6c4a0-0000-4000-8000-000000000001/report',
  '/entities/..%2f..%2f..%2fauth/default/x/report',
  '/entities/component/default/..%2f..%2fauth%2fdefault/report',
  '/entities/component/default/%2e%2e%2fpayments-api/report',
  '/entities/component/default/payments-api%00/report',
  '/entities/component/default/payments%2Fapi/report',
  '/entities/component/default/%ff%fe/report',
  '/entities/component/default/%E0%A4%A/report',
  '/entities/component/default/%/report',
  '/entities/component/default/%252e%252e/report',
  '/entities/component/default/payments-api%20/report',
  '/entities/component/default/-payments/report',
  '/entities/component/default/payments-/report',
  '/entities/component/default/p%C3%A4yments/report',
  '/entities/component/default/%F0%9F%92%A5/report',
  `/entities/component/default/${LONG}/report`,
  `/entities/component/${LONG}/payments-api/report`,
  `/entities/${LONG}/default/payments-api/report`,
  '/entities/component/Default/payments-api/report',
  '/entities/component%3Adefault/default/payments-api/report',
  '/entities/comp_onent/default/payments-api/report',
  '/entities/component/default/payments-api/report?refresh=yes',
  '/entities/component/default/payments-api/report?refresh[]=true',
  '/entities/component/default/payments-api/report?refresh=true&refresh=false',
  '/entities/component/default/payments-api/report?refresh[a]=1',
  `/entities/component/default/payments-api/report?refresh=${LONG}`,
  '/entities/component/default/payments-api/report?__proto__[x]=1',
  '/entities/component/default/payments-api/report/../../../overview',
  '/entities/component/default//report',
  '/entities//default/payments-api/report',
  '/entities/component/default/missing-service/report',
];

const GOOD_CHECK = {
  region: 'eu-west-1',
  vpcId: payments.vpcId,
  subnetIds: payments.subnetIds,
  securityGroupIds: payments.securityGroupIds,
  needs: ['ecr', 'logs'],
};

/** Bodies for POST /v1/check that are wrong: types, sizes, shapes. */
const CHECK_BODIES: unknown[] = [
  null,
  [],
  'a string',
  42,
  {},
  { ...GOOD_CHECK, region: 42 },
  { ...GOOD_CHECK, region: 'xx-fake-1' },
  { ...GOOD_CHECK, region: 'cn-north-1', accountId: '9'.repeat(12) },
  { ...GOOD_CHECK, region: ['eu-west-1'] },
  { ...GOOD_CHECK, vpcId: { $ne: null } },
  { ...GOOD_CHECK, vpcId: '../../etc/passwd' },
  { ...GOOD_CHECK, subnetIds: 'subnet-0a1b2c3d' },
  { ...GOOD_CHECK, subnetIds: [] },
  { ...GOOD_CHECK, subnetIds: Array(10_000).fill(payments.subnetIds[0]) },
  { ...GOOD_CHECK, securityGroupIds: [null] },
  { ...GOOD_CHECK, needs: 'ecr' },
  { ...GOOD_CHECK, needs: [LONG] },
  { ...GOOD_CHECK, needs: Array(1000).fill('kms') },
  { ...GOOD_CHECK, needs: [{ toString: 'ecr' }] },
  { ...GOOD_CHECK, images: [LONG.repeat(2)] },
  { ...GOOD_CHECK, images: 'x' },
  { ...GOOD_CHECK, accountId: 123456789012 },
  { ...GOOD_CHECK, accountId: '12345678901x' },
  { ...GOOD_CHECK, assignPublicIp: true },
  { ...GOOD_CHECK, extra: 'field' },
  JSON.parse('{"__proto__": {"polluted": true}, "region": "eu-west-1"}'),
];

async function expectNo5xx(res: request.Response, what: string) {
  expect({ what, status: res.status < 500 }).toEqual({ what, status: true });
  if (res.status >= 400 && res.body?.error) {
    expect(res.body.error.message).toBeTruthy();
    // Backstage's error handler never shows a stack to the caller in production; nor do we.
    expect(JSON.stringify(res.body)).not.toMatch(/AKIA|secretAccessKey/);
  }
}

describe('the router under hostile input', () => {
  let server: Awaited<ReturnType<typeof startSandboxBackend>>;
  beforeAll(async () => {
    server = await startSandboxBackend({ entities });
  });

  it.each(REPORT_PATHS)('GET %s: no 5xx, no other entity', async path => {
    const res = await request(server).get(`${BASE}${path}`);
    await expectNo5xx(res, path);
    // A 200 can only be the one entity's own report (an equivalent spelling of its path).
    expect(res.status === 200 ? res.body.entityRef : 'none').toMatch(
      /^(none|component:default\/payments-api)$/,
    );
  });

  it.each(
    REPORT_PATHS.filter(p => p.includes('/report')).map(p =>
      p.replace('/report', '/history'),
    ),
  )('GET %s: no 5xx, no other entity', async path => {
    const res = await request(server).get(`${BASE}${path}`);
    await expectNo5xx(res, path);
    expect(res.status === 200 ? res.body.entityRef : 'none').toMatch(
      /^(none|component:default\/payments-api)$/,
    );
  });

  it('names the part of the entity reference that is wrong', async () => {
    const res = await request(server).get(
      `${BASE}/entities/component/%2e%2e/%2e%2e/report`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /^Invalid entity reference: namespace: must be a namespace.*; name: must be an entity name/,
    );
  });

  it.each(CHECK_BODIES.map(body => [JSON.stringify(body)?.slice(0, 80), body]))(
    'POST /v1/check %s: 400, not 5xx',
    async (_, body) => {
      const res = await request(server)
        .post(`${BASE}/check`)
        .set('content-type', 'application/json')
        .send(JSON.stringify(body));
      await expectNo5xx(res, JSON.stringify(body)?.slice(0, 80) ?? 'undefined');
      // 400 for what is malformed, 403 for an account config does not allow, 413 for a body too large.
      expect([400, 403, 413]).toContain(res.status);
    },
  );

  it.each([
    ['broken JSON', 'application/json', '{"region": '],
    [
      'a 2 MB body',
      'application/json',
      JSON.stringify({ x: LONG.repeat(200) }),
    ],
    ['form data', 'application/x-www-form-urlencoded', 'region=eu-west-1'],
    ['text', 'text/plain', 'region=eu-west-1'],
  ])('POST /v1/check with %s: a 4xx', async (_, type, body) => {
    const res = await request(server)
      .post(`${BASE}/check`)
      .set('content-type', type)
      .send(body);
    await expectNo5xx(res, String(_));
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  it('still answers the real report after all that', async () => {
    const res = await request(server).get(
      `${BASE}/entities/component/default/payments-api/report`,
    );
    expect(res.status).toBe(200);
    expect(res.body.verdict).toBe('ready');
  });
});
