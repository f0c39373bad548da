# cmake -P script behind the package_consumer test. Every step must succeed; its output is shown.
cmake_minimum_required(VERSION 3.22)
set(prefix ${WORK_DIR}/prefix)
set(build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})

function(step title)
  message(STATUS "package_consumer: ${title}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "package_consumer: '${title}' failed (${rc})")
  endif()
endfunction()

step("install into ${prefix}" ${CMAKE_COMMAND} --install ${SPECSWEEP_BUILD_DIR} --prefix ${prefix})
set(expected lib/cmake/specsweep/specsweepConfig.cmake lib/cmake/specsweep/specsweepConfigVersion.cmake
  lib/cmake/specsweep/specsweepTargets.cmake include/specsweep/resolvent.hpp
  include/specsweep/version.hpp)
if(HAS_CLI)
  list(APPEND expected bin/specsweep)
endif()
foreach(f ${expected})
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "package_consumer: ${f} was not installed")
  endif()
endforeach()
if(HAS_CLI)
  step("installed CLI --version" ${prefix}/bin/specsweep --version)
endif()

step("configure the consumer with find_package(specsweep)"
  ${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -B ${build} -G ${GENERATOR}
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_C_COMPILER=${C_COMPILER}
  -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON)
step("build the consumer" ${CMAKE_COMMAND} --build ${build})
step("run the consumer" ${build}/sweep_3x3)

if(PYTHON_PACKAGE_DIR AND EXISTS ${prefix}/${PYTHON_PACKAGE_DIR}/specsweep)
  step("import the installed Python package"
    ${CMAKE_COMMAND} -E env PYTHONPATH=${prefix}/${PYTHON_PACKAGE_DIR} ${PYTHON} -c
    "import specsweep, numpy as np; x = specsweep.sweep(np.eye(2) / 2, np.ones(2), [1.0]); assert abs(x[0, 0] - 2) < 1e-14, x; print('installed python module', specsweep.__version__, 'ok')")
endif()
message(STATUS "package_consumer: all steps passed")
