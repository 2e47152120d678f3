import {
  fargateEndpointsReportReadPermission,
  RULE_IDS,
  RULES,
  verdictSummary,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { requirePermission } from '../service/authorize';
import { findingAnswer, findingAnswerSchema } from './answers';
import {
  entityRefOfInput,
  FargateEndpointsActionsOptions,
  SERVICE_INPUT_DESCRIPTIONS,
} from './types';

/**
 * `finding-fix`: the fix of one finding of a service's current report, picked by rule id
 * (and endpoint service or resource when the rule fires more than once), with the rule's
 * catalogue entry.
 */
export function registerFindingFix(options: FargateEndpointsActionsOptions) {
  const { actionsRegistry, service, permissions } = options;
  actionsRegistry.register({
    name: 'finding-fix',
    title: 'The fix for a finding of a service',
    description:
      "The fix of one finding of an ECS Fargate service's current check, by rule id (e.g. missing-endpoint), narrowed by endpoint service (ecr.api) or resource (rtb-...): console steps, AWS CLI commands, Terraform and the console link, with the rule's catalogue entry. Read-only.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .max(300)
            .optional()
            .describe(SERVICE_INPUT_DESCRIPTIONS.entityRef),
          serviceArn: z
            .string()
            .max(600)
            .optional()
            .describe(SERVICE_INPUT_DESCRIPTIONS.serviceArn),
          rule: z
            .enum(RULE_IDS)
            .describe(
              'The rule id of the finding, as can-service-start gives it',
            ),
          service: z
            .string()
            .max(64)
            .optional()
            .describe(
              'Only the finding about this endpoint service, e.g. ecr.api',
            ),
          resourceId: z
            .string()
            .max(300)
            .optional()
            .describe(
              'Only the finding about this resource, e.g. rtb-0a1b2c3d4e5f60718',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          verdict: z.enum(['ready', 'not-ready', 'unknown']),
          summary: z.string().describe("The service's verdict in one line"),
          rule: z.object({
            id: z.string(),
            severity: z.enum(['error', 'warning', 'info']),
            title: z.string().describe('What the rule checks'),
          }),
          findings: z
            .array(findingAnswerSchema(z))
            .describe(
              'The matching findings of the current check, each with its fix',
            ),
          answer: z
            .string()
            .describe('One line: the fix, or why there is nothing to fix'),
        }),
    },
    action: async ({ input, credentials }) => {
      await requirePermission(
        permissions,
        credentials,
        fargateEndpointsReportReadPermission,
      );
      const entityRef = await entityRefOfInput(options, input, credentials);
      const report = await service.getEntityReport(entityRef, { credentials });
      const matching = report.findings.filter(
        f =>
          f.rule === input.rule &&
          (!input.service || f.service === input.service) &&
          (!input.resourceId || f.resourceId === input.resourceId),
      );
      const findings = matching.map(f => findingAnswer(f, report.target));
      const narrowed = [input.service, input.resourceId].filter(Boolean);
      const answer = findings.length
        ? findings.map(f => `${f.title}: ${f.fix}`).join(' ')
        : `${entityRef} has no ${input.rule} finding${
            narrowed.length ? ` for ${narrowed.join(' ')}` : ''
          } in its check of ${
            report.checkedAt
          }: nothing to fix for it (${verdictSummary(report)})`;
      return {
        output: {
          entityRef,
          verdict: report.verdict,
          summary: verdictSummary(report),
          rule: RULES[input.rule],
          findings,
          answer,
        },
      };
    },
  });
}
