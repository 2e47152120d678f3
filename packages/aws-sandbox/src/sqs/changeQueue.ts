/**
 * The sandbox's queue of AWS change events: what an EventBridge rule sends to an SQS queue
 * when CloudTrail logs a management call ("AWS API Call via CloudTrail"), published when the
 * sandbox's world changes through its control routes, and served over SQS's own wire
 * protocol (AWS JSON 1.0: `X-Amz-Target: AmazonSQS.<Action>`), so that
 * `@backstage/plugin-events-backend-module-aws-sqs` consumes it as it would a real queue.
 *
 * Actions: ReceiveMessage (long polling up to WaitTimeSeconds, a received message hidden for
 * VisibilityTimeout, default 30 s), DeleteMessage, DeleteMessageBatch. Sources: Amazon SQS
 * API Reference (ReceiveMessage, DeleteMessageBatch; "Amazon SQS AWS JSON protocol").
 */
import { createHash, randomUUID } from 'node:crypto';

interface QueuedMessage {
  id: string;
  body: string;
  receiptHandle?: string;
  visibleAt: number;
}

/** An SQS answer: status and JSON body. */
export interface SqsAnswer {
  status: number;
  body: unknown;
}

/** What one CloudTrail management event says, for {@link cloudTrailEvent}. */
export interface CloudTrailCall {
  accountId: string;
  region: string;
  /** `ec2.amazonaws.com`, `ecs.amazonaws.com`, `route53.amazonaws.com`. */
  eventSource: string;
  eventName: string;
  requestParameters: Record<string, unknown>;
  responseElements?: Record<string, unknown>;
  at?: Date;
}

/** The EventBridge event of a CloudTrail management event, as the queue receives it. */
export function cloudTrailEvent(call: CloudTrailCall): Record<string, unknown> {
  const time = (call.at ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${call.eventSource.split('.')[0]}`,
    account: call.accountId,
    time,
    region: call.region,
    resources: [],
    detail: {
      eventVersion: '1.09',
      eventTime: time,
      eventSource: call.eventSource,
      eventName: call.eventName,
      awsRegion: call.region,
      recipientAccountId: call.accountId,
      eventType: 'AwsApiCall',
      managementEvent: true,
      readOnly: false,
      requestParameters: call.requestParameters,
      responseElements: call.responseElements ?? null,
    },
  };
}

/** One in-memory queue; messages wait for a receiver, as SQS keeps them (no expiry here). */
export class SandboxChangeQueue {
  private messages: QueuedMessage[] = [];
  private waiters: Array<() => void> = [];

  /** Sends an event (its JSON is the message body). */
  send(event: unknown): void {
    this.messages.push({
      id: randomUUID(),
      body: JSON.stringify(event),
      visibleAt: 0,
    });
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach(wake => wake());
  }

  /** Messages waiting (visible or not): tests read it. */
  get size(): number {
    return this.messages.length;
  }

  /** Answers one SQS call; `target` is the X-Amz-Target header. */
  async answer(target: string, body: string): Promise<SqsAnswer> {
    let input: Record<string, unknown>;
    try {
      input = body ? JSON.parse(body) : {};
    } catch {
      return sqsError('InvalidParameterValue', 'the body is not JSON');
    }
    const action = target.replace(/^AmazonSQS\./, '');
    if (action === 'ReceiveMessage') return this.receive(input);
    if (action === 'DeleteMessage') {
      const handle = String(input.ReceiptHandle ?? '');
      if (!this.remove(handle))
        return sqsError(
          'ReceiptHandleIsInvalid',
          `The receipt handle "${handle}" is not valid.`,
        );
      return { status: 200, body: {} };
    }
    if (action === 'DeleteMessageBatch') {
      const entries = (input.Entries ?? []) as Array<{
        Id: string;
        ReceiptHandle: string;
      }>;
      const Successful: Array<{ Id: string }> = [];
      const Failed: Array<Record<string, unknown>> = [];
      for (const entry of entries) {
        if (this.remove(entry.ReceiptHandle)) Successful.push({ Id: entry.Id });
        else
          Failed.push({
            Id: entry.Id,
            Code: 'ReceiptHandleIsInvalid',
            Message: 'The receipt handle is not valid.',
            SenderFault: true,
          });
      }
      return { status: 200, body: { Successful, Failed } };
    }
    return sqsError(
      'UnsupportedOperation',
      `The sandbox's queue does not answer ${action}`,
    );
  }

  private remove(receiptHandle: string): boolean {
    const before = this.messages.length;
    this.messages = this.messages.filter(
      m => m.receiptHandle !== receiptHandle,
    );
    return this.messages.length < before;
  }

  private async receive(input: Record<string, unknown>): Promise<SqsAnswer> {
    const max = Math.min(
      10,
      Math.max(1, Number(input.MaxNumberOfMessages ?? 1)),
    );
    const waitMs =
      Math.min(20, Math.max(0, Number(input.WaitTimeSeconds ?? 0))) * 1000;
    const hideMs = Number(input.VisibilityTimeout ?? 30) * 1000;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const now = Date.now();
      const visible = this.messages
        .filter(m => m.visibleAt <= now)
        .slice(0, max);
      if (visible.length || now >= deadline) {
        return {
          status: 200,
          body: {
            Messages: visible.map(m => {
              m.receiptHandle = randomUUID();
              m.visibleAt = now + hideMs;
              return {
                MessageId: m.id,
                ReceiptHandle: m.receiptHandle,
                MD5OfBody: createHash('md5').update(m.body).digest('hex'),
                Body: m.body,
              };
            }),
          },
        };
      }
      // Long polling: answer as soon as a message comes, or when the wait is over.
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, Math.min(deadline - now, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

function sqsError(code: string, message: string): SqsAnswer {
  return {
    status: 400,
    body: { __type: `com.amazonaws.sqs#${code}`, message },
  };
}
