/**
 * The golden-path template in templates/fargate-private-service must stay in step with the
 * actions: the ids it calls, the inputs it passes and the task sizes it offers.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { z } from 'zod/v3';
import { serviceInputSchema } from './service/input';
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
