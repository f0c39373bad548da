# Install rules and the exported package, so C++ users write
#   find_package(specsweep 0.1 REQUIRED)   target_link_libraries(app PRIVATE specsweep::specsweep)
# Installs the libraries (engine, and the ribbon/Poisson front ends when built), the public
# headers, the CLI, and specsweepConfig.cmake + version file + targets under
# <prefix>/lib/cmake/specsweep. The libraries are static, so their private dependencies
# (LAPACKE, OpenBLAS, OpenMP, fmt, ...) are part of the link interface and the config finds
# them again with find_dependency / pkg-config.
include(CMakePackageConfigHelpers)

set(SPECSWEEP_CONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/specsweep)
set(SPECSWEEP_EXPORTED_TARGETS specsweep)
set(SPECSWEEP_CONFIG_HAS_RIBBON OFF)
set(SPECSWEEP_CONFIG_HAS_POISSON OFF)
if(TARGET specsweep_ribbon)
  set_target_properties(specsweep_ribbon PROPERTIES EXPORT_NAME ribbon)
  list(APPEND SPECSWEEP_EXPORTED_TARGETS specsweep_ribbon)
  set(SPECSWEEP_CONFIG_HAS_RIBBON ON)
endif()
if(TARGET specsweep_poisson)
  set_target_properties(specsweep_poisson PROPERTIES EXPORT_NAME poisson)
  list(APPEND SPECSWEEP_EXPORTED_TARGETS specsweep_poisson)
  set(SPECSWEEP_CONFIG_HAS_POISSON ON)
endif()

install(TARGETS ${SPECSWEEP_EXPORTED_TARGETS}
  EXPORT specsweepTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET specsweep_cli)
  install(TARGETS specsweep_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# Public headers of every layer, and the generated version header.
foreach(layer engine ribbon poisson)
  if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/${layer}/include)
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/${layer}/include/
      DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
  endif()
endforeach()
install(FILES ${PROJECT_BINARY_DIR}/engine/include/specsweep/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/specsweep)

install(EXPORT specsweepTargets NAMESPACE specsweep:: DESTINATION ${SPECSWEEP_CONFIG_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/specsweepConfig.cmake.in
  ${PROJECT_BINARY_DIR}/specsweepConfig.cmake INSTALL_DESTINATION ${SPECSWEEP_CONFIG_DIR})
# 0.x: only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/specsweepConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/specsweepConfig.cmake
  ${PROJECT_BINARY_DIR}/specsweepConfigVersion.cmake DESTINATION ${SPECSWEEP_CONFIG_DIR})
