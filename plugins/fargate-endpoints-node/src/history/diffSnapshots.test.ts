import { evaluateService } from '../evaluate';
import type { VpcSnapshot } from '../model';
import {
  FIXTURE_IDS,
  fixtureEndpointId,
  healthyIsolatedSnapshot,
  serviceSpecFor,
  withEndpoint,
  withoutEndpoint,
} from '../testing/fixtures';
import { diffSnapshots, explainVerdictChange } from './diffSnapshots';
import { vpcFingerprint } from './fingerprint';

const ids = FIXTURE_IDS;
const fp = (snapshot: VpcSnapshot) =>
  vpcFingerprint(snapshot, { securityGroupIds: [ids.taskSecurityGroup] });
const state = (snapshot: VpcSnapshot) => ({
  findings: evaluateService(snapshot, serviceSpecFor(snapshot)).findings,
  fingerprint: fp(snapshot),
});

describe('diffSnapshots', () => {
  const healthy = healthyIsolatedSnapshot();

  it('finds nothing between two reads of the same VPC', () => {
    expect(diffSnapshots(fp(healthy), fp(healthy))).toEqual([]);
  });

  it('names a deleted endpoint and its service', () => {
    const changes = diffSnapshots(
      fp(healthy),
      fp(withoutEndpoint(healthy, 'ecr.api')),
    );
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'endpoint-deleted',
        resourceId: fixtureEndpointId('ecr.api'),
        service: 'ecr.api',
        message: `endpoint ${fixtureEndpointId('ecr.api')} for ecr.api deleted`,
        removal: true,
      }),
    ]);
    expect(
      diffSnapshots(fp(withoutEndpoint(healthy, 'ecr.api')), fp(healthy)),
    ).toEqual([
      expect.objectContaining({ kind: 'endpoint-created', removal: false }),
    ]);
  });

  it('names a route table no longer associated with the S3 gateway', () => {
    const after = withEndpoint(healthy, 's3', { routeTableIds: [] });
    expect(diffSnapshots(fp(healthy), fp(after))).toEqual([
      expect.objectContaining({
        kind: 'gateway-route-table',
        resourceId: ids.privateRouteTable,
        message: `${ids.privateRouteTable} no longer associated with the S3 gateway ${ids.s3Gateway}`,
      }),
    ]);
  });

  it('names a security group that lost its 443 ingress from the tasks', () => {
    const after: VpcSnapshot = {
      ...healthy,
      securityGroups: healthy.securityGroups.map(g =>
        g.id === ids.endpointSecurityGroup ? { ...g, ingress: [] } : g,
      ),
    };
    const changes = diffSnapshots(fp(healthy), fp(after));
    expect(changes.map(c => c.message)).toContain(
      `${ids.endpointSecurityGroup} lost its 443 ingress from ${ids.taskSecurityGroup}`,
    );
  });

  it('names a subnet whose route table association moved', () => {
    const after: VpcSnapshot = {
      ...healthy,
      routeTables: healthy.routeTables.map(t =>
        t.id === ids.privateRouteTable
          ? { ...t, subnetIds: t.subnetIds.filter(s => s !== ids.taskSubnetA) }
          : t,
      ),
    };
    expect(diffSnapshots(fp(healthy), fp(after))).toEqual([
      expect.objectContaining({
        kind: 'route-table-association',
        message: `${ids.taskSubnetA} moved from ${ids.privateRouteTable} to ${ids.mainRouteTable} (main)`,
      }),
    ]);
  });

  it('does not call a part that could not be read a deletion', () => {
    const unread: VpcSnapshot = {
      ...healthy,
      endpoints: [],
      securityGroups: [],
      failures: [
        {
          part: 'endpoints',
          call: 'DescribeVpcEndpoints',
          reason: 'throttled',
        },
        {
          part: 'securityGroups',
          call: 'DescribeSecurityGroups',
          reason: 'AccessDenied',
        },
      ],
    };
    expect(diffSnapshots(fp(healthy), fp(unread))).toEqual([]);
  });
});

describe('explainVerdictChange', () => {
  const healthy = healthyIsolatedSnapshot();

  it('names the deleted ecr.api endpoint as the cause of a missing-endpoint error', () => {
    const broken = withoutEndpoint(healthy, 'ecr.api');
    const result = explainVerdictChange(state(healthy), state(broken));
    expect(result.finding).toMatchObject({
      rule: 'missing-endpoint',
      service: 'ecr.api',
      severity: 'error',
    });
    expect(result.cause?.message).toBe(
      `endpoint ${fixtureEndpointId('ecr.api')} for ecr.api deleted`,
    );
  });

  it('names the recreated endpoint as the cause of a recovery', () => {
    const broken = withoutEndpoint(healthy, 'ecr.api');
    const result = explainVerdictChange(state(broken), state(healthy));
    expect(result.finding).toMatchObject({ service: 'ecr.api' });
    expect(result.cause).toMatchObject({ kind: 'endpoint-created' });
  });

  it('names no cause when the VPC did not change', () => {
    const broken = withoutEndpoint(healthy, 'ecr.api');
    const result = explainVerdictChange(
      { findings: [], fingerprint: fp(broken) },
      state(broken),
    );
    expect(result.finding).toBeDefined();
    expect(result.cause).toBeUndefined();
  });
});
