/* gaws-jmespath.h: compiled JMESPath expressions over jansson values
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib-object.h>
#include <jansson.h>

G_BEGIN_DECLS

/**
 * GAWS_JMESPATH_ERROR_SYNTAX:
 *
 * The gaws_error_get_code() of an expression that does not parse. The
 * message names the position (in characters, from 0) where parsing stopped.
 */
#define GAWS_JMESPATH_ERROR_SYNTAX           "syntax"

/**
 * GAWS_JMESPATH_ERROR_INVALID_TYPE:
 *
 * The gaws_error_get_code() of a function called with an argument of the
 * wrong type, such as `abs('text')`.
 */
#define GAWS_JMESPATH_ERROR_INVALID_TYPE     "invalid-type"

/**
 * GAWS_JMESPATH_ERROR_INVALID_VALUE:
 *
 * The gaws_error_get_code() of a value no JMESPath operation accepts: a
 * slice step of zero, a number out of range, data nested too deeply.
 */
#define GAWS_JMESPATH_ERROR_INVALID_VALUE    "invalid-value"

/**
 * GAWS_JMESPATH_ERROR_INVALID_ARITY:
 *
 * The gaws_error_get_code() of a function called with too few or too many
 * arguments. Reported by gaws_jmespath_compile().
 */
#define GAWS_JMESPATH_ERROR_INVALID_ARITY    "invalid-arity"

/**
 * GAWS_JMESPATH_ERROR_UNKNOWN_FUNCTION:
 *
 * The gaws_error_get_code() of a call to a function JMESPath does not
 * define. Reported by gaws_jmespath_compile().
 */
#define GAWS_JMESPATH_ERROR_UNKNOWN_FUNCTION "unknown-function"

/**
 * GAWS_TYPE_JMESPATH:
 *
 * The #GType of #GawsJmespath, a boxed type.
 */
#define GAWS_TYPE_JMESPATH (gaws_jmespath_get_type ())

typedef struct _GawsJmespath GawsJmespath;

GType         gaws_jmespath_get_type       (void) G_GNUC_CONST;
GawsJmespath *gaws_jmespath_compile        (const char    *expression,
                                            GError       **error);
GawsJmespath *gaws_jmespath_ref            (GawsJmespath  *self);
void          gaws_jmespath_unref          (GawsJmespath  *self);
const char   *gaws_jmespath_get_expression (GawsJmespath  *self);
json_t       *gaws_jmespath_search         (GawsJmespath  *self,
                                            json_t        *data,
                                            GError       **error);
json_t       *gaws_jmespath_search_string  (const char    *expression,
                                            json_t        *data,
                                            GError       **error);
char         *gaws_jmespath_search_json    (const char    *expression,
                                            const char    *json_text,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsJmespath, gaws_jmespath_unref)

G_END_DECLS
