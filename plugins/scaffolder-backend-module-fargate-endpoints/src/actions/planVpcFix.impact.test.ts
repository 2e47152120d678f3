/**
 * The fix template's own plan, judged by `fargate-endpoints impact` before it is applied:
 * the Terraform the action writes for orders-worker's VPC, as `terraform show -json` would
 * write its plan (every resource created, ids known only after apply), against the sandbox's
 * example world. It must make orders-worker ready and break no service.
 */
import { ConfigReader } from '@backstage/config';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  registerSandboxTestHooks,
} from '@fargate-endpoints/aws-sandbox';
import {
  assessPlanImpact,
  AwsAccountAccess,
  createAwsClients,
  createAwsReader,
  destroyAwsClients,
  formatImpactMarkdown,
  type VpcSnapshot,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { parseTerraform } from '../__testUtils__/terraform';
import { evaluatorFor, type World } from '../__testUtils__/terraformModel';
import { planOfCreate } from '../__testUtils__/terraformPlanJson';
import { readTree, runAction } from '../__testUtils__/workspace';
import { createAwsEndpointLookup } from '../service/endpointLookup';
import { createPlanVpcFixAction } from './planVpcFix';

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, { world: createExampleWorld });
const orders = EXAMPLE_SERVICES['orders-worker'];

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

jest.setTimeout(60_000);

describe("the fix template's plan, before apply", () => {
  it('makes orders-worker ready and breaks no service', async () => {
    const input = {
      name: 'orders-worker-vpc-endpoints',
      region: EXAMPLE_REGION,
      accountId: EXAMPLE_ACCOUNT_ID,
      vpcId: orders.vpcId,
      subnetIds: orders.subnetIds,
      securityGroupIds: orders.securityGroupIds,
      needs: orders.needs,
      entityRef: 'component:default/orders-worker',
    };
    const { workspacePath } = await runAction(
      createPlanVpcFixAction({ endpointLookup: lookup }),
      input,
    );
    const files = await readTree(workspacePath);
    const config = await parseTerraform(
      Object.fromEntries(
        Object.entries(files).filter(([path]) => path.endsWith('.tf')),
      ),
    );
    const before = await lookup({
      region: EXAMPLE_REGION,
      accountId: EXAMPLE_ACCOUNT_ID,
      vpcId: orders.vpcId,
    });
    const plan = await planOfCreate(
      config,
      evaluatorFor(config, worldOf(before)),
    );

    const clients = createAwsClients({
      region: EXAMPLE_REGION,
      credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
      maxAttempts: 2,
      retryBaseDelayMs: 1,
    });
    try {
      const impact = await assessPlanImpact(
        plan,
        createAwsReader(clients, { accountId: EXAMPLE_ACCOUNT_ID }),
      );
      expect(impact.planUnknowns).toEqual([]);
      expect(impact.verdict).toBe('safe');
      expect(
        impact.services.map(s => [s.serviceName, s.before, s.after, s.outcome]),
      ).toEqual([['orders-worker', 'not-ready', 'ready', 'fixes']]);
      expect(formatImpactMarkdown(impact)).toContain(
        '**Ready after apply** (not ready now): `orders-worker`.',
      );
    } finally {
      destroyAwsClients(clients);
    }
  });
});
