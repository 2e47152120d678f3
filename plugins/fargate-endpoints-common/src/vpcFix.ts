/**
 * The "Add the missing endpoints to this VPC" template: which findings it fixes, and how the
 * card opens it with the report's network pre-filled.
 */
import type { CheckReport, Finding } from './report';
import type { RuleId } from './rules';

/**
 * The name of the template that fixes a VPC (templates/fix-vpc-endpoints).
 *
 * @public
 */
export const VPC_FIX_TEMPLATE_NAME = 'fix-vpc-endpoints';

/**
 * The rules whose errors the template fixes: each becomes an endpoint, a route table
 * association or a TCP 443 rule in the engine's plan (the planner's fixable findings).
 *
 * @public
 */
export const VPC_FIX_RULES: readonly RuleId[] = [
  'missing-endpoint',
  's3-route-table-missing',
  'endpoint-sg-blocks-tasks',
  'task-egress-blocked',
];

/**
 * The error findings of a report that the template fixes.
 *
 * @public
 */
export function vpcFixableFindings(report: CheckReport): Finding[] {
  return report.findings.filter(
    f => f.severity === 'error' && VPC_FIX_RULES.includes(f.rule),
  );
}

/**
 * The template's form, as the card fills it from a report.
 *
 * @public
 */
export interface VpcFixFormData {
  name: string;
  region: string;
  accountId?: string;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  needs: string[];
  entityRef?: string;
  /**
   * What the change will do, from the report's findings ("Adds the ecr.api endpoint;
   * associates rtb-0… with the S3 gateway"), for the form and its review step; the action
   * plans again from a fresh read of the VPC.
   */
  plannedChanges?: string;
}

/** What fixing one finding does to the VPC, in a few words. */
function changeWords(finding: Finding): string {
  switch (finding.rule) {
    case 'missing-endpoint':
      return `adds the ${finding.service ?? 'missing'} endpoint`;
    case 's3-route-table-missing':
      return `associates ${
        finding.resourceId ?? 'the task route table'
      } with the S3 gateway`;
    case 'endpoint-sg-blocks-tasks':
      return `lets the tasks reach the ${
        finding.service ?? ''
      } endpoint on TCP 443`.replace('the  endpoint', 'the endpoint');
    case 'task-egress-blocked':
      return `lets the task security group send TCP 443 to ${
        finding.service ? `the ${finding.service} endpoint` : 'the endpoints'
      }`;
    default:
      return `fixes ${finding.rule}`;
  }
}

/**
 * The changes the template will make for a report's fixable findings, in one sentence:
 * "Adds the ecr.api endpoint; associates rtb-0… with the S3 gateway."
 *
 * @public
 */
export function vpcFixPlannedChanges(report: CheckReport): string {
  const words = [...new Set(vpcFixableFindings(report).map(changeWords))];
  if (words.length === 0) return '';
  const sentence = words.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/**
 * The form data for a report, or undefined when the report has nothing the template fixes
 * or does not say which VPC, subnets and security groups the tasks use.
 *
 * @public
 */
export function vpcFixFormData(
  report: CheckReport,
  entity: { name: string; entityRef?: string },
): VpcFixFormData | undefined {
  const { target } = report;
  if (
    !target.vpcId ||
    !target.subnetIds.length ||
    !target.securityGroupIds.length ||
    !vpcFixableFindings(report).length
  )
    return undefined;
  // The change belongs to the VPC; the name says which service asked for it, in the
  // lowercase the template's name field takes.
  const base = entity.name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 26)
    .replace(/-+$/, '');
  const name = `${base || 'service'}-vpc-endpoints`;
  return {
    name,
    region: target.region,
    ...(target.accountId ? { accountId: target.accountId } : {}),
    vpcId: target.vpcId,
    subnetIds: target.subnetIds,
    securityGroupIds: target.securityGroupIds,
    needs: report.needs,
    ...(entity.entityRef ? { entityRef: entity.entityRef } : {}),
    plannedChanges: vpcFixPlannedChanges(report),
  };
}

/**
 * The scaffolder path that opens the template with the form filled (the scaffolder reads
 * `?formData=<json>` on its template page), relative to the scaffolder's mount point.
 *
 * @public
 */
export function vpcFixTemplatePath(formData: VpcFixFormData): string {
  return `/templates/default/${VPC_FIX_TEMPLATE_NAME}?formData=${encodeURIComponent(
    JSON.stringify(formData),
  )}`;
}
