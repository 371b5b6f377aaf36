# The installed expect100.pc gives the version and the flags a plain compiler line needs.
set(ENV{PKG_CONFIG_PATH} ${PREFIX}/share/pkgconfig)
execute_process(COMMAND pkg-config --modversion expect100 OUTPUT_VARIABLE version
                RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0 OR NOT version STREQUAL VERSION)
  message(FATAL_ERROR "pkg-config says '${version}' (rc ${rc}), expected ${VERSION}")
endif()
execute_process(COMMAND pkg-config --cflags expect100 OUTPUT_VARIABLE cflags
                OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(cflags)
file(MAKE_DIRECTORY ${WORK_DIR})
execute_process(COMMAND ${COMPILER} ${cflags} ${SOURCE} -o ${WORK_DIR}/consumer
                RESULT_VARIABLE rc ERROR_VARIABLE errors)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "compiling with pkg-config's flags failed:\n${errors}")
endif()
execute_process(COMMAND ${WORK_DIR}/consumer RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the pkg-config consumer exited ${rc}")
endif()
