/**
 * China and GovCloud VPCs and platform version 1.3.0 services, read through the real SDK
 * from the sandbox and judged by the one check pipeline.
 */
import {
  addToWorld,
  AwsSandbox,
  ecrImage,
  ecsService,
  isolatedVpc,
  registerSandboxTestHooks,
  sandboxWorld,
  withoutEndpoint,
} from '@fargate-endpoints/aws-sandbox';
import { createAwsClients, destroyAwsClients } from '../aws/clients';
import { createAwsReader } from './reader';
import { runCheck } from './runCheck';

const ACCOUNT = '333333333333';

function worldWith(
  region: string,
  options: { dropEcrApi?: boolean; platformVersion?: string } = {},
) {
  let vpc = isolatedVpc({
    name: `shop-${region}`,
    region,
    cidrBlock: '10.40.0.0/16',
    interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs'],
    s3Gateway: 'task-route-table',
  });
  if (options.dropEcrApi) vpc = withoutEndpoint(vpc, 'ecr.api');
  const fixture = ecsService({
    region,
    accountId: ACCOUNT,
    serviceName: 'api',
    clusterName: 'shop',
    vpc,
    image: ecrImage(ACCOUNT, region, 'api'),
    platformVersion: options.platformVersion,
  });
  const world = addToWorld(
    sandboxWorld({ defaultAccountId: ACCOUNT }),
    { region, accountId: ACCOUNT },
    { vpcs: [vpc], services: [fixture] },
  );
  return { world, fixture };
}

const sandbox = new AwsSandbox(sandboxWorld());
registerSandboxTestHooks(sandbox);

async function check(region: string, serviceArn: string) {
  const clients = createAwsClients({
    region,
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
    requestTimeoutMs: 2000,
  });
  try {
    return await runCheck(createAwsReader(clients), {
      kind: 'ecs-service',
      serviceArn,
    });
  } finally {
    destroyAwsClients(clients);
  }
}

describe('partitions', () => {
  it.each(['cn-north-1', 'cn-northwest-1', 'us-gov-west-1'])(
    'judges a healthy isolated VPC in %s ready, its endpoints named as AWS names them there',
    async region => {
      const { world, fixture } = worldWith(region);
      sandbox.world = world;
      expect(fixture.serviceArn).toMatch(
        region.startsWith('cn-') ? /^arn:aws-cn:/ : /^arn:aws-us-gov:/,
      );
      const report = await check(region, fixture.serviceArn);
      expect({
        verdict: report.verdict,
        errors: report.findings.filter(f => f.severity === 'error'),
        unknown: report.unknown,
      }).toEqual({ verdict: 'ready', errors: [], unknown: [] });
      const ecrApi = report.endpoints.find(e => e.service === 'ecr.api')!;
      expect(ecrApi.serviceName).toBe(
        region.startsWith('cn-')
          ? `cn.com.amazonaws.${region}.ecr.api`
          : `com.amazonaws.${region}.ecr.api`,
      );
      expect(ecrApi.endpointId).toMatch(/^vpce-/);
    },
  );

  it('names the China hostname in the finding when ecr.api is missing', async () => {
    const { world, fixture } = worldWith('cn-north-1', { dropEcrApi: true });
    sandbox.world = world;
    const report = await check('cn-north-1', fixture.serviceArn);
    const missing = report.findings.find(f => f.rule === 'missing-endpoint')!;
    expect(missing.service).toBe('ecr.api');
    expect(missing.message).toContain('cn.com.amazonaws.cn-north-1.ecr.api');
    expect(missing.message).toContain('api.ecr.cn-north-1.amazonaws.com.cn');
  });
});

describe('Fargate platform version 1.3.0', () => {
  it('needs no ecr.api endpoint', async () => {
    const { world, fixture } = worldWith('eu-west-1', {
      dropEcrApi: true,
      platformVersion: '1.3.0',
    });
    sandbox.world = world;
    const report = await check('eu-west-1', fixture.serviceArn);
    expect(report.target.platformVersion).toBe('1.3.0');
    expect(report.verdict).toBe('ready');
    expect(report.endpoints.map(e => e.service)).not.toContain('ecr.api');
  });

  it('still needs it on LATEST', async () => {
    const { world, fixture } = worldWith('eu-west-1', { dropEcrApi: true });
    sandbox.world = world;
    const report = await check('eu-west-1', fixture.serviceArn);
    expect(report.findings.map(f => `${f.rule} ${f.service}`)).toContain(
      'missing-endpoint ecr.api',
    );
  });
});
