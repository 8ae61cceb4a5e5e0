#!/usr/bin/env python3
# run.py: runs the bench/clients workloads (run.sh calls it after building)
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0
#
# Starts bench-canned-server, runs every client on every workload, each as
# its own process (interleaved, --rounds times), and prints one table:
# requests per second and CPU per request of each client, as ratios to
# plain libcurl and to each peer. The server's own CPU is read from
# /proc/PID/stat around each run: it is never counted for a client, and
# its busy fraction shows whether it was the bottleneck.
#
# --pin runs the server on one processor and every client on another. Unpinned, the scheduler runs a client now on the server's
# processor, now on the other one, and a sequential request costs very
# different CPU in the two cases (bench/RESULTS.md, 16:54 UTC entry); a
# server on another machine, which is what users have, never shares the
# client's processor.
#
# --tls serves over https, as AWS does: a self-signed certificate made for
# the run (openssl req, for 127.0.0.1 and localhost, in a temporary
# directory removed afterwards), the server started with it and the
# clients given https URLs and the certificate as their CA file. Only
# gaws and plain libcurl take a CA file here: boto3 and JS are skipped.

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENTS = ['curl', 'gaws', 'boto3', 'js']
WORKLOADS = [
    ('seq', '(a) GetItem, sequential', 5000),
    ('con', '(b) GetItem, 64 in flight', 20000),
    ('s3', '(c) PutObject+GetObject 1 KiB, 64 in flight', 10000),
    ('list', '(d) ListObjectsV2, 1,000 pages', 1000),
]
TLS_CLIENTS = ['curl', 'gaws']
TICK = os.sysconf('SC_CLK_TCK')
# --pin: the first two processors this may run on
SERVER_CPU, CLIENT_CPU = (sorted(os.sched_getaffinity(0)) * 2)[:2]


def server_cpu_us(pid):
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1e6 / TICK


def command(args, client, workload, url, requests):
    common = ['--url', url, '-n', str(requests), '-c', str(args.concurrency)]
    if client in ('gaws', 'curl'):
        return [args.bench_clients, client, workload] + common + ca_file_args(args)
    if client == 'boto3':
        return [args.python, os.path.join(HERE, 'bench_boto3.py'), workload] + common
    return [args.node, '--no-warnings', os.path.join(HERE, 'bench_js.mjs'), workload] + common


def ca_file_args(args):
    return ['--ca-file', args.ca_file] if args.tls else []


def make_certificate(directory):
    """A self-signed certificate and its key for the canned server, valid
    for 127.0.0.1 and localhost; returns (cert, key)."""
    cert, key = os.path.join(directory, 'cert.pem'), os.path.join(directory, 'key.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
                    '-subj', '/CN=127.0.0.1',
                    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
                    '-keyout', key, '-out', cert],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


def pinned_to(args, cpu):
    """A preexec_fn that pins the child to @cpu when --pin is given."""
    if not args.pin:
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


def run_one(args, server, client, workload, url, requests):
    before = server_cpu_us(server.pid)
    out = subprocess.run(command(args, client, workload, url, requests), check=True,
                         stdout=subprocess.PIPE, text=True, timeout=1800,
                         preexec_fn=pinned_to(args, CLIENT_CPU)).stdout
    served = server_cpu_us(server.pid) - before
    figures = json.loads(out.strip().splitlines()[-1])
    figures['server_busy'] = served / 1e6 / figures['seconds']
    return figures


def ratio(a, b):
    return '%.2f' % (a / b) if b else '-'


