/**
 * Command-line parsing. Every mistake is caught here, before any AWS call, with a message
 * that names the flag and the fix.
 */
import { parseArgs } from 'node:util';
import {
  parseEcsServiceArnOrProblem,
  parseIamRoleArnOrProblem,
  partitionOfRegion,
  splitList,
  validateAccountId,
  validateAwsId,
  validateNeed,
  validateRegion,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** A command-line mistake; the CLI prints its message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The hub account of shared endpoints (a landing zone's shared-services account) and how to
 * get its credentials: a role assumed with the default credentials, or a shared-config profile.
 */
export type HubOption = { accountId: string } & (
  | { roleArn: string; profile?: never }
  | { profile: string; roleArn?: never }
);

/** Output and AWS client settings shared by both check modes. */
export interface CommonCheckOptions {
  region: string;
  json: boolean;
  /** Set by --hub-account with --hub-role-arn or --hub-profile. */
  hub?: HubOption;
  maxAttempts?: number;
  timeoutMs?: number;
  deadlineMs?: number;
}

/** `check --ecs-service ARN`: a live ECS service. */
export interface EcsServiceCommand extends CommonCheckOptions {
  kind: 'ecs-service';
  serviceArn: string;
  extraNeeds: string[];
}

/** `check --vpc ... --subnets ... --security-groups ...`: explicit network inputs. */
export interface NetworkCommand extends CommonCheckOptions {
  kind: 'network';
  accountId?: string;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  needs: string[];
  /** True when --needs was not given and the default applies. */
  defaultNeeds: boolean;
  images: string[];
  assignPublicIp: 'ENABLED' | 'DISABLED';
}

/** What the command line asks for. */
export type CliCommand =
  | { kind: 'help'; topic: 'main' | 'check' }
  | { kind: 'version' }
  | EcsServiceCommand
  | NetworkCommand;

/** Needs checked in --vpc mode when --needs is not given: what almost every Fargate service uses. */
export const DEFAULT_NETWORK_NEEDS = ['ecr', 'logs'];

/** Top-level help. */
export const MAIN_HELP = `fargate-endpoints: check that a Fargate service can start in private subnets

Usage:
  fargate-endpoints check --ecs-service ARN [--region R] [--needs extra,...] [--json]
  fargate-endpoints check --region R --vpc ID --subnets A,B --security-groups SG[,SG]
                          [--needs ecr,logs,...] [--images img,...] [--assign-public-ip] [--json]
  fargate-endpoints check ... [--hub-account ID (--hub-role-arn ARN | --hub-profile NAME)]
  fargate-endpoints impact --plan plan.json [--catalog catalog-info.yaml] [--json | --markdown]
  fargate-endpoints --help | --version

Run "fargate-endpoints check --help" or "fargate-endpoints impact --help" for every flag and
the exit codes.
`;

/** Help of the check command. */
export const CHECK_HELP = `fargate-endpoints check: diagnose the private network path of a Fargate service

A live ECS service (needs are derived from its task definition):
  --ecs-service ARN         arn:aws:ecs:<region>:<account>:service/<cluster>/<service>
  --region R                optional; must match the ARN's region
  --needs a,b               needs to add to the derived ones (for example kms,sts)

A service that does not exist yet:
  --region R                AWS region (defaults to AWS_REGION / AWS_DEFAULT_REGION)
  --vpc ID                  vpc-...
  --subnets A,B             the task subnets, subnet-...
  --security-groups SG,SG   the task security groups, sg-...
  --needs a,b               ecr, logs, secretsmanager, ssm, exec, or a service suffix
                            such as kms or sts (default: ecr,logs)
  --images img,...          container images, to check they can be pulled privately
  --assign-public-ip        the tasks get a public IP (default: they do not)
  --account-id ID           12-digit account id, shown in the report

Shared endpoints in a hub VPC (zones and endpoints owned by another account):
  --hub-account ID          the hub (shared-services) account, 12 digits
  --hub-role-arn ARN        a role in the hub account, assumed through STS with the default
                            credentials: arn:aws:iam::<hub account>:role/<name>
  --hub-profile NAME        or: a profile of the AWS config files with the hub's credentials
                            (it may assume a role itself, or use SSO)
  Without them, services whose zones belong to another account are unknown
  (hub-endpoint-unverified).

Output and AWS:
  --json                    print the report as one JSON object
  --max-attempts N          attempts per AWS call, retries included (default 3)
  --timeout-ms N            time allowed for one AWS call attempt (default 5000)
  --deadline-ms N           time allowed for the whole check; what is still unread then is
                            reported unknown: timed out (default 25000)

Credentials and endpoints come from the AWS SDK's standard settings (AWS_PROFILE,
AWS_ACCESS_KEY_ID, SSO, roles; AWS_ENDPOINT_URL_EC2 / _ECS / _ROUTE_53 / _ROUTE53PROFILES / _EFS / _ECR / _STS).

Exit codes:
  0  ready: no error finding and every check ran
  1  not ready: at least one error finding
  2  the check could not be made (bad arguments, no credentials, VPC or service not
     found), or it is incomplete: no error found but some checks could not run
`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  region: { type: 'string' },
  'ecs-service': { type: 'string' },
  vpc: { type: 'string' },
  subnets: { type: 'string' },
  'security-groups': { type: 'string' },
  needs: { type: 'string' },
  images: { type: 'string' },
  'assign-public-ip': { type: 'boolean' },
  'account-id': { type: 'string' },
  json: { type: 'boolean' },
  'max-attempts': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'deadline-ms': { type: 'string' },
  'hub-account': { type: 'string' },
  'hub-role-arn': { type: 'string' },
  'hub-profile': { type: 'string' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{
    options: typeof OPTIONS;
    allowPositionals: true;
    strict: true;
  }>
>['values'];

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message);
    if (unknown) {
      throw new UsageError(
        `unknown flag ${unknown[1]}; run "fargate-endpoints check --help" for the flags`,
      );
    }
    const missingValue =
      /Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(message);
    if (missingValue) {
      throw new UsageError(`${missingValue[1]} needs a value`);
    }
    const unexpectedValue =
      /Option '(--[\w-]+)' does not take an argument/.exec(message);
    if (unexpectedValue) {
      throw new UsageError(
        `${unexpectedValue[1]} is a switch and takes no value`,
      );
    }
    throw new UsageError(message.split('\n')[0]);
  }
}

