/**
 * Values from the form end up inside quoted HCL strings. A quote, a backslash, a newline,
 * `${` or `%{` would end the string or start an interpolation or directive: the input is
 * rejected rather than escaped, because an escaped value would still surprise the reader of
 * the generated Terraform.
 */

const BREAKS_OUT = [
  { pattern: /"/, what: 'a double quote' },
  { pattern: /\\/, what: 'a backslash' },
  { pattern: /[\r\n]/, what: 'a line break' },
  { pattern: /\$\{/, what: '"${" (Terraform interpolation)' },
  { pattern: /%\{/, what: '"%{" (Terraform template directive)' },
  // eslint-disable-next-line no-control-regex
  { pattern: /[\u0000-\u001f\u007f]/, what: 'a control character' },
];

/** Why the value cannot go into a quoted HCL string, or undefined when it can. */
export function hclStringProblem(value: string): string | undefined {
  const hit = BREAKS_OUT.find(b => b.pattern.test(value));
  return hit ? `must not contain ${hit.what}` : undefined;
}
