# CMake helpers shared by constgrad's tests, examples and benchmarks.
#
# Included by the top-level CMakeLists.txt when tests, examples or benchmarks are enabled.
# Every helper creates a target named <name> (for the fail test: none), so a caller may add
# more with target_link_libraries(<name> PRIVATE ...) / target_compile_definitions(...).
# All helper-built targets use -std=c++20 (no GNU extensions: Clang must accept what GCC does)
# and -Wall -Wextra -Wpedantic -Werror (target constgrad_warnings).
#
# CTest labels in use: static (compile-time checks), runtime, fail (must not compile),
# package (consumer projects), example (docs/examples), benchmark, slow (exhaustive run-time
# checks taking minutes, e.g. every float through each kernels/math function: run by the
# plain workflows, left out of the sanitizer phase of .ci/run, which runs `runtime` only;
# `ctest -LE slow` skips them), libtorch (differential tests against LibTorch's autograd, GCC
# only, where LibTorch is installed; not `runtime`, so not sanitized). `ctest -L <label>`.
#
# constgrad_add_test(<name> LABEL <label> SOURCES <file>... [CONSTEXPR_LIMITS])
#   A Boost.Test executable <name> (exactly one of its sources defines BOOST_TEST_MODULE),
#   linked with constgrad::constgrad, Boost::unit_test_framework (shared library,
#   BOOST_TEST_DYN_LINK is defined here) and constgrad_warnings; tests/ is on the include
#   path, so shared test-support headers are included as <support/...>.
#   Every test case becomes its own CTest test `<name>.<suite>/<case>` (the Boost.Test path,
#   e.g. `scalar_static.derivative/product_rule`) labelled <label>, run with
#   `<exe> --run_test=<suite>/<case>`. The cases are discovered at build time, like
#   gtest_discover_tests: a POST_BUILD step runs `<exe> --list_content` and writes a CTest
#   include file. Disabled cases (boost::unit_test::disabled()) are registered as DISABLED.
#   Until <name> is built, CTest shows a single failing test `<name>_NOT_BUILT`.
#   CONSTEXPR_LIMITS lifts the compilers' constant-evaluation budgets for targets that train
#   or evaluate heavily inside static_assert: GCC -fconstexpr-ops-limit=2147483647
#   -fconstexpr-loop-limit=2147483647; Clang -fconstexpr-steps=2147483647 -fbracket-depth=1024.
#
# constgrad_add_fail_test(<source-file>)
#   A must-not-compile test `fail.<path>` (path relative to tests/, '/' -> '.', no extension,
#   e.g. `fail.diagnostics.unbound_variable`), label `fail`. The source contains one line
#     // expect-error: <regex>
#   and guards its offending code with `#ifdef CONSTGRAD_MUST_NOT_COMPILE`. At test time the
#   file is checked with -fsyntax-only by the build's compiler with the flags of real targets
#   (-std=c++20, warnings, include/, tests/, Boost's include directory) twice: as is, which
#   must succeed, and with -DCONSTGRAD_MUST_NOT_COMPILE (and -Wno-error, so that a warning
#   cannot pose as the expected error), which must fail; the first output line containing
#   "error:" must match <regex> (CMake regex syntax, searched anywhere in the line). The
#   regex must match the message of BOTH GCC 12 and Clang 14: match the text of your
#   static_assert / concept, not the compiler's wording ("static assertion failed" is GCC's,
#   "static_assert failed" is Clang's). The compiler output is printed when the test fails.
#
# constgrad_add_header_test(<name> LABEL <label> UMBRELLA <header> [FLAGS <flag>...]
#                           [EXCLUDE <regex>] [PARTS <n>])
#   Compile-only CTest test(s) of an umbrella header (path below include/, e.g.
#   constgrad/realtime.hpp) by cmake/ConstgradHeaderTest.cmake: the umbrella must include every
#   public header of its folder (detail/ aside) that EXCLUDE (a regex of paths below the folder)
#   does not match and none that it matches; the umbrella and each header it includes must
#   compile alone (-fsyntax-only, the fail tests' compiler command line, plus FLAGS). PARTS > 1
#   splits the headers over the tests <name>.0 ... <name>.<n-1>, for CTest to run in parallel.
#
# constgrad_add_example(<name> SOURCES <file>... [ARGS <arg>...] [PASS_REGEX <regex>]
#                       [CONSTEXPR_LIMITS])
#   An executable <name> linked with constgrad::constgrad and constgrad_warnings, and a CTest
#   test <name> labelled `example` that runs it with ARGS. It passes when it exits with 0 and,
#   if PASS_REGEX is given, its output (stdout + stderr) matches <regex>.
#
# constgrad_add_benchmark(<name> SOURCES <file>... [ARGS <arg>...] [CONSTEXPR_LIMITS])
#   An executable <name> linked with constgrad::constgrad, benchmark::benchmark (Google
#   Benchmark; the source provides main, e.g. BENCHMARK_MAIN()) and constgrad_warnings, and a
#   smoke test <name> labelled `benchmark` that runs it with ARGS (default
#   --benchmark_min_time=0.01: CTest checks that it runs, it does not measure).
include_guard(GLOBAL)

