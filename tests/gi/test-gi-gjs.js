// test-gi-gjs.js: gaws from JavaScript (GJS), through the typelibs only
//
// Runs against the moto_server whose URL is in GAWS_TEST_ENDPOINT_URL
// (gaws-gi-runner starts it); GI_TYPELIB_PATH and LD_LIBRARY_PATH point into
// the build folder. The calls are awaited: Gio._promisify turns each
// _async/_finish pair into a method that returns a promise. Prints TAP.
//
// Copyright 2026 The gaws authors
// SPDX-License-Identifier: Apache-2.0

imports.gi.versions.Gaws = '1.0';
imports.gi.versions.GawsDynamodb = '1.0';
imports.gi.versions.GawsS3 = '1.0';
imports.gi.versions.GawsSts = '1.0';
const {GLib, Gio, Gaws, GawsDynamodb, GawsS3, GawsSts} = imports.gi;

const ENDPOINT_URL = GLib.getenv('GAWS_TEST_ENDPOINT_URL');

Gio._promisify(GawsSts.Client.prototype, 'get_caller_identity_async', 'get_caller_identity_finish');
for (const op of ['create_table', 'put_item', 'get_item'])
    Gio._promisify(GawsDynamodb.Client.prototype, `${op}_async`, `${op}_finish`);
for (const op of ['create_bucket', 'put_object', 'get_object', 'list_objects_v2'])
    Gio._promisify(GawsS3.Client.prototype, `${op}_async`, `${op}_finish`);
Gio._promisify(Gio.InputStream.prototype, 'read_bytes_async', 'read_bytes_finish');

function makeClient(ClientType) {
    const session = Gaws.Session.new_with_credentials('AKIDGAWSGJS', 'gjs-secret', null);
    session.set_region('us-east-1');
    const config = Gaws.ClientConfig.new();
    config.set_endpoint_url(ENDPOINT_URL);
    return ClientType.new(session, config);
}

function assert(condition, what) {
    if (!condition)
        throw new Error(`assertion failed: ${what}`);
}

async function testStsGetCallerIdentity() {
    const sts = makeClient(GawsSts.Client);
    const identity = await sts.get_caller_identity_async(GawsSts.GetCallerIdentityRequest.new(), null);
    assert(identity.get_account() === '123456789012', `account ${identity.get_account()}`);
    assert(identity.arn.startsWith('arn:aws:'), `arn ${identity.arn}`);
}

// r['ResponseMetadata'] of botocore, as a method of every output
async function testResponseMetadata() {
    const sts = makeClient(GawsSts.Client);
    const identity = await sts.get_caller_identity_async(GawsSts.GetCallerIdentityRequest.new(), null);
    const metadata = identity.get_response_metadata();
    assert(metadata instanceof Gaws.ResponseMetadata, `metadata ${metadata}`);
    assert(metadata.get_http_status_code() === 200, `status ${metadata.get_http_status_code()}`);
    const requestId = metadata.get_request_id();
    assert(typeof requestId === 'string' && requestId.length > 0, `request id ${requestId}`);
    assert(metadata.get_retry_attempts() === 0, `retry attempts ${metadata.get_retry_attempts()}`);
    const contentType = metadata.get_http_headers().get_one('Content-Type');
    assert(contentType && contentType.includes('xml'), `content type ${contentType}`);
    // a shape built by hand was never a response
    assert(GawsSts.GetCallerIdentityRequest.new().get_response_metadata() === null, 'request metadata');
}

async function testDynamodbItems() {
    const dynamodb = makeClient(GawsDynamodb.Client);
    const create = new GawsDynamodb.CreateTableInput();
    create.update_from_json_string(JSON.stringify({
        TableName: 'gjs-table',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{AttributeName: 'pk', KeyType: 'HASH'}],
        AttributeDefinitions: [{AttributeName: 'pk', AttributeType: 'S'}],
    }));
    const created = await dynamodb.create_table_async(create, null);
    const description = JSON.parse(created.to_json_string()).TableDescription;
    assert(description.TableName === 'gjs-table', `table ${description.TableName}`);

    const put = new GawsDynamodb.PutItemInput({table_name: 'gjs-table'});
    put.update_from_json_string(JSON.stringify({
        Item: {pk: {S: 'test1'}, col1: {S: 'some_data'}, n: {N: '42'}},
    }));
    await dynamodb.put_item_async(put, null);

    const get = new GawsDynamodb.GetItemInput({table_name: 'gjs-table', consistent_read: true});
    get.update_from_json_string('{"Key": {"pk": {"S": "test1"}}}');
    const found = await dynamodb.get_item_async(get, null);
    const item = JSON.parse(found.to_json_string()).Item;
    assert(item.pk.S === 'test1' && item.col1.S === 'some_data' && item.n.N === '42',
        `item ${JSON.stringify(item)}`);
    // the typed accessors: a map of AttributeValue objects
    const typed = found.get_item();
    assert(Object.keys(typed).sort().join() === 'col1,n,pk', `keys ${Object.keys(typed)}`);
    assert(typed.col1.get_s() === 'some_data' && typed.n.get_n() === '42', 'typed values');
    // (GJS 1.74 reads a list or map property through a bare GValue and
    // cannot type its elements: the getters are the way there)
}

