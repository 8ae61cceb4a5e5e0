#!/usr/bin/python3
# dynamodb_batch_writer.py: write items with the batch writer, then count
# them with a scan
#
# aioboto3's second DynamoDB example, with gaws through PyGObject:
#
#   async with table.batch_writer() as dynamo_writer:
#       await dynamo_writer.put_item(Item={'pk': 'test1', 'col1': 'some_data'})
#       ...                                                  # test2 to test5
#   result = await table.scan()
#   print(result['Count'])       # 5
#
# Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 /usr/bin/python3 dynamodb_batch_writer.py
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

from gaws_example import call, ensure_table, session_new

import gi
gi.require_version('GawsDynamodb', '1.0')
from gi.repository import GLib, Gaws, GawsDynamodb  # noqa: E402


def main():
    dynamodb = GawsDynamodb.Client.new(session_new(), Gaws.ClientConfig.new())
    ensure_table(dynamodb, 'test_table', 'pk')
    table = Gaws.DynamodbTable.new(dynamodb, 'test_table')

    writer = table.batch_writer(0, None)     # flush_amount 0: the default, 25
    for i in range(1, 6):
        pk = 'test%d' % i
        print("batch writer: put_item {'pk': '%s', 'col1': 'some_data'}" % pk)
        item = GLib.Variant('a{sv}', {'pk': GLib.Variant('s', pk), 'col1': GLib.Variant('s', 'some_data')})
        call(writer, 'put_item', item)
    call(writer, 'close')                     # the end of `async with`: flushes the rest
    print('batch writer closed: %d items written' % writer.get_n_written())

    print('scan')
    result = call(table, 'scan', None, None)
    print(result.get_count())


if __name__ == '__main__':
    main()
