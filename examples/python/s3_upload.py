#!/usr/bin/python3
# s3_upload.py: upload a file to S3 with the transfer manager
#
# aioboto3's S3 upload example, with gaws through PyGObject:
#
#   LOG.info(f"Uploading {blob_s3_key} to s3")
#   await s3.upload_fileobj(spfp, bucket, blob_s3_key)
#   LOG.info(f"Finished Uploading {blob_s3_key} to s3")
#
# Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 /usr/bin/python3 s3_upload.py
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

import os
import sys
import tempfile

from gaws_example import call, ensure_bucket, session_new

import gi
gi.require_version('GawsS3', '1.0')
from gi.repository import Gio, GLib, Gaws, GawsS3  # noqa: E402

BUCKET = 'gaws-example-releases'


def upload(s3, suite, release, filename, staging_path, bucket):
    blob_s3_key = f'{suite}/{release}/{filename}'
    transfer = Gaws.S3TransferManager.new(s3)
    try:
        print(f'Uploading {blob_s3_key} to s3')
        call(transfer, 'upload_file', Gio.File.new_for_path(staging_path), bucket, blob_s3_key, None, None, None)
        print(f'Finished Uploading {blob_s3_key} to s3')
    except GLib.Error as error:
        print(f'Unable to s3 upload {staging_path} to {blob_s3_key}: {error.message}', file=sys.stderr)
        return ''
    return f's3://{bucket}/{blob_s3_key}'


def main():
    s3 = GawsS3.Client.new(session_new(), Gaws.ClientConfig.new())
    ensure_bucket(s3, BUCKET)
    with tempfile.NamedTemporaryFile('w', suffix='.txt', delete=False) as staging:
        staging.write(''.join('package line %04d\n' % i for i in range(1, 1001)))
    try:
        url = upload(s3, 'bookworm', '12.5', 'Packages.txt', staging.name, BUCKET)
    finally:
        os.unlink(staging.name)
    if not url:
        return 1
    print(url)

    stored = call(s3, 'head_object', GawsS3.HeadObjectRequest(bucket=BUCKET, key='bookworm/12.5/Packages.txt'))
    print('head_object: ContentLength %d' % stored.get_content_length())
    return 0


if __name__ == '__main__':
    sys.exit(main())
