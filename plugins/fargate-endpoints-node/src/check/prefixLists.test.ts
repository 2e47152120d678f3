import {
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  endpointSecurityGroup,
  regionOf,
  taskSecurityGroup,
  httpsWithCidrs,
  httpsToPrefixLists,
  httpsWithGroups,
  type SandboxWorld,
} from '@fargate-endpoints/aws-sandbox';
import { useExampleSandbox } from '../__testUtils__/exampleSandbox';
import { createAwsReader } from './reader';
import { runCheck } from './runCheck';

const payments = EXAMPLE_SERVICES['payments-api'];
const LIST_ID = 'pl-0a1b2c3d4e5f60718';

/**
 * The payments VPC with the endpoint security group admitting 443 only from a customer-managed
 * prefix list (the organisation's "all spoke subnets" list), whose entries are `cidrs`.
 */
function worldWithEndpointIngressFromList(cidrs: string[]): SandboxWorld {
  const world = createExampleWorld();
  const region = regionOf(world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION);
  region.prefixLists.push({
    id: LIST_ID,
    name: 'org-spoke-subnets',
    ownerId: EXAMPLE_ACCOUNT_ID,
    cidrs,
  });
  const vpc = region.vpcs.find(v => v.id === payments.vpcId)!;
  endpointSecurityGroup(vpc)!.ingress = [httpsToPrefixLists(LIST_ID)];
  return world;
}

const { sandbox, clients } = useExampleSandbox();

const check = () =>
  runCheck(createAwsReader(clients()), {
    kind: 'ecs-service',
    serviceArn: payments.serviceArn,
  });

const sgFindings = (report: Awaited<ReturnType<typeof check>>) =>
  report.findings
    .filter(
      f =>
        f.rule === 'endpoint-sg-blocks-tasks' ||
        f.rule === 'task-egress-blocked',
    )
    .map(f => `${f.rule} ${f.service}`);

describe('customer-managed prefix lists in security group rules', () => {
  it('is ready when the endpoint group admits a prefix list holding the task subnets', async () => {
    sandbox.world = worldWithEndpointIngressFromList(['10.10.0.0/16']);

    const report = await check();

    expect(sgFindings(report)).toEqual([]);
    expect(report.verdict).toBe('ready');
    expect(sandbox.callsPerAction()).toMatchObject({
      GetManagedPrefixListEntries: 1,
    });
  });

  it('fires endpoint-sg-blocks-tasks when the list does not hold the task subnets', async () => {
    sandbox.world = worldWithEndpointIngressFromList([
      '10.99.0.0/16',
      '192.168.0.0/24',
    ]);

    const report = await check();

    expect(report.verdict).toBe('not-ready');
    expect(sgFindings(report)).toEqual(
      expect.arrayContaining([
        'endpoint-sg-blocks-tasks ecr.api',
        'endpoint-sg-blocks-tasks logs',
      ]),
    );
  });

  it('is unknown, not blocked, when the answer lacks the entries', async () => {
    sandbox.world = worldWithEndpointIngressFromList(['10.10.0.0/16']);
    sandbox.setFaults([
      { action: 'GetManagedPrefixListEntries', kind: 'empty' },
    ]);

    const report = await check();

    expect(sgFindings(report)).toEqual([]);
    expect(report.verdict).toBe('unknown');
    expect(report.unknown.find(u => u.check.includes(LIST_ID))?.reason).toMatch(
      /holds no entrySet/,
    );
  });

  it('is unknown, not blocked, when the entries cannot be read', async () => {
    sandbox.world = worldWithEndpointIngressFromList(['10.10.0.0/16']);
    sandbox.setFaults([
      { action: 'GetManagedPrefixListEntries', kind: 'access-denied' },
    ]);

    const report = await check();

    expect(sgFindings(report)).toEqual([]);
    expect(report.verdict).toBe('unknown');
    const unknown = report.unknown.find(u => u.check.includes(LIST_ID));
    expect(unknown).toMatchObject({
      call: 'GetManagedPrefixListEntries',
      rules: ['endpoint-sg-blocks-tasks'],
    });
    expect(unknown?.reason).toMatch(/not authorized|AccessDenied|denied/i);
  });

  it('does not ask for lists when no rule names one, and a failing read that decides nothing stays silent', async () => {
    const report = await check();
    expect(report.verdict).toBe('ready');
    expect(sandbox.countCalls({ action: 'GetManagedPrefixListEntries' })).toBe(
      0,
    );

    // A rule names a list, but a group reference already admits the tasks: its read does not matter.
    const world = worldWithEndpointIngressFromList(['10.10.0.0/16']);
    const vpc = regionOf(world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION).vpcs.find(
      v => v.id === payments.vpcId,
    )!;
    endpointSecurityGroup(vpc)!.ingress.push(
      httpsWithGroups(taskSecurityGroup(vpc).id),
    );
    sandbox.world = world;
    sandbox.setFaults([
      { action: 'GetManagedPrefixListEntries', kind: 'access-denied' },
    ]);
    expect((await check()).verdict).toBe('ready');
  });

  it('resolves a list on the task egress side too (task-egress-blocked judges its CIDRs)', async () => {
    const world = createExampleWorld();
    const region = regionOf(world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION);
    const vpc = region.vpcs.find(v => v.id === payments.vpcId)!;
    const s3List = region.prefixLists.find(p => p.name.endsWith('.s3'))!;
    region.prefixLists.push({
      id: LIST_ID,
      name: 'payments-endpoint-subnets',
      ownerId: EXAMPLE_ACCOUNT_ID,
      cidrs: ['10.10.0.0/16'],
    });
    taskSecurityGroup(vpc).egress = [
      httpsToPrefixLists(LIST_ID),
      httpsToPrefixLists(s3List.id),
    ];
    sandbox.world = world;
    expect(sgFindings(await check())).toEqual([]);

    region.prefixLists.find(p => p.id === LIST_ID)!.cidrs = ['10.77.0.0/16'];
    taskSecurityGroup(vpc).egress.push(httpsWithCidrs('172.16.0.0/12'));
    expect(sgFindings(await check())).toEqual(
      expect.arrayContaining(['task-egress-blocked ecr.api']),
    );
  });
});
