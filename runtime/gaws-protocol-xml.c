/* gaws-protocol-xml.c: XML bodies for the query, ec2 and rest-xml protocols
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-protocol-xml.h"

#include <stdlib.h>
#include <string.h>
#include "gaws-error.h"
#include "gaws-protocol-rest.h"
#include "gaws-protocol-util.h"

/* GMarkup, not libxml2: AWS responses are plain UTF-8 XML with the five
 * predefined entities, which is what GMarkup reads, and GLib is already
 * there. The parser builds a small tree, since the shapes, not the
 * document order, decide what is read. */

#define MAX_DEPTH 256

static GawsXmlNode *
node_new (const char *qualified_name)
{
  GawsXmlNode *node = g_new0 (GawsXmlNode, 1);
  const char *colon = strchr (qualified_name, ':');

  node->name = g_strdup (colon ? colon + 1 : qualified_name);
  node->text = g_string_new (NULL);
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) gaws_xml_node_free);
  return node;
}

/**
 * gaws_xml_node_free:
 * @node: (nullable): a #GawsXmlNode
 *
 * Frees @node and its children.
 */
void
gaws_xml_node_free (GawsXmlNode *node)
{
  if (node == NULL)
    return;
  g_free (node->name);
  g_strfreev (node->attribute_names);
  g_strfreev (node->attribute_values);
  g_string_free (node->text, TRUE);
  g_ptr_array_unref (node->children);
  g_free (node);
}

typedef struct {
  GawsXmlNode *root;
  GPtrArray   *stack;
} ParseState;

static void
on_start (GMarkupParseContext  *context,
          const char           *element_name,
          const char          **attribute_names,
          const char          **attribute_values,
          gpointer              user_data,
          GError              **error)
{
  ParseState *state = user_data;
  GawsXmlNode *node;

  if (state->stack->len == 0 && state->root != NULL)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "More than one root element");
      return;
    }
  if (state->stack->len >= MAX_DEPTH)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "Elements nested too deep");
      return;
    }
  node = node_new (element_name);
  node->attribute_names = g_strdupv ((char **) attribute_names);
  node->attribute_values = g_strdupv ((char **) attribute_values);
  if (state->stack->len == 0)
    state->root = node;
  else
    g_ptr_array_add (((GawsXmlNode *) g_ptr_array_index (state->stack, state->stack->len - 1))->children, node);
  g_ptr_array_add (state->stack, node);
}

static void
on_end (GMarkupParseContext  *context,
        const char           *element_name,
        gpointer              user_data,
        GError              **error)
{
  ParseState *state = user_data;

  g_ptr_array_set_size (state->stack, state->stack->len - 1);
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  ParseState *state = user_data;

  if (state->stack->len > 0)
    g_string_append_len (((GawsXmlNode *) g_ptr_array_index (state->stack, state->stack->len - 1))->text,
                         text, text_len);
}

static const GMarkupParser parser = { on_start, on_end, on_text, NULL, NULL };

/**
 * gaws_xml_parse:
 * @data: (array length=length): an XML document
 * @length: its length
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the root element, or %NULL with
 *   @error set
 */
GawsXmlNode *
gaws_xml_parse (const char  *data,
                gsize        length,
                GError     **error)
{
  ParseState state = { NULL, g_ptr_array_new () };
  GMarkupParseContext *context;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &state, NULL);
  ok = g_markup_parse_context_parse (context, data, (gssize) length, &local_error) &&
       g_markup_parse_context_end_parse (context, &local_error);
  g_markup_parse_context_free (context);
  g_ptr_array_unref (state.stack);
  if (ok && state.root == NULL)
    {
      ok = FALSE;
      local_error = g_error_new_literal (G_MARKUP_ERROR, G_MARKUP_ERROR_EMPTY, "No root element");
    }
  if (!ok)
    {
      /* GMarkup quotes names as they are, invalid UTF-8 included. */
      g_autofree char *detail = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL, "Invalid XML in the response: %s", detail);
      gaws_xml_node_free (state.root);
      return NULL;
    }
  return state.root;
}

/**
 * gaws_xml_node_get_child:
 * @node: a #GawsXmlNode
 * @name: a local name
 *
 * Returns: (transfer none) (nullable): the first child named @name
 */
