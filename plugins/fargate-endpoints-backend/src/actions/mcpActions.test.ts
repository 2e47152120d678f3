/**
 * The assistant actions as an assistant meets them: the backend with the MCP actions plugin
 * and the real actions registry, an MCP client of the official SDK over Streamable HTTP,
 * signed in as a user. The answers and the denials are the REST API's.
 */
import {
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  registerSandboxTestHooks,
} from '@fargate-endpoints/aws-sandbox';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  reportPath,
  startSandboxBackend,
} from '../__testUtils__/sandboxBackend';

const {
  'payments-api': payments,
  'orders-worker': orders,
  'legacy-reports': legacy,
} = EXAMPLE_SERVICES;

/** The CLI's plan fixtures, in HashiCorp's JSON output format. */
const planText = (name: string) =>
  readFileSync(
    join(
      __dirname,
      '..',
      '..',
      '..',
      '..',
      'packages',
      'cli',
      'src',
      '__fixtures__',
      'plans',
      `${name}.json`,
    ),
    'utf8',
  );

const ALICE = 'user:default/alice';
/** A user the permission policy refuses the plugin's permissions. */
const OUTSIDER = 'user:default/outsider';

function ecsLinked(name: string, arn: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'aws.amazon.com/amazon-ecs-service-arn': arn },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const entities = [
  ecsLinked('payments-api', payments.serviceArn, 'team-shop'),
  ecsLinked('orders-worker', orders.serviceArn, 'team-shop'),
  ecsLinked('legacy-reports', legacy.serviceArn, 'team-reports'),
];

/** Denies the outsider every fargate-endpoints permission, allows everything else. */
const policy = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    async authorize(requests: any[], options: any) {
      const user = options?.credentials?.principal?.userEntityRef;
      return requests.map(() => ({
        result:
          user === OUTSIDER ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      }));
    },
    async authorizeConditional(requests: any[]) {
      return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
    },
  }),
});

/**
 * Node's own fetch, taken before msw patches it for the sandbox: msw holds back the
 * event-stream answers of Streamable HTTP, so the MCP client talks to the backend unintercepted.
 */
const unpatchedFetch = globalThis.fetch;
const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, { onUnhandledRequest: 'bypass' });

let server: Server;
const clients: Client[] = [];

