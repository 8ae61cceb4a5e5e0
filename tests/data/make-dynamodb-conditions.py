#!/usr/bin/env python3
# make-dynamodb-conditions.py: writes dynamodb-conditions.jsonl, the
# expected output of boto3's ConditionExpressionBuilder for the conditions
# below, which tests/test-dynamodb-conditions.c builds again with
# GawsDynamodbCondition and compares character for character.
#
# Run at development time, with boto3 installed, from this folder:
#   python3 make-dynamodb-conditions.py > dynamodb-conditions.jsonl
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0
#
# A condition is written as JSON, so that C and Python read the same text:
#   operand:   ["key", name] | ["attr", name] | ["size", operand]
#   condition: [op, operand, value] for eq ne lt lte gt gte begins_with contains
#              ["between", operand, low, high]   ["is_in", operand, [values]]
#              ["exists", operand]   ["not_exists", operand]
#              ["attribute_type", operand, "S"]
#              ["compare", op, operand, operand]   (an attribute as the value)
#              ["and", c, c]   ["or", c, c]   ["not", c]
# Values are plain JSON with gaws's tags ({"$B": base64}, {"$SS": [...]},
# {"$NS": [...]}, {"$BS": [...]}), as gaws_dynamodb_value_from_json() reads
# them; set members are listed sorted, because boto3 takes sets as Python
# sets and this script writes their members sorted.
#
# Each case is a list of builds on one builder, as boto3's
# TransformationInjector does for one request: "condition" (Filter- or
# ConditionExpression), "key_condition" or "projection" (a list of names,
# each placed with the builder's name rule and joined with ", "; boto3 has
# no projection builder).

import base64
import json
import sys
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, ConditionExpressionBuilder, Key
from boto3.dynamodb.types import Binary, TypeSerializer


def natural(value):
    if isinstance(value, dict) and len(value) == 1:
        (tag, payload), = value.items()
        if tag == '$B':
            return Binary(base64.b64decode(payload))
        if tag == '$SS':
            return set(payload)
        if tag == '$NS':
            return set(Decimal(str(n)) for n in payload)
        if tag == '$BS':
            return set(Binary(base64.b64decode(b)) for b in payload)
        if tag == '$N':
            return Decimal(payload)
        if tag == '$M':
            return {k: natural(v) for k, v in payload.items()}
    if isinstance(value, dict):
        return {k: natural(v) for k, v in value.items()}
    if isinstance(value, list):
        return [natural(v) for v in value]
    return value


def operand(spec):
    kind = spec[0]
    if kind == 'key':
        return Key(spec[1])
    if kind == 'attr':
        return Attr(spec[1])
    if kind == 'size':
        return operand(spec[1]).size()
    raise ValueError(spec)


def condition(spec):
    op = spec[0]
    if op in ('and', 'or'):
        left, right = condition(spec[1]), condition(spec[2])
        return left & right if op == 'and' else left | right
    if op == 'not':
        return ~condition(spec[1])
    if op == 'compare':
        return getattr(operand(spec[2]), spec[1])(operand(spec[3]))
    subject = operand(spec[1])
    if op == 'is_in':
        return subject.is_in([natural(v) for v in spec[2]])
    if op == 'attribute_type':
        return subject.attribute_type(spec[2])
    return getattr(subject, op)(*[natural(v) for v in spec[2:]])


SERIALIZER = TypeSerializer()


def wire(value):
    av = SERIALIZER.serialize(value)
    return to_json(av)


def to_json(av):
    (kind, payload), = av.items()
    if kind == 'B':
        return {'B': base64.b64encode(bytes(payload)).decode()}
    if kind == 'BS':
        return {'BS': sorted(base64.b64encode(bytes(b)).decode() for b in payload)}
    if kind in ('SS', 'NS'):
        return {kind: sorted(payload)}
    if kind == 'L':
        return {'L': [to_json(v) for v in payload]}
    if kind == 'M':
        return {'M': {k: to_json(v) for k, v in payload.items()}}
    return {kind: payload}


