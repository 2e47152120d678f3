/**
 * Shared endpoints whose zones reach the spoke through a Route 53 Profile (the hub account
 * owns a Profile carrying the zones, shares it through AWS RAM, the spoke associates it with
 * its VPC), through the engine's Route 53 Profiles client against the sandbox: the example
 * landing zone of `analytics-api` with its zones moved from direct associations to a Profile.
 */
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_HUB_ACCESS_KEY_ID,
  EXAMPLE_HUB_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  findEndpoint,
  registerSandboxTestHooks,
  regionOf,
  shareEndpointsThroughProfile,
  shareZonesThroughProfile,
  type SandboxRoute53Profile,
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

/** The example world with analytics-api's hub zones reaching it through a Profile. */
function profileWorld(): SandboxWorld {
  const world = createExampleWorld();
  shareZonesThroughProfile(world, {
    hubAccountId: EXAMPLE_HUB_ACCOUNT_ID,
    spokeAccountId: EXAMPLE_ACCOUNT_ID,
    region: EXAMPLE_REGION,
    spokeVpcId: analytics.vpcId,
  });
  return world;
}

const sandbox = new AwsSandbox(profileWorld());
registerSandboxTestHooks(sandbox, { world: profileWorld });

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

function parts(world: SandboxWorld) {
  const hubRegion = regionOf(world, EXAMPLE_HUB_ACCOUNT_ID, EXAMPLE_REGION);
  return {
    hubVpc: hubRegion.vpcs[0],
    zones: world.accounts[EXAMPLE_HUB_ACCOUNT_ID].hostedZones!,
    profile: hubRegion.route53Profiles![0] as SandboxRoute53Profile,
    spokeVpc: regionOf(world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION).vpcs.find(
      v => v.id === analytics.vpcId,
    )!,
  };
}

async function checkChanged(
  change: (p: ReturnType<typeof parts>) => void,
  options: { withHub?: boolean } = {},
) {
  const world = profileWorld();
  change(parts(world));
  sandbox.world = world;
  return check(options);
}

