#!/usr/bin/env python3
# bench_boto3.py: the bench/clients workloads through boto3, one per process
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0
#
#   python3 bench_boto3.py seq|con|s3|list|session --url http://127.0.0.1:PORT
#
# The same workloads as bench-clients.c, written the way boto3's users
# write them: one client, a ThreadPoolExecutor of --concurrency threads
# sharing it for the concurrent ones (max_pool_connections to match), the
# paginator for the listing. Prints one JSON line; CPU is getrusage
# (RUSAGE_SELF: every thread of this process) around the workload, after
# a warm-up.

import argparse
import concurrent.futures
import json
import resource
import statistics
import sys
import time

import boto3
from botocore.config import Config

OBJECT = bytes((ord('a') + i % 26) for i in range(1024))
ITEM_ATTRIBUTES = 7


def mark():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return time.monotonic(), usage.ru_utime + usage.ru_stime


def result(workload, start, requests, concurrency):
    wall, cpu = mark()
    print(json.dumps({'client': 'boto3', 'workload': workload, 'requests': requests,
                      'concurrency': concurrency, 'seconds': wall - start[0],
                      'cpu_us': (cpu - start[1]) * 1e6}))


def new_session():
    return boto3.session.Session(aws_access_key_id='AKIDBENCHBENCHBENCH0',
                                 aws_secret_access_key='benchsecretbenchsecretbenchsecret000000',
                                 region_name='us-east-1')


def new_client(session, service, url, concurrency):
    config = Config(max_pool_connections=max(concurrency, 10),
                    s3={'addressing_style': 'path'})
    return session.client(service, endpoint_url=url, config=config)


def get_item(client, _):
    item = client.get_item(TableName='bench', Key={'pk': {'S': 'user#00000001'}})['Item']
    if len(item) != ITEM_ATTRIBUTES:
        raise RuntimeError('GetItem: unexpected item %r' % item)


def put_object(client, index):
    reply = client.put_object(Bucket='bench', Key='obj-%d' % index, Body=OBJECT)
    if not reply.get('ETag'):
        raise RuntimeError('PutObject: no ETag')


def get_object(client, index):
    reply = client.get_object(Bucket='bench', Key='obj-%d' % index)
    if reply['Body'].read() != OBJECT or not reply.get('ETag'):
        raise RuntimeError('GetObject: unexpected body')


def run(pool, call, client, n):
    if pool is None:
        for i in range(n):
            call(client, i)
    else:
        # list() re-raises the first failure
        list(pool.map(lambda i: call(client, i), range(n)))


def listing(client):
    pages = keys = 0
    for page in client.get_paginator('list_objects_v2').paginate(Bucket='bench'):
        pages += 1
        keys += len(page['Contents'])
    return pages, keys


def session_times(url, n):
    for service in ('dynamodb', 's3'):
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            new_client(new_session(), service, url, 10)
            times.append((time.perf_counter() - t0) * 1e6)
        print(json.dumps({'client': 'boto3', 'workload': 'session-' + service,
                          'iterations': n, 'median_us': statistics.median(times)}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('workload', choices=['seq', 'con', 's3', 'list', 'session'])
    parser.add_argument('--url', required=True)
    parser.add_argument('-n', '--requests', type=int, default=0)
    parser.add_argument('-c', '--concurrency', type=int, default=64)
    parser.add_argument('-w', '--warmup', type=int, default=200)
    parser.add_argument('--iterations', type=int, default=50)
    args = parser.parse_args()
    if args.workload == 'session':
        session_times(args.url, args.iterations)
        return
    requests = args.requests or {'seq': 5000, 'con': 20000}.get(args.workload, 10000)
    concurrency = 1 if args.workload in ('seq', 'list') else args.concurrency
    service = 'dynamodb' if args.workload in ('seq', 'con') else 's3'
    client = new_client(new_session(), service, args.url, concurrency)
    pool = (concurrent.futures.ThreadPoolExecutor(max_workers=concurrency)
            if concurrency > 1 else None)

    if args.workload in ('seq', 'con'):
        run(pool, get_item, client, args.warmup)
        start = mark()
        run(pool, get_item, client, requests)
    elif args.workload == 's3':
        run(pool, put_object, client, args.warmup)
        run(pool, get_object, client, args.warmup)
        start = mark()
        run(pool, put_object, client, requests // 2)
        run(pool, get_object, client, requests // 2)
    else:
        client.list_objects_v2(Bucket='bench')
        start = mark()
        requests, keys = listing(client)
        if keys != requests * 10:
            print('boto3: listing: %d keys in %d pages' % (keys, requests), file=sys.stderr)
    result(args.workload, start, requests, concurrency)
    if pool is not None:
        pool.shutdown()


if __name__ == '__main__':
    main()
