/**
 * `yarn bench`: the fleet benchmark (./fleet.ts), or with `--sweep` the sweep benchmark
 * (./sweep.ts, also `yarn bench:sweep`). One entry point that imports both, so neither
 * benchmark has to load the other.
 */
import { main as fleet } from './fleet';
import { runBench } from './runBench';
import { main as sweep } from './sweep';

const argv = process.argv.slice(2);
runBench(() =>
  argv.includes('--sweep')
    ? sweep(argv.filter(arg => arg !== '--sweep'))
    : fleet(argv),
);
