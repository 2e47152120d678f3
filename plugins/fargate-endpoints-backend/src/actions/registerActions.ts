import { registerCanServiceStart } from './canServiceStart';
import { registerFindingFix } from './findingFix';
import { registerNotReadyServices } from './notReadyServices';
import { registerPlanImpact } from './planImpact';
import { FargateEndpointsActionsOptions } from './types';

/**
 * Registers the plugin's read-only actions with Backstage's actions registry, which the MCP
 * actions backend serves to AI assistants as tools (`fargate-endpoints.<name>`). Each checks
 * the same permission as the REST endpoint it mirrors and reads through the same service,
 * caches and per-caller budget.
 */
export function registerFargateEndpointsActions(
  options: FargateEndpointsActionsOptions,
): void {
  registerCanServiceStart(options);
  registerNotReadyServices(options);
  registerFindingFix(options);
  registerPlanImpact(options);
}
