/** The error codes of RFC 6749 §5.2 (and RFC 8707's invalid_target) this token endpoint answers with. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target';

/** A token request refused with an RFC 6749 error response. */
export class OAuthError extends Error {
  override name = 'OAuthError';

  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
  }

  /** 401 for failed client authentication, 400 for everything else. */
  get status(): number {
    return this.error === 'invalid_client' ? 401 : 400;
  }
}
