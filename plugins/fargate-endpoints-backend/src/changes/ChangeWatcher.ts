/**
 * Told within a minute: AWS change events (CloudTrail management events, routed by EventBridge
 * to an SQS queue and published on Backstage's events service by
 * `@backstage/plugin-events-backend-module-aws-sqs`) are mapped to the VPCs and ECS services
 * they touch, and those services are checked again at once with fresh reads, their owners told
 * as the sweep tells them. The sweep stays the safety net: a change this replica cannot place
 * (a resource it has not read yet) waits for it.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import type { VpcSnapshot } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { AwsChange, awsChangeOf } from './awsChange';

/** The topic the SQS module publishes the queue's messages on, unless config names another. */
export const DEFAULT_CHANGES_TOPIC = 'fargate-endpoints-aws-changes';

/** Which VPC each network resource this replica has read belongs to. */
export class ResourceIndex {
  private readonly vpcOf = new Map<string, string>();
  private readonly zoneVpcs = new Map<string, Set<string>>();

  /** Remembers the resources of a snapshot (a later read of the VPC replaces nothing it lost: ids are never reused). */
  add(snapshot: VpcSnapshot): void {
    const vpcId = snapshot.vpcId;
    for (const list of [
      snapshot.subnets,
      snapshot.routeTables,
      snapshot.endpoints,
      snapshot.securityGroups,
      snapshot.networkAcls,
      snapshot.managedPrefixLists,
    ])
      for (const item of list ?? []) this.vpcOf.set(item.id, vpcId);
    for (const zone of snapshot.privateZones ?? []) {
      const vpcs = this.zoneVpcs.get(zone.id) ?? new Set<string>();
      vpcs.add(vpcId);
      this.zoneVpcs.set(zone.id, vpcs);
    }
  }

  /** The VPCs a change touches, as far as this replica knows, and what it could not place. */
  vpcsOf(change: AwsChange): { vpcIds: Set<string>; unplaced: string[] } {
    const vpcIds = new Set(change.vpcIds);
    const unplaced: string[] = [];
    for (const id of change.resourceIds) {
      const vpcId = this.vpcOf.get(id);
      if (vpcId) vpcIds.add(vpcId);
      else if (!change.vpcIds.length) unplaced.push(id);
    }
    for (const zoneId of change.zoneIds) {
      const vpcs = this.zoneVpcs.get(zoneId);
      if (vpcs) vpcs.forEach(v => vpcIds.add(v));
    }
    return { vpcIds, unplaced };
  }
}

/** What a re-check of the services a change touches needs. */
export interface ChangeRecheck {
  /** Checks again, with fresh reads, the linked services in these VPCs or naming these ECS services. */
  recheck(scope: { vpcIds: Set<string>; services: Set<string> }): Promise<{
    checked: number;
    notificationsSent: number;
  }>;
}

/** Options of {@link ChangeWatcher}. */
export interface ChangeWatcherOptions {
  events: EventsService;
  topic: string;
  index: ResourceIndex;
  recheck: ChangeRecheck;
  logger: LoggerService;
  /** How long changes gather before one re-check covers them (a Terraform apply makes many calls). */
  gatherMs?: number;
}

/**
 * Subscribes to the changes topic; changes that arrive together are re-checked together.
 * A re-check that fails is logged; the next sweep covers what it would have.
 */
export class ChangeWatcher {
  private pending: AwsChange[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: ChangeWatcherOptions) {}

  async start(): Promise<void> {
    await this.options.events.subscribe({
      id: 'fargate-endpoints-changes',
      topics: [this.options.topic],
      onEvent: async params => this.receive(params.eventPayload),
    });
  }

  /** Takes one event's payload (an EventBridge event, or an SQS body holding one). */
  receive(payload: unknown): void {
    const change = awsChangeOf(
      typeof payload === 'string' ? safeJson(payload) : payload,
    );
    if (!change) return;
    this.pending.push(change);
    if (!this.timer)
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.running = this.running.then(() => this.flush());
      }, this.options.gatherMs ?? 2_000);
  }

  /** Re-checks what the gathered changes touch; resolves when done (tests wait on it). */
  async flush(): Promise<void> {
    const changes = this.pending;
    this.pending = [];
    if (!changes.length) return;
    const vpcIds = new Set<string>();
    const services = new Set<string>();
    const unplaced: string[] = [];
    for (const change of changes) {
      const placed = this.options.index.vpcsOf(change);
      placed.vpcIds.forEach(v => vpcIds.add(v));
      unplaced.push(...placed.unplaced);
      change.services.forEach(s => services.add(s));
    }
    if (unplaced.length)
      this.options.logger.info(
        `AWS changes to ${unplaced.join(
          ', ',
        )} are in no VPC this replica has read; the next sweep covers them`,
      );
    if (!vpcIds.size && !services.size) return;
    try {
      const done = await this.options.recheck.recheck({ vpcIds, services });
      this.options.logger.info(
        `Re-checked ${done.checked} service(s) after ${changes
          .map(c => c.eventName)
          .join(', ')}: ${done.notificationsSent} notification(s)`,
      );
    } catch (error) {
      this.options.logger.warn(
        `Re-check after AWS changes failed, the next sweep covers it: ${error}`,
      );
    }
  }

  /** Waits for the re-checks under way (shutdown, tests). */
  async idle(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.running = this.running.then(() => this.flush());
    }
    await this.running;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
