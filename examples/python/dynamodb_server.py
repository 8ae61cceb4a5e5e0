#!/usr/bin/python3
# dynamodb_server.py: a long-running libsoup server that sets up a DynamoDB
# client and table at start-up and releases them at shut-down
#
# aioboto3's aiohttp server example, with gaws through PyGObject:
#
#   @routes.get('/')
#   async def hello(request):
#       response = await request.app['table'].query(
#           KeyConditionExpression=Key('id').eq('lalalala'))
#       return web.Response(text=str(response))
#
#   async def startup_tasks(app):  ... app['table'] = await dynamo_resource.Table(...)
#   async def shutdown_tasks(app): await app['context_stack'].aclose()
#
# SIGINT or SIGTERM stops it: it stops listening, drops the table and the
# client and checks that the client object is really finalized.
#
# Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 /usr/bin/python3 dynamodb_server.py [PORT]
#
# With PORT it serves until interrupted; without, it listens on a free
# port, sends itself GET / with a Soup.Session, prints the answer and shuts
# down through the same SIGTERM path.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

import os
import signal
import sys

from gaws_example import call, ensure_table, natural, session_new

import gi
gi.require_version('GawsDynamodb', '1.0')
gi.require_version('Soup', '3.0')
from gi.repository import GLib, Gaws, GawsDynamodb, Soup  # noqa: E402

TABLE_NAME = 'somedynamodbtablename'


class App:
    def __init__(self):
        self.client = None
        self.table = None
        self.running = True
        self.client_finalized = False

    def startup_tasks(self):
        self.client = GawsDynamodb.Client.new(session_new(), Gaws.ClientConfig.new())
        self.client.weak_ref(self.on_client_finalized)
        ensure_table(self.client, TABLE_NAME, 'id')
        self.table = Gaws.DynamodbTable.new(self.client, TABLE_NAME)
        item = GLib.Variant('a{sv}', {'id': GLib.Variant('s', 'lalalala'), 'greeting': GLib.Variant('s', 'hello')})
        call(self.table, 'put_item', item, None, None)
        print('Start-up: client and table %s ready' % TABLE_NAME)

    def on_client_finalized(self):
        self.client_finalized = True

    def shutdown_tasks(self, server):
        """The end of `async with`: nothing may hold the client after this."""
        server.disconnect()
        self.table = None
        self.client = None
        context = GLib.MainContext.default()
        while context.iteration(False):
            pass
        if not self.client_finalized:
            print('Shut-down: the client is still alive', file=sys.stderr)
            return False
        print('Shut-down: table and client closed')
        return True

    def hello(self, server, msg, path, query):
        if path != '/':
            msg.set_status(Soup.Status.NOT_FOUND, None)
            return
        key = Gaws.DynamodbOperand.key('id').eq(GLib.Variant('s', 'lalalala'))
        msg.pause()
        self.table.query_async(key, None, None, None, self.queried, msg)

    def queried(self, table, result, msg):
        try:
            response = table.query_finish(result)
            text = str({'Items': natural(response.get_items()), 'Count': response.get_count()})
            msg.set_status(Soup.Status.OK, None)
        except GLib.Error as error:
            text = error.message
            msg.set_status(Soup.Status.BAD_GATEWAY, None)
        msg.set_response('text/plain', Soup.MemoryUse.COPY, text.encode())
        msg.unpause()

    def on_signal(self):
        print('Received a signal to stop')
        self.running = False
        return GLib.SOURCE_CONTINUE


def main():
    app = App()
    app.startup_tasks()
    server = Soup.Server()
    server.add_handler(None, app.hello)
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server.listen_local(port, Soup.ServerListenOptions.IPV4_ONLY)
    listening = server.get_uris()[0].get_port()
    sources = [GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, number, app.on_signal)
               for number in (signal.SIGINT, signal.SIGTERM)]

    session = None
    if port:
        print('Serving on http://127.0.0.1:%d/' % listening)
    else:
        session = Soup.Session()
        msg = Soup.Message.new('GET', 'http://127.0.0.1:%d/' % listening)

        def got_hello(session, result):
            try:
                body = session.send_and_read_finish(result).get_data().decode()
                print('GET / -> %d %s' % (msg.get_status(), body))
            except GLib.Error as error:
                print('GET / failed: %s' % error.message, file=sys.stderr)
            os.kill(os.getpid(), signal.SIGTERM)

        session.send_and_read_async(msg, GLib.PRIORITY_DEFAULT, None, got_hello)

    context = GLib.MainContext.default()
    while app.running:
        context.iteration(True)
    for source in sources:
        GLib.source_remove(source)
    session = None
    return 0 if app.shutdown_tasks(server) else 1


if __name__ == '__main__':
    sys.exit(main())
