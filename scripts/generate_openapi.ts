// `npm run openapi`: regenerates server/openapi/background_tasks.openapi.json from the routes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import { buildOpenApiDocument } from '../server/openapi/build_openapi_document';

const target = join(__dirname, '..', 'server', 'openapi', 'background_tasks.openapi.json');

async function main() {
  const json = await format(JSON.stringify(buildOpenApiDocument()), { parser: 'json' });
  writeFileSync(target, json);
  console.log(`Wrote ${target}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
