import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { JsonClient } from './json-client';

describe('JsonClient', () => {
  let server: Server;
  let client: JsonClient;
  const served = new WeakSet<Socket>();

  beforeAll(async () => {
    // A server that drops a kept-alive connection when it is used again, as one that closed it
    // for idling does when the client's next request crosses the close.
    server = createServer((request, response) => {
      if (served.has(request.socket)) {
        request.socket.destroy();
        return;
      }
      served.add(request.socket);
      response.setHeader('content-type', 'application/json');
      response.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new JsonClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('asks a GET again on a new connection when a kept-alive one was reset', async () => {
    await expect(client.get('/stats')).resolves.toEqual({ ok: true });
    await expect(client.get('/stats')).resolves.toEqual({ ok: true });
  });
});
