/**
 * `fargate-endpoints impact`: a Terraform plan's blast radius, with exit codes as a contract
 * for CI (see {@link IMPACT_EXIT}). I/O comes in through {@link ImpactIo}; nothing below calls
 * process.exit.
 */
import { readFile } from 'node:fs/promises';
import type {
  ImpactVerdict,
  PlanImpact,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { UsageError } from './args';
import { readCatalogFiles } from './catalogFile';
import { COLOR_PALETTE, PLAIN_PALETTE, shouldUseColor } from './format';
import { IMPACT_HELP, parseImpactCommandLine } from './impactArgs';
import { formatImpact } from './impactFormat';
import type {
  AwsClients,
  AwsClientsOptions,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';

/** What `impact` reads from and writes to its process (the CLI's own `CliIo` fits). */
export interface ImpactIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  /** Builds the AWS clients; tests pass one with fast retries. */
  createClients?: (options: AwsClientsOptions) => AwsClients;
}

/** Exit codes of `impact`: the contract CI pipelines build on. */
export const IMPACT_EXIT = {
  /** The plan stops no service that can start now. */
  safe: 0,
  /** The plan stops at least one service that can start now. */
  breaks: 1,
  /** It cannot tell: bad input, no credentials, values known only after apply, failed reads. */
  cannotTell: 2,
} as const;

const EXIT_BY_VERDICT: Record<ImpactVerdict, number> = {
  safe: IMPACT_EXIT.safe,
  breaks: IMPACT_EXIT.breaks,
  unknown: IMPACT_EXIT.cannotTell,
};

type Engine = typeof import('@fargate-endpoints/plugin-fargate-endpoints-node');

function engine(): Engine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@fargate-endpoints/plugin-fargate-endpoints-node');
}

async function readPlan(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file === '-' ? '/dev/stdin' : file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--plan: cannot read ${file}: ${(error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--plan: ${file} is not JSON (${
        (error as Error).message
      }); write it with \`terraform show -json <planfile> > ${file}\``,
    );
  }
}

function regionOf(
  command: { region: string },
  plan: unknown,
  env: NodeJS.ProcessEnv,
): string {
  const { parseTerraformPlan } = engine();
  const fromPlan = parseTerraformPlan(plan).providerRegion;
  const region =
    command.region || fromPlan || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!region)
    throw new UsageError(
      '--region is required: the plan sets no constant aws provider region and AWS_REGION is not set',
    );
  return region;
}

function output(impact: PlanImpact, format: string, io: ImpactIo): void {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(impact, null, 2)}\n`);
  } else if (format === 'markdown') {
    io.stdout.write(engine().formatImpactMarkdown(impact));
  } else {
    const palette = shouldUseColor(io.stdout.isTTY, io.env)
      ? COLOR_PALETTE
      : PLAIN_PALETTE;
    io.stdout.write(formatImpact(impact, palette));
  }
}

/** The one-line reason the impact could not be assessed. */
function reasonOf(error: Error & { cause?: unknown }): string {
  const { isMissingCredentialsError } = engine();
  if (
    isMissingCredentialsError(error) ||
    isMissingCredentialsError(error?.cause)
  )
    return 'no AWS credentials: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), run "aws sso login", or run where a role is available';
  const message = (error?.message ?? String(error)).split('\n')[0];
  return [
    'NotFoundError',
    'ServiceUnavailableError',
    'NotAllowedError',
  ].includes(error?.name)
    ? message
    : `unexpected error: ${message}`;
}

/** Runs `impact` (argv after the command) and returns its exit code; it never throws. */
export async function runImpactCli(
  argv: string[],
  io: ImpactIo,
): Promise<number> {
  const fail = (reason: string) => {
    io.stderr.write(`fargate-endpoints impact: ${reason}\n`);
    return IMPACT_EXIT.cannotTell;
  };
  let impact: PlanImpact;
  try {
    const command = parseImpactCommandLine(argv);
    if (command.kind === 'help') {
      io.stdout.write(IMPACT_HELP);
      return 0;
    }
    const plan = await readPlan(command.planFile);
    const entities = await readCatalogFiles(command.catalogFiles);
    const region = regionOf(command, plan, io.env);
    const {
      assessPlanImpact,
      createActionGroupPacer,
      createAwsClients,
      createAwsReader,
      DEFAULT_REQUEST_RATES,
      destroyAwsClients,
    } = engine();
    // An impact lists every service of the account and region: paced below AWS's buckets.
    const clients = (io.createClients ?? createAwsClients)({
      region,
      accountId: command.accountId,
      maxAttempts: command.maxAttempts,
      requestTimeoutMs: command.timeoutMs,
      pacer: createActionGroupPacer(DEFAULT_REQUEST_RATES),
    });
    try {
      impact = await assessPlanImpact(
        plan,
        createAwsReader(clients, { accountId: command.accountId }),
        { deadlineMs: command.deadlineMs },
      );
    } finally {
      destroyAwsClients(clients);
    }
    for (const service of impact.services)
      service.entity = entities.get(service.serviceArn) ?? service.entity;
    output(impact, command.output, io);
  } catch (error) {
    const e = error as Error;
    if (e?.name === 'UsageError') return fail(e.message);
    if (e?.name === 'InputError') return fail(`--plan: ${e.message}`);
    return fail(reasonOf(e));
  }
  const code = EXIT_BY_VERDICT[impact.verdict];
  if (code === IMPACT_EXIT.cannotTell) {
    const first =
      impact.gaps[0]?.reason ??
      impact.services.find(s => s.outcome === 'undetermined')?.newUnknown[0]
        ?.reason;
    io.stderr.write(
      `fargate-endpoints impact: cannot tell${first ? ` (${first})` : ''}\n`,
    );
  }
  return code;
}
