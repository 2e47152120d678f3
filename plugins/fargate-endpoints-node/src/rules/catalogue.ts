/**
 * The rule catalogue as code: every rule id (plugins/fargate-endpoints-common/README.md, the
 * public list; docs/domain.md#when-the-path-works, why) with the function that evaluates it,
 * in catalogue order.
 */
import type {
  CostEstimate,
  Finding,
  RuleId,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import type { RuleContext } from './context';
import { endpointAzGap } from './azCoverage';
import { customDns, privateDnsDisabled, vpcDnsDisabled } from './dns';
import { customEgress, natEgress, publicIpRequired } from './egressPath';
import { endpointNotAvailable, missingEndpoint } from './endpointPresence';
import {
  hubEndpointNotReady,
  hubEndpointUnreachable,
  hubEndpointUnverified,
  hubZoneWrongName,
} from './hub';
import { imageRegistryUnreachable } from './images';
import { efsMountTargetMissing, efsNfsBlocked } from './efs';
import { pullThroughCacheUncached } from './pullThroughCache';
import {
  crossAccountImageDenied,
  crossAccountImageUnverified,
} from './crossAccountImages';
import { naclBlocksHttps } from './nacl';
import { startFetchOtherRegion } from './startFetches';
import { endpointPolicyDenies } from './policy';
import { s3RouteTableMissing } from './s3Routes';
import { endpointSgBlocksTasks, taskEgressBlocked } from './securityGroups';

/** A rule: reads the context (and the cost estimate, for nat-egress) and returns findings. */
export type RuleEvaluator = (ctx: RuleContext, cost: CostEstimate) => Finding[];

/** Every rule of the catalogue with its evaluator. */
export const RULE_EVALUATORS: Record<RuleId, RuleEvaluator> = {
  'missing-endpoint': missingEndpoint,
  'endpoint-not-available': endpointNotAvailable,
  'private-dns-disabled': privateDnsDisabled,
  'vpc-dns-disabled': vpcDnsDisabled,
  'endpoint-sg-blocks-tasks': endpointSgBlocksTasks,
  'task-egress-blocked': taskEgressBlocked,
  's3-route-table-missing': s3RouteTableMissing,
  'nacl-blocks-https': naclBlocksHttps,
  'endpoint-policy-denies': endpointPolicyDenies,
  'public-ip-required': publicIpRequired,
  'image-registry-unreachable': imageRegistryUnreachable,
  'start-fetch-other-region': startFetchOtherRegion,
  'hub-zone-wrong-name': hubZoneWrongName,
  'hub-endpoint-unreachable': hubEndpointUnreachable,
  'hub-endpoint-not-ready': hubEndpointNotReady,
  'efs-mount-target-missing': efsMountTargetMissing,
  'efs-nfs-blocked': efsNfsBlocked,
  'pull-through-cache-uncached': pullThroughCacheUncached,
  'cross-account-image-denied': crossAccountImageDenied,
  'endpoint-az-gap': endpointAzGap,
  'custom-egress': customEgress,
  'custom-dns': customDns,
  'nat-egress': natEgress,
  'hub-endpoint-unverified': hubEndpointUnverified,
  'cross-account-image-unverified': crossAccountImageUnverified,
};
