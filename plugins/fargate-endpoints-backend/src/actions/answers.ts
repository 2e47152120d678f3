/**
 * What the assistant actions answer: the report in the words the card and the CLI use
 * (verdict line, finding headlines, fixes split into steps and commands) with console links,
 * not the engine's internal objects. An assistant quotes these fields as they are.
 */
import { parseEntityRef } from '@backstage/catalog-model';
import {
  awsConsoleUrl,
  ecsServiceConsoleUrl,
  EntityReport,
  Finding,
  findingCommands,
  findingTitle,
  OverviewService,
  OverviewVpcGroup,
  splitFix,
  verdictSummary,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';

/**
 * The zod the actions registry hands to schema callbacks: the registry's own copy, so the
 * schemas are built with it rather than with this package's zod.
 */
export type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** What a schema parses to. */
type Infer<T extends (zod: Zod) => { _output: unknown }> =
  ReturnType<T>['_output'];

/** One finding as an assistant quotes it. */
export function findingAnswerSchema(zod: Zod) {
  return zod.object({
    rule: zod.string().describe('Stable rule id from the rule catalogue'),
    severity: zod
      .enum(['error', 'warning', 'info'])
      .describe(
        'error: ECS will not start the task; warning: it starts and something fails later; info: worth knowing',
      ),
    title: zod.string().describe('A few words naming what is wrong'),
    message: zod.string().describe('What is wrong and why it stops tasks'),
    fix: zod.string().describe('The change that fixes it, in words'),
    commands: zod
      .array(zod.string())
      .describe('AWS CLI commands that apply the fix, one per entry'),
    terraform: zod
      .string()
      .optional()
      .describe('The same fix as a Terraform snippet'),
    service: zod
      .string()
      .optional()
      .describe('The endpoint service it is about (ecr.api, s3, ...)'),
    resourceId: zod
      .string()
      .optional()
      .describe(
        'The AWS resource it is about (vpce-, sg-, rtb-, subnet-, ...)',
      ),
    consoleUrl: zod
      .string()
      .optional()
      .describe('The AWS console page of that resource, or of the VPC'),
  });
}

/** A finding in the words of {@link findingAnswerSchema}. */
export function findingAnswer(
  finding: Finding,
  target: { region: string; vpcId?: string },
): Infer<typeof findingAnswerSchema> {
  const consoleUrl =
    awsConsoleUrl(finding.resourceId, target.region) ??
    awsConsoleUrl(target.vpcId, target.region);
  return {
    rule: finding.rule,
    severity: finding.severity,
    title: findingTitle(finding),
    message: finding.message,
    fix: splitFix(finding.fix).steps,
    commands: findingCommands(finding),
    ...(finding.terraform ? { terraform: finding.terraform } : {}),
    ...(finding.service ? { service: finding.service } : {}),
    ...(finding.resourceId ? { resourceId: finding.resourceId } : {}),
    ...(consoleUrl ? { consoleUrl } : {}),
  };
}

const VERDICT_DESCRIPTION =
  'ready: its tasks can start; not-ready: an error finding stops them; unknown: some check could not run (see unknown), never a pass';

/** The answer to "can this service start, and why not". */
export function serviceAnswerSchema(zod: Zod) {
  return zod.object({
    entityRef: zod.string().describe('The catalog entity checked'),
    verdict: zod
      .enum(['ready', 'not-ready', 'unknown'])
      .describe(VERDICT_DESCRIPTION),
    summary: zod
      .string()
      .describe('The verdict in one line that names what fails'),
    checkedAt: zod.string().describe('When AWS was read (ISO time)'),
    ageSeconds: zod.number().describe('Seconds since AWS was read'),
    stale: zod
      .boolean()
      .describe('True when the data is older than it should be'),
    staleReason: zod
      .string()
      .optional()
      .describe('Why a newer read failed, when it did'),
    region: zod.string(),
    accountId: zod.string().optional(),
    vpcId: zod.string().optional(),
    serviceArn: zod.string().optional(),
    serviceConsoleUrl: zod
      .string()
      .optional()
      .describe('The ECS console page of the service'),
    portalUrl: zod
      .string()
      .optional()
      .describe(
        "The entity's page in Backstage, with the Private networking card",
      ),
    findings: zod
      .array(findingAnswerSchema(zod))
      .describe('Every finding, errors first, each with its fix'),
    unknown: zod
      .array(
        zod.object({
          check: zod.string().describe('What could not be checked'),
          reason: zod.string().describe('Why'),
          call: zod.string().optional().describe('The AWS call that failed'),
        }),
      )
      .describe('Checks that could not run; the verdict is then unknown'),
    notDeployed: zod
      .object({
        reason: zod.string(),
        networkPlan: zod.string(),
        linkedBy: zod.string(),
      })
      .optional()
      .describe(
        'Set when the service is in the catalog but not running in ECS yet',
      ),
  });
}

/** An entity report in the words of {@link serviceAnswerSchema}. */
export function serviceAnswer(
  report: EntityReport,
  portalBaseUrl: string | undefined,
): Infer<typeof serviceAnswerSchema> {
  const { target } = report;
  const serviceConsoleUrl = ecsServiceConsoleUrl(target.serviceArn);
  const portalUrl = entityPageUrl(portalBaseUrl, report.entityRef);
  return {
    entityRef: report.entityRef,
    verdict: report.verdict,
    summary: verdictSummary(report),
    checkedAt: report.checkedAt,
    ageSeconds: report.ageSeconds,
    stale: report.stale,
    ...(report.staleReason ? { staleReason: report.staleReason } : {}),
    region: target.region,
    ...(target.accountId ? { accountId: target.accountId } : {}),
    ...(target.vpcId ? { vpcId: target.vpcId } : {}),
    ...(target.serviceArn ? { serviceArn: target.serviceArn } : {}),
    ...(serviceConsoleUrl ? { serviceConsoleUrl } : {}),
    ...(portalUrl ? { portalUrl } : {}),
    findings: report.findings.map(f => findingAnswer(f, target)),
    unknown: report.unknown.map(u => ({
      check: u.check,
      reason: u.reason,
      ...(u.call ? { call: u.call } : {}),
    })),
    ...(report.notDeployed ? { notDeployed: report.notDeployed } : {}),
  };
}

/** One service of a not-ready list. */
export function listedServiceSchema(zod: Zod) {
  return zod.object({
    entityRef: zod.string(),
    title: zod.string().optional(),
    verdict: zod
      .enum(['ready', 'not-ready', 'unknown'])
      .describe(VERDICT_DESCRIPTION),
    summary: zod.string().describe('What fails, in one line'),
    errorRules: zod.array(zod.string()).describe('Rule ids of its errors'),
    accountId: zod.string(),
    region: zod.string(),
    vpcId: zod.string(),
    notReadySince: zod
      .string()
      .optional()
      .describe('Since when it is not ready, as the sweep saw it (ISO time)'),
    checkedAt: zod.string().optional(),
    problem: zod
      .string()
      .optional()
      .describe('Why it could not be checked at all, when it could not'),
    serviceArn: zod.string().optional(),
    serviceConsoleUrl: zod.string().optional(),
    portalUrl: zod.string().optional(),
  });
}

/** An overview row in the words of {@link listedServiceSchema}. */
export function listedService(
  group: OverviewVpcGroup,
  service: OverviewService,
  portalBaseUrl: string | undefined,
): Infer<typeof listedServiceSchema> {
  const serviceConsoleUrl = ecsServiceConsoleUrl(service.serviceArn);
  const portalUrl = entityPageUrl(portalBaseUrl, service.entityRef);
  const headlines = service.errorHeadlines ?? service.errorRules;
  let summary: string;
  if (service.problem) summary = `Unknown: ${service.problem}`;
  else if (service.verdict === 'not-ready')
    summary = `Not ready: ${headlines.join('; ')}`;
  else if (service.verdict === 'unknown')
    summary = `Unknown: ${service.counts.unknown} check${
      service.counts.unknown === 1 ? '' : 's'
    } could not run; ask can-service-start for which and why`;
  else summary = 'Ready';
  return {
    entityRef: service.entityRef,
    ...(service.title ? { title: service.title } : {}),
    verdict: service.verdict,
    summary,
    errorRules: service.errorRules,
    accountId: group.accountId,
    region: group.region,
    vpcId: group.vpcId,
    ...(service.notReadySince ? { notReadySince: service.notReadySince } : {}),
    ...(service.checkedAt ? { checkedAt: service.checkedAt } : {}),
    ...(service.problem ? { problem: service.problem } : {}),
    ...(service.serviceArn ? { serviceArn: service.serviceArn } : {}),
    ...(serviceConsoleUrl ? { serviceConsoleUrl } : {}),
    ...(portalUrl ? { portalUrl } : {}),
  };
}

/** The entity's catalog page in the portal: `/catalog/<namespace>/<kind>/<name>`. */
export function entityPageUrl(
  portalBaseUrl: string | undefined,
  entityRef: string,
): string | undefined {
  if (!portalBaseUrl) return undefined;
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `${portalBaseUrl.replace(/\/+$/, '')}/catalog/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}`;
}
