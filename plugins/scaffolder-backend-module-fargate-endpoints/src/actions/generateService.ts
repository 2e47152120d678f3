import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import path from 'node:path';
import { CATALOG_INFO_PATH, renderServiceRepository } from '../render';
import {
  lookupFailureReason,
  type EndpointLookup,
} from '../service/endpointLookup';
import {
  parseServiceInput,
  serviceInputSchema,
  type FieldProblem,
  type ServiceInput,
} from '../service/input';
import {
  planService,
  type ExistingVpcState,
  type ServicePlan,
} from '../service/servicePlan';
import { validateServiceInput } from '../service/validate';
import {
  assertNoCollisions,
  resolveTargetDir,
  writeRepository,
} from '../service/writeRepository';
import { examples } from './generateService.examples';

/**
 * The action id, `vendor:resource:verb`.
 *
 * @public
 */
export const GENERATE_SERVICE_ACTION_ID = 'fargate-endpoints:service:generate';

/**
 * Options of {@link createGenerateServiceAction}.
 *
 * @public
 */
export interface GenerateServiceActionOptions {
  /** Reads an existing VPC for `lookupExistingEndpoints`; without it the flag only logs a warning. */
  endpointLookup?: EndpointLookup;
}

function inputError(problems: FieldProblem[]): InputError {
  return new InputError(
    `Invalid input: ${problems
      .map(p => `${p.field}: ${p.message}`)
      .join('; ')}`,
  );
}

/**
 * Fails when the engine's plan leaves an error it cannot fix from a service repository
 * (an existing endpoint with private DNS off, a failed endpoint, a NACL or policy in the
 * way): generating would produce a service that cannot start. Each blocker says its fix.
 */
function assertNoBlockers(plan: ServicePlan): void {
  const { blockers } = plan.endpoints;
  if (!blockers.length) return;
  const where =
    plan.network.mode === 'existingVpc' ? plan.network.vpcId : 'the new VPC';
  throw new ConflictError(
    `${where} has ${blockers.length} problem${
      blockers.length === 1 ? '' : 's'
    } the generated Terraform cannot fix; fix ${
      blockers.length === 1 ? 'it' : 'them'
    } and run the template again. ${blockers
      .map(b => `[${b.rule}] ${b.message} Fix: ${b.fix}`)
      .join(' ')}`,
  );
}

/** Checks the subnets against the VPC that was read: a subnet of another VPC is an input error. */
function assertSubnetsInVpc(
  input: ServiceInput,
  state: ExistingVpcState,
): void {
  if (
    state.status !== 'read' ||
    state.snapshot.failures.some(f => f.part === 'subnets')
  )
    return;
  const known = new Set(state.snapshot.subnets.map(s => s.id));
  const problems = (input.subnetIds ?? []).flatMap((id, i) =>
    known.has(id)
      ? []
      : [
          {
            field: `subnetIds[${i}]`,
            message: `${id} is not a subnet of ${input.vpcId}`,
          },
        ],
  );
  if (problems.length) throw inputError(problems);
}

async function readExistingVpc(
  input: ServiceInput,
  lookup: EndpointLookup | undefined,
  logger: LoggerService,
): Promise<ExistingVpcState> {
  if (input.vpcMode !== 'existingVpc' || !input.lookupExistingEndpoints)
    return { status: 'not-requested' };
  if (!lookup) {
    const reason = 'no AWS lookup is configured in this Backstage';
    logger.warn(
      `lookupExistingEndpoints: ${reason}; using existingEndpoints as declared`,
    );
    return { status: 'unavailable', reason };
  }
  try {
    const snapshot = await lookup({
      region: input.region,
      accountId: input.accountId || undefined,
      vpcId: input.vpcId!,
    });
    const endpointsFailure = snapshot.failures.find(
      f => f.part === 'endpoints',
    );
    if (endpointsFailure) {
      logger.warn(
        `lookupExistingEndpoints: ${endpointsFailure.call} failed (${endpointsFailure.reason}); using existingEndpoints as declared`,
      );
      return { status: 'unavailable', reason: endpointsFailure.reason };
    }
    return { status: 'read', snapshot };
  } catch (error) {
    if (error instanceof NotFoundError)
      throw new InputError(
        `vpcId: ${input.vpcId} does not exist in ${input.region}`,
      );
    if (error instanceof NotAllowedError)
      throw new InputError(`accountId: ${error.message}`);
    const reason = lookupFailureReason(error);
    logger.warn(
      `lookupExistingEndpoints: could not read ${input.vpcId} (${reason}); using existingEndpoints as declared`,
    );
    return { status: 'unavailable', reason };
  }
}

