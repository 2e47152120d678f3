import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  ANNOTATION_ECS_SERVICE_ARN,
  ANNOTATION_REGION,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { vpcFingerprint } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { FargateEndpointsSettings } from '../service/config';
import type {
  DefaultFargateEndpointsService,
  TargetCheck,
} from '../service/DefaultFargateEndpointsService';
import { EntityTarget, entityTarget, targetKey } from '../service/entityTarget';
import {
  mapGroupsWithConcurrency,
  mapWithConcurrency,
  sweepGroups,
} from '../service/overview';
import {
  ACCOUNT_REGIONS_AT_ONCE,
  AccountRegionTargets,
  byAccountRegion,
} from '../service/readAhead';
import type { ReadFreshness } from '../service/SharedReadCache';
import type { ResourceIndex } from '../changes/ChangeWatcher';
import { FirstSeenStore } from './FirstSeenStore';
import { FirstSweepDigest } from './firstSweepDigest';
import { IncidentNotifier } from './notifier';
import { SweepStore } from './SweepStore';

/** The id of the scheduled task. */
export const SWEEP_TASK_ID = 'fargate-endpoints-sweep';

/** The owner of an entity as an entity ref (`group:default/team-shop`), if it names one. */
export function ownerRefOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner.trim()) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner.trim(), {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/** Only reads started in this sweep answer it; the services of one VPC share one. */
export function sweepFreshness(startedAt: number): ReadFreshness {
  return { refreshSince: startedAt, onlyReadsSince: true };
}

/** The result of one sweep. */
export interface SweepSummary {
  sweepId: number;
  entities: number;
  checked: number;
  /** Entities whose annotations could not be read, or whose check threw. */
  failed: number;
  opened: number;
  closed: number;
  notificationsSent: number;
  aborted: boolean;
}

/** What a {@link Sweeper} works with. */
export interface SweeperDeps {
  check: (target: EntityTarget, opts: ReadFreshness) => Promise<TargetCheck>;
  /**
   * Reads ahead, for the checks of one account and region, what they will read, with a few
   * calls for all of them; without it each check reads for itself.
   */
  readAhead?: (
    group: AccountRegionTargets<EntityTarget>,
    opts: ReadFreshness,
  ) => Promise<void>;
  store: SweepStore;
  notifier: IncidentNotifier;
  /** Learns which VPC each resource read belongs to, for the change events to place theirs. */
  resources?: ResourceIndex;
  /** Tells owners what was already broken when the watch began; absent, nothing is sent. */
  digest?: FirstSweepDigest;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  settings: FargateEndpointsSettings;
  now: () => number;
  /** Names this replica in the sweep log. */
  runner: string;
}

/**
 * One sweep: every catalog entity linked to a service, checked through the service's shared
 * caches and pacing (the services of one VPC together, so the VPC is read once for all of
 * them), each result recorded as soon as it is known, then the owners told.
 */
export class Sweeper {
  constructor(private readonly deps: SweeperDeps) {}

  /**
   * The sweep of a service as the plugin wires it: each entity checked through the service
   * (its cache, pacing and accounts), owners told through the notifier on `notifications`.
   */
  static forService(
    options: Omit<SweeperDeps, 'check' | 'notifier' | 'readAhead'> & {
      service: Pick<
        DefaultFargateEndpointsService,
        'checkTarget' | 'readAheadFor'
      >;
      notifications: NotificationService;
      /** Where the first-sweep digest remembers what it told; without it no digest is sent. */
      firstSeen?: FirstSeenStore;
    },
  ): Sweeper {
    const { service, notifications, firstSeen, ...rest } = options;
    return new Sweeper({
      ...rest,
      check: (target, opts) => service.checkTarget(target, opts),
      readAhead: (group, opts) => service.readAheadFor(group, opts),
      notifier: new IncidentNotifier({
        store: options.store,
        notifications,
        logger: options.logger,
        settings: options.settings.alerts,
        now: options.now,
      }),
      digest: firstSeen
        ? new FirstSweepDigest({
            store: options.store,
            firstSeen,
            notifications,
            logger: options.logger,
            settings: options.settings.alerts,
            now: options.now,
          })
        : undefined,
    });
  }

  async run(signal?: AbortSignal): Promise<SweepSummary> {
    const { store, settings, logger, now } = this.deps;
    const startedAt = now();
    const sweepId = await store.startSweep(this.deps.runner, startedAt);
    const summary: SweepSummary = {
      sweepId,
      entities: 0,
      checked: 0,
      failed: 0,
      opened: 0,
      closed: 0,
      notificationsSent: 0,
      aborted: false,
    };
    let outcome = 'failed';
    try {
      const entities = await this.fetchEntities();
      summary.entities = entities.length;
      await this.sweepByAccountRegion(entities, startedAt, summary, signal);
      if (summary.aborted) {
        // Stopped mid-sweep (the replica shuts down): what it recorded is in the database; the
        // next sweep, on whichever replica, tells owners of it together with the rest, so an
        // owner gets one notification for a VPC that broke, not one per replica.
        logger.info(
          `Sweep stopped after ${summary.checked} of ${summary.entities} services; the next sweep goes on`,
        );
        outcome = 'aborted';
        return summary;
      }
      // Everything no one has told yet, this sweep's and what a replica that stopped recorded:
      // one notification per owner for all of it.
      summary.notificationsSent += (await this.deps.notifier.dispatch()).sent;
      if (this.deps.digest) {
        summary.notificationsSent += (
          await this.deps.digest.dispatch(
            entities.map(entity => ({
              entityRef: stringifyEntityRef(entity),
              ownerRef: ownerRefOf(entity),
            })),
          )
        ).sent;
      }
      await store.prune(now() - settings.historyRetentionMs);
      outcome = 'done';
      logger.info(
        `Swept ${summary.checked} of ${
          summary.entities
        } services in ${Math.round((now() - startedAt) / 1000)} s: ${
          summary.opened
        } broke, ${summary.closed} recovered, ${
          summary.notificationsSent
        } notification(s)`,
      );
      return summary;
    } finally {
      await store
        .finishSweep(sweepId, {
          now: now(),
          entities: summary.entities,
          checked: summary.checked,
          outcome,
        })
        .catch(error =>
          logger.warn(`Could not log the end of sweep ${sweepId}: ${error}`),
        );
    }
  }

  /**
   * Account and region at a time: their reads ahead together (a few calls for every service
   * and VPC of the account and region), then each service checked from what was read.
   */
  private async sweepByAccountRegion(
    entities: Entity[],
    startedAt: number,
    summary: SweepSummary,
    signal?: AbortSignal,
  ): Promise<void> {
    const targets = new Map<Entity, EntityTarget>();
    for (const entity of entities) {
      try {
        targets.set(entity, entityTarget(entity, stringifyEntityRef(entity)));
      } catch {
        // Checked below with the rest, so that the sweep records why it cannot be.
      }
    }
    const groups = byAccountRegion(entities, e => targets.get(e));
    const unreadable = entities.filter(e => !targets.has(e));
    if (unreadable.length) groups.push({ region: '', items: unreadable });
    const checksAtOnce = Math.max(
      1,
      Math.ceil(
        this.deps.settings.overviewConcurrency / ACCOUNT_REGIONS_AT_ONCE,
      ),
    );
    await mapWithConcurrency(groups, ACCOUNT_REGIONS_AT_ONCE, async group => {
      if (signal?.aborted) {
        summary.aborted = true;
        return;
      }
      const opts = sweepFreshness(startedAt);
      if (group.region && this.deps.readAhead)
        await this.deps.readAhead(
          {
            accountId: group.accountId,
            region: group.region,
            items: group.items.map(e => targets.get(e)!),
          },
          opts,
        );
      await mapGroupsWithConcurrency(
        sweepGroups(group.items),
        checksAtOnce,
        async entity => {
          if (signal?.aborted) {
            summary.aborted = true;
            return;
          }
          await this.sweepOne(entity, startedAt, summary);
        },
      );
    });
  }

  /**
   * Checks again, with reads started now, the linked services a change touched: those whose
   * latest result is in one of the VPCs, or is one of the ECS services (ARN or name); then
   * tells the owners as a sweep does. A service no sweep has checked yet waits for the next.
   */
  async recheck(scope: {
    vpcIds: Set<string>;
    services: Set<string>;
  }): Promise<SweepSummary> {
    const startedAt = this.deps.now();
    const entities = await this.fetchEntities();
    const latest = await this.deps.store.latestMany(
      entities.map(e => stringifyEntityRef(e)),
    );
    const services = [...scope.services];
    const affected = entities.filter(entity => {
      const target = latest.get(stringifyEntityRef(entity))?.report.target;
      if (!target) return false;
      if (target.vpcId && scope.vpcIds.has(target.vpcId)) return true;
      const arn = target.serviceArn;
      return Boolean(
        arn && services.some(s => s === arn || arn.endsWith(`/${s}`)),
      );
    });
    const summary: SweepSummary = {
      sweepId: 0,
      entities: affected.length,
      checked: 0,
      failed: 0,
      opened: 0,
      closed: 0,
      notificationsSent: 0,
      aborted: false,
    };
    await this.sweepByAccountRegion(affected, startedAt, summary);
    summary.notificationsSent += (await this.deps.notifier.dispatch()).sent;
    return summary;
  }

  private async sweepOne(
    entity: Entity,
    startedAt: number,
    summary: SweepSummary,
  ): Promise<void> {
    const entityRef = stringifyEntityRef(entity);
    try {
      const target = entityTarget(entity, entityRef);
      // Only reads started in this sweep answer it; the services of one VPC share one.
      const check = await this.deps.check(target, sweepFreshness(startedAt));
      const outcome = await this.deps.store.record(
        {
          entityRef,
          ownerRef: ownerRefOf(entity),
          targetKey: targetKey(target),
          report: check.report,
          readAt: check.readAt,
          stale: check.stale,
          failure: check.failure,
          fingerprint: check.snapshot
            ? vpcFingerprint(check.snapshot, {
                securityGroupIds: check.report.target.securityGroupIds,
              })
            : undefined,
        },
        { now: this.deps.now(), threshold: this.deps.settings.alerts.severity },
      );
      if (check.snapshot) this.deps.resources?.add(check.snapshot);
      summary.checked += 1;
      if (outcome.opened !== undefined) summary.opened += 1;
      if (outcome.closed !== undefined) summary.closed += 1;
    } catch (error) {
      // A bad annotation, an account not allowed, a VPC that does not exist: the card says
      // which; the sweep goes on with the rest of the fleet.
      summary.failed += 1;
      this.deps.logger.debug(`Sweep could not check ${entityRef}: ${error}`);
    }
  }

  /** Every linked entity, read with the plugin's own credentials: the sweep watches them all. */
  private async fetchEntities(): Promise<Entity[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: [
          {
            [`metadata.annotations.${ANNOTATION_ECS_SERVICE_ARN}`]:
              CATALOG_FILTER_EXISTS,
          },
          {
            [`metadata.annotations.${ANNOTATION_REGION}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
          'spec.owner',
        ],
      },
      { credentials },
    );
    return items;
  }
}
