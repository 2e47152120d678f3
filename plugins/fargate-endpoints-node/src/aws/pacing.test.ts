import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  AwsSandbox,
  registerSandboxTestHooks,
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
} from '@fargate-endpoints/aws-sandbox';
import { createAwsClients, destroyAwsClients } from './clients';
import { DEFAULT_REQUEST_RATES } from '../defaults';
import { actionGroupOf, type AwsActionGroup } from './actionGroups';
import { readPrivateZones } from './route53';
import {
  ActionGroupPacer,
  createActionGroupPacer,
  createRequestPacer,
  limiterKey,
  RequestPacer,
} from './limiter';

describe('RequestPacer', () => {
  afterEach(() => jest.useRealTimers());

  it('lets a burst through at once, then spaces the rest at the sustained rate, in order', async () => {
    jest.useFakeTimers();
    let clock = 0;
    const pacer = new RequestPacer(
      { requestsPerSecond: 10, burst: 3 },
      () => clock,
    );
    const passed: number[] = [];
    const takes = Array.from({ length: 5 }, (_, i) =>
      pacer.take('a/eu-west-1').then(() => passed.push(i)),
    );
    await Promise.resolve();
    await Promise.resolve();
    expect(passed).toEqual([0, 1, 2]);

    clock = 99;
    await jest.advanceTimersByTimeAsync(99);
    expect(passed).toEqual([0, 1, 2]);
    clock = 100;
    await jest.advanceTimersByTimeAsync(1);
    expect(passed).toEqual([0, 1, 2, 3]);
    clock = 200;
    await jest.advanceTimersByTimeAsync(100);
    await Promise.all(takes);
    expect(passed).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps one bucket per key, so one region waiting does not hold up another', async () => {
    const clock = 0;
    const pacer = new RequestPacer(
      { requestsPerSecond: 1, burst: 1 },
      () => clock,
    );
    await pacer.take(limiterKey('eu-west-1', EXAMPLE_ACCOUNT_ID));
    expect(pacer.delayMs(limiterKey('eu-west-1', EXAMPLE_ACCOUNT_ID))).toBe(
      1000,
    );
    expect(pacer.delayMs(limiterKey('us-east-1', EXAMPLE_ACCOUNT_ID))).toBe(0);
  });

  it('refills up to the burst and no further', () => {
    let clock = 0;
    const pacer = new RequestPacer(
      { requestsPerSecond: 2, burst: 2 },
      () => clock,
    );
    pacer.take('k');
    pacer.take('k');
    expect(pacer.delayMs('k')).toBe(500);
    clock = 60_000;
    pacer.take('k');
    pacer.take('k');
    expect(pacer.delayMs('k')).toBe(500);
  });

  it('rejects a rate that could never let a request through', () => {
    expect(() =>
      createRequestPacer({ requestsPerSecond: 0, burst: 5 }),
    ).toThrow(RangeError);
    expect(() =>
      createRequestPacer({ requestsPerSecond: 5, burst: 0.5 }),
    ).toThrow(RangeError);
  });
});

