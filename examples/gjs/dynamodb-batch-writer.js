// dynamodb-batch-writer.js: write items with the batch writer, then count
// them with a scan
//
// aioboto3's second DynamoDB example, with gaws from GJS:
//
//   async with table.batch_writer() as dynamo_writer:
//       await dynamo_writer.put_item(Item={'pk': 'test1', 'col1': 'some_data'})
//       ...                                                  # test2 to test5
//   result = await table.scan()
//   print(result['Count'])       # 5
//
// Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gjs -m dynamodb-batch-writer.js
//
// Copyright 2026 The gaws authors
// SPDX-License-Identifier: Apache-2.0

import GLib from 'gi://GLib';
import Gaws from 'gi://Gaws?version=1.0';
import GawsDynamodb from 'gi://GawsDynamodb?version=1.0';
import {ensureTable, promisify, run, sessionNew} from './gaws-example.js';

promisify(GawsDynamodb.Client, 'create_table');
promisify(Gaws.DynamodbTable, 'scan');
promisify(Gaws.DynamodbBatchWriter, 'put_item', 'close');

run(async () => {
    const dynamodb = GawsDynamodb.Client.new(sessionNew(), Gaws.ClientConfig.new());
    await ensureTable(GawsDynamodb, dynamodb, 'test_table', 'pk');
    const table = Gaws.DynamodbTable.new(dynamodb, 'test_table');

    const writer = table.batch_writer(0, null);     // flush_amount 0: the default, 25
    for (let i = 1; i <= 5; i++) {
        print(`batch writer: put_item {'pk': 'test${i}', 'col1': 'some_data'}`);
        await writer.put_item_async(new GLib.Variant('a{sv}', {
            pk: new GLib.Variant('s', `test${i}`), col1: new GLib.Variant('s', 'some_data'),
        }), null);
    }
    await writer.close_async(null);                 // the end of `async with`: flushes the rest
    print(`batch writer closed: ${writer.get_n_written()} items written`);

    print('scan');
    const result = await table.scan_async(null, null, null);
    print(result.get_count());
});
