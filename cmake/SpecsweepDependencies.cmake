# Every third-party dependency is a Debian package found here, in one place.
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(OpenMP REQUIRED)
find_package(fmt REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(OPENBLAS REQUIRED IMPORTED_TARGET openblas)
pkg_check_modules(LAPACKE REQUIRED IMPORTED_TARGET lapacke)

# Warnings on for our own targets only. -fno-math-errno: nothing here reads errno, and its
# check after every sqrt keeps the per-shift loops from vectorising.
function(specsweep_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-deprecated-declarations
    -fno-math-errno)
endfunction()

find_package(MPI REQUIRED COMPONENTS C CXX)
pkg_check_modules(FFTW3 REQUIRED IMPORTED_TARGET fftw3)
pkg_check_modules(MATIO REQUIRED IMPORTED_TARGET matio)  # MATLAB model files (statespace)
find_package(nlohmann_json 3 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(Boost 1.74 REQUIRED)
# Debian's interpreter has NumPy/SciPy/matplotlib; a python3 earlier on PATH (pyenv) may not.
if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python3_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "Python 3 with NumPy")
endif()
find_package(Python3 COMPONENTS Interpreter)  # /usr/bin/python3 with NumPy, for plots and peers
# Optional Python module: pybind11 against that same interpreter's headers.
find_package(Python3 COMPONENTS Interpreter OPTIONAL_COMPONENTS Development.Module)
if(Python3_Development.Module_FOUND)
  find_package(pybind11 2.6 CONFIG QUIET)
endif()
