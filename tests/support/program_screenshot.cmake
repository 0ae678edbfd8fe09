# The real program window under Xvfb: seeds a demo database, then for each SCREEN runs
#   infusiondoc --db DB --user USER --password-file PW --screenshot OUT/SCREEN.png --screen SCREEN
# and checks each PNG with CHECKER --check (the window size, not one flat colour).
# USER / PASSWORD sign in for SCREENS; SECOND_USER / SECOND_PASSWORD for SECOND_SCREENS (optional), on
# the same database: each screen is taken as the demo user who works with it (docs/users.md).
# WIDTH / HEIGHT (default 1280 800): the Xvfb screen and the window (INFUSIONDOC_WINDOW_SIZE).
if(NOT DEFINED WIDTH)
  set(WIDTH 1280)
  set(HEIGHT 800)
endif()
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
set(db "${OUT}/demo.db")
execute_process(COMMAND ${PROGRAM} --config ${CONFIG} --db ${db} --user demo.seed demo-data --visits 400 --days 7
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "demo-data exited ${status}\n${out}${err}")
endif()

# One person's screens. The password is in a file only its owner can read (docs/users.md).
function(shoot user password screens)
  set(password_file "${OUT}/${user}.pw")
  file(WRITE "${password_file}" "${password}\n")
  file(CHMOD "${password_file}" PERMISSIONS OWNER_READ OWNER_WRITE)
  string(REPLACE "|" ";" screens "${screens}")
  foreach(screen IN LISTS screens)
    set(png "${OUT}/${screen}.png")
    execute_process(COMMAND ${CMAKE_COMMAND} -E env INFUSIONDOC_WINDOW_SIZE=${WIDTH}x${HEIGHT}
                            ${XVFB_RUN} -a -s "-screen 0 ${WIDTH}x${HEIGHT}x24" ${PROGRAM} --config ${CONFIG} --db ${db}
                            --user ${user} --password-file ${password_file} --screenshot ${png} --screen ${screen}
                    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT status EQUAL 0 OR NOT EXISTS "${png}")
      message(FATAL_ERROR "screen ${screen} as ${user}: exit ${status}, no ${png}\n${out}${err}")
    endif()
    execute_process(COMMAND ${CHECKER} --check ${png} ${WIDTH} ${HEIGHT} RESULT_VARIABLE status OUTPUT_VARIABLE out
                    ERROR_VARIABLE err)
    if(NOT status EQUAL 0)
      message(FATAL_ERROR "screen ${screen} as ${user}: the screenshot fails its check\n${out}${err}")
    endif()
    message(STATUS "${screen} (${user}): ${png}")
  endforeach()
endfunction()

if(NOT DEFINED USER)
  set(USER rn.okafor)
  set(PASSWORD nurse-demo-1)
endif()
shoot(${USER} ${PASSWORD} "${SCREENS}")
if(DEFINED SECOND_USER)
  shoot(${SECOND_USER} ${SECOND_PASSWORD} "${SECOND_SCREENS}")
endif()

# The first start on a database that does not exist yet (an installed program's menu entry): the window
# makes it and opens (it asks for the first administrator), while the commands that read refuse such a path.
set(first_db "${OUT}/first-start.db")
set(first_png "${OUT}/first-start.png")
execute_process(COMMAND ${CMAKE_COMMAND} -E env INFUSIONDOC_WINDOW_SIZE=${WIDTH}x${HEIGHT}
                        ${XVFB_RUN} -a -s "-screen 0 ${WIDTH}x${HEIGHT}x24" ${PROGRAM} --config ${CONFIG}
                        --db ${first_db} --screenshot ${first_png}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0 OR NOT EXISTS "${first_png}" OR NOT EXISTS "${first_db}")
  message(FATAL_ERROR "the window on a new database: exit ${status}, no ${first_png} or ${first_db}\n${out}${err}")
endif()
message(STATUS "first start: ${first_png}")

# A start that cannot open its clinic (here an emptied clinic.toml, as a failed copy leaves it): the window
# still opens and says why, with the file and field, and the exit status is 2 for a script. Started from the
# desktop's menu, the program otherwise did not appear at all (found from outside).
set(broken_config "${OUT}/broken-config")
file(MAKE_DIRECTORY "${broken_config}")
file(GLOB config_files "${CONFIG}/*.toml")
file(COPY ${config_files} DESTINATION "${broken_config}")
file(WRITE "${broken_config}/clinic.toml" "")
set(broken_png "${OUT}/cannot-start.png")
execute_process(COMMAND ${CMAKE_COMMAND} -E env INFUSIONDOC_WINDOW_SIZE=${WIDTH}x${HEIGHT}
                        ${XVFB_RUN} -a -s "-screen 0 ${WIDTH}x${HEIGHT}x24" ${PROGRAM} --config ${broken_config}
                        --db ${OUT}/never-made.db --screenshot ${broken_png}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 2 OR NOT EXISTS "${broken_png}" OR EXISTS "${OUT}/never-made.db")
  message(FATAL_ERROR "the window on a broken configuration: exit ${status} (2 expected), a PNG at ${broken_png} "
                      "expected and no database made\n${out}${err}")
endif()
if(NOT err MATCHES "clinic.toml" OR NOT err MATCHES "missing")
  message(FATAL_ERROR "the broken configuration's reason is not on stderr:\n${err}")
endif()
execute_process(COMMAND ${CHECKER} --check ${broken_png} ${WIDTH} ${HEIGHT} RESULT_VARIABLE status OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the window on a broken configuration: the screenshot fails its check\n${out}${err}")
endif()
message(STATUS "cannot start: ${broken_png}")
