export { createApp } from './app';
export { loadCatalogConfig, type CatalogConfig } from './config';
