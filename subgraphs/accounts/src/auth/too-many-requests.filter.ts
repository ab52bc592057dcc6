import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { TooManyRequestsError } from './too-many-requests.error';

/** Hands throttled sign-ins straight to GraphQL, so they are not logged as internal errors. */
@Catch(TooManyRequestsError)
export class TooManyRequestsFilter implements GqlExceptionFilter {
  catch(exception: TooManyRequestsError): TooManyRequestsError {
    return exception;
  }
}
