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
    // Quoted for the shell (a quote in the name closes and reopens the quotes), and not
    // taken for an option by gnuplot when it starts with '-'.
    const std::string script = (base.empty() || base[0] != '-' ? "" : "./") + base + ".plt";
    std::string quoted;
    for (char c : script)
    {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    const std::string command = "gnuplot '" + quoted + "'";
    return std::system(command.c_str()) == 0;
}

} // namespace sagin
} // namespace ns3
