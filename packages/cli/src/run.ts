/**
 * The CLI itself, with its process around it passed in, so that tests run it in-process.
 */
import {
  parseEcsServiceArn,
  type CheckReport,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type {
  AwsClients,
  AwsClientsOptions,
  RunCheckOptions,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import {
  CHECK_HELP,
  CliCommand,
  MAIN_HELP,
  parseCommandLine,
  UsageError,
} from './args';
import { runImpactCli } from './impactRun';
import {
  COLOR_PALETTE,
  formatReport,
  PLAIN_PALETTE,
  shouldUseColor,
} from './format';

/** Exit codes: the contract CI pipelines build on. */
export const EXIT = {
  /** No error finding and every check ran. */
  ready: 0,
  /** At least one error finding. */
  notReady: 1,
  /** The check could not be made, or is incomplete (no error found, something unknown). */
  couldNotCheck: 2,
} as const;

/** Where the CLI writes and what it reads from its process. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  /** The CLI's version, for --version. */
  version?: string;
  /** Builds the AWS clients; tests pass one with fast retries. */
  createClients?: (options: AwsClientsOptions) => AwsClients;
}

/** Engine field names (in its InputError messages) and the flags that set them. */
const FIELD_FLAGS: Record<string, string> = {
  serviceArn: '--ecs-service',
  region: '--region',
  accountId: '--account-id',
  vpcId: '--vpc',
  subnetIds: '--subnets',
  securityGroupIds: '--security-groups',
  needs: '--needs',
  extraNeeds: '--needs',
  images: '--images',
  assignPublicIp: '--assign-public-ip',
};

const NO_CREDENTIALS =
  'no AWS credentials: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), run "aws sso login", or run where a role is available';

type Engine = typeof import('@fargate-endpoints/plugin-fargate-endpoints-node');

/** The engine, loaded on first use so that --help, --version and argument errors start without the AWS SDK. */
function engine(): Engine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@fargate-endpoints/plugin-fargate-endpoints-node');
}

/** The one-line reason for a check that could not be made. */
export function reasonForFailure(error: unknown): string {
  const e = error as Error & { cause?: unknown };
  const { isMissingCredentialsError } = engine();
  if (isMissingCredentialsError(e) || isMissingCredentialsError(e?.cause))
    return NO_CREDENTIALS;
  const message = (e?.message ?? String(error)).split('\n')[0];
  if (e?.name === 'InputError') {
    return message.replace(/^(\w+):/, (whole, field: string) =>
      FIELD_FLAGS[field] ? `${FIELD_FLAGS[field]}:` : whole,
    );
  }
  if (
    e?.name === 'NotFoundError' ||
    e?.name === 'ServiceUnavailableError' ||
    e?.name === 'UsageError'
  ) {
    return message;
  }
  return `unexpected error: ${message}`;
}

/**
 * What to pass when shared endpoints were left unverified for want of the hub flags: the
 * finding's fix speaks of the backend's config, the CLI's user needs the flags.
 */
function hubFlagsHint(report: CheckReport): string | undefined {
  const unverified = report.findings.filter(
    f => f.rule === 'hub-endpoint-unverified',
  );
  if (unverified.length === 0) return undefined;
  const owner = /\b(\d{12})\b/.exec(unverified[0].fix ?? '')?.[1];
  return `shared endpoints in another account were not verified (${unverified
    .map(f => f.service)
    .join(', ')}); run again with --hub-account ${
    owner ?? 'ID'
  } and --hub-role-arn ARN (a read-only role there) or --hub-profile NAME`;
}

/** The exit code a report earns. */
export function exitCodeFor(report: CheckReport): number {
  if (report.verdict === 'ready' && report.ready) return EXIT.ready;
  if (report.findings.some(f => f.severity === 'error')) return EXIT.notReady;
  return EXIT.couldNotCheck;
}

type CheckCommand = Exclude<CliCommand, { kind: 'help' | 'version' }>;

/**
 * The hub reader of the engine's account access, as the backend gets it from config: the
 * hub's credentials (the role assumed from the default credentials, or the profile) in
 * clients of their own, which `created` collects so that they are closed after the check.
 */
