/**
 * Test support: the hashicorp/aws provider schema, as `@cdktf/provider-aws` ships it (each
 * resource and data source generated from the provider's own schema: its Terraform type,
 * its arguments and nested blocks, and the attributes it exports), read from the package's
 * files without running them. The package version is the one whose provider version the
 * generated `required_providers` constraint admits.
 */
import fs from 'node:fs';
import path from 'node:path';

/** One block's shape: its arguments and its nested blocks. */
export interface BlockSchema {
  arguments: Set<string>;
  blocks: Map<string, BlockSchema>;
}

/** One resource or data source. */
export interface TypeSchema extends BlockSchema {
  /** Attributes that can be referenced (arguments and exported attributes). */
  attributes: Set<string>;
}

/** The provider: resources and data sources by Terraform type. */
export interface ProviderSchema {
  providerVersion: string;
  resources: Map<string, TypeSchema>;
  dataSources: Map<string, TypeSchema>;
}

function packageDir(): string {
  return path.dirname(require.resolve('@cdktf/provider-aws/package.json'));
}

/** The text of `{ ... }` starting at `open` (an index of `{`), braces balanced. */
function balanced(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}') {
      depth--;
      if (depth === 0) return source.slice(open, i + 1);
    }
  }
  throw new Error('unbalanced braces in provider source');
}

/** The `attrs` object of a synthesizeHclAttributes method or a `...ToHclTerraform` function. */
function hclAttrs(source: string, from: number): string {
  const start = source.indexOf('const attrs = {', from);
  if (start === -1) throw new Error('no attrs object');
  return balanced(source, start + 'const attrs = '.length);
}

/** Entries of an attrs object: `name: { value: ..., isBlock: bool, ... }`. */
function entries(
  attrs: string,
): Array<{ name: string; isBlock: boolean; value: string }> {
  const found: Array<{ name: string; isBlock: boolean; value: string }> = [];
  const entry = /^\s{0,16}(\w+): \{\s*value: (.*),\s*isBlock: (true|false),/gm;
  for (const m of attrs.matchAll(entry)) {
    found.push({ name: m[1], value: m[2], isBlock: m[3] === 'true' });
  }
  return found;
}

/** A block's schema from its attrs object; `source` is the whole file, where the mappers are. */
function blockSchema(
  source: string,
  attrs: string,
  seen: Set<string>,
): BlockSchema {
  const schema: BlockSchema = { arguments: new Set(), blocks: new Map() };
  for (const e of entries(attrs)) {
    if (!e.isBlock) {
      schema.arguments.add(e.name);
      continue;
    }
    const mapper = /(\w+ToHclTerraform)\b/.exec(e.value)?.[1];
    const at = mapper ? source.indexOf(`function ${mapper}(`) : -1;
    schema.blocks.set(
      e.name,
      at === -1 || seen.has(mapper!)
        ? { arguments: new Set(), blocks: new Map() }
        : blockSchema(
            source,
            hclAttrs(source, at),
            new Set([...seen, mapper!]),
          ),
    );
  }
  return schema;
}

const ATTRIBUTE_GETTER =
  /this\.(?:get\w*Attribute|interpolationForAttribute)\('(\w+)'\)/g;

function typeSchema(source: string): { type: string; schema: TypeSchema } {
  const type = /\.tfResourceType = "(\w+)";/.exec(source)?.[1];
  if (!type) throw new Error('no tfResourceType');
  const classStart = source.search(
    /class \w+ extends cdktf\.Terraform(Resource|DataSource) \{/,
  );
  const body = balanced(source, source.indexOf('{', classStart));
  const method = body.indexOf('synthesizeHclAttributes() {');
  const block = blockSchema(source, hclAttrs(body, method), new Set());
  const attributes = new Set(block.arguments);
  for (const m of body.matchAll(ATTRIBUTE_GETTER)) attributes.add(m[1]);
  return { type, schema: { ...block, attributes } };
}

let cached: ProviderSchema | undefined;

/** Reads the provider schema (once per test file; it reads only the types asked for). */
export function providerSchema(): ProviderSchema {
  if (cached) return cached;
  const dir = packageDir();
  const providerVersion = JSON.parse(
    fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
  ).cdktf.provider.version;
  const resources = new Map<string, TypeSchema>();
  const dataSources = new Map<string, TypeSchema>();
  const lib = path.join(dir, 'lib');
  const load = (name: string) => {
    const file = path.join(lib, name, 'index.js');
    if (!fs.existsSync(file)) return undefined;
    return typeSchema(fs.readFileSync(file, 'utf8'));
  };
  cached = {
    providerVersion,
    resources: lazyMap(resources, type =>
      load(type.replace(/^aws_/, '').replace(/_/g, '-')),
    ),
    dataSources: lazyMap(dataSources, type =>
      load(`data-${type.replace(/_/g, '-')}`),
    ),
  };
  return cached;
}

/** A map that loads an entry on first `get`, checking the type the file declares. */
function lazyMap(
  map: Map<string, TypeSchema>,
  load: (type: string) => { type: string; schema: TypeSchema } | undefined,
): Map<string, TypeSchema> {
  const get = map.get.bind(map);
  map.get = (type: string) => {
    if (!map.has(type)) {
      const loaded = load(type);
      if (loaded && loaded.type === type) map.set(type, loaded.schema);
    }
    return get(type);
  };
  return map;
}
