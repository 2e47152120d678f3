/** The files of a VPC fix, keyed by path relative to its root. */
import type { VpcFix } from '../../fix/vpcFix';
import { renderFixCiWorkflow, renderFixReadme } from './fixDocs';
import {
  renderFixEndpointsTf,
  renderFixOutputsTf,
  renderFixVariablesTf,
  renderFixVersionsTf,
} from './fixTerraform';

/** Every file of the fix: the Terraform, README.md, CI and .gitignore. */
export function renderVpcFix(fix: VpcFix): Record<string, string> {
  return {
    'versions.tf': renderFixVersionsTf(fix),
    'variables.tf': renderFixVariablesTf(fix),
    'endpoints.tf': renderFixEndpointsTf(fix),
    'outputs.tf': renderFixOutputsTf(fix),
    'README.md': renderFixReadme(fix),
    '.github/workflows/ci.yml': renderFixCiWorkflow(fix),
    '.gitignore':
      '.terraform/\n*.tfstate\n*.tfstate.*\ncrash.log\n*-check.json\n',
  };
}
