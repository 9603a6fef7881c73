// The page's HTML shell: the styles, the element React mounts into, and the bundle's script tag.

export interface PageHtmlOptions {
  /** The request's base path, with `/s/{space}` in a space: the page's API calls go there. */
  basePath: string;
  /** The server's base path, where the bundle is served. */
  serverBasePath: string;
  /** The space id, shown in the header. */
  space: string;
  /** Path of the bundle under the server base path. */
  bundlePath: string;
}

export function renderPageHtml({ basePath, serverBasePath, space, bundlePath }: PageHtmlOptions) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Background tasks</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<div id="root" data-base-path="${escapeHtml(basePath)}" data-server-base-path="${escapeHtml(serverBasePath)}" data-space="${escapeHtml(space)}"></div>
<noscript>This page needs JavaScript.</noscript>
<script src="${escapeHtml(`${serverBasePath}${bundlePath}`)}"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PAGE_CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; background: #f5f7fa; color: #1d2a3e; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 1.6rem; margin: 8px 0 4px; }
h2 { font-size: 1.2rem; margin: 0 0 12px; }
.panel { background: #fff; border: 1px solid #d3dae6; border-radius: 6px; padding: 16px; margin: 16px 0; }
.field { margin-bottom: 12px; }
.field label { display: block; font-weight: 600; margin-bottom: 4px; }
.help { color: #5a6270; font-size: 0.9em; margin: 4px 0 0; }
.inline { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.filters { margin-bottom: 12px; }
input, select, button { font: inherit; }
input, select { padding: 4px 6px; border: 1px solid #98a2b3; border-radius: 4px; }
button { padding: 4px 12px; border: 1px solid #98a2b3; border-radius: 4px; background: #fff; cursor: pointer; }
button:disabled { cursor: default; opacity: 0.6; }
button.primary { background: #0b64dd; border-color: #0b64dd; color: #fff; padding: 6px 18px; }
button:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid #0b64dd; outline-offset: 2px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 8px; border-bottom: 1px solid #e3e8f2; vertical-align: middle; }
th { font-size: 0.9em; color: #5a6270; }
.error { color: #bd271e; }
.ok { color: #007871; }
.empty { color: #5a6270; }
nav.inline { margin-top: 12px; }
`;
