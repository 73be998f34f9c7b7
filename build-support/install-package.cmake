# SPDX-License-Identifier: GPL-2.0-only
# Standalone mode only: `cmake --install` puts the library, the headers (flat under
# include/ns3/, as ns-3 installs its own), a CMake package config (find_package(sagin), target
# sagin::sagin) and a pkg-config file (sagin.pc) under the install prefix. An ns-3 source tree
# does not need any of this: contrib/sagin is built and installed by ns-3's own build.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(sagin_install_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/sagin)

# The library itself is exported as sagin::libsagin. Users link sagin::sagin, which links it
# with --no-as-needed: a program that names sagin's TypeIds only as strings (Config paths,
# ObjectFactory) references no symbol of the library, and a linker defaulting to --as-needed
# would drop it, with its TypeIds never registered. push-state/pop-state leave the user's own
# as-needed setting for every other library as it was. ns-3 wraps its libraries the same way.
set_target_properties(sagin PROPERTIES EXPORT_NAME libsagin)
add_library(sagin-package INTERFACE)
set_target_properties(sagin-package PROPERTIES EXPORT_NAME sagin)
target_link_libraries(sagin-package INTERFACE "-Wl,--push-state,--no-as-needed" sagin
                                              "-Wl,--pop-state")

install(TARGETS sagin sagin-package EXPORT saginTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${sagin_include_dir}/ns3 DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT saginTargets NAMESPACE sagin:: DESTINATION ${sagin_install_cmake_dir})

configure_package_config_file(build-support/saginConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/package/saginConfig.cmake
                              INSTALL_DESTINATION ${sagin_install_cmake_dir})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/package/saginConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/package/saginConfig.cmake
              ${CMAKE_BINARY_DIR}/package/saginConfigVersion.cmake
        DESTINATION ${sagin_install_cmake_dir})

# pkg-config: the same library, flags and dependencies (Debian's ns-3 ships ns3-<module>.pc).
set(sagin_pc_requires sqlite3)
foreach(library ${sagin_libraries})
  string(REGEX REPLACE "^ns3::(lib)?" "ns3-" module ${library})
  list(APPEND sagin_pc_requires ${module})
endforeach()
list(JOIN sagin_pc_requires " " sagin_pc_requires)
get_target_property(sagin_pc_definitions sagin INTERFACE_COMPILE_DEFINITIONS)
set(sagin_pc_cflags)
if(sagin_pc_definitions)
  foreach(definition ${sagin_pc_definitions})
    string(APPEND sagin_pc_cflags " -D${definition}")
  endforeach()
endif()
# ns-3.43's headers need C++20 (CMake users get it from the target's compile features).
if(CMAKE_CXX_STANDARD GREATER 17)
  string(APPEND sagin_pc_cflags " -std=c++${CMAKE_CXX_STANDARD}")
endif()
# Relocatable: the prefix is found from the .pc file's own directory, so
# `cmake --install --prefix` anywhere gives a working file.
file(RELATIVE_PATH sagin_pc_prefix_from_pcfiledir /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" sagin_pc_prefix_from_pcfiledir ${sagin_pc_prefix_from_pcfiledir})
configure_file(build-support/sagin.pc.in ${CMAKE_BINARY_DIR}/package/sagin.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/package/sagin.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# An outside project built against the installed package, through CMake and pkg-config.
add_test(NAME sagin-installed-package
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/build-support/check-installed-package.sh
                 ${CMAKE_BINARY_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/test/package-consumer)
