#!/usr/bin/python3
# dynamodb_query.py: put an item into a DynamoDB table, then query it with
# Key('pk').eq('test1')
#
# aioboto3's first DynamoDB example, with gaws through PyGObject:
#
#   table = await dynamo_resource.Table('test_table')
#   await table.put_item(Item={'pk': 'test1', 'col1': 'some_data'})
#   result = await table.query(KeyConditionExpression=Key('pk').eq('test1'))
#   print(result['Items'])       # [{'col1': 'some_data', 'pk': 'test1'}]
#
# Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 /usr/bin/python3 dynamodb_query.py
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

from gaws_example import call, ensure_table, natural, session_new

import gi
gi.require_version('GawsDynamodb', '1.0')
from gi.repository import GLib, Gaws, GawsDynamodb  # noqa: E402


def main():
    dynamodb = GawsDynamodb.Client.new(session_new(), Gaws.ClientConfig.new())
    ensure_table(dynamodb, 'test_table', 'pk')
    table = Gaws.DynamodbTable.new(dynamodb, 'test_table')

    print("put_item {'pk': 'test1', 'col1': 'some_data'}")
    item = GLib.Variant('a{sv}', {'pk': GLib.Variant('s', 'test1'), 'col1': GLib.Variant('s', 'some_data')})
    call(table, 'put_item', item, None, None)

    print("query KeyConditionExpression=Key('pk').eq('test1')")
    key = Gaws.DynamodbOperand.key('pk').eq(GLib.Variant('s', 'test1'))
    result = call(table, 'query', key, None, None)
    print(natural(result.get_items()))


if __name__ == '__main__':
    main()
