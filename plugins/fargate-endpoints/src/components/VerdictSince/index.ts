export { VerdictSince, sinceLine, formatSince } from './VerdictSince';
