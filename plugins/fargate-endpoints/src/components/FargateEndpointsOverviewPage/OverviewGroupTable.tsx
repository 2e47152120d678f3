import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  OverviewService,
  OverviewVpcGroup,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { VerdictLabel } from '../shared/StatusLabels';
import { describeEgressPath } from '../shared/format';

function groupHeading(group: OverviewVpcGroup): string {
  const vpc = group.vpcId === 'unknown' ? 'VPC unknown' : group.vpcId;
  return `Account ${group.accountId} · ${group.region} · ${vpc}`;
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** The entity's name from its ref (`component:default/payments-api` → `payments-api`). */
function entityName(entityRef: string): string {
  return entityRef.slice(entityRef.lastIndexOf('/') + 1);
}

function ServiceRow(props: { service: OverviewService }) {
  const { service } = props;
  const entityLink = useEntityRefLink();
  const { error, warning, info, unknown } = service.counts;
  return (
    <TableRow>
      <TableCell component="th" scope="row">
        <Link to={entityLink(service.entityRef)}>
          {service.title ?? entityName(service.entityRef)}
        </Link>
        <Typography variant="caption" component="div" color="textSecondary">
          {service.entityRef}
        </Typography>
      </TableCell>
      <TableCell>
        <VerdictLabel verdict={service.verdict} />
        {service.problem && (
          <Typography variant="body2" color="error">
            {service.problem}
          </Typography>
        )}
      </TableCell>
      <TableCell>{describeEgressPath(service.path)}</TableCell>
      <TableCell>
        {service.errorRules.length === 0
          ? 'none'
          : service.errorRules.map((rule, index) => (
              <span key={rule}>
                {index > 0 && ', '}
                <code>{rule}</code>
              </span>
            ))}
      </TableCell>
      <TableCell>
        {[
          count(error, 'error'),
          count(warning, 'warning'),
          count(info, 'note'),
          `${unknown} not checked`,
        ].join(', ')}
      </TableCell>
    </TableRow>
  );
}

/** The services of one VPC, under an account / region / VPC heading. */
export function OverviewGroupTable(props: { group: OverviewVpcGroup }) {
  const { group } = props;
  const headingId = `vpc-${group.accountId}-${group.region}-${group.vpcId}`;
  return (
    <section aria-labelledby={headingId}>
      <Typography variant="h6" component="h2" id={headingId}>
        {groupHeading(group)}
      </Typography>
      <MuiTable size="small" aria-labelledby={headingId}>
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            <TableCell>Verdict</TableCell>
            <TableCell>Egress path</TableCell>
            <TableCell>Error rules</TableCell>
            <TableCell>Findings</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {group.services.map(service => (
            <ServiceRow key={service.entityRef} service={service} />
          ))}
        </TableBody>
      </MuiTable>
    </section>
  );
}
