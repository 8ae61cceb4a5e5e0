// organizations-retries.js: 20 concurrent ListRoots calls on one client
// that retries up to 100 times, printing each response's RetryAttempts
//
// aioboto3's retries example, with gaws from GJS:
//
//   try_hard = AioConfig(retries={"max_attempts": 100})
//   async with Session().client("organizations", config=try_hard) as client:
//       resp_list = await asyncio.gather(*[client.list_roots() for _ in range(20)])
//       print([r["ResponseMetadata"]["RetryAttempts"] for r in resp_list])
//
// Each output carries botocore's ResponseMetadata:
// output.get_response_metadata().get_retry_attempts() is
// r["ResponseMetadata"]["RetryAttempts"]. On AWS most calls are throttled
// and retried; moto never throttles.
//
// Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gjs -m organizations-retries.js
//
// Copyright 2026 The gaws authors
// SPDX-License-Identifier: Apache-2.0

import Gaws from 'gi://Gaws?version=1.0';
import GawsOrganizations from 'gi://GawsOrganizations?version=1.0';
import {isServiceError, promisify, run, sessionNew} from './gaws-example.js';

promisify(GawsOrganizations.Client, 'create_organization', 'list_roots');

run(async () => {
    const tryHard = Gaws.ClientConfig.new();
    tryHard.set_max_attempts(100);
    const client = GawsOrganizations.Client.new(sessionNew(), tryHard);
    try {
        await client.create_organization_async(new GawsOrganizations.CreateOrganizationRequest({feature_set: 'ALL'}), null);
        print('Created an organization');
    } catch (error) {
        if (!isServiceError(error, 'AlreadyInOrganizationException'))
            throw error;
    }

    print('20 concurrent list_roots() with max_attempts 100');
    // Listed in the order the responses came, as aioboto3's output is.
    const request = GawsOrganizations.ListRootsRequest.new();
    const respList = [];
    await Promise.all(Array.from({length: 20}, () =>
        client.list_roots_async(request, null).then(response => respList.push(response))));

    print(`root: ${respList[0].get_roots()[0].get_id()}`);
    print(`[${respList.map(r => r.get_response_metadata().get_retry_attempts()).join(', ')}]`);
});
