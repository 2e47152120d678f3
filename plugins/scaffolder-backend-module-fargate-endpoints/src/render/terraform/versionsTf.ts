import {
  attr,
  blank,
  block,
  comment,
  obj,
  raw,
  renderHclFile,
  str,
  topBlock,
} from '../../hcl/writer';
import type { ServicePlan } from '../../service/servicePlan';

/** versions.tf: Terraform and provider constraints, and the provider with default tags. */
export function renderVersionsTf(plan: ServicePlan): string {
  return renderHclFile([
    topBlock(
      'terraform',
      [],
      [
        attr('required_version', str('>= 1.5.0')),
        blank,
        comment(
          'Partial configuration: CI passes bucket, key and region with -backend-config.',
        ),
        block('backend', ['s3'], []),
        blank,
        block(
          'required_providers',
          [],
          [
            attr(
              'aws',
              obj({ source: str('hashicorp/aws'), version: str('~> 5.0') }),
            ),
          ],
        ),
      ],
    ),
    topBlock(
      'provider',
      ['aws'],
      [
        attr('region', raw('var.region')),
        blank,
        block(
          'default_tags',
          [],
          [
            attr(
              'tags',
              obj({
                Service: raw('var.service_name'),
                Owner: str(plan.owner),
                ManagedBy: str('terraform'),
              }),
            ),
          ],
        ),
      ],
    ),
  ]);
}
