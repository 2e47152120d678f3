import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  addToWorld,
  AwsSandbox,
  registerSandboxTestHooks,
  createExampleWorld,
  createFleetWorld,
  describeFleet,
  ecsService,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  isolatedVpc,
  listWorldServices,
  sandboxWorld,
  withoutEndpoint,
} from '../index';

describe('the example world', () => {
  it('has exactly the six documented services, with the ids EXAMPLE_SERVICES gives', () => {
    const services = listWorldServices(createExampleWorld());
    const byName = (a: string[], b: string[]) => a[0].localeCompare(b[0]);
    expect(
      services
        .map(s => [
          s.serviceName,
          s.accountId,
          s.region,
          s.serviceArn,
          s.vpcId!,
        ])
        .sort(byName),
    ).toEqual(
      Object.values(EXAMPLE_SERVICES)
        .map(e => [
          e.serviceName,
          EXAMPLE_ACCOUNT_ID,
          EXAMPLE_REGION,
          e.serviceArn,
          e.vpcId,
        ])
        .sort(byName),
    );
    expect(
      new Set(Object.values(EXAMPLE_SERVICES).map(e => e.vpcId)).size,
    ).toBe(6);
    expect(EXAMPLE_SERVICES['payments-api'].serviceArn).toBe(
      'arn:aws:ecs:eu-west-1:111111111111:service/shop/payments-api',
    );
    for (const service of Object.values(EXAMPLE_SERVICES)) {
      expect(service.vpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
      service.subnetIds.forEach(id =>
        expect(id).toMatch(/^subnet-[0-9a-f]{17}$/),
      );
      service.securityGroupIds.forEach(id =>
        expect(id).toMatch(/^sg-[0-9a-f]{17}$/),
      );
    }
  });

  it('is the same world every time, and a fresh copy each call', () => {
    const a = createExampleWorld();
    const b = createExampleWorld();
    expect(a).toEqual(b);
    a.accounts[EXAMPLE_ACCOUNT_ID].regions[EXAMPLE_REGION].vpcs.pop();
    expect(a).not.toEqual(b);
  });
});

describe('builders', () => {
  const sandbox = new AwsSandbox(sandboxWorld());
  registerSandboxTestHooks(sandbox);

  it('state "a VPC missing ecr.api" in a few lines', async () => {
    const vpc = withoutEndpoint(
      isolatedVpc({
        name: 'shop',
        region: 'eu-west-1',
        interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs'],
      }),
      'ecr.api',
    );
    const service = ecsService({
      serviceName: 'shop-api',
      region: 'eu-west-1',
      accountId: '111111111111',
      vpc,
    });
    sandbox.world = addToWorld(
      sandboxWorld(),
      { region: 'eu-west-1' },
      { vpcs: [vpc], services: [service] },
    );

    const ec2 = new EC2Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    });
    const { VpcEndpoints } = await ec2.send(
      new DescribeVpcEndpointsCommand({
        Filters: [{ Name: 'vpc-id', Values: [vpc.id] }],
      }),
    );
    expect(VpcEndpoints!.map(e => e.ServiceName).sort()).toEqual([
      'com.amazonaws.eu-west-1.ecr.dkr',
      'com.amazonaws.eu-west-1.logs',
      'com.amazonaws.eu-west-1.s3',
    ]);
    expect(service.service.subnets).toEqual(vpc.subnets.map(s => s.id));
  });
});

describe('the fleet world', () => {
  it('spreads 1000 services over 100 VPCs in 3 regions, mostly healthy, deterministically', () => {
    const world = createFleetWorld({
      services: 1000,
      vpcs: 100,
      regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
    });
    const services = listWorldServices(world);
    expect(services).toHaveLength(1000);
    expect(new Set(services.map(s => s.vpcId)).size).toBe(100);
    expect(new Set(services.map(s => s.region))).toEqual(
      new Set(['eu-west-1', 'us-east-1', 'ap-southeast-2']),
    );

    const plan = describeFleet();
    expect(new Set(plan.map(p => p.serviceArn))).toEqual(
      new Set(services.map(s => s.serviceArn)),
    );
    const designs = plan.reduce<Record<string, number>>(
      (acc, p) => ({ ...acc, [p.design]: (acc[p.design] ?? 0) + 1 }),
      {},
    );
    expect(designs).toEqual({
      healthy: 750,
      'missing-ecr-api': 100,
      's3-wrong-route-table': 100,
      nat: 50,
    });
    expect(createFleetWorld()).toEqual(world);
  });
});