function positiveInt(
  flag: string,
  value: string | undefined,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new UsageError(
      `${flag}: "${value}" must be a whole number from 1 to ${max}`,
    );
  }
  return n;
}

function list(flag: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  const items = splitList(value);
  if (items.length === 0)
    throw new UsageError(
      `${flag}: give a comma-separated list, for example ${flag} a,b`,
    );
  return items;
}

function needsList(flag: string, value: string | undefined): string[] {
  const needs = list(flag, value);
  for (const need of needs) {
    const problem = validateNeed(need);
    if (problem) throw new UsageError(`${flag}: ${problem}`);
  }
  return needs;
}

function ids(
  flag: string,
  kind: 'subnet' | 'securityGroup',
  value: string | undefined,
): string[] {
  if (value === undefined) {
    throw new UsageError(
      `${flag} is required with --vpc (${
        kind === 'subnet'
          ? 'the task subnets, subnet-...'
          : 'the task security groups, sg-...'
      })`,
    );
  }
  const values = list(flag, value);
  for (const id of values) {
    const problem = validateAwsId(kind, id);
    if (problem) throw new UsageError(`${flag}: ${problem}`);
  }
  return values;
}

function region(value: string): string {
  const problem = validateRegion(value);
  if (problem) throw new UsageError(`--region: ${problem}`);
  return value;
}

function hubRoleArn(value: string, checkedRegion: string) {
  const parsed = parseIamRoleArnOrProblem(value);
  if ('problem' in parsed)
    throw new UsageError(`--hub-role-arn: ${parsed.problem}`);
  const partition = partitionOfRegion(checkedRegion);
  if (partition && parsed.arn.partition !== partition) {
    throw new UsageError(
      `--hub-role-arn: the role is in partition ${parsed.arn.partition}, but ${checkedRegion} is in ${partition}; use arn:${partition}:iam::...`,
    );
  }
  return parsed.arn;
}

/** The hub flags: an account and exactly one way to get its credentials, or none of them. */
function hub(values: Values, checkedRegion: string): HubOption | undefined {
  const accountId = values['hub-account'];
  const roleArn = values['hub-role-arn'];
  const profile = values['hub-profile'];
  if (accountId === undefined && roleArn === undefined && profile === undefined)
    return undefined;
  if (accountId === undefined) {
    throw new UsageError(
      `--${
        roleArn !== undefined ? 'hub-role-arn' : 'hub-profile'
      } needs --hub-account ID: the hub account whose zones and endpoints it reads`,
    );
  }
  const accountProblem = validateAccountId(accountId);
  if (accountProblem) throw new UsageError(`--hub-account: ${accountProblem}`);
  if (roleArn !== undefined && profile !== undefined) {
    throw new UsageError(
      '--hub-role-arn and --hub-profile are two ways to get the hub credentials; give one (a profile can assume a role itself, with role_arn and source_profile)',
    );
  }
  if (profile !== undefined) {
    if (!/^[^\s[\]]+$/.test(profile)) {
      throw new UsageError(
        `--hub-profile: "${profile}" is not a profile name; give the name of a profile in ~/.aws/config`,
      );
    }
    return { accountId, profile };
  }
  if (roleArn === undefined) {
    throw new UsageError(
      `--hub-account needs --hub-role-arn ARN or --hub-profile NAME: how to get credentials in account ${accountId}`,
    );
  }
  const arn = hubRoleArn(roleArn, checkedRegion);
  if (arn.accountId !== accountId) {
    throw new UsageError(
      `--hub-role-arn: the role is in account ${arn.accountId}, not in the hub account ${accountId}; name a role in ${accountId}, or fix --hub-account`,
    );
  }
  return { accountId, roleArn: arn.arn };
}

