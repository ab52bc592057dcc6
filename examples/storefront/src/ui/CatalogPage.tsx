import { useEffect, useState } from 'react';
import { useQuery } from '@apollo/client/react';
import { CategoriesDocument, ProductsDocument, type ProductsQuery } from '../graphql/operations';
import { ErrorNotice, Loading, Price } from './common';
import { useShop } from './shop-context';

const PAGE_SIZE = 12;
/** Typing pauses this long before the search runs, so each keystroke does not cost a request. */
const SEARCH_DELAY_MS = 300;

type ProductNode = ProductsQuery['products']['edges'][number]['node'];

export function CatalogPage() {
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [inStockOnly, setInStockOnly] = useState(false);
  // The `after` cursor of every page visited so far: going back pops one.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchText.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [searchText]);
  // A new filter starts again from the first page.
  useEffect(() => setCursors([null]), [search, categoryId, inStockOnly]);

  const categories = useQuery(CategoriesDocument);
  const after = cursors[cursors.length - 1];
  const { data, previousData, loading, error } = useQuery(ProductsDocument, {
    variables: {
      first: PAGE_SIZE,
      after,
      filter: { search: search || undefined, categoryId: categoryId ?? undefined, inStock: inStockOnly || undefined },
    },
  });
  const products = (data ?? previousData)?.products;
  const page = cursors.length;
  const pages = products ? Math.max(1, Math.ceil(products.totalCount / PAGE_SIZE)) : 1;

  return (
    <section>
      <div className="hero">
        <h1>Find something you love</h1>
        <p>Prices and stock are live. Pay with a test card at checkout and watch your order go through.</p>
        <form className="search" role="search" onSubmit={(event) => (event.preventDefault(), setSearch(searchText.trim()))}>
          <input
            type="search"
            aria-label="Search products"
            placeholder="Search products…"
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
          />
        </form>
      </div>

      <div className="filters">
        <div className="chips" role="group" aria-label="Categories">
          <button type="button" className="chip" aria-pressed={categoryId === null} onClick={() => setCategoryId(null)}>
            All
          </button>
          {categories.data?.categories.map((category) => (
            <button
              key={category.id}
              type="button"
              className="chip"
              aria-pressed={categoryId === category.id}
              onClick={() => setCategoryId(category.id)}
            >
              {category.name}
            </button>
          ))}
        </div>
        <label className="toggle">
          <input type="checkbox" checked={inStockOnly} onChange={(event) => setInStockOnly(event.target.checked)} /> In stock only
        </label>
      </div>

      <ErrorNotice error={error} />
      {!products && loading && <Loading what="products" />}
      {products && (
        <>
          <p className="result-count" data-testid="result-count">
            {products.totalCount === 1 ? '1 product' : `${products.totalCount} products`}
            {search && ` for “${search}”`}
          </p>
          {products.edges.length === 0 ? (
            <p className="empty">Nothing matches. Try another word or category.</p>
          ) : (
            <ul className="product-grid" aria-busy={loading}>
              {products.edges.map(({ node }) => (
                <ProductCard key={node.id} product={node} />
              ))}
            </ul>
          )}
          <nav className="pager" aria-label="Pages">
            <button type="button" className="button button-quiet" disabled={page === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
              ← Previous
            </button>
            <span data-testid="page-indicator">
              Page {page} of {pages}
            </span>
            <button
              type="button"
              className="button button-quiet"
              disabled={!products.pageInfo.hasNextPage || loading}
              onClick={() => setCursors([...cursors, products.pageInfo.endCursor])}
            >
              Next →
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

function ProductCard({ product }: { product: ProductNode }) {
  const { updateCart } = useShop();
  const soldOut = product.stock.available === 0;
  return (
    <li className="product-card" data-testid="product-card">
      <a className="product-link" href={`#/products/${encodeURIComponent(product.id)}`}>
        <div className="product-art" aria-hidden>
          {product.name.slice(0, 1)}
        </div>
        <h2>{product.name}</h2>
      </a>
      <p className="muted">{product.category?.name ?? 'Uncategorized'}</p>
      <div className="product-card-footer">
        <Price money={product.price} />
        <span className={soldOut ? 'stock stock-out' : 'stock'}>{soldOut ? 'Sold out' : `${product.stock.available} left`}</span>
      </div>
      <button
        type="button"
        className="button"
        disabled={soldOut}
        onClick={() => updateCart({ type: 'add', line: { productId: product.id, name: product.name, unitPrice: product.price }, quantity: 1 })}
      >
        Add to cart
      </button>
    </li>
  );
}
