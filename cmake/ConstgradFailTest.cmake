# Runs one must-not-compile test (cmake -P script, registered by constgrad_add_fail_test).
#
# Inputs (-D): CONFIG_FILE (sets FAIL_TEST_COMPILER and FAIL_TEST_FLAGS), SOURCE.
# 1. SOURCE must compile as is: the offending code sits behind #ifdef CONSTGRAD_MUST_NOT_COMPILE,
#    so a broken include or a typo elsewhere cannot make the test pass by accident.
# 2. With -DCONSTGRAD_MUST_NOT_COMPILE it must not compile, and the first output line
#    containing "error:" must match the regex of the file's `// expect-error: <regex>` line.
foreach(var IN ITEMS CONFIG_FILE SOURCE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "ConstgradFailTest.cmake: ${var} is not set")
  endif()
endforeach()
include("${CONFIG_FILE}")

# FATAL_ERROR re-wraps its text, which garbles compiler output: print the details verbatim.
function(fail summary details)
  message("${details}")
  message(FATAL_ERROR "FAIL: ${summary}")
endfunction()

file(STRINGS "${SOURCE}" expectations REGEX "// expect-error: ")
list(LENGTH expectations count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "${SOURCE}: needs exactly one '// expect-error: <regex>' line, found ${count}")
endif()
string(REGEX REPLACE "^.*// expect-error: (.*)$" "\\1" expected "${expectations}")
string(STRIP "${expected}" expected)

set(command "${FAIL_TEST_COMPILER}" ${FAIL_TEST_FLAGS} -fsyntax-only "${SOURCE}")
list(JOIN command " " command_line)

execute_process(COMMAND ${command}
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  fail("${SOURCE} must compile without CONSTGRAD_MUST_NOT_COMPILE, but it does not"
       "$ ${command_line}\n${output}")
endif()

list(APPEND command -DCONSTGRAD_MUST_NOT_COMPILE -Wno-error)
list(JOIN command " " command_line)
execute_process(COMMAND ${command}
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(result EQUAL 0)
  fail("${SOURCE} compiles with -DCONSTGRAD_MUST_NOT_COMPILE, but it must not"
       "$ ${command_line}\n${output}")
endif()

# Walk the output line by line (template arguments may hold '[', which CMake lists mangle).
set(rest "${output}\n")
set(first_error "")
while(NOT rest STREQUAL "")
  string(FIND "${rest}" "\n" end)
  string(SUBSTRING "${rest}" 0 ${end} line)
  math(EXPR next "${end} + 1")
  string(SUBSTRING "${rest}" ${next} -1 rest)
  string(FIND "${line}" "error:" position)
  if(position GREATER_EQUAL 0)
    set(first_error "${line}")
    break()
  endif()
endwhile()

if(first_error STREQUAL "")
  fail("${SOURCE}: the compiler failed without an 'error:' line"
       "$ ${command_line}\n${output}")
endif()
if(NOT first_error MATCHES "${expected}")
  fail("${SOURCE}: the first error does not match the expected regex"
       "$ ${command_line}\n${output}\nexpected regex: ${expected}\nfirst error:    ${first_error}")
endif()
message(STATUS "PASS: ${SOURCE} fails to compile as expected:\n${first_error}")
