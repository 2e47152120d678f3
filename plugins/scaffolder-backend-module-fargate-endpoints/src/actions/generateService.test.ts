import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { format } from '@cdktf/hcl-tools';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';
import {
  parseTerraform,
  unresolvedReferences,
} from '../__testUtils__/terraform';
import { evaluatorFor } from '../__testUtils__/terraformModel';
import { readTree, runAction, tempDir } from '../__testUtils__/workspace';
import {
  EXISTING,
  existingVpcWorld,
  snapshotOfWorld,
} from '../__testUtils__/worlds';
import { createGenerateServiceAction } from './generateService';
import { examples } from './generateService.examples';

const minimal = {
  name: 'payments-api',
  owner: 'group:default/payments',
  description: 'Takes card payments',
  region: 'eu-west-1',
};

const existingVpc = {
  ...minimal,
  vpcMode: 'existingVpc',
  vpcId: EXISTING.vpcId,
  subnetIds: [EXISTING.subnetA, EXISTING.subnetB],
};

function terraformOf(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).filter(([p]) => p.endsWith('.tf')),
  );
}

/** The service names of the aws_vpc_endpoint resources the Terraform creates. */
async function createdEndpointServices(
  files: Record<string, string>,
): Promise<string[]> {
  const config = await parseTerraform(terraformOf(files));
  const world = existingVpcWorld();
  const ev = evaluatorFor(config, world);
  return (await ev.instancesOf('aws_vpc_endpoint'))
    .map(i => i.attrs.service_name.replace('com.amazonaws.eu-west-1.', ''))
    .sort();
}

