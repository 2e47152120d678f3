/**
 * Test support: read generated Terraform with HashiCorp's own HCL parser (@cdktf/hcl2json,
 * the Go parser compiled to WebAssembly), check that every reference resolves, and evaluate
 * the configuration the way `terraform plan` would for the subset of the language the
 * generator uses. Unsupported syntax throws, so a test can never pass by skipping it.
 */
import {
  getExpressionAst,
  getReferencesInExpression,
  parse,
} from '@cdktf/hcl2json';

/** The merged hcl2json output of all .tf files of a directory. */
export interface TerraformConfig {
  variable?: Record<string, Array<Record<string, any>>>;
  locals?: Array<Record<string, any>>;
  resource?: Record<string, Record<string, Array<Record<string, any>>>>;
  data?: Record<string, Record<string, Array<Record<string, any>>>>;
  output?: Record<string, Array<Record<string, any>>>;
  terraform?: Array<Record<string, any>>;
  provider?: Record<string, Array<Record<string, any>>>;
  module?: Record<string, Array<Record<string, any>>>;
}

/** Parses every file and merges the results, failing on a name declared twice. */
export async function parseTerraform(
  files: Record<string, string>,
): Promise<TerraformConfig> {
  const config: any = {};
  for (const [name, content] of Object.entries(files)) {
    if (!name.endsWith('.tf')) continue;
    const parsed = await parse(name, content);
    for (const [kind, value] of Object.entries(parsed)) {
      if (kind === 'locals' || kind === 'terraform') {
        config[kind] = [...(config[kind] ?? []), ...(value as any[])];
      } else if (kind === 'resource' || kind === 'data') {
        config[kind] ??= {};
        for (const [type, byName] of Object.entries(
          value as Record<string, any>,
        )) {
          config[kind][type] ??= {};
          for (const [n, body] of Object.entries(
            byName as Record<string, any>,
          )) {
            if (config[kind][type][n])
              throw new Error(`${kind} ${type}.${n} declared twice`);
            config[kind][type][n] = body;
          }
        }
      } else {
        config[kind] ??= {};
        for (const [n, body] of Object.entries(value as Record<string, any>)) {
          if (config[kind][n] && kind !== 'provider')
            throw new Error(`${kind} ${n} declared twice`);
          config[kind][n] = body;
        }
      }
    }
  }
  const localNames = (config.locals ?? []).flatMap((l: object) =>
    Object.keys(l),
  );
  const dup = localNames.find(
    (n: string, i: number) => localNames.indexOf(n) !== i,
  );
  if (dup) throw new Error(`local ${dup} declared twice`);
  return config;
}

function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.includes('${');
}

/** Every expression in a block body with the block it belongs to. */
function* expressionsOf(
  body: unknown,
  path: string,
): Generator<{ expr: string; path: string }> {
  if (isExpression(body)) yield { expr: body, path };
  else if (Array.isArray(body))
    for (const [i, item] of body.entries())
      yield* expressionsOf(item, `${path}[${i}]`);
  else if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body))
      yield* expressionsOf(v, `${path}.${k}`);
  }
}

/** A reference that does not resolve, with where it is. */
export interface UnresolvedReference {
  where: string;
  reference: string;
}

/**
 * Finds every reference (var., local., data., module., resources, each., count., self.) and
 * returns those that point at nothing declared, or use each./count. outside for_each/count.
 */