function common(values: Values, regionValue: string): CommonCheckOptions {
  const checkedRegion = region(regionValue);
  return {
    region: checkedRegion,
    json: values.json === true,
    hub: hub(values, checkedRegion),
    maxAttempts: positiveInt('--max-attempts', values['max-attempts'], 20),
    timeoutMs: positiveInt('--timeout-ms', values['timeout-ms'], 600_000),
    deadlineMs: positiveInt('--deadline-ms', values['deadline-ms'], 3_600_000),
  };
}

const NETWORK_ONLY_FLAGS = [
  'vpc',
  'subnets',
  'security-groups',
  'images',
  'assign-public-ip',
  'account-id',
] as const;

function ecsServiceCommand(values: Values): EcsServiceCommand {
  const given = NETWORK_ONLY_FLAGS.filter(f => values[f] !== undefined);
  if (given.length > 0) {
    throw new UsageError(
      `--${given[0]} cannot be combined with --ecs-service: the service's own network is checked (drop --${given[0]}, or drop --ecs-service to check explicit inputs)`,
    );
  }
  const arnValue = values['ecs-service']!;
  const parsed = parseEcsServiceArnOrProblem(arnValue);
  if ('problem' in parsed)
    throw new UsageError(`--ecs-service: ${parsed.problem}`);
  const { arn } = parsed;
  if (values.region !== undefined && values.region !== arn.region) {
    throw new UsageError(
      `--region ${values.region} disagrees with the ARN's region ${arn.region}; drop --region or fix the ARN`,
    );
  }
  return {
    kind: 'ecs-service',
    ...common(values, arn.region),
    serviceArn: arn.arn,
    extraNeeds: needsList('--needs', values.needs),
  };
}

function networkCommand(
  values: Values,
  env: NodeJS.ProcessEnv,
): NetworkCommand {
  const regionValue = values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!regionValue)
    throw new UsageError('--region is required with --vpc (or set AWS_REGION)');
  const vpcId = values.vpc!;
  const vpcProblem = validateAwsId('vpc', vpcId);
  if (vpcProblem) throw new UsageError(`--vpc: ${vpcProblem}`);
  const accountId = values['account-id'];
  const accountProblem =
    accountId === undefined ? undefined : validateAccountId(accountId);
  if (accountProblem) throw new UsageError(`--account-id: ${accountProblem}`);
  return {
    kind: 'network',
    ...common(values, regionValue),
    accountId,
    vpcId,
    subnetIds: ids('--subnets', 'subnet', values.subnets),
    securityGroupIds: ids(
      '--security-groups',
      'securityGroup',
      values['security-groups'],
    ),
    needs:
      values.needs === undefined
        ? DEFAULT_NETWORK_NEEDS
        : needsList('--needs', values.needs),
    defaultNeeds: values.needs === undefined,
    images: list('--images', values.images),
    assignPublicIp: values['assign-public-ip'] ? 'ENABLED' : 'DISABLED',
  };
}

/** Parses the command line (without `node` and the script); throws UsageError on any mistake. */
export function parseCommandLine(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): CliCommand {
  const { values, positionals } = parse(argv);
  const [command, ...extra] = positionals;
  if (values.version && !command) return { kind: 'version' };
  if (!command) {
    if (values.help) return { kind: 'help', topic: 'main' };
    throw new UsageError(
      'missing command; run "fargate-endpoints check --help"',
    );
  }
  if (command !== 'check') {
    throw new UsageError(
      `unknown command "${command}"; the commands are "check" and "impact"`,
    );
  }
  if (values.help) return { kind: 'help', topic: 'check' };
  if (extra.length > 0) {
    throw new UsageError(
      `unexpected argument "${extra[0]}"; lists are comma-separated, for example --subnets a,b`,
    );
  }
  if (values['ecs-service'] !== undefined) return ecsServiceCommand(values);
  if (values.vpc !== undefined) return networkCommand(values, env);
  throw new UsageError(
    'check needs --ecs-service ARN, or --vpc with --subnets and --security-groups',
  );
}
