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

export const DEFAULT_PORTS = { first: 5601, second: 5602, dispatcher: 5700 };

/** Ports for `npm start`; 0 is any free one, undefined follows `first`. */
export type WantedPorts = Partial<Record<keyof typeof DEFAULT_PORTS, number | undefined>>;

/** The ports asked for: given ones as they are, the others derived from the first. */
export function wantedPorts(given: WantedPorts = {}) {
  const first = given.first ?? DEFAULT_PORTS.first;
  const follow = (offset: number) => (first === 0 ? 0 : first + offset);
  return {
    first: { port: first, given: given.first !== undefined },
    second: {
      port: given.second ?? follow(DEFAULT_PORTS.second - DEFAULT_PORTS.first),
      given: given.second !== undefined,
    },
    dispatcher: {
      port: given.dispatcher ?? follow(DEFAULT_PORTS.dispatcher - DEFAULT_PORTS.first),
      given: given.dispatcher !== undefined,
    },
  };
}
