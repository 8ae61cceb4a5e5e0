#!/usr/bin/env python3
# test-gi-python.py: gaws from Python (PyGObject), through the typelibs only
#
# Runs against the moto_server whose URL is in GAWS_TEST_ENDPOINT_URL
# (gaws-gi-runner starts it); GI_TYPELIB_PATH and LD_LIBRARY_PATH point into
# the build folder. Prints TAP.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

import json
import os
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Gaws', '1.0')
gi.require_version('GawsDynamodb', '1.0')
gi.require_version('GawsS3', '1.0')
gi.require_version('GawsSts', '1.0')
from gi.repository import GLib, Gio, Gaws, GawsDynamodb, GawsS3, GawsSts  # noqa: E402

ENDPOINT_URL = os.environ['GAWS_TEST_ENDPOINT_URL']


def make_client(client_type):
    session = Gaws.Session.new_with_credentials('AKIDGAWSPYTHON', 'python-secret', None)
    session.set_region('us-east-1')
    config = Gaws.ClientConfig.new()
    config.set_endpoint_url(ENDPOINT_URL)
    return client_type.new(session, config)


def run(start, finish):
    """Calls start(callback) on a main loop of its own and returns what
    finish(result) returns (or raises its GLib.Error)."""
    loop = GLib.MainLoop()
    outcome = {}

    def done(source, result):
        try:
            outcome['value'] = finish(result)
        except GLib.Error as error:
            outcome['error'] = error
        loop.quit()

    start(done)
    loop.run()
    if 'error' in outcome:
        raise outcome['error']
    return outcome['value']


def call(client, operation, request):
    """client.<operation>_async, then <operation>_finish."""
    return run(lambda done: getattr(client, operation + '_async')(request, None, done),
               getattr(client, operation + '_finish'))


def test_sts_get_caller_identity():
    sts = make_client(GawsSts.Client)
    identity = call(sts, 'get_caller_identity', GawsSts.GetCallerIdentityRequest.new())
    assert identity.get_account() == '123456789012', identity.get_account()
    assert identity.get_arn().startswith('arn:aws:'), identity.get_arn()


def test_response_metadata():
    """r['ResponseMetadata'] of botocore, as a method of every output."""
    sts = make_client(GawsSts.Client)
    identity = call(sts, 'get_caller_identity', GawsSts.GetCallerIdentityRequest.new())
    metadata = identity.get_response_metadata()
    assert isinstance(metadata, Gaws.ResponseMetadata), type(metadata)
    assert metadata.get_http_status_code() == 200, metadata.get_http_status_code()
    request_id = metadata.get_request_id()
    assert isinstance(request_id, str) and request_id, request_id
    assert metadata.get_retry_attempts() == 0, metadata.get_retry_attempts()
    content_type = metadata.get_http_headers().get_one('Content-Type')
    assert content_type and 'xml' in content_type, content_type
    # a shape built by hand was never a response
    assert GawsSts.GetCallerIdentityRequest.new().get_response_metadata() is None


def test_dynamodb_items():
    dynamodb = make_client(GawsDynamodb.Client)
    create = GawsDynamodb.CreateTableInput.new()
    create.update_from_json_string(json.dumps({
        'TableName': 'python-table',
        'BillingMode': 'PAY_PER_REQUEST',
        'KeySchema': [{'AttributeName': 'pk', 'KeyType': 'HASH'}],
        'AttributeDefinitions': [{'AttributeName': 'pk', 'AttributeType': 'S'}],
    }))
    created = call(dynamodb, 'create_table', create)
    description = json.loads(created.to_json_string())['TableDescription']
    assert description['TableName'] == 'python-table', description

    put = GawsDynamodb.PutItemInput(table_name='python-table')
    put.update_from_json_string(json.dumps({
        'Item': {'pk': {'S': 'test1'}, 'col1': {'S': 'some_data'}, 'n': {'N': '42'}},
    }))
    call(dynamodb, 'put_item', put)

    get = GawsDynamodb.GetItemInput.new()
    get.set_table_name('python-table')
    get.set_consistent_read(True)
    get.update_from_json_string('{"Key": {"pk": {"S": "test1"}}}')
    found = call(dynamodb, 'get_item', get)
    item = json.loads(found.to_json_string())['Item']
    assert item == {'pk': {'S': 'test1'}, 'col1': {'S': 'some_data'}, 'n': {'N': '42'}}, item
    # the typed accessors: a map of AttributeValue objects
    typed = found.get_item()
    assert sorted(typed) == ['col1', 'n', 'pk'], typed
    assert typed['col1'].get_s() == 'some_data' and typed['n'].get_n() == '42'
    # and the same map as a property, typed in the typelib
    prop = found.props.item
    assert sorted(prop) == ['col1', 'n', 'pk'], prop
    assert prop['pk'].get_s() == 'test1', prop['pk'].get_s()
    assert isinstance(prop['n'], GawsDynamodb.AttributeValue), type(prop['n'])


