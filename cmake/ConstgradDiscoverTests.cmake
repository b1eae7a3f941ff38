# Writes a CTest file registering every Boost.Test case of one executable (cmake -P script,
# run POST_BUILD by constgrad_add_test).
#
# Inputs (-D): TEST_TARGET, TEST_EXECUTABLE, TEST_LABEL, TEST_WORKING_DIRECTORY, OUTPUT_FILE.
#
# `--list_content` prints (to stderr in Boost 1.74) one test unit per line, indented by 4
# spaces per level below the master suite, with a trailing '*' when the unit is enabled:
#   outer*
#       a*
#       inner*
#           b
# A unit followed by a deeper line is a suite, every other unit is a case.
foreach(var IN ITEMS TEST_TARGET TEST_EXECUTABLE TEST_LABEL TEST_WORKING_DIRECTORY OUTPUT_FILE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "ConstgradDiscoverTests.cmake: ${var} is not set")
  endif()
endforeach()

execute_process(COMMAND "${TEST_EXECUTABLE}" --list_content
                WORKING_DIRECTORY "${TEST_WORKING_DIRECTORY}"
                RESULT_VARIABLE result
                OUTPUT_VARIABLE listing_out
                ERROR_VARIABLE listing_err)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${TEST_EXECUTABLE} --list_content failed (${result}):\n"
                      "${listing_out}${listing_err}")
endif()
if(listing_err STREQUAL "")
  set(listing "${listing_out}")
else()
  set(listing "${listing_err}")
endif()

# A test name may contain characters that CMake lists treat specially ('[' and ']' in template
# arguments), so the listing is walked line by line instead of being turned into a list.
set(content "")
set(case_count 0)
set(pending_level -1)
set(pending_name "")
set(pending_enabled FALSE)
set(path_0 "")

macro(_constgrad_emit_case)
  set(_path "")
  foreach(_level RANGE ${pending_level})
    if(_level EQUAL 0)
      set(_path "${path_${_level}}")
    else()
      string(APPEND _path "/${path_${_level}}")
    endif()
  endforeach()
  set(_test "${TEST_TARGET}.${_path}")
  string(APPEND content
    "add_test([==[${_test}]==] [==[${TEST_EXECUTABLE}]==] [==[--run_test=${_path}]==])\n"
    "set_tests_properties([==[${_test}]==] PROPERTIES LABELS [==[${TEST_LABEL}]==]"
    " WORKING_DIRECTORY [==[${TEST_WORKING_DIRECTORY}]==]")
  if(NOT pending_enabled)
    string(APPEND content " DISABLED TRUE")
  endif()
  string(APPEND content ")\n")
  math(EXPR case_count "${case_count} + 1")
endmacro()

string(APPEND listing "\n")
while(NOT listing STREQUAL "")
  string(FIND "${listing}" "\n" end)
  string(SUBSTRING "${listing}" 0 ${end} line)
  math(EXPR next "${end} + 1")
  string(SUBSTRING "${listing}" ${next} -1 listing)

  string(REGEX REPLACE "[ \r]+$" "" line "${line}")
  if(line STREQUAL "")
    continue()
  endif()
  # (REGEX MATCH refuses patterns that match the empty string, hence the '+' and the if)
  set(indent_length 0)
  if(line MATCHES "^( +)")
    string(LENGTH "${CMAKE_MATCH_1}" indent_length)
  endif()
  math(EXPR level "${indent_length} / 4")
  string(SUBSTRING "${line}" ${indent_length} -1 name)
  set(enabled FALSE)
  if(name MATCHES "\\*$")
    set(enabled TRUE)
    string(REGEX REPLACE "\\*$" "" name "${name}")
  endif()

  if(pending_level GREATER_EQUAL 0 AND level LESS_EQUAL pending_level)
    _constgrad_emit_case()
  endif()
  set(path_${level} "${name}")
  set(pending_level ${level})
  set(pending_name "${name}")
  set(pending_enabled ${enabled})
endwhile()
if(pending_level GREATER_EQUAL 0)
  _constgrad_emit_case()
endif()

if(case_count EQUAL 0)
  message(FATAL_ERROR "${TEST_EXECUTABLE} lists no test cases:\n${listing_out}${listing_err}")
endif()

# Rewrite only when the list changed, so CTest files keep their timestamps on no-op rebuilds.
set(old_content "")
if(EXISTS "${OUTPUT_FILE}")
  file(READ "${OUTPUT_FILE}" old_content)
endif()
if(NOT old_content STREQUAL content)
  file(WRITE "${OUTPUT_FILE}" "${content}")
endif()
