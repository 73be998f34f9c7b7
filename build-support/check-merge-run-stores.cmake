# SPDX-License-Identifier: GPL-2.0-only
# Run at test time (cmake -P): a sweep split in two parts, --RngRun=1 and --RngRun=2, each
# writing its own run store, then merged by sagin-merge-run-stores. The merged store must hold
# both runs (RngRun 1 and 2, finished) and exactly the rows of both parts, each part's rows
# under its own run.
# Inputs: PROGRAM, ARGS (|-separated options besides --RngRun and --db), MERGE (the merge
# program), SQLITE3 (the sqlite3 shell), TABLE (the result table), COLUMNS (the columns to
# compare, no run_id or wall time), PREFIX (file name prefix, in the working directory).
include(${CMAKE_CURRENT_LIST_DIR}/write-run-store.cmake)
sagin_read_inputs(check-merge-run-stores.cmake PROGRAM MERGE SQLITE3 TABLE COLUMNS PREFIX)
set(all ${PREFIX}-all.db)
file(REMOVE ${all} ${all}-wal ${all}-shm)
set(expected "")
foreach(rng_run 1 2)
  set(db ${PREFIX}-part-${rng_run}.db)
  sagin_write_run_store(${db} ${rng_run})
  execute_process(COMMAND ${SQLITE3} ${db} "SELECT ${rng_run}, ${COLUMNS} FROM ${TABLE} ORDER BY rowid"
                  OUTPUT_VARIABLE rows)
  string(APPEND expected "${rows}")
endforeach()
execute_process(COMMAND ${MERGE} ${all} ${PREFIX}-part-1.db ${PREFIX}-part-2.db
                RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${MERGE} failed (${result}):\n${output}")
endif()
execute_process(COMMAND ${SQLITE3} ${all}
                "SELECT group_concat(run_id || ':' || rng_run || ':' || status, ' ') FROM runs"
                OUTPUT_VARIABLE runs OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT runs STREQUAL "1:1:finished 2:2:finished")
  message(FATAL_ERROR "${all}: runs \"${runs}\", expected \"1:1:finished 2:2:finished\"")
endif()
execute_process(COMMAND ${SQLITE3} ${all}
                "SELECT r.rng_run, ${COLUMNS} FROM ${TABLE} JOIN runs r USING (run_id) ORDER BY ${TABLE}.rowid"
                OUTPUT_VARIABLE merged)
if(expected STREQUAL "" OR NOT merged STREQUAL expected)
  message(FATAL_ERROR "${all}: the merged rows differ from the parts'\nparts:\n${expected}\nmerged:\n${merged}")
endif()
message(STATUS "merged:\n${output}${merged}")
