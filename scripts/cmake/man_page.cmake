# Writes the manual page infusiondoc(1) from the program's own --help, so it cannot drift from the program.
# help2man makes NAME, SYNOPSIS and the global OPTIONS from `infusiondoc --help`; this script adds a COMMANDS
# section with the --help of every subcommand, found by walking the "Subcommands:" lists of the help
# itself (a new command appears without touching this file), plus assets/packaging/infusiondoc.h2m (files,
# environment, exit status). The result is compressed with gzip -9n, as Debian wants manual pages.
# Usage: cmake -DPROGRAM=... -DHELP2MAN=... -DEXTRA=assets/packaging/infusiondoc.h2m -DVERSION=0.1.0
#              -DSOURCE_DIR=... -DOUT=.../infusiondoc.1 -P man_page.cmake
cmake_minimum_required(VERSION 3.25)

# The page's date: the last commit's, so the same sources give the same page (reproducible builds).
if(NOT DEFINED ENV{SOURCE_DATE_EPOCH})
  find_package(Git QUIET)
  if(GIT_FOUND)
    execute_process(COMMAND ${GIT_EXECUTABLE} log -1 --format=%ct WORKING_DIRECTORY ${SOURCE_DIR}
                    OUTPUT_VARIABLE epoch OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE status ERROR_QUIET)
    if(status EQUAL 0 AND epoch)
      set(ENV{SOURCE_DATE_EPOCH} ${epoch})
    endif()
  endif()
endif()

function(help_of words out_var)
  execute_process(COMMAND ${PROGRAM} ${words} --help OUTPUT_VARIABLE text RESULT_VARIABLE status ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    string(REPLACE ";" " " shown "${words}")
    message(FATAL_ERROR "infusiondoc ${shown} --help failed (exit ${status}): ${err}")
  endif()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# The names listed under "Subcommands:" in a help text.
function(subcommands_of text out_var)
  string(REPLACE ";" "\\;" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(names "")
  set(inside FALSE)
  foreach(line IN LISTS lines)
    if(line MATCHES "^Subcommands:")
      set(inside TRUE)
    elseif(inside AND line MATCHES "^  ([a-z][a-z0-9-]*)( |$)")
      list(APPEND names ${CMAKE_MATCH_1})
    elseif(inside AND NOT line MATCHES "^ ")
      set(inside FALSE)
    endif()
  endforeach()
  set(${out_var} "${names}" PARENT_SCOPE)
endfunction()

# roff: backslashes shown as such, a line starting with . or ' is text not a request, - is a minus.
function(roff text out_var)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "\n([.'])" "\n\\\\&\\1" text "\n${text}")
  string(SUBSTRING "${text}" 1 -1 text)
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

help_of("" top)
subcommands_of("${top}" queue)
set(commands "[COMMANDS]\nEach command's own \\fB\\-\\-help\\fR, as printed by the program. Global options (above) may be\ngiven before or after the command.\n")
set(count 0)
while(queue)
  list(POP_FRONT queue path)
  string(REPLACE "/" ";" words "${path}")
  help_of("${words}" text)
  string(REPLACE "/" " " title "${path}")
  roff("${text}" shown)
  string(APPEND commands ".SS \"infusiondoc ${title}\"\n.nf\n${shown}.fi\n")
  math(EXPR count "${count} + 1")
  subcommands_of("${text}" children)
  foreach(child IN LISTS children)
    list(APPEND queue "${path}/${child}")
  endforeach()
endwhile()
if(count EQUAL 0)
  message(FATAL_ERROR "infusiondoc --help lists no subcommands: the manual page would miss every command")
endif()
get_filename_component(out_dir ${OUT} DIRECTORY)
file(WRITE ${out_dir}/commands.h2m "${commands}")

execute_process(
  COMMAND ${HELP2MAN} --no-info --section=1 --version-string=${VERSION}
          "--name=document subcutaneous infusions and derive their billing lines"
          --include=${out_dir}/commands.h2m --include=${EXTRA} --output=${OUT} ${PROGRAM}
  RESULT_VARIABLE status ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "help2man failed (exit ${status}): ${err}")
endif()
file(REMOVE ${OUT}.gz)
execute_process(COMMAND gzip -9 -n -k ${OUT} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "gzip -9n ${OUT} failed")
endif()
message(STATUS "infusiondoc.1: ${count} commands")
