// s3-stream-download.js: stream an S3 object to an HTTP client as it
// arrives, with a libsoup 3 server
//
// aioboto3's streaming download example (served there with aiohttp):
//
//   s3_ob = await s3.get_object(Bucket=bucket, Key=blob_s3_key)
//   resp = web.StreamResponse(headers=...); await resp.prepare(request)
//   while file_data := await stream.read(chunk_size):
//       await resp.write(file_data)
//
// GET /SUITE/RELEASE/FILENAME is served in 69 KiB chunks, the next one read
// from the Body stream only once libsoup wrote the last.
//
// Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gjs -m s3-stream-download.js [PORT]
//
// It first uploads an object to serve. With PORT it then serves until
// interrupted; without, it listens on a free port, downloads the object
// from itself with a Soup.Session, checks it and exits.
//
// Copyright 2026 The gaws authors
// SPDX-License-Identifier: Apache-2.0

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Soup from 'gi://Soup?version=3.0';
import Gaws from 'gi://Gaws?version=1.0';
import GawsS3 from 'gi://GawsS3?version=1.0';
import {ensureBucket, promisify, run, sessionNew} from './gaws-example.js';

promisify(GawsS3.Client, 'create_bucket', 'put_object', 'get_object');
promisify(Gio.InputStream, 'read_bytes');
promisify(Soup.Session, 'send_and_read');

const BUCKET = 'gaws-example-blobs';
const CHUNK_SIZE = 69 * 1024;

/** Resolves when libsoup has written the last chunk appended to @msg,
 * pausing the message there until the next one is ready. */
function wroteChunk(msg) {
    return new Promise(resolve => {
        const id = msg.connect('wrote-chunk', () => {
            msg.disconnect(id);
            msg.pause();
            resolve();
        });
    });
}

/** serve_blob(): GET /SUITE/RELEASE/FILENAME */
async function serveBlob(s3, msg, path) {
    const cancellable = new Gio.Cancellable();
    msg.connect('finished', () => cancellable.cancel());
    let s3Ob;
    try {
        s3Ob = await s3.get_object_async(new GawsS3.GetObjectRequest({bucket: BUCKET, key: path.slice(1)}), cancellable);
    } catch (error) {
        msg.set_status(Soup.Status.BAD_GATEWAY, null);
        msg.set_response('text/plain', Soup.MemoryUse.COPY, new TextEncoder().encode(error.message));
        msg.unpause();
        return;
    }
    const headers = msg.get_response_headers();
    msg.set_status(Soup.Status.OK, null);
    headers.replace('Content-Disposition', `attachment; filename='${path.split('/').pop()}'`);
    headers.set_content_type(s3Ob.get_content_type(), null);
    headers.set_content_length(s3Ob.get_content_length());
    const body = msg.get_response_body();
    body.set_accumulate(false);
    const stream = s3Ob.get_body();
    for (;;) {
        const fileData = await stream.read_bytes_async(CHUNK_SIZE, GLib.PRIORITY_DEFAULT, cancellable);
        if (fileData.get_size() === 0)
            break;
        const written = wroteChunk(msg);
        body.append_bytes(fileData);
        msg.unpause();
        await written;       // await resp.write(file_data)
    }
    body.complete();
    msg.unpause();
}

run(async () => {
    const s3 = GawsS3.Client.new(sessionNew(), Gaws.ClientConfig.new());
    await ensureBucket(GawsS3, s3, BUCKET);
    let text = '';
    for (let i = 0; text.length < 300 * 1024; i++)
        text += `Package: example-${String(i).padStart(5, '0')}\n`;
    const blob = new TextEncoder().encode(text);
    const put = new GawsS3.PutObjectRequest({bucket: BUCKET, key: 'bookworm/12.5/Packages.txt', content_type: 'text/plain'});
    put.set_body(Gio.MemoryInputStream.new_from_bytes(new GLib.Bytes(blob)));
    await s3.put_object_async(put, null);
    print(`Uploaded s3://${BUCKET}/bookworm/12.5/Packages.txt (${blob.length} bytes)`);

    const server = new Soup.Server();
    server.add_handler(null, (_server, msg, path) => {
        if (msg.get_method() !== 'GET' || path.split('/').length !== 4) {
            msg.set_status(Soup.Status.NOT_FOUND, null);
            return;
        }
        print(`Serving ${BUCKET} ${path.slice(1)}`);
        msg.pause();
        serveBlob(s3, msg, path).catch(error => {
            if (!error.matches?.(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED))
                printerr(`S3 download failed: ${error.message}`);
        });
    });
    const port = ARGV.length > 0 ? parseInt(ARGV[0]) : 0;
    server.listen_local(port, Soup.ServerListenOptions.IPV4_ONLY);
    const listening = server.get_uris()[0].get_port();
    if (port) {
        print(`Serving on http://127.0.0.1:${listening}/`);
        await new Promise(() => {});
    }

    print('GET /bookworm/12.5/Packages.txt');
    const session = new Soup.Session();
    const msg = Soup.Message.new('GET', `http://127.0.0.1:${listening}/bookworm/12.5/Packages.txt`);
    const got = (await session.send_and_read_async(msg, GLib.PRIORITY_DEFAULT, null)).toArray();
    const headers = msg.get_response_headers();
    print(`${msg.get_status()} ${msg.get_reason_phrase()}`);
    print(`Content-Type: ${headers.get_content_type()[0]}`);
    print(`Content-Disposition: ${headers.get_one('Content-Disposition')}`);
    print(`Content-Length: ${headers.get_content_length()}`);
    const same = got.length === blob.length && got.every((byte, i) => byte === blob[i]);
    print(`received ${got.length} bytes, ${same ? 'the same as uploaded' : 'NOT the same as uploaded'}`);
    return msg.get_status() === 200 && same ? 0 : 1;
});
