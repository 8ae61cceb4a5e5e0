m4_include(common.m4)m4_divert(-1)
# meson-build.m4: the build of one generated service: a shared library
# libgaws-<service>-1 with its headers and pkg-config file.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

m4_define([g4_service], [g4_remember_service($@)])
m4_define([g4_chunk], [m4_divert(1)  '$2',
m4_divert(-1)])

g4_include_lean_facts
m4_divert(0)m4_dnl
@>meson.build
g4_banner_hash

g4_func[]_sources = files(
  'g4_stem-client.c',
  'g4_stem-tables.c',
m4_undivert(1)m4_dnl
)

g4_func[]_headers = files(
  'g4_stem.h',
  'g4_stem-client.h',
  'g4_stem-autoptr.h',
  'g4_stem-enums.h',
  'g4_stem-shapes.h',
)

lib[]g4_func = shared_library('g4_stem-' + gaws_api_version,
  g4_func[]_sources,
  dependencies : gaws_dep,
  c_args : '-DG_LOG_DOMAIN="g4_camel"',
  # Thin wrappers over tables: size matters more than speed, and -Os
  # compiles the biggest services much faster than -O2.
  override_options : get_option('optimization') in @{'0', 'g'@} ? @{@} : @{'optimization=s'@},
  gnu_symbol_visibility : 'default',
  link_args : gaws_library_link_args,
  version : '0.1.0',
  soversion : '0',
  install : true)

install_headers(g4_func[]_headers, subdir : 'gaws-' + gaws_api_version / 'g4_name')

g4_func[]_dep = declare_dependency(
  link_with : lib[]g4_func,
  include_directories : include_directories('.'),
  dependencies : gaws_dep)
meson.override_dependency('g4_stem-' + gaws_api_version, g4_func[]_dep)

import('pkgconfig').generate(lib[]g4_func,
  name : 'g4_stem-' + gaws_api_version,
  filebase : 'g4_stem-' + gaws_api_version,
  description : 'gaws: the g4_name service',
  subdirs : 'gaws-' + gaws_api_version / 'g4_name',
  requires : 'gaws-' + gaws_api_version)

gaws_service_deps += {'g4_name' : g4_func[]_dep}
