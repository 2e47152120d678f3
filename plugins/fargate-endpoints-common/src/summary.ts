/**
 * Short words for a report: the one-line verdict ("Not ready: no ecr.api endpoint; S3 route
 * missing on rtb-0..."), a headline per finding, the fix split into steps and CLI commands,
 * and why each endpoint is needed. Shared so that the card, the overview and the CLI say the
 * same thing in the same words.
 */
import type { CheckReport, EndpointStatus, Finding, Verdict } from './report';
import { RULES, isRuleId } from './rules';

/**
 * The one vocabulary for verdicts: Ready / Not ready / Unknown.
 *
 * @public
 */
export const VERDICT_WORDS: Record<Verdict, string> = {
  ready: 'Ready',
  'not-ready': 'Not ready',
  unknown: 'Unknown',
};

/**
 * The verdict in words; anything unexpected is Unknown, never Ready.
 *
 * @public
 */
export function verdictWords(verdict: string): string {
  return VERDICT_WORDS[verdict as Verdict] ?? VERDICT_WORDS.unknown;
}

function about(finding: Finding): string {
  return finding.service ? `${finding.service} endpoint` : 'endpoint';
}

function on(finding: Finding): string {
  return finding.resourceId ? ` on ${finding.resourceId}` : '';
}

/**
 * A few words naming what a finding is about, lower case so it can follow "Not ready: ":
 * `no ecr.api endpoint`, `S3 route missing on rtb-0...`. Rules this version does not know
 * fall back to the catalogue title or the rule id.
 *
 * @public
 */
export function findingHeadline(finding: Finding): string {
  switch (finding.rule) {
    case 'missing-endpoint':
      return `no ${finding.service ?? 'needed'} endpoint`;
    case 'endpoint-not-available':
      return `${about(finding)}${
        finding.resourceId ? ` ${finding.resourceId}` : ''
      } not available`;
    case 'private-dns-disabled':
      return `private DNS off on the ${about(finding)}`;
    case 'vpc-dns-disabled':
      return `VPC DNS support off${on(finding)}`;
    case 'endpoint-sg-blocks-tasks':
      return `${about(finding)} security group blocks the tasks`;
    case 'task-egress-blocked':
      return `task security group blocks HTTPS to ${
        finding.service ?? 'the endpoints'
      }`;
    case 's3-route-table-missing':
      return `S3 route missing${on(finding)}`;
    case 'nacl-blocks-https':
      return `network ACL${
        finding.resourceId ? ` ${finding.resourceId}` : ''
      } blocks HTTPS${finding.service ? ` to ${finding.service}` : ''}`;
    case 'endpoint-policy-denies':
      return `${about(finding)} policy denies what tasks need`;
    case 'public-ip-required':
      return 'public subnet without a public IP';
    case 'image-registry-unreachable':
      return 'image registry unreachable from isolated subnets';
    case 'start-fetch-other-region':
      return `${
        finding.service ?? 'a start-up fetch'
      } in another region unreachable from isolated subnets`;
    case 'endpoint-az-gap':
      return `${about(finding)} misses an AZ the tasks use`;
    case 'custom-egress':
      return 'default route via transit gateway, peering or appliance';
    case 'custom-dns':
      return 'VPC uses a custom DNS resolver';
    case 'nat-egress':
      return 'tasks reach AWS through a NAT gateway';
    case 'efs-mount-target-missing':
      return `EFS ${
        finding.resourceId ?? 'file system'
      } has no mount target in a task AZ`;
    case 'efs-nfs-blocked':
      return `NFS to EFS blocked${
        finding.resourceId ? ` by ${finding.resourceId}` : ''
      }`;
    case 'pull-through-cache-uncached':
      return 'image not in the pull-through cache yet';
    case 'cross-account-image-denied':
      return "another account's repository refuses the image pull";
    default: {
      const rule: string = finding.rule;
      const title = isRuleId(rule) ? RULES[rule].title : rule;
      return `${title}${finding.service ? ` (${finding.service})` : ''}`;
    }
  }
}

