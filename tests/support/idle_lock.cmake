# The real window under Xvfb locks by itself: a clinic configuration with a 3-second idle lock, the demo
# nurse signed in, no input at all for 6 seconds, then the audit log must hold the "lock" row.
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
file(COPY "${CONFIG}/" DESTINATION "${OUT}/config")
file(READ "${OUT}/config/clinic.toml" clinic)
string(REGEX REPLACE "lock_after_minutes = [0-9.]+" "lock_after_minutes = 0.05" clinic "${clinic}")
file(WRITE "${OUT}/config/clinic.toml" "${clinic}")
foreach(who nurse supervisor)
  set(pw "${who}-demo-1")
  file(WRITE "${OUT}/${who}.pw" "${pw}\n")
  file(CHMOD "${OUT}/${who}.pw" PERMISSIONS OWNER_READ OWNER_WRITE)
endforeach()
set(common --config ${OUT}/config --db ${OUT}/clinic.db)
execute_process(COMMAND ${PROGRAM} ${common} demo-data --visits 100 --days 3 RESULT_VARIABLE status OUTPUT_QUIET)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "demo-data exited ${status}")
endif()
execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x800x24" ${PROGRAM} ${common} --user rn.okafor
                        --password-file ${OUT}/nurse.pw --screenshot ${OUT}/locked.png --screenshot-after 6
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0 OR NOT EXISTS "${OUT}/locked.png")
  message(FATAL_ERROR "the window exited ${status}\n${out}${err}")
endif()
string(TIMESTAMP today "%Y-%m-%d" UTC)
execute_process(COMMAND ${PROGRAM} ${common} --user sup.nakamura --password-file ${OUT}/supervisor.pw
                        audit report --from 2000-01-01 --to 2100-12-31 --action lock --format csv
                RESULT_VARIABLE status OUTPUT_VARIABLE report ERROR_VARIABLE err)
if(NOT status EQUAL 0 OR NOT report MATCHES "lock,[^\n]*idle for 3 s")
  message(FATAL_ERROR "no lock in the audit log (exit ${status}):\n${report}${err}")
endif()
message(STATUS "locked after 3 s without input; the audit log says so. Screenshot: ${OUT}/locked.png")
