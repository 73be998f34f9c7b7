# SPDX-License-Identifier: GPL-2.0-only
# Runs an example with bad input (cmake -P) and passes when it refuses it the way the examples
# promise: exit status 1 (not 0, not a signal such as SIGABRT from NS_FATAL_ERROR, not a
# timeout) and a message on standard error that matches MESSAGE (it names the option).
#   cmake -D PROGRAM=<example> -D ARGUMENTS=<;-list> -D MESSAGE=<regex> -P check-bad-input.cmake
execute_process(COMMAND ${PROGRAM} ${ARGUMENTS}
                RESULT_VARIABLE status
                OUTPUT_VARIABLE out
                ERROR_VARIABLE err
                TIMEOUT 120)
string(REPLACE ";" " " command "${ARGUMENTS}")
string(LENGTH "${out}" length)
if(length GREATER 2000)
  math(EXPR start "${length} - 2000")
  string(SUBSTRING "${out}" ${start} 2000 out)
endif()
if(NOT status STREQUAL "1")
  message(FATAL_ERROR "${PROGRAM} ${command}: expected exit status 1, got '${status}'\n"
                      "stderr:\n${err}\nstdout (end):\n${out}")
endif()
if(NOT err MATCHES "${MESSAGE}")
  message(FATAL_ERROR "${PROGRAM} ${command}: exit status 1, but standard error does not match "
                      "'${MESSAGE}':\n${err}")
endif()
message("${command}: exit status 1, ${err}")
