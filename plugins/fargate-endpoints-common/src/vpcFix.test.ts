import type { CheckReport, Finding } from './report';
import {
  vpcFixableFindings,
  vpcFixFormData,
  vpcFixPlannedChanges,
  vpcFixTemplatePath,
} from './vpcFix';

const error = (rule: string, service = 'ecr.api'): Finding =>
  ({
    rule,
    severity: 'error',
    service,
    message: rule,
    fix: rule,
  } as Finding);

function report(overrides: Partial<CheckReport> = {}): CheckReport {
  return {
    target: {
      region: 'eu-west-1',
      accountId: '111111111111',
      vpcId: 'vpc-040cb4c9c36f053fd',
      subnetIds: ['subnet-085ca6670b104ef7d'],
      securityGroupIds: ['sg-043f136833d65d208'],
    },
    needs: ['ecr', 'logs'],
    findings: [error('missing-endpoint'), error('private-dns-disabled')],
    ...overrides,
  } as CheckReport;
}

describe('the VPC fix the card offers', () => {
  it('counts only the errors the template fixes', () => {
    expect(vpcFixableFindings(report()).map(f => f.rule)).toEqual([
      'missing-endpoint',
    ]);
    expect(
      vpcFixableFindings(
        report({
          findings: [
            { ...error('missing-endpoint'), severity: 'warning' },
            error('nacl-blocks-https'),
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('fills the form from the report, with a name the template accepts', () => {
    expect(
      vpcFixFormData(report(), {
        name: 'Orders_Worker.v2',
        entityRef: 'component:default/Orders_Worker.v2',
      }),
    ).toEqual({
      name: 'orders-worker-v2-vpc-endpoints',
      region: 'eu-west-1',
      accountId: '111111111111',
      vpcId: 'vpc-040cb4c9c36f053fd',
      subnetIds: ['subnet-085ca6670b104ef7d'],
      securityGroupIds: ['sg-043f136833d65d208'],
      needs: ['ecr', 'logs'],
      entityRef: 'component:default/Orders_Worker.v2',
      plannedChanges: 'Adds the ecr.api endpoint.',
    });
    const long = vpcFixFormData(report(), { name: `a${'-b'.repeat(40)}` })!;
    expect(long.name.length).toBeLessThanOrEqual(40);
    expect(long.name).toMatch(/^[a-z]([a-z0-9-]*[a-z0-9])?$/);
    expect(vpcFixFormData(report(), { name: '42' })!.name).toBe(
      'service-vpc-endpoints',
    );
  });

  it('offers nothing without a VPC, subnets or task groups to fix, or nothing it fixes', () => {
    const target = report().target;
    for (const t of [
      { ...target, vpcId: undefined },
      { ...target, subnetIds: [] },
      { ...target, securityGroupIds: [] },
    ])
      expect(vpcFixFormData(report({ target: t }), { name: 'x' })).toBe(
        undefined,
      );
    expect(
      vpcFixFormData(report({ findings: [error('private-dns-disabled')] }), {
        name: 'x',
      }),
    ).toBe(undefined);
  });

  it('says what the change will do, for the form and its review', () => {
    expect(
      vpcFixPlannedChanges(
        report({
          findings: [
            error('missing-endpoint'),
            {
              ...error('s3-route-table-missing', 's3'),
              resourceId: 'rtb-0efe9d4e7bf664bfc',
            },
            error('endpoint-sg-blocks-tasks', 'logs'),
            error('task-egress-blocked', 'ssm'),
            error('private-dns-disabled'),
          ],
        }),
      ),
    ).toBe(
      'Adds the ecr.api endpoint; associates rtb-0efe9d4e7bf664bfc with the S3 gateway; lets the tasks reach the logs endpoint on TCP 443; lets the task security group send TCP 443 to the ssm endpoint.',
    );
  });

  it('puts the form data in the query string the scaffolder reads', () => {
    const data = vpcFixFormData(report(), { name: 'orders-worker' })!;
    const url = new URL(vpcFixTemplatePath(data), 'http://portal/create/');
    expect(url.pathname).toBe('/templates/default/fix-vpc-endpoints');
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual(data);
  });
});
