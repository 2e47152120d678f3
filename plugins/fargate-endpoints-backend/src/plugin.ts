import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { hostname } from 'node:os';
import { fargateEndpointsPermissions } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { registerFargateEndpointsActions } from './actions/registerActions';
import { DefaultFargateEndpointsService } from './service/DefaultFargateEndpointsService';
import { CallerBudget } from './service/callerBudget';
import { readFargateEndpointsSettings } from './service/config';
import { createRouter } from './service/router';
import { ChangeWatcher, ResourceIndex } from './changes/ChangeWatcher';
import { isCatchUpRun, sweepTimeoutMs } from './sweep/cadence';
import { SWEEP_TASK_ID, Sweeper } from './sweep/Sweeper';
import { DatabaseSweepStore } from './sweep/DatabaseSweepStore';
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
        actionsRegistry: actionsRegistryServiceRef,
        events: eventsServiceRef,
        lifecycle: coreServices.lifecycle,
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
        actionsRegistry,
        events,
        lifecycle,
      }) {
        permissionsRegistry.addPermissions(fargateEndpointsPermissions);
        const settings = readFargateEndpointsSettings(config);
        const store = await DatabaseSweepStore.create(database);
        const firstSeen = await FirstSeenStore.create(database);
        const service = DefaultFargateEndpointsService.fromConfig(config, {
          catalog,
          cache,
          logger,
          store,
        });
        if (settings.sweep.enabled) {
          const resources = new ResourceIndex();
          const sweeper = Sweeper.forService({
            resources,
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
          // How long a dead replica holds the lock: sized from the sweeps measured so far.
          const timeoutMs =
            settings.sweep.timeoutMs ??
            sweepTimeoutMs(
              (await store.recentSweeps(10).catch(() => []))
                .filter(s => s.outcome === 'done' && s.finishedAt)
                .map(s => s.finishedAt! - s.startedAt),
            );
          await scheduler.scheduleTask({
            id: SWEEP_TASK_ID,
            // One sweep at a time across every replica: the scheduler's lock in the database.
            scope: 'global',
            frequency: { milliseconds: settings.sweep.frequencyMs },
            timeout: { milliseconds: timeoutMs },
            initialDelay: { milliseconds: settings.sweep.initialDelayMs },
            fn: async signal => {
              const recent = await store.recentSweeps(2).catch(() => []);
              if (
                isCatchUpRun(recent, Date.now(), settings.sweep.frequencyMs)
              ) {
                logger.info(
                  'Sweep skipped: the takeover sweep ran moments ago; the next one is on cadence',
                );
                return;
              }
              await sweeper.run(signal);
            },
          });
          if (settings.changes.enabled) {
            // Told within a minute: AWS change events re-check what they touch at once.
            const watcher = new ChangeWatcher({
              events,
              topic: settings.changes.topic,
              index: resources,
              recheck: sweeper,
              logger,
              gatherMs: settings.changes.gatherMs,
            });
            await watcher.start();
            lifecycle.addShutdownHook(() => watcher.idle());
          }
        }
        // One budget per caller, whether the REST API or an assistant's action asks.
        const budget = new CallerBudget(settings.freshReadsPerCaller);
        httpRouter.use(
          await createRouter({
            service,
            httpAuth,
            permissions,
            budget,
          }),
        );
        registerFargateEndpointsActions({
          actionsRegistry,
          service,
          catalog,
          permissions,
          budget,
          portalBaseUrl: config.getOptionalString('app.baseUrl'),
        });
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
