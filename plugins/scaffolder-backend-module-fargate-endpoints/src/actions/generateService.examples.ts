import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples shown in the scaffolder's action list; a test runs each one. */
export const examples: TemplateExample[] = [
  {
    description:
      'A service in a new isolated VPC across two AZs, with its own ECR repository',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate',
          name: 'Generate the service',
          action: 'fargate-endpoints:service:generate',
          input: {
            name: 'payments-api',
            owner: 'group:default/payments',
            system: 'system:default/payments',
            description: 'Takes card payments',
            region: 'eu-west-1',
            accountId: '111111111111',
            vpcMode: 'newVpc',
            vpcCidr: '10.20.0.0/16',
            azCount: 2,
          },
        },
      ],
    }),
  },
  {
    description:
      'Secrets from Secrets Manager and SSM, ECS Exec, KMS calls and a bigger task',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate',
          name: 'Generate the service',
          action: 'fargate-endpoints:service:generate',
          input: {
            name: 'orders-worker',
            owner: 'group:default/orders',
            description: 'Processes orders',
            region: 'us-east-1',
            vpcMode: 'newVpc',
            azCount: 3,
            needs: ['kms'],
            secrets: [
              {
                name: 'DB_PASSWORD',
                valueFrom:
                  'arn:aws:secretsmanager:us-east-1:222222222222:secret:orders/db-AbCdEf',
              },
              { name: 'API_TOKEN', valueFrom: '/orders/api-token' },
            ],
            containerImage:
              '222222222222.dkr.ecr.us-east-1.amazonaws.com/orders-worker:1.4.2',
            containerPort: 9000,
            cpu: 1024,
            memory: 4096,
            desiredCount: 3,
            enableExecuteCommand: true,
          },
        },
      ],
    }),
  },
  {
    description:
      'An existing VPC that already has the ECR and S3 endpoints: they are reused, only logs is created',
    example: yaml.stringify({
      steps: [
        {
          id: 'generate',
          name: 'Generate the service',
          action: 'fargate-endpoints:service:generate',
          input: {
            name: 'reports',
            owner: 'group:default/finance',
            description: 'Monthly reports',
            region: 'eu-central-1',
            vpcMode: 'existingVpc',
            vpcId: 'vpc-0a1b2c3d4e5f60718',
            subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b1c2d3e4f5a60718'],
            routeTableIds: ['rtb-0a1b2c3d4e5f60718'],
            existingEndpoints: ['ecr.api', 'ecr.dkr', 's3'],
            targetPath: 'service',
          },
        },
      ],
    }),
  },
];
