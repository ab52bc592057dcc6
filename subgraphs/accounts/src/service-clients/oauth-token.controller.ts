import type { ServerResponse } from 'node:http';
import { Body, Controller, Headers, HttpCode, HttpException, Post, Res } from '@nestjs/common';
import { ClientCredentialsService, type ClientCredentialsRequest, type TokenResponse } from './client-credentials.service';
import { OAuthError } from './oauth-error';

type TokenRequestBody = Record<string, unknown>;

/**
 * The OAuth2 token endpoint (RFC 6749 §4.4, client credentials) for service-to-service calls. Accepts
 * form-urlencoded or JSON bodies, and client authentication in the body or with HTTP Basic.
 */
@Controller('oauth')
export class OAuthTokenController {
  constructor(private readonly clientCredentials: ClientCredentialsService) {}

  @Post('token')
  @HttpCode(200)
  async token(
    @Body() body: TokenRequestBody | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: ServerResponse,
  ): Promise<TokenResponse> {
    // Token responses must never be cached (RFC 6749 §5.1).
    response.setHeader('cache-control', 'no-store');
    response.setHeader('pragma', 'no-cache');
    try {
      return await this.clientCredentials.issueToken(parseTokenRequest(body ?? {}, authorization));
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      if (error.status === 401) response.setHeader('www-authenticate', 'Basic realm="retail-accounts", charset="UTF-8"');
      throw new HttpException({ error: error.error, error_description: error.description }, error.status);
    }
  }
}

/** Reads the grant parameters and client credentials of a token request; invalid_request when malformed. */
export function parseTokenRequest(body: TokenRequestBody, authorization: string | undefined): ClientCredentialsRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OAuthError('invalid_request', 'The request body must be form-urlencoded or a JSON object');
  }
  const field = (name: string): string | undefined => {
    const value = body[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new OAuthError('invalid_request', `${name} must be given once, as a string`);
    return value;
  };
  const request: ClientCredentialsRequest = {
    grantType: field('grant_type'),
    clientId: field('client_id'),
    clientSecret: field('client_secret'),
    scope: field('scope'),
    audience: targetOf(field('audience'), field('resource')),
  };
  if (authorization === undefined) return request;

  const basic = parseBasicCredentials(authorization);
  // RFC 6749 §2.3: a client uses one authentication method per request.
  if (request.clientSecret !== undefined) {
    throw new OAuthError('invalid_request', 'Use either HTTP Basic or client_secret in the body, not both');
  }
  if (request.clientId !== undefined && request.clientId !== basic.clientId) {
    throw new OAuthError('invalid_request', 'client_id does not match the Basic credentials');
  }
  return { ...request, clientId: basic.clientId, clientSecret: basic.clientSecret };
}

/** `audience` and RFC 8707 `resource` name the same thing; given both, they must agree. */
function targetOf(audience: string | undefined, resource: string | undefined): string | undefined {
  if (audience !== undefined && resource !== undefined && audience !== resource) {
    throw new OAuthError('invalid_request', 'audience and resource name different targets');
  }
  return audience ?? resource;
}

function parseBasicCredentials(header: string): { clientId: string; clientSecret: string } {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) throw new OAuthError('invalid_client', 'Unsupported client authentication');
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'Malformed Basic credentials');
  try {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before being joined.
    return { clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError('invalid_client', 'Malformed Basic credentials');
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}
