// s3-bucket-objects.js: the objects of an S3 Bucket resource: all, filter
// and delete
//
// aioboto3's S3 resource example, with gaws from GJS:
//
//   bucket = await s3.Bucket('mybucket')
//   async for s3_object in bucket.objects.all():
//       print(s3_object)
//   async for s3_object in bucket.objects.filter(Prefix='someprefix/'):
//       print(s3_object)
//   await bucket.objects.filter(Prefix='test/').delete()
//   await bucket.objects.all().delete()
//
// Keys use `_` where the Python has `/` (moto rejects the signature of a
// query value that needs percent-encoding).
//
// Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gjs -m s3-bucket-objects.js
//
// Copyright 2026 The gaws authors
// SPDX-License-Identifier: Apache-2.0

import Gaws from 'gi://Gaws?version=1.0';
import GawsS3 from 'gi://GawsS3?version=1.0';
import {ensureBucket, promisify, run, sessionNew} from './gaws-example.js';

promisify(GawsS3.Client, 'create_bucket');
promisify(Gaws.Resource, 'action');
promisify(Gaws.ResourceIterator, 'next_item');
promisify(Gaws.ResourceCollection, 'batch_action');

const KEYS = ['someprefix_a.txt', 'someprefix_b.txt', 'test_1.txt', 'test_2.txt', 'other.txt'];

/** async for s3_object in collection: print(s3_object) */
async function printObjects(collection) {
    const objects = collection.iterate();
    for (;;) {
        const s3Object = await objects.next_item_async(null);
        if (s3Object === null)
            return;
        print(`s3.ObjectSummary(bucket_name='${s3Object.get_identifier('BucketName')}', key='${s3Object.get_identifier('Key')}')`);
    }
}

/** await collection.delete(): how many objects went. */
async function deleteObjects(collection) {
    const outputs = await collection.batch_action_async('delete', null, null);
    return outputs.reduce((sum, output) => sum + (output.get_deleted() ?? []).length, 0);
}

run(async () => {
    const client = GawsS3.Client.new(sessionNew(), Gaws.ClientConfig.new());
    await ensureBucket(GawsS3, client, 'mybucket');
    const s3 = Gaws.ServiceResource.new(client);
    const bucket = s3.get_resource('Bucket', ['mybucket']);

    for (const key of KEYS) {
        print(`bucket.put_object(Key='${key}')`);
        const params = bucket.new_params('put_object');
        params.update_from_json_string(JSON.stringify({Key: key}));
        await bucket.action_async('put_object', params, null);
    }

    const objects = bucket.get_collection('objects');
    const all = objects.all();
    print('bucket.objects.all():');
    await printObjects(all);
    print("bucket.objects.filter(Prefix='someprefix_'):");
    await printObjects(objects.filter_json('{"Prefix": "someprefix_"}'));

    const deleted = await deleteObjects(objects.filter_json('{"Prefix": "test_"}'));
    print(`bucket.objects.filter(Prefix='test_').delete(): ${deleted} deleted`);
    print(`bucket.objects.all().delete(): ${await deleteObjects(all)} deleted`);
    print('bucket.objects.all():');
    await printObjects(all);
    print('(empty)');
});
