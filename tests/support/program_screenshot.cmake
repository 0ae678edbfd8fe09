# The real program window under Xvfb: seeds a demo database, then for each SCREEN runs
#   infusiondoc --db DB --screenshot OUT/SCREEN.png --screen SCREEN
# and checks each PNG with CHECKER --check (the window size, not one flat colour).
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
set(db "${OUT}/demo.db")
execute_process(COMMAND ${PROGRAM} --config ${CONFIG} --db ${db} --user demo.seed demo-data --visits 400 --days 7
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "demo-data exited ${status}\n${out}${err}")
endif()
# The demo nurse signs in with a password file only she can read (docs/users.md).
set(password "${OUT}/nurse.pw")
file(WRITE "${password}" "nurse-demo-1\n")
file(CHMOD "${password}" PERMISSIONS OWNER_READ OWNER_WRITE)
string(REPLACE "|" ";" SCREENS "${SCREENS}")
foreach(screen IN LISTS SCREENS)
  set(png "${OUT}/${screen}.png")
  execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 1280x800x24" ${PROGRAM} --config ${CONFIG} --db ${db}
                          --user rn.okafor --password-file ${password} --screenshot ${png} --screen ${screen}
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0 OR NOT EXISTS "${png}")
    message(FATAL_ERROR "screen ${screen}: exit ${status}, no ${png}\n${out}${err}")
  endif()
  execute_process(COMMAND ${CHECKER} --check ${png} 1280 800 RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "screen ${screen}: the screenshot fails its check\n${out}${err}")
  endif()
  message(STATUS "${screen}: ${png}")
endforeach()
