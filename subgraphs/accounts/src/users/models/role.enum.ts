import { registerEnumType } from '@nestjs/graphql';
import { Role } from '../../generated/prisma/client';

registerEnumType(Role, { name: 'Role', description: 'What a user may do: shop (CUSTOMER) or run the store (ADMIN).' });

export { Role };
