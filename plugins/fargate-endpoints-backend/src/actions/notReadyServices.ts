import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  fargateEndpointsOverviewReadPermission,
  validateAwsId,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { requirePermission } from '../service/authorize';
import { listedService, listedServiceSchema } from './answers';
import { FargateEndpointsActionsOptions } from './types';

/** The owner as a full entity ref; a bare name is a group in the default namespace. */
function ownerRef(owner: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(owner.trim(), {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    throw new InputError(
      `Invalid owner: ${
        (error as Error).message
      }; give a team such as group:default/team-shop or team-shop`,
    );
  }
}

/**
 * `list-not-ready-services`: the services of a VPC, of a team, or both, that are not ready
 * or could not be checked, from the overview the REST API serves (the sweep's results and
 * the cache, the catalog's permissions deciding what the caller sees).
 */
export function registerNotReadyServices(
  options: FargateEndpointsActionsOptions,
) {
  const { actionsRegistry, service, permissions, portalBaseUrl } = options;
  actionsRegistry.register({
    name: 'list-not-ready-services',
    title: 'Which services in this VPC or of this team are not ready',
    description:
      'Lists the ECS Fargate services in the catalog that cannot start (not-ready) or could not be checked (unknown), in one VPC, owned by one team, or both; each with what fails in one line, since when, and links. Read-only; answers from the latest background sweep and the cache.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          vpcId: z
            .string()
            .max(64)
            .optional()
            .describe('Only services in this VPC, e.g. vpc-0a1b2c3d4e5f60718'),
          owner: z
            .string()
            .max(300)
            .optional()
            .describe(
              'Only services this team owns (catalog ownership), e.g. group:default/team-shop or team-shop',
            ),
        }),
      output: z =>
        z.object({
          services: z
            .array(listedServiceSchema(z))
            .describe(
              'The services that are not ready or unknown, not-ready first',
            ),
          counts: z
            .object({
              ready: z.number(),
              notReady: z.number(),
              unknown: z.number(),
            })
            .describe('How many services matched, by verdict'),
          generatedAt: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      await requirePermission(
        permissions,
        credentials,
        fargateEndpointsOverviewReadPermission,
      );
      const vpcId = input.vpcId?.trim();
      const vpcProblem = vpcId ? validateAwsId('vpc', vpcId) : undefined;
      if (vpcProblem) throw new InputError(`Invalid vpcId: ${vpcProblem}`);
      const overview = await service.getOverview({
        credentials,
        ...(input.owner ? { ownedBy: ownerRef(input.owner) } : {}),
      });
      const groups = overview.groups.filter(g => !vpcId || g.vpcId === vpcId);
      const all = groups.flatMap(g => g.services.map(s => ({ g, s })));
      const listed = all
        .filter(({ s }) => s.verdict !== 'ready')
        .sort(
          (a, b) =>
            Number(a.s.verdict !== 'not-ready') -
              Number(b.s.verdict !== 'not-ready') ||
            a.s.entityRef.localeCompare(b.s.entityRef),
        );
      const count = (verdict: string) =>
        all.filter(({ s }) => s.verdict === verdict).length;
      return {
        output: {
          services: listed.map(({ g, s }) =>
            listedService(g, s, portalBaseUrl),
          ),
          counts: {
            ready: count('ready'),
            notReady: count('not-ready'),
            unknown: count('unknown'),
          },
          generatedAt: overview.generatedAt,
        },
      };
    },
  });
}
