# SPDX-License-Identifier: GPL-2.0-only
# Run at test time (cmake -P): runs PROGRAM with ARGS (|-separated) in an empty directory
# WORKDIR and passes when it succeeds and leaves neither a file named "none" nor a *.db
# there: --db=none must mean no run store, not a database named "none".
foreach(input PROGRAM WORKDIR)
  if(NOT DEFINED ${input})
    message(FATAL_ERROR "check-no-run-store.cmake: give -D ${input}=...")
  endif()
endforeach()
string(REPLACE "|" ";" ARGS "${ARGS}")
file(REMOVE_RECURSE "${WORKDIR}")
file(MAKE_DIRECTORY "${WORKDIR}")
execute_process(COMMAND ${PROGRAM} ${ARGS} WORKING_DIRECTORY "${WORKDIR}"
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE error
                TIMEOUT 300)
string(REPLACE ";" " " command "${ARGS}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} ${command} failed (${result}):\n${output}${error}")
endif()
file(GLOB written RELATIVE "${WORKDIR}" "${WORKDIR}/none" "${WORKDIR}/*.db")
if(written)
  message(FATAL_ERROR "${PROGRAM} ${command} wrote ${written} in ${WORKDIR}")
endif()
message(STATUS "${PROGRAM} ${command}: no run store written")
