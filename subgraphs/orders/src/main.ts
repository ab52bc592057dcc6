import './telemetry';
import { runService } from '@retail/common';
import { createApp } from './app';
import { loadOrdersConfig } from './config';

runService('orders', loadOrdersConfig, createApp);
