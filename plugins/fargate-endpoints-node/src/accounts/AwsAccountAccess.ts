/**
 * Which AWS accounts may be read, and one reader per allowed account and region with that
 * account's credentials from Backstage's `aws` integration config. Credentials stay inside
 * the SDK clients: never logged, never returned.
 */
import { ConfigReader, type Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
  type AwsCredentialProvider,
} from '@backstage/integration-aws-node';
import {
  parseIamRoleArnOrProblem,
  validateAccountId,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { AccountCredentialsError } from '../aws/awsErrors';
import { createAwsClients } from '../aws/clients';
import { createActionGroupPacer, createLimiter } from '../aws/limiter';
import { createAwsReader, type AwsReader } from '../check/reader';
import type { RunCheckOptions } from '../check/runCheck';
import { readAwsAccessSettings, type AwsAccessSettings } from './settings';

/**
 * The name of the account used when none is named, in cache keys and reports.
 *
 * @public
 */
export const MAIN_ACCOUNT = 'main';

/**
 * What a reader factory gets: where, as whom, and how to call AWS.
 *
 * @public
 */
export interface AwsReaderFactoryOptions {
  region: string;
  /** The account, when known; undefined means the main account. */
  accountId?: string;
  credentials: AwsCredentialProvider['sdkCredentialProvider'];
  settings: AwsAccessSettings;
}

/**
 * Builds the reader of one account and region.
 *
 * @public
 */
export type AwsReaderFactory = (options: AwsReaderFactoryOptions) => AwsReader;

/**
 * The plain reader over SDK clients, with one concurrency limiter and one pacer shared by
 * every reader the factory builds: one bucket per account, region and action group (EC2
 * Describe*, ECS DescribeServices, ECS tasks, ECS task definitions...), each at
 * `settings.requestRates` (by default 90% of AWS's documented bucket).
 */
export function createPacedReaderFactory(
  settings: AwsAccessSettings,
): AwsReaderFactory {
  const limiter = createLimiter(settings.maxConcurrentReadsPerRegion);
  const pacer = createActionGroupPacer(settings.requestRates);
  return options => {
    const clients = createAwsClients({
      region: options.region,
      accountId: options.accountId,
      credentials: options.credentials,
      maxAttempts: options.settings.maxAttempts,
      requestTimeoutMs: options.settings.requestTimeoutMs,
      retryBaseDelayMs: options.settings.retryBaseDelayMs,
      pacer,
    });
    return createAwsReader(clients, { accountId: options.accountId, limiter });
  };
}

/**
 * Options of {@link AwsAccountAccess.fromConfig}.
 *
 * @public
 */
export interface AwsAccountAccessOptions {
  /** Builds readers; the paced plain reader when omitted. */
  readerFactory?: AwsReaderFactory;
  /** Credentials; `DefaultAwsCredentialsManager.fromConfig(config)` when omitted. */
  credentialsManager?: AwsCredentialsManager;
}

/**
 * The hub account and how to get its credentials, for a checker without Backstage config
 * (the CLI): a role assumed through STS with the default credentials, or a profile of the
 * AWS shared config files (which may itself assume a role, or use SSO).
 *
 * @public
 */
export type HubAccountOptions = {
  accountId: string;
  /** The region checked: STS is called there (aws-cn and aws-us-gov have no global STS). */
  region: string;
} & (
  | { roleArn: string; profile?: never }
  | { profile: string; roleArn?: never }
);

/** The account config of the hub, as `aws.accounts[]` would hold it. */
function hubAccountConfig(hub: HubAccountOptions) {
  const accountProblem = validateAccountId(hub.accountId);
  if (accountProblem) throw new InputError(`hub.accountId: ${accountProblem}`);
  if (hub.profile !== undefined) {
    if (!hub.profile.trim())
      throw new InputError('hub.profile: name a profile');
    return { accountId: hub.accountId, profile: hub.profile };
  }
  const parsed = parseIamRoleArnOrProblem(hub.roleArn);
  if ('problem' in parsed)
    throw new InputError(`hub.roleArn: ${parsed.problem}`);
  if (parsed.arn.accountId !== hub.accountId) {
    throw new InputError(
      `hub.roleArn: the role is in account ${parsed.arn.accountId}, not in the hub account ${hub.accountId}`,
    );
  }
  return {
    accountId: hub.accountId,
    roleName: parsed.arn.roleName,
    partition: parsed.arn.partition,
    region: hub.region,
  };
}

/** A credentials provider whose failure names the account (a role not assumed, a profile not found). */
function accountCredentials(
  accountId: string,
  provider: AwsCredentialProvider['sdkCredentialProvider'],
): AwsCredentialProvider['sdkCredentialProvider'] {
  return async (...args) => {
    try {
      return await provider(...args);
    } catch (error) {
      throw new AccountCredentialsError(accountId, error);
    }
  };
}

/** A reader whose every read fails with the error: the hub's side is unknown, the spoke is still checked. */
function unreadableReader(
  region: string,
  accountId: string,
  error: Error,
): AwsReader {
  const fail = () => Promise.reject(error);
  return {
    region,
    accountId,
    readEcsService: fail,
    resolveSubnetVpcs: fail,
    readVpcSnapshot: fail,
    readHubView: fail,
  };
}

/**
 * The account policy and the readers of the allowed accounts.
 *
 * @public
 */
export class AwsAccountAccess {
  private readonly readers = new Map<string, Promise<AwsReader>>();
  private readonly hubReaders = new Map<string, Promise<AwsReader>>();

  /**
   * The access of a checker that reads the default credentials' account and one hub (the
   * CLI): the same credentials manager and hub wiring as config `aws.accounts[]` plus
   * `fargateEndpoints.hub.accountId` give the backend. Throws InputError for a malformed
   * account or role ARN, or a role outside the hub account, before any AWS call.
   */
  static forHub(
    hub: HubAccountOptions,
    options: AwsAccountAccessOptions = {},
  ): AwsAccountAccess {
    return AwsAccountAccess.fromConfig(
      new ConfigReader({
        aws: { accounts: [hubAccountConfig(hub)] },
        fargateEndpoints: { hub: { accountId: hub.accountId } },
      }),
      options,
    );
  }

  /** The policy and credentials config names (`fargateEndpoints.*`, `aws.*`). */
  static fromConfig(
    config: Config,
    options: AwsAccountAccessOptions = {},
  ): AwsAccountAccess {
    const settings = readAwsAccessSettings(config);
    return new AwsAccountAccess(
      settings,
      options.credentialsManager ??
        DefaultAwsCredentialsManager.fromConfig(config),
      options.readerFactory ?? createPacedReaderFactory(settings),
    );
  }

  constructor(
    readonly settings: AwsAccessSettings,
    private readonly credentialsManager: AwsCredentialsManager,
    private readonly readerFactory: AwsReaderFactory,
  ) {}

  /** Throws NotAllowedError, before any AWS call, for an account config does not allow. */
  assertAllowed(accountId: string | undefined): void {
    if (
      accountId === undefined ||
      this.settings.allowedAccountIds.has(accountId)
    )
      return;
    throw new NotAllowedError(
      `AWS account ${accountId} is not one this Backstage may read; an administrator can add it to ` +
        'aws.accounts (with its credentials or role) or to fargateEndpoints.allowedAccountIds',
    );
  }

  /** The reader of one account (undefined: the main account) and region. */
  reader(accountId: string | undefined, region: string): Promise<AwsReader> {
    this.assertAllowed(accountId);
    const key = `${accountId ?? MAIN_ACCOUNT}:${region}`;
    let reader = this.readers.get(key);
    if (!reader) {
      reader = this.createReader(accountId, region);
      // A failed credentials lookup is not remembered, so a fixed config is picked up.
      reader.catch(() => this.readers.delete(key));
      this.readers.set(key, reader);
    }
    return reader;
  }

  /**
   * The hub of shared endpoints for a check of an account and region, when the settings name
   * a hub and the target is not in it: a reader as the hub account, for `runCheck`'s `hub`.
   * Credentials that cannot be had make every hub read fail with a reason that names the
   * hub account, so its side is unknown with that reason and the spoke is still checked.
   */
  async hubFor(target: {
    accountId?: string;
    region: string;
  }): Promise<RunCheckOptions['hub']> {
    const accountId = this.settings.hubAccountId;
    if (!accountId || accountId === target.accountId) return undefined;
    const key = `${accountId}:${target.region}`;
    let reader = this.hubReaders.get(key);
    if (!reader) {
      reader = this.createReader(accountId, target.region, {
        namedCredentials: true,
      });
      reader.catch(() => this.hubReaders.delete(key));
      this.hubReaders.set(key, reader);
    }
    try {
      return { accountId, reader: await reader };
    } catch (error) {
      return {
        accountId,
        reader: unreadableReader(
          target.region,
          accountId,
          new AccountCredentialsError(accountId, error),
        ),
      };
    }
  }

  private async createReader(
    accountId: string | undefined,
    region: string,
    options: { namedCredentials?: boolean } = {},
  ) {
    const { sdkCredentialProvider } =
      await this.credentialsManager.getCredentialProvider(
        this.credentialsQuery(accountId),
      );
    return this.readerFactory({
      region,
      accountId,
      credentials:
        options.namedCredentials && accountId
          ? accountCredentials(accountId, sdkCredentialProvider)
          : sdkCredentialProvider,
      settings: this.settings,
    });
  }

  /**
   * Accounts in aws.accounts have their own credentials; others allowed by
   * fargateEndpoints.allowedAccountIds are assumed into with aws.accountDefaults.roleName,
   * or else are the main account itself (which config knows by credentials, not by id).
   */
  private credentialsQuery(accountId: string | undefined) {
    if (
      accountId &&
      (this.settings.integrationAccountIds.has(accountId) ||
        this.settings.hasAccountDefaultsRole)
    ) {
      return { accountId };
    }
    return undefined;
  }
}