def run(builds):
    # through JSON text, as the C test reads it, numbers as Decimal
    builds = json.loads(json.dumps(builds), parse_float=Decimal, parse_int=Decimal)
    builder = ConditionExpressionBuilder()
    names, values, expressions = {}, {}, []
    for index, build in enumerate(builds):
        try:
            if build['kind'] == 'projection':
                expressions.append(', '.join(
                    builder._build_name_placeholder(Attr(n), names) for n in build['spec']))
                continue
            built = builder.build_expression(condition(build['spec']),
                                             is_key_condition=build['kind'] == 'key_condition')
        except Exception as e:  # the exception boto3 raises is the expectation
            return {'error': {'build': index, 'exception': type(e).__name__}}
        expressions.append(built.condition_expression)
        names.update(built.attribute_name_placeholders)
        values.update({k: wire(v) for k, v in built.attribute_value_placeholders.items()})
    return {'expressions': expressions, 'names': names, 'values': values}


def c(spec):
    return {'kind': 'condition', 'spec': spec}


def k(spec):
    return {'kind': 'key_condition', 'spec': spec}


def p(*names):
    return {'kind': 'projection', 'spec': list(names)}


A = ['attr', 'a']
KEY = ['key', 'pk']
SK = ['key', 'sk']

CASES = {}

# every operator of Key, as a key condition and as a filter
for op, args in [('eq', ['x']), ('lt', [5]), ('lte', [5]), ('gt', [5]), ('gte', [5]),
                 ('between', [1, 9]), ('begins_with', ['pre'])]:
    CASES[f'key-{op}'] = [k([op, SK] + args)]
    CASES[f'key-{op}-as-filter'] = [c([op, SK] + args)]

# every operator of Attr
for op, args in [('eq', ['x']), ('ne', ['x']), ('lt', [5]), ('lte', [5]), ('gt', [5]),
                 ('gte', [5]), ('between', ['a', 'm']), ('begins_with', ['pre']),
                 ('contains', ['sub'])]:
    CASES[f'attr-{op}'] = [c([op, A] + args)]
CASES['attr-is-in-one'] = [c(['is_in', A, ['x']])]
CASES['attr-is-in-many'] = [c(['is_in', A, ['x', 2, True, None, {'$B': 'AAE='}]])]
CASES['attr-exists'] = [c(['exists', A])]
CASES['attr-not-exists'] = [c(['not_exists', A])]
for t in ['S', 'SS', 'N', 'NS', 'B', 'BS', 'BOOL', 'NULL', 'L', 'M']:
    CASES[f'attr-attribute-type-{t}'] = [c(['attribute_type', A, t])]
for op, args in [('eq', [3]), ('lt', [3]), ('lte', [3]), ('gt', [3]), ('gte', [3]),
                 ('between', [1, 4])]:
    CASES[f'size-{op}'] = [c([op, ['size', A]] + args)]

# every kind of value
for name, value in [('string', 'h\u00e9llo \u2603'), ('empty-string', ''),
                    ('integer', 42), ('negative', -7), ('decimal', 1.5),
                    ('38-digits', {'$N': '12345678901234567890123456789012345678'}),
                    ('small', {'$N': '0.000001'}), ('binary', {'$B': 'AAEC/w=='}),
                    ('true', True), ('false', False), ('null', None),
                    ('list', [1, 'two', [None]]), ('map', {'k': 'v', 'n': {'m': 1}}),
                    ('string-set', {'$SS': ['a', 'b']}), ('number-set', {'$NS': [1, 2]}),
                    ('binary-set', {'$BS': ['AA==', 'AQ==']})]:
    CASES[f'value-{name}'] = [c(['eq', A, value])]

# attribute paths
for name, path in [('dotted', 'a.b'), ('nested', 'a.b[2].c'), ('indices', 'a[1][2]'),
                   ('bracketed-dots', 'x[y.z]w'), ('stray-bracket', 'a]b'),
                   ('double-dot', 'a..b'), ('dash', 'my-attr'), ('space', 'with space'),
                   ('unicode', '\u00fcn\u00efc\u00f8d\u00e9'), ('hash', '#hash'),
                   ('colon', ':colon'), ('reserved-word', 'name'), ('trailing-dot', 'a.'),
                   ('leading-index', '[0].a')]:
    CASES[f'path-{name}'] = [c(['eq', ['attr', path], 1])]
    CASES[f'path-{name}-key'] = [k(['eq', ['key', path], 1])]