describe('shared endpoints through a Route 53 Profile', () => {
  it('is ready when the Profile brings the hub zones and the hub endpoints work', async () => {
    const report = await check();

    expect(errors(report)).toEqual([]);
    expect(report.unknown).toEqual([]);
    expect(report.verdict).toBe('ready');
    // The spoke asked for its VPC's Profile and the Profile's zones; the hub read the records.
    expect(
      sandbox.countCalls({
        action: 'ListProfileAssociations',
        accountId: EXAMPLE_ACCOUNT_ID,
      }),
    ).toBe(1);
    expect(
      sandbox.countCalls({
        action: 'ListProfileResourceAssociations',
        accountId: EXAMPLE_ACCOUNT_ID,
      }),
    ).toBe(1);
    expect(
      sandbox.countCalls({
        action: 'ListResourceRecordSets',
        accountId: EXAMPLE_HUB_ACCOUNT_ID,
      }),
    ).toBe(3);
    // The Profile's zones are no direct association: without the Profile read nothing serves them.
    const zonesByVpc = sandbox.calls.filter(
      c => c.action === 'ListHostedZonesByVPC',
    );
    expect(zonesByVpc).toHaveLength(1);
  });

  it('is unknown, never missing-endpoint, without a hub role: the zones are named by id only', async () => {
    const report = await check({ withHub: false });

    expect(errors(report)).toEqual([]);
    expect(report.verdict).toBe('unknown');
    expect(report.findings.map(f => f.rule)).not.toContain('missing-endpoint');
    const unverified = report.findings.filter(
      f => f.rule === 'hub-endpoint-unverified',
    );
    expect(unverified.map(f => f.service).sort()).toEqual([
      'ecr.api',
      'ecr.dkr',
      'logs',
    ]);
    const reason = report.unknown.map(u => u.reason).join('\n');
    expect(reason).toMatch(/Route 53 Profile rp-/);
    expect(reason).toContain(`belongs to account ${EXAMPLE_HUB_ACCOUNT_ID}`);
  });

  it('fires hub-zone-wrong-name for a Profile zone named ecr.api.<region>... (its name read from the hub)', async () => {
    const report = await checkChanged(({ zones }) => {
      const api = zones.find(z => z.name.startsWith('api.ecr.'))!;
      api.name = `ecr.api.${EXAMPLE_REGION}.amazonaws.com`;
      api.records = api.records.map(r => ({ ...r, name: api.name }));
    });

    expect(errors(report)).toEqual(['hub-zone-wrong-name ecr.api']);
    const found = report.findings.find(f => f.rule === 'hub-zone-wrong-name')!;
    expect(found.message).toContain('through Route 53 Profile rp-');
    expect(found.fix).toContain(
      `Create a private hosted zone named api.ecr.${EXAMPLE_REGION}.amazonaws.com`,
    );
  });

  it('fires hub-zone-wrong-name for a Profile dkr.ecr zone without the wildcard record', async () => {
    const report = await checkChanged(({ zones }) => {
      const dkr = zones.find(z => z.name.startsWith('dkr.ecr.'))!;
      dkr.records = dkr.records.filter(r => !r.name.startsWith('*'));
    });
    expect(errors(report)).toEqual(['hub-zone-wrong-name ecr.dkr']);
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
  });

  it('fires hub-endpoint-not-ready when the hub endpoint behind a Profile zone is down', async () => {
    const report = await checkChanged(({ hubVpc }) => {
      findEndpoint(hubVpc, 'ecr.dkr')!.state = 'failed';
    });
    expect(errors(report)).toEqual(['hub-endpoint-not-ready ecr.dkr']);
  });

  it('fires missing-endpoint when the Profile association is not in effect yet, or the zone left the Profile', async () => {
    const creating = await checkChanged(({ profile }) => {
      profile.associations[0].status = 'CREATING';
    });
    expect(errors(creating)).toEqual([
      'missing-endpoint ecr.api',
      'missing-endpoint ecr.dkr',
      'missing-endpoint logs',
    ]);

    const removed = await checkChanged(({ profile, zones }) => {
      const logs = zones.find(z => z.name.startsWith('logs.'))!;
      profile.hostedZones = profile.hostedZones.filter(
        z => z.hostedZoneId !== logs.id,
      );
    });
    expect(errors(removed)).toEqual(['missing-endpoint logs']);
  });

  it('is unknown, not missing-endpoint, when the Profiles cannot be read; a broken service stays not ready', async () => {
    sandbox.setFaults([
      { action: 'ListProfileAssociations', kind: 'access-denied' },
    ]);

    const report = await check();
    expect(errors(report)).toEqual([]);
    expect(report.verdict).toBe('unknown');
    expect(
      report.unknown.find(u => u.call === 'ListProfileAssociations')?.reason,
    ).toBe(
      'AccessDeniedException: not authorized to perform route53profiles:ListProfileAssociations',
    );

    const orders = await check({
      serviceArn: EXAMPLE_SERVICES['orders-worker'].serviceArn,
    });
    expect(orders.verdict).toBe('not-ready');
  });

  it('retries a throttled Profiles call and says when the answer is not JSON', async () => {
    sandbox.setFaults([
      { action: 'ListProfileResourceAssociations', kind: 'throttle', times: 1 },
    ]);
    const retried = await check();
    expect(retried.verdict).toBe('ready');
    expect(
      sandbox.countCalls({ action: 'ListProfileResourceAssociations' }),
    ).toBe(2);

    sandbox.setFaults([{ action: 'ListProfileAssociations', kind: 'html' }]);
    const html = await check();
    expect(html.verdict).toBe('unknown');
    expect(
      html.unknown.find(u => u.call === 'ListProfileAssociations')?.reason,
    ).toMatch(/malformed response/);
  });

  it('retries a Profiles 500 as the SDK clients do, and says how many attempts a lasting one took', async () => {
    sandbox.setFaults([
      { action: 'ListProfileAssociations', kind: 'server-error', times: 1 },
    ]);
    const retried = await check();
    expect(retried.verdict).toBe('ready');
    expect(sandbox.countCalls({ action: 'ListProfileAssociations' })).toBe(2);

    sandbox.setFaults([
      { action: 'ListProfileAssociations', kind: 'server-error' },
    ]);
    const lasting = await check();
    expect(lasting.verdict).toBe('unknown');
    expect(
      lasting.unknown.find(u => u.call === 'ListProfileAssociations')?.reason,
    ).toMatch(
      /^Route 53 Profiles server error \(\w+, HTTP 500\) after 2 attempts$/,
    );
  });

  it('times out a hung Profiles call into unknown, never a pass', async () => {
    sandbox.setFaults([{ action: 'ListProfileAssociations', kind: 'hang' }]);
    const report = await check();
    expect(report.verdict).toBe('unknown');
    expect(
      report.unknown.find(u => u.call === 'ListProfileAssociations')?.reason,
    ).toMatch(/timed out/);
  });
});

