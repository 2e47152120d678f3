/**
 * An error the fake AWS answers with, in AWS's own words: the error code as the service
 * spells it (`InvalidVpcID.NotFound`, `ClientException`), a message and the HTTP status.
 */
export class AwsApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = 'AwsApiError';
  }
}
