/** The console links live in the common package, shared with the backend's assistant actions. */
export {
  awsConsoleUrl,
  ecsServiceConsoleUrl,
  logGroupConsoleUrl,
} from '@fargate-endpoints/plugin-fargate-endpoints-common';