export async function unresolvedReferences(
  config: TerraformConfig,
): Promise<UnresolvedReference[]> {
  const locals = new Set((config.locals ?? []).flatMap(l => Object.keys(l)));
  const problems: UnresolvedReference[] = [];
  const blocks: Array<{
    where: string;
    body: Record<string, any>;
    self: boolean;
  }> = [];
  for (const [type, byName] of Object.entries(config.resource ?? {})) {
    for (const [name, bodies] of Object.entries(byName))
      blocks.push({ where: `${type}.${name}`, body: bodies[0], self: true });
  }
  for (const [type, byName] of Object.entries(config.data ?? {})) {
    for (const [name, bodies] of Object.entries(byName))
      blocks.push({
        where: `data.${type}.${name}`,
        body: bodies[0],
        self: true,
      });
  }
  for (const [name, bodies] of Object.entries(config.output ?? {}))
    blocks.push({ where: `output.${name}`, body: bodies[0], self: false });
  for (const [name, bodies] of Object.entries(config.variable ?? {})) {
    const { type: _type, ...rest } = bodies[0];
    blocks.push({ where: `var.${name}`, body: rest, self: false });
  }
  for (const l of config.locals ?? [])
    blocks.push({ where: 'locals', body: l, self: false });
  for (const [name, bodies] of Object.entries(config.provider ?? {}))
    blocks.push({ where: `provider.${name}`, body: bodies[0], self: false });

  for (const block of blocks) {
    for (const { expr, path } of expressionsOf(block.body, block.where)) {
      for (const ref of await getReferencesInExpression('main.tf', expr)) {
        const parts = ref.value.split(/[.[]/);
        const ok = (() => {
          switch (parts[0]) {
            case 'var':
              return Boolean(config.variable?.[parts[1]]);
            case 'local':
              return locals.has(parts[1]);
            case 'data':
              return Boolean(config.data?.[parts[1]]?.[parts[2]]);
            case 'module':
              return Boolean(config.module?.[parts[1]]);
            case 'each':
              return 'for_each' in block.body;
            case 'count':
              return 'count' in block.body;
            case 'self':
              return block.self;
            case 'path':
            case 'terraform':
              return true;
            default:
              return Boolean(config.resource?.[parts[0]]?.[parts[1]]);
          }
        })();
        if (!ok) problems.push({ where: path, reference: ref.value });
      }
    }
  }
  return problems;
}

/** A schema problem: an unknown type, argument, block or attribute, and where. */
export interface SchemaProblem {
  where: string;
  problem: string;
}

/** What schema validation needs of a provider schema (see providerSchema.ts). */
interface SchemaLike {
  resources: Map<string, TypeSchemaLike>;
  dataSources: Map<string, TypeSchemaLike>;
}
interface BlockSchemaLike {
  arguments: Set<string>;
  blocks: Map<string, BlockSchemaLike>;
}
interface TypeSchemaLike extends BlockSchemaLike {
  attributes: Set<string>;
}

const META_ARGUMENTS = new Set(['for_each', 'count', 'depends_on', 'provider']);
const META_BLOCKS = new Set(['lifecycle']);

function isBlockValue(value: unknown): value is Array<Record<string, unknown>> {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(v => v !== null && typeof v === 'object' && !Array.isArray(v))
  );
}

function checkBody(
  body: Record<string, unknown>,
  schema: BlockSchemaLike,
  where: string,
  problems: SchemaProblem[],
  top: boolean,
): void {
  for (const [key, value] of Object.entries(body)) {
    if (top && (META_ARGUMENTS.has(key) || META_BLOCKS.has(key))) continue;
    if (isBlockValue(value) && schema.blocks.has(key)) {
      for (const [i, nested] of value.entries())
        checkBody(
          nested,
          schema.blocks.get(key)!,
          `${where}.${key}[${i}]`,
          problems,
          false,
        );
      continue;
    }
    if (schema.arguments.has(key)) continue;
    problems.push({
      where,
      problem: schema.blocks.has(key)
        ? `${key} is a block, written as an argument`
        : `${key} is neither an argument nor a block`,
    });
  }
}

/**
 * Checks every resource and data source against the provider schema: the type exists, every
 * argument and nested block is one it has, and every reference to a resource or data source
 * names an attribute it exports.
 */
