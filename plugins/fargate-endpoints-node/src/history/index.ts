export { vpcFingerprint } from './fingerprint';
export {
  changesExplaining,
  diffSnapshots,
  explainVerdictChange,
  newFindings,
} from './diffSnapshots';
