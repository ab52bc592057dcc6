import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { ClientError } from '../errors';

/**
 * Hands typed client errors (bad input, not found, ...) straight to GraphQL. Without it Nest logs each one
 * as an internal error, which buries real failures under every mistyped SKU.
 */
@Catch(ClientError)
export class ClientErrorFilter implements GqlExceptionFilter {
  catch(exception: ClientError): ClientError {
    return exception;
  }
}
