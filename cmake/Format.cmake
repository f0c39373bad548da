# `cmake --build <dir> --target format` rewrites our C++ sources with clang-format (.clang-format
# at the root); `format-check` fails on any file that would change. Third-party code is not ours.
find_program(CLANG_FORMAT_EXECUTABLE NAMES clang-format clang-format-14)
if(NOT CLANG_FORMAT_EXECUTABLE)
  return()
endif()
file(GLOB_RECURSE SPECSWEEP_FORMAT_SOURCES CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/engine/*.cpp ${PROJECT_SOURCE_DIR}/engine/*.hpp
  ${PROJECT_SOURCE_DIR}/ribbon/*.cpp ${PROJECT_SOURCE_DIR}/ribbon/*.hpp
  ${PROJECT_SOURCE_DIR}/poisson/*.cpp ${PROJECT_SOURCE_DIR}/poisson/*.hpp
  ${PROJECT_SOURCE_DIR}/apps/*.cpp ${PROJECT_SOURCE_DIR}/apps/*.hpp
  ${PROJECT_SOURCE_DIR}/python/*.cpp ${PROJECT_SOURCE_DIR}/python/*.hpp
  ${PROJECT_SOURCE_DIR}/tests/*.cpp ${PROJECT_SOURCE_DIR}/tests/*.hpp
  ${PROJECT_SOURCE_DIR}/bench/*.cpp ${PROJECT_SOURCE_DIR}/bench/*.hpp
  ${PROJECT_SOURCE_DIR}/examples/*.cpp)
add_custom_target(format
  COMMAND ${CLANG_FORMAT_EXECUTABLE} -i --style=file ${SPECSWEEP_FORMAT_SOURCES}
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
  COMMENT "clang-format: rewriting the C++ sources in place"
  VERBATIM)
add_custom_target(format-check
  COMMAND ${CLANG_FORMAT_EXECUTABLE} --dry-run --Werror --style=file ${SPECSWEEP_FORMAT_SOURCES}
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
  COMMENT "clang-format: checking the C++ sources"
  VERBATIM)
