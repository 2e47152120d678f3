import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CallerBudget } from '../service/callerBudget';
import { parseEntityRefInput } from '../service/inputs';
import { entityRefOfServiceArn } from '../service/serviceArnEntity';
import { FargateEndpointsService } from '../service/types';

/** What the assistant actions need: the router's service, checks and budget. */
export interface FargateEndpointsActionsOptions {
  actionsRegistry: ActionsRegistryService;
  service: FargateEndpointsService;
  catalog: CatalogService;
  permissions: PermissionsService;
  /** Fresh AWS reads per caller, shared with the REST API; unlimited when omitted (tests). */
  budget?: CallerBudget;
  /** `app.baseUrl`, for links to the entity's page; none when unset. */
  portalBaseUrl?: string;
}

/** Descriptions of the two ways to name a service, shared by the actions that take one. */
export const SERVICE_INPUT_DESCRIPTIONS = {
  entityRef:
    'The catalog entity, e.g. component:default/payments-api or just payments-api. Give this or serviceArn.',
  serviceArn:
    'The ECS service ARN, arn:aws:ecs:<region>:<account>:service/<cluster>/<service>; the catalog entity annotated with it is checked. Give this or entityRef.',
} as const;

/** The entity a service input names: its ref, or the entity annotated with its ARN. */
export async function entityRefOfInput(
  options: Pick<FargateEndpointsActionsOptions, 'catalog'>,
  input: { entityRef?: string; serviceArn?: string },
  credentials: BackstageCredentials,
): Promise<string> {
  if (input.entityRef && input.serviceArn) {
    throw new InputError(
      'Give entityRef or serviceArn, not both: they may name different services',
    );
  }
  if (input.entityRef) return parseEntityRefInput(input.entityRef, 'entityRef');
  if (input.serviceArn) {
    return entityRefOfServiceArn(
      options.catalog,
      input.serviceArn,
      credentials,
      'serviceArn',
    );
  }
  throw new InputError(
    'Name the service: entityRef (component:default/payments-api) or serviceArn (arn:aws:ecs:...:service/<cluster>/<service>)',
  );
}
