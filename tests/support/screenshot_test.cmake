# Runs PROGRAM PNG under XVFB_RUN (a virtual X display, Mesa's software OpenGL), then
# PROGRAM --check PNG WIDTH HEIGHT: the window must open, draw and save a PNG that is not one flat colour.
file(REMOVE "${PNG}" "${PNG}.tmp")
execute_process(COMMAND ${XVFB_RUN} -a -s "-screen 0 ${WIDTH}x${HEIGHT}x24" ${PROGRAM} ${PNG}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the window program exited ${status}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT EXISTS "${PNG}")
  message(FATAL_ERROR "exit 0 but no ${PNG}\nstderr:\n${err}")
endif()
if(EXISTS "${PNG}.tmp")
  message(FATAL_ERROR "${PNG}.tmp was left behind")
endif()
execute_process(COMMAND ${PROGRAM} --check ${PNG} ${WIDTH} ${HEIGHT}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the screenshot fails its check:\n${out}${err}")
endif()
message(STATUS "${out}${err}")
