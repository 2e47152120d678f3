import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  assertNetworkInputInVpc,
  parsePlaceholder,
  type VpcSnapshot,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { planVpcFix, type VpcFix } from '../fix/vpcFix';
import {
  fixInputSchema,
  parseFixInput,
  type VpcFixRequest,
} from '../fix/fixInput';
import { renderVpcFix } from '../render/fix';
import {
  lookupFailureReason,
  type EndpointLookup,
} from '../service/endpointLookup';
import {
  assertNoCollisions,
  resolveTargetDir,
  writeRepository,
} from '../service/writeRepository';
import { examples } from './planVpcFix.examples';

/**
 * The action id, `vendor:resource:verb`.
 *
 * @public
 */
export const PLAN_VPC_FIX_ACTION_ID = 'fargate-endpoints:vpc:plan-fix';

/**
 * Options of {@link createPlanVpcFixAction}.
 *
 * @public
 */
export interface PlanVpcFixActionOptions {
  /** Reads the VPC live, over the accounts config allows. */
  endpointLookup: EndpointLookup;
}

/** The parts of a VPC read the plan rests on: without one, it could duplicate or miss endpoints. */
const PLANNED_FROM = ['subnets', 'routeTables', 'endpoints', 'securityGroups'];

async function readVpc(
  request: VpcFixRequest,
  lookup: EndpointLookup,
): Promise<VpcSnapshot> {
  let snapshot: VpcSnapshot;
  try {
    snapshot = await lookup({
      region: request.region,
      accountId: request.accountId,
      vpcId: request.vpcId,
    });
  } catch (error) {
    if (error instanceof NotFoundError)
      throw new InputError(
        `vpcId: ${request.vpcId} does not exist in ${request.region}${
          request.accountId ? ` (account ${request.accountId})` : ''
        }; check the VPC id and the region`,
      );
    if (error instanceof NotAllowedError)
      throw new InputError(`accountId: ${error.message}`);
    throw new ServiceUnavailableError(
      `Could not read ${request.vpcId} (${lookupFailureReason(
        error,
      )}); nothing was written. Run the template again when AWS answers.`,
    );
  }
  const missing = snapshot.failures.filter(f => PLANNED_FROM.includes(f.part));
  if (missing.length) {
    throw new ServiceUnavailableError(
      `Could not read ${missing
        .map(f => `${f.part} (${f.call}: ${f.reason})`)
        .join(', ')} of ${
        request.vpcId
      }: a fix planned without them could create an endpoint twice or miss one, so nothing was written. Run the template again when AWS answers.`,
    );
  }
  return snapshot;
}

/** One line for the template's result page and the log. */
export function fixSummary(fix: VpcFix): string {
  const { endpoints: plan, changes } = fix;
  const blockers = plan.blockers.length
    ? ` ${plan.blockers.length} problem${
        plan.blockers.length === 1 ? '' : 's'
      } need${
        plan.blockers.length === 1 ? 's' : ''
      } a manual fix: ${plan.blockers.map(b => b.rule).join(', ')} (see ${
        changes.length ? 'README.md' : 'the check on the card'
      }).`
    : '';
  if (!changes.length)
    return `Nothing to change: ${
      fix.request.vpcId
    } has every endpoint, route table association and rule the needs ${fix.spec.needs.join(
      ', ',
    )} require.${blockers}`;
  const created = plan.create.map(e => e.service);
  const parts = [
    created.length ? `creates ${created.join(', ')}` : undefined,
    plan.routeTableAssociations.length
      ? `puts the S3 gateway on ${plan.routeTableAssociations
          .map(a => a.routeTableId)
          .join(', ')}`
      : undefined,
    plan.securityGroupRules.length
      ? `opens TCP 443 in ${
          plan.securityGroupRules.length
        } security group rule${plan.securityGroupRules.length === 1 ? '' : 's'}`
      : undefined,
  ].filter(Boolean);
  return `${fix.request.vpcId}: ${parts.join('; ')}.${blockers}`;
}

/**
 * Creates the `fargate-endpoints:vpc:plan-fix` action: reads the VPC live, asks the engine
 * what it is missing for the service's needs, subnets and security groups, and writes a small
 * Terraform stack adding exactly that (endpoints, S3 route table associations, TCP 443 rules),
 * with a README naming the finding each change fixes and CI gated on the network check.
 * When nothing is missing it writes nothing and says so.
 *
 * @public
 */
export function createPlanVpcFixAction(options: PlanVpcFixActionOptions) {
  return createTemplateAction({
    id: PLAN_VPC_FIX_ACTION_ID,
    description:
      "Reads a VPC and writes the Terraform that adds what the engine's plan says it is missing for a service: interface endpoints with their security group, the S3 gateway or its route table associations, and TCP 443 rules. Writes nothing when nothing is missing.",
    examples,
    // It only reads AWS and writes into the workspace, so a dry run is the real thing.
    supportsDryRun: true,
    schema: {
      input: fixInputSchema,
      output: z =>
        z.object({
          changeCount: z.number({
            description:
              'How many changes the Terraform makes; 0 when nothing is missing (then nothing is written)',
          }),
          summary: z.string({
            description:
              'What changes, in one line, or "Nothing to change: ..."',
          }),
          endpoints: z.array(z.string(), {
            description: 'Endpoint service suffixes the Terraform creates',
          }),
          routeTableAssociations: z.array(z.string(), {
            description: 'Route tables the S3 gateway is put on',
          }),
          securityGroupRules: z.array(z.string(), {
            description: 'The TCP 443 rules added, as direction:group:service',
          }),
          fixedFindings: z.array(z.string(), {
            description: "Rule ids of today's error findings the change fixes",
          }),
          blockers: z.array(z.string(), {
            description:
              'Errors the change cannot fix, each with its manual fix',
          }),
          monthlyCost: z.number({
            description:
              'USD a month for the new interface endpoints, before traffic',
          }),
        }),
    },
    async handler(ctx) {
      const request = parseFixInput(ctx.input);
      const targetDir = resolveTargetDir(ctx.workspacePath, request.targetPath);
      const snapshot = await readVpc(request, options.endpointLookup);
      assertNetworkInputInVpc(snapshot, request);
      const fix = planVpcFix(snapshot, request);
      const summary = fixSummary(fix);

      if (fix.changes.length) {
        const files = renderVpcFix(fix);
        await assertNoCollisions(targetDir, files);
        await writeRepository(targetDir, files);
      }
      ctx.logger.info(summary);
      const plan = fix.endpoints;
      ctx.output('changeCount', fix.changes.length);
      ctx.output('summary', summary);
      ctx.output(
        'endpoints',
        plan.create.map(e => e.service),
      );
      ctx.output(
        'routeTableAssociations',
        plan.routeTableAssociations.map(a => a.routeTableId),
      );
      ctx.output(
        'securityGroupRules',
        plan.securityGroupRules.map(
          r =>
            `${r.direction}:${
              // The group this change creates, by the name Terraform gives it.
              parsePlaceholder(r.securityGroupId)
                ? request.name
                : r.securityGroupId
            }:${r.service}`,
        ),
      );
      ctx.output('fixedFindings', [
        ...new Set(fix.changes.flatMap(c => (c.fixes ? [c.fixes.rule] : []))),
      ]);
      ctx.output(
        'blockers',
        plan.blockers.map(b => `[${b.rule}] ${b.message} Fix: ${b.fix}`),
      );
      ctx.output('monthlyCost', plan.cost.endpointsMonthly);
    },
  });
}
