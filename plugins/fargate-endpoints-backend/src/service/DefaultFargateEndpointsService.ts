import {
  AuthService,
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_SECURITY_GROUP_IDS,
  ANNOTATION_SUBNET_IDS,
  CheckReport,
  CheckTarget,
  EntityReport,
  NetworkCheckRequest,
  OverviewResponse,
  UnknownCheck,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  assertNetworkInputInVpc,
  describeAwsError,
  EcsServiceRead,
  PrefixList,
  VpcSnapshot,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { AwsAccountAccess, MAIN_ACCOUNT } from './AwsAccountAccess';
import {
  FargateEndpointsSettings,
  readFargateEndpointsSettings,
} from './config';
import { createDefaultEngine } from './defaultEngine';
import { AwsRegionReader, FargateEndpointsEngine } from './engine';
import {
  EcsServiceTarget,
  EntityTarget,
  entityTarget,
  NetworkTarget,
} from './entityTarget';
import { buildOverview, fetchLinkedEntities } from './overview';
import { CachedRead, ReadFreshness, SharedReadCache } from './SharedReadCache';
import { FargateEndpointsService } from './types';
import { unreadableReport } from './unreadableReport';

/** An ECS service read together with the VPC its subnets belong to. */
interface LocatedEcsService {
  read: EcsServiceRead;
  vpcId?: string;
  /** Why the VPC is not known, when it is not. */
  vpcUnknown?: UnknownCheck;
}

/** A report with the age of the AWS state behind it. */
export interface TargetCheck {
  report: CheckReport;
  /** Epoch milliseconds of the oldest read the report rests on. */
  readAt: number;
  stale: boolean;
}

/** Options of {@link DefaultFargateEndpointsService.create}. */
export interface DefaultFargateEndpointsServiceOptions {
  catalog: CatalogService;
  auth: AuthService;
  cache: CacheService;
  logger: LoggerService;
  settings: FargateEndpointsSettings;
  credentialsManager: AwsCredentialsManager;
  engine: FargateEndpointsEngine;
  now?: () => number;
}

/** A read only complete if it failed nowhere the previous read succeeded. */
function failsWhereOtherRead(
  next: Array<{ part: string }>,
  previous: Array<{ part: string }>,
): boolean {
  return next.some(f => !previous.some(p => p.part === f.part));
}

/**
 * The live check of catalog entities and network inputs: one AWS read per VPC shared by
 * every service in it, cached, deduplicated while in flight, limited per account and region.
 */
export class DefaultFargateEndpointsService implements FargateEndpointsService {
  private readonly access: AwsAccountAccess;
  private readonly vpcSnapshots: SharedReadCache<VpcSnapshot>;
  private readonly ecsServices: SharedReadCache<LocatedEcsService>;
  private readonly s3PrefixLists: SharedReadCache<PrefixList | null>;
  private readonly now: () => number;

  /**
   * Builds the service as the plugin runs it: settings from `fargateEndpoints.*`, credentials
   * from the `aws` integration config, the real engine with its pacing and batching.
   */
  static fromConfig(
    config: Config,
    deps: Pick<
      DefaultFargateEndpointsServiceOptions,
      'catalog' | 'auth' | 'cache' | 'logger'
    >,
  ): DefaultFargateEndpointsService {
    const settings = readFargateEndpointsSettings(config);
    return DefaultFargateEndpointsService.create({
      ...deps,
      settings,
      credentialsManager: DefaultAwsCredentialsManager.fromConfig(config),
      engine: createDefaultEngine({
        maxConcurrentReadsPerRegion: settings.maxConcurrentReadsPerRegion,
        ec2RequestRate: settings.ec2RequestRate,
        ecsRequestRate: settings.ecsRequestRate,
      }),
    });
  }

  /** Builds the service; call once per plugin instance. */
  static create(
    options: DefaultFargateEndpointsServiceOptions,
  ): DefaultFargateEndpointsService {
    return new DefaultFargateEndpointsService(options);
  }

  private constructor(
    private readonly options: DefaultFargateEndpointsServiceOptions,
  ) {
    const { settings, logger, engine, credentialsManager, now } = options;
    this.now = now ?? Date.now;
    this.access = new AwsAccountAccess(settings, credentialsManager, engine);
    const cache = options.cache.withOptions({
      defaultTtl: settings.staleTtlMs,
    });
    const common = {
      cache,
      logger,
      keepMs: settings.staleTtlMs,
      now: this.now,
    };
    this.vpcSnapshots = new SharedReadCache<VpcSnapshot>({
      ...common,
      keyPrefix: 'vpc:',
      freshMs: settings.vpcTtlMs,
      partialFreshMs: 30_000,
      hasFailures: snapshot => snapshot.failures.length > 0,
      isWorseThan: (next, previous) =>
        failsWhereOtherRead(next.failures, previous.failures),
    });
    this.ecsServices = new SharedReadCache<LocatedEcsService>({
      ...common,
      keyPrefix: 'ecs:',
      freshMs: settings.ecsServiceTtlMs,
      partialFreshMs: Math.min(30_000, settings.ecsServiceTtlMs),
      hasFailures: s => s.read.failures.length > 0 || !s.vpcId,
      isWorseThan: (next, previous) =>
        failsWhereOtherRead(next.read.failures, previous.read.failures) ||
        (!next.vpcId && Boolean(previous.vpcId)),
    });
    // The S3 prefix list is per region and all but never changes: keep it as long as anything.
    this.s3PrefixLists = new SharedReadCache<PrefixList | null>({
      ...common,
      keyPrefix: 's3-prefix-list:',
      freshMs: settings.staleTtlMs,
    });
  }

  async getEntityReport(
    entityRef: string,
    options: { refresh?: boolean; credentials: BackstageCredentials },
  ): Promise<EntityReport> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials: options.credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const check = await this.checkTarget(entityTarget(entity, entityRef), {
      // Reads that start after this moment answer the refresh; earlier ones do not.
      refreshSince: options.refresh ? this.now() : undefined,
    });
    return this.entityReport(entityRef, check);
  }

  async checkNetwork(input: NetworkCheckRequest): Promise<CheckReport> {
    const check = await this.checkTarget(
      {
        kind: 'network',
        region: input.region,
        accountId: input.accountId,
        input,
        fromRequest: true,
      },
      {},
    );
    return check.report;
  }

  async getOverview(): Promise<OverviewResponse> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entities = await fetchLinkedEntities(
      this.options.catalog,
      credentials,
    );
    return buildOverview(entities, {
      concurrency: this.options.settings.overviewConcurrency,
      check: target => this.checkTarget(target, {}),
      now: () => new Date(this.now()),
    });
  }

  /** Checks what an entity or a request points at, through the caches. */
  async checkTarget(
    target: EntityTarget,
    opts: ReadFreshness,
  ): Promise<TargetCheck> {
    const reader = await this.access.reader(target.accountId, target.region);
    if (target.kind === 'network') {
      return this.checkNetworkTarget(reader, target, opts);
    }
    return this.checkEcsTarget(reader, target, opts);
  }

  private async checkNetworkTarget(
    reader: AwsRegionReader,
    target: NetworkTarget,
    opts: ReadFreshness,
  ): Promise<TargetCheck> {
    const { engine } = this.options;
    const spec = engine.networkServiceSpec({
      ...target.input,
      images: target.input.images ?? [],
    });
    const vpc = await this.vpcSnapshot(
      reader,
      target,
      target.input.vpcId,
      opts,
    );
    if ('unknown' in vpc) {
      return {
        report: unreadableReport(networkCheckTarget(target), [vpc.unknown], {
          needs: spec.needs,
          checkedAt: this.isoNow(),
        }),
        readAt: this.now(),
        stale: false,
      };
    }
    assertNetworkInputInVpc(
      vpc.value,
      spec,
      target.fromRequest
        ? { subnetIds: 'subnetIds', securityGroupIds: 'securityGroupIds' }
        : {
            subnetIds: ANNOTATION_SUBNET_IDS,
            securityGroupIds: ANNOTATION_SECURITY_GROUP_IDS,
          },
    );
    return {
      report: engine.evaluateService(vpc.value, spec),
      readAt: vpc.readAt,
      stale: vpc.stale,
    };
  }

  private async checkEcsTarget(
    reader: AwsRegionReader,
    target: EcsServiceTarget,
    opts: ReadFreshness,
  ): Promise<TargetCheck> {
    const service = await this.ecsServices.get(
      `${target.accountId}:${target.region}:${target.arn.arn}`,
      opts,
      () => this.locateEcsService(reader, target),
    );
    const { read, vpcId, vpcUnknown } = service.value;
    if (!vpcId) {
      const unknown: UnknownCheck[] = read.failures.map(f => ({
        check: `ECS ${f.part}`,
        rules: [],
        call: f.call,
        reason: f.reason,
      }));
      if (vpcUnknown) unknown.push(vpcUnknown);
      return {
        report: unreadableReport(ecsCheckTarget(read), unknown, {
          checkedAt: this.isoNow(),
        }),
        readAt: service.readAt,
        stale: service.stale,
      };
    }
    const spec = this.options.engine.buildServiceSpec(
      read,
      vpcId,
      target.extraNeeds,
    );
    const vpc = await this.vpcSnapshot(reader, target, vpcId, opts);
    if ('unknown' in vpc) {
      return {
        report: unreadableReport(
          { ...ecsCheckTarget(read), vpcId },
          [vpc.unknown],
          {
            needs: spec.needs,
            checkedAt: this.isoNow(),
          },
        ),
        readAt: service.readAt,
        stale: service.stale,
      };
    }
    // A task subnet or group the VPC no longer has comes back as `unknown` from the rules.
    return {
      report: this.options.engine.evaluateService(vpc.value, spec),
      readAt: Math.min(service.readAt, vpc.readAt),
      stale: service.stale || vpc.stale,
    };
  }

  private async locateEcsService(
    reader: AwsRegionReader,
    target: EcsServiceTarget,
  ): Promise<LocatedEcsService> {
    const read = await reader.readEcsService(target.arn.arn);
    if (read.subnetIds.length === 0) return { read };
    try {
      const vpcBySubnet = await reader.resolveSubnetVpcs(read.subnetIds);
      const vpcId = read.subnetIds.map(s => vpcBySubnet.get(s)).find(Boolean);
      if (vpcId) return { read, vpcId };
      return {
        read,
        vpcUnknown: {
          check: 'task subnets',
          rules: [],
          call: 'DescribeSubnets',
          reason: `none of the service's subnets (${read.subnetIds.join(
            ', ',
          )}) exists any more`,
        },
      };
    } catch (error) {
      return {
        read,
        vpcUnknown: {
          check: 'task subnets',
          rules: [],
          call: 'DescribeSubnets',
          reason: describeAwsError(error, 'ec2', 'DescribeSubnets'),
        },
      };
    }
  }

  /**
   * One VPC's snapshot through the cache. A missing VPC stays a NotFoundError; anything
   * else that stops the read (no credentials at all) comes back as an unknown check.
   */
  private async vpcSnapshot(
    reader: AwsRegionReader,
    where: { accountId?: string; region: string },
    vpcId: string,
    opts: ReadFreshness,
  ): Promise<CachedRead<VpcSnapshot> | { unknown: UnknownCheck }> {
    const account = where.accountId ?? MAIN_ACCOUNT;
    try {
      return await this.vpcSnapshots.get(
        `${account}:${where.region}:${vpcId}`,
        opts,
        () =>
          reader.readVpcSnapshot(
            vpcId,
            this.s3PrefixList(reader, account, where.region),
          ),
      );
    } catch (error) {
      if (
        error instanceof NotFoundError ||
        (error as Error)?.name === 'NotFoundError'
      ) {
        throw error;
      }
      return {
        unknown: {
          check: `VPC ${vpcId}`,
          rules: [],
          call: 'DescribeVpcs',
          reason: describeAwsError(error, 'ec2', 'DescribeVpcs'),
        },
      };
    }
  }

  private async s3PrefixList(
    reader: AwsRegionReader,
    account: string,
    region: string,
  ): Promise<PrefixList | undefined> {
    const list = await this.s3PrefixLists.get(
      `${account}:${region}`,
      {},
      async () => (await reader.readS3PrefixList()) ?? null,
    );
    return list.value ?? undefined;
  }

  private entityReport(entityRef: string, check: TargetCheck): EntityReport {
    return {
      ...check.report,
      entityRef,
      ageSeconds: Math.max(0, Math.round((this.now() - check.readAt) / 1000)),
      stale: check.stale,
    };
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}

function networkCheckTarget(target: NetworkTarget): CheckTarget {
  const {
    region,
    accountId,
    vpcId,
    subnetIds,
    securityGroupIds,
    assignPublicIp,
  } = target.input;
  return {
    region,
    accountId,
    vpcId,
    subnetIds,
    securityGroupIds,
    assignPublicIp,
  };
}

function ecsCheckTarget(read: EcsServiceRead): CheckTarget {
  return {
    region: read.region,
    accountId: read.accountId,
    subnetIds: read.subnetIds,
    securityGroupIds: read.securityGroupIds,
    serviceArn: read.serviceArn,
    clusterArn: read.clusterArn,
    serviceName: read.serviceName,
    taskDefinitionArn: read.taskDefinitionArn,
    platformVersion: read.platformVersion,
    assignPublicIp: read.assignPublicIp,
  };
}
