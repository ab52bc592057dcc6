import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApolloProvider } from '@apollo/client/react';
import { createShopClient } from './apollo/create-client';
import { gatewayEndpoints } from './config';
import { App } from './ui/App';
import { ShopProvider } from './ui/shop-context';
import './styles.css';

const { apollo, session } = createShopClient(gatewayEndpoints(import.meta.env.VITE_GATEWAY_URL));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApolloProvider client={apollo}>
      <ShopProvider session={session}>
        <App />
      </ShopProvider>
    </ApolloProvider>
  </StrictMode>,
);
