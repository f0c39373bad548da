# BLAS, LAPACK and LAPACKE for the engine, as one target: SpecsweepBLAS::blas_lapack.
# The build calls specsweep_find_blas(${SPECSWEEP_BLAS}); the installed package config calls it
# with the value the library was built with, so a consumer links the same kind of BLAS.
#
#   openblas-openmp  Debian's OpenMP build of OpenBLAS (libopenblas-openmp-dev). A BLAS call made
#                    inside one of the engine's OpenMP regions then runs single-threaded in the
#                    calling thread, instead of waking a second pool of threads as the default
#                    (pthreads) build does. Both builds have the soname libopenblas.so.0 and the
#                    system default is the pthreads one, so binaries carry an RPATH to the OpenMP
#                    directory.
#   generic          whatever FindBLAS and FindLAPACK find (BLA_VENDOR selects), and LAPACKE
#                    through pkg-config. Only the Fortran BLAS/LAPACK interface is assumed.
#
# A target that sets the property SPECSWEEP_EMBED_BLAS (the Python module) links the OpenMP
# OpenBLAS and LAPACKE statically instead; see python/CMakeLists.txt for why.
include_guard(GLOBAL)

function(specsweep_find_blas mode)
  if(TARGET SpecsweepBLAS::blas_lapack)
    return()
  endif()
  find_package(PkgConfig REQUIRED)
  set(libs "")
  set(embedded "")
  set(defs "")
  set(incs "")
  set(opts "")
  if(mode STREQUAL "openblas-openmp")
    if(NOT CMAKE_LIBRARY_ARCHITECTURE)
      message(FATAL_ERROR "SPECSWEEP_BLAS=openblas-openmp: no multiarch directory "
        "(CMAKE_LIBRARY_ARCHITECTURE is empty; enable C or CXX first), or use SPECSWEEP_BLAS=generic")
    endif()
    set(dir /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/openblas-openmp)
    # The default openblas.pc is the pthreads build's: look in the OpenMP directory first.
    set(saved_path "$ENV{PKG_CONFIG_PATH}")
    set(ENV{PKG_CONFIG_PATH} "${dir}/pkgconfig:${saved_path}")
    pkg_check_modules(SPECSWEEP_OPENBLAS QUIET openblas)
    set(ENV{PKG_CONFIG_PATH} "${saved_path}")
    if(NOT SPECSWEEP_OPENBLAS_FOUND OR NOT "${SPECSWEEP_OPENBLAS_LINK_LIBRARIES}" MATCHES "${dir}/")
      message(FATAL_ERROR "SPECSWEEP_BLAS=openblas-openmp needs the OpenMP build of OpenBLAS "
        "(${dir}/pkgconfig/openblas.pc), which was not found: install the Debian package "
        "libopenblas-openmp-dev, or configure with -DSPECSWEEP_BLAS=generic")
    endif()
    pkg_check_modules(SPECSWEEP_LAPACKE QUIET lapacke)
    if(NOT SPECSWEEP_LAPACKE_FOUND)
      message(FATAL_ERROR "SPECSWEEP_BLAS=openblas-openmp: LAPACKE (lapacke.pc) was not found: "
        "install the Debian package liblapacke-dev")
    endif()
    # OpenBLAS contains LAPACK; LAPACKE's own liblapack.so.3 dependency is then satisfied by it.
    set(libs ${SPECSWEEP_LAPACKE_LINK_LIBRARIES} ${SPECSWEEP_OPENBLAS_LINK_LIBRARIES})
    # No OpenBLAS header is included (BLAS through its Fortran symbols, LAPACK through LAPACKE):
    # the engine compiles exactly as with any other BLAS, so the reference-BLAS test's rebuild of
    # it is all ccache hits.
    set(incs ${SPECSWEEP_LAPACKE_INCLUDE_DIRS})
    find_library(SPECSWEEP_OPENBLAS_ARCHIVE NAMES libopenblas.a HINTS ${dir} NO_DEFAULT_PATH)
    find_library(SPECSWEEP_LAPACKE_ARCHIVE NAMES liblapacke.a HINTS ${SPECSWEEP_LAPACKE_LIBRARY_DIRS})
    mark_as_advanced(SPECSWEEP_OPENBLAS_ARCHIVE SPECSWEEP_LAPACKE_ARCHIVE)
    if(SPECSWEEP_OPENBLAS_ARCHIVE AND SPECSWEEP_LAPACKE_ARCHIVE)
      # With libopenblas.a's own dependencies (openblas.pc's Libs.private; libgomp comes with
      # the engine's OpenMP).
      set(embedded ${SPECSWEEP_LAPACKE_ARCHIVE} ${SPECSWEEP_OPENBLAS_ARCHIVE} gfortran m pthread)
    endif()
  elseif(mode STREQUAL "generic")
    find_package(BLAS REQUIRED)  # honours BLA_VENDOR
    find_package(LAPACK REQUIRED)
    pkg_check_modules(SPECSWEEP_LAPACKE QUIET lapacke)
    if(NOT SPECSWEEP_LAPACKE_FOUND)
      message(FATAL_ERROR "SPECSWEEP_BLAS=generic: LAPACKE (lapacke.pc) was not found: "
        "install the Debian package liblapacke-dev")
    endif()
    set(libs ${SPECSWEEP_LAPACKE_LINK_LIBRARIES} ${LAPACK_LIBRARIES} ${BLAS_LIBRARIES})
    set(incs ${SPECSWEEP_LAPACKE_INCLUDE_DIRS})
    # The engine calls LAPACK only through LAPACKE, so with --as-needed (Debian's default) the
    # LAPACK found here would not be a direct dependency: liblapacke.so.3 would then load the
    # system's default liblapack.so.3, not this one from its own directory (RPATH).
    set(opts ${LAPACK_LINKER_FLAGS} ${BLAS_LINKER_FLAGS} "LINKER:--no-as-needed")
  else()
    message(FATAL_ERROR "SPECSWEEP_BLAS is '${mode}': expected openblas-openmp or generic")
  endif()

  add_library(SpecsweepBLAS::blas_lapack INTERFACE IMPORTED GLOBAL)
  set(embed "$<BOOL:$<TARGET_PROPERTY:SPECSWEEP_EMBED_BLAS>>")
  if(embedded)
    set(link "")
    foreach(lib ${libs})
      list(APPEND link "$<$<NOT:${embed}>:${lib}>")
    endforeach()
    foreach(lib ${embedded})
      list(APPEND link "$<${embed}:${lib}>")
    endforeach()
  else()
    set(link ${libs})
  endif()
  set_target_properties(SpecsweepBLAS::blas_lapack PROPERTIES
    INTERFACE_LINK_LIBRARIES "${link}"
    INTERFACE_INCLUDE_DIRECTORIES "${incs}"
    INTERFACE_COMPILE_DEFINITIONS "${defs}")
  if(opts)
    set_target_properties(SpecsweepBLAS::blas_lapack PROPERTIES INTERFACE_LINK_OPTIONS "${opts}")
  endif()
  # What a target gets with SPECSWEEP_EMBED_BLAS, empty when it cannot embed.
  set_target_properties(SpecsweepBLAS::blas_lapack PROPERTIES SPECSWEEP_EMBEDDED_LIBRARIES "${embedded}")
endfunction()
