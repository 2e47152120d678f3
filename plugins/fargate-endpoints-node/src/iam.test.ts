/**
 * The IAM policy the READMEs print is exactly what a check (and a plan's impact) calls: run
 * checks of every kind and an impact against the sandbox through the real SDK, collect the
 * actions, compare.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_REGION,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_HUB_ACCOUNT_ID,
  EXAMPLE_SERVICES,
  registerSandboxTestHooks,
  shareZonesThroughProfile,
} from '@fargate-endpoints/aws-sandbox';
import { createAwsClients, destroyAwsClients } from './aws/clients';
import { createAwsReader } from './check/reader';
import { runCheck } from './check/runCheck';
import {
  CHECKER_IAM_ACTIONS,
  checkerIamPolicy,
  IMPACT_IAM_ACTIONS,
} from './iam';
import { assessPlanImpact } from './impact/assessPlanImpact';
import { planDocument, resourceChange } from './__testUtils__/terraformPlans';

const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, { world: createExampleWorld });

/** JSON blocks of a README that look like an IAM policy. */
function policiesIn(readme: string): unknown[] {
  return [...readme.matchAll(/```json\n([\s\S]*?)\n```/g)]
    .map(m => JSON.parse(m[1]))
    .filter(doc => doc?.Statement);
}

describe('the checker IAM policy', () => {
  it('lists exactly the actions the checks call', async () => {
    const clients = createAwsClients({
      region: EXAMPLE_REGION,
      credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
    });
    try {
      const reader = createAwsReader(clients);
      for (const service of Object.values(EXAMPLE_SERVICES)) {
        await runCheck(reader, {
          kind: 'ecs-service',
          serviceArn: service.serviceArn,
        });
        await runCheck(reader, {
          kind: 'network',
          input: {
            region: EXAMPLE_REGION,
            vpcId: service.vpcId,
            subnetIds: service.subnetIds,
            securityGroupIds: service.securityGroupIds,
            needs: ['ecr', 'logs'],
          },
        });
      }
      // Shared endpoints whose zones come through a Route 53 Profile.
      const world = createExampleWorld();
      const analytics = EXAMPLE_SERVICES['analytics-api'];
      shareZonesThroughProfile(world, {
        hubAccountId: EXAMPLE_HUB_ACCOUNT_ID,
        spokeAccountId: EXAMPLE_ACCOUNT_ID,
        region: EXAMPLE_REGION,
        spokeVpcId: analytics.vpcId,
      });
      sandbox.world = world;
      await runCheck(reader, {
        kind: 'ecs-service',
        serviceArn: analytics.serviceArn,
      });
      // A plan's impact: the services of the VPC a plan touches.
      await assessPlanImpact(
        planDocument([
          resourceChange('aws_vpc.payments', 'update', {
            before: { id: EXAMPLE_SERVICES['payments-api'].vpcId },
          }),
        ]),
        reader,
      );
    } finally {
      destroyAwsClients(clients);
    }
    const called = [
      ...new Set(
        sandbox.calls.map(
          c =>
            `${c.service === 'efs' ? 'elasticfilesystem' : c.service}:${
              c.action
            }`,
        ),
      ),
    ].sort();
    expect(called).toEqual(
      [...CHECKER_IAM_ACTIONS, ...IMPACT_IAM_ACTIONS].sort(),
    );
  });

  it.each([
    '../README.md',
    '../../fargate-endpoints-backend/README.md',
    '../../../packages/cli/README.md',
  ])('is the one %s prints', file => {
    const readme = fs.readFileSync(path.resolve(__dirname, file), 'utf8');
    expect(policiesIn(readme)).toEqual([checkerIamPolicy()]);
  });
});
