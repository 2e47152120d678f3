/**
 * `fargate-endpoints check`: diagnose a Fargate service's private network from a terminal or
 * CI. Run through bin/fargate-endpoints at the repository root.
 *
 * @packageDocumentation
 */
import { runCli } from './run';

export { runCli, exitCodeFor, reasonForFailure, EXIT } from './run';
export type { CliIo } from './run';
export { parseCommandLine, UsageError, DEFAULT_NETWORK_NEEDS } from './args';
export type {
  CliCommand,
  EcsServiceCommand,
  HubOption,
  NetworkCommand,
} from './args';
export { formatReport, shouldUseColor } from './format';
export { runImpactCli, IMPACT_EXIT } from './impactRun';
export type { ImpactIo } from './impactRun';
export { parseImpactCommandLine, IMPACT_HELP } from './impactArgs';
export type { ImpactCommand } from './impactArgs';
export { formatImpact } from './impactFormat';

/** Runs the CLI as a process: exit code from the check, unexpected errors on stderr. */
export async function main(
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require('../package.json') as { version: string };
  try {
    process.exitCode = await runCli(argv, {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      version,
    });
  } catch (error) {
    process.stderr.write(
      `fargate-endpoints: unexpected error: ${
        (error as Error)?.stack ?? error
      }\n`,
    );
    process.exitCode = 2;
  }
}

if (require.main === module) {
  main();
}
