import {
  BackstageCredentials,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_SECURITY_GROUP_IDS,
  ANNOTATION_SUBNET_IDS,
  ANNOTATION_ECS_SERVICE_ARN,
  CheckReport,
  EntityHistoryResponse,
  EntityReport,
  NetworkCheckRequest,
  OverviewResponse,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import {
  AwsAccountAccess,
  AwsReader,
  EC2_FILTER_VALUES_MAX,
  AwsReaderFactory,
  CheckRequest,
  EcsServiceRead,
  MAIN_ACCOUNT,
  runCheck,
  unreadableReport,
  PullThroughCacheRead,
  RepositoryPolicyRead,
  VpcSnapshot,
  VpcSnapshotsRead,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import {
  FargateEndpointsSettings,
  readFargateEndpointsSettings,
} from './config';
import { CallBatcher } from './callBatcher';
import { createBatchingReaderFactory } from './defaultEngine';
import { EntityTarget, entityTarget, targetKey } from './entityTarget';
import {
  buildOverview,
  fetchLinkedEntities,
  mapWithConcurrency,
} from './overview';
import {
  ACCOUNT_REGIONS_AT_ONCE,
  AccountRegionTargets,
  byAccountRegion,
  readAhead,
} from './readAhead';
import { CachedRead, ReadFreshness, SharedReadCache } from './SharedReadCache';
import { FargateEndpointsService } from './types';
import {
  assessPlanForCaller,
  type PlanImpactRequest,
  type PlanImpactResponse,
} from './planImpact';
import { LatestResult, SweepStore } from '../sweep/SweepStore';

/** A report with the age of the AWS state behind it. */
export interface TargetCheck {
  report: CheckReport;
  /** Epoch milliseconds of the oldest read the report rests on. */
  readAt: number;
  stale: boolean;
  /** Why a newer read could not replace what the report rests on, when one failed. */
  failure?: { reason: string; at: number };
  /** The VPC snapshot the report rests on, when the check read one (history keeps its fingerprint). */
  snapshot?: VpcSnapshot;
}

/** Options of {@link DefaultFargateEndpointsService.create}. */
export interface DefaultFargateEndpointsServiceOptions {
  catalog: CatalogService;
  cache: CacheService;
  logger: LoggerService;
  settings: FargateEndpointsSettings;
  credentialsManager: AwsCredentialsManager;
  /** Builds the AWS reader of one account and region; the batching, paced one by default. */
  readerFactory?: AwsReaderFactory;
  /** The sweep's results: reports are served from them while they are recent. */
  store?: SweepStore;
  now?: () => number;
}

/** Why a read is worse than the previous one: it failed where the previous one read. */
function failsWhereOtherRead(
  next: Array<{ part: string; call: string; reason: string }>,
  previous: Array<{ part: string }>,
): string | undefined {
  const worse = next.filter(f => !previous.some(p => p.part === f.part));
  if (!worse.length) return undefined;
  return worse.map(f => `${f.call}: ${f.reason}`).join('; ');
}

/** The engine's check request for what an entity or a request points at. */
function checkRequestFor(target: EntityTarget): CheckRequest {
  if (target.kind === 'ecs-service') {
    return {
      kind: 'ecs-service',
      serviceArn: target.arn.arn,
      extraNeeds: target.extraNeeds,
      field: ANNOTATION_ECS_SERVICE_ARN,
      ...(target.networkPlan !== undefined
        ? { networkPlan: target.networkPlan }
        : {}),
    };
  }
  if (target.kind === 'planned') return target;
  return {
    kind: 'network',
    input: { ...target.input, images: target.input.images ?? [] },
    fields: target.fromRequest
      ? { subnetIds: 'subnetIds', securityGroupIds: 'securityGroupIds' }
      : {
          subnetIds: ANNOTATION_SUBNET_IDS,
          securityGroupIds: ANNOTATION_SECURITY_GROUP_IDS,
        },
  };
}

/** A task definition as cached: the answer's, absent when the answer held none. */
interface CachedTaskDefinition {
  taskDefinition?: NonNullable<EcsServiceRead['taskDefinition']>;
}

/**
 * How long a task definition is kept: a revision never changes (ECS API Reference,
 * RegisterTaskDefinition: a change registers a new revision), so a day is only a bound on
 * memory and a safeguard, not a freshness window.
 */
const TASK_DEFINITION_TTL_MS = 24 * 60 * 60_000;

/**
 * How long a read-ahead's VPC reads wait for each other before the batched read starts: they
 * are all asked for at once, each after its own cache look-up.
 */
const READ_AHEAD_WINDOW_MS = 50;

/** The caches a check reads through, one per kind of read. */
interface ReadCaches {
  vpcSnapshots: SharedReadCache<VpcSnapshot>;
  ecsServices: SharedReadCache<EcsServiceRead>;
  subnetVpcs: SharedReadCache<Record<string, string>>;
  /** Task definitions by ARN (immutable), shared by every service and check. */
  taskDefinitions: SharedReadCache<CachedTaskDefinition>;
  /** What the ECR pull-through cache holds of a task definition's images. */
  pullThroughCache: SharedReadCache<PullThroughCacheRead>;
  /** Repository policies of images in other accounts' registries. */
  repositoryPolicies: SharedReadCache<RepositoryPolicyRead[]>;
}

/**
 * The reader one check reads through: every read goes through the shared caches (one AWS
 * read per key, shared by concurrent checks), and the age of what it served is remembered
 * for the report.
 */
class CachingReader implements AwsReader {
  readonly region: string;
  readonly accountId?: string;
  private oldest?: number;
  private anyStale = false;
  private lastFailure?: { reason: string; at: number };
  private lastSnapshot?: VpcSnapshot;

  constructor(
    private readonly base: AwsReader,
    private readonly caches: ReadCaches,
    private readonly opts: ReadFreshness,
  ) {
    this.region = base.region;
    this.accountId = base.accountId;
    // Only by a base that can: without it the cache stays unread, as the engine documents.
    if (base.readPullThroughCache) {
      const read = base.readPullThroughCache.bind(base);
      this.readPullThroughCache = async images =>
        this.track(
          await this.caches.pullThroughCache.get(
            this.key(`ptc:${[...images].sort().join(',')}`),
            this.opts,
            () => read(images),
          ),
        );
    }
    if (base.readRepositoryPolicies) {
      const read = base.readRepositoryPolicies.bind(base);
      this.readRepositoryPolicies = async (images, accountId) =>
        this.track(
          await this.caches.repositoryPolicies.get(
            this.key(`repo-policies:${[...images].sort().join(',')}`),
            this.opts,
            () => read(images, accountId),
          ),
        );
    }
    // Shared endpoints in a VPC of this account (engine: check/ownAccountHub.ts): a few ids
    // per check, read as they are asked for.
    if (base.readHubView) this.readHubView = base.readHubView.bind(base);
  }

  readonly readHubView?: AwsReader['readHubView'];

  readonly readPullThroughCache?: AwsReader['readPullThroughCache'];

  readonly readRepositoryPolicies?: AwsReader['readRepositoryPolicies'];

  /** Epoch milliseconds of the oldest read served, if any. */
  get readAt(): number | undefined {
    return this.oldest;
  }

  /** True when some read served was past its freshness window, or could not be refreshed. */
  get stale(): boolean {
    return this.anyStale;
  }

  /** The VPC snapshot served, if one was. */
  get snapshot(): VpcSnapshot | undefined {
    return this.lastSnapshot;
  }

  /** The latest failure to read again what was served instead. */
  get failure(): { reason: string; at: number } | undefined {
    return this.lastFailure;
  }

  private key(id: string): string {
    return `${this.accountId ?? MAIN_ACCOUNT}:${this.region}:${id}`;
  }

  private track<T>(read: CachedRead<T>): T {
    this.oldest = Math.min(this.oldest ?? read.readAt, read.readAt);
    this.anyStale ||= read.stale;
    if (
      read.failure &&
      (!this.lastFailure || read.failure.at > this.lastFailure.at)
    )
      this.lastFailure = read.failure;
    return read.value;
  }

  async readEcsService(serviceArn: string): Promise<EcsServiceRead> {
    return this.track(
      await this.caches.ecsServices.get(this.key(serviceArn), this.opts, () =>
        this.base.readEcsService(serviceArn, {
          // Immutable per ARN: read once and shared by every service and check.
          taskDefinitions: async (arn, read) =>
            (
              await this.caches.taskDefinitions.get(
                this.key(arn),
                // A refresh re-reads only a failed read: a good one never changes.
                this.opts,
                async () => ({
                  taskDefinition: await read(),
                }),
              )
            ).value.taskDefinition,
        }),
      ),
    );
  }

  async resolveSubnetVpcs(subnetIds: string[]): Promise<Map<string, string>> {
    const key = this.key([...subnetIds].sort().join(','));
    const read = await this.caches.subnetVpcs.get(key, this.opts, async () =>
      Object.fromEntries(await this.base.resolveSubnetVpcs(subnetIds)),
    );
    return new Map(Object.entries(this.track(read)));
  }

  /** EFS mount targets are read fresh for each check that mounts a file system. */
  readFileSystems(fileSystemIds: string[]) {
    if (!this.base.readFileSystems)
      return Promise.reject(new Error('this reader cannot read EFS'));
    return this.base.readFileSystems(fileSystemIds);
  }

  /**
   * Reads the VPCs into the cache with the base reader's batched read (a few paged calls for
   * every VPC of the account and region) where it has one, one by one otherwise. Only those
   * the cache cannot answer are read; failures are cached for the checks to report.
   */
  async readVpcSnapshotsAhead(vpcIds: string[]): Promise<void> {
    const readMany = this.base.readVpcSnapshots?.bind(this.base);
    const batch = readMany
      ? new CallBatcher<VpcSnapshotsRead>({
          maxIds: EC2_FILTER_VALUES_MAX,
          windowMs: READ_AHEAD_WINDOW_MS,
          call: (_region, ids) => readMany(ids),
        })
      : undefined;
    const load = async (vpcId: string): Promise<VpcSnapshot> => {
      if (!batch) return this.base.readVpcSnapshot(vpcId);
      const read = (await batch.request(this.region, [vpcId])).get(vpcId);
      if (read instanceof Error) throw read;
      if (!read)
        throw new Error(
          `the batched read of ${this.region} did not answer for ${vpcId}`,
        );
      return read;
    };
    await Promise.all(
      vpcIds.map(vpcId =>
        this.caches.vpcSnapshots
          .get(this.key(vpcId), this.opts, () => load(vpcId))
          .catch(() => undefined),
      ),
    );
  }

  async readVpcSnapshot(vpcId: string): Promise<VpcSnapshot> {
    this.lastSnapshot = this.track(
      await this.caches.vpcSnapshots.get(this.key(vpcId), this.opts, () =>
        this.base.readVpcSnapshot(vpcId),
      ),
    );
    return this.lastSnapshot;
  }
}

/**
 * The live check of catalog entities and network inputs: the engine's check pipeline over a
 * reader whose every read is cached and shared, so one AWS read per VPC serves every service
 * in it; reads are deduplicated while in flight and paced per account and region.
 */
export class DefaultFargateEndpointsService implements FargateEndpointsService {
  private readonly access: AwsAccountAccess;
  private readonly caches: ReadCaches;
  private readonly now: () => number;

  /**
   * Builds the service as the plugin runs it: settings from `fargateEndpoints.*`, credentials
   * from the `aws` integration config, the batching reader with its pacing.
   */
  static fromConfig(
    config: Config,
    deps: Pick<
      DefaultFargateEndpointsServiceOptions,
      'catalog' | 'cache' | 'logger' | 'store'
    >,
  ): DefaultFargateEndpointsService {
    return DefaultFargateEndpointsService.create({
      ...deps,
      settings: readFargateEndpointsSettings(config),
      credentialsManager: DefaultAwsCredentialsManager.fromConfig(config),
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
    const { settings, logger, credentialsManager, now } = options;
    this.now = now ?? Date.now;
    this.access = new AwsAccountAccess(
      settings.aws,
      credentialsManager,
      options.readerFactory ?? createBatchingReaderFactory(settings.aws),
    );
    const cache = options.cache.withOptions({
      defaultTtl: settings.staleTtlMs,
    });
    const common = {
      cache,
      logger,
      keepMs: settings.staleTtlMs,
      negativeMs: settings.negativeTtlMs,
      minRefreshIntervalMs: settings.minRefreshIntervalMs,
      now: this.now,
    };
    this.caches = {
      vpcSnapshots: new SharedReadCache<VpcSnapshot>({
        ...common,
        keyPrefix: 'vpc:',
        freshMs: settings.vpcTtlMs,
        partialFreshMs: 30_000,
        hasFailures: snapshot => snapshot.failures.length > 0,
        worseThan: (next, previous) =>
          failsWhereOtherRead(next.failures, previous.failures),
      }),
      ecsServices: new SharedReadCache<EcsServiceRead>({
        ...common,
        keyPrefix: 'ecs:',
        freshMs: settings.ecsServiceTtlMs,
        partialFreshMs: Math.min(30_000, settings.ecsServiceTtlMs),
        hasFailures: read => read.failures.length > 0,
        worseThan: (next, previous) =>
          failsWhereOtherRead(next.failures, previous.failures),
      }),
      taskDefinitions: new SharedReadCache<CachedTaskDefinition>({
        ...common,
        cache: options.cache.withOptions({
          defaultTtl: TASK_DEFINITION_TTL_MS,
        }),
        keepMs: TASK_DEFINITION_TTL_MS,
        keyPrefix: 'taskdef:',
        freshMs: TASK_DEFINITION_TTL_MS,
        immutable: true,
      }),
      // The first pull of an uncached image changes the answer: as fresh as a VPC read.
      pullThroughCache: new SharedReadCache<PullThroughCacheRead>({
        ...common,
        keyPrefix: 'ptc:',
        freshMs: settings.vpcTtlMs,
        partialFreshMs: 30_000,
        hasFailures: read =>
          Boolean(read.failure) || read.images.some(i => i.failure),
      }),
      repositoryPolicies: new SharedReadCache<RepositoryPolicyRead[]>({
        ...common,
        keyPrefix: 'repo-policies:',
        freshMs: settings.vpcTtlMs,
        partialFreshMs: 30_000,
        hasFailures: reads => reads.some(r => r.failure),
      }),
      // A subnet never moves to another VPC; a deleted one is found again with the VPC's TTL.
      subnetVpcs: new SharedReadCache<Record<string, string>>({
        ...common,
        keyPrefix: 'subnet-vpcs:',
        freshMs: settings.vpcTtlMs,
      }),
    };
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
    const target = entityTarget(entity, entityRef);
    if (!options.refresh) {
      const swept = this.servable(
        await this.latestOf([entityRef]).then(m => m.get(entityRef)),
        target,
      );
      if (swept) return swept.report(entityRef);
    }
    const check = await this.checkTarget(target, {
      // Reads that start after this moment answer the refresh; earlier ones do not.
      refreshSince: options.refresh ? this.now() : undefined,
    });
    return this.entityReport(entityRef, check);
  }

  async assessPlan(
    request: PlanImpactRequest,
    options: { credentials: BackstageCredentials },
  ): Promise<PlanImpactResponse> {
    return assessPlanForCaller(
      {
        access: this.access,
        catalog: this.options.catalog,
        deadlineMs: this.options.settings.reportDeadlineMs,
      },
      request,
      options.credentials,
    );
  }

  async getEntityHistory(
    entityRef: string,
    options: { credentials: BackstageCredentials; limit?: number },
  ): Promise<EntityHistoryResponse> {
    // The caller's credentials: an entity the caller may not read has no history either.
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials: options.credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const store = this.options.store;
    if (!store) return { entityRef, entries: [] };
    const [entries, latest, current] = await Promise.all([
      store.history(entityRef, options.limit ?? 50),
      store.latest(entityRef),
      store.currentSince([entityRef]).then(map => map.get(entityRef)),
    ]);
    return {
      entityRef,
      entries,
      ...(current
        ? {
            current: {
              verdict: current.verdict,
              since: new Date(current.since).toISOString(),
              ...(current.cause ? { cause: current.cause } : {}),
            },
          }
        : {}),
      ...(latest
        ? { lastSweptAt: new Date(latest.sweptAt).toISOString() }
        : {}),
    };
  }

  /** The sweep's latest results of these entities; none when the database cannot say. */
  private async latestOf(
    entityRefs: string[],
  ): Promise<Map<string, LatestResult>> {
    if (!this.options.store || entityRefs.length === 0) return new Map();
    try {
      return await this.options.store.latestMany(entityRefs);
    } catch (error) {
      this.options.logger.warn(
        `Could not read the sweep's results, checking live instead: ${error}`,
      );
      return new Map();
    }
  }

  /**
   * A swept result that may be served for this target: for the same target the entity points at
   * now, and recent enough (within the stale TTL; stale once older than a sweep interval past the
   * VPC TTL, that is when a sweep was missed).
   */
  private servable(
    latest: LatestResult | undefined,
    target: EntityTarget,
  ):
    | {
        check: TargetCheck;
        sweptAt: number;
        report: (ref: string) => EntityReport;
      }
    | undefined {
    if (!latest || latest.targetKey !== targetKey(target)) return undefined;
    const { settings } = this.options;
    const age = this.now() - latest.readAt;
    if (age > settings.staleTtlMs) return undefined;
    const check: TargetCheck = {
      report: latest.report,
      readAt: latest.readAt,
      stale:
        latest.stale || age > settings.vpcTtlMs + settings.sweep.frequencyMs,
      failure: latest.failure,
    };
    return {
      check,
      sweptAt: latest.sweptAt,
      report: entityRef => ({
        ...this.entityReport(entityRef, check),
        sweptAt: new Date(latest.sweptAt).toISOString(),
      }),
    };
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

  async getOverview(options: {
    credentials: BackstageCredentials;
    ownedBy?: string;
  }): Promise<OverviewResponse> {
    // The caller's credentials: the catalog's own permissions decide what the overview lists.
    const entities = await fetchLinkedEntities(
      this.options.catalog,
      options.credentials,
      { ownedBy: options.ownedBy },
    );
    const refs = entities.map(e => stringifyEntityRef(e));
    const latest = await this.latestOf(refs);
    // What the sweep cannot answer is read ahead, account and region at a time.
    await this.readAheadForAll(
      entities.flatMap(entity => {
        const ref = stringifyEntityRef(entity);
        try {
          const target = entityTarget(entity, ref);
          return this.servable(latest.get(ref), target) ? [] : [target];
        } catch {
          return [];
        }
      }),
      {},
    );
    const since = this.options.store
      ? await this.options.store.currentSince(refs).catch(() => new Map())
      : new Map();
    return buildOverview(entities, {
      concurrency: this.options.settings.overviewConcurrency,
      check: async (target, entityRef) => {
        const current = since.get(entityRef);
        const notReadySince =
          current?.verdict === 'not-ready'
            ? new Date(current.since).toISOString()
            : undefined;
        const swept = this.servable(latest.get(entityRef), target);
        if (swept)
          return {
            report: swept.check.report,
            sweptAt: new Date(swept.sweptAt).toISOString(),
            notReadySince,
          };
        return { ...(await this.checkTarget(target, {})), notReadySince };
      },
      now: () => new Date(this.now()),
    });
  }

  /**
   * Reads ahead, into the caches, what the checks of these targets of one account and region
   * will read, with a few calls for all of them (see readAhead.ts); then each check costs
   * no AWS call. Never throws: what fails is cached for the checks to report.
   */
  async readAheadFor(
    group: AccountRegionTargets<EntityTarget>,
    opts: ReadFreshness,
  ): Promise<void> {
    let base: AwsReader;
    try {
      base = await this.access.reader(group.accountId, group.region);
    } catch {
      // An account not configured: each check says so.
      return;
    }
    await readAhead(new CachingReader(base, this.caches, opts), group.items);
  }

  /** {@link readAheadFor} of every account and region of the targets, a few at a time. */
  private async readAheadForAll(
    targets: EntityTarget[],
    opts: ReadFreshness,
  ): Promise<void> {
    await mapWithConcurrency(
      byAccountRegion(targets, t => t),
      ACCOUNT_REGIONS_AT_ONCE,
      group => this.readAheadFor(group, opts),
    );
  }

  /** Checks what an entity or a request points at, through the caches. */
  async checkTarget(
    target: EntityTarget,
    opts: ReadFreshness,
  ): Promise<TargetCheck> {
    const base = await this.access.reader(target.accountId, target.region);
    const reader = new CachingReader(base, this.caches, opts);
    let report: CheckReport;
    try {
      report = await runCheck(reader, checkRequestFor(target), {
        now: () => new Date(this.now()),
        deadlineMs: this.options.settings.reportDeadlineMs,
        hub: await this.access.hubFor(target),
      });
    } catch (error) {
      // No credentials, or credentials AWS rejects: an answer to act on, not a server error.
      if (!(error instanceof ServiceUnavailableError)) throw error;
      report = unreadableReport(
        {
          region: target.region,
          accountId: target.accountId,
          subnetIds: target.kind === 'network' ? target.input.subnetIds : [],
          securityGroupIds:
            target.kind === 'network' ? target.input.securityGroupIds : [],
          ...(target.kind === 'ecs-service'
            ? { serviceArn: target.arn.arn }
            : {
                vpcId:
                  target.kind === 'network' ? target.input.vpcId : target.vpcId,
              }),
        },
        [{ check: 'AWS credentials', rules: [], reason: error.message }],
        { checkedAt: this.isoNow() },
      );
    }
    return {
      report,
      readAt: reader.readAt ?? this.now(),
      stale: reader.stale,
      failure: reader.failure,
      snapshot: reader.snapshot,
    };
  }

  private entityReport(entityRef: string, check: TargetCheck): EntityReport {
    return {
      ...check.report,
      entityRef,
      ageSeconds: Math.max(0, Math.round((this.now() - check.readAt) / 1000)),
      stale: check.stale,
      ...(check.failure
        ? {
            staleReason: check.failure.reason,
            staleSince: new Date(check.failure.at).toISOString(),
          }
        : {}),
    };
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}