GawsXmlNode *
gaws_xml_node_get_child (GawsXmlNode *node,
                         const char  *name)
{
  for (guint i = 0; node != NULL && i < node->children->len; i++)
    {
      GawsXmlNode *child = g_ptr_array_index (node->children, i);

      if (strcmp (child->name, name) == 0)
        return child;
    }
  return NULL;
}

/**
 * gaws_xml_node_get_child_text:
 * @node: a #GawsXmlNode
 * @name: a local name
 *
 * Returns: (transfer none) (nullable): the text of the first child named @name
 */
const char *
gaws_xml_node_get_child_text (GawsXmlNode *node,
                              const char  *name)
{
  GawsXmlNode *child = gaws_xml_node_get_child (node, name);

  return child ? child->text->str : NULL;
}

/**
 * gaws_xml_node_get_attribute:
 * @node: a #GawsXmlNode
 * @name: an attribute name as written, such as `xsi:type`
 *
 * Returns: (transfer none) (nullable): its value
 */
const char *
gaws_xml_node_get_attribute (GawsXmlNode *node,
                             const char  *name)
{
  for (guint i = 0; node->attribute_names[i] != NULL; i++)
    if (strcmp (node->attribute_names[i], name) == 0)
      return node->attribute_values[i];
  return NULL;
}

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/**
 * gaws_xml_node_equal:
 * @a: a #GawsXmlNode
 * @b: another
 *
 * Compares two trees the way the protocol tests need: names, attributes in
 * any order, children in order, and text, where only whitespace between
 * elements does not count.
 *
 * Returns: whether @a and @b are the same document
 */
gboolean
gaws_xml_node_equal (GawsXmlNode *a,
                     GawsXmlNode *b)
{
  guint n_attributes = g_strv_length (a->attribute_names);

  if (strcmp (a->name, b->name) != 0 || n_attributes != g_strv_length (b->attribute_names) ||
      a->children->len != b->children->len)
    return FALSE;
  for (guint i = 0; i < n_attributes; i++)
    if (g_strcmp0 (gaws_xml_node_get_attribute (b, a->attribute_names[i]), a->attribute_values[i]) != 0)
      return FALSE;
  if (strcmp (a->text->str, b->text->str) != 0 &&
      !(a->children->len > 0 && is_blank (a->text->str) && is_blank (b->text->str)))
    return FALSE;
  for (guint i = 0; i < a->children->len; i++)
    if (!gaws_xml_node_equal (g_ptr_array_index (a->children, i), g_ptr_array_index (b->children, i)))
      return FALSE;
  return TRUE;
}

/* Reading shapes. */

static gboolean
is_flattened (const GawsMemberInfo *member)
{
  return (member->flags & GAWS_MEMBER_FLAG_FLATTENED) || (member->shape->flags & GAWS_SHAPE_FLAG_FLATTENED);
}

static gboolean read_element (const GawsMemberInfo *member, GawsXmlNode **nodes, guint n_nodes,
                              gpointer *element, GError **error);

static gboolean
read_list (const GawsMemberInfo  *member,
           GawsXmlNode          **nodes,
           guint                  n_nodes,
           gpointer              *element,
           GError               **error)
{
  const GawsMemberInfo *item = &member->shape->members[0];
  g_autoptr(GPtrArray) list = gaws_shape_info_new_list (member->shape);
  GawsXmlNode **items = nodes;
  guint n_items = n_nodes;

  if (!is_flattened (member))
    {
      items = (GawsXmlNode **) nodes[0]->children->pdata;
      n_items = nodes[0]->children->len;
    }
  for (guint i = 0; i < n_items; i++)
    {
      gpointer value = NULL;

      if (!read_element (item, &items[i], 1, &value, error))
        return FALSE;
      g_ptr_array_add (list, value);
    }
  *element = g_steal_pointer (&list);
  return TRUE;
}

