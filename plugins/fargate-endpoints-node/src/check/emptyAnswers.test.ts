/**
 * A well-formed empty answer to an optional list is a true answer: a registry with no
 * pull-through cache rules, a VPC with no private hosted zones and no Route 53 Profile, a
 * service without EFS volumes. The report is complete, never "could not check".
 */
import {
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_HUB_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  regionOf,
} from '@fargate-endpoints/aws-sandbox';
import { useExampleSandbox } from '../__testUtils__/exampleSandbox';
import { createAwsReader } from './reader';
import { runCheck } from './runCheck';

const { sandbox, clients } = useExampleSandbox();

describe('empty answers to optional lists', () => {
  it('is complete and ready with no cache rules, no zones and no Profiles anywhere', async () => {
    const world = createExampleWorld();
    for (const account of [EXAMPLE_ACCOUNT_ID, EXAMPLE_HUB_ACCOUNT_ID]) {
      const region = regionOf(world, account, EXAMPLE_REGION);
      region.pullThroughCacheRules = [];
      region.route53Profiles = [];
      world.accounts[account].hostedZones = [];
    }
    sandbox.world = world;
    const report = await runCheck(createAwsReader(clients()), {
      kind: 'ecs-service',
      serviceArn: EXAMPLE_SERVICES['payments-api'].serviceArn,
    });
    expect(report.unknown).toEqual([]);
    expect(report).toMatchObject({ verdict: 'ready', complete: true });
    expect(report.missingPermissions).toBeUndefined();
  });
});
