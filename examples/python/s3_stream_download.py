#!/usr/bin/python3
# s3_stream_download.py: stream an S3 object to an HTTP client as it
# arrives, with a libsoup 3 server
#
# aioboto3's streaming download example (served there with aiohttp):
#
#   s3_ob = await s3.get_object(Bucket=bucket, Key=blob_s3_key)
#   resp = web.StreamResponse(headers=...); await resp.prepare(request)
#   while file_data := await stream.read(chunk_size):
#       await resp.write(file_data)
#
# GET /SUITE/RELEASE/FILENAME is served in 69 KiB chunks, the next one read
# from the Body stream only once libsoup wrote the last.
#
# Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 /usr/bin/python3 s3_stream_download.py [PORT]
#
# It first uploads an object to serve. With PORT it then serves until
# interrupted; without, it listens on a free port, downloads the object
# from itself with a Soup.Session, checks it and exits.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

import sys

from gaws_example import call, ensure_bucket, session_new

import gi
gi.require_version('GawsS3', '1.0')
gi.require_version('Soup', '3.0')
from gi.repository import Gio, GLib, Gaws, GawsS3, Soup  # noqa: E402

BUCKET = 'gaws-example-blobs'
CHUNK_SIZE = 69 * 1024


class Serve:
    """One request being served."""

    def __init__(self, s3, msg, path):
        self.msg = msg
        self.body = None
        self.cancellable = Gio.Cancellable()
        self.filename = path.rsplit('/', 1)[-1]
        msg.connect('finished', lambda msg: self.cancellable.cancel())
        msg.pause()
        s3.get_object_async(GawsS3.GetObjectRequest(bucket=BUCKET, key=path[1:]), self.cancellable, self.got_object)

    def got_object(self, s3, result):
        try:
            s3_ob = s3.get_object_finish(result)
        except GLib.Error as error:
            if error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED):
                return
            self.msg.set_status(Soup.Status.BAD_GATEWAY, None)
            self.msg.set_response('text/plain', Soup.MemoryUse.COPY, error.message.encode())
            self.msg.unpause()
            return
        headers = self.msg.get_response_headers()
        self.msg.set_status(Soup.Status.OK, None)
        headers.replace('Content-Disposition', f"attachment; filename='{self.filename}'")
        headers.set_content_type(s3_ob.get_content_type(), None)
        headers.set_content_length(s3_ob.get_content_length())
        self.msg.get_response_body().set_accumulate(False)
        self.body = s3_ob.get_body()
        self.msg.connect('wrote-chunk', self.wrote_chunk)
        self.read_next_chunk()

    def read_next_chunk(self):
        self.body.read_bytes_async(CHUNK_SIZE, GLib.PRIORITY_DEFAULT, self.cancellable, self.read_done)

    def read_done(self, stream, result):
        try:
            chunk = stream.read_bytes_finish(result)
        except GLib.Error as error:
            if not error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED):
                print('S3 download failed: %s' % error.message, file=sys.stderr)
                self.msg.get_socket().close()
                self.msg.get_response_body().complete()
                self.msg.unpause()
            return
        if chunk.get_size() == 0:
            self.msg.get_response_body().complete()
        else:
            self.msg.get_response_body().append_bytes(chunk)
        self.msg.unpause()

    def wrote_chunk(self, msg):
        """await resp.write(file_data) is done: read the next chunk."""
        msg.pause()
        self.read_next_chunk()


def main():
    s3 = GawsS3.Client.new(session_new(), Gaws.ClientConfig.new())
    ensure_bucket(s3, BUCKET)
    blob = b''
    i = 0
    while len(blob) < 300 * 1024:
        blob += b'Package: example-%05d\n' % i
        i += 1
    put = GawsS3.PutObjectRequest(bucket=BUCKET, key='bookworm/12.5/Packages.txt', content_type='text/plain')
    put.set_body(Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(blob)))
    call(s3, 'put_object', put)
    print('Uploaded s3://%s/bookworm/12.5/Packages.txt (%d bytes)' % (BUCKET, len(blob)))

    def serve_blob(server, msg, path, query):
        if msg.get_method() != 'GET' or path.count('/') != 3:
            msg.set_status(Soup.Status.NOT_FOUND, None)
            return
        print('Serving %s %s' % (BUCKET, path[1:]))
        Serve(s3, msg, path)

    server = Soup.Server()
    server.add_handler(None, serve_blob)
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server.listen_local(port, Soup.ServerListenOptions.IPV4_ONLY)
    listening = server.get_uris()[0].get_port()
    if port:
        print('Serving on http://127.0.0.1:%d/' % listening)
        GLib.MainLoop().run()
        return 0

    print('GET /bookworm/12.5/Packages.txt')
    session = Soup.Session()
    msg = Soup.Message.new('GET', 'http://127.0.0.1:%d/bookworm/12.5/Packages.txt' % listening)
    got = call(session, 'send_and_read', msg, GLib.PRIORITY_DEFAULT).get_data()
    headers = msg.get_response_headers()
    print('%d %s' % (msg.get_status(), msg.get_reason_phrase()))
    print('Content-Type: %s' % headers.get_content_type()[0])
    print('Content-Disposition: %s' % headers.get_one('Content-Disposition'))
    print('Content-Length: %d' % headers.get_content_length())
    print('received %d bytes, %s' % (len(got), 'the same as uploaded' if got == blob else 'NOT the same as uploaded'))
    return 0 if msg.get_status() == 200 and got == blob else 1


if __name__ == '__main__':
    sys.exit(main())
