# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil -*-
# SPDX-License-Identifier: GPL-2.0-only
#
# For ns-3 trees that still build with waf (ns-3.35 and older). The file lists are read from
# CMakeLists.txt (between the sagin-file-lists markers), so there is one list to maintain.

import os
import re


def _cmake_lists(path, begin=None, end=None):
    with open(os.path.join(path, 'CMakeLists.txt')) as f:
        text = f.read()
    if begin:
        text = text.split(begin)[1].split(end)[0]
    return {name: body.split() for name, body in re.findall(r'set\((\w+)\s+([^)]*)\)', text)}


def configure(conf):
    conf.env.append_value('CXXFLAGS', '-std=c++17')
    conf.check_cfg(package='sqlite3', uselib_store='SAGIN_SQLITE3',
                   args=['--cflags', '--libs'], mandatory=True)
    conf.check_cfg(package='libsodium', uselib_store='SAGIN_SODIUM',
                   args=['--cflags', '--libs'], mandatory=True)


def build(bld):
    here = bld.path.abspath()
    lists = _cmake_lists(here, '# sagin-file-lists-begin', '# sagin-file-lists-end')
    module = bld.create_ns3_module('sagin', ['core', 'network', 'mobility', 'stats'])
    module.source = lists['sagin_sources']
    module.use.append('SAGIN_SQLITE3')
    module.use.append('SAGIN_SODIUM')

    headers = bld(features='ns3header')
    headers.module = 'sagin'
    headers.source = lists['sagin_headers']

    tests = bld.create_ns3_module_test_library('sagin')
    tests.source = lists['sagin_test_sources']

    if bld.env.ENABLE_EXAMPLES:
        examples = _cmake_lists(os.path.join(here, 'examples'))['sagin_examples']
        for name in examples:
            program = bld.create_ns3_program(name, ['sagin'])
            program.source = 'examples/%s.cc' % name
