/**
 * The input of `fargate-endpoints:vpc:plan-fix`: the network of one service as its report
 * names it (the card pre-fills the template form with it). The domain checks are the engine's
 * (`validateNetworkCheckInput`, the same the explicit check of the backend and the CLI use);
 * this file adds the stack's own fields.
 */
import { InputError } from '@backstage/errors';
import {
  validateNetworkCheckInput,
  type NetworkCheckInput,
} from '@fargate-endpoints/plugin-fargate-endpoints-node';
import { z } from 'zod/v3';

/** The zod the scaffolder passes to schema callbacks (its v3 API). */
type Zod = typeof z;

/** The action's input schema, in the scaffolder's zod-callback form. */
export const fixInputSchema = (zod: Zod) =>
  zod.object({
    name: zod.string({
      description:
        'Name of the change: 1-40 lowercase letters, digits and hyphens, starting with a letter. Names the security group of the new interface endpoints, the tags and the Terraform state key, for example orders-vpc-endpoints.',
    }),
    region: zod.string({
      description: 'AWS region of the VPC, for example eu-west-1',
    }),
    accountId: zod
      .string({
        description:
          '12-digit AWS account id of the VPC (optional: the main account of the aws config). It must be an account this Backstage may read.',
      })
      .optional(),
    vpcId: zod.string({ description: 'The VPC to fix, vpc-...' }),
    subnetIds: zod.array(zod.string(), {
      description:
        'The task subnets of the service (subnet-...). New interface endpoints get one of them per AZ; their route tables are the ones the S3 gateway must be on.',
    }),
    securityGroupIds: zod.array(zod.string(), {
      description:
        "The task security groups (sg-...). The endpoints' security groups must admit the first of them on TCP 443.",
    }),
    needs: zod.array(zod.string(), {
      description:
        'What the tasks use, in the needs vocabulary of the report: ecr, logs, secretsmanager, ssm, exec, or an endpoint service suffix such as kms or sts',
    }),
    entityRef: zod
      .string({
        description:
          'The catalog entity whose report found the problems (optional, for the README), for example component:default/orders-worker',
      })
      .optional(),
    targetPath: zod
      .string({
        description:
          'Directory inside the workspace to write the Terraform into (default: the workspace root)',
      })
      .optional(),
  });

/** The input as the handler receives it. */
export type FixInput = z.infer<ReturnType<typeof fixInputSchema>>;

/** The input, checked: blanks the template passes for unset fields removed. */
export interface VpcFixRequest extends NetworkCheckInput {
  name: string;
  entityRef?: string;
  targetPath?: string;
}

const FIX_NAME = /^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$/;
const ENTITY_REF =
  /^([a-z][a-z0-9-]*:)?([a-z0-9][a-z0-9._-]*\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Checks the whole input before any AWS call; throws an InputError that names the field and
 * says how to fix it.
 */
export function parseFixInput(input: FixInput): VpcFixRequest {
  const blankToUndefined = (value: string | undefined) =>
    value === undefined || value.trim() === '' ? undefined : value.trim();
  if (!FIX_NAME.test(input.name)) {
    throw new InputError(
      `name: "${input.name}" must be 1-40 lowercase letters, digits and hyphens, start with a letter and not end with a hyphen (for example orders-vpc-endpoints)`,
    );
  }
  const entityRef = blankToUndefined(input.entityRef);
  if (entityRef !== undefined && !ENTITY_REF.test(entityRef)) {
    throw new InputError(
      `entityRef: "${entityRef}" is not an entity ref; expected something like component:default/orders-worker`,
    );
  }
  const request: VpcFixRequest = {
    name: input.name,
    region: input.region,
    accountId: blankToUndefined(input.accountId),
    vpcId: input.vpcId,
    subnetIds: [...new Set(input.subnetIds)],
    securityGroupIds: [...new Set(input.securityGroupIds)],
    needs: [...new Set(input.needs)],
    entityRef,
    targetPath: blankToUndefined(input.targetPath),
  };
  if (request.needs.length === 0) {
    throw new InputError(
      'needs: give at least one need; the report of the service lists them (ecr and logs for most services)',
    );
  }
  validateNetworkCheckInput(request);
  return request;
}
