import {
  FIXTURE_IDS,
  healthyIsolatedSnapshot,
  withDefaultRoute,
} from '../testing/fixtures';
import { detectSubnetPaths, reportPath } from './routes';

const { taskSubnetA, taskSubnetB, privateRouteTable, mainRouteTable } =
  FIXTURE_IDS;

describe('detectSubnetPaths', () => {
  it('uses the explicitly associated route table and finds no way out', () => {
    const paths = detectSubnetPaths(healthyIsolatedSnapshot(), [taskSubnetA]);
    expect(paths).toEqual([
      expect.objectContaining({
        subnetId: taskSubnetA,
        routeTableId: privateRouteTable,
        explicitRouteTable: true,
        path: 'isolated',
        availabilityZone: 'us-east-1a',
      }),
    ]);
  });

  it('falls back to the main route table', () => {
    const snapshot = healthyIsolatedSnapshot();
    snapshot.routeTables[1].subnetIds = [taskSubnetB];
    snapshot.routeTables[0].routes.push({
      destinationCidrBlock: '0.0.0.0/0',
      target: 'nat-0abc',
      state: 'active',
    });
    const [a, b] = detectSubnetPaths(snapshot, [taskSubnetA, taskSubnetB]);
    expect(a).toMatchObject({
      routeTableId: mainRouteTable,
      explicitRouteTable: false,
      path: 'nat',
      defaultRouteTarget: 'nat-0abc',
    });
    expect(b).toMatchObject({
      routeTableId: privateRouteTable,
      path: 'isolated',
    });
    expect(reportPath([a, b])).toBe('mixed');
  });

  it('classifies igw, nat and other targets', () => {
    const path = (target: string) =>
      reportPath(
        detectSubnetPaths(withDefaultRoute(healthyIsolatedSnapshot(), target), [
          taskSubnetA,
          taskSubnetB,
        ]),
      );
    expect(path('igw-0abc')).toBe('public');
    expect(path('nat-0abc')).toBe('nat');
    expect(path('tgw-0abc')).toBe('custom');
    expect(path('pcx-0abc')).toBe('custom');
  });

  it('ignores blackhole default routes', () => {
    const snapshot = withDefaultRoute(healthyIsolatedSnapshot(), 'nat-0gone');
    snapshot.routeTables[1].routes[2].state = 'blackhole';
    expect(detectSubnetPaths(snapshot, [taskSubnetA])[0]).toMatchObject({
      path: 'isolated',
    });
  });

  it('reports unknown when route tables could not be read', () => {
    const snapshot = healthyIsolatedSnapshot();
    snapshot.failures.push({
      part: 'routeTables',
      call: 'DescribeRouteTables',
      reason: 'AccessDenied',
    });
    const paths = detectSubnetPaths(snapshot, [taskSubnetA]);
    expect(paths[0].path).toBe('unknown');
    expect(reportPath(paths)).toBe('unknown');
  });
});
