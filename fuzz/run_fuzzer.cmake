# Runs one libFuzzer binary for SECONDS on a scratch copy of its committed corpus (the source
# tree is never written), with its options file and the dictionary. A finding fails the test;
# the crashing input is left in SCRATCH for `fuzz/README.md`'s "add a regression" step.
file(REMOVE_RECURSE ${SCRATCH})
file(MAKE_DIRECTORY ${SCRATCH}/corpus ${SCRATCH}/artifacts)
file(GLOB seeds ${CORPUS}/*)
file(COPY ${seeds} DESTINATION ${SCRATCH}/corpus)
file(STRINGS ${OPTIONS} option_lines REGEX "^[a-z_]+ *= *[0-9]+$")
set(flags "")
foreach(line IN LISTS option_lines)
  string(REGEX REPLACE " *= *" "=" line "${line}")
  list(APPEND flags "-${line}")
endforeach()
execute_process(
    COMMAND ${FUZZER} ${flags} -dict=${DICT} -max_total_time=${SECONDS}
            -artifact_prefix=${SCRATCH}/artifacts/ -print_final_stats=1 ${SCRATCH}/corpus
    RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the fuzzer found a failure (exit ${rc}); see ${SCRATCH}/artifacts")
endif()
