# The engine's dependencies, and nothing else: Eigen, OpenMP, fmt, BLAS/LAPACK(E). Each front
# end finds its own (ribbon/, poisson/, apps/, python/), and only when it is built.
# Included by the top-level project before add_subdirectory(engine), so that these targets are
# visible to every directory, and by engine/CMakeLists.txt when the engine is built on its own.
include_guard(GLOBAL)

find_package(Eigen3 3.4 REQUIRED NO_MODULE)
# Eigen's own products stay on the calling thread. With -fopenmp Eigen parallelises every large
# GEMM itself (parallelize_gemm), and its threads spin on shared progress flags: on a machine
# whose cores were busy, a two-ribbon `ribbon modes` took 26 s instead of 0.4 s (0.68 s with
# one thread). Threads are the engine's execution policy (Options::threads) and BLAS's, never
# Eigen's implicit ones.
add_compile_definitions(EIGEN_DONT_PARALLELIZE)
find_package(OpenMP REQUIRED COMPONENTS CXX)
find_package(fmt REQUIRED)

set(SPECSWEEP_BLAS openblas-openmp CACHE STRING
  "BLAS/LAPACK for the engine: openblas-openmp (Debian's OpenMP build of OpenBLAS) or generic (FindBLAS/FindLAPACK, BLA_VENDOR)")
set_property(CACHE SPECSWEEP_BLAS PROPERTY STRINGS openblas-openmp generic)
include(${CMAKE_CURRENT_LIST_DIR}/SpecsweepBlas.cmake)
specsweep_find_blas(${SPECSWEEP_BLAS})

# Warnings on for our own targets only. -fno-math-errno: nothing here reads errno, and its
# check after every sqrt keeps the per-shift loops from vectorising.
function(specsweep_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-deprecated-declarations
    -fno-math-errno)
endfunction()
