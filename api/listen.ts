// Serving the API: production (main.ts) and the tests both listen through here, so what Node's
// HTTP parser refuses before Express sees a request gets the same JSON error shape.
import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import { ApiError, errorBody } from './errors';

// Without a clientError listener Node answers these with empty bodies (431, 408, 400).
const parserErrors: Record<string, ApiError> = {
  HPE_HEADER_OVERFLOW: new ApiError(431, 'HEADERS_TOO_LARGE', 'The request line and headers are too large'),
  ERR_HTTP_REQUEST_TIMEOUT: new ApiError(408, 'REQUEST_TIMEOUT', 'The request did not arrive in time'),
};
const malformed = new ApiError(400, 'BAD_REQUEST', 'Malformed HTTP request');

function replyToClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node does: no reply once a response has started on this socket (it would corrupt it),
  // nor to a peer that is gone.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const e = parserErrors[err.code ?? ''] ?? malformed;
  const body = JSON.stringify(errorBody(e));
  const head = [
    `HTTP/1.1 ${e.status} ${STATUS_CODES[e.status]}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  // The parser cannot go on after an error: close once the reply is flushed.
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}

export function listen(app: Express, port: number, host: string): Promise<Server> {
  const server = createServer(app);
  server.on('clientError', replyToClientError);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
