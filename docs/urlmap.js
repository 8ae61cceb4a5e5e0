// urlmap.js: where gi-docgen links the namespaces the references refer to.
//
// Copyright 2026 The gaws authors
// SPDX-License-Identifier: Apache-2.0
baseURLs = [
  [ 'GLib', 'https://docs.gtk.org/glib/' ],
  [ 'GObject', 'https://docs.gtk.org/gobject/' ],
  [ 'Gio', 'https://docs.gtk.org/gio/' ],
  [ 'Gaws', '../Gaws/' ],
]