static gboolean
read_map (const GawsMemberInfo  *member,
          GawsXmlNode          **nodes,
          guint                  n_nodes,
          gpointer              *element,
          GError               **error)
{
  const GawsMemberInfo *key = &member->shape->members[0];
  const GawsMemberInfo *value = &member->shape->members[1];
  const char *key_name = key->location_name ? key->location_name : "key";
  const char *value_name = value->location_name ? value->location_name : "value";
  g_autoptr(GHashTable) map = gaws_shape_info_new_map (member->shape);
  GawsXmlNode **entries = nodes;
  guint n_entries = n_nodes;

  if (!is_flattened (member))
    {
      entries = (GawsXmlNode **) nodes[0]->children->pdata;
      n_entries = nodes[0]->children->len;
    }
  for (guint i = 0; i < n_entries; i++)
    {
      GawsXmlNode *key_node = gaws_xml_node_get_child (entries[i], key_name);
      GawsXmlNode *value_node = gaws_xml_node_get_child (entries[i], value_name);
      gpointer item = NULL;

      if (key_node == NULL)
        continue;
      if (value_node != NULL && !read_element (value, &value_node, 1, &item, error))
        return FALSE;
      g_hash_table_replace (map, g_strdup (key_node->text->str), item);
    }
  *element = g_steal_pointer (&map);
  return TRUE;
}

static gboolean
read_element (const GawsMemberInfo  *member,
              GawsXmlNode          **nodes,
              guint                  n_nodes,
              gpointer              *element,
              GError               **error)
{
  GawsShape *shape;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      shape = gaws_shape_new (member->shape);
      if (!gaws_xml_read_structure (shape, nodes[0], error))
        {
          g_object_unref (shape);
          return FALSE;
        }
      *element = shape;
      return TRUE;
    case GAWS_SHAPE_KIND_LIST:
      return read_list (member, nodes, n_nodes, element, error);
    case GAWS_SHAPE_KIND_MAP:
      return read_map (member, nodes, n_nodes, element, error);
    case GAWS_SHAPE_KIND_BOOLEAN:
      /* Whatever is not `true` is false, as botocore reads it. */
      *element = g_variant_ref_sink (g_variant_new_boolean (strcmp (nodes[n_nodes - 1]->text->str, "true") == 0));
      return TRUE;
    default:
      return gaws_protocol_text_to_element (member, nodes[n_nodes - 1]->text->str, element, error);
    }
}

static const char *
element_name (const GawsMemberInfo *member)
{
  /* A flattened list repeats its element's name, when it has one. */
  if (member->shape->kind == GAWS_SHAPE_KIND_LIST && is_flattened (member) &&
      member->shape->members[0].location_name != NULL)
    return member->shape->members[0].location_name;
  return gaws_member_info_get_wire_name (member);
}

/**
 * gaws_xml_read_member:
 * @shape: a structure being built
 * @index: one of its members
 * @node: the member's element
 * @error: return location for a #GError
 *
 * Sets one member from its element, such as a rest-xml structure payload.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_xml_read_member (GawsShape    *shape,
                      guint         index,
                      GawsXmlNode  *node,
                      GError      **error)
{
  const GawsMemberInfo *member = &gaws_shape_get_info (shape)->members[index];
  gpointer element = NULL;

  if (!read_element (member, &node, 1, &element, error))
    return FALSE;
  gaws_protocol_take_element (shape, index, element);
  return TRUE;
}

/**
 * gaws_xml_read_structure:
 * @shape: a structure being built
 * @node: its element
 * @error: return location for a #GError
 *
 * Sets the members of @shape that travel in the body from @node's
 * children and attributes; unknown elements are skipped.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_xml_read_structure (GawsShape    *shape,
                         GawsXmlNode  *node,
                         GError      **error)
{
  const GawsShapeInfo *info = gaws_shape_get_info (shape);
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();

  for (guint i = 0; i < info->n_members; i++)
    {
      const GawsMemberInfo *member = &info->members[i];
      const char *name = element_name (member);
      gpointer element = NULL;

      /* A structure used as input and output may bind members to the
       * URI or the query string: in a response they are in the body. */
      if (member->location == GAWS_LOCATION_HEADER || member->location == GAWS_LOCATION_HEADERS ||
          member->location == GAWS_LOCATION_STATUS_CODE)
        continue;
      if (member->flags & GAWS_MEMBER_FLAG_XML_ATTRIBUTE)
        {
          const char *text = gaws_xml_node_get_attribute (node, name);

          if (text == NULL)
            continue;
          if (!gaws_protocol_text_to_element (member, text, &element, error))
            return FALSE;
          gaws_protocol_take_element (shape, i, element);
          continue;
        }
      g_ptr_array_set_size (matches, 0);
      for (guint j = 0; j < node->children->len; j++)
        if (strcmp (((GawsXmlNode *) node->children->pdata[j])->name, name) == 0)
          g_ptr_array_add (matches, node->children->pdata[j]);
      if (matches->len == 0)
        continue;
      if (!read_element (member, (GawsXmlNode **) matches->pdata, matches->len, &element, error))
        {
          g_prefix_error (error, "%s: ", member->name);
          return FALSE;
        }
      gaws_protocol_take_element (shape, i, element);
    }
  return TRUE;
}

