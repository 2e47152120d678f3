/**
 * Fargate task sizes: the CPU and memory combinations ECS accepts for Linux tasks (ECS
 * Developer Guide, "Task CPU and memory"). Any other pair fails at RegisterTaskDefinition,
 * long after a repository was generated.
 */

/**
 * Memory choices (MiB) for each CPU value.
 *
 * @public
 */
export const FARGATE_MEMORY_BY_CPU: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

/**
 * Problems with a cpu/memory pair, each naming its field; empty when valid.
 *
 * @public
 */
export function validateFargateTaskSize(
  cpu: number,
  memory: number,
): Array<{ field: string; message: string }> {
  const memories = FARGATE_MEMORY_BY_CPU[cpu];
  if (!memories) {
    return [
      {
        field: 'cpu',
        message: `${cpu} is not a Fargate CPU value; use one of ${Object.keys(
          FARGATE_MEMORY_BY_CPU,
        ).join(', ')}`,
      },
    ];
  }
  if (!memories.includes(memory)) {
    const shown =
      memories.length > 4
        ? `${memories[0]}-${memories[memories.length - 1]} in steps of ${
            memories[1] - memories[0]
          }`
        : memories.join(', ');
    return [
      {
        field: 'memory',
        message: `${memory} MiB is not valid with cpu ${cpu}; Fargate allows ${shown}`,
      },
    ];
  }
  return [];
}
