/**
 * Findings that say what is missing where, through the real SDK against the sandbox: a shared
 * endpoints setup whose zones answer some of a service's names and not another names the zones
 * that lack it; VPC DNS turned off names each need it breaks, EFS mounts included.
 */
import {
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_HUB_ACCESS_KEY_ID,
  EXAMPLE_HUB_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  regionOf,
  type SandboxWorld,
} from '@fargate-endpoints/aws-sandbox';
import { useExampleSandbox } from '../__testUtils__/exampleSandbox';
import { createAwsClients, destroyAwsClients } from '../aws/clients';
import { createAwsReader } from './reader';
import { runCheck } from './runCheck';

const { sandbox, clients } = useExampleSandbox();

const check = (serviceArn: string) =>
  runCheck(createAwsReader(clients()), { kind: 'ecs-service', serviceArn });

function changed(change: (world: SandboxWorld) => void) {
  const world = createExampleWorld();
  change(world);
  sandbox.world = world;
}

const vpcOf = (world: SandboxWorld, vpcId: string) =>
  regionOf(world, EXAMPLE_ACCOUNT_ID, EXAMPLE_REGION).vpcs.find(
    v => v.id === vpcId,
  )!;

describe('what is missing where', () => {
  it('names the zones that serve the other names when none answers logs', async () => {
    const inventory = EXAMPLE_SERVICES['inventory-api'];
    changed(world => {
      const account = world.accounts[EXAMPLE_ACCOUNT_ID];
      account.hostedZones = account.hostedZones!.filter(
        z => z.name !== `logs.${EXAMPLE_REGION}.amazonaws.com`,
      );
    });
    const report = await check(inventory.serviceArn);
    const logs = report.findings.find(
      f => f.rule === 'missing-endpoint' && f.service === 'logs',
    )!;
    expect(logs.severity).toBe('error');
    expect(logs.message).toMatch(
      /come through api\.ecr\.eu-west-1\.amazonaws\.com \(Z[0-9A-F]+\), dkr\.ecr\.eu-west-1\.amazonaws\.com \(Z[0-9A-F]+\), and none of them answers logs\.eu-west-1\.amazonaws\.com: no private hosted zone for it is associated with this VPC/,
    );
    expect(logs.message).toContain(
      `add a zone logs.eu-west-1.amazonaws.com aliased to the hub's logs endpoint and associate it with ${inventory.vpcId}`,
    );
  });

  it('names the Route 53 Profile that carries the other zones but not this one', async () => {
    const analytics = EXAMPLE_SERVICES['analytics-api'];
    changed(world => {
      // The ECR API zone was associated directly; the logs zone comes through the Profile.
      const hubAccount = world.accounts[EXAMPLE_HUB_ACCOUNT_ID];
      hubAccount.hostedZones = hubAccount.hostedZones!.filter(
        z => !z.name.startsWith('api.ecr.'),
      );
    });
    // With the hub role: without it, the Profile's zones are unnamed and might answer anything.
    const hub = createAwsClients({
      region: EXAMPLE_REGION,
      credentials: {
        accessKeyId: EXAMPLE_HUB_ACCESS_KEY_ID,
        secretAccessKey: 'sandbox',
      },
      maxAttempts: 2,
      retryBaseDelayMs: 1,
    });
    const report = await runCheck(
      createAwsReader(clients(), { accountId: EXAMPLE_ACCOUNT_ID }),
      { kind: 'ecs-service', serviceArn: analytics.serviceArn },
      {
        hub: {
          accountId: EXAMPLE_HUB_ACCOUNT_ID,
          reader: createAwsReader(hub, { accountId: EXAMPLE_HUB_ACCOUNT_ID }),
        },
      },
    ).finally(() => destroyAwsClients(hub));
    const api = report.findings.find(
      f => f.rule === 'missing-endpoint' && f.service === 'ecr.api',
    )!;
    expect(api.message).toMatch(/through Route 53 Profile rp-[0-9a-f]+/);
    expect(api.message).toMatch(
      /none of them answers api\.ecr\.eu-west-1\.amazonaws\.com: neither a zone associated with this VPC nor Route 53 Profile rp-[0-9a-f]+ carries one for it/,
    );
  });

  it('names each need VPC DNS being off breaks, and the EFS mount by its DNS name', async () => {
    const media = EXAMPLE_SERVICES['media-worker'];
    changed(world => {
      vpcOf(world, media.vpcId).enableDnsHostnames = false;
    });
    const report = await check(media.serviceArn);
    const dns = report.findings.find(f => f.rule === 'vpc-dns-disabled')!;
    expect(dns.message).toContain(
      'it breaks ecr (private DNS of api.ecr.eu-west-1.amazonaws.com, <account>.dkr.ecr.eu-west-1.amazonaws.com); logs (private DNS of logs.eu-west-1.amazonaws.com); the EFS volume fs-',
    );
    expect(dns.message).toMatch(
      /mounted by its DNS name fs-[0-9a-f]+\.efs\.eu-west-1\.amazonaws\.com/,
    );
  });
});