/* Writing shapes, for rest-xml requests. */

static void write_element (GString *out, const GawsMemberInfo *member, const char *name,
                           gconstpointer element, const char *namespace_uri);

static void
open_tag (GString              *out,
          const char           *name,
          const GawsMemberInfo *member,
          const char           *namespace_uri)
{
  const char *prefix = member ? member->xml_namespace_prefix : NULL;

  if (namespace_uri == NULL && member != NULL)
    {
      namespace_uri = member->xml_namespace_uri ? member->xml_namespace_uri : member->shape->xml_namespace_uri;
      if (member->xml_namespace_uri == NULL)
        prefix = member->shape->xml_namespace_prefix;
    }
  g_string_append_printf (out, "<%s", name);
  if (namespace_uri != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (namespace_uri, -1);
      g_string_append_printf (out, " xmlns%s%s=\"%s\"", prefix ? ":" : "", prefix ? prefix : "", escaped);
    }
}

static void
write_text_element (GString              *out,
                    const GawsMemberInfo *member,
                    const char           *name,
                    const char           *text,
                    const char           *namespace_uri)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  open_tag (out, name, member, namespace_uri);
  g_string_append_printf (out, ">%s</%s>", escaped, name);
}

static void
write_list (GString              *out,
            const GawsMemberInfo *member,
            const char           *name,
            GPtrArray            *list,
            const char           *namespace_uri)
{
  const GawsMemberInfo *item = &member->shape->members[0];
  gboolean flattened = is_flattened (member);
  const char *item_name = flattened ? name : (item->location_name ? item->location_name : "member");

  if (!flattened)
    {
      open_tag (out, name, member, namespace_uri);
      g_string_append_c (out, '>');
    }
  for (guint i = 0; i < list->len; i++)
    if (list->pdata[i] != NULL)
      write_element (out, item, item_name, list->pdata[i], NULL);
  if (!flattened)
    g_string_append_printf (out, "</%s>", name);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
write_map (GString              *out,
           const GawsMemberInfo *member,
           const char           *name,
           GHashTable           *map,
           const char           *namespace_uri)
{
  const GawsMemberInfo *key = &member->shape->members[0];
  const GawsMemberInfo *value = &member->shape->members[1];
  gboolean flattened = is_flattened (member);
  g_autofree const char **keys = NULL;
  guint n_keys;

  if (!flattened)
    {
      open_tag (out, name, member, namespace_uri);
      g_string_append_c (out, '>');
    }
  keys = (const char **) g_hash_table_get_keys_as_array (map, &n_keys);
  qsort (keys, n_keys, sizeof (char *), compare_strings);
  for (guint i = 0; i < n_keys; i++)
    {
      const char *entry = flattened ? name : "entry";
      gpointer item = g_hash_table_lookup (map, keys[i]);

      g_string_append_printf (out, "<%s>", entry);
      write_text_element (out, key, key->location_name ? key->location_name : "key", keys[i], NULL);
      if (item != NULL)
        write_element (out, value, value->location_name ? value->location_name : "value", item, NULL);
      g_string_append_printf (out, "</%s>", entry);
    }
  if (!flattened)
    g_string_append_printf (out, "</%s>", name);
}

static void
write_element (GString              *out,
               const GawsMemberInfo *member,
               const char           *name,
               gconstpointer         element,
               const char           *namespace_uri)
{
  g_autofree char *text = NULL;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      gaws_xml_write_structure (out, (GawsShape *) element, name,
                                namespace_uri ? NULL : (member->xml_namespace_uri ? member->xml_namespace_prefix
                                                        : member->shape->xml_namespace_prefix),
                                namespace_uri ? namespace_uri : (member->xml_namespace_uri ? member->xml_namespace_uri
                                                                 : member->shape->xml_namespace_uri),
                                FALSE);
      return;
    case GAWS_SHAPE_KIND_LIST:
      write_list (out, member, name, (GPtrArray *) element, namespace_uri);
      return;
    case GAWS_SHAPE_KIND_MAP:
      write_map (out, member, name, (GHashTable *) element, namespace_uri);
      return;
    default:
      text = gaws_protocol_element_to_text (member, element, GAWS_TIMESTAMP_FORMAT_ISO8601);
      write_text_element (out, member, name, text ? text : "", namespace_uri);
      return;
    }
}

