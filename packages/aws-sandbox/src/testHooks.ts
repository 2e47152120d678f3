import { setupServer } from 'msw/node';
import { createAwsMswHandlers } from './msw';
import type { AwsSandbox } from './sandbox';
import type { SandboxWorld } from './world/types';

/** Options of {@link registerSandboxTestHooks}. */
export interface SandboxTestHookOptions {
  /** A fresh world before each test, so one test's changes never leak into the next. */
  world?: () => SandboxWorld;
  /**
   * What msw does with requests the sandbox does not serve. `error` (the default) catches a
   * client aimed at the wrong host; `bypass` lets a test backend's own HTTP calls through.
   */
  onUnhandledRequest?: 'error' | 'bypass';
}

/**
 * Serves the sandbox through msw for one Jest test file: listens before the tests (unhandled
 * requests are errors), resets the world, the call log, the faults and the throttle's buckets before each test, and
 * closes the server and the sandbox after the file (which also ends calls left hanging:
 * msw does not pass the SDK's abort on). Call it at the top level of the file.
 */
export function registerSandboxTestHooks(
  sandbox: AwsSandbox,
  options: SandboxTestHookOptions = {},
): ReturnType<typeof setupServer> {
  const server = setupServer(...createAwsMswHandlers(sandbox));
  beforeAll(() =>
    server.listen({
      onUnhandledRequest: options.onUnhandledRequest ?? 'error',
    }),
  );
  afterAll(() => {
    server.close();
    sandbox.close();
  });
  beforeEach(() => {
    if (options.world) sandbox.world = options.world();
    sandbox.resetCalls();
    sandbox.setFaults([]);
    // AWS's buckets are per account and region; every test starts as a rested account.
    sandbox.restThrottle();
  });
  return server;
}
