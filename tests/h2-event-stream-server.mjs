// h2-event-stream-server.mjs: a fake Bedrock runtime for
// InvokeModelWithBidirectionalStream over HTTPS and HTTP/2, for
// tests/test-event-stream-h2.c, which starts it and kills it.
//
// Copyright 2026 The gaws authors
// SPDX-License-Identifier: Apache-2.0
//
// Usage: node h2-event-stream-server.mjs CERT KEY ACCESS_KEY SECRET REGION SERVICE
//
// It listens on a free loopback port and writes one JSON object per line
// on stdout: {"event":"listening","port":N} first, then one
// {"event":"stream-done",...} for every request once its stream is closed,
// saying what it saw. It checks everything on its own, without gaws: the
// request arrived over HTTP/2, without HTTP/1.1's connection headers; its
// SigV4 signature; every frame's CRCs and its chunk signature, chained from
// the request's; and it answers each event with an echo event while the
// request body is still open. It exits when its stdin closes.
//
// The model id in the path picks a behaviour:
//   echo       answer every `chunk` event with `chunk` "echo:<its bytes>"
//   tamper-N   like echo, but flip a byte of frame N (from 0) as it
//              arrives: its signature must then fail, and the answer is a
//              validationException event that ends the stream
//   skewed-clock  like echo, on a clock an hour ahead: a request or frame
//              dated more than 5 minutes off it is refused (a 403
//              InvalidSignatureException with the server's Date, or a
//              validationException event), as AWS refuses them

import http2 from 'node:http2';
import crypto from 'node:crypto';
import fs from 'node:fs';

const [certFile, keyFile, accessKey, secret, region, service] = process.argv.slice(2);

function report(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

// ---- event-stream framing, written from the specification ----

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++)
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes)
    c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// Header values by type: 0 true, 1 false, 2 byte, 3 short, 4 int, 5 long,
// 6 bytes, 7 string, 8 timestamp (ms), 9 uuid.
function decodeHeaders(buf) {
  const headers = {};
  let at = 0;
  while (at < buf.length) {
    const nameLen = buf[at];
    const name = buf.subarray(at + 1, at + 1 + nameLen).toString('utf8');
    at += 1 + nameLen;
    const type = buf[at++];
    let value;
    switch (type) {
      case 0: value = true; break;
      case 1: value = false; break;
      case 2: value = buf.readInt8(at); at += 1; break;
      case 3: value = buf.readInt16BE(at); at += 2; break;
      case 4: value = buf.readInt32BE(at); at += 4; break;
      case 5: case 8: value = buf.readBigInt64BE(at); at += 8; break;
      case 6: case 7: {
        const len = buf.readUInt16BE(at);
        const raw = buf.subarray(at + 2, at + 2 + len);
        value = type === 7 ? raw.toString('utf8') : Buffer.from(raw);
        at += 2 + len;
        break;
      }
      case 9: value = Buffer.from(buf.subarray(at, at + 16)); at += 16; break;
      default: throw new Error(`header ${name}: unknown type ${type}`);
    }
    headers[name] = { type, value };
  }
  return headers;
}

function encodeStringHeader(name, value) {
  const n = Buffer.from(name, 'utf8');
  const v = Buffer.from(value, 'utf8');
  const out = Buffer.alloc(1 + n.length + 1 + 2 + v.length);
  out[0] = n.length;
  n.copy(out, 1);
  out[1 + n.length] = 7;
  out.writeUInt16BE(v.length, 2 + n.length);
  v.copy(out, 4 + n.length);
  return out;
}

function encodeTimestampHeader(name, millis) {
  const n = Buffer.from(name, 'utf8');
  const out = Buffer.alloc(1 + n.length + 1 + 8);
  out[0] = n.length;
  n.copy(out, 1);
  out[1 + n.length] = 8;
  out.writeBigInt64BE(BigInt(millis), 2 + n.length);
  return out;
}

