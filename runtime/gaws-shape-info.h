/* gaws-shape-info.h: the const descriptor tables of a service model
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _GawsShapeInfo     GawsShapeInfo;
typedef struct _GawsMemberInfo    GawsMemberInfo;
typedef struct _GawsOperationInfo GawsOperationInfo;
typedef struct _GawsServiceInfo   GawsServiceInfo;
typedef struct _GawsPaginatorInfo GawsPaginatorInfo;
typedef struct _GawsWaiterInfo    GawsWaiterInfo;
typedef struct _GawsWaiterAcceptorInfo GawsWaiterAcceptorInfo;

/**
 * GawsShapeKind:
 * @GAWS_SHAPE_KIND_STRUCTURE: a structure; instances are #GawsShape objects
 * @GAWS_SHAPE_KIND_UNION: a structure of which at most one member is set
 * @GAWS_SHAPE_KIND_LIST: a list; stored as #GPtrArray
 * @GAWS_SHAPE_KIND_MAP: a map with string keys; stored as #GHashTable
 * @GAWS_SHAPE_KIND_STRING: a string; an enum is a string with
 *   #GawsShapeInfo.enum_values, because AWS adds values at any time
 * @GAWS_SHAPE_KIND_INTEGER: a 32-bit integer
 * @GAWS_SHAPE_KIND_LONG: a 64-bit integer
 * @GAWS_SHAPE_KIND_BOOLEAN: a boolean
 * @GAWS_SHAPE_KIND_FLOAT: a float, stored as a double
 * @GAWS_SHAPE_KIND_DOUBLE: a double
 * @GAWS_SHAPE_KIND_TIMESTAMP: a point in time; stored as #GDateTime
 * @GAWS_SHAPE_KIND_BLOB: bytes; stored as #GBytes, or as #GInputStream when
 *   the shape is %GAWS_SHAPE_FLAG_STREAMING
 * @GAWS_SHAPE_KIND_DOCUMENT: an untyped JSON document; stored as its JSON text
 *
 * The type of a shape.
 */
typedef enum {
  GAWS_SHAPE_KIND_STRUCTURE,
  GAWS_SHAPE_KIND_UNION,
  GAWS_SHAPE_KIND_LIST,
  GAWS_SHAPE_KIND_MAP,
  GAWS_SHAPE_KIND_STRING,
  GAWS_SHAPE_KIND_INTEGER,
  GAWS_SHAPE_KIND_LONG,
  GAWS_SHAPE_KIND_BOOLEAN,
  GAWS_SHAPE_KIND_FLOAT,
  GAWS_SHAPE_KIND_DOUBLE,
  GAWS_SHAPE_KIND_TIMESTAMP,
  GAWS_SHAPE_KIND_BLOB,
  GAWS_SHAPE_KIND_DOCUMENT,
} GawsShapeKind;

/**
 * GawsShapeFlags:
 * @GAWS_SHAPE_FLAG_NONE: no flag
 * @GAWS_SHAPE_FLAG_STREAMING: a blob (or string) sent or received as a stream
 * @GAWS_SHAPE_FLAG_EVENTSTREAM: a union whose members are the events of a stream
 * @GAWS_SHAPE_FLAG_EVENT: a structure that is one event of an event stream
 * @GAWS_SHAPE_FLAG_EXCEPTION: a structure that is a modelled error
 * @GAWS_SHAPE_FLAG_FAULT: an error caused by the server
 * @GAWS_SHAPE_FLAG_SENSITIVE: a value that must not be logged
 * @GAWS_SHAPE_FLAG_FLATTENED: an XML list or map without a wrapping element
 * @GAWS_SHAPE_FLAG_HAS_MIN: #GawsShapeInfo.min is meaningful
 * @GAWS_SHAPE_FLAG_HAS_MAX: #GawsShapeInfo.max is meaningful
 * @GAWS_SHAPE_FLAG_REQUIRES_LENGTH: a stream whose length must be known
 * @GAWS_SHAPE_FLAG_SPARSE: a list or map that may hold nulls
 * @GAWS_SHAPE_FLAG_WRAPPER: an XML output structure wrapped in an element
 * @GAWS_SHAPE_FLAG_DEPRECATED: a deprecated shape
 * @GAWS_SHAPE_FLAG_SENDER_FAULT: an error that the client caused
 * @GAWS_SHAPE_FLAG_SYNTHETIC: a shape that exists only in the model
 *
 * Traits of a shape.
 */
