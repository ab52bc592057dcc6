export { createApp } from './app';
export { loadAccountsConfig, type AccountsConfig } from './config';
export { seedAccounts } from './seed';
