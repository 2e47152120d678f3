import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_ACCOUNT_ID,
  ANNOTATION_ECS_SERVICE_ARN,
  ANNOTATION_REGION,
  ANNOTATION_VPC_ID,
  CheckReport,
  findingHeadline,
  OverviewResponse,
  OverviewService,
  OverviewVpcGroup,
  parseEcsServiceArn,
  vpcFixFormData,
  vpcFixTemplatePath,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { MAIN_ACCOUNT } from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { EntityTarget, entityTarget } from './entityTarget';

/** Where a service sits, for grouping. */
interface Placement {
  accountId: string;
  region: string;
  vpcId: string;
}

const UNKNOWN = 'unknown';

/**
 * Every catalog entity linked to a live service (an ECS service ARN or a region annotation)
 * that the credentials may read: with the caller's, the catalog's own permission policy
 * decides which entities the overview shows. `ownedBy` (an entity ref) keeps a team's only.
 */
export async function fetchLinkedEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  options: { ownedBy?: string } = {},
): Promise<Entity[]> {
  // The catalog's ownedBy relation, so "owned by this team" means what the catalog says.
  const owner: Record<string, string> = options.ownedBy
    ? { 'relations.ownedBy': options.ownedBy }
    : {};
  const { items } = await catalog.getEntities(
    {
      filter: [
        {
          [`metadata.annotations.${ANNOTATION_ECS_SERVICE_ARN}`]:
            CATALOG_FILTER_EXISTS,
          ...owner,
        },
        {
          [`metadata.annotations.${ANNOTATION_REGION}`]: CATALOG_FILTER_EXISTS,
          ...owner,
        },
      ],
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.title',
        'metadata.annotations',
        // The owner column of the overview.
        'spec.owner',
      ],
    },
    { credentials },
  );
  return items;
}

/** Checks every entity, a few at a time, and groups the results by account, region and VPC. */
export async function buildOverview(
  entities: Entity[],
  options: {
    concurrency: number;
    check: (target: EntityTarget, entityRef: string) => Promise<OverviewCheck>;
    now: () => Date;
  },
): Promise<OverviewResponse> {
  const checked = await mapGroupsWithConcurrency(
    sweepGroups(entities),
    options.concurrency,
    entity => overviewEntry(entity, options.check),
  );
  const groups = new Map<string, OverviewVpcGroup>();
  for (const { placement, service } of checked) {
    // VPC ids are unique across accounts, so a service named by its network without an
    // account id (the main account) joins the group of the same VPC named by its account.
    const key =
      placement.vpcId === UNKNOWN
        ? `${placement.accountId}|${placement.region}|${UNKNOWN}`
        : `${placement.region}|${placement.vpcId}`;
    let group = groups.get(key);
    if (!group) {
      group = { ...placement, services: [] };
      groups.set(key, group);
    } else if (group.accountId === MAIN_ACCOUNT) {
      group.accountId = placement.accountId;
    }
    group.services.push(service);
  }
  const sorted = [...groups.values()].sort(
    (a, b) =>
      a.accountId.localeCompare(b.accountId) ||
      a.region.localeCompare(b.region) ||
      a.vpcId.localeCompare(b.vpcId),
  );
  for (const group of sorted) {
    group.services.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  }
  return { groups: sorted, generatedAt: options.now().toISOString() };
}

/** What the overview gets for one service: its report, and what the sweep knows of it. */
export interface OverviewCheck {
  report: CheckReport;
  sweptAt?: string;
  notReadySince?: string;
}

async function overviewEntry(
  entity: Entity,
  check: (target: EntityTarget, entityRef: string) => Promise<OverviewCheck>,
): Promise<{ placement: Placement; service: OverviewService }> {
  const entityRef = stringifyEntityRef(entity);
  const title = entity.metadata.title;
  const owner = entityOwner(entity);
  try {
    const target = entityTarget(entity, entityRef);
    const { report, sweptAt, notReadySince } = await check(target, entityRef);
    return {
      placement: {
        accountId: target.accountId ?? report.target.accountId ?? MAIN_ACCOUNT,
        region: target.region,
        vpcId: report.target.vpcId ?? UNKNOWN,
      },
      service: {
        ...summarize(entityRef, title, report),
        ...(owner ? { owner } : {}),
        ...fixLink(entity, entityRef, report),
        ...(sweptAt ? { sweptAt } : {}),
        ...(notReadySince ? { notReadySince } : {}),
      },
    };
  } catch (error) {
    // One broken annotation or one forbidden account must not hide the rest of the fleet.
    return {
      placement: placementFromAnnotations(entity),
      service: {
        entityRef,
        title,
        ...(owner ? { owner } : {}),
        verdict: 'unknown',
        path: 'unknown',
        counts: { error: 0, warning: 0, info: 0, unknown: 0 },
        errorRules: [],
        serviceArn: entity.metadata.annotations?.[ANNOTATION_ECS_SERVICE_ARN],
        problem: error instanceof Error ? error.message : String(error),
      },
    };
  }
}

/** The entity's owner as the catalog spells it (`group:default/team-payments`, or a bare name). */
function entityOwner(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  return typeof owner === 'string' && owner ? owner : undefined;
}

