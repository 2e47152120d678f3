/**
 * `aws_vpc_endpoint` and its three association resources (Terraform AWS provider,
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_endpoint):
 * `vpc_endpoint_type` defaults to Gateway, `private_dns_enabled` to false, an interface
 * endpoint without `security_group_ids` gets the VPC's default group, no `policy` means AWS's
 * full-access default; a new endpoint is `available` once applied.
 */
import type { VpcEndpoint, VpcSnapshot } from '../../model';
import type { PlannedChange } from '../planDocument';
import { UNKNOWN } from '../planValues';
import {
  beforeString,
  type ChangeHandler,
  type OverlayState,
} from './overlayState';

function removeEndpoint(state: OverlayState, id: string | undefined): void {
  const snapshot = state.vpcOf(id);
  if (!snapshot || !id) return;
  snapshot.endpoints = snapshot.endpoints.filter(e => e.id !== id);
}

/** Reads the endpoint the change leaves, field by field; unknown fields are recorded. */
function plannedEndpoint(
  state: OverlayState,
  change: PlannedChange,
  snapshot: VpcSnapshot,
  id: string,
): VpcEndpoint {
  const { values } = state;
  const scope = { vpcId: snapshot.vpcId };
  const known = <T>(
    attribute: string,
    value: T | typeof UNKNOWN,
    fallback: T,
  ) => {
    if (value !== UNKNOWN) return value;
    state.unknown(change, attribute, 'endpoints', scope);
    return fallback;
  };
  const type = known(
    'vpc_endpoint_type',
    values.afterString(change, 'vpc_endpoint_type', 'Gateway'),
    'Interface',
  );
  const defaultGroup = state.defaultGroupId(snapshot);
  const groups = values.afterStrings(
    change,
    'security_group_ids',
    type === 'Interface' && defaultGroup ? [defaultGroup] : [],
  );
  const policy = values.afterString(change, 'policy', undefined);
  return {
    id,
    serviceName:
      known('service_name', values.afterString(change, 'service_name'), '') ??
      '',
    type: type ?? 'Gateway',
    state: 'available',
    privateDnsEnabled:
      known(
        'private_dns_enabled',
        values.afterBoolean(change, 'private_dns_enabled', false),
        false,
      ) ?? false,
    subnetIds: known(
      'subnet_ids',
      values.afterStrings(change, 'subnet_ids', []),
      [],
    ),
    securityGroupIds: known('security_group_ids', groups, []),
    routeTableIds: known(
      'route_table_ids',
      values.afterStrings(change, 'route_table_ids', []),
      [],
    ),
    policyDocument: known('policy', policy, undefined),
  };
}

/** `aws_vpc_endpoint`: create, update (in place), delete, replace. */
export const vpcEndpointChange: ChangeHandler = (state, change) => {
  const oldId = beforeString(change, 'id');
  if (change.action === 'delete' || change.action === 'replace') {
    state.touch(state.vpcOf(oldId)?.vpcId, change);
    removeEndpoint(state, oldId);
    if (change.action === 'delete') return;
  }
  const snapshot = state.vpc(state.values.afterString(change, 'vpc_id'));
  if (!snapshot) return;
  state.touch(snapshot.vpcId, change);
  if (change.action === 'update') {
    const index = snapshot.endpoints.findIndex(e => e.id === oldId);
    const endpoint = plannedEndpoint(state, change, snapshot, oldId!);
    // An update keeps what AWS reports that Terraform does not manage (its state).
    if (index >= 0)
      snapshot.endpoints[index] = {
        ...endpoint,
        state: snapshot.endpoints[index].state,
      };
    return;
  }
  snapshot.endpoints.push(
    plannedEndpoint(
      state,
      change,
      snapshot,
      state.values.idOf(change) ?? change.address,
    ),
  );
};

type EndpointList = 'routeTableIds' | 'subnetIds' | 'securityGroupIds';

/** An association of an endpoint with one route table, subnet or security group. */
function associationChange(
  list: EndpointList,
  attribute: string,
): ChangeHandler {
  return (state, change) => {
    const { values } = state;
    if (change.action !== 'create') {
      const endpointId = beforeString(change, 'vpc_endpoint_id');
      const member = beforeString(change, attribute);
      const snapshot = state.vpcOf(endpointId);
      const endpoint = snapshot?.endpoints.find(e => e.id === endpointId);
      if (endpoint && member) {
        endpoint[list] = endpoint[list].filter(m => m !== member);
        state.touch(snapshot!.vpcId, change);
      }
      if (change.action === 'delete') return;
    }
    const endpointId = values.afterString(change, 'vpc_endpoint_id');
    const member = values.afterString(change, attribute);
    const knownId = [endpointId, member].find(
      (id): id is string | undefined => id !== UNKNOWN,
    );
    const snapshot = state.vpcOf(knownId);
    if (endpointId === UNKNOWN || member === UNKNOWN || !snapshot) {
      const unknownAttribute =
        endpointId === UNKNOWN ? 'vpc_endpoint_id' : attribute;
      if (endpointId === UNKNOWN || member === UNKNOWN)
        state.unknown(change, unknownAttribute, 'endpoints', {
          vpcId: snapshot?.vpcId,
        });
      return;
    }
    state.touch(snapshot.vpcId, change);
    const endpoint = snapshot.endpoints.find(e => e.id === endpointId);
    if (!endpoint || !member) return;
    if (
      list === 'securityGroupIds' &&
      values.afterBoolean(change, 'replace_default_association') === true
    ) {
      const defaultGroup = state.defaultGroupId(snapshot);
      endpoint.securityGroupIds = endpoint.securityGroupIds.filter(
        g => g !== defaultGroup,
      );
    }
    if (!endpoint[list].includes(member)) endpoint[list].push(member);
  };
}

/** `aws_vpc_endpoint_route_table_association`. */
export const endpointRouteTableAssociationChange = associationChange(
  'routeTableIds',
  'route_table_id',
);
/** `aws_vpc_endpoint_subnet_association`. */
export const endpointSubnetAssociationChange = associationChange(
  'subnetIds',
  'subnet_id',
);
/** `aws_vpc_endpoint_security_group_association`. */
export const endpointSecurityGroupAssociationChange = associationChange(
  'securityGroupIds',
  'security_group_id',
);
