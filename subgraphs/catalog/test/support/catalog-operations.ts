/** The catalog's operations of the client contract, exactly as clients send them. */
export const CATEGORIES = /* GraphQL */ `
  query Categories {
    categories { id slug name }
  }
`;

export const PRODUCTS = /* GraphQL */ `
  query Products($first: Int, $after: String, $filter: ProductFilter) {
    products(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id
          sku
          name
          price { amount currency }
          category { id slug name }
          stock { available }
        }
      }
    }
  }
`;

export const PRODUCT = /* GraphQL */ `
  query Product($id: ID!) {
    product(id: $id) {
      id
      sku
      name
      description
      attributes
      price { amount currency }
      stock { available reserved }
    }
  }
`;

export const CREATE_CATEGORY = /* GraphQL */ `
  mutation CreateCategory($slug: String!, $name: String!) {
    createCategory(input: { slug: $slug, name: $name }) { id slug name }
  }
`;

export const CREATE_PRODUCT = /* GraphQL */ `
  mutation CreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      id
      sku
      name
      price { amount currency }
      stock { available reserved }
    }
  }
`;

export const RESTOCK_PRODUCT = /* GraphQL */ `
  mutation RestockProduct($productId: ID!, $quantity: Int!) {
    restockProduct(productId: $productId, quantity: $quantity) {
      id
      stock { available reserved }
    }
  }
`;

/** What the checkout saga sends to the catalog directly, with its service token. */
export const RESERVE_STOCK = /* GraphQL */ `
  mutation ReserveStock($orderId: ID!, $items: [StockItemInput!]!) {
    reserveStock(orderId: $orderId, items: $items) { orderId status reason }
  }
`;

export const COMMIT_STOCK = /* GraphQL */ `
  mutation CommitStock($orderId: ID!) {
    commitStock(orderId: $orderId) { orderId status reason }
  }
`;

export const RELEASE_STOCK = /* GraphQL */ `
  mutation ReleaseStock($orderId: ID!) {
    releaseStock(orderId: $orderId) { orderId status reason }
  }
`;

/** How the orders service prices items. */
export const PRODUCT_ENTITIES = /* GraphQL */ `
  query ProductEntities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Product { id name price { amount currency } }
    }
  }
`;
