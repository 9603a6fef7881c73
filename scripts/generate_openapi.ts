// `npm run openapi`: regenerates server/openapi/background_tasks.openapi.json from the routes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { buildOpenApiDocument } from '../server/openapi/build_openapi_document';

const target = join(__dirname, '..', 'server', 'openapi', 'background_tasks.openapi.json');

async function main() {
  // The repository's Prettier settings, so `prettier --check` accepts the file as written.
  const options = await resolveConfig(target);
  const json = await format(JSON.stringify(buildOpenApiDocument()), { ...options, parser: 'json' });
  writeFileSync(target, json);
  console.log(`Wrote ${target}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