set(_constgrad_testing_dir "${CMAKE_CURRENT_LIST_DIR}")
set(CONSTGRAD_TEST_LABELS static runtime fail package example benchmark slow libtorch)

# Options every helper-built target shares.
function(_constgrad_common_target_setup target constexpr_limits)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  target_link_libraries(${target} PRIVATE constgrad::constgrad constgrad_warnings)
  if(constexpr_limits)
    target_compile_options(${target} PRIVATE
      "$<$<CXX_COMPILER_ID:GNU>:-fconstexpr-ops-limit=2147483647;-fconstexpr-loop-limit=2147483647>"
      "$<$<CXX_COMPILER_ID:Clang,AppleClang>:-fconstexpr-steps=2147483647;-fbracket-depth=1024>")
  endif()
endfunction()

function(_constgrad_require_args function_name prefix)
  if(${prefix}_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${function_name}: unexpected arguments: ${${prefix}_UNPARSED_ARGUMENTS}")
  endif()
  foreach(keyword IN LISTS ARGN)
    if(NOT ${prefix}_${keyword})
      message(FATAL_ERROR "${function_name}: ${keyword} is required")
    endif()
  endforeach()
endfunction()

function(_constgrad_check_label function_name label)
  if(NOT label IN_LIST CONSTGRAD_TEST_LABELS)
    message(AUTHOR_WARNING "${function_name}: label '${label}' is not one of "
                           "${CONSTGRAD_TEST_LABELS}; add it to cmake/ConstgradTesting.cmake "
                           "and to README.md if it is meant to be new")
  endif()
endfunction()

function(constgrad_add_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "CONSTEXPR_LIMITS" "LABEL" "SOURCES")
  _constgrad_require_args(constgrad_add_test arg LABEL SOURCES)
  _constgrad_check_label(constgrad_add_test "${arg_LABEL}")
  if(NOT TARGET Boost::unit_test_framework)
    set(Boost_USE_STATIC_LIBS OFF)
    find_package(Boost 1.74 REQUIRED COMPONENTS unit_test_framework)
  endif()

  add_executable(${name} ${arg_SOURCES})
  _constgrad_common_target_setup(${name} "${arg_CONSTEXPR_LIMITS}")
  target_link_libraries(${name} PRIVATE Boost::unit_test_framework)
  target_compile_definitions(${name} PRIVATE BOOST_TEST_DYN_LINK)
  target_include_directories(${name} PRIVATE "${constgrad_SOURCE_DIR}/tests")

  # Discovery at build time: the list of cases lives in the compiled binary, and reading it at
  # configure time would need the binary before it exists.
  set(tests_file "${CMAKE_CURRENT_BINARY_DIR}/${name}_tests.cmake")
  set(include_file "${CMAKE_CURRENT_BINARY_DIR}/${name}_include.cmake")
  add_custom_command(TARGET ${name} POST_BUILD
    COMMAND "${CMAKE_COMMAND}"
            "-DTEST_TARGET=${name}"
            "-DTEST_EXECUTABLE=$<TARGET_FILE:${name}>"
            "-DTEST_LABEL=${arg_LABEL}"
            "-DTEST_WORKING_DIRECTORY=${CMAKE_CURRENT_BINARY_DIR}"
            "-DOUTPUT_FILE=${tests_file}"
            -P "${_constgrad_testing_dir}/ConstgradDiscoverTests.cmake"
    BYPRODUCTS "${tests_file}"
    COMMENT "Listing the Boost.Test cases of ${name}"
    VERBATIM)
  file(WRITE "${include_file}"
    "if(EXISTS [==[${tests_file}]==])\n"
    "  include([==[${tests_file}]==])\n"
    "else()\n"
    "  add_test([==[${name}_NOT_BUILT]==] [==[${name}_NOT_BUILT]==])\n"
    "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${include_file}")
endfunction()

# The compiler command line of a fail test, shared by all of them: written once per configure.
function(_constgrad_write_fail_test_config file)
  set(flags ${CMAKE_CXX20_STANDARD_COMPILE_OPTION} -Wall -Wextra -Wpedantic -Werror
            -fdiagnostics-color=never)
  if(CMAKE_BUILD_TYPE)
    string(TOUPPER "${CMAKE_BUILD_TYPE}" config)
    separate_arguments(config_flags UNIX_COMMAND
                       "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${config}}")
  else()
    separate_arguments(config_flags UNIX_COMMAND "${CMAKE_CXX_FLAGS}")
  endif()
  list(APPEND flags ${config_flags}
       "-I${constgrad_SOURCE_DIR}/include" "-I${constgrad_SOURCE_DIR}/tests")
  # Real targets see Boost as an imported target: -isystem, and nothing for the compiler's
  # own directories (passing /usr/include again would break libstdc++'s #include_next).
  get_target_property(boost_dirs Boost::headers INTERFACE_INCLUDE_DIRECTORIES)
  foreach(dir IN LISTS boost_dirs)
    if(dir AND NOT dir IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
      list(APPEND flags -isystem "${dir}")
    endif()
  endforeach()
  set(content "set(FAIL_TEST_COMPILER [==[${CMAKE_CXX_COMPILER}]==])\nset(FAIL_TEST_FLAGS")
  foreach(flag IN LISTS flags)
    string(APPEND content " [==[${flag}]==]")
  endforeach()
  string(APPEND content ")\n")
  file(WRITE "${file}" "${content}")
endfunction()

# Sets <out_var> to the file of the compiler command line (written once per configure).
function(_constgrad_fail_test_config_file out_var)
  set(config_file "${CMAKE_BINARY_DIR}/constgrad_fail_test_flags.cmake")
  get_property(written GLOBAL PROPERTY _constgrad_fail_test_config_written)
  if(NOT written)
    _constgrad_write_fail_test_config("${config_file}")
    set_property(GLOBAL PROPERTY _constgrad_fail_test_config_written TRUE)
  endif()
  set(${out_var} "${config_file}" PARENT_SCOPE)
endfunction()

function(constgrad_add_fail_test source)
  if(ARGN)
    message(FATAL_ERROR "constgrad_add_fail_test: one source file expected, got also ${ARGN}")
  endif()
  get_filename_component(source "${source}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${source}")
    message(FATAL_ERROR "constgrad_add_fail_test: ${source} does not exist")
  endif()
  file(STRINGS "${source}" expectations REGEX "// expect-error: ")
  list(LENGTH expectations count)
  if(NOT count EQUAL 1)
    message(FATAL_ERROR "constgrad_add_fail_test: ${source} needs exactly one "
                        "'// expect-error: <regex>' line, found ${count}")
  endif()

  file(RELATIVE_PATH relative "${constgrad_SOURCE_DIR}/tests" "${source}")
  string(REGEX REPLACE "\\.[^./]*$" "" relative "${relative}")
  string(REPLACE "/" "." relative "${relative}")
  set(test_name "fail.${relative}")

  _constgrad_fail_test_config_file(config_file)

  add_test(NAME "${test_name}"
           COMMAND "${CMAKE_COMMAND}" "-DCONFIG_FILE=${config_file}" "-DSOURCE=${source}"
                   -P "${_constgrad_testing_dir}/ConstgradFailTest.cmake")
  set_tests_properties("${test_name}" PROPERTIES LABELS fail)
endfunction()

function(constgrad_add_header_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "LABEL;UMBRELLA;EXCLUDE;PARTS" "FLAGS")
  _constgrad_require_args(constgrad_add_header_test arg LABEL UMBRELLA)
  _constgrad_check_label(constgrad_add_header_test "${arg_LABEL}")
  if(NOT arg_PARTS)
    set(arg_PARTS 1)
  endif()
  _constgrad_fail_test_config_file(config_file)
  set(extra "")
  if(DEFINED arg_EXCLUDE)
    list(APPEND extra "-DEXCLUDE=${arg_EXCLUDE}")
  endif()
  list(JOIN arg_FLAGS " " flags)  # one argument; the script splits it again
  math(EXPR last "${arg_PARTS} - 1")
  foreach(part RANGE ${last})
    set(test_name "${name}")
    if(arg_PARTS GREATER 1)
      set(test_name "${name}.${part}")
    endif()
    add_test(NAME "${test_name}"
             COMMAND "${CMAKE_COMMAND}" "-DCONFIG_FILE=${config_file}"
                     "-DINCLUDE_DIR=${constgrad_SOURCE_DIR}/include"
                     "-DUMBRELLA=${arg_UMBRELLA}" "-DFLAGS=${flags}" ${extra}
                     "-DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/${name}"
                     "-DPART=${part}" "-DPARTS=${arg_PARTS}"
                     -P "${_constgrad_testing_dir}/ConstgradHeaderTest.cmake")
    set_tests_properties("${test_name}" PROPERTIES LABELS ${arg_LABEL})
  endforeach()
endfunction()

# Registers `name` running `command...`; with a pass regex, through a script that checks both
# the exit code and the output (CTest's PASS_REGULAR_EXPRESSION alone ignores the exit code).
function(_constgrad_add_checked_test name label pass_regex)
  if(pass_regex STREQUAL "")
    add_test(NAME ${name} COMMAND ${ARGN})
  else()
    set(script "${CMAKE_CURRENT_BINARY_DIR}/${name}_run.cmake")
    set(content "set(RUN_COMMAND")
    foreach(arg IN LISTS ARGN)
      string(APPEND content " [==[${arg}]==]")
    endforeach()
    string(APPEND content ")\nset(RUN_PASS_REGEX [==[${pass_regex}]==])\n"
                          "include([==[${_constgrad_testing_dir}/ConstgradRunChecked.cmake]==])\n")
    # file(GENERATE) resolves $<TARGET_FILE:...> in the command.
    file(GENERATE OUTPUT "${script}" CONTENT "${content}")
    add_test(NAME ${name} COMMAND "${CMAKE_COMMAND}" -P "${script}")
  endif()
  set_tests_properties(${name} PROPERTIES LABELS ${label})
endfunction()

function(constgrad_add_example name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "CONSTEXPR_LIMITS" "PASS_REGEX" "SOURCES;ARGS")
  _constgrad_require_args(constgrad_add_example arg SOURCES)
  add_executable(${name} ${arg_SOURCES})
  _constgrad_common_target_setup(${name} "${arg_CONSTEXPR_LIMITS}")
  _constgrad_add_checked_test(${name} example "${arg_PASS_REGEX}"
                              "$<TARGET_FILE:${name}>" ${arg_ARGS})
endfunction()

function(constgrad_add_benchmark name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "CONSTEXPR_LIMITS" "" "SOURCES;ARGS")
  _constgrad_require_args(constgrad_add_benchmark arg SOURCES)
  if(NOT TARGET benchmark::benchmark)
    find_package(benchmark REQUIRED)
  endif()
  if(NOT arg_ARGS)
    set(arg_ARGS --benchmark_min_time=0.01)
  endif()
  add_executable(${name} ${arg_SOURCES})
  _constgrad_common_target_setup(${name} "${arg_CONSTEXPR_LIMITS}")
  target_link_libraries(${name} PRIVATE benchmark::benchmark)
  _constgrad_add_checked_test(${name} benchmark "" "$<TARGET_FILE:${name}>" ${arg_ARGS})
endfunction()
