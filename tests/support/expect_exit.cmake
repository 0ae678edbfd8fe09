# Runs PROGRAM with ARGS and fails unless it exits with EXPECT (ctest alone can only test for 0).
string(REPLACE "|" ";" ARGS "${ARGS}")  # ARGS arrive |-separated: a ; would split the -D
execute_process(COMMAND ${PROGRAM} ${ARGS} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL EXPECT)
  message(FATAL_ERROR "expected exit ${EXPECT}, got ${status}\nstdout:\n${out}\nstderr:\n${err}")
endif()
message(STATUS "exit ${status} as expected\n${out}${err}")
