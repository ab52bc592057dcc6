import { postgresAdapter, readConfig, readDatabaseUrl } from '@retail/common';
import { PrismaClient } from './generated/prisma/client';
import { auditOrdersAgainstEvents } from './orders/order-replay-audit';

/**
 * `npm run db -- replay orders`: rebuilds every order's state from its events alone and prints each order whose
 * stored row differs. Exits 1 if any does, so scripts and the chaos suite can rely on it.
 */
async function main(): Promise<number> {
  const prisma = new PrismaClient({ adapter: postgresAdapter(readConfig((reader) => readDatabaseUrl(reader, 'orders')), 2) });
  try {
    const report = await auditOrdersAgainstEvents(prisma);
    for (const { orderId, problem } of report.differences) console.log(`order ${orderId}: ${problem}`);
    console.log(`orders: ${report.checked} replayed from their events, ${report.differences.length} differ`);
    return report.differences.length === 0 ? 0 : 1;
  } finally {
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
