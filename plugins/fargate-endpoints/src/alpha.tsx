import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import RouterIcon from '@material-ui/icons/Router';
import { FargateEndpointsClient, fargateEndpointsApiRef } from './api';
import { rootRouteRef } from './routes';

/** The client on discoveryApi + fetchApi. */
const fargateEndpointsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: fargateEndpointsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new FargateEndpointsClient({ discoveryApi, fetchApi }),
    }),
});

/** The entity card on component pages. */
const entityFargateEndpointsCard = EntityCardBlueprint.make({
  name: 'endpoints',
  params: {
    // An info card: beside the content at desktop widths (a narrow column the card is built
    // for) and, on a phone, above the content, so the verdict is on the first screen. Apps
    // can set `type: content` in the extension's config to move it.
    type: 'info',
    // Components that carry any of our linking annotations. A partly annotated component
    // still gets the card, which then names what is missing. Filter predicates need literal
    // keys, so these spell out the common package's annotation names (alpha.test.tsx checks).
    filter: {
      $all: [
        { kind: 'component' },
        {
          $any: [
            {
              'metadata.annotations.aws.amazon.com/amazon-ecs-service-arn': {
                $exists: true,
              },
            },
            {
              'metadata.annotations.fargate-endpoints.io/region': {
                $exists: true,
              },
            },
            {
              'metadata.annotations.fargate-endpoints.io/vpc-id': {
                $exists: true,
              },
            },
            {
              'metadata.annotations.fargate-endpoints.io/subnet-ids': {
                $exists: true,
              },
            },
            {
              'metadata.annotations.fargate-endpoints.io/security-group-ids': {
                $exists: true,
              },
            },
            {
              'metadata.annotations.fargate-endpoints.io/network-plan': {
                $exists: true,
              },
            },
          ],
        },
      ],
    },
    loader: () =>
      import('./components/EntityFargateEndpointsCard').then(m => (
        <m.EntityFargateEndpointsCard />
      )),
  },
});

/** The overview page; its title and icon also make its navigation item. */
const fargateEndpointsOverviewPage = PageBlueprint.make({
  params: {
    path: '/fargate-endpoints',
    title: 'Private networking',
    icon: <RouterIcon />,
    routeRef: rootRouteRef,
    // The page brings its own Page/Header/Content, the same in both frontend systems: a title
    // with what the page answers, and the content padding the app's bare layout lacks.
    noHeader: true,
    loader: () =>
      import('./components/FargateEndpointsOverviewPage').then(m => (
        <m.FargateEndpointsOverviewPage />
      )),
  },
});

/**
 * The fargate-endpoints plugin for the new frontend system.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'fargate-endpoints',
  title: 'Private networking',
  icon: <RouterIcon />,
  routes: {
    root: rootRouteRef,
  },
  extensions: [
    fargateEndpointsApi,
    entityFargateEndpointsCard,
    fargateEndpointsOverviewPage,
  ],
});
