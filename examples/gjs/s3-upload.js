// s3-upload.js: upload a file to S3 with the transfer manager
//
// aioboto3's S3 upload example, with gaws from GJS:
//
//   LOG.info(f"Uploading {blob_s3_key} to s3")
//   await s3.upload_fileobj(spfp, bucket, blob_s3_key)
//   LOG.info(f"Finished Uploading {blob_s3_key} to s3")
//
// Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gjs -m s3-upload.js
//
// Copyright 2026 The gaws authors
// SPDX-License-Identifier: Apache-2.0

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Gaws from 'gi://Gaws?version=1.0';
import GawsS3 from 'gi://GawsS3?version=1.0';
import {ensureBucket, promisify, run, sessionNew} from './gaws-example.js';

promisify(GawsS3.Client, 'create_bucket', 'head_object');
promisify(Gaws.S3TransferManager, 'upload_file');

const BUCKET = 'gaws-example-releases';

async function upload(s3, suite, release, filename, stagingPath, bucket) {
    const blobS3Key = `${suite}/${release}/${filename}`;
    const transfer = Gaws.S3TransferManager.new(s3);
    try {
        print(`Uploading ${blobS3Key} to s3`);
        await transfer.upload_file_async(stagingPath, bucket, blobS3Key, null, null, null);
        print(`Finished Uploading ${blobS3Key} to s3`);
    } catch (error) {
        printerr(`Unable to s3 upload to ${blobS3Key}: ${error.message}`);
        return '';
    }
    return `s3://${bucket}/${blobS3Key}`;
}

run(async () => {
    const s3 = GawsS3.Client.new(sessionNew(), Gaws.ClientConfig.new());
    await ensureBucket(GawsS3, s3, BUCKET);

    const [stagingPath, io] = Gio.File.new_tmp('gaws-upload-XXXXXX.txt');
    let text = '';
    for (let i = 1; i <= 1000; i++)
        text += `package line ${String(i).padStart(4, '0')}\n`;
    io.get_output_stream().write_all(new TextEncoder().encode(text), null);
    io.close(null);
    let url;
    try {
        url = await upload(s3, 'bookworm', '12.5', 'Packages.txt', stagingPath, BUCKET);
    } finally {
        stagingPath.delete(null);
    }
    if (!url)
        return 1;
    print(url);

    const stored = await s3.head_object_async(
        new GawsS3.HeadObjectRequest({bucket: BUCKET, key: 'bookworm/12.5/Packages.txt'}), null);
    print(`head_object: ContentLength ${stored.get_content_length()}`);
    return 0;
});
