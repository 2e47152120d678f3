import { NotFoundError } from '@backstage/errors';
import {
  AwsSandbox,
  createExampleWorld,
  createFleetWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_HUB_ACCESS_KEY_ID,
  EXAMPLE_HUB_ACCOUNT_ID,
  EXAMPLE_REGION,
  fleetAccessKeyId,
  registerSandboxTestHooks,
  SandboxWorld,
} from '@fargate-endpoints/aws-sandbox';
import type { VpcSnapshot } from '../model';
import { AwsClients, createAwsClients, destroyAwsClients } from './clients';
import { readVpcSnapshots } from './regionVpcSnapshots';
import { readVpcSnapshot } from './vpcSnapshot';

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, { world: createExampleWorld });

const FLEET = {
  services: 60,
  vpcs: 12,
  accounts: 2,
  regions: ['eu-west-1', 'us-east-1'],
  accountId: EXAMPLE_ACCOUNT_ID,
};

let opened: AwsClients[] = [];

function clientsFor(region: string, accessKeyId: string): AwsClients {
  const clients = createAwsClients({
    region,
    credentials: { accessKeyId, secretAccessKey: 'sandbox' },
    maxAttempts: 1,
    requestTimeoutMs: 2000,
    retryBaseDelayMs: 1,
  });
  opened.push(clients);
  return clients;
}

afterEach(() => {
  opened.forEach(destroyAwsClients);
  opened = [];
  sandbox.setPageSize(undefined);
});

/** Every account and region of the world, with a key that reaches the account and its VPC ids. */
function accountRegions(
  world: SandboxWorld,
  keyOf: (accountId: string) => string,
): Array<{
  accountId: string;
  region: string;
  key: string;
  vpcIds: string[];
}> {
  return Object.entries(world.accounts).flatMap(([accountId, account]) =>
    Object.entries(account.regions)
      .filter(([, region]) => region.vpcs.length > 0)
      .map(([region, data]) => ({
        accountId,
        region,
        key: keyOf(accountId),
        vpcIds: data.vpcs.map(v => v.id),
      })),
  );
}

/** A snapshot without its read time, which differs by when the read ended. */
function judged(snapshot: VpcSnapshot | Error): unknown {
  if (snapshot instanceof Error) return { error: snapshot.message };
  const { readAt: _readAt, ...rest } = snapshot;
  return rest;
}

/** Reads every VPC of every account and region both ways and compares them. */
async function expectSameAsPerVpcReads(
  world: () => SandboxWorld,
  keyOf: (accountId: string) => string,
) {
  sandbox.world = world();
  const targets = accountRegions(sandbox.world, keyOf);
  expect(targets.length).toBeGreaterThan(0);
  let vpcs = 0;
  for (const t of targets) {
    const clients = clientsFor(t.region, t.key);
    const options = {
      route53: clients.route53,
      route53Profiles: clients.route53Profiles,
    };
    const batched = await readVpcSnapshots(
      clients.ec2,
      { region: t.region, accountId: t.accountId, vpcIds: t.vpcIds },
      options,
    );
    expect([...batched.keys()].sort()).toEqual([...t.vpcIds].sort());
    for (const vpcId of t.vpcIds) {
      const one = await readVpcSnapshot(
        clients.ec2,
        { region: t.region, accountId: t.accountId, vpcId },
        options,
      );
      expect(judged(batched.get(vpcId)!)).toEqual(judged(one));
      vpcs += 1;
    }
  }
  return vpcs;
}

