// The chrome: the HTML page every app lives in, carrying the metadata and the bundles' script tags.
import type { InjectedMetadata } from './browser/start_browser_core';

export interface ChromeHtmlOptions {
  metadata: InjectedMetadata;
  /** the scripts to load, in order: the plugins' bundles, then core's */
  scripts: string[];
}

export function renderChromeHtml({ metadata, scripts }: ChromeHtmlOptions): string {
  // `<` escaped so no value can close the script element.
  const json = JSON.stringify(metadata).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kibana</title>
<link rel="icon" href="data:,">
<style>${CHROME_CSS}</style>
</head>
<body>
<div id="kbn-app-root"></div>
<div id="kbn-toasts" role="status" aria-live="polite"></div>
<noscript>Kibana needs JavaScript.</noscript>
<script type="application/json" id="kbn-injected-metadata">${json}</script>
${scripts.map((src) => `<script src="${escapeHtml(src)}"></script>`).join('\n')}
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// The app brings its own styles (EUI's); the chrome only places the toasts.
const CHROME_CSS = `
html, body { margin: 0; }
#kbn-toasts { position: fixed; right: 16px; bottom: 16px; display: flex; flex-direction: column; gap: 8px; z-index: 9000; font-family: sans-serif; }
.kbnToast { background: #fff; border-left: 4px solid #008a5e; box-shadow: 0 2px 8px rgba(0,0,0,.2); padding: 8px 12px; max-width: 360px; }
.kbnToast--danger { border-left-color: #c61e25; }
`;
