import { useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { MAX_QUANTITY_PER_LINE } from '../cart/cart';
import { ProductDocument } from '../graphql/operations';
import { ErrorNotice, Loading, Price } from './common';
import { useShop } from './shop-context';

export function ProductPage({ productId }: { productId: string }) {
  const { updateCart } = useShop();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(false);
  const { data, loading, error } = useQuery(ProductDocument, { variables: { id: productId } });

  if (loading && !data) return <Loading what="product" />;
  if (error) return <ErrorNotice error={error} />;
  const product = data?.product;
  if (!product) {
    return (
      <section className="panel">
        <h1>Product not found</h1>
        <p>
          It may have been removed. <a href="#/">Back to the shop</a>
        </p>
      </section>
    );
  }
  const soldOut = product.stock.available === 0;
  const attributes = Object.entries(product.attributes ?? {});

  return (
    <section className="product-page">
      <a href="#/" className="back-link">
        ← All products
      </a>
      <div className="product-layout">
        <div className="product-art product-art-large" aria-hidden>
          {product.name.slice(0, 1)}
        </div>
        <div>
          <h1>{product.name}</h1>
          <p className="muted">SKU {product.sku}</p>
          <p className="product-price">
            <Price money={product.price} />
          </p>
          {product.description && <p>{product.description}</p>}
          {attributes.length > 0 && (
            <dl className="attributes">
              {attributes.map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value)}</dd>
                </div>
              ))}
            </dl>
          )}
          <p className={soldOut ? 'stock stock-out' : 'stock'}>
            {soldOut ? 'Sold out' : `${product.stock.available} in stock`}
          </p>
          <form
            className="add-to-cart"
            onSubmit={(event) => {
              event.preventDefault();
              updateCart({ type: 'add', line: { productId: product.id, name: product.name, unitPrice: product.price }, quantity });
              setAdded(true);
            }}
          >
            <label>
              Quantity
              <input
                type="number"
                min={1}
                max={Math.min(MAX_QUANTITY_PER_LINE, Math.max(1, product.stock.available))}
                value={quantity}
                onChange={(event) => setQuantity(Math.max(1, Number(event.target.value) || 1))}
              />
            </label>
            <button type="submit" className="button" disabled={soldOut}>
              Add to cart
            </button>
          </form>
          {added && (
            <p className="notice notice-good" role="status">
              Added. <a href="#/cart">Go to your cart</a>
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
