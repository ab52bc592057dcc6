import { join } from 'node:path';
import { describeDenyByDefault } from '@test/deny-by-default';
import { paymentsPermissions } from './permissions';

describeDenyByDefault('paymentsPermissions', paymentsPermissions, join(__dirname, '..', 'schema.graphql'));
