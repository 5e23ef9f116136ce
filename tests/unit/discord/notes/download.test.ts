import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadAttachment } from '../../../../src/discord/notes/download.js';
import { UserError } from '../../../../src/errors.js';

/** A tiny CDN: `/ok` the bytes, `/slow` after a while, `/chunked` a body with no declared length, `/redirect`, `/gone`. */
let server: Server;
let origin: string;
const body = Buffer.from('zip bytes');

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') return res.writeHead(200, { 'content-length': String(body.length) }).end(body);
    if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end(body), 500);
    if (req.url === '/chunked') {
      res.writeHead(200);
      for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1000, 65));
      return res.end();
    }
    if (req.url === '/redirect') return res.writeHead(302, { location: '/ok' }).end();
    return res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const policy = () => ({ origins: [origin], maxBytes: 5000, timeoutMs: 200 });

describe('downloadAttachment', () => {
  it('downloads a file from an allowed origin', async () => {
    expect(await downloadAttachment(`${origin}/ok`, 'a.zip', policy())).toEqual(body);
  });

  it('refuses any other origin without connecting to it', async () => {
    await expect(downloadAttachment('https://evil.example/x.zip', 'x.zip', policy())).rejects.toThrow(
      new UserError("That attachment is not on Discord's servers: attach the file again."),
    );
    await expect(downloadAttachment('not a url', 'x.zip', policy())).rejects.toThrow('That attachment has no valid address');
  });

  it('gives up after the time limit', async () => {
    await expect(downloadAttachment(`${origin}/slow`, 'slow.zip', policy())).rejects.toThrow(
      new UserError('Downloading slow.zip took longer than 0.2 s: try again.'),
    );
  });

  it('stops reading past the size limit, whatever the server declares', async () => {
    await expect(downloadAttachment(`${origin}/chunked`, 'big.zip', policy())).rejects.toThrow(
      /^big\.zip is 0\.0\d MB: files of at most 0\.00 MB can be imported\.$/,
    );
    await expect(downloadAttachment(`${origin}/ok`, 'a.zip', { ...policy(), maxBytes: 4 })).rejects.toThrow(/^a\.zip is 0\.00 MB/);
  });

  it('follows no redirect, and reports an HTTP error', async () => {
    await expect(downloadAttachment(`${origin}/redirect`, 'r.zip', policy())).rejects.toThrow('r.zip could not be downloaded: try again.');
    await expect(downloadAttachment(`${origin}/gone`, 'g.zip', policy())).rejects.toThrow(
      'g.zip could not be downloaded (HTTP 404): attach the file again.',
    );
  });

  it('quotes the file name literally in its messages', async () => {
    await expect(downloadAttachment(`${origin}/gone`, '[x](https://e).zip', policy())).rejects.toThrow(
      '\\[x](https://e).zip could not be downloaded',
    );
  });
});
