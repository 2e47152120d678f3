/**
 * `bin/sandbox`: serves the example world on a loopback port and prints the settings that
 * point the AWS SDK (and so the backend and the CLI) at it.
 */
import { AwsSandbox } from './sandbox';
import { startSandboxServer } from './server';
import { SandboxChangeQueue } from './sqs/changeQueue';
import {
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
} from './world/exampleWorld';

const DEFAULT_PORT = 4566;

/** Parses the port from FARGATE_ENDPOINTS_SANDBOX_PORT, defaulting to 4566. */
export function sandboxPort(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FARGATE_ENDPOINTS_SANDBOX_PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `FARGATE_ENDPOINTS_SANDBOX_PORT must be a port number, not "${raw}"`,
    );
  }
  return port;
}

/** Starts the sandbox server and stops it on SIGINT/SIGTERM. */
export async function main(): Promise<void> {
  const sandbox = new AwsSandbox(createExampleWorld(), {
    latencyMs: Number(process.env.FARGATE_ENDPOINTS_SANDBOX_LATENCY_MS ?? 0),
  });
  const server = await startSandboxServer(sandbox, {
    port: sandboxPort(),
    // The control routes (src/control.ts): the local portal's world can break and recover.
    control: {
      initialWorld: createExampleWorld,
      changes: new SandboxChangeQueue(),
    },
  });
  const lines = [
    `AWS sandbox (example world: account ${EXAMPLE_ACCOUNT_ID}, ${EXAMPLE_REGION}) listening on ${server.url}`,
    '',
    'Point the AWS SDK at it with (every service):',
    `  export AWS_ENDPOINT_URL=${server.url}`,
    'or service by service:',
    `  export AWS_ENDPOINT_URL_EC2=${server.url}`,
    `  export AWS_ENDPOINT_URL_ECS=${server.url}`,
    `  export AWS_ENDPOINT_URL_STS=${server.url}`,
    `  export AWS_ENDPOINT_URL_ROUTE_53=${server.url}`,
    `  export AWS_ENDPOINT_URL_ROUTE53PROFILES=${server.url}`,
    `  export AWS_ENDPOINT_URL_EFS=${server.url}`,
    `  export AWS_ENDPOINT_URL_ECR=${server.url}`,
    `  export AWS_REGION=${EXAMPLE_REGION}`,
    '  export AWS_ACCESS_KEY_ID=AKIDSANDBOX AWS_SECRET_ACCESS_KEY=sandbox',
    '',
    `Change the world while it runs (src/control.ts), e.g. delete payments-api's ecr.api endpoint:`,
    `  curl -X DELETE ${server.url}/_sandbox/vpcs/${EXAMPLE_SERVICES['payments-api'].vpcId}/endpoints/ecr.api`,
    `  curl -X POST ${server.url}/_sandbox/reset`,
    `Each change also goes, as its CloudTrail event, to an SQS queue answered here (any queue URL on ${server.url}).`,
    '',
    'Example services:',
    ...Object.values(EXAMPLE_SERVICES).map(
      s => `  ${s.serviceArn}  (${s.expectation})`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = async () => {
    sandbox.close();
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
