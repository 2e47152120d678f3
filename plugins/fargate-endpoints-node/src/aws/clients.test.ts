import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  SandboxServer,
  startSandboxServer,
} from '@fargate-endpoints/aws-sandbox';
import { createAwsClients, destroyAwsClients } from './clients';
import { readEcsService } from './ecsService';
import { readVpcSnapshot } from './vpcSnapshot';

/**
 * No msw here: the SDK talks to a real HTTP server, found only through the standard
 * AWS_ENDPOINT_URL_* settings, which proves the clients never hard-code an endpoint.
 */
describe('createAwsClients', () => {
  const sandbox = new AwsSandbox(createExampleWorld());
  let server: SandboxServer;
  const saved = { ...process.env };

  beforeAll(async () => {
    server = await startSandboxServer(sandbox);
  });
  afterAll(async () => {
    sandbox.close();
    await server.close();
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('sends EC2 and ECS calls where AWS_ENDPOINT_URL_EC2 and AWS_ENDPOINT_URL_ECS point', async () => {
    process.env.AWS_ENDPOINT_URL_EC2 = server.url;
    process.env.AWS_ENDPOINT_URL_ECS = server.url;
    const clients = createAwsClients({
      region: EXAMPLE_REGION,
      credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
    });
    const payments = EXAMPLE_SERVICES['payments-api'];
    try {
      const snapshot = await readVpcSnapshot(clients.ec2, {
        region: EXAMPLE_REGION,
        vpcId: payments.vpcId,
      });
      const service = await readEcsService(clients.ecs, payments.serviceArn);

      expect(snapshot.failures).toEqual([]);
      expect(snapshot.endpoints.length).toBeGreaterThan(0);
      expect(service.subnetIds).toEqual(payments.subnetIds);
      expect(
        sandbox.countCalls({ service: 'ec2', region: EXAMPLE_REGION }),
      ).toBeGreaterThanOrEqual(9);
      expect(
        sandbox.countCalls({ service: 'ecs', action: 'DescribeServices' }),
      ).toBe(1);
    } finally {
      destroyAwsClients(clients);
    }
  });

  it('also honours the generic AWS_ENDPOINT_URL', async () => {
    process.env.AWS_ENDPOINT_URL = server.url;
    sandbox.resetCalls();
    const clients = createAwsClients({
      region: EXAMPLE_REGION,
      credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
    });
    try {
      await readVpcSnapshot(clients.ec2, {
        region: EXAMPLE_REGION,
        vpcId: EXAMPLE_SERVICES['orders-worker'].vpcId,
      });
      expect(sandbox.countCalls({ action: 'DescribeSubnets' })).toBe(1);
    } finally {
      destroyAwsClients(clients);
    }
  });
});