export async function schemaProblems(
  config: TerraformConfig,
  schema: SchemaLike,
): Promise<SchemaProblem[]> {
  const problems: SchemaProblem[] = [];
  const kinds = [
    ['resource', config.resource ?? {}, schema.resources, ''],
    ['data', config.data ?? {}, schema.dataSources, 'data.'],
  ] as const;
  for (const [kind, blocks, types, prefix] of kinds) {
    for (const [type, byName] of Object.entries(blocks)) {
      const typeSchema = types.get(type);
      for (const [name, bodies] of Object.entries(byName)) {
        const where = `${prefix}${type}.${name}`;
        if (!typeSchema) {
          problems.push({
            where,
            problem: `no ${kind} type ${type} in the provider`,
          });
          continue;
        }
        checkBody(bodies[0], typeSchema, where, problems, true);
      }
    }
  }
  const everything: Array<{ body: unknown; where: string }> = [
    ...Object.entries(config.resource ?? {}).flatMap(([t, byName]) =>
      Object.entries(byName).map(([n, b]) => ({
        body: b[0],
        where: `${t}.${n}`,
      })),
    ),
    ...Object.entries(config.data ?? {}).flatMap(([t, byName]) =>
      Object.entries(byName).map(([n, b]) => ({
        body: b[0],
        where: `data.${t}.${n}`,
      })),
    ),
    ...Object.entries(config.output ?? {}).map(([n, b]) => ({
      body: b[0],
      where: `output.${n}`,
    })),
    ...(config.locals ?? []).map(l => ({ body: l, where: 'locals' })),
  ];
  for (const { body, where } of everything) {
    for (const { expr } of expressionsOf(body, where)) {
      for (const ref of await getReferencesInExpression('main.tf', expr)) {
        const m = /^(data\.)?(aws_\w+)\.(\w+)(?:\[[^\]]*\])?\.(\w+)/.exec(
          ref.value,
        );
        if (!m) continue;
        const types = m[1] ? schema.dataSources : schema.resources;
        const attributes = types.get(m[2])?.attributes;
        if (attributes && !attributes.has(m[4])) {
          problems.push({
            where,
            problem: `${ref.value}: ${m[2]} has no attribute ${m[4]}`,
          });
        }
      }
    }
  }
  return problems;
}

/** Answers data sources the way AWS would for the test's world. */
export type DataSourceFake = (
  type: string,
  args: Record<string, any>,
) => Record<string, any>;

/** Computes the attributes AWS assigns on create (id, arn, prefix_list_id, ...). */
export type ComputedAttributes = (
  type: string,
  address: string,
  args: Record<string, any>,
) => Record<string, any>;

type Scope = Record<string, any>;

const SKIPPED_ARGUMENTS = new Set([
  'for_each',
  'count',
  'depends_on',
  'lifecycle',
  'provider',
]);

/** A lazy evaluator for one configuration: each resource, data source and local at most once. */
export class TerraformEvaluator {
  private readonly cache = new Map<string, Promise<any>>();
  private readonly locals: Record<string, string>;

  constructor(
    private readonly config: TerraformConfig,
    private readonly dataSource: DataSourceFake,
    private readonly computed: ComputedAttributes,
  ) {
    this.locals = Object.assign({}, ...(config.locals ?? []));
  }

  /** Every instance of a resource type, keyed by address. */
  async instancesOf(
    type: string,
  ): Promise<Array<{ address: string; attrs: Record<string, any> }>> {
    const result: Array<{ address: string; attrs: Record<string, any> }> = [];
    for (const name of Object.keys(this.config.resource?.[type] ?? {})) {
      const value = await this.resolveBlock('resource', type, name);
      const body = this.config.resource![type][name][0];
      if ('for_each' in body) {
        for (const [key, attrs] of Object.entries(value))
          result.push({
            address: `${type}.${name}["${key}"]`,
            attrs: attrs as any,
          });
      } else if ('count' in body) {
        (value as any[]).forEach((attrs, i) =>
          result.push({ address: `${type}.${name}[${i}]`, attrs }),
        );
      } else result.push({ address: `${type}.${name}`, attrs: value });
    }
    return result;
  }

  /** One resource or data instance by its plain name (no for_each). */
  async block(
    kind: 'resource' | 'data',
    type: string,
    name: string,
  ): Promise<any> {
    return this.resolveBlock(kind, type, name);
  }

