/**
 * The input of `fargate-endpoints:service:generate`: every field the template form fills,
 * declared once. The scaffolder builds the action's JSON schema from it; the handler parses
 * with it; the input type is inferred from it.
 */
import { z } from 'zod/v3';

/** The zod the scaffolder passes to schema callbacks (its v3 API). */
type Zod = typeof z;

/** The action's input schema, in the scaffolder's zod-callback form. */
export const serviceInputSchema = (zod: Zod) =>
  zod
    .object({
      name: zod.string({
        description:
          'Service name: 1-32 characters, lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen. Names the ECS service, the cluster, IAM roles, security groups and the catalog component.',
      }),
      owner: zod.string({
        description:
          'Owner entity ref of the catalog component, for example group:default/platform',
      }),
      system: zod
        .string({
          description: 'System entity ref the component belongs to (optional)',
        })
        .optional(),
      description: zod.string({
        description:
          'One-line description of the service, for the catalog and README',
      }),
      region: zod.string({
        description:
          'AWS region the service runs in, for example eu-west-1, us-gov-west-1 or cn-north-1',
      }),
      accountId: zod
        .string({
          description:
            '12-digit AWS account id (optional). With it the component gets the ECS service ARN annotation, so the live health card works from the first deploy. It must be an account this Backstage may read.',
        })
        .optional(),
      vpcMode: zod
        .enum(['newVpc', 'existingVpc'], {
          description:
            'newVpc: generate an isolated VPC with one private subnet per AZ and no route out. existingVpc: deploy into subnets of a VPC you already have.',
        })
        .optional(),
      vpcCidr: zod
        .string({
          description:
            'newVpc only: IPv4 CIDR of the new VPC, a private range with a prefix from /16 to /24 (default 10.0.0.0/16). Each AZ gets a quarter of it.',
        })
        .optional(),
      azCount: zod
        .number({
          description:
            'newVpc only: number of Availability Zones, 2 or 3 (default 2)',
        })
        .optional(),
      vpcId: zod
        .string({ description: 'existingVpc only: the VPC id, vpc-...' })
        .optional(),
      subnetIds: zod
        .array(zod.string(), {
          description:
            'existingVpc only: the task subnets, ideally one per AZ. The new interface endpoints use one of them per AZ.',
        })
        .optional(),
      routeTableIds: zod
        .array(zod.string(), {
          description:
            "existingVpc only: the route tables of the task subnets, for the S3 gateway endpoint. Omit to have Terraform find each subnet's table (explicit association, else the main table).",
        })
        .optional(),
      existingEndpoints: zod
        .array(zod.string(), {
          description:
            'existingVpc only: endpoint service suffixes the VPC already has (ecr.api, ecr.dkr, s3, logs, ...). They are reused, never created twice: endpoints belong to the VPC, not to one service.',
        })
        .optional(),
      lookupExistingEndpoints: zod
        .boolean({
          description:
            'existingVpc only: read the VPC with the configured AWS credentials to find the endpoints, route tables and security groups it already has. When the read fails, the action falls back to existingEndpoints and says so in its log.',
        })
        .optional(),
      needs: zod
        .array(zod.string(), {
          description:
            'What the task uses besides ECR and CloudWatch Logs: secretsmanager, ssm, exec (ECS Exec), or an endpoint service suffix such as kms, sts or xray. Secrets and enableExecuteCommand add their needs on their own.',
        })
        .optional(),
      secrets: zod
        .array(
          zod.object({
            name: zod.string({
              description: 'Environment variable name the container sees',
            }),
            valueFrom: zod.string({
              description:
                'A Secrets Manager secret ARN, or an SSM parameter ARN or name (/app/db/password), in the service region',
            }),
          }),
          { description: 'Secrets injected into the container at start' },
        )
        .optional(),
      containerImage: zod
        .string({
          description:
            "Container image in this region's private ECR (<account>.dkr.ecr.<region>.amazonaws.com/repo:tag). Leave empty to create an ECR repository for the service. Docker Hub and public.ecr.aws images cannot be pulled from an isolated subnet.",
        })
        .optional(),
      containerPort: zod
        .number({
          description: 'Port the container listens on, 1-65535 (default 8080)',
        })
        .optional(),
      cpu: zod
        .number({
          description:
            'Task CPU units: 256, 512, 1024, 2048, 4096, 8192 or 16384 (default 256)',
        })
        .optional(),
      memory: zod
        .number({
          description:
            'Task memory in MiB, a valid Fargate combination with cpu (default 512)',
        })
        .optional(),
      desiredCount: zod
        .number({ description: 'Tasks to run, 0-100 (default 2)' })
        .optional(),
      enableExecuteCommand: zod
        .boolean({
          description:
            'Turn on ECS Exec (adds the ssmmessages endpoint and its task role permissions)',
        })
        .optional(),
      clusterName: zod
        .string({
          description:
            'Existing ECS cluster to deploy into; omit to create a cluster named after the service',
        })
        .optional(),
      restrictS3EndpointPolicy: zod
        .boolean({
          description:
            'Give a newly created S3 gateway endpoint a least-privilege policy that only allows reading the ECR layer bucket. Leave off when the app itself uses S3.',
        })
        .optional(),
      githubProjectSlug: zod
        .string({
          description:
            'owner/repo on GitHub, for the github.com/project-slug annotation (CI links)',
        })
        .optional(),
      targetPath: zod
        .string({
          description:
            'Directory inside the workspace to write to (default: the workspace root)',
        })
        .optional(),
    })
    .strict();

/** The input parsed into types, not yet validated. */
export type ServiceInput = z.infer<ReturnType<typeof serviceInputSchema>>;

const REQUIRED_FIELDS = new Set(['name', 'owner', 'description', 'region']);

/**
 * Templates pass `${{ parameters.x or '' }}` for fields the chosen VPC mode does not show;
 * an empty string, an empty list or null in an optional field means "not given".
 */
function withoutBlankOptionals(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  return Object.fromEntries(
    Object.entries(input).filter(
      ([key, value]) =>
        REQUIRED_FIELDS.has(key) ||
        (value !== '' &&
          value !== null &&
          !(Array.isArray(value) && value.length === 0)),
    ),
  );
}

/** One problem with one field. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** Parses the raw action input into types, reporting each bad field by its path. */
export function parseServiceInput(
  input: unknown,
): { ok: true; value: ServiceInput } | { ok: false; problems: FieldProblem[] } {
  const result = serviceInputSchema(z).safeParse(withoutBlankOptionals(input));
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map(issue => ({
      field: issue.path.join('.') || 'input',
      message:
        issue.code === 'unrecognized_keys'
          ? `unknown field${
              issue.keys.length === 1 ? '' : 's'
            } ${issue.keys.join(', ')}; the fields are ${Object.keys(
              serviceInputSchema(z).shape,
            ).join(', ')}`
          : issue.message,
    })),
  };
}