async function testDynamodbServiceError() {
    const dynamodb = makeClient(GawsDynamodb.Client);
    const get = new GawsDynamodb.GetItemInput({table_name: 'no-such-table'});
    get.update_from_json_string('{"Key": {"pk": {"S": "x"}}}');
    try {
        await dynamodb.get_item_async(get, null);
    } catch (error) {
        assert(error instanceof GLib.Error, `${error}`);
        assert(error.matches(Gaws.error_quark(), Gaws.Error.SERVICE), `domain/code ${error.domain} ${error.code}`);
        assert(error.message.includes('ResourceNotFoundException'), error.message);
        // GJS hands the GError itself back, extended data and all
        assert(Gaws.error_get_code(error) === 'ResourceNotFoundException', `code ${Gaws.error_get_code(error)}`);
        assert(Gaws.error_get_http_status(error) === 400, `status ${Gaws.error_get_http_status(error)}`);
        assert(Gaws.error_matches_code(error, 'ResourceNotFoundException'), 'matches_code');
        assert(Gaws.error_code_from_message(error.message) === 'ResourceNotFoundException',
            `from message ${Gaws.error_code_from_message(error.message)}`);
        return;
    }
    throw new Error('get_item on a missing table succeeded');
}

async function readAll(stream) {
    const chunks = [];
    for (;;) {
        const bytes = await stream.read_bytes_async(4096, GLib.PRIORITY_DEFAULT, null);
        if (bytes.get_size() === 0)
            break;
        chunks.push(bytes.toArray());
    }
    const all = new Uint8Array(chunks.reduce((length, chunk) => length + chunk.length, 0));
    let offset = 0;
    for (const chunk of chunks) {
        all.set(chunk, offset);
        offset += chunk.length;
    }
    return new TextDecoder().decode(all);
}

async function testS3Objects() {
    const s3 = makeClient(GawsS3.Client);
    await s3.create_bucket_async(new GawsS3.CreateBucketRequest({bucket: 'gjs-bucket'}), null);

    const text = 'hello from GJS\n'.repeat(100);
    const put = new GawsS3.PutObjectRequest({bucket: 'gjs-bucket', key: 'dir/hello.txt'});
    put.set_body(Gio.MemoryInputStream.new_from_bytes(new GLib.Bytes(new TextEncoder().encode(text))));
    const stored = await s3.put_object_async(put, null);
    assert(stored.get_e_tag(), 'no ETag');

    const got = await s3.get_object_async(new GawsS3.GetObjectRequest({bucket: 'gjs-bucket', key: 'dir/hello.txt'}), null);
    assert(got.get_content_length() === text.length, `length ${got.get_content_length()}`);
    assert(await readAll(got.get_body()) === text, 'body differs');

    const listed = await s3.list_objects_v2_async(
        new GawsS3.ListObjectsV2Request({bucket: 'gjs-bucket', prefix: 'dir/'}), null);
    const contents = listed.get_contents();
    assert(contents.length === 1 && contents[0].get_key() === 'dir/hello.txt', `contents ${contents.length}`);
    assert(contents[0].get_size() === text.length, `size ${contents[0].get_size()}`);
    assert(contents[0] instanceof GawsS3.Object && contents[0].key === 'dir/hello.txt', 'typed element');
}

const TESTS = [testStsGetCallerIdentity, testResponseMetadata, testDynamodbItems, testDynamodbServiceError, testS3Objects];

async function main() {
    print(`1..${TESTS.length}`);
    let failed = 0;
    for (const [index, test] of TESTS.entries()) {
        try {
            await test();
            print(`ok ${index + 1} ${test.name}`);
        } catch (error) {
            failed++;
            print(`not ok ${index + 1} ${test.name}`);
            for (const line of `${error}`.split('\n'))
                print(`# ${line}`);
        }
    }
    return failed ? 1 : 0;
}

const loop = new GLib.MainLoop(null, false);
let status = 1;
main().then(result => {
    status = result;
}).catch(error => {
    print(`# ${error}`);
}).finally(() => loop.quit());
loop.run();
imports.system.exit(status);