  /** Evaluates every variable validation against the variable's default; returns the failures. */
  async failedValidations(): Promise<string[]> {
    const failures: string[] = [];
    for (const [name, bodies] of Object.entries(this.config.variable ?? {})) {
      for (const validation of bodies[0].validation ?? []) {
        if ((await this.value(validation.condition, {})) !== true)
          failures.push(`var.${name}: ${validation.error_message}`);
      }
    }
    return failures;
  }

  /** Evaluates an output. */
  async output(name: string): Promise<any> {
    return this.value(this.config.output?.[name]?.[0]?.value, {});
  }

  private resolveBlock(
    kind: 'resource' | 'data',
    type: string,
    name: string,
  ): Promise<any> {
    const key = `${kind}.${type}.${name}`;
    if (!this.cache.has(key))
      this.cache.set(key, this.evaluateBlock(kind, type, name));
    return this.cache.get(key)!;
  }

  private async evaluateBlock(
    kind: 'resource' | 'data',
    type: string,
    name: string,
  ): Promise<any> {
    const body = this.config[kind]?.[type]?.[name]?.[0];
    if (!body) throw new Error(`${kind} ${type}.${name} is not declared`);
    const instance = async (scope: Scope, address: string) => {
      const args: Record<string, any> = {};
      for (const [k, v] of Object.entries(body)) {
        if (!SKIPPED_ARGUMENTS.has(k)) args[k] = await this.value(v, scope);
      }
      const attrs =
        kind === 'data'
          ? { ...args, ...this.dataSource(type, args) }
          : { ...args, ...this.computed(type, address, args) };
      await this.checkPostconditions(body, attrs, scope, address);
      return attrs;
    };
    const prefix = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
    if ('for_each' in body) {
      const collection = await this.value(body.for_each, {});
      const entries: Array<[string, any]> = Array.isArray(collection)
        ? collection.map(v => [String(v), v])
        : Object.entries(collection);
      const out: Record<string, any> = {};
      for (const [k, v] of entries)
        out[k] = await instance(
          { each: { key: k, value: v } },
          `${prefix}["${k}"]`,
        );
      return out;
    }
    if ('count' in body) {
      const count = await this.value(body.count, {});
      return Promise.all(
        Array.from({ length: count }, (_, i) =>
          instance({ count: { index: i } }, `${prefix}[${i}]`),
        ),
      );
    }
    return instance({}, prefix);
  }

  private async checkPostconditions(
    body: Record<string, any>,
    self: Record<string, any>,
    scope: Scope,
    address: string,
  ) {
    for (const lifecycle of body.lifecycle ?? []) {
      for (const condition of lifecycle.postcondition ?? []) {
        if (
          (await this.value(condition.condition, { ...scope, self })) !== true
        ) {
          throw new Error(
            `postcondition of ${address} failed: ${condition.error_message}`,
          );
        }
      }
    }
  }

  /** Evaluates a value from hcl2json output: nested blocks, lists, objects and expressions. */
  async value(v: any, scope: Scope): Promise<any> {
    if (isExpression(v)) return this.expression(v, scope);
    if (Array.isArray(v))
      return Promise.all(v.map(item => this.value(item, scope)));
    if (v && typeof v === 'object') {
      const out: Record<string, any> = {};
      for (const [k, item] of Object.entries(v))
        out[k] = await this.value(item, scope);
      return out;
    }
    return v;
  }

  private async expression(text: string, scope: Scope): Promise<any> {
    const ast = await getExpressionAst('main.tf', `"${text}"`);
    if (!ast) throw new Error(`cannot parse ${text}`);
    return this.node(ast, scope);
  }

  private async sub(text: string, scope: Scope): Promise<any> {
    return this.expression(`\${${text}}`, scope);
  }

