// Catch2 2.13's main. Everything else is in the test files.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
