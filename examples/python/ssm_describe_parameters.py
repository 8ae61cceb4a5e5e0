#!/usr/bin/python3
# ssm_describe_parameters.py: a plain client call, and the same operation
# through its paginator
#
# aioboto3's client example, with gaws through PyGObject:
#
#   async with session.client('ssm', region_name='eu-central-1') as ssm_client:
#       result = await ssm_client.describe_parameters()
#       print(result['Parameters'])      # []
#
# Then it stores twelve parameters and lists them again with
# get_paginator('describe_parameters'), which follows NextToken from page
# to page (AWS and moto give at most ten parameters a page by default).
#
# Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 /usr/bin/python3 ssm_describe_parameters.py
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

from gaws_example import call, session_new

import gi
gi.require_version('GawsSsm', '1.0')
from gi.repository import Gaws, GawsSsm  # noqa: E402


def main():
    ssm_client = GawsSsm.Client.new(session_new(), Gaws.ClientConfig.new())
    request = GawsSsm.DescribeParametersRequest.new()

    print('describe_parameters()')
    result = call(ssm_client, 'describe_parameters', request)
    print([{'Name': p.get_name(), 'Type': p.get_type_()} for p in result.get_parameters() or []])

    print("put_parameter(Name='/gaws/example/p01', Value='value 1') ... p12")
    for i in range(1, 13):
        call(ssm_client, 'put_parameter',
             GawsSsm.PutParameterRequest(name='/gaws/example/p%02d' % i, value='value %d' % i,
                                         type_='String', overwrite=True))

    print("get_paginator('describe_parameters').paginate():")
    paginator = ssm_client.get_paginator_describe_parameters(request)
    page = 0
    while not paginator.is_done():
        output = call(paginator, 'next_page')
        if output is None:
            break
        page += 1
        names = [p.get_name() for p in output.get_parameters() or []]
        print('page %d: %d parameters' % (page, len(names)) + (', %s to %s' % (names[0], names[-1]) if names else ''))


if __name__ == '__main__':
    main()