describe('fargate-endpoints:service:generate', () => {
  describe('examples', () => {
    it.each(examples.map(e => [e.description, e] as const))(
      '%s',
      async (_, example) => {
        const { input } = yaml.parse(example.example).steps[0];
        const { workspacePath, outputs } = await runAction(
          createGenerateServiceAction(),
          input,
        );
        const root = path.join(workspacePath, input.targetPath ?? '');
        const files = await readTree(root);

        for (const file of [
          'versions.tf',
          'variables.tf',
          'network.tf',
          'endpoints.tf',
          'security.tf',
          'iam.tf',
          'ecs.tf',
          'outputs.tf',
          'catalog-info.yaml',
          'README.md',
          'mkdocs.yml',
          'docs/index.md',
          'docs/network.md',
          '.github/workflows/ci.yml',
          'app/Dockerfile',
          'app/server.js',
        ]) {
          expect(files[file]).toBeDefined();
        }
        const entity = yaml.parse(files['catalog-info.yaml']);
        expect(entity).toMatchObject({
          kind: 'Component',
          metadata: { name: input.name },
          spec: { type: 'service', owner: input.owner },
        });
        expect(entity.metadata.annotations['fargate-endpoints.io/region']).toBe(
          input.region,
        );
        expect(outputs.catalogInfoPath).toBe(
          path.join(input.targetPath ?? '', 'catalog-info.yaml'),
        );
        expect(outputs.entityRef).toBe(`component:default/${input.name}`);
        expect(files['app/server.js']).toContain('/healthz');
        expect(files['README.md']).toContain(
          `$${outputs.monthlyCost.toFixed(2)} a month`,
        );

        const config = await parseTerraform(terraformOf(files));
        expect(await unresolvedReferences(config)).toEqual([]);
        for (const [name, content] of Object.entries(terraformOf(files))) {
          expect({ name, content: await format(content) }).toEqual({
            name,
            content,
          });
        }
      },
    );

    it('the first example creates ecr.api, ecr.dkr, logs and s3 and costs $43.80 in two AZs', async () => {
      const { input } = yaml.parse(examples[0].example).steps[0];
      const { outputs, workspacePath } = await runAction(
        createGenerateServiceAction(),
        input,
      );
      expect(outputs.endpoints).toEqual(['ecr.api', 'ecr.dkr', 's3', 'logs']);
      expect(outputs.reusedEndpoints).toEqual([]);
      expect(outputs.monthlyCost).toBe(43.8);
      const entity = yaml.parse(
        await fs.readFile(
          path.join(workspacePath, 'catalog-info.yaml'),
          'utf8',
        ),
      );
      expect(
        entity.metadata.annotations['aws.amazon.com/amazon-ecs-service-arn'],
      ).toBe(
        'arn:aws:ecs:eu-west-1:111111111111:service/payments-api/payments-api',
      );
      expect(entity.spec.system).toBe('system:default/payments');
    });
  });

  describe('rejects bad input before writing anything', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['name with capitals', { ...minimal, name: 'Payments' }, 'name'],
      ['name ending in a hyphen', { ...minimal, name: 'payments-' }, 'name'],
      ['name longer than 32', { ...minimal, name: 'a'.repeat(33) }, 'name'],
      ['name with a quote', { ...minimal, name: 'pay"ments' }, 'name'],
      [
        'description with interpolation',
        { ...minimal, description: 'costs ${var.x}' },
        'description',
      ],
      [
        'description with a directive',
        { ...minimal, description: '%{ if true }x%{ endif }' },
        'description',
      ],
      [
        'owner with a backslash',
        { ...minimal, owner: 'group:default\\x' },
        'owner',
      ],
      [
        'description with a newline',
        { ...minimal, description: 'one\ntwo' },
        'description',
      ],
      ['unknown region', { ...minimal, region: 'eu-middle-9' }, 'region'],
      [
        'account id of 11 digits',
        { ...minimal, accountId: '12345678901' },
        'accountId',
      ],
      ['public VPC CIDR', { ...minimal, vpcCidr: '8.8.0.0/16' }, 'vpcCidr'],
      ['VPC CIDR /25', { ...minimal, vpcCidr: '10.0.0.0/25' }, 'vpcCidr'],
      ['VPC CIDR /8', { ...minimal, vpcCidr: '10.0.0.0/8' }, 'vpcCidr'],
      [
        'VPC CIDR with host bits',
        { ...minimal, vpcCidr: '10.0.0.1/16' },
        'vpcCidr',
      ],
      ['malformed CIDR', { ...minimal, vpcCidr: '10.0.0/16' }, 'vpcCidr'],
      ['one AZ', { ...minimal, azCount: 1 }, 'azCount'],
      ['four AZs', { ...minimal, azCount: 4 }, 'azCount'],
      [
        'existing VPC without id',
        { ...existingVpc, vpcId: undefined },
        'vpcId',
      ],
      ['malformed VPC id', { ...existingVpc, vpcId: 'vpc-123' }, 'vpcId'],
      [
        'malformed subnet id',
        { ...existingVpc, subnetIds: ['subnet-xyz'] },
        'subnetIds[0]',
      ],
      ['no subnets', { ...existingVpc, subnetIds: [] }, 'subnetIds'],
      [
        'malformed route table id',
        { ...existingVpc, routeTableIds: ['rtb-1'] },
        'routeTableIds[0]',
      ],
      [
        'existing endpoints with a new VPC',
        { ...minimal, existingEndpoints: ['logs'] },
        'existingEndpoints',
      ],
      ['need ecs', { ...minimal, needs: ['ecs'] }, 'needs[0]'],
      ['need ecr.dkr', { ...minimal, needs: ['logs', 'ecr.dkr'] }, 'needs[1]'],
      [
        'Docker Hub image',
        { ...minimal, containerImage: 'nginx:1.27' },
        'containerImage',
      ],
      [
        'public.ecr.aws image',
        { ...minimal, containerImage: 'public.ecr.aws/nginx/nginx:latest' },
        'containerImage',
      ],
      [
        'ECR image of another region',
        {
          ...minimal,
          containerImage: '111111111111.dkr.ecr.us-east-1.amazonaws.com/app:1',
        },
        'containerImage',
      ],
      ['port 0', { ...minimal, containerPort: 0 }, 'containerPort'],
      ['port 70000', { ...minimal, containerPort: 70000 }, 'containerPort'],
      ['cpu 300', { ...minimal, cpu: 300 }, 'cpu'],
      [
        '256 CPU with 4096 MiB',
        { ...minimal, cpu: 256, memory: 4096 },
        'memory',
      ],
      [
        '4096 CPU with 31744 MiB',
        { ...minimal, cpu: 4096, memory: 31744 },
        'memory',
      ],
      ['101 tasks', { ...minimal, desiredCount: 101 }, 'desiredCount'],
      [
        'secret with a bad variable name',
        { ...minimal, secrets: [{ name: '1X', valueFrom: '/a' }] },
        'secrets[0].name',
      ],
      [
        'secret from another region',
        {
          ...minimal,
          secrets: [
            {
              name: 'X',
              valueFrom:
                'arn:aws:secretsmanager:us-east-1:111111111111:secret:x',
            },
          ],
        },
        'secrets[0].valueFrom',
      ],
      [
        'secret ARN of another service',
        {
          ...minimal,
          secrets: [{ name: 'X', valueFrom: 'arn:aws:s3:::bucket/key' }],
        },
        'secrets[0].valueFrom',
      ],
      [
        'exec need with execute command off',
        { ...minimal, needs: ['exec'], enableExecuteCommand: false },
        'enableExecuteCommand',
      ],
      ['missing owner', { ...minimal, owner: undefined }, 'owner'],
      ['port as text', { ...minimal, containerPort: '8080' }, 'containerPort'],
      [
        'target path outside the workspace',
        { ...minimal, targetPath: '../elsewhere' },
        'targetPath',
      ],
      ['unknown field', { ...minimal, vpcCdir: '10.0.0.0/16' }, 'vpcCdir'],
    ];

    it.each(cases)('%s', async (_, input, field) => {
      // The staging directory goes beside the target: a parent of this test's own, so the
      // check below sees only what this action left, not other tests' staging in the tmpdir.
      const workspacePath = path.join(await tempDir('fe-bad-'), 'workspace');
      await fs.mkdir(workspacePath);
      const action = createGenerateServiceAction();
      const error = await runAction(action, input, workspacePath).then(
        () => undefined,
        e => e,
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(field);
      expect(await fs.readdir(workspacePath)).toEqual([]);
      expect(await fs.readdir(path.dirname(workspacePath))).not.toContainEqual(
        expect.stringMatching(/fargate-endpoints-staging/),
      );
    });

    it('refuses to overwrite files already in the target', async () => {
      const workspacePath = await tempDir('fe-collide-');
      await fs.writeFile(path.join(workspacePath, 'README.md'), 'mine');
      await expect(
        runAction(createGenerateServiceAction(), minimal, workspacePath),
      ).rejects.toThrow(/targetPath: README.md already exists/);
      expect(await fs.readdir(workspacePath)).toEqual(['README.md']);
    });
  });

  describe('needs', () => {
    it('derives secretsmanager and ssm from secrets, exec from execute command, and adds custom suffixes', async () => {
      const { outputs, workspacePath } = await runAction(
        createGenerateServiceAction(),
        {
          ...minimal,
          needs: ['kms'],
          secrets: [
            {
              name: 'DB',
              valueFrom:
                'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf:password::',
            },
            {
              name: 'TOKEN',
              valueFrom:
                'arn:aws:ssm:eu-west-1:111111111111:parameter/app/token',
            },
          ],
          enableExecuteCommand: true,
        },
      );
      expect(outputs.needs).toEqual([
        'ecr',
        'logs',
        'secretsmanager',
        'ssm',
        'exec',
        'kms',
      ]);
      expect(outputs.endpoints).toEqual([
        'ecr.api',
        'ecr.dkr',
        's3',
        'logs',
        'secretsmanager',
        'ssm',
        'ssmmessages',
        'kms',
      ]);
      const iam = await fs.readFile(path.join(workspacePath, 'iam.tf'), 'utf8');
      // IAM wants the secret, not the JSON key selector of valueFrom.
      expect(iam).toContain(
        '"arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbCdEf"',
      );
      expect(iam).toContain('ssmmessages:OpenDataChannel');
    });
  });

  describe('reuse in an existing VPC', () => {
    it('does not create the endpoints the VPC already has', async () => {
      const { outputs, workspacePath } = await runAction(
        createGenerateServiceAction(),
        {
          ...existingVpc,
          existingEndpoints: ['ecr.api', 'ecr.dkr', 's3'],
          routeTableIds: [EXISTING.explicitTable, EXISTING.mainTable],
        },
      );
      expect(outputs.endpoints).toEqual(['logs']);
      expect(outputs.reusedEndpoints).toEqual(['ecr.api', 'ecr.dkr', 's3']);
      expect(outputs.monthlyCost).toBe(14.6);
      const files = await readTree(workspacePath);
      expect(await createdEndpointServices(files)).toEqual(['logs']);
      expect(files['endpoints.tf']).not.toContain(
        'resource "aws_vpc_endpoint" "s3"',
      );
      const annotations = yaml.parse(files['catalog-info.yaml']).metadata
        .annotations;
      expect(annotations['fargate-endpoints.io/vpc-id']).toBe(EXISTING.vpcId);
      expect(annotations['fargate-endpoints.io/subnet-ids']).toBe(
        `${EXISTING.subnetA},${EXISTING.subnetB}`,
      );
      // Until it is deployed, the card shows this plan as "not deployed yet".
      expect(annotations['fargate-endpoints.io/network-plan']).toBe(
        `existing VPC ${EXISTING.vpcId} (subnets ${EXISTING.subnetA}, ${EXISTING.subnetB}); creates endpoints logs; reuses ecr.api, ecr.dkr, s3`,
      );
    });

    it('finds existing endpoints with the injected lookup and puts the S3 gateway on the missing route table', async () => {
      const world = existingVpcWorld();
      const lookup = jest.fn(async () => snapshotOfWorld(world));
      const { outputs, workspacePath } = await runAction(
        createGenerateServiceAction({ endpointLookup: lookup }),
        {
          ...existingVpc,
          accountId: '123456789012',
          lookupExistingEndpoints: true,
        },
      );
      expect(lookup).toHaveBeenCalledWith({
        region: 'eu-west-1',
        accountId: '123456789012',
        vpcId: EXISTING.vpcId,
      });
      expect(outputs.endpointLookup).toBe('read');
      expect(outputs.reusedEndpoints).toEqual(['ecr.api', 'ecr.dkr', 's3']);
      expect(outputs.endpoints).toEqual(['logs']);
      const files = await readTree(workspacePath);
      // The lookup found subnet B on the main table, which the gateway is on: only A's table is added.
      expect(files['endpoints.tf']).toContain(
        `toset(["${EXISTING.explicitTable}"])`,
      );
      expect(files['endpoints.tf']).not.toContain(EXISTING.mainTable);
      expect(files['README.md']).toContain(
        '1 interface endpoint(s) in 2 AZ(s)',
      );
    });

    it('neither reuses nor duplicates an endpoint that is not available: it says what to do', async () => {
      const world = existingVpcWorld();
      world.endpoints[0].state = 'pending';
      const workspacePath = await tempDir('fe-pending-');
      await expect(
        runAction(
          createGenerateServiceAction({
            endpointLookup: async () => snapshotOfWorld(world),
          }),
          { ...existingVpc, lookupExistingEndpoints: true },
          workspacePath,
        ),
      ).rejects.toThrow(
        /\[endpoint-not-available\] The ecr\.api endpoint vpce-\w+ is in state "pending".* Fix: Wait for vpce-\w+ to become available/,
      );
      expect(await fs.readdir(workspacePath)).toEqual([]);
    });

    it('stops on an interface endpoint with private DNS off instead of creating a conflicting one', async () => {
      const world = existingVpcWorld();
      world.endpoints[1].privateDnsEnabled = false;
      const workspacePath = await tempDir('fe-conflict-');
      await expect(
        runAction(
          createGenerateServiceAction({
            endpointLookup: async () => snapshotOfWorld(world),
          }),
          { ...existingVpc, lookupExistingEndpoints: true },
          workspacePath,
        ),
      ).rejects.toThrow(ConflictError);
      expect(await fs.readdir(workspacePath)).toEqual([]);
    });

    it('names vpcId when the VPC does not exist, and subnetIds when a subnet is elsewhere', async () => {
      const missing = createGenerateServiceAction({
        endpointLookup: async () => {
          throw new NotFoundError('VPC not found');
        },
      });
      await expect(
        runAction(missing, { ...existingVpc, lookupExistingEndpoints: true }),
      ).rejects.toThrow(/vpcId: vpc-0e1e2e3e4e5e6e7e8 does not exist/);
      const world = existingVpcWorld();
      world.subnets.pop();
      await expect(
        runAction(
          createGenerateServiceAction({
            endpointLookup: async () => snapshotOfWorld(world),
          }),
          { ...existingVpc, lookupExistingEndpoints: true },
        ),
      ).rejects.toThrow(
        /subnetIds\[1\]: subnet-0bbbbbbbbbbbbbbb2 is not a subnet of/,
      );
    });

    it('falls back to the declared endpoints, and says why, when the lookup fails', async () => {
      const denied = Object.assign(new Error('User is not authorized'), {
        name: 'UnauthorizedOperation',
        $metadata: { httpStatusCode: 403 },
      });
      const action = createGenerateServiceAction({
        endpointLookup: async () => {
          throw denied;
        },
      });
      const { outputs, ctx } = await runAction(action, {
        ...existingVpc,
        lookupExistingEndpoints: true,
        existingEndpoints: ['s3'],
      });
      expect(outputs.endpointLookup).toMatch(
        /^unavailable: UnauthorizedOperation/,
      );
      expect(outputs.reusedEndpoints).toEqual(['s3']);
      expect(ctx.logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('using existingEndpoints as declared'),
      );
    });

    it('falls back when the snapshot could not read the endpoints', async () => {
      const snapshot = snapshotOfWorld(existingVpcWorld());
      snapshot.failures.push({
        part: 'endpoints',
        call: 'DescribeVpcEndpoints',
        reason: 'AccessDenied',
      });
      const { outputs } = await runAction(
        createGenerateServiceAction({ endpointLookup: async () => snapshot }),
        { ...existingVpc, lookupExistingEndpoints: true },
      );
      expect(outputs.endpointLookup).toBe('unavailable: AccessDenied');
      expect(outputs.reusedEndpoints).toEqual([]);
    });
  });

  it('takes the blanks the template passes for fields the chosen VPC mode hides', async () => {
    const { outputs } = await runAction(createGenerateServiceAction(), {
      ...minimal,
      system: '',
      accountId: '',
      vpcMode: 'newVpc',
      vpcCidr: '',
      azCount: 2,
      vpcId: '',
      subnetIds: [],
      existingEndpoints: [],
      lookupExistingEndpoints: false,
      needs: [],
      secrets: [],
      enableExecuteCommand: false,
      containerImage: '',
      githubProjectSlug: '',
    });
    expect(outputs.endpoints).toEqual(['ecr.api', 'ecr.dkr', 's3', 'logs']);
  });

  it('writes into targetPath and leaves the rest of the workspace alone', async () => {
    const workspacePath = await tempDir('fe-target-');
    await fs.writeFile(path.join(workspacePath, 'keep.txt'), 'x');
    const { outputs } = await runAction(
      createGenerateServiceAction(),
      { ...minimal, targetPath: 'services/payments' },
      workspacePath,
    );
    expect(outputs.catalogInfoPath).toBe('services/payments/catalog-info.yaml');
    expect((await fs.readdir(workspacePath)).sort()).toEqual([
      'keep.txt',
      'services',
    ]);
    expect(
      Object.keys(
        await readTree(path.join(workspacePath, 'services/payments')),
      ),
    ).toContain('ecs.tf');
  });
});
