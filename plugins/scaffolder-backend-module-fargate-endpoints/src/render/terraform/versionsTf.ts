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

/**
 * The oldest Terraform the generated files work with: a variable validation that refers to
 * another variable (the image's to `var.region`) needs 1.9 (Terraform 1.9.0 changelog,
 * "Input variable validation rules can refer to other objects"). A test reads the generated
 * HCL for constructs newer than this.
 */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.9.0';

/** The hashicorp/aws versions the generated files are written for, and validated against. */
export const AWS_PROVIDER_VERSION = '~> 5.100';

/**
 * The `terraform` block of every generated stack: the Terraform and provider versions, and an
 * S3 backend that CI configures with -backend-config.
 */
export function terraformBlock() {
  return topBlock(
    'terraform',
    [],
    [
      attr('required_version', str(TERRAFORM_REQUIRED_VERSION)),
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
            obj({
              source: str('hashicorp/aws'),
              version: str(AWS_PROVIDER_VERSION),
            }),
          ),
        ],
      ),
    ],
  );
}

/** versions.tf: Terraform and provider constraints, and the provider with default tags. */
export function renderVersionsTf(plan: ServicePlan): string {
  return renderHclFile([
    terraformBlock(),
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
