import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorBody } from '../errors/error-body';
import { applyTimeouts, timeLimitedServer } from './http-server-factory';
import type { HttpLimits } from './http-limits';

/** What the probe port serves: the health checks and the metrics scrape, nothing else. */
const PROBE_PATHS = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/**
 * A second listener for health checks and scrapes (`STRATA_HEALTH_PORT`), answered by the same
 * application, its guards included. Node accepts one waiting connection per turn of its event
 * loop (libuv/libuv#3696): under a flood of connections a probe on the main port queues behind
 * every connection opened before it, and a load balancer or an orchestrator takes a replica that
 * still serves for a dead one. A listener of its own has a queue of its own: under
 * `npm run overload`'s flood a new probe connection waited at most 1.8–2.4 s here, against
 * 6.7–14.8 s on the main port.
 */
export async function listenForProbes(
  app: NestFastifyApplication,
  host: string,
  port: number,
  limits: HttpLimits,
): Promise<Server> {
  const main = app.getHttpServer() as Server;
  const probes = timeLimitedServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '').split('?', 1)[0];
    if (PROBE_PATHS.has(path)) {
      main.emit('request', request, response);
      return;
    }
    const body = JSON.stringify(
      errorBody(404, `this port serves only ${[...PROBE_PATHS].join(', ')}`),
    );
    response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(body);
  });
  applyTimeouts(probes, limits);
  await new Promise<void>((resolve, reject) => {
    probes.once('error', reject);
    probes.listen(port, host, () => {
      probes.off('error', reject);
      resolve();
    });
  });
  main.once('close', () => {
    probes.close();
    probes.closeAllConnections();
  });
  return probes;
}

/** The port a listening server took (the one asked for, or the one the system chose for 0). */
export function listeningPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}
