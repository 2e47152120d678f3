/**
 * Reading the existing VPC before generating, so endpoints it already has are reused, not
 * duplicated. The action takes the lookup as a function: the module passes the engine's
 * AWS reader, tests pass a fake.
 */
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  createAwsClients,
  describeAwsError,
  destroyAwsClients,
  readVpcSnapshot,
  type VpcSnapshot,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';

/** The VPC to read. */
export interface EndpointLookupTarget {
  region: string;
  /** 12-digit account; the main account of `aws` config when omitted. */
  accountId?: string;
  vpcId: string;
}

/**
 * Reads the VPC's network state (endpoints, route tables, subnets...). Throws NotFoundError
 * when the VPC does not exist; any other failure makes the action fall back to the
 * endpoints the user declared.
 */
export type EndpointLookup = (
  target: EndpointLookupTarget,
) => Promise<VpcSnapshot>;

/** The engine's VPC reader with credentials from the Backstage `aws` config, per account. */
export function createAwsEndpointLookup(
  credentialsManager: AwsCredentialsManager,
): EndpointLookup {
  return async target => {
    const { sdkCredentialProvider } =
      await credentialsManager.getCredentialProvider(
        target.accountId ? { accountId: target.accountId } : undefined,
      );
    const clients = createAwsClients({
      region: target.region,
      credentials: sdkCredentialProvider,
    });
    try {
      return await readVpcSnapshot(clients.ec2, target);
    } finally {
      destroyAwsClients(clients);
    }
  };
}

/** A reason to show for a lookup error, never including credentials. */
export function lookupFailureReason(error: unknown): string {
  try {
    return describeAwsError(error, 'ec2', 'DescribeVpcEndpoints');
  } catch {
    return error instanceof Error ? error.message : String(error);
  }
}
