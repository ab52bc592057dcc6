import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AccessTokenVerifier } from '@retail/common';
import type { PersistedQueryManifest } from '../persisted-queries/persisted-query-manifest';
import { DEFAULT_MANIFEST_PATH } from '../edge/edge-config';
import {
  adminCookie,
  cameOverHttps,
  checkAdmin,
  checkAdminToken,
  clearedAdminCookie,
  type AdminCheck,
} from './admin-auth';
import { SIGN_IN_CONTENT_SECURITY_POLICY, signInPageHtml, signInScript } from './sign-in-page';
// Types only: the module itself (Bull Board, BullMQ) is loaded on the dashboard's first request.
import type { BoardApp, QueueBoard } from './queue-board';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
export const ADMIN_CONFIG = Symbol('ADMIN_CONFIG');

export interface AdminConfig {
  /** The Redis of the saga's BullMQ queues, and their key prefix (QUEUE_PREFIX, as in orders). */
  redisUrl: string;
  queuePrefix: string;
}

const QUEUE_DASHBOARD_CONTENT_SECURITY_POLICY =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'self'; object-src 'none'; frame-ancestors 'none'";

type Request = IncomingMessage & { body?: unknown };
type Next = (error?: unknown) => void;
interface ExpressLike {
  request: object;
  response: object;
  get(path: string, handler: (req: Request, res: ServerResponse) => void): void;
  post(path: string, handler: (req: Request, res: ServerResponse) => void): void;
  use(path: string, ...handlers: unknown[]): void;
}

/**
 * Bull Board for the checkout saga's queues at /admin/queues, for administrators only (an admin's access
 * token as a bearer token or in the admin cookie: anonymous 401, anyone else 403), with its sign-in page
 * at /admin/sign-in. Mounted on the gateway's HTTP server when the app initialises, before its 404 handler;
 * Bull Board itself, BullMQ and the queues' Redis connections are set up on the first administrator's request.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(QueueDashboard.name);
  private board?: Promise<QueueBoard>;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly verifier: AccessTokenVerifier,
    @Inject(ADMIN_CONFIG) private readonly config: AdminConfig,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter.getInstance<ExpressLike>();
    const script = signInScript(loginOperation());
    http.get('/admin/sign-in', (_req, res) => send(res, 200, signInPageHtml(), 'text/html; charset=utf-8'));
    http.get('/admin/sign-in.js', (_req, res) => send(res, 200, script, 'text/javascript; charset=utf-8'));
    http.post('/admin/session', (req, res) => void this.signIn(req, res).catch((error: unknown) => this.fail(res, error)));
    http.post('/admin/sign-out', (req, res) => {
      res.setHeader('set-cookie', clearedAdminCookie(cameOverHttps(req)));
      send(res, 204, '');
    });
    http.use(QUEUE_DASHBOARD_PATH, (req: Request, res: ServerResponse, next: Next) => {
      checkAdmin(req, this.verifier).then((check) => {
        if (check.outcome !== 'admin') return refuse(req, res, check);
        // The board's page loads its files relative to a <base> element, which the API's policy forbids.
        res.setHeader('content-security-policy', QUEUE_DASHBOARD_CONTENT_SECURITY_POLICY);
        next();
      }, next);
    }, (req: Request, res: ServerResponse, next: Next) => {
      this.loadBoard(http).then((board) => handleMounted(board.app, http, req, res, next), next);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const board = await this.board?.catch(() => undefined);
    await board?.close();
  }

  /** Bull Board, created once, mounted under the gateway's app as `app.use(path, board)` would mount it. */
  private loadBoard(http: ExpressLike): Promise<QueueBoard> {
    this.board ??= import('./queue-board').then(({ createQueueBoard }) => {
      const board = createQueueBoard(this.config, QUEUE_DASHBOARD_PATH, (queue, error) =>
        this.logger.warn(`${queue}: ${error.message}`),
      );
      Object.assign(board.app, { mountpath: QUEUE_DASHBOARD_PATH, parent: http });
      board.app.emit('mount', http);
      return board;
    });
    return this.board;
  }

  /** `POST /admin/session {"accessToken": "..."}`: an admin's token becomes the admin cookie. */
  private async signIn(req: Request, res: ServerResponse): Promise<void> {
    const body = (req.body ?? (await readJson(req))) as { accessToken?: unknown } | undefined;
    const token = typeof body?.accessToken === 'string' ? body.accessToken : undefined;
    if (!token) return sendJson(res, 400, { message: 'Send {"accessToken": "<an admin access token>"}' });
    const check = await checkAdminToken(token, this.verifier);
    if (check.outcome !== 'admin') return refuse(req, res, check);
    res.setHeader('set-cookie', adminCookie(token, check.expiresAt, cameOverHttps(req)));
    this.logger.log(`admin ${check.principal.userId} signed in to the queue dashboard`);
    send(res, 204, '');
  }

  private fail(res: ServerResponse, error: unknown): void {
    this.logger.error(`admin sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
    if (!res.headersSent) sendJson(res, 500, { message: 'Internal server error' });
  }
}

/** What Express does for a sub-application mounted with `app.use(path, subApp)`: its request and response
 * prototypes while it handles the request, the parent's again when it passes the request on. */
function handleMounted(board: BoardApp, parent: ExpressLike, req: Request, res: ServerResponse, next: Next): void {
  board.handle(req as never, res as never, (error?: unknown) => {
    Object.setPrototypeOf(req, parent.request);
    Object.setPrototypeOf(res, parent.response);
    next(error);
  });
}

/** 401 (not signed in, or an invalid token) or 403 (not an admin); browsers get a link to the sign-in page. */
function refuse(req: IncomingMessage, res: ServerResponse, check: Exclude<AdminCheck, { outcome: 'admin' }>): void {
  const status = check.outcome === 'unauthenticated' ? 401 : 403;
  if (status === 401) res.setHeader('www-authenticate', 'Bearer realm="admin"');
  if ((req.headers.accept ?? '').includes('text/html')) {
    const page = `<!doctype html><title>Sign in</title><p>${check.reason === 'Administrators only' ? 'Administrators only.' : 'Sign in as an administrator.'} <a href="/admin/sign-in">Sign in</a></p>`;
    return send(res, status, page, 'text/html; charset=utf-8');
  }
  sendJson(res, status, { message: check.reason });
}

function send(res: ServerResponse, status: number, body: string, contentType?: string): void {
  res.statusCode = status;
  if (contentType) res.setHeader('content-type', contentType);
  if (contentType?.startsWith('text/html')) res.setHeader('content-security-policy', SIGN_IN_CONTENT_SECURITY_POLICY);
  res.setHeader('cache-control', 'no-store');
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), 'application/json');
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The client contract's `Login` mutation, exactly as the gateway's own manifest registers it. */
function loginOperation(): string {
  const manifest = JSON.parse(readFileSync(DEFAULT_MANIFEST_PATH, 'utf8')) as PersistedQueryManifest;
  const login = manifest.operations.find((operation) => operation.name === 'Login');
  if (!login) throw new Error(`${DEFAULT_MANIFEST_PATH} has no Login operation; the admin sign-in page needs it`);
  return login.body;
}