typedef enum {
  GAWS_SHAPE_FLAG_NONE            = 0,
  GAWS_SHAPE_FLAG_STREAMING       = 1 << 0,
  GAWS_SHAPE_FLAG_EVENTSTREAM     = 1 << 1,
  GAWS_SHAPE_FLAG_EVENT           = 1 << 2,
  GAWS_SHAPE_FLAG_EXCEPTION       = 1 << 3,
  GAWS_SHAPE_FLAG_FAULT           = 1 << 4,
  GAWS_SHAPE_FLAG_SENSITIVE       = 1 << 5,
  GAWS_SHAPE_FLAG_FLATTENED       = 1 << 6,
  GAWS_SHAPE_FLAG_HAS_MIN         = 1 << 7,
  GAWS_SHAPE_FLAG_HAS_MAX         = 1 << 8,
  GAWS_SHAPE_FLAG_REQUIRES_LENGTH = 1 << 9,
  GAWS_SHAPE_FLAG_SPARSE          = 1 << 10,
  GAWS_SHAPE_FLAG_WRAPPER         = 1 << 11,
  GAWS_SHAPE_FLAG_DEPRECATED      = 1 << 12,
  GAWS_SHAPE_FLAG_SENDER_FAULT    = 1 << 13,
  GAWS_SHAPE_FLAG_SYNTHETIC       = 1 << 14,
} GawsShapeFlags;

/**
 * GawsMemberFlags:
 * @GAWS_MEMBER_FLAG_NONE: no flag
 * @GAWS_MEMBER_FLAG_REQUIRED: the member must be set
 * @GAWS_MEMBER_FLAG_XML_ATTRIBUTE: serialized as an XML attribute
 * @GAWS_MEMBER_FLAG_FLATTENED: an XML list or map without a wrapping element
 * @GAWS_MEMBER_FLAG_JSONVALUE: a string holding JSON (base64 in headers)
 * @GAWS_MEMBER_FLAG_IDEMPOTENCY_TOKEN: filled with a random UUID when unset
 * @GAWS_MEMBER_FLAG_HOST_LABEL: substituted into the operation's host prefix
 * @GAWS_MEMBER_FLAG_EVENT_PAYLOAD: the payload of an event
 * @GAWS_MEMBER_FLAG_EVENT_HEADER: a header of an event
 * @GAWS_MEMBER_FLAG_DEPRECATED: a deprecated member
 * @GAWS_MEMBER_FLAG_STREAMING: the member itself is streamed
 *
 * Traits of a member.
 */
typedef enum {
  GAWS_MEMBER_FLAG_NONE              = 0,
  GAWS_MEMBER_FLAG_REQUIRED          = 1 << 0,
  GAWS_MEMBER_FLAG_XML_ATTRIBUTE     = 1 << 1,
  GAWS_MEMBER_FLAG_FLATTENED         = 1 << 2,
  GAWS_MEMBER_FLAG_JSONVALUE         = 1 << 3,
  GAWS_MEMBER_FLAG_IDEMPOTENCY_TOKEN = 1 << 4,
  GAWS_MEMBER_FLAG_HOST_LABEL        = 1 << 5,
  GAWS_MEMBER_FLAG_EVENT_PAYLOAD     = 1 << 6,
  GAWS_MEMBER_FLAG_EVENT_HEADER      = 1 << 7,
  GAWS_MEMBER_FLAG_DEPRECATED        = 1 << 8,
  GAWS_MEMBER_FLAG_STREAMING         = 1 << 9,
} GawsMemberFlags;

/**
 * GawsLocation:
 * @GAWS_LOCATION_BODY: in the body (the default)
 * @GAWS_LOCATION_HEADER: one HTTP header, named by the location name
 * @GAWS_LOCATION_HEADERS: a map of HTTP headers sharing the location name as prefix
 * @GAWS_LOCATION_QUERYSTRING: a query parameter (a map: several)
 * @GAWS_LOCATION_URI: a `{label}` of the request URI
 * @GAWS_LOCATION_STATUS_CODE: the HTTP status code of the response
 *
 * Where a member travels in an HTTP message. That a member is the payload
 * is a trait of its structure: see #GawsShapeInfo.payload.
 */
