/**
 * The fix template in templates/fix-vpc-endpoints must stay in step with the action it calls,
 * with the form data the card pre-fills, and with the portal's catalog locations.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { z } from 'zod/v3';
import { createTemplateRenderer } from 'nunjitsu';
import { validate } from 'jsonschema';
import {
  VPC_FIX_TEMPLATE_NAME,
  vpcFixFormData,
  type CheckReport,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { createPlanVpcFixAction } from './actions/planVpcFix';
import { fixInputSchema, parseFixInput } from './fix/fixInput';

const ROOT = path.resolve(__dirname, '../../..');
const readYaml = (rel: string) =>
  yaml.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8'));
const template = readYaml('templates/fix-vpc-endpoints/template.yaml');
const step = (id: string) =>
  template.spec.steps.find((s: { id: string }) => s.id === id);

const renderer = createTemplateRenderer();
/** Renders a value of the template the way the workflow runner does. */
function render(value: unknown, context: Record<string, unknown>) {
  return JSON.parse(JSON.stringify(value), (_key, v) =>
    typeof v === 'string' ? renderer.renderValue(v, context as any) : v,
  );
}

/** The part of a report the card reads to fill the form. */
const report = {
  target: {
    region: 'eu-west-1',
    accountId: '111111111111',
    vpcId: 'vpc-040cb4c9c36f053fd',
    subnetIds: ['subnet-085ca6670b104ef7d', 'subnet-04589257242e9c2f2'],
    securityGroupIds: ['sg-043f136833d65d208'],
  },
  needs: ['ecr', 'logs'],
  findings: [
    {
      rule: 'missing-endpoint',
      severity: 'error',
      service: 'ecr.api',
      message: 'no ecr.api',
      fix: 'create it',
    },
  ],
} as unknown as CheckReport;

