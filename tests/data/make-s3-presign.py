#!/usr/bin/env python3
# make-s3-presign.py: writes s3-presign.jsonl, botocore's presigned URLs and
# presigned POSTs for the cases below, which tests/test-s3-presign.c makes
# again with gaws_s3_generate_presigned_url(), gaws_s3_presign_request() and
# gaws_s3_generate_presigned_post() and compares.
#
# Run at development time, with botocore installed (made with 1.43.11), from
# this folder:
#   python3 make-s3-presign.py > s3-presign.jsonl
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0
#
# The clock is fixed (botocore.auth and botocore.signers read it through
# get_current_datetime) at 2013-05-24T00:00:00Z, the date of the AWS
# documentation's presigned URL example, whose signature (aeeed9bb...)
# the first case reproduces. Each line holds what gaws is given (region,
# endpoint_url, style, method, bucket, key, params, headers, token,
# expires; fields and conditions for a POST) and what botocore made (url;
# for a POST its fields, in order, and the decoded policy). botocore takes
# operation parameters (ResponseContentDisposition, ContentType, Prefix),
# gaws the query parameters and headers they become, so each case lists
# both.

import base64
import datetime
import json
from unittest import mock

import botocore.session
from botocore.config import Config

NOW = datetime.datetime(2013, 5, 24, 0, 0, 0)
KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'


def client(region, endpoint_url, style, token):
    session = botocore.session.get_session()
    return session.create_client(
        's3', region_name=region, endpoint_url=endpoint_url,
        aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET,
        aws_session_token=token,
        config=Config(signature_version='s3v4',
                      s3={'addressing_style': style}))


def url_case(name, region, method, operation, bucket=None, key=None,
             endpoint_url=None, style='auto', token=None, expires=3600,
             operation_params=None, params=None, headers=None):
    c = client(region, endpoint_url, style, token)
    call = dict(operation_params or {})
    if bucket is not None:
        call['Bucket'] = bucket
    if key is not None:
        call['Key'] = key
    url = c.generate_presigned_url(operation, Params=call, ExpiresIn=expires)
    return {'kind': 'url', 'name': name, 'region': region,
            'endpoint_url': endpoint_url, 'style': style, 'method': method,
            'bucket': bucket, 'key': key, 'params': params or {},
            'headers': headers or {}, 'token': token, 'expires': expires,
            'url': url}


def post_case(name, region, bucket, key, endpoint_url=None, style='auto',
              token=None, expires=3600, fields=None, conditions=None):
    c = client(region, endpoint_url, style, token)
    post = c.generate_presigned_post(bucket, key, Fields=dict(fields or {}),
                                     Conditions=list(conditions or []),
                                     ExpiresIn=expires)
    policy = base64.b64decode(post['fields']['policy']).decode('utf-8')
    return {'kind': 'post', 'name': name, 'region': region,
            'endpoint_url': endpoint_url, 'style': style, 'bucket': bucket,
            'key': key, 'fields': fields or {},
            'conditions': json.dumps(conditions) if conditions else None,
            'token': token, 'expires': expires, 'url': post['url'],
            'fields_out': list(post['fields'].items()), 'policy': policy}


