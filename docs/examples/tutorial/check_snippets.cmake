# Checks that the C++ quoted in a markdown file is the code of the example programs.
#
#   cmake -DMARKDOWN=<file.md> -DEXAMPLES_DIR=<dir> -P check_snippets.cmake
#
# Every fenced block opened by a line "```cpp <file>" must appear verbatim in
# <EXAMPLES_DIR>/<file>; a "```cpp" block without a file name is an error (nothing quoted may
# escape the check); every *.cpp of EXAMPLES_DIR must be quoted at least once. The text is
# handled with string() commands only, never as a CMake list, so the semicolons of C++ are
# safe. Prints every problem, then fails if there was one.
cmake_minimum_required(VERSION 3.21)

foreach(var IN ITEMS MARKDOWN EXAMPLES_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_snippets.cmake: pass -D${var}=...")
  endif()
endforeach()
if(NOT EXISTS "${MARKDOWN}")
  message(FATAL_ERROR "check_snippets.cmake: ${MARKDOWN} does not exist")
endif()

file(READ "${MARKDOWN}" text)
# A leading newline lets every fence be searched as "\n```".
string(PREPEND text "\n")
set(errors 0)
set(blocks 0)
set(quoted_files "")

# Untagged C++ blocks.
string(FIND "${text}" "\n```cpp\n" untagged)
if(NOT untagged EQUAL -1)
  message(SEND_ERROR "${MARKDOWN}: a ```cpp block names no file; write ```cpp <file> so that "
                     "the check can compare it with the compiled example")
  math(EXPR errors "${errors} + 1")
endif()

set(rest "${text}")
while(TRUE)
  string(FIND "${rest}" "\n```cpp " open)
  if(open EQUAL -1)
    break()
  endif()
  math(EXPR tag_begin "${open} + 8")
  string(SUBSTRING "${rest}" ${tag_begin} -1 rest)
  string(FIND "${rest}" "\n" tag_end)
  string(SUBSTRING "${rest}" 0 ${tag_end} tag)
  string(STRIP "${tag}" tag)
  math(EXPR body_begin "${tag_end} + 1")
  string(SUBSTRING "${rest}" ${body_begin} -1 rest)
  # The block ends at the next fence line; an empty block closes at once.
  if(rest MATCHES "^```")
    set(body "")
  else()
    string(FIND "${rest}" "\n```" close)
    if(close EQUAL -1)
      message(SEND_ERROR "${MARKDOWN}: the ```cpp ${tag} block is never closed")
      math(EXPR errors "${errors} + 1")
      break()
    endif()
    # The quoted lines, each with its line break.
    math(EXPR body_length "${close} + 1")
    string(SUBSTRING "${rest}" 0 ${body_length} body)
    string(SUBSTRING "${rest}" ${body_length} -1 rest)
  endif()
  math(EXPR blocks "${blocks} + 1")

  set(source "${EXAMPLES_DIR}/${tag}")
  if(NOT EXISTS "${source}")
    message(SEND_ERROR "${MARKDOWN}: block ${blocks} quotes ${tag}, which is not in ${EXAMPLES_DIR}")
    math(EXPR errors "${errors} + 1")
    continue()
  endif()
  string(APPEND quoted_files "|${tag}|")
  file(READ "${source}" code)
  string(FIND "${code}" "${body}" found)
  if(body STREQUAL "" OR found EQUAL -1)
    # Name the first quoted line that the file lacks, to make the fix obvious.
    set(first_missing "")
    set(lines "${body}")
    while(NOT lines STREQUAL "")
      string(FIND "${lines}" "\n" eol)
      string(SUBSTRING "${lines}" 0 ${eol} line)
      math(EXPR next "${eol} + 1")
      string(SUBSTRING "${lines}" ${next} -1 lines)
      string(FIND "${code}" "${line}" line_found)
      if(line_found EQUAL -1)
        set(first_missing "${line}")
        break()
      endif()
    endwhile()
    if(first_missing STREQUAL "")
      set(first_missing "(every line exists, but not in this order or not contiguously)")
    endif()
    message(SEND_ERROR "${MARKDOWN}: block ${blocks} (```cpp ${tag}) is not a verbatim excerpt of "
                       "${source}; first line not found: ${first_missing}")
    math(EXPR errors "${errors} + 1")
  endif()
endwhile()

file(GLOB sources RELATIVE "${EXAMPLES_DIR}" "${EXAMPLES_DIR}/*.cpp")
foreach(source IN LISTS sources)
  string(FIND "${quoted_files}" "|${source}|" seen)
  if(seen EQUAL -1)
    message(SEND_ERROR "${MARKDOWN} quotes nothing from ${EXAMPLES_DIR}/${source}")
    math(EXPR errors "${errors} + 1")
  endif()
endforeach()

if(errors GREATER 0)
  message(FATAL_ERROR "${errors} problem(s) between ${MARKDOWN} and the examples")
endif()
message(STATUS "${blocks} quoted blocks match their example files")
