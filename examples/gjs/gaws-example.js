// gaws-example.js: what the GJS examples share
//
// Each example is a straight translation of one aioboto3 example: every
// `await x.op(...)` there is `await x.op_async(...)` here, each _async/
// _finish pair turned into a promise by Gio._promisify. run() drives the
// GLib main loop until the example's main() settles.
//
// Configuration comes from the environment, as botocore takes it:
// AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_DEFAULT_REGION, profiles and config files. Run with `gjs -m` and
// GI_TYPELIB_PATH / LD_LIBRARY_PATH pointing at a gaws build.
//
// Copyright 2026 The gaws authors
// SPDX-License-Identifier: Apache-2.0

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Gaws from 'gi://Gaws?version=1.0';
import System from 'system';

/** Turns each named _async/_finish pair of @klass into a promise. */
export function promisify(klass, ...methods) {
    for (const method of methods)
        Gio._promisify(klass.prototype, `${method}_async`, `${method}_finish`);
}

promisify(Gaws.Waiter, 'wait');

/** A session from the environment, in us-east-1 when no region is set. */
export function sessionNew() {
    const session = Gaws.Session.new();
    if (!GLib.getenv('AWS_REGION') && !GLib.getenv('AWS_DEFAULT_REGION'))
        session.set_region('us-east-1');
    return session;
}

/** Whether @error is the service error @code (GJS keeps the whole GError). */
export function isServiceError(error, code) {
    return error instanceof GLib.Error && Gaws.error_get_code(error) === code;
}

/** A value as Python prints it: 'text', 5, True, [...], {'key': ...} with sorted keys. */
export function pyRepr(value) {
    if (value instanceof GLib.Variant)
        return pyRepr(value.recursiveUnpack());
    if (typeof value === 'string')
        return `'${value}'`;
    if (typeof value === 'boolean')
        return value ? 'True' : 'False';
    if (Array.isArray(value))
        return `[${value.map(pyRepr).join(', ')}]`;
    if (value !== null && typeof value === 'object')
        return `{${Object.keys(value).sort().map(key => `'${key}': ${pyRepr(value[key])}`).join(', ')}}`;
    return String(value);
}

/** Creates table @name with string partition key @key unless it exists, then waits until it is ACTIVE. */
export async function ensureTable(GawsDynamodb, dynamodb, name, key) {
    const create = GawsDynamodb.CreateTableInput.new();
    create.update_from_json_string(JSON.stringify({
        TableName: name, BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{AttributeName: key, KeyType: 'HASH'}],
        AttributeDefinitions: [{AttributeName: key, AttributeType: 'S'}],
    }));
    try {
        await dynamodb.create_table_async(create, null);
        print(`Created table ${name}`);
    } catch (error) {
        if (!isServiceError(error, 'ResourceInUseException'))
            throw error;
    }
    await dynamodb.get_waiter_table_exists().wait_async(new GawsDynamodb.DescribeTableInput({table_name: name}), null);
}

/** Creates @bucket unless this account has it already. */
export async function ensureBucket(GawsS3, s3, bucket) {
    try {
        await s3.create_bucket_async(new GawsS3.CreateBucketRequest({bucket}), null);
        print(`Created bucket ${bucket}`);
    } catch (error) {
        if (!isServiceError(error, 'BucketAlreadyOwnedByYou'))
            throw error;
    }
}

/** Runs the main loop until @main() settles; exits 1 when it throws. */
export function run(main) {
    const loop = new GLib.MainLoop(null, false);
    let status = 0;
    main().then(result => {
        status = result ?? 0;
    }).catch(error => {
        printerr(`${error.message ?? error}`);
        status = 1;
    }).finally(() => loop.quit());
    loop.run();
    System.exit(status);
}
