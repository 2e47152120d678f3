import {
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_REGION,
  FaultRule,
  registerSandboxTestHooks,
} from './index';

const sandbox = new AwsSandbox(createExampleWorld());
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' };
const ec2 = new EC2Client({
  region: EXAMPLE_REGION,
  credentials,
  maxAttempts: 1,
});
const ecs = new ECSClient({
  region: EXAMPLE_REGION,
  credentials,
  maxAttempts: 1,
});

registerSandboxTestHooks(sandbox);
beforeEach(() => {
  // Some tests change the policy itself, not only the buckets' fill.
  sandbox.setThrottle(undefined);
  sandbox.setLatency(undefined);
});

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e: any) {
    return {
      name: e.name,
      status: e.$metadata?.httpStatusCode,
      message: e.message as string,
    };
  }
  throw new Error('expected the call to fail');
}

const ec2Call = () => ec2.send(new DescribeSubnetsCommand({}));
const ecsCall = () =>
  ecs.send(
    new DescribeServicesCommand({
      cluster: 'shop',
      services: ['payments-api'],
    }),
  );

describe('faults surface as the SDK errors real AWS gives', () => {
  it.each([
    ['throttle', 'RequestLimitExceeded', 503],
    ['server-error', 'InternalError', 500],
    ['access-denied', 'UnauthorizedOperation', 403],
  ] as const)('EC2 %s → %s (HTTP %d)', async (kind, name, status) => {
    sandbox.setFaults([{ service: 'ec2', kind }]);
    expect(await failure(ec2Call())).toMatchObject({ name, status });
    expect(sandbox.calls[0]).toMatchObject({
      action: 'DescribeSubnets',
      status,
      errorCode: name,
      fault: kind,
    });
  });

  it.each([
    ['throttle', 'ThrottlingException', 400],
    ['server-error', 'ServerException', 500],
    ['access-denied', 'AccessDeniedException', 403],
  ] as const)('ECS %s → %s (HTTP %d)', async (kind, name, status) => {
    sandbox.setFaults([{ service: 'ecs', kind }]);
    expect(await failure(ecsCall())).toMatchObject({ name, status });
  });

  it('names the denied permission the way IAM does', async () => {
    sandbox.setFaults([{ action: 'DescribeSubnets', kind: 'access-denied' }]);
    expect((await failure(ec2Call())).message).toMatch(
      /not authorized to perform: ec2:DescribeSubnets/,
    );
  });

  it('answers a malformed body that the SDK cannot parse', async () => {
    sandbox.setFaults([{ kind: 'malformed' }]);
    const ec2Error = await failure(ec2Call());
    const ecsError = await failure(ecsCall());
    expect(ec2Error.status).toBe(200);
    expect(ecsError.status).toBe(200);
    expect(ec2Error.message).toMatch(/XML parse error/);
    expect(ecsError.name).toBe('SyntaxError');
  });

  it('hangs until the client gives up, then the call is logged as unanswered', async () => {
    sandbox.setFaults([{ action: 'DescribeVpcs', kind: 'hang' }]);
    const patient = new EC2Client({
      region: EXAMPLE_REGION,
      credentials,
      maxAttempts: 1,
      requestHandler: { requestTimeout: 150, throwOnRequestTimeout: true },
    });
    const started = Date.now();
    const error = await failure(patient.send(new DescribeVpcsCommand({})));
    expect(error.name).toMatch(/TimeoutError|RequestTimeout/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    // msw does not pass the client's abort on, so the call stays open (holding no timer) until close().
    expect(sandbox.calls[0]).toMatchObject({
      action: 'DescribeVpcs',
      status: 0,
      fault: 'hang',
    });
    // Other actions are not affected.
    await expect(ec2Call()).resolves.toBeDefined();
    patient.destroy();
  });

  it('ends hanging calls when the sandbox closes', async () => {
    const own = new AwsSandbox(createExampleWorld(), {
      faults: [{ kind: 'hang' }],
    });
    const pending = own.handle({
      method: 'POST',
      url: 'https://ec2.eu-west-1.amazonaws.com/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeVpcs&Version=2016-11-15',
    });
    own.close();
    await expect(pending).rejects.toThrow('The AWS sandbox was closed');
    expect(own.calls[0]).toMatchObject({
      action: 'DescribeVpcs',
      status: 0,
      fault: 'hang',
    });
  });

  it('fires every Nth matching call, and only so many times', async () => {
    const outcomes = async (rules: FaultRule[], calls: number) => {
      sandbox.setFaults(rules);
      sandbox.resetCalls();
      for (let i = 0; i < calls; i++) await ec2Call().catch(() => undefined);
      return sandbox.calls.map(c => c.status);
    };
    expect(await outcomes([{ kind: 'server-error', everyNth: 3 }], 6)).toEqual([
      200, 200, 500, 200, 200, 500,
    ]);
    expect(await outcomes([{ kind: 'throttle', times: 2 }], 4)).toEqual([
      503, 503, 200, 200,
    ]);
    expect(
      await outcomes([{ action: 'DescribeVpcs', kind: 'throttle' }], 2),
    ).toEqual([200, 200]);
  });

  it('lets the SDK retry through transient throttling', async () => {
    const retrying = new EC2Client({
      region: EXAMPLE_REGION,
      credentials,
      maxAttempts: 3,
    });
    sandbox.setFaults([{ kind: 'throttle', times: 2 }]);
    const result = await retrying.send(new DescribeSubnetsCommand({}));
    expect(result.$metadata.attempts).toBe(3);
    expect(sandbox.calls.map(c => c.status)).toEqual([503, 503, 200]);
    retrying.destroy();
  });
});

describe('throttling token bucket', () => {
  it('allows a burst, refuses at once when empty, and refills over time, per service, account and region', async () => {
    let now = 0;
    const own = new AwsSandbox(createExampleWorld(), {
      throttle: { burst: 3, refillPerSecond: 2 },
      now: () => now,
    });
    const call = (
      region = 'eu-west-1',
      action = 'Action=DescribeVpcs&Version=2016-11-15',
    ) =>
      own
        .handle({
          method: 'POST',
          url: `https://ec2.${region}.amazonaws.com/`,
          headers: {},
          body: action,
        })
        .then(r => r.status);

    expect([await call(), await call(), await call(), await call()]).toEqual([
      200, 200, 200, 503,
    ]);
    expect(await call('us-east-1')).toBe(200); // another region has its own bucket
    now += 499;
    expect(await call()).toBe(503); // not yet one token back
    now += 1;
    expect(await call()).toBe(200);
    expect(await call()).toBe(503);
    now += 10_000;
    expect([await call(), await call(), await call(), await call()]).toEqual([
      200, 200, 200, 503,
    ]); // capped at the burst
    expect(own.calls.filter(c => c.fault === 'throttled')).toHaveLength(4);
    own.close();
  });
});

describe("AWS's documented buckets per action group (the default)", () => {
  let now = 0;
  const own = new AwsSandbox(createExampleWorld(), { now: () => now });
  afterAll(() => own.close());
  beforeEach(() => {
    now = 0;
    own.setThrottle(undefined);
    own.resetCalls();
  });
  const ec2Query = (body: string, region = 'eu-west-1') =>
    own
      .handle({
        method: 'POST',
        url: `https://ec2.${region}.amazonaws.com/`,
        headers: {},
        body: `${body}&Version=2016-11-15`,
      })
      .then(r => r.status);
  const ecsJson = (action: string, input: object) =>
    own
      .handle({
        method: 'POST',
        url: 'https://ecs.eu-west-1.amazonaws.com/',
        headers: {
          'x-amz-target': `AmazonEC2ContainerServiceV20141113.${action}`,
        },
        body: JSON.stringify(input),
      })
      .then(r => r.status);
  const times = async (n: number, call: () => Promise<number>) => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push(await call());
    return statuses;
  };
  const count = (statuses: number[], status: number) =>
    statuses.filter(s => s === status).length;

  it('gives EC2 Describe* 100 at once and 20 per second, shared by every Describe action', async () => {
    const first = await times(60, () =>
      ec2Query(
        'Action=DescribeVpcs&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1',
      ),
    );
    const second = await times(41, () =>
      ec2Query(
        'Action=DescribeSubnets&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1',
      ),
    );
    expect(count([...first, ...second], 200)).toBe(100);
    expect(second[40]).toBe(503);
    now += 1000; // 20 tokens back
    const refilled = await times(21, () => ec2Query('Action=DescribeVpcs'));
    expect(count(refilled, 200)).toBe(20);
    // Another region has buckets of its own.
    expect(await ec2Query('Action=DescribeVpcs', 'us-east-1')).toBe(200);
  });

  it('puts unfiltered, unpaginated DescribeSecurityGroups in the 50 / 10 bucket, filtered ones in Describe*', async () => {
    const unfiltered = await times(51, () =>
      ec2Query('Action=DescribeSecurityGroups'),
    );
    expect(count(unfiltered, 200)).toBe(50);
    expect(
      await ec2Query(
        'Action=DescribeSecurityGroups&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1',
      ),
    ).toBe(200);
    expect(own.calls.map(c => c.throttleGroup).slice(-2)).toEqual([
      'ec2-unfiltered-describe',
      'ec2-describe',
    ]);
    now += 1000;
    const refilled = await times(11, () =>
      ec2Query('Action=DescribeSecurityGroups'),
    );
    expect(count(refilled, 200)).toBe(10);
  });

  it('throttles ECS DescribeServices, tasks and task definitions in buckets of their own', async () => {
    const services = await times(101, () =>
      ecsJson('DescribeServices', {
        cluster: 'shop',
        services: ['payments-api'],
      }),
    );
    expect(count(services, 200)).toBe(100);
    expect(services[100]).toBe(400);
    // DescribeServices being empty leaves ListTasks and DescribeTaskDefinition their own.
    const tasks = await times(101, () =>
      ecsJson('ListTasks', { cluster: 'shop', desiredStatus: 'STOPPED' }),
    );
    expect(count(tasks, 200)).toBe(100);
    const definitions = await times(51, () =>
      ecsJson('DescribeTaskDefinition', { taskDefinition: 'payments-api:1' }),
    );
    expect(count(definitions, 200)).toBe(50);
    now += 1000;
    const refilled = await times(21, () =>
      ecsJson('DescribeTaskDefinition', { taskDefinition: 'payments-api:1' }),
    );
    expect(count(refilled, 200)).toBe(20);
    const throttled = own.calls.filter(c => c.fault === 'throttled');
    expect(throttled.map(c => c.throttleGroup)).toEqual([
      'ecs-services',
      'ecs-tasks',
      'ecs-task-definitions',
      'ecs-task-definitions',
    ]);
  });

  it('lets one group be overridden while the others keep the documented buckets, and turns off with false', async () => {
    own.setThrottle({ 'ecs-services': { burst: 2, refillPerSecond: 1 } });
    const services = await times(3, () =>
      ecsJson('DescribeServices', {
        cluster: 'shop',
        services: ['payments-api'],
      }),
    );
    expect(services).toEqual([200, 200, 400]);
    expect(
      count(
        await times(51, () =>
          ecsJson('DescribeTaskDefinition', {
            taskDefinition: 'payments-api:1',
          }),
        ),
        200,
      ),
    ).toBe(50);
    own.setThrottle(false);
    expect(
      count(await times(150, () => ec2Query('Action=DescribeVpcs')), 200),
    ).toBe(150);
  });
});

describe('latency', () => {
  it('delays every call by the configured time', async () => {
    sandbox.setLatency(60);
    const started = Date.now();
    await ec2Call();
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(sandbox.calls[0].durationMs).toBeGreaterThanOrEqual(55);
  });
});
