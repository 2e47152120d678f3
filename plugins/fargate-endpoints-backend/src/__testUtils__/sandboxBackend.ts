import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type {
  BackendFeature,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import {
  EXAMPLE_ACCOUNT_ID,
  EXAMPLE_HUB_ACCESS_KEY_ID,
  EXAMPLE_HUB_ACCOUNT_ID,
} from '@fargate-endpoints/aws-sandbox';
import fargateEndpointsPlugin from '../index';

/** The main account's access key id in tests; a report must never contain it. */
export const TEST_MAIN_ACCESS_KEY_ID = 'AKIAEXAMPLEMAIN00001';

/** Options of {@link startSandboxBackend}. */
export interface SandboxBackendOptions {
  entities: Entity[];
  fargateEndpoints?: JsonObject;
  features?: Array<ServiceFactory | BackendFeature>;
  /** A catalog of one's own (one that applies permissions); the in-memory mock otherwise. */
  catalog?: ServiceFactory;
  /** Names the sandbox's hub account (shared endpoints) in config, with its credentials. */
  hub?: boolean;
  /** A permission policy of one's own; allow-all otherwise. */
  permissions?: ServiceFactory;
  /** More top-level config (`backend`, `mcpActions`, ...). */
  config?: JsonObject;
}

/**
 * Starts the whole plugin with a mocked catalog of these entities, permissions allowing
 * everything, and the sandbox's example account allowed. `fargateEndpoints` adds to (or
 * overrides) the plugin config; `features` adds services such as a broken cache.
 */
export async function startSandboxBackend(options: SandboxBackendOptions) {
  return (await startSandboxPluginBackend(options)).server;
}

/**
 * The same backend, with `stop()`: for a benchmark that starts several in one process
 * (outside Jest, nothing stops them after the tests).
 */
export function startSandboxPluginBackend(options: SandboxBackendOptions) {
  return startTestBackend({
    features: [
      fargateEndpointsPlugin,
      options.catalog ??
        catalogServiceMock.factory({ entities: options.entities }),
      options.permissions ??
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
          aws: {
            mainAccount: {
              accessKeyId: TEST_MAIN_ACCESS_KEY_ID,
              secretAccessKey: 'not-a-secret',
            },
            ...(options.hub
              ? {
                  accounts: [
                    {
                      accountId: EXAMPLE_HUB_ACCOUNT_ID,
                      accessKeyId: EXAMPLE_HUB_ACCESS_KEY_ID,
                      secretAccessKey: 'not-a-secret',
                    },
                  ],
                }
              : {}),
          },
          fargateEndpoints: {
            allowedAccountIds: [EXAMPLE_ACCOUNT_ID],
            ...(options.hub
              ? { hub: { accountId: EXAMPLE_HUB_ACCOUNT_ID } }
              : {}),
            ...options.fargateEndpoints,
          },
        },
      }),
      ...(options.features ?? []),
    ],
  });
}

/** The REST path of an entity's report. */
export const reportPath = (name: string, refresh = false) =>
  `/api/fargate-endpoints/v1/entities/component/default/${name}/report${
    refresh ? '?refresh=true' : ''
  }`;
