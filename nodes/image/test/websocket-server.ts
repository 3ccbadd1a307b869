import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The server side of one websocket (RFC 6455), just enough for tests: send frames, answer a close. */
export interface ServerSocket {
  sendText(text: string): void;
  sendBinary(data: Buffer): void;
  close(): void;
  readonly closed: boolean;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x80 | opcode, length]);
  } else if (length < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Completes the handshake of an HTTP upgrade request and returns the socket to talk on. */
export function acceptWebSocket(request: IncomingMessage, socket: Socket): ServerSocket {
  const key = request.headers['sec-websocket-key'] as string;
  const accept = createHash('sha1')
    .update(key + GUID)
    .digest('base64');
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
  };
  // Client frames are masked; all this server needs to notice is a close (opcode 8).
  socket.on('data', (data: Buffer) => {
    if (((data[0] as number) & 0x0f) === 0x8) close();
  });
  socket.on('close', () => {
    closed = true;
  });
  socket.on('error', () => {
    closed = true;
  });
  return {
    sendText: (text) => !closed && socket.write(frame(0x1, Buffer.from(text, 'utf8'))),
    sendBinary: (data) => !closed && socket.write(frame(0x2, data)),
    close,
    get closed() {
      return closed;
    },
  };
}
