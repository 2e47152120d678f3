/**
 * Input checks shared by the REST API and the assistant actions, so that both reject the
 * same input with the same words.
 */
import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

const validators = makeValidator();

/** The entity reference parts as the catalog defines them, each checked by its own validator. */
export const entityRefParamsSchema = z.object({
  kind: z
    .string()
    .refine(
      v => validators.isValidKind(v),
      'must be an entity kind such as component (letters, digits and hyphens, up to 63)',
    ),
  namespace: z
    .string()
    .refine(
      v => validators.isValidNamespace(v),
      'must be a namespace such as default (lowercase letters, digits and hyphens, up to 63)',
    ),
  name: z
    .string()
    .refine(
      v => validators.isValidEntityName(v),
      'must be an entity name (letters, digits, hyphens, underscores and dots, up to 63, starting and ending with a letter or digit)',
    ),
});

/** Parses with zod and turns the issues into one InputError that names every bad field. */
export function parse<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(issue =>
    issue.path.length
      ? `${issue.path.join('.')}: ${issue.message}`
      : issue.message,
  );
  throw new InputError(`Invalid ${what}: ${problems.join('; ')}`);
}

/**
 * A full entity ref from what a person types: `payments-api`, `component:payments-api` or
 * `component:default/payments-api` (kind component and namespace default when left out),
 * each part checked as the REST API's path checks it.
 */
export function parseEntityRefInput(value: string, field: string): string {
  let ref;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `Invalid ${field}: ${
        (error as Error).message
      }; give an entity ref such as component:default/payments-api`,
    );
  }
  return stringifyEntityRef(parse(entityRefParamsSchema, ref, field));
}
