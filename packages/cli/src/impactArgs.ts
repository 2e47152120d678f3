/**
 * `fargate-endpoints impact --plan plan.json`: the command line of the impact command. Every
 * mistake is a UsageError naming the flag, before any AWS call.
 */
import { parseArgs } from 'node:util';
import {
  validateAccountId,
  validateRegion,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { UsageError } from './args';

/** What `impact` is asked to do. */
export interface ImpactCommand {
  kind: 'impact';
  /** The file `terraform show -json <planfile>` wrote; `-` reads standard input. */
  planFile: string;
  region: string;
  accountId?: string;
  /** Backstage catalog files (YAML) naming each service's entity and owner. */
  catalogFiles: string[];
  output: 'text' | 'json' | 'markdown';
  maxAttempts?: number;
  timeoutMs?: number;
  deadlineMs?: number;
}

/** Help of the impact command. */
export const IMPACT_HELP = `fargate-endpoints impact: which Fargate services a Terraform plan stops from starting

  terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json
  fargate-endpoints impact --plan plan.json

  --plan FILE               the JSON of \`terraform show -json <planfile>\` (- for stdin)
  --region R                the region the plan applies to (default: the plan's aws
                            provider region, then AWS_REGION / AWS_DEFAULT_REGION)
  --account-id ID           the account the credentials are in, shown in the summary
  --catalog FILE[,FILE]     Backstage catalog files: services are named with their entity
                            and owner (annotation aws.amazon.com/amazon-ecs-service-arn)
  --json                    print the impact as one JSON object
  --markdown                print a summary for a pull-request comment
  --max-attempts N, --timeout-ms N, --deadline-ms N   as for check

It reads every VPC the plan's network changes touch (endpoints, routes, route tables and
their associations, security groups and rules, network ACLs, DHCP options, private hosted
zones), lists the ECS services in those VPCs (ListClusters, ListServices, DescribeServices),
and judges each service before and after the plan with the same rules as check.

Exit codes:
  0  the plan stops no service that can start now from starting
  1  it does: each such service is listed with its cluster, the finding and the plan address
  2  it cannot tell: a bad plan file or arguments, no credentials, a value the plan knows only
     after apply that a rule needs, or a read that failed
`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  plan: { type: 'string' },
  region: { type: 'string' },
  'account-id': { type: 'string' },
  catalog: { type: 'string' },
  json: { type: 'boolean' },
  markdown: { type: 'boolean' },
  'max-attempts': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'deadline-ms': { type: 'string' },
} as const;

function positiveInt(flag: string, value: string | undefined, max: number) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(
      `${flag}: "${value}" must be a whole number from 1 to ${max}`,
    );
  return n;
}

/** The impact command line (after `impact`), or `help`. */
export function parseImpactCommandLine(
  argv: string[],
): ImpactCommand | { kind: 'help' } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const flag = /'(--?[\w-]+)/.exec(message)?.[1];
    throw new UsageError(
      /Unknown option/.test(message)
        ? `unknown flag ${flag}; run "fargate-endpoints impact --help" for the flags`
        : message.split('\n')[0],
    );
  }
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  if (!values.plan)
    throw new UsageError(
      'impact needs --plan FILE: the output of `terraform show -json <planfile>`',
    );
  if (values.json && values.markdown)
    throw new UsageError('--json and --markdown are two outputs; give one');
  const region = values.region;
  if (region !== undefined) {
    const problem = validateRegion(region);
    if (problem) throw new UsageError(`--region: ${problem}`);
  }
  const accountId = values['account-id'];
  const accountProblem =
    accountId === undefined ? undefined : validateAccountId(accountId);
  if (accountProblem) throw new UsageError(`--account-id: ${accountProblem}`);
  return {
    kind: 'impact',
    planFile: values.plan,
    region: region ?? '',
    accountId,
    catalogFiles: (values.catalog ?? '')
      .split(',')
      .map(f => f.trim())
      .filter(Boolean),
    output:
      (values.json && 'json') || (values.markdown && 'markdown') || 'text',
    maxAttempts: positiveInt('--max-attempts', values['max-attempts'], 20),
    timeoutMs: positiveInt('--timeout-ms', values['timeout-ms'], 600_000),
    deadlineMs: positiveInt('--deadline-ms', values['deadline-ms'], 3_600_000),
  };
}