describe('fix-vpc-endpoints template', () => {
  it('is the v1beta3 template the card links to, calling the fix and the publish actions', () => {
    expect(template).toMatchObject({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: {
        name: VPC_FIX_TEMPLATE_NAME,
        title: 'Add the missing endpoints to this VPC',
      },
    });
    expect(
      template.spec.steps.map((s: { action: string }) => s.action),
    ).toEqual([
      'fargate-endpoints:vpc:plan-fix',
      'fargate-endpoints:publish:local',
      'publish:github',
    ]);
  });

  it('is registered in the portal catalog like the service template', () => {
    const targets = readYaml('app-config.yaml').catalog.locations.map(
      (l: { target: string }) => l.target,
    );
    expect(targets).toEqual(
      expect.arrayContaining([
        '../../templates/fargate-private-service/template.yaml',
        '../../templates/fix-vpc-endpoints/template.yaml',
      ]),
    );
  });

  it('has a form field for every value the card pre-fills, and passes only inputs the action knows', () => {
    const properties = template.spec.parameters[0].properties;
    const formData = vpcFixFormData(report, {
      name: 'orders-worker',
      entityRef: 'component:default/orders-worker',
    })!;
    expect(Object.keys(formData).filter(k => !(k in properties))).toEqual([]);
    const known = Object.keys(fixInputSchema(z).shape);
    expect(
      Object.keys(step('fix').input).filter(k => !known.includes(k)),
    ).toEqual([]);
  });

  it('labels every list item and offers no reorder arrows where order means nothing, in both templates', () => {
    const service = readYaml('templates/fargate-private-service/template.yaml');
    const arrays: Array<[string, any]> = [];
    const walk = (properties: Record<string, any>, at: string) => {
      for (const [key, field] of Object.entries(properties ?? {})) {
        if (field?.type === 'array' && field.items?.enum === undefined)
          arrays.push([`${at}.${key}`, field]);
      }
    };
    for (const [name, t] of [
      ['fix-vpc-endpoints', template],
      ['fargate-private-service', service],
    ] as const) {
      for (const page of t.spec.parameters) {
        walk(page.properties, name);
        walk(page.then?.properties, name);
        walk(page.else?.properties, name);
        for (const branch of page.dependencies
          ? Object.values(page.dependencies).flatMap((d: any) => d.oneOf ?? [])
          : [])
          walk((branch as any).properties, name);
      }
    }
    expect(arrays.map(([at]) => at)).toEqual(
      expect.arrayContaining([
        'fix-vpc-endpoints.subnetIds',
        'fix-vpc-endpoints.securityGroupIds',
        'fix-vpc-endpoints.needs',
        'fargate-private-service.subnetIds',
        'fargate-private-service.secrets',
      ]),
    );
    for (const [at, field] of arrays) {
      // Without an item title the form labels each item "subnetIds-0 *".
      expect([at, typeof field.items.title]).toEqual([at, 'string']);
      expect([at, field['ui:options']?.orderable]).toEqual([at, false]);
    }
  });

  it('shows the planned changes the card filled in, read-only, so the review step lists them', () => {
    const field = template.spec.parameters[0].properties.plannedChanges;
    expect(field).toMatchObject({
      title: 'Planned changes',
      type: 'string',
      'ui:readonly': true,
    });
    expect(
      vpcFixFormData(report, { name: 'orders-worker' })!.plannedChanges,
    ).toBe('Adds the ecr.api endpoint.');
    // The action does not take it: it plans again from the VPC.
    expect(step('fix').input.plannedChanges).toBeUndefined();
  });

  it('offers the regions the service template offers', () => {
    const service = readYaml('templates/fargate-private-service/template.yaml');
    const regionsOf = (t: any) =>
      t.spec.parameters.find((p: any) => p.properties?.region).properties.region
        .enum;
    expect(regionsOf(template)).toEqual(regionsOf(service));
  });

  it.each([
    ['with the account and the entity', {}],
    ['without them', { accountId: undefined, entityRef: undefined }],
  ])(
    'turns the pre-filled form (%s) into input the action schema and its checks accept',
    (_, change) => {
      const parameters = {
        ...vpcFixFormData(report, {
          name: 'orders-worker',
          entityRef: 'component:default/orders-worker',
        }),
        ...change,
        publishTarget: 'local',
      };
      const input = render(step('fix').input, { parameters });
      const schema = createPlanVpcFixAction({
        endpointLookup: async () => {
          throw new Error('not called');
        },
      }).schema!.input!;
      expect(validate(input, schema as any).errors).toEqual([]);
      expect(parseFixInput(input)).toMatchObject({
        vpcId: report.target.vpcId,
        subnetIds: report.target.subnetIds,
        securityGroupIds: report.target.securityGroupIds,
        needs: ['ecr', 'logs'],
      });
    },
  );

  it('publishes only when there is something to change, and then says what; otherwise "Nothing to change"', () => {
    const parameters = {
      publishTarget: 'local',
      vpcId: 'vpc-040cb4c9c36f053fd',
    };
    const context = (changeCount: number, summary: string) => ({
      parameters,
      steps: {
        fix: {
          output: {
            changeCount,
            summary,
            endpoints: changeCount ? ['ecr.api'] : [],
            routeTableAssociations: [],
            monthlyCost: changeCount ? 14.6 : 0,
          },
        },
        'publish-local': { output: { remoteUrl: 'file:///repos/x' } },
        'publish-github': { output: {} },
      },
    });
    const when = (changeCount: number, summary: string) =>
      render(
        {
          local: step('publish-local').if,
          github: step('publish-github').if,
          text: template.spec.output.text[0].content,
        },
        context(changeCount, summary),
      );

    const nothing = when(
      0,
      'Nothing to change: vpc-040cb4c9c36f053fd has every endpoint',
    );
    expect(nothing.local).toBeFalsy();
    expect(nothing.github).toBeFalsy();
    expect(nothing.text).toContain('Nothing to change');
    expect(nothing.text).toContain('none (nothing to change)');

    const some = when(3, 'vpc-040cb4c9c36f053fd: creates ecr.api.');
    expect(some.local).toBeTruthy();
    expect(some.github).toBeFalsy();
    expect(some.text).toContain('creates ecr.api');
    expect(some.text).toContain('file:///repos/x');
  });
});
