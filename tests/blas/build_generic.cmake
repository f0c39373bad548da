# cmake -P script behind blas_generic_engine: configure this tree with SPECSWEEP_BLAS=generic,
# BLA_VENDOR=Generic and only the engine and its tests, build every test labelled `accuracy`
# (-j2), check that they load the reference BLAS/LAPACK, and run them. The build directory
# (TREE_DIR) is kept between runs (incremental); its cache is not.
cmake_minimum_required(VERSION 3.22)
include(${CMAKE_CURRENT_LIST_DIR}/../package/forbidden_deps.cmake)

function(step title)
  message(STATUS "blas_generic_engine: ${title}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "blas_generic_engine: '${title}' failed (${rc})")
  endif()
endfunction()

# The tree sits beside the main build directory (TREE_DIR, <build>-blas-generic), at the same
# depth below the sources: ccache then sees the same relative paths as in the main build and
# every engine and test object is a hit (inside WORK_DIR they all missed: 150 s in a fresh-clone run of the suite).
set(build ${TREE_DIR})
file(REMOVE ${build}/CMakeCache.txt)
set(launcher "")
if(LAUNCHER)
  set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
# FindBLAS/FindLAPACK would take <multiarch>/libblas.so and liblapack.so, which the alternatives
# point at OpenBLAS: the reference libraries live in blas/ and lapack/, searched first through
# CMAKE_LIBRARY_PATH (a list, so given in an initial cache file).
set(init ${WORK_DIR}/reference-blas.cmake)
file(WRITE ${init} "set(CMAKE_LIBRARY_PATH \"${MULTIARCH_LIB}/blas;${MULTIARCH_LIB}/lapack\" CACHE PATH \"\")\n"
  "set(BLA_VENDOR Generic CACHE STRING \"\")\nset(SPECSWEEP_BLAS generic CACHE STRING \"\")\n")
step("configure the engine with the reference BLAS"
  ${CMAKE_COMMAND} -C ${init} -S ${SOURCE_DIR} -B ${build} -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Release
  -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_C_COMPILER=${C_COMPILER} ${launcher}
  -DSPECSWEEP_BUILD_RIBBON=OFF -DSPECSWEEP_BUILD_POISSON=OFF -DSPECSWEEP_BUILD_APPS=OFF
  -DSPECSWEEP_BUILD_PYTHON=OFF -DSPECSWEEP_BUILD_BENCH=OFF -DSPECSWEEP_INSTALL=OFF
  -DSPECSWEEP_BUILD_TESTS=ON)
specsweep_check_cache_free(${build}/CMakeCache.txt)
# The accuracy tests are the ones ctest labels `accuracy` in this tree (each is a target of its
# own name, from specsweep_add_test), so a newly labelled test is built here too.
execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir ${build} -L accuracy --show-only=json-v1
  OUTPUT_VARIABLE listing RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "blas_generic_engine: cannot list the accuracy tests (${rc})")
endif()
string(JSON count LENGTH "${listing}" tests)
set(accuracy_tests "")
if(count GREATER 0)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON name GET "${listing}" tests ${i} name)
    list(APPEND accuracy_tests ${name})
  endforeach()
endif()
if(NOT accuracy_tests MATCHES "test_accuracy_contract")
  message(FATAL_ERROR "blas_generic_engine: no test labelled accuracy (found '${accuracy_tests}')")
endif()
message(STATUS "blas_generic_engine: accuracy tests: ${accuracy_tests}")
step("build the accuracy tests" ${CMAKE_COMMAND} --build ${build} --target ${accuracy_tests}
  --parallel 2)
list(TRANSFORM accuracy_tests PREPEND ${build}/tests/engine/ OUTPUT_VARIABLE accuracy_binaries)
string(REPLACE ";" "|" accuracy_binaries "${accuracy_binaries}")
step("they load the reference BLAS and LAPACK, no OpenBLAS" ${CMAKE_COMMAND}
  "-DFILES=${accuracy_binaries}"
  "-DEXPECT=libblas.so.3=${MULTIARCH_LIB}/blas|liblapack.so.3=${MULTIARCH_LIB}/lapack"
  -DFORBID=libopenblas.so.0 -P ${CMAKE_CURRENT_LIST_DIR}/check_linked_blas.cmake)
step("run the accuracy tests" ${CMAKE_CTEST_COMMAND} --test-dir ${build} -L accuracy
  --output-on-failure)

# The engine's CMakeLists also stands alone as a project of its own.
file(REMOVE ${WORK_DIR}/engine-alone/CMakeCache.txt)
step("configure engine/ as a project of its own"
  ${CMAKE_COMMAND} -C ${init} -S ${SOURCE_DIR}/engine -B ${WORK_DIR}/engine-alone -G ${GENERATOR}
  -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_C_COMPILER=${C_COMPILER})
specsweep_check_cache_free(${WORK_DIR}/engine-alone/CMakeCache.txt)
message(STATUS "blas_generic_engine: all steps passed")
