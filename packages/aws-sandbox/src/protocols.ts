/**
 * Every AWS service the sandbox answers, each a protocol of its own (its folder's
 * `protocol.ts`). Adding a service is a folder with its actions and its protocol, and one line
 * here.
 */
import { EC2_PROTOCOL } from './ec2/protocol';
import { ECR_PROTOCOL } from './ecr/protocol';
import { ECS_PROTOCOL } from './ecs/protocol';
import { EFS_PROTOCOL } from './efs/protocol';
import type { SandboxService } from './faults';
import type { ServiceProtocol } from './protocol/types';
import { ROUTE53_PROTOCOL } from './route53/protocol';
import { ROUTE53_PROFILES_PROTOCOL } from './route53profiles/protocol';
import { STS_PROTOCOL } from './sts/protocol';

/** The protocol of each service: a service without one fails the type check. */
export const PROTOCOLS: Record<SandboxService, ServiceProtocol> = {
  ec2: EC2_PROTOCOL,
  ecs: ECS_PROTOCOL,
  sts: STS_PROTOCOL,
  route53: ROUTE53_PROTOCOL,
  route53profiles: ROUTE53_PROFILES_PROTOCOL,
  efs: EFS_PROTOCOL,
  ecr: ECR_PROTOCOL,
};

/**
 * The order in which protocols try to recognise a request: the REST services by host or
 * signing scope, the JSON services by their target header, then the Query services, STS
 * before EC2 (which takes every Query request left).
 */
export const IDENTIFY_ORDER: readonly ServiceProtocol[] = [
  ROUTE53_PROTOCOL,
  ROUTE53_PROFILES_PROTOCOL,
  EFS_PROTOCOL,
  ECR_PROTOCOL,
  ECS_PROTOCOL,
  STS_PROTOCOL,
  EC2_PROTOCOL,
];
