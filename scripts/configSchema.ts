import * as prettier from 'prettier';
import { z } from 'zod';
import { projectConfigSchema } from '../src/core/volume/projectConfig';

/** Where the JSON Schema of promptcost.yaml is committed, relative to the repository root (package.json `yamlValidation`). */
export const CONFIG_SCHEMA_FILE = 'schemas/promptcost.schema.json';

/**
 * The JSON Schema of promptcost.yaml, generated from the zod schemas that read it (projectConfig.ts),
 * for the YAML extension's validation, completions and hovers. Draft-07, which redhat.vscode-yaml and
 * Ajv's default export both read; `io: 'input'` describes what a user writes. A refinement JSON Schema
 * cannot hold (a `defaults.model` key must be a provider id) is stated in its description instead.
 */
export function configJsonSchema(): Record<string, unknown> {
  const { $schema, title, description, markdownDescription, ...rest } = z.toJSONSchema(projectConfigSchema, {
    target: 'draft-07',
    io: 'input',
    unrepresentable: 'throw',
  });
  // What the file is comes first, then what it takes.
  return {
    $schema,
    $id: 'https://github.com/promptcost/promptcost/blob/main/schemas/promptcost.schema.json',
    title,
    description,
    markdownDescription,
    ...rest,
  };
}

/** The file's text, laid out as `prettier --check` (npm run lint) expects. */
export async function configSchemaText(file: string): Promise<string> {
  const options = await prettier.resolveConfig(file);
  return prettier.format(JSON.stringify(configJsonSchema()), { ...options, filepath: file });
}
