/**
 * The fix action against the sandbox's example world, read through the engine's real reader
 * (the SDK over msw): orders-worker's VPC misses ecr.api and has its S3 gateway on the main
 * route table only. The generated Terraform must parse, be fmt-clean and schema-valid, and,
 * applied to that VPC, leave a network the engine calls ready.
 */
import { ConfigReader } from '@backstage/config';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { format } from '@cdktf/hcl-tools';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  registerSandboxTestHooks,
} from '@fargate-endpoints/aws-sandbox';
import {
  endpointRequirements,
  endpointServiceName,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  AwsAccountAccess,
  evaluateService,
  networkServiceSpec,
  type VpcSnapshot,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import fs from 'node:fs/promises';
import yaml from 'yaml';
import { runDeployStep } from '../__testUtils__/ciSteps';
import { CHECK_ACTION } from '../render/ciWorkflow';
import { validateWorkflow } from '@action-validator/core';
import { providerSchema } from '../__testUtils__/providerSchema';
import {
  parseTerraform,
  schemaProblems,
  unresolvedReferences,
} from '../__testUtils__/terraform';
import {
  evaluatorFor,
  snapshotAfterApply,
  type World,
} from '../__testUtils__/terraformModel';
import { readTree, runAction, tempDir } from '../__testUtils__/workspace';
import {
  EXISTING,
  existingVpcWorld,
  snapshotOfWorld,
} from '../__testUtils__/worlds';
import { createAwsEndpointLookup } from '../service/endpointLookup';
import { createPlanVpcFixAction } from './planVpcFix';
import { examples } from './planVpcFix.examples';

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, { world: createExampleWorld });

const orders = EXAMPLE_SERVICES['orders-worker'];
const payments = EXAMPLE_SERVICES['payments-api'];

const lookup = createAwsEndpointLookup(
  AwsAccountAccess.fromConfig(
    new ConfigReader({
      aws: {
        mainAccount: {
          accessKeyId: 'AKIAEXAMPLEMAIN00001',
          secretAccessKey: 'not-a-secret',
        },
      },
      fargateEndpoints: { allowedAccountIds: [EXAMPLE_ACCOUNT_ID] },
    }),
  ),
);
const action = createPlanVpcFixAction({ endpointLookup: lookup });

/** The input the card pre-fills for an example service. */
function inputFor(service: typeof orders) {
  return {
    name: `${service.serviceName}-vpc-endpoints`,
    region: EXAMPLE_REGION,
    accountId: EXAMPLE_ACCOUNT_ID,
    vpcId: service.vpcId,
    subnetIds: service.subnetIds,
    securityGroupIds: service.securityGroupIds,
    needs: service.needs,
    entityRef: `component:default/${service.serviceName}`,
  };
}

/** The VPC before apply, as the Terraform model takes it. */
function worldOf(snapshot: VpcSnapshot): World {
  return JSON.parse(
    JSON.stringify({
      region: snapshot.region,
      accountId: snapshot.accountId ?? EXAMPLE_ACCOUNT_ID,
      vpc: {
        id: snapshot.vpcId,
        cidrBlock: snapshot.cidrBlocks[0],
        enableDnsSupport: snapshot.enableDnsSupport,
        enableDnsHostnames: snapshot.enableDnsHostnames,
      },
      subnets: snapshot.subnets,
      routeTables: snapshot.routeTables,
      endpoints: snapshot.endpoints,
      securityGroups: snapshot.securityGroups,
      networkAcls: snapshot.networkAcls,
    }),
  );
}

function terraformOf(files: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(files).filter(([p]) => p.endsWith('.tf')),
  );
}

/** Applies the Terraform to the VPC as it was read and judges the result with the engine. */
async function applyAndJudge(
  input: ReturnType<typeof inputFor>,
  terraform: Record<string, string>,
) {
  const before = await lookup({
    region: input.region,
    accountId: input.accountId,
    vpcId: input.vpcId,
  });
  const world = worldOf(before);
  const ev = evaluatorFor(await parseTerraform(terraform), world);
  expect(await ev.failedValidations()).toEqual([]);
  const after = await snapshotAfterApply(ev, world);
  const spec = networkServiceSpec(input);
  return { before, after, spec, report: evaluateService(after, spec) };
}

jest.setTimeout(60_000);

