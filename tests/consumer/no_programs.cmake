# An install of the library alone puts nothing in bin/ (EXPECT100_INSTALL_PROGRAMS is off).
file(GLOB programs ${DIR}/*)
if(programs)
  message(FATAL_ERROR "a library install also installed: ${programs}")
endif()
