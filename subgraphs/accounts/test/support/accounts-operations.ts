/** The accounts operations of the client contract, exactly as clients send them. */
export const REGISTER = /* GraphQL */ `
  mutation Register($email: String!, $password: String!, $name: String!) {
    register(input: { email: $email, password: $password, name: $name }) {
      accessToken
      refreshToken
      user { id email name role }
    }
  }
`;

export const LOGIN = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) {
    login(input: { email: $email, password: $password }) {
      accessToken
      refreshToken
      user { id email role }
    }
  }
`;

export const REFRESH_SESSION = /* GraphQL */ `
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) { accessToken refreshToken }
  }
`;

export const LOGOUT = /* GraphQL */ `
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`;

/** The contract's Me without `orders`, which the orders subgraph adds. */
export const ME = /* GraphQL */ `
  query Me {
    me { id email name role }
  }
`;

/** What the gateway sends to resolve `Order.customer { id email }`. */
export const USER_ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on User { id email }
    }
  }
`;
