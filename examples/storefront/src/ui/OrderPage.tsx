import { useState } from 'react';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { CancelOrderDocument, OrderDocument, OrderStatusDocument, type OrderStatus } from '../graphql/operations';
import { isCancellable, isTerminalStatus, orderStatusExplanation, paymentStatusLabel } from '../orders/order-status';
import { ErrorNotice, Loading, PageTitle, Price, StatusBadge, shortId } from './common';

export function OrderPage({ orderId }: { orderId: string }) {
  const order = useQuery(OrderDocument, { variables: { id: orderId }, fetchPolicy: 'cache-and-network' });
  const [cancelOrder, cancellation] = useMutation(CancelOrderDocument);
  // The status the live stream reported last (fresher than the query), and whether the stream is still open:
  // it starts with the order's current state and ends after CONFIRMED or CANCELLED.
  const [liveStatus, setLiveStatus] = useState<OrderStatus | null>(null);
  const [streaming, setStreaming] = useState(true);
  const live = useSubscription(OrderStatusDocument, {
    variables: { id: orderId },
    onData: ({ data }) => {
      const change = data.data?.orderStatusChanged;
      if (!change) return;
      setLiveStatus(change.status);
      // The event carries the status; the page's other details (payment, history) come with the order.
      void order.refetch();
    },
    onComplete: () => setStreaming(false),
    onError: () => setStreaming(false),
  });

  if (order.loading && !order.data) return <Loading what="your order" />;
  if (!order.data) return <ErrorNotice error={order.error} />;
  const details = order.data.order;
  if (!details) {
    return (
      <section className="panel">
        <h1>Order not found</h1>
        <p>
          <a href="#/orders">Back to your orders</a>
        </p>
      </section>
    );
  }
  const status = liveStatus ?? details.status;

  return (
    <section className="order-page">
      <a href="#/orders" className="back-link">
        ← My orders
      </a>
      <PageTitle aside={<StatusBadge status={status} />}>Order {shortId(details.id)}</PageTitle>

      <div className={`status-banner status-${status.toLowerCase()}`}>
        <p data-testid="status-explanation">{orderStatusExplanation(status)}</p>
        {streaming && !live.error && <span className="live">Live updates</span>}
        {details.failureReason && (
          <p className="failure" data-testid="failure-reason">
            {details.failureReason}
          </p>
        )}
      </div>

      {(live.error || (!streaming && !isTerminalStatus(status))) && (
        // The stream ended before a final status (the connection dropped, or the session's token lapsed): say so.
        <p className="notice notice-error" role="alert">
          Live updates stopped.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              // A new stream opens a new connection, with the session's current token; it starts from the current state.
              setStreaming(true);
              live.restart();
              void order.refetch();
            }}
          >
            Resume live updates
          </button>
        </p>
      )}

      <div className="order-layout">
        <div className="panel">
          <h2>Items</h2>
          <table className="items">
            <tbody>
              {details.items.map((item) => (
                <tr key={item.product.id}>
                  <td>
                    <a href={`#/products/${encodeURIComponent(item.product.id)}`}>{item.product.name}</a>
                  </td>
                  <td className="numeric">× {item.quantity}</td>
                  <td className="numeric">
                    <Price money={{ amount: item.unitPrice.amount * item.quantity, currency: item.unitPrice.currency }} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={2}>Total</th>
                <td className="numeric">
                  <Price money={details.total} />
                </td>
              </tr>
            </tfoot>
          </table>
          {details.payment && (
            <p className="muted" data-testid="payment-status">
              Payment: {paymentStatusLabel(details.payment.status)} · <Price money={details.payment.amount} />
            </p>
          )}
          {isCancellable(status) && (
            <button
              type="button"
              className="button button-danger"
              disabled={cancellation.loading}
              onClick={() => {
                void cancelOrder({ variables: { id: details.id } })
                  .then(({ data }) => {
                    // Follow the cancellation live, as the checkout was: a new stream from the current state.
                    setLiveStatus(data?.cancelOrder.status ?? null);
                    setStreaming(true);
                    live.restart();
                  })
                  .catch(() => undefined);
              }}
            >
              {cancellation.loading ? 'Cancelling…' : status === 'CONFIRMED' ? 'Cancel and refund' : 'Cancel order'}
            </button>
          )}
          <ErrorNotice error={cancellation.error} />
        </div>

        <div className="panel">
          <h2>History</h2>
          <ol className="timeline">
            {details.history.map((event, index) => (
              <li key={`${event.type}-${index}`}>
                <span className="timeline-type">{humanize(event.type)}</span>
                <time dateTime={event.at}>{new Date(event.at).toLocaleString()}</time>
              </li>
            ))}
          </ol>
          <p className="muted">Placed {new Date(details.createdAt).toLocaleString()}</p>
        </div>
      </div>
    </section>
  );
}

/** ORDER_PLACED → "Order placed". */
function humanize(eventType: string): string {
  const words = eventType.toLowerCase().split('_');
  return [words[0].charAt(0).toUpperCase() + words[0].slice(1), ...words.slice(1)].join(' ');
}