def cases():
    yield url_case('aws-doc-example', 'us-east-1', 'GET', 'get_object',
                   'examplebucket', 'test.txt', expires=86400)
    yield url_case('encoded-key-and-response-param', 'us-east-1', 'GET',
                   'get_object', 'examplebucket', 'dir/a key+(1)~\u00e9.txt',
                   operation_params={'ResponseContentDisposition':
                                     'attachment; filename="x y.txt"'},
                   params={'response-content-disposition':
                           'attachment; filename="x y.txt"'})
    yield url_case('dotted-bucket-path-style-with-token', 'eu-west-1', 'PUT',
                   'put_object', 'my.dotted.bucket', 'k',
                   token='FQoGZXIvYXdzEXAMPLE/token+with=chars', expires=600)
    yield url_case('signed-content-type-global-endpoint', 'eu-west-1', 'PUT',
                   'put_object', 'mybucket', 'k',
                   token='FQoGZXIvYXdzEXAMPLE/token+with=chars', expires=600,
                   operation_params={'ContentType': 'text/plain'},
                   headers={'Content-Type': 'text/plain'})
    yield url_case('ip-endpoint-path-style', 'us-east-1', 'GET', 'get_object',
                   'b-1', 'k', endpoint_url='http://127.0.0.1:5000', expires=60)
    yield url_case('custom-endpoint-auto-is-path-style', 'us-east-1', 'GET',
                   'get_object', 'b-1', 'k',
                   endpoint_url='http://localhost:5000', expires=60)
    yield url_case('custom-endpoint-virtual', 'us-east-1', 'GET', 'get_object',
                   'b-1', 'k', endpoint_url='http://localhost:5000',
                   style='virtual', expires=60)
    yield url_case('custom-http-endpoint-virtual-dotted', 'us-east-1', 'GET',
                   'get_object', 'a.b.c', 'k',
                   endpoint_url='http://localhost:5000', style='virtual',
                   expires=60)
    yield url_case('custom-endpoint-with-path', 'us-east-1', 'GET',
                   'get_object', 'b-1', 'dir/k',
                   endpoint_url='http://localhost:9000/s3', expires=60)
    yield url_case('invalid-host-label-regional-path-style', 'us-west-2',
                   'GET', 'list_objects_v2', 'Upper_Bucket', expires=60,
                   operation_params={'Prefix': 'a/'},
                   params={'list-type': '2', 'prefix': 'a/',
                           'encoding-type': 'url'})
    yield url_case('upper-case-bucket-global-path-style', 'eu-west-1', 'GET',
                   'get_object', 'UpperBucket', 'k', expires=60)
    yield url_case('no-bucket-global-endpoint', 'us-west-2', 'GET',
                   'list_buckets', expires=60)
    yield url_case('virtual-style-regional', 'eu-west-1', 'GET', 'get_object',
                   'mybucket', 'k', style='virtual', expires=60)
    yield url_case('path-style-regional', 'eu-west-1', 'GET', 'get_object',
                   'mybucket', 'k', style='path', expires=60)
    yield url_case('path-style-us-east-1', 'us-east-1', 'DELETE',
                   'delete_object', 'mybucket', 'k', style='path',
                   token='session', expires=604800)
    yield url_case('china-partition-regional', 'cn-north-1', 'GET',
                   'get_object', 'mybucket', 'k', expires=60)
    yield url_case('dot-segments-kept', 'us-east-1', 'HEAD', 'head_object',
                   'mybucket', 'a/./b/../c//d', expires=60,
                   operation_params={'VersionId': 'v1/2'},
                   params={'versionId': 'v1/2'})
    yield post_case('filename-prefix-fields-conditions-token', 'us-east-1',
                    'mybucket', 'uploads/${filename}', token='TOKEN',
                    fields={'acl': 'public-read', 'Content-Type': 'image/png'},
                    conditions=[{'acl': 'public-read'},
                                ['content-length-range', 1, 1048576],
                                ['starts-with', '$Content-Type', 'image/']])
    yield post_case('custom-endpoint-plain-key', 'eu-central-1', 'bucket',
                    'plain key.txt', endpoint_url='http://127.0.0.1:5000')
    yield post_case('non-ascii-global-endpoint', 'eu-west-1', 'mybucket',
                    'photos/\u00e9t\u00e9.jpg', expires=600,
                    fields={'x-amz-meta-tag': 'caf\u00e9'},
                    conditions=[{'x-amz-meta-tag': 'caf\u00e9'},
                                ['content-length-range', 0, 10485760]])


with mock.patch('botocore.auth.get_current_datetime', return_value=NOW), \
        mock.patch('botocore.signers.get_current_datetime', return_value=NOW):
    for case in cases():
        print(json.dumps(case, ensure_ascii=False))
