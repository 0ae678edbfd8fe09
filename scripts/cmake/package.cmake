# What `cmake --install` puts where, and the Debian package CPack makes of it (scripts/package; why CPack
# and not debian/ is in docs/packaging.md). Included from the top CMakeLists after src/.
#
#   <prefix>/bin/infusiondoc                           the program (src/CMakeLists.txt)
#   <prefix>/share/infusiondoc/config/*.toml            the default configuration
#   <sysconfdir>/infusiondoc/*.toml                     the clinic's editable copy (/etc: conffiles)
#   <prefix>/share/icons, applications, metainfo        icon, launcher, AppStream (scripts/cmake/assets.cmake)
#   <prefix>/share/man/man1/infusiondoc.1.gz            manual page, from the program's --help (help2man)
#   <prefix>/share/doc/infusiondoc/                     README, docs/*.md, examples, copyright, changelog
set(INFUSIONDOC_MAINTAINER "InfusionDoc maintainers <maintainers@users.noreply.r-seed-8cbb8190.example>")
set(doc_dir ${CMAKE_INSTALL_DATADIR}/doc/infusiondoc)
set(package_build_dir ${PROJECT_BINARY_DIR}/packaging)

# ---- configuration: defaults in share/, the clinic's copy in /etc ----------------------------------
file(GLOB config_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/config/*.toml)
install(FILES ${config_files} DESTINATION ${CMAKE_INSTALL_DATADIR}/infusiondoc/config)
# Absolute: for the /usr prefix GNUInstallDirs' sysconfdir is /etc, not /usr/etc.
set(sysconf_dir ${CMAKE_INSTALL_FULL_SYSCONFDIR}/infusiondoc)
install(FILES ${config_files} DESTINATION ${sysconf_dir})

# ---- documentation ---------------------------------------------------------------------------------
file(GLOB doc_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${doc_files} DESTINATION ${doc_dir})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/examples/ DESTINATION ${doc_dir}/examples)
install(FILES ${PROJECT_SOURCE_DIR}/assets/packaging/copyright DESTINATION ${doc_dir})

# The Debian changelog must name the version being packaged (dpkg and lintian read it; an upgrade
# shows it): refuse to configure when a version bump forgot its entry.
file(STRINGS ${PROJECT_SOURCE_DIR}/assets/packaging/changelog changelog_head LIMIT_COUNT 1)
if(NOT changelog_head MATCHES "^infusiondoc \\(${PROJECT_VERSION}\\) ")
  message(FATAL_ERROR "packaging/changelog: the newest entry is '${changelog_head}', but project(VERSION) "
                      "is ${PROJECT_VERSION}. Add an entry for ${PROJECT_VERSION} at the top.")
endif()
# Native package (the version has no Debian revision): Debian wants the changelog as changelog.gz,
# compressed with -n (no time stamp) so the same sources give the same package.
add_custom_command(OUTPUT ${package_build_dir}/changelog.gz
  COMMAND ${CMAKE_COMMAND} -E make_directory ${package_build_dir}
  COMMAND sh -c "gzip -9n < \"$1\" > \"$2\"" sh ${PROJECT_SOURCE_DIR}/assets/packaging/changelog ${package_build_dir}/changelog.gz
  DEPENDS ${PROJECT_SOURCE_DIR}/assets/packaging/changelog VERBATIM)
add_custom_target(infusiondoc_changelog ALL DEPENDS ${package_build_dir}/changelog.gz)
install(FILES ${package_build_dir}/changelog.gz DESTINATION ${doc_dir})

# ---- manual page -----------------------------------------------------------------------------------
find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(man_page ${PROJECT_BINARY_DIR}/man/infusiondoc.1)
  add_custom_command(OUTPUT ${man_page} ${man_page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:infusiondoc> -DHELP2MAN=${HELP2MAN}
            -DEXTRA=${PROJECT_SOURCE_DIR}/assets/packaging/infusiondoc.h2m -DVERSION=${PROJECT_VERSION}
            -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DOUT=${man_page} -P ${PROJECT_SOURCE_DIR}/scripts/cmake/man_page.cmake
    DEPENDS infusiondoc ${PROJECT_SOURCE_DIR}/scripts/cmake/man_page.cmake ${PROJECT_SOURCE_DIR}/assets/packaging/infusiondoc.h2m
    COMMENT "Writing the manual page infusiondoc.1 from --help (help2man)" VERBATIM)
  add_custom_target(infusiondoc_man ALL DEPENDS ${man_page}.gz)
  install(FILES ${man_page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no manual page is built or installed (scripts/install-deps installs it)")
endif()

# ---- the Debian package (cpack -G DEB in a build configured by scripts/package) ---------------------
# conffiles: dpkg keeps the clinic's edits of /etc/infusiondoc on upgrade and asks before replacing them.
set(conffiles "")
foreach(file IN LISTS config_files)
  get_filename_component(name ${file} NAME)
  string(APPEND conffiles "${sysconf_dir}/${name}\n")
endforeach()
file(WRITE ${package_build_dir}/control/conffiles "${conffiles}")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME infusiondoc)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})  # native: no Debian revision, the project's version as is
set(CPACK_PACKAGE_CONTACT ${INFUSIONDOC_MAINTAINER})
set(CPACK_PACKAGE_VENDOR "InfusionDoc maintainers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "point-of-care documentation and billing of subcutaneous infusions")
# CPack puts the summary above this as the Description's first line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "InfusionDoc documents subcutaneous (SC) infusions at the chair: substance and
dose, each pump set-up, each needle on a body map with its checks, start and
stop times, reactions, and the nurse's signature. It derives the billing lines
(CPT 96369 to 96372 and the drug's J-code with its NDC), each with its reason,
and exports the lines of signed visits to the billing system exactly once, as
CSV or HL7 v2. Supervisors review and countersign; an audit log records who
changed what.
.
The package holds the program window (launcher and icon) and the infusiondoc
command line, with the clinic's configuration in /etc/infusiondoc.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # infusiondoc_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Libraries: computed by dpkg-shlibdeps from what the binary links. Hand-listed only what no linker sees:
# the fonts the window loads from /usr/share/fonts and the time zone data date-tz reads at run time.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core, fonts-wqy-microhei, tzdata")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${package_build_dir}/control/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_STRIP_FILES ON)
# The /etc files have an absolute destination; installing with DESTDIR keeps them in the package.
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)
include(CPack)
