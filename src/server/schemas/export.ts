// The export API contract: which target, which format. The bodies are the formats
// themselves (docs/export-schema.json documents the JSON one).
import { Type } from '@sinclair/typebox';

export const ExportFormatQuery = Type.Object({
  format: Type.String({ default: 'md', description: 'md | json | html | mbox | site (.tar.gz) (formats.ts FORMATS)' }),
});

export const ExportSearchQuery = Type.Composite([ExportFormatQuery, Type.Object({ q: Type.String({ minLength: 1 }) })]);

export const ExportIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
export const ExportTopicParams = Type.Object({ '*': Type.String() });
