import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The overview page of every linked service.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'fargate-endpoints',
});
