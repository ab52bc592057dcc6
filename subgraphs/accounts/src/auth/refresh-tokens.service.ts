import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '@retail/common';
import { ACCOUNTS_CONFIG, type AccountsConfig } from '../config';
import type { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import { USER_FIELDS } from '../users/user-fields';
import type { User } from '../users/models/user.model';
import { generateRefreshToken, hashRefreshToken } from './refresh-token';

/** The database, or the transaction a refresh token is issued in. */
type Db = Prisma.TransactionClient | PrismaService;

type Rotation =
  | { outcome: 'rotated'; user: User; refreshToken: string }
  | { outcome: 'unknown' | 'expired' | 'reused' };

const REFRESH_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Refresh-token sessions. A login starts a family; every refresh revokes the presented token and issues its
 * successor in the same family. Presenting a token that was already rotated means it leaked (or a client
 * raced itself): the whole family is revoked.
 */
@Injectable()
export class RefreshTokensService {
  constructor(
    @Inject(ACCOUNTS_CONFIG) private readonly config: AccountsConfig,
    private readonly prisma: PrismaService,
  ) {}

  /** Issues a refresh token for a new session (a new family), inside `db`'s transaction when given one. */
  async startSession(userId: string, db: Db = this.prisma): Promise<string> {
    const token = generateRefreshToken();
    await db.refreshToken.create({
      data: { userId, familyId: randomUUID(), tokenHash: hashRefreshToken(token), expiresAt: this.expiresAt() },
    });
    return token;
  }

  /**
   * Exchanges a refresh token for its successor. UNAUTHENTICATED when the token is unknown, expired or
   * already used (which also revokes every token of its family).
   */
  async rotate(token: string): Promise<{ user: User; refreshToken: string }> {
    const result = REFRESH_TOKEN_SHAPE.test(token) ? await this.rotateInTransaction(hashRefreshToken(token)) : null;
    switch (result?.outcome) {
      case 'rotated':
        return { user: result.user, refreshToken: result.refreshToken };
      case 'expired':
        throw new UnauthenticatedError('Refresh token expired');
      case 'reused':
        throw new UnauthenticatedError('Refresh token was already used; the session has been revoked');
      default:
        throw new UnauthenticatedError('Invalid refresh token');
    }
  }

  /** Ends the session `token` belongs to (its whole family). Unknown or already revoked tokens: nothing to do. */
  async endSession(token: string): Promise<void> {
    if (!REFRESH_TOKEN_SHAPE.test(token)) return;
    const tokenHash = hashRefreshToken(token);
    const now = new Date();
    await this.prisma.$transaction(async (tx) => {
      // Revoking the presented token first waits for a refresh of it in flight, so the family update below sees its successor.
      await tx.refreshToken.updateMany({ where: { tokenHash, revokedAt: null }, data: { revokedAt: now } });
      const presented = await tx.refreshToken.findUnique({ where: { tokenHash }, select: { familyId: true } });
      if (presented) await this.revokeFamily(tx, presented.familyId, now);
    });
  }

  private rotateInTransaction(tokenHash: string): Promise<Rotation> {
    const now = new Date();
    // Throwing would roll back the family revocation, so outcomes are returned and turned into errors after commit.
    return this.prisma.$transaction(async (tx): Promise<Rotation> => {
      const presented = await tx.refreshToken.findUnique({
        where: { tokenHash },
        select: { id: true, userId: true, familyId: true, expiresAt: true, revokedAt: true, user: { select: USER_FIELDS } },
      });
      if (!presented) return { outcome: 'unknown' };
      if (presented.revokedAt) {
        await this.revokeFamily(tx, presented.familyId, now);
        return { outcome: 'reused' };
      }
      if (presented.expiresAt <= now) return { outcome: 'expired' };

      const successor = { id: randomUUID(), token: generateRefreshToken() };
      // Conditional on revokedAt: of two concurrent refreshes of one token, only one can claim it.
      const claimed = await tx.refreshToken.updateMany({
        where: { id: presented.id, revokedAt: null },
        data: { revokedAt: now, replacedById: successor.id },
      });
      if (claimed.count === 0) {
        await this.revokeFamily(tx, presented.familyId, now);
        return { outcome: 'reused' };
      }
      await tx.refreshToken.create({
        data: {
          id: successor.id,
          userId: presented.userId,
          familyId: presented.familyId,
          tokenHash: hashRefreshToken(successor.token),
          expiresAt: this.expiresAt(),
        },
      });
      return { outcome: 'rotated', user: presented.user, refreshToken: successor.token };
    });
  }

  private async revokeFamily(db: Db, familyId: string, now: Date): Promise<void> {
    await db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: now } });
  }

  private expiresAt(): Date {
    return new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000);
  }
}
