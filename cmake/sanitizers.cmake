# expect100_sanitizers: EXPECT100_SANITIZE (e.g. "address,undefined") for the project's own
# programs. Recovery is off so that a UBSan report fails the test that caused it.
add_library(expect100_sanitizers INTERFACE)
if(EXPECT100_SANITIZE)
  target_compile_options(expect100_sanitizers INTERFACE
      -fsanitize=${EXPECT100_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(expect100_sanitizers INTERFACE -fsanitize=${EXPECT100_SANITIZE})
endif()
