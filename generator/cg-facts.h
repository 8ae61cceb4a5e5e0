/* cg-facts.h: writing m4 facts, with every model text escaped
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CgFacts CgFacts;

CgFacts  *cg_facts_new            (void);
void      cg_facts_free           (CgFacts    *facts);
void      cg_facts_begin          (CgFacts    *facts,
                                   const char *macro);
void      cg_facts_text           (CgFacts    *facts,
                                   const char *text);
void      cg_facts_identifier     (CgFacts    *facts,
                                   const char *identifier);
void      cg_facts_int            (CgFacts    *facts,
                                   gint64      value);
void      cg_facts_double         (CgFacts    *facts,
                                   double      value);
void      cg_facts_end            (CgFacts    *facts);
gboolean  cg_facts_write          (CgFacts    *facts,
                                   const char *path,
                                   const char *lean_path,
                                   GError    **error);

void      cg_facts_escape         (GString    *out,
                                   const char *text);
char     *cg_facts_unescape       (const char *text,
                                   gsize       length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CgFacts, cg_facts_free)

G_END_DECLS
