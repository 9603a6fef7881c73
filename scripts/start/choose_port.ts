// Port choice for `npm start`: a wanted port when it is free, else a free one (or a clear error).
import { createServer } from 'node:net';
import { findFreePort } from '../../runtime/host/http/find_free_port';

export function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolveFree) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolveFree(false));
    probe.listen(port, host, () => probe.close(() => resolveFree(true)));
  });
}

export interface PortChoice {
  /** the port asked for; 0 means any free one */
  port: number;
  /** when the asked port is taken: fail (the user named it) or take a free one */
  ifTaken: 'fail' | 'any';
  /** what the port is for, in the error message */
  purpose: string;
}

/** Resolves the port to listen on, checking the asked one is free. */
export async function choosePort({ port, ifTaken, purpose }: PortChoice, host: string) {
  if (port === 0) return findFreePort(host);
  if (await isPortFree(port, host)) return port;
  if (ifTaken === 'any') return findFreePort(host);
  throw new Error(
    `Port ${port} (${purpose}) is in use on ${host}: stop what uses it or pick another port`
  );
}
