// docs/export-schema.json, the documented JSON export format, is this schema written out:
//   node dist/src/export/schema.js > docs/export-schema.json
// (test/export/json.test.ts fails when the file and the model drift apart).
import { pathToFileURL } from 'node:url';
import { ExportSchema } from '../summary/types.js';

export function exportJsonSchema(): Record<string, unknown> {
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...(JSON.parse(JSON.stringify(ExportSchema)) as Record<string, unknown>) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${JSON.stringify(exportJsonSchema(), null, 2)}\n`);
}
