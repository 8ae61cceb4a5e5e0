#!/usr/bin/python3
# organizations_retries.py: 20 concurrent ListRoots calls on one client that
# retries up to 100 times, printing each response's RetryAttempts
#
# aioboto3's retries example, with gaws through PyGObject:
#
#   try_hard = AioConfig(retries={"max_attempts": 100})
#   async with Session().client("organizations", config=try_hard) as client:
#       resp_list = await asyncio.gather(*[client.list_roots() for _ in range(20)])
#       print([r["ResponseMetadata"]["RetryAttempts"] for r in resp_list])
#
# Each output carries botocore's ResponseMetadata:
# output.get_response_metadata().get_retry_attempts() is
# r["ResponseMetadata"]["RetryAttempts"]. On AWS most calls are throttled
# and retried; moto never throttles.
#
# Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 /usr/bin/python3 organizations_retries.py
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

from gaws_example import call, is_service_error, session_new

import gi
gi.require_version('GawsOrganizations', '1.0')
from gi.repository import GLib, Gaws, GawsOrganizations  # noqa: E402


def main():
    try_hard = Gaws.ClientConfig.new()
    try_hard.set_max_attempts(100)
    client = GawsOrganizations.Client.new(session_new(), try_hard)
    try:
        call(client, 'create_organization', GawsOrganizations.CreateOrganizationRequest(feature_set='ALL'))
        print('Created an organization')
    except GLib.Error as error:
        if not is_service_error(error, 'AlreadyInOrganizationException'):
            raise

    print('20 concurrent list_roots() with max_attempts 100')
    # Listed in the order the responses came, as aioboto3's output is; the
    # results are finished after the loop, so that an error is raised here.
    results = []
    request = GawsOrganizations.ListRootsRequest.new()
    for _ in range(20):
        client.list_roots_async(request, None, lambda source, result: results.append(result))
    context = GLib.MainContext.default()
    while len(results) < 20:
        context.iteration(True)
    resp_list = [client.list_roots_finish(result) for result in results]

    print('root: %s' % resp_list[0].get_roots()[0].get_id())
    print([r.get_response_metadata().get_retry_attempts() for r in resp_list])


if __name__ == '__main__':
    main()
