// SPDX-License-Identifier: GPL-2.0-only
#ifndef SAGIN_VERSION_H
#define SAGIN_VERSION_H

#include <string>

#if __has_include("ns3/version-defines.h")
#include "ns3/version-defines.h"
#endif

namespace ns3
{
namespace sagin
{

/**
 * \ingroup sagin
 * Version of the sagin module (semantic versioning: major.minor.patch). Recorded in every
 * run of the run store; bump it with every release (RELEASE_NOTES.md).
 */
constexpr const char* SAGIN_MODULE_VERSION = "0.1.0";

/**
 * \ingroup sagin
 * The ns-3 release the module was compiled against, as "ns-3.<major>.<minor>[.<patch>]"
 * from ns-3's version-defines.h, or "ns-3 (unknown version)" in an ns-3 tree built without
 * ENABLE_BUILD_VERSION, where that header does not exist.
 * \return the ns-3 version string
 */
inline std::string
GetNs3Version()
{
#if defined(NS3_VERSION_MAJOR) && defined(NS3_VERSION_MINOR)
    std::string version =
        "ns-" + std::to_string(NS3_VERSION_MAJOR) + "." + std::to_string(NS3_VERSION_MINOR);
#if defined(NS3_VERSION_PATCH)
    if (NS3_VERSION_PATCH != 0)
    {
        version += "." + std::to_string(NS3_VERSION_PATCH);
    }
#endif
    return version;
#else
    return "ns-3 (unknown version)";
#endif
}

} // namespace sagin
} // namespace ns3

#endif // SAGIN_VERSION_H
