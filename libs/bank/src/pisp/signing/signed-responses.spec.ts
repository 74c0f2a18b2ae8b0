import { createServer, type Server, type ServerResponse } from 'node:http';
import { signBodiesOf } from './signed-responses';

/** A server whose responses are signed by a stand-in signer that records the bytes it was asked to sign. */
async function serverSending(respond: (response: ServerResponse) => void, sign = async (bytes: Uint8Array) => `sig-of-${bytes.length}`) {
  const signed: Buffer[] = [];
  const logged: string[] = [];
  const server: Server = createServer((_request, response) => {
    const recordingSigner = {
      sign: (bytes: Uint8Array) => {
        signed.push(Buffer.from(bytes));
        return sign(bytes);
      },
    };
    signBodiesOf(response, recordingSigner, { error: (message: string) => logged.push(message) });
    respond(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, signed, logged, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('every PISP response with a body carries the bank’s signature over exactly the bytes sent', () => {
  it('signs the bytes of a string body as sent (UTF-8), and sends them unchanged', async () => {
    const body = JSON.stringify({ Name: 'Zoë Ødegård' });
    const server = await serverSending((response) => response.setHeader('content-type', 'application/json').end(body));
    try {
      const response = await fetch(server.url);
      const received = Buffer.from(await response.arrayBuffer());
      expect(received.toString()).toBe(body);
      expect(server.signed).toEqual([received]);
      expect(response.headers.get('x-jws-signature')).toBe(`sig-of-${received.length}`);
    } finally {
      await server.close();
    }
  });

  it('a response without a body (401, 404, 405) carries no signature', async () => {
    const server = await serverSending((response) => {
      response.statusCode = 401;
      response.end();
    });
    try {
      const response = await fetch(server.url);
      expect([response.status, response.headers.get('x-jws-signature'), await response.text()]).toEqual([401, null, '']);
      expect(server.signed).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('a body that cannot be signed is not sent at all', async () => {
    const server = await serverSending(
      (response) => response.end('{"Data":{}}'),
      async () => {
        throw new Error('no key');
      },
    );
    try {
      await expect(fetch(server.url)).rejects.toThrow();
      expect(server.logged).toEqual(['cannot sign a response: no key']);
    } finally {
      await server.close();
    }
  });
});
