import './telemetry';
import { runService } from '@retail/common';
import { createApp } from './app';
import { loadPaymentsConfig } from './config';

runService('payments', loadPaymentsConfig, createApp);
