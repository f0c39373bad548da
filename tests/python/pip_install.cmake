# cmake -P script behind python_pip_install: a fresh venv (Debian's python3-venv, NumPy from the
# system site packages), `pip install --no-build-isolation <tree>` offline, then from a directory
# outside the tree: specsweep is the venv's copy, __version__ is the project's, and one solve
# agrees with numpy.linalg.solve.
cmake_minimum_required(VERSION 3.22)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/elsewhere)

function(step title)
  message(STATUS "python_pip_install: ${title}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc WORKING_DIRECTORY ${WORK_DIR}/elsewhere)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "python_pip_install: '${title}' failed (${rc})")
  endif()
endfunction()

set(venv ${WORK_DIR}/venv)
step("create a venv" ${BASE_PYTHON} -m venv --system-site-packages ${venv})
# CMAKE_ARGS: the options of the build this test belongs to (BLAS, front ends).
set(env SPECSWEEP_CMAKE_BUILD_DIR=${CMAKE_BUILD_DIR} CMAKE_BUILD_PARALLEL_LEVEL=2
  "CMAKE_ARGS=${CMAKE_ARGS}")
if(LAUNCHER)
  list(APPEND env CMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER})
endif()
step("pip install --no-build-isolation ${SOURCE_DIR}"
  ${CMAKE_COMMAND} -E env ${env} PIP_NO_INDEX=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
  ${venv}/bin/python -m pip install --no-build-isolation ${SOURCE_DIR})
set(check [=[
import ctypes, os, sys
import numpy as np
import specsweep
venv, version, blas = sys.argv[1:4]
where = os.path.realpath(specsweep.__file__)
assert where.startswith(os.path.realpath(venv) + os.sep), f"imported {where}, not the venv's copy"
assert specsweep.__version__ == version, (specsweep.__version__, version)
A = np.array([[0.5, 0.2, 0.0], [-0.1, 0.3, 0.4], [0.0, 0.7, -0.2]])
b = np.array([1.0, -2.0, 0.5])
s = np.array([0.1, -0.7, 0.4 + 0.3j])
x = specsweep.sweep(A, b, s)
ref = np.array([np.linalg.solve(np.eye(3) - sj * A, b) for sj in s])
# 1e-13: a backward-stable solve of a 3x3 with condition number below 10 differs from LAPACK's
# by a few eps times that.
err = np.abs(x - ref).max() / np.abs(ref).max()
assert err < 1e-13, err
line = f"specsweep {specsweep.__version__} from {where}: route {specsweep.Resolvent(A).method}, " \
       f"error vs numpy.linalg.solve {err:.1e}"
if blas == "openblas-openmp":
    parallel = ctypes.CDLL(specsweep._specsweep.__file__).openblas_get_parallel()
    assert parallel == 2, f"the module runs OpenBLAS with openblas_get_parallel() = {parallel}"
    line += f", openblas_get_parallel() = {parallel}"
print(line)
]=])
step("import specsweep from outside the tree"
  ${CMAKE_COMMAND} -E env PYTHONDONTWRITEBYTECODE=1
  ${venv}/bin/python -c "${check}" ${venv} ${VERSION} ${SPECSWEEP_BLAS})
message(STATUS "python_pip_install: all steps passed")