def print_table(results, rounds):
    print('| workload | client | req/s | CPU us/req | server busy | '
          'req/s ÷ curl | CPU ÷ curl | gaws req/s ÷ it | its CPU ÷ gaws |')
    print('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for workload, title, _ in WORKLOADS:
        rows = {}
        for client in CLIENTS:
            runs = results.get((client, workload))
            if not runs:
                continue
            rows[client] = (statistics.median(r['requests'] / r['seconds'] for r in runs),
                            statistics.median(r['cpu_us'] / r['requests'] for r in runs),
                            statistics.median(r['server_busy'] for r in runs))
        for client, (rate, cpu, busy) in rows.items():
            curl = rows.get('curl', (0, 0, 0))
            gaws = rows.get('gaws', (0, 0, 0))
            print('| %s | %s | %.0f | %.1f | %.0f%% | %s | %s | %s | %s |' % (
                title, client, rate, cpu, busy * 100, ratio(rate, curl[0]), ratio(cpu, curl[1]),
                ratio(gaws[0], rate), ratio(cpu, gaws[1])))
    print()
    print('Medians of %d round(s). "server busy": the canned server\'s CPU time over the '
          'run\'s wall time (1.00 = one processor; not counted for any client). '
          '"gaws req/s ÷ it": how many times faster gaws is; "its CPU ÷ gaws": how many '
          'times more CPU per request the client takes than gaws.' % rounds)


def main():
    parser = argparse.ArgumentParser(description='bench/clients: gaws, libcurl, boto3, JS v3')
    parser.add_argument('--bench-clients', required=True, help='the bench-clients program')
    parser.add_argument('--server', required=True, help='the bench-canned-server program')
    parser.add_argument('--python', default='python3')
    parser.add_argument('--node', default='node')
    parser.add_argument('--rounds', type=int, default=1)
    parser.add_argument('--scale', type=float, default=1.0,
                        help='multiply the request counts (a quick look: 0.1)')
    parser.add_argument('--concurrency', type=int, default=64)
    parser.add_argument('--clients', default=','.join(CLIENTS))
    parser.add_argument('--workloads', default=','.join(w[0] for w in WORKLOADS))
    parser.add_argument('--json', help='also write every run as JSON lines to this file')
    parser.add_argument('--pin', action='store_true',
                        help='the server on processor %d, every client on processor %d' % (SERVER_CPU, CLIENT_CPU))
    parser.add_argument('--tls', action='store_true',
                        help='https with a self-signed certificate made for the run (curl and gaws only)')
    args = parser.parse_args()
    if args.pin and SERVER_CPU == CLIENT_CPU:
        parser.error('--pin needs two processors')
    clients = args.clients.split(',')
    workloads = args.workloads.split(',')

    server_command = [args.server]
    tls_dir = None
    if args.tls:
        skipped = [c for c in clients if c not in TLS_CLIENTS]
        clients = [c for c in clients if c in TLS_CLIENTS]
        tls_dir = tempfile.mkdtemp(prefix='bench-clients-tls-')
        args.ca_file, key = make_certificate(tls_dir)
        server_command += ['--tls', args.ca_file, key]
        print('# https: a self-signed RSA 2048 certificate, the server\'s default TLS version and '
              'ciphers (%s)%s' % (
                  subprocess.run(['openssl', 'version'], stdout=subprocess.PIPE, text=True).stdout.strip(),
                  '; skipped (no CA file option): ' + ', '.join(skipped) if skipped else ''))
    server = subprocess.Popen(server_command, stdout=subprocess.PIPE, text=True,
                              preexec_fn=pinned_to(args, SERVER_CPU))
    if args.pin:
        print('# pinned: the server on processor %d, the clients on processor %d' % (SERVER_CPU, CLIENT_CPU))
    try:
        port = int(server.stdout.readline())
        url = '%s://127.0.0.1:%d' % ('https' if args.tls else 'http', port)
        results = {}
        log = open(args.json, 'w') if args.json else None
        for r in range(args.rounds):
            for workload, _, requests in WORKLOADS:
                if workload not in workloads:
                    continue
                n = requests if workload == 'list' else max(int(requests * args.scale), 100)
                for client in clients:
                    figures = run_one(args, server, client, workload, url, n)
                    results.setdefault((client, workload), []).append(figures)
                    if log:
                        log.write(json.dumps(figures) + '\n')
                    print('# round %d: %s %s: %.0f req/s, %.1f us CPU/req' % (
                        r + 1, client, workload, figures['requests'] / figures['seconds'],
                        figures['cpu_us'] / figures['requests']), file=sys.stderr)
        print_table(results, args.rounds)

        # Creating a session and a client
        print()
        print('| client | session + DynamoDB client, median us | session + S3 client, median us '
              '| iterations | allocations (DynamoDB, S3) |')
        print('| --- | ---: | ---: | ---: | --- |')
        # GLib 2.74's slice allocator would hide allocations from the count
        env = dict(os.environ, G_SLICE='always-malloc')
        gaws_calls = []
        api_objects = None
        for client in clients:
            if client == 'curl':
                continue
            if client == 'gaws':
                cmd = [args.bench_clients, 'session', '--url', url] + ca_file_args(args)
            elif client == 'boto3':
                cmd = [args.python, os.path.join(HERE, 'bench_boto3.py'), 'session', '--url', url]
            else:
                cmd = [args.node, '--no-warnings', os.path.join(HERE, 'bench_js.mjs'), 'session',
                       '--url', url]
            out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, env=env,
                                 timeout=1800).stdout
            rows = {}
            for line in out.strip().splitlines():
                row = json.loads(line)
                rows[row['workload']] = row
                if log:
                    log.write(line + '\n')
            ddb, s3 = rows['session-dynamodb'], rows['session-s3']
            allocations = ('%s, %s' % (ddb['allocations'], s3['allocations'])
                           if 'allocations' in ddb else '-')
            print('| %s | %.1f | %.1f | %d | %s |' % (client, ddb['median_us'], s3['median_us'],
                                                     ddb['iterations'], allocations))
            if client == 'gaws':
                extra = [rows[k] for k in ('first-call-dynamodb', 'later-call-dynamodb',
                                           'second-client-first-call-dynamodb') if k in rows]
                for row in extra:
                    gaws_calls.append(row)
                if 'api-objects-getitem' in rows:
                    api_objects = rows['api-objects-getitem']
        if gaws_calls:
            print()
            print('| gaws, GetItem with _sync on a new session and client | allocations | us |')
            print('| --- | ---: | ---: |')
        for row in gaws_calls:
            print('| %s | %d | %d |' % (row['workload'], row['allocations'], row['us']))
        if api_objects:
            print()
            print('The GObjects of one GetItem at the API (input, key value, output, %s, GTask), '
                  'made and freed without I/O: %.2f us (mean of %d); GLib\'s share of any '
                  'GetItem\'s CPU that gaws cannot remove.' % (
                      '7 item values', api_objects['mean_us'], api_objects['iterations']))
        if log:
            log.close()
    finally:
        server.terminate()
        server.wait()
        if tls_dir is not None:
            shutil.rmtree(tls_dir)


if __name__ == '__main__':
    main()
