import { useQuery } from '@apollo/client/react';
import { MeDocument } from '../graphql/operations';
import { ErrorNotice, Loading, PageTitle, Price, StatusBadge, shortId } from './common';

export function OrdersPage() {
  // Always from the server: statuses change in the background while the saga runs.
  const { data, loading, error } = useQuery(MeDocument, { fetchPolicy: 'cache-and-network' });

  if (loading && !data) return <Loading what="your orders" />;
  if (!data) return <ErrorNotice error={error} />;
  const { me } = data;

  return (
    <section>
      <PageTitle aside={<span className="muted">{me.email}</span>}>My orders</PageTitle>
      {me.orders.length === 0 ? (
        <p className="panel empty">
          No orders yet. <a href="#/">Start shopping</a>
        </p>
      ) : (
        <ul className="order-list">
          {me.orders.map((order) => (
            <li key={order.id} data-testid="order-row">
              <a href={`#/orders/${encodeURIComponent(order.id)}`} className="order-row">
                <span className="order-id">Order {shortId(order.id)}</span>
                <StatusBadge status={order.status} />
                <Price money={order.total} />
                <span className="chevron" aria-hidden>
                  ›
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
