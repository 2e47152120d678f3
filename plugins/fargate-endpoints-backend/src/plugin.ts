import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { fargateEndpointsPermissions } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { DefaultFargateEndpointsService } from './service/DefaultFargateEndpointsService';
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
        auth: coreServices.auth,
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
        auth,
        catalog,
      }) {
        permissionsRegistry.addPermissions(fargateEndpointsPermissions);
        const service = DefaultFargateEndpointsService.fromConfig(config, {
          catalog,
          auth,
          cache,
          logger,
        });
        httpRouter.use(await createRouter({ service, httpAuth, permissions }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
