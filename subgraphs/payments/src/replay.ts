import { mariaDbAdapter, readConfig, readDatabaseUrl } from '@retail/common';
import { PrismaClient } from './generated/prisma/client';
import { auditPaymentsAgainstEvents } from './payments/payment-replay-audit';

/**
 * `npm run db -- replay payments`: rebuilds every payment's status from its events alone and prints each
 * payment whose stored row differs. Exits 1 if any does.
 */
async function main(): Promise<number> {
  const prisma = new PrismaClient({ adapter: mariaDbAdapter(readConfig((reader) => readDatabaseUrl(reader, 'payments')), 2) });
  try {
    const report = await auditPaymentsAgainstEvents(prisma);
    for (const { paymentId, orderId, problem } of report.differences) {
      console.log(`payment ${paymentId} (order ${orderId}): ${problem}`);
    }
    console.log(`payments: ${report.checked} replayed from their events, ${report.differences.length} differ`);
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
