# Configures, builds and runs one consumer project of tests/package (cmake -P script).
#
# Inputs (-D):
#   MODE                 find_package: install CONSTGRAD_BINARY_DIR into WORK_DIR/prefix
#                        first and point the consumer at it; add_subdirectory: hand the
#                        consumer CONSTGRAD_SOURCE_DIR.
#   CONSUMER_SOURCE_DIR  the consumer project
#   WORK_DIR             scratch directory, wiped first
#   CONSTGRAD_BINARY_DIR, CONSTGRAD_SOURCE_DIR
#   CXX_COMPILER, CXX_FLAGS, BUILD_TYPE, GENERATOR, MAKE_PROGRAM  the outer build's settings
foreach(var IN ITEMS MODE CONSUMER_SOURCE_DIR WORK_DIR CONSTGRAD_BINARY_DIR CONSTGRAD_SOURCE_DIR
                     CXX_COMPILER GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "ConstgradPackageTest.cmake: ${var} is not set")
  endif()
endforeach()

function(run_step description)
  list(JOIN ARGN " " command_line)
  message(STATUS "${description}: ${command_line}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result
                  OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message("$ ${command_line}\n${output}")  # verbatim: FATAL_ERROR would re-wrap it
    message(FATAL_ERROR "FAIL: ${description} failed (${result})")
  endif()
  set(step_output "${output}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
set(build "${WORK_DIR}/build")

set(configure_args
  -S "${CONSUMER_SOURCE_DIR}" -B "${build}" -G "${GENERATOR}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
  "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}")
if(MAKE_PROGRAM)
  list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()

if(MODE STREQUAL "find_package")
  run_step("install" "${CMAKE_COMMAND}" --install "${CONSTGRAD_BINARY_DIR}" --prefix "${prefix}")
  # Only the fresh prefix may satisfy find_package: no user package registry.
  list(APPEND configure_args "-DCMAKE_PREFIX_PATH=${prefix}"
       -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
elseif(MODE STREQUAL "add_subdirectory")
  list(APPEND configure_args "-DCONSTGRAD_SOURCE_DIR=${CONSTGRAD_SOURCE_DIR}")
else()
  message(FATAL_ERROR "ConstgradPackageTest.cmake: unknown MODE '${MODE}'")
endif()

run_step("configure" "${CMAKE_COMMAND}" ${configure_args})

if(MODE STREQUAL "find_package")
  # Make sure the package came from the prefix just installed, not from somewhere else.
  file(STRINGS "${build}/CMakeCache.txt" found_dir REGEX "^constgrad_DIR:")
  string(REGEX REPLACE "^constgrad_DIR:[A-Z]+=" "" found_dir "${found_dir}")
  string(FIND "${found_dir}" "${prefix}/" position)
  if(NOT position EQUAL 0)
    message(FATAL_ERROR "FAIL: find_package(constgrad) found '${found_dir}', not the package "
                        "installed into ${prefix}")
  endif()
  message(STATUS "found the installed package in ${found_dir}")
endif()

run_step("build" "${CMAKE_COMMAND}" --build "${build}")
run_step("run" "${build}/consumer")
message(STATUS "consumer output:\n${step_output}")
