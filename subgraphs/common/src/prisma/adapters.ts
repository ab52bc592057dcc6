import { PrismaMariaDb } from '@prisma/adapter-mariadb';
import { PrismaPg } from '@prisma/adapter-pg';

/**
 * Driver adapters for the generated Prisma clients. The clients run on these (no native query engine), so
 * every service connects through `pg` or `mariadb` with the URL from its config.
 */
export function postgresAdapter(databaseUrl: string, poolSize = 10): PrismaPg {
  return new PrismaPg({ connectionString: databaseUrl, max: poolSize });
}

export function mariaDbAdapter(databaseUrl: string, poolSize = 10): PrismaMariaDb {
  const url = new URL(databaseUrl);
  return new PrismaMariaDb({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database: url.pathname.replace(/^\//, ''),
    connectionLimit: poolSize,
  });
}