typedef enum {
  GAWS_LOCATION_BODY,
  GAWS_LOCATION_HEADER,
  GAWS_LOCATION_HEADERS,
  GAWS_LOCATION_QUERYSTRING,
  GAWS_LOCATION_URI,
  GAWS_LOCATION_STATUS_CODE,
} GawsLocation;

/**
 * GawsTimestampFormat:
 * @GAWS_TIMESTAMP_FORMAT_DEFAULT: whatever the protocol and location use
 * @GAWS_TIMESTAMP_FORMAT_ISO8601: `2019-12-16T22:48:18Z`
 * @GAWS_TIMESTAMP_FORMAT_RFC822: `Mon, 16 Dec 2019 22:48:18 GMT`
 * @GAWS_TIMESTAMP_FORMAT_UNIX_TIMESTAMP: seconds since the epoch
 *
 * How a timestamp is written on the wire.
 */
typedef enum {
  GAWS_TIMESTAMP_FORMAT_DEFAULT,
  GAWS_TIMESTAMP_FORMAT_ISO8601,
  GAWS_TIMESTAMP_FORMAT_RFC822,
  GAWS_TIMESTAMP_FORMAT_UNIX_TIMESTAMP,
} GawsTimestampFormat;

/**
 * GawsMemberInfo:
 * @name: the member's name in the model, such as `TableName`
 * @property_name: (nullable): the #GObject property, such as `table-name`;
 *   %NULL for the element of a list and the key or value of a map
 * @shape: the member's shape
 * @location_name: (nullable): the name on the wire (header, query parameter,
 *   URI label, JSON key or XML element) when it differs from @name
 * @query_name: (nullable): the ec2 protocol's name of the member
 * @xml_namespace_prefix: (nullable): prefix of the member's XML namespace
 * @xml_namespace_uri: (nullable): URI of the member's XML namespace
 * @context_param: (nullable): the endpoint rule parameter the member sets
 * @location: a #GawsLocation
 * @timestamp_format: a #GawsTimestampFormat overriding the shape's
 * @flags: #GawsMemberFlags
 *
 * A member of a structure, the element of a list, or the key or value of a map.
 */
struct _GawsMemberInfo {
  const char          *name;
  const char          *property_name;
  const GawsShapeInfo *shape;
  const char          *location_name;
  const char          *query_name;
  const char          *xml_namespace_prefix;
  const char          *xml_namespace_uri;
  const char          *context_param;
  guint8               location;
  guint8               timestamp_format;
  guint16              flags;
};

/**
 * GawsShapeInfo:
 * @name: the shape's name in the model
 * @kind: a #GawsShapeKind
 * @timestamp_format: a #GawsTimestampFormat, for timestamps
 * @flags: #GawsShapeFlags
 * @get_type: (nullable): the #GType function of the generated class of a
 *   structure, or %NULL to use #GawsShape itself
 * @members: (array length=n_members): a structure's members in the model's
 *   order; for a list its element; for a map its key then its value
 * @n_members: length of @members
 * @payload: index in @members of the payload member, or -1
 * @min: the smallest length (strings, blobs, lists, maps) or value (numbers)
 * @max: the largest length or value
 * @enum_values: (array zero-terminated=1) (nullable): the known values of an enum
 * @location_name: (nullable): the shape's XML element name
 * @xml_namespace_prefix: (nullable): prefix of the shape's XML namespace
 * @xml_namespace_uri: (nullable): URI of the shape's XML namespace
 * @error_code: (nullable): the error code of an exception, when it is not @name
 * @error_status: the HTTP status of an exception, or 0
 *
 * One shape of a service model. Generated code holds these in static const
 * arrays; gaws_service_info_new_from_json() builds them at run time.
 */
