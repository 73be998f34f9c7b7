# SPDX-License-Identifier: GPL-2.0-only
# Included by the test scripts (cmake -P) that compare run stores.

# Stop the test naming the first of the given -D inputs that is missing; turn ARGS (options
# separated by |) into a list.
macro(sagin_read_inputs script)
  foreach(input ${ARGN})
    if(NOT DEFINED ${input})
      message(FATAL_ERROR "${script}: give -D ${input}=...")
    endif()
  endforeach()
  string(REPLACE "|" ";" ARGS "${ARGS}")
endmacro()

# Run PROGRAM with ARGS (a list) plus --RngRun=<rng_run> --db=<db>, the old file removed
# first; stop the test with the program's output if it fails.
function(sagin_write_run_store db rng_run)
  file(REMOVE ${db} ${db}-wal ${db}-shm)
  execute_process(COMMAND ${PROGRAM} ${ARGS} --RngRun=${rng_run} --db=${db}
                  RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} ${ARGS} --RngRun=${rng_run} failed (${result}):\n${output}")
  endif()
endfunction()
