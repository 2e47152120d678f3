/**
 * Report fixtures for tests: small builders that produce what the backend serves for the
 * common cases, so that tests read as "a service whose S3 route is missing" rather than as JSON.
 */
import type {
  EndpointStatus,
  EntityReport,
  Finding,
  OverviewResponse,
  OverviewService,
  StoppedTaskDiagnosis,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** The fixtures' AWS world: one account, one VPC, two isolated subnets in two AZs. */
export const REGION = 'eu-west-1';
export const ACCOUNT_ID = '111122223333';
export const VPC_ID = 'vpc-0a1b2c3d4e5f60718';
export const SUBNET_A = 'subnet-0aa11bb22cc33dd44';
export const SUBNET_B = 'subnet-0ee55ff66aa77bb88';
export const TASK_SG = 'sg-0task1234567890abc';
export const ENDPOINT_SG = 'sg-0endp1234567890abc';
export const ROUTE_TABLE = 'rtb-0priv1234567890ab';
export const SERVICE_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT_ID}:service/prod/payments`;

const ALL_OK: EndpointStatus['checks'] = {
  present: 'ok',
  privateDns: 'ok',
  securityGroups: 'ok',
  routeTables: 'n/a',
  azCoverage: 'ok',
  policy: 'ok',
};

/** An interface endpoint that works. */
export function interfaceEndpoint(
  service: string,
  overrides: Partial<EndpointStatus> = {},
): EndpointStatus {
  return {
    service,
    serviceName: `com.amazonaws.${REGION}.${service}`,
    type: 'Interface',
    needed: true,
    need: service.startsWith('ecr') ? 'ecr' : service,
    endpointId: `vpce-0${service.replace('.', '')}1234567890`.slice(0, 22),
    state: 'available',
    privateDnsEnabled: true,
    subnetIds: [SUBNET_A, SUBNET_B],
    availabilityZones: [`${REGION}a`, `${REGION}b`],
    securityGroupIds: [ENDPOINT_SG],
    routeTableIds: [],
    policy: 'default',
    checks: ALL_OK,
    ...overrides,
  };
}

/** The S3 gateway endpoint, associated with the task route table. */
export function s3GatewayEndpoint(
  overrides: Partial<EndpointStatus> = {},
): EndpointStatus {
  return {
    service: 's3',
    serviceName: `com.amazonaws.${REGION}.s3`,
    type: 'Gateway',
    needed: true,
    need: 'ecr',
    endpointId: 'vpce-0s3gw1234567890ab',
    state: 'available',
    subnetIds: [],
    availabilityZones: [],
    securityGroupIds: [],
    routeTableIds: [ROUTE_TABLE],
    policy: 'default',
    checks: {
      present: 'ok',
      privateDns: 'n/a',
      securityGroups: 'n/a',
      routeTables: 'ok',
      azCoverage: 'n/a',
      policy: 'ok',
    },
    ...overrides,
  };
}

/** A ready service in isolated subnets: ecr + logs over PrivateLink, checked 3 minutes ago. */
export function readyReport(
  overrides: Partial<EntityReport> = {},
): EntityReport {
  return {
    entityRef: 'component:default/payments',
    ready: true,
    verdict: 'ready',
    complete: true,
    path: 'isolated',
    target: {
      region: REGION,
      accountId: ACCOUNT_ID,
      vpcId: VPC_ID,
      subnetIds: [SUBNET_A, SUBNET_B],
      securityGroupIds: [TASK_SG],
      serviceArn: SERVICE_ARN,
      platformVersion: 'LATEST',
      assignPublicIp: 'DISABLED',
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      logGroups: ['/ecs/payments'],
    },
    needs: ['ecr', 'logs'],
    needSources: [
      {
        need: 'ecr',
        reason: "container app pulls from this region's private ECR",
      },
      { need: 'logs', reason: 'container app uses the awslogs log driver' },
    ],
    findings: [],
    unknown: [],
    subnets: [
      {
        subnetId: SUBNET_A,
        availabilityZone: `${REGION}a`,
        routeTableId: ROUTE_TABLE,
        explicitRouteTable: true,
        path: 'isolated',
      },
      {
        subnetId: SUBNET_B,
        availabilityZone: `${REGION}b`,
        routeTableId: ROUTE_TABLE,
        explicitRouteTable: true,
        path: 'isolated',
      },
    ],
    endpoints: [
      interfaceEndpoint('ecr.api'),
      interfaceEndpoint('ecr.dkr'),
      s3GatewayEndpoint(),
      interfaceEndpoint('logs'),
    ],
    stoppedTasks: [],
    cost: {
      currency: 'USD',
      pricesRegion: 'us-east-1',
      interfaceEndpointAzHours: 6,
      endpointsMonthly: 43.8,
      natMonthly: 36.5,
      natPerAzMonthly: 73,
      endpointPerGb: 0.01,
      natPerGb: 0.045,
      summary:
        '3 interface endpoints in 2 AZs cost $43.80 a month before traffic; one NAT gateway would cost $36.50 (an HA pair $73.00) plus $0.045/GB.',
    },
    checkedAt: '2025-05-01T10:00:00.000Z',
    ageSeconds: 180,
    stale: false,
    ...overrides,
  };
}

/** The classic broken service: no ecr.api endpoint, S3 gateway not on the route table. */
export const missingEcrApi: Finding = {
  rule: 'missing-endpoint',
  severity: 'error',
  service: 'ecr.api',
  resourceId: VPC_ID,
  message:
    'The subnets have no route out and the VPC has no com.amazonaws.eu-west-1.ecr.api endpoint, so tasks cannot get ECR registry auth and stop with ResourceInitializationError.',
  fix: 'Create an Interface endpoint for com.amazonaws.eu-west-1.ecr.api in the task subnets with private DNS on.',
  terraform: `resource "aws_vpc_endpoint" "ecr_api" {
  vpc_id              = "${VPC_ID}"
  service_name        = "com.amazonaws.eu-west-1.ecr.api"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = ["${SUBNET_A}", "${SUBNET_B}"]
  security_group_ids  = ["${ENDPOINT_SG}"]
}`,
};

/** The S3 gateway endpoint exists but the task route table is not associated with it. */
export const s3RouteMissing: Finding = {
  rule: 's3-route-table-missing',
  severity: 'error',
  service: 's3',
  resourceId: ROUTE_TABLE,
  message: `Route table ${ROUTE_TABLE} of the task subnets is not associated with the S3 gateway endpoint, so image layers cannot be downloaded.`,
  fix: `Associate ${ROUTE_TABLE} with vpce-0s3gw1234567890ab: VPC console → Endpoints → vpce-0s3gw1234567890ab → Route tables → Manage route tables, or \`aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0s3gw1234567890ab --add-route-table-ids ${ROUTE_TABLE}\`.`,
  cli: `aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0s3gw1234567890ab --add-route-table-ids ${ROUTE_TABLE}`,
  terraform: `resource "aws_vpc_endpoint_route_table_association" "s3_private" {
  vpc_endpoint_id = "vpce-0s3gw1234567890ab"
  route_table_id  = "${ROUTE_TABLE}"
}`,
};

