import { z } from 'zod';
import { CHANNELS, type Channel } from './model/channels';
import { inputSchemas, NoInput } from './model/contract';

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  format?: string;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
};

/** A short type for one field of a channel's input: `teks`, `angka`, `"id"|"en"`, `{ a, b? }`. */
function describe(schema: JsonSchema, depth: number): string {
  if (schema.anyOf) {
    const parts = schema.anyOf.filter((s) => s.type !== 'null').map((s) => describe(s, depth));
    const nullable = schema.anyOf.some((s) => s.type === 'null');
    return [...new Set(parts)].join('|') + (nullable ? '|null' : '');
  }
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join('|');
  switch (schema.type) {
    case 'string':
      return schema.format === 'uuid' ? 'id' : 'teks';
    case 'number':
    case 'integer':
      return 'angka';
    case 'boolean':
      return 'true|false';
    case 'array':
      return `[${schema.items ? describe(schema.items, depth) : ''}]`;
    case 'object': {
      const props = Object.entries(schema.properties ?? {});
      if (!props.length) return '{}';
      if (depth >= 2) return '{…}';
      const required = new Set(schema.required ?? []);
      const fields = props.map(([k, v]) => `${k}${required.has(k) ? '' : '?'}: ${describe(v, depth + 1)}`);
      return `{ ${fields.join(', ')} }`;
    }
    default:
      return 'apa saja';
  }
}

/** One line per channel: its name and the shape of its input, read from the contract's schemas. */
export function channelHelp(): string {
  return CHANNELS.map((channel: Channel) => {
    const schema = inputSchemas[channel] as z.ZodType;
    if (schema === (NoInput as z.ZodType)) return `  ${channel}  (tanpa input)`;
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    return `  ${channel}  ${describe(json, 0)}`;
  }).join('\n');
}
