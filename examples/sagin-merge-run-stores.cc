// SPDX-License-Identifier: GPL-2.0-only
//
// Merge run stores written by separate processes or machines into one:
//
//   sagin-merge-run-stores ALL.db PART-1.db PART-2.db ...
//
// ALL.db is created if missing; the runs of every PART follow its own (RunStore::MergeFrom:
// run_ids renumbered, rows following, RngRun and configuration kept). Made for sweeps spread
// over a cluster with one --RngRun per job (GNU parallel, a Slurm job array): see the manual,
// "Parallel sweeps".

#include "ns3/run-store.h"
#include "ns3/string.h"

#include <iostream>
#include <stdexcept>
#include <string>

using namespace ns3;
using namespace ns3::sagin;

int
main(int argc, char* argv[])
{
    const std::string usage = "usage: sagin-merge-run-stores OUTPUT.db INPUT.db [INPUT.db ...]\n"
                              "Appends the runs of every INPUT run store to OUTPUT (created if "
                              "missing), renumbering their run_ids.";
    if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h"))
    {
        std::cout << usage << std::endl;
        return 0;
    }
    if (argc < 3)
    {
        std::cerr << "sagin-merge-run-stores: give the output and at least one input run store\n"
                  << usage << std::endl;
        return 1;
    }
    Ptr<RunStore> store;
    try
    {
        store = CreateObject<RunStore>();
        store->SetAttribute("Path", StringValue(argv[1]));
        store->Open();
        for (int k = 2; k < argc; ++k)
        {
            const int64_t runs = store->MergeFrom(argv[k]);
            std::cout << argv[k] << ": " << runs << " runs merged into " << argv[1] << std::endl;
        }
        store->Close();
    }
    catch (const std::exception& e)
    {
        std::cerr << "sagin-merge-run-stores: " << e.what() << std::endl;
        return 1;
    }
    return 0;
}