async function hubFor(
  command: CheckCommand,
  createClients: NonNullable<CliIo['createClients']>,
  created: AwsClients[],
): Promise<RunCheckOptions['hub']> {
  if (!command.hub) return undefined;
  const { AwsAccountAccess, createAwsReader } = engine();
  const access = AwsAccountAccess.forHub(
    { ...command.hub, region: command.region },
    {
      readerFactory: options => {
        const clients = createClients({
          region: options.region,
          accountId: options.accountId,
          credentials: options.credentials,
          maxAttempts: command.maxAttempts,
          requestTimeoutMs: command.timeoutMs,
        });
        created.push(clients);
        return createAwsReader(clients, { accountId: options.accountId });
      },
    },
  );
  return access.hubFor({
    region: command.region,
    accountId:
      command.kind === 'ecs-service'
        ? parseEcsServiceArn(command.serviceArn)?.accountId
        : command.accountId,
  });
}

/** The engine's check pipeline over a plain reader: every read goes to AWS. */
async function check(
  command: CheckCommand,
  clients: AwsClients,
  hub: RunCheckOptions['hub'],
) {
  const { createAwsReader, runCheck } = engine();
  const reader = createAwsReader(clients, {
    accountId: command.kind === 'network' ? command.accountId : undefined,
  });
  if (command.kind === 'ecs-service') {
    return runCheck(
      reader,
      {
        kind: 'ecs-service',
        serviceArn: command.serviceArn,
        extraNeeds: command.extraNeeds,
      },
      { deadlineMs: command.deadlineMs, hub },
    );
  }
  return runCheck(
    reader,
    {
      kind: 'network',
      input: {
        region: command.region,
        accountId: command.accountId,
        vpcId: command.vpcId,
        subnetIds: command.subnetIds,
        securityGroupIds: command.securityGroupIds,
        needs: command.needs,
        images: command.images,
        assignPublicIp: command.assignPublicIp,
      },
    },
    { deadlineMs: command.deadlineMs, hub },
  );
}

/** Runs the CLI and returns its exit code; it never throws and never calls process.exit. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'impact') return runImpactCli(argv.slice(1), io);
  const fail = (reason: string) => {
    io.stderr.write(`fargate-endpoints: ${reason}\n`);
    return EXIT.couldNotCheck;
  };
  let command: CliCommand;
  try {
    command = parseCommandLine(argv, io.env);
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }
  if (command.kind === 'help') {
    io.stdout.write(command.topic === 'check' ? CHECK_HELP : MAIN_HELP);
    return 0;
  }
  if (command.kind === 'version') {
    io.stdout.write(`${io.version ?? 'unknown'}\n`);
    return 0;
  }

  const { createAwsClients, destroyAwsClients } = engine();
  const createClients = io.createClients ?? createAwsClients;
  const clients = createClients({
    region: command.region,
    maxAttempts: command.maxAttempts,
    requestTimeoutMs: command.timeoutMs,
  });
  const hubClients: AwsClients[] = [];
  let report: CheckReport;
  try {
    const hub = await hubFor(command, createClients, hubClients);
    report = await check(command, clients, hub);
  } catch (error) {
    return fail(reasonForFailure(error));
  } finally {
    for (const c of [clients, ...hubClients]) destroyAwsClients(c);
  }

  if (command.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const palette = shouldUseColor(io.stdout.isTTY, io.env)
      ? COLOR_PALETTE
      : PLAIN_PALETTE;
    io.stdout.write(formatReport(report, palette));
    if (command.kind === 'network' && command.defaultNeeds) {
      io.stderr.write(
        'fargate-endpoints: no --needs given, checked the default needs ecr,logs\n',
      );
    }
  }
  const hubHint = command.hub ? undefined : hubFlagsHint(report);
  if (hubHint) io.stderr.write(`fargate-endpoints: ${hubHint}\n`);
  const code = exitCodeFor(report);
  if (code === EXIT.couldNotCheck) {
    const first = report.unknown[0];
    io.stderr.write(
      `fargate-endpoints: incomplete: ${report.unknown.length} check${
        report.unknown.length === 1 ? '' : 's'
      } could not run${first ? ` (${first.check}: ${first.reason})` : ''}\n`,
    );
  }
  return code;
}
