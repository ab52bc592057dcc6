import { registerEnumType } from '@nestjs/graphql';
import { Role } from '../../generated/prisma/client';

registerEnumType(Role, {
  name: 'Role',
  description: 'What a user may do: shop (CUSTOMER) or run the store (ADMIN). An ADMIN token carries the scope `admin`.',
  valuesMap: {
    CUSTOMER: { description: 'Shops: sees and changes only their own profile, orders and payments.' },
    ADMIN: {
      description: 'Runs the store: creates categories and products, restocks, and sees every order and payment.',
    },
  },
});

export { Role };
