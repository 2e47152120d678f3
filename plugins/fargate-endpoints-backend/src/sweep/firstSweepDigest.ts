import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationPayload } from '@backstage/plugin-notifications-common';
import {
  type CheckReport,
  compareSeverity,
  isPreflightReport,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { randomUUID } from 'node:crypto';
import { AlertSettings } from '../service/config';
import { FirstSeenStore, WatchedEntity } from './FirstSeenStore';
import { DEFAULT_CLAIM_TIMEOUT_MS, NOTIFICATION_TOPIC } from './notifier';
import { healthOf } from './incidentPolicy';
import type { SweepStore } from './SweepStore';

const nameOf = (entityRef: string) => parseEntityRef(entityRef).name;

function entityPage(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}`;
}

/** A service that was already broken when the watch began, and the report that says why. */
export interface BrokenAtStart {
  entityRef: string;
  report: CheckReport;
}

/**
 * One owner's digest: the services that were already not ready when the watch began, each
 * with the first thing that stops it and its fix, since the incident notifications only ever
 * tell of changes.
 */
export function firstSweepDigestPayload(
  unsorted: BrokenAtStart[],
): NotificationPayload {
  const broken = [...unsorted].sort((a, b) =>
    a.entityRef.localeCompare(b.entityRef),
  );
  const names = broken.map(b => nameOf(b.entityRef));
  const lines = broken.map(({ entityRef, report }) => {
    const [first] = [...report.findings].sort((a, b) =>
      compareSeverity(a.severity, b.severity),
    );
    const what = first ? first.message : 'a check fails';
    return `${nameOf(entityRef)}: ${what}${first ? ` Fix: ${first.fix}` : ''}`;
  });
  const title =
    broken.length > 1
      ? `${
          broken.length
        } services were already not ready when the watch began: ${names.join(
          ', ',
        )}`
      : `${names[0]} was already not ready when the watch began`;
  return {
    title,
    description: lines.join('\n'),
    link:
      broken.length > 1
        ? '/fargate-endpoints'
        : entityPage(broken[0].entityRef),
    severity: 'high',
    topic: NOTIFICATION_TOPIC,
    scope: `fargate-endpoints:first-sweep:${broken
      .map(b => b.entityRef)
      .join(',')}`,
  };
}

/**
 * Tells each owner, once, what was already broken when the watch began for their services:
 * an incident is only opened for a change the sweep saw happen, so without this an owner whose
 * service was broken before the first sweep would never hear of it. Every entity is covered
 * once in the database, whichever replica sweeps and however often the backend restarts; an
 * entity added to the catalog later gets its own digest after its first sweep.
 */
export class FirstSweepDigest {
  constructor(
    private readonly deps: {
      store: SweepStore;
      firstSeen: FirstSeenStore;
      notifications: NotificationService;
      logger: LoggerService;
      settings: AlertSettings;
      now: () => number;
      claimTimeoutMs?: number;
    },
  ) {}

  /** Sends the digests due for the watched entities. Returns how many went out. */
  async dispatch(
    watched: Array<{ entityRef: string; ownerRef?: string }>,
  ): Promise<{ sent: number }> {
    const { store, firstSeen, settings, logger } = this.deps;
    if (!settings.enabled || !settings.firstSweepDigest) return { sent: 0 };
    const owned = watched.filter((w): w is WatchedEntity => !!w.ownerRef);
    // Only what a sweep has checked: an entity whose check failed waits for the next one.
    const latest = await store.latestMany(owned.map(w => w.entityRef));
    const checked = owned.filter(w => latest.has(w.entityRef));
    if (checked.length === 0) return { sent: 0 };
    const claim = randomUUID();
    const claimed = new Set(
      await firstSeen.claimNew(checked, {
        claim,
        now: this.deps.now(),
        claimTimeoutMs: this.deps.claimTimeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS,
      }),
    );
    if (claimed.size === 0) return { sent: 0 };
    const told = await firstSeen.withOpenIncident([...claimed]);
    const byOwner = new Map<string, BrokenAtStart[]>();
    const nothingToTell: string[] = [];
    for (const { entityRef, ownerRef } of checked) {
      if (!claimed.has(entityRef)) continue;
      const report = latest.get(entityRef)!.report;
      const broken =
        healthOf(report, settings.severity) === 'broken' &&
        // A network with no service in it is not an outage; an open incident is told already.
        !isPreflightReport(report) &&
        !told.has(entityRef);
      if (!broken) {
        nothingToTell.push(entityRef);
        continue;
      }
      byOwner.set(ownerRef, [
        ...(byOwner.get(ownerRef) ?? []),
        { entityRef, report },
      ]);
    }
    await firstSeen.settle(claim, nothingToTell, { sentAt: this.deps.now() });
    let sent = 0;
    for (const [ownerRef, broken] of byOwner) {
      const refs = broken.map(b => b.entityRef);
      try {
        await this.deps.notifications.send({
          recipients: { type: 'entity', entityRef: ownerRef },
          payload: firstSweepDigestPayload(broken),
        });
        await firstSeen.settle(claim, refs, { sentAt: this.deps.now() });
        sent += 1;
      } catch (error) {
        logger.warn(
          `Could not send ${ownerRef} the first-sweep digest of ${refs.length} service(s); retrying at the next sweep: ${error}`,
        );
        await firstSeen.settle(claim, refs, 'release');
      }
    }
    return { sent };
  }
}
