import './telemetry';
import { runService } from '@retail/common';
import { createApp } from './app';
import { loadCatalogConfig } from './config';

runService('catalog', loadCatalogConfig, createApp);
