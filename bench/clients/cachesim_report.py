#!/usr/bin/env python3
"""cachesim_report.py SHORT LONG N TOP: per-request cache figures of two
callgrind --cache-sim=yes runs (cachesim.sh makes them).

Self costs only (no inclusive sums): each figure is what a function's own
code did, summed by library, then the TOP functions by L1 misses. The
difference LONG - SHORT over N requests leaves out start-up and warm-up.
"""
import collections
import re
import sys

NAME_LINE = re.compile(r'^(c?ob|c?fn|c?fi|c?fe|fl)=\((\d+)\)(?: (.*))?$')


def load(path):
    """{(library, function): [event totals]} and the event names."""
    names = {'ob': {}, 'fn': {}}
    events, ob, fn, after_calls = [], None, None, False
    costs = collections.defaultdict(lambda: [0] * len(events))
    for line in open(path):
        line = line.rstrip('\n')
        if line.startswith('events:'):
            events = line.split()[1:]
            continue
        match = NAME_LINE.match(line)
        if match:
            kind, ident, name = match.groups()
            table = names.get(kind.lstrip('c') if kind in ('cob', 'cfn') else kind)
            if table is not None and name:
                table[ident] = name
            if kind == 'ob':
                ob = names['ob'][ident].rsplit('/', 1)[-1]
            elif kind == 'fn':
                fn = names['fn'][ident]
            continue
        if line.startswith('calls='):
            after_calls = True   # the next cost line is the call's, inclusive
            continue
        if (line[:1].isdigit() or line[:1] in '+-*') and fn is not None:
            if after_calls:
                after_calls = False
                continue
            row = costs[(ob, fn)]
            for i, value in enumerate(line.split()[1:]):
                row[i] += int(value)
    return events, costs


def per_request(short, long_, n):
    events, a = load(short)
    _, b = load(long_)
    zero = [0] * len(events)
    return events, {k: [(y - x) / n for x, y in zip(a.get(k, zero), v)] for k, v in b.items()}


def main():
    short, long_, n, top = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    events, rows = per_request(short, long_, n)
    shown = [e for e in ('Ir', 'I1mr', 'D1mr', 'D1mw', 'ILmr', 'DLmr') if e in events]
    col = {e: events.index(e) for e in shown}
    by_lib = collections.defaultdict(lambda: [0.0] * len(events))
    for (lib, _), v in rows.items():
        by_lib[lib] = [x + y for x, y in zip(by_lib[lib], v)]
    total = [sum(v[i] for v in by_lib.values()) for i in range(len(events))]
    print('per request: ' + '  '.join('%s %.0f' % (e, total[col[e]]) for e in shown))
    print('%-32s' % 'library' + ''.join('%9s' % e for e in shown))
    for lib, v in sorted(by_lib.items(), key=lambda kv: -kv[1][col['Ir']]):
        if v[col['Ir']] >= 50:
            print('%-32s' % lib[:32] + ''.join('%9.0f' % v[col[e]] for e in shown))
    misses = lambda v: v[col['I1mr']] + v[col['D1mr']] + v[col['D1mw']]
    print('functions by L1 misses (I1mr + D1mr + D1mw):')
    for (lib, fn), v in sorted(rows.items(), key=lambda kv: -misses(kv[1]))[:top]:
        print('%7.1f  ' % misses(v) + '  '.join('%s %.0f' % (e, v[col[e]]) for e in shown[:4]) +
              '  %s (%s)' % (fn, lib))


if __name__ == '__main__':
    main()
