m4_include(common.m4)m4_divert(-1)
# shapes-c.m4: the classes of a service's structures, a few hundred per
# file. A class is its descriptor: registering it and typed accessors
# that call the generic ones of GawsShape are all there is.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

m4_define([g4_service], [g4_remember_service($@)])
m4_define([g4_chunk], [g4_remember([chunk_file_$1], [$2])])
m4_define([g4_current_chunk], [-1])

# A new file starts when a class belongs to the next chunk.
m4_define([g4_start_chunk], [m4_ifelse([$1], g4_current_chunk, [], [m4_define([g4_current_chunk], [$1])m4_divert(0)@>m4_indir([g4_chunk_file_$1])
g4_banner

#include "g4_stem-private.h"
m4_divert(-1)])])

m4_define([g4_class], [g4_start_chunk([$7])g4_remember([class_info], [&g4_func[]__shapes@{$1@}])m4_divert(0)
/**
 * $3:g4_doc_lines
 *
 * The `$2` structure.
 */

GAWS_DEFINE_SHAPE_TYPE ($3, $4, g4_class_info)

/**
 * $4_new:
 *
 * Returns: (transfer full): a new #$3 with every member unset
 */
$3 *
$4_new (void)
{
  return ($3 *) gaws_shape_new (g4_class_info);
}
m4_divert(-1)])

m4_define([g4_accessor], [m4_divert(0)
/**
 * $3_get_$5:
 * @self: a #$4[]g4_doc_lines
 *
m4_ifelse([$10], [1], [ * Returns: the `$9` member, or 0 when unset
], [ * Returns: (nullable) (transfer none)$8: the `$9` member, or %NULL when unset
]) */
m4_patsubst([$7], [ $])
$3_get_$5 ($4 *self)
{
  return m4_ifelse([$6], [shape], [($7) ])gaws_shape_get_$6 ((GawsShape *) self, $2);
}

/**
 * $3_set_$5:
 * @self: a #$4
m4_ifelse([$10], [1], [ * @value: the new value
], [ * @value: (nullable)$8: the new value, or %NULL to unset
]) *
 * Sets the `$9` member.
 */
void
$3_set_$5 ($4 *self,
    $7value)
{
  gaws_shape_set_$6 ((GawsShape *) self, $2, m4_ifelse([$6], [shape], [(GawsShape *) ])value);
}
m4_ifelse([$12], [], [], [
/**
 * $4:$11: (type $12)
 *
 * The `$9` member.
 */
])m4_ifelse([$10], [1], [
/**
 * $3_has_$5:
 * @self: a #$4
 *
 * Returns: whether the `$9` member is set, even to 0 or %FALSE
 */
gboolean
$3_has_$5 ($4 *self)
{
  return gaws_shape_is_set ((GawsShape *) self, $2);
}
])m4_divert(-1)])

g4_include_facts
