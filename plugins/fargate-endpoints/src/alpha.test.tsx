import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import {
  FARGATE_ENDPOINTS_ANNOTATIONS,
  ANNOTATION_ACCOUNT_ID,
  ANNOTATION_NEEDS,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import fargateEndpointsPlugin from './alpha';

function entity(kind: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'payments', annotations },
    spec: { type: 'service' },
  };
}

describe('fargate-endpoints plugin (new frontend system)', () => {
  it('provides the API, the entity card and the overview page', () => {
    expect(fargateEndpointsPlugin.id).toBe('fargate-endpoints');
    expect(
      fargateEndpointsPlugin.getExtension('api:fargate-endpoints'),
    ).toBeDefined();
    expect(
      fargateEndpointsPlugin.getExtension(
        'entity-card:fargate-endpoints/endpoints',
      ),
    ).toBeDefined();
    expect(
      fargateEndpointsPlugin.getExtension('page:fargate-endpoints'),
    ).toBeDefined();
  });

  describe('the entity card filter', () => {
    const filter = createExtensionTester(
      fargateEndpointsPlugin.getExtension(
        'entity-card:fargate-endpoints/endpoints',
      ),
    ).get(EntityCardBlueprint.dataRefs.filterFunction)!;

    // Every linking annotation of the common package (not the optional ones, which alone link nothing).
    const linking = FARGATE_ENDPOINTS_ANNOTATIONS.filter(
      name => name !== ANNOTATION_NEEDS && name !== ANNOTATION_ACCOUNT_ID,
    );

    it.each(linking)(
      'shows the card on a component annotated with %s',
      annotation => {
        expect(filter(entity('Component', { [annotation]: 'x' }))).toBe(true);
      },
    );

    it('hides the card on unannotated components and on other kinds', () => {
      expect(filter(entity('Component', {}))).toBe(false);
      expect(filter(entity('Component', { [ANNOTATION_NEEDS]: 'ecr' }))).toBe(
        false,
      );
      expect(
        filter(
          entity('Resource', {
            'aws.amazon.com/amazon-ecs-service-arn':
              'arn:aws:ecs:eu-west-1:111122223333:service/prod/payments',
          }),
        ),
      ).toBe(false);
    });
  });
});
