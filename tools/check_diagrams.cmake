# Fails when docs/diagrams/*.dot differ from what the tables generate now.
# Fix: cmake --build --preset gcc --target update-diagrams, and commit the result.
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${TOOL} ${OUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "expect100-diagrams failed (${rc})")
endif()
foreach(name client server intermediary)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/${name}.dot
                          ${COMMITTED}/${name}.dot RESULT_VARIABLE differ)
  if(NOT differ EQUAL 0)
    message(FATAL_ERROR "docs/diagrams/${name}.dot is out of date: build the update-diagrams "
                        "target and commit the result")
  endif()
endforeach()
