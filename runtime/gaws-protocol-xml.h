/* gaws-protocol-xml.h: XML bodies for the query, ec2 and rest-xml protocols
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "gaws-shape.h"

G_BEGIN_DECLS

typedef struct _GawsXmlNode GawsXmlNode;

/**
 * GawsXmlNode:
 * @name: the element's local name, its namespace prefix removed
 * @attribute_names: (array zero-terminated=1): attribute names as written
 * @attribute_values: (array zero-terminated=1): their values
 * @text: the element's own character data, nul-terminated; `""` when none
 * @text_length: the length of @text in bytes
 * @children: (array length=n_children): the child elements in order
 * @n_children: how many children there are
 *
 * One element of a parsed XML document: all the AWS protocols need. A
 * document is read only, and all of it (nodes, names, attributes, text)
 * lives in blocks its root owns, so gaws_xml_node_free() on the root
 * frees it at once.
 */
struct _GawsXmlNode {
  const char   *name;
  const char  **attribute_names;
  const char  **attribute_values;
  const char   *text;
  gsize         text_length;
  GawsXmlNode **children;
  guint         n_children;
  guint         name_length;  /* strlen (name) */
};

GawsXmlNode *gaws_xml_parse               (const char          *data,
                                           gsize                length,
                                           GError             **error);
void         gaws_xml_node_free           (GawsXmlNode         *node);
GawsXmlNode *gaws_xml_node_get_child      (GawsXmlNode         *node,
                                           const char          *name);
const char  *gaws_xml_node_get_child_text (GawsXmlNode         *node,
                                           const char          *name);
const char  *gaws_xml_node_get_attribute  (GawsXmlNode         *node,
                                           const char          *name);
gboolean     gaws_xml_node_equal          (GawsXmlNode         *a,
                                           GawsXmlNode         *b);

gboolean     gaws_xml_read_structure      (GawsShape           *shape,
                                           GawsXmlNode         *node,
                                           GError             **error);
G_GNUC_INTERNAL
gboolean     gaws_xml_read_new_structure  (GawsShape           *shape,
                                           GawsXmlNode         *node,
                                           GError             **error);
gboolean     gaws_xml_read_member         (GawsShape           *shape,
                                           guint                index,
                                           GawsXmlNode         *node,
                                           GError             **error);
void         gaws_xml_write_member        (GString             *out,
                                           const GawsMemberInfo *member,
                                           const char          *name,
                                           const GValue        *value,
                                           const char          *namespace_uri);
void         gaws_xml_write_structure     (GString             *out,
                                           GawsShape           *shape,
                                           const char          *name,
                                           const char          *namespace_prefix,
                                           const char          *namespace_uri,
                                           gboolean             body_only);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GawsXmlNode, gaws_xml_node_free)

G_END_DECLS
