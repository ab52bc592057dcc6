-- AlterTable
ALTER TABLE "CheckoutSaga" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "parkedAt" TIMESTAMP(3),
ADD COLUMN     "stepStartedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "CheckoutSaga_updatedAt_idx" ON "CheckoutSaga"("updatedAt");

-- CreateIndex
CREATE INDEX "CheckoutSaga_parkedAt_idx" ON "CheckoutSaga"("parkedAt");
