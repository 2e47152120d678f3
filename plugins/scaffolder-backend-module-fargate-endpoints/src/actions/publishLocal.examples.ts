import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples shown in the scaffolder's action list; a test runs each one. */
export const examples: TemplateExample[] = [
  {
    description: 'Publish the generated service into a local git repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          name: 'Publish to a local git repository',
          action: 'fargate-endpoints:publish:local',
          input: {
            repoName: 'payments-api',
            commitMessage:
              'payments-api from the fargate-private-service template',
          },
        },
      ],
    }),
  },
];
