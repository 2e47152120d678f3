/**
 * Shared endpoints in a hub VPC, through the real SDK against the sandbox's example landing
 * zone: `analytics-api` in account 111111111111 has only its S3 gateway; the hub account
 * 222222222222 owns the endpoints and the private hosted zones associated with the spoke.
 */
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_HUB_ACCESS_KEY_ID,
  EXAMPLE_HUB_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  endpointSecurityGroup,
  findEndpoint,
  httpsWithCidrs,
  registerSandboxTestHooks,
  regionOf,
  taskSecurityGroup,
  withoutEndpoint,
  type SandboxWorld,
} from '@fargate-endpoints/aws-sandbox';
import type { CheckReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  AwsClients,
  createAwsClients,
  destroyAwsClients,
} from '../aws/clients';
import { createAwsReader } from './reader';
import { runCheck } from './runCheck';

const analytics = EXAMPLE_SERVICES['analytics-api'];
const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, { world: createExampleWorld });

let spoke: AwsClients;
let hub: AwsClients;
const clientOptions = {
  region: EXAMPLE_REGION,
  maxAttempts: 2,
  requestTimeoutMs: 400,
  retryBaseDelayMs: 1,
};

beforeEach(() => {
  spoke = createAwsClients({
    ...clientOptions,
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
  });
  hub = createAwsClients({
    ...clientOptions,
    credentials: {
      accessKeyId: EXAMPLE_HUB_ACCESS_KEY_ID,
      secretAccessKey: 'sandbox',
    },
  });
});
afterEach(() => {
  destroyAwsClients(spoke);
  destroyAwsClients(hub);
});

function check(options: { withHub?: boolean; serviceArn?: string } = {}) {
  return runCheck(
    createAwsReader(spoke, { accountId: EXAMPLE_ACCOUNT_ID }),
    {
      kind: 'ecs-service',
      serviceArn: options.serviceArn ?? analytics.serviceArn,
    },
    {
      hub:
        options.withHub === false
          ? undefined
          : {
              accountId: EXAMPLE_HUB_ACCOUNT_ID,
              reader: createAwsReader(hub, {
                accountId: EXAMPLE_HUB_ACCOUNT_ID,
              }),
            },
    },
  );
}

const errors = (report: CheckReport) =>
  report.findings
    .filter(f => f.severity === 'error')
    .map(f => `${f.rule}${f.service ? ` ${f.service}` : ''}`)
    .sort();

function hubParts(world: SandboxWorld) {
  const hubRegion = regionOf(world, EXAMPLE_HUB_ACCOUNT_ID, EXAMPLE_REGION);
  const hubVpc = hubRegion.vpcs[0];
  const zones = world.accounts[EXAMPLE_HUB_ACCOUNT_ID].hostedZones!;
  const spokeVpc = regionOf(
    world,
    EXAMPLE_ACCOUNT_ID,
    EXAMPLE_REGION,
  ).vpcs.find(v => v.id === analytics.vpcId)!;
  return { hubVpc, zones, spokeVpc };
}

/** A world changed by `change`, checked with the hub role. */
async function checkChanged(
  change: (parts: ReturnType<typeof hubParts>) => void,
) {
  const world = createExampleWorld();
  change(hubParts(world));
  sandbox.world = world;
  return check();
}

