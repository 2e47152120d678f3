import { fargateEndpointsReportReadPermission } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { requirePermission } from '../service/authorize';
import { serviceAnswer, serviceAnswerSchema } from './answers';
import {
  entityRefOfInput,
  FargateEndpointsActionsOptions,
  SERVICE_INPUT_DESCRIPTIONS,
} from './types';

/**
 * `can-service-start`: the report of one service, by entity ref or ECS service ARN, as the
 * REST API's entity report serves it (the sweep's result or the cache unless refreshed).
 */
export function registerCanServiceStart(
  options: FargateEndpointsActionsOptions,
) {
  const { actionsRegistry, service, permissions, budget, portalBaseUrl } =
    options;
  actionsRegistry.register({
    name: 'can-service-start',
    title: 'Can this ECS Fargate service start, and why not',
    description:
      "Checks whether an ECS Fargate service's tasks can start from its subnets (VPC endpoints, routes, security groups, DNS, EFS, images). Answers the verdict (ready, not-ready, unknown) in one line, every finding with its fix (console steps, AWS CLI commands, Terraform) and AWS console links. Read-only; answers from the latest check unless refresh is true.",
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
          refresh: z
            .boolean()
            .optional()
            .describe(
              'Read AWS again instead of answering from the latest check; limited per caller',
            ),
        }),
      output: z => serviceAnswerSchema(z),
    },
    action: async ({ input, credentials }) => {
      await requirePermission(
        permissions,
        credentials,
        fargateEndpointsReportReadPermission,
      );
      const entityRef = await entityRefOfInput(options, input, credentials);
      if (input.refresh) budget?.take(credentials, 'refresh');
      const report = await service.getEntityReport(entityRef, {
        refresh: input.refresh === true,
        credentials,
      });
      return { output: serviceAnswer(report, portalBaseUrl) };
    },
  });
}
