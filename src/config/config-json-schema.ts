import { z } from 'zod';
import { configSchema } from './config-file.js';

export { CONFIG_SCHEMA_PATH } from './config-paths.js';

/** The JSON Schema of ragseam.config.json (for editors: completion and checks as you type). */
export function configSchemaJson(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input' }),
    title: 'ragseam.config.json',
    description:
      'Settings for ragseam probe; flags and environment variables override them (README, "Config file").',
  };
}
