# assets/: the application icon rendered from its SVG, the launcher and the AppStream metadata, and where
# they are installed (the freedesktop.org places under <prefix>/share). Included from the top CMakeLists.
#
# The PNG icons are rendered at build time from assets/icons/infusiondoc.svg with rsvg-convert
# (librsvg2-bin), so they cannot fall behind the drawing. The window icon (src/platform) compiles the
# same PNGs into the program: INFUSIONDOC_WINDOW_ICON_PNGS lists them for that target.
find_program(RSVG_CONVERT rsvg-convert)
if(NOT RSVG_CONVERT)
  message(FATAL_ERROR "rsvg-convert not found: it renders the icons from assets/icons/infusiondoc.svg. "
                      "Install it with scripts/install-deps (Debian package librsvg2-bin).")
endif()

set(INFUSIONDOC_ICON_SVG ${PROJECT_SOURCE_DIR}/assets/icons/infusiondoc.svg)
# The sizes the hicolor theme and desktops look for (menus 16-48, docks and switchers 64-256, 512 for
# software centres).
set(INFUSIONDOC_ICON_SIZES 16 22 24 32 48 64 128 256 512)
set(INFUSIONDOC_ICON_DIR ${PROJECT_BINARY_DIR}/assets/icons/hicolor)
set(icon_pngs "")
foreach(size IN LISTS INFUSIONDOC_ICON_SIZES)
  set(png ${INFUSIONDOC_ICON_DIR}/${size}x${size}/apps/infusiondoc.png)
  add_custom_command(OUTPUT ${png}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${INFUSIONDOC_ICON_DIR}/${size}x${size}/apps
    COMMAND ${RSVG_CONVERT} --width ${size} --height ${size} --format png --output ${png} ${INFUSIONDOC_ICON_SVG}
    DEPENDS ${INFUSIONDOC_ICON_SVG}
    COMMENT "Rendering the ${size}x${size} icon" VERBATIM)
  list(APPEND icon_pngs ${png})
  install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
endforeach()
add_custom_target(infusiondoc_icons ALL DEPENDS ${icon_pngs})
# The window icon: a few sizes the window manager scales from (X11 _NET_WM_ICON holds them all).
set(INFUSIONDOC_WINDOW_ICON_PNGS "")
foreach(size 16 32 48 64 128)
  list(APPEND INFUSIONDOC_WINDOW_ICON_PNGS ${INFUSIONDOC_ICON_DIR}/${size}x${size}/apps/infusiondoc.png)
endforeach()

install(FILES ${INFUSIONDOC_ICON_SVG} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${PROJECT_SOURCE_DIR}/assets/infusiondoc.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/assets/org.example.infusiondoc.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