/**
 * The headline with a capital first letter, as a title.
 *
 * @public
 */
export function findingTitle(finding: Finding): string {
  const headline = findingHeadline(finding);
  return headline.charAt(0).toUpperCase() + headline.slice(1);
}

const MAX_NAMED = 3;

function joinNamed(items: string[]): string {
  const unique = [...new Set(items)];
  const named = unique.slice(0, MAX_NAMED).join('; ');
  const more = unique.length - MAX_NAMED;
  return more > 0 ? `${named}; and ${more} more` : named;
}

/**
 * The verdict in one line that names what fails:
 * `Not ready: no ecr.api endpoint; S3 route missing on rtb-0priv1234567890ab`,
 * `Unknown: could not check security groups (AccessDenied ...)`, `Ready: ...`.
 *
 * @public
 */
export function verdictSummary(
  report: Pick<CheckReport, 'verdict' | 'findings' | 'unknown' | 'needs'>,
): string {
  const words = verdictWords(report.verdict);
  if (report.verdict === 'not-ready') {
    const errors = report.findings.filter(f => f.severity === 'error');
    if (errors.length === 0) return words;
    return `${words}: ${joinNamed(errors.map(findingHeadline))}`;
  }
  if (report.verdict === 'ready') {
    return `${words}: every needed AWS service is reachable from the task subnets`;
  }
  if (report.unknown.length === 0) return `${words}: the check did not finish`;
  return `${words}: could not check ${joinNamed(
    report.unknown.map(u => u.check),
  )}`;
}

/**
 * A fix split into the steps in words and the AWS CLI commands it quotes.
 *
 * @public
 */
export interface SplitFix {
  /** The fix without the quoted commands. */
  steps: string;
  /** Each `aws ...` command quoted in backticks, in order. */
  commands: string[];
}

const QUOTED_COMMAND = /`(aws [^`]+)`/g;
/** ", or `aws ...`" with an optional "then `...`" and "(...)" after it. */
const COMMAND_CLAUSE = /,? or `aws [^`]+`(?: then `[^`]+`)?(?: \([^)]*\))?/g;

/**
 * Splits a finding's fix into its steps and its `aws ...` commands, so a reader gets the
 * console steps as text and each command in a block of its own to copy.
 *
 * @public
 */
export function splitFix(fix: string): SplitFix {
  const commands = [...fix.matchAll(QUOTED_COMMAND)].map(m => m[1]);
  if (commands.length === 0) return { steps: fix, commands };
  const steps = fix
    .replace(COMMAND_CLAUSE, '')
    .replace(/\s+([.,)])/g, '$1')
    .trim();
  return { steps, commands };
}

/**
 * The CLI commands of a finding: its `cli` field, or the ones its fix quotes.
 *
 * @public
 */
export function findingCommands(finding: Finding): string[] {
  if (finding.cli) return finding.cli.split('\n').filter(Boolean);
  return splitFix(finding.fix).commands;
}

/**
 * Why the service needs an endpoint, from the report's need sources ("container app uses
 * the awslogs log driver"). Empty for an endpoint no need asks for.
 *
 * @public
 */
export function endpointReasons(
  report: Pick<CheckReport, 'needSources'>,
  endpoint: Pick<EndpointStatus, 'need' | 'needed'>,
): string[] {
  if (!endpoint.need) return [];
  return [
    ...new Set(
      report.needSources
        .filter(source => source.need === endpoint.need)
        .map(source => source.reason),
    ),
  ];
}

/**
 * The interface endpoints a hub VPC shares with a service, for cost sentences (the CLI's
 * summary and the card): "3 interface endpoints shared from a hub VPC, whose account pays for them".
 *
 * @public
 */
export function sharedEndpointsCostWords(count: number): string {
  return `${count} interface endpoint${
    count === 1 ? '' : 's'
  } shared from a hub VPC, whose account pays for ${
    count === 1 ? 'it' : 'them'
  }`;
}
