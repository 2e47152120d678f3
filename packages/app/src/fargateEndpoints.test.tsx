import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import fargateEndpointsPlugin from '@fargate-endpoints/plugin-fargate-endpoints/alpha';
import { fargateEndpointsApiRef } from '@fargate-endpoints/plugin-fargate-endpoints';
import type { Entity } from '@backstage/catalog-model';

// The app discovers the plugin from package.json (app.packages: all); this test wires the
// same default export by hand to show the card lands on a linked component's overview.
const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: {
      'aws.amazon.com/amazon-ecs-service-arn':
        'arn:aws:ecs:eu-west-1:111122223333:service/prod/payments',
    },
  },
  spec: {
    type: 'service',
    owner: 'user:default/guest',
    lifecycle: 'production',
  },
};

const website: Entity = {
  ...payments,
  metadata: { name: 'website', namespace: 'default' },
  spec: { ...payments.spec, type: 'website' },
};

function fargateEndpointsApi() {
  return {
    getEntityReport: jest.fn(async () => {
      throw new Error('backend not running in this test');
    }),
    getOverview: jest.fn(),
    checkNetwork: jest.fn(),
  };
}

describe('fargate-endpoints in the app', () => {
  it('puts the private networking card on a linked component page', async () => {
    const api = fargateEndpointsApi();
    renderTestApp({
      features: [catalogPlugin, fargateEndpointsPlugin],
      apis: [
        [catalogApiRef, catalogApiMock({ entities: [payments, website] })],
        [fargateEndpointsApiRef, api],
      ],
      initialRouteEntries: ['/catalog/default/component/payments'],
    });

    expect(
      (
        await screen.findAllByText(
          /backend not running in this test/,
          {},
          { timeout: 40000 },
        )
      ).length,
    ).toBeGreaterThan(0);
    expect(api.getEntityReport).toHaveBeenCalledWith(
      'component:default/payments',
    );
  }, 60000);

  it('leaves unlinked components alone', async () => {
    const api = fargateEndpointsApi();
    renderTestApp({
      features: [catalogPlugin, fargateEndpointsPlugin],
      apis: [
        [catalogApiRef, catalogApiMock({ entities: [payments, website] })],
        [fargateEndpointsApiRef, api],
      ],
      initialRouteEntries: ['/catalog/default/component/website'],
    });

    // Wait for the overview cards (the catalog's About card) before asserting ours is absent.
    expect(
      await screen.findByText('About', {}, { timeout: 40000 }),
    ).toBeInTheDocument();
    expect(api.getEntityReport).not.toHaveBeenCalled();
    expect(screen.queryByText('Missing Annotation')).not.toBeInTheDocument();
  }, 60000);
});
