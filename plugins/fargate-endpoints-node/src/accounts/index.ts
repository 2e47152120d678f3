export {
  AwsAccountAccess,
  createPacedReaderFactory,
  MAIN_ACCOUNT,
} from './AwsAccountAccess';
export type {
  AwsAccountAccessOptions,
  AwsReaderFactory,
  AwsReaderFactoryOptions,
} from './AwsAccountAccess';
export {
  readAwsAccessSettings,
  readDurationMs,
  readPositiveInt,
} from './settings';
export type { AwsAccessSettings } from './settings';
