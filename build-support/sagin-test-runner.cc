// SPDX-License-Identifier: GPL-2.0-only
//
// Test runner of the standalone build: the same entry point as ns-3's utils/test-runner.cc,
// linked with the sagin TestSuites. Run with --help for the options (--suite=NAME, --list...).

#include "ns3/test.h"

int
main(int argc, char** argv)
{
    return ns3::TestRunner::Run(argc, argv);
}
