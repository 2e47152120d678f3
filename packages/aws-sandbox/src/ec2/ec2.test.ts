import {
  DescribeDhcpOptionsCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
} from '@aws-sdk/client-ec2';
import {
  addToWorld,
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  isolatedVpc,
  s3PrefixListId,
  registerSandboxTestHooks,
  sandboxWorld,
} from '../index';

const sandbox = new AwsSandbox(createExampleWorld());
const ec2 = new EC2Client({
  region: EXAMPLE_REGION,
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
  maxAttempts: 1,
});
const payments = EXAMPLE_SERVICES['payments-api'];
const orders = EXAMPLE_SERVICES['orders-worker'];
const reports = EXAMPLE_SERVICES['legacy-reports'];
const byVpc = (vpcId: string) => [{ Name: 'vpc-id', Values: [vpcId] }];

registerSandboxTestHooks(sandbox, { world: createExampleWorld });
beforeEach(() => sandbox.setPageSize(undefined));

describe('EC2 describe calls through the real SDK', () => {
  it('lists a VPC with its CIDR and DHCP options, and its DNS attributes one at a time', async () => {
    const { Vpcs } = await ec2.send(
      new DescribeVpcsCommand({ VpcIds: [payments.vpcId] }),
    );
    expect(Vpcs).toEqual([
      expect.objectContaining({
        VpcId: payments.vpcId,
        CidrBlock: '10.10.0.0/16',
        State: 'available',
        IsDefault: false,
      }),
    ]);
    const { DhcpOptions } = await ec2.send(
      new DescribeDhcpOptionsCommand({
        DhcpOptionsIds: [Vpcs![0].DhcpOptionsId!],
      }),
    );
    expect(DhcpOptions![0].DhcpConfigurations).toContainEqual({
      Key: 'domain-name-servers',
      Values: [{ Value: 'AmazonProvidedDNS' }],
    });

    const support = await ec2.send(
      new DescribeVpcAttributeCommand({
        VpcId: payments.vpcId,
        Attribute: 'enableDnsSupport',
      }),
    );
    expect(support.EnableDnsSupport).toEqual({ Value: true });
    expect(support.EnableDnsHostnames).toBeUndefined();
    sandbox.world.accounts['111111111111'].regions[
      EXAMPLE_REGION
    ].vpcs[0].enableDnsHostnames = false;
    const hostnames = await ec2.send(
      new DescribeVpcAttributeCommand({
        VpcId: payments.vpcId,
        Attribute: 'enableDnsHostnames',
      }),
    );
    expect(hostnames.EnableDnsHostnames).toEqual({ Value: false });
  });

  it('filters subnets by vpc-id and by subnet id', async () => {
    const { Subnets } = await ec2.send(
      new DescribeSubnetsCommand({ Filters: byVpc(payments.vpcId) }),
    );
    expect(Subnets!.map(s => s.SubnetId)).toEqual(payments.subnetIds);
    expect(Subnets!.map(s => s.AvailabilityZone)).toEqual([
      'eu-west-1a',
      'eu-west-1b',
    ]);

    const one = await ec2.send(
      new DescribeSubnetsCommand({ SubnetIds: [orders.subnetIds[1]] }),
    );
    expect(one.Subnets!.map(s => [s.SubnetId, s.VpcId, s.CidrBlock])).toEqual([
      [orders.subnetIds[1], orders.vpcId, '10.20.2.0/24'],
    ]);
  });

  it('shows route tables with associations, the local route and the S3 gateway route', async () => {
    const { RouteTables } = await ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [
          { Name: 'association.subnet-id', Values: [payments.subnetIds[0]] },
        ],
      }),
    );
    expect(RouteTables).toHaveLength(1);
    const [table] = RouteTables!;
    expect(table.Associations!.map(a => a.SubnetId)).toEqual(
      payments.subnetIds,
    );
    expect(table.Routes).toEqual([
      expect.objectContaining({
        DestinationCidrBlock: '10.10.0.0/16',
        GatewayId: 'local',
        State: 'active',
      }),
      expect.objectContaining({
        DestinationPrefixListId: s3PrefixListId(EXAMPLE_REGION),
        GatewayId: expect.stringMatching(/^vpce-/),
      }),
    ]);
  });

  it('puts orders-worker S3 gateway on the main route table, not the task subnets table', async () => {
    const { RouteTables } = await ec2.send(
      new DescribeRouteTablesCommand({ Filters: byVpc(orders.vpcId) }),
    );
    const main = RouteTables!.find(t => t.Associations!.some(a => a.Main))!;
    const tasks = RouteTables!.find(t =>
      t.Associations!.some(a => a.SubnetId === orders.subnetIds[0]),
    )!;
    expect(main.Routes!.some(r => r.DestinationPrefixListId)).toBe(true);
    expect(tasks.Routes!.map(r => r.GatewayId)).toEqual(['local']);
  });

  it('sends legacy-reports to a NAT gateway', async () => {
    const { RouteTables } = await ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [{ Name: 'association.subnet-id', Values: reports.subnetIds }],
      }),
    );
    expect(RouteTables![0].Routes).toContainEqual(
      expect.objectContaining({
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: expect.stringMatching(/^nat-/),
      }),
    );
    const { NatGateways } = await ec2.send(
      new DescribeNatGatewaysCommand({ Filter: byVpc(reports.vpcId) }),
    );
    expect(NatGateways).toEqual([
      expect.objectContaining({ State: 'available', VpcId: reports.vpcId }),
    ]);
    const { VpcEndpoints } = await ec2.send(
      new DescribeVpcEndpointsCommand({ Filters: byVpc(reports.vpcId) }),
    );
    expect(VpcEndpoints).toEqual([]);
  });

  it('describes endpoints with type, state, private DNS, subnets, groups, route tables and policy', async () => {
    const { VpcEndpoints } = await ec2.send(
      new DescribeVpcEndpointsCommand({ Filters: byVpc(payments.vpcId) }),
    );
    const byService = Object.fromEntries(
      VpcEndpoints!.map(e => [e.ServiceName!.split('.').slice(3).join('.'), e]),
    );
    expect(Object.keys(byService).sort()).toEqual([
      'ecr.api',
      'ecr.dkr',
      'logs',
      's3',
      'secretsmanager',
    ]);
    expect(byService['ecr.api']).toMatchObject({
      VpcEndpointType: 'Interface',
      State: 'available',
      PrivateDnsEnabled: true,
      SubnetIds: payments.subnetIds,
      Groups: [
        expect.objectContaining({ GroupId: payments.endpointSecurityGroupId }),
      ],
      RouteTableIds: [],
    });
    expect(
      JSON.parse(byService['ecr.api'].PolicyDocument!).Statement[0].Effect,
    ).toBe('Allow');
    expect(byService.s3).toMatchObject({
      VpcEndpointType: 'Gateway',
      PrivateDnsEnabled: false,
      SubnetIds: [],
    });
    expect(byService.s3.RouteTableIds).toHaveLength(1);

    const { VpcEndpoints: one } = await ec2.send(
      new DescribeVpcEndpointsCommand({
        VpcEndpointIds: [byService.logs.VpcEndpointId!],
      }),
    );
    expect(one!.map(e => e.ServiceName)).toEqual([
      `com.amazonaws.${EXAMPLE_REGION}.logs`,
    ]);
  });

  it('misses ecr.api in the orders-worker VPC', async () => {
    const { VpcEndpoints } = await ec2.send(
      new DescribeVpcEndpointsCommand({
        Filters: [
          ...byVpc(orders.vpcId),
          {
            Name: 'service-name',
            Values: [`com.amazonaws.${EXAMPLE_REGION}.ecr.*`],
          },
        ],
      }),
    );
    expect(VpcEndpoints!.map(e => e.ServiceName)).toEqual([
      `com.amazonaws.${EXAMPLE_REGION}.ecr.dkr`,
    ]);
  });

  it('renders security group rules as IpPermissions: group pairs, CIDRs and prefix lists', async () => {
    const { SecurityGroups } = await ec2.send(
      new DescribeSecurityGroupsCommand({
        GroupIds: [
          ...payments.securityGroupIds,
          payments.endpointSecurityGroupId!,
        ],
      }),
    );
    const tasks = SecurityGroups!.find(
      g => g.GroupId === payments.securityGroupIds[0],
    )!;
    const endpoints = SecurityGroups!.find(
      g => g.GroupId === payments.endpointSecurityGroupId,
    )!;
    expect(endpoints.IpPermissions).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        UserIdGroupPairs: [
          { UserId: '111111111111', GroupId: payments.securityGroupIds[0] },
        ],
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
      },
    ]);
    expect(tasks.IpPermissionsEgress).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 443,
        UserIdGroupPairs: [
          expect.objectContaining({
            GroupId: payments.endpointSecurityGroupId,
          }),
        ],
      }),
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 443,
        PrefixListIds: [{ PrefixListId: s3PrefixListId(EXAMPLE_REGION) }],
      }),
    ]);
    expect(endpoints.IpPermissionsEgress).toEqual([
      expect.objectContaining({
        IpProtocol: '-1',
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      }),
    ]);
  });

  it('lists network ACL entries (with the implicit deny) and subnet associations', async () => {
    const { NetworkAcls } = await ec2.send(
      new DescribeNetworkAclsCommand({ Filters: byVpc(payments.vpcId) }),
    );
    expect(NetworkAcls).toHaveLength(1);
    const [acl] = NetworkAcls!;
    expect(acl.IsDefault).toBe(true);
    expect(acl.Associations!.map(a => a.SubnetId)).toEqual(payments.subnetIds);
    expect(
      acl.Entries!.map(e => [e.RuleNumber, e.Egress, e.Protocol, e.RuleAction]),
    ).toEqual([
      [100, false, '-1', 'allow'],
      [100, true, '-1', 'allow'],
      [32767, true, '-1', 'deny'],
      [32767, false, '-1', 'deny'],
    ]);
  });

  it('finds the S3 prefix list by name, with its CIDRs, both the old and the managed way', async () => {
    const name = `com.amazonaws.${EXAMPLE_REGION}.s3`;
    const { PrefixLists } = await ec2.send(
      new DescribePrefixListsCommand({
        Filters: [{ Name: 'prefix-list-name', Values: [name] }],
      }),
    );
    expect(PrefixLists).toEqual([
      {
        PrefixListId: 'pl-6da54004',
        PrefixListName: name,
        Cidrs: expect.arrayContaining(['52.218.0.0/17']),
      },
    ]);

    const managed = await ec2.send(
      new DescribeManagedPrefixListsCommand({
        Filters: [{ Name: 'prefix-list-name', Values: [name] }],
      }),
    );
    expect(managed.PrefixLists).toEqual([
      expect.objectContaining({
        PrefixListId: 'pl-6da54004',
        OwnerId: 'AWS',
        AddressFamily: 'IPv4',
      }),
    ]);
    const entries = await ec2.send(
      new GetManagedPrefixListEntriesCommand({ PrefixListId: 'pl-6da54004' }),
    );
    expect(entries.Entries!.map(e => e.Cidr)).toEqual(PrefixLists![0].Cidrs);
  });

  it('answers each region and account from its own data', async () => {
    const world = sandboxWorld({ accessKeys: { AKIDOTHER: '222222222222' } });
    addToWorld(
      world,
      { accountId: '222222222222', region: 'us-east-1' },
      {
        vpcs: [
          isolatedVpc({
            name: 'other',
            region: 'us-east-1',
            interfaceEndpoints: ['logs'],
          }),
        ],
      },
    );
    sandbox.world = world;
    const other = new EC2Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDOTHER', secretAccessKey: 'x' },
    });
    const stranger = new EC2Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    });
    const inEurope = new EC2Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDOTHER', secretAccessKey: 'x' },
    });

    expect((await other.send(new DescribeVpcsCommand({}))).Vpcs).toHaveLength(
      1,
    );
    expect((await stranger.send(new DescribeVpcsCommand({}))).Vpcs).toEqual([]);
    expect((await inEurope.send(new DescribeVpcsCommand({}))).Vpcs).toEqual([]);
    expect(sandbox.calls.map(c => [c.accountId, c.region])).toEqual([
      ['222222222222', 'us-east-1'],
      ['111111111111', 'us-east-1'],
      ['222222222222', 'eu-west-1'],
    ]);
  });

  it('answers unknown ids, bad filters and bad parameters with the EC2 error codes', async () => {
    const errorOf = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (e: any) => ({
          name: e.name,
          status: e.$metadata?.httpStatusCode,
          message: e.message,
        }),
      );
    expect(
      await errorOf(
        ec2.send(
          new DescribeVpcsCommand({ VpcIds: ['vpc-0000000000000dead'] }),
        ),
      ),
    ).toEqual({
      name: 'InvalidVpcID.NotFound',
      status: 400,
      message: "The vpc ID 'vpc-0000000000000dead' does not exist",
    });
    expect(
      await errorOf(
        ec2.send(
          new DescribeSubnetsCommand({
            SubnetIds: ['subnet-0000000000000dead'],
          }),
        ),
      ),
    ).toMatchObject({
      name: 'InvalidSubnetID.NotFound',
      status: 400,
    });
    expect(
      await errorOf(
        ec2.send(
          new DescribeSecurityGroupsCommand({
            GroupIds: ['sg-0000000000000dead'],
          }),
        ),
      ),
    ).toMatchObject({
      name: 'InvalidGroup.NotFound',
    });
    expect(
      await errorOf(
        ec2.send(
          new DescribeVpcAttributeCommand({
            VpcId: 'vpc-0000000000000dead',
            Attribute: 'enableDnsSupport',
          }),
        ),
      ),
    ).toMatchObject({ name: 'InvalidVpcID.NotFound' });
    expect(
      await errorOf(
        ec2.send(
          new DescribeSubnetsCommand({
            Filters: [{ Name: 'vpc', Values: ['x'] }],
          }),
        ),
      ),
    ).toMatchObject({
      name: 'InvalidParameterValue',
      message: "The filter 'vpc' is invalid",
    });
    expect(
      await errorOf(ec2.send(new DescribeSubnetsCommand({ MaxResults: 2 }))),
    ).toMatchObject({
      name: 'InvalidParameterValue',
      status: 400,
    });
    // A filter on a VPC that does not exist is not an error: the list is just empty.
    expect(
      (
        await ec2.send(
          new DescribeSubnetsCommand({
            Filters: byVpc('vpc-0000000000000dead'),
          }),
        )
      ).Subnets,
    ).toEqual([]);
  });
});

