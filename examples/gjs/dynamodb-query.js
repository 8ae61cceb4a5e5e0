// dynamodb-query.js: put an item into a DynamoDB table, then query it with
// Key('pk').eq('test1')
//
// aioboto3's first DynamoDB example, with gaws from GJS:
//
//   table = await dynamo_resource.Table('test_table')
//   await table.put_item(Item={'pk': 'test1', 'col1': 'some_data'})
//   result = await table.query(KeyConditionExpression=Key('pk').eq('test1'))
//   print(result['Items'])       # [{'col1': 'some_data', 'pk': 'test1'}]
//
// Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gjs -m dynamodb-query.js
//
// Copyright 2026 The gaws authors
// SPDX-License-Identifier: Apache-2.0

import GLib from 'gi://GLib';
import Gaws from 'gi://Gaws?version=1.0';
import GawsDynamodb from 'gi://GawsDynamodb?version=1.0';
import {ensureTable, promisify, pyRepr, run, sessionNew} from './gaws-example.js';

promisify(GawsDynamodb.Client, 'create_table');
promisify(Gaws.DynamodbTable, 'put_item', 'query');

run(async () => {
    const dynamodb = GawsDynamodb.Client.new(sessionNew(), Gaws.ClientConfig.new());
    await ensureTable(GawsDynamodb, dynamodb, 'test_table', 'pk');
    const table = Gaws.DynamodbTable.new(dynamodb, 'test_table');

    print("put_item {'pk': 'test1', 'col1': 'some_data'}");
    const item = new GLib.Variant('a{sv}', {pk: new GLib.Variant('s', 'test1'), col1: new GLib.Variant('s', 'some_data')});
    await table.put_item_async(item, null, null, null);

    print("query KeyConditionExpression=Key('pk').eq('test1')");
    const key = Gaws.DynamodbOperand.key('pk').eq(new GLib.Variant('s', 'test1'));
    const result = await table.query_async(key, null, null, null);
    print(pyRepr(result.get_items()));
});
