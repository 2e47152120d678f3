/**
 * Backstage catalog files (`catalog-info.yaml`, several documents each): which entity, and
 * which owner, an ECS service ARN belongs to, through the AWS ECS plugin's annotation.
 */
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { ANNOTATION_ECS_SERVICE_ARN } from '@fargate-endpoints/plugin-fargate-endpoints-common';
import { UsageError } from './args';

/** An entity and its owner, by the ECS service ARN its annotation names. */
export type EntitiesByServiceArn = Map<string, { ref: string; owner?: string }>;

type EntityDocument = {
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown; annotations?: unknown };
  spec?: { owner?: unknown };
};

/** Reads the files; a file that cannot be read or parsed is a UsageError naming it. */
export async function readCatalogFiles(
  files: string[],
): Promise<EntitiesByServiceArn> {
  const entities: EntitiesByServiceArn = new Map();
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(
        `--catalog: cannot read ${file}: ${(error as Error).message}`,
      );
    }
    for (const document of parseAllDocuments(text)) {
      if ('errors' in document && document.errors.length > 0)
        throw new UsageError(
          `--catalog: ${file} is not valid YAML: ${document.errors[0].message}`,
        );
      const entity = document.toJS() as EntityDocument | null;
      const annotations = entity?.metadata?.annotations as
        | Record<string, unknown>
        | undefined;
      const arn = annotations?.[ANNOTATION_ECS_SERVICE_ARN];
      if (typeof arn !== 'string' || typeof entity?.metadata?.name !== 'string')
        continue;
      const kind = String(entity.kind ?? 'component').toLowerCase();
      const namespace = String(entity.metadata.namespace ?? 'default');
      entities.set(arn.trim(), {
        ref: `${kind}:${namespace}/${entity.metadata.name}`,
        owner:
          typeof entity.spec?.owner === 'string'
            ? entity.spec.owner
            : undefined,
      });
    }
  }
  return entities;
}