describe('pagination', () => {
  it('splits every paginated list by the sandbox page size and the paginators read them all', async () => {
    sandbox.setPageSize(1);

    const subnets: string[] = [];
    for await (const page of paginateDescribeSubnets(
      { client: ec2 },
      { Filters: byVpc(reports.vpcId) },
    )) {
      expect(page.Subnets!.length).toBeLessThanOrEqual(1);
      subnets.push(...page.Subnets!.map(s => s.SubnetId!));
    }
    expect(subnets).toHaveLength(4); // 2 public + 2 private
    expect(subnets).toEqual(expect.arrayContaining(reports.subnetIds));
    expect(sandbox.countCalls({ action: 'DescribeSubnets' })).toBe(4);

    let endpoints = 0;
    for await (const page of paginateDescribeVpcEndpoints(
      { client: ec2 },
      { Filters: byVpc(payments.vpcId) },
    )) {
      endpoints += page.VpcEndpoints!.length;
    }
    expect(endpoints).toBe(5);
  });

  it('honours MaxResults from the caller and hands out NextToken until the end', async () => {
    const groups: string[] = [];
    const pages: number[] = [];
    for await (const page of paginateDescribeSecurityGroups(
      { client: ec2, pageSize: 5 },
      {},
    )) {
      pages.push(page.SecurityGroups!.length);
      groups.push(...page.SecurityGroups!.map(g => g.GroupId!));
    }
    // The example account: 7 task groups (6 services and the inventory shared-services VPC's),
    // 4 endpoint groups (one of them that VPC's), 1 EFS group (the hub's are in its own account).
    expect(new Set(groups).size).toBe(12);
    expect(pages).toEqual([5, 5, 2]);

    const subnetPages: string[][] = [];
    let token: string | undefined;
    do {
      const page = await ec2.send(
        new DescribeSubnetsCommand({ MaxResults: 5, NextToken: token }),
      );
      subnetPages.push(page.Subnets!.map(s => s.SubnetId!));
      token = page.NextToken;
    } while (token);
    // 12 subnets in the five first example VPCs, 2 in inventory-api's, 2 in its shared-services VPC.
    expect(subnetPages.map(p => p.length)).toEqual([5, 5, 5, 1]);
    expect(new Set(subnetPages.flat()).size).toBe(16);
  });

  it('refuses a token it did not issue', async () => {
    await expect(
      ec2.send(new DescribeSubnetsCommand({ NextToken: 'bogus' })),
    ).rejects.toMatchObject({
      name: 'InvalidPaginationToken',
    });
  });
});
