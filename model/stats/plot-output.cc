// SPDX-License-Identifier: GPL-2.0-only

#include "plot-output.h"

#include "ns3/log.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace ns3
{
namespace sagin
{

NS_LOG_COMPONENT_DEFINE("SaginPlotOutput");

bool
WriteGnuplotPng(Gnuplot& plot, const std::string& base)
{
    plot.SetTerminal("png");
    plot.SetOutputFilename(base + ".png");
    {
        std::ofstream out(base + ".plt");
        if (!out)
        {
            throw std::runtime_error("cannot write the gnuplot script '" + base +
                                     ".plt'; check that its directory exists and is writable");
        }
        plot.GenerateOutput(out);
    }
    if (std::system("command -v gnuplot > /dev/null 2>&1") != 0)
    {
        NS_LOG_WARN("gnuplot not installed: wrote " << base << ".plt only");
        return false;
    }
    const std::string command = "gnuplot '" + base + ".plt'";
    return std::system(command.c_str()) == 0;
}

} // namespace sagin
} // namespace ns3
