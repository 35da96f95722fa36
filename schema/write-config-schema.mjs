#!/usr/bin/env node
// Writes schema/ragseam.config.schema.json from the config file's zod schema (run after a build:
// `npm run schema`). test/unit/config-schema.test.ts fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { configSchemaJson } from '../dist/config/config-json-schema.js';

writeFileSync(new URL('./ragseam.config.schema.json', import.meta.url), `${JSON.stringify(configSchemaJson(), null, 2)}\n`);
