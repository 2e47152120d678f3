/**
 * The golden-path template in templates/fargate-private-service must stay in step with the
 * actions: the ids it calls, the inputs it passes and the task sizes it offers.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { z } from 'zod/v3';
import { createTemplateRenderer } from 'nunjitsu';
import { validate } from 'jsonschema';
import { parseServiceInput, serviceInputSchema } from './service/input';
import { validateServiceInput } from './service/validate';
import { createGenerateServiceAction } from './actions/generateService';
import { FARGATE_MEMORY_BY_CPU } from '@fargate-endpoints/plugin-fargate-endpoints-node';

const template = yaml.parse(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../../templates/fargate-private-service/template.yaml',
    ),
    'utf8',
  ),
);
const step = (id: string) =>
  template.spec.steps.find((s: { id: string }) => s.id === id);

describe('fargate-private-service template', () => {
  it('is a v1beta3 template that generates, publishes and registers', () => {
    expect(template).toMatchObject({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
    });
    expect(
      template.spec.steps.map((s: { action: string }) => s.action),
    ).toEqual([
      'fargate-endpoints:service:generate',
      'fargate-endpoints:publish:local',
      'publish:github',
      'catalog:register',
    ]);
  });

  it('passes only inputs the generate action knows', () => {
    const known = Object.keys(serviceInputSchema(z).shape);
    expect(
      Object.keys(step('generate').input).filter(k => !known.includes(k)),
    ).toEqual([]);
  });

  it('publishes locally by default and to GitHub only when chosen', () => {
    const publish = template.spec.parameters.find(
      (p: any) => p.properties?.publishTarget,
    ).properties.publishTarget;
    expect(publish.default).toBe('local');
    expect(step('publish-local').if).toContain("== 'local'");
    expect(step('publish-github').if).toContain("== 'github'");
    expect(step('register').if).toContain("== 'github'");
  });

  it('offers exactly the Fargate memory sizes of each CPU value', () => {
    const container = template.spec.parameters.find(
      (p: any) => p.properties?.cpu,
    );
    for (const option of container.dependencies.cpu.oneOf) {
      const cpu = option.properties.cpu.const;
      expect({ cpu, memory: option.properties.memory.enum }).toEqual({
        cpu,
        memory: FARGATE_MEMORY_BY_CPU[cpu],
      });
    }
  });
});

/**
 * Renders the generate step's input the way the scaffolder's workflow runner does (nunjitsu,
 * then `undefined` drops the key), from the values the form posts. The form keeps what was
 * filled in the mode it left, so those values ride along.
 */
function renderGenerateInput(parameters: Record<string, unknown>) {
  const renderer = createTemplateRenderer({
    filters: {
      parseRepoUrl: (url: unknown) => {
        const u = new URL(`https://${url}`);
        return {
          host: u.hostname,
          owner: u.searchParams.get('owner'),
          repo: u.searchParams.get('repo'),
        };
      },
    },
  });
  return JSON.parse(JSON.stringify(step('generate').input), (_key, value) =>
    typeof value === 'string'
      ? renderer.renderValue(value, { parameters } as any)
      : value,
  );
}

describe('the generate step of the template', () => {
  const service = {
    name: 'payments-api',
    description: 'Takes card payments',
    owner: 'group:default/team-payments',
    region: 'eu-west-1',
    needs: [],
    secrets: [],
    containerPort: 8080,
    cpu: 256,
    memory: 512,
    desiredCount: 2,
    publishTarget: 'local',
  };

  it('sends an existing VPC only its own fields, though the form kept the new-VPC defaults', () => {
    const input = renderGenerateInput({
      ...service,
      vpcMode: 'existingVpc',
      // Filled by the form when step 2 opened on "A new isolated VPC".
      vpcCidr: '10.0.0.0/16',
      azCount: 2,
      vpcId: 'vpc-053a690d98a45f18f',
      subnetIds: ['subnet-02dd1576b37180013'],
      lookupExistingEndpoints: false,
      existingEndpoints: ['s3'],
    });
    expect(input).not.toHaveProperty('vpcCidr');
    expect(input).not.toHaveProperty('azCount');
    expect(input).toMatchObject({
      vpcMode: 'existingVpc',
      vpcId: 'vpc-053a690d98a45f18f',
      subnetIds: ['subnet-02dd1576b37180013'],
      lookupExistingEndpoints: false,
      existingEndpoints: ['s3'],
    });
    const parsed = parseServiceInput(input);
    expect(parsed.ok && validateServiceInput(parsed.value)).toEqual([]);
  });

  it('sends a new VPC only its own fields, though the form kept an existing VPC', () => {
    const input = renderGenerateInput({
      ...service,
      vpcMode: 'newVpc',
      vpcCidr: '10.20.0.0/20',
      azCount: 3,
      // Typed before the user switched back to "A new isolated VPC".
      vpcId: 'vpc-053a690d98a45f18f',
      subnetIds: ['subnet-02dd1576b37180013'],
      lookupExistingEndpoints: true,
      existingEndpoints: ['s3'],
    });
    for (const field of [
      'vpcId',
      'subnetIds',
      'lookupExistingEndpoints',
      'existingEndpoints',
    ])
      expect(input).not.toHaveProperty(field);
    expect(input).toMatchObject({
      vpcMode: 'newVpc',
      vpcCidr: '10.20.0.0/20',
      azCount: 3,
    });
    const parsed = parseServiceInput(input);
    expect(parsed.ok && validateServiceInput(parsed.value)).toEqual([]);
  });

  it('passes the action schema the runner checks before the action runs', () => {
    // The JSON schema the scaffolder derived from the action's zod input.
    const schema = createGenerateServiceAction().schema!.input!;
    for (const vpcMode of ['newVpc', 'existingVpc']) {
      const input = renderGenerateInput({
        ...service,
        vpcMode,
        vpcCidr: '10.0.0.0/16',
        azCount: 2,
        vpcId: 'vpc-053a690d98a45f18f',
        subnetIds: ['subnet-02dd1576b37180013'],
      });
      expect({
        vpcMode,
        errors: validate(input, schema as any).errors,
      }).toEqual({
        vpcMode,
        errors: [],
      });
    }
  });
});

describe('the result page of the template', () => {
  it('links the new component (its card runs the network check), the GitHub repository and the overview', () => {
    const links = template.spec.output.links;
    expect(links.map((l: { title: string }) => l.title)).toEqual([
      'Open in the catalog (the network check is on its page)',
      'Open the repository',
      'Private networking of every service, by VPC',
    ]);
    expect(links[0].entityRef).toBe(
      "${{ steps['generate'].output.entityRef }}",
    );
    expect(links[1].url).toContain("steps['publish-github'].output.remoteUrl");
    expect(links[2].url).toBe('/fargate-endpoints');
  });
});
