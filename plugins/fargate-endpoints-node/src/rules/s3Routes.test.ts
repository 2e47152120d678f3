import {
  FIXTURE_IDS as ids,
  healthyIsolatedSnapshot,
  withDefaultRoute,
  withEndpoint,
} from '../testing/fixtures';
import { check, fired } from './testReport';

describe('s3-route-table-missing', () => {
  it('stays quiet on the healthy VPC', () => {
    expect(fired(check(), 's3-route-table-missing')).toEqual([]);
  });

  it('fires for the task route table the S3 gateway is not associated with', () => {
    const r = check(
      withEndpoint(healthyIsolatedSnapshot(), 's3', {
        routeTableIds: [ids.mainRouteTable],
      }),
    );
    expect(fired(r, 's3-route-table-missing')).toEqual([
      `s3 ${ids.privateRouteTable}`,
    ]);
    expect(r.findings[0].terraform).toMatch(
      /aws_vpc_endpoint_route_table_association/,
    );
    expect(r.findings[0].fix).toContain(
      `--add-route-table-ids ${ids.privateRouteTable}`,
    );
    // The quoted command, on its own to copy.
    expect(r.findings[0].cli).toMatch(
      new RegExp(
        `^aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-\\S+ --add-route-table-ids ${ids.privateRouteTable}$`,
      ),
    );
    expect(r.endpoints.find(e => e.service === 's3')!.checks.routeTables).toBe(
      'fail',
    );
  });

  it('checks the main route table of subnets without an explicit association', () => {
    const snapshot = healthyIsolatedSnapshot();
    snapshot.routeTables[1].subnetIds = [ids.taskSubnetA];
    expect(fired(check(snapshot), 's3-route-table-missing')).toEqual([
      `s3 ${ids.mainRouteTable}`,
    ]);
  });

  it('is not an error on a NAT path, where S3 traffic takes the NAT', () => {
    const snapshot = withEndpoint(
      withDefaultRoute(healthyIsolatedSnapshot(), 'nat-0abc'),
      's3',
      { routeTableIds: [] },
    );
    expect(fired(check(snapshot), 's3-route-table-missing')).toEqual([]);
  });
});
