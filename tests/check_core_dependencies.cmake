# Fails when a core header (anything outside include/expect100/beast/) includes, directly or
# not, a file from Boost, Asio or OpenSSL, or reads a clock. Run by ctest; see tests/CMakeLists.txt.
set(checked 0)
foreach(header IN LISTS HEADERS)
  execute_process(
      COMMAND ${COMPILER} -std=c++17 -I${INCLUDE_DIR} -M -x c++ ${INCLUDE_DIR}/${header}
      OUTPUT_VARIABLE deps ERROR_VARIABLE errors RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${header} does not preprocess on its own:\n${errors}")
  endif()
  if(deps MATCHES "/(boost|asio|openssl)/")
    message(FATAL_ERROR "${header} reaches beyond the standard library: ${CMAKE_MATCH_0}")
  endif()
  # Time is an argument (time.hpp): no core header may read a clock.
  file(READ ${INCLUDE_DIR}/${header} text)
  if(text MATCHES "(::|\\.|->)now[ ]*\\(")
    message(FATAL_ERROR "${header} reads a clock (now()): time must come in as an argument")
  endif()
  math(EXPR checked "${checked}+1")
endforeach()
if(NOT checked GREATER 3)
  message(FATAL_ERROR "only ${checked} core headers were checked")
endif()
message(STATUS "${checked} core headers need only the standard library")
