# gaws_example.py: what the Python examples share
#
# Each example is a straight translation of one aioboto3 example: every
# `await x.op(...)` of the Python there becomes call(x, 'op', ...), which
# starts x.op_async(...) and runs the GLib main context until its result
# arrives, so the examples read top to bottom while each call stays
# asynchronous underneath.
#
# Configuration comes from the environment, as botocore takes it:
# AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
# AWS_DEFAULT_REGION, profiles and config files. Run with Debian's
# /usr/bin/python3 (python3-gi) and GI_TYPELIB_PATH / LD_LIBRARY_PATH
# pointing at the typelibs and libraries of a gaws build.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

import json
import os

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Gaws', '1.0')
from gi.repository import GLib, Gaws  # noqa: E402


def session_new():
    """A session from the environment, in us-east-1 when no region is set."""
    session = Gaws.Session.new()
    if not os.environ.get('AWS_REGION') and not os.environ.get('AWS_DEFAULT_REGION'):
        session.set_region('us-east-1')
    return session


def call(obj, method, *args):
    """await obj.method(*args): obj.method_async(*args, None, callback)
    then obj.method_finish(result), raising its GLib.Error."""
    results = []
    getattr(obj, method + '_async')(*args, None, lambda source, result: results.append(result))
    context = GLib.MainContext.default()
    while not results:
        context.iteration(True)
    return getattr(obj, method + '_finish')(results[0])


def natural(variant):
    """A natural DynamoDB value (GLib.Variant) as Python values, dict keys
    sorted as the C and GJS examples print them."""
    value = variant.unpack() if isinstance(variant, GLib.Variant) else variant
    if isinstance(value, dict):
        return {key: natural(value[key]) for key in sorted(value)}
    if isinstance(value, (list, tuple)):
        return [natural(item) for item in value]
    return value


def is_service_error(error, code):
    """Whether a GLib.Error is the service error @code. PyGObject keeps a
    GError's domain, code and message only, and the message names it."""
    return error.matches(Gaws.error_quark(), Gaws.Error.SERVICE) and '(%s)' % code in error.message


def ensure_table(dynamodb, name, key):
    """Creates table @name with string partition key @key unless it exists,
    then waits until it is ACTIVE."""
    gi.require_version('GawsDynamodb', '1.0')
    from gi.repository import GawsDynamodb

    create = GawsDynamodb.CreateTableInput.new()
    create.update_from_json_string(json.dumps({
        'TableName': name, 'BillingMode': 'PAY_PER_REQUEST',
        'KeySchema': [{'AttributeName': key, 'KeyType': 'HASH'}],
        'AttributeDefinitions': [{'AttributeName': key, 'AttributeType': 'S'}],
    }))
    try:
        call(dynamodb, 'create_table', create)
        print('Created table %s' % name)
    except GLib.Error as error:
        if not is_service_error(error, 'ResourceInUseException'):
            raise
    call(dynamodb.get_waiter_table_exists(), 'wait', GawsDynamodb.DescribeTableInput(table_name=name))


def ensure_bucket(s3, bucket):
    """Creates @bucket unless this account has it already."""
    gi.require_version('GawsS3', '1.0')
    from gi.repository import GawsS3

    try:
        call(s3, 'create_bucket', GawsS3.CreateBucketRequest(bucket=bucket))
        print('Created bucket %s' % bucket)
    except GLib.Error as error:
        if not is_service_error(error, 'BucketAlreadyOwnedByYou'):
            raise
