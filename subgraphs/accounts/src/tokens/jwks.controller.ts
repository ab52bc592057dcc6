import { Controller, Get, Header } from '@nestjs/common';
import { SigningKeySet, type PublishedJwk } from './signing-key-set';

/** Publishes the public signing keys, from which every other service verifies access tokens. */
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeySet) {}

  @Get('jwks.json')
  // Short caching: verifiers refetch on an unknown kid anyway, and rotations show up within minutes.
  @Header('cache-control', 'public, max-age=300')
  jwks(): { keys: PublishedJwk[] } {
    return this.keys.jwks();
  }
}