  private async root(
    name: string,
    rest: string[],
    scope: Scope,
  ): Promise<{ value: any; used: number }> {
    if (name in scope) return { value: scope[name], used: 0 };
    switch (name) {
      case 'var': {
        const variable = this.config.variable?.[rest[0]]?.[0];
        if (!variable) throw new Error(`var.${rest[0]} is not declared`);
        return { value: await this.value(variable.default, {}), used: 1 };
      }
      case 'local': {
        const key = `local.${rest[0]}`;
        if (!(rest[0] in this.locals))
          throw new Error(`${key} is not declared`);
        if (!this.cache.has(key))
          this.cache.set(key, this.value(this.locals[rest[0]], {}));
        return { value: await this.cache.get(key), used: 1 };
      }
      case 'data':
        return {
          value: await this.resolveBlock('data', rest[0], rest[1]),
          used: 2,
        };
      default:
        if (this.config.resource?.[name]?.[rest[0]])
          return {
            value: await this.resolveBlock('resource', name, rest[0]),
            used: 1,
          };
        throw new Error(`unknown reference root ${name}.${rest.join('.')}`);
    }
  }

  private step(value: any, part: { type: string; segment: string }): any {
    const key =
      part.type === 'indexTraversal' ? JSON.parse(part.segment) : part.segment;
    if (value === undefined || value === null)
      throw new Error(`cannot read ${key} of ${value}`);
    const next = value[key];
    if (next === undefined)
      throw new Error(
        `no attribute ${key} in ${JSON.stringify(value).slice(0, 200)}`,
      );
    return next;
  }

  private async node(n: any, scope: Scope): Promise<any> {
    switch (n.type) {
      case 'templateWrap':
        return this.node(n.children[0], scope);
      case 'template': {
        const parts = await Promise.all(
          n.children.map((c: any) => this.node(c, scope)),
        );
        return parts.map(p => String(p)).join('');
      }
      case 'literalValue':
        if (n.meta.type === 'number') return Number(n.meta.value);
        if (n.meta.type === 'bool') return n.meta.value === 'true';
        if (n.meta.value === 'null') return null;
        return n.meta.value;
      case 'scopeTraversal': {
        const parts = n.meta.traversal as Array<{
          type: string;
          segment: string;
        }>;
        const names = parts.map(p => p.segment);
        const { value, used } = await this.root(
          names[0],
          names.slice(1),
          scope,
        );
        return parts
          .slice(1 + used)
          .reduce((acc, part) => this.step(acc, part), value);
      }
      case 'relativeTraversal': {
        const source = await this.node(n.children[0], scope);
        return (n.meta.traversal as any[]).reduce(
          (acc, part) => this.step(acc, part),
          source,
        );
      }
      case 'index': {
        const collection = await this.node(n.children[0], scope);
        const key = await this.node(n.children[1], scope);
        return this.step(collection, {
          type: 'nameTraversal',
          segment: String(key),
        });
      }
      case 'tuple':
        return Promise.all(n.children.map((c: any) => this.node(c, scope)));
      case 'object': {
        const out: Record<string, any> = {};
        for (const [k, v] of Object.entries(
          n.meta.items as Record<string, string>,
        )) {
          out[k.startsWith('"') ? JSON.parse(k) : k] = await this.sub(v, scope);
        }
        return out;
      }
      case 'conditional':
        return (await this.node(n.children[0], scope))
          ? this.node(n.children[1], scope)
          : this.node(n.children[2], scope);
      case 'unaryOp': {
        const v = await this.node(n.children[0], scope);
        if (n.meta.operator === 'logicalNot') return !v;
        if (n.meta.operator === 'negate') return -v;
        throw new Error(`unsupported operator ${n.meta.operator}`);
      }
      case 'binaryOp':
        return binary(
          n.meta.operator,
          await this.node(n.children[0], scope),
          await this.node(n.children[1], scope),
        );
      case 'function':
        if (n.meta.name === 'can') {
          // can() is true when its argument evaluates without an error.
          return this.node(n.children[0], scope).then(
            () => true,
            () => false,
          );
        }
        return callFunction(
          n.meta.name,
          await Promise.all(n.children.map((c: any) => this.node(c, scope))),
        );
      case 'for':
        return this.forExpression(n.meta, scope);
      default:
        throw new Error(
          `unsupported HCL expression ${n.type}: ${n.meta?.value}`,
        );
    }
  }

