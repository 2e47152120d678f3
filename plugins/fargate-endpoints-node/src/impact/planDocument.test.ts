import { planDocument, resourceChange } from '../__testUtils__/terraformPlans';
import { configAddressOf, parseTerraformPlan } from './planDocument';

describe('parseTerraformPlan', () => {
  it('reads resource_changes: replace in either order, no-op kept for its ids, data sources left out', () => {
    const document = planDocument([
      resourceChange('aws_vpc_endpoint.a', 'replace', {
        before: { id: 'vpce-1' },
        after: {},
      }),
      {
        ...resourceChange('aws_route.b', 'replace', {
          before: { id: 'r-1' },
          after: {},
        }),
        change: {
          ...resourceChange('aws_route.b', 'replace', {
            before: { id: 'r-1' },
            after: {},
          }).change,
          actions: ['create', 'delete'],
        },
      },
      resourceChange('aws_security_group.c', 'no-op', {
        before: { id: 'sg-1' },
      }),
    ]);
    (document.resource_changes as unknown[]).push({
      address: 'data.aws_vpc.main',
      mode: 'data',
      type: 'aws_vpc',
      change: { actions: ['read'] },
    });
    const plan = parseTerraformPlan(document);
    expect(plan.resources.map(r => `${r.address} ${r.action}`)).toEqual([
      'aws_vpc_endpoint.a replace',
      'aws_route.b replace',
      'aws_security_group.c no-op',
    ]);
    expect(plan.providerRegion).toBe('eu-west-1');
  });

  it.each([
    [[], 'plan: must be the JSON object'],
    [{ resource_changes: [] }, 'format_version: must be a version string'],
    [
      { format_version: '2.0', resource_changes: [] },
      'format_version: 2.0 is a major version',
    ],
    [
      { format_version: '1.2', values: {} },
      'resource_changes: this is a state, not a plan',
    ],
    [
      { format_version: '1.2', resource_changes: {} },
      'resource_changes: must be a list',
    ],
    [
      {
        format_version: '1.2',
        resource_changes: [{ type: 'aws_vpc', change: {} }],
      },
      'resource_changes[0].address:',
    ],
    [
      {
        format_version: '1.2',
        resource_changes: [
          {
            address: 'aws_vpc.a',
            type: 'aws_vpc',
            change: { actions: ['explode'] },
          },
        ],
      },
      'resource_changes[0].change.actions: ["explode"]',
    ],
    [
      {
        format_version: '1.2',
        resource_changes: [
          {
            address: 'aws_vpc.a',
            type: 'aws_vpc',
            change: { actions: ['delete'], before: null },
          },
        ],
      },
      'resource_changes[0].change.before: a delete needs',
    ],
    [
      {
        format_version: '1.2',
        resource_changes: [
          {
            address: 'aws_vpc.a',
            type: 'aws_vpc',
            change: { actions: ['create'], after: {}, after_unknown: [] },
          },
        ],
      },
      'resource_changes[0].change.after_unknown: must be an object',
    ],
  ])('rejects %j with an InputError naming the field', (document, message) => {
    expect(() => parseTerraformPlan(document)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining(message),
      }),
    );
  });

  it('drops instance keys from module and resource steps for the configuration address', () => {
    expect(configAddressOf('module.net["a"].aws_route.this[0]')).toBe(
      'module.net.aws_route.this',
    );
  });
});