describe('readVpcSnapshots', () => {
  it('builds every VPC of the example world exactly as the per-VPC read does (isolated, NAT, the hub and its spoke)', async () => {
    const vpcs = await expectSameAsPerVpcReads(createExampleWorld, accountId =>
      accountId === EXAMPLE_HUB_ACCOUNT_ID
        ? EXAMPLE_HUB_ACCESS_KEY_ID
        : 'AKIDSANDBOX',
    );
    expect(vpcs).toBeGreaterThanOrEqual(6);
  });

  it('builds every VPC of a fleet of two accounts and regions exactly as the per-VPC read does, across pages', async () => {
    // Five items a page: every batched call pages, and items of one VPC span pages.
    sandbox.setPageSize(5);
    const vpcs = await expectSameAsPerVpcReads(
      () => createFleetWorld(FLEET),
      fleetAccessKeyId,
    );
    expect(vpcs).toBe(FLEET.vpcs);
  });

  it('reads the VPCs of an account and region with one call per part and one Profile listing; DescribeVpcAttribute and ListHostedZonesByVPC per VPC', async () => {
    sandbox.world = createFleetWorld({
      ...FLEET,
      accounts: 1,
      regions: ['eu-west-1'],
    });
    const [target] = accountRegions(sandbox.world, fleetAccessKeyId);
    const clients = clientsFor(target.region, target.key);
    sandbox.resetCalls();

    const read = await readVpcSnapshots(
      clients.ec2,
      {
        region: target.region,
        accountId: target.accountId,
        vpcIds: target.vpcIds,
      },
      { route53: clients.route53, route53Profiles: clients.route53Profiles },
    );

    expect(read.size).toBe(FLEET.vpcs);
    const perAction = sandbox.callsPerAction();
    for (const action of [
      'DescribeVpcs',
      'DescribeSubnets',
      'DescribeRouteTables',
      'DescribeVpcEndpoints',
      'DescribeSecurityGroups',
      'DescribeNetworkAcls',
      'DescribePrefixLists',
      'ListProfileAssociations',
    ])
      expect({ action, calls: perAction[action] }).toEqual({
        action,
        calls: 1,
      });
    expect(perAction.DescribeDhcpOptions ?? 0).toBeLessThanOrEqual(1);
    expect(perAction.DescribeVpcAttribute).toBe(2 * FLEET.vpcs);
    expect(perAction.ListHostedZonesByVPC).toBe(FLEET.vpcs);
  });

  it('answers a VPC that does not exist with its NotFoundError and reads the others', async () => {
    const clients = clientsFor(EXAMPLE_REGION, 'AKIDSANDBOX');
    const [real] = accountRegions(sandbox.world, () => 'AKIDSANDBOX').find(
      t => t.accountId === EXAMPLE_ACCOUNT_ID,
    )!.vpcIds;

    const read = await readVpcSnapshots(clients.ec2, {
      region: EXAMPLE_REGION,
      accountId: EXAMPLE_ACCOUNT_ID,
      vpcIds: [real, 'vpc-0000000000000dead'],
    });

    expect(read.get('vpc-0000000000000dead')).toBeInstanceOf(NotFoundError);
    expect(read.get(real)).toMatchObject({ vpcId: real, failures: [] });
  });

  it('makes a failed batched call the same part failure of every VPC it was for', async () => {
    const clients = clientsFor(EXAMPLE_REGION, 'AKIDSANDBOX');
    const { vpcIds } = accountRegions(sandbox.world, () => 'AKIDSANDBOX').find(
      t => t.accountId === EXAMPLE_ACCOUNT_ID,
    )!;
    sandbox.setFaults([
      { action: 'DescribeRouteTables', kind: 'access-denied' },
    ]);

    const read = await readVpcSnapshots(clients.ec2, {
      region: EXAMPLE_REGION,
      accountId: EXAMPLE_ACCOUNT_ID,
      vpcIds,
    });
    const single = await readVpcSnapshot(clients.ec2, {
      region: EXAMPLE_REGION,
      accountId: EXAMPLE_ACCOUNT_ID,
      vpcId: vpcIds[0],
    });

    for (const vpcId of vpcIds) {
      const snapshot = read.get(vpcId) as VpcSnapshot;
      expect(snapshot.routeTables).toEqual([]);
      expect(snapshot.failures).toEqual(single.failures);
      expect(snapshot.failures).toEqual([
        expect.objectContaining({
          part: 'routeTables',
          call: 'DescribeRouteTables',
        }),
      ]);
    }
  });
});
