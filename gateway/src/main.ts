import './telemetry';
import { runService } from '@retail/common';
import { createApp } from './app';
import { loadGatewayConfig } from './config';

runService('gateway', loadGatewayConfig, createApp);
