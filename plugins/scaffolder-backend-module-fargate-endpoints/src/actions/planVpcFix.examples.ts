import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples shown in the scaffolder's action list; a test runs each one against the sandbox. */
export const examples: TemplateExample[] = [
  {
    description:
      "The endpoints the sandbox's orders-worker VPC is missing: ecr.api, and the S3 gateway on the task route table",
    example: yaml.stringify({
      steps: [
        {
          id: 'fix',
          name: 'Plan the missing endpoints',
          action: 'fargate-endpoints:vpc:plan-fix',
          input: {
            name: 'orders-worker-vpc-endpoints',
            region: 'eu-west-1',
            accountId: '111111111111',
            vpcId: 'vpc-040cb4c9c36f053fd',
            subnetIds: ['subnet-085ca6670b104ef7d', 'subnet-04589257242e9c2f2'],
            securityGroupIds: ['sg-043f136833d65d208'],
            needs: ['ecr', 'logs'],
            entityRef: 'component:default/orders-worker',
          },
        },
      ],
    }),
  },
];
