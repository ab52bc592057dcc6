import { join } from 'node:path';
import { describeDenyByDefault } from '@test/deny-by-default';
import { accountsPermissions } from './permissions';

describeDenyByDefault('accountsPermissions', accountsPermissions, join(__dirname, '..', 'schema.graphql'));