describe('paced clients', () => {
  const sandbox = new AwsSandbox(createExampleWorld());
  registerSandboxTestHooks(sandbox);
  // Some tests change the throttle policy itself, not only the buckets' fill.
  afterEach(() => sandbox.setThrottle(undefined));

  /** A pacer that counts the tokens it hands out, per action group and key. */
  class CountingPacer extends ActionGroupPacer {
    readonly taken: string[] = [];
    take(key: string, group: AwsActionGroup) {
      this.taken.push(`${group} ${key}`);
      return super.take(key, group);
    }
  }

  const credentials = { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'x' };

  it('spends a token on every attempt, retries included, keyed by account and region', async () => {
    const pacer = new CountingPacer(DEFAULT_REQUEST_RATES);
    const clients = createAwsClients({
      region: EXAMPLE_REGION,
      accountId: EXAMPLE_ACCOUNT_ID,
      credentials,
      maxAttempts: 3,
      retryBaseDelayMs: 1,
      pacer,
    });
    sandbox.setFaults([{ service: 'ec2', kind: 'server-error', times: 2 }]);
    try {
      await clients.ec2.send(new DescribeVpcsCommand({}));
      await clients.ecs.send(
        new DescribeServicesCommand({
          cluster: 'shop',
          services: [EXAMPLE_SERVICES['payments-api'].serviceArn],
        }),
      );
    } finally {
      destroyAwsClients(clients);
    }
    const key = `${EXAMPLE_ACCOUNT_ID}/${EXAMPLE_REGION}`;
    // Two 500s, then the answer: three attempts reached EC2 and three tokens were spent.
    expect(sandbox.countCalls({ service: 'ec2' })).toBe(3);
    expect(pacer.taken).toEqual([
      `ec2-describe ${key}`,
      `ec2-describe ${key}`,
      `ec2-describe ${key}`,
      `ecs-services ${key}`,
    ]);
  });

  it('keeps a burst of reads under a throttle that refuses the same burst unpaced', async () => {
    // EC2 grants 3 at once and 10 per second; 12 concurrent calls without retries.
    const throttle = { burst: 3, refillPerSecond: 10 };
    const burstOfCalls = async (pacer?: ActionGroupPacer) => {
      sandbox.setThrottle(throttle);
      sandbox.resetCalls();
      const clients = createAwsClients({
        region: EXAMPLE_REGION,
        credentials,
        maxAttempts: 1,
        pacer,
      });
      try {
        return await Promise.allSettled(
          Array.from({ length: 12 }, () =>
            clients.ec2.send(new DescribeVpcsCommand({})),
          ),
        );
      } finally {
        destroyAwsClients(clients);
      }
    };

    const unpaced = await burstOfCalls();
    expect(unpaced.filter(r => r.status === 'rejected').length).toBeGreaterThan(
      0,
    );

    // A little under EC2's rate, so that the two buckets never disagree.
    const paced = await burstOfCalls(
      createActionGroupPacer({
        ...DEFAULT_REQUEST_RATES,
        'ec2-describe': { requestsPerSecond: 8, burst: 2 },
      }),
    );
    expect(paced.map(r => r.status)).toEqual(paced.map(() => 'fulfilled'));
    expect(sandbox.calls.filter(c => c.fault === 'throttled')).toEqual([]);
  });

  it("paces every action group in a bucket of its own below AWS's: a burst of task-definition reads waits without holding up DescribeServices, and nothing is throttled", async () => {
    const burst = async (paced: boolean) => {
      sandbox.setThrottle(undefined); // AWS's documented buckets, fresh
      sandbox.resetCalls();
      const pacer = createActionGroupPacer(DEFAULT_REQUEST_RATES);
      const clients = createAwsClients({
        region: EXAMPLE_REGION,
        credentials,
        maxAttempts: 1,
        ...(paced ? { pacer } : {}),
      });
      const done: string[] = [];
      const send = (
        command: DescribeServicesCommand | DescribeTaskDefinitionCommand,
      ) =>
        clients.ecs
          .send(command as DescribeServicesCommand)
          .then(() => done.push(command.constructor.name));
      try {
        const results = await Promise.allSettled([
          ...Array.from({ length: 60 }, () =>
            send(
              new DescribeTaskDefinitionCommand({
                taskDefinition: 'payments-api:1',
              }),
            ),
          ),
          ...Array.from({ length: 60 }, () =>
            send(
              new DescribeServicesCommand({
                cluster: 'shop',
                services: [EXAMPLE_SERVICES['payments-api'].serviceArn],
              }),
            ),
          ),
        ]);
        return { results, done };
      } finally {
        destroyAwsClients(clients);
      }
    };

    // Unpaced, 60 task-definition reads at once overflow AWS's bucket of 50.
    const unpaced = await burst(false);
    expect(unpaced.results.filter(r => r.status === 'rejected').length).toBe(
      10,
    );

    const paced = await burst(true);
    expect(paced.results.filter(r => r.status === 'rejected')).toEqual([]);
    expect(sandbox.calls.filter(c => c.fault === 'throttled')).toEqual([]);
    // 45 task-definition reads go at once (90% of 50), the other 15 wait for their own
    // bucket's refill; every DescribeServices (a bucket of 90) is done before the last of them.
    const lastServices = paced.done.lastIndexOf('DescribeServicesCommand');
    const waited = paced.done
      .slice(lastServices + 1)
      .filter(name => name === 'DescribeTaskDefinitionCommand');
    expect(waited.length).toBeGreaterThanOrEqual(10);
  });

  it('paces Route 53 in one bucket per account for every region, as AWS throttles it: 60 zone reads from two regions go through without a throttle, where unpaced they overflow the account bucket of 50', async () => {
    const burst = async (paced: boolean) => {
      sandbox.setThrottle(undefined); // AWS's documented buckets, fresh
      sandbox.resetCalls();
      const pacer = createActionGroupPacer(DEFAULT_REQUEST_RATES);
      const regions = [EXAMPLE_REGION, 'us-east-1'];
      const clients = regions.map(region =>
        createAwsClients({
          region,
          accountId: EXAMPLE_ACCOUNT_ID,
          credentials,
          maxAttempts: 1,
          ...(paced ? { pacer } : {}),
        }),
      );
      try {
        return await Promise.allSettled(
          Array.from({ length: 60 }, (_, i) =>
            readPrivateZones(
              clients[i % 2].route53!,
              EXAMPLE_SERVICES['payments-api'].vpcId,
              regions[i % 2],
            ),
          ),
        );
      } finally {
        clients.forEach(destroyAwsClients);
      }
    };

    const unpaced = await burst(false);
    expect(unpaced.filter(r => r.status === 'rejected').length).toBe(10);
    expect(sandbox.calls.filter(c => c.fault === 'throttled').length).toBe(10);

    const paced = await burst(true);
    expect(paced.filter(r => r.status === 'rejected')).toEqual([]);
    expect(sandbox.countCalls({ service: 'route53' })).toBe(60);
    expect(sandbox.calls.filter(c => c.fault === 'throttled')).toEqual([]);
  });

  it('puts each call in the action group AWS throttles it in', () => {
    expect(actionGroupOf('ec2', 'DescribeSecurityGroupsCommand', {})).toBe(
      'ec2-unfiltered-describe',
    );
    expect(
      actionGroupOf('ec2', 'DescribeSecurityGroupsCommand', {
        Filters: [{ Name: 'vpc-id', Values: ['vpc-1'] }],
      }),
    ).toBe('ec2-describe');
    expect(actionGroupOf('ec2', 'DescribeVpcEndpointsCommand', {})).toBe(
      'ec2-describe',
    );
    expect(actionGroupOf('ecs', 'ListTasksCommand')).toBe('ecs-tasks');
    expect(actionGroupOf('ecs', 'DescribeTaskDefinition')).toBe(
      'ecs-task-definitions',
    );
    expect(actionGroupOf('ecs', 'DescribeServicesCommand')).toBe(
      'ecs-services',
    );
    expect(actionGroupOf('route53', 'ListHostedZonesByVPCCommand')).toBe(
      'route53',
    );
    expect(actionGroupOf('efs', 'DescribeMountTargetsCommand')).toBe('efs');
    expect(actionGroupOf('ecr', 'DescribeImagesCommand')).toBe('ecr');
  });
});
