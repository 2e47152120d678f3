/** Runs a benchmark's main, printing what made it fail. */
export function runBench(run: () => Promise<void>) {
  run().catch(error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
