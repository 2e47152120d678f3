import {
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  addToWorld,
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  isolatedVpc,
  SandboxServer,
  startSandboxServer,
} from './index';

/** No msw: the SDK finds the sandbox only through the standard AWS_ENDPOINT_URL_* settings. */
describe('startSandboxServer', () => {
  const sandbox = new AwsSandbox(createExampleWorld());
  let server: SandboxServer;
  const saved = { ...process.env };
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' };

  beforeAll(async () => {
    server = await startSandboxServer(sandbox);
  });
  afterAll(async () => {
    sandbox.close();
    await server.close();
  });
  beforeEach(() => sandbox.resetCalls());
  afterEach(() => {
    process.env = { ...saved };
    sandbox.setFaults([]);
  });

  it('serves EC2 and ECS on one loopback port named by AWS_ENDPOINT_URL_EC2 and AWS_ENDPOINT_URL_ECS', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    process.env.AWS_ENDPOINT_URL_EC2 = server.url;
    process.env.AWS_ENDPOINT_URL_ECS = server.url;
    const ec2 = new EC2Client({ region: EXAMPLE_REGION, credentials });
    const ecs = new ECSClient({ region: EXAMPLE_REGION, credentials });
    const payments = EXAMPLE_SERVICES['payments-api'];

    const { Subnets } = await ec2.send(
      new DescribeSubnetsCommand({
        Filters: [{ Name: 'vpc-id', Values: [payments.vpcId] }],
      }),
    );
    const { services } = await ecs.send(
      new DescribeServicesCommand({
        cluster: 'shop',
        services: [payments.serviceArn],
      }),
    );

    expect(Subnets!.map(s => s.SubnetId)).toEqual(payments.subnetIds);
    expect(services![0].serviceArn).toBe(payments.serviceArn);
    expect(sandbox.calls.map(c => [c.service, c.action, c.region])).toEqual([
      ['ec2', 'DescribeSubnets', EXAMPLE_REGION],
      ['ecs', 'DescribeServices', EXAMPLE_REGION],
    ]);
    ec2.destroy();
    ecs.destroy();
  });

  it('maps keys handed out by AssumeRole (AWS_ENDPOINT_URL_STS) to the role account', async () => {
    addToWorld(
      sandbox.world,
      { accountId: '222222222222', region: 'us-east-1' },
      {
        vpcs: [isolatedVpc({ name: 'team-b', region: 'us-east-1' })],
      },
    );
    // STS speaks the Query protocol; this package has no STS client, so the request is written by hand.
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: 'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2Freader&RoleSessionName=check',
    });
    const xml = await response.text();
    expect(response.status).toBe(200);
    expect(xml).toContain(
      '<Arn>arn:aws:sts::222222222222:assumed-role/reader/check</Arn>',
    );
    const accessKeyId = /<AccessKeyId>(ASIA[0-9A-F]{16})<\/AccessKeyId>/.exec(
      xml,
    )![1];

    process.env.AWS_ENDPOINT_URL_EC2 = server.url;
    const ec2 = new EC2Client({
      region: 'us-east-1',
      credentials: { accessKeyId, secretAccessKey: 'x', sessionToken: 't' },
    });
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({}));
    expect(Vpcs!.map(v => v.Tags?.find(t => t.Key === 'Name')?.Value)).toEqual([
      'team-b',
    ]);
    expect(sandbox.calls.map(c => [c.service, c.action, c.accountId])).toEqual([
      ['sts', 'AssumeRole', '111111111111'],
      ['ec2', 'DescribeVpcs', '222222222222'],
    ]);
    ec2.destroy();
  });

  it('drops a hanging call when the client gives up, ending it in the sandbox too', async () => {
    process.env.AWS_ENDPOINT_URL_EC2 = server.url;
    sandbox.setFaults([{ kind: 'hang' }]);
    const ec2 = new EC2Client({
      region: EXAMPLE_REGION,
      credentials,
      maxAttempts: 1,
      requestHandler: { requestTimeout: 100, throwOnRequestTimeout: true },
    });
    await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(sandbox.calls[0]).toMatchObject({ status: 0, fault: 'hang' });
    expect(sandbox.calls[0].durationMs).toBeGreaterThan(0); // settled by the socket close, not left pending
    ec2.destroy();
  });

  it('refuses to listen beyond loopback', async () => {
    await expect(
      startSandboxServer(sandbox, { host: '0.0.0.0' }),
    ).rejects.toThrow(/only listens on loopback/);
  });
});

describe('the control routes', () => {
  const payments = EXAMPLE_SERVICES['payments-api'];
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' };
  let sandbox: AwsSandbox;
  let server: SandboxServer;
  let ec2: EC2Client;

  beforeAll(async () => {
    sandbox = new AwsSandbox(createExampleWorld());
    server = await startSandboxServer(sandbox, {
      control: { initialWorld: createExampleWorld },
    });
    ec2 = new EC2Client({
      region: EXAMPLE_REGION,
      credentials,
      endpoint: server.url,
    });
  });
  afterAll(async () => {
    ec2.destroy();
    sandbox.close();
    await server.close();
  });

  const endpointServices = async () =>
    (
      await ec2.send(
        new DescribeVpcEndpointsCommand({
          Filters: [{ Name: 'vpc-id', Values: [payments.vpcId] }],
        }),
      )
    ).VpcEndpoints!.map(e => e.ServiceName!.split('.').slice(3).join('.'));
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/_sandbox${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('deletes an endpoint while serving, puts it back, and resets the world', async () => {
    expect(await endpointServices()).toContain('ecr.api');

    const deleted = await control(
      'DELETE',
      `/vpcs/${payments.vpcId}/endpoints/ecr.api`,
    );
    expect(deleted.status).toBe(200);
    const { endpoint } = await deleted.json();
    expect(endpoint.id).toMatch(/^vpce-/);
    expect(await endpointServices()).not.toContain('ecr.api');

    expect(
      (await control('PUT', `/vpcs/${payments.vpcId}/endpoints`, endpoint))
        .status,
    ).toBe(200);
    expect(await endpointServices()).toContain('ecr.api');

    await control('DELETE', `/vpcs/${payments.vpcId}/endpoints/logs`);
    expect(await endpointServices()).not.toContain('logs');
    expect((await control('POST', '/reset')).status).toBe(200);
    expect(await endpointServices()).toContain('logs');
  });

  it('says what it could not find or read', async () => {
    const unknownVpc = await control(
      'DELETE',
      '/vpcs/vpc-0nope/endpoints/ecr.api',
    );
    expect(unknownVpc.status).toBe(404);
    expect((await unknownVpc.json()).error).toBe('no VPC vpc-0nope');
    expect(
      (await control('DELETE', `/vpcs/${payments.vpcId}/endpoints/ssm`)).status,
    ).toBe(404);
    expect(
      (await control('PUT', `/vpcs/${payments.vpcId}/endpoints`, { id: 'x' }))
        .status,
    ).toBe(400);
  });

  it('is not served without the control option', async () => {
    const plain = await startSandboxServer(sandbox);
    const answer = await fetch(`${plain.url}/_sandbox/reset`, {
      method: 'POST',
    });
    expect(answer.status).not.toBe(200);
    await plain.close();
  });
});
