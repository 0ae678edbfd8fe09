# Included from tests/CMakeLists.txt: the export files checked by parsers we did not write.
# export_sample writes a CSV and an HL7 batch; check_exports.py reads them with Python's csv module and
# Debian's python3-hl7. An interpreter on PATH (pyenv, a venv) may lack the hl7 module that apt installs
# for /usr/bin/python3, so each candidate is probed and the first that imports hl7 is used.
add_executable(export_sample ${CMAKE_CURRENT_SOURCE_DIR}/export/export_sample.cpp)
target_link_libraries(export_sample PRIVATE infusiondoc::export)
infusiondoc_warnings(export_sample)

find_program(INFUSIONDOC_PYTHON3 python3)
set(export_python "")
foreach(candidate IN ITEMS "${INFUSIONDOC_PYTHON3}" /usr/bin/python3)
  if(NOT export_python AND candidate AND EXISTS "${candidate}")
    execute_process(COMMAND "${candidate}" -c "import hl7" RESULT_VARIABLE hl7_probe OUTPUT_QUIET ERROR_QUIET)
    if(hl7_probe EQUAL 0)
      set(export_python "${candidate}")
    endif()
  endif()
endforeach()

if(export_python)
  set(export_dir ${CMAKE_CURRENT_BINARY_DIR}/export_files)
  add_test(NAME export.sample_files COMMAND export_sample ${export_dir})
  set_tests_properties(export.sample_files PROPERTIES FIXTURES_SETUP export_files)
  add_test(NAME export.python_csv_and_hl7
           COMMAND ${export_python} ${CMAKE_CURRENT_SOURCE_DIR}/export/check_exports.py ${export_dir})
  set_tests_properties(export.python_csv_and_hl7 PROPERTIES FIXTURES_REQUIRED export_files)
else()
  message(STATUS "python3 with the hl7 module not found: the export files are not checked by Python "
                 "(apt-get install python3 python3-hl7)")
endif()