struct _GawsShapeInfo {
  const char            *name;
  guint8                 kind;
  guint8                 timestamp_format;
  guint16                error_status;
  guint32                flags;
  GType                (*get_type) (void);
  const GawsMemberInfo  *members;
  guint                  n_members;
  gint                   payload;
  double                 min;
  double                 max;
  const char *const     *enum_values;
  const char            *location_name;
  const char            *xml_namespace_prefix;
  const char            *xml_namespace_uri;
  const char            *error_code;
};

/**
 * GawsOperationFlags:
 * @GAWS_OPERATION_FLAG_NONE: no flag
 * @GAWS_OPERATION_FLAG_CHECKSUM_REQUIRED: the request must carry a checksum
 * @GAWS_OPERATION_FLAG_UNSIGNED_PAYLOAD: the payload is not part of the signature
 * @GAWS_OPERATION_FLAG_AUTH_NONE: the operation is not signed
 * @GAWS_OPERATION_FLAG_DEPRECATED: a deprecated operation
 * @GAWS_OPERATION_FLAG_IDEMPOTENT: the operation may be repeated safely
 * @GAWS_OPERATION_FLAG_REQUEST_COMPRESSION: the request body may be compressed
 *
 * Traits of an operation.
 */
typedef enum {
  GAWS_OPERATION_FLAG_NONE                = 0,
  GAWS_OPERATION_FLAG_CHECKSUM_REQUIRED   = 1 << 0,
  GAWS_OPERATION_FLAG_UNSIGNED_PAYLOAD    = 1 << 1,
  GAWS_OPERATION_FLAG_AUTH_NONE           = 1 << 2,
  GAWS_OPERATION_FLAG_DEPRECATED          = 1 << 3,
  GAWS_OPERATION_FLAG_IDEMPOTENT          = 1 << 4,
  GAWS_OPERATION_FLAG_REQUEST_COMPRESSION = 1 << 5,
} GawsOperationFlags;

/**
 * GawsOperationInfo:
 * @service: the service the operation belongs to
 * @name: the operation's name, such as `PutItem`
 * @http_method: the HTTP method
 * @request_uri: the request URI template, such as `/{Bucket}/{Key+}?uploads`
 * @response_code: the HTTP status of success, or 0 for 200
 * @flags: #GawsOperationFlags
 * @input: (nullable): the input structure
 * @output: (nullable): the output structure
 * @input_location_name: (nullable): the rest-xml root element of the input
 * @input_xml_namespace_uri: (nullable): the rest-xml namespace of the input
 * @result_wrapper: (nullable): the query protocol's result element
 * @host_prefix: (nullable): the host prefix template, such as `{AccountId}.`
 * @errors: (array length=n_errors): the modelled errors of the operation
 * @n_errors: length of @errors
 * @request_algorithm_member: (nullable): the input member that chooses the
 *   request's flexible checksum (`httpChecksum.requestAlgorithmMember`,
 *   S3's `ChecksumAlgorithm`), or %NULL
 * @request_validation_mode_member: (nullable): the input member that asks
 *   for the response's checksum (`httpChecksum.requestValidationModeMember`,
 *   S3's `ChecksumMode`), or %NULL
 *
 * One operation of a service.
 */
struct _GawsOperationInfo {
  const GawsServiceInfo      *service;
  const char                 *name;
  const char                 *http_method;
  const char                 *request_uri;
  guint                       response_code;
  guint32                     flags;
  const GawsShapeInfo        *input;
  const GawsShapeInfo        *output;
  const char                 *input_location_name;
  const char                 *input_xml_namespace_uri;
  const char                 *result_wrapper;
  const char                 *host_prefix;
  const GawsShapeInfo *const *errors;
  guint                       n_errors;
  const char                 *request_algorithm_member;
  const char                 *request_validation_mode_member;
};