/** A warning: the logs endpoint only sits in one AZ. */
export const logsAzGap: Finding = {
  rule: 'endpoint-az-gap',
  severity: 'warning',
  service: 'logs',
  resourceId: 'vpce-0logs1234567890ab',
  message:
    'The logs endpoint has no subnet in eu-west-1b; tasks there cross AZs and fail with eu-west-1a.',
  fix: `Add a subnet in eu-west-1b (${SUBNET_B}) to endpoint vpce-0logs1234567890ab.`,
};

/** The stopped task the classic broken service leaves behind. */
export const ecrAuthTimeout: StoppedTaskDiagnosis = {
  taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT_ID}:task/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0`,
  stoppedAt: '2025-05-01T09:55:00.000Z',
  stoppedReason:
    'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.eu-west-1.amazonaws.com/": dial tcp 52.95.150.2:443: i/o timeout. Please check your task network configuration.',
  failingPath: 'ecr.api',
  explainedBy: {
    rule: 'missing-endpoint',
    service: 'ecr.api',
    resourceId: VPC_ID,
  },
  hint: 'DNS resolved to a public IP: the ecr.api endpoint or its private DNS is missing.',
};

/** Not ready: findings in a deliberately wrong order (warning first) to prove the card sorts. */
export function notReadyReport(
  overrides: Partial<EntityReport> = {},
): EntityReport {
  return readyReport({
    ready: false,
    verdict: 'not-ready',
    findings: [logsAzGap, s3RouteMissing, missingEcrApi],
    endpoints: [
      interfaceEndpoint('ecr.api', {
        endpointId: undefined,
        state: undefined,
        privateDnsEnabled: undefined,
        subnetIds: [],
        availabilityZones: [],
        securityGroupIds: [],
        policy: 'none',
        checks: {
          present: 'fail',
          privateDns: 'n/a',
          securityGroups: 'n/a',
          routeTables: 'n/a',
          azCoverage: 'n/a',
          policy: 'n/a',
        },
      }),
      interfaceEndpoint('ecr.dkr'),
      s3GatewayEndpoint({
        routeTableIds: [],
        checks: {
          present: 'ok',
          privateDns: 'n/a',
          securityGroups: 'n/a',
          routeTables: 'fail',
          azCoverage: 'n/a',
          policy: 'ok',
        },
      }),
      interfaceEndpoint('logs', {
        endpointId: 'vpce-0logs1234567890ab',
        subnetIds: [SUBNET_A],
        availabilityZones: [`${REGION}a`],
        checks: { ...ALL_OK, azCoverage: 'warn' },
      }),
    ],
    stoppedTasks: [ecrAuthTimeout],
    ...overrides,
  });
}

/** Unknown: no error found, but security groups could not be read. */
export function unknownReport(
  overrides: Partial<EntityReport> = {},
): EntityReport {
  return readyReport({
    ready: false,
    verdict: 'unknown',
    complete: false,
    unknown: [
      {
        check: 'security groups',
        rules: ['endpoint-sg-blocks-tasks', 'task-egress-blocked'],
        call: 'DescribeSecurityGroups',
        reason:
          'AccessDenied: the role is not allowed ec2:DescribeSecurityGroups',
      },
    ],
    endpoints: readyReport().endpoints.map(endpoint => ({
      ...endpoint,
      checks: {
        ...endpoint.checks,
        securityGroups:
          endpoint.type === 'Interface'
            ? 'unknown'
            : endpoint.checks.securityGroups,
      },
    })),
    ...overrides,
  });
}

/** One service line of the overview. */
export function overviewService(
  overrides: Partial<OverviewService> = {},
): OverviewService {
  return {
    entityRef: 'component:default/payments',
    title: 'Payments',
    verdict: 'ready',
    path: 'isolated',
    counts: { error: 0, warning: 0, info: 0, unknown: 0 },
    errorRules: [],
    serviceArn: SERVICE_ARN,
    checkedAt: '2025-05-01T10:00:00.000Z',
    ...overrides,
  };
}

/** Three services in two accounts, three VPCs, two regions. */
export function overviewResponse(): OverviewResponse {
  return {
    generatedAt: '2025-05-01T10:05:00.000Z',
    groups: [
      {
        accountId: ACCOUNT_ID,
        region: REGION,
        vpcId: VPC_ID,
        services: [
          overviewService(),
          overviewService({
            entityRef: 'component:default/checkout',
            title: 'Checkout',
            verdict: 'not-ready',
            counts: { error: 2, warning: 1, info: 0, unknown: 0 },
            errorRules: ['missing-endpoint', 's3-route-table-missing'],
            errorHeadlines: [
              'no ecr.api endpoint',
              `S3 route missing on ${ROUTE_TABLE}`,
            ],
          }),
        ],
      },
      {
        accountId: '444455556666',
        region: 'us-east-1',
        vpcId: 'vpc-0ffeeddccbbaa9988',
        services: [
          overviewService({
            entityRef: 'component:billing/invoices',
            title: 'Invoices',
            verdict: 'unknown',
            path: 'nat',
            counts: { error: 0, warning: 0, info: 1, unknown: 1 },
          }),
        ],
      },
    ],
  };
}
