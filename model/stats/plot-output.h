// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_PLOT_OUTPUT_H
#define SAGIN_PLOT_OUTPUT_H

#include "ns3/gnuplot.h"

#include <string>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Write a plot as BASE.plt (a gnuplot script whose terminal is PNG) and, when gnuplot is
 * installed, run it to make BASE.png.
 * \param plot the plot (its terminal and output file are set here)
 * \param base file name without extension
 * \return whether the PNG was made
 */
bool WriteGnuplotPng(Gnuplot& plot, const std::string& base);

} // namespace sagin
} // namespace ns3

#endif // SAGIN_PLOT_OUTPUT_H
