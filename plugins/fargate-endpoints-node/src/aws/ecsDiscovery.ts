/**
 * Every awsvpc ECS service of an account and region, for a question that starts from the
 * network ("which services run in this VPC?"): ListClusters, ListServices per cluster (100 a
 * page), DescribeServices 10 at a time (the API's limit), as the ECS API Reference documents
 * them. Task definitions are read separately, once per ARN, and only for the services that
 * matter (see {@link readTaskDefinition}). The calls go through the clients' pacer.
 */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  paginateListClusters,
  paginateListServices,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import { parseEcsServiceArn } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { ECS_DESCRIBE_SERVICES_MAX } from '../defaults';
import {
  describeAwsError,
  isMissingCredentialsError,
  isRejectedCredentialsError,
} from './awsErrors';
import {
  serviceNetwork,
  serviceTrouble,
  type EcsServiceRead,
} from './ecsService';

/**
 * A read of the listing that failed; the services it would have found are unknown.
 *
 * @public
 */
export interface EcsListingFailure {
  /** The cluster, when the failure is one cluster's. */
  clusterArn?: string;
  call: string;
  reason: string;
}

/**
 * The awsvpc services found, and what could not be listed.
 *
 * @public
 */
export interface EcsServiceListing {
  /** Services with awsvpc subnets (task definitions not read yet). */
  services: EcsServiceRead[];
  failures: EcsListingFailure[];
}

function rethrowCredentials(error: unknown): void {
  if (isMissingCredentialsError(error) || isRejectedCredentialsError(error))
    throw error;
}

async function describeChunk(
  ecs: ECSClient,
  clusterArn: string,
  serviceArns: string[],
): Promise<EcsServiceRead[]> {
  const out = await ecs.send(
    new DescribeServicesCommand({ cluster: clusterArn, services: serviceArns }),
  );
  return (out.services ?? []).flatMap(service => {
    const arn = service.serviceArn
      ? parseEcsServiceArn(service.serviceArn)
      : undefined;
    if (!arn || service.status === 'INACTIVE') return [];
    if (!service.networkConfiguration?.awsvpcConfiguration?.subnets?.length)
      return []; // not awsvpc: not a Fargate service
    return [
      {
        serviceArn: arn.arn,
        region: arn.region,
        accountId: arn.accountId,
        ...serviceNetwork(service, arn.serviceName),
        trouble: serviceTrouble(service),
        stoppedTasks: [],
        failures: [],
      } as EcsServiceRead,
    ];
  });
}

async function listCluster(
  ecs: ECSClient,
  clusterArn: string,
  listing: EcsServiceListing,
): Promise<void> {
  const arns: string[] = [];
  try {
    for await (const page of paginateListServices(
      { client: ecs, pageSize: 100 },
      { cluster: clusterArn },
    ))
      arns.push(...(page.serviceArns ?? []));
  } catch (error) {
    rethrowCredentials(error);
    listing.failures.push({
      clusterArn,
      call: 'ListServices',
      reason: describeAwsError(error, 'ecs', 'ListServices'),
    });
    return;
  }
  const chunks: string[][] = [];
  for (let i = 0; i < arns.length; i += ECS_DESCRIBE_SERVICES_MAX)
    chunks.push(arns.slice(i, i + ECS_DESCRIBE_SERVICES_MAX));
  await Promise.all(
    chunks.map(async chunk => {
      try {
        listing.services.push(...(await describeChunk(ecs, clusterArn, chunk)));
      } catch (error) {
        rethrowCredentials(error);
        listing.failures.push({
          clusterArn,
          call: 'DescribeServices',
          reason: describeAwsError(error, 'ecs', 'DescribeServices'),
        });
      }
    }),
  );
}

/**
 * Lists every awsvpc service of the clients' account and region. A failed call is a listed
 * failure (its services are unknown); missing or rejected credentials throw.
 */
export async function listEcsServices(
  ecs: ECSClient,
): Promise<EcsServiceListing> {
  const listing: EcsServiceListing = { services: [], failures: [] };
  const clusterArns: string[] = [];
  try {
    for await (const page of paginateListClusters(
      { client: ecs, pageSize: 100 },
      {},
    ))
      clusterArns.push(...(page.clusterArns ?? []));
  } catch (error) {
    rethrowCredentials(error);
    listing.failures.push({
      call: 'ListClusters',
      reason: describeAwsError(error, 'ecs', 'ListClusters'),
    });
    return listing;
  }
  await Promise.all(clusterArns.map(arn => listCluster(ecs, arn, listing)));
  listing.services.sort((a, b) => a.serviceArn.localeCompare(b.serviceArn));
  return listing;
}

/** One task definition revision (immutable: read each ARN once). */
export async function readTaskDefinition(
  ecs: ECSClient,
  taskDefinitionArn: string,
): Promise<TaskDefinition | undefined> {
  const out = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }),
  );
  return out.taskDefinition;
}