function encodeFrame(headerBytes, payload) {
  const total = 12 + headerBytes.length + payload.length + 4;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(headerBytes.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  headerBytes.copy(out, 12);
  payload.copy(out, 12 + headerBytes.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}

// Frames out of bytes that come in arbitrary pieces.
class Decoder {
  constructor() { this.buf = Buffer.alloc(0); }
  feed(chunk) { this.buf = Buffer.concat([this.buf, chunk]); }
  pop() {
    if (this.buf.length < 12)
      return null;
    const total = this.buf.readUInt32BE(0);
    const headersLen = this.buf.readUInt32BE(4);
    if (crc32(this.buf.subarray(0, 8)) !== this.buf.readUInt32BE(8))
      throw new Error('bad prelude CRC');
    if (total < 16 || total > 16 * 1024 * 1024 || headersLen > total - 16)
      throw new Error(`bad frame length ${total}`);
    if (this.buf.length < total)
      return null;
    const frame = this.buf.subarray(0, total);
    this.buf = this.buf.subarray(total);
    if (crc32(frame.subarray(0, total - 4)) !== frame.readUInt32BE(total - 4))
      throw new Error('bad message CRC');
    return {
      headers: decodeHeaders(frame.subarray(12, 12 + headersLen)),
      payload: Buffer.from(frame.subarray(12 + headersLen, total - 4)),
    };
  }
}

function decodeOne(bytes) {
  const decoder = new Decoder();
  decoder.feed(bytes);
  const frame = decoder.pop();
  if (frame === null || decoder.buf.length !== 0)
    throw new Error('the payload is not exactly one frame');
  return frame;
}

// ---- SigV4 ----

const hmac = (key, data) => crypto.createHmac('sha256', key).update(data).digest();
const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

function signingKey(date) {
  let key = hmac('AWS4' + secret, date);
  key = hmac(key, region);
  key = hmac(key, service);
  return hmac(key, 'aws4_request');
}

function amzDateOf(millis) {
  return new Date(Math.floor(Number(millis) / 1000) * 1000).toISOString()
    .replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

// The request's own signature, whose payload hash must be the event-stream
// marker. Over HTTP/2 the host header travels as :authority.
function requestSignatureOk(headers, method, path) {
  const authorization = headers['authorization'] ?? '';
  const amzDate = headers['x-amz-date'] ?? '';
  const signedMatch = /SignedHeaders=([^,]+)/.exec(authorization);
  const sigMatch = /Signature=([0-9a-f]{64})/.exec(authorization);
  const credMatch = /Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization);
  if (!signedMatch || !sigMatch || !credMatch || credMatch[1] !== accessKey)
    return false;
  const names = signedMatch[1].split(';');
  const value = (name) => name === 'host' ? (headers['host'] ?? headers[':authority']) : headers[name];
  const [pathOnly, query = ''] = path.split('?');
  const canonicalPath = pathOnly.split('/').map((s) => encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())).join('/');
  const canonical = [method, canonicalPath, query,
    names.map((n) => `${n}:${(value(n) ?? '').trim()}\n`).join(''),
    names.join(';'), 'STREAMING-AWS4-HMAC-SHA256-EVENTS'].join('\n');
  const scope = `${amzDate.slice(0, 8)}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  return hmac(signingKey(amzDate.slice(0, 8)), toSign).toString('hex') === sigMatch[1];
}

// The chunk signature of one frame: "AWS4-HMAC-SHA256-PAYLOAD", the :date
// as an X-Amz-Date, the scope, the prior signature, the SHA-256 of the
// encoded :date header alone, the SHA-256 of the payload.
function frameSignature(millis, prior, payload) {
  const amzDate = amzDateOf(millis);
  const date = amzDate.slice(0, 8);
  const toSign = ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, `${date}/${region}/${service}/aws4_request`,
    prior, sha256(encodeTimestampHeader(':date', millis)), sha256(payload)].join('\n');
  return hmac(signingKey(date), toSign).toString('hex');
}

// ---- answers ----

function eventFrame(eventType, json) {
  const headers = Buffer.concat([
    encodeStringHeader(':message-type', 'event'),
    encodeStringHeader(':event-type', eventType),
    encodeStringHeader(':content-type', 'application/json'),
  ]);
  return encodeFrame(headers, Buffer.from(JSON.stringify(json), 'utf8'));
}

function exceptionFrame(exceptionType, message) {
  const headers = Buffer.concat([
    encodeStringHeader(':message-type', 'exception'),
    encodeStringHeader(':exception-type', exceptionType),
    encodeStringHeader(':content-type', 'application/json'),
  ]);
  return encodeFrame(headers, Buffer.from(JSON.stringify({ message }), 'utf8'));
}

// ---- one request ----

// HTTP/1.1's connection-specific headers, which HTTP/2 forbids (RFC 9113
// 8.2.2), and Expect, which means nothing there.
const SKEW_MS = 3600 * 1000;
const MAX_SKEW_MS = 5 * 60 * 1000;

function parseAmzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

const CONNECTION_HEADERS = ['connection', 'transfer-encoding', 'keep-alive', 'upgrade',
  'proxy-connection', 'expect'];

function serve(req, res) {
  const stream = req.stream;
  const path = req.url;
  const model = decodeURIComponent(/^\/model\/([^/]+)\/invoke-with-bidirectional-stream/.exec(path)?.[1] ?? '');
  const tamperAt = model.startsWith('tamper-') ? Number(model.slice('tamper-'.length)) : -1;
  const skew = model === 'skewed-clock' ? SKEW_MS : 0;
  const seen = {
    event: 'stream-done',
    model,
    httpVersion: req.httpVersion,
    method: req.method,
    path,
    contentType: req.headers['content-type'] ?? null,
    contentSha256: req.headers['x-amz-content-sha256'] ?? null,
    forbiddenHeaders: CONNECTION_HEADERS.filter((h) => h in req.headers),
    // A stream of events has no length known in advance.
    contentLength: req.headers['content-length'] ?? null,
    requestSigned: false,
    // How far the request's X-Amz-Date and each frame's :date are from
    // this fake's clock, in whole seconds.
    requestSkewS: null,
    frameSkewsS: [],
    verified: 0,
    bad: 0,
    gotEnd: false,
    bodyComplete: false,
    received: [],
    answeredWhileOpen: 0,
    aborted: false,
    rstCode: null,
    error: null,
  };
  let prior = /Signature=([0-9a-f]{64})/.exec(req.headers['authorization'] ?? '')?.[1];
  const decoder = new Decoder();
  let index = 0;
  let over = false;

  if (req.httpVersion !== '2.0') {
    res.writeHead(505, { 'content-type': 'text/plain' });
    res.end('HTTP/2 required');
    stream?.on('close', () => report(seen));
    if (!stream)
      res.on('close', () => report(seen));
    return;
  }
  seen.requestSigned = requestSignatureOk(req.headers, req.method, path);
  seen.requestSkewS = Math.round((parseAmzDate(req.headers['x-amz-date']) - (Date.now() + skew)) / 1000);
  if (!seen.requestSigned || !(Math.abs(seen.requestSkewS * 1000) <= MAX_SKEW_MS)) {
    over = true;
    res.sendDate = false;
    res.writeHead(403, { 'content-type': 'application/json',
      'x-amzn-errortype': 'InvalidSignatureException',
      'date': new Date(Date.now() + skew).toUTCString() });
    res.write(JSON.stringify({ message: seen.requestSigned
      ? 'Signature expired: the request time is too far from the server time'
      : 'The request signature we calculated does not match the signature you provided.' }));
    endEarly();
  } else {
    // The head goes out before any event: the client reads while it sends.
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
  }

  // Ends the response early, then asks the client to stop sending as
  // RFC 9113 8.1 says: RST_STREAM with NO_ERROR after a complete response.
  function endEarly() {
    res.end(() => stream.close(http2.constants.NGHTTP2_NO_ERROR));
  }

  function fail(exceptionType, message) {
    over = true;
    seen.error = message;
    res.write(exceptionFrame(exceptionType, message));
    endEarly();
  }

  function handleFrame(frame) {
    const date = frame.headers[':date'];
    const signature = frame.headers[':chunk-signature'];
    let payload = frame.payload;

    if (index++ === tamperAt && payload.length > 0) {
      payload = Buffer.from(payload);
      payload[payload.length - 5] ^= 0x01;
    }
    if (!date || date.type !== 8 || !signature || signature.type !== 6 || signature.value.length !== 32) {
      seen.bad++;
      fail('validationException', 'A frame lacks its :date or :chunk-signature');
      return;
    }
    const frameSkew = Number(date.value) - (Date.now() + skew);
    seen.frameSkewsS.push(Math.round(frameSkew / 1000));
    if (Math.abs(frameSkew) > MAX_SKEW_MS) {
      seen.bad++;
      fail('validationException', `Frame ${index - 1} is dated too far from the server time`);
      return;
    }
    const expected = frameSignature(date.value, prior, payload);
    if (expected !== signature.value.toString('hex')) {
      seen.bad++;
      fail('validationException', `Invalid chunk signature on frame ${index - 1}`);
      return;
    }
    seen.verified++;
    prior = expected;
    if (payload.length === 0) {
      seen.gotEnd = true;
      return;
    }
    const inner = decodeOne(payload);
    const eventType = inner.headers[':event-type']?.value;
    const text = Buffer.from(JSON.parse(inner.payload.toString('utf8')).bytes ?? '', 'base64').toString('utf8');
    if (eventType !== 'chunk') {
      fail('validationException', `Unexpected event ${eventType}`);
      return;
    }
    seen.received.push(text);
    if (!seen.bodyComplete)
      seen.answeredWhileOpen++;
    res.write(eventFrame('chunk', { bytes: Buffer.from('echo:' + text, 'utf8').toString('base64') }));
  }

  req.on('data', (chunk) => {
    if (over)
      return;
    try {
      decoder.feed(chunk);
      let frame;
      while (!over && (frame = decoder.pop()) !== null)
        handleFrame(frame);
    } catch (e) {
      seen.bad++;
      fail('validationException', String(e.message ?? e));
    }
  });
  req.on('end', () => {
    seen.bodyComplete = true;
    if (over)
      return;
    over = true;
    if (decoder.buf.length !== 0)
      seen.error = `${decoder.buf.length} bytes of a cut frame at the end`;
    res.end();
  });
  req.on('aborted', () => { seen.aborted = true; });
  stream.on('close', () => {
    seen.rstCode = stream.rstCode ?? null;
    report(seen);
  });
}

const server = http2.createSecureServer({
  cert: fs.readFileSync(certFile),
  key: fs.readFileSync(keyFile),
  // A client that fell back to HTTP/1.1 gets an answer that says so,
  // rather than a failed handshake.
  allowHTTP1: true,
});
server.on('request', serve);
server.on('tlsClientError', (e) => report({ event: 'tls-error', message: String(e.message ?? e) }));
server.on('sessionError', (e) => report({ event: 'session-error', message: String(e.message ?? e) }));
server.listen(0, '127.0.0.1', () => report({ event: 'listening', port: server.address().port }));
// The test's end, even a crash, closes our stdin.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