describe('shared endpoints in a hub VPC', () => {
  it('is ready when the hub zones, route, groups and the hub endpoints all work', async () => {
    const report = await check();

    expect(errors(report)).toEqual([]);
    expect(report.unknown).toEqual([]);
    expect(report.verdict).toBe('ready');
    expect(report.findings.map(f => f.rule)).not.toContain('missing-endpoint');
    // The hub's records and endpoints were read as the hub account, the zones as the spoke.
    const hubCalls = sandbox.calls.filter(
      c => c.accountId === EXAMPLE_HUB_ACCOUNT_ID,
    );
    expect(new Set(hubCalls.map(c => c.action))).toEqual(
      new Set([
        'ListResourceRecordSets',
        'DescribeVpcEndpoints',
        'DescribeSubnets',
        'DescribeSecurityGroups',
      ]),
    );
    expect(
      sandbox.countCalls({
        action: 'ListHostedZonesByVPC',
        accountId: EXAMPLE_ACCOUNT_ID,
      }),
    ).toBe(1);
    // The endpoint rows say the hub serves them, through which zone, and with which endpoint.
    const row = (service: string) =>
      report.endpoints.find(e => e.service === service)!;
    expect(row('ecr.api')).toMatchObject({
      endpointId: undefined,
      checks: { present: 'ok' },
      sharedFrom: {
        name: `api.ecr.${EXAMPLE_REGION}.amazonaws.com`,
        zone: `api.ecr.${EXAMPLE_REGION}.amazonaws.com`,
        accountId: EXAMPLE_HUB_ACCOUNT_ID,
        endpointId: expect.stringMatching(/^vpce-/),
      },
    });
    expect(row('logs').sharedFrom).toMatchObject({
      zone: `logs.${EXAMPLE_REGION}.amazonaws.com`,
      profileId: expect.stringMatching(/^rp-/),
    });
    expect(row('s3').sharedFrom).toBeUndefined();
    // The hub's endpoints cost the spoke nothing: only its own (none) are priced.
    expect(report.cost?.interfaceEndpointAzHours).toBe(0);
    expect(report.cost?.sharedInterfaceEndpoints).toBe(3);
    expect(report.cost?.summary).toMatch(
      /^No interface endpoint of its own to pay for: it uses 3 interface endpoints shared from a hub VPC/,
    );
  });

  it('is unknown, never ready and never missing-endpoint, without a hub role: the zones belong to the hub', async () => {
    const report = await check({ withHub: false });

    expect(errors(report)).toEqual([]);
    expect(report.verdict).toBe('unknown');
    const unverified = report.findings.filter(
      f => f.rule === 'hub-endpoint-unverified',
    );
    expect(unverified.map(f => f.service).sort()).toEqual([
      'ecr.api',
      'ecr.dkr',
      'logs',
    ]);
    expect(unverified[0]).toMatchObject({ severity: 'info' });
    expect(unverified[0].fix).toContain('fargateEndpoints.hub.accountId');
    expect(report.unknown.map(u => u.check)).toEqual(
      expect.arrayContaining([
        `private hosted zone api.ecr.${EXAMPLE_REGION}.amazonaws.com`,
      ]),
    );
    expect(
      report.endpoints.find(e => e.service === 'ecr.api')!.checks.present,
    ).toBe('unknown');
  });

  it('fires hub-zone-wrong-name for a zone named after the endpoint service (ecr.api.<region>...)', async () => {
    const report = await checkChanged(({ zones }) => {
      const api = zones.find(z => z.name.startsWith('api.ecr.'))!;
      api.name = `ecr.api.${EXAMPLE_REGION}.amazonaws.com`;
      api.records = api.records.map(r => ({ ...r, name: api.name }));
    });

    expect(errors(report)).toEqual(['hub-zone-wrong-name ecr.api']);
    const found = report.findings.find(f => f.rule === 'hub-zone-wrong-name')!;
    expect(found.message).toContain(`api.ecr.${EXAMPLE_REGION}.amazonaws.com`);
    expect(found.fix).toContain(
      `Create a private hosted zone named api.ecr.${EXAMPLE_REGION}.amazonaws.com`,
    );
  });

  it('fires hub-zone-wrong-name for a dkr.ecr zone without the wildcard record', async () => {
    const report = await checkChanged(({ zones }) => {
      const dkr = zones.find(z => z.name.startsWith('dkr.ecr.'))!;
      dkr.records = dkr.records.filter(r => !r.name.startsWith('*'));
    });

    expect(errors(report)).toEqual(['hub-zone-wrong-name ecr.dkr']);
    expect(
      report.findings.find(f => f.rule === 'hub-zone-wrong-name')!.fix,
    ).toContain(`*.dkr.ecr.${EXAMPLE_REGION}.amazonaws.com`);
  });

  it('fires hub-endpoint-unreachable when the spoke has no route to the hub', async () => {
    const report = await checkChanged(({ spokeVpc }) => {
      const table = spokeVpc.routeTables.find(t => !t.main)!;
      table.routes = table.routes.filter(r => !r.target.startsWith('tgw-'));
    });

    expect(errors(report)).toEqual([
      'hub-endpoint-unreachable ecr.api',
      'hub-endpoint-unreachable ecr.dkr',
      'hub-endpoint-unreachable logs',
    ]);
    expect(report.findings[0].message).toMatch(/has no route to 10\.100\./);
  });

  it('fires hub-endpoint-unreachable on a blackhole transit gateway route', async () => {
    const report = await checkChanged(({ spokeVpc }) => {
      const table = spokeVpc.routeTables.find(t => !t.main)!;
      table.routes.find(r => r.target.startsWith('tgw-'))!.state = 'blackhole';
    });
    expect(errors(report)).toContain('hub-endpoint-unreachable ecr.api');
    expect(
      report.findings.find(f => f.rule === 'hub-endpoint-unreachable')!.message,
    ).toContain('blackhole');
  });

  it('fires hub-endpoint-unreachable when the task group allows no 443 to the hub', async () => {
    const report = await checkChanged(({ spokeVpc }) => {
      const group = taskSecurityGroup(spokeVpc);
      group.egress = group.egress.filter(
        r => !r.prefixListIds?.some(id => id.startsWith('pl-0')),
      );
      group.egress.push(httpsWithCidrs('10.200.0.0/16'));
    });
    expect(errors(report)).toEqual(
      expect.arrayContaining(['hub-endpoint-unreachable logs']),
    );
    expect(
      report.findings.find(f => f.rule === 'hub-endpoint-unreachable')!.message,
    ).toContain('allow no outbound TCP 443');
  });

  it('fires hub-endpoint-unreachable when the task subnet NACL denies the hub range', async () => {
    const report = await checkChanged(({ spokeVpc }) => {
      const acl = spokeVpc.networkAcls[0];
      acl.entries.unshift({
        ruleNumber: 50,
        protocol: '6',
        action: 'deny',
        egress: true,
        cidrBlock: '10.100.0.0/16',
        portRange: { from: 443, to: 443 },
      });
    });
    expect(errors(report)).toEqual(
      expect.arrayContaining(['hub-endpoint-unreachable ecr.api']),
    );
    expect(
      report.findings.find(f => f.rule === 'hub-endpoint-unreachable')!.message,
    ).toContain('rule 50');
  });

  it('fires hub-endpoint-not-ready when the hub endpoint is down, refuses the spoke, or its policy denies', async () => {
    const down = await checkChanged(({ hubVpc }) => {
      findEndpoint(hubVpc, 'logs')!.state = 'failed';
    });
    expect(errors(down)).toEqual(['hub-endpoint-not-ready logs']);

    const refused = await checkChanged(({ hubVpc }) => {
      endpointSecurityGroup(hubVpc)!.ingress = [httpsWithCidrs('10.99.0.0/16')];
    });
    expect(errors(refused)).toEqual([
      'hub-endpoint-not-ready ecr.api',
      'hub-endpoint-not-ready ecr.dkr',
      'hub-endpoint-not-ready logs',
    ]);

    const denied = await checkChanged(({ hubVpc }) => {
      findEndpoint(hubVpc, 'ecr.api')!.policyDocument = JSON.stringify({
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 'ecr:GetAuthorizationToken',
            Resource: '*',
          },
          { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        ],
      });
    });
    expect(errors(denied)).toEqual(['hub-endpoint-not-ready ecr.api']);
  });

  it('still needs the spoke its own S3 gateway: a gateway cannot be shared', async () => {
    const report = await checkChanged(parts => {
      Object.assign(parts.spokeVpc, withoutEndpoint(parts.spokeVpc, 's3'));
    });
    expect(errors(report)).toContain('missing-endpoint s3');
  });

  it('is unknown, not missing-endpoint, when the zones cannot be read; a broken service stays not ready', async () => {
    sandbox.setFaults([
      { action: 'ListHostedZonesByVPC', kind: 'access-denied' },
    ]);

    const report = await check();
    expect(errors(report)).toEqual([]);
    expect(report.verdict).toBe('unknown');
    expect(
      report.unknown.find(u => u.call === 'ListHostedZonesByVPC')?.reason,
    ).toMatch(/route53:ListHostedZonesByVPC/);

    const orders = await check({
      serviceArn: EXAMPLE_SERVICES['orders-worker'].serviceArn,
    });
    expect(orders.verdict).toBe('not-ready');
  });

  it('is unknown when the hub role cannot read the hub', async () => {
    sandbox.setFaults([
      { action: 'DescribeVpcEndpoints', kind: 'access-denied' },
    ]);
    const report = await check();
    expect(report.verdict).toBe('unknown');
    expect(errors(report)).toEqual([]);
  });
});
