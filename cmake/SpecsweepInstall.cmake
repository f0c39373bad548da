# Install rules and the exported package, one component per part:
#   find_package(specsweep 0.1 REQUIRED COMPONENTS engine)    -> specsweep::engine
#   ... COMPONENTS ribbon poisson cli                          -> specsweep::ribbon, ::poisson, ::cli
# specsweep::specsweep stays an alias of specsweep::engine. Without COMPONENTS, every installed
# component is loaded (what find_package(specsweep) gave before components existed).
# Each component has its own targets file and finds only its own dependencies, so a consumer of
# the engine alone never looks for MPI, FFTW, Boost, toml++ or nlohmann_json. The libraries are
# static: their private dependencies are part of the link interface, found again by the config.
include(CMakePackageConfigHelpers)

set(SPECSWEEP_CONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/specsweep)
set(SPECSWEEP_COMPONENTS engine)
install(TARGETS specsweep EXPORT specsweep-engine-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# Public headers only: engine/internal (the LAPACK wrappers) is not installed.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/engine/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/engine/include/specsweep/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/specsweep)

# Libraries: specsweep_<name> exported as specsweep::<name>, with the headers of <name>/include.
foreach(name mpi ribbon poisson)
  if(TARGET specsweep_${name})
    set_target_properties(specsweep_${name} PROPERTIES EXPORT_NAME ${name})
    install(TARGETS specsweep_${name} EXPORT specsweep-${name}-targets
      ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
      INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
    if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/${name}/include)
      install(DIRECTORY ${PROJECT_SOURCE_DIR}/${name}/include/
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp")
    endif()
    list(APPEND SPECSWEEP_COMPONENTS ${name})
  endif()
endforeach()
if(TARGET specsweep_cli)
  set_target_properties(specsweep_cli PROPERTIES EXPORT_NAME cli)
  install(TARGETS specsweep_cli EXPORT specsweep-cli-targets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  list(APPEND SPECSWEEP_COMPONENTS cli)
endif()

foreach(name ${SPECSWEEP_COMPONENTS})
  install(EXPORT specsweep-${name}-targets NAMESPACE specsweep:: DESTINATION ${SPECSWEEP_CONFIG_DIR})
endforeach()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/specsweepConfig.cmake.in
  ${PROJECT_BINARY_DIR}/specsweepConfig.cmake INSTALL_DESTINATION ${SPECSWEEP_CONFIG_DIR})
# 0.x: only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/specsweepConfigVersion.cmake
  VERSION ${SPECSWEEP_VERSION} COMPATIBILITY SameMinorVersion)
# The config finds the engine's BLAS/LAPACK with the same module the build used.
install(FILES ${PROJECT_BINARY_DIR}/specsweepConfig.cmake
  ${PROJECT_BINARY_DIR}/specsweepConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/SpecsweepBlas.cmake DESTINATION ${SPECSWEEP_CONFIG_DIR})