describe('fargate-endpoints:vpc:plan-fix', () => {
  describe("orders-worker's VPC (ecr.api missing, S3 gateway on the wrong route table)", () => {
    it('is what the example runs', () => {
      const { input } = yaml.parse(examples[0].example).steps[0];
      expect(input).toEqual(inputFor(orders));
    });

    it('adds ecr.api, puts the S3 gateway on the task route table, and says which finding each fixes', async () => {
      const { workspacePath, outputs } = await runAction(
        action,
        inputFor(orders),
      );
      const files = await readTree(workspacePath);
      expect(Object.keys(files).sort()).toEqual([
        '.github/workflows/ci.yml',
        '.gitignore',
        'README.md',
        'endpoints.tf',
        'outputs.tf',
        'variables.tf',
        'versions.tf',
      ]);
      expect(outputs.endpoints).toEqual(['ecr.api']);
      const before = await lookup({
        region: EXAMPLE_REGION,
        accountId: EXAMPLE_ACCOUNT_ID,
        vpcId: orders.vpcId,
      });
      const taskTable = before.routeTables.find(t =>
        t.subnetIds.includes(orders.subnetIds[0]),
      )!;
      expect(outputs.routeTableAssociations).toEqual([taskTable.id]);
      expect(outputs.fixedFindings).toEqual(
        expect.arrayContaining(['missing-endpoint', 's3-route-table-missing']),
      );
      expect(outputs.blockers).toEqual([]);
      expect(outputs.securityGroupRules).toEqual([
        'ingress:orders-worker-vpc-endpoints:ecr.api',
        `egress:${orders.securityGroupIds[0]}:ecr.api`,
      ]);
      expect(outputs.changeCount).toBeGreaterThanOrEqual(2);
      expect(outputs.summary).toContain('creates ecr.api');
      expect(outputs.summary).toContain(taskTable.id);
      expect(outputs.monthlyCost).toBeGreaterThan(0);

      const readme = files['README.md'];
      expect(readme).toContain(
        `Create the interface endpoint \`${endpointServiceName(
          EXAMPLE_REGION,
          'ecr.api',
        )}\``,
      );
      expect(readme).toContain('Fixes **missing-endpoint**');
      expect(readme).toContain(
        `Fixes **s3-route-table-missing** on \`${taskTable.id}\``,
      );
      expect(readme).toContain(`--vpc ${orders.vpcId}`);
    });

    it('writes Terraform that parses, is fmt-clean and valid against the provider schema', async () => {
      const { workspacePath } = await runAction(action, inputFor(orders));
      const terraform = terraformOf(await readTree(workspacePath));
      const config = await parseTerraform(terraform);
      expect(await unresolvedReferences(config)).toEqual([]);
      expect(await schemaProblems(config, providerSchema())).toEqual([]);
      for (const [name, content] of Object.entries(terraform))
        expect({ name, content: await format(content) }).toEqual({
          name,
          content,
        });
    });

    it('applied to the VPC, leaves a network the engine calls ready: none missing, none duplicated', async () => {
      const input = inputFor(orders);
      const { workspacePath } = await runAction(action, input);
      const terraform = terraformOf(await readTree(workspacePath));
      const { before, after, spec, report } = await applyAndJudge(
        input,
        terraform,
      );

      // Before: the errors the card shows.
      expect(
        evaluateService(before, spec)
          .findings.filter(f => f.severity === 'error')
          .map(f => f.rule)
          .sort(),
      ).toEqual(
        expect.arrayContaining(['missing-endpoint', 's3-route-table-missing']),
      );
      // After: ready.
      expect({
        errors: report.findings.filter(f => f.severity === 'error'),
        unknown: report.unknown,
        verdict: report.verdict,
      }).toEqual({ errors: [], unknown: [], verdict: 'ready' });
      for (const requirement of endpointRequirements(spec.needs)) {
        const name = endpointServiceName(EXAMPLE_REGION, requirement.service);
        expect({
          name,
          count: after.endpoints.filter(e => e.serviceName === name).length,
        }).toEqual({ name, count: 1 });
      }
      // Only ecr.api is new; the existing endpoints stay as they were.
      expect(after.endpoints.length - before.endpoints.length).toBe(1);
    });

    it('the engine is not fooled: without the route table association it still reports s3-route-table-missing', async () => {
      const input = inputFor(orders);
      const { workspacePath } = await runAction(action, input);
      const terraform = terraformOf(await readTree(workspacePath));
      terraform['endpoints.tf'] = terraform['endpoints.tf'].replace(
        /resource "aws_vpc_endpoint_route_table_association"[\s\S]*?\n}\n/,
        '',
      );
      const { report } = await applyAndJudge(input, terraform);
      expect(
        report.findings.filter(f => f.severity === 'error').map(f => f.rule),
      ).toEqual(['s3-route-table-missing']);
    });

    it("its CI gate is the check action, fed the fix's network from the Terraform outputs", async () => {
      const { workspacePath } = await runAction(action, inputFor(orders));
      const source = await fs.readFile(
        `${workspacePath}/.github/workflows/ci.yml`,
        'utf8',
      );
      expect(validateWorkflow(source).errors).toEqual([]);
      const doc = yaml.parse(source);
      const gate = doc.jobs.deploy.steps.find(
        (s: any) => s.name === 'Gate - the network lets Fargate tasks start',
      );
      expect(gate.uses).toBe(CHECK_ACTION);
      expect(gate.with).toMatchObject({
        vpc: '${{ steps.network.outputs.vpc }}',
        subnets: '${{ steps.network.outputs.subnets }}',
        'security-groups': '${{ steps.network.outputs.security-groups }}',
        'report-file': 'network-check.json',
      });
      const reader = doc.jobs.deploy.steps.find((s: any) => s.id === 'network');
      const { status, outputs } = runDeployStep(doc, reader.name, 0);
      expect(status).toBe(0);
      expect(outputs).toEqual({
        vpc: 'fake-vpc_id',
        subnets: 'fake-task_subnet_ids',
        'security-groups': 'fake-task_security_group_ids',
      });
      expect(
        runDeployStep(doc, reader.name, 0, { terraformExit: 1 }).status,
      ).not.toBe(0);
    });
  });

  describe.each(['eu-west-1', 'cn-north-1', 'us-gov-west-1'])(
    'a VPC whose shared endpoint group admits nobody and whose task group has no egress, in %s',
    region => {
      const TASK_GROUP = 'sg-0d0d0d0d0d0d0d0d0';
      function world(): World {
        const w = existingVpcWorld(region);
        w.securityGroups.push({
          id: TASK_GROUP,
          name: 'tasks',
          ingress: [],
          egress: [],
        });
        return w;
      }
      const input = {
        name: 'svc-vpc-endpoints',
        region,
        accountId: '123456789012',
        vpcId: EXISTING.vpcId,
        subnetIds: [EXISTING.subnetA, EXISTING.subnetB],
        securityGroupIds: [TASK_GROUP],
        needs: ['ecr', 'logs', 'secretsmanager'],
      };

      it('opens the existing groups, adds logs and secretsmanager and the missing association; applied, the engine calls it ready', async () => {
        const w = world();
        const fixWith = createPlanVpcFixAction({
          endpointLookup: async () => snapshotOfWorld(w),
        });
        const { workspacePath, outputs } = await runAction(fixWith, input);
        expect(outputs.endpoints.sort()).toEqual(['logs', 'secretsmanager']);
        expect(outputs.routeTableAssociations).toEqual([
          EXISTING.explicitTable,
        ]);
        expect(outputs.securityGroupRules).toEqual(
          expect.arrayContaining([
            `ingress:${EXISTING.sharedEndpointSg}:ecr.api`,
            `egress:${TASK_GROUP}:s3`,
          ]),
        );
        expect(outputs.fixedFindings).toEqual(
          expect.arrayContaining([
            'missing-endpoint',
            's3-route-table-missing',
            'endpoint-sg-blocks-tasks',
            'task-egress-blocked',
          ]),
        );

        const terraform = terraformOf(await readTree(workspacePath));
        const config = await parseTerraform(terraform);
        expect(await unresolvedReferences(config)).toEqual([]);
        expect(await schemaProblems(config, providerSchema())).toEqual([]);
        for (const [name, content] of Object.entries(terraform))
          expect({ name, content: await format(content) }).toEqual({
            name,
            content,
          });

        const ev = evaluatorFor(config, w);
        expect(await ev.failedValidations()).toEqual([]);
        const after = await snapshotAfterApply(ev, w);
        const spec = networkServiceSpec(input);
        const report = evaluateService(after, spec);
        expect({
          errors: report.findings.filter(f => f.severity === 'error'),
          unknown: report.unknown,
        }).toEqual({ errors: [], unknown: [] });
        for (const requirement of endpointRequirements(spec.needs)) {
          const name = endpointServiceName(region, requirement.service);
          expect({
            name,
            count: after.endpoints.filter(e => e.serviceName === name).length,
          }).toEqual({ name, count: 1 });
        }
      });
    },
  );

  it('writes what it can and lists what it cannot fix (an endpoint with private DNS off) with its manual fix', async () => {
    const w = existingVpcWorld();
    w.endpoints.find(e => e.id === 'vpce-0ecrapi00000000a')!.privateDnsEnabled =
      false;
    w.securityGroups.push({
      id: 'sg-0d0d0d0d0d0d0d0d0',
      name: 'tasks',
      ingress: [],
      egress: [
        {
          protocol: '-1',
          cidrBlocks: ['0.0.0.0/0'],
          ipv6CidrBlocks: [],
          prefixListIds: [],
          groupIds: [],
        },
      ],
    });
    const fixWith = createPlanVpcFixAction({
      endpointLookup: async () => snapshotOfWorld(w),
    });
    const { workspacePath, outputs } = await runAction(fixWith, {
      name: 'svc-vpc-endpoints',
      region: 'eu-west-1',
      vpcId: EXISTING.vpcId,
      subnetIds: [EXISTING.subnetA, EXISTING.subnetB],
      securityGroupIds: ['sg-0d0d0d0d0d0d0d0d0'],
      needs: ['ecr', 'logs'],
    });
    expect(outputs.endpoints).toEqual(['logs']);
    expect(outputs.blockers).toEqual([
      expect.stringMatching(/^\[private-dns-disabled\] .* Fix: /),
    ]);
    expect(outputs.summary).toContain(
      '1 problem needs a manual fix: private-dns-disabled',
    );
    const readme = (await readTree(workspacePath))['README.md'];
    expect(readme).toContain('## Not fixed by this change');
    expect(readme).toContain('- **private-dns-disabled**: ');
  });

  it("says there is nothing to change for payments-api's VPC, and writes nothing", async () => {
    const { workspacePath, outputs } = await runAction(
      action,
      inputFor(payments),
    );
    expect(outputs.changeCount).toBe(0);
    expect(outputs.summary).toMatch(/^Nothing to change: /);
    expect(outputs.endpoints).toEqual([]);
    expect(await readTree(workspacePath)).toEqual({});
  });

  describe('rejects bad input, naming the field and the fix, before writing anything', () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['a name with capitals', { name: 'Orders' }, /^name: .*lowercase/],
      [
        'a malformed VPC id',
        { vpcId: 'vpc-xyz' },
        /^vpcId: .*vpc-0a1b2c3d4e5f60718/,
      ],
      ['no subnets', { subnetIds: [] }, /^subnetIds: give at least one subnet/],
      [
        'a malformed security group',
        { securityGroupIds: ['sg1'] },
        /^securityGroupIds: /,
      ],
      ['no needs', { needs: [] }, /^needs: give at least one need/],
      ['a malformed need', { needs: ['ecr', 'Secrets Manager'] }, /^needs: /],
      ['an unknown region', { region: 'eu-west-9' }, /^region: /],
      ['a malformed account', { accountId: '1234' }, /^accountId: .*12-digit/],
      [
        'an account config does not allow',
        { accountId: '999999999999' },
        /^accountId: /,
      ],
      [
        'a VPC that does not exist',
        { vpcId: 'vpc-0123456789abcdef0' },
        /^vpcId: vpc-0123456789abcdef0 does not exist in eu-west-1/,
      ],
      [
        'a subnet of another VPC',
        { subnetIds: payments.subnetIds },
        /^subnetIds: .* not in vpc-/,
      ],
      [
        'a security group of another VPC',
        { securityGroupIds: payments.securityGroupIds },
        /^securityGroupIds: .* not in vpc-/,
      ],
      ['a bad entity ref', { entityRef: 'not a ref' }, /^entityRef: /],
      [
        'a target outside the workspace',
        { targetPath: '../elsewhere' },
        /^targetPath: /,
      ],
    ];
    it.each(cases)('%s', async (_, change, message) => {
      const input = { ...inputFor(orders), ...change };
      const run = runAction(action, input);
      await expect(run).rejects.toThrow(InputError);
      await expect(runAction(action, input)).rejects.toThrow(message);
    });
  });

  it('refuses to plan without the endpoints it could not read, and writes nothing', async () => {
    sandbox.setFaults([
      { action: 'DescribeVpcEndpoints', kind: 'access-denied' },
    ]);
    const workspace = await tempDir('fe-fix-');
    await expect(
      runAction(action, inputFor(orders), workspace),
    ).rejects.toThrow(ServiceUnavailableError);
    await expect(
      runAction(action, inputFor(orders), workspace),
    ).rejects.toThrow(
      /endpoints \(DescribeVpcEndpoints: .*nothing was written/,
    );
    expect(await readTree(workspace)).toEqual({});
  });
});