def test_dynamodb_service_error():
    dynamodb = make_client(GawsDynamodb.Client)
    get = GawsDynamodb.GetItemInput(table_name='no-such-table')
    get.update_from_json_string('{"Key": {"pk": {"S": "x"}}}')
    try:
        call(dynamodb, 'get_item', get)
    except GLib.Error as error:
        # PyGObject turns the GError into a GLib.Error of domain, code and
        # message only, and back into a new GError when it is passed in:
        # the code comes back from the message, worded like botocore's.
        assert error.matches(Gaws.error_quark(), Gaws.Error.SERVICE), (error.domain, error.code)
        assert error.domain == 'GawsError', error.domain
        assert error.code == Gaws.Error.SERVICE, error.code
        assert error.message.startswith('An error occurred (ResourceNotFoundException) '
                                        'when calling the GetItem operation'), error.message
        assert Gaws.error_get_code(error) == 'ResourceNotFoundException', Gaws.error_get_code(error)
        assert Gaws.error_matches_code(error, 'ResourceNotFoundException')
        assert not Gaws.error_matches_code(error, 'ConditionalCheckFailedException')
        code = Gaws.error_code_from_message(error.message)
        assert code == 'ResourceNotFoundException', code
    else:
        raise AssertionError('get_item on a missing table succeeded')


def test_error_code_from_message():
    assert Gaws.error_code_from_message('An error occurred (NoSuchKey) when calling '
                                        'the GetObject operation: gone') == 'NoSuchKey'
    assert Gaws.error_code_from_message('Connection refused') is None
    assert Gaws.error_code_from_message(None) is None
    # an error of another kind has no code, whatever its message says
    other = GLib.Error.new_literal(Gaws.error_quark(), 'An error occurred (X)', Gaws.Error.TIMEOUT)
    assert Gaws.error_get_code(other) is None


def read_all(stream):
    """Reads a streamed body to its end without blocking the main context."""
    chunks = []
    while True:
        chunk = run(lambda done: stream.read_bytes_async(4096, GLib.PRIORITY_DEFAULT, None, done),
                    stream.read_bytes_finish).get_data()
        if not chunk:
            return b''.join(chunks)
        chunks.append(chunk)


def test_s3_objects():
    s3 = make_client(GawsS3.Client)
    call(s3, 'create_bucket', GawsS3.CreateBucketRequest(bucket='python-bucket'))

    text = b'hello from PyGObject\n' * 100
    put = GawsS3.PutObjectRequest(bucket='python-bucket', key='dir/hello.txt')
    put.set_body(Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(text)))
    stored = call(s3, 'put_object', put)
    assert stored.get_e_tag(), 'no ETag'

    got = call(s3, 'get_object', GawsS3.GetObjectRequest(bucket='python-bucket', key='dir/hello.txt'))
    assert got.get_content_length() == len(text), got.get_content_length()
    assert read_all(got.get_body()) == text

    listed = call(s3, 'list_objects_v2', GawsS3.ListObjectsV2Request(bucket='python-bucket', prefix='dir/'))
    assert [entry.get_key() for entry in listed.get_contents()] == ['dir/hello.txt']
    assert listed.get_contents()[0].get_size() == len(text)
    # a list property holds the typed objects too
    contents = listed.props.contents
    assert [type(entry) for entry in contents] == [GawsS3.Object], contents
    assert contents[0].props.key == 'dir/hello.txt', contents[0].props.key


TESTS = [test_sts_get_caller_identity, test_response_metadata, test_dynamodb_items,
         test_dynamodb_service_error, test_error_code_from_message, test_s3_objects]


def main():
    print('1..%d' % len(TESTS))
    failed = 0
    for number, test in enumerate(TESTS, 1):
        try:
            test()
            print('ok %d %s' % (number, test.__name__))
        except Exception as error:  # a failure is reported, the rest still run
            failed += 1
            print('not ok %d %s' % (number, test.__name__))
            for line in ('%s: %s' % (type(error).__name__, error)).splitlines():
                print('# ' + line)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
