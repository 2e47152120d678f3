/**
 * Reading the existing VPC before generating, so that the engine plans against what it
 * really has. The action takes the lookup as a function: the module passes one over the
 * engine's account policy and readers (the same accounts, timeouts and pacing as the backend
 * plugin), tests pass a fake.
 */
import {
  AwsAccountAccess,
  describeAwsError,
  type VpcSnapshot,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';

/**
 * The VPC to read.
 *
 * @public
 */
export interface EndpointLookupTarget {
  region: string;
  /** 12-digit account; the main account of `aws` config when omitted. */
  accountId?: string;
  vpcId: string;
}

/**
 * Reads the VPC's network state (endpoints, route tables, subnets...). Throws NotFoundError
 * when the VPC does not exist and NotAllowedError for an account config does not allow; any
 * other failure makes the action fall back to the endpoints the user declared.
 *
 * @public
 */
export type EndpointLookup = (
  target: EndpointLookupTarget,
) => Promise<VpcSnapshot>;

/**
 * The engine's VPC reader for the accounts the `aws` and `fargateEndpoints` config allow.
 *
 * @public
 */
export function createAwsEndpointLookup(
  access: AwsAccountAccess,
): EndpointLookup {
  return async target => {
    const reader = await access.reader(target.accountId, target.region);
    return reader.readVpcSnapshot(target.vpcId);
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
