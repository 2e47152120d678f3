import { InputError } from '@backstage/errors';
import { fargateEndpointsReportReadPermission } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { requirePermission } from '../service/authorize';
import { FargateEndpointsActionsOptions } from './types';

/** The largest plan an assistant may send, as for `POST /v1/impact` (a plan of some thousand resources). */
const PLAN_JSON_LIMIT = 10 * 1024 * 1024;

/**
 * `plan-impact`: what a Terraform plan would break before it is applied, the same assessment as
 * `POST /v1/impact`: the services of the VPCs it touches that it turns from ready to not ready,
 * each with the finding and the plan address that causes it, as far as the caller may read
 * their catalog entities; the others are counted.
 */
export function registerPlanImpact(options: FargateEndpointsActionsOptions) {
  const { actionsRegistry, service, permissions, budget } = options;
  actionsRegistry.register({
    name: 'plan-impact',
    title: 'What a Terraform plan would break',
    description:
      "Judges a Terraform plan (the JSON `terraform show -json <planfile>` writes) against the live state of the VPCs it touches: which ECS Fargate services it would stop from starting, why (the finding) and which plan address causes it, with each service's catalog entity and owner, and a markdown summary for a pull-request comment. Reads AWS; changes nothing.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          plan: z
            .string()
            .max(PLAN_JSON_LIMIT)
            .describe(
              'The plan as JSON text, exactly as `terraform show -json plan.tfplan` prints it',
            ),
          region: z
            .string()
            .max(32)
            .optional()
            .describe(
              "The region the plan applies to; the plan's aws provider region when omitted",
            ),
          accountId: z
            .string()
            .max(12)
            .optional()
            .describe(
              'The AWS account the plan applies to (one the portal may read); the main account when omitted',
            ),
        }),
      output: z =>
        z.object({
          verdict: z
            .enum(['breaks', 'safe', 'unknown'])
            .describe(
              'breaks: a ready service would not start; safe: nothing breaks; unknown: the assessment is incomplete',
            ),
          breaks: z
            .array(
              z.object({
                service: z.string(),
                cluster: z.string().optional(),
                entityRef: z.string().optional(),
                owner: z.string().optional(),
                findings: z.array(
                  z.object({
                    rule: z.string(),
                    message: z.string(),
                    fix: z.string(),
                    causedBy: z
                      .array(z.string())
                      .describe('The plan addresses that cause it'),
                  }),
                ),
              }),
            )
            .describe('The ready services the plan would stop from starting'),
          otherAffectedServices: z
            .number()
            .describe(
              'Affected services not listed: their catalog entity is one the caller may not read, or none links them',
            ),
          markdown: z
            .string()
            .describe('The summary for a pull-request comment'),
        }),
    },
    action: async ({ input, credentials }) => {
      await requirePermission(
        permissions,
        credentials,
        fargateEndpointsReportReadPermission,
      );
      let plan: Record<string, unknown>;
      try {
        plan = JSON.parse(input.plan);
      } catch (error) {
        throw new InputError(
          `plan: not JSON (${
            (error as Error).message
          }); pass what terraform show -json plan.tfplan prints`,
        );
      }
      if (plan === null || typeof plan !== 'object' || Array.isArray(plan))
        throw new InputError(
          'plan: a JSON object is expected, as terraform show -json plan.tfplan prints it',
        );
      budget?.take(credentials, 'plan-impact');
      const answer = await service.assessPlan(
        {
          plan,
          ...(input.region ? { region: input.region } : {}),
          ...(input.accountId ? { accountId: input.accountId } : {}),
        },
        { credentials },
      );
      const breaks = answer.impact.services
        .filter(s => s.outcome === 'breaks')
        .map(s => ({
          service: s.serviceName,
          ...(s.clusterName ? { cluster: s.clusterName } : {}),
          ...(s.entity ? { entityRef: s.entity.ref } : {}),
          ...(s.entity?.owner ? { owner: s.entity.owner } : {}),
          findings: s.newFindings.map(f => ({
            rule: f.finding.rule,
            message: f.finding.message,
            fix: f.finding.fix,
            causedBy: f.causes,
          })),
        }));
      return {
        output: {
          verdict: answer.impact.verdict,
          breaks,
          otherAffectedServices: answer.otherAffectedServices,
          markdown: answer.markdown,
        },
      };
    },
  });
}
