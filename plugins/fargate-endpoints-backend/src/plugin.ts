import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { fargateEndpointsPermissions } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { DefaultFargateEndpointsService } from './service/DefaultFargateEndpointsService';
import { CallerBudget } from './service/callerBudget';
import { readFargateEndpointsSettings } from './service/config';
import { createRouter } from './service/router';

/**
 * The fargate-endpoints backend plugin: live private-network health of ECS Fargate
 * services, served under `/api/fargate-endpoints`.
 *
 * @public
 */
export const fargateEndpointsPlugin = createBackendPlugin({
  pluginId: 'fargate-endpoints',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        cache: coreServices.cache,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        cache,
        logger,
        config,
        catalog,
      }) {
        permissionsRegistry.addPermissions(fargateEndpointsPermissions);
        const settings = readFargateEndpointsSettings(config);
        const service = DefaultFargateEndpointsService.fromConfig(config, {
          catalog,
          cache,
          logger,
        });
        httpRouter.use(
          await createRouter({
            service,
            httpAuth,
            permissions,
            budget: new CallerBudget(settings.freshReadsPerCaller),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