async function connect(userEntityRef: string): Promise<Client> {
  const { port } = server.address() as AddressInfo;
  const transport = new StreamableHTTPClientTransport(
    new URL(`http://localhost:${port}/api/mcp-actions/v1`),
    {
      fetch: unpatchedFetch,
      requestInit: {
        headers: { Authorization: mockCredentials.user.header(userEntityRef) },
      },
    },
  );
  const client = new Client({ name: 'assistant-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

/** Calls a tool and returns its structured answer, failing on a tool error. */
async function answer(client: Client, name: string, args: object) {
  const result = await client.callTool({
    name: `fargate-endpoints.${name}`,
    arguments: args as Record<string, unknown>,
  });
  if (result.isError) {
    throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  }
  return result.structuredContent as any;
}

/** The text of a tool error. */
async function toolError(client: Client, name: string, args: object) {
  const result = await client.callTool({
    name: `fargate-endpoints.${name}`,
    arguments: args as Record<string, unknown>,
  });
  expect(result.isError).toBe(true);
  return (result.content as Array<{ text: string }>)[0].text;
}

beforeAll(async () => {
  server = await startSandboxBackend({
    entities,
    features: [
      mcpActionsPlugin,
      actionsRegistryServiceFactory,
      actionsServiceFactory,
    ],
    permissions: policy,
    fargateEndpoints: { maxAttempts: 2, requestTimeout: 5 },
    config: {
      app: { baseUrl: 'http://portal.example.com' },
      backend: { actions: { pluginSources: ['fargate-endpoints'] } },
    },
  });
}, 30_000);

afterAll(async () => {
  await Promise.all(clients.map(c => c.close()));
});

describe('the assistant actions over MCP', () => {
  it('lists the four read-only tools with their input schemas', async () => {
    const client = await connect(ALICE);
    const { tools } = await client.listTools();
    const ours = tools
      .filter(t => t.name.startsWith('fargate-endpoints.'))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(ours.map(t => t.name)).toEqual([
      'fargate-endpoints.can-service-start',
      'fargate-endpoints.finding-fix',
      'fargate-endpoints.list-not-ready-services',
      'fargate-endpoints.plan-impact',
    ]);
    for (const tool of ours) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
      });
      expect(tool.description).toBeTruthy();
    }
    const [canStart, findingFix, notReady, planImpact] = ours;
    expect(planImpact.inputSchema.required).toEqual(['plan']);
    expect(Object.keys(canStart.inputSchema.properties ?? {}).sort()).toEqual([
      'entityRef',
      'refresh',
      'serviceArn',
    ]);
    const rule = (findingFix.inputSchema.properties as any).rule;
    expect(rule.enum).toContain('missing-endpoint');
    expect(findingFix.inputSchema.required).toEqual(['rule']);
    expect(Object.keys(notReady.inputSchema.properties ?? {}).sort()).toEqual([
      'owner',
      'vpcId',
    ]);
  });

  it('says why orders-worker cannot start, as the REST API reports it, with fixes and links', async () => {
    const client = await connect(ALICE);
    const viaMcp = await answer(client, 'can-service-start', {
      entityRef: 'orders-worker',
    });
    const viaRest = await request(server)
      .get(reportPath('orders-worker'))
      .set('Authorization', mockCredentials.user.header(ALICE));
    expect(viaRest.status).toBe(200);
    expect(viaMcp.entityRef).toBe('component:default/orders-worker');
    expect(viaMcp.verdict).toBe('not-ready');
    expect(viaMcp.verdict).toBe(viaRest.body.verdict);
    expect(viaMcp.findings.map((f: any) => f.rule)).toEqual(
      viaRest.body.findings.map((f: any) => f.rule),
    );
    expect(viaMcp.summary).toMatch(/^Not ready: .*no ecr\.api endpoint/);
    const ecrApi = viaMcp.findings.find(
      (f: any) => f.rule === 'missing-endpoint' && f.service === 'ecr.api',
    );
    expect(ecrApi.severity).toBe('error');
    expect(ecrApi.fix.length).toBeGreaterThan(10);
    expect(ecrApi.commands.join('\n')).toContain('aws ec2 create-vpc-endpoint');
    // No endpoint to link to yet: the VPC to create it in.
    expect(ecrApi.consoleUrl).toBe(
      `https://console.aws.amazon.com/vpcconsole/home?region=${EXAMPLE_REGION}#VpcDetails:VpcId=${orders.vpcId}`,
    );
    expect(viaMcp.serviceConsoleUrl).toContain('/ecs/v2/clusters/');
    expect(viaMcp.portalUrl).toBe(
      'http://portal.example.com/catalog/default/component/orders-worker',
    );
  });

  it('finds the service by its ECS service ARN', async () => {
    const client = await connect(ALICE);
    const viaArn = await answer(client, 'can-service-start', {
      serviceArn: payments.serviceArn,
    });
    expect(viaArn.entityRef).toBe('component:default/payments-api');
    expect(viaArn.verdict).toBe('ready');
    expect(viaArn.summary).toMatch(/^Ready/);
    expect(viaArn.findings.filter((f: any) => f.severity === 'error')).toEqual(
      [],
    );
  });

  it("lists a team's and a VPC's services that are not ready", async () => {
    const client = await connect(ALICE);
    const team = await answer(client, 'list-not-ready-services', {
      owner: 'team-shop',
    });
    expect(team.services.map((s: any) => s.entityRef)).toEqual([
      'component:default/orders-worker',
    ]);
    expect(team.counts).toEqual({ ready: 1, notReady: 1, unknown: 0 });
    expect(team.services[0].summary).toMatch(/^Not ready: .*ecr\.api/);
    expect(team.services[0].vpcId).toBe(orders.vpcId);
    const otherTeam = await answer(client, 'list-not-ready-services', {
      owner: 'group:default/team-reports',
    });
    expect(otherTeam.services).toEqual([]);
    expect(otherTeam.counts).toEqual({ ready: 1, notReady: 0, unknown: 0 });
    const paymentsVpc = await answer(client, 'list-not-ready-services', {
      vpcId: payments.vpcId,
    });
    expect(paymentsVpc.services).toEqual([]);
    expect(paymentsVpc.counts.ready).toBe(1);
    const ordersVpc = await answer(client, 'list-not-ready-services', {
      vpcId: orders.vpcId,
    });
    expect(ordersVpc.services.map((s: any) => s.entityRef)).toEqual([
      'component:default/orders-worker',
    ]);
  });

  it('gives the fix of one finding, and says when there is none', async () => {
    const client = await connect(ALICE);
    const fix = await answer(client, 'finding-fix', {
      entityRef: 'component:default/orders-worker',
      rule: 'missing-endpoint',
      service: 'ecr.api',
    });
    expect(fix.rule).toMatchObject({
      id: 'missing-endpoint',
      severity: 'error',
    });
    expect(fix.findings).toHaveLength(1);
    expect(fix.findings[0].commands.join('\n')).toContain(
      'com.amazonaws.eu-west-1.ecr.api',
    );
    expect(fix.answer).toContain(fix.findings[0].fix);
    const none = await answer(client, 'finding-fix', {
      serviceArn: payments.serviceArn,
      rule: 'missing-endpoint',
    });
    expect(none.findings).toEqual([]);
    expect(none.answer).toMatch(
      /^component:default\/payments-api has no missing-endpoint finding .*nothing to fix/,
    );
  });

  it('says what a Terraform plan would break, as POST /v1/impact does', async () => {
    const client = await connect(ALICE);
    const deleting = planText('delete-payments-ecr-api');
    const viaMcp = await answer(client, 'plan-impact', { plan: deleting });
    const viaRest = await request(server)
      .post('/api/fargate-endpoints/v1/impact')
      .set('Authorization', mockCredentials.user.header(ALICE))
      .send({ plan: JSON.parse(deleting) });
    expect(viaRest.status).toBe(200);
    expect(viaMcp.verdict).toBe('breaks');
    expect(viaMcp.verdict).toBe(viaRest.body.impact.verdict);
    expect(viaMcp.breaks).toEqual([
      expect.objectContaining({
        service: 'payments-api',
        entityRef: 'component:default/payments-api',
        findings: [
          expect.objectContaining({
            rule: 'missing-endpoint',
            causedBy: ['aws_vpc_endpoint.ecr_api'],
          }),
        ],
      }),
    ]);
    expect(viaMcp.markdown).toBe(viaRest.body.markdown);

    const kept = await answer(client, 'plan-impact', {
      plan: planText('keep-payments-ecr-api'),
    });
    expect(kept.verdict).toBe('safe');
    expect(kept.breaks).toEqual([]);

    expect(
      await toolError(client, 'plan-impact', { plan: '{"format' }),
    ).toMatch(/^InputError: plan: not JSON .*terraform show -json/);
  });

  it('refuses what the REST API refuses, in its words', async () => {
    const outsider = await connect(OUTSIDER);
    const rest = await request(server)
      .get(reportPath('orders-worker'))
      .set('Authorization', mockCredentials.user.header(OUTSIDER));
    expect(rest.status).toBe(403);
    const restOverview = await request(server)
      .get('/api/fargate-endpoints/v1/overview')
      .set('Authorization', mockCredentials.user.header(OUTSIDER));
    expect(restOverview.status).toBe(403);

    expect(
      await toolError(outsider, 'can-service-start', {
        entityRef: 'orders-worker',
      }),
    ).toBe(`NotAllowedError: ${rest.body.error.message}`);
    expect(
      await toolError(outsider, 'finding-fix', {
        entityRef: 'orders-worker',
        rule: 'missing-endpoint',
      }),
    ).toBe(`NotAllowedError: ${rest.body.error.message}`);
    expect(
      await toolError(outsider, 'list-not-ready-services', {
        owner: 'team-shop',
      }),
    ).toBe(`NotAllowedError: ${restOverview.body.error.message}`);
    const restImpact = await request(server)
      .post('/api/fargate-endpoints/v1/impact')
      .set('Authorization', mockCredentials.user.header(OUTSIDER))
      .send({ plan: JSON.parse(planText('delete-payments-ecr-api')) });
    expect(restImpact.status).toBe(403);
    expect(
      await toolError(outsider, 'plan-impact', {
        plan: planText('delete-payments-ecr-api'),
      }),
    ).toBe(`NotAllowedError: ${restImpact.body.error.message}`);
  });

  it('rejects bad input with the field and the fix', async () => {
    const client = await connect(ALICE);
    expect(
      await toolError(client, 'can-service-start', {
        serviceArn: 'arn:aws:ecs:eu-west-1:111111111111:cluster/shop',
      }),
    ).toMatch(
      /^InputError: Invalid serviceArn: .*expected arn:<partition>:ecs/,
    );
    expect(await toolError(client, 'can-service-start', {})).toMatch(
      /^InputError: Name the service: entityRef .* or serviceArn/,
    );
    expect(
      await toolError(client, 'list-not-ready-services', { vpcId: 'vpc-x' }),
    ).toMatch(/^InputError: Invalid vpcId: /);
    expect(
      await toolError(client, 'can-service-start', {
        serviceArn: 'arn:aws:ecs:eu-west-1:111111111111:service/shop/nobody',
      }),
    ).toMatch(
      /^NotFoundError: No catalog entity you may read has the annotation/,
    );
  });
});