/** The example world with analytics-api's hub endpoints shared through the Profile, no zones. */
function endpointProfileWorld(): SandboxWorld {
  const world = createExampleWorld();
  shareEndpointsThroughProfile(world, {
    hubAccountId: EXAMPLE_HUB_ACCOUNT_ID,
    spokeAccountId: EXAMPLE_ACCOUNT_ID,
    region: EXAMPLE_REGION,
    spokeVpcId: analytics.vpcId,
    hubVpcId: regionOf(world, EXAMPLE_HUB_ACCOUNT_ID, EXAMPLE_REGION).vpcs[0]
      .id,
  });
  return world;
}

async function checkEndpointProfile(
  change: (p: ReturnType<typeof parts>) => void = () => {},
  options: { withHub?: boolean } = {},
) {
  const world = endpointProfileWorld();
  change(parts(world));
  sandbox.world = world;
  return check(options);
}

describe('hub endpoints shared through a Route 53 Profile (no hosted zones)', () => {
  it('is ready when the Profile shares a working hub endpoint for every service', async () => {
    const report = await checkEndpointProfile();

    expect(errors(report)).toEqual([]);
    expect(report.unknown).toEqual([]);
    expect(report.verdict).toBe('ready');
    // The endpoints' services were read as the hub account: the spoke cannot describe them.
    expect(
      sandbox.countCalls({
        action: 'DescribeVpcEndpoints',
        accountId: EXAMPLE_HUB_ACCOUNT_ID,
      }),
    ).toBe(1);
  });

  it('is unknown, never missing-endpoint, without a hub role: only the hub can say which service an endpoint serves', async () => {
    const report = await checkEndpointProfile(() => {}, { withHub: false });

    expect(errors(report)).toEqual([]);
    expect(report.verdict).toBe('unknown');
    const unverified = report.findings.find(
      f => f.rule === 'hub-endpoint-unverified',
    )!;
    expect(unverified.message).toMatch(
      /may be answered by the private DNS of endpoint vpce-[0-9a-f]+ \(account 222222222222\), shared through Route 53 Profile rp-/,
    );
  });

  it('fires hub-endpoint-not-ready when a shared hub endpoint has private DNS off', async () => {
    const report = await checkEndpointProfile(({ hubVpc }) => {
      findEndpoint(hubVpc, 'logs')!.privateDnsEnabled = false;
    });
    expect(errors(report)).toEqual(['hub-endpoint-not-ready logs']);
    const found = report.findings.find(
      f => f.rule === 'hub-endpoint-not-ready',
    )!;
    expect(found.fix).toContain('--private-dns-enabled');
  });

  it('fires missing-endpoint for a service the Profile shares no endpoint for', async () => {
    const report = await checkEndpointProfile(({ profile, hubVpc }) => {
      const logs = findEndpoint(hubVpc, 'logs')!;
      profile.vpcEndpoints = profile.vpcEndpoints!.filter(
        e => e.vpcEndpointId !== logs.id,
      );
    });
    expect(errors(report)).toEqual(['missing-endpoint logs']);
  });

  it('fires hub-endpoint-unreachable when the spoke has no route to the shared endpoints', async () => {
    const report = await checkEndpointProfile(({ spokeVpc }) => {
      const table = spokeVpc.routeTables.find(t => !t.main)!;
      table.routes = table.routes.filter(r => !r.target.startsWith('tgw-'));
    });
    expect(errors(report)).toEqual([
      'hub-endpoint-unreachable ecr.api',
      'hub-endpoint-unreachable ecr.dkr',
      'hub-endpoint-unreachable logs',
    ]);
    expect(
      report.findings.find(f => f.rule === 'hub-endpoint-unreachable')!.message,
    ).toContain('shared through Route 53 Profile rp-');
  });
});