  private async forExpression(meta: any, scope: Scope): Promise<any> {
    const collection = await this.sub(meta.collectionExpression, scope);
    const entries: Array<[any, any]> = Array.isArray(collection)
      ? collection.map((v, i) => [i, v])
      : Object.entries(collection);
    const keyed = Boolean(meta.keyExpression);
    const list: any[] = [];
    const object: Record<string, any> = {};
    for (const [k, v] of entries) {
      const inner = {
        ...scope,
        [meta.valVar]: v,
        ...(meta.keyVar ? { [meta.keyVar]: k } : {}),
      };
      if (
        meta.conditionalExpression &&
        !(await this.sub(meta.conditionalExpression, inner))
      )
        continue;
      const value = await this.sub(meta.valueExpression, inner);
      if (!keyed) list.push(value);
      else {
        const key = String(await this.sub(meta.keyExpression, inner));
        if (meta.groupedValue) (object[key] ??= []).push(value);
        else if (key in object)
          throw new Error(`duplicate key ${key} in for expression`);
        else object[key] = value;
      }
    }
    return keyed ? object : list;
  }
}

function binary(op: string, a: any, b: any): any {
  switch (op) {
    case 'logicalAnd':
      return a && b;
    case 'logicalOr':
      return a || b;
    case 'equal':
      return JSON.stringify(a) === JSON.stringify(b);
    case 'notEqual':
      return JSON.stringify(a) !== JSON.stringify(b);
    case 'greaterThan':
      return a > b;
    case 'greaterThanOrEqual':
      return a >= b;
    case 'lessThan':
      return a < b;
    case 'lessThanOrEqual':
      return a <= b;
    case 'add':
      return a + b;
    case 'subtract':
      return a - b;
    case 'multiply':
      return a * b;
    case 'divide':
      return a / b;
    default:
      throw new Error(`unsupported operator ${op}`);
  }
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function cidrsubnet(prefix: string, newbits: number, netnum: number): string {
  const [ip, len] = prefix.split('/');
  const bits = Number(len) + newbits;
  if (bits > 32 || netnum >= 2 ** newbits)
    throw new Error(
      `cidrsubnet(${prefix}, ${newbits}, ${netnum}) does not fit`,
    );
  const base =
    ipToNumber(ip) -
    (ipToNumber(ip) % 2 ** (32 - Number(len))) +
    netnum * 2 ** (32 - bits);
  return `${[24, 16, 8, 0]
    .map(s => Math.floor(base / 2 ** s) % 256)
    .join('.')}/${bits}`;
}

function callFunction(name: string, args: any[]): any {
  switch (name) {
    case 'jsonencode':
      return JSON.stringify(args[0]);
    case 'toset':
      return [...new Set(args[0])];
    case 'tostring':
      return String(args[0]);
    case 'tonumber':
      return Number(args[0]);
    case 'flatten':
      return (args[0] as any[]).flat(Infinity);
    case 'distinct':
      return [...new Set(args[0])];
    case 'setsubtract':
      return [...new Set(args[0])].filter(x => !(args[1] as any[]).includes(x));
    case 'sort':
      return [...args[0]].sort();
    case 'slice':
      return (args[0] as any[]).slice(args[1], args[2]);
    case 'length':
      return Array.isArray(args[0]) || typeof args[0] === 'string'
        ? args[0].length
        : Object.keys(args[0]).length;
    case 'join':
      return (args[1] as any[]).join(args[0]);
    case 'split':
      return String(args[1]).split(args[0]);
    case 'values':
      return Object.values(args[0]);
    case 'keys':
      return Object.keys(args[0]);
    case 'contains':
      return (args[0] as any[]).includes(args[1]);
    case 'alltrue':
      return (args[0] as any[]).every(Boolean);
    case 'cidrsubnet':
      return cidrsubnet(args[0], args[1], args[2]);
    case 'cidrhost':
      return args[0];
    case 'regex': {
      const m = new RegExp(args[0]).exec(args[1]);
      if (!m) throw new Error(`regex ${args[0]} does not match ${args[1]}`);
      return m[0];
    }
    default:
      throw new Error(`unsupported function ${name}`);
  }
}
