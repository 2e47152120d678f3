/**
 * For the check tests: the example world's sandbox on msw (a fresh world before each test, as
 * `registerSandboxTestHooks` does) and fresh SDK clients for each test, with one retry and
 * short timeouts so that a fault costs milliseconds.
 */
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_REGION,
  registerSandboxTestHooks,
} from '@fargate-endpoints/aws-sandbox';
import {
  AwsClients,
  createAwsClients,
  destroyAwsClients,
} from '../aws/clients';

/** Registers the hooks; `clients()` gives the current test's clients. */
export function useExampleSandbox(): {
  sandbox: AwsSandbox;
  clients: () => AwsClients;
} {
  const sandbox = new AwsSandbox(createExampleWorld());
  registerSandboxTestHooks(sandbox, { world: createExampleWorld });
  let current: AwsClients | undefined;
  beforeEach(() => {
    current = createAwsClients({
      region: EXAMPLE_REGION,
      credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
      maxAttempts: 2,
      requestTimeoutMs: 400,
      retryBaseDelayMs: 1,
    });
  });
  afterEach(() => {
    if (current) destroyAwsClients(current);
    current = undefined;
  });
  return {
    sandbox,
    clients: () => {
      if (!current) throw new Error('clients are made in beforeEach');
      return current;
    },
  };
}
