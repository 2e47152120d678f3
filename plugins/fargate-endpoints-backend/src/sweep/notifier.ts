import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { NotificationPayload } from '@backstage/plugin-notifications-common';
import { randomUUID } from 'node:crypto';
import { AlertSettings } from '../service/config';
import { IncidentRow, SweepStore } from './SweepStore';

/** The topic every fargate-endpoints notification carries, for users' notification settings. */
export const NOTIFICATION_TOPIC = 'fargate-endpoints';

/** How long a claimed but unsent notification waits before another notifier takes it over. */
export const DEFAULT_CLAIM_TIMEOUT_MS = 10 * 60_000;

function entityPage(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase('en-US')}/${name}`;
}

const nameOf = (entityRef: string) => parseEntityRef(entityRef).name;

function clock(at: number): string {
  return `${new Date(at).toISOString().slice(11, 16)} UTC`;
}

/** One owner's notification about the services that broke (or recovered) since the last. */
export function incidentPayload(
  which: 'open' | 'close',
  unsorted: IncidentRow[],
): NotificationPayload {
  const incidents = [...unsorted].sort((a, b) =>
    a.entityRef.localeCompare(b.entityRef),
  );
  const names = incidents.map(i => nameOf(i.entityRef));
  const several = incidents.length > 1;
  const lines = incidents.map(incident => {
    const name = nameOf(incident.entityRef);
    if (which === 'open') {
      const { finding, change } = incident.cause;
      const what = finding ? finding.message : 'a check now fails';
      const after = change ? ` After: ${change.message}.` : '';
      const fix = finding ? ` Fix: ${finding.fix}` : '';
      return `${name} not ready since ${clock(
        incident.openedAt,
      )}: ${what}${after}${fix}`;
    }
    const change = incident.recovery?.change;
    return `${name} ready again at ${clock(incident.closedAt ?? Date.now())}${
      change ? ` after ${change.message}` : ''
    } (not ready since ${clock(incident.openedAt)}).`;
  });
  let title: string;
  if (which === 'open') {
    title = several
      ? `${incidents.length} services will fail to start tasks: ${names.join(
          ', ',
        )}`
      : `${names[0]} will fail to start tasks: not ready`;
  } else {
    title = several
      ? `${incidents.length} services ready again: ${names.join(', ')}`
      : `${names[0]} is ready again`;
  }
  return {
    title,
    description: lines.join('\n'),
    link: several ? '/fargate-endpoints' : entityPage(incidents[0].entityRef),
    severity: which === 'open' ? 'high' : 'normal',
    topic: NOTIFICATION_TOPIC,
    scope: `fargate-endpoints:${which}:${incidents.map(i => i.id).join(',')}`,
  };
}

/**
 * Tells owners about incidents: one notification per owner for every incident no one has told
 * yet, whichever replica recorded them. The incidents are claimed in the database first, so two
 * notifiers never send the same one; a send that fails releases the claim for the next sweep.
 */
export class IncidentNotifier {
  constructor(
    private readonly deps: {
      store: SweepStore;
      notifications: NotificationService;
      logger: LoggerService;
      settings: AlertSettings;
      now: () => number;
      claimTimeoutMs?: number;
    },
  ) {}

  /** Sends what is due. Returns how many notifications went out. */
  async dispatch(): Promise<{ sent: number }> {
    const { store, settings, logger } = this.deps;
    if (!settings.enabled) return { sent: 0 };
    let sent = 0;
    for (const which of ['open', 'close'] as const) {
      const claim = randomUUID();
      const now = this.deps.now();
      const rows = await store.claim(which, {
        claim,
        now,
        claimTimeoutMs: this.deps.claimTimeoutMs ?? DEFAULT_CLAIM_TIMEOUT_MS,
        openedBefore: now - settings.quietPeriodMs,
      });
      const byOwner = new Map<string, IncidentRow[]>();
      for (const row of rows) {
        const list = byOwner.get(row.ownerRef) ?? [];
        list.push(row);
        byOwner.set(row.ownerRef, list);
      }
      for (const [ownerRef, incidents] of byOwner) {
        const ids = incidents.map(i => i.id);
        try {
          await this.deps.notifications.send({
            recipients: { type: 'entity', entityRef: ownerRef },
            payload: incidentPayload(which, incidents),
          });
          await store.settle(which, claim, ids, { sentAt: this.deps.now() });
          sent += 1;
        } catch (error) {
          logger.warn(
            `Could not notify ${ownerRef} about ${ids.length} service(s); retrying at the next sweep: ${error}`,
          );
          await store.settle(which, claim, ids, 'release');
        }
      }
    }
    return { sent };
  }
}
