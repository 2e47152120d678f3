/**
 * The generated repository, file by file. Each renderer owns one kind of file and reads
 * only the plan.
 */
import type { ServicePlan } from '../service/servicePlan';
import { renderApp } from './app';
import { renderCatalogInfo } from './catalogInfo';
import { renderCiWorkflow } from './ciWorkflow';
import { renderReadme, renderTechDocs } from './docs';
import { renderEcrTf, renderEcsTf } from './terraform/ecsTf';
import { renderEndpointsTf } from './terraform/endpointsTf';
import { renderIamTf } from './terraform/iamTf';
import { renderNetworkTf } from './terraform/networkTf';
import { renderOutputsTf } from './terraform/outputsTf';
import { renderSecurityTf } from './terraform/securityTf';
import { renderVariablesTf } from './terraform/variablesTf';
import { renderVersionsTf } from './terraform/versionsTf';

/** Path of the catalog descriptor inside the generated repository. */
export const CATALOG_INFO_PATH = 'catalog-info.yaml';

const GITIGNORE = `.terraform/
*.tfstate
*.tfstate.*
crash.log
*-check.json
node_modules/
`;

/** The Terraform files only, keyed by file name. */
export function renderTerraform(plan: ServicePlan): Record<string, string> {
  const files: Record<string, string> = {
    'versions.tf': renderVersionsTf(plan),
    'variables.tf': renderVariablesTf(plan),
    'network.tf': renderNetworkTf(plan),
    'endpoints.tf': renderEndpointsTf(plan),
    'security.tf': renderSecurityTf(plan),
    'iam.tf': renderIamTf(plan),
    'ecs.tf': renderEcsTf(plan),
    'outputs.tf': renderOutputsTf(plan),
  };
  const ecr = renderEcrTf(plan);
  if (ecr) files['ecr.tf'] = ecr;
  return files;
}

/** Every file of the service repository, keyed by path relative to its root. */
export function renderServiceRepository(
  plan: ServicePlan,
): Record<string, string> {
  return {
    ...renderTerraform(plan),
    [CATALOG_INFO_PATH]: renderCatalogInfo(plan),
    'README.md': renderReadme(plan),
    ...renderTechDocs(plan),
    '.github/workflows/ci.yml': renderCiWorkflow(plan),
    ...renderApp(plan),
    '.gitignore': GITIGNORE,
  };
}
