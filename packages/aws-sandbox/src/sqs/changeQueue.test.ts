import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { AwsSandbox } from '../sandbox';
import { startSandboxServer, SandboxServer } from '../server';
import {
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
} from '../world/exampleWorld';
import { SandboxChangeQueue } from './changeQueue';

const vpcId = EXAMPLE_SERVICES['payments-api'].vpcId;
let server: SandboxServer;
let queue: SandboxChangeQueue;
let sqs: SQSClient;
let queueUrl: string;

beforeEach(async () => {
  queue = new SandboxChangeQueue();
  const sandbox = new AwsSandbox(createExampleWorld());
  server = await startSandboxServer(sandbox, {
    control: { initialWorld: createExampleWorld, changes: queue },
  });
  queueUrl = `${server.url}/${EXAMPLE_ACCOUNT_ID}/fargate-endpoints-changes`;
  // As the events module builds its client: region and endpoint from its config.
  sqs = new SQSClient({
    region: EXAMPLE_REGION,
    endpoint: server.url,
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
  });
});

afterEach(async () => {
  sqs.destroy();
  await server.close();
});

describe('the change queue', () => {
  it('gives the real SQS client the CloudTrail event of an endpoint deleted through the control routes, once', async () => {
    const deleted = await fetch(
      `${server.url}/_sandbox/vpcs/${vpcId}/endpoints/ecr.api`,
      { method: 'DELETE' },
    ).then(r => r.json());

    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    expect(received.Messages).toHaveLength(1);
    const event = JSON.parse(received.Messages![0].Body!);
    expect(event).toMatchObject({
      'detail-type': 'AWS API Call via CloudTrail',
      account: EXAMPLE_ACCOUNT_ID,
      region: EXAMPLE_REGION,
      detail: {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DeleteVpcEndpoints',
        recipientAccountId: EXAMPLE_ACCOUNT_ID,
      },
    });
    expect(JSON.stringify(event.detail.requestParameters)).toContain(
      deleted.endpoint.id,
    );

    // Hidden while received, gone once deleted.
    const again = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }),
    );
    expect(again.Messages ?? []).toEqual([]);
    const removed = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: '1', ReceiptHandle: received.Messages![0].ReceiptHandle },
          { Id: '2', ReceiptHandle: 'not-a-handle' },
        ],
      }),
    );
    expect(removed.Successful).toEqual([{ Id: '1' }]);
    expect(removed.Failed).toEqual([
      expect.objectContaining({ Id: '2', Code: 'ReceiptHandleIsInvalid' }),
    ]);
    expect(queue.size).toBe(0);
  });

  it('answers a long poll as soon as a change comes, and a restore as CreateVpcEndpoint', async () => {
    const deleted = await fetch(
      `${server.url}/_sandbox/vpcs/${vpcId}/endpoints/ecr.api`,
      { method: 'DELETE' },
    ).then(r => r.json());
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: (
          await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }))
        ).Messages!.map((m, i) => ({
          Id: String(i),
          ReceiptHandle: m.ReceiptHandle,
        })),
      }),
    );

    const polling = sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }),
    );
    await fetch(`${server.url}/_sandbox/vpcs/${vpcId}/endpoints`, {
      method: 'PUT',
      body: JSON.stringify(deleted.endpoint),
    });
    const { Messages } = await polling;
    expect(JSON.parse(Messages![0].Body!).detail).toMatchObject({
      eventName: 'CreateVpcEndpoint',
      requestParameters: { CreateVpcEndpointRequest: { VpcId: vpcId } },
    });
  });
});
