import { NotAllowedError } from '@backstage/errors';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { FargateEndpointsSettings } from './config';
import { AwsRegionReader, FargateEndpointsEngine } from './engine';

/** The cache-key and report name of the account used when none is named. */
export const MAIN_ACCOUNT = 'main';

/**
 * Decides which AWS accounts may be read, and builds one reader per account and region with
 * that account's credentials. Credentials stay inside the SDK clients: never logged, never
 * returned.
 */
export class AwsAccountAccess {
  private readonly readers = new Map<string, Promise<AwsRegionReader>>();

  constructor(
    private readonly settings: FargateEndpointsSettings,
    private readonly credentialsManager: AwsCredentialsManager,
    private readonly engine: FargateEndpointsEngine,
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
  reader(
    accountId: string | undefined,
    region: string,
  ): Promise<AwsRegionReader> {
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
    return this.engine.createRegionReader({
      region,
      accountId,
      credentials: sdkCredentialProvider,
      requestTimeoutMs: this.settings.requestTimeoutMs,
      maxAttempts: this.settings.maxAttempts,
      retryBaseDelayMs: this.settings.retryBaseDelayMs,
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
