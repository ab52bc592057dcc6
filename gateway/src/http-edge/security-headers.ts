import helmet from 'helmet';

/**
 * Security headers for an API that also serves one page, the development explorer: helmet's defaults
 * (nosniff, HSTS, no referrer, same-origin opener, ...) with a content security policy that lets a page load
 * only the gateway's own scripts and styles and talk only to the gateway, and never be framed.
 * GraphiQL sets inline styles, hence 'unsafe-inline' for styles only.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
}
