/**
 * Which AWS accounts may be read, and one reader per allowed account and region with that
 * account's credentials from Backstage's `aws` integration config. Credentials stay inside
 * the SDK clients: never logged, never returned.
 */
import type { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
  type AwsCredentialProvider,
} from '@backstage/integration-aws-node';
import { createAwsClients } from '../aws/clients';
import { createActionGroupPacer, createLimiter } from '../aws/limiter';
import { createAwsReader, type AwsReader } from '../check/reader';
import { readAwsAccessSettings, type AwsAccessSettings } from './settings';

/** The name of the account used when none is named, in cache keys and reports. */
export const MAIN_ACCOUNT = 'main';

/** What a reader factory gets: where, as whom, and how to call AWS. */
export interface AwsReaderFactoryOptions {
  region: string;
  /** The account, when known; undefined means the main account. */
  accountId?: string;
  credentials: AwsCredentialProvider['sdkCredentialProvider'];
  settings: AwsAccessSettings;
}

/** Builds the reader of one account and region. */
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

/** Options of {@link AwsAccountAccess.fromConfig}. */
export interface AwsAccountAccessOptions {
  /** Builds readers; the paced plain reader when omitted. */
  readerFactory?: AwsReaderFactory;
  /** Credentials; `DefaultAwsCredentialsManager.fromConfig(config)` when omitted. */
  credentialsManager?: AwsCredentialsManager;
}

/** The account policy and the readers of the allowed accounts. */
export class AwsAccountAccess {
  private readonly readers = new Map<string, Promise<AwsReader>>();

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

  private async createReader(accountId: string | undefined, region: string) {
    const { sdkCredentialProvider } =
      await this.credentialsManager.getCredentialProvider(
        this.credentialsQuery(accountId),
      );
    return this.readerFactory({
      region,
      accountId,
      credentials: sdkCredentialProvider,
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