# attribute against attribute
for op in ['eq', 'ne', 'lt', 'lte', 'gt', 'gte']:
    CASES[f'compare-{op}'] = [c(['compare', op, A, ['attr', 'b']])]
CASES['compare-size'] = [c(['compare', 'gt', A, ['size', ['attr', 'b']]])]
CASES['compare-keys'] = [k(['compare', 'eq', KEY, SK])]
CASES['between-attributes'] = [c(['between', A, 1, 2])]

# combinations
EQ = ['eq', KEY, 'p']
GT = ['gt', ['attr', 'n'], 1]
EX = ['exists', ['attr', 'e']]
CASES['and'] = [c(['and', EQ, GT])]
CASES['or'] = [c(['or', EQ, GT])]
CASES['not'] = [c(['not', GT])]
CASES['not-not'] = [c(['not', ['not', GT]])]
CASES['and-and'] = [c(['and', ['and', EQ, GT], EX])]
CASES['and-right'] = [c(['and', EQ, ['and', GT, EX]])]
CASES['or-of-ands'] = [c(['or', ['and', EQ, GT], ['and', EX, ['not', GT]]])]
CASES['mixed-deep'] = [c(['and', ['or', ['not', ['is_in', ['attr', 'c'], [1, 2, 3]]],
                                     ['between', ['size', ['attr', 'd.e[0]']], 1, 10]],
                              ['contains', ['attr', 'tags'], 'x']])]
CASES['same-name-twice'] = [c(['and', ['gt', A, 1], ['lt', A, 9]])]
CASES['query-key'] = [k(['and', EQ, ['begins_with', SK, '2024-']])]
CASES['query-key-between'] = [k(['and', EQ, ['between', SK, 'a', 'b']])]

# several expressions of one request share the placeholders' numbering
CASES['request-filter-then-key'] = [c(GT), k(['and', EQ, ['gt', SK, 3]])]
CASES['request-key-then-filter'] = [k(EQ), c(['and', GT, EX])]
CASES['request-condition-then-projection'] = [c(['not_exists', KEY]), p('pk', 'a.b', 'c[1]')]
CASES['request-three'] = [c(GT), k(EQ), p('n', 'e')]
CASES['projection'] = [p('a')]
CASES['projection-paths'] = [p('a.b[2].c', 'x', 'y[0]', 'z.w')]

# misuse that boto3 refuses
CASES['error-attr-in-key-condition'] = [k(['eq', A, 1])]
CASES['error-attr-in-key-condition-nested'] = [k(['and', EQ, ['gt', A, 1]])]
CASES['error-size-in-key-condition'] = [k(['eq', ['size', A], 1])]
CASES['error-attr-value-in-key-condition'] = [k(['compare', 'eq', KEY, A])]
CASES['error-attr-in-second-build'] = [c(GT), k(GT)]
for op, args in [('ne', ['x']), ('is_in', [['x']]), ('exists', []), ('not_exists', []),
                 ('contains', ['x']), ('attribute_type', ['S'])]:
    CASES[f'error-key-{op}'] = [c([op, KEY] + args)]
CASES['error-key-size'] = [c(['eq', ['size', KEY], 1])]
CASES['error-size-of-size'] = [c(['eq', ['size', ['size', A]], 1])]


def main():
    out = sys.stdout
    out.write('# Expected output of boto3 %s ConditionExpressionBuilder, one case a line.\n'
              % boto3.__version__)
    out.write('# Generated by make-dynamodb-conditions.py (read it for the format); do not edit.\n')
    for name in sorted(CASES):
        builds = CASES[name]
        record = {'name': name, 'builds': builds}
        record.update(run(builds))
        out.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + '\n')


if __name__ == '__main__':
    main()
