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
if(cflags MATCHES "-std=")
  message(FATAL_ERROR "pkg-config imposes a standard: ${cflags}")
endif()
file(MAKE_DIRECTORY ${WORK_DIR})
# The consumer picks its standard: C++17 and C++20 both build with the same flags.
foreach(standard c++17 c++20)
  execute_process(COMMAND ${COMPILER} -std=${standard} ${cflags} ${SOURCE} -o ${WORK_DIR}/consumer
                  RESULT_VARIABLE rc ERROR_VARIABLE errors)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "compiling with pkg-config's flags and -std=${standard} failed:\n${errors}")
  endif()
  execute_process(COMMAND ${WORK_DIR}/consumer RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the pkg-config consumer (${standard}) exited ${rc}")
  endif()
endforeach()
