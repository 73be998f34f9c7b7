# SPDX-License-Identifier: GPL-2.0-only
# Run at test time (cmake -P): runs a program three times, with --RngRun=1, 1 and 2, each
# writing its own run store, and compares the rows a query reads from them: the two runs
# with the same --RngRun must give the same rows, the other run number different ones.
# Fails if the program ignores --RngRun (or is not reproducible).
# Inputs: PROGRAM, ARGS (|-separated options besides --RngRun and --db), SQLITE3 (the
# sqlite3 shell), QUERY (the rows to compare, without run ids or wall times), PREFIX
# (file name prefix of the run stores, in the working directory).
include(${CMAKE_CURRENT_LIST_DIR}/write-run-store.cmake)
sagin_read_inputs(check-same-rng-run.cmake PROGRAM SQLITE3 QUERY PREFIX)
foreach(case first-1 again-1 other-2)
  string(REGEX REPLACE ".*-" "" rng_run ${case})
  set(db ${PREFIX}-${case}.db)
  sagin_write_run_store(${db} ${rng_run})
  execute_process(COMMAND ${SQLITE3} ${db} ${QUERY}
                  RESULT_VARIABLE result OUTPUT_VARIABLE rows ERROR_VARIABLE error)
  if(NOT result EQUAL 0 OR rows STREQUAL "")
    message(FATAL_ERROR "${SQLITE3} ${db} \"${QUERY}\" gave no rows (${result}): ${error}")
  endif()
  execute_process(COMMAND ${SQLITE3} ${db} "SELECT rng_run || ' ' || status FROM runs"
                  OUTPUT_VARIABLE recorded OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT recorded STREQUAL "${rng_run} finished")
    message(FATAL_ERROR "${db}: the runs table records \"${recorded}\", not \"${rng_run} finished\"")
  endif()
  set(rows_${case} "${rows}")
endforeach()
if(NOT rows_first-1 STREQUAL rows_again-1)
  message(FATAL_ERROR "--RngRun=1 twice gave different results: not reproducible\n"
                      "first:\n${rows_first-1}\nagain:\n${rows_again-1}")
endif()
if(rows_first-1 STREQUAL rows_other-2)
  message(FATAL_ERROR "--RngRun=1 and --RngRun=2 gave the same results: --RngRun is ignored\n"
                      "${rows_first-1}")
endif()
message(STATUS "same --RngRun, same rows; another --RngRun, other rows:\n"
               "RngRun 1:\n${rows_first-1}RngRun 2:\n${rows_other-2}")
