import { AuthRequired } from './AuthRequired';
import { SignInPage, RegisterPage } from './AuthPages';
import { CartPage } from './CartPage';
import { CatalogPage } from './CatalogPage';
import { Header } from './Header';
import { OrderPage } from './OrderPage';
import { OrdersPage } from './OrdersPage';
import { ProductPage } from './ProductPage';
import { useRoute } from './use-route';

export function App() {
  const route = useRoute();
  return (
    <>
      <Header page={route.page} />
      <main className="main">
        {route.page === 'catalog' && <CatalogPage />}
        {route.page === 'product' && <ProductPage productId={route.productId} />}
        {route.page === 'cart' && <CartPage />}
        {route.page === 'sign-in' && <SignInPage />}
        {route.page === 'register' && <RegisterPage />}
        {route.page === 'orders' && (
          <AuthRequired>
            <OrdersPage />
          </AuthRequired>
        )}
        {route.page === 'order' && (
          <AuthRequired>
            <OrderPage key={route.orderId} orderId={route.orderId} />
          </AuthRequired>
        )}
        {route.page === 'not-found' && (
          <section className="panel">
            <h1>Page not found</h1>
            <p>
              <a href="#/">Back to the shop</a>
            </p>
          </section>
        )}
      </main>
      <footer className="footer">
        Reference storefront for the retail supergraph · payments are simulated, use the test cards at checkout
      </footer>
    </>
  );
}
