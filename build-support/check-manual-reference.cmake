# SPDX-License-Identifier: GPL-2.0-only
# The manual's generated reference (REFERENCE) must be what GENERATOR prints now.
execute_process(COMMAND ${GENERATOR} OUTPUT_FILE ${OUTPUT} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${GENERATOR} failed (${result})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${REFERENCE} ${OUTPUT}
                RESULT_VARIABLE differs)
if(differs)
  message(FATAL_ERROR "${REFERENCE} does not list the TypeIds' attributes and trace sources "
                      "as they are now (see ${OUTPUT}); update it: ${GENERATOR} > ${REFERENCE}")
endif()
