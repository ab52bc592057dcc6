import { useEffect, useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { cartTotal, orderItemsOf, type Cart } from '../cart/cart';
import { PlaceOrderDocument } from '../graphql/operations';
import { TEST_CARDS, type TestCardToken } from '../orders/order-status';
import { ErrorNotice, PageTitle, Price } from './common';
import { useShop } from './shop-context';
import { navigate } from './use-route';

export function CartPage() {
  const { cart, updateCart, sessionStatus } = useShop();
  const total = cartTotal(cart);

  if (cart.length === 0) {
    return (
      <section className="panel empty-cart">
        <h1>Your cart is empty</h1>
        <p>
          <a className="button" href="#/">
            Browse products
          </a>
        </p>
      </section>
    );
  }

  return (
    <section>
      <PageTitle>Your cart</PageTitle>
      <div className="cart-layout">
        <ul className="cart-lines">
          {cart.map((line) => (
            <li key={line.productId} className="cart-line" data-testid="cart-line">
              <div>
                <a href={`#/products/${encodeURIComponent(line.productId)}`}>{line.name}</a>
                <p className="muted">
                  <Price money={line.unitPrice} /> each
                </p>
              </div>
              <div className="quantity" role="group" aria-label={`Quantity of ${line.name}`}>
                <button type="button" aria-label="One less" onClick={() => updateCart({ type: 'set-quantity', productId: line.productId, quantity: line.quantity - 1 })}>
                  −
                </button>
                <span>{line.quantity}</span>
                <button type="button" aria-label="One more" onClick={() => updateCart({ type: 'set-quantity', productId: line.productId, quantity: line.quantity + 1 })}>
                  +
                </button>
              </div>
              <Price money={{ amount: line.unitPrice.amount * line.quantity, currency: line.unitPrice.currency }} />
              <button type="button" className="link-button" onClick={() => updateCart({ type: 'remove', productId: line.productId })}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        <aside className="panel checkout">
          <h2>Checkout</h2>
          {total && (
            <p className="checkout-total">
              Total <Price money={total} />
            </p>
          )}
          {sessionStatus === 'signed-in' ? (
            <CheckoutForm cart={cart} />
          ) : (
            <p>
              <a className="button" href="#/sign-in">
                Sign in to check out
              </a>{' '}
              or <a href="#/register">create an account</a>.
            </p>
          )}
        </aside>
      </div>
    </section>
  );
}

function CheckoutForm({ cart }: { cart: Cart }) {
  const { updateCart } = useShop();
  const [card, setCard] = useState<TestCardToken>('tok_visa');
  // One key per cart: a retry after a lost response returns the order already placed instead of a second one.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  useEffect(() => setIdempotencyKey(newIdempotencyKey()), [cart]);
  const [placeOrder, { loading, error }] = useMutation(PlaceOrderDocument);

  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        const { data } = await placeOrder({ variables: { input: { items: orderItemsOf(cart), paymentToken: card, idempotencyKey } } }).catch(
          () => ({ data: undefined }),
        );
        if (!data) return;
        updateCart({ type: 'clear' });
        navigate(`#/orders/${encodeURIComponent(data.placeOrder.id)}`);
      }}
    >
      <fieldset className="cards">
        <legend>Pay with a test card</legend>
        {TEST_CARDS.map((option) => (
          <label key={option.token} className="card-option">
            <input type="radio" name="card" value={option.token} checked={card === option.token} onChange={() => setCard(option.token)} />
            <span>
              <strong>{option.label}</strong>
              <span className="muted">
                {' '}
                {option.outcome} · <code>{option.token}</code>
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <ErrorNotice error={error} />
      <button type="submit" className="button button-wide" disabled={loading}>
        {loading ? 'Placing your order…' : 'Place order'}
      </button>
    </form>
  );
}

function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
