import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read an entity's endpoint health report, or check explicit network inputs.
 *
 * @public
 */
export const fargateEndpointsReportReadPermission = createPermission({
  name: 'fargate-endpoints.report.read',
  attributes: { action: 'read' },
});

/**
 * Read the fleet overview of every linked service.
 *
 * @public
 */
export const fargateEndpointsOverviewReadPermission = createPermission({
  name: 'fargate-endpoints.overview.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the plugin.
 *
 * @public
 */
export const fargateEndpointsPermissions = [
  fargateEndpointsReportReadPermission,
  fargateEndpointsOverviewReadPermission,
];
