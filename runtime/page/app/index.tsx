// Browser entry of the page: reads what the server rendered into the page and mounts the app.
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createFetchHttp } from './fetch_http';

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');
const basePath = container.dataset.basePath ?? '';
const serverBasePath = container.dataset.serverBasePath ?? '';
const spaceLabel = container.dataset.space || 'default';

createRoot(container).render(
  <App http={createFetchHttp({ basePath, serverBasePath })} spaceLabel={spaceLabel} />
);