/**
 * GawsPaginatorInfo:
 * @operation: the operation paginated
 * @python_name: the boto3 name of the operation, such as `list_objects_v2`
 * @input_tokens: (array zero-terminated=1): the input members that take the
 *   output tokens, in order (`ContinuationToken`; `ExclusiveStartKey`)
 * @output_tokens: (array zero-terminated=1): JMESPath expressions over the
 *   output giving the next token of each input token, same order
 *   (`NextContinuationToken`; `LastEvaluatedKey`; `NextMarker || Contents[-1].Key`)
 * @more_results: (nullable): a JMESPath expression that is true while there
 *   are more pages (`IsTruncated`); without it, a page without tokens is the last
 * @limit_key: (nullable): the input member that sets the page size (`MaxKeys`)
 * @result_keys: (array zero-terminated=1) (nullable): JMESPath expressions of
 *   the lists whose items are the paginator's items (`Contents`;
 *   `CommonPrefixes`); %NULL when the model names none
 * @non_aggregate_keys: (array zero-terminated=1) (nullable): JMESPath
 *   expressions of values kept from the first page in a full result
 *
 * One paginator of `paginators-1.json`, as botocore reads it: a single
 * string in the model is a one-element array here.
 */
struct _GawsPaginatorInfo {
  const GawsOperationInfo *operation;
  const char              *python_name;
  const char *const       *input_tokens;
  const char *const       *output_tokens;
  const char              *more_results;
  const char              *limit_key;
  const char *const       *result_keys;
  const char *const       *non_aggregate_keys;
};

/**
 * GawsWaiterState:
 * @GAWS_WAITER_STATE_SUCCESS: the wait is over and succeeded
 * @GAWS_WAITER_STATE_FAILURE: the wait is over and failed
 * @GAWS_WAITER_STATE_RETRY: poll again after the delay
 *
 * What a matching acceptor of a waiter means.
 */
typedef enum {
  GAWS_WAITER_STATE_SUCCESS,
  GAWS_WAITER_STATE_FAILURE,
  GAWS_WAITER_STATE_RETRY,
} GawsWaiterState;

/**
 * GawsWaiterMatcher:
 * @GAWS_WAITER_MATCHER_PATH: the JMESPath @argument over the output equals @expected
 * @GAWS_WAITER_MATCHER_PATH_ALL: every element of the list @argument selects equals @expected
 * @GAWS_WAITER_MATCHER_PATH_ANY: some element of that list equals @expected
 * @GAWS_WAITER_MATCHER_STATUS: the HTTP status equals @expected
 * @GAWS_WAITER_MATCHER_ERROR: the call failed with the error code @expected;
 *   `true` matches any error, `false` a success
 *
 * How an acceptor of a waiter looks at the result of a poll.
 */
typedef enum {
  GAWS_WAITER_MATCHER_PATH,
  GAWS_WAITER_MATCHER_PATH_ALL,
  GAWS_WAITER_MATCHER_PATH_ANY,
  GAWS_WAITER_MATCHER_STATUS,
  GAWS_WAITER_MATCHER_ERROR,
} GawsWaiterMatcher;

/**
 * GawsWaiterAcceptorInfo:
 * @state: a #GawsWaiterState
 * @matcher: a #GawsWaiterMatcher
 * @argument: (nullable): the JMESPath expression of path matchers
 * @expected: the expected value as JSON text: `"ACTIVE"` (with the quotes),
 *   `true`, `404`, `"ResourceNotFoundException"`
 *
 * One acceptor of a waiter, in the model's order.
 */
struct _GawsWaiterAcceptorInfo {
  guint8      state;
  guint8      matcher;
  const char *argument;
  const char *expected;
};

/**
 * GawsWaiterInfo:
 * @name: the waiter's name in the model, such as `TableExists`
 * @python_name: its boto3 name, such as `table_exists`
 * @operation: the operation polled
 * @delay: seconds between polls
 * @max_attempts: polls before giving up
 * @acceptors: (array length=n_acceptors): the acceptors, in the model's order
 * @n_acceptors: length of @acceptors
 *
 * One waiter of `waiters-2.json`.
 */
struct _GawsWaiterInfo {
  const char                   *name;
  const char                   *python_name;
  const GawsOperationInfo      *operation;
  guint                         delay;
  guint                         max_attempts;
  const GawsWaiterAcceptorInfo *acceptors;
  guint                         n_acceptors;
};

/**
 * GawsServiceFlags:
 * @GAWS_SERVICE_FLAG_NONE: no flag
 * @GAWS_SERVICE_FLAG_QUERY_COMPATIBLE: error codes may come in the
 *   `x-amzn-query-error` header of a service that left the query protocol
 *
 * Traits of a service.
 */
