import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { hostname } from 'node:os';
import { fargateEndpointsPermissions } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { DefaultFargateEndpointsService } from './service/DefaultFargateEndpointsService';
import { CallerBudget } from './service/callerBudget';
import { readFargateEndpointsSettings } from './service/config';
import { createRouter } from './service/router';
import { SWEEP_TASK_ID, Sweeper } from './sweep/Sweeper';
import { SweepStore } from './sweep/SweepStore';
import { FirstSeenStore } from './sweep/FirstSeenStore';

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
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        notifications: notificationService,
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
        database,
        scheduler,
        auth,
        notifications,
      }) {
        permissionsRegistry.addPermissions(fargateEndpointsPermissions);
        const settings = readFargateEndpointsSettings(config);
        const store = await SweepStore.create(database);
        const firstSeen = await FirstSeenStore.create(database);
        const service = DefaultFargateEndpointsService.fromConfig(config, {
          catalog,
          cache,
          logger,
          store,
        });
        if (settings.sweep.enabled) {
          const sweeper = Sweeper.forService({
            service,
            store,
            firstSeen,
            notifications,
            catalog,
            auth,
            logger,
            settings,
            now: Date.now,
            runner: `${hostname()}:${process.pid}`,
          });
          await scheduler.scheduleTask({
            id: SWEEP_TASK_ID,
            // One sweep at a time across every replica: the scheduler's lock in the database.
            scope: 'global',
            frequency: { milliseconds: settings.sweep.frequencyMs },
            timeout: { milliseconds: settings.sweep.timeoutMs },
            initialDelay: { milliseconds: settings.sweep.initialDelayMs },
            fn: async signal => {
              await sweeper.run(signal);
            },
          });
        }
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
