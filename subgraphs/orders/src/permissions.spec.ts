import { join } from 'node:path';
import { describeDenyByDefault } from '@test/deny-by-default';
import { ordersPermissions } from './permissions';

describeDenyByDefault('ordersPermissions', ordersPermissions, join(__dirname, '..', 'schema.graphql'));
