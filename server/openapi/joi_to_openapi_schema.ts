// Converts the joi description behind a config-schema type into an OpenAPI 3.0 schema object.
import type { Description } from 'joi';

/** An OpenAPI 3.0 schema object (the subset this converter writes). */
export interface OpenApiSchema {
  type?: 'object' | 'string' | 'number' | 'boolean' | 'array';
  description?: string;
  default?: unknown;
  example?: unknown;
  enum?: unknown[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean | OpenApiSchema;
  anyOf?: OpenApiSchema[];
}

interface JoiDescription extends Description {
  flags?: { presence?: string; default?: unknown; description?: string; only?: boolean };
  keys?: Record<string, JoiDescription>;
  items?: JoiDescription[];
  matches?: Array<{ schema: JoiDescription }>;
  patterns?: Array<{ rule: JoiDescription }>;
  rules?: Array<{ name: string; args?: { limit?: number; options?: unknown } }>;
  allow?: unknown[];
  preferences?: { allowUnknown?: boolean };
}

/**
 * Whether a value is required: config-schema validates with `presence: 'required'`, so a key
 * is required unless it is optional (`schema.maybe`) or has a default.
 */
export function isRequired(description: JoiDescription): boolean {
  const flags = description.flags ?? {};
  return flags.presence !== 'optional' && flags.default === undefined;
}

function defaultOf(description: JoiDescription): unknown {
  const value = description.flags?.default;
  // joi's "build the default from the children" marker is not a value.
  if (value === undefined || (typeof value === 'object' && value !== null && 'special' in value)) {
    return undefined;
  }
  return typeof value === 'function' ? undefined : value;
}

function limits(
  description: JoiDescription,
  min: 'minimum' | 'minItems',
  max: 'maximum' | 'maxItems'
) {
  const out: Partial<OpenApiSchema> = {};
  for (const rule of description.rules ?? []) {
    if (rule.name === 'min' && rule.args?.limit !== undefined) out[min] = rule.args.limit;
    if (rule.name === 'max' && rule.args?.limit !== undefined) out[max] = rule.args.limit;
  }
  return out;
}

function convertObject(description: JoiDescription): OpenApiSchema {
  const out: OpenApiSchema = { type: 'object' };
  if (description.keys) {
    out.properties = {};
    const required: string[] = [];
    for (const [key, child] of Object.entries(description.keys)) {
      out.properties[key] = joiToOpenApiSchema(child);
      if (isRequired(child)) required.push(key);
    }
    if (required.length > 0) out.required = required;
    out.additionalProperties = description.preferences?.allowUnknown === true;
  }
  if (description.patterns?.length) {
    out.additionalProperties = joiToOpenApiSchema(description.patterns[0].rule);
  }
  return out;
}

function convertAlternatives(description: JoiDescription): OpenApiSchema {
  const options = (description.matches ?? []).map((match) => match.schema);
  const isNull = (option: JoiDescription) =>
    option.flags?.only === true && option.allow?.length === 1 && option.allow[0] === null;
  const nullable = options.some(isNull);
  const rest = options.filter((option) => !isNull(option));
  const literals = rest.every((option) => option.flags?.only === true);
  let out: OpenApiSchema;
  if (literals && rest.length > 0) {
    out = { enum: rest.flatMap((option) => option.allow ?? []) };
  } else if (rest.length === 1) {
    out = joiToOpenApiSchema(rest[0]);
  } else {
    out = { anyOf: rest.map(joiToOpenApiSchema) };
  }
  return nullable ? { ...out, nullable: true } : out;
}

function convertType(description: JoiDescription): OpenApiSchema {
  switch (description.type) {
    case 'object':
      return convertObject(description);
    case 'alternatives':
      return convertAlternatives(description);
    case 'string': {
      const uri = description.rules?.some((rule) => rule.name === 'uri');
      return uri ? { type: 'string', format: 'uri' } : { type: 'string' };
    }
    case 'number':
      return { type: 'number', ...limits(description, 'minimum', 'maximum') };
    case 'boolean':
      return { type: 'boolean' };
    case 'array': {
      const items = description.items?.[0];
      return {
        type: 'array',
        ...(items ? { items: joiToOpenApiSchema(items) } : {}),
        ...limits(description, 'minItems', 'maxItems'),
      };
    }
    case 'any':
      return description.flags?.only ? { enum: description.allow ?? [] } : {};
    default:
      throw new Error(`No OpenAPI conversion for joi type [${description.type}]: add one`);
  }
}

/** The OpenAPI schema of a joi description (from `configSchemaType.getSchema().describe()`). */
export function joiToOpenApiSchema(description: Description): OpenApiSchema {
  const joi = description as JoiDescription;
  const out = convertType(joi);
  const fallback = defaultOf(joi);
  if (fallback !== undefined && fallback !== null) out.default = fallback;
  if (joi.flags?.description) out.description = joi.flags.description;
  return out;
}
