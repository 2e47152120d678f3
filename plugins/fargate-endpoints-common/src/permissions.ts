import { createPermission } from '@backstage/plugin-permission-common';

/** Read an entity's endpoint health report, or check explicit network inputs. */
export const fargateEndpointsReportReadPermission = createPermission({
  name: 'fargate-endpoints.report.read',
  attributes: { action: 'read' },
});

/** Read the fleet overview of every linked service. */
export const fargateEndpointsOverviewReadPermission = createPermission({
  name: 'fargate-endpoints.overview.read',
  attributes: { action: 'read' },
});

/** Every permission of the plugin. */
export const fargateEndpointsPermissions = [
  fargateEndpointsReportReadPermission,
  fargateEndpointsOverviewReadPermission,
];
