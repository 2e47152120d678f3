export {
  AwsAccountAccess,
  createPacedReaderFactory,
  MAIN_ACCOUNT,
} from './AwsAccountAccess';
export type {
  AwsAccountAccessOptions,
  AwsReaderFactory,
  AwsReaderFactoryOptions,
  HubAccountOptions,
} from './AwsAccountAccess';
export {
  readAwsAccessSettings,
  readDurationMs,
  readPositiveInt,
} from './settings';
export type { AwsAccessSettings } from './settings';
