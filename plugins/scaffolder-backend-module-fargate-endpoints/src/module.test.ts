import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import scaffolderModule from '.';

describe('scaffolderModuleFargateEndpoints', () => {
  it('adds the generate, fix and publish actions to the scaffolder', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModule,
        mockServices.rootConfig.factory({
          data: {
            fargateEndpoints: {
              scaffolder: { localPublishDir: '/tmp/fe-local-repos' },
            },
          },
        }),
      ],
    });
    const ids = addActions.mock.calls.flat().map((a: { id: string }) => a.id);
    expect(ids).toEqual([
      'fargate-endpoints:service:generate',
      'fargate-endpoints:vpc:plan-fix',
      'fargate-endpoints:publish:local',
    ]);
  });
});