/** The fix template's path with the form filled from the report, when the template fixes its errors. */
function fixLink(
  entity: Entity,
  entityRef: string,
  report: CheckReport,
): Pick<OverviewService, 'fixTemplatePath'> {
  const formData = vpcFixFormData(report, {
    name: entity.metadata.name,
    entityRef,
  });
  return formData ? { fixTemplatePath: vpcFixTemplatePath(formData) } : {};
}

/** The one-line view of a report. */
function summarize(
  entityRef: string,
  title: string | undefined,
  report: CheckReport,
): OverviewService {
  const count = (severity: string) =>
    report.findings.filter(f => f.severity === severity).length;
  return {
    entityRef,
    title,
    verdict: report.verdict,
    path: report.path,
    counts: {
      error: count('error'),
      warning: count('warning'),
      info: count('info'),
      unknown: report.unknown.length,
    },
    errorRules: [
      ...new Set(
        report.findings.filter(f => f.severity === 'error').map(f => f.rule),
      ),
    ],
    errorHeadlines: [
      ...new Set(
        report.findings
          .filter(f => f.severity === 'error')
          .map(f => findingHeadline(f)),
      ),
    ],
    serviceArn: report.target.serviceArn,
    checkedAt: report.checkedAt,
    ...(report.notDeployed ? { notDeployed: report.notDeployed } : {}),
  };
}

/**
 * The groups a sweep checks entities in: the services of one cluster (or VPC) together, so
 * that their ECS look-ups share calls and their VPC is read once while they wait, and the
 * clusters of different accounts and regions taken in turn, because each account and region
 * has its own throttle: all of them should be busy at once, not one after the other.
 */
export function sweepGroups(entities: Entity[]): Entity[][] {
  const byRegion = new Map<string, Map<string, Entity[]>>();
  for (const entity of entities) {
    const annotations = entity.metadata.annotations ?? {};
    const arn = parseEcsServiceArn(
      annotations[ANNOTATION_ECS_SERVICE_ARN] ?? '',
    );
    const region = arn
      ? `${arn.accountId}/${arn.region}`
      : `${annotations[ANNOTATION_ACCOUNT_ID] ?? MAIN_ACCOUNT}/${
          annotations[ANNOTATION_REGION] ?? UNKNOWN
        }`;
    const group = arn
      ? `cluster:${arn.clusterName}`
      : `vpc:${annotations[ANNOTATION_VPC_ID] ?? UNKNOWN}`;
    const groups = byRegion.get(region) ?? new Map<string, Entity[]>();
    byRegion.set(region, groups);
    const members = groups.get(group) ?? [];
    groups.set(group, members);
    members.push(entity);
  }
  const queues = [...byRegion.values()].map(groups => [...groups.values()]);
  const ordered: Entity[][] = [];
  while (queues.some(queue => queue.length > 0)) {
    for (const queue of queues) {
      const group = queue.shift();
      if (group) ordered.push(group);
    }
  }
  return ordered;
}

/** Best-effort placement of an entity that could not be checked. */
function placementFromAnnotations(entity: Entity): Placement {
  const annotations = entity.metadata.annotations ?? {};
  const arn = parseEcsServiceArn(annotations[ANNOTATION_ECS_SERVICE_ARN] ?? '');
  if (arn)
    return { accountId: arn.accountId, region: arn.region, vpcId: UNKNOWN };
  return {
    accountId:
      annotations[ANNOTATION_ACCOUNT_ID] ??
      (annotations[ANNOTATION_REGION] ? MAIN_ACCOUNT : UNKNOWN),
    region: annotations[ANNOTATION_REGION] ?? UNKNOWN,
    vpcId: UNKNOWN,
  };
}

/**
 * Maps with at most `limit` calls in flight, starting a group's items together: a group is
 * admitted only when there is room for all of it (a group larger than `limit` runs in slices
 * of `limit`). The services of one cluster then reach the ECS batcher in the same instant and
 * share one DescribeServices, where a sliding window would start them one by one as slots
 * free up. Results come flat, in the groups' order.
 */
export async function mapGroupsWithConcurrency<I, O>(
  groups: I[][],
  limit: number,
  map: (item: I) => Promise<O>,
): Promise<O[]> {
  const max = Math.max(1, limit);
  const slices = groups.flatMap(group =>
    Array.from({ length: Math.ceil(group.length / max) }, (_, i) =>
      group.slice(i * max, (i + 1) * max),
    ),
  );
  const results: O[][] = slices.map(() => []);
  let next = 0;
  let inFlight = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const finish = (index: number, i: number, out: O) => {
      results[index][i] = out;
      inFlight -= 1;
      pump();
    };
    const fail = (error: unknown) => {
      failed = true;
      reject(error);
    };
    const start = (index: number) => {
      const slice = slices[index];
      inFlight += slice.length;
      slice.forEach((item, i) => {
        map(item).then(out => finish(index, i, out), fail);
      });
    };
    function pump() {
      if (failed) return;
      if (next >= slices.length && inFlight === 0) {
        resolve();
        return;
      }
      while (
        next < slices.length &&
        (inFlight === 0 || inFlight + slices[next].length <= max)
      ) {
        start(next++);
      }
    }
    pump();
  });
  return results.flat();
}

/** Maps with at most `limit` calls in flight, keeping the input order. */
export async function mapWithConcurrency<I, O>(
  items: I[],
  limit: number,
  map: (item: I) => Promise<O>,
): Promise<O[]> {
  const results = new Array<O>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
