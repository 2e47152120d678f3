/**
 * The hub wiring the backend and the CLI share: credentials of the hub account from the
 * `aws` integration config (a role assumed through the sandbox's STS), a hub reader for a
 * check of a spoke, and the reason when the hub's credentials cannot be had.
 */
import { ConfigReader } from '@backstage/config';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_HUB_ACCOUNT_ID,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  registerSandboxTestHooks,
} from '@fargate-endpoints/aws-sandbox';
import type { CheckReport } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  AwsClients,
  createAwsClients,
  destroyAwsClients,
} from '../aws/clients';
import { createAwsReader } from '../check/reader';
import { runCheck, RunCheckOptions } from '../check/runCheck';
import { AwsAccountAccess, AwsAccountAccessOptions } from './AwsAccountAccess';

const analytics = EXAMPLE_SERVICES['analytics-api'];
const sandbox = new AwsSandbox(createExampleWorld());
registerSandboxTestHooks(sandbox, { world: createExampleWorld });

const clientOptions = {
  region: EXAMPLE_REGION,
  maxAttempts: 2,
  requestTimeoutMs: 400,
  retryBaseDelayMs: 1,
};
const opened: AwsClients[] = [];
afterEach(() => {
  for (const clients of opened.splice(0)) destroyAwsClients(clients);
});

/** Plain readers over fast-failing clients, with the credentials the access hands over. */
const readerFactory: AwsAccountAccessOptions['readerFactory'] = options => {
  const clients = createAwsClients({
    ...clientOptions,
    region: options.region,
    credentials: options.credentials,
  });
  opened.push(clients);
  return createAwsReader(clients, { accountId: options.accountId });
};

/** The backend's config: the sandbox keys as the main account, a role in the hub. */
function configuredAccess(hub: boolean = true) {
  return AwsAccountAccess.fromConfig(
    new ConfigReader({
      aws: {
        mainAccount: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
        accounts: [
          {
            accountId: EXAMPLE_HUB_ACCOUNT_ID,
            roleName: 'fargate-endpoints-reader',
            region: EXAMPLE_REGION,
          },
        ],
      },
      fargateEndpoints: hub
        ? { hub: { accountId: EXAMPLE_HUB_ACCOUNT_ID } }
        : {},
    }),
    { readerFactory },
  );
}

function checkAnalytics(hub: RunCheckOptions['hub']): Promise<CheckReport> {
  const spoke = createAwsClients({
    ...clientOptions,
    credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' },
  });
  opened.push(spoke);
  return runCheck(
    createAwsReader(spoke, { accountId: EXAMPLE_ACCOUNT_ID }),
    { kind: 'ecs-service', serviceArn: analytics.serviceArn },
    { hub },
  );
}

describe('AwsAccountAccess.hubFor', () => {
  it('gives a spoke check a reader as the hub, through the role config names', async () => {
    const hub = await configuredAccess().hubFor({
      accountId: EXAMPLE_ACCOUNT_ID,
      region: EXAMPLE_REGION,
    });
    expect(hub?.accountId).toBe(EXAMPLE_HUB_ACCOUNT_ID);

    const report = await checkAnalytics(hub);

    expect(report.verdict).toBe('ready');
    expect(
      sandbox.countCalls({ service: 'sts', action: 'AssumeRole' }),
    ).toBeGreaterThan(0);
    expect(
      sandbox.countCalls({
        action: 'DescribeVpcEndpoints',
        accountId: EXAMPLE_HUB_ACCOUNT_ID,
      }),
    ).toBe(1);
  });

  it('gives no hub to a check in the hub account itself, nor without hub config', async () => {
    expect(
      await configuredAccess().hubFor({
        accountId: EXAMPLE_HUB_ACCOUNT_ID,
        region: EXAMPLE_REGION,
      }),
    ).toBeUndefined();
    expect(
      await configuredAccess(false).hubFor({
        accountId: EXAMPLE_ACCOUNT_ID,
        region: EXAMPLE_REGION,
      }),
    ).toBeUndefined();
  });

  it('leaves the hub side unknown, naming the account and STS refusal, when the role cannot be assumed', async () => {
    sandbox.setFaults([
      { service: 'sts', action: 'AssumeRole', kind: 'access-denied' },
    ]);

    const report = await checkAnalytics(
      await configuredAccess().hubFor({
        accountId: EXAMPLE_ACCOUNT_ID,
        region: EXAMPLE_REGION,
      }),
    );

    expect(report.verdict).toBe('unknown');
    expect(report.findings.filter(f => f.severity === 'error')).toEqual([]);
    expect(report.unknown.length).toBeGreaterThan(0);
    for (const unknown of report.unknown) {
      expect(unknown.reason).toMatch(
        /could not get credentials for account 222222222222: AccessDenied: .*sts:AssumeRole/,
      );
    }
  });

  it('leaves the hub side unknown with the reason when the credentials manager has none for the hub', async () => {
    const access = new AwsAccountAccess(
      configuredAccess().settings,
      {
        getCredentialProvider: () =>
          Promise.reject(
            new Error(
              'There is no AWS integration that matches 222222222222. Please add a configuration for this AWS account.',
            ),
          ),
      },
      readerFactory!,
    );

    const report = await checkAnalytics(
      await access.hubFor({
        accountId: EXAMPLE_ACCOUNT_ID,
        region: EXAMPLE_REGION,
      }),
    );

    expect(report.verdict).toBe('unknown');
    expect(report.unknown.length).toBeGreaterThan(0);
    for (const unknown of report.unknown) {
      expect(unknown.reason).toMatch(
        /^Z\w+: could not get credentials for account 222222222222: There is no AWS integration that matches 222222222222\./,
      );
    }
  });
});

describe('AwsAccountAccess.forHub', () => {
  it('reads the hub with a role assumed from the default credentials, as the CLI asks', async () => {
    const saved = { ...process.env };
    process.env.AWS_ACCESS_KEY_ID = 'AKIDSANDBOX';
    process.env.AWS_SECRET_ACCESS_KEY = 'sandbox';
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
    try {
      const access = AwsAccountAccess.forHub(
        {
          accountId: EXAMPLE_HUB_ACCOUNT_ID,
          region: EXAMPLE_REGION,
          roleArn: `arn:aws:iam::${EXAMPLE_HUB_ACCOUNT_ID}:role/platform/fargate-endpoints-reader`,
        },
        { readerFactory },
      );
      const report = await checkAnalytics(
        await access.hubFor({
          accountId: EXAMPLE_ACCOUNT_ID,
          region: EXAMPLE_REGION,
        }),
      );
      expect(report.verdict).toBe('ready');
    } finally {
      process.env = saved;
    }
  });

  it.each([
    [
      { roleArn: 'arn:aws:iam::333333333333:role/reader' },
      'hub.roleArn: the role is in account 333333333333, not in the hub account 222222222222',
    ],
    [
      { roleArn: 'arn:aws:iam::222222222222:user/reader' },
      'hub.roleArn: "arn:aws:iam::222222222222:user/reader" is not an IAM role ARN; expected arn:<partition>:iam::<account>:role/<name>',
    ],
    [{ profile: ' ' }, 'hub.profile: name a profile'],
  ])('rejects %j before any AWS call', (credentials, message) => {
    expect(() =>
      AwsAccountAccess.forHub({
        accountId: EXAMPLE_HUB_ACCOUNT_ID,
        region: EXAMPLE_REGION,
        ...credentials,
      } as Parameters<typeof AwsAccountAccess.forHub>[0]),
    ).toThrow(message);
    expect(sandbox.calls).toEqual([]);
  });
});
