// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_CONSTELLATION_HELPER_H
#define SAGIN_CONSTELLATION_HELPER_H

#include "ns3/node-container.h"
#include "ns3/walker-constellation.h"

#include <string>
#include <vector>

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * \brief Creates satellite nodes with a SatelliteMobilityModel each.
 *
 * Walker shells give CircularOrbit satellites. Node i of the returned container is
 * satellite i of GenerateWalkerConstellation (shell by shell, plane by plane, slot by slot);
 * GetWalkerSatellites() tells which is which.
 */
class ConstellationHelper
{
  public:
    ConstellationHelper();

    /**
     * Name every satellite node with ns3::Names as prefix + global index ("" = no names).
     * \param prefix the name prefix
     */
    void SetNamePrefix(const std::string& prefix);

    /**
     * \param shell one Walker shell (validated; std::invalid_argument on bad parameters)
     * \return one node per satellite
     */
    NodeContainer Install(const WalkerShell& shell);

    /**
     * \param shells Walker shells (validated; std::invalid_argument on bad parameters)
     * \return one node per satellite
     */
    NodeContainer Install(const std::vector<WalkerShell>& shells);

    /** \return every satellite installed so far, in node order */
    const std::vector<WalkerSatellite>& GetWalkerSatellites() const;

  private:
    std::string m_namePrefix;                  //!< node name prefix ("" = none)
    std::vector<WalkerSatellite> m_satellites; //!< what Install created, in order
    uint32_t m_installed;                      //!< satellites named so far
};

} // namespace sagin
} // namespace ns3

#endif // SAGIN_CONSTELLATION_HELPER_H
