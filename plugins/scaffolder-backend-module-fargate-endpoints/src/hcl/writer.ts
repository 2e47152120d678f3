/**
 * A small HCL writer. Renderers describe Terraform as values and blocks; this file turns them
 * into text laid out exactly as `terraform fmt` would (two-space indents, `=` aligned across
 * runs of single-line attributes), so that generated repositories pass `terraform fmt -check`
 * in CI without a formatting commit.
 */

/** An HCL expression. */
export type HclExpr =
  | { kind: 'raw'; text: string }
  | { kind: 'string'; template: string }
  | { kind: 'list'; items: HclExpr[]; multiline?: boolean }
  | { kind: 'object'; entries: Array<[string, HclExpr]> }
  | { kind: 'call'; fn: string; args: HclExpr[] };

/** One item in a block body. */
export type HclBodyItem =
  | { kind: 'attr'; name: string; value: HclExpr }
  | { kind: 'block'; block: HclBlock }
  | { kind: 'blank' }
  | { kind: 'comment'; text: string };

/** A block such as `resource "aws_vpc" "this" { ... }`. */
export interface HclBlock {
  type: string;
  labels: string[];
  body: HclBodyItem[];
}

/** A raw expression written as is: a reference, a number, a boolean, a for expression. */
export function raw(text: string): HclExpr {
  if (/[\r\n]/.test(text)) throw new Error(`raw HCL must be one line: ${text}`);
  return { kind: 'raw', text };
}

/**
 * A quoted string template. `${...}` inside is an interpolation on purpose; user values reach
 * here only after the input validation rejected quotes, backslashes, `${`, `%{` and newlines.
 */
export function str(template: string): HclExpr {
  if (/["\\\r\n]/.test(template)) {
    throw new Error(
      `HCL string may not contain quotes, backslashes or newlines: ${template}`,
    );
  }
  return { kind: 'string', template };
}

/** A boolean or number literal. */
export function lit(value: boolean | number): HclExpr {
  return raw(String(value));
}

/** A tuple `[a, b]`; `multiline` puts each item on its own line even when all are scalars. */
export function list(
  items: HclExpr[],
  options: { multiline?: boolean } = {},
): HclExpr {
  return { kind: 'list', items, multiline: options.multiline };
}

/** A list of quoted strings. */
export function strings(values: readonly string[]): HclExpr {
  return list(values.map(str));
}

/** An object `{ key = value }`; entries keep their order. */
export function obj(
  entries: Record<string, HclExpr> | Array<[string, HclExpr]>,
): HclExpr {
  return {
    kind: 'object',
    entries: Array.isArray(entries) ? entries : Object.entries(entries),
  };
}

/** A function call `fn(args...)`. */
export function call(fn: string, ...args: HclExpr[]): HclExpr {
  return { kind: 'call', fn, args };
}

/** An attribute in a block body. */
export function attr(name: string, value: HclExpr): HclBodyItem {
  return { kind: 'attr', name, value };
}

/** A blank line in a block body: it ends an alignment run, as in hand-written Terraform. */
export const blank: HclBodyItem = { kind: 'blank' };

/** A `#` comment line. */
export function comment(text: string): HclBodyItem {
  return { kind: 'comment', text };
}

/** A nested block. */
export function block(
  type: string,
  labels: string[],
  body: HclBodyItem[],
): HclBodyItem {
  return { kind: 'block', block: { type, labels, body } };
}

/** A top-level block. */
export function topBlock(
  type: string,
  labels: string[],
  body: HclBodyItem[],
): HclBlock {
  return { type, labels, body };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INDENT = '  ';

function renderKey(key: string): string {
  return IDENTIFIER.test(key) ? key : `"${key}"`;
}

function isScalar(expr: HclExpr): boolean {
  return expr.kind === 'raw' || expr.kind === 'string';
}

/** Renders an expression; the result may span lines, continuation lines indented for `depth`. */
export function renderExpr(expr: HclExpr, depth: number): string {
  switch (expr.kind) {
    case 'raw':
      return expr.text;
    case 'string':
      return `"${expr.template}"`;
    case 'call':
      return `${expr.fn}(${expr.args
        .map(a => renderExpr(a, depth))
        .join(', ')})`;
    case 'list': {
      if (expr.items.length === 0) return '[]';
      if (!expr.multiline && expr.items.every(isScalar)) {
        return `[${expr.items.map(i => renderExpr(i, depth)).join(', ')}]`;
      }
      const inner = INDENT.repeat(depth + 1);
      const items = expr.items.map(i => `${inner}${renderExpr(i, depth + 1)},`);
      return `[\n${items.join('\n')}\n${INDENT.repeat(depth)}]`;
    }
    case 'object': {
      if (expr.entries.length === 0) return '{}';
      const lines = renderAssignments(
        expr.entries.map(([k, v]) => ({
          kind: 'attr',
          name: renderKey(k),
          value: v,
        })),
        depth + 1,
      );
      return `{\n${lines.join('\n')}\n${INDENT.repeat(depth)}}`;
    }
    default:
      throw new Error('unknown HCL expression');
  }
}

/**
 * Renders body items at a depth. Consecutive single-line attributes are aligned on `=`;
 * blank lines, comments, blocks and multi-line attributes end a run (terraform fmt's rule).
 */
function renderAssignments(items: HclBodyItem[], depth: number): string[] {
  const indent = INDENT.repeat(depth);
  const out: string[] = [];
  let run: Array<{ name: string; value: string }> = [];
  const flush = () => {
    const width = Math.max(0, ...run.map(r => r.name.length));
    for (const r of run)
      out.push(`${indent}${r.name.padEnd(width)} = ${r.value}`);
    run = [];
  };
  for (const item of items) {
    if (item.kind === 'attr') {
      const value = renderExpr(item.value, depth);
      if (value.includes('\n')) {
        flush();
        out.push(`${indent}${item.name} = ${value}`);
      } else {
        run.push({ name: item.name, value });
      }
      continue;
    }
    flush();
    if (item.kind === 'blank') out.push('');
    else if (item.kind === 'comment') out.push(`${indent}# ${item.text}`);
    else out.push(...renderBlock(item.block, depth));
  }
  flush();
  return out;
}

function renderBlock(b: HclBlock, depth: number): string[] {
  const indent = INDENT.repeat(depth);
  const header = [b.type, ...b.labels.map(l => `"${l}"`)].join(' ');
  if (b.body.length === 0) return [`${indent}${header} {}`];
  return [
    `${indent}${header} {`,
    ...renderAssignments(b.body, depth + 1),
    `${indent}}`,
  ];
}

/** Renders a whole .tf file: top-level blocks separated by one blank line, optional header comment. */
export function renderHclFile(
  blocks: HclBlock[],
  headerComment?: string[],
): string {
  const parts: string[] = [];
  if (headerComment?.length)
    parts.push(headerComment.map(l => (l ? `# ${l}` : '#')).join('\n'));
  for (const b of blocks) parts.push(renderBlock(b, 0).join('\n'));
  return `${parts.join('\n\n')}\n`;
}
