# cmake -P script behind the package_consumer test. Every step must succeed; its output is shown.
#   1. install the build into a fresh prefix; only public headers are installed;
#   2. a consumer of COMPONENTS engine alone builds and runs, and its CMake cache holds no MPI,
#      FFTW, toml++, Boost or nlohmann_json entry;
#   3. a consumer without COMPONENTS (every component) builds and runs, front ends included;
#   4. the installed CLI and Python module run.
cmake_minimum_required(VERSION 3.22)
include(${CMAKE_CURRENT_LIST_DIR}/forbidden_deps.cmake)
set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})

function(step title)
  message(STATUS "package_consumer: ${title}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "package_consumer: '${title}' failed (${rc})")
  endif()
endfunction()

# The binaries load the OpenMP OpenBLAS (same soname as the system default) through their RPATH.
function(check_openblas)
  if(SPECSWEEP_BLAS STREQUAL "openblas-openmp")
    step("libopenblas.so.0 of ${ARGN} is the OpenMP build" ${CMAKE_COMMAND}
      "-DFILES=${ARGN}" "-DEXPECT=libopenblas.so.0=${OPENBLAS_OPENMP_DIR}"
      -P ${CMAKE_CURRENT_LIST_DIR}/../blas/check_linked_blas.cmake)
  endif()
endfunction()

step("install into ${prefix}" ${CMAKE_COMMAND} --install ${SPECSWEEP_BUILD_DIR} --prefix ${prefix})
set(expected lib/cmake/specsweep/specsweepConfig.cmake lib/cmake/specsweep/specsweepConfigVersion.cmake
  lib/cmake/specsweep/specsweep-engine-targets.cmake lib/cmake/specsweep/SpecsweepBlas.cmake
  include/specsweep/resolvent.hpp include/specsweep/version.hpp)
if(HAS_CLI)
  list(APPEND expected bin/specsweep)
endif()
foreach(f ${expected})
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "package_consumer: ${f} was not installed")
  endif()
endforeach()
# The LAPACK wrappers are internal: not installed, and no installed header includes them.
file(GLOB_RECURSE headers ${prefix}/include/*)
foreach(h ${headers})
  file(STRINGS ${h} internal REGEX "#include.*(specsweep/internal/|lapack\\.hpp)")
  if(h MATCHES "/internal/|lapack\\.hpp$" OR internal)
    message(FATAL_ERROR "package_consumer: installed header ${h} is or includes an internal header")
  endif()
endforeach()
list(LENGTH headers nheaders)
message(STATUS "package_consumer: ${nheaders} installed headers, none internal")
if(HAS_CLI)
  step("installed CLI --version" ${prefix}/bin/specsweep --version)
  check_openblas(${prefix}/bin/specsweep)
endif()

set(consumer_args -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
  -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_PREFIX_PATH=${prefix}
  -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON)

set(build ${WORK_DIR}/engine-only)
step("configure a consumer of COMPONENTS engine"
  ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR}/consumer -B ${build} ${consumer_args})
specsweep_check_cache_free(${build}/CMakeCache.txt)
step("build the engine-only consumer" ${CMAKE_COMMAND} --build ${build})
step("run the engine-only consumer" ${build}/sweep_3x3)
check_openblas(${build}/sweep_3x3)

if(HAS_CLI)  # the CLI needs both front ends, so all components were installed
  set(build ${WORK_DIR}/all)
  step("configure a consumer of every component (no COMPONENTS)"
    ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR}/consumer_all -B ${build} ${consumer_args})
  step("build the consumer of every component" ${CMAKE_COMMAND} --build ${build})
  step("run it: the engine through specsweep::specsweep" ${build}/sweep_3x3)
  step("run it: both front ends" ${build}/front_ends)
endif()

if(PYTHON_PACKAGE_DIR AND EXISTS ${prefix}/${PYTHON_PACKAGE_DIR}/specsweep)
  step("import the installed Python package"
    ${CMAKE_COMMAND} -E env PYTHONPATH=${prefix}/${PYTHON_PACKAGE_DIR} ${PYTHON} -c
    "import specsweep, numpy as np; x = specsweep.sweep(np.eye(2) / 2, np.ones(2), [1.0]); assert abs(x[0, 0] - 2) < 1e-14, x; print('installed python module', specsweep.__version__, 'ok')")
endif()
message(STATUS "package_consumer: all steps passed")
