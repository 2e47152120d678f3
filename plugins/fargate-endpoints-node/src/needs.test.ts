import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { deriveNeeds } from './needs';
import { parsePrivateEcrImage } from './spec/images';

const region = 'us-east-1';

function taskDefinition(
  containers: TaskDefinition['containerDefinitions'],
): TaskDefinition {
  return { family: 'payments', containerDefinitions: containers };
}

describe('deriveNeeds', () => {
  it('derives ecr and logs from a private ECR image with awslogs', () => {
    const result = deriveNeeds({
      region,
      taskDefinition: taskDefinition([
        {
          name: 'app',
          image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments:1.4.2',
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': '/ecs/payments' },
          },
        },
      ]),
    });
    expect(result.needs).toEqual(['ecr', 'logs']);
    expect(result.images).toEqual([
      '111122223333.dkr.ecr.us-east-1.amazonaws.com/payments:1.4.2',
    ]);
    expect(result.needSources).toEqual([
      {
        need: 'ecr',
        reason:
          "container app pulls payments:1.4.2 from account 111122223333's private ECR",
      },
      { need: 'logs', reason: 'container app uses the awslogs log driver' },
    ]);
  });

  it("does not need ECR endpoints for Docker Hub or another region's ECR", () => {
    const result = deriveNeeds({
      region,
      taskDefinition: taskDefinition([
        { name: 'web', image: 'nginx:latest' },
        {
          name: 'sidecar',
          image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/proxy:2',
        },
      ]),
    });
    expect(result.needs).toEqual([]);
    expect(result.images).toEqual([
      'nginx:latest',
      '111122223333.dkr.ecr.eu-west-1.amazonaws.com/proxy:2',
    ]);
  });

  it('tells Secrets Manager from SSM by the valueFrom, in secrets and log secret options', () => {
    const result = deriveNeeds({
      region,
      taskDefinition: taskDefinition([
        {
          name: 'app',
          secrets: [
            {
              name: 'DB_PASSWORD',
              valueFrom:
                'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf',
            },
            {
              name: 'FEATURE_FLAGS',
              valueFrom:
                'arn:aws:ssm:us-east-1:111122223333:parameter/payments/flags',
            },
          ],
        },
        {
          name: 'router',
          logConfiguration: {
            logDriver: 'awsfirelens',
            secretOptions: [
              { name: 'apikey', valueFrom: '/observability/apikey' },
            ],
          },
        },
      ]),
    });
    expect(result.needs).toEqual(['secretsmanager', 'ssm']);
    expect(result.needSources.map(s => s.reason)).toEqual([
      'container app secret DB_PASSWORD comes from Secrets Manager',
      'container app secret FEATURE_FLAGS comes from SSM Parameter Store',
      'container router log option apikey comes from SSM Parameter Store',
    ]);
  });

  it('needs Secrets Manager for private registry credentials', () => {
    const result = deriveNeeds({
      region,
      taskDefinition: taskDefinition([
        {
          name: 'app',
          image: 'registry.example.com/app:1',
          repositoryCredentials: {
            credentialsParameter:
              'arn:aws:secretsmanager:us-east-1:111122223333:secret:registry',
          },
        },
      ]),
    });
    expect(result.needs).toEqual(['secretsmanager']);
  });

  it('adds exec for ECS Exec and explicit needs with their reason', () => {
    const result = deriveNeeds({
      region,
      enableExecuteCommand: true,
      explicitNeeds: ['kms', ' logs '],
    });
    expect(result.needs).toEqual(['logs', 'exec', 'kms']);
    expect(result.needSources).toEqual([
      {
        need: 'exec',
        reason: 'the service has ECS Exec (enableExecuteCommand) turned on',
      },
      { need: 'kms', reason: 'given explicitly' },
      { need: 'logs', reason: 'given explicitly' },
    ]);
  });

  it('rejects explicit needs Fargate does not use, naming the fix', () => {
    expect(() => deriveNeeds({ region, explicitNeeds: ['ecs'] })).toThrow(
      /not used by Fargate/,
    );
    expect(() => deriveNeeds({ region, explicitNeeds: ['ecr.dkr'] })).toThrow(
      /use "ecr"/,
    );
  });
});

describe('parsePrivateEcrImage', () => {
  it('parses the repository ARN, with digests and nested names', () => {
    expect(
      parsePrivateEcrImage(
        '111122223333.dkr.ecr.us-east-1.amazonaws.com/team/payments@sha256:abc',
      ),
    ).toMatchObject({
      region: 'us-east-1',
      repositoryArn:
        'arn:aws:ecr:us-east-1:111122223333:repository/team/payments',
    });
    expect(
      parsePrivateEcrImage('public.ecr.aws/nginx/nginx:latest'),
    ).toBeUndefined();
  });
});
