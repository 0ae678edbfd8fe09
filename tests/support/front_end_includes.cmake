# The front ends reach the clinic through app/ only (docs/architecture: ui/ and cli/ include nothing
# from storage/ or settings/, so every permission check, audit row and "today" stays in app/).
# Fails, naming file and line, when a file under src/ui, src/cli or src/main.cpp includes one.
# -DSOURCE_DIR=<repository>
file(GLOB_RECURSE files "${SOURCE_DIR}/src/ui/*.cpp" "${SOURCE_DIR}/src/ui/*.hpp" "${SOURCE_DIR}/src/cli/*.cpp"
     "${SOURCE_DIR}/src/cli/*.hpp" "${SOURCE_DIR}/src/main.cpp")
set(found "")
foreach(file IN LISTS files)
  file(STRINGS "${file}" lines)
  set(number 0)
  foreach(line IN LISTS lines)
    math(EXPR number "${number} + 1")
    if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*[<\"](storage|settings)/")
      string(APPEND found "\n  ${file}:${number}: ${line}")
    endif()
  endforeach()
endforeach()
list(LENGTH files count)
if(count EQUAL 0)
  message(FATAL_ERROR "no front-end sources found under ${SOURCE_DIR}/src: wrong SOURCE_DIR?")
endif()
if(found)
  message(FATAL_ERROR "ui/ and cli/ must reach storage/ and settings/ through app/ only:${found}")
endif()
message(STATUS "${count} front-end files include nothing from storage/ or settings/")
