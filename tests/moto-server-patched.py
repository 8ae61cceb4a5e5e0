#!/usr/bin/env python3
# moto-server-patched.py: moto_server with three of its bugs patched, so it
# accepts what AWS accepts. Every test runs moto through it (see
# gaws-test-emulator.c; GAWS_MOTO_SERVER names another program), and so does
# tools/demo.sh. Arguments are moto_server's.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0
#
# 1. Signature checks of bodiless requests: moto keeps the headers (or the
#    query) of a GET without body as its "data" and hashes that as the
#    payload, so every GET or DELETE of a rest-json service (Lambda's
#    ListFunctions, GetFunction) fails with SignatureDoesNotMatch, for
#    botocore as for gaws. The payload of a request without body is empty.
# 2. Compressed requests (requestcompression, CloudWatch's PutMetricData):
#    the server inflates a gzip body before the request reaches the
#    service, which inflates it again and fails with a 500; and the
#    signature is checked over the inflated bytes, not the ones signed.
#    The body is now inflated once, and the signature checked over the
#    bytes sent.
# 3. Signature checks of percent-encoded paths and queries: moto rebuilds
#    the canonical request from werkzeug's request.url, an IRI in which the
#    percent-encoding is decoded ('a%2Bb%26c' becomes 'a+b&c', 'prefix=k%2F'
#    becomes 'prefix=k/', '%C3%A9' becomes 'é') and from which urlparse then
#    cuts ';...' off the path as "params". So any S3 key with '+&=;,()<>' or
#    non-ASCII, and ListObjectsV2 with Prefix='k/' or Delimiter='/', fails
#    with SignatureDoesNotMatch, for botocore as for gaws. AWS signs the path
#    and query as they were sent on the wire: they are now taken from the
#    request line (RAW_URI), and botocore's signer canonicalises them as a
#    client's does (S3 uses the path as is, other services encode it again).
import gzip
import io
import sys
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request
from moto.core import responses
from moto.iam import access_control
from moto.moto_server import utilities, werkzeug_app

SENT_BODY = "gaws.sent_body"
create_aws_request = access_control.IAMRequestBase._create_aws_request


def _sent_path():
    # The request target as sent, still percent-encoded; werkzeug's server
    # keeps it in RAW_URI (absolute in a request to a proxy).
    if not has_request_context():
        return None
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if not raw:
        return None
    if "://" not in raw.split("?", 1)[0]:
        return raw  # origin form; urlsplit would take a '//key' for a host
    parts = urlsplit(raw)
    return parts.path + ("?" + parts.query if parts.query else "")


def _create_aws_request(self):
    sent = request.environ.get(SENT_BODY) if has_request_context() else None
    # A form POST (query protocol) has its body in _data, parsed: only a
    # GET, HEAD or DELETE has none.
    empty = not self._body and self._method in ("GET", "HEAD", "DELETE")
    saved = self._body, self._data, self._path
    if sent is not None or empty:
        self._body, self._data = (sent, sent) if sent is not None else (b"", b"")
    self._path = _sent_path() or self._path
    try:
        return create_aws_request(self)
    finally:
        self._body, self._data, self._path = saved


def _gzip_decompress(body):
    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


def _decompress_request_body():
    if current_app.service == "s3":
        return
    if request.content_encoding == "gzip":
        sent = request.stream.read()
        request.environ[SENT_BODY] = sent
        request.stream = io.BytesIO(gzip.decompress(sent))
        request.get_data(parse_form_data=True)


access_control.IAMRequestBase._create_aws_request = _create_aws_request
responses.gzip_decompress = _gzip_decompress
utilities.decompress_request_body = _decompress_request_body
werkzeug_app.decompress_request_body = _decompress_request_body

from moto.server import main  # noqa: E402

sys.exit(main(sys.argv[1:]))