typedef enum {
  GAWS_SERVICE_FLAG_NONE             = 0,
  GAWS_SERVICE_FLAG_QUERY_COMPATIBLE = 1 << 0,
} GawsServiceFlags;

/**
 * GawsServiceInfo:
 * @name: the service's folder name in the models, such as `dynamodb`
 * @protocols: (array zero-terminated=1): the protocols the service speaks,
 *   preferred first
 * @api_version: the model's `apiVersion`
 * @service_id: the model's `serviceId`
 * @endpoint_prefix: the model's `endpointPrefix`
 * @signing_name: the SigV4 service name
 * @json_version: (nullable): `1.0` or `1.1` for the json protocol
 * @target_prefix: (nullable): the `X-Amz-Target` prefix of the json protocol
 * @xml_namespace: (nullable): the XML namespace of the responses
 * @flags: #GawsServiceFlags
 * @operations: (array length=n_operations): the operations, sorted by name
 * @n_operations: length of @operations
 * @shapes: (array length=n_shapes): the shapes, sorted by name
 * @n_shapes: length of @shapes
 * @errors: (array length=n_errors): the exceptions, sorted by error code
 * @n_errors: length of @errors
 * @paginators: (array length=n_paginators): the paginators, sorted by
 *   operation name
 * @n_paginators: length of @paginators
 * @waiters: (array length=n_waiters): the waiters, sorted by name
 * @n_waiters: length of @waiters
 * @resources_json: (nullable): boto3's `resources-1.json` of the service,
 *   minified, when boto3 describes resources for it
 *
 * A service model as the runtime needs it.
 */
struct _GawsServiceInfo {
  const char                 *name;
  const char *const          *protocols;
  const char                 *api_version;
  const char                 *service_id;
  const char                 *endpoint_prefix;
  const char                 *signing_name;
  const char                 *json_version;
  const char                 *target_prefix;
  const char                 *xml_namespace;
  guint32                     flags;
  const GawsOperationInfo    *operations;
  guint                       n_operations;
  const GawsShapeInfo        *shapes;
  guint                       n_shapes;
  const GawsShapeInfo *const *errors;
  guint                       n_errors;
  const GawsPaginatorInfo    *paginators;
  guint                       n_paginators;
  const GawsWaiterInfo       *waiters;
  guint                       n_waiters;
  const char                 *resources_json;
};

const char              *gaws_member_info_get_wire_name      (const GawsMemberInfo    *member);
GawsTimestampFormat      gaws_member_info_get_timestamp_format (const GawsMemberInfo  *member);
gboolean                 gaws_member_info_is_streaming       (const GawsMemberInfo    *member);
GType                    gaws_member_info_get_value_type     (const GawsMemberInfo    *member);

gboolean                 gaws_shape_info_is_structure        (const GawsShapeInfo     *shape);
gint                     gaws_shape_info_find_member         (const GawsShapeInfo     *shape,
                                                              const char              *name);
const GawsMemberInfo    *gaws_shape_info_get_member          (const GawsShapeInfo     *shape,
                                                              guint                    index);
GDestroyNotify           gaws_shape_info_get_free_func       (const GawsShapeInfo     *shape);
GPtrArray               *gaws_shape_info_new_list            (const GawsShapeInfo     *shape);
GHashTable              *gaws_shape_info_new_map             (const GawsShapeInfo     *shape);
const char              *gaws_shape_info_get_error_code      (const GawsShapeInfo     *shape);

const GawsOperationInfo *gaws_service_info_find_operation    (const GawsServiceInfo   *service,
                                                              const char              *name);
const GawsShapeInfo     *gaws_service_info_find_shape        (const GawsServiceInfo   *service,
                                                              const char              *name);
const GawsShapeInfo     *gaws_service_info_find_error        (const GawsServiceInfo   *service,
                                                              const char              *code);
const GawsPaginatorInfo *gaws_service_info_find_paginator    (const GawsServiceInfo   *service,
                                                              const char              *operation_name);
const GawsWaiterInfo    *gaws_service_info_find_waiter       (const GawsServiceInfo   *service,
                                                              const char              *name);

G_END_DECLS
