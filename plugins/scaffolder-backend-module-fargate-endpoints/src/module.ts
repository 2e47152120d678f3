import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AwsAccountAccess } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createGenerateServiceAction } from './actions/generateService';
import { createPlanVpcFixAction } from './actions/planVpcFix';
import { createPublishLocalAction } from './actions/publishLocal';
import { createAwsEndpointLookup } from './service/endpointLookup';

/**
 * Adds `fargate-endpoints:service:generate`, `fargate-endpoints:vpc:plan-fix` and
 * `fargate-endpoints:publish:local` to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleFargateEndpoints = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'fargate-endpoints',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ scaffolder, config, logger }) {
        // The engine's account policy and readers, as the backend plugin uses them: one set
        // of allowed accounts, credentials per account, pacing per account and region.
        const access = AwsAccountAccess.fromConfig(config);
        const publishDir = config.getOptionalString(
          'fargateEndpoints.scaffolder.localPublishDir',
        );
        if (!publishDir) {
          logger.info(
            'fargateEndpoints.scaffolder.localPublishDir is not set: fargate-endpoints:publish:local will refuse to run',
          );
        }
        const endpointLookup = createAwsEndpointLookup(access);
        scaffolder.addActions(
          createGenerateServiceAction({ endpointLookup }),
          createPlanVpcFixAction({ endpointLookup }),
          createPublishLocalAction({ publishDir }),
        );
      },
    });
  },
});
