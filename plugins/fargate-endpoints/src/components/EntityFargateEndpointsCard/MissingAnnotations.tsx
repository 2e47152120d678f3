import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EntityInfoCard } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import { CopyableCode } from '../shared/CopyableCode';
import {
  ANNOTATION_ACCOUNT_ID,
  ANNOTATION_ECS_SERVICE_ARN,
  ANNOTATION_NEEDS,
  ANNOTATION_REGION,
  ANNOTATION_SECURITY_GROUP_IDS,
  ANNOTATION_SUBNET_IDS,
  ANNOTATION_VPC_ID,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** The AWS ECS plugin documents the ECS service ARN annotation that we share with it. */
const ECS_ANNOTATION_DOCS =
  'https://github.com/awslabs/backstage-plugins-for-aws/blob/main/plugins/ecs/frontend/README.md';

const NETWORK_ANNOTATIONS_REQUIRED = [
  ANNOTATION_REGION,
  ANNOTATION_VPC_ID,
  ANNOTATION_SUBNET_IDS,
  ANNOTATION_SECURITY_GROUP_IDS,
];

const NETWORK_ANNOTATIONS_EXAMPLE = `metadata:
  annotations:
    ${ANNOTATION_REGION}: eu-west-1
    ${ANNOTATION_VPC_ID}: vpc-0a1b2c3d4e5f60718
    ${ANNOTATION_SUBNET_IDS}: subnet-0aa11bb22cc33dd44,subnet-0ee55ff66aa77bb88
    ${ANNOTATION_SECURITY_GROUP_IDS}: sg-0123456789abcdef0
    # optional: what the tasks use (ecr, logs, secretsmanager, ssm, exec, or a service suffix)
    ${ANNOTATION_NEEDS}: ecr,logs
    # optional: 12-digit account id, defaults to the main account
    ${ANNOTATION_ACCOUNT_ID}: "111122223333"`;

/** Explains how to link an entity: by its ECS service ARN, or by the network it runs in. */
export function MissingAnnotations(props: { entity: Entity }) {
  const annotations = props.entity.metadata.annotations ?? {};
  const missingNetworkAnnotations = NETWORK_ANNOTATIONS_REQUIRED.filter(
    name => !annotations[name],
  );
  const partlyLinked =
    missingNetworkAnnotations.length < NETWORK_ANNOTATIONS_REQUIRED.length;
  return (
    <EntityInfoCard title="Private networking">
      <MissingAnnotationEmptyState
        annotation={ANNOTATION_ECS_SERVICE_ARN}
        readMoreUrl={ECS_ANNOTATION_DOCS}
      />
      <Box mt={2}>
        <Typography variant="h6" component="h3">
          Not in ECS yet? Link the network instead
        </Typography>
        <Typography variant="body2" component="p">
          Without an ECS service ARN, the card checks the network you give it:
          all of{' '}
          {NETWORK_ANNOTATIONS_REQUIRED.map((name, index) => (
            <span key={name}>
              {index > 0 && ', '}
              <code>{name}</code>
            </span>
          ))}
          , and optionally <code>{ANNOTATION_NEEDS}</code> and{' '}
          <code>{ANNOTATION_ACCOUNT_ID}</code>.
        </Typography>
        {partlyLinked && (
          <Typography variant="body2" component="p" color="error">
            This entity has some of them; still missing:{' '}
            {missingNetworkAnnotations.join(', ')}.
          </Typography>
        )}
        <CopyableCode
          label="catalog-info.yaml"
          code={NETWORK_ANNOTATIONS_EXAMPLE}
        />
      </Box>
    </EntityInfoCard>
  );
}