/**
 * Creates the `fargate-endpoints:service:generate` action: writes a whole Fargate service
 * repository for isolated subnets (Terraform with its VPC endpoints, catalog-info.yaml,
 * README, TechDocs, CI, a minimal app) into the workspace. Input is validated completely
 * before anything is written.
 *
 * @public
 */
export function createGenerateServiceAction(
  options: GenerateServiceActionOptions = {},
) {
  return createTemplateAction({
    id: GENERATE_SERVICE_ACTION_ID,
    description:
      'Generates a Fargate service repository for private subnets without NAT: Terraform for the VPC endpoints it needs (reusing the ones the VPC has), ECS, IAM, catalog-info.yaml, TechDocs, CI gated on the network check, and a minimal app.',
    examples,
    // It only writes into the workspace (and reads AWS), so a dry run is the real thing.
    supportsDryRun: true,
    schema: {
      input: serviceInputSchema,
      output: z =>
        z.object({
          endpoints: z.array(z.string(), {
            description: 'Endpoint service suffixes the repository creates',
          }),
          reusedEndpoints: z.array(z.string(), {
            description:
              'Endpoint service suffixes the VPC already has, reused',
          }),
          needs: z.array(z.string(), {
            description: 'The needs of the service, derived and declared',
          }),
          monthlyCost: z.number({
            description:
              'USD a month for the created interface endpoints, before traffic',
          }),
          catalogInfoPath: z.string({
            description: 'Path of catalog-info.yaml, relative to the workspace',
          }),
          entityRef: z.string({
            description: 'The catalog entity ref of the generated component',
          }),
          endpointLookup: z.string({
            description: 'read, not-requested, or unavailable with the reason',
          }),
        }),
    },
    async handler(ctx) {
      const parsed = parseServiceInput(ctx.input);
      if (!parsed.ok) throw inputError(parsed.problems);
      const input = parsed.value;
      const problems = validateServiceInput(input);
      if (problems.length) throw inputError(problems);

      const targetDir = resolveTargetDir(ctx.workspacePath, input.targetPath);
      const state = await readExistingVpc(
        input,
        options.endpointLookup,
        ctx.logger,
      );
      assertSubnetsInVpc(input, state);
      const plan = planService(input, state);
      assertNoBlockers(plan);

      const created = plan.endpoints.create.map(e => e.service);
      const reused = plan.endpoints.reuse.map(e => e.service);
      const files = renderServiceRepository(plan);
      await assertNoCollisions(targetDir, files);
      await writeRepository(targetDir, files);

      ctx.logger.info(
        `Generated ${plan.name}: creates ${
          created.join(', ') || 'no endpoints'
        }; reuses ${
          reused.join(', ') || 'none'
        }; endpoints cost $${plan.endpoints.cost.endpointsMonthly.toFixed(
          2,
        )} a month`,
      );
      ctx.output('endpoints', created);
      ctx.output('reusedEndpoints', reused);
      ctx.output('needs', plan.needs);
      ctx.output('monthlyCost', plan.endpoints.cost.endpointsMonthly);
      ctx.output(
        'catalogInfoPath',
        path.relative(
          ctx.workspacePath,
          path.join(targetDir, CATALOG_INFO_PATH),
        ),
      );
      ctx.output('entityRef', `component:default/${plan.name}`);
      ctx.output(
        'endpointLookup',
        state.status === 'unavailable'
          ? `unavailable: ${state.reason}`
          : state.status,
      );
    },
  });
}
