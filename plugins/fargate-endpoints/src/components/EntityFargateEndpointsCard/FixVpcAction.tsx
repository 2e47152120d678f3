import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import BuildIcon from '@material-ui/icons/Build';
import { LinkButton } from '@backstage/core-components';
import {
  EntityReport,
  vpcFixableFindings,
  vpcFixFormData,
  vpcFixTemplatePath,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';

/** Where the scaffolder is mounted in the app (Backstage's default, `/create`). */
export const SCAFFOLDER_PATH = '/create';

/** The label of the card's fix action. */
export const FIX_VPC_ACTION_LABEL = 'Add the missing endpoints to this VPC';

/**
 * Opens the fix-vpc-endpoints template with its form filled from the report (VPC, subnets,
 * task security groups, needs), when the report has errors that template fixes: missing
 * endpoints, S3 route table associations, security group rules. The template's Terraform goes
 * through the same gate as a service's, so the loop closes on this card.
 */
export function FixVpcAction(props: {
  report: EntityReport;
  entityName: string;
  entityRef: string;
}) {
  const { report, entityName, entityRef } = props;
  const formData = vpcFixFormData(report, { name: entityName, entityRef });
  if (!formData) return null;
  const count = vpcFixableFindings(report).length;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <LinkButton
        to={`${SCAFFOLDER_PATH}${vpcFixTemplatePath(formData)}`}
        variant="contained"
        color="primary"
        size="small"
        startIcon={<BuildIcon />}
        // Sentence case, as the entity page's other actions.
        style={{ textTransform: 'none' }}
        data-testid="fargate-endpoints-fix-button"
      >
        {FIX_VPC_ACTION_LABEL}
      </LinkButton>
      <Typography variant="body2" color="textSecondary">
        Terraform for the {count} error{count === 1 ? '' : 's'} it can fix.
      </Typography>
    </Box>
  );
}
