# expect100_warnings: the warning set for the project's own programs and tests. An INTERFACE
# target linked privately, never installed or exported: users of the library get no flags.
add_library(expect100_warnings INTERFACE)
target_compile_options(expect100_warnings INTERFACE
    -Wall -Wextra -Wpedantic
    -Wconversion -Wsign-conversion  # narrowing that silently changes lengths and offsets
    -Wshadow                        # a local hiding a member is a classic state-machine bug
    -Wswitch-enum                   # every enumerator handled: a new state cannot be forgotten
    -Wold-style-cast -Wcast-align -Wnon-virtual-dtor -Woverloaded-virtual
    -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough -Wunused
    $<$<CXX_COMPILER_ID:GNU>:-Wduplicated-cond -Wduplicated-branches -Wlogical-op -Wuseless-cast>)
if(EXPECT100_WARNINGS_AS_ERRORS)
  target_compile_options(expect100_warnings INTERFACE -Werror)
endif()

# For the programs on Asio, linked after expect100_warnings: GCC's -Wnull-dereference reports
# paths inside Asio's reactor (boost/asio/detail/impl/epoll_reactor.ipp) that only exist after
# -O2 inlining, false positives the project cannot fix. Optimised builds of those programs
# turn that one warning off; Debug builds (CI, -Werror) keep it everywhere.
add_library(expect100_asio_program_warnings INTERFACE)
target_compile_options(expect100_asio_program_warnings INTERFACE
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<NOT:$<CONFIG:Debug>>>:-Wno-null-dereference>)
