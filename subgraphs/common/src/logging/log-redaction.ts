/**
 * A last line of defence, applied to every log line: credentials that slipped into a message (an error quoting
 * a header, a token echoed by a provider) are replaced before the line is written. Code must still not log
 * them; a test greps the logs of an end-to-end run for the secrets it used.
 */
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Authorization headers: access tokens, service tokens, the payment gateway's API key.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  // JWTs wherever they appear (three base64url parts, the first a JSON header).
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted jwt]'],
  // Payment tokens and provider secret keys.
  [/\b(tok|sk|pk)_[A-Za-z0-9_]+/g, '$1_[redacted]'],
  // "password": "..." or password=... in serialised input.
  [/("?(?:password|secret|client_secret|refreshToken|refresh_token|paymentToken)"?\s*[:=]\s*)"?[^",\s}&]+"?/gi, '$1[redacted]'],
];

export function redactSecrets(text: string): string {
  let result = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}
