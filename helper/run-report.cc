// SPDX-License-Identifier: GPL-2.0-only
#include "run-report.h"

#include "ns3/show-progress.h"

#include <iostream>

namespace ns3
{
namespace sagin
{

RunReport::RunReport(const NodeContainer& nodes, bool showProgress)
{
    m_drops.Install(nodes);
    if (showProgress)
    {
        // Wall-clock interval: a line every 10 s whatever the simulation's speed.
        m_progress = std::make_unique<ShowProgress>(Seconds(10), std::cerr);
    }
}

RunReport::~RunReport() = default;

void
RunReport::PrintDrops(std::ostream& os) const
{
    if (m_drops.GetTotal() > 0)
    {
        os << "drops: " << m_drops.Format() << std::endl;
    }
}

const DropSummary&
RunReport::GetDrops() const
{
    return m_drops;
}

} // namespace sagin
} // namespace ns3
