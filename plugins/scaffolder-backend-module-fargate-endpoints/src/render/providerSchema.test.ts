/**
 * The provider schema the generated Terraform is validated against is the one its
 * `required_providers` constraint admits, and the validation finds what it should.
 */
import { getReferencesInExpression } from '@cdktf/hcl2json';
import { providerSchema } from '../__testUtils__/providerSchema';
import { parseTerraform, schemaProblems } from '../__testUtils__/terraform';
import { renderServiceRepository } from '.';
import { parseServiceInput } from '../service/input';
import { planService } from '../service/servicePlan';
import {
  AWS_PROVIDER_VERSION,
  TERRAFORM_REQUIRED_VERSION,
} from './terraform/versionsTf';

/** True when `version` satisfies a `~> major.minor` constraint. */
function satisfiesPessimistic(constraint: string, version: string): boolean {
  const [major, minor] = constraint
    .replace('~>', '')
    .trim()
    .split('.')
    .map(Number);
  const [vMajor, vMinor] = version.split('.').map(Number);
  return vMajor === major && vMinor >= minor;
}

describe('the provider schema', () => {
  it('is of a provider version the generated constraint admits', () => {
    const { providerVersion } = providerSchema();
    expect(providerVersion).toBe('5.100.0');
    expect(satisfiesPessimistic(AWS_PROVIDER_VERSION, providerVersion)).toBe(
      true,
    );
  });

  it('knows the arguments, blocks and attributes of a resource', () => {
    const endpoint = providerSchema().resources.get('aws_vpc_endpoint')!;
    expect(endpoint.arguments).toEqual(expect.objectContaining(new Set()));
    expect([...endpoint.arguments]).toEqual(
      expect.arrayContaining([
        'vpc_id',
        'service_name',
        'route_table_ids',
        'private_dns_enabled',
      ]),
    );
    expect([...endpoint.blocks.keys()]).toEqual(
      expect.arrayContaining(['dns_options', 'timeouts']),
    );
    expect(endpoint.attributes.has('prefix_list_id')).toBe(true);
    expect(
      providerSchema()
        .dataSources.get('aws_vpc_endpoint')!
        .arguments.has('service_name'),
    ).toBe(true);
  });

  it('finds a misspelt argument, a block written as an argument, an unknown type and attribute', async () => {
    const config = await parseTerraform({
      'main.tf': `
resource "aws_vpc_endpoint" "a" {
  vpc_id            = "vpc-1"
  service_name      = "com.amazonaws.eu-west-1.s3"
  route_tables_ids  = ["rtb-1"]
  dns_options       = { dns_record_ip_type = "ipv4" }
}
resource "aws_vpc_endpointt" "b" {}
output "x" {
  value = aws_vpc_endpoint.a.prefix_list
}
`,
    });
    expect(await schemaProblems(config, providerSchema())).toEqual([
      {
        where: 'aws_vpc_endpoint.a',
        problem: 'dns_options is a block, written as an argument',
      },
      {
        where: 'aws_vpc_endpoint.a',
        problem: 'route_tables_ids is neither an argument nor a block',
      },
      {
        where: 'aws_vpc_endpointt.b',
        problem: 'no resource type aws_vpc_endpointt in the provider',
      },
      {
        where: 'output.x',
        problem:
          'aws_vpc_endpoint.a.prefix_list: aws_vpc_endpoint has no attribute prefix_list',
      },
    ]);
  });
});

describe('the Terraform version the files need', () => {
  it('admits no Terraform older than what the constructs in the generated files need', async () => {
    const parsed = parseServiceInput({
      name: 'svc',
      owner: 'group:default/team',
      description: 'A service',
      region: 'eu-west-1',
      containerImage: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/svc:1',
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const files = renderServiceRepository(planService(parsed.value));
    const config = await parseTerraform(
      Object.fromEntries(
        Object.entries(files).filter(([p]) => p.endsWith('.tf')),
      ),
    );
    // Terraform 1.9 lets a variable's validation refer to other objects; before, only to itself.
    let needs = '1.0.0';
    for (const [name, [variable]] of Object.entries(config.variable ?? {})) {
      for (const validation of variable.validation ?? []) {
        const refs = await getReferencesInExpression(
          'v.tf',
          validation.condition,
        );
        if (
          refs.some(
            r =>
              r.value.split('.')[0] !== 'var' || r.value.split('.')[1] !== name,
          )
        )
          needs = '1.9.0';
      }
    }
    expect(needs).toBe('1.9.0'); // the image's validation names var.region
    const required = config.terraform![0].required_version;
    expect(required).toBe(TERRAFORM_REQUIRED_VERSION);
    expect(required).toBe(`>= ${needs}`);
  });
});
