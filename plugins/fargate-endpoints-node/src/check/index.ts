export { createAwsReader } from './reader';
export type { AwsReader, AwsReaderOptions } from './reader';
export { runCheck, validateCheckRequest } from './runCheck';
export type { CheckRequest, RunCheckOptions } from './runCheck';
export { notDeployedReport, unreadableReport } from './unreadableReport';
