#!/usr/bin/python3
# s3_bucket_objects.py: the objects of an S3 Bucket resource: all, filter
# and delete
#
# aioboto3's S3 resource example, with gaws through PyGObject:
#
#   bucket = await s3.Bucket('mybucket')
#   async for s3_object in bucket.objects.all():
#       print(s3_object)
#   async for s3_object in bucket.objects.filter(Prefix='someprefix/'):
#       print(s3_object)
#   await bucket.objects.filter(Prefix='test/').delete()
#   await bucket.objects.all().delete()
#
# Keys use `_` where the Python has `/` (moto rejects the signature of a
# query value that needs percent-encoding).
#
# Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 /usr/bin/python3 s3_bucket_objects.py
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

import json

from gaws_example import call, ensure_bucket, session_new

import gi
gi.require_version('GawsS3', '1.0')
from gi.repository import Gaws, GawsS3  # noqa: E402

KEYS = ['someprefix_a.txt', 'someprefix_b.txt', 'test_1.txt', 'test_2.txt', 'other.txt']


def print_objects(collection):
    """async for s3_object in collection: print(s3_object)"""
    objects = collection.iterate()
    while True:
        s3_object = call(objects, 'next_item')
        if s3_object is None:
            return
        print("s3.ObjectSummary(bucket_name='%s', key='%s')"
              % (s3_object.get_identifier('BucketName'), s3_object.get_identifier('Key')))


def delete(collection):
    """await collection.delete(): how many objects went."""
    outputs = call(collection, 'batch_action', 'delete', None)
    return sum(len(output.get_deleted() or []) for output in outputs)


def main():
    client = GawsS3.Client.new(session_new(), Gaws.ClientConfig.new())
    ensure_bucket(client, 'mybucket')
    s3 = Gaws.ServiceResource.new(client)
    bucket = s3.get_resource('Bucket', ['mybucket'])

    for key in KEYS:
        print(f"bucket.put_object(Key='{key}')")
        params = bucket.new_params('put_object')
        params.update_from_json_string(json.dumps({'Key': key}))
        call(bucket, 'action', 'put_object', params)

    objects = bucket.get_collection('objects')
    everything = objects.all()
    print('bucket.objects.all():')
    print_objects(everything)
    print("bucket.objects.filter(Prefix='someprefix_'):")
    print_objects(objects.filter_json('{"Prefix": "someprefix_"}'))

    deleted = delete(objects.filter_json('{"Prefix": "test_"}'))
    print("bucket.objects.filter(Prefix='test_').delete(): %d deleted" % deleted)
    print('bucket.objects.all().delete(): %d deleted' % delete(everything))
    print('bucket.objects.all():')
    print_objects(everything)
    print('(empty)')


if __name__ == '__main__':
    main()
