# SPDX-License-Identifier: GPL-2.0-only
# Run at test time (cmake -P): runs a program twice, with the options ARGS and then FIRST or
# SECOND (both |-separated), and passes when the first run's output matches FIRST_OUTPUT, the
# second's SECOND_OUTPUT (regular expressions saying what the option changes; "." matches a
# line end) and the two outputs differ. Fails if the program ignores the option.
foreach(input PROGRAM FIRST SECOND FIRST_OUTPUT SECOND_OUTPUT)
  if(NOT DEFINED ${input})
    message(FATAL_ERROR "check-option-changes-run.cmake: give -D ${input}=...")
  endif()
endforeach()
string(REPLACE "|" ";" ARGS "${ARGS}")
foreach(run FIRST SECOND)
  string(REPLACE "|" ";" options "${${run}}")
  execute_process(COMMAND ${PROGRAM} ${ARGS} ${options}
                  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE error
                  TIMEOUT 300)
  string(REPLACE ";" " " command "${ARGS};${options}")
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} ${command} failed (${result}):\n${output}${error}")
  endif()
  if(NOT output MATCHES "${${run}_OUTPUT}")
    message(FATAL_ERROR "${PROGRAM} ${command}: the output does not match "
                        "'${${run}_OUTPUT}':\n${output}")
  endif()
  set(output_${run} "${output}")
endforeach()
if(output_FIRST STREQUAL output_SECOND)
  message(FATAL_ERROR "'${FIRST}' and '${SECOND}' gave the same output: the option is ignored")
endif()
message(STATUS "${FIRST}:\n${output_FIRST}\n${SECOND}:\n${output_SECOND}")
