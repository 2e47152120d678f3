import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { FargateEndpointsClient, fargateEndpointsApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The fargate-endpoints plugin for the legacy frontend system.
 *
 * @public
 */
export const fargateEndpointsPlugin = createPlugin({
  id: 'fargate-endpoints',
  apis: [
    createApiFactory({
      api: fargateEndpointsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new FargateEndpointsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The entity card: can this service's Fargate tasks reach AWS from their subnets?
 *
 * @public
 */
export const EntityFargateEndpointsCard: () => JSX.Element =
  fargateEndpointsPlugin.provide(
    createComponentExtension({
      name: 'EntityFargateEndpointsCard',
      component: {
        lazy: () =>
          import('./components/EntityFargateEndpointsCard').then(
            m => m.EntityFargateEndpointsCard,
          ),
      },
    }),
  );

/**
 * The platform team's page: every linked service grouped by account, region and VPC.
 *
 * @public
 */
export const FargateEndpointsOverviewPage: () => JSX.Element =
  fargateEndpointsPlugin.provide(
    createRoutableExtension({
      name: 'FargateEndpointsOverviewPage',
      component: () =>
        import('./components/FargateEndpointsOverviewPage').then(
          m => m.FargateEndpointsOverviewPage,
        ),
      mountPoint: rootRouteRef,
    }),
  );
