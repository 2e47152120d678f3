import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ECS_SERVICE_ARN,
  parseEcsServiceArnOrProblem,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/**
 * The catalog entity an ECS service ARN belongs to (by the AWS ECS plugin's annotation),
 * looked up with the caller's credentials: an entity the caller may not read is not found,
 * as it is for the REST API. A service no entity names is not checked: what the backend
 * checks is what the catalog links.
 */
export async function entityRefOfServiceArn(
  catalog: CatalogService,
  serviceArn: string,
  credentials: BackstageCredentials,
  field: string,
): Promise<string> {
  const parsed = parseEcsServiceArnOrProblem(serviceArn.trim());
  if ('problem' in parsed) {
    throw new InputError(`Invalid ${field}: ${parsed.problem}`);
  }
  const { items } = await catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${ANNOTATION_ECS_SERVICE_ARN}`]: parsed.arn.arn,
      },
      fields: ['kind', 'metadata.namespace', 'metadata.name'],
    },
    { credentials },
  );
  const refs = items.map(entity => stringifyEntityRef(entity)).sort();
  if (refs.length === 0) {
    throw new NotFoundError(
      `No catalog entity you may read has the annotation ${ANNOTATION_ECS_SERVICE_ARN}: ${parsed.arn.arn}; add it to the service's catalog-info.yaml to link them`,
    );
  }
  // Two entities naming one service: the first by ref, so the answer is stable.
  return refs[0];
}
