import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServicesCommand,
  ListTasksCommand,
  paginateListClusters,
  paginateListServices,
  paginateListTasks,
} from '@aws-sdk/client-ecs';
import {
  AwsSandbox,
  createExampleWorld,
  EXAMPLE_REGION,
  EXAMPLE_SERVICES,
  registerSandboxTestHooks,
} from '../index';

const sandbox = new AwsSandbox(createExampleWorld());
const ecs = new ECSClient({
  region: EXAMPLE_REGION,
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
  maxAttempts: 1,
});
const payments = EXAMPLE_SERVICES['payments-api'];
const orders = EXAMPLE_SERVICES['orders-worker'];

registerSandboxTestHooks(sandbox, { world: createExampleWorld });
beforeEach(() => sandbox.setPageSize(undefined));

describe('ECS through the real SDK', () => {
  it('describes a service by ARN with its awsvpc configuration, platform, task definition and events', async () => {
    const { services, failures } = await ecs.send(
      new DescribeServicesCommand({
        cluster: payments.clusterArn,
        services: [payments.serviceArn],
      }),
    );
    expect(failures).toEqual([]);
    expect(services).toHaveLength(1);
    const [service] = services!;
    expect(service).toMatchObject({
      serviceArn: payments.serviceArn,
      serviceName: 'payments-api',
      clusterArn: payments.clusterArn,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      taskDefinition: payments.taskDefinitionArn,
      enableExecuteCommand: false,
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: payments.subnetIds,
          securityGroups: payments.securityGroupIds,
          assignPublicIp: 'DISABLED',
        },
      },
    });
    expect(service.events![0].message).toContain('has reached a steady state');
    expect(service.events![0].createdAt).toEqual(
      new Date('2026-11-21T08:30:00.000Z'),
    );
  });

  it('reports unknown services as MISSING failures and an unknown cluster as ClusterNotFoundException', async () => {
    const { services, failures } = await ecs.send(
      new DescribeServicesCommand({
        cluster: 'shop',
        services: ['payments-api', 'ghost'],
      }),
    );
    expect(services!.map(s => s.serviceName)).toEqual(['payments-api']);
    expect(failures).toEqual([
      {
        arn: `arn:aws:ecs:${EXAMPLE_REGION}:111111111111:service/shop/ghost`,
        reason: 'MISSING',
      },
    ]);

    await expect(
      ecs.send(
        new DescribeServicesCommand({ cluster: 'nope', services: ['x'] }),
      ),
    ).rejects.toMatchObject({
      name: 'ClusterNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('describes the task definition: ECR image, awslogs, secrets', async () => {
    const { taskDefinition } = await ecs.send(
      new DescribeTaskDefinitionCommand({
        taskDefinition: payments.taskDefinitionArn,
      }),
    );
    expect(taskDefinition).toMatchObject({
      family: 'payments-api',
      revision: 1,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
    });
    const [container] = taskDefinition!.containerDefinitions!;
    expect(container.image).toBe(
      `111111111111.dkr.ecr.${EXAMPLE_REGION}.amazonaws.com/payments-api:4.2.0`,
    );
    expect(container.logConfiguration).toMatchObject({
      logDriver: 'awslogs',
      options: { 'awslogs-group': '/ecs/payments-api' },
    });
    expect(container.secrets).toEqual([
      {
        name: 'SECRET_1',
        valueFrom: expect.stringMatching(
          /^arn:aws:secretsmanager:eu-west-1:111111111111:secret:/,
        ),
      },
    ]);

    const byFamily = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'payments-api' }),
    );
    expect(byFamily.taskDefinition!.taskDefinitionArn).toBe(
      payments.taskDefinitionArn,
    );
    await expect(
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope:3' })),
    ).rejects.toMatchObject({
      name: 'ClientException',
      message: 'Unable to describe task definition.',
    });
  });

  it('lists stopped tasks of a service and describes why they stopped', async () => {
    const { taskArns } = await ecs.send(
      new ListTasksCommand({
        cluster: 'shop',
        serviceName: 'orders-worker',
        desiredStatus: 'STOPPED',
      }),
    );
    expect(taskArns).toHaveLength(3);
    expect(
      (
        await ecs.send(
          new ListTasksCommand({
            cluster: 'shop',
            serviceName: 'orders-worker',
          }),
        )
      ).taskArns,
    ).toEqual([]);

    const { tasks, failures } = await ecs.send(
      new DescribeTasksCommand({ cluster: orders.clusterArn, tasks: taskArns }),
    );
    expect(failures).toEqual([]);
    expect(tasks!.map(t => t.lastStatus)).toEqual([
      'STOPPED',
      'STOPPED',
      'STOPPED',
    ]);
    expect(tasks![0].stoppedReason).toMatch(
      /^ResourceInitializationError: unable to pull secrets or registry auth: .*Post "https:\/\/api\.ecr\.eu-west-1\.amazonaws\.com\/": dial tcp 52\.[\d.]+:443: i\/o timeout/,
    );
    expect(tasks![0].stoppedAt).toBeInstanceOf(Date);
    expect(tasks![0].group).toBe('service:orders-worker');
    expect(tasks![2].containers![0].reason).toMatch(
      /CannotPullContainerError: .*prod-eu-west-1-starport-layer-bucket/,
    );
  });

  it('pages ListTasks and says ServiceNotFoundException for an unknown service', async () => {
    sandbox.setPageSize(1);
    const arns: string[] = [];
    for await (const page of paginateListTasks(
      { client: ecs },
      {
        cluster: 'shop',
        serviceName: 'orders-worker',
        desiredStatus: 'STOPPED',
      },
    )) {
      arns.push(...page.taskArns!);
    }
    expect(new Set(arns).size).toBe(3);
    expect(sandbox.countCalls({ action: 'ListTasks' })).toBe(3);

    await expect(
      ecs.send(
        new ListTasksCommand({
          cluster: 'shop',
          serviceName: 'ghost',
          desiredStatus: 'STOPPED',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ServiceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('sees changes to the world on the next call', async () => {
    const region =
      sandbox.world.accounts['111111111111'].regions[EXAMPLE_REGION];
    region.clusters
      .find(c => c.clusterName === 'shop')!
      .services.find(s => s.serviceName === 'payments-api')!.assignPublicIp =
      'ENABLED';
    const { services } = await ecs.send(
      new DescribeServicesCommand({
        cluster: 'shop',
        services: ['payments-api'],
      }),
    );
    expect(
      services![0].networkConfiguration!.awsvpcConfiguration!.assignPublicIp,
    ).toBe('ENABLED');
  });
});

describe('ListClusters and ListServices', () => {
  it('list every cluster and its services, ten a page unless maxResults says more, as ECS does', async () => {
    const clusters: string[] = [];
    for await (const page of paginateListClusters({ client: ecs }, {}))
      clusters.push(...(page.clusterArns ?? []));
    expect(clusters).toEqual(
      expect.arrayContaining([
        payments.clusterArn,
        EXAMPLE_SERVICES['legacy-reports'].clusterArn,
      ]),
    );
    const world =
      sandbox.world.accounts['111111111111'].regions[EXAMPLE_REGION];
    const shop = world.clusters.find(c => c.clusterName === 'shop')!;
    for (let i = 0; i < 12; i++)
      shop.services.push({ ...shop.services[0], serviceName: `extra-${i}` });
    const first = await ecs.send(new ListServicesCommand({ cluster: 'shop' }));
    expect(first.serviceArns).toHaveLength(10);
    expect(first.nextToken).toBeDefined();
    const all: string[] = [];
    for await (const page of paginateListServices(
      { client: ecs, pageSize: 100 },
      { cluster: payments.clusterArn },
    ))
      all.push(...(page.serviceArns ?? []));
    expect(all).toHaveLength(shop.services.length);
    expect(all).toContain(payments.serviceArn);
    await expect(
      ecs.send(new ListServicesCommand({ cluster: 'nope' })),
    ).rejects.toMatchObject({ name: 'ClusterNotFoundException' });
  });
});
