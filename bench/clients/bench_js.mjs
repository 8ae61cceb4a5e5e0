// bench_js.mjs: the bench/clients workloads through the AWS SDK for
// JavaScript v3, one per process
//
// Copyright 2026 The gaws authors
// SPDX-License-Identifier: Apache-2.0
//
//   node bench_js.mjs seq|con|s3|list|session --url http://127.0.0.1:PORT
//
// The same workloads as bench-clients.c, written the way the SDK's users
// write them: one client, a pool of --concurrency promises for the
// concurrent ones (the keep-alive agent's maxSockets to match),
// paginateListObjectsV2 for the listing. Prints one JSON line; CPU is
// process.cpuUsage() (user + system of the whole process, libuv's threads
// included) around the workload, after a warm-up.

import { createRequire } from 'node:module';
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';

const require = createRequire(new URL('./npm/', import.meta.url));
const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb');
const { S3Client, PutObjectCommand, GetObjectCommand, paginateListObjectsV2 } =
  require('@aws-sdk/client-s3');
const { NodeHttpHandler } = require('@smithy/node-http-handler');

const OBJECT = Buffer.from(Array.from({ length: 1024 }, (_, i) => 97 + (i % 26)));
const ITEM_ATTRIBUTES = 7;

function parseArgs(argv) {
  const args = { workload: argv[0], url: null, requests: 0, concurrency: 64, warmup: 200,
                 iterations: 1000 };
  for (let i = 1; i < argv.length; i++) {
    const name = argv[i], value = argv[++i];
    if (name === '--url') args.url = value;
    else if (name === '-n' || name === '--requests') args.requests = Number(value);
    else if (name === '-c' || name === '--concurrency') args.concurrency = Number(value);
    else if (name === '-w' || name === '--warmup') args.warmup = Number(value);
    else if (name === '--iterations') args.iterations = Number(value);
    else throw new Error(`unknown option ${name}`);
  }
  if (!args.url) throw new Error('--url is needed');
  return args;
}

function newClient(Client, url, concurrency) {
  return new Client({
    endpoint: url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDBENCHBENCHBENCH0',
                   secretAccessKey: 'benchsecretbenchsecretbenchsecret000000' },
    requestHandler: new NodeHttpHandler({
      httpAgent: new Agent({ keepAlive: true, maxSockets: Math.max(concurrency, 10) }),
    }),
  });
}

function mark() {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}

function result(workload, start, requests, concurrency) {
  const cpu = process.cpuUsage(start.cpu);
  console.log(JSON.stringify({ client: 'js', workload, requests, concurrency,
                               seconds: (performance.now() - start.wall) / 1000,
                               cpu_us: cpu.user + cpu.system }));
}

async function getItem(client) {
  const reply = await client.send(new GetItemCommand({
    TableName: 'bench', Key: { pk: { S: 'user#00000001' } } }));
  if (Object.keys(reply.Item).length !== ITEM_ATTRIBUTES)
    throw new Error('GetItem: unexpected item');
}

async function putObject(client, index) {
  const reply = await client.send(new PutObjectCommand({
    Bucket: 'bench', Key: `obj-${index}`, Body: OBJECT }));
  if (!reply.ETag) throw new Error('PutObject: no ETag');
}

async function getObject(client, index) {
  const reply = await client.send(new GetObjectCommand({ Bucket: 'bench', Key: `obj-${index}` }));
  const body = await reply.Body.transformToByteArray();
  if (!reply.ETag || Buffer.compare(Buffer.from(body), OBJECT) !== 0)
    throw new Error('GetObject: unexpected body');
}

// n calls of call(client, index), concurrency of them in flight
async function run(call, client, n, concurrency) {
  let next = 0;
  async function worker() {
    while (next < n) await call(client, next++);
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}

async function listing(client) {
  let pages = 0, keys = 0;
  for await (const page of paginateListObjectsV2({ client }, { Bucket: 'bench' })) {
    pages++;
    keys += page.Contents.length;
  }
  return [pages, keys];
}

function sessionTimes(url, n) {
  for (const [service, Client] of [['dynamodb', DynamoDBClient], ['s3', S3Client]]) {
    const times = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const client = newClient(Client, url, 10);
      times.push((performance.now() - t0) * 1000);
      client.destroy();
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ client: 'js', workload: `session-${service}`, iterations: n,
                                 median_us: times[n >> 1] }));
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.workload === 'session') return sessionTimes(args.url, args.iterations);
  let requests = args.requests || { seq: 5000, con: 20000 }[args.workload] || 10000;
  const concurrency = ['seq', 'list'].includes(args.workload) ? 1 : args.concurrency;
  const dynamodb = ['seq', 'con'].includes(args.workload);
  const client = newClient(dynamodb ? DynamoDBClient : S3Client, args.url, concurrency);
  let start;

  if (dynamodb) {
    await run(getItem, client, args.warmup, concurrency);
    start = mark();
    await run(getItem, client, requests, concurrency);
  } else if (args.workload === 's3') {
    await run(putObject, client, args.warmup, concurrency);
    await run(getObject, client, args.warmup, concurrency);
    start = mark();
    await run(putObject, client, requests >> 1, concurrency);
    await run(getObject, client, requests >> 1, concurrency);
  } else if (args.workload === 'list') {
    await client.send(new (require('@aws-sdk/client-s3').ListObjectsV2Command)({ Bucket: 'bench' }));
    start = mark();
    let keys;
    [requests, keys] = await listing(client);
    if (keys !== requests * 10) console.error(`js: listing: ${keys} keys in ${requests} pages`);
  } else {
    throw new Error(`unknown workload ${args.workload}`);
  }
  result(args.workload, start, requests, concurrency);
  client.destroy();
}

await main();
