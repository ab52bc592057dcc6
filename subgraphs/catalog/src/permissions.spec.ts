import { join } from 'node:path';
import { describeDenyByDefault } from '@test/deny-by-default';
import { catalogPermissions } from './permissions';

describeDenyByDefault('catalogPermissions', catalogPermissions, join(__dirname, '..', 'schema.graphql'));
