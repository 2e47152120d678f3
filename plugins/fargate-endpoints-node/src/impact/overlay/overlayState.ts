/**
 * The VPCs a plan touches, as the plan leaves them: copies of the live snapshots that the
 * change handlers edit, an index from resource ids to their VPC, and what the plan leaves
 * unknown until apply.
 */
import type { SnapshotPart, VpcSnapshot } from '../../model';
import type { PlannedChange } from '../planDocument';
import { UNKNOWN, type PlanValues, type Planned } from '../planValues';

/**
 * A value a rule needs that the plan knows only after apply.
 *
 * @public
 */
export interface PlanUnknown {
  /** The plan address of the change. */
  address: string;
  /** The attribute, as the resource type names it. */
  attribute: string;
  /** The part of the network it leaves unknown (which rules that is: rules/unknowns.ts). */
  part: SnapshotPart;
  /** Only services in this VPC; every touched VPC when unset. */
  vpcId?: string;
  /** Only services in these subnets; the whole VPC when unset. */
  subnetIds?: string[];
  /** Why, in words. */
  reason: string;
}

/** What a handler edits. */
export class OverlayState {
  readonly snapshots: Map<string, VpcSnapshot>;
  readonly unknowns: PlanUnknown[] = [];
  /** Addresses of changes that touched each VPC. */
  readonly touchedBy = new Map<string, Set<string>>();

  constructor(
    live: Map<string, VpcSnapshot>,
    readonly values: PlanValues,
    /** Resource ids outside the plan (and outside these snapshots' lists) by VPC. */
    private readonly located: Map<string, string> = new Map(),
  ) {
    this.snapshots = new Map(
      [...live].map(([id, s]) => [id, structuredClone(s)]),
    );
  }

  /** Records that the change edited the VPC. */
  touch(vpcId: string | undefined, change: PlannedChange): void {
    if (!vpcId) return;
    const set = this.touchedBy.get(vpcId) ?? new Set<string>();
    set.add(change.address);
    this.touchedBy.set(vpcId, set);
  }

  /** Records an attribute known only after apply. */
  unknown(
    change: PlannedChange,
    attribute: string,
    part: SnapshotPart,
    scope: { vpcId?: string; subnetIds?: string[] } = {},
  ): void {
    this.unknowns.push({
      address: change.address,
      attribute,
      part,
      ...scope,
      reason: `${change.address}: ${attribute} is known only after apply`,
    });
  }

  /** The snapshot of a VPC the plan touches. */
  vpc(vpcId: Planned<string | undefined>): VpcSnapshot | undefined {
    if (vpcId === UNKNOWN || !vpcId) return undefined;
    return this.snapshots.get(vpcId);
  }

  /** The VPC that holds a resource id (route table, group, ACL, subnet, endpoint). */
  vpcOf(id: string | undefined): VpcSnapshot | undefined {
    if (!id) return undefined;
    for (const snapshot of this.snapshots.values()) {
      if (
        snapshot.routeTables.some(t => t.id === id) ||
        snapshot.securityGroups.some(g => g.id === id) ||
        snapshot.networkAcls.some(a => a.id === id) ||
        snapshot.subnets.some(s => s.id === id) ||
        snapshot.endpoints.some(e => e.id === id)
      )
        return snapshot;
    }
    const located = this.located.get(id);
    return located ? this.snapshots.get(located) : undefined;
  }

  /** The default security group of a VPC (what AWS gives an interface endpoint without one). */
  defaultGroupId(snapshot: VpcSnapshot): string | undefined {
    return snapshot.securityGroups.find(g => g.name === 'default')?.id;
  }
}

/** A handler of one resource type: edits the state for one change. */
export type ChangeHandler = (
  state: OverlayState,
  change: PlannedChange,
) => void;

/** A change's side after apply, before it, and whether it removes or adds. */
export function sides(change: PlannedChange): {
  removes: boolean;
  adds: boolean;
} {
  return {
    removes:
      change.action === 'delete' ||
      change.action === 'replace' ||
      change.action === 'update',
    adds:
      change.action === 'create' ||
      change.action === 'replace' ||
      change.action === 'update',
  };
}

/** A string of `before`, or undefined. */
export function beforeString(
  change: PlannedChange,
  name: string,
): string | undefined {
  const value = change.before?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A string list of `before`. */
export function beforeStrings(change: PlannedChange, name: string): string[] {
  const value = change.before?.[name];
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}
