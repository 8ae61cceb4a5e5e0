#!/usr/bin/env python3
# Writes runtime/gaws-endpoint-partitions-data.c from models/partitions.json.
# Run from the top folder after updating models/partitions.json.
import os
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = open(os.path.join(root, 'models', 'partitions.json'), 'rb').read()
out = ['/* gaws-endpoint-partitions-data.c: models/partitions.json, embedded\n *\n'
       ' * Generated from models/partitions.json (botocore 1.43.11, Apache-2.0, see\n'
       ' * models/LICENSE and models/NOTICE); test-endpoint-rules checks that it\n'
       ' * matches the file byte for byte. To update, copy the new partitions.json\n'
       ' * into models/ and run tools/gen-endpoint-partitions-data.py.\n */\n'
       '#include "gaws-endpoint-partitions-private.h"\n\n'
       'const char gaws_endpoint_partitions_json[] =\n']
for line in data.decode().splitlines(True):
    s = line.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')
    out.append('  "' + s + '"\n')
out.append('  ;\n')
with open(os.path.join(root, 'runtime', 'gaws-endpoint-partitions-data.c'), 'w') as f:
    f.write(''.join(out))
