// ssm-describe-parameters.js: a plain client call, and the same operation
// through its paginator
//
// aioboto3's client example, with gaws from GJS:
//
//   async with session.client('ssm', region_name='eu-central-1') as ssm_client:
//       result = await ssm_client.describe_parameters()
//       print(result['Parameters'])      # []
//
// Then it stores twelve parameters and lists them again with
// get_paginator('describe_parameters'), which follows NextToken from page
// to page (AWS and moto give at most ten parameters a page by default).
//
// Usage: AWS_ENDPOINT_URL=http://127.0.0.1:5000 gjs -m ssm-describe-parameters.js
//
// Copyright 2026 The gaws authors
// SPDX-License-Identifier: Apache-2.0

import Gaws from 'gi://Gaws?version=1.0';
import GawsSsm from 'gi://GawsSsm?version=1.0';
import {promisify, pyRepr, run, sessionNew} from './gaws-example.js';

promisify(GawsSsm.Client, 'describe_parameters', 'put_parameter');
promisify(Gaws.Paginator, 'next_page');

run(async () => {
    const ssmClient = GawsSsm.Client.new(sessionNew(), Gaws.ClientConfig.new());
    const request = GawsSsm.DescribeParametersRequest.new();

    print('describe_parameters()');
    const result = await ssmClient.describe_parameters_async(request, null);
    print(pyRepr((result.get_parameters() ?? []).map(p => ({Name: p.get_name(), Type: p.get_type_()}))));

    print("put_parameter(Name='/gaws/example/p01', Value='value 1') ... p12");
    for (let i = 1; i <= 12; i++) {
        await ssmClient.put_parameter_async(new GawsSsm.PutParameterRequest({
            name: `/gaws/example/p${String(i).padStart(2, '0')}`, value: `value ${i}`, type_: 'String', overwrite: true,
        }), null);
    }

    print("get_paginator('describe_parameters').paginate():");
    const paginator = ssmClient.get_paginator_describe_parameters(request);
    let page = 0;
    while (!paginator.is_done()) {
        const output = await paginator.next_page_async(null);
        if (output === null)
            break;
        const names = (output.get_parameters() ?? []).map(p => p.get_name());
        print(`page ${++page}: ${names.length} parameters` + (names.length ? `, ${names[0]} to ${names[names.length - 1]}` : ''));
    }
});