/**
 * gaws_xml_write_member:
 * @out: where to write
 * @member: a member
 * @name: its element name
 * @value: its value
 * @namespace_uri: (nullable): a namespace to declare on the element
 *
 * Writes one member as XML.
 */
void
gaws_xml_write_member (GString              *out,
                       const GawsMemberInfo *member,
                       const char           *name,
                       const GValue         *value,
                       const char           *namespace_uri)
{
  g_autofree char *text = NULL;

  if (G_VALUE_HOLDS_INT (value) || G_VALUE_HOLDS_INT64 (value) ||
      G_VALUE_HOLDS_BOOLEAN (value) || G_VALUE_HOLDS_DOUBLE (value))
    {
      text = gaws_protocol_value_to_text (member, value, GAWS_TIMESTAMP_FORMAT_ISO8601);
      write_text_element (out, member, name, text, namespace_uri);
      return;
    }
  write_element (out, member, name, g_value_peek_pointer (value), namespace_uri);
}

/**
 * gaws_xml_write_structure:
 * @out: where to write
 * @shape: a structure
 * @name: its element name
 * @namespace_prefix: (nullable): the prefix of @namespace_uri
 * @namespace_uri: (nullable): a namespace to declare on the element
 * @body_only: whether to leave out members bound to headers, the URI and
 *   the query string
 *
 * Writes a structure as XML, attributes included.
 */
void
gaws_xml_write_structure (GString     *out,
                          GawsShape   *shape,
                          const char  *name,
                          const char  *namespace_prefix,
                          const char  *namespace_uri,
                          gboolean     body_only)
{
  const GawsShapeInfo *info = gaws_shape_get_info (shape);

  g_string_append_printf (out, "<%s", name);
  if (namespace_uri != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (namespace_uri, -1);
      g_string_append_printf (out, " xmlns%s%s=\"%s\"", namespace_prefix ? ":" : "",
                              namespace_prefix ? namespace_prefix : "", escaped);
    }
  for (guint i = 0; i < info->n_members; i++)
    {
      const GawsMemberInfo *member = &info->members[i];
      const GValue *value = gaws_shape_get_value (shape, i);
      g_autofree char *text = NULL, *escaped = NULL;

      if (value == NULL || !(member->flags & GAWS_MEMBER_FLAG_XML_ATTRIBUTE))
        continue;
      text = gaws_protocol_value_to_text (member, value, GAWS_TIMESTAMP_FORMAT_ISO8601);
      escaped = g_markup_escape_text (text ? text : "", -1);
      g_string_append_printf (out, " %s=\"%s\"", gaws_member_info_get_wire_name (member), escaped);
    }
  g_string_append_c (out, '>');
  for (guint i = 0; i < info->n_members; i++)
    {
      const GawsMemberInfo *member = &info->members[i];
      const GValue *value = gaws_shape_get_value (shape, i);

      if (value == NULL || (member->flags & GAWS_MEMBER_FLAG_XML_ATTRIBUTE) ||
          (body_only && member->location != GAWS_LOCATION_BODY))
        continue;
      gaws_xml_write_member (out, member, gaws_member_info_get_wire_name (member), value, NULL);
    }
  g_string_append_printf (out, "</%s>", name);
}
