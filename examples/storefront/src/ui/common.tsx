import type { ReactNode } from 'react';
import { errorMessage } from '../apollo/error-message';
import { formatMoney, type Money } from '../format/money';
import type { OrderStatus } from '../graphql/operations';
import { orderStatusLabel, orderStatusTone } from '../orders/order-status';

export function Price({ money }: { money: Money }) {
  return <span className="price">{formatMoney(money)}</span>;
}

export function StatusBadge({ status }: { status: OrderStatus }) {
  return (
    <span className={`badge badge-${orderStatusTone(status)}`} data-testid="order-status">
      {orderStatusLabel(status)}
    </span>
  );
}

export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="notice notice-error" role="alert">
      {errorMessage(error)}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function PageTitle({ children, aside }: { children: ReactNode; aside?: ReactNode }) {
  return (
    <div className="page-title">
      <h1>{children}</h1>
      {aside}
    </div>
  );
}

/** A short form of an order id for lists ("#3f2a9c1e"). */
export function shortId(id: string): string {
  return `#${id.replace(/-/g, '').slice(0, 8)}`;
}
