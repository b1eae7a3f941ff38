# Checks an umbrella header and each header it includes, alone (cmake -P script, registered by
# constgrad_add_header_test).
#
# Inputs (-D): CONFIG_FILE (sets FAIL_TEST_COMPILER and FAIL_TEST_FLAGS: the build's compiler
# and the flags of real targets), INCLUDE_DIR (include/), UMBRELLA (e.g. constgrad/realtime.hpp,
# relative to INCLUDE_DIR), WORK_DIR, PART and PARTS (this test checks the headers whose index
# modulo PARTS is PART, so that CTest can run the parts in parallel), optionally FLAGS (extra
# flags as one string, e.g. "-fno-exceptions -fno-rtti") and EXCLUDE (a regex of paths below
# the umbrella's folder that it must not include, e.g. ^(io|tape)/).
# 1. (part 0) Coverage: the umbrella includes every public header of its folder (outside
#    detail/ folders and the umbrella headers next to it) that EXCLUDE does not match, none that
#    it matches, and only headers that exist.
# 2. The umbrella and each header it includes compile alone with -fsyntax-only and FLAGS: a
#    translation unit `#include <header>` each, so a header that needs an include it lacks, or
#    that uses what FLAGS switch off (throw, typeid), fails here.
cmake_minimum_required(VERSION 3.21)

foreach(var IN ITEMS CONFIG_FILE INCLUDE_DIR UMBRELLA WORK_DIR PART PARTS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "ConstgradHeaderTest.cmake: ${var} is not set")
  endif()
endforeach()
include("${CONFIG_FILE}")
separate_arguments(FLAGS UNIX_COMMAND "${FLAGS}")
list(JOIN FLAGS " " flags_text)

file(STRINGS "${INCLUDE_DIR}/${UMBRELLA}" lines REGEX "^#include \"")
get_filename_component(umbrella_dir "${UMBRELLA}" DIRECTORY)
set(included "")
foreach(line IN LISTS lines)
  string(REGEX REPLACE "^#include \"([^\"]+)\".*$" "\\1" header "${line}")
  list(APPEND included "${header}")
endforeach()
list(LENGTH included count)
if(count EQUAL 0)
  message(FATAL_ERROR "${UMBRELLA} includes no header: the scan is broken")
endif()

set(errors 0)
if(PART EQUAL 0)
  foreach(header IN LISTS included)
    if(NOT EXISTS "${INCLUDE_DIR}/${umbrella_dir}/${header}")
      message(SEND_ERROR "${UMBRELLA} includes ${header}, which does not exist")
      math(EXPR errors "${errors} + 1")
    elseif(DEFINED EXCLUDE AND header MATCHES "${EXCLUDE}")
      message(SEND_ERROR "${UMBRELLA} must not include ${header} (excluded: ${EXCLUDE})")
      math(EXPR errors "${errors} + 1")
    endif()
  endforeach()
  file(GLOB_RECURSE all RELATIVE "${INCLUDE_DIR}/${umbrella_dir}"
       "${INCLUDE_DIR}/${umbrella_dir}/*.hpp")
  foreach(header IN LISTS all)
    if(header MATCHES "(^|/)detail/" OR NOT header MATCHES "/")  # internals; umbrellas
      continue()
    endif()
    if(DEFINED EXCLUDE AND header MATCHES "${EXCLUDE}")
      continue()
    endif()
    if(NOT header IN_LIST included)
      message(SEND_ERROR "${UMBRELLA} does not include the public header ${header}: add it "
                         "there (and check that it builds with ${flags_text})")
      math(EXPR errors "${errors} + 1")
    endif()
  endforeach()
endif()

# The umbrella first, then its headers; this part's share of them.
set(headers "${UMBRELLA}")
foreach(header IN LISTS included)
  list(APPEND headers "${umbrella_dir}/${header}")
endforeach()
file(MAKE_DIRECTORY "${WORK_DIR}")
set(index 0)
set(checked 0)
foreach(header IN LISTS headers)
  math(EXPR mine "${index} % ${PARTS}")
  math(EXPR index "${index} + 1")
  if(NOT mine EQUAL PART)
    continue()
  endif()
  string(MAKE_C_IDENTIFIER "${header}" stem)
  set(source "${WORK_DIR}/${stem}.cpp")
  file(WRITE "${source}" "#include <${header}>\n")
  set(command "${FAIL_TEST_COMPILER}" ${FAIL_TEST_FLAGS} ${FLAGS} -fsyntax-only "${source}")
  execute_process(COMMAND ${command}
                  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  math(EXPR checked "${checked} + 1")
  if(NOT result EQUAL 0)
    list(JOIN command " " command_line)
    # FATAL_ERROR re-wraps its text, which garbles compiler output: print it verbatim.
    message("$ ${command_line}\n${output}")
    message(SEND_ERROR "${header} does not compile alone with ${flags_text}")
    math(EXPR errors "${errors} + 1")
  endif()
endforeach()

if(errors GREATER 0)
  message(FATAL_ERROR "${errors} problem(s) with ${UMBRELLA} and its headers")
endif()
message(STATUS "${checked} header(s) of ${UMBRELLA} (part ${PART} of ${PARTS}) compile alone "
               "with ${flags_text}")
