# Checks that README.md quotes docs/examples/readme.cpp verbatim, so the README's example is
# the program CTest builds and runs.
#   cmake -DREADME=README.md -DEXAMPLE=docs/examples/readme.cpp -P check_readme_example.cmake
file(READ "${README}" readme)
file(READ "${EXAMPLE}" example)
string(FIND "${readme}" "```cpp\n${example}```" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${README} does not quote ${EXAMPLE} verbatim in a ```cpp block")
endif()
message(STATUS "README.md quotes ${EXAMPLE} verbatim")
