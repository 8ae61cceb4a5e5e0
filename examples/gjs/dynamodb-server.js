// dynamodb-server.js: a long-running libsoup server that sets up a DynamoDB
// client and table at start-up and releases them at shut-down
//
// aioboto3's aiohttp server example, with gaws from GJS:
//
//   @routes.get('/')
//   async def hello(request):
//       response = await request.app['table'].query(
//           KeyConditionExpression=Key('id').eq('lalalala'))
//       return web.Response(text=str(response))
//
//   async def startup_tasks(app):  ... app['table'] = await dynamo_resource.Table(...)
//   async def shutdown_tasks(app): await app['context_stack'].aclose()
//
// SIGINT or SIGTERM stops it: it stops listening and drops the table and
// the client (GJS's garbage collector finalizes them).
//
// Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gjs -m dynamodb-server.js [PORT]
//
// With PORT it serves until interrupted; without, it listens on a free
// port, sends itself GET / with a Soup.Session, prints the answer and shuts
// down through the same SIGTERM path.
//
// Copyright 2026 The gaws authors
// SPDX-License-Identifier: Apache-2.0

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Soup from 'gi://Soup?version=3.0';
import Gaws from 'gi://Gaws?version=1.0';
import GawsDynamodb from 'gi://GawsDynamodb?version=1.0';
import System from 'system';
import {ensureTable, promisify, pyRepr, run, sessionNew} from './gaws-example.js';

promisify(GawsDynamodb.Client, 'create_table');
promisify(Gaws.DynamodbTable, 'put_item', 'query');
promisify(Soup.Session, 'send_and_read');

const TABLE_NAME = 'somedynamodbtablename';
const SIGINT = 2, SIGTERM = 15;

const app = {client: null, table: null};

async function startupTasks() {
    app.client = GawsDynamodb.Client.new(sessionNew(), Gaws.ClientConfig.new());
    await ensureTable(GawsDynamodb, app.client, TABLE_NAME, 'id');
    app.table = Gaws.DynamodbTable.new(app.client, TABLE_NAME);
    await app.table.put_item_async(new GLib.Variant('a{sv}', {
        id: new GLib.Variant('s', 'lalalala'), greeting: new GLib.Variant('s', 'hello'),
    }), null, null, null);
    print(`Start-up: client and table ${TABLE_NAME} ready`);
}

/** The end of `async with`: drop the resources, let the collector finalize them. */
function shutdownTasks(server) {
    server.disconnect();
    app.table = null;
    app.client = null;
    System.gc();
    print('Shut-down: table and client closed');
}

/** hello(): GET / */
async function hello(msg) {
    let text;
    try {
        const key = Gaws.DynamodbOperand.key('id').eq(new GLib.Variant('s', 'lalalala'));
        const response = await app.table.query_async(key, null, null, null);
        text = `{'Items': ${pyRepr(response.get_items())}, 'Count': ${response.get_count()}}`;
        msg.set_status(Soup.Status.OK, null);
    } catch (error) {
        text = error.message;
        msg.set_status(Soup.Status.BAD_GATEWAY, null);
    }
    msg.set_response('text/plain', Soup.MemoryUse.COPY, new TextEncoder().encode(text));
    msg.unpause();
}

run(async () => {
    await startupTasks();
    const server = new Soup.Server();
    server.add_handler(null, (_server, msg, path) => {
        if (path !== '/') {
            msg.set_status(Soup.Status.NOT_FOUND, null);
            return;
        }
        msg.pause();
        hello(msg);
    });
    const port = ARGV.length > 0 ? parseInt(ARGV[0]) : 0;
    server.listen_local(port, Soup.ServerListenOptions.IPV4_ONLY);
    const listening = server.get_uris()[0].get_port();

    const stopped = new Promise(resolve => {
        for (const number of [SIGINT, SIGTERM]) {
            GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, number, () => {
                print('Received a signal to stop');
                resolve();
                return GLib.SOURCE_REMOVE;
            });
        }
    });

    if (port) {
        print(`Serving on http://127.0.0.1:${listening}/`);
    } else {
        const session = new Soup.Session();
        const msg = Soup.Message.new('GET', `http://127.0.0.1:${listening}/`);
        try {
            const body = await session.send_and_read_async(msg, GLib.PRIORITY_DEFAULT, null);
            print(`GET / -> ${msg.get_status()} ${new TextDecoder().decode(body.toArray())}`);
        } catch (error) {
            printerr(`GET / failed: ${error.message}`);
        }
        // the same way out as an interrupted server
        GLib.spawn_command_line_async(`kill -TERM ${new Gio.Credentials().get_unix_pid()}`);
    }
    await stopped;
    shutdownTasks(server);
    return 0;
});
