import './telemetry';
import { runService } from '@retail/common';
import { createApp } from './app';
import { loadAccountsConfig } from './config';

runService('accounts', loadAccountsConfig, createApp);
