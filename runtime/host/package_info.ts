// The Kibana version and build the host presents itself as (the stand-ins mirror Kibana 9.3).
import type { EnvironmentMode, PackageInfo } from '@kbn/core/server';
import type { ConfigContext } from './config/validate_config';

export const packageInfo: PackageInfo = Object.freeze({
  version: '9.3.0',
  branch: 'main',
  buildNum: 9007199254740991,
  buildSha: 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
  buildShaShort: 'XXXXXXXXXX',
  buildDate: new Date('2025-12-01T00:00:00.000Z'),
  buildFlavor: 'traditional',
  dist: false,
});

/** Production unless NODE_ENV says development, like Kibana without `--dev`. */
export function environmentMode(env: NodeJS.ProcessEnv = process.env): EnvironmentMode {
  const dev = env.NODE_ENV === 'development';
  return { name: dev ? 'development' : 'production', dev, prod: !dev };
}

export function configContext(mode: EnvironmentMode): ConfigContext {
  return {
    dev: mode.dev,
    prod: mode.prod,
    dist: false,
    serverless: false,
    version: packageInfo.version,
  };
}
