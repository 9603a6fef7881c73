// Entry of the core bundle: reads what the chrome carries and starts the browser core.
import { startBrowserCore, type InjectedMetadata } from './start_browser_core';

const element = (id: string) => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The chrome has no #${id} element`);
  return found;
};

const metadata = JSON.parse(
  element('kbn-injected-metadata').textContent ?? '{}'
) as InjectedMetadata;
startBrowserCore(metadata, {
  appRoot: element('kbn-app-root'),
  toasts: element('kbn-toasts'),
}).catch((error: unknown) => {
  element('kbn-app-root').textContent = `Kibana did not start: ${
    error instanceof Error ? error.message : String(error)
  }`;
  throw error;
});
