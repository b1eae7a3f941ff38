# Runs RUN_COMMAND and fails unless it exits with 0 AND its output matches RUN_PASS_REGEX.
# Included by the per-test scripts that constgrad_add_example writes: CTest's own
# PASS_REGULAR_EXPRESSION ignores the exit code, so a crash after the expected output would pass.
execute_process(COMMAND ${RUN_COMMAND}
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
# Show the output either way: an example's output is what a reader of the test log wants.
message("${output}")
list(JOIN RUN_COMMAND " " command_line)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "FAIL: `${command_line}` exited with ${result}")
endif()
if(NOT output MATCHES "${RUN_PASS_REGEX}")
  message(FATAL_ERROR "FAIL: the output of `${command_line}` does not match '${RUN_PASS_REGEX}'")
endif()
